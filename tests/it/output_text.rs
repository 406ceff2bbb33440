//! No text of any length or content breaks any output (issue 12, items 7 and 16): every
//! command's text (list, check, history, config) and the full-screen UI, given names of
//! any length (70,000 characters panicked `backease history`; a 65,535-character sound
//! path panicked `backease config`) and any characters (an ESC in a history record
//! reached the terminal raw), never panics and never carries a character a terminal
//! acts on, except the line breaks of the output itself.

use crate::common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use backease::commands::config::{Facts, Place, text as config_text};
use backease::commands::history::report;
use backease::commands::list::table;
use backease::history::{SessionRecord, StepOutcome, StepRecord, WallTime};
use backease::prefs::{Overrides, Preferences};
use backease::routine::load::{LoadError, Problem};
use backease::text::is_unsafe;
use proptest::prelude::*;

/// No character a terminal acts on, except line breaks.
fn assert_safe(what: &str, out: &str) {
    if let Some(c) = out.chars().find(|&c| c != '\n' && is_unsafe(c)) {
        panic!("{what}: {:?} reaches the terminal", c);
    }
}

fn t(text: &str) -> WallTime {
    text.parse().expect("a valid time")
}

fn record(name: &str, step: &str, day: u32) -> SessionRecord {
    SessionRecord {
        id: format!("r{day}"),
        routine: "r".into(),
        routine_name: name.into(),
        started: t(&format!("2026-11-{day:02}T08:00:00+01:00")),
        ended: t(&format!("2026-11-{day:02}T08:10:00+01:00")),
        finished: true,
        continues: None,
        sped_up: false,
        stiffness: Default::default(),
        steps: vec![StepRecord {
            exercise: "wall_sit".into(),
            name: step.into(),
            outcome: StepOutcome::Done,
            held: Duration::from_secs(42),
            open_ended: true,
        }],
    }
}

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 22)
}

/// Text of the kinds that broke things: long runs, escapes, separators, wide and
/// zero-width characters.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{2028}\\u{2029}\\u{202a}-\\u{202e}\\u{200b}-\\u{200f}界]{0,30}",
        (1usize..80_000, any::<char>()).prop_map(|(n, c)| c.to_string().repeat(n)),
        Just("\u{1b}[2J\u{1b}]0;owned\u{7}\u{1b}[?1049h".to_string()),
    ]
}

#[test]
fn a_70000_character_name_does_not_panic_the_history_report() {
    let long = "n".repeat(70_000);
    let out = report(&[record(&long, &long, 21)], today(), &[]);
    // The name is cut to its column, with an ellipsis.
    let recent = out
        .lines()
        .find(|l| l.contains("done"))
        .expect("the session is listed");
    assert!(recent.contains(&format!("{}…", "n".repeat(39))), "{recent}");
    assert!(recent.chars().count() < 200, "{recent}");
}

#[test]
fn a_65535_character_sound_path_does_not_panic_config() {
    for len in [65_535, 65_536, 200_000] {
        let prefs = Preferences {
            sounds: Some(BTreeMap::from([(
                backease::cue::Sound::Alarm,
                PathBuf::from("/".to_string() + &"s".repeat(len)),
            )])),
            ..Preferences::default()
        };
        let out = config(&prefs, "/c/preferences.ron");
        assert!(out.contains(&"s".repeat(len)), "the path is shown whole");
        // The other rows keep their column.
        assert!(
            out.lines().any(|l| l.starts_with("volume          ")),
            "{:.300}",
            out
        );
    }
}

fn config(prefs: &Preferences, path: &str) -> String {
    config_text(&Facts {
        preferences_file: Place {
            path: Some(PathBuf::from(path)),
            exists: true,
        },
        routine_file: Place {
            path: Some(PathBuf::from(path)),
            exists: false,
        },
        sessions: Place {
            path: Some(PathBuf::from(path)),
            exists: false,
        },
        history: Place {
            path: None,
            exists: false,
        },
        prefs,
        error: None,
        cli: Overrides::default(),
        no_color: false,
        sound_warnings: Vec::new(),
        routine_problems: None,
    })
}

