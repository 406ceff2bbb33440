//! `backease status`'s line, from what the running reminder wrote (or, with none
//! running, from when the last break was): its fields and the `--format` template that
//! names them. Pure: the command reads the files and the clock.
//!
//! Fields (`--format "{state} {minutes}"`):
//! - `{text}`: the line itself: `break in 12m`, `break due`, `on a break`, `paused 30m`,
//!   `outside hours`, or without a reminder `last break 2h ago` (`no breaks yet`);
//! - `{state}`: `waiting`, `due`, `break`, `paused`, `outside`, or without a reminder
//!   `off`;
//! - `{minutes}`: minutes until the break (waiting), since it fell due (due), on the
//!   break (break), left of the pause (paused), until the next break (outside hours), or
//!   since the last break (off); empty when there is no such time;
//! - `{streak}`: days in a row with a routine done (computed only when asked for);
//! - `{snoozes}`: times the due break was put off;
//! - `{routine}`: the id of the routine the next break offers (empty when off);
//! - `{today}`: today's part of the plan in use, by routine id, a tick on those done
//!   (`five_stretches ✓ · desk_break`; `rest day`, `plan finished`; empty without a plan;
//!   computed only when asked for, `plan::Today::line`).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::schedule::State;
use super::stamp::Stamp;

/// What `backease status` needs, as of the reminder's last update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    /// When this was written.
    pub written: Stamp,
    /// `State::key`: waiting, due, break, paused, outside.
    pub state: String,
    /// When the state ends by itself: the break's due moment (waiting; outside hours, the
    /// next one), a pause's end; the moment it fell due (due); the break's start (break).
    pub at: Option<Stamp>,
    pub snoozes: u32,
    /// The routine the next break offers (its id).
    pub routine: String,
}

impl Shown {
    /// `snoozed`: times the break waited for was put off (`Schedule::snoozes`): shown
    /// while a snoozed break waits as well as when it is due.
    pub fn new(state: State, written: jiff::Timestamp, routine: &str, snoozed: u32) -> Shown {
        let (at, snoozes) = match state {
            State::Waiting { due } => (Some(due), snoozed),
            State::Due { since, snoozes } => (Some(since), snoozes),
            State::OnBreak { since } => (Some(since), 0),
            State::Paused { until } => (Some(until), 0),
            State::OutsideHours { next } => (next, 0),
        };
        Shown {
            written: Stamp(written),
            state: state.key().to_string(),
            at: at.map(Stamp),
            snoozes,
            routine: routine.to_string(),
        }
    }
}

/// The named fields, for messages and the help.
pub const FIELDS: &[&str] = &[
    "text", "state", "minutes", "streak", "snoozes", "routine", "today",
];

/// What the line is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub state: String,
    pub minutes: Option<u64>,
    pub text: String,
    pub snoozes: u32,
    pub routine: String,
    pub streak: Option<u32>,
    /// Today's part of the plan (filled only when the template names it).
    pub today: Option<String>,
}

impl Line {
    /// True when a break is due: `backease status` exits with 1.
    pub fn due(&self) -> bool {
        self.state == "due"
    }
}

/// `"12m"`, `"1h05m"`, `"3d"`.
pub fn short(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) if h < 48 => format!("{h}h"),
        (h, m) if h < 48 => format!("{h}h{m:02}m"),
        (h, _) => format!("{}d", h / 24),
    }
}

fn minutes_between(earlier: Timestamp, later: Timestamp, round_up: bool) -> u64 {
    let secs = later.duration_since(earlier).as_secs().max(0) as u64;
    if round_up {
        secs.div_ceil(60)
    } else {
        secs / 60
    }
}

/// The states a reminder writes (`schedule::State::key`).
const STATES: &[&str] = &["waiting", "due", "break", "paused", "outside"];

