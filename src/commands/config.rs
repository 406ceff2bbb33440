//! `backease config`: where things live and every preference in effect with where it
//! came from. [`run`] looks things up through the store and the environment; [`text`]
//! is a plain function of what was found, tested without files; [`json`] the same facts
//! for `config --json` (the shape is in the README's "Machine-readable output").
//!
//! Paths and values are escaped for the terminal (`crate::text`), and the value column
//! is padded by hand to at most [`VALUE_COLUMN`] characters, so a sound path of any
//! length or content neither panics the table nor acts on the terminal.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use super::error::Result;
use super::inputs::overrides;
use super::output::Output;
use crate::cli::Cli;
use crate::prefs::{Overrides, Preferences, PrefsError};
use crate::store;
use crate::text::escape;
use crate::ui::text::pad;

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
    /// A custom sound that cannot be used, one line each (the built-in one plays).
    pub sound_warnings: Vec<String>,
    /// The user's routine file has problems: how many, and what happens.
    pub routine_problems: Option<String>,
}

pub fn run(cli: &Cli) -> Result<Output> {
    let loaded = store::prefs::load();
    Ok(Output::text(text(&facts(cli, &loaded))))
}

/// `backease config --json`.
pub fn run_json(cli: &Cli) -> Result<Output> {
    let loaded = store::prefs::load();
    Ok(Output::text(json(&facts(cli, &loaded))))
}

fn facts<'a>(cli: &Cli, loaded: &'a store::prefs::LoadedPrefs) -> Facts<'a> {
    let routine_file = cli.routines.clone().or_else(store::paths::user_routines);
    let (_, sound_warnings) = crate::audio::sounds::load_playable(&loaded.prefs.sound_files());
    let routine_problems = match store::routines::load_library_noting(cli.routines.as_deref()) {
        Err(e) => Some(store::routines::problems_note(&e)),
        Ok((_, notices)) => notices.into_iter().next(),
    };
    Facts {
        preferences_file: Place::look(loaded.path.clone()),
        routine_file: Place::look(routine_file),
        history: Place::look(store::history::dir()),
        sessions: Place::look(store::sessions::Sessions::platform().ok().map(|s| s.dir())),
        prefs: &loaded.prefs,
        error: loaded.error.as_ref(),
        cli: overrides(cli),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        sound_warnings,
        routine_problems,
    }
}

/// The shape of `config --json`, `format` 1.
#[derive(Debug, Serialize)]
struct ConfigJson {
    format: u32,
    files: FilesJson,
    /// What is wrong with the preferences file, a line per problem (those settings are
    /// not used; `null` when nothing is).
    error: Option<String>,
    /// A custom sound that cannot be used, one line each (the built-in one plays).
    sound_warnings: Vec<String>,
    /// The user's routine file was left out for its problems: how many, and what happens.
    routine_problems: Option<String>,
    /// `NO_COLOR` is set (and not empty).
    no_color: bool,
    preferences: Vec<PreferenceJson>,
}

#[derive(Debug, Serialize)]
struct FilesJson {
    preferences: PlaceJson,
    routines: PlaceJson,
    history: PlaceJson,
    sessions: PlaceJson,
}

#[derive(Debug, Serialize)]
struct PlaceJson {
    /// `null`: no such directory on this system.
    path: Option<String>,
    exists: bool,
}

impl From<&Place> for PlaceJson {
    fn from(place: &Place) -> PlaceJson {
        PlaceJson {
            path: place.path.as_ref().map(|p| p.display().to_string()),
            exists: place.exists,
        }
    }
}

#[derive(Debug, Serialize)]
struct PreferenceJson {
    name: &'static str,
    /// A number for `volume`, `true`/`false` for the switches, else the text `config`
    /// shows ("5s", "auto", "built-in").
    value: serde_json::Value,
    /// "default", "file" or "command line".
    from: &'static str,
}

/// Preferences whose value is a number or a switch in `config --json` (the rest are the
/// text `config` shows).
const NUMBERS: &[&str] = &["volume"];
const SWITCHES: &[&str] = &["mute", "notifications", "mouse"];

/// What `backease config --json` prints: the places, and every preference in effect with
/// where it came from.
pub fn json(facts: &Facts) -> String {
    let preferences = facts
        .prefs
        .effective()
        .into_iter()
        .map(|(name, value, from_file)| {
            let mut from = if from_file { "file" } else { "default" };
            let mut value = value;
            if name == "mute" && facts.cli.mute {
                value = "true".into();
                from = "command line";
            }
            if let (Some(v), "volume") = (facts.cli.volume, name) {
                value = v.to_string();
                from = "command line";
            }
            let typed = if NUMBERS.contains(&name)
                && let Ok(n) = value.parse::<u64>()
            {
                serde_json::Value::from(n)
            } else if SWITCHES.contains(&name)
                && let Ok(b) = value.parse::<bool>()
            {
                serde_json::Value::from(b)
            } else {
                serde_json::Value::from(value)
            };
            PreferenceJson {
                name,
                value: typed,
                from,
            }
        })
        .collect();
    super::output::json(&ConfigJson {
        format: 1,
        files: FilesJson {
            preferences: (&facts.preferences_file).into(),
            routines: (&facts.routine_file).into(),
            history: (&facts.history).into(),
            sessions: (&facts.sessions).into(),
        },
        error: facts.error.map(ToString::to_string),
        sound_warnings: facts.sound_warnings.clone(),
        routine_problems: facts.routine_problems.clone(),
        no_color: facts.no_color,
        preferences,
    })
}

/// The text `backease config` prints.
pub fn text(facts: &Facts) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "preferences file  {}", facts.preferences_file.shown());
    let _ = writeln!(out, "routine file      {}", facts.routine_file.shown());
    let _ = writeln!(out, "history           {}", facts.history.shown());
    let _ = writeln!(out, "sessions          {}", facts.sessions.shown());
    if let Some(e) = facts.error {
        out.push('\n');
        for line in e.to_string().lines() {
            let _ = writeln!(out, "error: {}", escape(line));
        }
        let _ = writeln!(
            out,
            "  (a setting with a problem is not used; the table shows the values in effect \
             and where each comes from; the file was not changed)"
        );
    }
    if let Some(note) = &facts.routine_problems {
        let _ = writeln!(out, "\nerror: {}", escape(note));
    }
    for warning in &facts.sound_warnings {
        let _ = writeln!(out, "\nwarning: {}", escape(warning));
    }
    let rows: Vec<_> = facts
        .prefs
        .effective()
        .into_iter()
        .map(|(name, value, from_file)| (name, escape(&value).into_owned(), from_file))
        .collect();
    let width = rows
        .iter()
        .map(|(_, v, _)| crate::ui::text::width(v))
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
            sound_warnings: vec!["sound for alarm: /x/gong.wav could not be read".into()],
            routine_problems: None,
        });
        assert!(
            text.contains("\nwarning: sound for alarm: /x/gong.wav could not be read\n"),
            "{text}"
        );
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