#[test]
fn a_history_file_named_with_esc_is_escaped_in_the_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "2026-11-21T08-00-00Z-\u{1b}]0;owned\u{7}\u{1b}[2J.ron";
    std::fs::write(dir.path().join(name), "not a record").expect("write the file");
    let loaded = backease::store::history::load_from(dir.path());
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    let out = report(&loaded.records, today(), &loaded.warnings);
    assert_safe("the warning", &out);
    assert!(out.contains("\\u{1b}]0;owned\\u{7}"), "{out}");
}

#[test]
fn check_escapes_the_file_name() {
    let e = LoadError {
        file: "/tmp/\u{1b}[2Jmine.ron".into(),
        problems: vec![Problem {
            line: 1,
            column: 2,
            message: "bad".into(),
        }],
    };
    assert_eq!(e.to_string(), "/tmp/\\u{1b}[2Jmine.ron:1:2: bad");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("\u{1b}]0;x\u{7}.ron");
    std::fs::write(&path, "(exercises: [])").expect("write the file");
    let out = backease::commands::check::run(&path).expect("an empty file is fine");
    assert_safe("check", &out.stdout);
    assert!(
        out.stdout.contains("\\u{1b}]0;x\\u{7}.ron: ok"),
        "{}",
        out.stdout
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_history_report_is_safe_for_any_names(
        names in prop::collection::vec((hostile_text(), hostile_text()), 1..4),
        warning in hostile_text(),
    ) {
        let _cpu = crate::common::lanes::cpu();
        let records: Vec<SessionRecord> = names
            .iter()
            .enumerate()
            .map(|(i, (name, step))| record(name, step, 10 + i as u32))
            .collect();
        let out = report(&records, today(), &[warning]);
        assert_safe("history", &out);
        // Every table line stays short whatever the names.
        for line in out.lines().filter(|l| l.starts_with("  ")) {
            prop_assert!(line.chars().count() < 200, "{:.300}", line);
        }
    }

    #[test]
    fn config_is_safe_for_any_paths_and_sound_files(
        file in hostile_text(),
        sound in hostile_text(),
    ) {
        let _cpu = crate::common::lanes::cpu();
        let prefs = Preferences {
            sounds: Some(BTreeMap::from([(backease::cue::Sound::Alarm, PathBuf::from(sound))])),
            ..Preferences::default()
        };
        assert_safe("config", &config(&prefs, &file));
    }

    #[test]
    fn list_is_safe_for_any_names(
        id in hostile_text(),
        name in hostile_text(),
        item in hostile_text(),
    ) {
        let _cpu = crate::common::lanes::cpu();
        let mut lib = common::library();
        lib.routines[0].id = id;
        lib.routines[0].name = name;
        lib.routines[0].steps[0].equipment = vec![item];
        let out = table(&lib, Duration::from_secs(5));
        assert_safe("list", &out);
        prop_assert_eq!(out.lines().count(), 1 + lib.routines.len());
    }

    #[test]
    fn check_problems_are_safe_for_any_file_name(file in hostile_text(), message in hostile_text()) {
        let e = LoadError { file, problems: vec![Problem { line: 3, column: 4, message }] };
        // The message is the core's, made plain where it is built; the file name is not.
        let shown = e.to_string();
        let file_part = shown.rsplit_once(":3:4: ").map(|(f, _)| f).unwrap_or(&shown);
        assert_safe("check", file_part);
    }
}

/// The screens with routine and step names of any length (the loader caps them; a
/// library built in code need not): every screen draws without a panic, and the
/// description's line separator is not put on the screen raw.
#[test]
fn the_ui_draws_long_names_at_every_size() {
    let _cpu = crate::common::lanes::cpu();
    for len in [200, 65_536, 70_000] {
        let long = "W".repeat(len);
        let mut lib = common::library();
        for r in &mut lib.routines {
            r.name = long.clone();
            r.description = format!("{long}\u{2028}x");
            for s in &mut r.steps {
                s.name = long.clone();
                s.cues = vec![long.clone()];
            }
        }
        for (name, app) in common::scenarios_over(lib) {
            for (w, h) in [(1, 1), (20, 5), (80, 24), (200, 60)] {
                let buf = common::render(&app, w, h);
                let shown = common::text(&buf);
                assert_safe(&format!("{name} at {w}x{h}"), &shown);
            }
        }
    }
}
