//! `backease pause LENGTH` and `backease resume`: desk mode's pause from the shell. With a
//! reminder running (in a window or in the background) the request goes to it through
//! its socket (`remind::control`): it pauses on its own clock, writes the state
//! `backease status` reads, and answers with one line, all before this command returns.
//! With none running, the pause is written into the reminder's state file, so the next
//! reminder to start keeps it and `backease status` shows it.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::error::{Error, Result};
use super::output::Output;
use crate::remind::control::{self, Ask};
use crate::remind::files::{Files, Shown, StateFile};
use crate::remind::schedule::{Event, Reading, Schedule};

fn failed(message: String) -> Error {
    Error::Remind { message }
}

fn files() -> Result<Files> {
    Files::platform().ok_or_else(|| failed("no data directory (set HOME)".into()))
}

pub fn pause(length: &str) -> Result<Output> {
    let parsed =
        crate::remind::schedule::parse_pause(length).map_err(|e| failed(format!("pause: {e}")))?;
    let files = files()?;
    if files.running().unwrap_or(false) {
        return ask(&files, &Ask::Pause(length.to_string()));
    }
    offline(&files, Event::Pause(parsed))
}

pub fn resume() -> Result<Output> {
    let files = files()?;
    if files.running().unwrap_or(false) {
        return ask(&files, &Ask::Resume);
    }
    offline(&files, Event::Unpause)
}

fn ask(files: &Files, what: &Ask) -> Result<Output> {
    let answer = control::ask(files.dir(), what).map_err(failed)?;
    Ok(Output {
        stdout: format!("{answer}\n"),
        ..Output::default()
    })
}

/// No reminder runs: the state file itself (or a new one) takes the pause.
fn offline(files: &Files, event: Event) -> Result<Output> {
    let prefs = crate::store::prefs::load().prefs;
    let tz = TimeZone::system();
    let now = Timestamp::now();
    let reading = Reading {
        wall: now,
        boot: crate::sys::boot_clock().unwrap_or_default(),
        mono: crate::sys::boot_clock().unwrap_or_default(),
    };
    let state = files.read().map_err(|e| {
        failed(format!(
            "{e}; `backease remind` moves a broken state file aside when it starts"
        ))
    })?;
    let had_pause = state
        .as_ref()
        .is_some_and(|s| s.saved.pause.is_some_and(|p| p.until.0 > now));
    if event == Event::Unpause && !had_pause {
        return Ok(Output {
            stdout: "not paused (no reminder is running)\n".into(),
            ..Output::default()
        });
    }
    let mut schedule = match &state {
        Some(s) => Schedule::resume(prefs.remind_rules(), tz.clone(), s.saved),
        None => Schedule::new(prefs.remind_rules(), tz.clone(), now),
    };
    schedule.handle(event, reading);
    let routine = state.map(|s| s.shown.routine).unwrap_or_default();
    let written = StateFile {
        shown: Shown::new(schedule.state(now), now, &routine, schedule.snoozes()),
        saved: *schedule.saved(),
    };
    files.save(&written).map_err(|e| {
        failed(format!(
            "cannot write {}: {e}",
            files.state_path().display()
        ))
    })?;
    let text = match schedule.state(now) {
        crate::remind::schedule::State::Paused { until } => format!(
            "paused until {} (no reminder is running; the next one keeps the pause)",
            until.to_zoned(tz).strftime("%a %H:%M")
        ),
        _ => "resumed (no reminder is running)".to_string(),
    };
    Ok(Output {
        stdout: format!("{text}\n"),
        ..Output::default()
    })
}
