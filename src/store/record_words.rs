//! Why a history record cannot be read, in the user's words: what is wrong and where,
//! not serde's "Expected struct `SessionRecord` but found `garbage`". Used by the history
//! reader when it moves an unreadable file aside.

use ron::error::{Error, SpannedError};

/// `LINE:COLUMN: what is wrong`, for a record file (`text`) ron could not read.
pub fn record_problem(e: &SpannedError, text: &str) -> String {
    let at = format!("{}:{}", e.span.start.line, e.span.start.col);
    let last = text.trim_end();
    let last_line = last.matches('\n').count() + 1;
    let last_col = last.rsplit('\n').next().unwrap_or("").chars().count();
    // ron points at the last thing it read; it ran out of text if that ends the text.
    let at_end = !last.is_empty()
        && (e.span.end.line > last_line
            || (e.span.end.line == last_line && e.span.end.col > last_col));
    let words = match &e.code {
        Error::ExpectedNamedStructLike(_)
        | Error::ExpectedStructLike
        | Error::ExpectedDifferentStructName { .. }
        | Error::ExpectedIdentifier
            if e.span.start.line == 1 && e.span.start.col <= 2 =>
        {
            "this is not a backease session record (a record starts with \"(\" and names \
             its fields: routine, started, outcome, …)"
                .to_string()
        }
        _ if at_end => "the record ends too early (it may have been cut short while it was \
                       being written or copied)"
            .to_string(),
        Error::MissingStructField { field, .. } => {
            format!("the record has no \"{field}\", which every record has")
        }
        Error::NoSuchStructField { found, .. } => format!(
            "unknown field \"{found}\" (a newer version of backease may have written this \
             record)"
        ),
        Error::DuplicateStructField { field, .. } => format!("\"{field}\" is given twice"),
        Error::NoSuchEnumVariant { found, .. } => format!(
            "\"{found}\" is not a value this version of backease knows (a newer version may \
             have written this record)"
        ),
        Error::InvalidValueForType { expected, found } => {
            format!("a value is {found}, where {expected} belongs")
        }
        Error::Message(m) => lower_first(m),
        code @ (Error::ExpectedString
        | Error::ExpectedInteger
        | Error::ExpectedFloat
        | Error::ExpectedBoolean
        | Error::ExpectedArray
        | Error::ExpectedMap
        | Error::ExpectedStructLike
        | Error::ExpectedNamedStructLike(_)
        | Error::IntegerOutOfBounds)
            if field_at(text, e.span.start.line, e.span.start.col).is_some() =>
        {
            let field = field_at(text, e.span.start.line, e.span.start.col).unwrap_or_default();
            let what = match code {
                Error::ExpectedString => "text in double quotes",
                Error::ExpectedInteger => "a whole number",
                Error::ExpectedFloat => "a number",
                Error::ExpectedBoolean => "true or false",
                Error::ExpectedArray => "a list in [ ]",
                Error::ExpectedMap => "a map in { }",
                Error::IntegerOutOfBounds => "a smaller number",
                _ => "( … ) with named fields",
            };
            format!("\"{field}\" should be {what}")
        }
        other => format!(
            "the record's text is damaged here ({})",
            lower_first(&other.to_string())
        ),
    };
    format!("{at}: {}", crate::routine::load::plain(&words))
}

/// The name of the innermost field whose value holds 1-based `line` and `column`.
fn field_at(text: &str, line: usize, column: usize) -> Option<String> {
    let start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let rest = text.get(start..)?;
    let offset = start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i);
    crate::routine::positions::field_entries(text)
        .into_iter()
        .filter(|e| e.start <= offset && offset <= e.end)
        .min_by_key(|e| e.end - e.start)
        .map(|e| e.name)
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::SessionRecord;

    fn problem(text: &str) -> String {
        let e = ron::from_str::<SessionRecord>(text).expect_err("not a record");
        record_problem(&e, text)
    }

    #[test]
    fn a_broken_record_is_told_in_plain_words() {
        for (text, want) in [
            ("garbage", "1:1: this is not a backease session record"),
            ("", "1:1: this is not a backease session record"),
            ("(routine: \"a\"", "the record ends too early"),
            ("(colour: 1)", "the record has no \"routine\""),
            (
                "(\n    routine: \"a\",\n    routine_name: 12,\n)\n",
                "3:18: \"routine_name\" should be text in double quotes",
            ),
        ] {
            let got = problem(text);
            assert!(got.contains(want), "{text:?}: {got}");
            assert!(!got.contains("SessionRecord"), "{got}");
            assert!(!got.contains('`'), "{got}");
        }
    }
}
