//! Notifications degrade without blocking or printing where no desktop session exists.
//! One test in its own binary, because it changes the environment.

use std::time::{Duration, Instant};

// No D-Bus on macOS or Windows: nothing to degrade there, so no test.
#[cfg(not(any(target_os = "macos", windows)))]
#[test]
fn notifications_degrade_quietly_without_a_session_bus() {
    // SAFETY: the only test in this binary; no other thread reads the environment yet.
    unsafe {
        std::env::remove_var("DBUS_SESSION_BUS_ADDRESS");
        std::env::remove_var("XDG_RUNTIME_DIR");
    }
    // No bus at all: refused at once, with the reason kept for the UI.
    let e =
        backease::notify::notify("Step done", "Time to get up from the ball").expect_err("no bus");
    assert_eq!(
        e,
        "notifications unavailable: no desktop session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
    );
    assert_eq!(backease::notify::problem().as_deref(), Some(e.as_str()));

    // A bus address that leads nowhere: handed to a thread (the caller does not wait),
    // and the failure shows up in `problem` soon after.
    let dir = tempfile::tempdir().expect("temp dir");
    let address = format!("unix:path={}", dir.path().join("no-bus").display());
    // SAFETY: as above; the notify thread from the first call was never started.
    unsafe { std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &address) };
    backease::notify::notify("Step done", "Time to get up").expect("queued");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(p) = backease::notify::problem()
            && p != e
        {
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

    // A bus that accepts and never answers: the first notification waits on its thread
    // (the caller does not); the next ones are not sent while it waits, so a silent bus
    // never piles up a thread per break (old code started one each time).
    let silent = dir.path().join("silent-bus");
    let _listener = std::os::unix::net::UnixListener::bind(&silent).expect("a socket");
    // SAFETY: as above; no notify thread is running (the last one answered).
    unsafe {
        std::env::set_var(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", silent.display()),
        )
    };
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
