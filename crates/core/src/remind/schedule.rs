//! The break schedule as a state machine on an injected clock: when the next break is
//! due, snoozes, skips, pauses, breaks taken (here, in another window, or naturally: the
//! machine slept or the session was idle or locked long enough), working hours, and what
//! to make of the clock jumping.
//!
//! Time arrives as a [`Reading`]: the wall clock (an instant; local time comes from the
//! time zone given at construction, so daylight-saving days need no special case beyond
//! placing the working hours), plus two clocks that do not jump: the boot clock (counts
//! through suspend) and the monotonic clock (stops during suspend). Their difference
//! growing is time asleep; the wall clock moving by more than the boot clock is someone
//! setting the clock, and every saved instant moves with it so the time left is kept.
//!
//! Pure: no files, no terminal, never reads a clock. What must be kept across a restart is
//! [`Saved`] (the shell writes it); what happened is returned as [`Change`]s.

use std::time::Duration;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::hours::WorkingHours;
use super::stamp::Stamp;

/// A clock jump smaller than this is drift or NTP slewing, not a change of the clock.
pub const JUMP: Duration = Duration::from_secs(120);

/// The rules the person chose (preferences).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// Sitting time between breaks.
    pub interval: Duration,
    /// How far a snooze puts the break off.
    pub snooze: Duration,
    /// Time away (asleep, idle, locked) that counts as a break.
    pub away: Duration,
    pub hours: WorkingHours,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            interval: Duration::from_secs(60 * 60),
            snooze: Duration::from_secs(10 * 60),
            away: Duration::from_secs(5 * 60),
            hours: WorkingHours::default(),
        }
    }
}

/// One reading of the clocks, taken together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// The wall clock.
    pub wall: Timestamp,
    /// A clock that keeps counting while the machine sleeps (CLOCK_BOOTTIME).
    pub boot: Duration,
    /// A clock that stops while the machine sleeps (CLOCK_MONOTONIC).
    pub mono: Duration,
}

/// How long reminders are paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseFor {
    HalfHour,
    Hour,
    /// Until the next local midnight.
    Tomorrow,
    /// For a length given on the command line (`backease pause 45m`).
    For(Duration),
}

/// The shortest and longest `backease pause LENGTH`.
pub const PAUSE_RANGE: (Duration, Duration) =
    (Duration::from_secs(60), Duration::from_secs(24 * 3600));

/// `backease pause`'s argument: `30m`, `1h`, `90s`, `1h30m` (1 minute to 24 hours), or
/// `today` (until midnight). `Err` says what is accepted.
pub fn parse_pause(text: &str) -> Result<PauseFor, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("today") {
        return Ok(PauseFor::Tomorrow);
    }
    let hint = "write a length like 30m, 1h, 90s or 1h30m, or `today`";
    let d = crate::routine::duration::parse_unchecked(text)
        .map_err(|_| format!("{} is not a length; {hint}", crate::text::excerpt(text)))?;
    let (least, most) = PAUSE_RANGE;
    if d < least || d > most {
        return Err(format!(
            "{text} is out of range: pause for 1 minute to 24 hours, or `today`"
        ));
    }
    Ok(PauseFor::For(d))
}

impl PauseFor {
    pub const ALL: [PauseFor; 3] = [PauseFor::HalfHour, PauseFor::Hour, PauseFor::Tomorrow];

    pub fn label(self) -> &'static str {
        match self {
            PauseFor::HalfHour => "30 minutes",
            PauseFor::Hour => "1 hour",
            PauseFor::Tomorrow => "until tomorrow",
            PauseFor::For(_) => "a while",
        }
    }
}

/// Why the person was away from the desk, when the machine says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Away {
    /// No input for a while (logind's IdleHint).
    Idle,
    /// The screen was locked.
    Locked,
}

/// Why a break was skipped or put off twice: the one optional question after a skip
/// and after a second snooze.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Busy,
    InPain,
    NotNow,
    Away,
}

