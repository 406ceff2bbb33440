//! Preferences, the model: what `preferences.ron` may say, the default of every value,
//! the checks on each value with the message a person reads (`FILE:LINE:COLUMN:
//! message`), and the command line's settings over the file. Every field is optional.
//!
//! Core: parses text it is given and never touches a file (reading the file is
//! `store::prefs`; the text of `backease config` is `commands::config`).
//!
//! Here: the fields, their defaults and the command line's settings over them. Beside it:
//! `read` (a text to preferences, every problem in one reading), `fields` (how each field
//! is read and checked), `remind_fields` (desk mode's fields and schedule) and `values`
//! (colours, theme, background contrast, voice).
//!
//! ```ron
//! (
//!     lead_in: "5s",          // get-ready time before a hold, 0s to 1m
//!     lead_in_up_down: "15s", // at least this when a step moves between floor and standing
//!     lead_in_floor: "10s",   // at least this from one floor position to another
//!     volume: 80,             // 0 to 100
//!     mute: false,
//!     alarm_repeat: "20s",    // after a long step, repeat the alarm this often (1s to 10m)
//!     alarm_give_up: "10m",   // and stop it after this long (10s to 4h)
//!     colors: "auto",         // "auto", "always" or "never" (NO_COLOR is also respected)
//!     theme: "auto",          // "auto" (ask the terminal), "dark" or "light" background
//!     notifications: true,    // desktop notifications when a long step ends
//!     voice: "auto",          // spoken cues: "auto", "off", or a command given the phrase
//!     sounds: { "alarm": "/home/me/gong.wav" },  // replace built-in sounds by cue name
//!     checkin: true,          // ask how the back feels before and after a session
//!     mouse: true,            // clicks and the wheel; false leaves the mouse to the terminal
//!     // Desk mode (`backease remind`, `backease status`):
//!     remind_every: "60m",          // sitting time between breaks, 1m to 8h
//!     remind_hours: "09:00-17:30",  // working hours (up to "24:00"); outside them nothing is due
//!     remind_days: "mon-fri",       // working days: "mon-fri", "mon,wed,fri", "every day"
//!     remind_routine: "desk_break", // the break routine's id, or a list to take in turn
//!     remind_snooze: "10m",         // how far `s` puts a break off, 1m to 2h
//!     remind_away: "5m",            // asleep, idle or locked this long counts as a break, 1m to 2h
//!     remind_pause_while: ["zoom"], // hold reminders off while one of these programs runs
//!     terminal: "auto",             // where a notification's Start opens the break: "auto" or a command
//! )
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

// The sound names; moves to the core's cue table with it (issue 11).
use crate::cue::Sound;
use crate::routine::duration::short;
use crate::session;

mod fields;
mod read;
mod remind_fields;
mod values;

pub use read::{PrefsError, parse, parse_keeping};
pub use values::{Background, Colors, Theme, Voice, contrast_ratio, relative_luminance};

/// The preference names, in file order.
pub const FIELDS: &[&str] = &[
    "lead_in",
    "volume",
    "mute",
    "alarm_repeat",
    "alarm_give_up",
    "colors",
    "theme",
    "notifications",
    "sounds",
    "voice",
    "checkin",
    "mouse",
    "lead_in_up_down",
    "lead_in_floor",
    "remind_every",
    "remind_hours",
    "remind_days",
    "remind_routine",
    "remind_snooze",
    "remind_away",
    "remind_pause_while",
    "terminal",
];

pub const DEFAULT_VOLUME: u8 = 80;

