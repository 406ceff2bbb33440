//! The file as written: serde structs that mirror the RON text, with durations and
//! counts kept as written so validation can judge them (and report every problem with
//! its position) before anything is resolved. Nothing here checks values.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Visitor};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    #[serde(default)]
    pub exercises: Vec<RawExercise>,
    #[serde(default)]
    pub routines: Vec<RawRoutine>,
    #[serde(default)]
    pub poses: Vec<RawPose>,
}

/// A pose as written: joints as `(x, y)` on the pose grid, limbs as `[elbow, hand]` and
/// `[knee, foot]` (see `routine::pose`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPose {
    pub name: String,
    #[serde(default)]
    pub alt: String,
    #[serde(default)]
    pub view: Option<String>,
    pub head: (i64, i64),
    pub neck: (i64, i64),
    #[serde(default)]
    pub back: Option<(i64, i64)>,
    pub hips: (i64, i64),
    pub arm: Vec<(i64, i64)>,
    #[serde(default)]
    pub other_arm: Option<Vec<(i64, i64)>>,
    pub leg: Vec<(i64, i64)>,
    #[serde(default)]
    pub other_leg: Option<Vec<(i64, i64)>>,
    #[serde(default)]
    pub props: Vec<RawProp>,
}

/// A prop as written: `Ball(x: 50, y: 15, r: 15)`, `Wall(x: 90)`, …
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) enum RawProp {
    Ball { x: i64, y: i64, r: i64 },
    Roller { x: i64, y: i64, r: i64 },
    Wall { x: i64 },
    Chair { x: i64, seat: i64, w: i64 },
    Counter { x: i64, h: i64, w: i64 },
    Bath { x: i64, w: i64, h: i64 },
    Pad { x: i64, y: i64, w: i64 },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExercise {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub say: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub cues: Vec<String>,
    pub hold: String,
    #[serde(default)]
    pub sides: Vec<String>,
    #[serde(default)]
    pub reps: Option<Count>,
    #[serde(default)]
    pub rest: Option<String>,
    #[serde(default)]
    pub switch: Option<String>,
    #[serde(default)]
    pub rounds: Option<Count>,
    #[serde(default)]
    pub lead_in: Option<String>,
    #[serde(default)]
    pub equipment: Vec<String>,
    #[serde(default)]
    pub safety: Vec<String>,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub position: Option<String>,
    /// Pose names, the keyframes in order.
    #[serde(default)]
    pub figure: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRoutine {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub safety: Vec<String>,
    pub steps: Vec<RawStep>,
}

/// A routine's step: an exercise id and the timing this routine gives it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStep {
    pub exercise: String,
    #[serde(default)]
    pub hold: Option<String>,
    #[serde(default)]
    pub sides: Option<Vec<String>>,
    #[serde(default)]
    pub reps: Option<Count>,
    #[serde(default)]
    pub rest: Option<String>,
    #[serde(default)]
    pub switch: Option<String>,
    #[serde(default)]
    pub rounds: Option<Count>,
    #[serde(default)]
    pub lead_in: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub position: Option<String>,
}

/// Any number as written (`3`, `-1`, `1e400`, `NaN`): whether it is a sensible count is
/// for validation to say, with the field's name and its allowed range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Count {
    Whole(i128),
    Fraction(f64),
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Count, D::Error> {
        struct CountVisitor;
        impl Visitor<'_> for CountVisitor {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Count, E> {
                Ok(Count::Whole(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Count, E> {
                Ok(Count::Whole(v.into()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Count, E> {
                Ok(Count::Whole(v))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Count, E> {
                Ok(Count::Whole(i128::try_from(v).unwrap_or(i128::MAX)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Count, E> {
                Ok(Count::Fraction(v))
            }
        }
        deserializer.deserialize_any(CountVisitor)
    }
}
