//! End to end, the parts a person away from the keyboard relies on: the real binary in tmux.
//!
//! - no sound device: not a byte from ALSA or rodio on the screen or on stderr, and the
//!   footer says why there is no sound;
//! - a session quit midway, or killed with `kill -9`, is recorded in history and offered
//!   for resuming on the next launch, and resuming starts at the step it stopped at;
//! - SIGTERM writes one history record of the unfinished session;
//! - resizing the terminal mid-session loses nothing.

use crate::common::tmux;

use tmux::{BIN, SOON, Tmux};

#[test]
fn with_no_sound_device_nothing_reaches_the_screen_or_stderr() {
    let t = Tmux::start();
    let stderr = t.home().join("stderr.txt");
    let routines = t.home().join("routines.ron");
    // Sound on (no --mute): the player looks for a device and finds none.
    t.keys(&[
        &format!(
            "{BIN} start e2e_fast --speed 4 --routines {} 2>{}",
            routines.display(),
            stderr.display()
        ),
        "Enter",
    ]);
    t.wait_text("sound off: no audio device");
    // Through a whole routine: every cue, the bell standing in for each.
    t.wait("the summary", SOON, |t| {
        let screen = t.screen();
        assert!(!screen.contains("ALSA"), "ALSA text on screen:\n{screen}");
        screen.contains("finished")
    });
    t.keys(&["q"]);
    t.assert_terminal_normal();
    let err = std::fs::read(&stderr).expect("stderr file");
    assert!(
        err.is_empty(),
        "stderr must stay empty, got: {}",
        String::from_utf8_lossy(&err)
    );
}

#[test]
fn a_session_quit_midway_is_recorded_and_resumed_at_its_step() {
    let t = Tmux::start();
    t.run("start e2e_steps --mute");
    t.wait_text("step 1 of 3");
    t.past_key_guard();
    t.keys(&["n"]);
    t.wait_text("step 2 of 3");
    t.wait_counting();
    // Interrupted (Ctrl-C, as a signal or a closed terminal would): offered next time.
    // One ended with `q y` is not (tests/e2e_sessions.rs).
    t.keys(&["C-c"]);
    t.assert_terminal_normal();
    let history = t.history();
    assert_eq!(history.len(), 1, "{history:?}");
    assert!(
        history[0].contains("routine: \"e2e_steps\""),
        "{}",
        history[0]
    );
    assert!(history[0].contains("finished: false"), "{}", history[0]);
    assert!(history[0].contains("outcome: Skipped"), "{}", history[0]);

    // Next launch: the menu offers to resume at step 2; yes starts there.
    t.run("--mute");
    t.wait_text("Resume E2E three steps at step 2 of 3?");
    t.keys(&["y"]);
    t.wait_text("step 2 of 3");
    t.wait_text("E2E second");
    t.wait_counting();
    t.keys(&["C-c"]);
    t.assert_terminal_normal();
    // The resumed run is recorded too, linked to the first (it continues it).
    let history = t.history();
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(
        history.iter().any(|h| h.contains("continues:")),
        "{history:?}"
    );

    // Declining forgets it: the launch after that asks nothing.
    t.run("--mute");
    t.wait_text("Resume E2E three steps at step 2 of 3?");
    t.keys(&["n"]);
    t.wait("the question to go", SOON, |t| {
        !t.screen().contains("Resume")
    });
    t.keys(&["q"]);
    t.assert_terminal_normal();
    t.run("--mute");
    t.wait_text("pick a routine");
    assert!(!t.screen().contains("Resume"), "{}", t.screen());
    t.keys(&["q"]);
    t.assert_terminal_normal();
}

#[test]
fn sigterm_writes_one_history_record_of_the_unfinished_session() {
    let t = Tmux::start();
    t.run("start e2e_long --mute");
    t.wait_counting();
    let pid = t.app_pid();
    t.signal(&pid, "TERM");
    t.wait_gone(&pid);
    t.assert_terminal_normal();
    let history = t.history();
    assert_eq!(history.len(), 1, "{history:?}");
    assert!(
        history[0].contains("routine: \"e2e_long\""),
        "{}",
        history[0]
    );
    // Issue 13: the step it was on is "stopped here" with its time, not ended early.
    assert!(history[0].contains("outcome: Stopped"), "{}", history[0]);
}

