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
//! Start-up: [`lend_pulse_cookie`] first thing in `main`, then
//! [`silence_system_audio_logs`], then [`open`].

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

/// The file name, in `XDG_RUNTIME_DIR`, of the cookie [`lend_pulse_cookie`] lends.
pub const LENT_COOKIE: &str = "backease-pulse-cookie";

/// Lets cpal's own PulseAudio host in where the person has no PulseAudio cookie file.
///
/// The host sends the cookie file's bytes when it connects, and nothing when there is no
/// file (PipeWire's pulse server writes none; nor does a server started with
/// `auth-anonymous`); the server then refuses it with a protocol error and cpal falls back
/// to ALSA, whose pulse plugin stalls and loses cues after a reopen (docs/sound.md) and
/// brings libpulse with a dozen libraries into the process. libpulse itself would send 256
/// bytes of a new cookie; this lends the host 256 zero bytes the same way: `PULSE_COOKIE`
/// names a file in `XDG_RUNTIME_DIR` (the user's own, private). A server that checks
/// cookies has its own file, which is then found first and this does nothing; over a
/// local socket the server knows the user by the socket's credentials.
///
/// Call first thing in `main`: it sets an environment variable, which it does only while
/// the process has a single thread (else it does nothing).
pub fn lend_pulse_cookie() {
    if pulseaudio::socket_path_from_env().is_none() || pulseaudio::cookie_path_from_env().is_some()
    {
        return;
    }
    let Some(dir) = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|d| d.is_absolute() && d.is_dir())
    else {
        return;
    };
    let path = dir.join(LENT_COOKIE);
    let ready = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file() && m.len() == 256);
    if ready || std::fs::write(&path, [0u8; 256]).is_ok() {
        crate::sys::set_env_while_single_threaded("PULSE_COOKIE", path.as_os_str());
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
    let (clips, warnings) = sounds::load_playable(&settings.custom);
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
    /// Waits (at most `within`) until the cues already handed to `play` have been heard to
    /// their end: for a shell about to exit right after a cue (plain mode's session
    /// complete), whose process would otherwise take the sound with it.
    fn finish(&mut self, within: std::time::Duration) {
        let _ = within;
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
