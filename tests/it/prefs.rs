//! Preferences: defaults, a full valid file, every kind of mistake with its exact
//! FILE:LINE:COLUMN message, and the file left untouched after an error.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use backease::commands::config::{self, Facts, Place};
use backease::cue::Sound;
use backease::prefs::{Colors, Overrides, Preferences, parse};
use backease::store::prefs::{LoadedPrefs, load_from};

/// `backease config`'s text for a loaded file, with the places looked up on disk.
fn config_text(
    loaded: &LoadedPrefs,
    cli: &Overrides,
    user_routines: Option<PathBuf>,
    history: Option<PathBuf>,
) -> String {
    config::text(&Facts {
        preferences_file: Place::look(loaded.path.clone()),
        routine_file: Place::look(user_routines),
        sessions: Place::look(
            history
                .as_ref()
                .and_then(|h| h.parent())
                .map(|d| d.join("sessions")),
        ),
        history: Place::look(history),
        prefs: &loaded.prefs,
        error: loaded.error.as_ref(),
        cli: *cli,
        no_color: false,
        sound_warnings: Vec::new(),
        routine_problems: None,
    })
}

fn err(text: &str) -> String {
    match parse(text, Path::new("/home/me/.config/backease/preferences.ron")) {
        Ok(p) => panic!("expected an error for {text:?}, got {p:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_missing_file_gives_the_defaults_and_no_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let loaded = load_from(&dir.path().join("preferences.ron"));
    assert!(!loaded.exists);
    assert!(loaded.error.is_none());
    let p = loaded.prefs;
    assert_eq!(p, Preferences::default());
    assert_eq!(p.lead_in(), Duration::from_secs(5));
    assert_eq!(p.volume(), 80);
    assert!(!p.mute());
    assert_eq!(p.alarm_repeat(), Duration::from_secs(20));
    assert_eq!(p.alarm_give_up(), Duration::from_secs(600));
    assert_eq!(p.colors(), Colors::Auto);
    assert!(p.notifications());
    assert!(p.sound_files().is_empty());
    assert_eq!(p.session_config(), backease::session::Config::default());
}

#[test]
fn an_empty_file_is_all_defaults() {
    assert_eq!(
        parse("  \n", Path::new("p.ron")).expect("empty is fine"),
        Preferences::default()
    );
}

#[test]
fn a_full_valid_file_sets_everything() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("preferences.ron");
    fs::write(
        &path,
        r#"// my settings
(
    lead_in: "3s",
    volume: 40,
    mute: true,
    alarm_repeat: "30s",
    alarm_give_up: "15m",
    colors: "never",
    theme: "light",
    notifications: false,
    sounds: {
        "alarm": "sounds/gong.wav",
        "step_end": "/usr/share/sounds/bell.wav",
    },
)
"#,
    )
    .expect("write");
    let loaded = load_from(&path);
    assert!(loaded.error.is_none(), "{:?}", loaded.error);
    assert!(loaded.exists);
    let p = loaded.prefs;
    assert_eq!(p.lead_in(), Duration::from_secs(3));
    assert_eq!(p.volume(), 40);
    assert!(p.mute());
    assert_eq!(p.alarm_repeat(), Duration::from_secs(30));
    assert_eq!(p.alarm_give_up(), Duration::from_secs(900));
    assert_eq!(p.colors(), Colors::Never);
    assert_eq!(p.theme(), backease::prefs::Theme::Light);
    assert!(!p.notifications());
    let sounds = p.sound_files();
    assert_eq!(sounds.len(), 2);
    // Relative paths are relative to the preferences file.
    assert_eq!(sounds[&Sound::Alarm], dir.path().join("sounds/gong.wav"));
    assert_eq!(
        sounds[&Sound::StepEnd],
        Path::new("/usr/share/sounds/bell.wav")
    );
    let c = p.session_config();
    assert_eq!(c.lead_in, Duration::from_secs(3));
    assert_eq!(c.alarm_repeat, Duration::from_secs(30));
    assert_eq!(c.alarm_give_up, Duration::from_secs(900));
    assert!(c.long_alarm);
}

#[test]
fn zero_lead_in_is_allowed_and_a_named_struct_too() {
    let p = parse("Preferences(lead_in: \"0s\")", Path::new("p.ron")).expect("valid");
    assert_eq!(p.lead_in(), Duration::ZERO);
}

#[test]
fn each_mistake_has_an_exact_position_and_names_the_field() {
    let f = "/home/me/.config/backease/preferences.ron";
    let cases: &[(&str, String)] = &[
        (
            "(\n    volume: 150,\n)",
            format!("{f}:2:13: volume: 150 is out of range; use 0 to 100"),
        ),
        (
            "(\n    volume: -1,\n)",
            format!("{f}:2:14: volume: -1 is out of range; use 0 to 100"),
        ),
        (
            "(\n    volume: \"loud\",\n)",
            format!(
                "{f}:2:14: volume: expected a whole number from 0 to 100 but found the string \"loud\" instead"
            ),
        ),
        (
            "(\n    volume: 50.5,\n)",
            format!("{f}:2:13: volume: 50.5 is not a whole number; use 0 to 100"),
        ),
        (
            "(\n    volume: NaN,\n)",
            format!("{f}:2:13: volume: NaN is not a whole number; use 0 to 100"),
        ),
        (
            "(\n    volume: 18446744073709551616,\n)",
            format!("{f}:2:13: volume: the number is out of range; use 0 to 100"),
        ),
        (
            "(\n    volume: 1e3,\n)",
            format!("{f}:2:13: volume: 1000 is out of range; use 0 to 100"),
        ),
        (
            "(\n    lead_in: \"99h\",\n)",
            format!("{f}:2:15: lead_in: 99 h is out of range; use 0 s to 1 min"),
        ),
        (
            "(\n    alarm_repeat: \"soon\",\n)",
            format!(
                "{f}:2:20: alarm_repeat: \"soon\" is not a duration; write it like \"15s\", \"20m\", \"1m30s\" or a range \"10-15s\""
            ),
        ),
        (
            "(\n    alarm_give_up: \"5s\",\n)",
            format!("{f}:2:21: alarm_give_up: 5 s is out of range; use 10 s to 4 h"),
        ),
        (
            "(\n    mute: \"yes\",\n)",
            format!("{f}:2:10: mute: expected true or false (expected boolean)"),
        ),
        (
            "(\n    colors: \"sometimes\",\n)",
            format!(
                "{f}:2:14: colors: \"sometimes\" is not one of \"auto\", \"always\", \"never\""
            ),
        ),
        (
            "(\n    theme: \"white\",\n)",
            format!("{f}:2:13: theme: \"white\" is not one of \"auto\", \"dark\", \"light\""),
        ),
        (
            "(\n    theme: true,\n)",
            format!("{f}:2:11: theme: expected \"auto\", \"dark\" or \"light\" (expected string)"),
        ),
        (
            "(\n    loudness: 3,\n)",
            format!(
                "{f}:2:5: unknown preference `loudness`; the preferences are: lead_in, volume, mute, alarm_repeat, alarm_give_up, colors, theme, notifications, sounds, voice, checkin, mouse, lead_in_up_down, lead_in_floor, remind_every, remind_hours, remind_days, remind_routine, remind_snooze, remind_away, remind_pause_while, terminal"
            ),
        ),
        (
            "(\n    remind_pause_while: [\"zoom\", \"a/b\"],\n)",
            format!(
                "{f}:2:39: remind_pause_while: \"a/b\" is not a program name (the name `ps -e` shows, at most 15 characters, like \"zoom\")"
            ),
        ),
        (
            "(\n    remind_pause_while: \"zoom\",\n)",
            format!(
                "{f}:2:24: remind_pause_while: expected a list of program names in quotes, like [\"zoom\", \"obs\"] (expected opening `[`)"
            ),
        ),
        (
            "(\n    terminal: \"\",\n)",
            format!(
                "{f}:2:16: terminal: empty; write \"auto\" or a terminal command like \"kitty\""
            ),
        ),
        (
            "(\n    mouse: \"off\",\n)",
            format!("{f}:2:11: mouse: expected true or false (expected boolean)"),
        ),
        (
            "(\n    sounds: { \"gong\": \"a.wav\" },\n)",
            format!(
                "{f}:2:16: sounds: no sound named \"gong\"; the names are: get_ready, hold_start, range_min, countdown, one_minute, switch_sides, rep_end, step_end, session_complete, alarm"
            ),
        ),
        (
            "(\n    mute: true,\n    mute: false,\n)",
            format!("{f}:3:5: `mute` is set twice"),
        ),
        (
            "(\n    volume: 50\n    mute: true,\n)",
            format!("{f}:3:5: Expected comma"),
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(&err(text), expected, "for {text:?}");
    }
}

#[test]
fn an_invalid_value_gives_its_default_and_the_file_is_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("preferences.ron");
    let text = "(\n    volume: 150,\n    mute: true,\n)\n";
    fs::write(&path, text).expect("write");
    let before = fs::metadata(&path)
        .expect("meta")
        .modified()
        .expect("mtime");
    let loaded = load_from(&path);
    let e = loaded.error.expect("an error").to_string();
    assert_eq!(
        e,
        format!(
            "{}:2:13: volume: 150 is out of range; use 0 to 100",
            path.display()
        )
    );
    // Only the value with the mistake falls back to its default (issue 13: every problem
    // is read past): `mute: true` stays, which beats sound at the default volume.
    assert_eq!(
        loaded.prefs,
        Preferences {
            mute: Some(true),
            ..Preferences::default()
        }
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), text);
    assert_eq!(
        fs::metadata(&path)
            .expect("meta")
            .modified()
            .expect("mtime"),
        before
    );
    let names: Vec<_> = fs::read_dir(dir.path()).expect("ls").collect();
    assert_eq!(names.len(), 1, "nothing written next to it");
}

