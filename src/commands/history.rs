//! `backease history`: recent sessions, the streak, totals per routine and personal
//! bests, then the calendar of the days moved (block characters) and the weekly
//! stiffness before and after; `--json` and `--csv` export every record instead
//! (formats: `history::export`, documented in the README), `--since DATE` and
//! `--routine ID` narrow any of them. [`run`] reads the records through the store;
//! [`report`], [`progress_text`], [`json`] and [`csv`] are plain functions of the
//! records and today's date (the numbers are the core's `history`). Warnings go to
//! standard error with an export, so its standard output stays valid.
//!
//! Everything in a record came from a file anyone could have written: names are escaped
//! for the terminal and cut to [`NAME_COLUMN`] characters in the tables
//! (`crate::text`), and columns are padded by hand, so no name of any length or content
//! can panic the report or act on the terminal.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Duration;

use jiff::Zoned;
use jiff::civil::Date;

use super::error::Result;
use super::output::Output;
use crate::cli::HistoryArgs;
use crate::history::progress::{self, SHADE_WORDS, SHADES, TEXT_WEEKS, WEEKDAYS};
use crate::history::{SessionRecord, best_text, bests, export, sessions, streak, totals};
use crate::routine::duration::short;
use crate::store;
use crate::text::escape;
use crate::ui::text::{cell, pad, width};

/// The widest a name column gets; longer names are cut with an ellipsis.
pub const NAME_COLUMN: usize = 40;

/// Reads the history directory (moving unreadable files aside, as the store does) and
/// reports on it as of today, or exports it.
pub fn run(args: &HistoryArgs) -> Result<Output> {
    let loaded = store::history::load();
    let records = select(loaded.records, args);
    let today = Zoned::now().date();
    if args.json || args.csv {
        // Desk mode's days: not a routine's, so not with `--routine`.
        let days: Vec<export::DeskDay> = if args.routine.is_none() {
            crate::remind::files::Files::platform()
                .map(|f| f.days())
                .unwrap_or_default()
                .iter()
                .filter(|d| args.since.is_none_or(|s| d.date.0 >= s))
                .map(export::DeskDay::of)
                .collect()
        } else {
            Vec::new()
        };
        let stdout = if args.json {
            json_with(&records, days)
        } else if args.desk {
            desk_csv(&days)
        } else {
            csv(&records)
        };
        let stderr = loaded
            .warnings
            .iter()
            .map(|w| format!("backease: warning: {}\n", escape(w)))
            .collect();
        return Ok(Output {
            stdout,
            stderr,
            code: 0,
        });
    }
    let mut text = report(&records, today, &loaded.warnings);
    if let Some(id) = &args.routine
        && records.is_empty()
    {
        text = format!(
            "No sessions of routine {:?}{}. `backease list` shows the routine ids.\n",
            escape(id),
            args.since
                .map(|d| format!(" since {d}"))
                .unwrap_or_default()
        );
    } else if let (Some(since), true) = (args.since, records.is_empty()) {
        text = format!("No sessions since {since}.\n");
    } else if !records.is_empty() {
        text.push_str(&progress_text(&records, today));
    }
    // Desk mode's days (breaks due, taken, snoozed, skipped): not a routine's, so not
    // with `--routine`.
    if args.routine.is_none() {
        let days = crate::remind::files::Files::platform()
            .map(|f| f.days())
            .unwrap_or_default();
        text.push_str(&desk_text(&days, today, args.since));
    }
    Ok(Output::text(text))
}

/// How many days of desk mode `history` shows, newest first.
const DESK_DAYS: usize = 7;

