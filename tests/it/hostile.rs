//! Hostile and broken input for both loaders of user-written files (routine files and
//! preferences): deep nesting, huge values, sizes at the limit, numbers at every edge,
//! bytes that are not text, byte-order marks, CRLF, NUL and every control character. Each
//! gets a clear error at its line and column, or loads correctly; and nothing that loads
//! can carry a control character to the terminal. Inputs are bounded (at most a few MiB),
//! so "no hang" is shown by the suite finishing; there are no timing asserts.

use std::path::Path;
use std::sync::OnceLock;

use backease::prefs::{self, Preferences, PrefsError};
use backease::routine::load::{LoadError, MAX_FILE_BYTES, parse, shipped};
use backease::routine::{Library, Timing};
use backease::store;
use proptest::prelude::*;

const PREFS: &str = "/home/me/.config/backease/preferences.ron";

/// The shipped library, parsed once: every file here is merged over it, as the app does.
fn base() -> &'static Library {
    static BASE: OnceLock<Library> = OnceLock::new();
    BASE.get_or_init(shipped)
}

fn load(bytes: &[u8]) -> Result<Library, LoadError> {
    parse("f.ron", bytes, Some(base()))
}

/// What `backease check` prints for a routine file.
fn check(bytes: &[u8]) -> String {
    match load(bytes) {
        Ok(lib) => {
            assert_plain(&lib);
            "ok".to_string()
        }
        Err(e) => {
            assert_located(bytes, &e);
            e.to_string()
        }
    }
}

fn load_prefs(text: &str) -> Result<Preferences, PrefsError> {
    prefs::parse(text, Path::new(PREFS))
}

fn prefs_err(text: &str) -> String {
    match load_prefs(text) {
        Ok(p) => panic!("expected an error for {:.60?}, got {p:?}", text),
        Err(e) => {
            assert_prefs_located(text, &e);
            e.to_string()
        }
    }
}

/// A character that must never reach the terminal from a file: control characters
/// (C0, DEL, C1) and the invisible text-direction marks.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// Every piece of text in a library: ids, names, descriptions, cues, sides, equipment and
/// safety notes of every exercise, routine and step.
fn all_text(lib: &Library) -> Vec<&str> {
    let mut out = Vec::new();
    let steps = lib.routines.iter().flat_map(|r| r.steps.iter());
    for e in lib.exercises.iter().chain(steps) {
        out.extend([e.id.as_str(), &e.name, &e.description]);
        for list in [&e.cues, &e.sides, &e.equipment, &e.safety] {
            out.extend(list.iter().map(String::as_str));
        }
    }
    for r in &lib.routines {
        out.extend([r.id.as_str(), &r.name, &r.description]);
        out.extend(r.safety.iter().map(String::as_str));
    }
    out
}

fn assert_plain(lib: &Library) {
    for text in all_text(lib) {
        assert!(
            !text.chars().any(unsafe_char),
            "{text:?} reached the library"
        );
    }
}

/// Every problem points inside the file (or at the whole file) and prints safely.
fn assert_located(bytes: &[u8], e: &LoadError) {
    assert!(!e.problems.is_empty());
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    for p in &e.problems {
        assert!(!p.message.is_empty());
        assert!(!p.message.chars().any(unsafe_char), "{:?}", p.message);
        // Our internal type names (`RawExercise`) never show.
        assert!(!p.message.contains("`Raw"), "{:?}", p.message);
        if p.line == 0 {
            assert_eq!(p.column, 0);
            continue;
        }
        assert!(p.line <= lines.len(), "line {} of {}", p.line, lines.len());
        let width = lines[p.line - 1].chars().count();
        assert!(
            p.column >= 1 && p.column <= width + 2,
            "column {} of {width}",
            p.column
        );
    }
}

fn assert_prefs_located(text: &str, e: &PrefsError) {
    let PrefsError::Invalid {
        line,
        column,
        message,
        ..
    } = e
    else {
        panic!("parse never reads a file: {e}");
    };
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(*line >= 1 && *line <= lines.len(), "line {line}: {e}");
    let width = lines[line - 1].chars().count();
    assert!(
        *column >= 1 && *column <= width + 2,
        "column {column} of {width}: {e}"
    );
    assert!(!message.is_empty());
    assert!(!e.to_string().chars().any(unsafe_char), "{e:?}");
}

/// A one-exercise file with `name` as written (already a RON string body).
fn exercise_named(name: &str) -> String {
    format!("(exercises: [(id: \"a\", name: \"{name}\", hold: \"1s\")])")
}