#[test]
fn config_output_shows_paths_values_and_sources() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("preferences.ron");
    fs::write(&path, "(lead_in: \"3s\", colors: \"always\")").expect("write");
    let loaded = load_from(&path);
    let cli = Overrides {
        mute: true,
        volume: None,
    };
    let text = config_text(
        &loaded,
        &cli,
        Some(dir.path().join("exercises.ron")),
        Some(dir.path().join("history")),
    );
    let d = dir.path().display();
    let expected_head = format!(
        "preferences file  {d}/preferences.ron\n\
         routine file      {d}/exercises.ron (not there yet)\n\
         history           {d}/history (not there yet)\n\
         sessions          {d}/sessions (not there yet)\n"
    );
    assert!(text.starts_with(&expected_head), "{text}");
    for line in [
        "lead_in         3 s          file",
        "volume          80           default",
        "mute            true         command line (--mute)",
        "alarm_repeat    20 s         default",
        "alarm_give_up   10 min       default",
        "notifications   true         default",
        "sounds          built-in     default",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
    assert!(
        text.lines()
            .any(|l| l.starts_with("colors          always       file")),
        "{text}"
    );
}

#[test]
fn config_output_reports_an_invalid_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("preferences.ron");
    fs::write(&path, "(volume: 300)").expect("write");
    let loaded = load_from(&path);
    let text = config_text(&loaded, &Overrides::default(), None, None);
    assert!(
        text.contains(&format!(
            "error: {}:1:10: volume: 300 is out of range; use 0 to 100",
            path.display()
        )),
        "{text}"
    );
    assert!(text.contains("routine file      (no directory on this system)"));
}

