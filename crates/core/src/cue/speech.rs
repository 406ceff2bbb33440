//! How long a phrase takes to say, and where on a session's timeline it fits. Pure core:
//! no speech engine, no clock; must not import the `speech` shell (which measures
//! espeak-ng's real lengths, `src/speech/measure.rs`, to check these estimates).
//!
//! - [`Pace`]: a speech engine's speed as a few numbers, and [`Pace::length`], the
//!   estimate of how long a text takes. espeak-ng's figures were fitted to every phrase of
//!   the shipped routines rendered at its default rate (the app's: no `-s`), then raised
//!   by the largest shortfall, so the estimate is never shorter than espeak-ng's own
//!   audible length (`tests/it/speech_timeline.rs` checks it against the real engine).
//!   Other engines are espeak-ng's figures scaled (docs/sound.md says by how much and why).
//! - [`Ahead`]: what comes next on the timeline from a moment: the next cue that matters
//!   (a hold's bell, a switch, a rep's or a step's end) and the 3-2-1 knocks before it.
//! - [`fit`]: of a phrase's wordings, longest first, the longest that ends before the
//!   knocks, else the longest that ends before the cue that matters (the knocks then give
//!   way; a rep's count is left out instead), else none.
//! - [`lead_in_to_say`]: the get-ready step `i` needs for its spoken start to end before
//!   its 3-2-1, when the person listens to the voice ([`Listening`]: at what pace, and
//!   whether the safety notes are said too).

use std::time::{Duration, Instant};

use super::Sound;
use super::phrase::{self, Phrase, Urgency};
use crate::routine::Routine;
use crate::session::{Cue, Outcome};

/// An engine's speed: how long a text takes is `base + per_char × characters (a digit
/// counts 4, a degree sign 9, a dash 3: they are said as words) +
/// per_stop × stops inside it (full stops, colons, semicolons, question and exclamation
/// marks; the last one ends the speech, it adds no pause) + per_comma × commas`, scaled
/// by `percent / 100`. All in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pace {
    pub base_ms: u32,
    pub per_char_ms: u32,
    pub per_stop_ms: u32,
    pub per_comma_ms: u32,
    /// How much slower than espeak-ng this engine is taken to be (100: the same).
    pub percent: u32,
}

impl Pace {
    /// espeak-ng at its default rate (175 words a minute), which the app uses. Fitted to
    /// the audible length (trailing silence left out) of 96 distinct phrases and shorter
    /// wordings of the shipped routines, rendered by espeak-ng 1.51: 49 ms a character,
    /// 395 ms a stop inside, 281 ms a comma, 49 ms; residuals within ±0.45 s. Then taken
    /// 10 % longer plus 125 ms, the least that puts every one of them at or under the
    /// estimate, and rounded up (with 20 ms more for another espeak-ng's differences).
    pub const ESPEAK_NG: Pace = Pace {
        base_ms: 200,
        per_char_ms: 54,
        per_stop_ms: 435,
        per_comma_ms: 310,
        percent: 100,
    };
    /// speech-dispatcher: its espeak-ng module at rate 0 is espeak-ng's 175 words a
    /// minute; the person may have set another voice or rate, so 25 % is allowed for.
    pub const SPEECH_DISPATCHER: Pace = Pace {
        percent: 125,
        ..Pace::ESPEAK_NG
    };
    /// macOS `say` (about 175–200 words a minute by default): as espeak-ng, 10 % allowed.
    pub const SAY: Pace = Pace {
        percent: 110,
        ..Pace::ESPEAK_NG
    };
    /// The person's own command: nothing is known of it, so half as slow again.
    pub const COMMAND: Pace = Pace {
        percent: 150,
        ..Pace::ESPEAK_NG
    };

    /// The pace for an engine by the name the speaker reports (`VoiceStatus::On`).
    pub fn for_engine(name: &str) -> Pace {
        match name {
            "espeak-ng" | "espeak" => Pace::ESPEAK_NG,
            "spd-say" => Pace::SPEECH_DISPATCHER,
            "say" => Pace::SAY,
            _ => Pace::COMMAND,
        }
    }

