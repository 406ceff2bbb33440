//! The subcommands, wired: each reads what it needs through the shells (`store`,
//! `audio`), runs the core, and returns the text to print and the exit status. `main` only
//! parses the command line and prints. Formatting of command output lives here too, as
//! plain functions of the data (tested without files or a terminal).

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use crate::cli::{Cli, Command};
use crate::routine::{Library, duration::approx_total, load};
use crate::store;

/// What a command produced: text for stdout, text for stderr, and the exit status.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub failed: bool,
}

impl Output {
    fn ok(stdout: String) -> Output {
        Output {
            stdout,
            ..Output::default()
        }
    }
    fn fail(stderr: String) -> Output {
        Output {
            stderr,
            failed: true,
            ..Output::default()
        }
    }
    pub fn code(&self) -> ExitCode {
        if self.failed {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Runs the command line. The interactive commands take over the terminal and return
/// once the person quits.
pub fn run(cli: Cli) -> Output {
    match &cli.command {
        Some(Command::List) => with_library(&cli, |lib| Output::ok(list(&lib, lead_in(&cli)))),
        Some(Command::Check { file }) => check(file.as_deref()),
        Some(Command::History) => crate::wiring::history(),
        Some(Command::Config) => crate::wiring::config(&cli),
        Some(Command::Start { routine }) => {
            let start = Some(routine.clone());
            with_library(&cli, |lib| crate::wiring::interactive(&cli, lib, start))
        }
        None => with_library(&cli, |lib| crate::wiring::interactive(&cli, lib, None)),
    }
}

fn lead_in(cli: &Cli) -> Duration {
    crate::wiring::preferences(cli).0.session_config().lead_in
}

fn with_library(cli: &Cli, then: impl FnOnce(Library) -> Output) -> Output {
    match store::routines::load_library(cli.routines.as_deref()) {
        Ok(lib) => then(lib),
        Err(e) => Output::fail(format!(
            "{e}\nbackease: fix the routine file (`backease check FILE` lists every problem)\n"
        )),
    }
}

/// `backease check [FILE]`: one line per problem (exit 1), or a one-line summary.
fn check(file: Option<&Path>) -> Output {
    let result = match file {
        None => load::parse("exercises.ron (built in)", load::SHIPPED.as_bytes(), None),
        Some(path) => store::routines::load_file(path, Some(&load::shipped())),
    };
    match result {
        Ok(lib) => {
            let label = file.map_or("built-in library".to_string(), |p| p.display().to_string());
            Output::ok(format!("{label}: {}\n", load::summary(&lib)))
        }
        Err(e) => Output::fail(format!("{e}\n")),
    }
}

/// `backease list`: one routine per line: id, name, steps, total time, equipment.
pub fn list(lib: &Library, lead_in: Duration) -> String {
    let rows: Vec<[String; 5]> = lib
        .routines
        .iter()
        .map(|r| {
            let mut total = approx_total(r.total(lead_in));
            if r.has_untimed() {
                total.push('+');
            }
            let steps = match r.steps.len() {
                1 => "1 step".to_string(),
                n => format!("{n} steps"),
            };
            let equipment = r.equipment();
            let equipment = if equipment.is_empty() {
                "-".to_string()
            } else {
                equipment.join(", ")
            };
            [r.id.clone(), r.name.clone(), steps, total, equipment]
        })
        .collect();
    let header = [
        "ID".to_string(),
        "NAME".to_string(),
        "STEPS".to_string(),
        "TIME".to_string(),
        "EQUIPMENT".to_string(),
    ];
    let width = |i: usize| {
        std::iter::once(&header)
            .chain(&rows)
            .map(|r| r[i].chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..4).map(width).collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let _ = writeln!(
            out,
            "{:w0$}  {:w1$}  {:>w2$}  {:>w3$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_shows_every_shipped_routine_with_its_time_and_equipment() {
        let text = list(&load::shipped(), crate::routine::DEFAULT_LEAD_IN);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("ID"));
        assert_eq!(lines.len(), 1 + load::shipped().routines.len());
        let spa = lines
            .iter()
            .find(|l| l.starts_with("spa "))
            .expect("the spa routine is listed");
        assert!(spa.contains("Ball drape and bath"), "{spa}");
        assert!(spa.contains("3 steps"), "{spa}");
        assert!(spa.contains("35–41 min"), "{spa}");
        assert!(spa.contains("exercise ball, foam roller, bath"), "{spa}");
        let decompress = lines
            .iter()
            .find(|l| l.starts_with("decompress "))
            .expect("decompress is listed");
        assert!(
            decompress.contains("min+"),
            "open-ended wall squat: {decompress}"
        );
    }

    #[test]
    fn check_reports_problems_with_file_line_and_column() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("mine.ron");
        std::fs::write(
            &path,
            "(routines: [(id: \"r\", name: \"R\", steps: [(exercise: \"chlds_pose\")])])",
        )
        .expect("write the file");
        let out = check(Some(&path));
        assert!(out.failed);
        assert_eq!(
            out.stderr,
            format!(
                "{}:1:53: no exercise \"chlds_pose\"; did you mean \"childs_pose\"?\n",
                path.display()
            )
        );
        let ok = check(None);
        assert!(!ok.failed, "{}", ok.stderr);
        assert!(
            ok.stdout.starts_with("built-in library: ok:"),
            "{}",
            ok.stdout
        );
    }
}
