//! End to end: every way out a process can observe puts the terminal back (cooked mode,
//! main screen, cursor shown), records the running session once, and exits with the
//! status shells expect (128 + the signal: 130 for Ctrl-C, 143 for SIGTERM). And the menu
//! refuses plainly, touching nothing, without a terminal (`start` takes plain mode).

use crate::common::pty;

use std::time::Duration;

use pty::Pty;

const SOON: Duration = Duration::from_secs(20);

const ROUTINES: &str = r#"(
    exercises: [(id: "x_long", name: "Exit long", hold: "10m", lead_in: "0s")],
    routines: [(id: "x_long", name: "Exit long", steps: [(exercise: "x_long")])],
)"#;

fn session() -> Pty {
    let p = Pty::spawn(&["--mute", "start", "x_long"], ROUTINES);
    p.wait("the first frame", SOON, |p| {
        p.trace().contains("first_frame_ms")
    });
    assert!(!p.cooked(), "raw mode during the session");
    p
}

/// The terminal as the program left it: the last alternate-screen switch is a leave,
/// and the cursor was shown after it; raw mode off.
fn assert_restored(p: &Pty, what: &str) {
    let out = p.output();
    let entered = out
        .rfind("\x1b[?1049h")
        .expect("entered the alternate screen");
    let left = out.rfind("\x1b[?1049l").unwrap_or(0);
    assert!(left > entered, "{what}: still on the alternate screen");
    let shown = out.rfind("\x1b[?25h").unwrap_or(0);
    let hidden = out.rfind("\x1b[?25l").unwrap_or(0);
    assert!(shown > hidden, "{what}: cursor left hidden");
    assert!(p.cooked(), "{what}: terminal left in raw mode");
}

#[test]
fn every_catchable_terminating_signal_restores_records_and_exits_128_plus_it() {
    for (name, signal) in [
        ("SIGTERM", libc::SIGTERM),
        ("SIGINT", libc::SIGINT),
        ("SIGHUP", libc::SIGHUP),
        ("SIGQUIT", libc::SIGQUIT),
        ("SIGUSR1", libc::SIGUSR1),
        ("SIGUSR2", libc::SIGUSR2),
        ("SIGALRM", libc::SIGALRM),
        ("SIGXCPU", libc::SIGXCPU),
        ("SIGVTALRM", libc::SIGVTALRM),
    ] {
        let mut p = session();
        p.signal(signal);
        let code = p.exit_code(SOON);
        assert_eq!(code, 128 + signal, "{name}: exit status");
        assert_restored(&p, name);
        let trace = p.trace();
        assert_eq!(
            trace.matches("session_over routine=x_long").count(),
            1,
            "{name}: recorded once\n{trace}"
        );
    }
}

#[test]
fn ctrl_c_exits_130_and_quitting_exits_0() {
    let mut p = session();
    p.write(b"\x03");
    assert_eq!(p.exit_code(SOON), 130);
    assert_restored(&p, "Ctrl-C");

    let mut p = session();
    p.write(b"q");
    p.wait("the question", SOON, |p| p.output().contains("End"));
    p.write(b"y");
    p.wait("the summary", SOON, |p| p.trace().contains("session_over"));
    p.write(b"q");
    p.write(b"q");
    assert_eq!(p.exit_code(SOON), 0);
    assert_restored(&p, "quit");
}

/// The menu only: `start` without a terminal runs in plain mode (tests/plain.rs).
#[test]
fn without_a_terminal_on_stdout_the_menu_refuses_plainly_and_touches_nothing() {
    let args = &["--mute"][..];
    let mut p = Pty::spawn_with(args, ROUTINES, true);
    let code = p.exit_code(SOON);
    assert_eq!(code, 1, "{args:?}");
    let out = p.output();
    assert!(
        out.contains("standard output is not a terminal"),
        "{args:?}: {out:?}"
    );
    assert!(
        !out.contains("\x1b["),
        "{args:?}: no escape sequences: {out:?}"
    );
    assert!(p.cooked(), "{args:?}: terminal untouched");
    assert!(!p.trace().contains("session_over"), "nothing started");
}

/// A loop that cannot leave (blocked writing to a terminal that stopped reading, or on
/// anything else that never answers) does not make a terminating signal ignored: the
/// signal watcher ends the process with 128 + the signal once `tui::signals::GRACE` has
/// passed (issue 25: only `kill -9` ended a stuck reminder). The stuck loop is a child
/// process of this test binary whose main thread never looks at the flags.
#[test]
fn a_terminating_signal_ends_a_process_whose_loop_is_stuck() {
    let exe = std::env::current_exe().expect("test binary path");
    let started = std::time::Instant::now();
    let out = std::process::Command::new(exe)
        .args([
            "--exact",
            "e2e_exits::stuck_loop_in_a_child",
            "--ignored",
            "--test-threads=1",
        ])
        .output()
        .expect("run the test binary");
    let took = started.elapsed();
    use std::os::unix::process::ExitStatusExt as _;
    assert_eq!(
        out.status.code(),
        Some(143),
        "{:?}\n{}",
        out.status.signal(),
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        took < backease::tui::signals::GRACE + Duration::from_secs(10),
        "took {took:?}"
    );
}

/// The body of the test above: watch the signals, get SIGTERM, and never look.
#[test]
#[ignore = "run in a child process by a_terminating_signal_ends_a_process_whose_loop_is_stuck"]
fn stuck_loop_in_a_child() {
    let (wake, _keep) = std::os::unix::net::UnixStream::pair().expect("a socket pair");
    let _watch = backease::tui::signals::watch(wake).expect("watch the signals");
    // SAFETY: raise sends a signal to this process; the watcher thread receives it.
    unsafe { libc::raise(libc::SIGTERM) };
    std::thread::sleep(Duration::from_secs(60));
    panic!("still running a minute after SIGTERM");
}

/// Issue 22: the session and desk mode take and give back the terminal with one piece of
/// code (`tui::own_terminal`, `tui::restore`): both save the window title on xterm's
/// title stack when they start and pop it when they leave (desk mode used to blank the
/// title instead), and both switch the mouse reports off on the way out.
#[test]
fn the_session_and_desk_mode_give_the_terminal_back_the_same_way() {
    let check = |p: &Pty, what: &str| {
        let out = p.output();
        let saved = out.find("\x1b[22;0t").unwrap_or(usize::MAX);
        let entered = out.find("\x1b[?1049h").unwrap_or(0);
        assert!(saved != usize::MAX, "{what}: the title is saved");
        let left = out.rfind("\x1b[?1049l").unwrap_or(0);
        assert!(left > entered, "{what}: still on the alternate screen");
        let popped = out.rfind("\x1b[23;0t").unwrap_or(0);
        assert!(popped > left, "{what}: the title put back after leaving");
        let mouse_off = out.rfind("\x1b[?1000l").unwrap_or(0);
        assert!(mouse_off > entered, "{what}: mouse reports switched off");
        assert_restored(p, what);
    };
    let mut p = session();
    p.write(b"\x03");
    assert_eq!(p.exit_code(SOON), 130);
    check(&p, "the session");

    // The pty answers nothing (no cursor position either): desk mode starts all the same.
    let mut p = Pty::spawn(&["remind"], ROUTINES);
    p.wait("desk mode's first frame", SOON, |p| {
        p.output().contains("desk mode")
    });
    p.write(b"\x03");
    assert_eq!(p.exit_code(SOON), 130);
    check(&p, "desk mode");
}
