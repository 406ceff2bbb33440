//! A WAV file: its header checked, then its samples read. A user's sound file must never
//! crash the app, so every field the samples rely on is checked first, anything a chime
//! cannot be is refused with a reason in the user's words, and [`samples`] reads only
//! within the data chunk the check found. No I/O here: bytes in, samples out.
//!
//! Hand-built on purpose: the cues are plain PCM, and reading them here instead of through
//! rodio's symphonia decoder (which also panicked on some impossible headers) took 230 kB
//! of code out of the binary (symphonia and encoding_rs; docs/performance.md).

/// The formats accepted: integer PCM, IEEE float, and the extensible header wrapping
/// either.
const PCM: u16 = 1;
const FLOAT: u16 = 3;
const EXTENSIBLE: u16 = 0xFFFE;

/// At most this many channels (a chime needs one or two; surround files are fine).
pub const MAX_CHANNELS: u16 = 8;
/// Sample rates from telephone quality to studio quality.
pub const RATES: std::ops::RangeInclusive<u32> = 1_000..=768_000;

/// What the header says, once it has been found sound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    pub channels: u16,
    pub sample_rate: u32,
    pub bits: u16,
    /// Bytes of sample data.
    pub data_len: u32,
    /// IEEE float samples (else integer PCM).
    pub float: bool,
    /// Where the sample data starts in the file.
    pub data_at: usize,
}

/// Checks a WAV file's header; `Err` says, in a few words, what is wrong.
pub fn check(bytes: &[u8]) -> Result<Format, String> {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Err("not a WAV file".to_string());
    }
    let mut at = 12;
    let mut format: Option<(u16, u16, u32, u16)> = None;
    while at < bytes.len() {
        let Some(head) = bytes.get(at..at + 8) else {
            return Err("the file is cut short inside a chunk header".to_string());
        };
        let id = &head[0..4];
        let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
        let body = at + 8;
        let left = bytes.len() - body;
        match id {
            b"fmt " => {
                if len < 16 {
                    return Err(format!("its format chunk is {len} bytes; it needs 16"));
                }
                if len as usize > left {
                    return Err("the file is cut short inside its format chunk".to_string());
                }
                format = Some(fmt(&bytes[body..body + len as usize])?);
            }
            b"data" => {
                let Some((tag, channels, sample_rate, bits)) = format else {
                    return Err("its sound data comes before its format".to_string());
                };
                if len == 0 {
                    return Err("its sound data is empty".to_string());
                }
                if len as usize > left {
                    return Err(format!(
                        "the file is cut short: its header promises {len} bytes of sound, \
                         {left} are there"
                    ));
                }
                return Ok(Format {
                    channels,
                    sample_rate,
                    bits,
                    data_len: len,
                    float: tag == FLOAT,
                    data_at: body,
                });
            }
            _ => {}
        }
        // Chunks are padded to an even length.
        at = body
            .saturating_add(len as usize)
            .saturating_add(len as usize % 2);
    }
    Err(if format.is_some() {
        "it has no sound data".to_string()
    } else {
        "it has no format chunk".to_string()
    })
}

/// The interleaved samples of a file [`check`] found sound, as `f32` in -1..=1: whole
/// frames only, at most `max` samples. A float sample that is not a number is silence.
pub fn samples(bytes: &[u8], format: &Format, max: usize) -> Vec<f32> {
    let width = usize::from(format.bits / 8);
    let channels = usize::from(format.channels);
    let end = format.data_at.saturating_add(format.data_len as usize);
    let data = bytes
        .get(format.data_at..end.min(bytes.len()))
        .unwrap_or(&[]);
    let frames = (data.len() / (width * channels)).min(max / channels);
    data.chunks_exact(width)
        .take(frames * channels)
        .map(|s| match (format.float, s) {
            (false, &[b]) => (f32::from(b) - 128.0) / 128.0,
            (false, &[a, b]) => f32::from(i16::from_le_bytes([a, b])) / 32_768.0,
            (false, &[a, b, c]) => (i32::from_le_bytes([0, a, b, c]) >> 8) as f32 / 8_388_608.0,
            (false, &[a, b, c, d]) => i32::from_le_bytes([a, b, c, d]) as f32 / 2_147_483_648.0,
            (true, &[a, b, c, d]) => finite(f32::from_le_bytes([a, b, c, d])),
            (true, &[a, b, c, d, e, f, g, h]) => {
                finite(f64::from_le_bytes([a, b, c, d, e, f, g, h]) as f32)
            }
            _ => 0.0,
        })
        .collect()
}

/// A float sample kept within full scale; not a number is silence.
fn finite(x: f32) -> f32 {
    if x.is_nan() { 0.0 } else { x.clamp(-1.0, 1.0) }
}