#[test]
fn after_kill_9_history_is_intact_and_the_session_is_offered_again() {
    let t = Tmux::start();
    // One finished session first: it must survive the kill untouched.
    t.run("start e2e_fast --mute --speed 8");
    t.wait_text("finished");
    t.keys(&["q"]);
    t.assert_terminal_normal();
    assert_eq!(t.history().len(), 1);

    t.run("start e2e_long --mute");
    t.wait_counting();
    let pid = t.app_pid();
    t.signal(&pid, "KILL");
    t.wait_gone(&pid);
    t.wait("the shell to be back", SOON, |t| {
        t.info("#{pane_current_command}") == "bash"
    });
    t.keys(&["stty sane; printf '\\033[?1049l\\033[?25h'; clear", "Enter"]);
    t.assert_terminal_normal();
    // Its state is there, in its own file (one per session since issue 12, item 11).
    let states = std::fs::read_dir(t.data_dir().join("sessions"))
        .expect("sessions folder")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "ron"))
        })
        .count();
    assert_eq!(states, 1);

    // The next launch records the killed run from its last save and offers it.
    t.run("--mute");
    t.wait_text("Resume E2E long hold at step 1 of 1?");
    t.keys(&["n"]);
    t.keys(&["q"]);
    t.assert_terminal_normal();
    let history = t.history();
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(history.iter().any(|h| h.contains("finished: true")));
    // Issue 13: the run at --speed 8 is kept, marked, and left out of `history`.
    assert!(
        history
            .iter()
            .any(|h| h.contains("e2e_fast") && h.contains("sped_up: true")),
        "{history:?}"
    );
    assert!(
        history
            .iter()
            .any(|h| h.contains("e2e_long") && h.contains("finished: false"))
    );
    t.run("history");
    t.wait_text("E2E long hold");
    assert!(!t.screen().contains("E2E fast"), "{}", t.screen());
}

#[test]
fn resizing_mid_session_loses_nothing() {
    let t = Tmux::start();
    t.run("start e2e_steps --mute");
    t.wait_text("step 1 of 3");
    t.past_key_guard();
    t.keys(&["n"]);
    t.wait_text("step 2 of 3");
    t.wait_counting();
    t.tmux(&["resize-window", "-t", "e2e", "-x", "30", "-y", "8"]);
    t.wait_text("nlarge");
    t.tmux(&["resize-window", "-t", "e2e", "-x", "60", "-y", "18"]);
    t.wait_text("step 2 of 3");
    t.tmux(&["resize-window", "-t", "e2e", "-x", "140", "-y", "40"]);
    t.wait_text("step 2 of 3");
    t.wait_text("E2E second");
    // Still counting, still on the same step.
    t.wait_counting();
    assert!(t.screen().contains("step 2 of 3"));
    t.keys(&["C-c"]);
    t.assert_terminal_normal();
}

#[test]
fn a_long_step_ends_in_an_alarm_that_waits_for_enter_and_is_traced_once() {
    let t = Tmux::start();
    // The 10-minute hold at 120 times real speed: 5 seconds.
    t.run("start e2e_long --mute --speed 120");
    t.wait_text("Time's up");
    t.wait("the step end in the trace", SOON, |t| {
        t.trace().lines().any(|l| l.starts_with("step_end step=0 "))
    });
    // It waits: still the alarm until Enter, then the session is complete.
    assert!(t.screen().contains("Time's up"), "{}", t.screen());
    t.past_key_guard();
    t.keys(&["Enter"]);
    t.wait_text("finished");
    assert_eq!(
        t.trace()
            .lines()
            .filter(|l| l.starts_with("step_end"))
            .count(),
        1,
        "{}",
        t.trace()
    );
    t.keys(&["q"]);
    t.assert_terminal_normal();
}
