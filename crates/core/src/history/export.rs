//! The export formats of `backease history --json` and `--csv`: every record, for a
//! spreadsheet or a script. Stable: fields are only ever added; a change that would break
//! a reader bumps [`VERSION`] (the JSON says its `format` and `version`). The README
//! documents both. Pure: records in, values out (the text is made by `serde_json` and
//! `csv` in `commands::history`).
//!
//! Times are RFC 3339 with the UTC offset the person's clock had (`2026-11-21T23:30:05+02:00`),
//! `date` is that local day, durations are whole seconds.
//!
//! Every text in a record is untrusted (records arrive by sync from other machines): the
//! JSON escapes control characters itself, and each CSV text cell goes through
//! [`csv_text`]: unsafe characters escaped as in every output ([`crate::text::escape`]),
//! and a cell a spreadsheet would take as a formula (starting with `=`, `+`, `-`, `@`,
//! tab or carriage return: OWASP's rule) prefixed with `'`.

use serde::{Deserialize, Serialize};

use super::record::{SessionRecord, StepOutcome, StepRecord, Stiffness, WallTime};

/// The JSON's `format` field.
pub const FORMAT: &str = "backease-history";
/// The JSON's `version` field (and the CSV's columns' version).
pub const VERSION: u32 = 1;

/// The whole JSON export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Export {
    pub format: String,
    pub version: u32,
    pub records: Vec<ExportRecord>,
    /// Desk mode's days (`backease remind`), oldest first; left out when there are none
    /// (added in issue 27).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub desk_days: Vec<DeskDay>,
}

/// One day of desk mode's breaks, in the JSON export and in `history --csv --desk`
/// (one row each, these columns in this order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskDay {
    /// The local day (YYYY-MM-DD).
    pub date: String,
    pub due: u32,
    pub taken: u32,
    pub snoozed: u32,
    pub skipped: u32,
    /// Answers to "why?" after a skip or a second snooze.
    pub busy: u32,
    pub in_pain: u32,
    pub not_now: u32,
    pub away: u32,
}

impl DeskDay {
    pub fn of(day: &crate::remind::schedule::Day) -> DeskDay {
        DeskDay {
            date: day.date.0.to_string(),
            due: day.due,
            taken: day.taken,
            snoozed: day.snoozed,
            skipped: day.skipped,
            busy: day.reasons.busy,
            in_pain: day.reasons.in_pain,
            not_now: day.reasons.not_now,
            away: day.reasons.away,
        }
    }
}

/// The desk-mode CSV's columns, in order.
pub const DESK_COLUMNS: [&str; 9] = [
    "date", "due", "taken", "snoozed", "skipped", "busy", "in_pain", "not_now", "away",
];

/// One record (one run of a routine) in the JSON export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRecord {
    /// The run's id (its file's name without `.ron`).
    pub run: String,
    pub routine: String,
    pub routine_name: String,
    /// The local day it started (YYYY-MM-DD).
    pub date: String,
    pub started: WallTime,
    pub ended: WallTime,
    /// Wall-clock seconds from start to end.
    pub seconds: u64,
    pub finished: bool,
    /// Run with `--speed`: counts for no statistics.
    pub sped_up: bool,
    /// The run this one resumed (that record's `run`); the earlier record's steps are
    /// repeated here, its time is not.
    pub continues: Option<String>,
    /// The check-in, 0 (fine) to 9 (very stiff or sore); `null` when not answered.
    pub stiffness_before: Option<u8>,
    pub stiffness_after: Option<u8>,
    pub steps: Vec<ExportStep>,
}

/// One step of a record in the JSON export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportStep {
    pub exercise: String,
    pub name: String,
    /// `done`, `skipped`, `ended_early`, `painful`, `not_reached` or `stopped`.
    pub outcome: String,
    /// Seconds held.
    pub held_seconds: u64,
    pub open_ended: bool,
}

/// One record as a CSV row: the record's own fields and counts of its steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvRow {
    pub run: String,
    pub routine: String,
    pub routine_name: String,
    pub date: String,
    pub started: String,
    pub ended: String,
    pub seconds: u64,
    pub finished: bool,
    pub sped_up: bool,
    pub continues: Option<String>,
    pub stiffness_before: Option<u8>,
    pub stiffness_after: Option<u8>,
    pub steps: usize,
    pub done: usize,
    pub skipped: usize,
    pub painful: usize,
}

