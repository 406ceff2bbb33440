//! How a range step's hold moves within its range under a plan, week by week, and never
//! beyond it (issue 28). Where an exercise gives a range (10–15 s, 10–15 min), a plan's
//! first week holds it at the short end. At each new plan week it moves one notch toward
//! the long end ([`NOTCHES`] notches make the range) only if the week before had at least
//! [`SESSIONS_TO_MOVE`] sessions with that exercise, none of them with a "this hurts" on
//! it and none whose check-in rose (stiffer after than before). A "this hurts" on the
//! exercise moves it back one notch at once, for the rest of that week and the next.
//! Each week's hold comes with the reason, shown on the step ("12 s this week: no
//! discomfort reported in 4 sessions").
//!
//! Pure: the plan, the library, the records and today are parameters. The same exercise
//! in two of the plan's routines moves as one (its sessions are counted whichever
//! routine they were in).

use std::collections::BTreeMap;
use std::time::Duration;

use jiff::civil::Date;
use serde::Serialize;

use super::Plan;
use crate::history::SessionRecord;
use crate::history::StepOutcome;
use crate::history::stats::{is_attempt, sessions};
use crate::routine::duration::short;
use crate::routine::{Library, TimeRange, Timing};

/// Steps from the short end to the long end of a range.
pub const NOTCHES: u32 = 3;
/// Sessions with the exercise in a week, without discomfort, to move it on.
pub const SESSIONS_TO_MOVE: usize = 3;

/// One week's hold for an exercise, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub week: u32,
    /// The hold that week, in seconds.
    #[serde(rename = "hold_seconds", serialize_with = "secs")]
    pub hold: Duration,
    pub why: String,
}

/// A range step of a plan's routine, with the hold the plan gives it this week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hold {
    pub routine: String,
    /// The step's index in the routine.
    pub step: usize,
    pub exercise: String,
    pub name: String,
    /// The range as the routine gives it.
    #[serde(serialize_with = "range_text")]
    pub range: TimeRange,
    /// This week's hold, within the range.
    #[serde(rename = "hold_seconds", serialize_with = "secs")]
    pub hold: Duration,
    /// "12 s this week: no discomfort reported in 4 sessions".
    pub note: String,
    /// Every plan week's hold so far, oldest first.
    pub weeks: Vec<Change>,
}

impl Hold {
    /// The step's timing this week: released from the short end, ended at this week's hold.
    pub fn timing(&self) -> Timing {
        Timing::Hold(TimeRange::range(self.range.min, self.hold))
    }
}

fn secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_secs())
}

fn range_text<S: serde::Serializer>(r: &TimeRange, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(r)
}

/// The hold at `notch` (0 the short end, [`NOTCHES`] the long end), in whole seconds.
pub fn at_notch(range: TimeRange, notch: u32) -> Duration {
    let (min, max) = (range.min.as_millis(), range.max.as_millis());
    let span = max.saturating_sub(min);
    let millis = min + span * u128::from(notch.min(NOTCHES)) / u128::from(NOTCHES);
    Duration::from_secs(u64::try_from((millis + 500) / 1000).unwrap_or(u64::MAX))
}

/// What one plan week's sessions said about one exercise.
#[derive(Debug, Default, Clone)]
struct Week {
    sessions: usize,
    /// The first day it hurt.
    hurt: Option<Date>,
    /// The first day the check-in rose after a session with it.
    rose: Option<Date>,
}