impl Reason {
    pub const ALL: [Reason; 4] = [Reason::Busy, Reason::InPain, Reason::NotNow, Reason::Away];

    /// As the question offers it.
    pub fn label(self) -> &'static str {
        match self {
            Reason::Busy => "busy",
            Reason::InPain => "in pain",
            Reason::NotNow => "not now",
            Reason::Away => "away",
        }
    }

    /// As files and the notification's buttons name it (`in_pain`).
    pub fn key(self) -> &'static str {
        match self {
            Reason::Busy => "busy",
            Reason::InPain => "in_pain",
            Reason::NotNow => "not_now",
            Reason::Away => "away",
        }
    }

    pub fn from_key(key: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// A day's answers to the question, one count per reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reasons {
    #[serde(default)]
    pub busy: u32,
    #[serde(default)]
    pub in_pain: u32,
    #[serde(default)]
    pub not_now: u32,
    #[serde(default)]
    pub away: u32,
}

impl Reasons {
    pub fn add(&mut self, reason: Reason) {
        let n = match reason {
            Reason::Busy => &mut self.busy,
            Reason::InPain => &mut self.in_pain,
            Reason::NotNow => &mut self.not_now,
            Reason::Away => &mut self.away,
        };
        *n += 1;
    }

    pub fn get(&self, reason: Reason) -> u32 {
        match reason {
            Reason::Busy => self.busy,
            Reason::InPain => self.in_pain,
            Reason::NotNow => self.not_now,
            Reason::Away => self.away,
        }
    }

    pub fn total(&self) -> u32 {
        Reason::ALL.into_iter().map(|r| self.get(r)).sum()
    }

    /// `"busy 1 · in pain 2"`: the reasons given, empty when none.
    pub fn text(&self) -> String {
        Reason::ALL
            .into_iter()
            .filter(|r| self.get(*r) > 0)
            .map(|r| format!("{} {}", r.label(), self.get(r)))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// What can happen to the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Time passed (the shell's wake-up).
    Tick,
    /// Put the due break off by the snooze length.
    Snooze,
    /// Do without this break: the next one is an interval from now.
    Skip,
    Pause(PauseFor),
    /// End a pause early.
    Unpause,
    /// The break routine started in this window.
    BreakStarted,
    /// It ended (finished or quit). `taken`: a routine was really done during it
    /// ([`break_taken`]); then the timer starts again, else the break is still due.
    BreakEnded {
        taken: bool,
    },
    /// A routine was recorded in history (this window or another) at this instant.
    Recorded(Timestamp),
    /// The session has been idle or locked since this instant.
    Away {
        since: Timestamp,
        why: Away,
    },
    /// The answer to "why?" after a skip or a second snooze.
    Reason(Reason),
}

/// Where the schedule stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// The next break is due at `due`.
    Waiting {
        due: Timestamp,
    },
    /// A break is due since `since`; `snoozes` times put off already.
    Due {
        since: Timestamp,
        snoozes: u32,
    },
    /// The break routine runs in this window.
    OnBreak {
        since: Timestamp,
    },
    Paused {
        until: Timestamp,
    },
    /// Outside working hours or days: nothing is due; `next` is when the next break
    /// would be (if any working period comes soon).
    OutsideHours {
        next: Option<Timestamp>,
    },
}

impl State {
    /// The name used by `backease status --format {state}`.
    pub fn key(&self) -> &'static str {
        match self {
            State::Waiting { .. } => "waiting",
            State::Due { .. } => "due",
            State::OnBreak { .. } => "break",
            State::Paused { .. } => "paused",
            State::OutsideHours { .. } => "outside",
        }
    }
}

