//! End to end: the real binary in tmux (helpers in `common/tmux.rs`; each test has its own
//! tmux server, private HOME and trace file, so the tests run in parallel).
//!
//! - a session counts down, pauses (time stops), skips, goes back, quits with confirmation;
//! - the menu filters and starts a routine; Ctrl-C leaves at once;
//! - SIGINT, SIGTERM, SIGHUP and a closed terminal leave cleanly and record the session
//!   once (the trace's `session_over` line);
//! - SIGTSTP and Ctrl-Z give the terminal back in cooked mode while stopped; after `fg` the
//!   session is back, paused, and counts down again after Space;
//! - kill -9 ends it (the terminal then needs `stty sane`, as for any program);
//! - `BACKEASE_TRACE` writes the first frame, cue and step-end lines with sane values.
//!
//! After each, the terminal is in its normal mode (`stty -a` shows `icanon` and `echo`).

use crate::common::tmux;

use std::process::Command;
use std::time::Duration;

use tmux::{BIN, SOON, Tmux};

#[test]
fn a_session_counts_down_pauses_skips_goes_back_and_quits_cleanly() {
    let t = Tmux::start();
    t.run("start e2e_steps --mute");
    t.wait_text("E2E first");
    t.wait_text("step 1 of 3");
    t.wait_text("Get ready");
    t.wait_text("muted");
    t.wait_counting();
    // Pause: the time stops.
    t.keys(&["Space"]);
    t.wait_text("Paused");
    t.wait("the paused title", SOON, |t| {
        t.title().ends_with("(paused)")
    });
    let frozen = t.screen();
    // Showing that nothing changes needs some time to pass: two countdown seconds.
    std::thread::sleep(Duration::from_millis(2_200));
    assert_eq!(
        t.screen(),
        frozen,
        "the screen must not change while paused"
    );
    t.keys(&["Space"]);
    t.wait("the pause to end", SOON, |t| !t.screen().contains("Paused"));
    // Skip, then back.
    t.keys(&["n"]);
    t.wait_text("step 2 of 3");
    t.wait_text("E2E second");
    t.past_key_guard();
    t.keys(&["p"]);
    t.wait_text("step 1 of 3");
    // Quit asks first; a second q confirms; the summary; q leaves.
    t.keys(&["q"]);
    t.wait_text("End the session now?");
    t.keys(&["q"]);
    t.wait_text("ended early");
    t.keys(&["q"]);
    t.assert_terminal_normal();
    assert_eq!(t.trace_lines("session_over").len(), 1, "{}", t.trace());
}

#[test]
fn the_menu_filters_and_starts_a_routine_and_ctrl_c_leaves_at_once() {
    let t = Tmux::start();
    t.run("--mute");
    t.wait_text("pick a routine");
    t.wait_text("Not medical advice");
    t.keys(&["/"]);
    t.keys(&["-l", "E2E long"]);
    t.wait_text("Ten minutes for the signal tests.");
    t.keys(&["Enter"]);
    t.wait_text("step 1 of 1");
    t.wait_counting();
    t.keys(&["C-c"]);
    t.assert_terminal_normal();
    let over = t.trace_lines("session_over");
    assert_eq!(over.len(), 1, "{}", t.trace());
    assert!(over[0].contains("routine=e2e_long"), "{over:?}");
    assert!(over[0].ends_with("finished=false"), "{over:?}");
}

/// Starts the long hold, waits for it to count, sends `signal`, and checks the program
/// left, recorded the session once and gave back a normal terminal.
fn leaves_on(signal: &str) {
    let t = Tmux::start();
    t.run("start e2e_long --mute");
    t.wait_text("E2E hold");
    t.wait_counting();
    let pid = t.app_pid();
    t.signal(&pid, signal);
    t.wait_gone(&pid);
    t.assert_terminal_normal();
    let over = t.trace_lines("session_over");
    assert_eq!(over.len(), 1, "SIG{signal}: {}", t.trace());
    assert!(over[0].contains("routine=e2e_long"), "{over:?}");
}

#[test]
fn sigint_leaves_cleanly_and_records_the_session() {
    leaves_on("INT");
}

#[test]
fn sigterm_leaves_cleanly_and_records_the_session() {
    leaves_on("TERM");
}

#[test]
fn sighup_leaves_cleanly_and_records_the_session() {
    leaves_on("HUP");
}

#[test]
fn a_closed_terminal_still_records_the_session() {
    let t = Tmux::start();
    t.run("start e2e_long --mute");
    t.wait_counting();
    let pid = t.app_pid();
    // The pane (and its terminal) goes away: a real hangup, with no terminal to restore.
    t.kill_server();
    t.wait_gone(&pid);
    let over = t.trace_lines("session_over");
    assert_eq!(over.len(), 1, "{}", t.trace());
}

/// Stops the running program with `stop`, checks the terminal while it is stopped, brings
/// it back with `fg`, and checks it is paused until Space.
fn stops_and_continues(stop: impl Fn(&Tmux, &str)) {
    let t = Tmux::start();
    t.run("start e2e_long --mute");
    t.wait_text("E2E hold");
    t.wait_counting();
    let pid = t.app_pid();
    stop(&t, &pid);
    t.wait("the program to stop", SOON, |_| {
        Tmux::state(&pid) == Some('T')
    });
    t.wait_text("Stopped");
    t.assert_terminal_normal();
    // Back in the foreground: the session is on screen again, paused.
    t.keys(&["fg", "Enter"]);
    t.wait_text("Paused");
    t.wait("the paused title", SOON, |t| {
        t.title().ends_with("(paused)")
    });
    assert_eq!(
        t.info("#{pane_current_command}"),
        "backease",
        "{}",
        t.screen()
    );
    // Space: the countdown goes on.
    t.keys(&["Space"]);
    t.wait("the pause to end", SOON, |t| !t.screen().contains("Paused"));
    t.wait_counting();
    t.keys(&["q"]);
    t.wait_text("End the session now?");
    t.keys(&["y"]);
    t.wait_text("ended early");
    t.keys(&["q"]);
    t.wait_gone(&pid);
    t.assert_terminal_normal();
    assert_eq!(t.trace_lines("session_over").len(), 1, "{}", t.trace());
}

