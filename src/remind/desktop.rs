//! The background reminder's notification: "Time for a break" with the buttons Start,
//! Snooze and Skip (the Desktop Notifications Specification's actions), answered while the
//! reminder runs. A shell over zbus's blocking API on the session bus:
//!
//! - [`Buttons::connect`] reaches the server (within [`CONNECT`]), asks its capabilities
//!   and refuses, with one line for the log, when there is no bus, no server, or a server
//!   that shows no buttons (no `actions` capability): the reminder then sends plain
//!   notifications through `crate::notify`, or none;
//! - a worker thread sends (`Notify`, replacing the last one), closes
//!   (`CloseNotification`) and reads do-not-disturb (the spec's `Inhibited` property, or
//!   dunst's `org.dunstproject.cmd0` `paused`), so the reminder's loop never waits on the
//!   bus;
//! - a listener thread receives `ActionInvoked` and `NotificationClosed` for our
//!   notification, from the server itself (the name's owner, not any client that sends
//!   a signal of that name), and hands the action's key to the loop through the callback.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use zbus::blocking::Connection;

const SERVICE: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

/// How long the bus and the server have to answer at the start.
pub const CONNECT: Duration = Duration::from_secs(5);
/// How long any later call may take before it is given up.
const CALL: Duration = Duration::from_secs(5);

/// The buttons: (action key, label).
pub const ACTIONS: [(&str, &str); 3] = [("start", "Start"), ("snooze", "Snooze"), ("skip", "Skip")];

/// The question's buttons after a skip or a second snooze: (reason key, label).
pub const REASONS: [(&str, &str); 4] = [
    ("busy", "Busy"),
    ("in_pain", "In pain"),
    ("not_now", "Not now"),
    ("away", "Away"),
];

enum Job {
    Show {
        title: String,
        body: String,
        actions: Vec<(&'static str, &'static str)>,
    },
    Close,
    Inhibited(Sender<Option<bool>>),
}

/// A notification server that shows buttons, and our notification on it.
pub struct Buttons {
    jobs: Sender<Job>,
    /// The server's name and version, for the log.
    pub server: String,
    /// The last send's failure, if any (cleared by a success).
    problem: Arc<Mutex<Option<String>>>,
}

impl Buttons {
    /// On the session bus (`DBUS_SESSION_BUS_ADDRESS`); `on_action` is called (on the
    /// listener's thread) with `start`, `snooze` or `skip` when one is pressed.
    pub fn connect(on_action: Box<dyn Fn(String) + Send>) -> Result<Buttons, String> {
        crate::notify::session_bus(
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS"),
            std::env::var_os("XDG_RUNTIME_DIR"),
        )?;
        // Connecting waits on the bus: on a thread, given up after CONNECT.
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("notify-connect".into())
            .spawn(move || {
                let _ = tx.send(open());
            })
            .map_err(|e| format!("cannot start a thread: {e}"))?;
        let (connection, server) = rx
            .recv_timeout(CONNECT)
            .map_err(|_| "the session bus does not answer".to_string())??;
        let id = Arc::new(AtomicU32::new(0));
        listen(&connection, Arc::clone(&id), on_action)?;
        let (jobs, work) = mpsc::channel();
        let problem = Arc::new(Mutex::new(None));
        let seen = Arc::clone(&problem);
        std::thread::Builder::new()
            .name("notify-worker".into())
            .spawn(move || worker(&connection, &id, &work, &seen))
            .map_err(|e| format!("cannot start a thread: {e}"))?;
        Ok(Buttons {
            jobs,
            server,
            problem,
        })
    }

    /// Shows the notification (replacing ours if it is still up); does not wait.
    pub fn show(&self, title: &str, body: &str) {
        let _ = self.jobs.send(Job::Show {
            title: title.to_string(),
            body: body.to_string(),
            actions: ACTIONS.to_vec(),
        });
    }

    /// Asks why the break was skipped or put off, with the answers as buttons
    /// (optional: closing it answers nothing).
    pub fn ask_reason(&self) {
        let _ = self.jobs.send(Job::Show {
            title: "Why not now?".to_string(),
            body: "Optional: the next break takes it into account.".to_string(),
            actions: REASONS.to_vec(),
        });
    }

    /// Takes ours down (the break was answered another way); does not wait.
    pub fn close(&self) {
        let _ = self.jobs.send(Job::Close);
    }

    /// The server's `Inhibited` property (do-not-disturb), if it has one; waits at most
    /// `within`.
    pub fn inhibited(&self, within: Duration) -> Option<bool> {
        let (tx, rx) = mpsc::channel();
        self.jobs.send(Job::Inhibited(tx)).ok()?;
        rx.recv_timeout(within).ok().flatten()
    }

    /// Why the last notification could not be shown, once.
    pub fn take_problem(&self) -> Option<String> {
        self.problem.lock().ok()?.take()
    }
}

/// Connects, and checks the server shows buttons: the connection and "name version".
fn open() -> Result<(Connection, String), String> {
    let connection = zbus::blocking::connection::Builder::session()
        .and_then(|b| b.method_timeout(CALL).build())
        .map_err(|e| format!("no session bus: {e}"))?;
    let caps: Vec<String> = connection
        .call_method(Some(SERVICE), PATH, Some(SERVICE), "GetCapabilities", &())
        .and_then(|m| m.body().deserialize())
        .map_err(|_| "no notification server on the session bus".to_string())?;
    let server = connection
        .call_method(
            Some(SERVICE),
            PATH,
            Some(SERVICE),
            "GetServerInformation",
            &(),
        )
        .and_then(|m| m.body().deserialize::<(String, String, String, String)>())
        .map(|(name, _, version, _)| format!("{name} {version}"))
        .unwrap_or_else(|_| "the notification server".to_string());
    if !caps.iter().any(|c| c == "actions") {
        return Err(format!(
            "{server} shows no buttons (no \"actions\" capability)"
        ));
    }
    Ok((connection, server))
}

