//! The second pass: judge every value of a parsed file (ids, text, durations, counts,
//! step references) and resolve it into the model, reporting every problem found with
//! the position of the value at fault. No I/O.

use std::collections::HashMap;
use std::time::Duration;

mod poses;
mod words;

use super::raw::{Count, RawExercise, RawFile, RawRoutine, RawStep};
use super::{Problems, nearest, quote};
use crate::routine::duration::{self, DurationError, MAX_DURATION};
use crate::routine::{DEFAULT_REST, DEFAULT_SWITCH, End, Exercise, Library, Routine, Timing};
use crate::text::{as_written, is_bidi, is_invisible, is_unsafe, looks_empty};
use words::position;

const MAX_ID: usize = 64;
const MAX_NAME: usize = 80;
const MAX_TEXT: usize = 1000;
const MAX_LABEL: usize = 80;
const MAX_LIST: usize = 50;
const MAX_SIDES: usize = 8;
const MAX_STEPS: usize = 200;
const MAX_REPS: i128 = 100;
const MAX_ROUNDS: i128 = 20;

/// Validates and resolves the file. Problems go to `report`; the library returned is
/// only meaningful when there are none.
pub(super) fn library(raw: &RawFile, base: &Library, report: &mut Problems) -> Library {
    let poses = poses::all(&raw.poses, &base.poses, report);
    let mut exercises: Vec<Exercise> = Vec::new();
    // Every id the file defines, valid or not, so a step naming a broken exercise is
    // not also told the exercise does not exist.
    let mut defined: HashMap<&str, Option<usize>> = HashMap::new();
    let mut first_at: HashMap<&str, usize> = HashMap::new();
    for (i, ex) in raw.exercises.iter().enumerate() {
        let path = format!("exercises[{i}]");
        let before = report.problems.len() + report.not_shown;
        if let Some(&first) = first_at.get(ex.id.as_str()) {
            let pos = report.position_of(&format!("exercises[{first}].id"));
            report.at(
                &format!("{path}.id"),
                format!(
                    "exercise id {} is used twice; the first is at line {}, column {}",
                    quote(&ex.id),
                    pos.line,
                    pos.column
                ),
            );
            continue;
        }
        first_at.insert(&ex.id, i);
        let resolved = exercise(ex, &path, &poses, report);
        let clean = report.problems.len() + report.not_shown == before;
        match resolved {
            Some(e) if clean => {
                defined.insert(&ex.id, Some(exercises.len()));
                exercises.push(e);
            }
            _ => {
                defined.insert(&ex.id, None);
            }
        }
    }

    let known = Known {
        raw,
        defined,
        exercises,
        base,
        base_at: base
            .exercises
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect(),
    };
    let mut routines = Vec::new();
    let mut routine_at: HashMap<&str, usize> = HashMap::new();
    for (i, r) in raw.routines.iter().enumerate() {
        let path = format!("routines[{i}]");
        if let Some(&first) = routine_at.get(r.id.as_str()) {
            let pos = report.position_of(&format!("routines[{first}].id"));
            report.at(
                &format!("{path}.id"),
                format!(
                    "routine id {} is used twice; the first is at line {}, column {}",
                    quote(&r.id),
                    pos.line,
                    pos.column
                ),
            );
            continue;
        }
        routine_at.insert(&r.id, i);
        if let Some(routine) = routine(r, &path, &known, report) {
            routines.push(routine);
        }
    }
    Library {
        exercises: known.exercises,
        routines,
        poses: poses.fresh,
    }
}

/// The exercises a step may name: the file's own, then the base library's.
struct Known<'a> {
    raw: &'a RawFile,
    /// Every id the file defines; `None` for one that is itself broken (already reported).
    defined: HashMap<&'a str, Option<usize>>,
    exercises: Vec<Exercise>,
    base: &'a Library,
    base_at: HashMap<&'a str, usize>,
}

impl Known<'_> {
    /// `Some(None)`: the exercise exists but is broken, so the step cannot be resolved
    /// (and is not reported as missing).
    fn lookup(&self, id: &str) -> Option<Option<&Exercise>> {
        match self.defined.get(id) {
            Some(Some(k)) => Some(self.exercises.get(*k)),
            Some(None) => Some(None),
            None => self.base_at.get(id).map(|&i| self.base.exercises.get(i)),
        }
    }

    fn ids(&self) -> impl Iterator<Item = &str> {
        self.raw
            .exercises
            .iter()
            .map(|e| e.id.as_str())
            .chain(self.base.exercises.iter().map(|e| e.id.as_str()))
    }
}

