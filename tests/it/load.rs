//! Routine files end to end through the public API: the shipped library, every kind of
//! mistake with its exact `FILE:LINE:COLUMN: message`, merging, line ends, and a property
//! test that no input makes the loader panic or point outside the file.

use std::time::Duration;

use backease::routine::load::{LoadError, MAX_FILE_BYTES, SHIPPED, parse, shipped, summary};
use backease::routine::{Library, TimeRange, Timing};
use proptest::prelude::*;

fn check(text: &str) -> String {
    match parse("my.ron", text.as_bytes(), Some(&shipped())) {
        Ok(lib) => summary(&lib),
        Err(e) => e.to_string(),
    }
}

#[test]
fn shipped_library_loads_and_every_step_resolves() {
    let lib = shipped();
    assert!(!lib.exercises.is_empty() && !lib.routines.is_empty());
    for routine in &lib.routines {
        assert!(!routine.steps.is_empty(), "{}", routine.id);
        for step in &routine.steps {
            let exercise = lib.exercise(&step.id);
            assert!(exercise.is_some(), "{}: {}", routine.id, step.id);
            assert_eq!(exercise.map(|e| &e.name), Some(&step.name));
        }
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let (e, r) = (lib.exercises.len(), lib.routines.len());
    assert_eq!(
        summary(&lib),
        format!("ok: {e} exercise{}, {r} routine{}", plural(e), plural(r))
    );
    // The shipped file is also a valid user file (everything replaces itself).
    assert_eq!(parse("x", SHIPPED.as_bytes(), Some(&lib)), Ok(lib));
}

#[test]
fn a_documented_example_loads_with_defaults_and_overrides() {
    let text = r#"(
    exercises: [
        (id: "neck_tilt", name: "Neck tilt", hold: "20-30s", sides: ["left", "right"],
         lead_in: "3s"),
        (id: "sofa_rest", name: "Rest on the sofa", hold: "10m", equipment: ["pillow"]),
        (id: "plank", name: "Plank", hold: "open"),
        (id: "setup", name: "Set up", hold: "untimed"),
    ],
    routines: [(id: "evening", name: "Evening", steps: [
        (exercise: "neck_tilt"),
        (exercise: "sofa_rest", hold: "5-10m", reps: 2, rest: "0s", rounds: 3),
        (exercise: "plank", lead_in: Some("0s")),
        (exercise: "setup"),
    ])],
)"#;
    let lib = parse("my.ron", text.as_bytes(), None).expect("valid");
    assert_eq!(summary(&lib), "ok: 4 exercises, 1 routine");
    let neck = lib.exercise("neck_tilt").expect("neck");
    assert_eq!(neck.timing, Timing::Hold(TimeRange::secs(20, 30)));
    assert_eq!((neck.reps, neck.rounds), (1, 1));
    assert_eq!(
        (neck.rest, neck.switch),
        (Duration::from_secs(5), Duration::from_secs(5))
    );
    assert_eq!(neck.lead_in, Some(Duration::from_secs(3)));
    let steps = &lib.routine("evening").expect("routine").steps;
    assert_eq!(steps[1].timing, Timing::Hold(TimeRange::secs(300, 600)));
    assert_eq!(
        (steps[1].reps, steps[1].rounds, steps[1].rest),
        (2, 3, Duration::ZERO)
    );
    assert_eq!(steps[1].equipment, ["pillow"]);
    assert_eq!(steps[2].timing, Timing::OpenEnded);
    assert_eq!(steps[2].lead_in, Some(Duration::ZERO));
    assert_eq!(steps[3].timing, Timing::Untimed);
    assert_eq!(lib.exercise("sofa_rest").map(|e| e.lead_in), Some(None));
    assert_eq!(check("()"), summary(&shipped()));
}