mod generated {
    //! Property tests over generated preference files: any mix of known and unknown
    //! fields, edge values, separators and cut-short text parses without a panic, and
    //! every error points at a line and column inside the file with a printable message.

    use std::path::Path;
    use std::time::Duration;

    use backease::prefs::{FIELDS, PrefsError, parse};
    use proptest::prelude::*;

    fn field() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::sample::select(FIELDS).prop_map(str::to_string),
            1 => prop::sample::select(vec!["loudness", "r#volume", "Volume", "", "_", "é"])
                .prop_map(str::to_string),
        ]
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => prop::sample::select(vec![
                "0", "-1", "100", "101", "255", "18446744073709551615", "1e400", "-1e400",
                "NaN", "inf", "2.5", "true", "false", "\"auto\"", "\"always\"", "\"never\"",
                "\"99999h\"", "\"0s\"", "\"20s\"", "\"1m30s\"", "\"10-15s\"", "\"-5s\"",
                "{ \"alarm\": \"a.wav\" }", "{ \"gong\": \"a.wav\" }", "{ \"alarm\": \"\" }",
                "{}", "[]", "()", "Some(1)", "None", "'x'", "'\\u{1b}'", "\"\\u{1b}[2J\"",
                "\"\u{9b}\"", "\"", "{", "(", "b\"x\"", "r#\"x\"#", "/* c */ 1", "1 // c\n",
            ])
            .prop_map(str::to_string),
            1 => any::<String>().prop_map(|s| format!("{s:?}")),
            1 => "[0-9a-z\"{}()\\[\\]:,.\\-\\\\ \n\r]{0,12}",
        ]
    }

    /// Checks one outcome: an error is located inside `text` and prints safely; a
    /// success prints safely in `backease config`.
    fn check(text: &str) -> Result<(), TestCaseError> {
        match parse(text, Path::new("/p/preferences.ron")) {
            Ok(prefs) => {
                for (name, value, _) in prefs.effective() {
                    prop_assert!(!value.chars().any(char::is_control), "{name}: {value:?}");
                }
            }
            Err(PrefsError::Invalid {
                line,
                column,
                message,
                ..
            }) => {
                let lines: Vec<&str> = text.split('\n').collect();
                prop_assert!(line >= 1 && line <= lines.len(), "line {line}: {message}");
                let width = lines[line - 1].chars().count();
                prop_assert!(
                    column >= 1 && column <= width + 2,
                    "column {column} of {width}: {message}"
                );
                prop_assert!(!message.is_empty());
                prop_assert!(!message.chars().any(char::is_control), "{message:?}");
            }
            Err(e) => prop_assert!(false, "parse never reads a file: {e}"),
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn generated_files_never_panic_and_errors_point_inside(
            entries in prop::collection::vec((field(), value()), 0..6),
            sep in prop::sample::select(vec![",", ",\n    ", ",\r\n    ", " ", "", ",,"]),
            named in any::<bool>(),
            bom in any::<bool>(),
            cut in prop::option::of(0usize..300),
        ) {
            let body: Vec<String> = entries.iter().map(|(f, v)| format!("{f}: {v}")).collect();
            let mut text = format!(
                "{}{}(\n    {}\n)\n",
                if bom { "\u{feff}" } else { "" },
                if named { "Preferences" } else { "" },
                body.join(sep)
            );
            if let Some(cut) = cut {
                let mut cut = cut.min(text.len());
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                text.truncate(cut);
            }
            check(&text)?;
        }

        #[test]
        fn ron_shaped_noise_never_panics(text in "[(){}\\[\\]:,\" a-z0-9_\\-.\\n\\r']{0,200}") {
            check(&text)?;
        }

        /// Values in range load exactly, in any order and with any line ends.
        #[test]
        fn values_in_range_load_as_written(
            volume in 0u8..=100,
            lead_in in 0u64..=60,
            repeat in 1u64..=600,
            mute in any::<bool>(),
            crlf in any::<bool>(),
            reverse in any::<bool>(),
        ) {
            let mut lines = [
                format!("volume: {volume},"),
                format!("lead_in: \"{lead_in}s\","),
                format!("alarm_repeat: \"{repeat}s\","),
                format!("mute: {mute},"),
            ];
            if reverse {
                lines.reverse();
            }
            let nl = if crlf { "\r\n" } else { "\n" };
            let text = format!("({nl}{}{nl})", lines.join(nl));
            let p = parse(&text, Path::new("p.ron")).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(p.volume(), volume);
            prop_assert_eq!(p.lead_in(), Duration::from_secs(lead_in));
            prop_assert_eq!(p.alarm_repeat(), Duration::from_secs(repeat));
            prop_assert_eq!(p.mute(), mute);
        }
    }
}

