//! Sound: the players that make the cues' sounds. A shell: the core never imports this
//! module; the terminal loop hands each [`Sound`] to a [`Player`]. Which sound a cue makes
//! is decided in the core (`crate::cue`); this module only plays. [`Sound`] and
//! [`AudioStatus`] are the core's, re-exported because the [`Player`] trait speaks them.
//!
//! Contract (the UI relies on it): `play` never blocks and never prints; a player that
//! cannot make sound reports `AudioStatus::Off` with a reason, and the UI then shows the
//! reason and rings the terminal bell instead.
//!
//! - [`sounds`]: the embedded chimes, the user's own files, decoding.
//! - [`rodio_player`]: the real player on its own thread: its handle, the device and
//!   format choice, our own mixer (the stream's callback), and the thread protocol.
//! - `alsa`: keeps libasound from printing over the screen.
//!
//! Start-up: call [`silence_system_audio_logs`] first, then [`open`].

pub mod rodio_player;
pub mod sounds;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use crate::cue::{AudioStatus, Missed, Sound};
/// Keeps ALSA quiet: libasound prints its errors ("ALSA lib confmisc.c:… cannot find card
/// '0'") straight over the user's screen unless a handler is installed. Call once at
/// start-up, before anything opens an audio device; calling it again is harmless.
pub fn silence_system_audio_logs() {
    crate::sys::silence_alsa_errors();
}
pub use rodio_player::RodioPlayer;

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
            volume: crate::prefs::DEFAULT_VOLUME,
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

/// Plays sounds without blocking the caller.
pub trait Player {
    fn play(&mut self, sound: Sound);
    /// 0–100.
    fn set_volume(&mut self, volume: u8);
    fn volume(&self) -> u8;
    fn set_muted(&mut self, muted: bool);
    fn status(&self) -> AudioStatus;
    /// The cues handed to `play` that were not heard since the last call (no device, or
    /// the device took them too late), for the trace; the shells ask after every update.
    fn take_missed(&mut self) -> Vec<Missed> {
        Vec::new()
    }
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
            volume: crate::prefs::DEFAULT_VOLUME,
            muted: false,
            reason: Some(reason.into()),
        }
    }
    /// A silent player that pretends sound is on (tests record what was played).
    pub fn recording() -> Self {
        SilentPlayer {
            played: Vec::new(),
            volume: crate::prefs::DEFAULT_VOLUME,
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
