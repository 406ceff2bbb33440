//! Issue 13, items 17–20, on the real binary: a mistake in the user's own routine file
//! never locks them out of the built-in routines; `check` without FILE checks every file
//! in use; every problem of a file is reported in one run (routines and preferences);
//! `config` flags a custom sound that cannot be used; a broken history record is told in
//! plain words.

use crate::common::tmux;

use std::path::Path;
use std::process::{Command, Output};

use tmux::{BIN, SOON, Tmux};

/// The user's routine file: an unknown field first (it used to hide everything after
/// it), then nine more problems of every kind.
const TEN_PROBLEMS: &str = r#"(
    exercises: [
        (id: "tilt", name: "Tilt", colour: "red", hold: "15x"),
        (id: "two", name: "Two", hold: 15, reps: "three"),
        (id: "three", name: "Three", hold: "10s", hold: "20s"),
        (id: "four", hold: "5s"),
    ],
    routines: [
        (id: "mine", name: "Mine", steps: [
            (exercise: "chlds_pose"),
            (exercise: "tilt", hld: "3s"),
            (exercise: "two", rest: "-5s"),
        ]),
        (id: "empty", name: "Empty", steps: []),
    ],
)
"#;

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("config")).expect("config");
        std::fs::create_dir_all(dir.path().join("data")).expect("data");
        Home { dir }
    }

    fn config(&self) -> std::path::PathBuf {
        self.dir.path().join("config")
    }

    fn write(&self, name: &str, text: &str) -> std::path::PathBuf {
        let path = self.config().join(name);
        std::fs::write(&path, text).expect("write");
        path
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .args(args)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", self.dir.path())
            .env("BACKEASE_CONFIG_DIR", self.config())
            .env("BACKEASE_DATA_DIR", self.dir.path().join("data"))
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run backease")
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn problem_lines<'a>(stderr: &'a str, file: &Path) -> Vec<&'a str> {
    let prefix = format!("{}:", file.display());
    stderr.lines().filter(|l| l.starts_with(&prefix)).collect()
}

#[test]
fn check_reports_every_problem_of_a_file_in_one_run() {
    let home = Home::new();
    let file = home.write("mine.ron", TEN_PROBLEMS);
    let out = home.run(&["check", file.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let lines = problem_lines(&stderr, &file);
    for (line, needle) in [
        (3, "unknown field \"colour\""),
        (3, "hold \"15x\" is not a duration"),
        (4, "hold must be text in double quotes"),
        (4, "reps"),
        (5, "hold is given twice"),
        (6, "has no name"),
        (
            10,
            "no exercise \"chlds_pose\"; did you mean \"childs_pose\"?",
        ),
        (
            11,
            "unknown field \"hld\" in a step; did you mean \"hold\"?",
        ),
        (12, "rest"),
        (14, "step"),
    ] {
        let at = format!("{}:{line}:", file.display());
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&at) && l.contains(needle)),
            "line {line}: {needle:?} in\n{stderr}"
        );
    }
    assert!(lines.len() >= 10, "{} problems:\n{stderr}", lines.len());
    // A field blanked for its mistake is not reported missing as well.
    assert!(
        !stderr.contains("has no hold"),
        "a hold given with the wrong kind of value is not also missing:\n{stderr}"
    );
    // In file order, each with a column.
    let positions: Vec<(usize, usize)> = lines
        .iter()
        .map(|l| {
            let rest = &l[file.display().to_string().len() + 1..];
            let mut parts = rest.splitn(3, ':');
            let line = parts.next().and_then(|p| p.parse().ok()).expect("line");
            let column = parts.next().and_then(|p| p.parse().ok()).expect("column");
            (line, column)
        })
        .collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted);
}

#[test]
fn a_broken_user_file_leaves_the_built_in_routines_usable() {
    let home = Home::new();
    let user = home.write("exercises.ron", TEN_PROBLEMS);

    // `list` lists the built-in routines, exit 0, and says why "mine" is missing.
    let out = home.run(&["list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("five_stretches"), "{stdout}");
    assert!(!stdout.contains("mine"), "{stdout}");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("{} has ", user.display()))
            && stderr.contains("problems, so its routines are left out")
            && stderr.contains("backease check"),
        "{stderr}"
    );

    // `start` of a built-in routine runs (plain mode without a terminal).
    let out = home.run(&["--speed", "1000", "start", "desk_break"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("note: ") && text(&out.stdout).contains("left out"),
        "{}",
        text(&out.stdout)
    );

    // `start` of a routine in the broken file says why it is not there.
    let out = home.run(&["start", "mine"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("no routine with id \"mine\"") && stderr.contains("left out"),
        "{stderr}"
    );

    // `check` without FILE checks the file in use, not only the built-in library.
    let out = home.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("built-in library: ok:"), "{stdout}");
    assert!(
        stdout.contains(&format!("{}: ", user.display())) && stdout.contains("problems"),
        "{stdout}"
    );
    assert!(problem_lines(&text(&out.stderr), &user).len() >= 10);

    // Fixed, it is in use again, and `check` says so.
    home.write(
        "exercises.ron",
        "(routines: [(id: \"mine\", name: \"Mine\", steps: [(exercise: \"childs_pose\")])])",
    );
    let out = home.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&format!("{}: ok", user.display())));
    assert!(text(&home.run(&["list"]).stdout).contains("mine"));
}

