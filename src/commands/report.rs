//! `backease report [--since 6w] [--out FILE] [--json]` (issue 28): the report for a
//! physiotherapist, one self-contained HTML page (the core's `report::html`), or its
//! content as JSON. Reads the library, the plan, history and desk mode's days through the
//! shells; the content and the page are the core's. Writes the page atomically; a file
//! already at the path is replaced only if it is an earlier backease report (or `--out`
//! names it).

use std::path::{Path, PathBuf};

use super::error::{Error, Result};
use super::inputs::library_noting;
use super::output::{Output, json};
use crate::cli::Cli;
use crate::report::{self, Inputs};
use crate::store;
use crate::text::escape;

/// What marks a page as one of ours (in its `<head>`).
const MARK: &str = "<meta name=\"generator\" content=\"backease\">";

pub fn run(cli: &Cli, since: &str, out: Option<&Path>, as_json: bool) -> Result<Output> {
    let fail = |message: String| Error::Plan { message };
    let (library, notices) = library_noting(cli)?;
    let today = store::history::now().local_date();
    let since = report::parse_since(since, today).map_err(|e| fail(format!("--since: {e}")))?;
    let plan = store::plan::load(&library);
    let mut warnings: Vec<String> = notices;
    let plan = match plan {
        Ok(plan) => plan,
        Err(problems) => {
            warnings.push(format!("{problems}\n(the plan is left out of the report)"));
            None
        }
    };
    let loaded = store::history::load();
    warnings.extend(loaded.warnings.iter().cloned());
    let days = crate::remind::files::Files::platform()
        .map(|f| f.days())
        .unwrap_or_default();
    let content = report::build(Inputs {
        library: &library,
        plan: plan.as_ref(),
        records: &loaded.records,
        days: &days,
        since,
        today,
    });
    let text = if as_json {
        json(&content)
    } else {
        report::html::page(&content, &library)
    };
    let mut output = Output::default();
    for w in warnings {
        output.stderr.push_str(&format!("note: {}\n", escape(&w)));
    }
    // JSON goes to standard output unless a file is named; the page to a file unless
    // `--out -`.
    let path: Option<PathBuf> = match out {
        Some(p) if p == Path::new("-") => None,
        Some(p) => Some(p.to_path_buf()),
        None if as_json => None,
        None => Some(PathBuf::from(format!("backease-report-{today}.html"))),
    };
    let Some(path) = path else {
        output.stdout = text;
        return Ok(output);
    };
    if out.is_none() && !ours(&path) {
        return Err(fail(format!(
            "{} is there already and is not a backease report; name another file with --out",
            escape(&path.display().to_string())
        )));
    }
    store::atomic::write_atomic(&path, text.as_bytes()).map_err(|e| {
        fail(format!(
            "could not write {}: {e}",
            escape(&path.display().to_string())
        ))
    })?;
    output.stdout = format!(
        "Wrote {} ({} sessions, {} to {}). Open it in a browser; it prints on A4 or Letter.\n",
        escape(&path.display().to_string()),
        content.sessions,
        content.since,
        content.until
    );
    Ok(output)
}

/// Nothing at `path`, or an earlier report (its head says so).
fn ours(path: &Path) -> bool {
    match store::read::read_bounded(path, 64 * 1024 * 1024) {
        Err(e) if e.is_not_found() => true,
        Ok(bytes) => String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).contains(MARK),
        Err(_) => false,
    }
}
