//! The reminder's screen as state: the schedule, the routine it will offer, what is open
//! over it (help, the pause choice), and the notes it shows. Inputs (a key, time passing,
//! the machine's idle state, a routine recorded in history) go through [`Reminder::update`],
//! which returns what the shell should do ([`Effect`]): announce a break, start the
//! routine, save the state, quit. Pure: the shell reads the clocks and the idle source.

use std::time::Duration;

use jiff::Timestamp;

use super::schedule::{Away, Change, Event, PauseFor, Reading, Reason, Schedule, State};

/// What a key asks for (the table is `keymap::REMIND`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Enter: start the break routine now.
    Start,
    Snooze,
    Skip,
    /// `p`: choose how long to pause, or resume when paused.
    Pause,
    /// A choice in the pause menu.
    PauseFor(PauseFor),
    /// An answer to "why?" (after a skip or a second snooze).
    Reason(Reason),
    Help,
    /// Esc: close what is open.
    Cancel,
    Quit,
}

/// What is open over the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    /// Choosing how long to pause.
    Pause,
    /// "Why?" after a skip or a second snooze: one key answers, any other closes it.
    Reason,
}

/// What happened, for [`Reminder::update`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Tick,
    Key(Key),
    /// The idle source says the person has been away since `since`.
    Away {
        since: Timestamp,
        why: Away,
    },
    /// The newest routine in history ended at this instant.
    Recorded(Timestamp),
    /// `backease pause LENGTH` asked the running reminder to pause.
    Pause(PauseFor),
    /// `backease resume` asked it to end a pause.
    Resume,
    /// The answer to "why?" from elsewhere (the notification's question).
    Reason(Reason),
    /// The break routine this window started has ended (finished or quit); `taken` when
    /// enough of it was done to count (`schedule::break_taken`).
    BreakOver {
        taken: bool,
    },
}

/// What the shell should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// A break fell due: chime, say it, notify, ring the bell. `routine` is its name.
    Announce {
        routine: String,
        snoozes: u32,
    },
    /// Run this routine (by id) in this terminal; send [`Input::BreakOver`] after.
    StartRoutine(String),
    /// The saved state changed: write it (and the day's counts).
    Save,
    /// Ask "why?" (a window shows [`Overlay::Reason`]; the background asks with a
    /// notification).
    AskReason,
    Quit,
}

/// A routine the reminder can offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub id: String,
    pub name: String,
    /// Its length as `backease list` shows it ("4–5 min+").
    pub length: String,
    /// Its length in seconds (the shortest is offered after "busy").
    pub seconds: u64,
}

/// The reminder's whole state.
#[derive(Debug, Clone)]
pub struct Reminder {
    pub schedule: Schedule,
    /// The routines to take in turn (at least one).
    pub offers: Vec<Offer>,
    pub overlay: Overlay,
    /// The wall time of the last update (what the view shows).
    pub now: Timestamp,
    /// Lines worth telling (a natural break, a clock change), newest last.
    pub notes: Vec<String>,
    /// Said once when there is no idle source.
    pub idle_note: Option<String>,
    pub done: bool,
    /// The break routine runs elsewhere (the background reminder opens it in a terminal
    /// of its own): starting it does not put the schedule on a break; the routine's
    /// record in history, seen at the next look round, takes the break.
    pub elsewhere: bool,
    /// The gentlest routine, offered after "in pain" (`None`: the shortest of `offers`).
    pub gentle: Option<Offer>,
    /// The word about lasting pain was said (once per reminder).
    pain_said: bool,
}

/// Said once when a break falls due after the answer "in pain".
pub const PAIN_NOTE: &str =
    "pain that lasts or keeps coming back is worth a physiotherapist's or doctor's look";

/// Notes kept on screen.
const NOTES: usize = 3;

impl Reminder {
    pub fn new(schedule: Schedule, offers: Vec<Offer>, now: Timestamp) -> Reminder {
        Reminder {
            schedule,
            offers,
            overlay: Overlay::None,
            now,
            notes: Vec::new(),
            idle_note: None,
            done: false,
            elsewhere: false,
            gentle: None,
            pain_said: false,
        }
    }

    /// The routine the next break offers: the list taken in turn; after "busy" the
    /// shortest of the list, after "in pain" the gentlest (until a break is taken).
    pub fn offer(&self) -> Option<&Offer> {
        let shortest = || self.offers.iter().min_by_key(|o| o.seconds);
        match self.schedule.saved().reason {
            Some(Reason::Busy) => return shortest(),
            Some(Reason::InPain) => return self.gentle.as_ref().or_else(shortest),
            _ => {}
        }
        let n = self.offers.len();
        (n > 0).then(|| &self.offers[self.schedule.saved().rotation as usize % n])
    }

