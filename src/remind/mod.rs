//! Desk mode's shells: [`files`] (the lock, the state file, the day records), [`idle`]
//! (whether the person is away: systemd-logind over D-Bus, or nothing), [`control`] (the
//! running reminder's socket for `backease pause`/`resume` and the notification's
//! buttons), [`desktop`] (the background reminder's notification with Start, Snooze and
//! Skip), [`terminal`] (where Start opens the routine), [`quiet`] (programs and
//! do-not-disturb that hold reminders off) and [`install`] (`remind --install`, over the
//! core's `autostart` texts). The pure parts
//! (the schedule, working hours, the screen's state, the status line) are the core's
//! `backease_core::remind`, re-exported here so that `backease::remind::*` names both.
//! Nothing here decides when a break is due: it reads and writes what the core decided.

pub use backease_core::remind::{autostart, hours, schedule, screen, stamp, status};

pub mod control;
pub mod desktop;
pub mod files;
pub mod idle;
pub mod install;
pub mod quiet;
pub mod terminal;
