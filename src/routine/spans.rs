//! Where things are in a RON text: a small tolerant tokenizer that records the line and
//! column of every value by path (`exercises[3].hold`, `routines[1].steps[2].exercise`,
//! `exercises[3]` for the item itself), so validation can point at the exact spot.
//!
//! Pure text in, positions out. It never fails: on text it cannot read it stops and keeps
//! what it has indexed so far. No recursion (deep nesting cannot overflow the stack).

use std::hash::{Hash, Hasher};
use std::ops::Range;

/// Frames nested deeper than this are not indexed (ron itself refuses them anyway).
const MAX_DEPTH: usize = 512;

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
pub(crate) struct Spans<'a> {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Open(char),
    Close(char),
    Colon,
    Comma,
    Ident,
    Atom,
}

/// Splits the text into tokens, skipping whitespace and comments; stops at the first
/// character it does not understand. Lazy, so a huge file is never held as tokens.
fn tokens(text: &str) -> Tokens<'_> {
    Tokens {
        bytes: text.as_bytes(),
        i: 0,
    }
}

struct Tokens<'a> {
    bytes: &'a [u8],
    i: usize,
}

impl Iterator for Tokens<'_> {
    type Item = (Tok, Range<usize>);

    fn next(&mut self) -> Option<(Tok, Range<usize>)> {
        let bytes = self.bytes;
        let mut i = self.i;
        let found = loop {
            if i >= bytes.len() {
                break None;
            }
            let b = bytes[i];
            let start = i;
            let tok = match b {
                b' ' | b'\t' | b'\r' | b'\n' => {
                    i += 1;
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    // Block comments nest in RON.
                    let mut depth = 0usize;
                    while i < bytes.len() {
                        if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                            depth += 1;
                            i += 2;
                        } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                            depth -= 1;
                            i += 2;
                            if depth == 0 {
                                break;
                            }
                        } else {
                            i += 1;
                        }
                    }
                    continue;
                }
                b'(' | b'[' | b'{' => {
                    i += 1;
                    Tok::Open(b as char)
                }
                b')' | b']' | b'}' => {
                    i += 1;
                    Tok::Close(b as char)
                }
                b':' => {
                    i += 1;
                    Tok::Colon
                }
                b',' => {
                    i += 1;
                    Tok::Comma
                }
                b'"' => {
                    i = skip_quoted(bytes, i + 1, b'"');
                    Tok::Atom
                }
                b'\'' => {
                    i = skip_quoted(bytes, i + 1, b'\'');
                    Tok::Atom
                }
                b'r' | b'b' if raw_string_at(bytes, i).is_some() => {
                    i = raw_string_at(bytes, i).unwrap_or(bytes.len());
                    Tok::Atom
                }
                b'b' if bytes.get(i + 1) == Some(&b'"') => {
                    i = skip_quoted(bytes, i + 2, b'"');
                    Tok::Atom
                }
                b'#' => {
                    // An `#![enable(...)]` attribute: skip to its closing bracket.
                    while i < bytes.len() && bytes[i] != b']' {
                        i += 1;
                    }
                    i += 1;
                    continue;
                }
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    if c == b'r' && bytes.get(i + 1) == Some(&b'#') {
                        i += 2;
                    }
                    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_')
                    {
                        i += 1;
                    }
                    Tok::Ident
                }
                c if c.is_ascii_digit() || c == b'-' || c == b'+' || c == b'.' => {
                    i += 1;
                    while i < bytes.len()
                        && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'.'))
                        || (i < bytes.len()
                            && matches!(bytes[i], b'-' | b'+')
                            && matches!(bytes[i - 1], b'e' | b'E'))
                    {
                        i += 1;
                    }
                    Tok::Atom
                }
                _ => break None,
            };
            break Some((tok, start..i.min(bytes.len())));
        };
        self.i = if found.is_some() { i } else { bytes.len() };
        found
    }
}

