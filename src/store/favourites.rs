//! The favourite routines: `favourites.ron` in the config directory, a list of routine
//! ids (the text is `app::favourites_text`). Written atomically, whole, each time a mark
//! changes. A file that does not read is never written over: it is reported once, and
//! marks made in that run are not kept.

use std::collections::BTreeSet;
use std::io;
use std::path::PathBuf;

use super::{atomic, paths, read};
use crate::app::{favourites_text, parse_favourites};

/// No list of routine ids needs more.
const MAX_BYTES: u64 = 256 * 1024;

/// Where the favourites live.
pub fn path() -> Option<PathBuf> {
    paths::config_dir().map(|d| d.join("favourites.ron"))
}

/// The favourites, or why the file cannot be used (`FILE:LINE:COL: message`). A missing
/// file is no favourites.
pub fn load() -> Result<BTreeSet<String>, String> {
    let Some(path) = path() else {
        return Ok(BTreeSet::new());
    };
    let shown = crate::text::escape(&path.display().to_string()).into_owned();
    let bytes = match read::read_bounded(&path, MAX_BYTES) {
        Ok(bytes) => bytes,
        Err(e) if e.is_not_found() => return Ok(BTreeSet::new()),
        Err(e) => return Err(format!("{shown}: {e}")),
    };
    let text = String::from_utf8(bytes).map_err(|_| format!("{shown}: not UTF-8 text"))?;
    parse_favourites(&text).map_err(|why| {
        format!("{shown}:{why}; favourites marked now will not be kept (the file is left as it is)")
    })
}

/// Keeps `ids` as the favourites.
pub fn save(ids: &BTreeSet<String>) -> io::Result<()> {
    let Some(path) = path() else {
        return Err(io::Error::other("no config directory"));
    };
    atomic::write_atomic(&path, favourites_text(ids).as_bytes())
}
