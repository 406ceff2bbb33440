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

/// One `name: value` entry of a `( … )` struct, as byte offsets: from the name to the end
/// of the value, and on past a comma that follows it. `open` is the struct's `(`, `close`
/// just past its `)` (`None`: never closed). `complete`: the value was read to its end
/// (a bracket never closed, or text the tokenizer cannot read, leaves it `false`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldEntry {
    pub name: String,
    pub start: usize,
    pub end: usize,
    pub complete: bool,
    pub open: usize,
    pub close: Option<usize>,
}

/// Every struct field entry of `text`, in text order of their names. Tolerant like
/// [`walk`]: stops at text it cannot read or a mismatched bracket, keeping what it has
/// (an entry whose value never ends runs to the end of the text). No recursion.
pub fn field_entries(text: &str) -> Vec<FieldEntry> {
    struct Frame {
        closer: char,
        open: usize,
        /// The entry whose value this bracket is, if any.
        owner: Option<usize>,
        /// The field name just read, waiting for its value: (name, its start).
        pending: Option<(String, usize)>,
        /// Entries directly in this struct, to give them its close.
        members: Vec<usize>,
    }
    let mut entries: Vec<FieldEntry> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut toks = tokens(text).peekable();
    // Entries whose value just ended: a comma right after extends them.
    let mut ended: Option<usize> = None;
    // Brackets open past `MAX_DEPTH`: only counted (no entries live that deep), so a
    // value nested deeper still ends where its brackets close and can be left out whole.
    let mut deeper = 0usize;
    while let Some((tok, range)) = toks.next() {
        if deeper > 0 {
            match tok {
                Tok::Open(_) => deeper += 1,
                Tok::Ident if matches!(toks.peek(), Some((Tok::Open('('), _))) => {
                    toks.next();
                    deeper += 1;
                }
                Tok::Close(_) => deeper -= 1,
                _ => {}
            }
            continue;
        }
        if let (Tok::Comma, Some(i)) = (tok, ended) {
            entries[i].end = range.end;
        }
        ended = None;
        if let (Tok::Ident, Some(top)) = (tok, stack.last_mut())
            && top.closer == ')'
            && top.pending.is_none()
            && matches!(toks.peek(), Some((Tok::Colon, _)))
        {
            top.pending = Some((
                text[range.clone()].trim_start_matches("r#").into(),
                range.start,
            ));
            toks.next();
            continue;
        }
        match tok {
            Tok::Comma | Tok::Colon => {
                if let Some(top) = stack.last_mut() {
                    top.pending = None;
                }
                continue;
            }
            Tok::Close(c) => {
                let Some(top) = stack.pop() else { break };
                for &m in &top.members {
                    entries[m].close = Some(range.end);
                }
                if let Some(owner) = top.owner {
                    entries[owner].end = range.end;
                    entries[owner].complete = top.closer == c;
                    ended = Some(owner);
                }
                if top.closer != c {
                    break;
                }
                continue;
            }
            _ => {}
        }
        // A value starts: an entry's, if a field name is waiting.
        let owner = stack.last_mut().and_then(|top| {
            let (name, start) = top.pending.take()?;
            entries.push(FieldEntry {
                name,
                start,
                end: range.end,
                complete: true,
                open: top.open,
                close: None,
            });
            top.members.push(entries.len() - 1);
            Some(entries.len() - 1)
        });
        let open = match (tok, toks.peek()) {
            (Tok::Open(c), _) => Some(c),
            (Tok::Ident, Some((Tok::Open('('), _))) => {
                toks.next();
                Some('(')
            }
            _ => None,
        };
        match open {
            Some(c) if stack.len() < MAX_DEPTH => {
                if let Some(o) = owner {
                    entries[o].end = text.len();
                    entries[o].complete = false;
                }
                let closer = match c {
                    '(' => ')',
                    '[' => ']',
                    _ => '}',
                };
                let open_at = if tok == Tok::Ident {
                    text[range.end..]
                        .find('(')
                        .map_or(range.end, |i| range.end + i)
                } else {
                    range.start
                };
                stack.push(Frame {
                    closer,
                    open: open_at,
                    owner,
                    pending: None,
                    members: Vec::new(),
                });
            }
            Some(_) => deeper = 1,
            None => ended = owner,
        }
    }
    entries
}

#[cfg(test)]
mod entry_tests {
    use super::*;

    fn spans(text: &str) -> Vec<(String, &str)> {
        field_entries(text)
            .into_iter()
            .map(|e| (e.name, &text[e.start..e.end]))
            .collect()
    }

    #[test]
    fn entries_run_from_the_name_past_the_value_and_its_comma() {
        let text = r#"(a: 1, b: [1, (c: "x")], d: Some("y") , e: (f: 2))"#;
        assert_eq!(
            spans(text),
            vec![
                ("a".to_string(), "a: 1,"),
                ("b".to_string(), r#"b: [1, (c: "x")],"#),
                ("c".to_string(), r#"c: "x""#),
                ("d".to_string(), r#"d: Some("y") ,"#),
                ("e".to_string(), "e: (f: 2)"),
                ("f".to_string(), "f: 2"),
            ]
        );
        let entries = field_entries(text);
        assert_eq!(entries[0].open, 0);
        assert_eq!(entries[0].close, Some(text.len()));
        assert_eq!(
            &text[entries[2].open..entries[2].close.expect("closed")],
            r#"(c: "x")"#
        );
    }

    #[test]
    fn an_unclosed_value_runs_to_the_end() {
        let text = "(a: [1, 2";
        let e = field_entries(text);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].end, text.len());
        assert!(!e[0].complete);
        assert!(field_entries("(a: [1])").iter().all(|e| e.complete));
        assert_eq!(e[0].close, None);
    }
}

/// The innermost `( … )` holding byte `offset`: its `(` and its `)` (byte offsets), or
/// `None` when no closed `( … )` holds it.
pub(crate) fn enclosing_parens(text: &str, offset: usize) -> Option<(usize, usize)> {
    let mut stack: Vec<(usize, char)> = Vec::new();
    // The frames open at `offset`, once it is reached: how deep the wanted one is.
    let mut wanted: Option<(usize, usize)> = None;
    for (tok, range) in tokens(text) {
        if wanted.is_none() && range.start >= offset {
            let depth = stack.iter().rposition(|&(_, c)| c == '(')?;
            wanted = Some((depth, stack[depth].0));
        }
        match tok {
            Tok::Open(c) => stack.push((range.start, c)),
            Tok::Close(_) => {
                stack.pop();
                if let Some((depth, open)) = wanted
                    && stack.len() == depth
                {
                    return Some((open, range.start));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod enclosing_tests {
    use super::*;

    #[test]
    fn finds_the_innermost_parens_around_an_offset() {
        let text = "(a: [(b: 1,   ), (c: [2])])";
        let inner = text.find("1,").expect("1") + 3;
        assert_eq!(enclosing_parens(text, inner), Some((5, 14)));
        let c = text.find("[2]").expect("2") + 1;
        assert_eq!(enclosing_parens(text, c), Some((17, 24)));
        assert_eq!(enclosing_parens(text, 2), Some((0, 26)));
        assert_eq!(enclosing_parens("(a: [1", 4), None);
    }
}
