//! The built-in chimes (embedded WAV files made by `examples/gen_sounds.rs`), the user's own
//! files from preferences, and decoding both into ready-to-play clips. No device here: this
//! module only turns bytes into samples, so every part of it is testable without sound.
//!
//! The player keeps each sound as a [`Playable`]: a built-in one's 16-bit samples are read
//! where the binary holds them ([`Samples::Pcm16`]), never decoded or copied ahead (they
//! were 0.75 MB of a session's heap as `f32`: docs/performance.md); a person's own file is
//! decoded once ([`Samples::Decoded`]).
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
    decode_bytes(&bytes)
}

/// At most this many samples of a clip in `format` are played ([`MAX_CLIP`]).
fn max_samples(format: &header::Format) -> usize {
    (MAX_CLIP.as_secs() as usize) * format.sample_rate as usize * usize::from(format.channels)
}

/// [`decode`] on borrowed bytes (a built-in sound is decoded without copying its file).
fn decode_bytes(bytes: &[u8]) -> Result<Clip, ClipError> {
    let format = header::check(bytes).map_err(ClipError::Decode)?;
    let samples = header::samples(bytes, &format, max_samples(&format));
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
        custom_clip(custom, sound, &mut warnings).unwrap_or_else(|| decode_built_in(sound))
    });
    (clips, warnings)
}

/// What the player plays for every sound: as [`load_clips`], with each built-in sound kept
/// where the binary holds it ([`Playable::built_in`]) instead of decoded.
pub fn load_playable(custom: &BTreeMap<Sound, PathBuf>) -> ([Playable; Sound::COUNT], Vec<String>) {
    let mut warnings = Vec::new();
    let clips = Sound::ALL.map(|sound| {
        custom_clip(custom, sound, &mut warnings)
            .map_or_else(|| Playable::built_in(sound), Playable::from)
    });
    (clips, warnings)
}

/// The user's own clip for `sound`, when one is set and usable; a warning in the user's
/// words when one is set and is not.
fn custom_clip(
    custom: &BTreeMap<Sound, PathBuf>,
    sound: Sound,
    warnings: &mut Vec<String>,
) -> Option<Clip> {
    let path = custom.get(&sound)?;
    match load_file(path) {
        Ok(clip) => Some(clip),
        Err(e) => {
            warnings.push(format!(
                "sound for {}: {} {e}; using the built-in one",
                sound.name(),
                path.display()
            ));
            None
        }
    }
}

/// The built-in clip for `sound`. The embedded files are checked by the tests, so failure
/// here means a broken build; even then it yields a short silence rather than panicking.
pub fn decode_built_in(sound: Sound) -> Clip {
    decode_bytes(built_in(sound).bytes).unwrap_or_else(|_| Clip {
        channels: 1,
        sample_rate: 22_050,
        samples: vec![0.0; 64].into(),
    })
}