    pub fn state(&self) -> State {
        self.schedule.state(self.now)
    }

    /// The window title for the state at the last update.
    pub fn title(&self) -> String {
        match self.state() {
            State::Due { .. } => "backease — break due".to_string(),
            State::Waiting { due } => format!("backease — break in {}", until(self.now, due)),
            State::OnBreak { .. } => "backease — on a break".to_string(),
            State::Paused { .. } => "backease — paused".to_string(),
            State::OutsideHours { .. } => "backease — outside hours".to_string(),
        }
    }

    /// Handles `input` at the clock reading `now`.
    pub fn update(&mut self, input: Input, now: Reading) -> Vec<Effect> {
        self.now = now.wall;
        let before = *self.schedule.saved();
        let mut effects = Vec::new();
        let event = match input {
            Input::Tick => Some(Event::Tick),
            Input::Away { since, why } => Some(Event::Away { since, why }),
            Input::Recorded(at) => Some(Event::Recorded(at)),
            Input::BreakOver { taken } => Some(Event::BreakEnded { taken }),
            Input::Pause(length) => Some(Event::Pause(length)),
            Input::Resume if self.schedule.saved().pause.is_none() => {
                self.note("not paused: nothing to resume".into());
                Some(Event::Tick)
            }
            Input::Resume => Some(Event::Unpause),
            Input::Reason(reason) => {
                if self.overlay == Overlay::Reason {
                    self.overlay = Overlay::None;
                }
                Some(Event::Reason(reason))
            }
            Input::Key(key) => self.key(key, &mut effects),
        };
        let (skipped, snoozed) = {
            let day = self.schedule.saved().day;
            (day.skipped, day.snoozed)
        };
        let asks = matches!(event, Some(Event::Skip | Event::Snooze));
        let changes = match event {
            Some(event) => self.schedule.handle(event, now),
            None => self.schedule.handle(Event::Tick, now),
        };
        // A skip, or a second snooze of the same break: ask why (one key, optional).
        let day = self.schedule.saved().day;
        if asks
            && (day.skipped > skipped || (day.snoozed > snoozed && self.schedule.snoozes() == 2))
        {
            if !self.elsewhere {
                self.overlay = Overlay::Reason;
            }
            effects.push(Effect::AskReason);
        }
        for change in changes {
            self.tell(change, &mut effects);
        }
        if *self.schedule.saved() != before {
            effects.push(Effect::Save);
        }
        if let Some(Effect::StartRoutine(_)) = effects.first()
            && !self.elsewhere
        {
            // Started from a key: the schedule knows the break began.
            self.schedule.handle(Event::BreakStarted, now);
            if !effects.contains(&Effect::Save) {
                effects.push(Effect::Save);
            }
        }
        effects
    }

    /// What a key does: an event for the schedule, or an effect of its own.
    fn key(&mut self, key: Key, effects: &mut Vec<Effect>) -> Option<Event> {
        let overlay = match std::mem::replace(&mut self.overlay, Overlay::None) {
            // The question is optional: any other key closes it and does what it does.
            Overlay::Reason if !matches!(key, Key::Reason(_)) => Overlay::None,
            overlay => overlay,
        };
        match (overlay, key) {
            (_, Key::Quit) => {
                self.done = true;
                effects.push(Effect::Quit);
                None
            }
            (Overlay::Help, _) => None,
            (Overlay::Pause, Key::PauseFor(length)) => Some(Event::Pause(length)),
            (Overlay::Pause, _) => None,
            (Overlay::Reason, Key::Reason(reason)) => Some(Event::Reason(reason)),
            (Overlay::Reason, _) => None,
            (Overlay::None, Key::Help) => {
                self.overlay = Overlay::Help;
                None
            }
            (Overlay::None, Key::Pause) => match self.state() {
                State::Paused { .. } => Some(Event::Unpause),
                _ => {
                    self.overlay = Overlay::Pause;
                    None
                }
            },
            (Overlay::None, Key::Snooze) => Some(Event::Snooze),
            (Overlay::None, Key::Skip) => Some(Event::Skip),
            (Overlay::None, Key::Start) => {
                if let Some(offer) = self.offer() {
                    effects.push(Effect::StartRoutine(offer.id.clone()));
                }
                None
            }
            (Overlay::None, Key::Cancel | Key::PauseFor(_) | Key::Reason(_)) => None,
        }
    }

