//! What is recorded: one [`SessionRecord`] per run of a routine, its steps, and the
//! wall-clock instants they carry ([`WallTime`]), with the text form they take in a file
//! (RFC 3339 times, `"1m42s"` holds). Pure: no files, no clock; the store writes them.

use std::fmt;
use std::time::Duration;

use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, Zoned};
use serde::{Deserialize, Serialize};

use crate::routine::{Routine, Timing};
use crate::session::Outcome;

/// An instant with the UTC offset the person's clock had at that moment. Written as
/// RFC 3339 text: `"2026-11-21T23:30:05+02:00"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WallTime {
    pub at: Timestamp,
    pub offset: Offset,
}

impl WallTime {
    pub fn new(at: Timestamp, offset: Offset) -> WallTime {
        WallTime { at, offset }
    }

    /// The calendar day this instant fell on where the person was.
    pub fn local_date(&self) -> Date {
        self.at.to_zoned(TimeZone::fixed(self.offset)).date()
    }

    /// Wall-clock time between two instants (zero if `later` is earlier).
    pub fn until(&self, later: &WallTime) -> Duration {
        let secs = later.at.as_second().saturating_sub(self.at.as_second());
        Duration::from_secs(u64::try_from(secs).unwrap_or(0))
    }

    /// `"2026-11-21 23:30"` in the offset it was recorded with.
    pub fn local_minute(&self) -> String {
        self.at
            .to_zoned(TimeZone::fixed(self.offset))
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    }
}

impl From<&Zoned> for WallTime {
    fn from(z: &Zoned) -> WallTime {
        WallTime::new(z.timestamp(), z.offset())
    }
}

impl fmt::Display for WallTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Whole seconds are plenty for a history and keep the files easy to read.
        let at = Timestamp::from_second(self.at.as_second()).unwrap_or(self.at);
        write!(f, "{}", at.display_with_offset(self.offset))
    }
}

impl std::str::FromStr for WallTime {
    type Err = String;
    fn from_str(text: &str) -> Result<WallTime, String> {
        let bad = |why: String| {
            format!(
                "{text:?} is not a time with an offset like \"2026-11-21T23:30:05+02:00\": {why}"
            )
        };
        let pieces = jiff::fmt::temporal::Pieces::parse(text).map_err(|e| bad(e.to_string()))?;
        let offset = pieces
            .to_numeric_offset()
            .ok_or_else(|| bad("the UTC offset is missing".into()))?;
        let at: Timestamp = text.parse().map_err(|e: jiff::Error| bad(e.to_string()))?;
        Ok(WallTime { at, offset })
    }
}

impl Serialize for WallTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for WallTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<WallTime, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// How one step of a recorded session went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StepOutcome {
    /// Ran to its end (or the person ended an open-ended or untimed step).
    Done,
    /// Skipped before any hold time.
    Skipped,
    /// Skipped after some hold time.
    EndedEarly,
    /// The person said it hurt.
    Painful,
    /// The session ended before this step.
    NotReached,
    /// The session stopped during this step ("stopped here"), with the time held so far;
    /// resuming the session continues it.
    Stopped,
}

impl StepOutcome {
    /// The outcome a session reports for a step, in the words history uses.
    pub fn from_outcome(outcome: &Outcome) -> StepOutcome {
        match outcome {
            Outcome::Pending => StepOutcome::NotReached,
            Outcome::Done { .. } => StepOutcome::Done,
            Outcome::Skipped { held } if held.is_zero() => StepOutcome::Skipped,
            Outcome::Skipped { .. } => StepOutcome::EndedEarly,
            Outcome::Painful { .. } => StepOutcome::Painful,
            Outcome::Stopped { .. } => StepOutcome::Stopped,
        }
    }
}

/// One step of a recorded session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    /// The exercise id, as in the routine file.
    pub exercise: String,
    pub name: String,
    pub outcome: StepOutcome,
    /// Time spent holding, written like `"1m42s"`.
    #[serde(with = "held_text")]
    pub held: Duration,
    /// An open-ended hold ("as long as you can"): its time counts for personal bests.
    #[serde(default)]
    pub open_ended: bool,
}