/// Desk mode's breaks per day (`backease remind`'s day files), the last [`DESK_DAYS`]
/// days with any, and their totals; nothing when desk mode never ran (or not since
/// `since`).
pub fn desk_text(
    days: &[crate::remind::schedule::Day],
    today: Date,
    since: Option<Date>,
) -> String {
    let shown: Vec<_> = days
        .iter()
        .filter(|d| since.is_none_or(|s| d.date.0 >= s) && d.date.0 <= today)
        .rev()
        .take(DESK_DAYS)
        .collect();
    if shown.is_empty() {
        return String::new();
    }
    let mut out = String::from("\nDesk mode breaks (backease remind)\n");
    let (mut due, mut taken) = (0, 0);
    for d in &shown {
        due += d.due;
        taken += d.taken;
        let day = if d.date.0 == today {
            "today".to_string()
        } else {
            d.date.0.strftime("%a %-d %b").to_string()
        };
        let _ = writeln!(
            out,
            "  {} {} taken · {} due · {} snoozed · {} skipped",
            pad(&day, 11),
            d.taken,
            d.due,
            d.snoozed,
            d.skipped
        );
        if d.reasons.total() > 0 {
            let _ = writeln!(out, "  {} why: {}", pad("", 11), d.reasons.text());
        }
    }
    let _ = writeln!(
        out,
        "  {} {taken} breaks taken, {due} fell due",
        pad(&format!("{} days", shown.len()), 11)
    );
    out
}

/// The records `--since` and `--routine` leave (all when neither is given).
pub fn select(records: Vec<SessionRecord>, args: &HistoryArgs) -> Vec<SessionRecord> {
    records
        .into_iter()
        .filter(|r| args.since.is_none_or(|d| r.started.local_date() >= d))
        .filter(|r| args.routine.as_ref().is_none_or(|id| r.routine == *id))
        .collect()
}

/// Every record as JSON (`history::export`), pretty, with a final newline.
pub fn json(records: &[SessionRecord]) -> String {
    json_with(records, Vec::new())
}

/// [`json`] with desk mode's days (`desk_days`, left out when there are none).
pub fn json_with(records: &[SessionRecord], desk_days: Vec<export::DeskDay>) -> String {
    let mut all = export::export(records);
    all.desk_days = desk_days;
    let mut text = serde_json::to_string_pretty(&all)
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    text.push('\n');
    text
}

