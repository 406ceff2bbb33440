//! Reading on past a mistake. serde stops at the first error, so one unknown field would
//! hide every problem after it. To report them all in one run, the text is mended where
//! the error is and read again:
//!
//! - a field that is wrong (unknown, given twice, the wrong kind of value, out of range)
//!   is blanked out, name, value and comma, with spaces (lines and columns stay put);
//! - a field then missing (because it was blanked, or never written) gets a stand-in
//!   value, `""`, then `[]`, `()`, `{}`, `0`, `false` until one reads, inserted before
//!   the struct's `)`; problems found at a stand-in are not the user's and are dropped,
//!   and a missing field the user never wrote is still reported once;
//! - a syntax error (a missing comma, an unclosed bracket, a stray character) stops the
//!   reading: what follows it cannot be trusted.
//!
//! Positions found in the mended text are mapped back to the user's text. Pure: text in,
//! text out; the callers (`routine::load`, `prefs`) decide what to report.

use ron::error::{Error, SpannedError};

use crate::routine::positions::{FieldEntry, Pos, enclosing_parens, field_entries};

/// At most this many mends of one text; a text with more mistakes is read up to there.
pub(crate) const MAX_MENDS: usize = 100;

/// Each reading (and the position index a problem's message needs) goes over the whole
/// text, so mending a big text is bounded by the bytes read in all: a hand-written file
/// gets every mend it needs, a multi-megabyte one a few (then [`Mend::gave_up`]).
const MAX_WORK: usize = 24 * 1024 * 1024;

/// Stand-in values for a missing field, tried in turn, all as wide (so trying the next
/// one moves nothing).
const STAND_INS: [&str; 6] = ["\"\"   ", "[]   ", "()   ", "{}   ", "0    ", "false"];

/// What to do about an error, decided by [`Mend::decide`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decision {
    /// Whether the error is the user's to read (a stand-in's own errors are not).
    pub report: bool,
    action: Action,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Action {
    /// Blank out a field entry (name, value and comma).
    Blank(FieldEntry),
    /// Insert a stand-in for `field` before the struct's close at byte `at`.
    Insert {
        field: String,
        at: usize,
    },
    /// Try the next stand-in at stand-in number `index`.
    NextStandIn {
        index: usize,
    },
    Stop,
    /// Stop at a limit (more mistakes may follow).
    GiveUp,
}

impl Decision {
    /// Whether reading goes on after this error.
    pub fn goes_on(&self) -> bool {
        !matches!(self.action, Action::Stop | Action::GiveUp)
    }
}

/// A stand-in value written into the text: where (line and first column), and which of
/// [`STAND_INS`] it is now.
#[derive(Debug, Clone)]
struct StandIn {
    line: usize,
    column: usize,
    kind: usize,
}

/// Text inserted on a line: at `column`, `width` characters.
#[derive(Debug, Clone, Copy)]
struct Insert {
    line: usize,
    column: usize,
    width: usize,
}

/// The text being mended, and what was done to it.
pub(crate) struct Mend {
    text: String,
    mends: usize,
    /// Fields blanked out: where the struct's `(` is now, and the field's name (for an
    /// unknown field, the field it probably meant, whose absence is then no news).
    blanked: Vec<(Pos, String)>,
    stand_ins: Vec<StandIn>,
    inserts: Vec<Insert>,
    /// Bytes read so far, in all readings (see [`MAX_WORK`]).
    work: usize,
    gave_up: bool,
}

impl Mend {
    pub fn new(text: &str) -> Mend {
        Mend {
            text: text.to_string(),
            mends: 0,
            blanked: Vec::new(),
            stand_ins: Vec::new(),
            inserts: Vec::new(),
            work: text.len(),
            gave_up: false,
        }
    }

    /// The reading stopped at a limit ([`MAX_MENDS`], [`MAX_WORK`]) with mistakes maybe
    /// left after it: the caller says so.
    pub fn gave_up(&self) -> bool {
        self.gave_up
    }

