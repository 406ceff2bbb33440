//! End to end, the voice: the real binary in tmux with a stand-in speech command (set in
//! the preferences) that records what it was asked to say and when. Checks the phrases, in
//! order, at the right moments; the `v` key; and, with no speech engine on `PATH`, one
//! note in the menu, the footer's "no voice", and nothing on stderr.

use crate::common::tmux;

use std::path::PathBuf;
use std::time::Duration;

use backease::cue::speech::{self, Listening, Pace};
use backease::routine::load;
use backease::session::Config;
use tmux::{BIN, SOON, Tmux};

/// Writes the stand-in (run by /bin/sh) and the preferences naming it; the log's path.
/// Each line: seconds since the epoch, then the phrase.
fn stand_in(t: &Tmux) -> PathBuf {
    let log = t.home().join("said.log");
    let script = t.home().join("say.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$(date +%s.%N) $*\" >> '{}'\n",
            log.display()
        ),
    )
    .expect("write the stand-in");
    let config = t.home().join("config");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::write(
        config.join("preferences.ron"),
        format!("(voice: \"/bin/sh {}\")\n", script.display()),
    )
    .expect("write the preferences");
    log
}

/// The log as (seconds since the first phrase, phrase).
fn said(log: &PathBuf) -> Vec<(f64, String)> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<(f64, String)> = text
        .lines()
        .filter_map(|l| {
            let (at, phrase) = l.split_once(' ')?;
            Some((at.parse().ok()?, phrase.to_string()))
        })
        .collect();
    let first = lines.first().map_or(0.0, |(at, _)| *at);
    lines.into_iter().map(|(at, p)| (at - first, p)).collect()
}

fn wait_said(t: &Tmux, log: &PathBuf, phrase: &str) {
    t.wait(&format!("{phrase:?} said"), SOON, |_| {
        said(log).iter().any(|(_, p)| p == phrase)
    });
}

/// When each step of routine `id` (of the tests' routines) starts, and when the session
/// ends, in real seconds at `speed`, with the voice listened to at `pace`.
fn step_starts(id: &str, pace: Pace, speed: f64) -> Vec<f64> {
    let library = load::parse(
        "routines.ron",
        tmux::ROUTINES.as_bytes(),
        Some(&load::shipped()),
    )
    .expect("the tests' routines");
    let routine = library.routine(id).expect("routine");
    let lead_ins = Config::default().lead_ins();
    let mut at = Duration::ZERO;
    let mut out = Vec::new();
    for i in 0..routine.steps.len() {
        out.push(at.as_secs_f64() / speed);
        let get_ready = routine.lead_in(i, &lead_ins).max(speech::lead_in_to_say(
            routine,
            i,
            Listening::at(pace),
        ));
        at += get_ready + routine.steps[i].total_after(Duration::ZERO).max;
    }
    out.push(at.as_secs_f64() / speed);
    out
}

#[test]
fn a_session_is_spoken_in_order_at_its_moments() {
    let t = Tmux::start();
    let log = stand_in(&t);
    // No sound device here: no chimes to wait for, so each phrase comes at its moment.
    // Three steps of a get-ready and a 10 s hold, at 4 times real speed. The get-ready
    // is 3 s, lengthened (the voice is on) so each step's start is said before its 3-2-1,
    // at the pace the core takes for a person's own command (issue 23).
    t.run("start e2e_fast --speed 4");
    t.wait_text("voice on");
    wait_said(&t, &log, "Session complete.");
    let lines = said(&log);
    let phrases: Vec<&str> = lines.iter().map(|(_, p)| p.as_str()).collect();
    assert_eq!(
        phrases,
        [
            "E2E first. Ten seconds.",
            "E2E second. Ten seconds.",
            "E2E third. Ten seconds.",
            "Session complete.",
        ]
    );
    let moments = step_starts("e2e_fast", Pace::for_engine("sh"), 4.0);
    assert!(
        moments[1] > 3.25,
        "{moments:?}: longer than without the voice"
    );
    for ((at, phrase), expected) in lines.iter().zip(moments) {
        assert!(
            (at - expected).abs() < 1.0,
            "{phrase:?} at {at:.2} s, expected {expected} s: {lines:?}"
        );
    }
    t.keys(&["q"]);
    t.assert_terminal_normal();
}