/// Desk mode's days as CSV: a header row, then one row per day, oldest first.
pub fn desk_csv(days: &[export::DeskDay]) -> String {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    for d in days {
        let _ = writer.serialize(d);
    }
    if days.is_empty() {
        let _ = writer.write_record(export::DESK_COLUMNS);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Every record as CSV, a header row then one row per record (`history::export`).
pub fn csv(records: &[SessionRecord]) -> String {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    for r in records {
        // Writing into memory fails only on a value serde cannot write: none here.
        let _ = writer.serialize(export::csv_row(r));
    }
    if records.is_empty() {
        let _ = writer.write_record(CSV_COLUMNS);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The CSV's columns, in order (the header of an empty export).
pub const CSV_COLUMNS: [&str; 16] = [
    "run",
    "routine",
    "routine_name",
    "date",
    "started",
    "ended",
    "seconds",
    "finished",
    "sped_up",
    "continues",
    "stiffness_before",
    "stiffness_after",
    "steps",
    "done",
    "skipped",
    "painful",
];

/// The calendar of the last [`TEXT_WEEKS`] weeks in block characters, the longest
/// streak, and the weekly stiffness before and after (weeks with an answer).
pub fn progress_text(records: &[SessionRecord], today: Date) -> String {
    let o = progress::overview_weeks(records, today, TEXT_WEEKS);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nDays moved, last {TEXT_WEEKS} weeks (a column per week, Monday at the top)"
    );
    for (weekday, name) in WEEKDAYS {
        let cells: Vec<&str> = o
            .days
            .iter()
            .filter(|(d, _)| d.weekday() == weekday)
            .map(|(_, m)| SHADES[progress::shade(*m)])
            .collect();
        let _ = writeln!(out, "  {name} {}", cells.join(" "));
    }
    let legend: Vec<String> = SHADES
        .iter()
        .zip(SHADE_WORDS)
        .map(|(g, w)| format!("{g} {w}"))
        .collect();
    let _ = writeln!(out, "  {}", legend.join("  "));
    let _ = writeln!(
        out,
        "  Longest streak: {} day{}",
        o.longest,
        plural(o.longest as usize)
    );
    let _ = writeln!(out, "\nLast done");
    let names: Vec<String> = o
        .routines
        .iter()
        .map(|t| cell(&t.name, NAME_COLUMN))
        .collect();
    let name_width = widest(&names);
    for (t, name) in o.routines.iter().zip(names) {
        let _ = writeln!(out, "  {}  {}", pad(&name, name_width), t.last);
    }
    let answered: Vec<_> = o.weeks.iter().filter(|w| w.answered > 0).collect();
    if !answered.is_empty() {
        let _ = writeln!(
            out,
            "\nStiffness, weekly average (0 fine to 9 very stiff or sore): before → after"
        );
        let v = |t: Option<u16>| {
            t.map_or_else(
                || "  ?".to_string(),
                |t| format!("{:>3}", progress::tenths_text(t)),
            )
        };
        for w in answered {
            let _ = writeln!(
                out,
                "  week of {}  {} → {}  ({} session{})",
                w.monday,
                v(w.before),
                v(w.after),
                w.answered,
                plural(w.answered)
            );
        }
    }
    out
}

/// How many sessions the report lists.
pub const RECENT: usize = 10;

/// The whole report. `warnings` (files moved aside, unreadable directory) come first so
/// nobody misses them.
pub fn report(records: &[SessionRecord], today: Date, warnings: &[String]) -> String {
    let mut out = String::new();
    for w in warnings {
        // A warning's own lines stay lines; anything else unsafe in it is escaped.
        let lines: Vec<_> = w.split('\n').map(escape).collect();
        let _ = writeln!(out, "warning: {}", lines.join("\n"));
    }
    if !warnings.is_empty() {
        out.push('\n');
    }
    let all = sessions(records);
    if all.is_empty() {
        out.push_str(
            "No sessions yet. Start one with `backease` (the menu) or `backease start ROUTINE`.\n",
        );
        return out;
    }

    let days = streak(records, today);
    let _ = writeln!(out, "Streak: {}", streak_words(records, today, days));

    let _ = writeln!(out, "\nRecent sessions (newest first)");
    let times = run_times(records);
    let recent: Vec<&&SessionRecord> = all.iter().rev().take(RECENT).collect();
    let names: Vec<String> = recent
        .iter()
        .map(|r| cell(&r.routine_name, NAME_COLUMN))
        .collect();
    let name_width = widest(&names);
    for (r, name) in recent.into_iter().zip(names) {
        let spent = times
            .get(r.id.as_str())
            .copied()
            .unwrap_or_else(|| r.spent());
        let _ = writeln!(
            out,
            "  {}  {}  {:>2} done, {:>2} skipped  {:>9}  {}",
            r.started.local_minute(),
            pad(&name, name_width),
            r.done(),
            r.skipped(),
            short_minutes(spent),
            state(r),
        );
    }
    if all.len() > RECENT {
        let _ = writeln!(out, "  … and {} earlier", all.len() - RECENT);
    }

    let _ = writeln!(out, "\nTotals per routine");
    let totals = totals(records);
    let names: Vec<String> = totals.iter().map(|t| cell(&t.name, NAME_COLUMN)).collect();
    let name_width = widest(&names);
    for (t, name) in totals.iter().zip(names) {
        let sessions = format!(
            "{} session{} ({} finished)",
            t.sessions,
            plural(t.sessions),
            t.finished
        );
        let _ = writeln!(
            out,
            "  {}  {:<26}  {}",
            pad(&name, name_width),
            sessions,
            short_minutes(t.time)
        );
    }

    let bests = bests(records);
    if !bests.is_empty() {
        let _ = writeln!(out, "\nPersonal bests (open-ended holds)");
        let names: Vec<String> = bests.iter().map(|b| cell(&b.name, NAME_COLUMN)).collect();
        let name_width = widest(&names);
        for (b, name) in bests.iter().zip(names) {
            let _ = writeln!(
                out,
                "  {}  {:>5}  on {}",
                pad(&name, name_width),
                best_text(b.held),
                b.on
            );
        }
    }
    out
}

/// The widest of `names`, in terminal columns.
fn widest(names: &[String]) -> usize {
    names.iter().map(|n| width(n)).max().unwrap_or(0)
}

fn streak_words(records: &[SessionRecord], today: Date, days: u32) -> String {
    if days == 0 {
        return "none running (the last session was before yesterday)".to_string();
    }
    let today_counts = crate::history::today_counts(records, today);
    let tail = if today_counts {
        "including today"
    } else {
        "a session today keeps it going"
    };
    format!("{days} day{} in a row ({tail})", plural(days as usize))
}

fn state(r: &SessionRecord) -> String {
    if r.finished {
        return "finished".to_string();
    }
    match r.stopped_at() {
        Some(at) => format!("stopped at step {} of {}", at + 1, r.steps.len()),
        None => "stopped".to_string(),
    }
}

/// Wall-clock time of each session, the runs it resumed included.
fn run_times(records: &[SessionRecord]) -> HashMap<&str, Duration> {
    let by_id: HashMap<&str, &SessionRecord> = records
        .iter()
        .filter(|r| !r.id.is_empty())
        .map(|r| (r.id.as_str(), r))
        .collect();
    let mut out = HashMap::new();
    for r in records.iter().filter(|r| !r.id.is_empty()) {
        let mut total = r.spent();
        let mut next = r.continues.as_deref();
        // A chain longer than the number of records would be a loop: stop there.
        let mut guard = records.len();
        while let (Some(id), true) = (next, guard > 0) {
            guard -= 1;
            match by_id.get(id) {
                Some(earlier) => {
                    total += earlier.spent();
                    next = earlier.continues.as_deref();
                }
                None => break,
            }
        }
        out.insert(r.id.as_str(), total);
    }
    out
}

/// Minutes for sessions, seconds below a minute: `45 s`, `12 min`, `1 h 5 min`.
fn short_minutes(d: Duration) -> String {
    if d < Duration::from_secs(60) {
        return short(d);
    }
    short(Duration::from_secs((d.as_secs() + 30) / 60 * 60))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod desk_tests {
    use super::*;
    use crate::remind::schedule::{DateText, Day};

    fn day(date: &str, due: u32, taken: u32, snoozed: u32, skipped: u32) -> Day {
        Day {
            date: DateText(date.parse().expect("a date")),
            due,
            taken,
            snoozed,
            skipped,
            reasons: Default::default(),
        }
    }

    #[test]
    fn the_answers_to_why_are_shown_under_their_day_and_exported() {
        let today: Date = "2026-11-30".parse().expect("date");
        let mut d = day("2026-11-30", 3, 1, 2, 1);
        d.reasons.add(crate::remind::schedule::Reason::Busy);
        d.reasons.add(crate::remind::schedule::Reason::InPain);
        let text = desk_text(&[d], today, None);
        assert!(
            text.contains(
                "  today       1 taken · 3 due · 2 snoozed · 1 skipped\n    \
                           \x20         why: busy 1 · in pain 1\n"
            ),
            "{text}"
        );
        let days = [export::DeskDay::of(&d)];
        assert_eq!(
            desk_csv(&days),
            "date,due,taken,snoozed,skipped,busy,in_pain,not_now,away\n\
             2026-11-30,3,1,2,1,1,1,0,0\n"
        );
        assert_eq!(
            desk_csv(&[]),
            "date,due,taken,snoozed,skipped,busy,in_pain,not_now,away\n"
        );
        let json = json_with(&[], days.to_vec());
        assert!(
            json.contains("\"desk_days\": [") && json.contains("\"in_pain\": 1"),
            "{json}"
        );
        assert!(!json_with(&[], Vec::new()).contains("desk_days"));
    }

    #[test]
    fn desk_mode_days_are_listed_newest_first_with_totals() {
        let today: Date = "2026-11-30".parse().expect("date");
        assert_eq!(desk_text(&[], today, None), "");
        let days = [day("2026-11-27", 6, 4, 2, 1), day("2026-11-30", 3, 2, 1, 0)];
        assert_eq!(
            desk_text(&days, today, None),
            "\nDesk mode breaks (backease remind)\n\
             \x20 today       2 taken · 3 due · 1 snoozed · 0 skipped\n\
             \x20 Fri 27 Nov  4 taken · 6 due · 2 snoozed · 1 skipped\n\
             \x20 2 days      6 breaks taken, 9 fell due\n"
        );
        let since: Date = "2026-11-28".parse().expect("date");
        assert!(!desk_text(&days, today, Some(since)).contains("27 Nov"));
        assert_eq!(
            desk_text(&days, today, Some("2026-12-01".parse().expect("d"))),
            ""
        );
    }
}
