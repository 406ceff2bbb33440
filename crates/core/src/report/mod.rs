//! The report for a physiotherapist (`backease report`, issue 28): what the records, the
//! plan and desk mode's days say over a span of days, as one value ([`Report`]) that
//! `--json` prints as it is and [`html`] writes as one self-contained page. Pure: the
//! records, the plan, the break days and the dates are parameters; nothing here reads a
//! file or the clock. Sessions run with `--speed` count for none of it, a resumed session
//! once, as everywhere in history.
//!
//! No diagnosis and no advice: the numbers are what the person reported (the 0–9
//! check-in, "this hurts") and what the timer measured; [`ABOUT_NUMBERS`] says so on the
//! page.

pub mod html;

use std::collections::BTreeMap;
use std::time::Duration;

use jiff::civil::Date;
use serde::Serialize;

use crate::history::progress::monday_of;
use crate::history::stats::{is_attempt, sessions};
use crate::history::{SessionRecord, StepOutcome};
use crate::plan::{self, Hold, Plan, WeekKept};
use crate::remind::schedule::Day;
use crate::routine::Library;

/// What the numbers are, and are not: said on the page and in the JSON.
pub const ABOUT_NUMBERS: &str = "Stiffness is the person's own answer, before and after a \
    session, from 0 (fine) to 9 (very stiff or sore); \"this hurts\" is a mark they made \
    during an exercise; holds are the time the timer counted. These are self-reports and \
    timings, not measurements of the back, a diagnosis or advice; the exercises come from \
    general back-care articles, not from a clinician.";

/// The most single sessions drawn as dots on the stiffness chart (the weekly averages are
/// always drawn); more are left to the averages and the JSON.
pub const MOST_DOTS: usize = 400;

/// Everything the report shows.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub format: &'static str,
    pub version: u32,
    /// The first and last day covered, and the day it was made.
    #[serde(serialize_with = "plan::date_text")]
    pub since: Date,
    #[serde(serialize_with = "plan::date_text")]
    pub until: Date,
    pub about_numbers: &'static str,
    pub sessions: usize,
    /// Minutes of sessions, every run.
    pub minutes: u64,
    pub plan: Option<PlanPart>,
    /// Each session's check-in, oldest first.
    pub checkins: Vec<CheckIn>,
    /// The weekly averages (Monday first), every week of the span.
    pub weeks: Vec<WeekAverage>,
    pub exercises: Vec<ExerciseDone>,
    pub hurts: Vec<Hurt>,
    pub breaks: Breaks,
}

/// The plan in use and how it was kept.
#[derive(Debug, Clone, Serialize)]
pub struct PlanPart {
    pub name: String,
    pub about: String,
    pub weeks: u32,
    #[serde(serialize_with = "opt_date")]
    pub start: Option<Date>,
    /// `"Five back stretches: every day"`, one per routine.
    pub routines: Vec<String>,
    pub kept: Vec<WeekKept>,
    /// The range steps' holds this week, with every week's and why.
    pub holds: Vec<Hold>,
}

/// One session's check-in.
#[derive(Debug, Clone, Serialize)]
pub struct CheckIn {
    #[serde(serialize_with = "plan::date_text")]
    pub date: Date,
    pub routine_name: String,
    pub before: Option<u8>,
    pub after: Option<u8>,
}

/// A week's average check-in, in tenths (52 is 5.2).
#[derive(Debug, Clone, Serialize)]
pub struct WeekAverage {
    #[serde(serialize_with = "plan::date_text")]
    pub monday: Date,
    pub sessions: usize,
    pub before_tenths: Option<u32>,
    pub after_tenths: Option<u32>,
    pub answered: usize,
}

/// An exercise done in the span.
#[derive(Debug, Clone, Serialize)]
pub struct ExerciseDone {
    pub exercise: String,
    pub name: String,
    /// Sessions in which it was tried (held at all).
    pub times: usize,
    pub hurt: usize,
    /// The average hold per rep and side, week by week (weeks it was done).
    pub holds: Vec<WeekHold>,
    /// The figure's alt text when the library has a figure for it.
    pub figure_alt: Option<String>,
}

/// An exercise's average hold in one week.
#[derive(Debug, Clone, Serialize)]
pub struct WeekHold {
    #[serde(serialize_with = "plan::date_text")]
    pub monday: Date,
    pub seconds: u64,
}

/// A "this hurts" mark.
#[derive(Debug, Clone, Serialize)]
pub struct Hurt {
    #[serde(serialize_with = "plan::date_text")]
    pub date: Date,
    pub exercise: String,
    pub name: String,
    pub routine_name: String,
}

