//! What a person has done: one [`SessionRecord`] per run of a routine, and the numbers
//! computed from them: the streak, totals per routine, personal bests for open-ended
//! holds, and which exercises hurt last time.
//!
//! Pure: no files, no clock. Records come from the store; "today" is a parameter. The
//! text of `backease history` is built in `commands::history`. Records and their file
//! format are [`record`]; the numbers are [`stats`]; the progress screen's calendar,
//! trends and streaks are [`progress`]; records synced between machines are [`travel`];
//! the export formats of `backease history --json/--csv` are [`export`].
//!
//! Times are wall-clock instants kept with the UTC offset in effect when they were taken
//! ([`WallTime`]), so a session belongs to the local day it happened on wherever the
//! person is now: 23:30 in UTC+2 is that evening, not the next UTC morning.
//!
//! A session quit midway is recorded when it is quit; if it is later resumed, the
//! resumed run's record names the earlier one in `continues` and *supersedes* it: the
//! session and its steps count once (from the latest record), while the time of every
//! run still counts.

pub mod export;
pub mod progress;
pub mod record;
pub mod stats;
pub mod travel;

pub use record::{STIFFNESS_MAX, SessionRecord, StepOutcome, StepRecord, Stiffness, WallTime};
pub use stats::{
    Best, RoutineTotal, best_open_hold, best_text, bests, ever_painful, is_attempt,
    painful_exercises, sessions, streak, streak_with_session_on, today_counts, totals,
};
