//! Error messages echo at most a short excerpt of what the user wrote, say what was
//! found in the user's words, and refuse text that would show as nothing or break the
//! screen (issue 12, items 16 and 17).

use std::path::Path;

use backease::routine::load::{parse, shipped};

fn check(file: &str) -> String {
    match parse("f.ron", file.as_bytes(), Some(&shipped())) {
        Ok(_) => "ok".to_string(),
        Err(e) => e.to_string(),
    }
}

fn prefs(file: &str) -> String {
    match backease::prefs::parse(file, Path::new("/p.ron")) {
        Ok(_) => "ok".to_string(),
        Err(e) => e.to_string(),
    }
}

/// A message about a megabyte value: one line, a few hundred bytes, and the value's
/// length instead of the value.
fn assert_excerpt(what: &str, message: &str) {
    assert!(message != "ok", "{what}: accepted");
    assert!(
        message.len() < 400 && !message.contains('\n'),
        "{what}: {} bytes: {:.300}",
        message.len(),
        message
    );
}

#[test]
fn a_megabyte_value_is_echoed_as_a_short_excerpt_with_its_length() {
    let big = "x".repeat(1_000_000);
    let ex = |rest: &str| format!("(exercises: [(id: \"a\", name: \"A\", hold: \"1s\"{rest})])");
    let routine_files = [
        ("reps as text", ex(&format!(", reps: \"{big}\""))),
        (
            "reps as a long number",
            ex(&format!(", reps: {}", "9".repeat(1_000_000))),
        ),
        ("rest", ex(&format!(", rest: \"{big}\""))),
        (
            "hold",
            format!("(exercises: [(id: \"a\", name: \"A\", hold: \"{big}\")])"),
        ),
        ("an unknown field", ex(&format!(", {big}: 1"))),
        (
            "a name before a bracket",
            format!("(exercises: [{big}(id: \"a\")])"),
        ),
        ("a word for the file", big.clone()),
        (
            "a step's exercise",
            format!("(routines: [(id: \"r\", name: \"R\", steps: [(exercise: \"{big}\")])])"),
        ),
    ];
    for (what, file) in routine_files {
        let message = check(&file);
        assert_excerpt(what, &message);
        assert!(message.contains("characters)"), "{what}: {message}");
    }
    let prefs_files = [
        ("colors", format!("(colors: \"{big}\")")),
        ("volume", format!("(volume: \"{big}\")")),
        ("lead_in", format!("(lead_in: \"{big}\")")),
        ("an unknown preference", format!("({big}: 1)")),
        (
            "a sound's name",
            format!("(sounds: {{ \"{big}\": \"a.wav\" }})"),
        ),
        (
            "a sound's path",
            format!("(sounds: {{ \"alarm\": \"{big}\u{1b}\" }})"),
        ),
        ("a word for the file", big.clone()),
    ];
    for (what, file) in prefs_files {
        let message = prefs(&file);
        assert_excerpt(what, &message);
        assert!(message.contains("characters)"), "{what}: {message}");
    }
}

#[test]
fn a_wrong_value_is_named_as_it_was_written() {
    let ex =
        |reps: &str| format!("(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", reps: {reps})])");
    for (written, col) in [
        ("()", 53),
        ("[1]", 53),
        ("true", 53),
        ("(a: 1)", 53),
        ("{1: 2}", 53),
        ("'c'", 55),
        ("\"3\"", 54),
    ] {
        assert_eq!(
            check(&ex(written)),
            format!("f.ron:1:{col}: reps must be a whole number, found {written}"),
        );
    }
    let written = format!("\"{}\"", "x".repeat(100));
    assert_eq!(
        check(&ex(&written)),
        format!(
            "f.ron:1:54: reps must be a whole number, found \"{}\"… (102 characters)",
            "x".repeat(39)
        ),
    );
}

#[test]
fn names_made_only_of_invisible_characters_are_refused() {
    let names = [
        ("\u{200b}", "a zero-width space, U+200B"),
        ("\u{200c}\u{200c}", "a zero-width non-joiner, U+200C"),
        ("\u{200d}", "a zero-width joiner, U+200D"),
        ("\u{2060}", "a word joiner, U+2060"),
        ("\u{feff}", "a byte-order mark, U+FEFF"),
        ("\u{ad}\u{ad}", "a soft hyphen, U+00AD"),
        (" \u{200b} \u{2060} ", "a zero-width space, U+200B"),
        ("\u{3164}", "an invisible character, U+3164"),
    ];
    for (name, shown) in names {
        let exercise = format!("(exercises: [(id: \"a\", name: \"{name}\", hold: \"1s\")])");
        assert_eq!(
            check(&exercise),
            format!(
                "f.ron:1:30: name is only invisible characters ({shown}); write the text to show"
            ),
            "{name:?}"
        );
        let routine = format!(
            "(routines: [(id: \"r\", name: \"{name}\", steps: [(exercise: \"cat_cow\")])])"
        );
        assert!(
            check(&routine).contains("name is only invisible characters"),
            "{}",
            check(&routine)
        );
    }
    // Inside a word they are harmless (an emoji sequence, a hyphenation hint): kept.
    let fine = "(exercises: [(id: \"a\", name: \"Cat\u{ad}cow \u{1f9d8}\u{200d}\u{2640}\", hold: \"1s\")])";
    assert_eq!(check(fine), "ok");
}

#[test]
fn line_and_paragraph_separators_are_refused_like_line_breaks() {
    for (c, shown) in [
        ('\u{2028}', "a line separator, U+2028"),
        ('\u{2029}', "a paragraph separator, U+2029"),
        ('\u{85}', "U+0085"),
    ] {
        let file = format!(
            "(routines: [(id: \"r\", name: \"R\", description: \"one{c}two\", steps: [(exercise: \"cat_cow\")])])"
        );
        assert_eq!(
            check(&file),
            format!(
                "f.ron:1:47: description contains a control character ({shown}); write plain text on one line"
            )
        );
    }
    // A sound path in the preferences, too (it is printed by `backease config`).
    let message = prefs("(sounds: { \"alarm\": \"a\u{2028}b.wav\" })");
    assert!(message.contains("a line separator, U+2028"), "{message}");
}