impl StepRecord {
    /// The session outcome this record came from (to resume a session).
    pub fn to_outcome(&self) -> Outcome {
        let held = self.held;
        match self.outcome {
            StepOutcome::NotReached => Outcome::Pending,
            StepOutcome::Done => Outcome::Done { held },
            StepOutcome::Skipped | StepOutcome::EndedEarly => Outcome::Skipped { held },
            StepOutcome::Painful => Outcome::Painful { held },
            StepOutcome::Stopped => Outcome::Stopped { held },
        }
    }

    /// Steps for each step of `routine`, from the session's outcomes (missing ones are
    /// not reached).
    pub fn from_run(routine: &Routine, outcomes: &[Outcome]) -> Vec<StepRecord> {
        routine
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let outcome = outcomes.get(i).copied().unwrap_or_default();
                StepRecord {
                    exercise: step.id.clone(),
                    name: step.name.clone(),
                    outcome: StepOutcome::from_outcome(&outcome),
                    held: outcome.held(),
                    open_ended: matches!(step.timing, Timing::OpenEnded),
                }
            })
            .collect()
    }
}

/// One run of a routine, finished or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// The file stem the store gave this record; not written inside the file.
    #[serde(skip)]
    pub id: String,
    /// The routine id.
    pub routine: String,
    pub routine_name: String,
    pub started: WallTime,
    pub ended: WallTime,
    /// Every step was reached and ended (done, skipped or painful).
    pub finished: bool,
    /// The record of the earlier run of the same session, when this run resumed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continues: Option<String>,
    /// Run with `--speed` (time faster than real): kept, but never counted in the streak,
    /// bests, totals or the painful memory (see `stats`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub sped_up: bool,
    /// How the back felt before and after (the check-in); absent in older records.
    #[serde(default, skip_serializing_if = "Stiffness::is_empty")]
    pub stiffness: Stiffness,
    pub steps: Vec<StepRecord>,
}

/// The check-in's answers: how the back felt, 0 (fine) to 9 (very stiff or sore), before
/// the first step and on the summary; `None` where the question was skipped or not asked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stiffness {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<u8>,
}

/// The highest answer the check-in takes.
pub const STIFFNESS_MAX: u8 = 9;

impl Stiffness {
    /// Neither question answered.
    pub fn is_empty(&self) -> bool {
        self.before.is_none() && self.after.is_none()
    }

    /// How many of the two questions were answered.
    pub fn answers(&self) -> usize {
        usize::from(self.before.is_some()) + usize::from(self.after.is_some())
    }

    /// The back felt worse after than before (both answered).
    pub fn rose(&self) -> bool {
        matches!((self.before, self.after), (Some(b), Some(a)) if a > b)
    }

