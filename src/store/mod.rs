//! The file system shell: where backease keeps things and how it reads and writes them.
//! Routine files, history, preferences, the sessions of every window, favourites, which
//! routines showed their safety notes today. Errors name the file (and line and column where
//! there is one). Nothing here decides behaviour; it only moves bytes and reports, and
//! returns data, never text for the screen (that is `commands`). What a file may say is
//! the core's (`routine::load`, `prefs`, `history`). `history_index` keeps the records
//! already parsed, checked against each file's `stat`, so a long history reads fast.

pub mod atomic;
pub mod favourites;
pub mod figures;
pub mod history;
pub mod history_index;
pub mod hooks;
pub mod notes_shown;
pub mod paths;
pub mod plan;
pub mod prefs;
pub mod read;
pub mod record_words;
pub mod resume;
pub mod routines;
pub mod sessions;
pub mod state_file;