/// Every kind of mistake, with the exact line `backease check` prints.
#[test]
fn each_mistake_gets_its_line_column_and_a_plain_message() {
    let cases: &[(&str, &str)] = &[
        // RON syntax
        (
            "(exercises: [(id: \"a\" name: \"A\", hold: \"1s\")])",
            "my.ron:1:23: expected a comma \",\" before this (between two fields or list items)",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\"",
            "my.ron:1:45: the file ends too early: a \")\" is missing (it opens at line 1, column 14)",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\"]))",
            "my.ron:1:45: found \"]\" where a \",\" or \")\" was expected (it opens at line 1, column 14)",
        ),
        (
            "",
            "my.ron:1:1: the file is empty; it should hold ( exercises: [ … ], routines: [ … ] )",
        ),
        (
            "[1]",
            "my.ron:1:1: expected \"(\": the file holds ( exercises: [ … ], routines: [ … ] )",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\")]) x",
            "my.ron:1:49: unexpected text after the file's closing \")\"",
        ),
        // unknown, missing, mistyped fields
        (
            "(exercises: [(id: \"a\", name: \"A\", hld: \"1s\")])",
            "my.ron:1:35: unknown field \"hld\" in an exercise; did you mean \"hold\"? (fields: id, name, say, description, cues, hold, sides, reps, rest, switch, rounds, lead_in, equipment, safety, end, position, figure)",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\",\n   lead_in: \"1s\"\n)])",
            "my.ron:1:14: exercise \"a\" has no hold; add one, like hold: \"15s\"",
        ),
        (
            "(routines: [(id: \"r\", name: \"R\", steps: [(hold: \"1s\")])])",
            "my.ron:1:42: this step has no exercise; add one, like exercise: \"cat_cow\"",
        ),
        (
            "(exercises: [(id: 5, name: \"A\", hold: \"1s\")])",
            "my.ron:1:19: id must be text in double quotes, like \"…\"",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", cues: \"x\")])",
            "my.ron:1:53: cues must be a list in [ ], like [\"…\"]",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", reps: \"3\")])",
            "my.ron:1:54: reps must be a whole number, found \"3\"",
        ),
        // steps and ids
        (
            "(routines: [(id: \"r\", name: \"R\", steps: [(exercise: \"chlds_pose\")])])",
            "my.ron:1:53: no exercise \"chlds_pose\"; did you mean \"childs_pose\"?",
        ),
        (
            "(routines: [(id: \"r\", name: \"R\", steps: [(exercise: \"zzzzzz\")])])",
            "my.ron:1:53: no exercise \"zzzzzz\" in this file or the built-in library",
        ),
        (
            "(routines: [(id: \"r\", name: \"R\", steps: [])])",
            "my.ron:1:41: routine \"r\" has no steps; add at least one, like steps: [(exercise: \"…\")]",
        ),
        (
            "(exercises: [(id: \"Neck Tilt\", name: \"N\", hold: \"1s\")])",
            "my.ron:1:19: exercise id \"Neck Tilt\" may only use lower-case letters, digits, \"_\" and \"-\" (try \"neck_tilt\")",
        ),
        (
            "(routines: [(id: \"\", name: \"R\", steps: [(exercise: \"cat_cow\")])])",
            "my.ron:1:18: routine id is empty; give it a short name like \"neck_tilt\"",
        ),
        (
            "(exercises: [\n  (id: \"a\", name: \"A\", hold: \"1s\"),\n  (id: \"a\", name: \"B\", hold: \"2s\"),\n])",
            "my.ron:3:8: exercise id \"a\" is used twice; the first is at line 2, column 8",
        ),
        (
            "(exercises: [(id: \"a\", name: \"  \", hold: \"1s\")])",
            "my.ron:1:30: name is empty; write the text to show",
        ),
        // durations
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"15 secs!\")])",
            "my.ron:1:41: hold \"15 secs!\" is not a duration; write it like \"15s\", \"2m\", \"1m30s\", a range \"10-15s\", \"open\" or \"untimed\"",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"0s\")])",
            "my.ron:1:41: hold \"0s\" is zero; a hold must be longer than zero",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"99999h\")])",
            "my.ron:1:41: hold \"99999h\" is too long; a hold may be at most 4 hours",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"15-10s\")])",
            "my.ron:1:41: hold \"15-10s\": the minimum (15 s) is longer than the maximum (10 s); write the shorter time first",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", rest: \"5-10s\")])",
            "my.ron:1:53: rest \"5-10s\" is not a duration; write one length like \"5s\", \"1m\" or \"0s\" for none",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", lead_in: \"5h\")])",
            "my.ron:1:56: lead_in \"5h\" is too long; it may be at most 4 hours",
        ),
        // counts
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", reps: 0)])",
            "my.ron:1:53: reps must be a whole number from 1 to 100, not 0",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", reps: -1)])",
            "my.ron:1:53: reps must be a whole number from 1 to 100, not -1",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", reps: 18446744073709551615)])",
            "my.ron:1:53: reps must be a whole number from 1 to 100, not 18446744073709551615",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", rounds: 21)])",
            "my.ron:1:55: rounds must be a whole number from 1 to 20, not 21",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", rounds: 1e400)])",
            "my.ron:1:55: rounds must be a whole number from 1 to 20, not 1e400",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", reps: NaN)])",
            "my.ron:1:53: reps must be a whole number from 1 to 100, not NaN",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", reps: 2.5)])",
            "my.ron:1:53: reps must be a whole number from 1 to 100, not 2.5",
        ),
        // text that could drive a terminal, and sizes
        (
            "(exercises: [(id: \"a\", name: \"A\\u{1b}[2J\", hold: \"1s\")])",
            "my.ron:1:30: name contains a control character (ESC, U+001B); write plain text on one line",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", cues: [\"ok\", \"ding\\u{7}\"])])",
            "my.ron:1:60: cue 2 contains a control character (BEL, U+0007); write plain text on one line",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", sides: [\"le\u{9b}ft\"])])",
            "my.ron:1:55: side 1 contains a control character (U+009B); write plain text on one line",
        ),
        (
            "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", equipment: [\"ball\\n\"])])",
            "my.ron:1:59: equipment item 1 contains a control character (a line break, U+000A); write plain text on one line",
        ),
        (
            "(routines: [(id: \"r\", name: \"R\", safety: [\"\u{202e}evil\"], steps: [(exercise: \"cat_cow\")])])",
            "my.ron:1:43: safety note 1 contains a control character (an invisible text-direction mark, U+202E); write plain text on one line",
        ),
        // Every bidi control: the Arabic letter mark passed before (plain mode printed it).
        (
            "(exercises: [(id: \"a\", name: \"A\u{61c}B\", hold: \"1s\")])",
            "my.ron:1:30: name contains a control character (an invisible text-direction mark, U+061C); write plain text on one line",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(check(text), *want, "input: {text}");
    }
    let long = format!(
        "(exercises: [(id: \"a\", name: \"{}\", hold: \"1s\")])",
        "x".repeat(81)
    );
    assert_eq!(
        check(&long),
        "my.ron:1:30: name is 81 characters long; the limit is 80"
    );
    let many = format!(
        "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", cues: [{}])])",
        "\"c\",".repeat(51)
    );
    assert_eq!(
        check(&many),
        "my.ron:1:53: cues has 51 items; the limit is 50"
    );
}

