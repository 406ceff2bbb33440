//! Text that fits: cut to a number of terminal columns, or wrapped into rows, by the width
//! a terminal gives each character (two columns for wide CJK and most emoji, none for a
//! combining mark). Whatever is cut ends in `…`: a screen never cuts text without a sign.
//! Every screen draws its text through these, and so do the commands' tables
//! ([`cell`], [`pad`], [`pad_left`]): one width rule everywhere. Pure.

use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The sign that text was cut.
pub const ELLIPSIS: &str = "…";

/// Columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// The columns `text` takes, measured only as far as needed to know it takes more than
/// `limit` (then some number over `limit`): a word of 70,000 characters broken into rows
/// is measured a row at a time, not whole again for every row.
fn width_past(text: &str, limit: usize) -> usize {
    let mut used = 0;
    for c in text.chars() {
        used += char_width(c);
        if used > limit {
            return used;
        }
    }
    width(text)
}

/// The longest start of `text` that takes at most `room` columns (no sign added).
fn head(text: &str, room: usize) -> &str {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        used += char_width(c);
        if used > room {
            return &text[..i];
        }
    }
    text
}

/// `text` in at most `room` columns: whole when it fits, else its start and `…`.
pub fn fit(text: &str, room: usize) -> String {
    if width(text) <= room {
        return text.to_string();
    }
    if room == 0 {
        return String::new();
    }
    let kept = head(text, room - 1).trim_end();
    format!("{kept}{ELLIPSIS}")
}

/// `text` in at most `room` columns: whole when it fits, else `…` and its end (a filter
/// being typed: the end is what the person is looking at).
pub fn fit_tail(text: &str, room: usize) -> String {
    if width(text) <= room {
        return text.to_string();
    }
    if room == 0 {
        return String::new();
    }
    let mut used = 0;
    let mut start = text.len();
    for (i, c) in text.char_indices().rev() {
        used += char_width(c);
        if used > room - 1 {
            break;
        }
        start = i;
    }
    format!("{ELLIPSIS}{}", &text[start..])
}

/// A styled line in at most `room` columns: whole when it fits, else cut inside the span
/// that overflows, with `…` in that span's style.
pub fn fit_line(line: Line<'_>, room: usize) -> Line<'static> {
    let owned = |s: &Span<'_>| Span::styled(s.content.to_string(), s.style);
    if line.width() <= room {
        let spans: Vec<Span> = line.spans.iter().map(owned).collect();
        return Line {
            spans,
            style: line.style,
            alignment: line.alignment,
        };
    }
    let mut spans = Vec::new();
    let mut left = room;
    for span in &line.spans {
        let w = width(&span.content);
        if w < left {
            spans.push(owned(span));
            left -= w;
            continue;
        }
        if left > 0 {
            let kept = head(&span.content, left - 1).trim_end();
            spans.push(Span::styled(format!("{kept}{ELLIPSIS}"), span.style));
        }
        break;
    }
    Line {
        spans,
        style: line.style,
        alignment: line.alignment,
    }
}

/// `text` in rows of at most `room` columns, broken at spaces; a word longer than a row
/// is broken where the row ends. `first` starts the first row and `rest` every other one
/// (a list mark and its hanging indent: `"1. "` and `"   "`). Empty text gives one row
/// holding `first`.
pub fn wrap(text: &str, room: usize, first: &str, rest: &str) -> Vec<String> {
    // Marks wider than the row are dropped rather than let them push the text out.
    let (first, rest) = if width(first) < room && width(rest) < room {
        (first, rest)
    } else {
        ("", "")
    };
    let mut rows = Vec::new();
    let mut row = first.to_string();
    let mut used = width(first);
    let mut has_word = false;
    for word in text.split_whitespace() {
        let mut word = word;
        loop {
            let gap = usize::from(has_word);
            let w = width_past(word, room.saturating_sub(used + gap));
            if used + gap + w <= room {
                if has_word {
                    row.push(' ');
                }
                row.push_str(word);
                used += gap + w;
                has_word = true;
                break;
            }
            if has_word {
                rows.push(std::mem::take(&mut row));
                row = rest.to_string();
                used = width(rest);
                has_word = false;
                continue;
            }
            // A word longer than a whole row: as much as fits, the rest on the next.
            let part = head(word, room.saturating_sub(used));
            if part.is_empty() {
                // Not even one character fits (a wide one in a one-column row).
                return rows;
            }
            row.push_str(part);
            rows.push(std::mem::take(&mut row));
            row = rest.to_string();
            used = width(rest);
            word = &word[part.len()..];
            if word.is_empty() {
                break;
            }
        }
    }
    if has_word || rows.is_empty() {
        rows.push(row);
    }
    rows
}

/// At most `max` of `rows`; when some are left out the last one kept ends in `…`.
pub fn clip(mut rows: Vec<String>, max: usize, room: usize) -> Vec<String> {
    if rows.len() <= max {
        return rows;
    }
    rows.truncate(max);
    if let Some(last) = rows.last_mut() {
        *last = mark_cut(last, room);
    }
    rows
}

/// `row` with `…` at its end, within `room` columns (the row is cut to make room).
pub fn mark_cut(row: &str, room: usize) -> String {
    if room == 0 {
        return String::new();
    }
    let kept = head(row, room - 1).trim_end();
    format!("{kept}{ELLIPSIS}")
}

/// A table cell for a command's output: `text` escaped (`backease_core::text::escape`),
/// in at most `room` columns and at most `room` characters (characters that take no
/// column, such as a run of soft hyphens, never make a line of unbounded length).
pub fn cell(text: &str, room: usize) -> String {
    let fitted = fit(&crate::text::escape(text), room);
    match fitted.char_indices().nth(room) {
        None => fitted,
        Some(_) => {
            let keep = fitted
                .char_indices()
                .nth(room.saturating_sub(1))
                .map_or(0, |(i, _)| i);
            format!("{}{ELLIPSIS}", &fitted[..keep])
        }
    }
}

/// `text` followed by spaces to `columns` terminal columns (never cut). `format!("{:<w$}")`
/// counts characters, not columns, and panics when `w` is over 65,535; this does neither.
pub fn pad(text: &str, columns: usize) -> String {
    let used = width(text);
    let mut out = String::with_capacity(text.len() + columns.saturating_sub(used));
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(used)));
    out
}