// ---------------------------------------------------------------------------------------
// Nesting and size

#[test]
fn deep_nesting_is_refused_at_the_depth_limit() {
    for (text, want) in [
        (
            "(".repeat(10_000),
            "f.ron:1:2: expected a field name, like hold:",
        ),
        (
            "(".repeat(100_000),
            "f.ron:1:2: expected a field name, like hold:",
        ),
        (
            format!("(exercises: {}", "[".repeat(10_000)),
            "f.ron:1:14: expected \"(\": each exercise is written ( id: \"neck_tilt\" ) with named fields",
        ),
        (
            format!("(exercises: {}", "[".repeat(100_000)),
            "f.ron:1:14: expected \"(\": each exercise is written ( id: \"neck_tilt\" ) with named fields",
        ),
        (
            format!(
                "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", cues: {})])",
                "[".repeat(100_000)
            ),
            "f.ron:1:54: cue 1 must be text in double quotes, like \"…\"",
        ),
    ] {
        assert_eq!(check(text.as_bytes()), want, "{:.40}", text);
    }
}

#[test]
fn deep_nesting_where_anything_goes_hits_the_recursion_limit() {
    // `Some(` nests through the option extension; ron's recursion limit stops it.
    let text = format!(
        "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", reps: {})])",
        "Some(".repeat(10_000)
    );
    let got = check(text.as_bytes());
    assert!(got.starts_with("f.ron:1:"), "{got:.200}");
    let text = format!("(volume: {}", "Some(".repeat(100_000));
    let got = prefs_err(&text);
    assert!(got.starts_with(&format!("{PREFS}:1:")), "{got:.200}");
}

#[test]
fn prefs_deep_nesting_is_refused() {
    for text in [
        "(".repeat(10_000),
        "[".repeat(100_000),
        format!("(sounds: {}", "{".repeat(100_000)),
        format!("(volume: {}", "[".repeat(100_000)),
    ] {
        let got = prefs_err(&text);
        assert!(got.starts_with(&format!("{PREFS}:1:")), "{got:.200}");
    }
}