/// Desk mode's break routine unless `remind_routine` says otherwise.
pub const DEFAULT_REMIND_ROUTINE: &str = "desk_break";
/// The preferences file as written: `None` where the file says nothing (the default
/// applies). Use the methods for the values in effect.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Preferences")]
pub struct Preferences {
    #[serde(default, deserialize_with = "fields::lead_in")]
    pub lead_in: Option<Duration>,
    #[serde(default, deserialize_with = "fields::volume")]
    pub volume: Option<u8>,
    #[serde(default, deserialize_with = "fields::mute")]
    pub mute: Option<bool>,
    #[serde(default, deserialize_with = "fields::alarm_repeat")]
    pub alarm_repeat: Option<Duration>,
    #[serde(default, deserialize_with = "fields::alarm_give_up")]
    pub alarm_give_up: Option<Duration>,
    #[serde(default, deserialize_with = "fields::colors")]
    pub colors: Option<Colors>,
    #[serde(default, deserialize_with = "fields::theme")]
    pub theme: Option<Theme>,
    #[serde(default, deserialize_with = "fields::notifications")]
    pub notifications: Option<bool>,
    /// Custom sound files by sound; relative paths are relative to the preferences file.
    #[serde(default, deserialize_with = "fields::sounds")]
    pub sounds: Option<BTreeMap<Sound, PathBuf>>,
    #[serde(default, deserialize_with = "fields::voice")]
    pub voice: Option<Voice>,
    #[serde(default, deserialize_with = "fields::checkin")]
    pub checkin: Option<bool>,
    /// Clicks and the wheel in the full screen; false leaves the mouse to the terminal
    /// (selecting text).
    #[serde(default, deserialize_with = "fields::mouse")]
    pub mouse: Option<bool>,
    #[serde(default, deserialize_with = "fields::lead_in_up_down")]
    pub lead_in_up_down: Option<Duration>,
    #[serde(default, deserialize_with = "fields::lead_in_floor")]
    pub lead_in_floor: Option<Duration>,
    #[serde(default, deserialize_with = "remind_fields::remind_every")]
    pub remind_every: Option<Duration>,
    /// Minutes after midnight: start and end.
    #[serde(default, deserialize_with = "remind_fields::remind_hours")]
    pub remind_hours: Option<(u16, u16)>,
    /// Bit 0 is Monday.
    #[serde(default, deserialize_with = "remind_fields::remind_days")]
    pub remind_days: Option<u8>,
    #[serde(default, deserialize_with = "remind_fields::remind_routine")]
    pub remind_routine: Option<Vec<String>>,
    #[serde(default, deserialize_with = "remind_fields::remind_snooze")]
    pub remind_snooze: Option<Duration>,
    #[serde(default, deserialize_with = "remind_fields::remind_away")]
    pub remind_away: Option<Duration>,
    /// Programs (their process names) during which reminders hold off: `["zoom", "obs"]`.
    #[serde(default, deserialize_with = "remind_fields::remind_pause_while")]
    pub remind_pause_while: Option<Vec<String>>,
    /// The terminal a break started from a notification opens in: `"auto"` or a command.
    #[serde(default, deserialize_with = "remind_fields::terminal")]
    pub terminal: Option<String>,
}

impl Preferences {
    pub fn lead_in(&self) -> Duration {
        self.lead_in.unwrap_or(crate::routine::DEFAULT_LEAD_IN)
    }
    /// The least get-ready when a step moves between the floor and standing or sitting.
    pub fn lead_in_up_down(&self) -> Duration {
        self.lead_in_up_down
            .unwrap_or(crate::routine::body::DEFAULT_UP_DOWN)
    }
    /// The least get-ready when a step moves from one floor position to another.
    pub fn lead_in_floor(&self) -> Duration {
        self.lead_in_floor
            .unwrap_or(crate::routine::body::DEFAULT_FLOOR_MOVE)
    }
    pub fn volume(&self) -> u8 {
        self.volume.unwrap_or(DEFAULT_VOLUME)
    }
    pub fn mute(&self) -> bool {
        self.mute.unwrap_or(false)
    }
    pub fn alarm_repeat(&self) -> Duration {
        self.alarm_repeat
            .unwrap_or(session::Config::default().alarm_repeat)
    }
    pub fn alarm_give_up(&self) -> Duration {
        self.alarm_give_up
            .unwrap_or(session::Config::default().alarm_give_up)
    }
    pub fn colors(&self) -> Colors {
        self.colors.unwrap_or_default()
    }
    pub fn theme(&self) -> Theme {
        self.theme.unwrap_or_default()
    }
    pub fn notifications(&self) -> bool {
        self.notifications.unwrap_or(true)
    }
    /// Ask how the back feels before the first step and on the summary.
    pub fn checkin(&self) -> bool {
        self.checkin.unwrap_or(true)
    }
    pub fn voice(&self) -> Voice {
        self.voice.clone().unwrap_or_default()
    }
    pub fn mouse(&self) -> bool {
        self.mouse.unwrap_or(true)
    }
    /// Custom sound files (empty: the built-in sounds).
    pub fn sound_files(&self) -> BTreeMap<Sound, PathBuf> {
        self.sounds.clone().unwrap_or_default()
    }