/// The line from a running reminder's state at `now`; `Err` for a state no reminder
/// writes (the file was edited, or written by another version): nothing is shown rather
/// than a word from a file.
pub fn from_reminder(shown: &Shown, now: Timestamp) -> Result<Line, String> {
    let at = shown.at.map(|s| s.0);
    let mut state = shown.state.as_str();
    if !STATES.contains(&state) {
        return Err(format!(
            "state: {} is not one of {}",
            crate::text::excerpt(state),
            STATES.join(", ")
        ));
    }
    // The reminder wakes at the due moment; a status asked in between already says due.
    if state == "waiting" && at.is_some_and(|due| now >= due) {
        state = "due";
    }
    let (minutes, text) = match (state, at) {
        ("waiting", Some(due)) => {
            let m = minutes_between(now, due, true);
            (Some(m), format!("break in {}", short(m)))
        }
        ("due", Some(since)) => (Some(minutes_between(since, now, false)), "break due".into()),
        ("break", Some(since)) => (
            Some(minutes_between(since, now, false)),
            "on a break".into(),
        ),
        ("paused", Some(until)) => {
            let m = minutes_between(now, until, true);
            (Some(m), format!("paused {}", short(m)))
        }
        ("outside", next) => (
            next.map(|n| minutes_between(now, n, true)),
            "outside hours".into(),
        ),
        (_, _) => (None, state.to_string()),
    };
    Ok(Line {
        state: state.to_string(),
        minutes,
        text,
        snoozes: shown.snoozes,
        routine: shown.routine.clone(),
        streak: None,
        today: None,
    })
}

/// One line with nothing a terminal or a status bar acts on: every character
/// [`crate::text::is_unsafe`] names (control, bidi, line separators) becomes a space.
fn one_safe_line(text: &str) -> String {
    text.chars()
        .map(|c| if crate::text::is_unsafe(c) { ' ' } else { c })
        .collect()
}

/// The line with no reminder running: when the last break was.
pub fn from_history(last_break: Option<Timestamp>, now: Timestamp) -> Line {
    let minutes = last_break.map(|at| minutes_between(at, now, false));
    let text = match minutes {
        Some(m) => format!("last break {} ago", short(m)),
        None => "no breaks yet".to_string(),
    };
    Line {
        state: "off".into(),
        minutes,
        text,
        snoozes: 0,
        routine: String::new(),
        streak: None,
        today: None,
    }
}

/// Whether `template` names the streak (so it is worth computing).
pub fn wants_streak(template: &str) -> bool {
    template.contains("{streak}")
}

/// Whether `template` names today's part of the plan.
pub fn wants_today(template: &str) -> bool {
    template.contains("{today}")
}

/// The default line: the text, and the streak when asked for.
pub fn plain(line: &Line) -> String {
    one_safe_line(&match line.streak {
        Some(days) => format!("{} · {days}d streak", line.text),
        None => line.text.clone(),
    })
}