#[test]
fn every_problem_in_a_file_is_reported_in_order() {
    let text = r#"(
    exercises: [
        (id: "a", name: "", hold: "0s", reps: 0),
        (id: "b", name: "B", hold: "10s"),
    ],
    routines: [
        (id: "r", name: "R", steps: [(exercise: "a"), (exercise: "bb", hold: "x")]),
        (id: "r", name: "R2", steps: []),
    ],
)"#;
    let e = parse("my.ron", text.as_bytes(), None).expect_err("bad");
    assert_eq!(
        e.to_string(),
        [
            "my.ron:3:25: name is empty; write the text to show",
            "my.ron:3:35: hold \"0s\" is zero; a hold must be longer than zero",
            "my.ron:3:47: reps must be a whole number from 1 to 100, not 0",
            "my.ron:7:66: no exercise \"bb\"; did you mean \"b\"?",
            "my.ron:7:78: hold \"x\" is not a duration; write it like \"15s\", \"2m\", \"1m30s\", a range \"10-15s\", \"open\" or \"untimed\"",
            "my.ron:8:14: routine id \"r\" is used twice; the first is at line 7, column 14",
        ]
        .join("\n")
    );
    assert_eq!(e.problems.len(), 6);
}

#[test]
fn endless_problems_are_capped_and_counted() {
    let steps = "(exercise: \"nope\"),".repeat(150);
    let text = format!("(routines: [(id: \"r\", name: \"R\", steps: [{steps}])])");
    let e = parse("my.ron", text.as_bytes(), None).expect_err("bad");
    assert_eq!(e.problems.len(), 101);
    assert_eq!(
        e.problems.last().map(|p| p.message.as_str()),
        Some("50 more problems not shown; fix these first")
    );
}