    /// These preferences with the command line's settings over them.
    pub fn overridden(mut self, cli: Overrides) -> Preferences {
        if cli.mute {
            self.mute = Some(true);
        }
        if let Some(volume) = cli.volume {
            self.volume = Some(volume);
        }
        self
    }

    /// The session tunables these preferences set.
    pub fn session_config(&self) -> session::Config {
        session::Config {
            lead_in: self.lead_in(),
            lead_in_up_down: self.lead_in_up_down(),
            lead_in_floor: self.lead_in_floor(),
            alarm_repeat: self.alarm_repeat(),
            alarm_give_up: self.alarm_give_up(),
            ..session::Config::default()
        }
    }

    /// Each preference's value in effect as text, and whether the file set it.
    pub fn effective(&self) -> Vec<(&'static str, String, bool)> {
        let sounds = match &self.sounds {
            Some(map) if !map.is_empty() => map
                .iter()
                .map(|(sound, path)| format!("{}={}", sound.key(), path.display()))
                .collect::<Vec<_>>()
                .join(", "),
            _ => "built-in".to_string(),
        };
        let mut rows = vec![
            ("lead_in", short(self.lead_in()), self.lead_in.is_some()),
            ("volume", self.volume().to_string(), self.volume.is_some()),
            ("mute", self.mute().to_string(), self.mute.is_some()),
            (
                "alarm_repeat",
                short(self.alarm_repeat()),
                self.alarm_repeat.is_some(),
            ),
            (
                "alarm_give_up",
                short(self.alarm_give_up()),
                self.alarm_give_up.is_some(),
            ),
            ("colors", self.colors().to_string(), self.colors.is_some()),
            ("theme", self.theme().to_string(), self.theme.is_some()),
            (
                "notifications",
                self.notifications().to_string(),
                self.notifications.is_some(),
            ),
            ("sounds", sounds, self.sounds.is_some()),
            ("voice", self.voice().to_string(), self.voice.is_some()),
            (
                "checkin",
                self.checkin().to_string(),
                self.checkin.is_some(),
            ),
            ("mouse", self.mouse().to_string(), self.mouse.is_some()),
            (
                "lead_in_up_down",
                short(self.lead_in_up_down()),
                self.lead_in_up_down.is_some(),
            ),
            (
                "lead_in_floor",
                short(self.lead_in_floor()),
                self.lead_in_floor.is_some(),
            ),
        ];
        let rules = self.remind_rules();
        rows.extend([
            (
                "remind_every",
                short(rules.interval),
                self.remind_every.is_some(),
            ),
            (
                "remind_hours",
                rules.hours.hours_text(),
                self.remind_hours.is_some(),
            ),
            (
                "remind_days",
                rules.hours.days_text(),
                self.remind_days.is_some(),
            ),
            (
                "remind_routine",
                self.remind_routines().join(", "),
                self.remind_routine.is_some(),
            ),
            (
                "remind_snooze",
                short(rules.snooze),
                self.remind_snooze.is_some(),
            ),
            ("remind_away", short(rules.away), self.remind_away.is_some()),
            (
                "remind_pause_while",
                self.remind_pause_while().join(", "),
                self.remind_pause_while.is_some(),
            ),
            ("terminal", self.terminal(), self.terminal.is_some()),
        ]);
        rows
    }
}

/// Settings given on the command line, which win over the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--mute`.
    pub mute: bool,
    /// `--volume`.
    pub volume: Option<u8>,
}