/// A sound's interleaved samples as the player reads them, each in -1..1 once scaled.
#[derive(Debug, Clone)]
pub enum Samples {
    /// 16-bit little-endian integer samples, whole frames, read where they lie: a
    /// built-in sound's data in the binary. Nothing is decoded or copied ahead of a play.
    Pcm16(&'static [u8]),
    /// Samples decoded into memory (a person's own file; a clip converted for a device).
    Decoded(Arc<[f32]>),
}

impl Samples {
    /// How many samples (all channels).
    pub fn len(&self) -> usize {
        match self {
            Samples::Pcm16(bytes) => bytes.len() / 2,
            Samples::Decoded(samples) => samples.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds the samples from `from` on, each times `gain`, into `buf`: as many as fit or
    /// are left; returns how many. The same value for each sample as decoding first
    /// ([`header::samples`]) and then scaling.
    pub fn mix_into(&self, from: usize, buf: &mut [f32], gain: f32) -> usize {
        match self {
            Samples::Pcm16(bytes) => {
                let rest = bytes.get(from.saturating_mul(2)..).unwrap_or_default();
                let n = (rest.len() / 2).min(buf.len());
                for (b, s) in buf.iter_mut().zip(rest.chunks_exact(2)).take(n) {
                    *b += f32::from(i16::from_le_bytes([s[0], s[1]])) / 32_768.0 * gain;
                }
                n
            }
            Samples::Decoded(samples) => {
                let rest = samples.get(from..).unwrap_or_default();
                let n = rest.len().min(buf.len());
                for (b, s) in buf.iter_mut().zip(&rest[..n]) {
                    *b += s * gain;
                }
                n
            }
        }
    }

    /// Every sample, decoded (to convert a clip for a device in another format).
    pub fn to_vec(&self) -> Vec<f32> {
        let mut all = vec![0.0; self.len()];
        self.mix_into(0, &mut all, 1.0);
        all
    }
}

/// A sound as the player keeps it: its format and its [`Samples`].
#[derive(Debug, Clone)]
pub struct Playable {
    pub channels: u16,
    pub sample_rate: u32,
    pub samples: Samples,
}

impl Playable {
    /// The built-in `sound`, its 16-bit samples left in the binary (at most
    /// [`MAX_CLIP`], whole frames, as [`decode`] reads them); a built-in file in any other
    /// format is decoded.
    pub fn built_in(sound: Sound) -> Playable {
        let bytes = built_in(sound).bytes;
        if let Ok(format) = header::check(bytes)
            && format.bits == 16
            && !format.float
        {
            let channels = usize::from(format.channels);
            let end = format.data_at.saturating_add(format.data_len as usize);
            let data = bytes
                .get(format.data_at..end.min(bytes.len()))
                .unwrap_or(&[]);
            let frames = (data.len() / (2 * channels)).min(max_samples(&format) / channels);
            if frames > 0 {
                return Playable {
                    channels: format.channels,
                    sample_rate: format.sample_rate,
                    samples: Samples::Pcm16(&data[..frames * channels * 2]),
                };
            }
        }
        Playable::from(decode_built_in(sound))
    }
}

impl From<Clip> for Playable {
    fn from(clip: Clip) -> Playable {
        Playable {
            channels: clip.channels,
            sample_rate: clip.sample_rate,
            samples: Samples::Decoded(clip.samples),
        }
    }
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

    /// The player holds no decoded copy of a built-in sound (the 16-bit samples stay in
    /// the binary), and what it mixes from them is, sample for sample, what it mixed from
    /// the decoded clip: at any gain, from any position, into buffers of any length.
    #[test]
    fn built_in_sounds_play_from_the_binary_as_they_did_decoded() {
        let (playable, warnings) = load_playable(&BTreeMap::new());
        assert!(warnings.is_empty(), "{warnings:?}");
        for (sound, kept) in Sound::ALL.iter().zip(&playable) {
            assert!(
                matches!(kept.samples, Samples::Pcm16(_)),
                "{} is decoded into memory",
                sound.name()
            );
            let clip = decode_built_in(*sound);
            assert_eq!(
                (kept.channels, kept.sample_rate, kept.samples.len()),
                (clip.channels, clip.sample_rate, clip.samples.len()),
                "{}",
                sound.name()
            );
            for gain in [1.0f32, 0.8 * 0.8 * 0.8, 0.0] {
                let decoded = Samples::Decoded(Arc::clone(&clip.samples));
                for chunk in [7usize, 882, 100_000] {
                    let (mut from, mut a, mut b) = (0, Vec::new(), Vec::new());
                    while from < clip.samples.len() {
                        let mut x = vec![0.25f32; chunk];
                        let mut y = vec![0.25f32; chunk];
                        let n = kept.samples.mix_into(from, &mut x, gain);
                        assert_eq!(n, decoded.mix_into(from, &mut y, gain));
                        a.extend(x);
                        b.extend(y);
                        from += n;
                    }
                    assert!(
                        a == b,
                        "{} at gain {gain}, buffers of {chunk}",
                        sound.name()
                    );
                }
            }
            assert_eq!(kept.samples.to_vec(), *clip.samples, "{}", sound.name());
        }
        // Past the end nothing is added.
        let mut buf = [0.5f32; 4];
        let kept = &playable[0].samples;
        assert_eq!(kept.mix_into(kept.len(), &mut buf, 1.0), 0);
        assert_eq!(kept.mix_into(usize::MAX, &mut buf, 1.0), 0);
        assert_eq!(buf, [0.5; 4]);
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