#[test]
fn whole_file_problems_name_the_file() {
    let e = parse("big.ron", &vec![b' '; MAX_FILE_BYTES + 1], None).expect_err("big");
    assert_eq!(
        e.to_string(),
        "big.ron: the file is 4.0 MiB; a routine file may be at most 4 MiB"
    );
    let bytes = b"(\n  exercises: [(id: \"a\", name: \"caf\xe9\", hold: \"1s\")],\n)";
    let e = parse("latin1.ron", bytes, None).expect_err("not utf-8");
    assert_eq!(
        e.to_string(),
        "latin1.ron:2:35: the file is not UTF-8 text (byte 36 cannot be read); save it as UTF-8"
    );
}

#[test]
fn crlf_and_a_byte_order_mark_load_and_keep_positions() {
    let good = "(\n  exercises: [(id: \"a\", name: \"A\", hold: \"1s\")],\n)\n";
    let crlf = good.replace('\n', "\r\n");
    let bom = format!("\u{feff}{crlf}");
    let want = parse("f", good.as_bytes(), None).expect("lf");
    assert_eq!(parse("f", crlf.as_bytes(), None), Ok(want.clone()));
    assert_eq!(parse("f", bom.as_bytes(), None), Ok(want));

    let bad = "\u{feff}(\r\n  exercises: [\r\n    (id: \"a\", name: \"A\", hold: \"2x\"),\r\n  ],\r\n)\r\n";
    assert_eq!(
        check(bad),
        "my.ron:3:32: hold \"2x\" is not a duration; write it like \"15s\", \"2m\", \"1m30s\", a range \"10-15s\", \"open\" or \"untimed\""
    );
    let syntax = "\u{feff}(\r\n  exercises: [\r\n    (id: \"a\" name: \"A\", hold: \"1s\"),\r\n  ],\r\n)\r\n";
    assert_eq!(
        check(syntax),
        "my.ron:3:14: expected a comma \",\" before this (between two fields or list items)"
    );
}

fn base() -> Library {
    let text = r#"(
    exercises: [
        (id: "stretch", name: "Stretch", hold: "10s", reps: 2),
        (id: "rest", name: "Rest", hold: "1m"),
    ],
    routines: [
        (id: "daily", name: "Daily", steps: [
            (exercise: "stretch"),
            (exercise: "stretch", hold: "30s"),
            (exercise: "rest"),
        ]),
        (id: "short", name: "Short", steps: [(exercise: "rest")]),
    ],
)"#;
    parse("base.ron", text.as_bytes(), None).expect("base")
}