/// The outcome's word in the exports.
pub fn outcome_word(o: StepOutcome) -> &'static str {
    match o {
        StepOutcome::Done => "done",
        StepOutcome::Skipped => "skipped",
        StepOutcome::EndedEarly => "ended_early",
        StepOutcome::Painful => "painful",
        StepOutcome::NotReached => "not_reached",
        StepOutcome::Stopped => "stopped",
    }
}

fn outcome_of(word: &str) -> Option<StepOutcome> {
    [
        StepOutcome::Done,
        StepOutcome::Skipped,
        StepOutcome::EndedEarly,
        StepOutcome::Painful,
        StepOutcome::NotReached,
        StepOutcome::Stopped,
    ]
    .into_iter()
    .find(|o| outcome_word(*o) == word)
}

/// The JSON export of `records`, in their order.
pub fn export(records: &[SessionRecord]) -> Export {
    Export {
        format: FORMAT.to_string(),
        version: VERSION,
        records: records.iter().map(export_record).collect(),
        desk_days: Vec::new(),
    }
}

/// One record as exported.
pub fn export_record(r: &SessionRecord) -> ExportRecord {
    ExportRecord {
        run: r.id.clone(),
        routine: r.routine.clone(),
        routine_name: r.routine_name.clone(),
        date: r.started.local_date().to_string(),
        started: r.started,
        ended: r.ended,
        seconds: r.spent().as_secs(),
        finished: r.finished,
        sped_up: r.sped_up,
        continues: r.continues.clone(),
        stiffness_before: r.stiffness.before,
        stiffness_after: r.stiffness.after,
        steps: r
            .steps
            .iter()
            .map(|s| ExportStep {
                exercise: s.exercise.clone(),
                name: s.name.clone(),
                outcome: outcome_word(s.outcome).to_string(),
                held_seconds: s.held.as_secs(),
                open_ended: s.open_ended,
            })
            .collect(),
    }
}

/// An exported record read back (`None` if a step's outcome is not one of the words).
pub fn import_record(e: &ExportRecord) -> Option<SessionRecord> {
    let steps = e
        .steps
        .iter()
        .map(|s| {
            Some(StepRecord {
                exercise: s.exercise.clone(),
                name: s.name.clone(),
                outcome: outcome_of(&s.outcome)?,
                held: std::time::Duration::from_secs(s.held_seconds),
                open_ended: s.open_ended,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(SessionRecord {
        id: e.run.clone(),
        routine: e.routine.clone(),
        routine_name: e.routine_name.clone(),
        started: e.started,
        ended: e.ended,
        finished: e.finished,
        continues: e.continues.clone(),
        sped_up: e.sped_up,
        stiffness: Stiffness {
            before: e.stiffness_before,
            after: e.stiffness_after,
        },
        steps,
    })
}

/// A text cell of the CSV: unsafe characters escaped ([`crate::text::escape`]), and a
/// `'` before a cell that starts with `=`, `+`, `-`, `@`, tab or carriage return, so a
/// spreadsheet shows it as text instead of running it as a formula.
pub fn csv_text(text: &str) -> String {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let text = crate::text::escape(text);
    if formula {
        format!("'{text}")
    } else {
        text.into_owned()
    }
}

/// One record as a CSV row.
pub fn csv_row(r: &SessionRecord) -> CsvRow {
    CsvRow {
        run: csv_text(&r.id),
        routine: csv_text(&r.routine),
        routine_name: csv_text(&r.routine_name),
        date: r.started.local_date().to_string(),
        started: r.started.to_string(),
        ended: r.ended.to_string(),
        seconds: r.spent().as_secs(),
        finished: r.finished,
        sped_up: r.sped_up,
        continues: r.continues.as_deref().map(csv_text),
        stiffness_before: r.stiffness.before,
        stiffness_after: r.stiffness.after,
        steps: r.steps.len(),
        done: r.done(),
        skipped: r.count(StepOutcome::Skipped) + r.count(StepOutcome::EndedEarly),
        painful: r.count(StepOutcome::Painful),
    }
}

/// Parses an RFC 3339 time with its offset (for reading a CSV's times back).
pub fn parse_time(text: &str) -> Result<WallTime, String> {
    text.parse()
}