    /// How long `text` takes to say, at most (see [`Pace::ESPEAK_NG`]).
    pub fn length(&self, text: &str) -> Duration {
        // Digits and signs are said as words: "38" as "thirty-eight", "°C" as "degrees
        // Celsius". Counted as the characters of those words, about.
        let chars: u64 = text
            .chars()
            .map(|c| match c {
                '0'..='9' => 4,
                '°' => 9,
                '–' | '—' | '%' | '&' | '+' => 3,
                _ => 1,
            })
            .sum();
        let inside = text.trim_end().trim_end_matches(['.', ':', ';', '?', '!']);
        let stops = inside.chars().filter(|c| ".:;?!".contains(*c)).count() as u64;
        let commas = text.chars().filter(|&c| c == ',').count() as u64;
        let ms = u64::from(self.base_ms)
            + u64::from(self.per_char_ms) * chars
            + u64::from(self.per_stop_ms) * stops
            + u64::from(self.per_comma_ms) * commas;
        Duration::from_millis(ms * u64::from(self.percent) / 100)
    }
}

/// What comes after a moment on the timeline (from the session's current segment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ahead {
    /// The next cue that matters: the end of the segment (a hold's bell after a
    /// get-ready, rest or switch; a switch, a rep's end or a step's end after a hold).
    /// `None` when the person ends the segment (untimed, open-ended, the alarm).
    pub bell: Option<Instant>,
    /// The first of the 3-2-1 knocks before it, if any are still to come.
    pub knocks: Option<Instant>,
}

/// Of `wordings` (one moment's phrase, longest first), the one to say starting at
/// `from`: the longest that ends before the knocks; else the longest that ends before
/// the bell (the knocks give way to it), unless it is only a rep's count
/// ([`Urgency::Count`]); else none (a phrase never runs into the cue that matters). With
/// nothing ahead, the first.
pub fn fit(wordings: Vec<Phrase>, from: Instant, ahead: Ahead, pace: Pace) -> Option<Phrase> {
    let ends_by = |limit: Option<Instant>, p: &Phrase| {
        limit.is_none_or(|limit| from + pace.length(&p.text) <= limit)
    };
    if let Some(p) = wordings.iter().find(|p| ends_by(ahead.knocks, p)) {
        return Some(p.clone());
    }
    // A rep's count never silences the 3-2-1.
    wordings
        .into_iter()
        .filter(|p| p.urgency > Urgency::Count)
        .find(|p| ends_by(ahead.bell, p))
}

/// How the person listens: the engine's pace, and whether a step's start also says its
/// safety notes (plain mode: its lines scroll away, the voice keeps them), with the
/// routine's own at the first step (when they are due today: `routine::daily`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Listening {
    pub pace: Pace,
    pub safety: bool,
    pub routine_safety: bool,
}

impl Listening {
    /// Listening at `pace`, without the safety notes.
    pub fn at(pace: Pace) -> Listening {
        Listening {
            pace,
            safety: false,
            routine_safety: false,
        }
    }

    /// What is said at step `i`'s start after its intro: its safety notes (and at the
    /// first step the routine's), when they are said at all.
    pub fn notes(&self, routine: &Routine, i: usize) -> Option<String> {
        if !self.safety {
            return None;
        }
        phrase::safety_notes(routine, i, self.routine_safety)
    }
}

/// Room left after a phrase before the 3-2-1 starts: a breath between the two.
pub const BREATH: Duration = Duration::from_millis(300);