/// Every range step of the plan's routines due by this week, with its hold this
/// week and the weeks before.
pub fn holds(plan: &Plan, library: &Library, records: &[SessionRecord], today: Date) -> Vec<Hold> {
    let Some(current) = plan.week_of(today, today) else {
        return Vec::new();
    };
    let current = current.min(plan.weeks);
    let first = plan.span(today).first;
    // The exercises to follow, and each one's weeks.
    let mut steps: Vec<(&str, usize, &crate::routine::Exercise, TimeRange)> = Vec::new();
    let mut ids: Vec<&str> = Vec::new();
    for item in plan.items.iter().filter(|i| i.from_week <= current) {
        if !ids.contains(&item.routine.as_str()) {
            ids.push(&item.routine);
        }
    }
    for id in ids {
        let Some(routine) = library.routine(id) else {
            continue;
        };
        for (i, step) in routine.steps.iter().enumerate() {
            if let Timing::Hold(range) = step.timing
                && range.is_range()
            {
                steps.push((id, i, step, range));
            }
        }
    }
    let mut weeks: BTreeMap<&str, Vec<Week>> = steps
        .iter()
        .map(|s| (s.2.id.as_str(), vec![Week::default(); current as usize]))
        .collect();
    for r in sessions(records) {
        let day = r.started.local_date();
        if day < first || day > today {
            continue;
        }
        let Some(w) = plan.week_of(day, today).filter(|&w| w <= current) else {
            continue;
        };
        let rose = r.stiffness.rose();
        let mut seen: Vec<&str> = Vec::new();
        for s in &r.steps {
            let Some(list) = weeks.get_mut(s.exercise.as_str()) else {
                continue;
            };
            if !is_attempt(s.outcome) {
                continue;
            }
            let week = &mut list[(w - 1) as usize];
            if !seen.contains(&s.exercise.as_str()) {
                seen.push(&s.exercise);
                week.sessions += 1;
                if rose && week.rose.is_none() {
                    week.rose = Some(day);
                }
            }
            if s.outcome == StepOutcome::Painful && week.hurt.is_none() {
                week.hurt = Some(day);
            }
        }
    }
    steps
        .into_iter()
        .map(|(routine, step, exercise, range)| {
            let changes = walk(range, &weeks[exercise.id.as_str()]);
            let last = changes.last().cloned().unwrap_or(Change {
                week: 1,
                hold: range.min,
                why: String::new(),
            });
            Hold {
                routine: routine.to_string(),
                step,
                exercise: exercise.id.clone(),
                name: exercise.name.clone(),
                range,
                hold: last.hold,
                note: format!("{} this week: {}", short(last.hold), last.why),
                weeks: changes,
            }
        })
        .collect()
}

fn day_text(day: Date) -> String {
    day.strftime("%b %-d").to_string()
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// The hold and the reason, week by week, from what each week's sessions said.
fn walk(range: TimeRange, weeks: &[Week]) -> Vec<Change> {
    let mut notch = 0u32;
    let mut out = Vec::new();
    for (i, week) in weeks.iter().enumerate() {
        let mut why = if i == 0 {
            format!("the short end of {range} to begin with")
        } else {
            let before = &weeks[i - 1];
            if let Some(day) = before.hurt {
                format!("kept back after \"this hurts\" on {}", day_text(day))
            } else if let Some(day) = before.rose {
                format!(
                    "stays: stiffness rose after the session on {}",
                    day_text(day)
                )
            } else if before.sessions < SESSIONS_TO_MOVE {
                format!(
                    "stays: {} last week; {SESSIONS_TO_MOVE} without discomfort move it on",
                    plural(before.sessions, "session")
                )
            } else if notch >= NOTCHES {
                format!(
                    "the long end of {range}, as far as it goes (no discomfort in {})",
                    plural(before.sessions, "session")
                )
            } else {
                notch += 1;
                format!(
                    "no discomfort reported in {}",
                    plural(before.sessions, "session")
                )
            }
        };
        if let Some(day) = week.hurt {
            let was = at_notch(range, notch);
            notch = notch.saturating_sub(1);
            why = format!(
                "\"this hurts\" on {}: back from {}",
                day_text(day),
                short(was)
            );
            if at_notch(range, notch) == was {
                why = format!("\"this hurts\" on {}: kept at the short end", day_text(day));
            }
        }
        out.push(Change {
            week: i as u32 + 1,
            hold: at_notch(range, notch),
            why,
        });
    }
    out
}

/// `library` with the plan's holds for this week in place, and each step's note before
/// its description (what the session screen shows on the step).
pub fn apply(library: &mut Library, holds: &[Hold]) {
    for hold in holds {
        let Some(routine) = library.routines.iter_mut().find(|r| r.id == hold.routine) else {
            continue;
        };
        let Some(step) = routine.steps.get_mut(hold.step) else {
            continue;
        };
        if step.id != hold.exercise {
            continue;
        }
        step.timing = hold.timing();
        step.description = if step.description.is_empty() {
            format!("Plan: {}.", hold.note)
        } else {
            format!("Plan: {}. {}", hold.note, step.description)
        };
    }
}
