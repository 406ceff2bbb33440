//! `backease status`: one short line for a status bar (tmux `status-right`, starship,
//! waybar, i3blocks, polybar), from the running reminder's state file; with no reminder
//! running, from when the last break was (history, or the reminder's last state). The
//! fields and the `--format` template are `remind::status`'s.
//!
//! Exit status: 0 when no break is due, 1 when one is ([`DUE`]), 2 on any failure
//! ([`FAILED`]), and then nothing at all is printed, on either stream: a status bar must
//! never show an error's text. Fast: a lock test, one small file, the clock; history is
//! read only for `--streak`/`{streak}` (its index makes that a `stat` per record) and
//! `{today}` (with the routines and the plan).

use jiff::Timestamp;

use super::error::Result;
use super::output::Output;
use crate::remind::files::Files;
use crate::remind::status::{self, Line};
use crate::store;

/// The exit status when a break is due.
pub const DUE: u8 = 1;
/// The exit status when the line could not be made (nothing is printed).
pub const FAILED: u8 = 2;

pub fn run(streak: bool, format: Option<&str>, verbose: bool) -> Result<Output> {
    // `--verbose` is for a person, not a bar: the reminder's installation and process.
    let more = if verbose {
        crate::remind::install::Setup::from_env()
            .map(|s| crate::remind::install::status(&s))
            .unwrap_or_default()
    } else {
        String::new()
    };
    Ok(match line(streak, format) {
        Some((text, due)) => Output {
            stdout: format!("{text}\n{more}"),
            stderr: String::new(),
            code: if due { DUE } else { 0 },
        },
        None => Output {
            code: FAILED,
            ..Output::default()
        },
    })
}

/// The line and whether a break is due; `None` on any failure.
fn line(streak: bool, format: Option<&str>) -> Option<(String, bool)> {
    let files = Files::platform()?;
    let now = Timestamp::now();
    let mut line: Line = if files.running().ok()? {
        let state = files.read().ok()??;
        status::from_reminder(&state.shown, now).ok()?
    } else if let Some(paused) = files
        .read()
        .ok()
        .flatten()
        .and_then(|s| s.saved.pause)
        .filter(|p| p.until.0 > now)
    {
        // `backease pause` with no reminder running: the next one keeps it.
        let shown = crate::remind::files::Shown {
            written: crate::remind::stamp::Stamp(now),
            state: "paused".into(),
            at: Some(paused.until),
            snoozes: 0,
            routine: String::new(),
        };
        status::from_reminder(&shown, now).ok()?
    } else {
        // The reminder's last state, if it can be read, knows the last break too: if it
        // ever counted one (a reminder that started and was killed took none; its
        // "sitting since" is only when it started).
        let from_state = files
            .read()
            .ok()
            .flatten()
            .filter(|s| s.saved.rotation > 0)
            .map(|s| s.saved.sitting_since.0);
        let last = [from_state, newest_record(now)]
            .into_iter()
            .flatten()
            .max()
            // A clock set back: the last break was not in the future.
            .map(|at| at.min(now));
        status::from_history(last, now)
    };
    if streak || format.is_some_and(status::wants_streak) {
        let loaded = store::history::load();
        let today = store::history::now().local_date();
        line.streak = Some(crate::history::streak(&loaded.records, today));
    }
    if format.is_some_and(status::wants_today) {
        line.today = Some(today_line().unwrap_or_default());
    }
    let text = match format {
        Some(template) => status::format(template, &line).ok()?,
        None => status::plain(&line),
    };
    Some((text, line.due()))
}

/// Today's part of the plan in use, by routine id; `None` without a plan (or one that
/// does not read: the menu and `backease plan` say why).
fn today_line() -> Option<String> {
    let library = store::routines::load_library_noting(None).ok()?.0;
    let plan = store::plan::load(&library).ok()??;
    let loaded = store::history::load();
    let today = store::history::now().local_date();
    Some(crate::plan::today(&plan, &library, &loaded.records, today).line(true))
}

/// When the newest history record ended, by its own time.
fn newest_record(now: Timestamp) -> Option<Timestamp> {
    store::history::newest_ended(&store::history::dir()?, now)
}
