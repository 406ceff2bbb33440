//! Desk mode: `backease remind` reminds a person at their desk to take a break every
//! interval of their working day and starts the break routine; `backease status` prints
//! one line about it for a status bar.
//!
//! Core (pure, on an injected clock): [`schedule`] (the state machine), [`hours`]
//! (working hours and days), [`screen`] (the reminder's screen as state: keys and time
//! in, effects out), [`status`] (the status line from what the reminder wrote), [`stamp`]
//! (instants as written in files).
//!
//! Shells (they touch the world; the core above never imports them): [`files`] (the
//! lock, the state file, the day records) and [`idle`] (whether the person is away:
//! systemd-logind over D-Bus, or nothing).

pub mod files;
pub mod hours;
pub mod idle;
pub mod schedule;
pub mod screen;
pub mod stamp;
pub mod status;
