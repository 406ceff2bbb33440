//! Reading the preferences file (`preferences.ron` in the config directory). What the
//! file may say, its defaults and the checks on every value are the core's
//! ([`crate::prefs`]); this only finds the file, reads it and keeps what went wrong. A
//! missing file means all defaults; an invalid one is reported, the defaults are used,
//! and the file is left untouched.

use std::io;
use std::path::{Path, PathBuf};

use super::paths;
use crate::prefs::{Preferences, PrefsError, parse};

/// The outcome of loading preferences: always usable values, plus what went wrong.
#[derive(Debug)]
pub struct LoadedPrefs {
    pub prefs: Preferences,
    /// The file looked at (`None`: no config directory on this system).
    pub path: Option<PathBuf>,
    pub exists: bool,
    /// Why the file's values are not used (the defaults are), for the UI to show.
    pub error: Option<PrefsError>,
}

/// Loads the platform preferences file; see [`load_from`].
pub fn load() -> LoadedPrefs {
    match paths::preferences() {
        Some(path) => load_from(&path),
        None => LoadedPrefs {
            prefs: Preferences::default(),
            path: None,
            exists: false,
            error: None,
        },
    }
}

/// Loads `path`: a missing file gives the defaults; an invalid one gives the defaults and
/// the error. The file is only read, never written.
pub fn load_from(path: &Path) -> LoadedPrefs {
    let mut loaded = LoadedPrefs {
        prefs: Preferences::default(),
        path: Some(path.to_path_buf()),
        exists: path.exists(),
        error: None,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => match parse(&text, path) {
            Ok(prefs) => loaded.prefs = prefs,
            Err(e) => loaded.error = Some(e),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(source) => {
            loaded.error = Some(PrefsError::Read {
                path: path.to_path_buf(),
                source,
            })
        }
    }
    loaded
}
