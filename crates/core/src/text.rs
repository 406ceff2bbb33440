//! Text that is safe to put on a terminal, in one place: every command's output, every
//! message and the full-screen UI go through these functions, so a routine name, a file
//! name or a value from any file can never move the cursor, clear the screen, set the
//! window title or leave stale cells behind, and no length of text breaks a table.
//!
//! - [`is_unsafe`]: characters a terminal acts on or lays out unpredictably: control
//!   characters (C0, DEL, C1), the bidi controls that reorder text invisibly, and the
//!   line and paragraph separators U+2028/U+2029 (a terminal may break the line there,
//!   which the layout does not expect). Routine files refuse them; output escapes them.
//! - [`is_invisible`]: characters that take no room and show nothing (zero-width space,
//!   joiners, word joiner, byte-order mark, soft hyphen, bidi marks); harmless inside a
//!   word, but a name made only of them looks empty, so such names are refused.
//! - [`escape`]: unsafe characters as `\u{1b}`-style escapes, the rest as is.
//! - [`markup`]: the same, then HTML's and XML's special characters as entities (the
//!   report, the figures' SVG).
//! - [`excerpt`]: user text quoted in a message, escaped and cut to a short excerpt with
//!   its length, so a 1 MB value is never echoed whole.
//!
//! How wide text is on a terminal (two columns for wide CJK and most emoji) is measured in
//! one place, the shell's `ui::text`, which cuts and pads screens and command tables alike.
//!
//! Pure: no terminal, no I/O.

use std::borrow::Cow;

/// The bidi controls that reorder text invisibly (the "Trojan Source" trick): every
/// character Unicode gives the `Bidi_Control` property (the embeddings and overrides,
/// the isolates, the left-to-right, right-to-left and Arabic letter marks).
pub fn is_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
    )
}

/// A character a terminal acts on or lays out unpredictably (see the module doc).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// A character that takes no room and shows nothing on its own.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' // zero-width space, ZWNJ, ZWJ, LRM, RLM
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{feff}' // byte-order mark, zero-width no-break space
            | '\u{00ad}' // soft hyphen
            | '\u{034f}' // combining grapheme joiner
            | '\u{180e}' // Mongolian vowel separator
            | '\u{061c}' // Arabic letter mark
            | '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}' // Hangul fillers
    ) || is_bidi(c)
}

