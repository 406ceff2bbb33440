//! `backease config`: where things live and every preference in effect with where it
//! came from. [`run`] looks things up through the store and the environment; [`text`]
//! is a plain function of what was found, tested without files.
//!
//! Paths and values are escaped for the terminal (`crate::text`), and the value column
//! is padded by hand to at most [`VALUE_COLUMN`] characters, so a sound path of any
//! length or content neither panics the table nor acts on the terminal.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::error::Result;
use super::inputs::overrides;
use super::output::Output;
use crate::cli::Cli;
use crate::prefs::{Overrides, Preferences, PrefsError};
use crate::store;
use crate::text::{escape, pad};

/// The value column is as wide as its widest value up to this; a longer value (a long
/// sound path) is shown whole and pushes only its own row's last column.
pub const VALUE_COLUMN: usize = 40;

/// A place `backease config` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// `None`: no such directory on this system.
    pub path: Option<PathBuf>,
    /// Something is there.
    pub exists: bool,
}

impl Place {
    /// `path`, and whether it is there now.
    pub fn look(path: Option<PathBuf>) -> Place {
        let exists = path.as_ref().is_some_and(|p| p.exists());
        Place { path, exists }
    }

    fn shown(&self) -> String {
        match &self.path {
            None => "(no directory on this system)".to_string(),
            Some(p) => {
                let state = if self.exists { "" } else { " (not there yet)" };
                format!("{}{state}", escape(&p.display().to_string()))
            }
        }
    }
}

/// Everything `backease config` reports on.
#[derive(Debug)]
pub struct Facts<'a> {
    pub preferences_file: Place,
    pub routine_file: Place,
    pub history: Place,
    /// Where each running or unrecorded session keeps its state (for resuming).
    pub sessions: Place,
    /// The file's preferences (the defaults when it could not be used).
    pub prefs: &'a Preferences,
    /// Why the file's values are not used.
    pub error: Option<&'a PrefsError>,
    pub cli: Overrides,
    /// `NO_COLOR` is set (and not empty).
    pub no_color: bool,
}

pub fn run(cli: &Cli) -> Result<Output> {
    let loaded = store::prefs::load();
    let routine_file = cli.routines.clone().or_else(store::paths::user_routines);
    Ok(Output::text(text(&Facts {
        preferences_file: Place::look(loaded.path.clone()),
        routine_file: Place::look(routine_file),
        history: Place::look(store::history::dir()),
        sessions: Place::look(store::sessions::Sessions::platform().ok().map(|s| s.dir())),
        prefs: &loaded.prefs,
        error: loaded.error.as_ref(),
        cli: overrides(cli),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    })))
}

/// The text `backease config` prints.
pub fn text(facts: &Facts) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "preferences file  {}", facts.preferences_file.shown());
    let _ = writeln!(out, "routine file      {}", facts.routine_file.shown());
    let _ = writeln!(out, "history           {}", facts.history.shown());
    let _ = writeln!(out, "sessions          {}", facts.sessions.shown());
    if let Some(e) = facts.error {
        let _ = writeln!(
            out,
            "\nerror: {}\n  (the defaults below are in use; the file was not changed)",
            escape(&e.to_string())
        );
    }
    let rows: Vec<_> = facts
        .prefs
        .effective()
        .into_iter()
        .map(|(name, value, from_file)| (name, escape(&value).into_owned(), from_file))
        .collect();
    let width = rows
        .iter()
        .map(|(_, v, _)| v.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(10, VALUE_COLUMN)
        + 1;
    let _ = writeln!(out, "\n{:<15} {:<width$} from", "preference", "value");
    for (name, value, from_file) in rows {
        let mut from = if from_file { "file" } else { "default" };
        let mut value = value;
        if name == "mute" && facts.cli.mute {
            value = "true".into();
            from = "command line (--mute)";
        }
        if let (Some(v), "volume") = (facts.cli.volume, name) {
            value = v.to_string();
            from = "command line (--volume)";
        }
        if name == "colors" && facts.no_color {
            from = if from_file {
                "file; NO_COLOR is set"
            } else {
                "default; NO_COLOR is set"
            };
        }
        let _ = writeln!(out, "{name:<15} {} {from}", pad(&value, width));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(path: &str, exists: bool) -> Place {
        Place {
            path: Some(PathBuf::from(path)),
            exists,
        }
    }

    #[test]
    fn the_command_line_and_no_color_are_named_as_sources() {
        let prefs = Preferences {
            volume: Some(30),
            ..Preferences::default()
        };
        let text = text(&Facts {
            preferences_file: place("/c/preferences.ron", true),
            routine_file: place("/c/exercises.ron", false),
            history: Place {
                path: None,
                exists: false,
            },
            sessions: place("/d/sessions", true),
            prefs: &prefs,
            error: None,
            cli: Overrides {
                mute: false,
                volume: Some(55),
            },
            no_color: true,
        });
        assert!(text.starts_with(
            "preferences file  /c/preferences.ron\n\
             routine file      /c/exercises.ron (not there yet)\n\
             history           (no directory on this system)\n\
             sessions          /d/sessions\n\n"
        ));
        for line in [
            "volume          55           command line (--volume)",
            "mute            false        default",
            "colors          auto         default; NO_COLOR is set",
        ] {
            assert!(text.lines().any(|l| l == line), "{line:?} in\n{text}");
        }
    }
}
