//! End to end, sessions that must not be lost or counted twice: the real binary in tmux.
//!
//! - a session whose record cannot be written says so on its summary and on stderr at
//!   exit, and the next launch that can writes it;
//! - `kill -9` in a long step's alarm keeps the time held;
//! - two windows: a live session is never taken for an abandoned one, and a session
//!   finishing in one window never touches the other's;
//! - the saved session survives Esc on the question, starting another routine, and a
//!   launch without the routine file that held it;
//! - only an interrupted session is offered: one ended with `q y` is recorded and gone.

use crate::common::tmux;

use tmux::{BIN, SOON, Tmux};

/// The session states in the data directory (`*.ron` in `sessions/`).
fn states(t: &Tmux) -> usize {
    std::fs::read_dir(t.data_dir().join("sessions"))
        .map(|rd| {
            rd.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "ron"))
            })
            .count()
        })
        .unwrap_or(0)
}

/// Class: a record that could not be written was dropped without a word. The old code,
/// read: `record(..).ok()`, then the resume file cleared; nothing on the summary or
/// stderr, so this fails there at the first `wait_text`.
#[test]
fn a_record_that_cannot_be_written_is_said_and_kept_for_the_next_launch() {
    let t = Tmux::start();
    // The history directory is a file: nothing can be written there.
    let blocker = t.data_dir().join("history");
    std::fs::create_dir_all(t.data_dir()).expect("data dir");
    std::fs::write(&blocker, "in the way").expect("block");
    t.run("start e2e_fast --mute --speed 8");
    t.wait_text("finished");
    t.wait_text("Not recorded yet: kept, and recorded at the next launch that can");
    t.keys(&["q"]);
    t.wait_text("backease: this session could not be recorded");
    t.assert_terminal_normal();
    assert_eq!(states(&t), 1, "kept");
    // The next launch that can writes it, once, and lets the state go.
    std::fs::remove_file(&blocker).expect("unblock");
    t.run("--mute");
    t.wait_text("pick a routine");
    assert!(
        !t.screen().contains("Resume"),
        "a finished session is not offered"
    );
    t.keys(&["q"]);
    t.assert_terminal_normal();
    let history = t.history();
    assert_eq!(history.len(), 1, "{history:?}");
    assert!(history[0].contains("finished: true"), "{}", history[0]);
    assert_eq!(states(&t), 0);
}

#[test]
fn with_the_data_directory_a_file_the_session_is_said_lost_not_dropped_silently() {
    let t = Tmux::start();
    // Nothing can be written anywhere: the summary and stderr say so.
    let data = t.home().join("data-file");
    std::fs::write(&data, "in the way").expect("block");
    t.keys(&[
        &format!("export BACKEASE_DATA_DIR={}", data.display()),
        "Enter",
    ]);
    t.run("start e2e_fast --mute --speed 8");
    t.wait_text("finished");
    t.wait_text("This session could not be recorded (why: on exit)");
    t.keys(&["q"]);
    t.wait_text("backease: this session could not be recorded");
    t.wait_text("nor kept for later");
    t.assert_terminal_normal();
}

/// Class: the time held in a long step was saved only when the step started, so a kill
/// in its alarm recorded `Skipped, held: "0s"` (the reproduction on the old
/// code; there the only save of a one-step routine was at its start).
#[test]
fn kill_9_in_a_long_steps_alarm_keeps_the_time_held() {
    let t = Tmux::start();
    // Ten minutes in three seconds, then the alarm.
    t.run("start e2e_long --mute --speed 200");
    t.wait("the alarm", SOON, |t| t.title().contains("time's up"));
    // A periodic save comes within five seconds of real time: wait for one after the
    // alarm was on screen.
    let alarm = std::time::SystemTime::now();
    t.wait("a save after the alarm", SOON, |t| {
        saved_since(&t.data_dir(), alarm)
    });
    let pid = t.app_pid();
    t.signal(&pid, "KILL");
    t.wait_gone(&pid);
    t.wait("the shell to be back", SOON, |t| {
        t.info("#{pane_current_command}") == "bash"
    });
    t.keys(&["stty sane; printf '\\033[?1049l\\033[?25h'; clear", "Enter"]);
    t.assert_terminal_normal();
    // The next launch records it from its last save.
    t.run("--mute");
    t.wait_text("Resume E2E long hold at step 1 of 1?");
    t.keys(&["n"]);
    t.keys(&["q"]);
    t.assert_terminal_normal();
    let history = t.history();
    assert_eq!(history.len(), 1, "{history:?}");
    // The whole hold was held: done, ten minutes (it was "Skipped", "0s").
    assert!(history[0].contains("outcome: Done"), "{}", history[0]);
    assert!(history[0].contains("held: \"10m\""), "{}", history[0]);
}

