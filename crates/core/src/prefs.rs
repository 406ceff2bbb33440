//! Preferences, the model: what `preferences.ron` may say, the default of every value,
//! the checks on each value with the message a person reads (`FILE:LINE:COLUMN:
//! message`), and the command line's settings over the file. Every field is optional.
//!
//! Core: parses text it is given and never touches a file (reading the file is
//! `store::prefs`; the text of `backease config` is `commands::config`).
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
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Deserializer};

// The sound names; moves to the core's cue table with it (issue 11).
use crate::cue::Sound;
use crate::routine::duration::{parse_unchecked, short};
use crate::routine::load::mend::Mend;
use crate::routine::load::{char_name, plain};
use crate::routine::positions::Pos;
use crate::session;
use crate::text::is_unsafe;

mod remind_fields;

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

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Colors {
    /// Colour when the output is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}

impl fmt::Display for Colors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Colors::Auto => "auto",
            Colors::Always => "always",
            Colors::Never => "never",
        })
    }
}

/// Which background the colours are chosen for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// The background the terminal reports (OSC 11); dark when it does not say.
    #[default]
    Auto,
    Dark,
    Light,
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Theme::Auto => "auto",
            Theme::Dark => "dark",
            Theme::Light => "light",
        })
    }
}

/// The terminal's background, as reported or chosen: what the screen's colours must
/// read against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Background {
    #[default]
    Dark,
    Light,
}

impl Background {
    /// Light when the colour's relative luminance (sRGB, 0 to 1) is above the middle
    /// grey's, where black and white text read equally well.
    pub fn of_rgb(r: u8, g: u8, b: u8) -> Background {
        if relative_luminance(r, g, b) > 0.179 {
            Background::Light
        } else {
            Background::Dark
        }
    }
}

/// WCAG 2's relative luminance of an sRGB colour, 0 (black) to 1 (white).
pub fn relative_luminance(r: u8, g: u8, b: u8) -> f64 {
    fn channel(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// WCAG 2's contrast ratio of two sRGB colours, 1 (the same) to 21 (black on white).
pub fn contrast_ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let la = relative_luminance(a.0, a.1, a.2);
    let lb = relative_luminance(b.0, b.1, b.2);
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Whether and how cues are spoken.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Voice {
    /// The desktop's speech engine when there is one (speech-dispatcher, espeak-ng,
    /// espeak, macOS `say`); silent with a note when there is none.
    #[default]
    Auto,
    Off,
    /// A command of the person's own, split at spaces; the phrase is its last argument.
    Command(String),
}

impl fmt::Display for Voice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Voice::Auto => f.write_str("auto"),
            Voice::Off => f.write_str("off"),
            Voice::Command(command) => f.write_str(command),
        }
    }
}

/// The preferences file as written: `None` where the file says nothing (the default
/// applies). Use the methods for the values in effect.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Preferences")]
pub struct Preferences {
    #[serde(default, deserialize_with = "lead_in")]
    pub lead_in: Option<Duration>,
    #[serde(default, deserialize_with = "volume")]
    pub volume: Option<u8>,
    #[serde(default, deserialize_with = "mute")]
    pub mute: Option<bool>,
    #[serde(default, deserialize_with = "alarm_repeat")]
    pub alarm_repeat: Option<Duration>,
    #[serde(default, deserialize_with = "alarm_give_up")]
    pub alarm_give_up: Option<Duration>,
    #[serde(default, deserialize_with = "colors")]
    pub colors: Option<Colors>,
    #[serde(default, deserialize_with = "theme")]
    pub theme: Option<Theme>,
    #[serde(default, deserialize_with = "notifications")]
    pub notifications: Option<bool>,
    /// Custom sound files by sound; relative paths are relative to the preferences file.
    #[serde(default, deserialize_with = "sounds")]
    pub sounds: Option<BTreeMap<Sound, PathBuf>>,
    #[serde(default, deserialize_with = "voice")]
    pub voice: Option<Voice>,
    #[serde(default, deserialize_with = "checkin")]
    pub checkin: Option<bool>,
    /// Clicks and the wheel in the full screen; false leaves the mouse to the terminal
    /// (selecting text).
    #[serde(default, deserialize_with = "mouse")]
    pub mouse: Option<bool>,
    #[serde(default, deserialize_with = "lead_in_up_down")]
    pub lead_in_up_down: Option<Duration>,
    #[serde(default, deserialize_with = "lead_in_floor")]
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

/// The preferences file could not be used. The store reports [`PrefsError::Read`]; the
/// rest come from [`parse`].
#[derive(Debug)]
pub enum PrefsError {
    /// Not valid: wrong syntax, unknown field, value out of range. The first problem, and
    /// `more` after it (every problem is found in one reading).
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        /// The other problems, in file order: line, column, message.
        more: Vec<(usize, usize, String)>,
    },
    Read {
        path: PathBuf,
        source: io::Error,
    },
}

