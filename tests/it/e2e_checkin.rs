//! End to end, the check-in in the real binary in tmux: asked before the first step (a
//! digit answers) and on the summary, kept in history (the answer after in a copy of the
//! record, counted once), shown as "stiffness 6 → 3", and on the progress screen (`h`).
//! And: nobody answering never blocks a session (it starts by itself).

use crate::common::tmux;

use std::time::{Duration, Instant};

use tmux::{BIN, Tmux};

/// The check-in on (the harness turns it off for the other tests).
fn asking(t: &Tmux) {
    let prefs = t.home().join("config/preferences.ron");
    std::fs::write(prefs, "(voice: \"off\", checkin: true)\n").expect("preferences");
}

#[test]
fn before_and_after_are_asked_kept_and_shown() {
    let t = Tmux::start();
    asking(&t);
    // Real time (a sped-up session counts for no statistics), ended after the start.
    t.run("start e2e_fast --mute");
    t.wait_text("How does your back feel? 0 (fine) to 9 (very stiff or sore)");
    t.keys(&["6"]);
    t.wait_text("E2E first");
    t.past_key_guard();
    t.keys(&["q"]);
    t.wait_text("End the session?");
    t.keys(&["y"]);
    t.wait_text("How does your back feel now?");
    t.keys(&["3"]);
    t.wait_text("stiffness 6 → 3");
    t.keys(&["q"]);
    t.assert_terminal_normal();
    // Two files (the record and its copy with the answer after), one session.
    let files = t.history();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(
        files
            .iter()
            .any(|f| f.contains("before: Some(6)") || f.contains("before: 6"))
    );
    assert!(
        files
            .iter()
            .any(|f| f.contains("after: Some(3)") || f.contains("after: 3"))
    );
    t.keys(&[
        &format!(
            "clear; BACKEASE_DATA_DIR={} {BIN} history --json | grep -c '\"run\"'",
            t.data_dir().display()
        ),
        "Enter",
    ]);
    t.wait("one exported record", Duration::from_secs(10), |t| {
        t.screen().lines().any(|l| l.trim() == "1")
    });
    // The progress screen shows the day and the check-in.
    t.keys(&["clear", "Enter"]);
    t.run("--mute");
    t.wait_text("pick a routine");
    // The session was ended on purpose: recorded, and not offered to resume.
    assert!(!t.screen().contains("Resume"), "{}", t.screen());
    t.keys(&["h"]);
    t.wait_text("Days moved");
    t.wait_text("1 session");
    t.wait_text("6.0 → 3.0");
    t.keys(&["Escape"]);
    t.wait_text("pick a routine");
    t.keys(&["q"]);
    t.assert_terminal_normal();
}

#[test]
fn nobody_answering_never_blocks_the_session() {
    let t = Tmux::start();
    asking(&t);
    let start = Instant::now();
    t.run("start e2e_fast --mute");
    t.wait_text("How does your back feel?");
    t.wait(
        "the session to start by itself",
        Duration::from_secs(20),
        |t| t.screen().contains("E2E first"),
    );
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_secs(7),
        "the question stays a few seconds: {waited:?}"
    );
    t.keys(&["q"]);
    t.wait_text("End the session?");
    t.keys(&["y"]);
    t.wait_text("ended early");
    t.keys(&["Enter"]);
    t.wait_text("pick a routine");
    t.keys(&["q"]);
    t.assert_terminal_normal();
    let files = t.history();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        !files[0].contains("stiffness"),
        "a skip records no answer: {}",
        files[0]
    );
}

#[test]
fn plain_mode_on_a_terminal_asks_as_lines_before_and_after() {
    let t = Tmux::start();
    asking(&t);
    t.run("start e2e_fast --plain --mute --speed 8");
    t.wait_text("How does your back feel? 0 (fine) to 9 (very stiff or sore): a digit answers");
    t.keys(&["4"]);
    t.wait_text("Stiffness before: 4");
    t.wait_text("Step 1/3");
    t.past_key_guard();
    t.keys(&["q"]);
    t.wait_text("End the session?");
    t.keys(&["y"]);
    t.wait_text("How does your back feel now?");
    t.keys(&["2"]);
    t.wait_text("stiffness 4 → 2 · ");
    t.wait_text("$ ");
    t.assert_terminal_normal();
    let files = t.history();
    assert_eq!(
        files.len(),
        2,
        "the record and its copy with the answer: {files:?}"
    );
}