/// Index just past a quoted literal whose body starts at `i` (backslash escapes).
fn skip_quoted(bytes: &[u8], mut i: usize, quote: u8) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// `r"…"`, `r#"…"#`, `br"…"`: the index just past it, or `None` if this is not one.
fn raw_string_at(bytes: &[u8], mut i: usize) -> Option<usize> {
    if bytes.get(i) == Some(&b'b') {
        i += 1;
    }
    if bytes.get(i) != Some(&b'r') {
        return None;
    }
    i += 1;
    let mut hashes = 0;
    while bytes.get(i) == Some(&b'#') {
        hashes += 1;
        i += 1;
    }
    if bytes.get(i) != Some(&b'"') {
        return None;
    }
    i += 1;
    while i < bytes.len() {
        if bytes[i] == b'"'
            && bytes[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
        {
            return Some(i + 1 + hashes);
        }
        i += 1;
    }
    Some(bytes.len())
}

/// One open bracket while walking: its path, and how its next child is named.
struct Open {
    path: String,
    closer: char,
    /// Positional children seen so far (list items, tuple fields).
    index: usize,
    /// The field name just read (`name:`), waiting for its value.
    field: Option<String>,
}

fn child(parent: &str, field: Option<&str>, index: usize) -> String {
    match field {
        Some(name) if parent.is_empty() => name.to_string(),
        Some(name) => format!("{parent}.{name}"),
        None => format!("{parent}[{index}]"),
    }
}

/// What [`walk`] meets, in text order.
enum Step<'p> {
    /// A value starts; `range` is its first token (a container's bracket, or `Name(`).
    Value {
        path: &'p str,
        range: Range<usize>,
        container: Option<char>,
    },
    /// The container opened by the last unclosed `Value` with a `container` closes at `end`.
    Close { path: &'p str, end: usize },
}

/// Walks every value of `text` in order, naming each by its path. Tolerant: stops at
/// text it cannot read, at a mismatched bracket (after reporting the close), and at
/// `MAX_DEPTH` (after reporting the value, as a scalar).
fn walk(text: &str, mut on: impl FnMut(Step<'_>)) {
    let mut toks = tokens(text).peekable();
    let mut stack: Vec<Open> = Vec::new();
    while let Some((tok, range)) = toks.next() {
        // Inside `( … )`, `name :` starts a field.
        if let (Tok::Ident, Some(top)) = (tok, stack.last_mut())
            && top.closer == ')'
            && top.field.is_none()
            && matches!(toks.peek(), Some((Tok::Colon, _)))
        {
            top.field = Some(text[range].trim_start_matches("r#").to_string());
            toks.next();
            continue;
        }
        match tok {
            Tok::Comma | Tok::Colon => {
                if let Some(top) = stack.last_mut() {
                    top.field = None;
                }
                continue;
            }
            Tok::Close(c) => {
                if let Some(top) = stack.pop() {
                    on(Step::Close {
                        path: &top.path,
                        end: range.end,
                    });
                    if top.closer != c {
                        break; // mismatched: ron reports it; stop here
                    }
                }
                continue;
            }
            _ => {}
        }
        // A value starts here.
        let path = match stack.last_mut() {
            None => String::new(),
            Some(top) => {
                let p = child(&top.path, top.field.as_deref(), top.index);
                if top.field.is_none() {
                    top.index += 1;
                }
                p
            }
        };
        let start = range.start;
        // `Name(…)` (a named struct, `Some(…)`): the value starts at the name.
        let open = match (tok, toks.peek()) {
            (Tok::Open(c), _) => Some(c),
            (Tok::Ident, Some((Tok::Open('('), _))) => {
                toks.next();
                Some('(')
            }
            _ => None,
        };
        let range = start..range.end;
        let Some(c) = open.filter(|_| stack.len() < MAX_DEPTH) else {
            on(Step::Value {
                path: &path,
                range,
                container: None,
            });
            if open.is_some() {
                break; // too deep
            }
            continue;
        };
        let closer = match c {
            '(' => ')',
            '[' => ']',
            _ => '}',
        };
        on(Step::Value {
            path: &path,
            range,
            container: Some(closer),
        });
        stack.push(Open {
            path,
            closer,
            index: 0,
            field: None,
        });
    }
}

/// The key a path is indexed under (see `Spans::values`).
fn key(path: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut h);
    h.finish()
}

/// A byte offset as stored (texts are at most a few MiB; larger offsets saturate).
fn narrow(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl<'a> Spans<'a> {
    /// Indexes `text`: a walk and a sort; 16 bytes per value and 12 per bracket.
    pub fn index(text: &'a str) -> Spans<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| narrow(i + 1)));
        let mut values: Vec<(u64, u32, u32)> = Vec::new();
        let mut frames: Vec<(u32, u32, char)> = Vec::new();
        // Open containers: their frame and their value.
        let mut open: Vec<(usize, usize)> = Vec::new();
        walk(text, |step| match step {
            Step::Value {
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
            Step::Close { end, .. } => {
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
        Spans {
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
            Step::Value {
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
            Step::Close { path, end } => {
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

    fn at(s: &Spans, path: &str) -> (usize, usize) {
        let p = s.get(path).unwrap_or_else(|| panic!("{path} not indexed"));
        (p.line, p.column)
    }

    #[test]
    fn finds_values_by_path() {
        let s = Spans::index(TEXT);
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
        let s = Spans::index("(a: 1, b: [2, 3], a: [4])");
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
        let s = Spans::index(&crlf);
        assert_eq!(at(&s, "exercises[0].hold"), (4, 25));
        assert_eq!(at(&s, "routines[0].steps[1].reps"), (7, 73));
    }

    #[test]
    fn offsets_and_positions_round_trip() {
        let s = Spans::index(TEXT);
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
        let s = Spans::index(TEXT);
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
        let s = Spans::index("(exercises: [(id: \"a\", hold: \"1s\"");
        assert_eq!(at(&s, "exercises[0].hold"), (1, 30));
        let open = s.enclosing(s.text().len()).map(|f| (f.closer, f.end));
        assert_eq!(open, Some((')', None)));
        let deep = "[".repeat(100_000);
        let s = Spans::index(&deep);
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
            let _ = Spans::index(text);
        }
    }
}
