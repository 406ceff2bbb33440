//! Reading routine files: bytes in, a validated [`Library`] or every problem found out,
//! each with its line, column and a message in plain words. Also the shipped library and
//! merging a file over another (same id replaces, new id adds).
//!
//! Pure: no file system, no clock. Reading the file from disk is `store::routines`.
//! Parsing is two passes: serde into the raw structs of [`raw`] (ron reports syntax
//! errors, unknown and missing fields; [`syntax`] rewords them), then [`validate`] checks
//! values and resolves steps, reporting all problems, located with [`super::positions`].

pub(crate) mod mend;
mod raw;
mod syntax;
mod validate;

pub(crate) use validate::char_name;

use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt;

use super::positions::{Pos, PositionIndex};
use super::{Exercise, Library};

/// The built-in library, compiled into the binary.
pub const SHIPPED: &str = include_str!("../../../../exercises.ron");

/// Files larger than this are refused unread: no routine file needs 4 MiB.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// At most this many problems are listed; the rest are counted.
const MAX_PROBLEMS: usize = 100;

/// One thing wrong in a file. `line` and `column` are 1-based; both are 0 for a problem
/// with the whole file (unreadable, too large).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Everything wrong with one file. Displays as one `FILE:LINE:COLUMN: message` line per
/// problem (`FILE: message` for a problem with the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl LoadError {
    /// A problem with the whole file (no line to point at).
    pub fn whole_file(file: &str, message: impl Into<String>) -> LoadError {
        LoadError {
            file: file.to_string(),
            problems: vec![Problem {
                line: 0,
                column: 0,
                message: plain(&message.into()),
            }],
        }
    }
}

impl std::error::Error for LoadError {}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The file's name may hold anything a file name can: escaped like the messages.
        let file = crate::text::escape(&self.file);
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            if p.line == 0 {
                write!(f, "{file}: {}", p.message)?;
            } else {
                write!(f, "{file}:{}:{}: {}", p.line, p.column, p.message)?;
            }
        }
        Ok(())
    }
}

/// Parses and validates one routine file. With `base`, the file is merged over it: an
/// exercise or routine with the same id replaces the base's (in place), a new id is added
/// after the base's; the file's routines may use the base's exercises, and the base's
/// routines that use an exercise the file replaces get the new definition (keeping the
/// timing they override).
pub fn parse(file: &str, bytes: &[u8], base: Option<&Library>) -> Result<Library, LoadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(LoadError::whole_file(file, too_large(bytes.len() as u64)));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Err(not_utf8(file, bytes, e.valid_up_to())),
    };
    // A byte-order mark is not content; columns count from after it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64);
    // Every problem in one run: read, and past each mistake ron stops at (`mend`).
    let mut report = Problems::new(text);
    let mut mend = mend::Mend::new(text);
    let raw: Option<raw::RawFile> = loop {
        match options.from_str(mend.text()) {
            Ok(raw) => break Some(raw),
            Err(e) => {
                let decision = mend.decide(&e);
                if decision.report {
                    let mut found = Problems::new(mend.text());
                    syntax::report(&e, &mut found);
                    report.take_from(found, &mend);
                }
                let goes_on = decision.goes_on();
                mend.apply(decision);
                if !goes_on {
                    break None;
                }
            }
        }
    };
    if mend.gave_up() {
        report.stopped_early();
    }
    let Some(raw) = raw else {
        return Err(report.into_error(file));
    };
    let empty = Library::default();
    let base = base.unwrap_or(&empty);
    let mut found = Problems::new(mend.text());
    let fresh = validate::library(&raw, base, &mut found);
    report.take_from(found, &mend);
    if !report.problems.is_empty() || report.not_shown > 0 {
        return Err(report.into_error(file));
    }
    Ok(merge(base, fresh))
}

/// The built-in library. The test suite guarantees it parses.
pub fn shipped() -> Library {
    #[allow(clippy::expect_used)]
    parse("exercises.ron (built in)", SHIPPED.as_bytes(), None)
        .expect("the built-in exercises.ron is checked by the test suite")
}

/// The one-line summary `backease check` prints for a good file.
pub fn summary(lib: &Library) -> String {
    fn count(n: usize, one: &str) -> String {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    }
    format!(
        "ok: {}, {}",
        count(lib.exercises.len(), "exercise"),
        count(lib.routines.len(), "routine")
    )
}