    fn tell(&mut self, change: Change, effects: &mut Vec<Effect>) {
        let note = match change {
            Change::BecameDue => {
                if self.overlay == Overlay::Reason {
                    self.overlay = Overlay::None;
                }
                let snoozes = match self.schedule.state(self.now) {
                    State::Due { snoozes, .. } => snoozes,
                    _ => 0,
                };
                effects.push(Effect::Announce {
                    routine: self.offer().map(|o| o.name.clone()).unwrap_or_default(),
                    snoozes,
                });
                (self.schedule.saved().reason == Some(Reason::InPain)
                    && !std::mem::replace(&mut self.pain_said, true))
                .then(|| PAIN_NOTE.to_string())
            }
            Change::NaturalBreak { away, span } => Some(format!(
                "{} {}: counted as a break",
                match away {
                    None => "asleep",
                    Some(Away::Idle) => "away from the keyboard",
                    Some(Away::Locked) => "screen locked",
                },
                words(span)
            )),
            Change::BreakTaken => Some("break taken: the timer starts again".to_string()),
            Change::BreakNotTaken => Some(format!(
                "not counted as a break (less than {} of a routine done): still due",
                words(super::schedule::MIN_BREAK)
            )),
            Change::ClockSet { by } => Some(format!(
                "the clock was set {} by {}: the time left is kept",
                if by.is_negative() { "back" } else { "forward" },
                words(by.unsigned_abs())
            )),
            Change::Ignored => Some(match self.schedule.state(self.now) {
                State::Paused { .. } | State::OnBreak { .. } | State::OutsideHours { .. } => {
                    "nothing to snooze or skip now".to_string()
                }
                _ => "nothing to snooze or skip: no break is due".to_string(),
            }),
            Change::NewDay => None,
        };
        if let Some(note) = note {
            self.note(note);
        }
    }

    /// Adds a line to the notes, with the time.
    fn note(&mut self, note: String) {
        let at = self.clock_text(self.now);
        self.notes.push(format!("{at} {note}"));
        let extra = self.notes.len().saturating_sub(NOTES);
        self.notes.drain(..extra);
    }

    /// `at` as the local `HH:MM`.
    fn clock_text(&self, at: Timestamp) -> String {
        at.to_zoned(self.schedule.time_zone().clone())
            .strftime("%H:%M")
            .to_string()
    }

    /// Where things stand, in one line for `backease pause`/`resume` to print:
    /// "paused until 10:42 (30 min)", "next break at 10:50 (in 12 min)", "a break is due".
    pub fn summary(&self) -> String {
        match self.state() {
            State::Paused { until } => {
                let day = |t: Timestamp| t.to_zoned(self.schedule.time_zone().clone()).date();
                let when = if day(until) == day(self.now) {
                    self.clock_text(until)
                } else {
                    until
                        .to_zoned(self.schedule.time_zone().clone())
                        .strftime("%a %H:%M")
                        .to_string()
                };
                format!("paused until {when} ({})", self::until(self.now, until))
            }
            State::Waiting { due } => format!(
                "next break at {} (in {})",
                self.clock_text(due),
                until(self.now, due)
            ),
            State::Due { .. } => "a break is due".to_string(),
            State::OnBreak { .. } => "on a break".to_string(),
            State::OutsideHours { next: Some(n) } => {
                format!("outside working hours; next break {}", self.clock_text(n))
            }
            State::OutsideHours { next: None } => "outside working hours".to_string(),
        }
    }
}

/// `"12 min"`, `"1 h 05 min"`, rounded up to the minute (a countdown never says 0 min
/// while time is left).
pub fn until(now: Timestamp, at: Timestamp) -> String {
    let d = super::schedule::span(now, at);
    words(Duration::from_secs(d.as_secs().div_ceil(60) * 60))
}

