//! backease: a terminal coach for back-relief routines.
//!
//! The core (no terminal, no audio, no files, never reads the clock):
//! - [`routine`]: the exercise and routine model, durations, and (in `routine::load`)
//!   parsing and validation of routine files from text.
//! - [`session`]: the state machine that runs a routine against an injected `now`.
//! - [`cue`]: what each cue makes (its sound, whether the bell stands in): one table; and
//!   what is said aloud for it (`cue::phrase`).
//! - [`app`]: screens (menu, session, summary) as state: `Msg -> update(now) -> effects`.
//! - [`keymap`]: key -> `Msg`, one table used by the app and the tests.
//! - [`ui`]: widgets that draw a state; read-only, no clock, no I/O.
//! - [`history`]: session records, and the streaks, totals and bests computed from them.
//! - [`prefs`]: the preferences model: values, defaults, checks (parsed from text).
//! - [`remind`]: desk mode's break schedule (a state machine on an injected clock), its
//!   working hours and the screen's state; its `files` and `idle` submodules are shells.
//! - [`text`]: text safe for a terminal (escapes, excerpts, table cells): used by every
//!   output, message and screen.
//!
//! The shells (the only code that touches the world) depend on the core, never the
//! other way round:
//! - [`tui`]: owns the terminal and the loop.
//! - [`plain`]: plain mode: the same loop without a screen, one line per moment.
//! - [`audio`]: plays cues.
//! - [`speech`]: speaks the cues' phrases through the desktop's speech engine.
//! - [`store`]: files: routine files, history, preferences.
//! - [`notify`]: desktop notifications.
//! - [`commands`]: one file per subcommand; each returns `Result<Output, Error>`.
//! - [`cli`]: the command line.
//! - [`sys`]: the only `unsafe`: the few system calls std lacks, each with its SAFETY note.

#![deny(unsafe_code)]

pub mod app;
pub mod audio;
pub mod cli;
pub mod commands;
pub mod cue;
pub mod figure;
pub mod history;
pub mod keymap;
pub mod notify;
pub mod plain;
pub mod prefs;
pub mod remind;
pub mod routine;
pub mod session;
pub mod speech;
pub mod store;
pub mod sys;
pub mod text;
pub mod tui;
pub mod ui;