impl std::fmt::Display for PrefsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PrefsError::Invalid {
                path,
                line,
                column,
                message,
                more,
            } => write!(f, "{}", invalid_text(path, *line, *column, message, more)),
            PrefsError::Read { path, source } => {
                write!(f, "could not read {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for PrefsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PrefsError::Read { source, .. } => Some(source),
            PrefsError::Invalid { .. } => None,
        }
    }
}

impl PrefsError {
    /// How many problems the file has (1 for a file that cannot be read).
    pub fn count(&self) -> usize {
        match self {
            PrefsError::Invalid { more, .. } => 1 + more.len(),
            PrefsError::Read { .. } => 1,
        }
    }
}

/// One `FILE:LINE:COLUMN: message` line per problem.
fn invalid_text(
    path: &Path,
    line: usize,
    column: usize,
    message: &str,
    more: &[(usize, usize, String)],
) -> String {
    let file = path.display();
    let mut text = format!("{file}:{line}:{column}: {message}");
    for (line, column, message) in more {
        text.push_str(&format!("\n{file}:{line}:{column}: {message}"));
    }
    text
}

/// Parses preferences text; `path` names the file in errors and anchors relative sound
/// paths. Every problem is reported in one go: the reading goes on past each mistake
/// (`routine::load::mend`), so three mistakes give three lines.
pub fn parse(text: &str, path: &Path) -> Result<Preferences, PrefsError> {
    match parse_keeping(text, path) {
        (prefs, None) => Ok(prefs),
        (_, Some(e)) => Err(e),
    }
}

/// Like [`parse`], but also keeps what is good: the values read past the mistakes (all
/// defaults when a syntax error stops the reading), with every problem.
pub fn parse_keeping(text: &str, path: &Path) -> (Preferences, Option<PrefsError>) {
    let (read, problems) = read_all(text, path);
    let mut prefs = read.unwrap_or_default();
    if let (Some(sounds), Some(dir)) = (prefs.sounds.as_mut(), path.parent()) {
        for file in sounds.values_mut() {
            if file.is_relative() {
                *file = dir.join(&*file);
            }
        }
    }
    (prefs, problems)
}

/// The reading past every mistake: the values read (`None` if a syntax error stopped it)
/// and the problems.
fn read_all(text: &str, path: &Path) -> (Option<Preferences>, Option<PrefsError>) {
    // A byte-order mark is not content; columns count from after it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return (Some(Preferences::default()), None);
    }
    let mut mend = Mend::new(text);
    let mut problems: Vec<(usize, usize, String)> = Vec::new();
    let read = loop {
        match ron::from_str::<Preferences>(mend.text()) {
            Ok(prefs) => break Some(prefs),
            Err(e) => {
                let decision = mend.decide(&e);
                let at = Pos {
                    line: e.span.start.line,
                    column: e.span.start.col,
                };
                if decision.report
                    && let Some(at) = mend.original(at)
                {
                    // ron quotes some of what it read (a stray character, a char value).
                    problems.push((at.line, at.column, plain(&message(&e.code))));
                }
                let goes_on = decision.goes_on();
                mend.apply(decision);
                if !goes_on {
                    break None;
                }
            }
        }
    };
    if read.is_none() && problems.is_empty() {
        // A reading stopped by a stand-in of its own: say so rather than guess.
        problems.push((
            1,
            1,
            "this file could not be read as preferences".to_string(),
        ));
    }
    if problems.is_empty() {
        return (read, None);
    }
    problems.sort_by_key(|p| (p.0, p.1));
    if mend.gave_up()
        && let Some(&(line, column, _)) = problems.last()
    {
        problems.push((
            line,
            column,
            "the check stopped here; there may be more problems: fix these and check again"
                .to_string(),
        ));
    }
    let (line, column, message) = problems.remove(0);
    let error = PrefsError::Invalid {
        path: path.to_path_buf(),
        line,
        column,
        message,
        more: problems,
    };
    (read, Some(error))
}

