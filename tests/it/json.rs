//! `list --json`, `config --json` and `check --json` as a script or an editor plugin reads
//! them: the real binary, its standard output parsed with serde_json, and the documented
//! shape (`format: 1`, the README's "Machine-readable output") checked field by field.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_backease");

/// The binary in a home of its own (no preferences, no routine file of the tester's).
fn backease(home: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("HOME", home)
        .env("BACKEASE_CONFIG_DIR", home.join("config"))
        .env("BACKEASE_DATA_DIR", home.join("data"))
        .env_remove("NO_COLOR")
        .output()
        .expect("run backease")
}

fn parsed(out: &Output) -> Value {
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn list_json_has_every_routine_with_its_facts() {
    let home = tempfile::tempdir().expect("temp dir");
    let out = backease(home.path(), &["list", "--json"]);
    assert!(out.status.success());
    let v = parsed(&out);
    assert_eq!(v["format"], 1);
    let routines = v["routines"].as_array().expect("a list");
    // As many as the text table has rows.
    let text = backease(home.path(), &["list"]);
    let rows = String::from_utf8_lossy(&text.stdout).lines().count() - 1;
    assert_eq!(routines.len(), rows);
    let spa = routines
        .iter()
        .find(|r| r["id"] == "spa")
        .expect("spa is listed");
    assert_eq!(spa["name"], "Ball drape and bath");
    // Issue 15: filling the bath is a step of its own, untimed (it waits for Enter).
    assert_eq!(spa["steps"], 4);
    assert_eq!(spa["time"], "34–40 min+");
    assert_eq!(spa["untimed"], true);
    let (min, max) = (
        spa["seconds"]["min"].as_u64().expect("a number"),
        spa["seconds"]["max"].as_u64().expect("a number"),
    );
    assert!(
        min <= max && (34 * 60..=42 * 60).contains(&max),
        "{min} {max}"
    );
    assert_eq!(
        spa["equipment"],
        serde_json::json!(["exercise ball", "foam roller", "bath"])
    );
    assert!(spa["description"].is_string());
    let decompress = routines
        .iter()
        .find(|r| r["id"] == "decompress")
        .expect("decompress is listed");
    assert_eq!(decompress["untimed"], true, "an open-ended wall squat");
}

/// The user's own routines are listed too, with names that need escaping in JSON.
#[test]
fn list_json_escapes_what_a_name_holds() {
    let home = tempfile::tempdir().expect("temp dir");
    let file = home.path().join("mine.ron");
    std::fs::write(
        &file,
        r#"(
    exercises: [(id: "q", name: "Quote \" and \\ back", hold: "30s")],
    routines: [(id: "quoted", name: "Say \"hi\" \\ naïve — ✓", steps: [(exercise: "q")])],
)"#,
    )
    .expect("write");
    let file = file.to_str().expect("utf-8 path");
    let out = backease(home.path(), &["--routines", file, "list", "--json"]);
    assert!(out.status.success(), "{out:?}");
    let v = parsed(&out);
    let mine = v["routines"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|r| r["id"] == "quoted")
        .expect("listed")
        .clone();
    assert_eq!(mine["name"], "Say \"hi\" \\ naïve — ✓");
    assert_eq!(mine["equipment"], serde_json::json!([]));
}

#[test]
fn check_json_of_a_good_file_says_ok() {
    let home = tempfile::tempdir().expect("temp dir");
    let out = backease(home.path(), &["check", "--json"]);
    assert!(out.status.success());
    let v = parsed(&out);
    assert_eq!(v["format"], 1);
    assert_eq!(v["ok"], true);
    assert_eq!(v["file"], Value::Null, "the built-in library");
    assert_eq!(v["problems"], serde_json::json!([]));
    assert!(v["routines"].as_u64().expect("counted") > 0);
    assert!(v["exercises"].as_u64().expect("counted") > 0);
    let summary = v["summary"].as_str().expect("text");
    assert!(summary.starts_with("ok: "), "{summary}");
}

/// Each problem with the file, line, column and message the text output gives, on
/// standard output, and exit status 1.
#[test]
fn check_json_gives_each_problem_with_file_line_and_column() {
    let home = tempfile::tempdir().expect("temp dir");
    let file = home.path().join("mine.ron");
    std::fs::write(
        &file,
        "(routines: [(id: \"r\", name: \"R\", steps: [(exercise: \"chlds_pose\")])])",
    )
    .expect("write");
    let path = file.to_str().expect("utf-8 path");
    let out = backease(home.path(), &["check", "--json", path]);
    assert_eq!(out.status.code(), Some(1));
    let v = parsed(&out);
    assert_eq!(v["format"], 1);
    assert_eq!(v["ok"], false);
    assert_eq!(v["file"], path);
    let problems = v["problems"].as_array().expect("a list");
    assert!(!problems.is_empty());
    // The same problems, in the same order, as the text output's FILE:LINE:COL lines.
    let text = backease(home.path(), &["check", path]);
    let lines: Vec<String> = String::from_utf8_lossy(&text.stderr)
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(problems.len(), lines.len(), "{lines:?}");
    for (p, line) in problems.iter().zip(&lines) {
        let as_text = format!(
            "{}:{}:{}: {}",
            p["file"].as_str().expect("file"),
            p["line"],
            p["column"],
            p["message"].as_str().expect("message")
        );
        assert_eq!(&as_text, line);
    }
    assert_eq!(problems[0]["line"], 1);
    assert_eq!(problems[0]["column"], 53);
    assert_eq!(
        problems[0]["message"],
        "no exercise \"chlds_pose\"; did you mean \"childs_pose\"?"
    );
    assert_eq!(
        v["summary"],
        format!(
            "{} problem{}",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        )
    );
}

