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
//! | a range hold's minimum, in the step's first hold | "You may release." |
//! | a rep ends (more to come) | the next one counted: "Two.", "Three.", "Last one." |
//! | halfway, one minute left (long holds) | "Halfway.", "One minute left." |
//! | a long hold ends | "Time's up." |
//! | the alarm after it (waits for Enter) | "Next: cat-cow. Press Enter to go on." |
//! | the session ends | "Session complete." |
//!
//! Lead-ins, the 3-2-1, a rep's start and rests are left to the chimes: said aloud every
//! few seconds they would drown the phrases that matter.
//!
//! Each moment also has shorter wordings ([`wordings`]: a switch said as "Right side."
//! or "Right.", a step's start without its timing, or by name alone), for a moment with
//! little room before its next cue; `cue::speech` chooses the one that fits.

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
    /// A rep counted in the rest before it ("Three.", "Last one."): said only where it
    /// fits before the rest's 3-2-1, never in their place (`cue::speech::fit`).
    Count,
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
    wordings(cues, routine).into_iter().next()
}

/// Every way of saying one batch of cues, longest first: the first is [`for_cues`]; the
/// others say less (what the screen and the chime already say left out), for a moment
/// with little room before the next cue (`cue::speech::fit` chooses). The `k`-th joins
/// each cue's `k`-th wording (or its shortest). Empty when no cue in it is spoken.
pub fn wordings(cues: &[Cue], routine: &Routine) -> Vec<Phrase> {
    let each: Vec<Vec<Phrase>> = cues
        .iter()
        .map(|cue| wordings_for_cue(cue, routine))
        .filter(|w| !w.is_empty())
        .collect();
    let count = each.iter().map(Vec::len).max().unwrap_or(0);
    let mut out: Vec<Phrase> = Vec::new();
    for k in 0..count {
        let mut parts = each.iter().map(|w| &w[k.min(w.len() - 1)]);
        let Some(first) = parts.next() else { break };
        let mut phrase = first.clone();
        for part in parts {
            phrase.text.push(' ');
            phrase.text.push_str(&part.text);
            phrase.urgency = phrase.urgency.max(part.urgency);
        }
        if !out.contains(&phrase) {
            out.push(phrase);
        }
    }
    out
}

/// The phrase for one cue, or `None` for a cue left to its chime.
pub fn for_cue(cue: &Cue, routine: &Routine) -> Option<Phrase> {
    wordings_for_cue(cue, routine).into_iter().next()
}

/// The ways of saying one cue, longest first (empty for a cue left to its chime).
fn wordings_for_cue(cue: &Cue, routine: &Routine) -> Vec<Phrase> {
    use Urgency::{Act, Count, End, Note};
    let step = |i: usize| routine.steps.get(i);
    let one = |text: String, urgency| vec![Phrase::new(text, urgency)];
    let many = |texts: Vec<String>, urgency| {
        texts
            .into_iter()
            .map(|t| Phrase::new(t, urgency))
            .collect::<Vec<_>>()
    };
    match *cue {
        Cue::StepStart { step: i } => match (start(routine, i), step(i)) {
            (Some(full), Some(ex)) => {
                let name = sentence(&speakable(ex.spoken_name()));
                let mut texts = vec![full];
                if let Some(to) = routine.move_to(i) {
                    let go = sentence(to.go());
                    let short = speakable(ex.spoken_name());
                    texts.push(format!("{go} {}", sentence(without_said(&short, &go))));
                }
                texts.push(name);
                many(texts, Act)
            }
            _ => Vec::new(),
        },
        // Said in the step's first hold; after that the chime and the screen say it.
        Cue::RangeMinReached { first: true, .. } => one("You may release.".into(), Note),
        Cue::Halfway { .. } => one("Halfway.".into(), Note),
        Cue::OneMinuteLeft { .. } => one("One minute left.".into(), Note),
        Cue::SwitchSides { step: i, side } => {
            let Some(ex) = step(i) else {
                return Vec::new();
            };
            let Some(label) = ex.sides.get(side) else {
                return Vec::new();
            };
            let word = if ex.has_left_right() {
                "Switch"
            } else {
                "Change"
            };
            let side = sentence(&side_words(label));
            let mut texts = vec![format!("{word}. {side}"), side];
            texts.push(sentence(&short_side(label)));
            many(texts, Act)
        }
        Cue::RepDone { step: i, rep } => match step(i) {
            // The rep about to start, counted: "Two.", …, "Last one.".
            Some(ex) if ex.reps > 1 && rep < ex.reps => {
                let next = rep + 1;
                let text = if next == ex.reps {
                    "Last one.".to_string()
                } else {
                    sentence(&number_words(u64::from(next)))
                };
                one(text, Count)
            }
            _ => Vec::new(),
        },
        Cue::StepEnd {
            step: i,
            outcome: Outcome::Done { .. },
        } if step(i).is_some_and(Exercise::is_long) => one("Time's up.".into(), End),
        Cue::LongStepAlarm { step: i, count: 1 } => {
            let text = match step(i + 1) {
                Some(next) => format!(
                    "Next: {}. Press Enter to go on.",
                    speakable(next.spoken_name())
                ),
                None => "Press Enter to finish.".to_string(),
            };
            one(text, End)
        }
        Cue::SessionComplete => one("Session complete.".into(), End),
        Cue::LeadIn(_)
        | Cue::HoldStart { .. }
        | Cue::RangeMinReached { first: false, .. }
        | Cue::Countdown(_)
        | Cue::RestStart { .. }
        | Cue::StepEnd { .. }
        | Cue::LongStepAlarm { .. } => Vec::new(),
    }
}

/// Step `i`'s safety notes as said after its start, with the routine's own at the first
/// step when `routine_notes` ("Keep the movement small. Stop any move that hurts."); `None`
/// when there are none.
pub fn safety_notes(routine: &Routine, i: usize, routine_notes: bool) -> Option<String> {
    let step = routine.steps.get(i)?;
    let own: &[String] = if i == 0 && routine_notes {
        &routine.safety
    } else {
        &[]
    };
    let notes: Vec<String> = step
        .safety
        .iter()
        .chain(own)
        .map(|n| sentence(&speakable(n)))
        .filter(|n| n.len() > 1)
        .collect();
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// A side label said as briefly as it can be: "Left" or "Right" for a label naming one
/// ("Lying on your right side"), the first of them with the word after it for a label
/// naming both ("Right foot" for "right foot on left thigh"), else what comes before a
/// colon or comma ("Cow" for "cow: arch down"), else the label.
pub fn short_side(label: &str) -> String {
    let label = speakable(label);
    let words: Vec<&str> = label
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let side = |w: &&str| w.eq_ignore_ascii_case("left") || w.eq_ignore_ascii_case("right");
    let sides: Vec<usize> = (0..words.len()).filter(|&i| side(&words[i])).collect();
    match sides.as_slice() {
        [] => capitalized(label.split([':', ',']).next().unwrap_or(&label).trim()),
        [only] => capitalized(&words[*only].to_lowercase()),
        [first, ..] => {
            let with = words
                .get(first + 1)
                .map_or(String::new(), |w| format!(" {w}"));
            capitalized(&format!("{}{with}", words[*first].to_lowercase()))
        }
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
    let mut out = words
        .join(" ")
        .replace(" ,", ",")
        .replace(" .", ".")
        .replace(",.", ".");
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
