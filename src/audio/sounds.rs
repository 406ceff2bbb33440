//! The built-in chimes (embedded WAV files made by `examples/gen_sounds.rs`), the user's own
//! files from preferences, and decoding both into ready-to-play clips. No device here: this
//! module only turns bytes into samples, so every part of it is testable without sound.
//!
//! Nothing in a user's file can crash the app: [`header`] checks every field before its
//! samples are read, and reads only within the data the check found; a bad file is one
//! [`ClipError`], and the built-in sound plays instead.

mod header;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::cue::Sound;

/// A user's sound file may be at most this large (bigger is surely not a chime): the
/// store's bound for sounds, which it reads with.
pub const MAX_FILE_BYTES: u64 = crate::store::read::SOUND_LIMIT;
/// A user's sound plays for at most this long; the rest is cut.
pub const MAX_CLIP: Duration = Duration::from_secs(30);

/// One built-in sound: the embedded file and how long it lasts.
#[derive(Debug, Clone, Copy)]
pub struct BuiltIn {
    pub sound: Sound,
    /// The file name under `assets/`.
    pub file: &'static str,
    pub bytes: &'static [u8],
    /// The length the generator gives it.
    pub length: Duration,
}

/// Makes [`BUILT_IN`] from the core's list of sounds (`crate::cue::sound_table!`):
/// `include_bytes!` needs each file name as a literal, so the list comes as macro input.
macro_rules! embed_built_ins {
    ($($(#[$doc:meta])* $variant:ident: $key:literal, $name:literal, $ms:literal, $late:literal;)*) => {
        /// Every built-in sound, in [`Sound::ALL`] order.
        pub const BUILT_IN: [BuiltIn; Sound::COUNT] = [$(
            BuiltIn {
                sound: Sound::$variant,
                file: Sound::$variant.file(),
                bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/", $key, ".wav")),
                length: Sound::$variant.length(),
            },
        )*];
    };
}

backease_core::sound_table!(embed_built_ins);

/// The built-in entry for `sound`.
pub fn built_in(sound: Sound) -> &'static BuiltIn {
    // BUILT_IN is in Sound::ALL order, and Sound's discriminants are that order.
    &BUILT_IN[sound.index()]
}

/// Decoded audio, shared between plays: interleaved samples in -1..1.
#[derive(Debug, Clone)]
pub struct Clip {
    pub channels: u16,
    pub sample_rate: u32,
    pub samples: Arc<[f32]>,
}

impl Clip {
    pub fn duration(&self) -> Duration {
        let frames = self.samples.len() / usize::from(self.channels.max(1));
        Duration::from_secs_f64(frames as f64 / f64::from(self.sample_rate.max(1)))
    }

    /// The loudest sample, in dB relative to full scale (-inf for silence).
    pub fn peak_dbfs(&self) -> f64 {
        let peak = self.samples.iter().fold(0.0_f32, |m, s| m.max(s.abs()));
        20.0 * f64::from(peak).log10()
    }
}

/// Why a sound could not be turned into a clip.
#[derive(Debug, thiserror::Error)]
pub enum ClipError {
    /// Not there, not a regular file (a FIFO, a device, a folder), too large, or the
    /// system would not give it: "is a FIFO, not a file".
    #[error("{}", read_problem(.0))]
    Read(#[from] crate::store::read::ReadError),
    #[error("could not be decoded ({0}; backease reads WAV files)")]
    Decode(String),
    #[error("contains no sound")]
    Empty,
}

/// Follows the path in a warning: "is a FIFO, not a file", "could not be read (…)".
fn read_problem(e: &crate::store::read::ReadError) -> String {
    use crate::store::read::ReadError;
    match e {
        ReadError::NotAFile(_) | ReadError::TooLarge { .. } => e.to_string(),
        ReadError::NotFound | ReadError::Io(_) => format!("could not be read ({e})"),
    }
}

/// Decodes a WAV file from memory: [`header::check`] finds its header sound, then
/// [`header::samples`] reads at most [`MAX_CLIP`] of it.
pub fn decode(bytes: Vec<u8>) -> Result<Clip, ClipError> {
    let format = header::check(&bytes).map_err(ClipError::Decode)?;
    let max =
        (MAX_CLIP.as_secs() as usize) * format.sample_rate as usize * usize::from(format.channels);
    let samples = header::samples(&bytes, &format, max);
    if samples.is_empty() {
        return Err(ClipError::Empty);
    }
    Ok(Clip {
        channels: format.channels,
        sample_rate: format.sample_rate,
        samples: samples.into(),
    })
}

/// Reads and decodes a user's sound file: a regular file of at most [`MAX_FILE_BYTES`]
/// (read with `store::read::read_bounded`, so a FIFO or a device is never waited on).
pub fn load_file(path: &Path) -> Result<Clip, ClipError> {
    decode(crate::store::read::read_bounded(path, MAX_FILE_BYTES)?)
}

/// The clip every sound plays: the user's file where one is set and usable, else the
/// built-in one. Returns the clips (in [`Sound::ALL`] order) and one warning per file that
/// could not be used, in the user's words.
pub fn load_clips(custom: &BTreeMap<Sound, PathBuf>) -> ([Clip; Sound::COUNT], Vec<String>) {
    let mut warnings = Vec::new();
    let clips = Sound::ALL.map(|sound| {
        if let Some(path) = custom.get(&sound) {
            match load_file(path) {
                Ok(clip) => return clip,
                Err(e) => warnings.push(format!(
                    "sound for {}: {} {e}; using the built-in one",
                    sound.name(),
                    path.display()
                )),
            }
        }
        decode_built_in(sound)
    });
    (clips, warnings)
}

/// The built-in clip for `sound`. The embedded files are checked by the tests, so failure
/// here means a broken build; even then it yields a short silence rather than panicking.
pub fn decode_built_in(sound: Sound) -> Clip {
    decode(built_in(sound).bytes.to_vec()).unwrap_or_else(|_| Clip {
        channels: 1,
        sample_rate: 22_050,
        samples: vec![0.0; 64].into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_table_is_in_sound_order() {
        for (i, sound) in Sound::ALL.iter().enumerate() {
            assert_eq!(BUILT_IN[i].sound, *sound);
            assert_eq!(built_in(*sound).sound, *sound);
            assert!(
                BUILT_IN[i].file.starts_with(sound.key()),
                "{}",
                BUILT_IN[i].file
            );
        }
    }

    #[test]
    fn garbage_is_a_decode_error() {
        let err = decode(b"RIFF this is not a wave file at all".to_vec());
        assert!(matches!(err, Err(ClipError::Decode(_))), "{err:?}");
    }

    #[test]
    fn missing_file_is_a_read_error() {
        let err = load_file(Path::new("/nonexistent/backease/chime.wav"));
        assert!(matches!(err, Err(ClipError::Read(_))), "{err:?}");
    }
}
