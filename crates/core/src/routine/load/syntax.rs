//! ron's errors in plain words: what is wrong, which field, and what was expected, at
//! the position ron found it (moved onto the offending value where ron stops short).

use ron::error::{Error, SpannedError};

use super::{Problems, nearest, quote};
use crate::routine::positions::Pos;
use crate::text::as_written;

/// Adds the problem ron found to `report`.
pub(super) fn report(err: &SpannedError, report: &mut Problems) {
    let (pos, message) = translate(err, report);
    report.push(pos, message);
}

/// The field an unknown field name probably meant: a known alias, or a close spelling.
pub(super) fn meant(found: &str, fields: &[&'static str]) -> Option<&'static str> {
    let alias = match found {
        "duration" | "time" | "length" => Some("hold"),
        "repetitions" | "repeat" | "repeats" => Some("reps"),
        "title" => Some("name"),
        _ => None,
    };
    alias
        .filter(|a| fields.contains(a))
        .or_else(|| nearest(found, fields.iter().copied()))
}

/// What the raw struct is called in the user's words.
fn thing(outer: Option<&str>) -> &'static str {
    match outer {
        Some("RawExercise") => "exercise",
        Some("RawRoutine") => "routine",
        Some("RawStep") => "step",
        Some("RawPose") => "pose",
        Some("Ball" | "Roller" | "Wall" | "Chair" | "Counter" | "Bath" | "Pad") => "prop",
        _ => "file",
    }
}

fn example(field: &str, kind: &str) -> &'static str {
    match (field, kind) {
        ("id", "routine") => "id: \"evening\"",
        ("id", _) => "id: \"neck_tilt\"",
        ("name", _) => "name: \"Neck tilt\"",
        ("hold", _) => "hold: \"15s\"",
        ("steps", _) => "steps: [(exercise: \"cat_cow\")]",
        ("exercise", _) => "exercise: \"cat_cow\"",
        _ => "",
    }
}

/// The field a path names, in the user's words: `hold`, `cue 2`, `exercise 3`.
fn field_name(path: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    if let Some((field, index)) = last.split_once('[') {
        let n = index
            .trim_end_matches(']')
            .parse::<usize>()
            .map_or(0, |n| n + 1);
        let item = match field {
            "cues" => "cue",
            "sides" => "side",
            "equipment" => "equipment item",
            "safety" => "safety note",
            "exercises" => "exercise",
            "routines" => "routine",
            "steps" => "step",
            other => other,
        };
        return format!("{item} {n}");
    }
    if last.is_empty() {
        "the file".to_string()
    } else {
        last.to_string()
    }
}

/// `a` or `an` with the word.
fn article(word: &str) -> String {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {word}")
    } else {
        format!("a {word}")
    }
}

/// A serde "expected" phrase as a person would say it.
fn expected_plainly(expected: &str) -> String {
    match expected {
        "a string" => "text in double quotes".to_string(),
        "a sequence" => "a list in [ ]".to_string(),
        "a whole number" => "a whole number".to_string(),
        e if e.starts_with("struct Raw") => "( … ) with named fields".to_string(),
        e if e.starts_with("option") => "a value".to_string(),
        e => e.to_string(),
    }
}

/// serde's "found" phrase as a person would say it, at most an excerpt long.
fn excerpt_plainly(found: &str) -> String {
    let found = found
        .replace("the unsigned integer", "the number")
        .replace("the signed integer", "the number")
        .replace("the floating point number", "the number")
        .replace('`', "");
    as_written(&found)
}