/// Class: window B took window A's live session for a killed one, recorded it, and
/// deleted it when B's own session finished. The old code, read: one `resume.ron` for
/// every window, so B's launch offered A's running session (the first assertion fails).
#[test]
fn two_windows_never_take_or_touch_each_others_sessions() {
    let a = Tmux::start();
    let b = Tmux::start();
    // Both windows keep their data in A's directory.
    let shared = a.data_dir();
    b.keys(&[
        &format!("export BACKEASE_DATA_DIR={}", shared.display()),
        "Enter",
    ]);
    a.run("start e2e_long --mute");
    a.wait_counting();
    assert_eq!(states(&a), 1);
    // B launches while A runs: nothing offered, nothing recorded.
    b.run("--mute");
    b.wait_text("pick a routine");
    assert!(!b.screen().contains("Resume"), "{}", b.screen());
    b.keys(&["q"]);
    b.assert_terminal_normal();
    assert!(a.history().is_empty(), "{:?}", a.history());
    // B runs a session to its end: its own record; A's state untouched.
    b.run("start e2e_fast --mute --speed 8");
    b.wait_text("finished");
    b.keys(&["q"]);
    b.assert_terminal_normal();
    assert_eq!(a.history().len(), 1);
    assert_eq!(states(&a), 1, "A's state is still there");
    // A still runs; it dies. B's next launch offers it, and records it once.
    let pid = a.app_pid();
    a.signal(&pid, "KILL");
    a.wait_gone(&pid);
    b.run("--mute");
    b.wait_text("Resume E2E long hold at step 1 of 1?");
    b.keys(&["n"]);
    b.keys(&["q"]);
    b.assert_terminal_normal();
    let history = a.history();
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(
        history
            .iter()
            .filter(|h| h.contains("routine: \"e2e_long\""))
            .count(),
        1
    );
    assert_eq!(states(&a), 0);
}

/// Class: the saved session was deleted by anything but a no. The old code, read: Esc
/// declined it, starting another routine overwrote `resume.ron`, and a launch without
/// the `--routines` file cleared it (its message joined to the others and cut off).
/// And (issue 26, item 3) every session ended on purpose waited to be resumed: only an
/// interrupted one is offered. The old code, run: the first launch below offered the
/// session ended with `q y`.
#[test]
fn the_saved_session_is_kept_until_the_person_says_no() {
    let t = Tmux::start();
    // Ended on purpose: recorded, and gone.
    t.run("start e2e_steps --mute");
    t.wait_text("step 1 of 3");
    t.past_key_guard();
    t.keys(&["n"]);
    t.wait_text("step 2 of 3");
    t.keys(&["q", "y"]);
    t.wait_text("ended early");
    t.keys(&["q"]);
    t.assert_terminal_normal();
    assert_eq!(states(&t), 0, "nothing waits to be resumed");
    assert_eq!(t.history().len(), 1);
    t.run("--mute");
    t.wait_text("pick a routine");
    assert!(!t.screen().contains("Resume"), "{}", t.screen());
    t.keys(&["q"]);
    t.assert_terminal_normal();
    // Interrupted: kept, and offered.
    t.run("start e2e_steps --mute");
    t.wait_text("step 1 of 3");
    t.past_key_guard();
    t.keys(&["n"]);
    t.wait_text("step 2 of 3");
    t.keys(&["C-c"]);
    t.assert_terminal_normal();
    let offered = "Resume E2E three steps at step 2 of 3?";
    // Without the routine file that holds it: said whole, and kept.
    t.keys(&[&format!("{BIN} --mute"), "Enter"]);
    t.wait_text("Cannot resume E2E three steps: its routine is not loaded (kept for later)");
    t.keys(&["q"]);
    t.assert_terminal_normal();
    // Esc on the question, then another routine (quit midway too): kept.
    t.run("--mute");
    t.wait_text(offered);
    t.keys(&["Escape"]);
    t.wait("the question to close", SOON, |t| {
        !t.screen().contains("Resume")
    });
    t.keys(&["/", "E2E fast", "Enter"]);
    t.wait_text("E2E first");
    t.keys(&["C-c"]);
    t.assert_terminal_normal();
    // Both are kept: the newest is offered first; only n forgets one.
    t.run("--mute");
    t.wait_text("Resume E2E fast at step 1 of 3?");
    t.keys(&["n"]);
    t.wait("the question to go", SOON, |t| {
        !t.screen().contains("Resume")
    });
    t.keys(&["q"]);
    t.assert_terminal_normal();
    t.run("--mute");
    t.wait_text(offered);
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

/// True when a session state in `data`'s `sessions/` was written at or after `since`.
fn saved_since(data: &std::path::Path, since: std::time::SystemTime) -> bool {
    std::fs::read_dir(data.join("sessions")).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            e.path().extension().is_some_and(|x| x == "ron")
                && e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|m| m >= since)
        })
    })
}