/// The format chunk's fields: (format, channels, sample rate, bits per sample).
fn fmt(chunk: &[u8]) -> Result<(u16, u16, u32, u16), String> {
    let u16_at = |i: usize| u16::from_le_bytes([chunk[i], chunk[i + 1]]);
    let u32_at =
        |i: usize| u32::from_le_bytes([chunk[i], chunk[i + 1], chunk[i + 2], chunk[i + 3]]);
    let mut format = u16_at(0);
    let channels = u16_at(2);
    let sample_rate = u32_at(4);
    let block_align = u16_at(12);
    let bits = u16_at(14);
    if format == EXTENSIBLE {
        // The real format is the first two bytes of the sub-format GUID.
        if chunk.len() < 40 {
            return Err("its extensible format chunk is cut short".to_string());
        }
        format = u16_at(24);
    }
    let bits_ok = match format {
        PCM => matches!(bits, 8 | 16 | 24 | 32),
        FLOAT => matches!(bits, 32 | 64),
        other => return Err(format!("its sample format ({other}) is not PCM or float")),
    };
    if channels == 0 || channels > MAX_CHANNELS {
        return Err(format!(
            "it says it has {channels} channels; a sound has 1 to {MAX_CHANNELS}"
        ));
    }
    if !RATES.contains(&sample_rate) {
        return Err(format!(
            "its sample rate is {sample_rate} Hz; a sound's is {} to {} Hz",
            RATES.start(),
            RATES.end()
        ));
    }
    if !bits_ok {
        return Err(format!(
            "{bits} bits per sample is not a size backease reads"
        ));
    }
    if u32::from(block_align) != u32::from(channels) * u32::from(bits / 8) {
        return Err(format!(
            "its block size ({block_align} bytes) does not match {channels} channels of \
             {bits} bits"
        ));
    }
    Ok((format, channels, sample_rate, bits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_sounds_pass_the_check() {
        for b in super::super::BUILT_IN {
            let f = check(b.bytes).unwrap_or_else(|e| panic!("{}: {e}", b.file));
            assert!(
                f.channels >= 1 && RATES.contains(&f.sample_rate),
                "{}",
                b.file
            );
        }
    }

    #[test]
    fn samples_are_read_at_every_size_and_scaled_to_full_scale() {
        // (bits, float, one sample at full negative scale, one at zero)
        let cases: [(u16, bool, Vec<u8>, Vec<u8>); 6] = [
            (8, false, vec![0], vec![128]),
            (16, false, (-32_768i16).to_le_bytes().to_vec(), vec![0; 2]),
            (24, false, vec![0, 0, 0x80], vec![0; 3]),
            (32, false, i32::MIN.to_le_bytes().to_vec(), vec![0; 4]),
            (32, true, (-1.0f32).to_le_bytes().to_vec(), vec![0; 4]),
            (64, true, (-4.0f64).to_le_bytes().to_vec(), vec![0; 8]),
        ];
        for (bits, float, low, zero) in cases {
            let data = [low.clone(), zero.clone(), low].concat();
            let format = Format {
                channels: 1,
                sample_rate: 8_000,
                bits,
                data_len: data.len() as u32,
                float,
                data_at: 0,
            };
            assert_eq!(
                samples(&data, &format, 10),
                vec![-1.0, 0.0, -1.0],
                "{bits} bits"
            );
            assert_eq!(
                samples(&data, &format, 2),
                vec![-1.0, 0.0],
                "{bits} bits, at most 2"
            );
        }
        // Whole frames only, and not a number is silence.
        let mut data = f32::NAN.to_le_bytes().to_vec();
        data.extend(0.5f32.to_le_bytes());
        data.extend(0.25f32.to_le_bytes());
        let stereo = Format {
            channels: 2,
            sample_rate: 8_000,
            bits: 32,
            data_len: 12,
            float: true,
            data_at: 0,
        };
        assert_eq!(samples(&data, &stereo, 10), vec![0.0, 0.5]);
    }

    #[test]
    fn a_built_in_sound_reads_as_sound() {
        let b = &super::super::BUILT_IN[0];
        let f = check(b.bytes).expect("built-in");
        let s = samples(b.bytes, &f, usize::MAX);
        assert_eq!(s.len(), f.data_len as usize / usize::from(f.bits / 8));
        assert!(s.iter().any(|x| x.abs() > 0.1), "{}", b.file);
    }

    #[test]
    fn chunks_are_walked_without_overflow() {
        let mut bytes = b"RIFF\0\0\0\0WAVEjunk".to_vec();
        bytes.extend(u32::MAX.to_le_bytes());
        assert_eq!(check(&bytes), Err("it has no format chunk".to_string()));
        assert_eq!(
            check(b"RIFF\0\0\0\0WAVEfm"),
            Err("the file is cut short inside a chunk header".to_string())
        );
    }
}
