//! Which routines showed their safety notes today (see `routine::daily`): a small file in
//! the data directory, `notes_shown.ron`, written atomically. Losing it costs nothing but
//! the notes showing once more, so problems with it are not reported.

use std::collections::BTreeSet;
use std::path::PathBuf;

use jiff::civil::Date;

use super::{atomic, paths, read};
use crate::routine::daily::NotesShown;

/// The file is tiny; anything larger is not ours.
const MAX_BYTES: u64 = 64 * 1024;

fn path() -> Option<PathBuf> {
    paths::data_dir().map(|d| d.join("notes_shown.ron"))
}

fn load() -> NotesShown {
    path()
        .and_then(|p| read::read_bounded(&p, MAX_BYTES).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .map(|text| NotesShown::parse(&text))
        .unwrap_or_default()
}

/// The routines whose notes already showed on `today`.
pub fn shown_on(today: Date) -> BTreeSet<String> {
    load().shown_on(today)
}

/// Keeps that `routine`'s notes showed on `today` (best effort).
pub fn mark(routine: &str, today: Date) {
    let Some(path) = path() else { return };
    let mut shown = load();
    if !shown.due(routine, today) {
        return;
    }
    shown.mark(routine, today);
    let _ = atomic::write_atomic(&path, shown.to_text(today).as_bytes());
}