#[test]
fn a_file_merges_over_its_base() {
    let mine = r#"(
    exercises: [
        (id: "stretch", name: "My stretch", hold: "20s", reps: 3, cues: ["Slowly."]),
        (id: "walk", name: "Walk", hold: "5m"),
    ],
    routines: [
        (id: "short", name: "My short one", steps: [(exercise: "walk"), (exercise: "rest")]),
        (id: "mine", name: "Mine", steps: [(exercise: "stretch", reps: 1)]),
    ],
)"#;
    let lib = parse("mine.ron", mine.as_bytes(), Some(&base())).expect("merged");
    let ids = |v: Vec<&str>| v.join(",");
    assert_eq!(
        ids(lib.exercises.iter().map(|e| e.id.as_str()).collect()),
        "stretch,rest,walk"
    );
    assert_eq!(
        ids(lib.routines.iter().map(|r| r.id.as_str()).collect()),
        "daily,short,mine"
    );
    assert_eq!(lib.exercises[0].name, "My stretch");

    // The base's routine picks up the new definition, keeping what it set itself.
    let daily = &lib.routine("daily").expect("daily").steps;
    assert_eq!(daily[0].name, "My stretch");
    assert_eq!(daily[0].cues, ["Slowly."]);
    assert_eq!(
        (daily[0].timing, daily[0].reps),
        (Timing::Hold(TimeRange::secs(20, 20)), 3)
    );
    assert_eq!(
        (daily[1].timing, daily[1].reps),
        (Timing::Hold(TimeRange::secs(30, 30)), 3)
    );
    assert_eq!(daily[2].name, "Rest");

    // Replaced routine, in place; a new routine uses a base exercise and a new one.
    let short = lib.routine("short").expect("short");
    assert_eq!(short.name, "My short one");
    assert_eq!(short.steps[0].name, "Walk");
    assert_eq!(short.steps[1].name, "Rest");
    assert_eq!(lib.routine("mine").map(|r| r.steps[0].reps), Some(1));
    assert_eq!(summary(&lib), "ok: 3 exercises, 3 routines");

    // Without the base, the file's reference to "rest" is a mistake.
    let alone = parse("mine.ron", mine.as_bytes(), None).expect_err("no base");
    assert_eq!(
        alone.to_string(),
        "mine.ron:7:84: no exercise \"rest\" in this file or the built-in library"
    );
}

#[test]
fn the_layered_library_reads_the_users_file_and_routines_flag() {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::common::run_in_child(
        "load::layered_library_in_a_child",
        &[("BACKEASE_CONFIG_DIR", dir.path().as_os_str())],
        &[],
    );
}

/// The body of the test above, in a child process whose `BACKEASE_CONFIG_DIR` it sets.
#[test]
#[ignore = "the body of the_layered_library_reads_the_users_file_and_routines_flag, run by it"]
fn layered_library_in_a_child() {
    let dir = std::path::PathBuf::from(
        std::env::var_os("BACKEASE_CONFIG_DIR").expect("run by its parent test"),
    );
    let shipped = shipped();
    assert_eq!(
        backease::store::routines::load_library(None),
        Ok(shipped.clone())
    );

    let user = dir.join("exercises.ron");
    std::fs::write(
        &user,
        "(routines: [(id: \"mine\", name: \"Mine\", steps: [(exercise: \"x\")])], exercises: [(id: \"x\", name: \"X\", hold: \"1s\")])",
    )
    .expect("write");
    let lib = backease::store::routines::load_library(None).expect("user file");
    assert_eq!(lib.routines.len(), shipped.routines.len() + 1);

    let extra = dir.join("extra.ron");
    std::fs::write(
        &extra,
        "(exercises: [(id: \"x\", name: \"X2\", hold: \"0s\")])",
    )
    .expect("write");
    let e = backease::store::routines::load_library(Some(&extra)).expect_err("bad extra");
    assert_eq!(
        e.to_string(),
        format!(
            "{}:1:42: hold \"0s\" is zero; a hold must be longer than zero",
            extra.display()
        )
    );
    std::fs::write(
        &extra,
        "(exercises: [(id: \"x\", name: \"X2\", hold: \"2s\")])",
    )
    .expect("write");
    let lib = backease::store::routines::load_library(Some(&extra)).expect("extra");
    assert_eq!(
        lib.routine("mine").map(|r| r.steps[0].name.as_str()),
        Some("X2")
    );
    // backease never changes a routine file.
    assert_eq!(
        std::fs::read_to_string(&extra).ok().as_deref(),
        Some("(exercises: [(id: \"x\", name: \"X2\", hold: \"2s\")])")
    );
}

