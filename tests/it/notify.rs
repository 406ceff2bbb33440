//! Notifications degrade without blocking or printing where no desktop session exists.
//! Its bodies run in child processes with their own environment (`common::run_in_child`).

use std::time::{Duration, Instant};

// No D-Bus on macOS or Windows: nothing to degrade there, so no test.
#[cfg(not(any(target_os = "macos", windows)))]
#[test]
fn notifications_degrade_quietly_without_a_session_bus() {
    // Each body reads the environment, so each runs in a child process of its own.
    crate::common::run_in_child(
        "notify::no_bus_at_all_is_refused_at_once",
        &[],
        &["DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"],
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let address = format!("unix:path={}", dir.path().join("no-bus").display());
    crate::common::run_in_child(
        "notify::a_bus_that_leads_nowhere_fails_off_the_callers_thread",
        &[("DBUS_SESSION_BUS_ADDRESS", std::ffi::OsStr::new(&address))],
        &["XDG_RUNTIME_DIR"],
    );
    // The socket accepts (the kernel's backlog) and nobody ever answers.
    let silent = dir.path().join("silent-bus");
    let _listener = std::os::unix::net::UnixListener::bind(&silent).expect("a socket");
    let address = format!("unix:path={}", silent.display());
    crate::common::run_in_child(
        "notify::a_silent_bus_gets_one_notification_at_a_time",
        &[("DBUS_SESSION_BUS_ADDRESS", std::ffi::OsStr::new(&address))],
        &["XDG_RUNTIME_DIR"],
    );
}

/// No bus at all: refused at once, with the reason kept for the UI.
#[cfg(not(any(target_os = "macos", windows)))]
#[test]
#[ignore = "run in a child process by notifications_degrade_quietly_without_a_session_bus"]
fn no_bus_at_all_is_refused_at_once() {
    let e =
        backease::notify::notify("Step done", "Time to get up from the ball").expect_err("no bus");
    assert_eq!(
        e,
        "notifications unavailable: no desktop session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
    );
    assert_eq!(backease::notify::problem().as_deref(), Some(e.as_str()));
}

/// A bus address that leads nowhere: handed to a thread (the caller does not wait), and
/// the failure shows up in `problem` soon after.
#[cfg(not(any(target_os = "macos", windows)))]
#[test]
#[ignore = "run in a child process by notifications_degrade_quietly_without_a_session_bus"]
fn a_bus_that_leads_nowhere_fails_off_the_callers_thread() {
    backease::notify::notify("Step done", "Time to get up").expect("queued");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(p) = backease::notify::problem() {
            assert!(p.starts_with("notifications unavailable: "), "{p}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no answer from the notify thread"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let direct = backease::notify::send("Step done", "Time to get up").expect_err("no bus there");
    assert!(
        direct.starts_with("notifications unavailable: "),
        "{direct}"
    );
}

/// A bus that accepts and never answers: the first notification waits on its thread (the
/// caller does not); the next ones are not sent while it waits, so a silent bus never
/// piles up a thread per break (old code started one each time).
#[cfg(not(any(target_os = "macos", windows)))]
#[test]
#[ignore = "run in a child process by notifications_degrade_quietly_without_a_session_bus"]
fn a_silent_bus_gets_one_notification_at_a_time() {
    backease::notify::notify("Break", "first").expect("queued");
    for _ in 0..5 {
        let start = Instant::now();
        let e = backease::notify::notify("Break", "again").expect_err("not sent");
        assert_eq!(e, backease::notify::NOT_ANSWERING);
        assert!(start.elapsed() < Duration::from_millis(100));
    }
    assert_eq!(
        backease::notify::problem().as_deref(),
        Some(backease::notify::NOT_ANSWERING)
    );
}