/// `base` with `fresh` laid over it, as [`parse`] describes.
fn merge(base: &Library, fresh: Library) -> Library {
    let mut lib = base.clone();
    for pose in fresh.poses {
        match lib.poses.iter_mut().find(|p| p.name == pose.name) {
            Some(old) => *old = pose,
            None => lib.poses.push(pose),
        }
    }
    let mut exercise_at: HashMap<String, usize> = lib
        .exercises
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    let mut replaced: HashMap<String, (Exercise, Exercise)> = HashMap::new();
    for exercise in fresh.exercises {
        match exercise_at.get(&exercise.id) {
            Some(&i) => {
                let old = std::mem::replace(&mut lib.exercises[i], exercise.clone());
                replaced.insert(exercise.id.clone(), (old, exercise));
            }
            None => {
                exercise_at.insert(exercise.id.clone(), lib.exercises.len());
                lib.exercises.push(exercise);
            }
        }
    }
    if !replaced.is_empty() {
        for step in lib.routines.iter_mut().flat_map(|r| r.steps.iter_mut()) {
            if let Some((old, new)) = replaced.get(&step.id) {
                *step = rebase(step, old, new);
            }
        }
    }
    let mut routine_at: HashMap<String, usize> = lib
        .routines
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    for routine in fresh.routines {
        match routine_at.get(&routine.id) {
            Some(&i) => lib.routines[i] = routine,
            None => {
                routine_at.insert(routine.id.clone(), lib.routines.len());
                lib.routines.push(routine);
            }
        }
    }
    lib
}

/// A base routine's step after its exercise was replaced: the new definition, keeping
/// the timing the routine set itself. A resolved step no longer says which fields the
/// routine set, so a field that differs from the old definition counts as set.
fn rebase(step: &Exercise, old: &Exercise, new: &Exercise) -> Exercise {
    let mut s = new.clone();
    if step.timing != old.timing {
        s.timing = step.timing;
    }
    if step.sides != old.sides {
        s.sides = step.sides.clone();
    }
    if step.reps != old.reps {
        s.reps = step.reps;
    }
    if step.rounds != old.rounds {
        s.rounds = step.rounds;
    }
    if step.rest != old.rest {
        s.rest = step.rest;
    }
    if step.switch != old.switch {
        s.switch = step.switch;
    }
    if step.lead_in != old.lead_in {
        s.lead_in = step.lead_in;
    }
    if step.end != old.end {
        s.end = step.end;
    }
    if step.position != old.position {
        s.position = step.position;
    }
    s
}

