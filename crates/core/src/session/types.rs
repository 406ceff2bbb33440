//! The engine's vocabulary: its tunables ([`Config`]), the cues it hands out (each with
//! the moment it fell due, [`Due`]), how a step ended ([`Outcome`]) and the phase a
//! screen shows ([`Phase`]). Plain data: no clock, no I/O.

use std::time::{Duration, Instant};

/// Tunables the preferences may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Lead-in before a timed hold when the step does not set its own.
    pub lead_in: Duration,
    /// The least get-ready when a step moves between the floor and standing or sitting.
    pub lead_in_up_down: Duration,
    /// The least get-ready when a step moves from one floor position to another.
    pub lead_in_floor: Duration,
    /// After a long hold, how often the alarm repeats until acknowledged.
    pub alarm_repeat: Duration,
    /// After this long unacknowledged the alarm stops (the step still waits for Enter).
    pub alarm_give_up: Duration,
    /// Whether long holds end with the repeating alarm and wait for acknowledgement.
    pub long_alarm: bool,
    /// Cues due longer ago than this are dropped (see the module doc).
    pub stale_after: Duration,
    /// How the person listens to the voice: each step's get-ready is then at least long
    /// enough for its spoken start to end before the 3-2-1
    /// (`cue::speech::lead_in_to_say`). `None`: no voice, the get-ready as set.
    pub speech: Option<crate::cue::speech::Listening>,
}

impl Config {
    /// The get-ready lengths, plain and for changing position.
    pub fn lead_ins(&self) -> crate::routine::LeadIns {
        crate::routine::LeadIns {
            plain: self.lead_in,
            up_down: self.lead_in_up_down,
            floor: self.lead_in_floor,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            lead_in: crate::routine::DEFAULT_LEAD_IN,
            lead_in_up_down: crate::routine::body::DEFAULT_UP_DOWN,
            lead_in_floor: crate::routine::body::DEFAULT_FLOOR_MOVE,
            alarm_repeat: Duration::from_secs(20),
            alarm_give_up: Duration::from_secs(600),
            long_alarm: true,
            stale_after: Duration::from_secs(2),
            speech: None,
        }
    }
}

/// Something the shells should make the person notice (a sound, a flash, a notification).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// A step begins (its first segment, lead-in or hold).
    StepStart { step: usize },
    /// 3, 2, 1 before a hold begins (end of get ready, rest or switch).
    LeadIn(u8),
    /// A hold begins.
    HoldStart {
        step: usize,
        side: Option<usize>,
        rep: u32,
    },
    /// A range hold reached its minimum: the person may release.
    /// `first`: in the step's first hold (first rep, side and round): "you may
    /// release" is said then, and only shown after.
    RangeMinReached { step: usize, first: bool },
    /// Halfway through a long hold.
    Halfway { step: usize },
    /// One minute left of a long hold.
    OneMinuteLeft { step: usize },
    /// 3, 2, 1: the last seconds of a hold.
    Countdown(u8),
    /// Change to the given side now.
    SwitchSides { step: usize, side: usize },
    /// A rep ended and a rest follows.
    RepDone { step: usize, rep: u32 },
    /// Rest between reps begins.
    RestStart { step: usize },
    /// A step is over, with how it ended.
    StepEnd { step: usize, outcome: Outcome },
    /// A long hold ended and nobody has acknowledged it yet (`count` from 1).
    LongStepAlarm { step: usize, count: u32 },
    /// The last step is over.
    SessionComplete,
}

impl Cue {
    /// Cues kept even when their moment is long past (only the last of each kind).
    pub(super) fn survives_jump(&self) -> bool {
        matches!(
            self,
            Cue::StepEnd { .. } | Cue::LongStepAlarm { .. } | Cue::SessionComplete
        )
    }
}

/// A cue with the moment it fell due (on the injected clock). A cue handed out by
/// [`Session::tick`](super::Session::tick) or a control is due at or before the `now`
/// passed in: a deadline that passed, or `now` itself for what a key caused. A shell
/// measures its own lateness as its now minus `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub cue: Cue,
    pub at: Instant,
}

/// How a step ended. `held` is the time spent in its holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Outcome {
    #[default]
    Pending,
    Done {
        held: Duration,
    },
    /// Skipped; with `held > 0` it was ended early.
    Skipped {
        held: Duration,
    },
    /// The person said it hurt (`x`).
    Painful {
        held: Duration,
    },
    /// The session stopped during this step ("stopped here"), with the time held so far.
    /// The step has not ended: resuming the session continues it from there.
    Stopped {
        held: Duration,
    },
}

impl Outcome {
    pub fn held(&self) -> Duration {
        match *self {
            Outcome::Pending => Duration::ZERO,
            Outcome::Done { held }
            | Outcome::Skipped { held }
            | Outcome::Painful { held }
            | Outcome::Stopped { held } => held,
        }
    }
    /// The step has not ended: not reached yet, or the session stopped during it.
    pub fn is_pending(&self) -> bool {
        matches!(self, Outcome::Pending | Outcome::Stopped { .. })
    }
}

/// The phase in words a screen can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    GetReady,
    Hold,
    /// Counting up until the person ends it.
    OpenHold,
    Rest,
    SwitchSides,
    /// Untimed: press Enter when done.
    WaitForUser,
    /// A long hold ended: the alarm repeats until Enter.
    Alarm,
    Finished,
}
