//! Where things are in a RON text: a [`PositionIndex`] records the line and column of
//! every value by path (`exercises[3].hold`, `routines[1].steps[2].exercise`,
//! `exercises[3]` for the item itself), so validation can point at the exact spot. The
//! tolerant tokenizer and the path walk it is built from live in [`tokens`].
//!
//! Pure text in, positions out. It never fails: on text it cannot read it stops and keeps
//! what it has indexed so far. No recursion (deep nesting cannot overflow the stack).
//! Hand-written rather than taken from `ron`: ron's errors give one position, and its
//! `Spanned` values need the schema to carry them; this index names every value's place
//! from the text alone, and is only built when a problem needs it.

mod tokens;

use std::hash::{Hash, Hasher};
use std::ops::Range;

pub(crate) use tokens::enclosing_parens;
pub use tokens::{FieldEntry, field_entries};
use tokens::{Visit, walk};

/// A 1-based line and column (columns count characters, as editors and ron do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pos {
    pub line: usize,
    pub column: usize,
}

/// A bracketed region: `(`, `[` or `{` and where it closes (`None`: never closed).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub start: usize,
    pub end: Option<usize>,
    pub closer: char,
}

/// The position index of one text.
pub(crate) struct PositionIndex<'a> {
    text: &'a str,
    line_starts: Vec<u32>,
    /// Each value's first byte and end, under a 64-bit hash of its path, not the path, in
    /// a vector sorted by that hash (the first value of a path first): a 4 MiB file of
    /// tiny items holds two million values, whose path strings in a map took over 300 MB;
    /// this takes 16 bytes each. Two paths of one file sharing a hash (odds near one in
    /// ten million for the largest file allowed) would only misplace a message.
    values: Vec<(u64, u32, u32)>,
    /// Every bracket: start, end (`NOT_CLOSED` if never closed), closer.
    frames: Vec<(u32, u32, char)>,
}

/// The end of a bracket that never closes.
const NOT_CLOSED: u32 = u32::MAX;

/// The key a path is indexed under (see `PositionIndex::values`).
fn key(path: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut h);
    h.finish()
}