    /// `"6 → 3"`, `"6 → ?"`, `"? → 3"`; `None` when neither was answered.
    pub fn text(&self) -> Option<String> {
        let one = |v: Option<u8>| v.map_or_else(|| "?".to_string(), |v| v.to_string());
        (!self.is_empty()).then(|| format!("{} → {}", one(self.before), one(self.after)))
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The longest a session (and so any of its holds) may claim: a session longer than a
/// day is not one.
pub const LONGEST_SESSION: Duration = Duration::from_secs(24 * 3600);

/// The earliest a record may start: backease did not exist before.
pub const EARLIEST_START: Timestamp = Timestamp::constant(946_684_800, 0); // 2000-01-01

/// How far after "now" a record may start: a clock a little behind another machine's,
/// or set back by a day, still shows its records; a record "from 2300" does not load.
pub const AHEAD_AT_MOST: Duration = Duration::from_secs(2 * 24 * 3600);

impl SessionRecord {
    /// Whether a record read from a file (perhaps synced from another machine, perhaps
    /// hand-edited) is one backease can show: every text in it (its id, which is the file
    /// name, the routine's id and name, the steps' names, `continues`) without control,
    /// bidi or invisible-layout characters ([`crate::text::is_unsafe`], the rule routine
    /// files follow); times that make sense (from [`EARLIEST_START`] to [`AHEAD_AT_MOST`]
    /// after `now`, ending no earlier than they start, at most [`LONGEST_SESSION`]
    /// long, each hold too). `Err` names the field and what is wrong with it.
    pub fn check(&self, now: Timestamp) -> Result<(), String> {
        let texts = [
            ("file name", Some(self.id.as_str())),
            ("routine", Some(self.routine.as_str())),
            ("routine_name", Some(self.routine_name.as_str())),
            ("continues", self.continues.as_deref()),
        ]
        .into_iter()
        .chain(self.steps.iter().flat_map(|s| {
            [
                ("steps: exercise", Some(s.exercise.as_str())),
                ("steps: name", Some(s.name.as_str())),
            ]
        }));
        for (field, text) in texts {
            if let Some(c) = text.and_then(|t| t.chars().find(|c| crate::text::is_unsafe(*c))) {
                return Err(format!(
                    "{field}: holds the control character U+{:04X}; records may not",
                    u32::from(c)
                ));
            }
        }
        let (start, end) = (self.started.at, self.ended.at);
        if start < EARLIEST_START {
            return Err(format!("started: {} is before 2000", self.started));
        }
        let latest = now.checked_add(AHEAD_AT_MOST).unwrap_or(Timestamp::MAX);
        if start > latest {
            return Err(format!(
                "started: {} is in the future (is this machine's clock right?)",
                self.started
            ));
        }
        if end < start {
            return Err(format!("ended: {} is before it started", self.ended));
        }
        if self.spent() > LONGEST_SESSION {
            return Err(format!(
                "ended: {} is more than a day after it started; a session is not that long",
                self.ended
            ));
        }
        if let Some(s) = self.steps.iter().find(|s| s.held > LONGEST_SESSION) {
            return Err(format!(
                "held: {:?} for {:?} is more than a day",
                held_text::compact(s.held),
                s.name
            ));
        }
        Ok(())
    }
}

impl SessionRecord {
    /// The record of one run: `outcomes` per step as the session reports them.
    pub fn from_run(
        routine: &Routine,
        outcomes: &[Outcome],
        started: WallTime,
        ended: WallTime,
        finished: bool,
    ) -> SessionRecord {
        SessionRecord {
            id: String::new(),
            routine: routine.id.clone(),
            routine_name: routine.name.clone(),
            started,
            ended,
            finished,
            continues: None,
            sped_up: false,
            stiffness: Stiffness::default(),
            steps: StepRecord::from_run(routine, outcomes),
        }
    }

    /// The same record, marked as run with time faster than real (or not).
    pub fn with_sped_up(mut self, sped_up: bool) -> SessionRecord {
        self.sped_up = sped_up;
        self
    }

    /// The same record with the check-in's answers.
    pub fn with_stiffness(mut self, stiffness: Stiffness) -> SessionRecord {
        self.stiffness = stiffness;
        self
    }

    /// The same record, marked as resuming the run recorded as `earlier`.
    pub fn continuing(mut self, earlier: Option<String>) -> SessionRecord {
        self.continues = earlier;
        self
    }

    /// Wall-clock time this run lasted.
    pub fn spent(&self) -> Duration {
        self.started.until(&self.ended)
    }

    pub fn count(&self, outcome: StepOutcome) -> usize {
        self.steps.iter().filter(|s| s.outcome == outcome).count()
    }

    /// Steps done (open-ended and untimed steps the person ended count as done).
    pub fn done(&self) -> usize {
        self.count(StepOutcome::Done)
    }

    /// Steps skipped, ended early or marked painful (the step the session stopped on is
    /// not among them).
    pub fn skipped(&self) -> usize {
        let stopped = self.stopped_at();
        self.steps
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                Some(*i) != stopped
                    && matches!(
                        s.outcome,
                        StepOutcome::Skipped | StepOutcome::EndedEarly | StepOutcome::Painful
                    )
            })
            .count()
    }

