//! Speech: says the core's phrases through the desktop's speech engine. A shell: the core
//! decides *what* is said (`crate::cue::phrase`); this module only runs the engine.
//!
//! Contract (the loop relies on it, like the audio player's): [`Speaker::say`] never
//! blocks and never prints; a speaker that cannot speak reports
//! `VoiceStatus::Unavailable` with a reason the screen shows, and the session goes on.
//!
//! - Engines, in the order `voice: "auto"` looks for them on `PATH`: speech-dispatcher's
//!   `spd-say` (what screen readers use on Linux, so it speaks with the person's own voice
//!   settings), `espeak-ng`, `espeak`, and `say` on macOS. `voice: "<command>"` runs the
//!   person's own command (split at spaces, no shell) with the phrase as its last argument.
//! - Volume follows the sound's: `espeak -a` follows the chimes' loudness curve
//!   ([`espeak_amplitude`]: speech within 1 LU of the chimes at every volume), and so does
//!   `spd-say -i` through its espeak-ng module's mapping ([`spd_volume`]); macOS `say` gets a
//!   `[[volm]]` command; a person's own command is not told. Mute silences speech too.
//! - [`worker`]: the thread that waits for the chime, runs the engine and cuts or queues.

pub mod measure;
mod worker;

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use crate::cue::{Phrase, Urgency, VoiceStatus};
use crate::prefs::Voice;
pub use worker::CommandSpeaker;

/// The note shown when `voice: "auto"` finds nothing to speak with.
pub const NO_ENGINE: &str = "no speech engine (install speech-dispatcher or espeak-ng)";

/// Speaks phrases without blocking the caller.
pub trait Speaker {
    /// Speaks `phrase` once `after` has passed (the chime it belongs to). A phrase still
    /// waiting is replaced; one being spoken is cut when `phrase` is at least as urgent,
    /// else it finishes first (see [`worker`]).
    fn say(&mut self, phrase: Phrase, after: Duration);
    /// 0–100; applies from the next phrase.
    fn set_volume(&mut self, volume: u8);
    /// Muted: nothing is said, and a phrase being spoken is cut.
    fn set_muted(&mut self, muted: bool);
    fn status(&self) -> VoiceStatus;
}

/// How to run one speech engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// speech-dispatcher's client.
    SpdSay(PathBuf),
    /// eSpeak NG, or the older eSpeak (same options).
    Espeak(PathBuf),
    /// macOS.
    Say(PathBuf),
    /// The person's own command and its arguments; the phrase comes last.
    Command { program: PathBuf, args: Vec<String> },
}

impl Engine {
    /// The engine's name for people ("spd-say", "espeak-ng", "my-tts").
    pub fn name(&self) -> String {
        let program = match self {
            Engine::SpdSay(p) | Engine::Espeak(p) | Engine::Say(p) => p,
            Engine::Command { program, .. } => program,
        };
        program
            .file_name()
            .unwrap_or(program.as_os_str())
            .to_string_lossy()
            .into_owned()
    }

    /// The program and its arguments for one phrase at `volume` (0–100).
    pub fn argv(&self, text: &str, volume: u8) -> (PathBuf, Vec<OsString>) {
        let volume = i32::from(volume.min(100));
        let os = |s: String| OsString::from(s);
        match self {
            // -w: the client stays until the phrase is spoken, so the worker knows when it
            // may start the next; -N names us in speech-dispatcher's per-client settings.
            Engine::SpdSay(p) => (
                p.clone(),
                vec![
                    os("-w".into()),
                    os("-N".into()),
                    os("backease".into()),
                    os("-i".into()),
                    os(spd_volume(u8::try_from(volume).unwrap_or(100)).to_string()),
                    os(text.into()),
                ],
            ),
            Engine::Espeak(p) => (
                p.clone(),
                vec![
                    os("-a".into()),
                    os(espeak_amplitude(u8::try_from(volume).unwrap_or(100)).to_string()),
                    os(text.into()),
                ],
            ),
            Engine::Say(p) => (
                p.clone(),
                vec![os(format!(
                    "[[volm {:.2}]] {text}",
                    f64::from(volume) / 100.0
                ))],
            ),
            Engine::Command { program, args } => (
                program.clone(),
                args.iter()
                    .cloned()
                    .map(OsString::from)
                    .chain([os(text.into())])
                    .collect(),
            ),
        }
    }
}

