//! How each preference (but desk mode's, in `remind_fields`) is read and checked, with the
//! message a person reads: one `deserialize_with` function per field, and the shared
//! helpers (`typed`, `bounded`, `lower_first`). Part of [`crate::prefs`]; no file access.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Deserializer};

use super::{Colors, Theme, Voice};
use crate::cue::Sound;
use crate::routine::duration::{parse_unchecked, short};
use crate::routine::load::char_name;
use crate::text::is_unsafe;
/// Reads a `T`, saying which field and what it should look like if it is something else.
pub(super) fn typed<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
    field: &str,
    expected: &str,
) -> Result<T, D::Error> {
    T::deserialize(d).map_err(|e| {
        let inner = e.to_string();
        if inner.starts_with(&format!("{field}: ")) {
            // Already ours, from a value inside this one.
            serde::de::Error::custom(inner)
        } else {
            serde::de::Error::custom(format!(
                "{field}: expected {expected} ({})",
                lower_first(&e)
            ))
        }
    })
}

pub(super) fn lower_first(e: &dyn fmt::Display) -> String {
    let text = e.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

pub(super) fn mute<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    typed(d, "mute", "true or false").map(Some)
}

pub(super) fn notifications<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    typed(d, "notifications", "true or false").map(Some)
}

pub(super) fn checkin<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    typed(d, "checkin", "true or false").map(Some)
}

pub(super) fn mouse<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    typed(d, "mouse", "true or false").map(Some)
}

pub(super) fn bounded<'de, D: Deserializer<'de>>(
    d: D,
    field: &str,
    min: Duration,
    max: Duration,
) -> Result<Option<Duration>, D::Error> {
    let text: String = typed(d, field, "a duration in quotes, like \"20s\"")?;
    let value =
        parse_unchecked(&text).map_err(|e| serde::de::Error::custom(format!("{field}: {e}")))?;
    if value < min || value > max {
        return Err(serde::de::Error::custom(format!(
            "{field}: {} is out of range; use {} to {}",
            short(value),
            short(min),
            short(max)
        )));
    }
    Ok(Some(value))
}

pub(super) fn lead_in<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    bounded(d, "lead_in", Duration::ZERO, Duration::from_secs(60))
}

pub(super) fn lead_in_up_down<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Duration>, D::Error> {
    bounded(
        d,
        "lead_in_up_down",
        Duration::ZERO,
        Duration::from_secs(120),
    )
}

pub(super) fn lead_in_floor<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    bounded(d, "lead_in_floor", Duration::ZERO, Duration::from_secs(120))
}

pub(super) fn alarm_repeat<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    bounded(
        d,
        "alarm_repeat",
        Duration::from_secs(1),
        Duration::from_secs(600),
    )
}

pub(super) fn alarm_give_up<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    bounded(
        d,
        "alarm_give_up",
        Duration::from_secs(10),
        crate::routine::duration::MAX_DURATION,
    )
}

pub(super) fn volume<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    d.deserialize_any(VolumeVisitor).map(Some).map_err(|e| {
        let text = e.to_string();
        if text.starts_with("volume: ") {
            serde::de::Error::custom(text)
        } else {
            // serde's own "Expected … but found …" for a string, a list, …
            serde::de::Error::custom(format!("volume: {}", lower_first(&text)))
        }
    })
}

/// Any number, so `50.5` is told it is not whole instead of ron's "expected a comma" (an
/// integer is read up to the dot); anything else gets the field's own message.
struct VolumeVisitor;

impl VolumeVisitor {
    fn whole<E: serde::de::Error, N: TryInto<u8> + fmt::Display + Copy>(v: N) -> Result<u8, E> {
        match v.try_into() {
            Ok(v) if v <= 100 => Ok(v),
            _ => Err(E::custom(format!(
                "volume: {v} is out of range; use 0 to 100"
            ))),
        }
    }
}