/// A file that cannot be read is one problem with the whole file: no line or column.
#[test]
fn check_json_of_a_missing_file_has_a_null_line() {
    let home = tempfile::tempdir().expect("temp dir");
    let path = home.path().join("nowhere.ron");
    let out = backease(
        home.path(),
        &["check", "--json", path.to_str().expect("utf-8")],
    );
    assert_eq!(out.status.code(), Some(1));
    let v = parsed(&out);
    let p = &v["problems"][0];
    assert_eq!(p["line"], Value::Null);
    assert_eq!(p["column"], Value::Null);
    assert!(p["message"].as_str().expect("message").len() > 5, "{p}");
}

#[test]
fn config_json_gives_the_places_and_every_preference_with_its_source() {
    let home = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(home.path().join("config")).expect("mkdir");
    std::fs::write(
        home.path().join("config/preferences.ron"),
        "(volume: 30, notifications: false)",
    )
    .expect("write");
    let out = backease(home.path(), &["--mute", "config", "--json"]);
    assert!(out.status.success());
    let v = parsed(&out);
    assert_eq!(v["format"], 1);
    assert_eq!(v["error"], Value::Null);
    assert_eq!(v["no_color"], false);
    let prefs_file = &v["files"]["preferences"];
    assert_eq!(prefs_file["exists"], true);
    assert!(
        prefs_file["path"]
            .as_str()
            .expect("a path")
            .ends_with("preferences.ron")
    );
    for place in ["routines", "history", "sessions"] {
        assert!(v["files"][place]["exists"].is_boolean(), "{place}");
    }
    let prefs = v["preferences"].as_array().expect("a list");
    let pref = |name: &str| {
        prefs
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {prefs:?}"))
            .clone()
    };
    assert_eq!(pref("volume")["value"], 30);
    assert_eq!(pref("volume")["from"], "file");
    assert_eq!(pref("notifications")["value"], false);
    assert_eq!(pref("mute")["value"], true);
    assert_eq!(pref("mute")["from"], "command line");
    assert_eq!(pref("colors")["value"], "auto");
    assert_eq!(pref("colors")["from"], "default");
    // Every preference `config` shows is there.
    let text = backease(home.path(), &["config"]);
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    let table = text
        .split("\npreference ")
        .nth(1)
        .expect("the preference table");
    assert_eq!(prefs.len(), table.lines().count() - 1, "{text}");
}

/// A preferences file with a mistake: the error is in the JSON, the defaults are shown,
/// and the exit status is still 0 (as for the text).
#[test]
fn config_json_reports_a_broken_preferences_file() {
    let home = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(home.path().join("config")).expect("mkdir");
    std::fs::write(home.path().join("config/preferences.ron"), "(volume: 300)").expect("write");
    let out = backease(home.path(), &["config", "--json"]);
    assert!(out.status.success());
    let v = parsed(&out);
    let error = v["error"].as_str().expect("an error");
    assert!(error.contains("preferences.ron"), "{error}");
    assert!(error.contains("volume"), "{error}");
}

/// Issue 26: `list` and `list --json` give the routines in the menu's order, the
/// favourites (from `favourites.ron`) first, each group in the library's order.
#[test]
fn list_puts_the_favourites_first_as_the_menu_does() {
    let home = tempfile::tempdir().expect("temp dir");
    let ids = |out: &Output| -> Vec<String> {
        parsed(out)["routines"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|r| r["id"].as_str().expect("an id").to_string())
            .collect()
    };
    let before = ids(&backease(home.path(), &["list", "--json"]));
    assert!(before.len() >= 3, "{before:?}");
    // The last two routines marked: they come first, in the library's order.
    let marked = [
        before[before.len() - 2].clone(),
        before[before.len() - 1].clone(),
    ];
    std::fs::create_dir_all(home.path().join("config")).expect("config dir");
    let set: std::collections::BTreeSet<String> = marked.iter().cloned().collect();
    std::fs::write(
        home.path().join("config").join("favourites.ron"),
        backease::app::favourites_text(&set),
    )
    .expect("write favourites");
    let after = ids(&backease(home.path(), &["list", "--json"]));
    let mut expected = marked.to_vec();
    expected.extend(before.iter().filter(|id| !marked.contains(id)).cloned());
    assert_eq!(after, expected);
    let text = backease(home.path(), &["list"]);
    let first: Vec<String> = String::from_utf8_lossy(&text.stdout)
        .lines()
        .skip(1)
        .take(2)
        .map(|l| l.split_whitespace().next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(first, marked.to_vec());
}