#[test]
fn huge_strings_are_refused_by_length_with_their_field() {
    let _cpu = crate::common::lanes::cpu();
    let three_mib = 3 * 1024 * 1024;
    let name = exercise_named(&"a".repeat(three_mib));
    assert_eq!(
        check(name.as_bytes()),
        format!("f.ron:1:30: name is {three_mib} characters long; the limit is 80")
    );
    // Multi-byte characters are counted as characters, not bytes.
    let cue = format!(
        "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", cues: [\"{}\"])])",
        "é".repeat(three_mib / 2)
    );
    assert_eq!(
        check(cue.as_bytes()),
        format!(
            "f.ron:1:54: cue 1 is {} characters long; the limit is 1000",
            three_mib / 2
        )
    );
    let hold = format!(
        "(exercises: [(id: \"a\", name: \"A\", hold: \"{}\")])",
        "9".repeat(three_mib)
    );
    assert_eq!(
        check(hold.as_bytes()),
        format!(
            "f.ron:1:41: hold \"{}\"… ({three_mib} characters) is not a duration; write it like \"15s\", \"2m\", \"1m30s\", a range \"10-15s\", \"open\" or \"untimed\"",
            "9".repeat(40)
        )
    );
    let id = format!(
        "(routines: [(id: \"r\", name: \"R\", steps: [(exercise: \"{}\")])])",
        "x".repeat(three_mib)
    );
    assert_eq!(
        check(id.as_bytes()),
        format!(
            "f.ron:1:53: no exercise \"{}\"… ({three_mib} characters) in this file or the built-in library",
            "x".repeat(40)
        )
    );
    let prefs = format!("(\n    colors: \"{}\",\n)", "a".repeat(three_mib));
    let got = prefs_err(&prefs);
    assert!(
        got.starts_with(&format!("{PREFS}:2:")) && got.contains("colors: "),
        "{got:.200}"
    );
    let sound = format!("(sounds: {{ \"alarm\": \"{}\" }})", "a".repeat(three_mib));
    let p = load_prefs(&sound).expect("a long path is still a path");
    assert_eq!(p.sound_files().len(), 1);
}

/// A valid file padded with a comment to exactly `len` bytes.
fn padded(len: usize) -> Vec<u8> {
    let head = "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\")])\n// ";
    let mut bytes = head.as_bytes().to_vec();
    bytes.resize(len, b'x');
    bytes
}

#[test]
fn files_at_the_size_limit() {
    let at_limit = padded(MAX_FILE_BYTES);
    let lib = parse("f.ron", &at_limit, None).expect("exactly 4 MiB is allowed");
    assert_eq!(lib.exercises.len(), 1);
    let under = padded(MAX_FILE_BYTES - 1);
    assert!(parse("f.ron", &under, None).is_ok());
    let over = padded(MAX_FILE_BYTES + 1);
    assert_eq!(
        check(&over),
        "f.ron: the file is 4.0 MiB; a routine file may be at most 4 MiB"
    );
    let way_over = padded(3 * MAX_FILE_BYTES);
    assert_eq!(
        check(&way_over),
        "f.ron: the file is 12.0 MiB; a routine file may be at most 4 MiB"
    );
}

#[test]
fn a_multi_megabyte_file_of_many_values_fails_cleanly() {
    let _cpu = crate::common::lanes::cpu();
    // Half a million list items: the error index is built for every one of them (a full
    // 4 MiB of them is measured by scripts/bench.sh: ~58 MB and ~1 s in a release build).
    let n = 1024 * 1024 / 2;
    let items = format!("(exercises: [{}])", "1,".repeat(n));
    assert_eq!(
        check(items.as_bytes()),
        "f.ron:1:14: expected \"(\": each exercise is written ( id: \"neck_tilt\" ) with named fields"
    );
    let commas = format!(
        "(exercises: [(id: \"a\"{}",
        ",".repeat(MAX_FILE_BYTES - 100)
    );
    assert_eq!(
        check(commas.as_bytes()),
        "f.ron:1:23: expected a field name, like hold:"
    );
    let lines = "\n".repeat(MAX_FILE_BYTES - 10) + "x";
    assert_eq!(
        check(lines.as_bytes()),
        format!(
            "f.ron:{}:1: unexpected \"x\" before the file's \"(\": the file holds ( exercises: [ … ], routines: [ … ] )",
            MAX_FILE_BYTES - 9
        )
    );
}

#[test]
fn a_multi_megabyte_file_of_valid_exercises_loads() {
    let _cpu = crate::common::lanes::cpu();
    let one = "(id: \"e00000\", name: \"Exercise\", hold: \"10s\", cues: [\"Breathe.\"]),\n";
    let n = (MAX_FILE_BYTES - 100) / one.len();
    let mut text = String::from("(exercises: [\n");
    for i in 0..n {
        text.push_str(&one.replace("00000", &format!("{i:05}")));
    }
    text.push_str("])\n");
    assert!(text.len() <= MAX_FILE_BYTES && text.len() > 3 * 1024 * 1024);
    let lib = parse("f.ron", text.as_bytes(), None).expect("valid");
    assert_eq!(lib.exercises.len(), n);
    // The same file with one mistake at the very end is located there.
    let bad = text.replacen(
        &format!("e{:05}\", name: \"Exercise\", hold: \"10s\"", n - 1),
        &format!("e{:05}\", name: \"Exercise\", hold: \"0s\"", n - 1),
        1,
    );
    assert_eq!(
        check(bad.as_bytes()),
        format!(
            "f.ron:{}:40: hold \"0s\" is zero; a hold must be longer than zero",
            n + 1
        )
    );
}

// ---------------------------------------------------------------------------------------
// Numbers and durations

#[test]
fn counts_at_every_edge() {
    let cases = [
        ("1", Ok(1)),
        ("100", Ok(100)),
        ("0", Err("0")),
        ("-1", Err("-1")),
        ("101", Err("101")),
        ("4294967297", Err("4294967297")),
        ("18446744073709551615", Err("18446744073709551615")),
        ("-9223372036854775808", Err("-9223372036854775808")),
        // Shown whole (it was cut to 30 digits without a word, a different number); a
        // longer one is an excerpt with its length (issue 12, item 17).
        (
            "340282366920938463463374607431768211455",
            Err("340282366920938463463374607431768211455"),
        ),
        (
            "3402823669209384634633746074317682114550000",
            Err("3402823669209384634633746074317682114550… (43 characters)"),
        ),
        ("1e400", Err("1e400")),
        ("-1e400", Err("-1e400")),
        ("NaN", Err("NaN")),
        ("inf", Err("inf")),
        ("-inf", Err("-inf")),
        ("2.5", Err("2.5")),
        ("1.0", Err("1.0")),
        ("0x10", Ok(16)),
        ("0b1", Ok(1)),
    ];
    for (written, want) in cases {
        let text =
            format!("(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", reps: {written})])");
        match want {
            Ok(n) => {
                let lib = parse("f.ron", text.as_bytes(), None).expect(written);
                assert_eq!(lib.exercises[0].reps, n);
            }
            Err(shown) => assert_eq!(
                check(text.as_bytes()),
                format!("f.ron:1:53: reps must be a whole number from 1 to 100, not {shown}"),
                "reps: {written}"
            ),
        }
        // The same as a step's rounds.
        let text = format!(
            "(routines: [(id: \"r\", name: \"R\", steps: [(exercise: \"cat_cow\", rounds: {written})])])"
        );
        let got = check(text.as_bytes());
        match want {
            Ok(n) if n <= 20 => assert!(got == "ok", "rounds: {written}: {got}"),
            Ok(_) => assert_eq!(
                got,
                format!("f.ron:1:72: rounds must be a whole number from 1 to 20, not {written}")
            ),
            Err(shown) => assert_eq!(
                got,
                format!("f.ron:1:72: rounds must be a whole number from 1 to 20, not {shown}"),
                "rounds: {written}"
            ),
        }
    }
}

