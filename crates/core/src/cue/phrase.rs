//! What backease says aloud at each moment: a short phrase made from the routine's data
//! (the exercise's spoken name, its side labels, its timing), never its numbered cues read
//! out whole. Pure core: no clock, no speech engine; the `speech` shell speaks what this
//! module writes.
//!
//! The engine hands out cues in batches, one batch per moment (a step ending and the next
//! one starting come together). [`for_cues`] makes *one* phrase of a batch, so the person
//! hears "Time's up. Next: bath. Press Enter to go on." rather than three utterances, the
//! last of which would replace the others.
//!
//! | cue | phrase |
//! |---|---|
//! | a step starts | "Child's pose. Centre. Fifteen seconds." (name, first side, timing) |
//! | … somewhere else | "Lie down on your back. Glute bridge. …" (where to go first) |
//! | change sides | "Switch. Right side." ("Change. Cow: arch down." when not a side) |
//! | a range hold's minimum | "You may release." |
//! | halfway, one minute left (long holds) | "Halfway.", "One minute left." |
//! | a long hold ends | "Time's up." |
//! | the alarm after it (waits for Enter) | "Next: cat-cow. Press Enter to go on." |
//! | the session ends | "Session complete." |
//!
//! Lead-ins, the 3-2-1, reps and rests are left to the chimes: said aloud every few
//! seconds they would drown the phrases that matter.

use std::time::Duration;

use super::Sound;
use crate::routine::{Exercise, Routine, TimeRange, Timing};
use crate::session::{Cue, Outcome};

/// A phrase to speak, and how urgent it is (which decides whether it may cut one that is
/// still being spoken: see `speech`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub text: String,
    pub urgency: Urgency,
}

/// How much a phrase matters, least first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Urgency {
    /// A heads-up during a hold: halfway, one minute left, you may release.
    Note,
    /// Something to do now: a step begins, change sides.
    Act,
    /// An end: time's up, session complete.
    End,
}

impl Phrase {
    fn new(text: impl Into<String>, urgency: Urgency) -> Phrase {
        Phrase {
            text: text.into(),
            urgency,
        }
    }
}

/// The phrase for one batch of cues (what the engine handed out at one moment): the
/// phrases of its cues in order, joined, at the urgency of the most urgent. `None` when no
/// cue in it is spoken.
pub fn for_cues(cues: &[Cue], routine: &Routine) -> Option<Phrase> {
    let mut parts = cues.iter().filter_map(|cue| for_cue(cue, routine));
    let mut phrase = parts.next()?;
    for part in parts {
        phrase.text.push(' ');
        phrase.text.push_str(&part.text);
        phrase.urgency = phrase.urgency.max(part.urgency);
    }
    Some(phrase)
}

/// The phrase for one cue, or `None` for a cue left to its chime.
pub fn for_cue(cue: &Cue, routine: &Routine) -> Option<Phrase> {
    use Urgency::{Act, End, Note};
    let step = |i: usize| routine.steps.get(i);
    match *cue {
        Cue::StepStart { step: i } => Some(Phrase::new(start(routine, i)?, Act)),
        Cue::RangeMinReached { .. } => Some(Phrase::new("You may release.", Note)),
        Cue::Halfway { .. } => Some(Phrase::new("Halfway.", Note)),
        Cue::OneMinuteLeft { .. } => Some(Phrase::new("One minute left.", Note)),
        Cue::SwitchSides { step: i, side } => {
            let ex = step(i)?;
            let label = ex.sides.get(side)?;
            let word = if ex.has_left_right() {
                "Switch"
            } else {
                "Change"
            };
            Some(Phrase::new(format!("{word}. {}.", side_words(label)), Act))
        }
        Cue::StepEnd {
            step: i,
            outcome: Outcome::Done { .. },
        } if step(i)?.is_long() => Some(Phrase::new("Time's up.", End)),
        Cue::LongStepAlarm { step: i, count: 1 } => {
            let text = match step(i + 1) {
                Some(next) => format!(
                    "Next: {}. Press Enter to go on.",
                    speakable(next.spoken_name())
                ),
                None => "Press Enter to finish.".to_string(),
            };
            Some(Phrase::new(text, End))
        }
        Cue::SessionComplete => Some(Phrase::new("Session complete.", End)),
        Cue::LeadIn(_)
        | Cue::HoldStart { .. }
        | Cue::Countdown(_)
        | Cue::RepDone { .. }
        | Cue::RestStart { .. }
        | Cue::StepEnd { .. }
        | Cue::LongStepAlarm { .. } => None,
    }
}

/// How long speech waits so that it starts after the chimes of its moment: the longest of
/// the sounds played with it (none when sound is off or muted: speak at once).
pub fn after_chimes(sounds: impl IntoIterator<Item = Sound>) -> Duration {
    sounds
        .into_iter()
        .map(Sound::length)
        .max()
        .unwrap_or(Duration::ZERO)
}

/// Step `i` said at its start: where to go first when it is somewhere else than the step
/// before ("Lie down on your back."), then its [`intro`].
pub fn start(routine: &Routine, i: usize) -> Option<String> {
    let step = routine.steps.get(i)?;
    Some(match routine.move_to(i) {
        Some(to) => {
            let go = sentence(to.go());
            let spoken = speakable(step.spoken_name());
            let name = without_said(&spoken, &go);
            format!("{go} {}", intro_named(step, name))
        }
        None => intro(step),
    })
}