    /// The text as mended so far (the user's text before the first mend).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What to do about `err`, found reading [`Mend::text`]. Report it (if
    /// [`Decision::report`]) before [`Mend::apply`], which changes the text.
    pub fn decide(&self, err: &SpannedError) -> Decision {
        let stop = |report| Decision {
            report,
            action: Action::Stop,
        };
        if self.mends >= MAX_MENDS || self.work > MAX_WORK {
            return Decision {
                report: true,
                action: Action::GiveUp,
            };
        }
        let here = Pos {
            line: err.span.start.line,
            column: err.span.start.col,
        };
        if let Some(index) = self.stand_in_at(here) {
            let next = self.stand_ins[index].kind + 1;
            return if next < STAND_INS.len() {
                Decision {
                    report: false,
                    action: Action::NextStandIn { index },
                }
            } else {
                stop(false)
            };
        }
        let offset = byte_offset(&self.text, here);
        let entries = field_entries(&self.text);
        match &err.code {
            Error::MissingStructField { field, .. } => {
                // The struct the error is in: ron reports it just inside its `(`.
                let Some((open, close)) = enclosing_parens(&self.text, offset) else {
                    return stop(true);
                };
                let open = char_pos(&self.text, open);
                let blanked_here = self
                    .blanked
                    .iter()
                    .any(|(at, name)| *at == open && name == field);
                Decision {
                    report: !blanked_here,
                    action: Action::Insert {
                        field: field.to_string(),
                        at: close,
                    },
                }
            }
            code if is_about_a_value(code) => {
                // The innermost field the error is in (or just after: ron often reports
                // the end of what it read).
                let entry = entries
                    .iter()
                    .filter(|e| e.start <= offset && offset <= e.end)
                    .min_by_key(|e| e.end - e.start);
                match entry {
                    // A value that never ends cannot be blanked without the rest.
                    Some(e) if e.complete => {
                        let mut e = e.clone();
                        if let Error::NoSuchStructField {
                            found, expected, ..
                        } = code
                            && let Some(meant) = super::syntax::meant(found, expected)
                        {
                            e.name = meant.to_string();
                        }
                        Decision {
                            report: true,
                            action: Action::Blank(e),
                        }
                    }
                    _ => stop(true),
                }
            }
            _ => stop(true),
        }
    }

    /// Carries out `decision`. After a [`Decision`] that does not go on, nothing changes.
    pub fn apply(&mut self, decision: Decision) {
        match decision.action {
            Action::Stop => return,
            Action::GiveUp => {
                self.gave_up = true;
                return;
            }
            Action::Blank(entry) => {
                let mut blank = String::with_capacity(entry.end - entry.start);
                for c in self.text[entry.start..entry.end].chars() {
                    blank.push(if c == '\n' { '\n' } else { ' ' });
                }
                let open = char_pos(&self.text, entry.open);
                self.text.replace_range(entry.start..entry.end, &blank);
                self.blanked.push((open, entry.name));
            }
            Action::Insert { field, at } => {
                let before = self.text[..at].trim_end();
                let comma = if before.ends_with(',') || before.ends_with('(') {
                    ""
                } else {
                    ","
                };
                let head = format!("{comma}{field}:");
                let insert = format!("{head}{}", STAND_INS[0]);
                let pos = char_pos(&self.text, at);
                self.text.insert_str(at, &insert);
                let width = insert.chars().count();
                for s in &mut self.stand_ins {
                    if s.line == pos.line && s.column >= pos.column {
                        s.column += width;
                    }
                }
                for (open, _) in &mut self.blanked {
                    if open.line == pos.line && open.column >= pos.column {
                        open.column += width;
                    }
                }
                self.stand_ins.push(StandIn {
                    line: pos.line,
                    column: pos.column + head.chars().count(),
                    kind: 0,
                });
                self.inserts.push(Insert {
                    line: pos.line,
                    column: pos.column,
                    width,
                });
            }
            Action::NextStandIn { index } => {
                let s = &mut self.stand_ins[index];
                s.kind += 1;
                let at = byte_offset(
                    &self.text,
                    Pos {
                        line: s.line,
                        column: s.column,
                    },
                );
                let old = STAND_INS[s.kind - 1].len();
                self.text.replace_range(at..at + old, STAND_INS[s.kind]);
            }
        }
        self.mends += 1;
        // The next reading, and the index a message may build.
        self.work += 2 * self.text.len();
    }

    /// The stand-in whose value covers `pos`, if any.
    fn stand_in_at(&self, pos: Pos) -> Option<usize> {
        self.stand_ins.iter().position(|s| {
            pos.line == s.line && pos.column >= s.column && pos.column <= s.column + 5
        })
    }

    /// Where `pos` in the mended text is in the user's text; `None` for a position in
    /// text the mending wrote (a stand-in), whose problems are not the user's.
    pub fn original(&self, pos: Pos) -> Option<Pos> {
        let mut pos = pos;
        for ins in self.inserts.iter().rev() {
            if pos.line != ins.line || pos.column < ins.column {
                continue;
            }
            if pos.column < ins.column + ins.width {
                return None;
            }
            pos.column -= ins.width;
        }
        Some(pos)
    }
}

/// Errors about one field's value (or name), which blanking the field reads past.
fn is_about_a_value(code: &Error) -> bool {
    matches!(
        code,
        Error::Message(_)
            // Nesting too deep for ron is one value's problem: that value is blanked and
            // the fields around it still count.
            | Error::ExceededRecursionLimit
            | Error::NoSuchStructField { .. }
            | Error::DuplicateStructField { .. }
            | Error::InvalidValueForType { .. }
            | Error::IntegerOutOfBounds
            | Error::ExpectedString
            | Error::ExpectedArray
            | Error::ExpectedBoolean
            | Error::ExpectedInteger
            | Error::ExpectedFloat
            | Error::ExpectedMap
            | Error::ExpectedOption
            | Error::ExpectedUnit
            | Error::ExpectedChar
            | Error::ExpectedStructLike
            | Error::ExpectedNamedStructLike(_)
            | Error::ExpectedDifferentStructName { .. }
            | Error::NoSuchEnumVariant { .. }
            | Error::ExpectedDifferentLength { .. }
            | Error::InvalidIntegerDigit { .. }
    )
}