/// Spaces then `text`, to `columns` terminal columns (never cut).
pub fn pad_left(text: &str, columns: usize) -> String {
    let used = width(text);
    let mut out: String = std::iter::repeat_n(' ', columns.saturating_sub(used)).collect();
    out.push_str(text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    #[test]
    fn cells_fit_and_pad_by_columns_and_never_panic() {
        assert_eq!(cell("abcdef", 4), "abc…");
        assert_eq!(cell("abcd", 4), "abcd");
        assert_eq!(cell("abc", 0), "");
        assert_eq!(cell("a\u{1b}[2J", 40), "a\\u{1b}[2J");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad_left("ab", 4), "  ab");
        assert_eq!(pad("abc", 1), "abc");
        assert_eq!(pad("", 70_000).len(), 70_000);
        // Wide characters take two columns each: cut and padded by columns.
        assert_eq!(cell("日本語のルーチン", 7), "日本語…");
        assert_eq!(width(&pad("日本", 6)), 6);
        assert_eq!(pad("日本", 6), "日本  ");
        assert_eq!(pad_left("🧘", 4), "  🧘");
        // Characters that take no column are bounded too.
        let soft = "\u{ad}".repeat(500);
        assert!(cell(&soft, 10).chars().count() <= 10);
        assert_eq!(cell("", 0), "");
    }

    #[test]
    fn fit_cuts_by_display_width_and_says_so() {
        // (text, room, expected): what a person sees in `room` columns.
        let table = [
            ("you may release (Enter)", 30, "you may release (Enter)"),
            ("you may release (Enter)", 23, "you may release (Enter)"),
            ("you may release (Enter)", 22, "you may release (Ente…"),
            (
                "Chest opener on the foam roller",
                28,
                "Chest opener on the foam ro…",
            ),
            // A space before the sign reads as a gap, not a cut.
            ("chair or counter", 10, "chair or…"),
            ("abc", 1, "…"),
            ("abc", 0, ""),
            ("", 0, ""),
            // Wide characters take two columns; one is never split.
            ("日本語のテキスト", 7, "日本語…"),
            ("日本語のテキスト", 8, "日本語…"),
            ("日本語のテキスト", 9, "日本語の…"),
            // A combining mark stays with its letter and takes no column.
            ("cafe\u{301} au lait", 5, "cafe\u{301}…"),
            ("🙂🙂🙂", 4, "🙂…"),
        ];
        for (text, room, want) in table {
            let got = fit(text, room);
            assert_eq!(got, want, "{text:?} in {room}");
            assert!(width(&got) <= room, "{got:?} wider than {room}");
        }
    }

    #[test]
    fn fit_tail_keeps_the_end() {
        assert_eq!(fit_tail("morning", 10), "morning");
        assert_eq!(fit_tail("morning", 5), "…ning");
        assert_eq!(fit_tail("日本語", 4), "…語");
        assert_eq!(fit_tail("abc", 0), "");
    }

    #[test]
    fn fit_line_cuts_the_span_that_overflows_in_its_style() {
        let line = Line::from(vec![
            Span::raw(" "),
            Span::styled("Space", Style::new().bold()),
            Span::raw(" pause · n skip"),
        ]);
        let got = fit_line(line.clone(), 12);
        let text: String = got.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, " Space paus…");
        assert!(got.width() <= 12);
        // Cut right after a span: the sign goes in the next span's place.
        let got = fit_line(line.clone(), 6);
        let text: String = got.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, " Spac…");
        assert_eq!(got.spans[1].style, Style::new().bold());
        assert_eq!(fit_line(line.clone(), 40).width(), line.width());
    }

    #[test]
    fn wrap_breaks_at_spaces_with_a_hanging_indent() {
        assert_eq!(
            wrap("Roll your shoulders up, back and down.", 20, "2. ", "   "),
            ["2. Roll your", "   shoulders up,", "   back and down."]
        );
        // A word longer than a row is broken where the row ends, nothing lost.
        assert_eq!(wrap("abcdefghij", 4, "", ""), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10, "⚠ ", "  "), ["⚠ "]);
        // Marks that do not fit are dropped; nothing is wider than the room.
        for room in 1..12 {
            for row in wrap("With strong pain, see a doctor 日本語.", room, "⚠ ", "  ") {
                assert!(width(&row) <= room, "{row:?} in {room}");
            }
        }
    }

    #[test]
    fn clip_marks_rows_left_out() {
        let rows = wrap("one two three four five six", 9, "", "");
        assert_eq!(rows, ["one two", "three", "four five", "six"]);
        assert_eq!(clip(rows.clone(), 4, 9), rows);
        assert_eq!(clip(rows.clone(), 2, 9), ["one two", "three…"]);
        assert_eq!(clip(rows.clone(), 3, 9), ["one two", "three", "four fiv…"]);
        assert!(clip(rows, 0, 9).is_empty());
    }
}
