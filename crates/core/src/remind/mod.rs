//! Desk mode: `backease remind` reminds a person at their desk to take a break every
//! interval of their working day and starts the break routine; `backease status` prints
//! one line about it for a status bar.
//!
//! Core (pure, on an injected clock): [`schedule`] (the state machine), [`hours`]
//! (working hours and days), [`screen`] (the reminder's screen as state: keys and time
//! in, effects out), [`status`] (the status line from what the reminder wrote), [`stamp`]
//! (instants as written in files).
//!
//! The shells that touch the world (the lock, the state file and the day records; whether
//! the person is away, from systemd-logind over D-Bus) live in the binary crate's
//! `remind::files` and `remind::idle`, which depend on this module, never the reverse.

pub mod autostart;
pub mod hours;
pub mod schedule;
pub mod screen;
pub mod stamp;
pub mod status;
