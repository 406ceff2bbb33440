//! What plain mode writes and reads, as pure functions of the data: the line for each
//! moment of a session ([`moments`]), the lines for what a key changed ([`changes`]), the
//! summary ([`summary`]), and what a typed key or line means ([`from_key`],
//! [`from_line`]). No terminal, no clock: times arrive as session times.
//!
//! Every line starts with the session time (pauses left out) and holds no control
//! characters: names from a routine file are escaped (`\u{1b}`), so a log or a screen
//! reader gets text and nothing else.

use std::time::Duration;

use crate::app::{Msg, Summary};
use crate::cue::phrase::side_words;
use crate::routine::duration::{clock, short};
use crate::routine::{Exercise, Routine, TimeRange, Timing};
use crate::session::{Cue, Outcome, Phase};

/// Text from a routine file, safe to print: control characters become `\u{…}`.
pub fn text(s: &str) -> String {
    crate::routine::load::plain(s)
}

/// "1 step", "3 steps".
pub fn count(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// Under a line's time: the lines that go with it (a step's instructions, safety notes)
/// start here and have no time of their own.
pub const INDENT: &str = "      ";

/// A line at session time `at`: "00:15 Child's pose — done".
pub fn at(time: Duration, words: &str) -> String {
    format!("{} {words}", clock(time))
}

/// A step as a line names it: its name, with its spoken form where that says more
/// ("Ball drape (drape face down over the ball)"), or the spoken form alone when it
/// starts with the name ("Child's pose, from hands and knees").
pub fn title(step: &Exercise) -> String {
    let name = text(&step.name);
    match &step.say {
        Some(say) if say.to_lowercase().starts_with(&step.name.to_lowercase()) => text(say),
        Some(say) if !say.is_empty() => format!("{name} ({})", lowercase_first(&text(say))),
        _ => name,
    }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What a step asks for, after its name: "hold 10–15 s each side", "hold as long as you
/// can", "press Enter when done".
fn how(step: &Exercise) -> String {
    match step.timing {
        Timing::Hold(_) => format!("hold {}", text(&step.timing_label())),
        // The hold's own line, after the lead-in, says how it ends.
        Timing::OpenEnded => "hold as long as you can".to_string(),
        Timing::Untimed => "press Enter when done".to_string(),
    }
}

/// The lines for one batch of cues (one update's), each with its session time; cues
/// only heard (lead-in ticks, the 3-2-1, a rep's end) have none. A step's start gives its
/// safety notes where the full screen shows them: the exercise's at every start, the
/// routine's own at the first step when `routine_notes` (once a day: `routine::daily`).
pub fn moments(cues: &[(Cue, Duration)], routine: &Routine, routine_notes: bool) -> Vec<String> {
    let started: Vec<(usize, Duration)> = cues
        .iter()
        .filter_map(|&(cue, time)| match cue {
            Cue::StepStart { step } => Some((step, time)),
            _ => None,
        })
        .collect();
    let mut lines = Vec::new();
    for &(cue, time) in cues {
        // A plain countdown that begins with its step (no lead-in) was said by the
        // step's line; one with a side or reps, or open-ended, has more to say.
        if let Cue::HoldStart {
            step,
            side: None,
            rep: 1,
        } = cue
            && started.contains(&(step, time))
            && routine
                .steps
                .get(step)
                .is_some_and(|s| s.reps <= 1 && matches!(s.timing, Timing::Hold(_)))
        {
            continue;
        }
        let mut words = moment(&cue, routine, routine_notes).into_iter();
        if let Some(first) = words.next() {
            lines.push(at(time, &first));
            lines.extend(words);
        }
    }
    lines
}

/// The words for one cue: the first line's, then lines that go with it without a time
/// (a step's instructions, [`INDENT`]ed).
fn moment(cue: &Cue, routine: &Routine, routine_notes: bool) -> Vec<String> {
    let step = |i: usize| routine.steps.get(i);
    let one = |s: String| vec![s];
    match *cue {
        Cue::StepStart { step: i } => {
            let Some(s) = step(i) else { return Vec::new() };
            let mut lines = vec![format!(
                "Step {}/{}: {} — {}",
                i + 1,
                routine.steps.len(),
                title(s),
                how(s)
            )];
            if let Some(to) = routine.move_to(i) {
                lines.push(format!("{INDENT}→ {} ({})", to.go(), to.place()));
            }
            // The figure in words: the shape to get into.
            let first = (!s.sides.is_empty()).then_some(0);
            if let Some(pose) = crate::figure::keyframe(s, Phase::GetReady, first) {
                lines.push(format!("{INDENT}Shape: {}", text(&pose.alt)));
            }
            if !s.description.is_empty() {
                lines.push(format!("{INDENT}{}", text(&s.description)));
            }
            lines.extend(s.cues.iter().map(|c| format!("{INDENT}· {}", text(c))));
            // The safety notes, as the full screen shows them under the cues (`!` as
            // after "this hurts").
            let own = if i == 0 && routine_notes {
                routine.safety.as_slice()
            } else {
                &[]
            };
            lines.extend(
                s.safety
                    .iter()
                    .chain(own)
                    .map(|n| format!("{INDENT}! {}", text(n))),
            );
            lines
        }
        Cue::HoldStart { step: i, side, rep } => {
            let Some(s) = step(i) else { return Vec::new() };
            let mut words = match s.timing {
                Timing::Hold(range) => format!("Hold {range}"),
                Timing::OpenEnded => "Hold as long as you can; press Enter to stop".into(),
                Timing::Untimed => return Vec::new(),
            };
            if let Some(label) = side.and_then(|k| s.sides.get(k)) {
                words.push_str(&format!(" · {}", text(label)));
            }
            if s.reps > 1 {
                words.push_str(&format!(" · {rep} of {}", s.reps));
            }
            // The shape to keep, when it is not the one said at the step's start.
            let start =
                crate::figure::keyframe(s, Phase::GetReady, (!s.sides.is_empty()).then_some(0));
            let held = crate::figure::keyframe(s, Phase::Hold, side);
            match held {
                Some(pose)
                    if rep <= 1
                        && held.as_ref().map(|p| &p.alt) != start.as_ref().map(|p| &p.alt) =>
                {
                    vec![words, format!("{INDENT}Shape: {}", text(&pose.alt))]
                }
                _ => one(words),
            }
        }
        Cue::RangeMinReached { step: i, .. } => {
            let range = match step(i).map(|s| s.timing) {
                Some(Timing::Hold(range)) => range,
                _ => TimeRange::fixed(Duration::ZERO),
            };
            one(format!(
                "You may release ({} reached; up to {})",
                short(range.min),
                short(range.max)
            ))
        }
        Cue::Halfway { .. } => one("Halfway".into()),
        Cue::OneMinuteLeft { step: i } => one(format!("One minute left. {}", next(routine, i))),
        Cue::SwitchSides { step: i, side } => {
            let Some(s) = step(i) else { return Vec::new() };
            let Some(label) = s.sides.get(side) else {
                return Vec::new();
            };
            let word = if s.has_left_right() {
                "Switch"
            } else {
                "Change"
            };
            one(format!("{word}: {}", text(&side_words(label))))
        }
        Cue::RestStart { step: i } => step(i)
            .map(|s| one(format!("Rest {}", short(s.rest))))
            .unwrap_or_default(),
        Cue::StepEnd { step: i, outcome } => {
            let Some(s) = step(i) else { return Vec::new() };
            let name = text(&s.name);
            let words = match outcome {
                Outcome::Done { held } if s.timing == Timing::OpenEnded => {
                    format!("{name} — done, held {}", short(held))
                }
                Outcome::Done { .. } if s.is_long() => format!("Time's up: {name} — done"),
                Outcome::Done { .. } => format!("{name} — done"),
                Outcome::Skipped { held } if !held.is_zero() => format!("{name} — ended early"),
                Outcome::Skipped { .. } => format!("{name} — skipped"),
                Outcome::Painful { .. } => format!("{name} — stopped: it hurt"),
                Outcome::Stopped { held } => format!("{name} — stopped here · {}", short(held)),
                Outcome::Pending => return Vec::new(),
            };
            one(words)
        }
        Cue::LongStepAlarm { step: i, count: 1 } => {
            let go_on = if i + 1 < routine.steps.len() {
                "Press Enter to go on."
            } else {
                "Press Enter to finish."
            };
            one(format!("{go_on} {}", next(routine, i)))
        }
        Cue::SessionComplete => one("Session complete.".into()),
        Cue::LeadIn(_) | Cue::Countdown(_) | Cue::RepDone { .. } | Cue::LongStepAlarm { .. } => {
            Vec::new()
        }
    }
}

/// "Next: Cat-cow, on hands and knees." or "Last step."
fn next(routine: &Routine, step: usize) -> String {
    match routine.steps.get(step + 1) {
        Some(s) => format!("Next: {}.", title(s)),
        None => "Last step.".to_string(),
    }
}

/// What a key changed that no cue says, as the shell sees it before and after.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    pub paused: bool,
    /// "End the session?" is asked.
    pub asking: bool,
    /// The safety notes shown after `x`.
    pub hurt: Option<Vec<String>>,
    /// The sound's and voice's state ("voice on · vol 80%").
    pub sound: String,
    /// The current countdown's length (changed by `+` and `-`).
    pub length: Option<TimeRange>,
    /// The session is over (ended, or at its end): no longer on its screen.
    pub over: bool,
    /// A key held back because the step had just changed (its name: "n").
    pub held_back: Option<String>,
}

/// The lines (without their time) for what changed from `before` to `after`.
pub fn changes(before: &View, after: &View) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(notes) = after.hurt.as_ref().filter(|_| before.hurt.is_none()) {
        lines.push("Stopped because it hurt. Paused: press Enter to go on when ready.".into());
        lines.extend(notes.iter().map(|n| format!("{INDENT}! {}", text(n))));
    } else if after.paused != before.paused && !(after.asking || before.asking) {
        lines.push(if after.paused {
            "Paused. Space or p to go on.".to_string()
        } else {
            "Going on.".to_string()
        });
    }
    if after.asking && !before.asking {
        // The question pauses the session; its line says so.
        lines.push("End the session? (paused meanwhile) y: end it · n: go on".into());
    } else if before.asking && !after.asking {
        lines.push(if after.over {
            "Ending the session.".to_string()
        } else if after.paused {
            "Still paused. Space or p to go on.".to_string()
        } else {
            "Going on.".to_string()
        });
    }
    // Cleared by every key: set after one means that key was held back.
    if let Some(key) = &after.held_back {
        lines.push(format!(
            "{} held back: the step had just changed. Press it again to act on this step.",
            text(key)
        ));
    }
    if after.sound != before.sound {
        lines.push(format!("Sound: {}", after.sound));
    }
    if let (Some(a), Some(b)) = (before.length, after.length)
        && a != b
    {
        lines.push(format!("Now {b}"));
    }
    lines
}