/// What happened in a call to [`Schedule::handle`], for the shell to act on or say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A break fell due just now: chime, notify.
    BecameDue,
    /// A break was counted as taken at this instant.
    BreakTaken,
    /// The break routine ended with too little done to count ([`MIN_BREAK`]): the break
    /// is still due.
    BreakNotTaken,
    /// Time away counted as a break: asleep (`None`) or idle/locked.
    NaturalBreak { away: Option<Away>, span: Duration },
    /// The wall clock was set (forward: positive); saved instants moved with it.
    ClockSet { by: SignedDuration },
    /// Something was asked that does not apply now (snooze with nothing due).
    Ignored,
    /// A new local day began: the day's counts start again.
    NewDay,
}

/// A snooze: when it was asked, until when, and how many in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snooze {
    pub at: Stamp,
    pub until: Stamp,
    pub count: u32,
}

/// A pause: when it was asked and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub at: Stamp,
    pub until: Stamp,
}

/// One local day's counts, recorded for history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub date: DateText,
    /// Breaks that fell due.
    pub due: u32,
    /// Breaks taken (a routine, or time away).
    pub taken: u32,
    pub snoozed: u32,
    pub skipped: u32,
    /// Why breaks were skipped or put off twice (absent in files before issue 27).
    #[serde(default)]
    pub reasons: Reasons,
}

/// A date written as `"2026-11-30"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateText(pub Date);

impl Serialize for DateText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<DateText, D::Error> {
        let text = String::deserialize(d)?;
        text.parse()
            .map(DateText)
            .map_err(|e| serde::de::Error::custom(format!("{text:?} is not a date: {e}")))
    }
}

impl Day {
    pub fn new(date: Date) -> Day {
        Day {
            date: DateText(date),
            due: 0,
            taken: 0,
            snoozed: 0,
            skipped: 0,
            reasons: Reasons::default(),
        }
    }
}

/// What a restart needs to carry on where it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// The last break (or when the reminder first started): "sitting since".
    pub sitting_since: Stamp,
    /// Where the timer counts from: the last break, a skip, or a pause's end.
    pub timer_from: Stamp,
    pub snooze: Option<Snooze>,
    pub pause: Option<Pause>,
    pub on_break: Option<Stamp>,
    /// The due moment already announced and counted.
    pub announced: Option<Stamp>,
    /// The start of the away span already counted as a break.
    pub away_counted: Option<Stamp>,
    pub day: Day,
    /// Breaks taken so far, to rotate through the routines.
    pub rotation: u32,
    /// The last answer to "why?", until the next break is taken: the next reminder
    /// offers accordingly (absent in files before issue 27).
    #[serde(default)]
    pub reason: Option<Reason>,
}

/// The schedule: the rules, the time zone, what is saved, and the last clock reading.
#[derive(Debug, Clone)]
pub struct Schedule {
    rules: Rules,
    tz: TimeZone,
    saved: Saved,
    last: Option<Reading>,
}

fn plus(at: Timestamp, d: Duration) -> Timestamp {
    at.checked_add(d).unwrap_or(Timestamp::MAX)
}

fn shift(at: &mut Stamp, by: SignedDuration) {
    at.0 = at.0.checked_add(by).unwrap_or(at.0);
}

/// The span from `earlier` to `later`, zero if `later` is earlier.
pub fn span(earlier: Timestamp, later: Timestamp) -> Duration {
    Duration::try_from(later.duration_since(earlier)).unwrap_or(Duration::ZERO)
}

impl Schedule {
    /// A first start at `now`: sitting since now.
    pub fn new(rules: Rules, tz: TimeZone, now: Timestamp) -> Schedule {
        let day = Day::new(now.to_zoned(tz.clone()).date());
        let saved = Saved {
            sitting_since: Stamp(now),
            timer_from: Stamp(now),
            snooze: None,
            pause: None,
            on_break: None,
            announced: None,
            away_counted: None,
            day,
            rotation: 0,
            reason: None,
        };
        Schedule::resume(rules, tz, saved)
    }

