//! backease's pure core: everything that decides, nothing that touches the world. No
//! terminal, no audio, no files, no D-Bus, and it never reads the clock: every function
//! that depends on time is given `now`. Its only dependencies are serde, ron and jiff, so
//! the compiler, not a convention, keeps the shells out (the binary crate `backease` holds
//! them and depends on this crate, never the other way round).
//!
//! - [`routine`]: the exercise and routine model, durations, body positions, and (in
//!   `routine::load`) parsing and validation of routine files from text.
//! - [`session`]: the state machine that runs a routine against an injected `now`.
//! - [`cue`]: what each cue makes (its sound, whether the bell stands in): one table; and
//!   what is said aloud for it (`cue::phrase`).
//! - [`app`]: screens (menu, session, summary, check-in, progress) as state:
//!   `Msg -> update(now) -> effects`.
//! - [`history`]: session records, and the streaks, totals, bests and progress computed
//!   from them; the export formats as values.
//! - [`plan`]: plans (routines on days or times a week, for weeks), what is due today,
//!   the weeks kept, and holds that progress within their ranges.
//! - [`prefs`]: the preferences model: values, defaults, checks (parsed from text).
//! - [`remind`]: desk mode's break schedule (a state machine on an injected clock), its
//!   working hours, the reminder's screen as state and the status line.
//! - [`text`]: text safe for a terminal (escapes, excerpts, table cells): used by every
//!   output, message and screen.

#![forbid(unsafe_code)]

pub mod app;
pub mod cue;
pub mod figure;
pub mod history;
pub mod plan;
pub mod prefs;
pub mod remind;
pub mod report;
pub mod routine;
pub mod session;
pub mod text;