/// ron's message, reworded where a person would be puzzled.
fn message(code: &ron::Error) -> String {
    match code {
        ron::Error::NoSuchStructField { found, .. } => {
            let near = crate::routine::load::nearest(found, FIELDS.iter().copied())
                .map_or(String::new(), |n| format!("; did you mean `{n}`?"));
            format!(
                "unknown preference `{found}`{near}; the preferences are: {}",
                FIELDS.join(", ")
            )
        }
        ron::Error::DuplicateStructField { field, .. } => {
            format!("`{field}` is set twice")
        }
        ron::Error::ExceededRecursionLimit => {
            "brackets are nested too deeply here; this value is left out".to_string()
        }
        other => other.to_string(),
    }
}

/// Reads a `T`, saying which field and what it should look like if it is something else.
fn typed<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
    field: &str,
    expected: &str,
) -> Result<T, D::Error> {
    T::deserialize(d).map_err(|e| {
        let inner = e.to_string();
        if inner.starts_with(&format!("{field}: ")) {
            // Already ours, from a value inside this one.
            serde::de::Error::custom(inner)
        } else {
            serde::de::Error::custom(format!(
                "{field}: expected {expected} ({})",
                lower_first(&e)
            ))
        }
    })
}

fn lower_first(e: &dyn fmt::Display) -> String {
    let text = e.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

fn mute<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    typed(d, "mute", "true or false").map(Some)
}

fn notifications<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    typed(d, "notifications", "true or false").map(Some)
}

fn checkin<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    typed(d, "checkin", "true or false").map(Some)
}

fn mouse<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    typed(d, "mouse", "true or false").map(Some)
}

fn bounded<'de, D: Deserializer<'de>>(
    d: D,
    field: &str,
    min: Duration,
    max: Duration,
) -> Result<Option<Duration>, D::Error> {
    let text: String = typed(d, field, "a duration in quotes, like \"20s\"")?;
    let value =
        parse_unchecked(&text).map_err(|e| serde::de::Error::custom(format!("{field}: {e}")))?;
    if value < min || value > max {
        return Err(serde::de::Error::custom(format!(
            "{field}: {} is out of range; use {} to {}",
            short(value),
            short(min),
            short(max)
        )));
    }
    Ok(Some(value))
}

fn lead_in<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    bounded(d, "lead_in", Duration::ZERO, Duration::from_secs(60))
}

fn lead_in_up_down<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    bounded(
        d,
        "lead_in_up_down",
        Duration::ZERO,
        Duration::from_secs(120),
    )
}

fn lead_in_floor<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    bounded(d, "lead_in_floor", Duration::ZERO, Duration::from_secs(120))
}

fn alarm_repeat<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    bounded(
        d,
        "alarm_repeat",
        Duration::from_secs(1),
        Duration::from_secs(600),
    )
}

fn alarm_give_up<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    bounded(
        d,
        "alarm_give_up",
        Duration::from_secs(10),
        crate::routine::duration::MAX_DURATION,
    )
}

fn volume<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    d.deserialize_any(VolumeVisitor).map(Some).map_err(|e| {
        let text = e.to_string();
        if text.starts_with("volume: ") {
            serde::de::Error::custom(text)
        } else {
            // serde's own "Expected … but found …" for a string, a list, …
            serde::de::Error::custom(format!("volume: {}", lower_first(&text)))
        }
    })
}

/// Any number, so `50.5` is told it is not whole instead of ron's "expected a comma" (an
/// integer is read up to the dot); anything else gets the field's own message.
struct VolumeVisitor;

impl VolumeVisitor {
    fn whole<E: serde::de::Error, N: TryInto<u8> + fmt::Display + Copy>(v: N) -> Result<u8, E> {
        match v.try_into() {
            Ok(v) if v <= 100 => Ok(v),
            _ => Err(E::custom(format!(
                "volume: {v} is out of range; use 0 to 100"
            ))),
        }
    }
}