#[test]
fn volume_at_every_edge() {
    for ok in [0u8, 1, 100] {
        let p = load_prefs(&format!("(volume: {ok})")).expect("in range");
        assert_eq!(p.volume(), ok);
        let p = load_prefs(&format!("(volume: {ok}.0)")).expect("whole");
        assert_eq!(p.volume(), ok);
    }
    for (written, col, want) in [
        ("-1", 11, "volume: -1 is out of range; use 0 to 100"),
        ("101", 10, "volume: 101 is out of range; use 0 to 100"),
        ("256", 10, "volume: 256 is out of range; use 0 to 100"),
        (
            "18446744073709551615",
            10,
            "volume: 18446744073709551615 is out of range; use 0 to 100",
        ),
        (
            "1e400",
            10,
            "volume: the number is out of range; use 0 to 100",
        ),
        (
            "inf",
            10,
            "volume: the number is out of range; use 0 to 100",
        ),
        ("NaN", 10, "volume: NaN is not a whole number; use 0 to 100"),
        (
            "50.5",
            10,
            "volume: 50.5 is not a whole number; use 0 to 100",
        ),
        (
            "-0.5",
            10,
            "volume: -0.5 is not a whole number; use 0 to 100",
        ),
        ("-3.0", 10, "volume: -3 is out of range; use 0 to 100"),
    ] {
        assert_eq!(
            prefs_err(&format!("(volume: {written})")),
            format!("{PREFS}:1:{col}: {want}"),
            "volume: {written}"
        );
    }
}

#[test]
fn durations_at_every_edge() {
    let routine = |field: &str, value: &str| {
        check(
            format!("(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", {field}: \"{value}\")])")
                .as_bytes(),
        )
    };
    let col = |field: &str| 47 + field.len() + 2;
    for field in ["rest", "switch", "lead_in"] {
        let c = col(field);
        assert_eq!(
            routine(field, "99999h"),
            format!("f.ron:1:{c}: {field} \"99999h\" is too long; it may be at most 4 hours")
        );
        assert_eq!(
            routine(field, "18446744073709551615h"),
            format!(
                "f.ron:1:{c}: {field} \"18446744073709551615h\" is not a duration; write one length like \"5s\", \"1m\" or \"0s\" for none"
            )
        );
        assert_eq!(
            routine(field, "-5s"),
            format!(
                "f.ron:1:{c}: {field} \"-5s\" is not a duration; write one length like \"5s\", \"1m\" or \"0s\" for none"
            )
        );
        assert!(routine(field, "0s") == "ok");
        assert!(routine(field, "4h") == "ok");
    }
    let hold = |value: &str| exercise_hold(value);
    assert_eq!(
        hold("99999h"),
        "f.ron:1:41: hold \"99999h\" is too long; a hold may be at most 4 hours"
    );
    assert_eq!(
        hold("1-99999h"),
        "f.ron:1:41: hold \"1-99999h\" is too long; a hold may be at most 4 hours"
    );
    assert_eq!(
        hold("99999999999999999999s"),
        "f.ron:1:41: hold \"99999999999999999999s\" is not a duration; write it like \"15s\", \"2m\", \"1m30s\", a range \"10-15s\", \"open\" or \"untimed\""
    );
    assert_eq!(
        hold("0s"),
        "f.ron:1:41: hold \"0s\" is zero; a hold must be longer than zero"
    );
    assert_eq!(hold("4h"), "ok");
    assert_eq!(
        hold("4h1s"),
        "f.ron:1:41: hold \"4h1s\" is too long; a hold may be at most 4 hours"
    );

    for (field, value, want) in [
        (
            "lead_in",
            "99999h",
            "lead_in: 99999 h is out of range; use 0 s to 1 min",
        ),
        (
            "alarm_repeat",
            "99999h",
            "alarm_repeat: 99999 h is out of range; use 1 s to 10 min",
        ),
        (
            "alarm_give_up",
            "99999h",
            "alarm_give_up: 99999 h is out of range; use 10 s to 4 h",
        ),
        (
            "alarm_give_up",
            "18446744073709551615h",
            "alarm_give_up: \"18446744073709551615h\" is not a duration; write it like \"15s\", \"20m\", \"1m30s\" or a range \"10-15s\"",
        ),
        (
            "alarm_repeat",
            "0s",
            "alarm_repeat: 0 s is out of range; use 1 s to 10 min",
        ),
    ] {
        let text = format!("(\n    {field}: \"{value}\",\n)");
        // ron points at the text inside the quotes.
        let col = 4 + field.len() + 4;
        assert_eq!(
            prefs_err(&text),
            format!("{PREFS}:2:{col}: {want}"),
            "{field}: {value}"
        );
    }
}