/// Whether text would show as nothing: empty, or only blanks and invisible characters.
pub fn looks_empty(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// `text` for HTML, XML or SVG, as element text or inside a quoted attribute: unsafe
/// characters as [`escape`] writes them, then `&`, `<`, `>`, `"` and `'` as entities, so
/// a routine file's `<script>` or `"onload=` shows as written and is never markup. The
/// one escaper for the report (`report::html`) and the figures' SVG (`figure::svg`).
pub fn markup(text: &str) -> String {
    let text = escape(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` with every unsafe character written as a `\u{…}` escape.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// At most this many characters of user text are echoed in a message.
pub const EXCERPT: usize = 40;

/// User text quoted for a message, as Rust quotes a string (every character that does
/// not print is escaped, `"` and `\\` too), and when longer than [`EXCERPT`] characters
/// cut there with an ellipsis and the whole length: `"aaaa"… (70000 characters)`.
pub fn excerpt(text: &str) -> String {
    let mut chars = text.char_indices();
    match chars.nth(EXCERPT) {
        None => format!("{text:?}"),
        Some((cut, _)) => format!(
            "{:?}… ({} characters)",
            &text[..cut],
            EXCERPT + 1 + chars.count()
        ),
    }
}

/// A message built by someone else's code (ron's and serde's errors quote what they
/// read, whole): every quoted run (`"…"` or `` `…` ``) longer than [`EXCERPT`]
/// characters is cut there, closed, and followed by its length, as [`excerpt`] does.
/// A backslash escapes the character after it; an unclosed quote runs to the end.
pub fn shorten_quotes(message: &str) -> Cow<'_, str> {
    if message.len() <= EXCERPT {
        return Cow::Borrowed(message);
    }
    let mut out = String::new();
    let mut chars = message.char_indices();
    let mut copied = 0;
    while let Some((_, open)) = chars.next() {
        if open != '"' && open != '`' {
            continue;
        }
        // Inside the quotes: count characters up to the closing one.
        let mut count = 0;
        let mut cut = None;
        let mut close_at = message.len();
        let mut closed = false;
        while let Some((i, c)) = chars.next() {
            if c == open {
                close_at = i;
                closed = true;
                break;
            }
            if count == EXCERPT {
                cut = Some(i);
            }
            count += 1;
            if c == '\\' {
                chars.next();
            }
        }
        if let Some(cut) = cut {
            out.push_str(&message[copied..cut]);
            out.push(open);
            out.push_str(&format!("… ({count} characters)"));
            copied = if closed {
                close_at + open.len_utf8()
            } else {
                message.len()
            };
        }
    }
    if copied == 0 {
        return Cow::Borrowed(message);
    }
    out.push_str(&message[copied..]);
    Cow::Owned(out)
}

/// A value as the user wrote it in a file (`()`, `-3`, `"3"`), for "found …" in a
/// message: blank runs made one space, escaped, and cut to an excerpt with its length
/// like [`excerpt`] (`"xxxx"… (1000002 characters)`).
pub fn as_written(raw: &str) -> String {
    let mut shown = String::new();
    let mut taken = 0;
    let mut blank = false;
    let mut total = 0;
    for c in raw.trim().chars() {
        total += 1;
        if taken > EXCERPT {
            continue;
        }
        if c.is_whitespace() {
            if !blank {
                shown.push(' ');
                taken += 1;
            }
            blank = true;
            continue;
        }
        blank = false;
        taken += 1;
        if taken <= EXCERPT {
            shown.extend(escape(c.encode_utf8(&mut [0; 4])).chars());
        }
    }
    if taken <= EXCERPT {
        return shown;
    }
    // A quoted value cut short keeps its quotes balanced.
    match raw.trim().chars().next() {
        Some(q @ ('"' | '\'')) => format!("{shown}{q}… ({total} characters)"),
        _ => format!("{shown}… ({total} characters)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_shows_tags_quotes_and_entities_as_written() {
        for (text, want) in [
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            ("\" onload=\"x", "&quot; onload=&quot;x"),
            ("it's", "it&#39;s"),
            ("&amp; stays &", "&amp;amp; stays &amp;"),
            ("a\u{1b}]0;x\u{7}b", "a\\u{1b}]0;x\\u{7}b"),
            ("Cat & cow ✓", "Cat &amp; cow ✓"),
        ] {
            assert_eq!(markup(text), want, "{text:?}");
        }
    }

    #[test]
    fn unsafe_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(escape("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape("x\u{2028}y\u{2029}"), "x\\u{2028}y\\u{2029}");
        assert_eq!(escape("\u{9b}\u{7f}\u{202e}"), "\\u{9b}\\u{7f}\\u{202e}");
        // Every Bidi_Control character, the Arabic letter mark included.
        for c in [
            '\u{61c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{2066}', '\u{2069}',
        ] {
            assert!(is_unsafe(c) && is_invisible(c), "{c:?}");
            assert_eq!(
                escape(&format!("a{c}b")),
                format!("a\\u{{{:x}}}b", u32::from(c))
            );
        }
        assert!(matches!(escape("Child's pose · 2 min"), Cow::Borrowed(_)));
        // Invisible but harmless inside a word: kept.
        assert_eq!(escape("a\u{200d}b"), "a\u{200d}b");
    }

    #[test]
    fn names_of_only_invisible_characters_look_empty() {
        for name in [
            "",
            " ",
            "\u{200b}",
            "\u{200b}\u{200c}\u{200d}",
            "\u{2060}\u{feff}",
            "\u{ad} \u{200e}",
        ] {
            assert!(looks_empty(name), "{name:?}");
        }
        assert!(!looks_empty("a\u{200b}"));
    }

    #[test]
    fn excerpts_are_short_and_say_the_length() {
        assert_eq!(excerpt("hold"), "\"hold\"");
        assert_eq!(
            excerpt(&"a".repeat(EXCERPT)),
            format!("\"{}\"", "a".repeat(EXCERPT))
        );
        assert_eq!(
            excerpt(&"é".repeat(1_000_000)),
            format!("\"{}\"… (1000000 characters)", "é".repeat(EXCERPT))
        );
        for c in ['\u{1b}', '\u{2028}', '\u{202e}', '\u{200b}', '\u{9b}'] {
            assert_eq!(
                excerpt(&c.to_string()),
                format!("\"{}\"", c.escape_unicode())
            );
        }
    }

    #[test]
    fn long_quoted_runs_in_messages_are_cut() {
        let long = "x".repeat(1_000);
        assert_eq!(
            shorten_quotes(&format!("colors: \"{long}\" is not a colour")),
            format!(
                "colors: \"{}\"… (1000 characters) is not a colour",
                &long[..40]
            )
        );
        assert_eq!(
            shorten_quotes(&format!("unknown `{long}`; and `b`")),
            format!("unknown `{}`… (1000 characters); and `b`", &long[..40])
        );
        assert_eq!(
            shorten_quotes(&format!("open \"{long}")),
            format!("open \"{}\"… (1000 characters)", &long[..40])
        );
        let short = format!("a \"b\\\"c\" {long}");
        assert_eq!(shorten_quotes(&short), short);
    }

    #[test]
    fn values_are_shown_as_written_and_cut_short() {
        assert_eq!(as_written("()"), "()");
        assert_eq!(as_written("( a:\n   1 )"), "( a: 1 )");
        assert_eq!(as_written("\"3\""), "\"3\"");
        let long = format!("\"{}\"", "x".repeat(1_000_000));
        assert_eq!(
            as_written(&long),
            format!("\"{}\"… (1000002 characters)", "x".repeat(EXCERPT - 1))
        );
        assert_eq!(as_written("\u{1b}[2J"), "\\u{1b}[2J");
    }
}