/// The summary, as the summary screen says it.
pub fn summary(s: &Summary) -> Vec<String> {
    let how = if s.finished {
        "finished"
    } else {
        "ended early"
    };
    let streak = match s.streak {
        0 => String::new(),
        1 => " · first day of a streak".to_string(),
        n => format!(" · {n} days in a row"),
    };
    let stiffness = s
        .stiffness
        .text()
        .map(|t| format!("stiffness {t} · "))
        .unwrap_or_default();
    let mut lines = vec![
        format!("{} — {how}", text(&s.routine_name)),
        format!(
            "{stiffness}{} done · {} skipped{} · {} spent{streak}",
            s.done(),
            s.skipped(),
            s.hurt_words(),
            short(s.elapsed)
        ),
    ];
    // What the person must know about the record ("Not recorded yet: kept …"), and what
    // to mention to a professional.
    lines.extend(s.notes.iter().map(|n| text(n)));
    lines.extend(s.mentions.iter().map(|n| text(n)));
    for (i, (name, outcome)) in s.steps.iter().enumerate() {
        let (mark, words) = match outcome {
            Outcome::Done { held } => ("✓", format!("done · {}", short(*held))),
            Outcome::Skipped { held } if !held.is_zero() => {
                ("»", format!("ended early · {}", short(*held)))
            }
            Outcome::Skipped { .. } => ("»", "skipped".to_string()),
            Outcome::Painful { .. } => ("✗", "stopped: it hurt".to_string()),
            Outcome::Stopped { held } => ("■", format!("stopped here · {}", short(*held))),
            Outcome::Pending => ("·", "not reached".to_string()),
        };
        let mut line = format!("{mark} {:>2}. {} — {words}", i + 1, text(name));
        if let Some((_, before)) = s.personal.iter().find(|(at, _)| *at == i) {
            line.push_str(&match before {
                Some(best) if outcome.held() > *best => {
                    format!(" · new best (was {})", short(*best))
                }
                Some(best) => format!(" · best so far {}", short(*best)),
                None => " · first time: your best so far".to_string(),
            });
        }
        lines.push(line);
    }
    lines
}

