//! The numbers computed from records: which records count as sessions, the streak,
//! totals per routine, personal bests for open-ended holds, and which exercises hurt last
//! time. Pure: "today" is a parameter.
//!
//! Sessions run with `--speed` ([`SessionRecord::sped_up`]) count for none of them. A day
//! of the streak needs a session with at least one step done. A best is a hold the person
//! ended (done, or ended early with `n`), never the one a session stopped on.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::time::Duration;

use jiff::civil::Date;

use crate::routine::duration::short;

use super::record::{SessionRecord, StepOutcome};

/// The records that count as sessions: every record except those a later run resumed
/// (see the module doc), oldest first.
pub fn sessions(records: &[SessionRecord]) -> Vec<&SessionRecord> {
    let resumed: HashSet<&str> = records
        .iter()
        .filter_map(|r| r.continues.as_deref())
        .collect();
    let mut out: Vec<&SessionRecord> = real(records)
        .filter(|r| r.id.is_empty() || !resumed.contains(r.id.as_str()))
        .collect();
    out.sort_by_key(|r| r.started.at);
    out
}

/// Records of real time: those run with `--speed` left out.
fn real(records: &[SessionRecord]) -> impl Iterator<Item = &SessionRecord> {
    records.iter().filter(|r| !r.sped_up)
}

/// The local days with a session that counts for the streak: real time, a step done.
pub(super) fn streak_days(records: &[SessionRecord]) -> BTreeSet<Date> {
    real(records)
        .filter(|r| r.done() > 0)
        .map(|r| r.started.local_date())
        .collect()
}

/// True when `today` already counts for the streak (a session on a day after `today`,
/// from a clock set back, counts as today's).
pub fn today_counts(records: &[SessionRecord], today: Date) -> bool {
    streak_days(records).range(today..).next().is_some()
}

/// A hold's length as bests are shown everywhere (summary and history): `1 h 2 min 47 s`.
pub fn best_text(d: Duration) -> String {
    short(d)
}

/// Days in a row, ending today or yesterday (a streak is still alive until a whole day
/// passes without a session), with at least one session that did a step. Each session
/// counts on the local day it started, in the offset it was recorded with.
pub fn streak(records: &[SessionRecord], today: Date) -> u32 {
    let days = streak_days(records);
    let mut day = if days.contains(&today) {
        today
    } else {
        match today.yesterday() {
            Ok(y) if days.contains(&y) => y,
            // A clock set back (or records from a machine whose clock is ahead): sessions
            // only after `today` are not a gap; the streak is counted from the latest.
            _ => match days.range(today..).next_back() {
                Some(latest) => *latest,
                None => return 0,
            },
        }
    };
    let mut count = 0;
    while days.contains(&day) {
        count += 1;
        match day.yesterday() {
            Ok(y) => day = y,
            Err(_) => break,
        }
    }
    count
}

/// The streak as it stands once a session is done on `today`: a session today keeps it,
/// one yesterday extends it by today, none starts a new one.
pub fn streak_with_session_on(records: &[SessionRecord], today: Date) -> u32 {
    let has_today = today_counts(records, today);
    let streak = streak(records, today);
    if has_today { streak } else { streak + 1 }
}

/// The longest open-ended hold of an exercise the person ended (done or ended early; a
/// hold marked painful or the one a session stopped on is not a best).
pub fn best_open_hold(records: &[SessionRecord], exercise_id: &str) -> Option<Duration> {
    bests(records)
        .into_iter()
        .find(|b| b.exercise == exercise_id)
        .map(|b| b.held)
}

/// A personal best for an open-ended hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Best {
    pub exercise: String,
    pub name: String,
    pub held: Duration,
    /// The local day it was set (the first time, if equalled later).
    pub on: Date,
}

