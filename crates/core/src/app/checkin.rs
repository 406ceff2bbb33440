//! The check-in: one optional question, "How does your back feel? 0 (fine) to 9 (very
//! stiff or sore)", before the first step of a fresh session (a screen of its own, which
//! goes on by itself after [`App::checkin_wait`], so a session never waits on a person
//! already on the floor) and on the summary (answered there with a digit, or not). A
//! digit answers, Enter skips, Esc goes back to the menu. Off with the `checkin: false`
//! preference ([`App::checkin`]). Pure: `now` is passed in.
//!
//! What the summary notes for a professional is here too ([`mentions`]): the back
//! stiffer after the routine than before, and an exercise marked "this hurts" in this
//! session and in an earlier one. Nothing beyond that: no advice.

use std::time::{Duration, Instant};

use super::{App, Effect, Menu, Msg, Screen};
use crate::history::{STIFFNESS_MAX, Stiffness};

/// How long the question before the first step waits for an answer, in real time (see
/// [`App::checkin_wait`]).
pub const CHECKIN_WAIT: Duration = Duration::from_secs(8);

/// The question, everywhere it is asked.
pub const QUESTION: &str = "How does your back feel? 0 (fine) to 9 (very stiff or sore)";

/// The question on the summary.
pub const QUESTION_AFTER: &str = "How does your back feel now? 0 (fine) to 9 (very stiff or sore)";

/// Who to mention a note to.
pub const PROFESSIONAL: &str = "worth mentioning to a doctor or physiotherapist";

/// The question before the first step of a routine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    /// The routine, as an index into `library.routines`.
    pub routine: usize,
    pub name: String,
    /// Steps to skip when they come up (what hurt last time, if the person said so).
    pub skip: Vec<usize>,
    /// When the question goes away by itself and the session starts.
    pub until: Instant,
    /// Whole seconds of real time left as of the last update (what the screen shows).
    pub left: u64,
    /// A break started from desk mode: Esc goes back to it (not to the menu).
    pub desk: bool,
}

impl CheckIn {
    /// Whole seconds until the session starts by itself (rounded up).
    pub fn seconds_left(&self, now: Instant, speed: f64) -> u64 {
        let left = self.until.saturating_duration_since(now);
        let real = left.div_f64(speed.max(f64::MIN_POSITIVE));
        real.as_nanos().div_ceil(1_000_000_000) as u64
    }
}

/// A digit key as an answer (`None` for anything else).
pub fn answer(c: char) -> Option<u8> {
    c.to_digit(10)
        .and_then(|d| u8::try_from(d).ok())
        .filter(|d| *d <= STIFFNESS_MAX)
}

/// What the summary notes for a professional: a rise after the routine, and each
/// exercise that hurt in this session and in an earlier one (by name).
pub fn mentions(stiffness: &Stiffness, hurt_again: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if let (true, Some(text)) = (stiffness.rose(), stiffness.text()) {
        out.push(format!(
            "Your back felt stiffer after than before ({text}): {PROFESSIONAL}."
        ));
    }
    for name in hurt_again {
        out.push(format!("{name} hurt in two sessions: {PROFESSIONAL}."));
    }
    out
}

impl App {
    /// Asks the check-in question before routine `index` starts (see the module doc).
    pub(super) fn ask_before(&mut self, index: usize, skip: Vec<usize>, now: Instant) {
        let name = self
            .library
            .routines
            .get(index)
            .map(|r| r.name.clone())
            .unwrap_or_default();
        self.screen = Screen::CheckIn(CheckIn {
            routine: index,
            name,
            skip,
            until: now + self.checkin_wait,
            left: CHECKIN_WAIT.as_secs(),
            desk: self.desk_break,
        });
        self.help = false;
    }

    pub(super) fn update_checkin(&mut self, msg: Msg, now: Instant) -> Vec<Effect> {
        let speed = self.speed;
        let Screen::CheckIn(ask) = &mut self.screen else {
            return Vec::new();
        };
        ask.left = ask.seconds_left(now, speed);
        let (index, skip) = (ask.routine, ask.skip.clone());
        let before = match msg {
            Msg::Char(c) => match answer(c) {
                Some(v) => Some(v),
                None => return Vec::new(),
            },
            Msg::Enter | Msg::TogglePause => None,
            Msg::Tick if now >= ask.until => None,
            Msg::Cancel | Msg::Quit if ask.desk => {
                self.done = true;
                return vec![Effect::Quit];
            }
            Msg::Cancel => {
                let mut menu = Menu::new(None);
                menu.selected = index;
                self.screen = Screen::Menu(menu);
                return Vec::new();
            }
            Msg::Quit => {
                self.done = true;
                return vec![Effect::Quit];
            }
            Msg::Mute | Msg::Voice | Msg::VolumeUp | Msg::VolumeDown => return self.audio_msg(msg),
            _ => return Vec::new(),
        };
        self.run_session(index, 0, &[], skip, before, now)
    }

    /// A digit on the summary: the answer after the routine, once.
    pub(super) fn answer_after(&mut self, c: char) -> Vec<Effect> {
        let Screen::Summary(summary) = &mut self.screen else {
            return Vec::new();
        };
        match answer(c) {
            Some(v) if summary.asking => {
                summary.asking = false;
                summary.stiffness.after = Some(v);
                summary.mentions = mentions(&summary.stiffness, &summary.hurt_again);
                vec![Effect::StiffnessAfter(v)]
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_digits_answer() {
        assert_eq!(answer('0'), Some(0));
        assert_eq!(answer('9'), Some(9));
        assert_eq!(answer('a'), None);
        assert_eq!(answer(' '), None);
        assert_eq!(answer('٣'), None);
    }

    #[test]
    fn a_rise_and_a_second_hurt_are_noted_and_nothing_else() {
        let s = |b, a| Stiffness {
            before: b,
            after: a,
        };
        assert!(mentions(&s(Some(6), Some(3)), &[]).is_empty());
        assert!(mentions(&s(Some(3), Some(3)), &[]).is_empty());
        assert!(mentions(&s(None, Some(9)), &[]).is_empty());
        let rise = mentions(&s(Some(3), Some(5)), &[]);
        assert_eq!(rise.len(), 1);
        assert!(
            rise[0].contains("3 → 5") && rise[0].contains(PROFESSIONAL),
            "{rise:?}"
        );
        let hurt = mentions(&s(None, None), &["Cat-cow".to_string()]);
        assert_eq!(
            hurt,
            [format!("Cat-cow hurt in two sessions: {PROFESSIONAL}.")]
        );
    }
}
