//! Desktop notifications, so a person away from the keyboard learns that a long step is
//! over. A shell: the terminal loop calls [`notify`] for the cues that warrant it.
//!
//! Sending never blocks the caller: it happens on a short-lived thread (a D-Bus call can
//! take seconds, or time out after 25 s when no notification server answers). Where no
//! desktop session exists (SSH, a console, a container) [`notify`] returns at once with
//! "notifications unavailable: …"; a failure found later on the thread is kept for
//! [`problem`] so the UI can show it once. Nothing is ever printed.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Mutex;

/// The last reason a notification could not be shown, if any.
static PROBLEM: Mutex<Option<String>> = Mutex::new(None);

/// Shows a notification without waiting for it. `Err` means it certainly will not be
/// shown (no session bus); `Ok` means it was handed to a thread, which records any
/// later failure for [`problem`].
pub fn notify(title: &str, body: &str) -> Result<(), String> {
    if let Err(why) = session_bus(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS"),
        std::env::var_os("XDG_RUNTIME_DIR"),
    ) {
        let note = format!("notifications unavailable: {why}");
        set_problem(Some(note.clone()));
        return Err(note);
    }
    let (title, body) = (title.to_string(), body.to_string());
    std::thread::Builder::new()
        .name("notify".into())
        .spawn(move || set_problem(send(&title, &body).err()))
        .map(|_| ())
        .map_err(|e| {
            let note = format!("notifications unavailable: {e}");
            set_problem(Some(note.clone()));
            note
        })
}

/// Whether notifications can be shown here at all, judged from the environment; the
/// reason as a short status note when not.
pub fn availability() -> Result<(), String> {
    session_bus(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS"),
        std::env::var_os("XDG_RUNTIME_DIR"),
    )
    .map_err(|_| "no desktop notifications here (no D-Bus session)".to_string())
}

/// Why the last notification failed, if it did (cleared by the next success).
pub fn problem() -> Option<String> {
    PROBLEM.lock().map(|p| p.clone()).unwrap_or(None)
}

fn set_problem(note: Option<String>) {
    if let Ok(mut p) = PROBLEM.lock() {
        *p = note;
    }
}

/// Sends and waits for the answer (blocks: call from a thread).
pub fn send(title: &str, body: &str) -> Result<(), String> {
    notify_rust::Notification::new()
        .appname("backease")
        .summary(title)
        .body(body)
        .show()
        .map(|_| ())
        .map_err(|e| format!("notifications unavailable: {e}"))
}

/// Whether a D-Bus session bus can be reached, judged from the environment as zbus does:
/// `DBUS_SESSION_BUS_ADDRESS`, else the socket `$XDG_RUNTIME_DIR/bus`. On macOS and
/// Windows notifications do not go through D-Bus, so there is always a way.
pub fn session_bus(address: Option<OsString>, runtime_dir: Option<OsString>) -> Result<(), String> {
    if cfg!(any(target_os = "macos", windows)) {
        return Ok(());
    }
    if address.is_some_and(|a| !a.is_empty()) {
        return Ok(());
    }
    match runtime_dir {
        Some(dir) if PathBuf::from(&dir).join("bus").exists() => Ok(()),
        _ => Err("no desktop session bus (DBUS_SESSION_BUS_ADDRESS is not set)".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn no_bus_address_and_no_socket_means_unavailable() {
        let dir = tempfile::tempdir().expect("temp dir");
        let empty = Some(dir.path().as_os_str().to_owned());
        assert!(session_bus(None, None).is_err());
        assert!(session_bus(Some(OsString::new()), empty.clone()).is_err());
        assert!(session_bus(Some("unix:path=/run/user/1/bus".into()), None).is_ok());
        std::fs::write(dir.path().join("bus"), b"").expect("fake socket");
        assert!(session_bus(None, empty).is_ok());
    }
}
