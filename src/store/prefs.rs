//! Reading the preferences file (`preferences.ron` in the config directory). What the
//! file may say, its defaults and the checks on every value are the core's
//! ([`crate::prefs`]); this only finds the file, reads it and keeps what went wrong. A
//! missing file means all defaults; an invalid one is reported, the defaults are used,
//! and the file is left untouched. It is read with [`read_bounded`] (bound:
//! [`PREFERENCES_LIMIT`]): a FIFO, a device, a folder or an oversized file there is
//! reported with what it is, never waited on or read whole.

use std::io;
use std::path::{Path, PathBuf};

use super::paths;
use super::read::{PREFERENCES_LIMIT, ReadError, read_bounded};
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
    let read = read_bounded(path, PREFERENCES_LIMIT).and_then(|bytes| {
        String::from_utf8(bytes).map_err(|_| {
            ReadError::Io(io::Error::new(
                io::ErrorKind::InvalidData,
                "stream did not contain valid UTF-8",
            ))
        })
    });
    match read {
        Ok(text) => match parse(&text, path) {
            Ok(prefs) => loaded.prefs = prefs,
            Err(e) => loaded.error = Some(e),
        },
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