/// The listener: the server's signals about our notification.
fn listen(
    connection: &Connection,
    id: Arc<AtomicU32>,
    on_action: Box<dyn Fn(String) + Send>,
) -> Result<(), String> {
    let rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface(SERVICE)
        .and_then(|b| b.path(PATH))
        .map(|b| b.build())
        .map_err(|e| format!("a match rule: {e}"))?;
    let messages = zbus::blocking::MessageIterator::for_match_rule(rule, connection, Some(64))
        .map_err(|e| format!("cannot listen for the notification's buttons: {e}"))?;
    let conn = connection.clone();
    std::thread::Builder::new()
        .name("notify-listen".into())
        .spawn(move || {
            // Only the server's own signals count: anyone on the session bus may send a
            // signal named ActionInvoked. Asked again when a signal comes from someone
            // else (the server may have been restarted).
            let mut owner = server_owner(&conn);
            for message in messages.flatten() {
                let header = message.header();
                let sender = header.sender().map(|s| s.as_str().to_string());
                if sender != owner {
                    owner = server_owner(&conn);
                    if sender != owner {
                        continue;
                    }
                }
                let member = header.member().map(|m| m.as_str().to_string());
                match member.as_deref() {
                    Some("ActionInvoked") => {
                        if let Ok((n, key)) = message.body().deserialize::<(u32, String)>()
                            && n != 0
                            && n == id.load(Ordering::SeqCst)
                        {
                            on_action(key);
                        }
                    }
                    Some("NotificationClosed") => {
                        if let Ok((n, _)) = message.body().deserialize::<(u32, u32)>() {
                            let _ = id.compare_exchange(n, 0, Ordering::SeqCst, Ordering::SeqCst);
                        }
                    }
                    _ => {}
                }
            }
        })
        .map_err(|e| format!("cannot start a thread: {e}"))?;
    Ok(())
}

/// The unique name that owns `org.freedesktop.Notifications` now.
fn server_owner(connection: &Connection) -> Option<String> {
    connection
        .call_method(
            Some("org.freedesktop.DBus"),
            "/org/freedesktop/DBus",
            Some("org.freedesktop.DBus"),
            "GetNameOwner",
            &(SERVICE,),
        )
        .ok()
        .and_then(|m| m.body().deserialize::<String>().ok())
}

fn worker(
    connection: &Connection,
    id: &AtomicU32,
    jobs: &Receiver<Job>,
    problem: &Mutex<Option<String>>,
) {
    for job in jobs {
        match job {
            Job::Show {
                title,
                body,
                actions,
            } => {
                let actions: Vec<&str> = actions.iter().flat_map(|(k, l)| [*k, *l]).collect();
                let mut hints: HashMap<&str, zbus::zvariant::Value<'_>> = HashMap::new();
                // Stays until answered (a server may still time it out); "default" is
                // not offered, so a click on the body does nothing but close it.
                hints.insert("urgency", zbus::zvariant::Value::U8(1));
                hints.insert("resident", zbus::zvariant::Value::Bool(true));
                let replaces = id.load(Ordering::SeqCst);
                let title = crate::text::escape(&title).into_owned();
                let body = crate::notify::body_markup(&body);
                let sent = connection
                    .call_method(
                        Some(SERVICE),
                        PATH,
                        Some(SERVICE),
                        "Notify",
                        &(
                            "backease",
                            replaces,
                            "",
                            title.as_str(),
                            body.as_str(),
                            actions,
                            hints,
                            0i32,
                        ),
                    )
                    .and_then(|m| m.body().deserialize::<u32>());
                match sent {
                    Ok(n) => {
                        id.store(n, Ordering::SeqCst);
                    }
                    Err(e) => {
                        if let Ok(mut p) = problem.lock() {
                            *p = Some(format!("the notification was not shown: {e}"));
                        }
                    }
                }
            }
            Job::Close => {
                let n = id.swap(0, Ordering::SeqCst);
                if n != 0 {
                    let _ = connection.call_method(
                        Some(SERVICE),
                        PATH,
                        Some(SERVICE),
                        "CloseNotification",
                        &(n,),
                    );
                }
            }
            Job::Inhibited(reply) => {
                let property = |interface: &str, name: &str| {
                    connection
                        .call_method(
                            Some(SERVICE),
                            PATH,
                            Some("org.freedesktop.DBus.Properties"),
                            "Get",
                            &(interface, name),
                        )
                        .ok()
                        .and_then(|m| m.body().deserialize::<zbus::zvariant::OwnedValue>().ok())
                        .and_then(|v| bool::try_from(v).ok())
                };
                // The spec's property (GNOME Shell, KDE, mako, swaync), else dunst's own
                // (`dunstctl set-paused true`).
                let value = property(SERVICE, "Inhibited")
                    .or_else(|| property("org.dunstproject.cmd0", "paused"));
                let _ = reply.send(value);
            }
        }
    }
}
