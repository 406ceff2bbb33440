//! The tolerant RON tokenizer and the walk that names every value by its path, for
//! [`PositionIndex`](super::PositionIndex). No recursion; stops at text it cannot read.

use std::ops::Range;

/// Frames nested deeper than this are not indexed (ron itself refuses them anyway).
const MAX_DEPTH: usize = 512;
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
pub(super) enum Visit<'p> {
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
pub(super) fn walk(text: &str, mut on: impl FnMut(Visit<'_>)) {
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
                    on(Visit::Close {
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
            on(Visit::Value {
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
        on(Visit::Value {
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
