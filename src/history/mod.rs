//! What a person has done: one [`SessionRecord`] per run of a routine, and the numbers
//! computed from them: the streak, totals per routine, personal bests for open-ended
//! holds, and which exercises hurt last time.
//!
//! Pure: no files, no clock. Records come from the store; "today" is a parameter. The
//! text of `backease history` is built in `commands::history`. Records and their file
//! format are [`record`]; the numbers are [`stats`].
//!
//! Times are wall-clock instants kept with the UTC offset in effect when they were taken
//! ([`WallTime`]), so a session belongs to the local day it happened on wherever the
//! person is now: 23:30 in UTC+2 is that evening, not the next UTC morning.
//!
//! A session quit midway is recorded when it is quit; if it is later resumed, the
//! resumed run's record names the earlier one in `continues` and *supersedes* it: the
//! session and its steps count once (from the latest record), while the time of every
//! run still counts.

pub mod record;
pub mod stats;

pub use record::{SessionRecord, StepOutcome, StepRecord, WallTime};
pub use stats::{
    Best, RoutineTotal, best_open_hold, best_text, bests, is_attempt, painful_exercises, sessions,
    streak, streak_with_session_on, today_counts, totals,
};