fn exercise(
    ex: &RawExercise,
    path: &str,
    poses: &poses::Poses,
    report: &mut Problems,
) -> Option<Exercise> {
    id(report, path, "exercise", &ex.id);
    let name = || (format!("{path}.name"), "name".to_string());
    text(report, name, &ex.name, MAX_NAME, true);
    if let Some(say) = &ex.say {
        let place = || (format!("{path}.say"), "spoken name (say)".to_string());
        text(report, place, say, MAX_NAME, true);
    }
    text(
        report,
        || (format!("{path}.description"), "description".to_string()),
        &ex.description,
        MAX_TEXT,
        false,
    );
    list(report, path, "cues", "cue", &ex.cues, MAX_LIST, MAX_TEXT);
    list(
        report, path, "sides", "side", &ex.sides, MAX_SIDES, MAX_LABEL,
    );
    list(
        report,
        path,
        "equipment",
        "equipment item",
        &ex.equipment,
        MAX_LIST,
        MAX_LABEL,
    );
    list(
        report,
        path,
        "safety",
        "safety note",
        &ex.safety,
        MAX_LIST,
        MAX_TEXT,
    );
    let timing = hold(report, path, &ex.hold);
    let reps = count_or(report, path, "reps", ex.reps, MAX_REPS, 1);
    let rounds = count_or(report, path, "rounds", ex.rounds, MAX_ROUNDS, 1);
    let rest = pause_or(report, path, "rest", ex.rest.as_deref(), Some(DEFAULT_REST));
    let switch = pause_or(
        report,
        path,
        "switch",
        ex.switch.as_deref(),
        Some(DEFAULT_SWITCH),
    );
    let lead_in = pause_or(report, path, "lead_in", ex.lead_in.as_deref(), None);
    let end = ex.end.as_deref().map(|w| end(report, path, w));
    let position = ex.position.as_deref().map(|w| position(report, path, w));
    let figure = poses.figure(&ex.figure, path, report);
    Some(Exercise {
        id: ex.id.clone(),
        name: ex.name.trim().to_string(),
        say: ex.say.as_deref().map(|s| s.trim().to_string()),
        description: ex.description.trim().to_string(),
        cues: ex.cues.clone(),
        timing: timing?,
        sides: ex.sides.clone(),
        reps: reps?,
        rounds: rounds?,
        rest: rest??,
        switch: switch??,
        lead_in: lead_in?,
        equipment: ex.equipment.clone(),
        safety: ex.safety.clone(),
        end: end.unwrap_or(Some(End::Alarm))?,
        position: match position {
            Some(p) => Some(p?),
            None => None,
        },
        figure: figure?,
    })
}

fn routine(r: &RawRoutine, path: &str, known: &Known, report: &mut Problems) -> Option<Routine> {
    id(report, path, "routine", &r.id);
    text(
        report,
        || (format!("{path}.name"), "name".to_string()),
        &r.name,
        MAX_NAME,
        true,
    );
    text(
        report,
        || (format!("{path}.description"), "description".to_string()),
        &r.description,
        MAX_TEXT,
        false,
    );
    list(
        report,
        path,
        "safety",
        "safety note",
        &r.safety,
        MAX_LIST,
        MAX_TEXT,
    );
    if r.steps.is_empty() {
        report.at(
            &format!("{path}.steps"),
            format!(
                "routine {} has no steps; add at least one, like steps: [(exercise: \"…\")]",
                quote(&r.id)
            ),
        );
    } else if r.steps.len() > MAX_STEPS {
        report.at(
            &format!("{path}.steps"),
            format!(
                "routine {} has {} steps; the limit is {MAX_STEPS}",
                quote(&r.id),
                r.steps.len()
            ),
        );
    }
    let mut steps = Vec::new();
    let mut complete = true;
    for (j, raw_step) in r.steps.iter().enumerate() {
        let step_path = format!("{path}.steps[{j}]");
        let found = known.lookup(&raw_step.exercise);
        if found.is_none() {
            let message = match nearest(&raw_step.exercise, known.ids()) {
                Some(near) => format!(
                    "no exercise {}; did you mean {}?",
                    quote(&raw_step.exercise),
                    quote(near)
                ),
                None => format!(
                    "no exercise {} in this file or the built-in library",
                    quote(&raw_step.exercise)
                ),
            };
            report.at(&format!("{step_path}.exercise"), message);
        }
        match step(raw_step, &step_path, found.flatten(), report) {
            Some(s) => steps.push(s),
            None => complete = false,
        }
    }
    complete.then(|| Routine {
        id: r.id.clone(),
        name: r.name.trim().to_string(),
        description: r.description.trim().to_string(),
        safety: r.safety.clone(),
        steps,
    })
}