fn exercise_hold(value: &str) -> String {
    check(format!("(exercises: [(id: \"a\", name: \"A\", hold: \"{value}\")])").as_bytes())
}

// ---------------------------------------------------------------------------------------
// Encodings, line ends, NUL

#[test]
fn bytes_that_are_not_utf8_name_their_line_and_byte() {
    for (bytes, want) in [
        (
            &b"\xff(exercises: [])"[..],
            "f.ron:1:1: the file is not UTF-8 text (byte 0 cannot be read); save it as UTF-8",
        ),
        (
            b"(\r\n  exercises: [(id: \"a\", name: \"\xc3\", hold: \"1s\")])",
            "f.ron:2:32: the file is not UTF-8 text (byte 34 cannot be read); save it as UTF-8",
        ),
        (
            b"(exercises: [])\xed\xa0\x80",
            "f.ron:1:16: the file is not UTF-8 text (byte 15 cannot be read); save it as UTF-8",
        ),
        (
            b"\xfe\xff\x00(",
            "f.ron:1:1: the file is not UTF-8 text (byte 0 cannot be read); save it as UTF-8",
        ),
    ] {
        assert_eq!(check(bytes), want);
    }
    // Preferences: the shell reads the file as text and says so.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("preferences.ron");
    std::fs::write(&path, b"(volume: 50, colors: \"\xff\")").expect("write");
    let loaded = store::prefs::load_from(&path);
    assert_eq!(loaded.prefs, Preferences::default());
    assert_eq!(
        loaded.error.map(|e| e.to_string()),
        Some(format!(
            "could not read {}: stream did not contain valid UTF-8",
            path.display()
        ))
    );
}

#[test]
fn a_byte_order_mark_is_not_content() {
    let good = "\u{feff}(exercises: [(id: \"a\", name: \"A\", hold: \"1s\")])";
    assert_eq!(
        parse("f.ron", good.as_bytes(), None).map(|l| l.exercises.len()),
        Ok(1)
    );
    // Columns count from after the mark, as an editor shows them.
    assert_eq!(
        check("\u{feff}(exercises: [(id: \"a\", name: \"A\", hold: \"0s\")])".as_bytes()),
        "f.ron:1:41: hold \"0s\" is zero; a hold must be longer than zero"
    );
    // A mark anywhere else is a character like any other.
    assert_eq!(
        check("(exercises: [(id: \"a\", name: \"A\u{feff}\", hold: \"1s\")])".as_bytes()),
        "ok"
    );
    assert_eq!(
        check("\u{feff}\u{feff}()".as_bytes()),
        "f.ron:1:1: expected \"(\": the file holds ( exercises: [ … ], routines: [ … ] )"
    );

    let p = load_prefs("\u{feff}(volume: 30)").expect("a BOM is not content");
    assert_eq!(p.volume(), 30);
    assert_eq!(
        prefs_err("\u{feff}(volume: 300)"),
        format!("{PREFS}:1:10: volume: 300 is out of range; use 0 to 100")
    );
    assert_eq!(load_prefs("\u{feff}").ok(), Some(Preferences::default()));
}

