//! Desktop notifications, so a person away from the keyboard learns that a long step is
//! over. A shell: the terminal loop calls [`notify`] for the cues that warrant it. On Linux
//! and the BSDs it speaks the Desktop Notifications Specification over the session bus
//! itself (zbus); on macOS notify-rust reaches the notification centre.
//!
//! Sending never blocks the caller: it happens on a short-lived thread (a D-Bus call can
//! take seconds; a server that does not answer is given up after 10 s). Where no
//! desktop session exists (SSH, a console, a container) [`notify`] returns at once with
//! "notifications unavailable: …"; a failure found later on the thread is kept for
//! [`problem`] so the UI can show it once. Nothing is ever printed. One notification is
//! on its way at a time: while a server has not answered the last one, the next is not
//! sent (so a silent bus never piles up threads) and [`problem`] says so.
//!
//! The body is escaped for the notification spec's body markup ([`body_markup`]): text
//! from a routine file is shown as written, never as bold, a link or an image; both the
//! title and the body go through [`crate::text::escape`] first.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// The last reason a notification could not be shown, if any.
static PROBLEM: Mutex<Option<String>> = Mutex::new(None);

/// A notification was handed to a thread and the server has not answered yet.
static ON_ITS_WAY: AtomicBool = AtomicBool::new(false);

/// What [`problem`] says while the server has not answered the last notification.
pub const NOT_ANSWERING: &str =
    "notifications unavailable: the notification server does not answer";

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
    if ON_ITS_WAY.swap(true, Ordering::SeqCst) {
        set_problem(Some(NOT_ANSWERING.to_string()));
        return Err(NOT_ANSWERING.to_string());
    }
    let (title, body) = (title.to_string(), body.to_string());
    std::thread::Builder::new()
        .name("notify".into())
        .spawn(move || {
            let sent = send(&title, &body);
            ON_ITS_WAY.store(false, Ordering::SeqCst);
            set_problem(sent.err());
        })
        .map(|_| ())
        .map_err(|e| {
            ON_ITS_WAY.store(false, Ordering::SeqCst);
            let note = format!("notifications unavailable: {e}");
            set_problem(Some(note.clone()));
            note
        })
}

/// `text` for a notification body: unsafe characters escaped ([`crate::text::escape`]),
/// then `&`, `<`, `>`, `"` and `'` as XML entities, as the Desktop Notifications
/// Specification's body markup requires for text meant literally.
pub fn body_markup(text: &str) -> String {
    let text = crate::text::escape(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
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

/// Sends and waits for the answer (blocks: call from a thread). The title is plain text
/// in the spec; the body is markup, so it is escaped here ([`body_markup`]).
pub fn send(title: &str, body: &str) -> Result<(), String> {
    let title = crate::text::escape(title);
    let body = body_markup(body);
    #[cfg(not(target_os = "macos"))]
    return send_dbus(&title, &body).map_err(|e| format!("notifications unavailable: {e}"));
    #[cfg(target_os = "macos")]
    return notify_rust::Notification::new()
        .appname("backease")
        .summary(&title)
        .body(&body)
        .show()
        .map(|_| ())
        .map_err(|e| format!("notifications unavailable: {e}"));
}

/// How long a notification server has to answer before the notification is given up.
#[cfg(not(target_os = "macos"))]
const ANSWER: std::time::Duration = std::time::Duration::from_secs(10);

/// The Desktop Notifications Specification's `Notify` call on the session bus, through
/// zbus's blocking API (already here for the idle source), with a deadline for the answer.
#[cfg(not(target_os = "macos"))]
fn send_dbus(title: &str, body: &str) -> zbus::Result<()> {
    use std::collections::HashMap;
    let connection = zbus::blocking::connection::Builder::session()?
        .method_timeout(ANSWER)
        .build()?;
    let hints: HashMap<&str, zbus::zvariant::Value<'_>> = HashMap::new();
    let actions: Vec<&str> = Vec::new();
    connection.call_method(
        Some("org.freedesktop.Notifications"),
        "/org/freedesktop/Notifications",
        Some("org.freedesktop.Notifications"),
        "Notify",
        // app name, replaces id, icon, summary, body, actions, hints, timeout (-1: the
        // server's default).
        &("backease", 0u32, "", title, body, actions, hints, -1i32),
    )?;
    Ok(())
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

    #[test]
    fn body_markup_shows_tags_links_and_entities_as_written() {
        for (text, want) in [
            ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
            (
                "<a href=\"https://x\">x</a>",
                "&lt;a href=&quot;https://x&quot;&gt;x&lt;/a&gt;",
            ),
            (
                "<img src='file:///etc/passwd'/>",
                "&lt;img src=&apos;file:///etc/passwd&apos;/&gt;",
            ),
            ("&amp; stays &", "&amp;amp; stays &amp;"),
            ("a\u{1b}]0;x\u{7}b", "a\\u{1b}]0;x\\u{7}b"),
            ("Cat & cow", "Cat &amp; cow"),
        ] {
            assert_eq!(body_markup(text), want, "{text:?}");
            assert!(!body_markup(text).contains('<'));
        }
    }

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