/// espeak-ng's `-a` for our volume (0–100), so that speech is as loud as the chimes.
///
/// The chimes play at `0.8 × (volume/100)²` of full scale (the player's curve) and measure
/// -18.0 LUFS at full scale (`tests/sound_levels.rs`). espeak-ng's amplitude is linear:
/// its speech measured -20.3 LUFS at `-a 100` (-24.8 at 60, -28.4 at 40; ffmpeg's
/// ebur128 on phrases of the app). Equal loudness: `a = 100 × 10^(2.3/20) × 0.8 ×
/// (volume/100)²`, about `104 × (volume/100)²`: 67 at 80 where it was 160, 7.6 LU louder
/// than the chimes (docs/sound.md). Below about 20 espeak-ng is 2-3 dB quieter than
/// linear (-47.3 LUFS at 6, -42.6 at 10), so small amplitudes are raised by up to 45 %.
/// `scripts/measure_speech_levels.sh` measures the result.
pub fn espeak_amplitude(volume: u8) -> u32 {
    let v = f64::from(volume.min(100)) / 100.0;
    let linear = 104.0 * v * v;
    let quiet = (1.0 - linear / 20.0).max(0.0);
    let a = (linear * (1.0 + 0.45 * quiet)).round() as u32;
    // 1 is next to silence (-70 LUFS); 2 is what the chimes are at volume 10.
    if volume > 0 { a.max(2) } else { 0 }
}

/// speech-dispatcher's `-i` (-100..100) for our volume (0–100), so that speech is as loud
/// as the chimes. Its espeak-ng module (the default one) sets espeak-ng's amplitude to
/// `-i + 100` (speech-dispatcher's `modules/espeak.c`, `espeak_set_volume`), so `-i` is
/// [`espeak_amplitude`] less 100: -33 at volume 80, where the linear `2 × volume - 100`
/// gave +60 (amplitude 160, 7.6 LU louder than the chimes). Another module maps `-i` its
/// own way; that is not measured (docs/sound.md).
pub fn spd_volume(volume: u8) -> i32 {
    let a = i32::try_from(espeak_amplitude(volume)).unwrap_or(200);
    (a - 100).clamp(-100, 100)
}

/// The engine the preference asks for, looked up on `path` (the `PATH` variable's value),
/// or the status to show instead. Never runs anything.
pub fn choose(voice: &Voice, path: Option<&OsStr>) -> Result<Engine, VoiceStatus> {
    match voice {
        Voice::Off => Err(VoiceStatus::Off),
        Voice::Auto => {
            let found = |name: &str| find_program(name, path);
            if let Some(p) = found("spd-say") {
                return Ok(Engine::SpdSay(p));
            }
            for name in ["espeak-ng", "espeak"] {
                if let Some(p) = found(name) {
                    return Ok(Engine::Espeak(p));
                }
            }
            if cfg!(target_os = "macos")
                && let Some(p) = found("say")
            {
                return Ok(Engine::Say(p));
            }
            Err(VoiceStatus::Unavailable(NO_ENGINE.to_string()))
        }
        Voice::Command(command) => {
            let mut words = command.split_whitespace();
            let Some(first) = words.next() else {
                return Err(VoiceStatus::Unavailable(
                    "the voice command is empty".into(),
                ));
            };
            let program = find_program(first, path).ok_or_else(|| {
                VoiceStatus::Unavailable(format!("voice command not found: {first}"))
            })?;
            Ok(Engine::Command {
                program,
                args: words.map(str::to_string).collect(),
            })
        }
    }
}

/// An executable named `name`: itself when it holds a `/`, else the first on `path`.
pub fn find_program(name: &str, path: Option<&OsStr>) -> Option<PathBuf> {
    if name.contains('/') {
        let p = PathBuf::from(name);
        return is_executable(&p).then_some(p);
    }
    std::env::split_paths(path?)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The speaker for this session: the engine the preference names (found on this
/// process's `PATH`), or a silent one saying why there is none. Starts no thread: the
/// worker starts with the first phrase.
pub fn open(voice: &Voice, volume: u8, muted: bool) -> Box<dyn Speaker> {
    let path = std::env::var_os("PATH");
    match choose(voice, path.as_deref()) {
        Ok(engine) => Box::new(CommandSpeaker::new(engine, volume, muted)),
        Err(status) => Box::new(SilentSpeaker::new(status)),
    }
}

/// A speaker that says nothing: for `voice: "off"`, no engine, and tests (it records what
/// it was asked to say).
#[derive(Debug, Clone)]
pub struct SilentSpeaker {
    pub said: Vec<(Phrase, Duration)>,
    status: VoiceStatus,
    muted: bool,
}

impl SilentSpeaker {
    pub fn new(status: VoiceStatus) -> SilentSpeaker {
        SilentSpeaker {
            said: Vec::new(),
            status,
            muted: false,
        }
    }
    /// A silent speaker that reports it is on (tests read `said`).
    pub fn recording() -> SilentSpeaker {
        SilentSpeaker::new(VoiceStatus::On("recording".into()))
    }
}

impl Speaker for SilentSpeaker {
    fn say(&mut self, phrase: Phrase, after: Duration) {
        if !self.muted {
            self.said.push((phrase, after));
        }
    }
    fn set_volume(&mut self, _: u8) {}
    fn set_muted(&mut self, muted: bool) {
        self.muted = muted;
    }
    fn status(&self) -> VoiceStatus {
        self.status.clone()
    }
}
