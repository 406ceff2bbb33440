//! Where things are in a RON text: a small tolerant tokenizer that records the line and
//! column of every value by path (`exercises[3].hold`, `routines[1].steps[2].exercise`,
//! `exercises[3]` for the item itself), so validation can point at the exact spot.
//!
//! Pure text in, positions out. It never fails: on text it cannot read it stops and keeps
//! what it has indexed so far. No recursion (deep nesting cannot overflow the stack).

use std::collections::HashMap;
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
    line_starts: Vec<usize>,
    values: HashMap<String, Range<usize>>,
    frames: Vec<Frame>,
}

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
    frame: usize,
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

impl<'a> Spans<'a> {
    /// Indexes `text`. Linear in its length.
    pub fn index(text: &'a str) -> Spans<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut toks = tokens(text).peekable();
        let mut values: HashMap<String, Range<usize>> = HashMap::new();
        let mut frames: Vec<Frame> = Vec::new();
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
                        frames[top.frame].end = Some(range.end);
                        if let Some(v) = values.get_mut(&top.path) {
                            v.end = range.end;
                        }
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
            let end = range.end;
            let Some(c) = open else {
                values.entry(path).or_insert(start..end);
                continue;
            };
            values.entry(path.clone()).or_insert(start..end);
            if stack.len() >= MAX_DEPTH {
                break;
            }
            let closer = match c {
                '(' => ')',
                '[' => ']',
                _ => '}',
            };
            frames.push(Frame {
                start,
                end: None,
                closer,
            });
            stack.push(Open {
                path,
                frame: frames.len() - 1,
                closer,
                index: 0,
                field: None,
            });
        }
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
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = self.text[start..offset].chars().count() + 1;
        Pos { line, column }
    }

    /// Byte offset of a line and column (as ron reports them), clamped into the text.
    pub fn offset(&self, pos: Pos) -> usize {
        let Some(&start) = self.line_starts.get(pos.line.max(1) - 1) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        rest.char_indices()
            .nth(pos.column.max(1) - 1)
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    /// Where the value at `path` starts.
    pub fn get(&self, path: &str) -> Option<Pos> {
        self.values.get(path).map(|r| self.position(r.start))
    }

    /// The value's text as written (`"15s"`, `-1`, `( … )`).
    pub fn raw(&self, path: &str) -> Option<&'a str> {
        self.values.get(path).and_then(|r| self.text.get(r.clone()))
    }

    /// The deepest indexed value containing `offset` (its path).
    pub fn innermost(&self, offset: usize) -> Option<&str> {
        self.values
            .iter()
            .filter(|(_, r)| r.start <= offset && offset < r.end.max(r.start + 1))
            .min_by_key(|(_, r)| r.end - r.start)
            .map(|(p, _)| p.as_str())
    }

    /// The innermost bracket open at `offset` (closed after it, or never closed).
    pub fn enclosing(&self, offset: usize) -> Option<Frame> {
        self.frames
            .iter()
            .filter(|f| f.start < offset && f.end.is_none_or(|e| offset < e))
            .max_by_key(|f| f.start)
            .copied()
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
        assert_eq!(s.innermost(hold), Some("exercises[0].hold"));
        let close = s.offset(Pos {
            line: 4,
            column: 55,
        });
        assert_eq!(s.innermost(close), Some("exercises[0]"));
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
