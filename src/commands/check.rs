//! `backease check [FILE]`: one line per problem (exit 1), or a one-line summary. The
//! checks are the core's (`routine::load`, `prefs`); this reads the files and words the
//! result. Without FILE it checks every file in use ([`run_all`]): the built-in library,
//! the user's routine file, a `--routines FILE`, and the preferences file. File names
//! are escaped for the terminal like every message (`crate::text`).

use std::path::Path;

use super::error::{Error, Result};
use super::output::Output;
use crate::routine::load;
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

/// `backease check` without FILE: every file in use, a line each on standard output
/// (`FILE: ok: …`), every problem of every file on standard error; exit 1 if any file has
/// a problem.
pub fn run_all(cli: &crate::cli::Cli) -> Result<Output> {
    let mut out = Output::default();
    let mut library = load::shipped();
    out.stdout
        .push_str(&format!("built-in library: {}\n", load::summary(&library)));
    let mut files: Vec<std::path::PathBuf> = store::paths::user_routines()
        .into_iter()
        .filter(|p| p.exists())
        .collect();
    files.extend(cli.routines.clone());
    for path in files {
        let name = crate::text::escape(&path.display().to_string()).into_owned();
        match store::routines::load_file(&path, Some(&library)) {
            Ok(merged) => {
                let own = merged.routines.len() + merged.exercises.len()
                    - library.routines.len()
                    - library.exercises.len();
                library = merged;
                out.stdout.push_str(&format!(
                    "{name}: ok ({own} new; {} in all)\n",
                    load::summary(&library).trim_start_matches("ok: ")
                ));
            }
            Err(problems) => {
                out.stdout.push_str(&format!(
                    "{name}: {}\n",
                    count(problems.problems.len(), "problem")
                ));
                out.stderr.push_str(&format!("{problems}\n"));
                out.code = 1;
            }
        }
    }
    let prefs = store::prefs::load();
    if let Some(path) = prefs.path.filter(|_| prefs.exists) {
        let name = crate::text::escape(&path.display().to_string()).into_owned();
        match prefs.error {
            None => out.stdout.push_str(&format!("{name}: ok\n")),
            Some(e) => {
                out.stdout
                    .push_str(&format!("{name}: {}\n", count(e.count(), "problem")));
                for line in e.to_string().lines() {
                    out.stderr
                        .push_str(&format!("{}\n", crate::text::escape(line)));
                }
                out.code = 1;
            }
        }
    }
    Ok(out)
}

fn count(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
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
