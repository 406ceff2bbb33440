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
