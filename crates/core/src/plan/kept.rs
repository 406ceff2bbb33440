//! What a plan asks of today, and how much of each of its weeks was kept. A routine
//! counts as done on a day when a session of it (real time, a step done; a resumed
//! session once) started that day. A routine due on days is kept on each of those days
//! with a session; one due *n* times a week is kept up to *n* times in each plan week.
//! Pure: the records and today are parameters; one pass over the records.

use std::collections::{BTreeMap, BTreeSet};

use jiff::ToSpan as _;
use jiff::civil::Date;
use serde::Serialize;

use super::{Plan, When};
use crate::history::SessionRecord;
use crate::history::stats::sessions;
use crate::routine::Library;

/// One routine of today's part of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TodayItem {
    pub routine: String,
    pub name: String,
    /// A session of it today.
    pub done: bool,
    /// For a routine due *n* times a week: how many this plan week, with today's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub this_week: Option<(u32, u32)>,
}

/// Where the plan is today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Today {
    /// It starts on a later day.
    NotStarted {
        #[serde(serialize_with = "super::date_text")]
        start: Date,
    },
    /// Week `week` of `weeks`: what is due today (empty: a rest day).
    Running {
        week: u32,
        weeks: u32,
        items: Vec<TodayItem>,
    },
    /// Its last week is over.
    Finished {
        #[serde(serialize_with = "super::date_text")]
        last: Date,
    },
}

impl Today {
    /// `"Five back stretches ✓ · Desk break"` for the menu's line (`ids`: routine ids,
    /// for a status bar): every routine due today, a tick on those done.
    pub fn line(&self, ids: bool) -> String {
        match self {
            Today::NotStarted { start } => format!("plan starts {}", start.strftime("%b %-d")),
            Today::Finished { .. } => "plan finished".to_string(),
            Today::Running { items, .. } if items.is_empty() => "rest day".to_string(),
            Today::Running { items, .. } => items
                .iter()
                .map(|i| {
                    let name = if ids { &i.routine } else { &i.name };
                    if i.done {
                        format!("{name} ✓")
                    } else {
                        name.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" · "),
        }
    }

    /// The first routine due today and not done yet (the menu opens on it).
    pub fn next(&self) -> Option<&str> {
        match self {
            Today::Running { items, .. } => {
                items.iter().find(|i| !i.done).map(|i| i.routine.as_str())
            }
            _ => None,
        }
    }
}

/// Sessions that count for a plan, by routine: the days they started on.
#[derive(Debug, Default)]
struct Done<'a> {
    days: BTreeMap<&'a str, BTreeSet<Date>>,
    /// Sessions per routine and day (a routine twice on one day counts twice for a
    /// times-a-week routine).
    count: BTreeMap<(&'a str, Date), u32>,
}

impl<'a> Done<'a> {
    fn from(records: &'a [SessionRecord]) -> Done<'a> {
        let mut done = Done::default();
        for r in sessions(records).into_iter().filter(|r| r.done() > 0) {
            let day = r.started.local_date();
            done.days.entry(r.routine.as_str()).or_default().insert(day);
            *done.count.entry((r.routine.as_str(), day)).or_default() += 1;
        }
        done
    }

    fn on(&self, routine: &str, day: Date) -> bool {
        self.days.get(routine).is_some_and(|d| d.contains(&day))
    }

    fn between(&self, routine: &str, first: Date, last: Date) -> u32 {
        self.count
            .range((routine, first)..=(routine, last))
            .map(|(_, n)| *n)
            .sum()
    }
}

/// Today's part of `plan`.
pub fn today(plan: &Plan, library: &Library, records: &[SessionRecord], today: Date) -> Today {
    let span = plan.span(today);
    if today < span.first {
        return Today::NotStarted { start: span.first };
    }
    if let Some(last) = span.last
        && today > last
    {
        return Today::Finished { last };
    }
    let week = plan.week_of(today, today).unwrap_or(1);
    let (first, last) = plan.week_days(week, today);
    let done = Done::from(records);
    let bit = 1u8 << today.weekday().to_monday_zero_offset();
    let mut items: Vec<TodayItem> = Vec::new();
    for item in plan.items.iter().filter(|i| i.from_week <= week) {
        let name = library
            .routine(&item.routine)
            .map_or_else(|| item.routine.clone(), |r| r.name.clone());
        let done_today = done.on(&item.routine, today);
        match item.when {
            When::Days(days) if days & bit != 0 => items.push(TodayItem {
                routine: item.routine.clone(),
                name,
                done: done_today,
                this_week: None,
            }),
            When::Days(_) => {}
            When::PerWeek(n) => {
                let so_far = done.between(&item.routine, first, last.min(today));
                // Due until this week's are done; a tick on the day that finished them.
                if so_far < n || done_today {
                    items.push(TodayItem {
                        routine: item.routine.clone(),
                        name,
                        done: done_today,
                        this_week: Some((so_far.min(n), n)),
                    });
                }
            }
        }
    }
    // The same routine twice (on days and n times a week): once.
    let mut seen = BTreeSet::new();
    items.retain(|i| seen.insert(i.routine.clone()));
    Today::Running {
        week,
        weeks: plan.weeks,
        items,
    }
}

/// One plan week: how many sessions it asked for and how many were done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekKept {
    /// 1 is the plan's first week.
    pub week: u32,
    #[serde(serialize_with = "super::date_text")]
    pub first: Date,
    #[serde(serialize_with = "super::date_text")]
    pub last: Date,
    /// Sessions planned: for the week under way, those due up to today (and all of a
    /// times-a-week routine's).
    pub planned: u32,
    /// Sessions of them done (never more than planned, routine by routine).
    pub done: u32,
    /// Today is in this week.
    pub current: bool,
}

impl WeekKept {
    /// The percentage kept, rounded; `None` for a week that asked for nothing.
    pub fn percent(&self) -> Option<u32> {
        (self.planned > 0).then(|| (self.done * 100 + self.planned / 2) / self.planned)
    }
}

/// Every plan week from the first to this one (or the last, for a finished plan), oldest
/// first; empty before the plan starts.
pub fn weeks_kept(plan: &Plan, records: &[SessionRecord], today: Date) -> Vec<WeekKept> {
    let span = plan.span(today);
    if today < span.first {
        return Vec::new();
    }
    let done = Done::from(records);
    let upto = plan.week_of(today, today).unwrap_or(1).min(plan.weeks);
    (1..=upto)
        .map(|week| {
            let (first, last) = plan.week_days(week, today);
            let current = first <= today && today <= last;
            let until = if current { today } else { last };
            let mut planned = 0;
            let mut kept = 0;
            for item in plan.items.iter().filter(|i| i.from_week <= week) {
                match item.when {
                    When::Days(days) => {
                        let mut day = first;
                        while day <= until {
                            if days & (1 << day.weekday().to_monday_zero_offset()) != 0 {
                                planned += 1;
                                kept += u32::from(done.on(&item.routine, day));
                            }
                            match day.checked_add(1.day()) {
                                Ok(next) => day = next,
                                Err(_) => break,
                            }
                        }
                    }
                    When::PerWeek(n) => {
                        planned += n;
                        kept += done.between(&item.routine, first, until).min(n);
                    }
                }
            }
            WeekKept {
                week,
                first,
                last,
                planned,
                done: kept,
                current,
            }
        })
        .collect()
}

/// A plan's name and its weeks kept, for the progress screen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanKept {
    pub name: String,
    pub weeks: Vec<WeekKept>,
}