/// What a person asked for by a key or a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// A message for the app.
    Msg(Msg),
    /// End the session now (a typed `q` line: deliberate, so no question).
    End,
    /// Say the keys.
    Help,
    /// Not a key plain mode knows.
    Unknown(String),
}

/// The keys, for the first line and for `?`.
pub const KEYS: &str = "Enter: done / go on · Space or p: pause · n: skip · b: back · \
                        r: restart step · + -: longer, shorter · x: this hurts · \
                        m: mute · v: voice · [ ]: volume · q: end · ?: keys";

/// The same, for lines typed on standard input.
pub const LINES: &str = "an empty line: done / go on · p (or a space): pause · n: skip · \
                         b: back · r: restart step · + -: longer, shorter · x: this hurts · \
                         m: mute · v: voice · [ ]: volume · q: end · ?: keys";

/// How plain mode names the key for `msg` (its own keys: `b` is back, `p` pause).
pub fn key_word(msg: Msg) -> &'static str {
    match msg {
        Msg::Enter => "Enter",
        Msg::TogglePause => "p",
        Msg::Skip => "n",
        Msg::Previous => "b",
        Msg::Restart => "r",
        Msg::Longer => "+",
        Msg::Shorter => "-",
        Msg::Hurts => "x",
        Msg::Mute => "m",
        Msg::Voice => "v",
        _ => "that key",
    }
}

