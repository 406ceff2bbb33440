//! `backease check [FILE]`: one line per problem (exit 1), or a one-line summary. The
//! checks are the core's (`routine::load`); this reads the file and words the result.
//! The file's name is escaped for the terminal like every message (`crate::text`).
//! `backease check --json` prints the result as JSON whether or not there are problems
//! ([`json`]: each problem with its file, line, column and message; exit 1 when there
//! are any), for an editor or a script.

use std::path::Path;

use serde::Serialize;

use super::error::{Error, Result};
use super::output::Output;
use crate::routine::Library;
use crate::routine::load::{self, LoadError};
use crate::store;

/// Checks `file` merged over the built-in library, or the built-in library itself.
pub fn run(file: Option<&Path>) -> Result<Output> {
    let library = match file {
        None => load::parse("exercises.ron (built in)", load::SHIPPED.as_bytes(), None),
        Some(path) => store::routines::load_file(path, Some(&load::shipped())),
    }
    .map_err(|problems| Error::Check { problems })?;
    let label = file.map_or("built-in library".to_string(), |p| {
        crate::text::escape(&p.display().to_string()).into_owned()
    });
    Ok(Output::text(format!(
        "{label}: {}\n",
        load::summary(&library)
    )))
}

/// `backease check --json [FILE]`: the JSON on standard output, exit status 1 when the
/// file has problems.
pub fn run_json(file: Option<&Path>) -> Result<Output> {
    let result = match file {
        None => load::parse("exercises.ron (built in)", load::SHIPPED.as_bytes(), None),
        Some(path) => store::routines::load_file(path, Some(&load::shipped())),
    };
    let ok = result.is_ok();
    Ok(Output {
        stdout: json(file, &result),
        stderr: String::new(),
        code: if ok { 0 } else { 1 },
    })
}

/// The shape of `check --json`, `format` 1.
#[derive(Debug, Serialize)]
struct CheckJson<'a> {
    format: u32,
    /// The file checked; `null` for the built-in library.
    file: Option<String>,
    ok: bool,
    /// "ok: 40 exercises, 12 routines", or "2 problems".
    summary: String,
    exercises: Option<usize>,
    routines: Option<usize>,
    problems: Vec<ProblemJson<'a>>,
}

#[derive(Debug, Serialize)]
struct ProblemJson<'a> {
    /// The file the problem is in, as the text output names it.
    file: &'a str,
    /// 1-based; `null` for a problem with the whole file (it cannot be read, say).
    line: Option<usize>,
    /// 1-based, as the text output gives it; `null` with `line`.
    column: Option<usize>,
    message: &'a str,
}

/// What `check --json` prints for `file` (`None`: the built-in library) and its result.
pub fn json(file: Option<&Path>, result: &std::result::Result<Library, LoadError>) -> String {
    let (summary, exercises, routines, problems) = match result {
        Ok(library) => (
            load::summary(library),
            Some(library.exercises.len()),
            Some(library.routines.len()),
            Vec::new(),
        ),
        Err(e) => {
            let problems: Vec<ProblemJson> = e
                .problems
                .iter()
                .map(|p| ProblemJson {
                    file: &e.file,
                    line: (p.line > 0).then_some(p.line),
                    column: (p.line > 0 && p.column > 0).then_some(p.column),
                    message: &p.message,
                })
                .collect();
            let summary = match problems.len() {
                1 => "1 problem".to_string(),
                n => format!("{n} problems"),
            };
            (summary, None, None, problems)
        }
    };
    super::output::json(&CheckJson {
        format: 1,
        file: file.map(|p| p.display().to_string()),
        ok: result.is_ok(),
        summary,
        exercises,
        routines,
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_reports_problems_with_file_line_and_column() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("mine.ron");
        std::fs::write(
            &path,
            "(routines: [(id: \"r\", name: \"R\", steps: [(exercise: \"chlds_pose\")])])",
        )
        .expect("write the file");
        let err = run(Some(&path)).expect_err("the file has a problem");
        assert_eq!(err.exit_code(), 1);
        assert_eq!(
            format!("{err}\n"),
            format!(
                "{}:1:53: no exercise \"chlds_pose\"; did you mean \"childs_pose\"?\n",
                path.display()
            )
        );
        let ok = run(None).expect("the built-in library is fine");
        assert!(
            ok.stdout.starts_with("built-in library: ok:"),
            "{}",
            ok.stdout
        );
    }
}