/// Fills `template`'s `{field}`s; `{{` and `}}` are braces. `Err` names an unknown field
/// or an unclosed brace.
pub fn format(template: &str, line: &Line) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => name.push(c),
                        None => return Err(format!("unclosed {{ in {template:?}")),
                    }
                }
                let value = match name.as_str() {
                    "text" => line.text.clone(),
                    "state" => line.state.clone(),
                    "minutes" => line.minutes.map(|m| m.to_string()).unwrap_or_default(),
                    "streak" => line.streak.map(|s| s.to_string()).unwrap_or_default(),
                    "snoozes" => line.snoozes.to_string(),
                    "routine" => line.routine.clone(),
                    "today" => one_safe_line(line.today.as_deref().unwrap_or_default()),
                    other => {
                        return Err(format!(
                            "no field {other:?}; the fields are {}",
                            FIELDS.join(", ")
                        ));
                    }
                };
                out.push_str(&value);
            }
            '}' => return Err(format!("a lone }} in {template:?}; write }}}} for one")),
            c => out.push(c),
        }
    }
    // One line: a status bar shows the first line only, and a stray control or bidi
    // character would be acted on by the terminal or reorder the bar.
    Ok(one_safe_line(&out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remind::stamp::Stamp;

    fn t(text: &str) -> Timestamp {
        text.parse().expect("time")
    }

    fn shown(state: &str, at: Option<&str>) -> Shown {
        Shown {
            written: Stamp(t("2026-11-30T09:00:00Z")),
            state: state.into(),
            at: at.map(|a| Stamp(t(a))),
            snoozes: 2,
            routine: "desk_break".into(),
        }
    }

    #[test]
    fn each_state_reads_as_one_short_line() {
        let now = t("2026-11-30T10:00:30Z");
        let rows = [
            (
                shown("waiting", Some("2026-11-30T10:12:00Z")),
                "waiting",
                Some(12),
                "break in 12m",
            ),
            (
                shown("waiting", Some("2026-11-30T11:05:00Z")),
                "waiting",
                Some(65),
                "break in 1h05m",
            ),
            // Due since a moment the reminder has not woken for yet.
            (
                shown("waiting", Some("2026-11-30T10:00:00Z")),
                "due",
                Some(0),
                "break due",
            ),
            (
                shown("due", Some("2026-11-30T09:50:00Z")),
                "due",
                Some(10),
                "break due",
            ),
            (
                shown("break", Some("2026-11-30T09:58:00Z")),
                "break",
                Some(2),
                "on a break",
            ),
            (
                shown("paused", Some("2026-11-30T10:30:00Z")),
                "paused",
                Some(30),
                "paused 30m",
            ),
            (shown("outside", None), "outside", None, "outside hours"),
        ];
        for (shown, state, minutes, text) in rows {
            let line = from_reminder(&shown, now).expect("a known state");
            assert_eq!(
                (line.state.as_str(), line.minutes, line.text.as_str()),
                (state, minutes, text),
                "{shown:?}"
            );
            assert_eq!(line.due(), state == "due");
        }
        let off = from_history(Some(t("2026-11-30T08:00:00Z")), now);
        assert_eq!(
            (off.state.as_str(), off.text.as_str()),
            ("off", "last break 2h ago")
        );
        assert_eq!(from_history(None, now).text, "no breaks yet");
    }

    #[test]
    fn a_state_no_reminder_writes_is_refused_not_printed() {
        let now = t("2026-11-30T10:00:00Z");
        for state in ["hacked", "\u{1b}[2J", "", "Waiting"] {
            let e =
                from_reminder(&shown(state, Some("2026-11-30T10:12:00Z")), now).expect_err(state);
            assert!(e.starts_with("state: "), "{e}");
        }
    }

    #[test]
    fn formats_fill_named_fields_and_refuse_unknown_ones() {
        let mut line = from_reminder(
            &shown("waiting", Some("2026-11-30T10:12:00Z")),
            t("2026-11-30T10:00:00Z"),
        )
        .expect("a known state");
        line.streak = Some(5);
        assert_eq!(plain(&line), "break in 12m · 5d streak");
        let f = |template| format(template, &line);
        assert_eq!(f("{state} {minutes} {streak}"), Ok("waiting 12 5".into()));
        assert_eq!(
            f("⏲ {text} ({routine}, {snoozes}) {{x}}"),
            Ok("⏲ break in 12m (desk_break, 2) {x}".into())
        );
        assert!(
            f("{nope}")
                .expect_err("unknown")
                .contains("the fields are text, state")
        );
        assert!(f("{text").is_err());
        assert!(f("a } b").is_err());
        assert_eq!(f("a\nb"), Ok("a b".into()));
        // One rule for every control, bidi and separator character, in any field.
        line.routine = "evil\u{202e}cba\u{1b}]0;x\u{7}\u{61c}\u{2028}".into();
        assert_eq!(format("{routine}", &line), Ok("evil cba ]0;x   ".into()));
        line.text = "a\u{202e}b".into();
        assert_eq!(plain(&line), "a b · 5d streak");
        assert!(wants_streak("{streak}") && !wants_streak("{text}"));
        assert!(wants_today("{today}") && !wants_today("{text}"));
        line.today = Some("morning ✓ · core".into());
        assert_eq!(format("{today}", &line), Ok("morning ✓ · core".into()));
    }
}