impl serde::de::Visitor<'_> for VolumeVisitor {
    type Value = u8;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number from 0 to 100")
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u8, E> {
        Self::whole(v)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u8, E> {
        Self::whole(v)
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<u8, E> {
        Self::whole(v)
    }

    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<u8, E> {
        Self::whole(v)
    }

    /// `50.0` is fifty; `50.5` and `NaN` are not whole. ron reads integers beyond 64
    /// bits as floats too, which print rounded, so those are not echoed.
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<u8, E> {
        // `inf`, or a number too large for a float (`1e400`), is out of range too.
        if v.is_infinite() || v.fract() == 0.0 {
            if (0.0..=100.0).contains(&v) {
                return Ok(v as u8);
            }
            if v.abs() < 1e15 {
                return Self::whole(v as i64);
            }
            return Err(E::custom(
                "volume: the number is out of range; use 0 to 100",
            ));
        }
        Err(E::custom(format!(
            "volume: {v} is not a whole number; use 0 to 100"
        )))
    }
}

fn colors<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Colors>, D::Error> {
    let text: String = typed(d, "colors", "\"auto\", \"always\" or \"never\"")?;
    match text.as_str() {
        "auto" => Ok(Some(Colors::Auto)),
        "always" => Ok(Some(Colors::Always)),
        "never" => Ok(Some(Colors::Never)),
        _ => Err(serde::de::Error::custom(format!(
            "colors: {text:?} is not one of \"auto\", \"always\", \"never\""
        ))),
    }
}

fn theme<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Theme>, D::Error> {
    let text: String = typed(d, "theme", "\"auto\", \"dark\" or \"light\"")?;
    match text.as_str() {
        "auto" => Ok(Some(Theme::Auto)),
        "dark" => Ok(Some(Theme::Dark)),
        "light" => Ok(Some(Theme::Light)),
        _ => Err(serde::de::Error::custom(format!(
            "theme: {text:?} is not one of \"auto\", \"dark\", \"light\""
        ))),
    }
}

fn voice<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Voice>, D::Error> {
    let expected = "\"auto\", \"off\" or a command in quotes, like \"espeak-ng -v en-gb\"";
    let text: String = typed(d, "voice", expected)?;
    if let Some(c) = text.chars().find(|&c| is_unsafe(c)) {
        return Err(serde::de::Error::custom(format!(
            "voice: the command contains a control character ({}); write it on one line",
            char_name(c)
        )));
    }
    match text.trim() {
        "" => Err(serde::de::Error::custom(format!(
            "voice: empty; use {expected}"
        ))),
        "auto" => Ok(Some(Voice::Auto)),
        "off" => Ok(Some(Voice::Off)),
        command => Ok(Some(Voice::Command(command.to_string()))),
    }
}

/// A key of the `sounds` map: a cue name, checked where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct SoundKey(Sound);

impl<'de> Deserialize<'de> for SoundKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SoundKey, D::Error> {
        let name: String = typed(d, "sounds", "a sound name in quotes, like \"alarm\"")?;
        match Sound::ALL.into_iter().find(|s| s.key() == name) {
            Some(sound) => Ok(SoundKey(sound)),
            None => {
                let names: Vec<&str> = Sound::ALL.into_iter().map(Sound::key).collect();
                Err(serde::de::Error::custom(format!(
                    "sounds: no sound named {name:?}; the names are: {}",
                    names.join(", ")
                )))
            }
        }
    }
}

/// A value of the `sounds` map: a path, printed by `backease config`, so it may not hold
/// a control character (checked where it is written).
struct SoundFile(String);

impl<'de> Deserialize<'de> for SoundFile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SoundFile, D::Error> {
        let path: String = typed(
            d,
            "sounds",
            "a file path in quotes, like \"/path/to/gong.wav\"",
        )?;
        match path.chars().find(|&c| is_unsafe(c)) {
            Some(c) => Err(serde::de::Error::custom(format!(
                "sounds: the file {path:?} contains a control character ({}); write the path on one line",
                char_name(c)
            ))),
            None => Ok(SoundFile(path)),
        }
    }
}

fn sounds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<BTreeMap<Sound, PathBuf>>, D::Error> {
    let raw: BTreeMap<SoundKey, SoundFile> = typed(
        d,
        "sounds",
        "a map like { \"alarm\": \"/path/to/gong.wav\" }",
    )?;
    let mut out = BTreeMap::new();
    for (SoundKey(sound), SoundFile(path)) in raw {
        if path.trim().is_empty() {
            return Err(serde::de::Error::custom(format!(
                "sounds: the file for {:?} is empty",
                sound.key()
            )));
        }
        out.insert(sound, PathBuf::from(path));
    }
    Ok(Some(out))
}