#[test]
fn the_menu_opens_with_a_notice_naming_the_broken_file() {
    let t = Tmux::start();
    let config = t.home().join("config");
    std::fs::write(config.join("exercises.ron"), TEN_PROBLEMS).expect("write");
    t.run("");
    t.wait("the menu with the notice", SOON, |t| {
        // The notice wraps over lines at 100 columns: read them as one text.
        let s: Vec<String> = t.screen().lines().map(|l| l.trim().to_string()).collect();
        let s = s.join(" ");
        s.contains("Five back stretches")
            && s.contains("exercises.ron has 10 problems, so its routines are left out")
    });
    t.keys(&["q"]);
}

#[test]
fn preferences_report_every_mistake_and_keep_the_good_values() {
    let home = Home::new();
    let prefs = home.write(
        "preferences.ron",
        "(\n    volume: 150,\n    colour: \"red\",\n    lead_in: \"5x\",\n    mute: true,\n    sounds: { \"alarm\": \"/nowhere/gong.wav\" },\n)\n",
    );
    let out = home.run(&["config"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    for (line, needle) in [
        (2, "volume: 150 is out of range"),
        (3, "unknown preference `colour`"),
        (4, "lead_in: \"5x\" is not a duration"),
    ] {
        let at = format!("error: {}:{line}:", prefs.display());
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&at) && l.contains(needle)),
            "{needle:?} in\n{stdout}"
        );
    }
    // The good values are used; the bad ones are not.
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("mute ") && l.contains("true") && l.ends_with("file")),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("volume ") && l.contains("80") && l.ends_with("default")),
        "{stdout}"
    );
    // The custom sound that is not there is flagged.
    assert!(
        stdout.contains("warning: sound for alarm: /nowhere/gong.wav")
            && stdout.contains("using the built-in one"),
        "{stdout}"
    );

    let out = home.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains(&format!("{}: 3 problems", prefs.display())),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(problem_lines(&text(&out.stderr), &prefs).len(), 3);
}

#[test]
fn a_broken_history_record_is_told_in_plain_words() {
    let home = Home::new();
    let history = home.dir.path().join("data").join("history");
    std::fs::create_dir_all(&history).expect("history dir");
    std::fs::write(history.join("2026-01-01T00-00-00Z-1-1.ron"), "garbage\n").expect("write");
    std::fs::write(
        history.join("2026-01-02T00-00-00Z-1-1.ron"),
        "(routine: \"desk_break\", started: ",
    )
    .expect("write");
    let out = home.run(&["history"]);
    assert_eq!(out.status.code(), Some(0));
    // `history` prints its warnings above the list, on standard output.
    let stderr = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        stderr.contains("2026-01-01T00-00-00Z-1-1.ron:1:1: this is not a backease session record"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2026-01-02T00-00-00Z-1-1.ron:") && stderr.contains("ends too early"),
        "{stderr}"
    );
    assert!(!stderr.contains("SessionRecord"), "{stderr}");
    assert!(!stderr.contains("Expected"), "{stderr}");
}

#[test]
fn check_json_without_a_file_checks_every_file_in_use() {
    let home = Home::new();
    let user = home.write("exercises.ron", TEN_PROBLEMS);
    let prefs = home.write("preferences.ron", "(volume: 150, colour: 1)\n");
    let out = home.run(&["check", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(doc["format"], 1);
    assert_eq!(doc["file"], serde_json::Value::Null);
    assert_eq!(doc["ok"], false);
    let problems = doc["problems"].as_array().expect("problems");
    let of = |path: &Path| {
        problems
            .iter()
            .filter(|p| p["file"] == path.display().to_string())
            .count()
    };
    assert!(of(&user) >= 10, "{doc:#}");
    assert_eq!(of(&prefs), 2, "{doc:#}");
    assert!(
        problems
            .iter()
            .all(|p| p["line"].as_u64().is_some_and(|l| l >= 1))
    );
}