#[test]
fn sigtstp_gives_the_terminal_back_and_fg_returns_to_a_paused_session() {
    stops_and_continues(|t, pid| t.signal(pid, "TSTP"));
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_fg_returns_to_a_paused_session() {
    stops_and_continues(|t, _| t.keys(&["C-z"]));
}

#[test]
fn kill_9_ends_it_and_stty_sane_repairs_the_terminal() {
    let t = Tmux::start();
    t.run("start e2e_long --mute");
    t.wait_counting();
    let pid = t.app_pid();
    t.signal(&pid, "KILL");
    t.wait_gone(&pid);
    // Nothing can restore the terminal after SIGKILL; the person types `stty sane`.
    t.wait("the shell to be back", SOON, |t| {
        t.info("#{pane_current_command}") == "bash"
    });
    t.keys(&["stty sane; printf '\\033[?1049l\\033[?25h'", "Enter"]);
    t.assert_terminal_normal();
    assert!(t.trace_lines("session_over").is_empty(), "{}", t.trace());
}

#[test]
fn the_trace_has_the_first_frame_every_step_end_and_cues_with_sane_values() {
    let t = Tmux::start();
    // Not muted: every cue is played (or rings the bell when there is no sound device).
    t.run("--speed 20 start e2e_fast");
    t.wait_text("E2E fast");
    // 3 × (3 s + 10 s) at 20× is about two seconds.
    t.wait_text("finished");
    t.keys(&["q"]);
    t.assert_terminal_normal();
    let trace = t.trace();
    let value = |line: &str, key: &str| -> f64 {
        line.split(' ')
            .find_map(|f| f.strip_prefix(key))
            .unwrap_or_else(|| panic!("{key} in {line:?}"))
            .parse()
            .unwrap_or_else(|e| panic!("{key} in {line:?}: {e}"))
    };

    let first = t.trace_lines("first_frame_ms");
    assert_eq!(first.len(), 1, "{trace}");
    let ms: f64 = first[0]
        .split(' ')
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{trace}"));
    assert!(
        ms > 0.0 && ms < 10_000.0,
        "first frame after {ms} ms\n{trace}"
    );

    let ends = t.trace_lines("step_end");
    let steps: Vec<f64> = ends.iter().map(|l| value(l, "step=")).collect();
    assert_eq!(steps, [0.0, 1.0, 2.0], "{trace}");
    for line in &ends {
        let late = value(line, "late_ms=");
        // The loop wakes at the deadline (+1 ms rounding); a loaded machine may add some.
        assert!((0.0..1_000.0).contains(&late), "{line}\n{trace}");
    }

    let cues = t.trace_lines("cue");
    // At least a hold start and a step end per step (with no sound device only these
    // ring the bell; a player also gets the 3-2-1 ticks).
    assert!(cues.len() >= 3 * 2, "{trace}");
    for line in &cues {
        let delay = value(line, "delay_ms=");
        assert!((0.0..1_000.0).contains(&delay), "{line}\n{trace}");
    }
    assert!(
        cues.iter()
            .any(|l| l.starts_with("cue hold_start ") || l.starts_with("cue bell ")),
        "{trace}"
    );

    let over = t.trace_lines("session_over");
    assert_eq!(over.len(), 1, "{trace}");
    assert!(over[0].ends_with("finished=true"), "{trace}");
}

#[test]
fn an_unknown_routine_is_a_clear_error() {
    let out = Command::new(BIN)
        .args(["start", "no_such_routine"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no_such_routine"), "{err}");
}

#[test]
fn an_unwritable_trace_file_is_a_clear_error_before_the_terminal_is_touched() {
    let out = Command::new(BIN)
        .args(["start", "e2e_fast"])
        .env("BACKEASE_TRACE", "/nonexistent/dir/trace.txt")
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/nonexistent/dir/trace.txt"), "{err}");
    assert!(err.contains("BACKEASE_TRACE"), "{err}");
}

/// Issue 26: started in a window smaller than 40×12 and then enlarged, with no key in
/// between, the screen used to stay on "Please enlarge the terminal" until a second
/// resize (crossterm had not started watching for SIGWINCH yet).
#[test]
fn a_window_enlarged_once_after_a_small_start_shows_the_menu() {
    let t = Tmux::start();
    t.tmux(&["resize-window", "-t", "e2e", "-x", "30", "-y", "10"]);
    t.wait("the small window", SOON, |t| {
        t.info("#{window_width}") == "30"
    });
    t.run("");
    t.wait_text("Please enlarge");
    t.tmux(&["resize-window", "-t", "e2e", "-x", "80", "-y", "24"]);
    t.wait("the menu after one resize", SOON, |t| {
        let screen = t.screen();
        !screen.contains("Please enlarge") && screen.contains("pick a routine")
    });
    t.keys(&["q"]);
}