/// Checks a step's overrides and applies them to its exercise (when there is one).
fn step(
    raw: &RawStep,
    path: &str,
    exercise: Option<&Exercise>,
    report: &mut Problems,
) -> Option<Exercise> {
    let timing = raw.hold.as_deref().map(|h| hold(report, path, h));
    if let Some(sides) = &raw.sides {
        list(report, path, "sides", "side", sides, MAX_SIDES, MAX_LABEL);
    }
    let reps = raw.reps.map(|c| count(report, path, "reps", c, MAX_REPS));
    let rounds = raw
        .rounds
        .map(|c| count(report, path, "rounds", c, MAX_ROUNDS));
    let rest = pause_or(report, path, "rest", raw.rest.as_deref(), None);
    let switch = pause_or(report, path, "switch", raw.switch.as_deref(), None);
    let lead_in = pause_or(report, path, "lead_in", raw.lead_in.as_deref(), None);
    let end = raw.end.as_deref().map(|w| end(report, path, w));
    let position = raw.position.as_deref().map(|w| position(report, path, w));
    let mut s = exercise?.clone();
    if let Some(t) = timing {
        s.timing = t?;
    }
    if let Some(sides) = &raw.sides {
        s.sides = sides.clone();
    }
    if let Some(n) = reps {
        s.reps = n?;
    }
    if let Some(n) = rounds {
        s.rounds = n?;
    }
    if let Some(d) = rest? {
        s.rest = d;
    }
    if let Some(d) = switch? {
        s.switch = d;
    }
    if let Some(d) = lead_in? {
        s.lead_in = Some(d);
    }
    if let Some(e) = end {
        s.end = e?;
    }
    if let Some(p) = position {
        s.position = Some(p?);
    }
    Some(s)
}

/// `end` of the item at `path`: one of the words of [`End::ALL`].
fn end(report: &mut Problems, path: &str, word: &str) -> Option<End> {
    let found = End::from_word(word);
    if found.is_none() {
        let allowed: Vec<String> = End::ALL.iter().map(|(_, w)| format!("{w:?}")).collect();
        report.at(
            &format!("{path}.end"),
            format!(
                "end {} is not a way to end; write one of {}",
                quote(word),
                allowed.join(", ")
            ),
        );
    }
    found
}

fn id(report: &mut Problems, path: &str, kind: &str, id: &str) {
    let at = || format!("{path}.id");
    if id.is_empty() {
        report.at(
            &at(),
            format!("{kind} id is empty; give it a short name like \"neck_tilt\""),
        );
        return;
    }
    let len = id.chars().count();
    if len > MAX_ID {
        report.at(
            &at(),
            format!("{kind} id is {len} characters long; the limit is {MAX_ID}"),
        );
    }
    let good = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-';
    if !id.chars().all(good) {
        let suggestion: String = id
            .trim()
            .chars()
            .map(|c| match c {
                ' ' => '_',
                c => c.to_ascii_lowercase(),
            })
            .filter(|&c| good(c))
            .collect();
        let hint = if suggestion.is_empty() || len > MAX_ID {
            String::new()
        } else {
            format!(" (try {})", quote(&suggestion))
        };
        report.at(
            &at(),
            format!(
                "{kind} id {} may only use lower-case letters, digits, \"_\" and \"-\"{hint}",
                quote(id)
            ),
        );
    }
}

/// Checks one piece of text: present (if `required`), not too long, no control
/// characters. `place` names the value (its path and its name in messages) and is only
/// called when there is a problem, so a good file builds no paths.
fn text(
    report: &mut Problems,
    place: impl Fn() -> (String, String),
    value: &str,
    max: usize,
    required: bool,
) {
    if required && value.trim().is_empty() {
        let (path, what) = place();
        report.at(&path, format!("{what} is empty; write the text to show"));
        return;
    }

    // Bytes bound characters from above: count only when it might matter.
    if value.len() > max {
        let len = value.chars().count();
        if len > max {
            let (path, what) = place();
            report.at(
                &path,
                format!("{what} is {len} characters long; the limit is {max}"),
            );
        }
    }
    if let Some(c) = value.chars().find(|&c| is_unsafe(c)) {
        let (path, what) = place();
        report.at(
            &path,
            format!(
                "{what} contains a control character ({}); write plain text on one line",
                char_name(c)
            ),
        );
    } else if required && looks_empty(value) {
        // Only zero-width characters (and blanks): it would show as nothing.
        let (path, what) = place();
        let first = value.chars().find(|&c| is_invisible(c)).unwrap_or(' ');
        report.at(
            &path,
            format!(
                "{what} is only invisible characters ({}); write the text to show",
                char_name(first)
            ),
        );
    }
}

