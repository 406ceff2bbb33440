//! backease: a terminal coach for back-relief routines. This crate is the shells, the only
//! code that touches the world; the pure core (routine, session, cue, app, history, prefs,
//! the reminder's schedule, text) is the `backease-core` crate in `crates/core`,
//! re-exported here under the same names so `backease::routine` and the rest read as one.
//! The core cannot import anything below: it does not depend on this crate.
//!
//! - [`keymap`]: key -> `Msg`, one table used by the app, the help and the tests.
//! - [`ui`]: widgets that draw a state; read-only, no clock, no I/O.
//! - [`tui`]: owns the terminal and the loop.
//! - [`plain`]: plain mode: the same loop without a screen, one line per moment.
//! - [`audio`]: plays cues.
//! - [`speech`]: speaks the cues' phrases through the desktop's speech engine.
//! - [`store`]: files: routine files, history, preferences.
//! - [`notify`]: desktop notifications.
//! - [`remind`]: desk mode's lock, state and day files and its idle source (beside the
//!   core's schedule, re-exported).
//! - [`commands`]: one file per subcommand; each returns `Result<Output, Error>`.
//! - [`cli`]: the command line.
//! - [`sys`]: the only `unsafe`: the few system calls std lacks, each with its SAFETY note.

#![deny(unsafe_code)]

pub use backease_core::{app, cue, figure, history, plan, prefs, report, routine, session, text};

pub mod audio;
pub mod cli;
pub mod commands;
pub mod keymap;
pub mod notify;
pub mod plain;
pub mod remind;
pub mod speech;
pub mod store;
pub mod sys;
pub mod tui;
pub mod ui;