/// The byte offset of a 1-based line and column (clamped into the text).
fn byte_offset(text: &str, pos: Pos) -> usize {
    let mut start = 0;
    for _ in 1..pos.line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    text[start..end]
        .char_indices()
        .nth(pos.column.max(1) - 1)
        .map_or(end, |(i, _)| start + i)
}

/// The 1-based line and column of a byte offset.
fn char_pos(text: &str, offset: usize) -> Pos {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line,
        column: before[line_start..].chars().count() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Thing {
        id: String,
        #[serde(default)]
        n: u8,
        #[serde(default)]
        list: Vec<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct File {
        things: Vec<Thing>,
    }

    /// Every error read past, as (line, column, short code), and the value read at last.
    fn read_all(text: &str) -> (Vec<(usize, usize, String)>, Option<File>) {
        let mut mend = Mend::new(text);
        let mut found = Vec::new();
        loop {
            match ron::from_str::<File>(mend.text()) {
                Ok(file) => return (found, Some(file)),
                Err(e) => {
                    let d = mend.decide(&e);
                    if d.report {
                        let at = mend
                            .original(Pos {
                                line: e.span.start.line,
                                column: e.span.start.col,
                            })
                            .expect("a user's position");
                        let code = format!("{:?}", e.code);
                        let code = code.split([' ', '(', '{']).next().unwrap_or("").to_string();
                        found.push((at.line, at.column, code));
                    }
                    if !d.goes_on() {
                        return (found, None);
                    }
                    mend.apply(d);
                }
            }
        }
    }

    #[test]
    fn every_wrong_field_is_found_in_one_reading() {
        let text = "(things: [\n  (id: \"a\", colour: \"red\", n: 300),\n  (id: 5, list: [1]),\n  (n: 2, size: 3),\n])";
        let (found, file) = read_all(text);
        let codes: Vec<&str> = found.iter().map(|f| f.2.as_str()).collect();
        assert_eq!(
            codes,
            [
                "NoSuchStructField",
                "IntegerOutOfBounds",
                "ExpectedString",
                "ExpectedString",
                "NoSuchStructField",
                "MissingStructField",
            ],
            "{found:?}"
        );
        // Lines as the user wrote them; the stand-in for the blanked `id: 5` is silent.
        assert_eq!(
            found.iter().map(|f| f.0).collect::<Vec<_>>(),
            [2, 2, 3, 3, 4, 4]
        );
        let file = file.expect("read in the end");
        assert_eq!(file.things.len(), 3);
        assert_eq!(file.things[0].id, "a");
    }

    #[test]
    fn a_syntax_error_stops_the_reading() {
        let (found, file) = read_all("(things: [(id: \"a\" n: 1), (id: 2)])");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].2, "ExpectedComma");
        assert!(file.is_none());
    }

    #[test]
    fn positions_after_a_stand_in_map_back_to_the_users_text() {
        // Two things on one line, the first missing `id`: the stand-in goes before its
        // `)`, and the second thing's error is still at its column as written.
        let text = "(things: [(n: 1), (id: \"b\", zz: 1)])";
        let (found, _) = read_all(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].2, "MissingStructField");
        let zz = text.find("zz").expect("zz") + 1;
        assert_eq!(found[1].2, "NoSuchStructField");
        assert!(
            found[1].1 >= zz && found[1].1 <= zz + 2,
            "{found:?} vs column {zz}"
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "(things: [(id: \"ééé\", bad: \"ü\", n: 999)])";
        let (found, file) = read_all(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(file.is_some());
        let n = text[..text.find("999").expect("999")].chars().count() + 1;
        assert!(
            found[1].1 <= n + 3 && found[1].1 + 3 >= n,
            "{found:?} vs {n}"
        );
    }

    #[test]
    fn a_text_with_endless_mistakes_stops_after_the_limit() {
        let mut text = String::from("(things: [(id: \"a\"");
        for i in 0..(MAX_MENDS + 20) {
            text.push_str(&format!(", x{i}: 1"));
        }
        text.push_str(")])");
        let (found, file) = read_all(&text);
        assert_eq!(found.len(), MAX_MENDS + 1);
        assert!(file.is_none());
        // A big text gets fewer readings: bounded by the bytes read in all.
        let mut big = String::from("(things: [");
        for i in 0..20_000 {
            big.push_str(&format!("(id: \"a{i}\"),\n"));
        }
        for i in 0..50 {
            big.push_str(&format!("(id: \"b{i}\", zz: 1),\n"));
        }
        big.push_str("])");
        let mut mend = Mend::new(&big);
        let mut readings = 0;
        while let Err(e) = ron::from_str::<File>(mend.text()) {
            let d = mend.decide(&e);
            readings += 1;
            let goes_on = d.goes_on();
            mend.apply(d);
            if !goes_on {
                break;
            }
        }
        assert!(mend.gave_up());
        assert!(
            readings < 50 && readings * big.len() <= 2 * MAX_WORK,
            "{readings}"
        );
    }
}