/// A character as a message names it: `ESC, U+001B`, `U+009B`.
pub(crate) fn char_name(c: char) -> String {
    let code = format!("U+{:04X}", c as u32);
    match c {
        '\n' => format!("a line break, {code}"),
        '\r' => format!("a carriage return, {code}"),
        '\t' => format!("a tab, {code}"),
        '\u{1b}' => format!("ESC, {code}"),
        '\u{7}' => format!("BEL, {code}"),
        '\0' => format!("NUL, {code}"),
        '\u{2028}' => format!("a line separator, {code}"),
        '\u{2029}' => format!("a paragraph separator, {code}"),
        c if is_bidi(c) => format!("an invisible text-direction mark, {code}"),
        '\u{200b}' => format!("a zero-width space, {code}"),
        '\u{200c}' => format!("a zero-width non-joiner, {code}"),
        '\u{200d}' => format!("a zero-width joiner, {code}"),
        '\u{2060}' => format!("a word joiner, {code}"),
        '\u{feff}' => format!("a byte-order mark, {code}"),
        '\u{ad}' => format!("a soft hyphen, {code}"),
        c if is_invisible(c) => format!("an invisible character, {code}"),
        _ => code,
    }
}

/// Checks a list of text: its length and each item (non-empty, not too long, plain).
fn list(
    report: &mut Problems,
    path: &str,
    field: &str,
    item: &str,
    items: &[String],
    max_items: usize,
    max_len: usize,
) {
    if items.len() > max_items {
        report.at(
            &format!("{path}.{field}"),
            format!(
                "{field} has {} items; the limit is {max_items}",
                items.len()
            ),
        );
        return;
    }
    for (k, value) in items.iter().enumerate() {
        let place = || (format!("{path}.{field}[{k}]"), format!("{item} {}", k + 1));
        text(report, place, value, max_len, true);
    }
}

/// The hold of the item at `path`: `"15s"`, `"10-15s"`, `"open"` or `"untimed"`.
fn hold(report: &mut Problems, path: &str, value: &str) -> Option<Timing> {
    match value.trim().to_ascii_lowercase().as_str() {
        "open" | "open-ended" => return Some(Timing::OpenEnded),
        "untimed" => return Some(Timing::Untimed),
        _ => {}
    }
    match duration::parse_span(value) {
        Ok(span) => Some(Timing::Hold(span)),
        Err(e) => {
            let shown = quote(value);
            let message = match e {
                DurationError::Malformed(_) => format!(
                    "hold {shown} is not a duration; write it like \"15s\", \"2m\", \"1m30s\", a range \"10-15s\", \"open\" or \"untimed\""
                ),
                DurationError::Zero => {
                    format!("hold {shown} is zero; a hold must be longer than zero")
                }
                DurationError::TooLong(_) => format!(
                    "hold {shown} is too long; a hold may be at most {} hours",
                    MAX_DURATION.as_secs() / 3600
                ),
                DurationError::MinAboveMax(min, max) => format!(
                    "hold {shown}: the minimum ({}) is longer than the maximum ({}); write the shorter time first",
                    duration::short(min),
                    duration::short(max)
                ),
            };
            report.at(&format!("{path}.hold"), message);
            None
        }
    }
}

/// `rest`, `switch` or `lead_in` of the item at `path`: zero allowed, no ranges.
/// `None` when the value is bad; `Some(default)` when it is not given.
fn pause_or(
    report: &mut Problems,
    path: &str,
    field: &str,
    value: Option<&str>,
    default: Option<Duration>,
) -> Option<Option<Duration>> {
    let Some(value) = value else {
        return Some(default);
    };
    let at = || format!("{path}.{field}");
    let shown = || quote(value);
    match duration::parse_unchecked(value) {
        Ok(d) if d > MAX_DURATION => {
            report.at(
                &at(),
                format!(
                    "{field} {} is too long; it may be at most {} hours",
                    shown(),
                    MAX_DURATION.as_secs() / 3600
                ),
            );
            None
        }
        Ok(d) => Some(Some(d)),
        Err(_) => {
            report.at(
                &at(),
                format!(
                    "{field} {} is not a duration; write one length like \"5s\", \"1m\" or \"0s\" for none",
                    shown()
                ),
            );
            None
        }
    }
}

fn count_or(
    report: &mut Problems,
    path: &str,
    field: &str,
    value: Option<Count>,
    max: i128,
    default: u32,
) -> Option<u32> {
    match value {
        None => Some(default),
        Some(c) => count(report, path, field, c, max),
    }
}

/// `field` of the item at `path`: a whole number from 1 to `max`.
fn count(report: &mut Problems, path: &str, field: &str, value: Count, max: i128) -> Option<u32> {
    if let Count::Whole(n) = value
        && (1..=max).contains(&n)
    {
        return u32::try_from(n).ok();
    }
    let path = &format!("{path}.{field}");
    let written = report
        .spans()
        .raw(path)
        .map(as_written)
        .unwrap_or_else(|| match value {
            Count::Whole(n) => n.to_string(),
            Count::Fraction(f) => f.to_string(),
        });
    report.at(
        path,
        format!("{field} must be a whole number from 1 to {max}, not {written}"),
    );
    None
}
