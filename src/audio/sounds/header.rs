//! A WAV file's header, checked before the decoder sees the file. The decoder (symphonia,
//! through rodio) panics on some impossible headers, a sample rate of 0 among them; a
//! user's sound file must never crash the app, so every field the decoder relies on is
//! checked here first, and anything a chime cannot be is refused with a reason in the
//! user's words. The decoding itself also runs under `catch_unwind` as a backstop.

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
                let Some((_, channels, sample_rate, bits)) = format else {
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