fn too_large(len: u64) -> String {
    format!(
        "the file is {:.1} MiB; a routine file may be at most {} MiB",
        len as f64 / (1024.0 * 1024.0),
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// Exposed for the file-reading shell, which refuses big files before reading them.
pub fn too_large_message(len: u64) -> String {
    too_large(len)
}

fn not_utf8(file: &str, bytes: &[u8], valid_up_to: usize) -> LoadError {
    let good = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    let line = good.matches('\n').count() + 1;
    let column = good.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    LoadError {
        file: file.to_string(),
        problems: vec![Problem {
            line,
            column,
            message: format!(
                "the file is not UTF-8 text (byte {valid_up_to} cannot be read); save it as UTF-8"
            ),
        }],
    }
}

/// Problems collected while reading one text, located through a position index that is
/// only built when the first problem needs it (a good file is never indexed).
pub(crate) struct Problems<'a> {
    text: &'a str,
    spans: OnceCell<PositionIndex<'a>>,
    problems: Vec<Problem>,
    not_shown: usize,
    stopped_early: bool,
}

impl<'a> Problems<'a> {
    fn new(text: &'a str) -> Problems<'a> {
        Problems {
            text,
            spans: OnceCell::new(),
            problems: Vec::new(),
            not_shown: 0,
            stopped_early: false,
        }
    }

    fn spans(&self) -> &PositionIndex<'a> {
        self.spans.get_or_init(|| PositionIndex::index(self.text))
    }

    /// Adds a problem at a position.
    fn push(&mut self, pos: Pos, message: String) {
        if self.problems.len() >= MAX_PROBLEMS {
            self.not_shown += 1;
            return;
        }
        self.problems.push(Problem {
            line: pos.line,
            column: pos.column,
            message: plain(&message),
        });
    }

    /// Adds the problems `found` in the mended text, at their places in the user's text;
    /// problems at a stand-in the mending wrote are not the user's and are dropped.
    fn take_from(&mut self, found: Problems<'_>, mend: &mend::Mend) {
        self.not_shown += found.not_shown;
        for p in found.problems {
            let at = Pos {
                line: p.line,
                column: p.column,
            };
            let Some(pos) = mend.original(at) else {
                continue;
            };
            if self.problems.len() >= MAX_PROBLEMS {
                self.not_shown += 1;
            } else {
                self.problems.push(Problem {
                    line: pos.line,
                    column: pos.column,
                    message: p.message,
                });
            }
        }
    }

    /// Adds a problem at the value at `path`, or the nearest enclosing value indexed.
    fn at(&mut self, path: &str, message: String) {
        if self.problems.len() >= MAX_PROBLEMS {
            // Not shown, only counted: no need to find it.
            self.not_shown += 1;
            return;
        }
        let pos = self.position_of(path);
        self.push(pos, message);
    }

    fn position_of(&self, path: &str) -> Pos {
        let spans = self.spans();
        let mut p = path;
        loop {
            if let Some(pos) = spans.get(p) {
                return pos;
            }
            match p.rfind(['.', '[']) {
                Some(cut) => p = &p[..cut],
                None => return Pos { line: 1, column: 1 },
            }
        }
    }

    /// The reading stopped at its limit: more problems may follow the last one found.
    fn stopped_early(&mut self) {
        self.stopped_early = true;
    }

    fn into_error(mut self, file: &str) -> LoadError {
        self.problems.sort_by_key(|p| (p.line, p.column));
        let message = match (self.not_shown, self.stopped_early) {
            (0, false) => None,
            (0, true) => Some(
                "the check stopped here; there may be more problems: fix these and check again"
                    .to_string(),
            ),
            (1, _) => Some("1 more problem not shown; fix these first".to_string()),
            (n, _) => Some(format!("{n} more problems not shown; fix these first")),
        };
        if let Some(message) = message {
            self.problems.push(Problem {
                line: 0,
                column: 0,
                message,
            });
        }
        LoadError {
            file: file.to_string(),
            problems: self.problems,
        }
    }
}

/// A message safe to print on a terminal: long quoted text cut to an excerpt
/// ([`crate::text::shorten_quotes`]: ron's own messages quote what they read, whole)
/// and unsafe characters as `\u{…}` escapes ([`crate::text::escape`]).
pub fn plain(message: &str) -> String {
    let short = crate::text::shorten_quotes(message);
    crate::text::escape(&short).into_owned()
}

/// User text quoted for a message: a short excerpt, escaped, in double quotes, with the
/// length when it is cut ([`crate::text::excerpt`]).
fn quote(text: &str) -> String {
    crate::text::excerpt(text)
}

/// The closest of `candidates` to `wanted`, if close enough to be a likely typo.
pub(crate) fn nearest<'c>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let wanted_len = wanted.chars().count();
    if wanted_len > 64 {
        return None;
    }
    let limit = (wanted_len / 3).max(2);
    candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(wanted_len) <= limit)
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// The candidate nearest `wanted` by a few typed letters, for a "did you mean".
pub fn nearest_id<'c>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    nearest(wanted, candidates)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("chlds_pose", "childs_pose"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(nearest("hld", ["id", "hold", "name"]), Some("hold"));
        assert_eq!(nearest("zzzzzz", ["hold"]), None);
    }

    #[test]
    fn messages_never_carry_control_characters() {
        assert_eq!(plain("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(quote("x\u{7}"), "\"x\\u{7}\"");
        assert_eq!(
            quote(&"a".repeat(50)),
            format!("{:?}… (50 characters)", "a".repeat(40))
        );
    }

    #[test]
    fn whole_file_problems_print_without_a_position() {
        let e = LoadError::whole_file("f.ron", "cannot read it");
        assert_eq!(e.to_string(), "f.ron: cannot read it");
    }
}