fn translate(err: &SpannedError, report: &Problems) -> (Pos, String) {
    let spans = report.spans();
    let text = spans.text();
    let ron_pos = Pos {
        line: err.span.start.line,
        column: err.span.start.col,
    };
    let raw_offset = spans.offset(ron_pos);
    // ron often stops before the blank space in front of the value at fault.
    let offset = spans.skip_blank(raw_offset);
    let here = spans.position(offset);
    // ron reports a file cut short at its last value; when brackets are left open and
    // nothing follows the error, the problem is the end of the file.
    let end_offset = spans.offset(Pos {
        line: err.span.end.line,
        column: err.span.end.col,
    });
    let after_error = text[end_offset..]
        .chars()
        .next()
        .map_or(end_offset, |c| end_offset + c.len_utf8());
    let cut_short = spans.enclosing(text.len()).is_some_and(|f| f.end.is_none())
        && spans.skip_blank(after_error) >= text.len();
    let at_end = offset >= text.len() || cut_short;
    let next_char = text.get(offset..).and_then(|s| s.chars().next());
    let field = spans
        .innermost(offset)
        .as_deref()
        .map(field_name)
        .unwrap_or_default();

    // A closing bracket that does not match, or the end of the file where one is due.
    let unclosed = || -> (Pos, String) {
        let open = spans.enclosing(if at_end { text.len() } else { offset.max(1) });
        let closer = open.map_or(')', |f| f.closer);
        let opened = open.map(|f| spans.position(f.start));
        let opened = opened.map_or(String::new(), |p| {
            format!(" (it opens at line {}, column {})", p.line, p.column)
        });
        if at_end {
            (
                spans.position(text.trim_end().len()),
                format!("the file ends too early: a \"{closer}\" is missing{opened}"),
            )
        } else {
            let found = next_char.unwrap_or(' ');
            (
                here,
                format!("found \"{found}\" where a \",\" or \"{closer}\" was expected{opened}"),
            )
        }
    };
    let is_closer = matches!(next_char, Some(')' | ']' | '}'));

    match &err.code {
        Error::Eof => unclosed(),
        Error::ExpectedComma
        | Error::ExpectedArrayEnd
        | Error::ExpectedStructLikeEnd
        | Error::ExpectedOptionEnd
        | Error::ExpectedMapEnd => {
            if at_end || is_closer {
                unclosed()
            } else {
                // After text, where no field name follows, the text's closing quote
                // was probably forgotten (`"a, name: "A"`).
                let before = text[..offset].trim_end();
                let rest = &text[offset..];
                let name_len = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                let field_follows = name_len > 0 && rest[name_len..].trim_start().starts_with(':');
                let hint = if before.ends_with('"') && !field_follows {
                    ", or a closing double quote is missing before it"
                } else {
                    ""
                };
                (
                    here,
                    format!(
                        "expected a comma \",\" before this (between two fields or list items){hint}"
                    ),
                )
            }
        }
        Error::ExpectedIdentifier if is_closer || at_end => unclosed(),
        Error::ExpectedIdentifier => (here, "expected a field name, like hold:".to_string()),
        Error::ExpectedMapColon => (here, "expected \":\" after the field name".to_string()),
        Error::ExpectedString => (
            here,
            format!("{field} must be text in double quotes, like \"…\""),
        ),
        Error::ExpectedStringEnd => (here, "this text has no closing double quote".to_string()),
        Error::ExpectedArray => (here, format!("{field} must be a list in [ ], like [\"…\"]")),
        Error::ExpectedStructLike | Error::ExpectedNamedStructLike(_) => {
            let name = match &err.code {
                Error::ExpectedNamedStructLike(n) => Some(*n),
                _ => None,
            };
            let message = match thing(name) {
                "file" if at_end => {
                    "the file is empty; it should hold ( exercises: [ … ], routines: [ … ] )"
                        .to_string()
                }
                "file" => "expected \"(\": the file holds ( exercises: [ … ], routines: [ … ] )"
                    .to_string(),
                kind => format!(
                    "expected \"(\": each {kind} is written ( {} ) with named fields",
                    example(if kind == "step" { "exercise" } else { "id" }, kind)
                ),
            };
            (here, message)
        }
        // `Exercise(…)` or a stray word where `(` is due: ron reads a struct name, which
        // would otherwise show our internal type name (`RawExercise`).
        Error::ExpectedDifferentStructName { expected, found } => {
            let message = match thing(Some(expected)) {
                "file" => format!(
                    "unexpected {} before the file's \"(\": the file holds ( exercises: [ … ], routines: [ … ] )",
                    quote(found)
                ),
                kind => format!(
                    "unexpected {} before \"(\": write each {kind} as ( … ) without a name in front",
                    quote(found)
                ),
            };
            (here, message)
        }
        // A prop's name mistyped (`Countex(…)`): ron names our enum (`RawProp`).
        Error::NoSuchEnumVariant {
            expected, found, ..
        } => {
            let near = nearest(found, expected.iter().copied());
            let hint = near.map_or(String::new(), |n| format!("; did you mean {n:?}?"));
            (
                here,
                format!(
                    "unknown prop {}{hint} (props: {})",
                    quote(found),
                    expected.join(", ")
                ),
            )
        }
        Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let kind = thing(outer.as_deref());
            let near = meant(found, expected);
            let hint = near.map_or(String::new(), |n| format!("; did you mean {n:?}?"));
            (
                here,
                format!(
                    "unknown field {} in {}{hint} (fields: {})",
                    quote(found),
                    article(kind),
                    expected.join(", ")
                ),
            )
        }
        Error::MissingStructField { field, outer } => {
            let kind = thing(outer.as_deref());
            let item = spans.innermost(offset).unwrap_or_default();
            let id_field = if kind == "step" { "exercise" } else { "id" };
            let name = spans
                .raw(&format!("{item}.{id_field}"))
                .filter(|s| s.len() < 70 && !s.contains('\\'))
                .map(|s| format!("{kind} {s}"))
                .unwrap_or_else(|| format!("this {kind}"));
            let pos = spans.get(&item).unwrap_or(here);
            (
                pos,
                format!(
                    "{name} has no {field}; add one, like {}",
                    example(field, kind)
                ),
            )
        }
        Error::DuplicateStructField { field, outer } => (
            here,
            format!("{field} is given twice in this {}", thing(outer.as_deref())),
        ),
        // What was found, as the user wrote it (`found ()`), not as serde names it (`a
        // unit value`); serde's words, cut short, only where the text is not indexed.
        Error::InvalidValueForType { expected, found } => {
            let written = spans
                .innermost(offset)
                .and_then(|path| spans.raw(&path))
                .map(as_written);
            let found = match written {
                Some(w) => format!("found {w}"),
                None => format!("not {}", excerpt_plainly(found)),
            };
            (
                here,
                format!("{field} must be {}, {found}", expected_plainly(expected)),
            )
        }
        Error::IntegerOutOfBounds => (here, format!("{field}: this number is too large")),
        Error::ExceededRecursionLimit => (here, "brackets are nested too deeply here".to_string()),
        Error::UnclosedBlockComment => (here, "a /* comment is never closed with */".to_string()),
        Error::TrailingCharacters => (
            here,
            "unexpected text after the file's closing \")\"".to_string(),
        ),
        Error::UnexpectedChar(c) => (here, format!("unexpected character {c:?}")),
        Error::InvalidEscape(what) => (
            here,
            format!("{}; write a backslash in text as \\\\", lower_first(what)),
        ),
        other => (here, lower_first(&other.to_string())),
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
