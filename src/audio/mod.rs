//! Sound: which sound each cue makes, and the players that make it. A shell: the core
//! never imports this module; the terminal loop hands cues to a [`Player`].
//!
//! Contract (the UI relies on it): `play` never blocks and never prints; a player that
//! cannot make sound reports `AudioStatus::Off` with a reason, and the UI then shows the
//! reason and rings the terminal bell instead.
//!
//! - [`sounds`]: the embedded chimes, the user's own files, decoding.
//! - [`rodio_player`]: the real player on its own thread.
//! - `alsa`: keeps libasound from printing over the screen.
//!
//! Start-up: call [`silence_system_audio_logs`] first, then [`open`].

mod alsa;
pub mod rodio_player;
pub mod sounds;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::session::Cue;

pub use alsa::silence_system_audio_logs;
pub use rodio_player::RodioPlayer;

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

impl Sound {
    /// Every sound, in order.
    pub const ALL: [Sound; 8] = [
        Sound::GetReady,
        Sound::HoldStart,
        Sound::RangeMin,
        Sound::Countdown,
        Sound::SwitchSides,
        Sound::StepEnd,
        Sound::SessionComplete,
        Sound::Alarm,
    ];

    /// The name a person reads in a message ("sound for switch sides: …").
    pub fn name(self) -> &'static str {
        match self {
            Sound::GetReady => "get ready",
            Sound::HoldStart => "hold start",
            Sound::RangeMin => "range minimum",
            Sound::Countdown => "countdown",
            Sound::SwitchSides => "switch sides",
            Sound::StepEnd => "step end",
            Sound::SessionComplete => "session complete",
            Sound::Alarm => "alarm",
        }
    }

    /// The key used in preferences and file names (`switch_sides`).
    pub fn key(self) -> &'static str {
        match self {
            Sound::GetReady => "get_ready",
            Sound::HoldStart => "hold_start",
            Sound::RangeMin => "range_min",
            Sound::Countdown => "countdown",
            Sound::SwitchSides => "switch_sides",
            Sound::StepEnd => "step_end",
            Sound::SessionComplete => "session_complete",
            Sound::Alarm => "alarm",
        }
    }

    /// The sound for a preferences key (`switch_sides`, also `switch-sides`).
    pub fn from_key(key: &str) -> Option<Sound> {
        let key = key.trim().replace('-', "_");
        Sound::ALL.into_iter().find(|s| s.key() == key)
    }
}

impl std::fmt::Display for Sound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// How sound is set up: from the command line and preferences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudioSettings {
    /// 0–100.
    pub volume: u8,
    pub muted: bool,
    /// The user's own file for some sounds (WAV).
    pub custom: BTreeMap<Sound, PathBuf>,
}

impl Default for AudioSettings {
    fn default() -> Self {
        AudioSettings {
            volume: 80,
            muted: false,
            custom: BTreeMap::new(),
        }
    }
}

/// The player for this session, and warnings for the user (one per custom sound file that
/// could not be used, e.g. "sound for alarm: /x/y.wav could not be decoded (…); using the
/// built-in one"). Never fails: with no audio device the player's status is
/// `AudioStatus::Off("no audio device")`, it keeps quiet, and it tries the device again
/// later (a headset plugged in mid-session starts working on a later cue).
pub fn open(settings: &AudioSettings) -> (Box<dyn Player>, Vec<String>) {
    let (player, warnings) = open_rodio(settings);
    (Box::new(player), warnings)
}

/// [`open`], keeping the concrete type (for measurements: [`RodioPlayer::stats`]).
pub fn open_rodio(settings: &AudioSettings) -> (RodioPlayer, Vec<String>) {
    let (clips, warnings) = sounds::load_clips(&settings.custom);
    let player = RodioPlayer::start(clips, settings.volume, settings.muted);
    (player, warnings)
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
