//! `backease history`: recent sessions, the streak, totals per routine and personal
//! bests. [`run`] reads the records through the store; [`report`] is the text, a plain
//! function of the records and today's date (the numbers are the core's `history`).
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
use crate::history::{SessionRecord, best_text, bests, sessions, streak, totals};
use crate::routine::duration::short;
use crate::store;
use crate::text::{escape, fit, pad};

/// The widest a name column gets; longer names are cut with an ellipsis.
pub const NAME_COLUMN: usize = 40;

/// Reads the history directory (moving unreadable files aside, as the store does) and
/// reports on it as of today.
pub fn run() -> Result<Output> {
    let loaded = store::history::load();
    Ok(Output::text(report(
        &loaded.records,
        Zoned::now().date(),
        &loaded.warnings,
    )))
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
        .map(|r| fit(&r.routine_name, NAME_COLUMN))
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
    let names: Vec<String> = totals.iter().map(|t| fit(&t.name, NAME_COLUMN)).collect();
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
        let names: Vec<String> = bests.iter().map(|b| fit(&b.name, NAME_COLUMN)).collect();
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

/// The widest of `names`, in characters.
fn widest(names: &[String]) -> usize {
    names.iter().map(|n| n.chars().count()).max().unwrap_or(0)
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
