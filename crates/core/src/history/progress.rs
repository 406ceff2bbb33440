//! What the progress screen and `backease history` show, as one value computed from the
//! records: a calendar of minutes per local day, the weekly average stiffness before and
//! after (the check-in), totals per routine with the day each was last done, personal
//! bests, and the current and longest streak ([`overview`]). Pure: "today" is a
//! parameter; each session counts on the local day it started, in the offset it was
//! recorded with (so a trip across time zones or a change of clocks moves no session to
//! another day).
//!
//! Sessions run with `--speed` count for none of it, as in [`super::stats`]. Minutes are
//! wall-clock time of every run (a session resumed later counts both runs' time).

use std::collections::BTreeMap;
use std::time::Duration;

use jiff::ToSpan as _;
use jiff::civil::{Date, Weekday};

use super::record::SessionRecord;
use super::stats::{Best, RoutineTotal, bests, sessions, streak, streak_days, totals};

/// How many weeks the overview covers (a year): the screen shows as many as fit, at least
/// twelve; `backease history` shows [`TEXT_WEEKS`].
pub const OVERVIEW_WEEKS: usize = 53;

/// The weeks of the calendar in `backease history`.
pub const TEXT_WEEKS: usize = 26;

/// Everything the progress screen shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overview {
    /// Minutes per day: one entry per day from the Monday [`OVERVIEW_WEEKS`] weeks back
    /// through today, oldest first (days after today in today's week are not there).
    pub days: Vec<(Date, Duration)>,
    /// The average check-in per week, the same weeks, oldest first.
    pub weeks: Vec<WeekStiffness>,
    /// Per routine: sessions, time, the day it was last done. Most sessions first.
    pub routines: Vec<RoutineTotal>,
    pub bests: Vec<Best>,
    /// Days in a row up to today (or yesterday: a streak lives until a whole day passes).
    pub streak: u32,
    /// The most days in a row ever.
    pub longest: u32,
    /// Sessions in all (a resumed session counts once).
    pub sessions: usize,
    /// Time in all, every run.
    pub time: Duration,
    /// The plan in use and each of its weeks kept so far (the shell adds it: the plan is a
    /// file of its own).
    pub plan: Option<crate::plan::PlanKept>,
}

/// One week's check-in answers, averaged. Tenths of a point, so the values compare
/// exactly: `Some(52)` is 5.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekStiffness {
    pub monday: Date,
    pub before: Option<u16>,
    pub after: Option<u16>,
    /// How many sessions that week answered at least one of the two.
    pub answered: usize,
}

/// The Monday of `day`'s week.
pub fn monday_of(day: Date) -> Date {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(back.days()).unwrap_or(day)
}

/// The overview of `records` as of `today`, over [`OVERVIEW_WEEKS`] weeks.
pub fn overview(records: &[SessionRecord], today: Date) -> Overview {
    overview_weeks(records, today, OVERVIEW_WEEKS)
}

/// The overview over the last `weeks` weeks (today's week included).
pub fn overview_weeks(records: &[SessionRecord], today: Date, weeks: usize) -> Overview {
    let first = monday_of(today)
        .checked_sub((7 * weeks.saturating_sub(1) as i64).days())
        .unwrap_or(today);
    let mut minutes: BTreeMap<Date, Duration> = BTreeMap::new();
    let mut time = Duration::ZERO;
    for r in records.iter().filter(|r| !r.sped_up) {
        let day = r.started.local_date();
        time += r.spent();
        if day >= first && day <= today {
            *minutes.entry(day).or_default() += r.spent();
        }
    }
    let mut days = Vec::with_capacity(weeks * 7);
    let mut day = first;
    while day <= today {
        days.push((day, minutes.get(&day).copied().unwrap_or_default()));
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    let counted = sessions(records);
    Overview {
        days,
        weeks: weekly_stiffness(&counted, first, today),
        routines: totals(records),
        bests: bests(records),
        streak: streak(records, today),
        longest: longest_streak(records),
        sessions: counted.len(),
        time,
        plan: None,
    }
}

/// The average before and after per week from `first` (a Monday) to today's week.
fn weekly_stiffness(counted: &[&SessionRecord], first: Date, today: Date) -> Vec<WeekStiffness> {
    // Sums and counts of the answers before and after, per Monday.
    let mut sums: BTreeMap<Date, [(u32, u32); 2]> = BTreeMap::new();
    let mut answered: BTreeMap<Date, usize> = BTreeMap::new();
    for r in counted.iter().filter(|r| !r.stiffness.is_empty()) {
        let monday = monday_of(r.started.local_date());
        let entry = sums.entry(monday).or_default();
        for (i, v) in [r.stiffness.before, r.stiffness.after]
            .into_iter()
            .enumerate()
        {
            if let Some(v) = v {
                entry[i].0 += u32::from(v);
                entry[i].1 += 1;
            }
        }
        *answered.entry(monday).or_default() += 1;
    }
    let tenths = |(sum, n): (u32, u32)| {
        (n > 0).then(|| u16::try_from((sum * 20 + n) / (2 * n)).unwrap_or(u16::MAX))
    };
    let mut out = Vec::new();
    let mut monday = first;
    while monday <= today {
        let [before, after] = sums.get(&monday).copied().unwrap_or_default();
        out.push(WeekStiffness {
            monday,
            before: tenths(before),
            after: tenths(after),
            answered: answered.get(&monday).copied().unwrap_or(0),
        });
        match monday.checked_add(7.days()) {
            Ok(next) => monday = next,
            Err(_) => break,
        }
    }
    out
}

/// The most days in a row with a session that did a step (as the streak counts them).
pub fn longest_streak(records: &[SessionRecord]) -> u32 {
    let mut best = 0;
    let mut run = 0;
    let mut last: Option<Date> = None;
    for day in streak_days(records) {
        run = match last.and_then(|l| l.tomorrow().ok()) {
            Some(next) if next == day => run + 1,
            _ => 1,
        };
        best = best.max(run);
        last = Some(day);
    }
    best
}

/// Tenths as text: `5.2`.
pub fn tenths_text(t: u16) -> String {
    format!("{}.{}", t / 10, t % 10)
}

/// The shade of a day by its minutes, for the calendar: 0 none, 1 under 10 minutes, 2
/// under 20, 3 under 30, 4 for 30 or more. [`SHADES`] are the glyphs, readable without
/// colour.
pub fn shade(minutes: Duration) -> usize {
    match minutes.as_secs() {
        0 => 0,
        s if s < 600 => 1,
        s if s < 1200 => 2,
        s if s < 1800 => 3,
        _ => 4,
    }
}

/// The calendar's glyphs, from no session to 30 minutes or more.
pub const SHADES: [&str; 5] = ["·", "░", "▒", "▓", "█"];

/// The legend of [`SHADES`].
pub const SHADE_WORDS: [&str; 5] = ["none", "<10 min", "<20", "<30", "30+"];

/// Weekday names as the calendar's rows: Monday first.
pub const WEEKDAYS: [(Weekday, &str); 7] = [
    (Weekday::Monday, "Mon"),
    (Weekday::Tuesday, "Tue"),
    (Weekday::Wednesday, "Wed"),
    (Weekday::Thursday, "Thu"),
    (Weekday::Friday, "Fri"),
    (Weekday::Saturday, "Sat"),
    (Weekday::Sunday, "Sun"),
];

#[cfg(test)]
mod tests;