/// A byte offset as stored (texts are at most a few MiB; larger offsets saturate).
fn narrow(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl<'a> PositionIndex<'a> {
    /// Indexes `text`: a walk and a sort; 16 bytes per value and 12 per bracket.
    pub fn index(text: &'a str) -> PositionIndex<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| narrow(i + 1)));
        let mut values: Vec<(u64, u32, u32)> = Vec::new();
        let mut frames: Vec<(u32, u32, char)> = Vec::new();
        // Open containers: their frame and their value.
        let mut open: Vec<(usize, usize)> = Vec::new();
        walk(text, |step| match step {
            Visit::Value {
                path,
                range,
                container,
            } => {
                if let Some(closer) = container {
                    open.push((frames.len(), values.len()));
                    frames.push((narrow(range.start), NOT_CLOSED, closer));
                }
                values.push((key(path), narrow(range.start), narrow(range.end)));
            }
            Visit::Close { end, .. } => {
                if let Some((frame, value)) = open.pop() {
                    frames[frame].1 = narrow(end);
                    values[value].2 = narrow(end);
                }
            }
        });
        // Stable: of values sharing a path (a field written twice), the first stays first.
        values.sort_by_key(|v| v.0);
        values.shrink_to_fit();
        frames.shrink_to_fit();
        PositionIndex {
            text,
            line_starts,
            values,
            frames,
        }
    }

    /// Line and column of a byte offset (clamped into the text).
    pub fn position(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .line_starts
            .partition_point(|&s| s as usize <= offset)
            .max(1);
        let start = self.line_starts[line - 1] as usize;
        let column = self.text[start..offset].chars().count() + 1;
        Pos { line, column }
    }

    /// Byte offset of a line and column (as ron reports them), clamped into the text.
    pub fn offset(&self, pos: Pos) -> usize {
        let Some(&start) = self.line_starts.get(pos.line.max(1) - 1) else {
            return self.text.len();
        };
        let start = start as usize;
        let rest = &self.text[start..];
        rest.char_indices()
            .nth(pos.column.max(1) - 1)
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    fn range(&self, path: &str) -> Option<Range<usize>> {
        let key = key(path);
        let first = self.values.partition_point(|v| v.0 < key);
        self.values
            .get(first)
            .filter(|v| v.0 == key)
            .map(|&(_, start, end)| start as usize..end as usize)
    }

    /// Where the value at `path` starts.
    pub fn get(&self, path: &str) -> Option<Pos> {
        self.range(path).map(|r| self.position(r.start))
    }

    /// The value's text as written (`"15s"`, `-1`, `( … )`).
    pub fn raw(&self, path: &str) -> Option<&'a str> {
        self.range(path).and_then(|r| self.text.get(r))
    }

    /// The path of the deepest value containing `offset` (a bracket never closed holds
    /// only its own bracket). The index keeps no paths, so this walks the text again; it
    /// serves the one syntax error a text can have.
    pub fn innermost(&self, offset: usize) -> Option<String> {
        let mut best: Option<(usize, String)> = None;
        let mut consider = |path: &str, r: Range<usize>| {
            let len = r.end - r.start;
            if r.start <= offset
                && offset < r.end.max(r.start + 1)
                && best.as_ref().is_none_or(|(l, _)| len < *l)
            {
                best = Some((len, path.to_string()));
            }
        };
        // The containers open so far: the indexed ones with their path and bracket (a
        // repeated path is not the indexed value, so `None`).
        let mut open: Vec<Option<(String, Range<usize>)>> = Vec::new();
        walk(self.text, |step| match step {
            Visit::Value {
                path,
                range,
                container,
            } => {
                // Only a value starting at or before `offset` can contain it; only those
                // are looked up (a lookup per value would double the walk's time).
                let indexed = range.start <= offset
                    && self.range(path).is_some_and(|r| r.start == range.start);
                match (container, indexed) {
                    (Some(_), true) => open.push(Some((path.to_string(), range))),
                    (Some(_), false) => open.push(None),
                    (None, true) => consider(path, range),
                    (None, false) => {}
                }
            }
            Visit::Close { path, end } => {
                if let Some(Some((_, bracket))) = open.pop() {
                    consider(path, bracket.start..end);
                }
            }
        });
        for (path, bracket) in open.into_iter().flatten() {
            consider(&path, bracket);
        }
        best.map(|(_, path)| path)
    }

    /// The innermost bracket open at `offset` (closed after it, or never closed).
    pub fn enclosing(&self, offset: usize) -> Option<Frame> {
        self.frames
            .iter()
            .filter(|f| (f.0 as usize) < offset && (f.1 == NOT_CLOSED || offset < f.1 as usize))
            .max_by_key(|f| f.0)
            .map(|&(start, end, closer)| Frame {
                start: start as usize,
                end: (end != NOT_CLOSED).then_some(end as usize),
                closer,
            })
    }

    /// The first offset at or after `offset` that is not whitespace or a comment.
    pub fn skip_blank(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut i = offset.min(bytes.len());
        loop {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if bytes[i..].starts_with(b"//") {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            } else {
                return i;
            }
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r##"// a comment with ( and "
(
    exercises: [
        (id: "a", hold: "10-15s", cues: ["one", "two"]),
        Exercise(id: "b", /* (nested /* comment */) */ hold: r#"1s"#, lead_in: Some("5s")),
    ],
    routines: [(id: "r", steps: [(exercise: "a"), (exercise: "é", reps: -1)])],
)
"##;

    fn at(s: &PositionIndex, path: &str) -> (usize, usize) {
        let p = s.get(path).unwrap_or_else(|| panic!("{path} not indexed"));
        (p.line, p.column)
    }

    #[test]
    fn finds_values_by_path() {
        let s = PositionIndex::index(TEXT);
        assert_eq!(at(&s, ""), (2, 1));
        assert_eq!(at(&s, "exercises"), (3, 16));
        assert_eq!(at(&s, "exercises[0]"), (4, 9));
        assert_eq!(at(&s, "exercises[0].hold"), (4, 25));
        assert_eq!(at(&s, "exercises[0].cues[1]"), (4, 49));
        assert_eq!(at(&s, "exercises[1]"), (5, 9));
        assert_eq!(at(&s, "exercises[1].hold"), (5, 62));
        assert_eq!(at(&s, "exercises[1].lead_in"), (5, 80));
        assert_eq!(at(&s, "routines[0].steps[1].exercise"), (7, 62));
        assert_eq!(at(&s, "routines[0].steps[1].reps"), (7, 73));
        assert_eq!(s.raw("routines[0].steps[1].reps"), Some("-1"));
        assert_eq!(s.raw("exercises[0].hold"), Some("\"10-15s\""));
        assert_eq!(s.get("exercises[2]"), None);
    }

    #[test]
    fn a_field_written_twice_is_found_at_its_first_value() {
        let s = PositionIndex::index("(a: 1, b: [2, 3], a: [4])");
        assert_eq!(at(&s, "a"), (1, 5));
        assert_eq!(s.raw("a"), Some("1"));
        assert_eq!(s.raw("b"), Some("[2, 3]"));
        assert_eq!(s.raw("b[1]"), Some("3"));
        // Inside the second `a`: its item is there, the second `a` itself is not indexed.
        assert_eq!(s.innermost(22).as_deref(), Some("a[0]"));
        assert_eq!(s.innermost(21).as_deref(), Some(""));
    }

    #[test]
    fn crlf_keeps_columns() {
        let crlf = TEXT.replace('\n', "\r\n");
        let s = PositionIndex::index(&crlf);
        assert_eq!(at(&s, "exercises[0].hold"), (4, 25));
        assert_eq!(at(&s, "routines[0].steps[1].reps"), (7, 73));
    }

    #[test]
    fn offsets_and_positions_round_trip() {
        let s = PositionIndex::index(TEXT);
        for offset in (0..TEXT.len()).filter(|&o| TEXT.is_char_boundary(o)) {
            assert_eq!(s.offset(s.position(offset)), offset);
        }
        assert_eq!(
            s.offset(Pos {
                line: 99,
                column: 1
            }),
            TEXT.len()
        );
        assert_eq!(s.position(usize::MAX).line, TEXT.lines().count() + 1);
    }

    #[test]
    fn innermost_value_and_enclosing_bracket() {
        let s = PositionIndex::index(TEXT);
        let hold = s.offset(Pos {
            line: 4,
            column: 27,
        });
        assert_eq!(s.innermost(hold).as_deref(), Some("exercises[0].hold"));
        let close = s.offset(Pos {
            line: 4,
            column: 55,
        });
        assert_eq!(s.innermost(close).as_deref(), Some("exercises[0]"));
        assert_eq!(s.enclosing(hold).map(|f| f.closer), Some(')'));
    }

    #[test]
    fn tolerates_broken_and_deep_text() {
        let s = PositionIndex::index("(exercises: [(id: \"a\", hold: \"1s\"");
        assert_eq!(at(&s, "exercises[0].hold"), (1, 30));
        let open = s.enclosing(s.text().len()).map(|f| (f.closer, f.end));
        assert_eq!(open, Some((')', None)));
        let deep = "[".repeat(100_000);
        let s = PositionIndex::index(&deep);
        assert!(s.get("").is_some());
        for text in [
            "\"unterminated",
            "r#\"raw",
            "/* open",
            "'",
            "#",
            "-",
            "(a:",
            "é",
        ] {
            let _ = PositionIndex::index(text);
        }
    }
}