#[test]
fn hostile_inputs_fail_cleanly() {
    let deep = format!("(exercises: {}", "[".repeat(100_000));
    let nested_parens = "(".repeat(50_000);
    let huge_string = format!("(exercises: [(id: \"{}\")])", "a".repeat(3_000_000));
    let numbers = "(exercises: [(id: \"a\", name: \"A\", hold: \"1s\", reps: 99999999999999999999999999999999999999999999)])";
    for text in [
        deep.as_str(),
        &nested_parens,
        &huge_string,
        numbers,
        "\"",
        "(",
        ")",
        "/*",
        "r#\"",
    ] {
        let e = parse("f", text.as_bytes(), None).expect_err("bad");
        assert!(!e.problems.is_empty());
        let lines = text.lines().count().max(1);
        for p in &e.problems {
            // A closing note ("the check stopped here") is about the whole file: line 0.
            let note = p.line == 0 && p.message.ends_with("check again");
            assert!(note || (p.line >= 1 && p.line <= lines), "{text:.40}: {e}");
        }
    }
}

/// A valid file the property test mutates.
const SEED: &str = r#"(
    exercises: [
        (id: "a", name: "A", hold: "10-15s", sides: ["left", "right"], reps: 2, cues: ["x"]),
        (id: "b", name: "B", hold: "open", rest: "0s", lead_in: "3s"),
    ],
    routines: [(id: "r", name: "R", steps: [(exercise: "a", hold: "5s"), (exercise: "b")])],
)"#;

fn assert_sane(bytes: &[u8], result: Result<Library, LoadError>) {
    if let Err(e) = result {
        assert!(!e.problems.is_empty());
        let text = String::from_utf8_lossy(bytes);
        let lines: Vec<&str> = text.split('\n').collect();
        for p in &e.problems {
            if p.line == 0 {
                continue;
            }
            assert!(
                p.line <= lines.len(),
                "line {} of {}: {e}",
                p.line,
                lines.len()
            );
            let width = lines[p.line - 1].chars().count() + 1;
            assert!(
                p.column >= 1 && p.column <= width + 1,
                "column {} past {width}: {e}",
                p.column
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn mutated_files_never_panic(
        cut in 0..SEED.len(),
        len in 0usize..12,
        insert in prop::sample::select(vec![
            "", "\"", "(", ")", "[", "]", ",", ":", "-1", "0", "18446744073709551615", "NaN",
            "1e400", "\"0s\"", "\"99999h\"", "\\u{1b}", "\u{1b}", "é", "/*", "//", "\r\n", "\u{feff}",
            "hold: \"1s\",", "reps: 0,", "x", "Some(", "r#\"",
        ]),
    ) {
        let mut bytes = SEED.as_bytes().to_vec();
        let end = (cut + len).min(bytes.len());
        bytes.splice(cut..end, insert.bytes());
        let result = parse("f", &bytes, None);
        assert_sane(&bytes, result);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let result = parse("f", &bytes, None);
        assert_sane(&bytes, result);
    }

    #[test]
    fn ron_shaped_noise_never_panics(text in "[()\\[\\]:,\" a-z0-9_\\-.\\n]{0,200}") {
        let result = parse("f", text.as_bytes(), None);
        assert_sane(text.as_bytes(), result);
    }
}
