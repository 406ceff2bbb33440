//! How long espeak-ng really takes to say a phrase: it renders the phrase to a WAV on its
//! standard output (`--stdout`, the app's rate: no `-s`), and the audible length is read
//! from the samples (up to the last one above -40 dBFS; the 0.3 s of silence espeak-ng
//! adds after a sentence is not speech).
//!
//! A shell: runs a program, to a pipe only (never to a sound device, never a file). The
//! app's loop must not call it (it waits for the process): the app decides with the core's
//! estimate (`cue::speech::Pace`), and this checks that estimate and lays real lengths on
//! a routine's timeline (`examples/speech_timeline.rs`, `tests/it/speech_timeline.rs`).

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// A sample this far below full scale (about -40 dBFS) or quieter is silence.
const QUIET: i32 = 328;

/// espeak-ng's rendering of phrases, measured once each.
pub struct Espeak {
    program: PathBuf,
    known: HashMap<String, Duration>,
}

impl Espeak {
    /// espeak-ng found on `PATH`, or `None`.
    pub fn find() -> Option<Espeak> {
        let path = std::env::var_os("PATH");
        super::find_program("espeak-ng", path.as_deref()).map(Espeak::at)
    }

    pub fn at(program: PathBuf) -> Espeak {
        Espeak {
            program,
            known: HashMap::new(),
        }
    }

    /// The audible length of `text` as espeak-ng says it.
    pub fn length(&mut self, text: &str) -> io::Result<Duration> {
        if let Some(&d) = self.known.get(text) {
            return Ok(d);
        }
        let d = render_length(&self.program, text)?;
        self.known.insert(text.to_string(), d);
        Ok(d)
    }
}

fn render_length(program: &Path, text: &str) -> io::Result<Duration> {
    let out = Command::new(program)
        .arg("--stdout")
        .arg(text)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()?;
    if !out.status.success() {
        return Err(io::Error::other(format!(
            "{} exited with {}",
            program.display(),
            out.status
        )));
    }
    audible_length(&out.stdout)
        .ok_or_else(|| io::Error::other("espeak-ng wrote no 16-bit mono WAV"))
}

/// The length up to the last sound above [`QUIET`] of a 16-bit mono WAV stream as
/// espeak-ng writes it (its sizes in the header are placeholders: the data runs to the
/// end).
pub fn audible_length(wav: &[u8]) -> Option<Duration> {
    if wav.len() < 44 || &wav[0..4] != b"RIFF" || &wav[8..12] != b"WAVE" {
        return None;
    }
    let u16_at = |i: usize| u16::from_le_bytes([wav[i], wav[i + 1]]);
    let u32_at = |i: usize| u32::from_le_bytes([wav[i], wav[i + 1], wav[i + 2], wav[i + 3]]);
    let (channels, rate, bits) = (u16_at(22), u32_at(24), u16_at(34));
    if channels != 1 || bits != 16 || rate == 0 {
        return None;
    }
    let last = wav[44..]
        .chunks_exact(2)
        .rposition(|s| i32::from(i16::from_le_bytes([s[0], s[1]])).abs() > QUIET)
        .map_or(0, |i| i + 1);
    Some(Duration::from_secs_f64(last as f64 / f64::from(rate)))
}

#[cfg(test)]
mod tests {
    use super::audible_length;

    #[test]
    fn the_length_ends_at_the_last_sound_not_the_silence_after_it() {
        let mut wav = Vec::new();
        wav.extend_from_slice(b"RIFF\xff\xff\xff\x7fWAVEfmt ");
        wav.extend_from_slice(&16u32.to_le_bytes());
        wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
        wav.extend_from_slice(&1u16.to_le_bytes()); // mono
        wav.extend_from_slice(&1000u32.to_le_bytes()); // 1000 samples a second
        wav.extend_from_slice(&2000u32.to_le_bytes());
        wav.extend_from_slice(&2u16.to_le_bytes());
        wav.extend_from_slice(&16u16.to_le_bytes());
        wav.extend_from_slice(b"data\xff\xff\xff\x7f");
        // 250 samples of sound, then 500 of near-silence.
        for i in 0..750i16 {
            let v: i16 = if i < 250 { 8000 } else { 100 };
            wav.extend_from_slice(&v.to_le_bytes());
        }
        let d = audible_length(&wav).expect("a WAV");
        assert_eq!(d.as_millis(), 250);
        assert_eq!(audible_length(b"not a wav"), None);
    }
}