#[test]
fn crlf_line_ends_load_and_count_lines_like_lf() {
    let lf = "(\n  exercises: [\n    (id: \"a\", name: \"A\", hold: \"1s\"),\n    (id: \"b\", name: \"B\", hold: \"1s\", reps: 0),\n  ],\n)\n";
    let crlf = lf.replace('\n', "\r\n");
    let lone_cr = lf.replace('\n', "\r");
    let want = "f.ron:4:44: reps must be a whole number from 1 to 100, not 0";
    assert_eq!(check(lf.as_bytes()), want);
    assert_eq!(check(crlf.as_bytes()), want);
    // Old Mac line ends are not line ends to ron or to us: one long line, still located.
    let got = check(lone_cr.as_bytes());
    assert!(got.starts_with("f.ron:1:"), "{got}");
    // A syntax error after CRLF lines.
    let syntax =
        "(\r\n  exercises: [\r\n    (id: \"a\", name: \"A\" hold: \"1s\"),\r\n  ],\r\n)\r\n";
    assert_eq!(
        check(syntax.as_bytes()),
        "f.ron:3:25: expected a comma \",\" before this (between two fields or list items)"
    );
    // A CR inside text is a control character like any other.
    assert_eq!(
        check(exercise_named("A\r").as_bytes()),
        "f.ron:1:30: name contains a control character (a carriage return, U+000D); write plain text on one line"
    );

    let prefs = "(\r\n    volume: 50,\r\n    mute: true,\r\n    colors: \"loud\",\r\n)\r\n";
    assert_eq!(
        prefs_err(prefs),
        format!("{PREFS}:4:14: colors: \"loud\" is not one of \"auto\", \"always\", \"never\"")
    );
    assert_eq!(
        prefs_err("(\r\n    volume: 50\r\n    mute: true,\r\n)"),
        format!("{PREFS}:3:5: Expected comma")
    );
    let ok = load_prefs("(\r\n    volume: 50,\r\n    mute: true,\r\n)\r\n").expect("crlf");
    assert_eq!((ok.volume(), ok.mute()), (50, true));
}

#[test]
fn nul_bytes_are_refused_in_text_and_outside_it() {
    assert_eq!(
        check(exercise_named("A\0B").as_bytes()),
        "f.ron:1:30: name contains a control character (NUL, U+0000); write plain text on one line"
    );
    assert_eq!(
        check(exercise_named("A\\u{0}B").as_bytes()),
        "f.ron:1:30: name contains a control character (NUL, U+0000); write plain text on one line"
    );
    assert_eq!(
        check(b"(exercises: [\0])"),
        "f.ron:1:14: expected \"(\": each exercise is written ( id: \"neck_tilt\" ) with named fields"
    );
    let not_a_file =
        "f.ron:1:1: expected \"(\": the file holds ( exercises: [ … ], routines: [ … ] )";
    assert_eq!(check(b"\0"), not_a_file);
    assert_eq!(check(&[0u8; 1000]), not_a_file);

    assert_eq!(
        prefs_err("(colors: \"au\0to\")"),
        format!("{PREFS}:1:11: colors: \"au\\0to\" is not one of \"auto\", \"always\", \"never\"")
    );
    let got = prefs_err("(volume: 5\0)");
    assert!(got.starts_with(&format!("{PREFS}:1:")), "{got}");
    let got = prefs_err("\0");
    assert!(got.starts_with(&format!("{PREFS}:1:1: ")), "{got}");
}

// ---------------------------------------------------------------------------------------
// Control characters and escape sequences

/// Every C0 control character, DEL and every C1 control character.
fn controls() -> impl Iterator<Item = char> {
    ('\0'..='\u{1f}')
        .chain(['\u{7f}'])
        .chain('\u{80}'..='\u{9f}')
}