/// A word (a typed line, or one key) as a command. `asking`: "End the session?" is on,
/// so `y` and `n` answer it.
fn word(w: &str, asking: bool) -> Command {
    let m = Command::Msg;
    match w.to_lowercase().as_str() {
        "" => m(Msg::Enter),
        "p" | "pause" | "resume" => m(Msg::TogglePause),
        "y" | "yes" if asking => m(Msg::Yes),
        "n" | "no" if asking => m(Msg::No),
        "n" | "next" | "skip" | "s" => m(Msg::Skip),
        "b" | "back" => m(Msg::Previous),
        "r" | "restart" => m(Msg::Restart),
        "+" | "=" | "longer" => m(Msg::Longer),
        "-" | "shorter" => m(Msg::Shorter),
        "x" | "hurts" => m(Msg::Hurts),
        "m" | "mute" => m(Msg::Mute),
        "v" | "voice" => m(Msg::Voice),
        "[" => m(Msg::VolumeDown),
        "]" => m(Msg::VolumeUp),
        "?" | "h" | "help" => Command::Help,
        other => Command::Unknown(text(other)),
    }
}

/// A line typed on standard input (without its newline): `""` is Enter, a line of
/// spaces pauses, `q` ends the session at once (a line is deliberate).
pub fn from_line(line: &str, asking: bool) -> Command {
    let line = line.trim_end_matches('\r');
    if !line.is_empty() && line.trim().is_empty() {
        return Command::Msg(Msg::TogglePause);
    }
    match line.trim().to_lowercase().as_str() {
        "q" | "quit" | "end" => Command::End,
        w => word(w, asking),
    }
}

/// One key pressed on the terminal: Enter, Space, a letter. `q` asks first, as in the
/// full-screen session (a key is easily hit); `None` for keys that mean nothing here.
pub fn from_key(key: char, asking: bool) -> Option<Command> {
    Some(match key {
        '\n' | '\r' => Command::Msg(Msg::Enter),
        ' ' => Command::Msg(Msg::TogglePause),
        'q' | 'Q' => Command::Msg(if asking { Msg::Yes } else { Msg::Quit }),
        '\x1b' => Command::Msg(Msg::Cancel),
        c if c.is_control() => return None,
        c => word(&c.to_string(), asking),
    })
}

#[cfg(test)]
mod tests;