/// A span in whole minutes: `"12 min"`, `"1 h"`, `"2 h 05 min"`, `"3 d 4 h"`.
pub fn words(d: Duration) -> String {
    let m = d.as_secs() / 60;
    match (m / 60, m % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) if h < 48 => format!("{h} h"),
        (h, m) if h < 48 => format!("{h} h {m:02} min"),
        (h, _) => format!("{} d {} h", h / 24, h % 24),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remind::schedule::Rules;
    use jiff::tz::TimeZone;

    fn reading(wall: Timestamp, secs: u64) -> Reading {
        Reading {
            wall,
            boot: Duration::from_secs(secs),
            mono: Duration::from_secs(secs),
        }
    }

    fn reminder() -> (Reminder, Timestamp) {
        let start: Timestamp = "2026-11-30T09:00:00Z".parse().expect("time");
        let rules = Rules {
            hours: crate::remind::hours::WorkingHours::always(),
            ..Rules::default()
        };
        let schedule = Schedule::new(rules, TimeZone::UTC, start);
        let offers = ["desk_break", "stiff_back"]
            .map(|id| Offer {
                id: id.to_string(),
                name: id.to_string(),
                length: "5 min".into(),
                seconds: if id == "desk_break" { 300 } else { 240 },
            })
            .to_vec();
        (Reminder::new(schedule, offers, start), start)
    }

    fn at(start: Timestamp, mins: u64) -> Reading {
        reading(
            start
                .checked_add(Duration::from_secs(mins * 60))
                .expect("time"),
            1000 + mins * 60,
        )
    }

    #[test]
    fn due_announces_then_enter_starts_the_offered_routine_and_the_next_rotates() {
        let (mut r, start) = reminder();
        assert!(r.update(Input::Tick, at(start, 0)).is_empty());
        let effects = r.update(Input::Tick, at(start, 60));
        assert_eq!(
            effects,
            vec![
                Effect::Announce {
                    routine: "desk_break".into(),
                    snoozes: 0
                },
                Effect::Save
            ]
        );
        assert_eq!(r.title(), "backease — break due");
        let effects = r.update(Input::Key(Key::Start), at(start, 61));
        assert_eq!(
            effects,
            vec![Effect::StartRoutine("desk_break".into()), Effect::Save]
        );
        assert_eq!(r.state().key(), "break");
        let effects = r.update(Input::BreakOver { taken: true }, at(start, 66));
        assert_eq!(effects, vec![Effect::Save]);
        assert_eq!(r.title(), "backease — break in 1 h");
        assert_eq!(r.offer().map(|o| o.id.as_str()), Some("stiff_back"));
    }

    #[test]
    fn pause_opens_a_choice_and_p_again_resumes() {
        let (mut r, start) = reminder();
        r.update(Input::Key(Key::Pause), at(start, 1));
        assert_eq!(r.overlay, Overlay::Pause);
        // Anything but a choice closes it.
        r.update(Input::Key(Key::Snooze), at(start, 1));
        assert_eq!((r.overlay, r.state().key()), (Overlay::None, "waiting"));
        r.update(Input::Key(Key::Pause), at(start, 1));
        r.update(Input::Key(Key::PauseFor(PauseFor::Hour)), at(start, 2));
        assert_eq!(r.state().key(), "paused");
        r.update(Input::Key(Key::Pause), at(start, 3));
        assert_eq!(r.state().key(), "waiting");
        // The two minutes sat before the pause still count.
        assert_eq!(r.title(), "backease — break in 58 min");
    }

    #[test]
    fn snoozing_with_nothing_due_says_so_and_help_closes_on_any_key() {
        let (mut r, start) = reminder();
        r.update(Input::Key(Key::Snooze), at(start, 5));
        assert_eq!(
            r.notes,
            vec!["09:05 nothing to snooze or skip: no break is due"]
        );
        r.update(Input::Key(Key::Help), at(start, 6));
        assert_eq!(r.overlay, Overlay::Help);
        r.update(Input::Key(Key::Skip), at(start, 6));
        assert_eq!(r.overlay, Overlay::None);
        assert_eq!(
            r.schedule.saved().day.skipped,
            0,
            "the key only closed help"
        );
        r.update(Input::Key(Key::Quit), at(start, 7));
        assert!(r.done);
    }

    #[test]
    fn pause_and_resume_from_the_command_line_and_a_start_elsewhere() {
        let (mut r, start) = reminder();
        r.update(Input::Tick, at(start, 0));
        assert_eq!(r.summary(), "next break at 10:00 (in 1 h)");
        r.update(Input::Resume, at(start, 1));
        assert_eq!(r.notes, vec!["09:01 not paused: nothing to resume"]);
        let effects = r.update(
            Input::Pause(PauseFor::For(Duration::from_secs(45 * 60))),
            at(start, 10),
        );
        assert_eq!(effects, vec![Effect::Save]);
        assert_eq!(r.summary(), "paused until 09:55 (45 min)");
        r.update(Input::Resume, at(start, 20));
        // Ten minutes sat before the pause: fifty left.
        assert_eq!(r.summary(), "next break at 10:10 (in 50 min)");
        // Started from a notification: the routine runs in another terminal, the break
        // stays due until history shows the routine done.
        r.elsewhere = true;
        r.update(Input::Tick, at(start, 70));
        let effects = r.update(Input::Key(Key::Start), at(start, 71));
        assert_eq!(effects, vec![Effect::StartRoutine("desk_break".into())]);
        assert_eq!(r.state().key(), "due");
    }

    #[test]
    fn a_skip_and_a_second_snooze_ask_why_and_the_answer_shapes_the_next_offer() {
        let (mut r, start) = reminder();
        r.gentle = Some(Offer {
            id: "easing_in".into(),
            name: "Easing back in".into(),
            length: "4 min".into(),
            seconds: 250,
        });
        r.update(Input::Tick, at(start, 0));
        r.update(Input::Tick, at(start, 60));
        // A first snooze does not ask; the second does.
        let effects = r.update(Input::Key(Key::Snooze), at(start, 60));
        assert!(!effects.contains(&Effect::AskReason));
        assert_eq!(r.overlay, Overlay::None);
        r.update(Input::Tick, at(start, 70));
        let effects = r.update(Input::Key(Key::Snooze), at(start, 70));
        assert!(effects.contains(&Effect::AskReason), "{effects:?}");
        assert_eq!(r.overlay, Overlay::Reason);
        // Any other key closes the question (and does what it does): no answer.
        r.update(Input::Key(Key::Help), at(start, 70));
        assert_eq!(r.overlay, Overlay::Help);
        r.update(Input::Key(Key::Cancel), at(start, 70));
        assert_eq!(r.schedule.saved().day.reasons.total(), 0);
        // A skip asks; "busy" is recorded and the next break offers the shortest.
        r.update(Input::Tick, at(start, 80));
        let effects = r.update(Input::Key(Key::Skip), at(start, 80));
        assert!(effects.contains(&Effect::AskReason));
        r.update(Input::Key(Key::Reason(Reason::Busy)), at(start, 80));
        assert_eq!(r.schedule.saved().day.reasons.busy, 1);
        assert_eq!(r.offer().map(|o| o.id.as_str()), Some("stiff_back"));
        // "in pain": the gentlest, and the word about lasting pain once.
        r.update(Input::Tick, at(start, 140));
        r.update(Input::Key(Key::Skip), at(start, 140));
        r.update(Input::Key(Key::Reason(Reason::InPain)), at(start, 140));
        assert_eq!(r.offer().map(|o| o.id.as_str()), Some("easing_in"));
        let effects = r.update(Input::Tick, at(start, 200));
        assert_eq!(
            effects.first(),
            Some(&Effect::Announce {
                routine: "Easing back in".into(),
                snoozes: 0
            })
        );
        assert!(
            r.notes.iter().any(|n| n.ends_with(PAIN_NOTE)),
            "{:?}",
            r.notes
        );
        r.update(Input::Key(Key::Skip), at(start, 200));
        r.update(Input::Reason(Reason::InPain), at(start, 200));
        r.update(Input::Tick, at(start, 260));
        assert_eq!(
            r.notes.iter().filter(|n| n.ends_with(PAIN_NOTE)).count(),
            1,
            "said once"
        );
        let reasons = r.schedule.saved().day.reasons;
        assert_eq!((reasons.busy, reasons.in_pain), (1, 2));
        assert_eq!(reasons.text(), "busy 1 · in pain 2");
        // A break taken: back to the list in turn.
        r.update(Input::Key(Key::Start), at(start, 261));
        r.update(Input::BreakOver { taken: true }, at(start, 266));
        assert_eq!(r.schedule.saved().reason, None);
    }

    #[test]
    fn spans_read_in_minutes() {
        assert_eq!(words(Duration::from_secs(59)), "0 min");
        assert_eq!(words(Duration::from_secs(12 * 60)), "12 min");
        assert_eq!(words(Duration::from_secs(65 * 60)), "1 h 05 min");
        assert_eq!(words(Duration::from_secs(50 * 3600)), "2 d 2 h");
        let t: Timestamp = "2026-11-30T09:00:00Z".parse().expect("time");
        let later = t.checked_add(Duration::from_secs(61)).expect("time");
        assert_eq!(until(t, later), "2 min");
    }
}
