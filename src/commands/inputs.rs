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
    library_noting(cli).map(|(library, _)| library)
}

/// [`library`], and a notice for a user's file left out because of its problems (see
/// `store::routines::load_library_noting`).
pub fn library_noting(cli: &Cli) -> Result<(Library, Vec<String>)> {
    store::routines::load_library_noting(cli.routines.as_deref())
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
    let notice = loaded.error.map(|e| match e.count() {
        1 => {
            format!("{e} (this setting is not used; `backease config` shows the values in effect)")
        }
        n => format!(
            "{}: {n} problems; the settings with a problem are not used (`backease config` \
             lists them with the values in effect)",
            loaded
                .path
                .as_deref()
                .map_or_else(String::new, |p| p.display().to_string())
        ),
    });
    (loaded.prefs.overridden(overrides(cli)), notice)
}