impl serde::de::Visitor<'_> for VolumeVisitor {
    type Value = u8;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number from 0 to 100")
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u8, E> {
        Self::whole(v)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u8, E> {
        Self::whole(v)
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<u8, E> {
        Self::whole(v)
    }

    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<u8, E> {
        Self::whole(v)
    }

    /// `50.0` is fifty; `50.5` and `NaN` are not whole. ron reads integers beyond 64
    /// bits as floats too, which print rounded, so those are not echoed.
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<u8, E> {
        // `inf`, or a number too large for a float (`1e400`), is out of range too.
        if v.is_infinite() || v.fract() == 0.0 {
            if (0.0..=100.0).contains(&v) {
                return Ok(v as u8);
            }
            if v.abs() < 1e15 {
                return Self::whole(v as i64);
            }
            return Err(E::custom(
                "volume: the number is out of range; use 0 to 100",
            ));
        }
        Err(E::custom(format!(
            "volume: {v} is not a whole number; use 0 to 100"
        )))
    }
}

pub(super) fn colors<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Colors>, D::Error> {
    let text: String = typed(d, "colors", "\"auto\", \"always\" or \"never\"")?;
    match text.as_str() {
        "auto" => Ok(Some(Colors::Auto)),
        "always" => Ok(Some(Colors::Always)),
        "never" => Ok(Some(Colors::Never)),
        _ => Err(serde::de::Error::custom(format!(
            "colors: {text:?} is not one of \"auto\", \"always\", \"never\""
        ))),
    }
}

pub(super) fn theme<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Theme>, D::Error> {
    let text: String = typed(d, "theme", "\"auto\", \"dark\" or \"light\"")?;
    match text.as_str() {
        "auto" => Ok(Some(Theme::Auto)),
        "dark" => Ok(Some(Theme::Dark)),
        "light" => Ok(Some(Theme::Light)),
        _ => Err(serde::de::Error::custom(format!(
            "theme: {text:?} is not one of \"auto\", \"dark\", \"light\""
        ))),
    }
}

pub(super) fn voice<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Voice>, D::Error> {
    let expected = "\"auto\", \"off\" or a command in quotes, like \"espeak-ng -v en-gb\"";
    let text: String = typed(d, "voice", expected)?;
    if let Some(c) = text.chars().find(|&c| is_unsafe(c)) {
        return Err(serde::de::Error::custom(format!(
            "voice: the command contains a control character ({}); write it on one line",
            char_name(c)
        )));
    }
    match text.trim() {
        "" => Err(serde::de::Error::custom(format!(
            "voice: empty; use {expected}"
        ))),
        "auto" => Ok(Some(Voice::Auto)),
        "off" => Ok(Some(Voice::Off)),
        command => Ok(Some(Voice::Command(command.to_string()))),
    }
}

/// A key of the `sounds` map: a cue name, checked where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct SoundKey(Sound);

impl<'de> Deserialize<'de> for SoundKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SoundKey, D::Error> {
        let name: String = typed(d, "sounds", "a sound name in quotes, like \"alarm\"")?;
        match Sound::ALL.into_iter().find(|s| s.key() == name) {
            Some(sound) => Ok(SoundKey(sound)),
            None => {
                let names: Vec<&str> = Sound::ALL.into_iter().map(Sound::key).collect();
                Err(serde::de::Error::custom(format!(
                    "sounds: no sound named {name:?}; the names are: {}",
                    names.join(", ")
                )))
            }
        }
    }
}

/// A value of the `sounds` map: a path, printed by `backease config`, so it may not hold
/// a control character (checked where it is written).
struct SoundFile(String);

impl<'de> Deserialize<'de> for SoundFile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SoundFile, D::Error> {
        let path: String = typed(
            d,
            "sounds",
            "a file path in quotes, like \"/path/to/gong.wav\"",
        )?;
        match path.chars().find(|&c| is_unsafe(c)) {
            Some(c) => Err(serde::de::Error::custom(format!(
                "sounds: the file {path:?} contains a control character ({}); write the path on one line",
                char_name(c)
            ))),
            None => Ok(SoundFile(path)),
        }
    }
}

pub(super) fn sounds<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<BTreeMap<Sound, PathBuf>>, D::Error> {
    let raw: BTreeMap<SoundKey, SoundFile> = typed(
        d,
        "sounds",
        "a map like { \"alarm\": \"/path/to/gong.wav\" }",
    )?;
    let mut out = BTreeMap::new();
    for (SoundKey(sound), SoundFile(path)) in raw {
        if path.trim().is_empty() {
            return Err(serde::de::Error::custom(format!(
                "sounds: the file for {:?} is empty",
                sound.key()
            )));
        }
        out.insert(sound, PathBuf::from(path));
    }
    Ok(Some(out))
}
