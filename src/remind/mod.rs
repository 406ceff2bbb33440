//! Desk mode's shells: [`files`] (the lock, the state file, the day records) and [`idle`]
//! (whether the person is away: systemd-logind over D-Bus, or nothing). The pure parts
//! (the schedule, working hours, the screen's state, the status line) are the core's
//! `backease_core::remind`, re-exported here so that `backease::remind::*` names both.
//! Nothing here decides when a break is due: it reads and writes what the core decided.

pub use backease_core::remind::{hours, schedule, screen, stamp, status};

pub mod files;
pub mod idle;