    /// The step (0-based) an unfinished session stopped on: the one recorded as
    /// [`StepOutcome::Stopped`], or the painful one it ended on. Records written before
    /// `Stopped` existed noted that step as skipped or ended early, followed only by steps
    /// not reached: that step, else the first not reached.
    pub fn stopped_at(&self) -> Option<usize> {
        if self.finished {
            return None;
        }
        if let Some(i) = self
            .steps
            .iter()
            .position(|s| s.outcome == StepOutcome::Stopped)
        {
            return Some(i);
        }
        let reached = self
            .steps
            .iter()
            .rposition(|s| s.outcome != StepOutcome::NotReached);
        match reached.map(|i| (i, self.steps[i].outcome)) {
            Some((i, StepOutcome::Skipped | StepOutcome::EndedEarly | StepOutcome::Painful)) => {
                Some(i)
            }
            Some((i, _)) if i + 1 < self.steps.len() => Some(i + 1),
            Some(_) => None,
            None => (!self.steps.is_empty()).then_some(0),
        }
    }
}

/// Hold times in files: `"1m42s"`, `"0s"`; read with the routine-file duration parser.
mod held_text {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    use crate::routine::duration::parse_unchecked;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&compact(*d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let text = String::deserialize(d)?;
        parse_unchecked(&text).map_err(serde::de::Error::custom)
    }

    /// Whole seconds, largest unit first: `1h5m3s`, `42s`, `0s`.
    pub fn compact(d: Duration) -> String {
        let s = d.as_secs();
        let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
        let mut out = String::new();
        if h > 0 {
            out.push_str(&format!("{h}h"));
        }
        if m > 0 {
            out.push_str(&format!("{m}m"));
        }
        if sec > 0 || out.is_empty() {
            out.push_str(&format!("{sec}s"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_time_round_trips_with_its_offset() {
        let t: WallTime = "2026-11-21T23:30:05+02:00".parse().expect("parses");
        assert_eq!(t.offset, Offset::from_seconds(7200).expect("offset"));
        assert_eq!(t.to_string(), "2026-11-21T23:30:05+02:00");
        assert_eq!(t.local_date(), jiff::civil::date(2026, 11, 21));
        assert!("2026-11-21T23:30:05".parse::<WallTime>().is_err());
        assert!("yesterday".parse::<WallTime>().is_err());
    }

    #[test]
    fn held_text_is_compact_and_parses_back() {
        for secs in [0, 42, 60, 102, 3600, 3723] {
            let d = Duration::from_secs(secs);
            let text = held_text::compact(d);
            assert_eq!(
                crate::routine::duration::parse_unchecked(&text),
                Ok(d),
                "{text}"
            );
        }
        assert_eq!(held_text::compact(Duration::from_secs(102)), "1m42s");
    }

    #[test]
    fn outcomes_map_both_ways() {
        let d = Duration::from_secs(4);
        let cases = [
            (Outcome::Pending, StepOutcome::NotReached),
            (Outcome::Done { held: d }, StepOutcome::Done),
            (
                Outcome::Skipped {
                    held: Duration::ZERO,
                },
                StepOutcome::Skipped,
            ),
            (Outcome::Skipped { held: d }, StepOutcome::EndedEarly),
            (Outcome::Painful { held: d }, StepOutcome::Painful),
            (Outcome::Stopped { held: d }, StepOutcome::Stopped),
        ];
        for (outcome, step) in cases {
            assert_eq!(StepOutcome::from_outcome(&outcome), step);
            let rec = StepRecord {
                exercise: "x".into(),
                name: "X".into(),
                outcome: step,
                held: outcome.held(),
                open_ended: false,
            };
            assert_eq!(rec.to_outcome(), outcome);
        }
    }
}