/// The get-ready step `i` needs so that what is said at its start (with the end of the
/// step before, in one phrase) ends [`BREATH`] before its 3-2-1: the chime it waits for,
/// the phrase (with the safety notes when they are said) at the listener's pace, the
/// breath and three seconds of knocks. Zero for a step that has no get-ready (untimed),
/// and when nothing is said.
pub fn lead_in_to_say(routine: &Routine, i: usize, listening: Listening) -> Duration {
    let Some(step) = routine.steps.get(i) else {
        return Duration::ZERO;
    };
    if step.timing == crate::routine::Timing::Untimed {
        return Duration::ZERO;
    }
    let mut cues = Vec::new();
    if let Some(before) = i.checked_sub(1) {
        cues.push(Cue::StepEnd {
            step: before,
            outcome: Outcome::Done {
                held: Duration::ZERO,
            },
        });
    }
    cues.push(Cue::StepStart { step: i });
    let Some(mut said) = phrase::for_cues(&cues, routine) else {
        return Duration::ZERO;
    };
    if let Some(notes) = listening.notes(routine, i) {
        said.text = format!("{} {notes}", said.text);
    }
    let chime = if i > 0 {
        Sound::StepEnd.length()
    } else {
        Duration::ZERO
    };
    chime + listening.pace.length(&said.text) + BREATH + Duration::from_secs(3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(text: &str) -> Phrase {
        Phrase {
            text: text.into(),
            urgency: Urgency::Act,
        }
    }

    #[test]
    fn a_longer_text_takes_longer_and_stops_and_commas_add_pauses() {
        let p = Pace::ESPEAK_NG;
        let ms = |t: &str| p.length(t).as_millis();
        // A stop inside is a pause; the last one ends the speech.
        assert_eq!(ms("You may release. Halfway."), 200 + 25 * 54 + 435);
        assert_eq!(ms("You may release."), 200 + 16 * 54);
        assert!(
            ms("Cow.") < ms("Cow: arch down.")
                && ms("Cow: arch down.") < ms("Change. Cow: arch down.")
        );
        assert!(ms("a, b") > ms("a b "), "a comma is a pause");
        // "Forty degrees" is longer to say than "40 °" is to write.
        assert_eq!(ms("40 °"), ms("ab cdefghi jklmnop"));
        // Slower engines are slower by their percentage.
        let spd = Pace::SPEECH_DISPATCHER
            .length("You may release.")
            .as_millis();
        assert_eq!(spd, ms("You may release.") * 125 / 100);
        assert_eq!(Pace::for_engine("espeak-ng"), Pace::ESPEAK_NG);
        assert_eq!(Pace::for_engine("spd-say"), Pace::SPEECH_DISPATCHER);
        assert_eq!(Pace::for_engine("my-tts"), Pace::COMMAND);
    }

    #[test]
    fn the_longest_wording_that_ends_before_the_knocks_else_before_the_bell_else_none() {
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let pace = Pace::ESPEAK_NG;
        let wordings = || {
            vec![
                said("Change. Cow: arch down."), // 2312 ms
                said("Cow: arch down."),         // 1445 ms
                said("Cow."),                    // 416 ms
            ]
        };
        let fits = |knocks: u64, bell: u64| {
            let ahead = Ahead {
                bell: Some(at(bell)),
                knocks: Some(at(knocks)),
            };
            fit(wordings(), t0, ahead, pace).map(|p| p.text)
        };
        assert_eq!(fits(3000, 6000).as_deref(), Some("Change. Cow: arch down."));
        assert_eq!(fits(2000, 6000).as_deref(), Some("Cow: arch down."));
        // No wording ends before the knocks: the longest before the bell, knocks give way.
        assert_eq!(fits(0, 1500).as_deref(), Some("Cow: arch down."));
        assert_eq!(fits(0, 1000).as_deref(), Some("Cow."));
        assert_eq!(fits(0, 400), None, "nothing runs into the bell");
        // A rep's count that does not end before the knocks is not said; a note is, and
        // the knocks give way to it.
        let note = |text: &str| Phrase {
            text: text.into(),
            urgency: Urgency::Count,
        };
        let release = Phrase {
            text: "You may release.".into(),
            urgency: Urgency::Note,
        };
        let short = Ahead {
            bell: Some(at(3000)),
            knocks: Some(at(400)),
        };
        assert_eq!(fit(vec![release.clone()], t0, short, pace), Some(release));
        let ahead = Ahead {
            bell: Some(at(3000)),
            knocks: Some(at(400)),
        };
        assert_eq!(fit(vec![note("Three.")], t0, ahead, pace), None);
        let later = Ahead {
            knocks: Some(at(1000)),
            ..ahead
        };
        assert_eq!(
            fit(vec![note("Three.")], t0, later, pace),
            Some(note("Three."))
        );
        // Nothing ahead (the person ends the segment): the whole phrase.
        let open = fit(wordings(), t0, Ahead::default(), pace).map(|p| p.text);
        assert_eq!(open.as_deref(), Some("Change. Cow: arch down."));
    }
}
