//! Desk mode's preferences (`remind_*`): how each is read and checked, with the message a
//! person reads, and the schedule they make. Part of [`crate::prefs`] (the fields and
//! defaults live there); a file of its own to keep that one readable.

use std::fmt;
use std::time::Duration;

use serde::Deserializer;

use super::fields::{bounded, lower_first, typed};
use super::{DEFAULT_REMIND_ROUTINE, Preferences};
use crate::routine::load::char_name;
use crate::text::is_unsafe;

impl Preferences {
    /// Desk mode's schedule: interval, snooze, time away, working hours and days.
    pub fn remind_rules(&self) -> crate::remind::schedule::Rules {
        let defaults = crate::remind::schedule::Rules::default();
        let mut hours = defaults.hours;
        if let Some((start, end)) = self.remind_hours {
            (hours.start, hours.end) = (start, end);
        }
        if let Some(days) = self.remind_days {
            hours.days = days;
        }
        crate::remind::schedule::Rules {
            interval: self.remind_every.unwrap_or(defaults.interval),
            snooze: self.remind_snooze.unwrap_or(defaults.snooze),
            away: self.remind_away.unwrap_or(defaults.away),
            hours,
        }
    }
    /// Process names during which reminders hold off (none unless set).
    pub fn remind_pause_while(&self) -> Vec<String> {
        self.remind_pause_while.clone().unwrap_or_default()
    }
    /// The terminal for a break started from a notification: `"auto"` unless set.
    pub fn terminal(&self) -> String {
        self.terminal.clone().unwrap_or_else(|| "auto".to_string())
    }
    /// Desk mode's break routines, taken in turn (`desk_break` unless set).
    pub fn remind_routines(&self) -> Vec<String> {
        self.remind_routine
            .clone()
            .unwrap_or_else(|| vec![DEFAULT_REMIND_ROUTINE.to_string()])
    }
}

pub(super) fn remind_every<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    bounded(
        d,
        "remind_every",
        Duration::from_secs(60),
        Duration::from_secs(8 * 3600),
    )
}

pub(super) fn remind_snooze<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    bounded(
        d,
        "remind_snooze",
        Duration::from_secs(60),
        Duration::from_secs(2 * 3600),
    )
}

pub(super) fn remind_away<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    bounded(
        d,
        "remind_away",
        Duration::from_secs(60),
        Duration::from_secs(2 * 3600),
    )
}

pub(super) fn remind_hours<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<(u16, u16)>, D::Error> {
    let text: String = typed(d, "remind_hours", "a span in quotes, like \"09:00-17:30\"")?;
    crate::remind::hours::parse_hours(&text)
        .map(Some)
        .map_err(|e| serde::de::Error::custom(format!("remind_hours: {e}")))
}

pub(super) fn remind_days<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    let text: String = typed(
        d,
        "remind_days",
        "days in quotes, like \"mon-fri\" or \"mon,wed,fri\"",
    )?;
    crate::remind::hours::parse_days(&text)
        .map(Some)
        .map_err(|e| serde::de::Error::custom(format!("remind_days: {e}")))
}

const ROUTINE_EXPECTED: &str =
    "a routine id in quotes, like \"desk_break\", or a list like [\"desk_break\", \"stiff_back\"]";

/// One routine id, or a list of them.
struct RoutineIds;

impl<'de> serde::de::Visitor<'de> for RoutineIds {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(ROUTINE_EXPECTED)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Vec<String>, E> {
        Ok(vec![v.to_string()])
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut ids = Vec::new();
        while let Some(id) = seq.next_element::<String>()? {
            ids.push(id);
        }
        Ok(ids)
    }
}

pub(super) fn remind_routine<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<String>>, D::Error> {
    let ids = d.deserialize_any(RoutineIds).map_err(|e| {
        let inner = lower_first(&e);
        serde::de::Error::custom(if inner.contains(ROUTINE_EXPECTED) {
            format!("remind_routine: {inner}")
        } else {
            format!("remind_routine: expected {ROUTINE_EXPECTED} (in the list: {inner})")
        })
    })?;
    if ids.is_empty() {
        return Err(serde::de::Error::custom(
            "remind_routine: the list is empty; name at least one routine (`backease list` shows the ids)",
        ));
    }
    for id in &ids {
        if let Some(c) = id.chars().find(|&c| is_unsafe(c)) {
            return Err(serde::de::Error::custom(format!(
                "remind_routine: the id contains a control character ({})",
                char_name(c)
            )));
        }
        if id.trim().is_empty() || id.trim() != id || id.contains(char::is_whitespace) {
            return Err(serde::de::Error::custom(format!(
                "remind_routine: {id:?} is not a routine id (`backease list` shows the ids)"
            )));
        }
    }
    Ok(Some(ids))
}

pub(super) fn remind_pause_while<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<String>>, D::Error> {
    let names: Vec<String> = typed(
        d,
        "remind_pause_while",
        "a list of program names in quotes, like [\"zoom\", \"obs\"]",
    )?;
    for name in &names {
        // The kernel's process name (`/proc/PID/comm`): at most 15 bytes, no slash.
        if name.is_empty()
            || name.len() > 15
            || name.contains('/')
            || name.chars().any(|c| is_unsafe(c) || c.is_whitespace())
        {
            return Err(serde::de::Error::custom(format!(
                "remind_pause_while: {} is not a program name (the name `ps -e` shows, at \
                 most 15 characters, like \"zoom\")",
                crate::text::excerpt(name)
            )));
        }
    }
    Ok(Some(names))
}

pub(super) fn terminal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let text: String = typed(
        d,
        "terminal",
        "\"auto\" or a terminal command in quotes, like \"kitty\" or \"foot\"",
    )?;
    if text.trim().is_empty() {
        return Err(serde::de::Error::custom(
            "terminal: empty; write \"auto\" or a terminal command like \"kitty\"",
        ));
    }
    if let Some(c) = text.chars().find(|&c| is_unsafe(c)) {
        return Err(serde::de::Error::custom(format!(
            "terminal: contains a control character ({})",
            char_name(c)
        )));
    }
    Ok(Some(text))
}
