//! Sound: which sound each cue makes, and the players that make it. A shell: the core
//! never imports this module; the terminal loop hands cues to a [`Player`].
//!
//! Contract (the UI relies on it): `play` never blocks and never prints; a player that
//! cannot make sound reports `AudioStatus::Off` with a reason, and the UI then shows the
//! reason and rings the terminal bell instead.

use crate::session::Cue;

/// The distinct sounds, one per kind of moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sound {
    /// Soft tick for the 3-2-1 before a hold.
    GetReady,
    /// A hold begins.
    HoldStart,
    /// A range hold reached its minimum: "you may release".
    RangeMin,
    /// The last three seconds of a hold, and halfway / one minute left on long holds.
    Countdown,
    /// Change sides.
    SwitchSides,
    /// A step (or a rep) is over.
    StepEnd,
    /// The routine is finished.
    SessionComplete,
    /// A long step is over and nobody has acknowledged it: hard to miss.
    Alarm,
}

/// What the player can do right now, for the footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AudioStatus {
    On,
    Muted,
    /// No sound can be made; the reason is shown ("no audio device").
    Off(String),
}

/// Plays sounds without blocking the caller.
pub trait Player {
    fn play(&mut self, sound: Sound);
    /// 0–100.
    fn set_volume(&mut self, volume: u8);
    fn volume(&self) -> u8;
    fn set_muted(&mut self, muted: bool);
    fn status(&self) -> AudioStatus;
}

/// The sound a cue makes, if any.
pub fn sound_for(cue: &Cue) -> Option<Sound> {
    Some(match cue {
        Cue::LeadIn(_) => Sound::GetReady,
        Cue::HoldStart { .. } => Sound::HoldStart,
        Cue::RangeMinReached { .. } => Sound::RangeMin,
        Cue::Countdown(_) | Cue::Halfway { .. } | Cue::OneMinuteLeft { .. } => Sound::Countdown,
        Cue::SwitchSides { .. } => Sound::SwitchSides,
        Cue::RepDone { .. } | Cue::StepEnd { .. } => Sound::StepEnd,
        Cue::SessionComplete => Sound::SessionComplete,
        Cue::LongStepAlarm { .. } => Sound::Alarm,
        Cue::StepStart { .. } | Cue::RestStart { .. } => return None,
    })
}

/// A player that makes no sound: for tests, `--mute` without a device, and the fallback.
#[derive(Debug, Clone)]
pub struct SilentPlayer {
    pub played: Vec<Sound>,
    volume: u8,
    muted: bool,
    reason: Option<String>,
}

impl SilentPlayer {
    /// A silent player that says sound is off for `reason`.
    pub fn off(reason: impl Into<String>) -> Self {
        SilentPlayer {
            played: Vec::new(),
            volume: 80,
            muted: false,
            reason: Some(reason.into()),
        }
    }
    /// A silent player that pretends sound is on (tests record what was played).
    pub fn recording() -> Self {
        SilentPlayer {
            played: Vec::new(),
            volume: 80,
            muted: false,
            reason: None,
        }
    }
}

impl Player for SilentPlayer {
    fn play(&mut self, sound: Sound) {
        if !self.muted {
            self.played.push(sound);
        }
    }
    fn set_volume(&mut self, volume: u8) {
        self.volume = volume.min(100);
    }
    fn volume(&self) -> u8 {
        self.volume
    }
    fn set_muted(&mut self, muted: bool) {
        self.muted = muted;
    }
    fn status(&self) -> AudioStatus {
        match (&self.reason, self.muted) {
            (_, true) => AudioStatus::Muted,
            (Some(r), false) => AudioStatus::Off(r.clone()),
            (None, false) => AudioStatus::On,
        }
    }
}