    /// Carries on from a saved state (a restart). A break left running by a reminder
    /// that ended is over: the next [`Schedule::handle`] counts it as taken.
    pub fn resume(rules: Rules, tz: TimeZone, saved: Saved) -> Schedule {
        Schedule {
            rules,
            tz,
            saved,
            last: None,
        }
    }

    pub fn saved(&self) -> &Saved {
        &self.saved
    }

    /// Times the break now due, or waited for after a snooze, was put off.
    pub fn snoozes(&self) -> u32 {
        self.saved.snooze.map_or(0, |s| s.count)
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// The next break's moment at `now` (snoozed or not), ignoring pauses; `None` on a
    /// break or when no working period comes soon. A break that fell due in an earlier
    /// working period and was never taken does not carry over: the current period (or,
    /// after hours, the next) starts the count again.
    pub fn due_at(&self, now: Timestamp) -> Option<Timestamp> {
        if self.saved.on_break.is_some() {
            return None;
        }
        if let Some(s) = self.saved.snooze {
            return Some(s.until.0);
        }
        let (hours, tz, interval) = (&self.rules.hours, &self.tz, self.rules.interval);
        let from = self.saved.timer_from.0;
        let base = hours.next_due(from, interval, tz)?;
        match hours.period_of(now, tz) {
            Some((start, _)) if base < start => hours.next_due(from.max(start), interval, tz),
            None if base <= now => hours.next_due(from.max(now), interval, tz),
            _ => Some(base),
        }
    }

    /// Where things stand at `now` (as of the last [`Schedule::handle`]).
    pub fn state(&self, now: Timestamp) -> State {
        if let Some(since) = self.saved.on_break {
            return State::OnBreak { since: since.0 };
        }
        if let Some(p) = self.saved.pause
            && now < p.until.0
        {
            return State::Paused { until: p.until.0 };
        }
        let due = self.due_at(now);
        if !self.rules.hours.contains(now, &self.tz) {
            return State::OutsideHours { next: due };
        }
        match due {
            Some(due) if now >= due => State::Due {
                since: due,
                snoozes: self.saved.snooze.map_or(0, |s| s.count),
            },
            Some(due) => State::Waiting { due },
            None => State::OutsideHours { next: None },
        }
    }

    /// The next moment the state changes by itself (a break falls due, a pause or the
    /// working day ends or begins); the shell also wakes when the minute on screen
    /// changes.
    pub fn next_change(&self, now: Timestamp) -> Option<Timestamp> {
        let hours = &self.rules.hours;
        let edge = match hours.period_of(now, &self.tz) {
            Some((_, end)) => Some(end),
            None => hours.next_start(now, &self.tz),
        };
        let own = match self.state(now) {
            State::Waiting { due } => Some(due),
            State::Paused { until } => Some(until),
            State::OutsideHours { next } => next.filter(|n| *n > now),
            State::Due { .. } | State::OnBreak { .. } => None,
        };
        [edge, own].into_iter().flatten().filter(|t| *t > now).min()
    }

    /// Handles `event` at the clock reading `now`: first what the clocks say happened
    /// since the last reading (a sleep, a clock change, a new day), then the event, then
    /// whether a break fell due.
    pub fn handle(&mut self, event: Event, now: Reading) -> Vec<Change> {
        let mut changes = self.observe(now);
        let at = now.wall;
        // A break due by now is announced before the event acts on it (a key pressed
        // before the shell's wake-up at the due moment still finds it counted).
        self.check_due(at, &mut changes);
        match event {
            Event::Tick => {}
            Event::Snooze => match self.state(at) {
                State::Due { .. } => {
                    let count = self.saved.snooze.map_or(0, |s| s.count) + 1;
                    self.saved.snooze = Some(Snooze {
                        at: Stamp(at),
                        until: Stamp(plus(at, self.rules.snooze)),
                        count,
                    });
                    self.saved.day.snoozed += 1;
                }
                _ => changes.push(Change::Ignored),
            },
            // Only a break that is due can be done without; `k` before is a no-op.
            Event::Skip => match self.state(at) {
                State::Due { .. } => {
                    self.saved.timer_from = Stamp(at);
                    self.saved.snooze = None;
                    self.saved.announced = None;
                    self.saved.day.skipped += 1;
                }
                _ => changes.push(Change::Ignored),
            },
            Event::Pause(length) => {
                let until = match length {
                    PauseFor::HalfHour => plus(at, Duration::from_secs(30 * 60)),
                    PauseFor::Hour => plus(at, Duration::from_secs(60 * 60)),
                    PauseFor::For(d) => plus(at, d),
                    PauseFor::Tomorrow => at
                        .to_zoned(self.tz.clone())
                        .date()
                        .tomorrow()
                        .ok()
                        .and_then(|d| d.to_zoned(self.tz.clone()).ok())
                        .map_or(plus(at, Duration::from_secs(24 * 3600)), |z| z.timestamp()),
                };
                self.saved.pause = Some(Pause {
                    at: Stamp(at),
                    until: Stamp(until),
                });
                self.saved.snooze = None;
            }
            Event::Unpause => match self.saved.pause {
                Some(_) => self.end_pause(at),
                None => changes.push(Change::Ignored),
            },
            Event::BreakStarted => {
                self.saved.on_break = Some(Stamp(at));
                self.saved.snooze = None;
            }
            Event::BreakEnded { taken } => {
                if self.saved.on_break.take().is_some() {
                    if taken {
                        self.take_break(at);
                        changes.push(Change::BreakTaken);
                    } else {
                        changes.push(Change::BreakNotTaken);
                    }
                }
            }
            Event::Recorded(ended) => {
                // A routine done here is recorded before its break ends (and so is older
                // than the timer's reset); one done in another window is newer.
                if self.saved.on_break.is_none() && ended > self.saved.sitting_since.0 {
                    self.take_break(ended.min(at));
                    changes.push(Change::BreakTaken);
                }
            }
            Event::Reason(reason) => {
                self.saved.day.reasons.add(reason);
                self.saved.reason = Some(reason);
            }
            Event::Away { since, why } => {
                let span = span(since, at);
                if span >= self.rules.away && self.saved.on_break.is_none() {
                    if self.saved.away_counted != Some(Stamp(since)) {
                        self.saved.away_counted = Some(Stamp(since));
                        self.take_break(at);
                        changes.push(Change::NaturalBreak {
                            away: Some(why),
                            span,
                        });
                    } else {
                        // Still away: the timer counts from the return.
                        self.saved.sitting_since = Stamp(at);
                        self.saved.timer_from = Stamp(at);
                    }
                }
            }
        }
        self.check_due(at, &mut changes);
        changes
    }

    /// A break that fell due by `at` and was not announced yet is announced (and
    /// counted) now.
    fn check_due(&mut self, at: Timestamp, changes: &mut Vec<Change>) {
        if let State::Due { since, .. } = self.state(at)
            && self.saved.announced != Some(Stamp(since))
        {
            // A snoozed break falling due again is announced again but counted once.
            if self.saved.snooze.is_none() {
                self.saved.day.due += 1;
            }
            self.saved.announced = Some(Stamp(since));
            changes.push(Change::BecameDue);
        }
    }

    /// What the clocks say happened since the last reading.
    fn observe(&mut self, now: Reading) -> Vec<Change> {
        let mut changes = Vec::new();
        self.roll_day(now.wall, &mut changes);
        if let Some(last) = self.last {
            let boot = now.boot.saturating_sub(last.boot);
            let mono = now.mono.saturating_sub(last.mono);
            let expected = plus(last.wall, boot);
            let by = now.wall.duration_since(expected);
            if by.unsigned_abs() >= JUMP {
                let s = &mut self.saved;
                for at in [&mut s.sitting_since, &mut s.timer_from] {
                    shift(at, by);
                }
                for at in [&mut s.on_break, &mut s.announced, &mut s.away_counted]
                    .into_iter()
                    .flatten()
                {
                    shift(at, by);
                }
                if let Some(snooze) = &mut s.snooze {
                    shift(&mut snooze.at, by);
                    shift(&mut snooze.until, by);
                }
                if let Some(pause) = &mut s.pause {
                    shift(&mut pause.at, by);
                    shift(&mut pause.until, by);
                }
                changes.push(Change::ClockSet { by });
            }
            let slept = boot.saturating_sub(mono);
            if slept >= self.rules.away && self.saved.on_break.is_none() {
                self.take_break(now.wall);
                changes.push(Change::NaturalBreak {
                    away: None,
                    span: slept,
                });
            }
        }
        if self.last.is_none() && self.saved.on_break.is_some() {
            // Restarted with a break running: the reminder that ran it has ended.
            self.saved.on_break = None;
            self.take_break(now.wall);
            changes.push(Change::BreakTaken);
        }
        self.last = Some(now);
        let at = now.wall;
        if let Some(p) = self.saved.pause
            && at >= p.until.0
        {
            self.end_pause(p.until.0.min(at));
        }
        // A snooze never outlasts its working period: after hours, and the next
        // morning, the day starts fresh.
        if let Some(s) = self.saved.snooze {
            let current = self.rules.hours.period_of(at, &self.tz);
            if current.is_none_or(|(start, _)| s.at.0 < start) {
                self.saved.snooze = None;
            }
        }
        changes
    }

    fn roll_day(&mut self, at: Timestamp, changes: &mut Vec<Change>) {
        let today = at.to_zoned(self.tz.clone()).date();
        if self.saved.day.date.0 != today {
            self.saved.day = Day::new(today);
            changes.push(Change::NewDay);
        }
    }

    /// Ends the pause at `at`: the time sat before it still counts (the interval goes
    /// on where it stopped, it does not start again).
    fn end_pause(&mut self, at: Timestamp) {
        if let Some(pause) = self.saved.pause.take() {
            let sat = span(self.saved.timer_from.0, pause.at.0);
            let from = at
                .checked_sub(SignedDuration::try_from(sat).unwrap_or(SignedDuration::ZERO))
                .unwrap_or(at);
            self.saved.timer_from = Stamp(self.saved.timer_from.0.max(from));
        }
        self.saved.snooze = None;
    }

    fn take_break(&mut self, at: Timestamp) {
        let s = &mut self.saved;
        s.sitting_since = Stamp(at);
        s.timer_from = Stamp(at);
        s.snooze = None;
        s.announced = None;
        s.day.taken += 1;
        s.rotation = s.rotation.wrapping_add(1);
        s.reason = None;
    }
}

/// How much of a routine makes a break taken: this much time spent (from a session's
/// start to its end) in sessions with a step done. A routine quit at once, or sped up (`--speed`), is not a
/// break.
pub const MIN_BREAK: Duration = Duration::from_secs(60);

/// Whether the sessions recorded since `since` (a break's start) make it a break taken:
/// real-time sessions ended since then with a step done, [`MIN_BREAK`] in all.
pub fn break_taken(records: &[crate::history::SessionRecord], since: Timestamp) -> bool {
    let spent: Duration = records
        .iter()
        .filter(|r| !r.sped_up && r.done() > 0 && r.ended.at >= since)
        .map(crate::history::SessionRecord::spent)
        .sum();
    spent >= MIN_BREAK
}

/// When the newest session that makes a break by itself ended ([`break_taken`]'s rule,
/// for a routine done in another window).
pub fn newest_break(records: &[crate::history::SessionRecord]) -> Option<Timestamp> {
    records
        .iter()
        .filter(|r| !r.sped_up && r.done() > 0 && r.spent() >= MIN_BREAK)
        .map(|r| r.ended.at)
        .max()
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