/// Desk mode's breaks in the span.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Breaks {
    pub due: u32,
    pub taken: u32,
    pub snoozed: u32,
    pub skipped: u32,
    /// Per week (Monday first), weeks with any break due or acted on.
    pub weeks: Vec<BreakWeek>,
    /// The answers to "why not now?" after a skip or a second snooze, over the span:
    /// "busy: 3", one per answer given at least once, in the question's order.
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BreakWeek {
    #[serde(serialize_with = "plan::date_text")]
    pub monday: Date,
    pub due: u32,
    pub taken: u32,
    pub snoozed: u32,
    pub skipped: u32,
}

fn opt_date<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

/// What the report is made from.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub library: &'a Library,
    pub plan: Option<&'a Plan>,
    pub records: &'a [SessionRecord],
    pub days: &'a [Day],
    pub since: Date,
    pub today: Date,
}

/// One week's check-in sums: sessions, (sum, count) before and after, answered.
#[derive(Debug, Default)]
struct WeekSums {
    sessions: usize,
    before: (u32, u32),
    after: (u32, u32),
    answered: usize,
}

/// One exercise's tries, hurts and (held seconds, holds counted) per week.
#[derive(Debug, Default)]
struct Tally {
    name: String,
    times: usize,
    hurt: usize,
    weeks: BTreeMap<Date, (u64, u64)>,
}

/// Tenths of the mean of `sum` over `n`, rounded.
fn tenths(sum: u32, n: u32) -> Option<u32> {
    (n > 0).then(|| (sum * 10 + n / 2) / n)
}

