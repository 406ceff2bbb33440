//! What the commands read before they run: the routine library, and the preferences in
//! effect (the file's, with the command line over them). Shell code: reads through the
//! store.

use super::error::{Error, Result};
use crate::cli::Cli;
use crate::prefs::{Overrides, Preferences};
use crate::routine::Library;
use crate::store;

/// The built-in library with the user's file and `--routines FILE` over it.
pub fn library(cli: &Cli) -> Result<Library> {
    store::routines::load_library(cli.routines.as_deref())
        .map_err(|source| Error::Library { source })
}

/// The command line's settings that win over the preferences file.
pub fn overrides(cli: &Cli) -> Overrides {
    Overrides {
        mute: cli.mute,
        volume: cli.volume,
    }
}

/// The preferences in effect (`--mute` and `--volume` over the file's), and a notice
/// when the file could not be used.
pub fn preferences(cli: &Cli) -> (Preferences, Option<String>) {
    let loaded = store::prefs::load();
    let notice = loaded
        .error
        .map(|e| format!("{e} (using the default preferences)"));
    (loaded.prefs.overridden(overrides(cli)), notice)
}
