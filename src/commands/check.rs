//! `backease check [FILE]`: one line per problem (exit 1), or a one-line summary. The
//! checks are the core's (`routine::load`, `prefs`); this reads the files and words the
//! result. Without FILE it checks every file in use ([`run_all`]): the built-in library,
//! the user's routine file, a `--routines FILE`, the preferences file and the custom
//! sounds it names (read and decoded as a session would). File names
//! are escaped for the terminal like every message (`crate::text`).
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

/// Checks `file` merged over the built-in library (without FILE: [`run_all`]).
pub fn run(file: &Path) -> Result<Output> {
    let library = store::routines::load_file(file, Some(&load::shipped()))
        .map_err(|problems| Error::Check { problems })?;
    let label = crate::text::escape(&file.display().to_string()).into_owned();
    Ok(Output::text(format!(
        "{label}: {}\n",
        load::summary(&library)
    )))
}

/// One file in use and what checking it found.
struct Checked {
    /// The file's name, escaped for the terminal.
    name: String,
    /// `ok …` for a good file, or every problem: (line, column, message), line 0 for a
    /// problem with the whole file.
    outcome: std::result::Result<String, Vec<(usize, usize, String)>>,
}

/// Every file in use, checked in the order they are layered (the built-in library, the
/// user's routine file, a `--routines FILE`), then the preferences file; and the library
/// they make.
fn check_all(cli: &crate::cli::Cli) -> (Library, Vec<Checked>) {
    let mut library = load::shipped();
    let mut checked = vec![Checked {
        name: "built-in library".to_string(),
        outcome: Ok(load::summary(&library)),
    }];
    let mut files: Vec<std::path::PathBuf> = store::paths::user_routines()
        .into_iter()
        .filter(|p| p.exists())
        .collect();
    files.extend(cli.routines.clone());
    for path in files {
        let name = crate::text::escape(&path.display().to_string()).into_owned();
        let outcome = match store::routines::load_file(&path, Some(&library)) {
            Ok(merged) => {
                let own = merged.routines.len() + merged.exercises.len()
                    - library.routines.len()
                    - library.exercises.len();
                library = merged;
                Ok(format!(
                    "ok ({own} new; {} in all)",
                    load::summary(&library).trim_start_matches("ok: ")
                ))
            }
            Err(e) => Err(e
                .problems
                .into_iter()
                .map(|p| (p.line, p.column, p.message))
                .collect()),
        };
        checked.push(Checked { name, outcome });
    }
    let prefs = store::prefs::load();
    if let Some(path) = prefs.path.filter(|_| prefs.exists) {
        let name = crate::text::escape(&path.display().to_string()).into_owned();
        let outcome = match prefs.error {
            None => Ok("ok".to_string()),
            Some(crate::prefs::PrefsError::Invalid {
                line,
                column,
                message,
                more,
                ..
            }) => Err(std::iter::once((line, column, message))
                .chain(more)
                .collect()),
            Some(e @ crate::prefs::PrefsError::Read { .. }) => Err(vec![(
                0,
                0,
                crate::text::escape(&e.to_string()).into_owned(),
            )]),
        };
        checked.push(Checked { name, outcome });
    }
    // The plan, against the routines just checked (issue 28).
    if let Some(path) = store::plan::path()
        && let Some(outcome) = store::plan::check(&path, &library)
    {
        let name = crate::text::escape(&path.display().to_string()).into_owned();
        checked.push(Checked { name, outcome });
    }
    // Each custom sound the preferences name, read and decoded as a session would: a
    // WAV whose header promises more than it holds is named here, not found at a chime.
    for (sound, path) in prefs.prefs.sound_files() {
        let name = crate::text::escape(&path.display().to_string()).into_owned();
        let outcome = match crate::audio::sounds::load_file(&path) {
            Ok(clip) => Ok(format!(
                "ok (the {} sound, {:.1} s)",
                sound.key(),
                clip.duration().as_secs_f64()
            )),
            Err(e) => Err(vec![(
                0,
                0,
                format!(
                    "the {} sound {}; the built-in one plays instead",
                    sound.key(),
                    crate::text::escape(&e.to_string())
                ),
            )]),
        };
        checked.push(Checked { name, outcome });
    }
    (library, checked)
}

/// `backease check` without FILE: every file in use, a line each on standard output
/// (`FILE: ok: …`), every problem of every file on standard error; exit 1 if any file has
/// a problem. With `json`, one document (as [`json`]'s, `file` `null`) with the problems
/// of every file, each naming its file.
pub fn run_all(cli: &crate::cli::Cli, json: bool) -> Result<Output> {
    let (library, checked) = check_all(cli);
    let mut out = Output::default();
    if checked.iter().any(|c| c.outcome.is_err()) {
        out.code = 1;
    }
    if json {
        let problems: Vec<ProblemJson> = checked
            .iter()
            .flat_map(|c| {
                c.outcome
                    .as_ref()
                    .err()
                    .into_iter()
                    .flatten()
                    .map(|p| ProblemJson {
                        file: &c.name,
                        line: (p.0 > 0).then_some(p.0),
                        column: (p.0 > 0 && p.1 > 0).then_some(p.1),
                        message: &p.2,
                    })
            })
            .collect();
        let ok = problems.is_empty();
        out.stdout = super::output::json(&CheckJson {
            format: 1,
            file: None,
            ok,
            summary: if ok {
                load::summary(&library)
            } else {
                count(problems.len(), "problem")
            },
            exercises: ok.then_some(library.exercises.len()),
            routines: ok.then_some(library.routines.len()),
            problems,
        });
        return Ok(out);
    }
    for c in &checked {
        match &c.outcome {
            Ok(summary) => out.stdout.push_str(&format!("{}: {summary}\n", c.name)),
            Err(problems) => {
                out.stdout.push_str(&format!(
                    "{}: {}\n",
                    c.name,
                    count(problems.len(), "problem")
                ));
                for (line, column, message) in problems {
                    let line = if *line == 0 {
                        format!("{}: {message}\n", c.name)
                    } else {
                        format!("{}:{line}:{column}: {message}\n", c.name)
                    };
                    out.stderr.push_str(&line);
                }
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

/// `backease check --json FILE`: the JSON on standard output, exit status 1 when the
/// file has problems (without FILE: [`run_all`]).
pub fn run_json(file: &Path) -> Result<Output> {
    let result = store::routines::load_file(file, Some(&load::shipped()));
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

/// What `check --json FILE` prints for `file` and its result.
pub fn json(file: &Path, result: &std::result::Result<Library, LoadError>) -> String {
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
        file: Some(file.display().to_string()),
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
        let err = run(&path).expect_err("the file has a problem");
        assert_eq!(err.exit_code(), 1);
        assert_eq!(
            format!("{err}\n"),
            format!(
                "{}:1:53: no exercise \"chlds_pose\"; did you mean \"childs_pose\"?\n",
                path.display()
            )
        );
        // Without FILE every file in use is checked, the built-in library first.
        let cli = <crate::cli::Cli as clap::Parser>::try_parse_from(["backease", "check"])
            .expect("a command line");
        let ok = run_all(&cli, false).expect("checked");
        assert!(
            ok.stdout.starts_with("built-in library: ok:"),
            "{}",
            ok.stdout
        );
    }
}