/// Each text field of a routine file, as (template with `@` where the text goes, the
/// position of the value, the field's name in messages).
const TEXT_FIELDS: &[(&str, &str, &str)] = &[
    (
        "(exercises: [(id: \"a\", name: \"@\", hold: \"1s\")])",
        "1:30",
        "name",
    ),
    (
        "(exercises: [(id: \"a\", name: \"A\", description: \"@\", hold: \"1s\")])",
        "1:48",
        "description",
    ),
    (
        "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", cues: [\"ok\", \"@\"])])",
        "1:60",
        "cue 2",
    ),
    (
        "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", sides: [\"@\"])])",
        "1:55",
        "side 1",
    ),
    (
        "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", equipment: [\"@\"])])",
        "1:59",
        "equipment item 1",
    ),
    (
        "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", safety: [\"@\"])])",
        "1:56",
        "safety note 1",
    ),
    (
        "(routines: [(id: \"r\", name: \"@\", steps: [(exercise: \"cat_cow\")])])",
        "1:29",
        "name",
    ),
    (
        "(routines: [(id: \"r\", name: \"R\", description: \"@\", steps: [(exercise: \"cat_cow\")])])",
        "1:47",
        "description",
    ),
    (
        "(routines: [(id: \"r\", name: \"R\", safety: [\"@\"], steps: [(exercise: \"cat_cow\")])])",
        "1:43",
        "safety note 1",
    ),
    (
        "(routines: [(id: \"r\", name: \"R\", steps: [(exercise: \"cat_cow\", sides: [\"@\"])])])",
        "1:72",
        "side 1",
    ),
];

fn char_named(c: char) -> String {
    let code = format!("U+{:04X}", c as u32);
    match c {
        '\n' => format!("a line break, {code}"),
        '\r' => format!("a carriage return, {code}"),
        '\t' => format!("a tab, {code}"),
        '\u{1b}' => format!("ESC, {code}"),
        '\u{7}' => format!("BEL, {code}"),
        '\0' => format!("NUL, {code}"),
        _ => code,
    }
}

#[test]
fn every_control_character_is_refused_in_every_text_field() {
    for &(template, at, field) in TEXT_FIELDS {
        assert!(
            check(template.replace('@', "fine").as_bytes()) == "ok",
            "{template}"
        );
        for c in controls() {
            let want = format!(
                "f.ron:{at}: {field} contains a control character ({}); write plain text on one line",
                char_named(c)
            );
            // Written as an escape, and (where RON allows it) as the raw character.
            let escaped = template.replace('@', &format!("x\\u{{{:x}}}y", c as u32));
            assert_eq!(check(escaped.as_bytes()), want, "{field}: {c:?} escaped");
            let raw = template.replace('@', &format!("x{c}y"));
            assert_eq!(check(raw.as_bytes()), want, "{field}: {c:?} raw");
        }
    }
}

#[test]
fn escape_sequences_are_refused() {
    for seq in [
        "\\u{1b}[2J",              // clear the screen
        "\\u{1b}]0;pwned\\u{7}",   // set the window title
        "\\u{1b}]52;c;aGk=\\u{7}", // write the clipboard
        "\\u{9b}31m",              // C1 CSI: red
        "\\u{1b}P+q\\u{1b}\\\\",   // DCS
        "\\u{1b}[6n",              // ask for the cursor (the answer is typed as input)
        "ok\\u{1b}",               // a lone ESC at the end
        "\\u{202e}gnp.exe",        // reordered text
    ] {
        for &(template, at, field) in TEXT_FIELDS {
            let got = check(template.replace('@', seq).as_bytes());
            assert!(
                got.starts_with(&format!("f.ron:{at}: {field} contains a control character")),
                "{seq} in {field}: {got}"
            );
        }
    }
    // An id may only use lower-case letters, digits, "_" and "-", so it can never hold one.
    assert_eq!(
        check(b"(exercises: [(id: \"a\\u{1b}[2J\", name: \"A\", hold: \"1s\")])"),
        "f.ron:1:19: exercise id \"a\\u{1b}[2J\" may only use lower-case letters, digits, \"_\" and \"-\" (try \"a2j\")"
    );
    // The step's exercise is never shown as given, only quoted with escapes.
    assert_eq!(
        check(b"(routines: [(id: \"r\", name: \"R\", steps: [(exercise: \"\\u{1b}[2J\")])])"),
        "f.ron:1:53: no exercise \"\\u{1b}[2J\" in this file or the built-in library"
    );
}

#[test]
fn prefs_text_never_prints_a_control_character() {
    // Sound paths are printed by `backease config`: control characters are refused.
    for c in controls() {
        let value = format!("\"gong\\u{{{:x}}}.wav\"", c as u32);
        let text = format!("(\n    sounds: {{ \"alarm\": {value} }},\n)");
        let e = load_prefs(&text).expect_err("a control character in a path");
        assert_prefs_located(&text, &e);
        let PrefsError::Invalid {
            line,
            column,
            message,
            ..
        } = e
        else {
            panic!("not a read error");
        };
        assert_eq!(
            message,
            format!(
                "sounds: the file {:?} contains a control character ({}); write the path on one line",
                format!("gong{c}.wav"),
                char_named(c)
            )
        );
        // ron places it inside the quoted path.
        let first = "    sounds: { \"alarm\": ".chars().count() + 1;
        assert_eq!(line, 2);
        assert!(
            (first..first + value.len()).contains(&column),
            "{c:?}: column {column}"
        );
    }
    // Whatever the mistake, the message carries no control character.
    for text in [
        "(colors: \"\u{1b}[2J\")",
        "(colors: '\u{1b}')",
        "(volume: '\u{1b}')",
        "(mute: \"\u{9b}\")",
        "(sounds: { \"\u{1b}]0;x\u{7}\": \"a.wav\" })",
        "(\u{1b}: 1)",
        "(volume: 1)\u{1b}[2J",
        "\u{1b}[2J",
        "(lead_in: \"\u{1b}\")",
    ] {
        let _ = prefs_err(text);
    }
}

// ---------------------------------------------------------------------------------------
// Properties

/// The valid routine file the property tests write into, with `@` for the text.
fn with_text(template: &str, text: &str, escape: bool) -> String {
    let body = if escape {
        // RON reads Rust's escapes (`\u{1b}`, `\n`, `\"`, `\\`).
        let quoted = format!("{text:?}");
        quoted[1..quoted.len() - 1].to_string()
    } else {
        text.replace('\\', "\\\\").replace('"', "\\\"")
    };
    template.replace('@', &body)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any string in any text field: it loads exactly as written with no control character
    /// in the library, or it is refused at that field.
    #[test]
    fn no_control_character_reaches_the_library(
        text in prop_oneof![
            any::<String>(),
            "[a-z \\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{202a}-\\u{202e}]{0,12}",
            "\\PC{0,20}",
        ],
        which in 0..TEXT_FIELDS.len(),
        escape in any::<bool>(),
    ) {
        let (template, at, field) = TEXT_FIELDS[which];
        let file = with_text(template, &text, escape);
        match load(file.as_bytes()) {
            Ok(lib) => {
                assert_plain(&lib);
                prop_assert!(!text.chars().any(unsafe_char));
                // Names are trimmed; lists keep their items as written.
                let texts = all_text(&lib);
                prop_assert!(
                    texts.contains(&text.as_str()) || texts.contains(&text.trim()),
                    "{:?} not loaded as written",
                    text
                );
            }
            Err(e) => {
                assert_located(file.as_bytes(), &e);
                let shown = e.to_string();
                prop_assert!(shown.starts_with(&format!("f.ron:{at}: {field} ")), "{shown}");
                if text.chars().any(unsafe_char) {
                    // A text of only tabs or line breaks is refused as empty.
                    prop_assert!(
                        shown.contains("control character") || shown.contains("is empty"),
                        "{shown}"
                    );
                }
            }
        }
    }

    /// Random bytes spliced into the shipped library (the largest real file): it loads
    /// plain or fails at a position inside the file.
    #[test]
    fn mutated_shipped_library_is_plain_or_located(
        at in 0usize..backease::routine::load::SHIPPED.len(),
        bytes in prop::collection::vec(any::<u8>(), 0..8),
        cut in 0usize..4,
    ) {
        let mut file = backease::routine::load::SHIPPED.as_bytes().to_vec();
        let end = (at + cut).min(file.len());
        file.splice(at..end, bytes);
        match parse("f.ron", &file, None) {
            Ok(lib) => {
                assert_plain(&lib);
                prop_assert!(lib.routines.iter().all(|r| !r.steps.is_empty()));
                for step in lib.routines.iter().flat_map(|r| &r.steps) {
                    if let Timing::Hold(span) = step.timing {
                        prop_assert!(!span.max.is_zero() && span.min <= span.max);
                    }
                }
            }
            Err(e) => assert_located(&file, &e),
        }
    }
}

#[test]
fn a_name_in_front_of_a_bracket_is_explained_in_our_words() {
    assert_eq!(
        check(b"(exercises: [Exercise(id: \"a\", name: \"A\", hold: \"1s\")])"),
        "f.ron:1:14: unexpected \"Exercise\" before \"(\": write each exercise as ( … ) without a name in front"
    );
    assert_eq!(
        check(b"Routines(exercises: [])"),
        "f.ron:1:1: unexpected \"Routines\" before the file's \"(\": the file holds ( exercises: [ … ], routines: [ … ] )"
    );
    assert_eq!(
        check(b"(routines: [(id: \"r\", name: \"R\", steps: [Step(exercise: \"cat_cow\")])])"),
        "f.ron:1:42: unexpected \"Step\" before \"(\": write each step as ( … ) without a name in front"
    );
}
