//! Reading the preferences file (`preferences.ron` in the config directory). What the
//! file may say, its defaults and the checks on every value are the core's
//! ([`crate::prefs`]); this only finds the file, reads it and keeps what went wrong. A
//! missing file means all defaults; a file with mistakes is reported, every one, and
//! its other values are used (all defaults when its syntax stops the reading); the file
//! is left untouched. It is read with [`read_bounded`] (bound:
//! [`PREFERENCES_LIMIT`]): a FIFO, a device, a folder or an oversized file there is
//! reported with what it is, never waited on or read whole.

use std::io;
use std::path::{Path, PathBuf};

use super::paths;
use super::read::{PREFERENCES_LIMIT, ReadError, read_bounded};
use crate::prefs::{Preferences, PrefsError, parse_keeping};

/// The outcome of loading preferences: always usable values, plus what went wrong.
#[derive(Debug)]
pub struct LoadedPrefs {
    pub prefs: Preferences,
    /// The file looked at (`None`: no config directory on this system).
    pub path: Option<PathBuf>,
    pub exists: bool,
    /// What is wrong with the file (those values are not used), for the UI to show.
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

/// Loads `path`: a missing file gives the defaults; one with mistakes gives its good
/// values and the error. The file is only read, never written.
pub fn load_from(path: &Path) -> LoadedPrefs {
    let mut loaded = LoadedPrefs {
        prefs: Preferences::default(),
        path: Some(path.to_path_buf()),
        exists: path.exists(),
        error: None,
    };
    let read = read_bounded(path, PREFERENCES_LIMIT).and_then(|bytes| {
        String::from_utf8(bytes).map_err(|_| {
            ReadError::Io(io::Error::new(
                io::ErrorKind::InvalidData,
                "stream did not contain valid UTF-8",
            ))
        })
    });
    match read {
        Ok(text) => {
            // The good values are kept; only the ones with a problem are not used.
            let (prefs, error) = parse_keeping(&text, path);
            loaded.prefs = prefs;
            loaded.error = error;
        }
        Err(ReadError::NotFound) => {}
        Err(ReadError::Io(source)) => {
            loaded.error = Some(PrefsError::Read {
                path: path.to_path_buf(),
                source,
            })
        }
        // "is a FIFO, not a file", "is 3.0 GiB, larger than …": the words go as they are.
        Err(other) => {
            loaded.error = Some(PrefsError::Read {
                path: path.to_path_buf(),
                source: io::Error::other(other),
            })
        }
    }
    loaded
}