#[test]
fn v_turns_the_voice_off_and_on_mid_session() {
    let t = Tmux::start();
    let log = stand_in(&t);
    t.run("start e2e_steps");
    wait_said(&t, &log, "E2E first. Thirty seconds.");
    t.keys(&["v"]);
    t.wait_text("voice off");
    t.past_key_guard();
    t.keys(&["n"]);
    t.wait_text("step 2 of 3");
    // Give a phrase time to arrive if it were (wrongly) going to.
    std::thread::sleep(Duration::from_millis(500));
    t.keys(&["v"]);
    t.wait_text("voice on");
    t.past_key_guard();
    t.keys(&["n"]);
    wait_said(&t, &log, "E2E third. Twenty seconds.");
    let phrases: Vec<String> = said(&log).into_iter().map(|(_, p)| p).collect();
    assert_eq!(
        phrases,
        ["E2E first. Thirty seconds.", "E2E third. Twenty seconds."]
    );
    t.keys(&["q", "y"]);
    t.wait_text("ended early");
    t.keys(&["q"]);
    t.assert_terminal_normal();
}

#[test]
fn with_no_speech_engine_one_note_and_nothing_on_stderr() {
    let t = Tmux::start();
    let prefs = t.home().join("config").join("preferences.ron");
    std::fs::write(prefs, "(voice: \"auto\")\n").expect("preferences");
    let stderr = t.home().join("stderr.txt");
    let routines = t.home().join("routines.ron");
    // An empty PATH: no spd-say, no espeak-ng (the binary is named by its full path).
    t.keys(&[
        &format!(
            "PATH=/nonexistent {BIN} --routines {} 2>{}",
            routines.display(),
            stderr.display()
        ),
        "Enter",
    ]);
    t.wait_text("voice off: no speech engine (install speech-dispatcher or espeak-ng)");
    t.wait_text("no voice");
    t.keys(&["q"]);
    t.assert_terminal_normal();
    let err = std::fs::read(&stderr).expect("stderr file");
    assert!(err.is_empty(), "stderr: {}", String::from_utf8_lossy(&err));
}

/// Plain mode says a step's safety notes after its start (its lines scroll away), the
/// routine's own at the first step; the full screen keeps them on screen and does not.
#[test]
fn plain_mode_says_the_safety_notes_too() {
    let home = tempfile::tempdir().expect("temp dir");
    let h = home.path();
    let log = h.join("said.log");
    let script = h.join("say.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$*\" >> '{}'\n", log.display()),
    )
    .expect("the stand-in");
    std::fs::create_dir_all(h.join("config")).expect("config dir");
    std::fs::write(
        h.join("config/preferences.ron"),
        format!(
            "(voice: \"/bin/sh {}\", checkin: false)\n",
            script.display()
        ),
    )
    .expect("preferences");
    let routines = r#"(
    exercises: [
        (id: "s_one", name: "Safe one", hold: "5s", lead_in: "3s", safety: ["Keep the movement small."]),
        (id: "s_two", name: "Safe two", hold: "5s", lead_in: "3s"),
    ],
    routines: [
        (id: "s_pair", name: "Safe pair", safety: ["Stop if it hurts."],
         steps: [(exercise: "s_one"), (exercise: "s_two")]),
    ],
)"#;
    std::fs::write(h.join("routines.ron"), routines).expect("routine file");
    let out = std::process::Command::new(BIN)
        .arg("--routines")
        .arg(h.join("routines.ron"))
        .args(["start", "s_pair", "--plain", "--speed", "8"])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", h)
        .env("BACKEASE_CONFIG_DIR", h.join("config"))
        .env("BACKEASE_DATA_DIR", h.join("data"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run backease");
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Written as lines too.
    assert!(stdout.contains("! Keep the movement small."), "{stdout}");
    // The stand-in runs in the background of the speech thread: wait for the last phrase.
    let deadline = std::time::Instant::now() + SOON;
    let said = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.contains("Session complete.") || std::time::Instant::now() > deadline {
            break text;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some("Safe one. Five seconds. Keep the movement small. Stop if it hurts."),
        "{said}"
    );
    assert!(lines.contains(&"Safe two. Five seconds."), "{said}");
}
