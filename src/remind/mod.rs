//! Desk mode: `backease remind` reminds a person at their desk to take a break every
//! interval of their working day and starts the break routine; `backease status` prints
//! one line about it for a status bar.
//!
//! Core (pure, on an injected clock): [`schedule`] (the state machine), [`hours`]
//! (working hours and days), [`stamp`] (instants as written in files).
//! Shells: none yet.

pub mod hours;
pub mod schedule;
pub mod stamp;