/// `name` without a last part (after a comma) that only says again where `go` has just
/// sent the person: "Cat-cow, on hands and knees" after "Come onto your hands and
/// knees." is "Cat-cow". Said twice, it was 1.5 s of speech that told nothing new.
fn without_said<'a>(name: &'a str, go: &str) -> &'a str {
    const LINKS: [&str; 7] = ["on", "onto", "from", "in", "at", "your", "the"];
    let Some((head, tail)) = name.rsplit_once(',') else {
        return name;
    };
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let said = words(go);
    let place: Vec<String> = words(tail)
        .into_iter()
        .filter(|w| !LINKS.contains(&w.as_str()))
        .collect();
    if !place.is_empty() && !head.trim().is_empty() && place.iter().all(|w| said.contains(w)) {
        head.trim_end()
    } else {
        name
    }
}

/// A step said at its start: its spoken name, the side it starts on, its timing.
/// "Child's pose. Centre. Fifteen seconds." / "Glute bridge. Fifteen seconds, five times."
pub fn intro(step: &Exercise) -> String {
    intro_named(step, &speakable(step.spoken_name()))
}

/// [`intro`] with the name said as `name`.
fn intro_named(step: &Exercise, name: &str) -> String {
    let mut text = sentence(name);
    if let Some(first) = step.sides.first() {
        text.push(' ');
        text.push_str(&sentence(&side_words(first)));
    }
    let timing = match step.timing {
        Timing::Hold(span) => {
            let mut t = span_words(span);
            if step.reps > 1 {
                t.push_str(&format!(", {} times", number_words(u64::from(step.reps))));
            }
            if step.rounds > 1 {
                t.push_str(&format!(
                    ", {} rounds",
                    number_words(u64::from(step.rounds))
                ));
            }
            t
        }
        Timing::OpenEnded => "As long as you can; press Enter to stop".to_string(),
        Timing::Untimed => "Press Enter when done".to_string(),
    };
    text.push(' ');
    text.push_str(&sentence(&timing));
    text
}

/// A side label as said at a switch: "left" and "right" become "Left side" and "Right
/// side"; others are said as written ("Hands right", "Cat, round up").
pub fn side_words(label: &str) -> String {
    let label = speakable(label);
    match label.to_lowercase().as_str() {
        "left" | "right" => capitalized(&format!("{label} side")),
        _ => capitalized(&label),
    }
}

/// Text made fit for a speech engine: brackets become a pause ("cat (round up)" says "cat,
/// round up"), control characters and runs of spaces go, and it never starts with `-`
/// (which a command would take for an option).
pub fn speakable(text: &str) -> String {
    let mut spaced = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '(' | '[' => spaced.push_str(" , "),
            ')' | ']' => spaced.push(' '),
            c if c.is_control() => spaced.push(' '),
            c => spaced.push(c),
        }
    }
    let text = spaced;
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = words.join(" ").replace(" ,", ",");
    while out.ends_with([',', ' ']) {
        out.pop();
    }
    out.trim_start_matches(['-', ' ', ',']).to_string()
}

/// A sentence: capitalized, ending in a full stop (unless it already ends in one).
fn sentence(text: &str) -> String {
    let mut s = capitalized(text.trim());
    if !s.ends_with(['.', '!', '?']) {
        s.push('.');
    }
    s
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A hold's length in words: "fifteen seconds", "ten to fifteen seconds", "two minutes",
/// "thirty seconds to two minutes".
pub fn span_words(span: TimeRange) -> String {
    if !span.is_range() {
        return duration_words(span.max);
    }
    let (min, max) = (secs(span.min), secs(span.max));
    if min % 60 == 0 && max % 60 == 0 && min < 3600 && max < 3600 {
        let (a, b) = (min / 60, max / 60);
        format!("{} to {} minutes", number_words(a), number_words(b))
    } else if max <= 120 {
        format!("{} to {} seconds", number_words(min), number_words(max))
    } else {
        format!(
            "{} to {}",
            duration_words(span.min),
            duration_words(span.max)
        )
    }
}

/// A duration in words, to the nearest second: "one second", "ninety seconds" is said
/// "one minute thirty seconds", "two hours".
pub fn duration_words(d: Duration) -> String {
    let total = secs(d);
    if total < 60 {
        return count(total, "second");
    }
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    let parts: Vec<String> = [(h, "hour"), (m, "minute"), (s, "second")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| count(n, unit))
        .collect();
    parts.join(" ")
}

fn secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_millis() >= 500)
}

fn count(n: u64, unit: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {unit}{s}", number_words(n))
}

/// A whole number in English words ("forty-five"); digits from a million up.
pub fn number_words(n: u64) -> String {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    match n {
        0..20 => ONES[n as usize].to_string(),
        20..100 => match n % 10 {
            0 => TENS[(n / 10) as usize].to_string(),
            ones => format!("{}-{}", TENS[(n / 10) as usize], ONES[ones as usize]),
        },
        100..1000 => match n % 100 {
            0 => format!("{} hundred", ONES[(n / 100) as usize]),
            rest => format!(
                "{} hundred and {}",
                ONES[(n / 100) as usize],
                number_words(rest)
            ),
        },
        1000..1_000_000 => match n % 1000 {
            0 => format!("{} thousand", number_words(n / 1000)),
            rest if rest < 100 => {
                format!(
                    "{} thousand and {}",
                    number_words(n / 1000),
                    number_words(rest)
                )
            }
            rest => format!("{} thousand {}", number_words(n / 1000), number_words(rest)),
        },
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests;
