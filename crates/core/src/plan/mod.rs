//! Plans: which routines on which days, or how many times a week, for how many weeks
//! (issue 28). The model ([`Plan`]), the file's text and its checks ([`file`]), the
//! shipped plans ([`shipped`]), what is due today and how much of each week was kept
//! ([`kept`]), and how a range step's hold moves within its range week by week
//! ([`progression`]). Pure: "today" and the records are parameters; the store reads and
//! writes `plan.ron`.

pub mod file;
pub mod kept;
pub mod progression;
pub mod shipped;

use jiff::ToSpan as _;
use jiff::civil::Date;

pub use file::{PlanError, parse};
pub use kept::{PlanKept, Today, TodayItem, WeekKept, today, weeks_kept};
pub use progression::{Change, Hold, holds};

/// The most weeks a plan may run.
pub const MAX_WEEKS: u32 = 52;

/// A plan: routines on days or a number of times a week, for a number of weeks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The shipped plan it came from (`easing_back_in`), or empty for one of the person's.
    pub id: String,
    pub name: String,
    /// A sentence or two: what the plan is for, from the articles' advice.
    pub about: String,
    /// How many weeks it runs (1 to [`MAX_WEEKS`]).
    pub weeks: u32,
    /// The first day; without it the plan's weeks are the last `weeks` calendar weeks
    /// (Monday first), rolling on: it never finishes.
    pub start: Option<Date>,
    pub items: Vec<Item>,
}

/// One routine of a plan and when it is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The routine's id, as `backease list` shows it.
    pub routine: String,
    pub when: When,
    /// The plan week it starts in (1 is the first).
    pub from_week: u32,
}

/// When a plan's routine is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// On these weekdays (bit 0 is Monday), as desk mode's `remind_days` is written.
    Days(u8),
    /// This many times in each plan week, on any days.
    PerWeek(u32),
}

impl When {
    /// `"every day"`, `"mon-fri"`, `"3 times a week"`.
    pub fn text(&self) -> String {
        match self {
            When::Days(days) => crate::remind::hours::WorkingHours {
                days: *days,
                ..crate::remind::hours::WorkingHours::always()
            }
            .days_text(),
            When::PerWeek(1) => "once a week".to_string(),
            When::PerWeek(2) => "twice a week".to_string(),
            When::PerWeek(n) => format!("{n} times a week"),
        }
    }
}

/// Where a plan is on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The plan's first day (for a plan without a start, the Monday `weeks - 1` weeks
    /// before this week's).
    pub first: Date,
    /// Its last day (`None`: it rolls on).
    pub last: Option<Date>,
}

impl Plan {
    /// The days the plan covers, as of `today`.
    pub fn span(&self, today: Date) -> Span {
        match self.start {
            Some(first) => Span {
                first,
                last: first
                    .checked_add((i64::from(self.weeks) * 7 - 1).days())
                    .ok(),
            },
            None => {
                let monday = crate::history::progress::monday_of(today);
                let back = i64::from(self.weeks.saturating_sub(1)) * 7;
                Span {
                    first: monday.checked_sub(back.days()).unwrap_or(monday),
                    last: None,
                }
            }
        }
    }

    /// The plan week `day` falls in (1 is the first), or `None` before its start.
    pub fn week_of(&self, day: Date, today: Date) -> Option<u32> {
        let span = self.span(today);
        let days = span.first.until(day).ok()?.get_days();
        (days >= 0).then(|| {
            u32::try_from(days / 7)
                .unwrap_or(u32::MAX)
                .saturating_add(1)
        })
    }

    /// The first and last day of plan week `week` (1-based).
    pub fn week_days(&self, week: u32, today: Date) -> (Date, Date) {
        let first = self.span(today).first;
        let start = first
            .checked_add((i64::from(week.saturating_sub(1)) * 7).days())
            .unwrap_or(first);
        (start, start.checked_add(6.days()).unwrap_or(start))
    }

    /// The routines this plan names (each once, in order).
    pub fn routine_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for item in &self.items {
            if !ids.contains(&item.routine.as_str()) {
                ids.push(&item.routine);
            }
        }
        ids
    }
}

/// A date as `"2026-12-07"` in JSON.
pub(crate) fn date_text<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

#[cfg(test)]
mod tests;
