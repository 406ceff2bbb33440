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
//! - Volume follows the sound's: `espeak -a` follows the chimes' loudness
//!   ([`espeak_amplitude`], a measured table: speech within 2 LU of the chimes), and so does
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

/// espeak-ng's `-a` at every tenth volume, measured so that speech is as loud as the
/// chimes: the step-end chime at the player's gain (`0.8 × (volume/100)²`, -18.0 LUFS at
/// full scale) against two sets of phrases rendered at each amplitude from 1 to 160, long
/// ones (a step's start, a switch, a step's end) and the short ones said at busy moments
/// ("Two.", "Last one.", "Right foot."). Short phrases measure about 1.3 LU quieter than
/// long ones at the same amplitude, so each row is the amplitude that puts the chime
/// midway between them (the smallest worst difference). Calibrated with
/// `scripts/measure_speech_levels.sh --ladder` (espeak-ng 1.51, ffmpeg's `ebur128`) and
/// checked, on files and on a real sound server, by the script's other two modes.
///
/// The formula it replaced (`104 × (volume/100)²`) left short phrases 2.2 LU under the
/// chimes at volume 40, and between tenths gave amplitudes espeak-ng plays as the one
/// below (3 at volume 15, 7 LU under).
const ESPEAK_AMPLITUDE: [(u8, u32); 10] = [
    (10, 2),
    (20, 6),
    (30, 11),
    (40, 20),
    (50, 30),
    (60, 42),
    (70, 57),
    (80, 73),
    (90, 93),
    (100, 113),
];

/// espeak-ng's loudness step for an amplitude: it scales `-a` by 55/100 and drops the
/// fraction (`GetAmplitude` in its `wavegen.c`; measured: 2 and 3 sound the same, so do 4
/// and 5, ..., 11 and 12).
fn espeak_level(amplitude: u32) -> u32 {
    amplitude * 55 / 100
}

/// espeak-ng's `-a` for our volume (0–100), so that speech is as loud as the chimes
/// (within 2 LU; see `ESPEAK_AMPLITUDE` for how it was measured).
///
/// At a row of the table, its amplitude. Between two rows the amplitude follows a power of
/// the volume through both (the chimes' own curve is one, `volume²`), and is rounded to
/// the nearest of espeak-ng's steps ([`espeak_level`]): below about 20 only every other
/// amplitude is a step, and one step is 3 to 7 dB, so at volumes 11–13, 17–18 and 21 no
/// amplitude is within 2 LU of the chimes for both long and short phrases (the nearest is).
/// Under 10 the chimes fall towards the -70 LUFS gate; speech stays at 2, the quietest
/// espeak-ng speaks (1 is silence).
pub fn espeak_amplitude(volume: u8) -> u32 {
    let volume = volume.min(100);
    if volume == 0 {
        return 0;
    }
    let rows = &ESPEAK_AMPLITUDE;
    let Some(hi) = rows.iter().position(|&(v, _)| v >= volume) else {
        return rows[rows.len() - 1].1;
    };
    let (v1, a1) = rows[hi];
    if v1 == volume || hi == 0 {
        return a1;
    }
    let (v0, a0) = rows[hi - 1];
    let t = (f64::from(volume) / f64::from(v0)).ln() / (f64::from(v1) / f64::from(v0)).ln();
    let x = f64::from(a0) * (f64::from(a1) / f64::from(a0)).powf(t);
    let target = x * 0.55;
    let off = |a: u32| (f64::from(espeak_level(a).max(1)) / target).ln().abs();
    let below = x.floor() as u32;
    [below, below + 1, below + 2]
        .into_iter()
        .min_by(|&a, &b| off(a).total_cmp(&off(b)))
        .unwrap_or(below)
        .max(2)
}

/// speech-dispatcher's `-i` (-100..100) for our volume (0–100), so that speech is as loud
/// as the chimes. Its espeak-ng module (the default one) sets espeak-ng's amplitude to
/// `-i + 100` (speech-dispatcher's `modules/espeak.c`, `espeak_set_volume`), so `-i` is
/// [`espeak_amplitude`] less 100: -27 at volume 80, where the linear `2 × volume - 100`
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

#[cfg(test)]
mod tests {
    use super::{ESPEAK_AMPLITUDE, espeak_amplitude, espeak_level, spd_volume};

    #[test]
    fn the_measured_rows_are_what_espeak_ng_is_given() {
        // The formula it replaced gave 18 at 40 (short phrases 2.2 LU under the chimes)
        // and 67 at 80.
        for (volume, amplitude) in [(10, 2), (20, 6), (40, 20), (80, 73), (100, 113)] {
            assert_eq!(espeak_amplitude(volume), amplitude, "volume {volume}");
        }
        for (volume, amplitude) in ESPEAK_AMPLITUDE {
            assert_eq!(espeak_amplitude(volume), amplitude, "volume {volume}");
        }
        assert_eq!(espeak_amplitude(0), 0);
        assert_eq!(espeak_amplitude(200), 113);
    }

    #[test]
    fn every_volume_gets_a_step_of_its_own_and_louder_never_quieter() {
        let mut last = 0;
        for volume in 1..=100u8 {
            let a = espeak_amplitude(volume);
            assert!(a >= 2, "volume {volume}: {a} is silence");
            assert!(a >= last, "volume {volume}: {a} after {last}");
            // espeak-ng plays `a - 1` the same as `a` when both are one step: the
            // interpolation would then have rounded to a step it did not mean.
            assert_ne!(espeak_level(a - 1), espeak_level(a), "volume {volume}: {a}");
            last = a;
        }
        // Between rows: the power of the volume through both, on espeak-ng's steps
        // (a plain rounding gave 3 at 12-14, which espeak-ng says like 2: 5-7 LU under).
        for volume in 12..=16 {
            assert_eq!(espeak_amplitude(volume), 4, "volume {volume}");
        }
        assert_eq!(espeak_amplitude(11), 2);
        assert_eq!(espeak_amplitude(25), 10);
    }

    #[test]
    fn speech_dispatcher_plays_the_same_amplitude() {
        for volume in 0..=100u8 {
            let a = i32::try_from(espeak_amplitude(volume)).expect("small");
            assert_eq!(spd_volume(volume), a - 100, "volume {volume}");
        }
    }
}
