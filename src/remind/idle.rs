//! Whether the person is away from the desk, for natural breaks: a small trait
//! ([`IdleSource`]) with systemd-logind's session hints over the system D-Bus
//! ([`logind::Logind`]: `IdleHint`/`IdleSinceHint`, `LockedHint`) and a source that knows
//! nothing ([`NoIdle`], with the reason the view shows once). A shell: it talks to the
//! system.

pub mod logind;

use jiff::Timestamp;

use super::schedule::Away;

/// The person is away: since when, and how the machine knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AwayNow {
    pub since: Timestamp,
    pub why: Away,
}

/// Somewhere to ask whether the person is away.
pub trait IdleSource {
    /// `Ok(None)` when the person is at the desk; `Err` with a short note when the source
    /// stopped answering. `now` stands in for a start time the source does not know (a
    /// lock without a "since").
    fn away(&mut self, now: Timestamp) -> Result<Option<AwayNow>, String>;
}

/// No idle source: only sleep and routines count as breaks.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoIdle;

impl IdleSource for NoIdle {
    fn away(&mut self, _now: Timestamp) -> Result<Option<AwayNow>, String> {
        Ok(None)
    }
}

/// The best source here: logind when it answers for this session, else [`NoIdle`] and
/// the note to show once.
pub fn open() -> (Box<dyn IdleSource>, Option<String>) {
    match logind::Logind::system() {
        Ok(source) => (Box::new(source), None),
        Err(why) => (
            Box::new(NoIdle),
            Some(format!(
                "no idle source ({why}): time away from the keyboard is not noticed; \
                 sleep and routines count as breaks"
            )),
        ),
    }
}