/// Personal bests of every open-ended exercise ever held, by name.
pub fn bests(records: &[SessionRecord]) -> Vec<Best> {
    let mut by_id: BTreeMap<&str, Best> = BTreeMap::new();
    for r in sessions_by_time(records) {
        let stopped = r.stopped_at();
        for (i, s) in r.steps.iter().enumerate() {
            let counts = matches!(s.outcome, StepOutcome::Done | StepOutcome::EndedEarly)
                && Some(i) != stopped;
            if !s.open_ended || !counts || s.held.is_zero() {
                continue;
            }
            let better = by_id
                .get(s.exercise.as_str())
                .is_none_or(|b| s.held > b.held);
            if better {
                let best = Best {
                    exercise: s.exercise.clone(),
                    name: s.name.clone(),
                    held: s.held,
                    on: r.started.local_date(),
                };
                by_id.insert(&s.exercise, best);
            }
        }
    }
    let mut out: Vec<Best> = by_id.into_values().collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// All records of real time (superseded ones too: they hold the same steps, so maxima
/// are unchanged), oldest first.
fn sessions_by_time(records: &[SessionRecord]) -> Vec<&SessionRecord> {
    let mut all: Vec<&SessionRecord> = real(records).collect();
    all.sort_by_key(|r| r.started.at);
    all
}

/// Totals for one routine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutineTotal {
    pub routine: String,
    pub name: String,
    /// Sessions started (a resumed session counts once).
    pub sessions: usize,
    /// Of which finished.
    pub finished: usize,
    /// Wall-clock time of every run.
    pub time: Duration,
    /// The local day of its latest run.
    pub last: Date,
}

/// Totals per routine, most sessions first. Names come from the latest record.
pub fn totals(records: &[SessionRecord]) -> Vec<RoutineTotal> {
    let mut by_id: BTreeMap<&str, RoutineTotal> = BTreeMap::new();
    for r in sessions_by_time(records) {
        let t = by_id.entry(&r.routine).or_insert_with(|| RoutineTotal {
            routine: r.routine.clone(),
            name: String::new(),
            sessions: 0,
            finished: 0,
            time: Duration::ZERO,
            last: r.started.local_date(),
        });
        t.name = r.routine_name.clone();
        t.last = t.last.max(r.started.local_date());
        t.time += r.spent();
    }
    for r in sessions(records) {
        if let Some(t) = by_id.get_mut(r.routine.as_str()) {
            t.sessions += 1;
            t.finished += usize::from(r.finished);
        }
    }
    let mut out: Vec<RoutineTotal> = by_id.into_values().collect();
    out.sort_by(|a, b| b.sessions.cmp(&a.sessions).then(a.name.cmp(&b.name)));
    out
}

/// Exercises ever marked "this hurts" in a session of real time (ids): for the summary's
/// note when one hurts again.
pub fn ever_painful(records: &[SessionRecord]) -> BTreeSet<String> {
    real(records)
        .flat_map(|r| &r.steps)
        .filter(|s| s.outcome == StepOutcome::Painful)
        .map(|s| s.exercise.clone())
        .collect()
}

/// Exercises of a routine whose most recent attempt in that routine was marked painful,
/// so the menu can offer to skip them next time.
///
/// "Most recent attempt" (not "ever"): how a back feels changes, and an exercise done
/// without pain since should not be flagged forever; but a session quit before reaching
/// the exercise, or a skip without holding it (the offer to skip it, taken), does not
/// clear the flag. In order of first appearance in the routine's latest session.
pub fn painful_exercises(records: &[SessionRecord], routine_id: &str) -> Vec<String> {
    let mut latest: Vec<(&str, StepOutcome)> = Vec::new();
    let mut runs: Vec<&SessionRecord> = real(records).filter(|r| r.routine == routine_id).collect();
    runs.sort_by_key(|r| std::cmp::Reverse(r.ended.at));
    for r in runs {
        for s in &r.steps {
            if !is_attempt(s.outcome) {
                continue;
            }
            if !latest.iter().any(|(id, _)| *id == s.exercise) {
                latest.push((&s.exercise, s.outcome));
            }
        }
    }
    latest
        .into_iter()
        .filter(|(_, o)| *o == StepOutcome::Painful)
        .map(|(id, _)| id.to_string())
        .collect()
}

/// Whether a step with this outcome was tried (for the painful memory): not when it was
/// not reached or skipped without holding it.
pub fn is_attempt(outcome: StepOutcome) -> bool {
    !matches!(outcome, StepOutcome::NotReached | StepOutcome::Skipped)
}