/// The report over `since..=today`.
pub fn build(i: Inputs<'_>) -> Report {
    let in_span: Vec<&SessionRecord> = sessions(i.records)
        .into_iter()
        .filter(|r| {
            let d = r.started.local_date();
            d >= i.since && d <= i.today
        })
        .collect();
    let minutes = in_span
        .iter()
        .map(|r| r.started.until(&r.ended))
        .sum::<Duration>()
        .as_secs()
        / 60;
    let checkins: Vec<CheckIn> = in_span
        .iter()
        .filter(|r| !r.stiffness.is_empty())
        .map(|r| CheckIn {
            date: r.started.local_date(),
            routine_name: r.routine_name.clone(),
            before: r.stiffness.before,
            after: r.stiffness.after,
        })
        .collect();
    // The weeks of the span, each with its sums.
    let mut weeks: BTreeMap<Date, WeekSums> = BTreeMap::new();
    let mut monday = monday_of(i.since);
    while monday <= i.today {
        weeks.insert(monday, WeekSums::default());
        match monday.checked_add(jiff::Span::new().days(7)) {
            Ok(next) => monday = next,
            Err(_) => break,
        }
    }
    for r in &in_span {
        let w = weeks.entry(monday_of(r.started.local_date())).or_default();
        w.sessions += 1;
        if let Some(b) = r.stiffness.before {
            w.before.0 += u32::from(b);
            w.before.1 += 1;
        }
        if let Some(a) = r.stiffness.after {
            w.after.0 += u32::from(a);
            w.after.1 += 1;
        }
        w.answered += usize::from(!r.stiffness.is_empty());
    }
    let weeks: Vec<WeekAverage> = weeks
        .into_iter()
        .map(|(monday, w)| WeekAverage {
            monday,
            sessions: w.sessions,
            before_tenths: tenths(w.before.0, w.before.1),
            after_tenths: tenths(w.after.0, w.after.1),
            answered: w.answered,
        })
        .collect();
    // Exercises: tries, hurts, holds per week.
    let mut order: Vec<String> = Vec::new();
    let mut per: BTreeMap<String, Tally> = BTreeMap::new();
    let mut hurts = Vec::new();
    for r in &in_span {
        let monday = monday_of(r.started.local_date());
        for s in &r.steps {
            if !is_attempt(s.outcome) {
                continue;
            }
            let e = per.entry(s.exercise.clone()).or_insert_with(|| {
                order.push(s.exercise.clone());
                Tally {
                    name: s.name.clone(),
                    ..Tally::default()
                }
            });
            e.times += 1;
            if s.outcome == StepOutcome::Painful {
                e.hurt += 1;
                hurts.push(Hurt {
                    date: r.started.local_date(),
                    exercise: s.exercise.clone(),
                    name: s.name.clone(),
                    routine_name: r.routine_name.clone(),
                });
            }
            // A hold is per rep and side: the time held shared out between them.
            if matches!(s.outcome, StepOutcome::Done) && !s.open_ended {
                let holds = i.library.exercise(&s.exercise).map_or(1, |x| {
                    u64::from(x.reps.max(1))
                        * u64::from(x.rounds.max(1))
                        * (x.sides.len().max(1) as u64)
                });
                let w = e.weeks.entry(monday).or_default();
                w.0 += s.held.as_secs() / holds.max(1);
                w.1 += 1;
            }
        }
    }
    let exercises = order
        .into_iter()
        .filter_map(|id| {
            let Tally {
                name,
                times,
                hurt,
                weeks,
            } = per.remove(&id)?;
            let figure_alt = i
                .library
                .exercise(&id)
                .and_then(|x| x.figure.first())
                .map(|p| p.alt.clone());
            Some(ExerciseDone {
                exercise: id,
                name,
                times,
                hurt,
                holds: weeks
                    .into_iter()
                    .filter(|(_, (_, n))| *n > 0)
                    .map(|(monday, (sum, n))| WeekHold {
                        monday,
                        seconds: (sum + n / 2) / n,
                    })
                    .collect(),
                figure_alt,
            })
        })
        .collect();
    // Desk mode's days, by week.
    let mut breaks = Breaks::default();
    let mut reasons = crate::remind::schedule::Reasons::default();
    let mut by_week: BTreeMap<Date, BreakWeek> = BTreeMap::new();
    for d in i
        .days
        .iter()
        .filter(|d| d.date.0 >= i.since && d.date.0 <= i.today)
    {
        breaks.due += d.due;
        breaks.taken += d.taken;
        breaks.snoozed += d.snoozed;
        breaks.skipped += d.skipped;
        for reason in crate::remind::schedule::Reason::ALL {
            for _ in 0..d.reasons.get(reason) {
                reasons.add(reason);
            }
        }
        let monday = monday_of(d.date.0);
        let w = by_week.entry(monday).or_insert(BreakWeek {
            monday,
            due: 0,
            taken: 0,
            snoozed: 0,
            skipped: 0,
        });
        w.due += d.due;
        w.taken += d.taken;
        w.snoozed += d.snoozed;
        w.skipped += d.skipped;
    }
    breaks.weeks = by_week.into_values().collect();
    breaks.reasons = crate::remind::schedule::Reason::ALL
        .into_iter()
        .filter(|r| reasons.get(*r) > 0)
        .map(|r| format!("{}: {}", r.label(), reasons.get(r)))
        .collect();
    let plan = i.plan.map(|p| PlanPart {
        name: p.name.clone(),
        about: p.about.clone(),
        weeks: p.weeks,
        start: p.start,
        routines: p
            .items
            .iter()
            .map(|item| {
                let name = i
                    .library
                    .routine(&item.routine)
                    .map_or(item.routine.as_str(), |r| r.name.as_str());
                let from = if item.from_week > 1 {
                    format!(", from week {}", item.from_week)
                } else {
                    String::new()
                };
                format!("{name}: {}{from}", item.when.text())
            })
            .collect(),
        kept: plan::weeks_kept(p, i.records, i.today),
        holds: plan::holds(p, i.library, i.records, i.today),
    });
    Report {
        format: "backease-report",
        version: 1,
        since: i.since,
        until: i.today,
        about_numbers: ABOUT_NUMBERS,
        sessions: in_span.len(),
        minutes,
        plan,
        checkins,
        weeks,
        exercises,
        hurts,
        breaks,
    }
}

/// `"6w"`, `"30d"`, `"2026-10-01"`: the first day a report covers, as of `today`.
pub fn parse_since(text: &str, today: Date) -> Result<Date, String> {
    let t = text.trim();
    let bad = || {
        format!(
            "{} is not a span or a date; write 6w (weeks), 30d (days) or 2026-10-01",
            crate::text::excerpt(text)
        )
    };
    if let Some(n) = t.strip_suffix('w').or_else(|| t.strip_suffix('d')) {
        let n: i64 = n.parse().map_err(|_| bad())?;
        let days = if t.ends_with('w') { n * 7 } else { n };
        if !(1..=3660).contains(&days) {
            return Err(format!("{t}: give 1 day to 10 years"));
        }
        return today
            .checked_sub(jiff::Span::new().days(days - 1))
            .map_err(|_| bad());
    }
    if t.len() == 10 {
        return t.parse().map_err(|_| bad());
    }
    Err(bad())
}

#[cfg(test)]
mod tests;