#[test]
fn a_whole_volume_written_as_a_float_is_that_number() {
    let p = parse("(volume: 50.0)", Path::new("p.ron")).expect("valid");
    assert_eq!(p.volume(), 50);
    let p = parse("(volume: 0)", Path::new("p.ron")).expect("valid");
    assert_eq!(p.volume(), 0);
}

/// Deep nesting in one unknown preference (600 levels of `[` in `notes:`) costs only that
/// preference: the valid settings around it stay (old code: ron's recursion limit stopped
/// the reading and every setting fell back to its default).
#[test]
fn deep_nesting_in_one_preference_keeps_every_valid_setting() {
    for (open, close) in [("[", "]"), ("(", ")"), ("{", "}"), ("Some(", ")")] {
        let deep = format!("{}1{}", open.repeat(600), close.repeat(600));
        let text = format!("(\n    mute: true,\n    notes: {deep},\n    volume: 40,\n)\n");
        let (prefs, error) = backease::prefs::parse_keeping(
            &text,
            Path::new("/home/me/.config/backease/preferences.ron"),
        );
        let e = error.expect("a problem").to_string();
        assert!(e.contains("preferences.ron:3:"), "{open}: {e}");
        assert_eq!(
            prefs,
            Preferences {
                mute: Some(true),
                volume: Some(40),
                ..Preferences::default()
            },
            "{open}: {e}"
        );
    }
}

/// Issue 26: the preference `colour` says which one was meant.
#[test]
fn an_unknown_preference_near_a_real_one_says_which() {
    let e = err("(colour: \"never\")");
    assert!(
        e.contains("unknown preference `colour`; did you mean `colors`?"),
        "{e}"
    );
    let e = err("(loudness: 3)");
    assert!(!e.contains("did you mean"), "{e}");
}
