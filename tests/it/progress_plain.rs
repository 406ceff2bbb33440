//! The check-in in plain mode with lines on a pipe (`start` with standard input not a
//! terminal): a line asks before the first step and a line with a digit answers; a
//! script is not asked after the session (it would wait at the end); with input closed
//! the session starts at once. The question after, with keys from a terminal, is in
//! `tests/e2e_checkin.rs`.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn home() -> tempfile::TempDir {
    let h = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(h.path().join("config")).expect("config");
    std::fs::write(
        h.path().join("config/preferences.ron"),
        "(voice: \"off\")\n",
    )
    .expect("prefs");
    h
}

fn backease(h: &tempfile::TempDir, routine: &str, stdin: Stdio) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_backease"))
        .args(["start", routine, "--plain", "--mute", "--speed", "60"])
        .env("BACKEASE_CONFIG_DIR", h.path().join("config"))
        .env("BACKEASE_DATA_DIR", h.path().join("data"))
        .env("HOME", h.path())
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("backease runs")
}

#[test]
fn a_line_answers_before_the_first_step_and_a_script_is_not_asked_after() {
    let h = home();
    let mut child = backease(&h, "five_stretches", Stdio::piped());
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"5\n").expect("answer");
    // Once the answer is taken (its line is out), `q` ends the session.
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut text = String::new();
    while !text.contains("Stiffness before: 5") {
        if stdout.read_line(&mut text).expect("read the lines") == 0 {
            break;
        }
    }
    stdin.write_all(b"q\n").expect("end");
    drop(stdin);
    stdout.read_to_string(&mut text).expect("the rest");
    assert!(child.wait().expect("ran").success(), "{text}");
    assert!(
        text.contains("How does your back feel? 0 (fine) to 9"),
        "{text}"
    );
    assert!(text.contains("Stiffness before: 5"), "{text}");
    assert!(!text.contains("How does your back feel now?"), "{text}");
    assert!(text.contains("stiffness 5 → ? · "), "{text}");
    let listing = std::process::Command::new(env!("CARGO_BIN_EXE_backease"))
        .args(["history", "--csv"])
        .env("BACKEASE_DATA_DIR", h.path().join("data"))
        .output()
        .expect("history");
    let csv = String::from_utf8_lossy(&listing.stdout);
    // A sped-up session is kept (and exported, marked), with its answer, once.
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(
        csv.lines().nth(1).is_some_and(|l| l.contains(",true,,5,,")),
        "{csv}"
    );
}

#[test]
fn with_input_closed_the_session_starts_at_once() {
    let h = home();
    let start = Instant::now();
    let child = backease(&h, "desk_break", Stdio::null());
    let out = child.wait_with_output().expect("ran");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("How does your back feel?"), "{text}");
    assert!(text.contains("Step 1/5"), "{text}");
    assert!(
        !text.contains("How does your back feel now?"),
        "nobody to ask: {text}"
    );
    // A desk break at 60× is a few seconds; the question's 8 s were not waited.
    assert!(
        start.elapsed() < Duration::from_secs(8),
        "{:?}",
        start.elapsed()
    );
}
