//! An instant as it is written in the reminder's files: RFC 3339 text in UTC, whole
//! seconds (`"2026-11-30T08:00:00Z"`), so a person can read the state file.

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An instant, written as RFC 3339 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp(pub Timestamp);

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = Timestamp::from_second(self.0.as_second()).unwrap_or(self.0);
        write!(f, "{whole}")
    }
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Stamp, D::Error> {
        let text = String::deserialize(d)?;
        text.parse::<Timestamp>()
            .map(Stamp)
            .map_err(|e| serde::de::Error::custom(format!("{text:?} is not a time: {e}")))
    }
}
