//! `backease remind --background` on the real binary (sped up: `--speed 30`, a
//! one-minute interval is two seconds) against a fake notification server on a private
//! `dbus-daemon`: the due break's notification carries Start, Snooze and Skip, and each
//! button, sent as the server's `ActionInvoked` signal, acts (snoozed and skipped counted
//! in the day's file, Start opens the routine through the `terminal` preference, here a
//! script that records its arguments). No server, no bus, a server without buttons: one
//! line in the log and no busy loop. Do-not-disturb (`Inhibited`) and a program in
//! `remind_pause_while` hold the break back; `backease pause`/`resume` act at once.
//! Must not touch: the real session bus (each run gets the private bus's address or
//! none), the real home (`remind_install::Home`), any process it did not start.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::tmux::{BIN, SOON};
use crate::remind_idle::{DAEMON, private_bus};
use crate::remind_install::Home;

const IFACE: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

/// One `Notify` call the server received.
#[derive(Debug, Clone)]
struct Shown {
    id: u32,
    summary: String,
    actions: Vec<String>,
}

#[derive(Clone, Default)]
struct Seen {
    shown: Arc<Mutex<Vec<Shown>>>,
    closed: Arc<Mutex<Vec<u32>>>,
    inhibited: Arc<AtomicBool>,
}

struct FakeServer {
    seen: Seen,
    actions: bool,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl FakeServer {
    fn get_capabilities(&self) -> Vec<String> {
        let mut caps = vec!["body".to_string()];
        if self.actions {
            caps.push("actions".into());
        }
        caps
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "fake-notifyd".into(),
            "backease tests".into(),
            "1.0".into(),
            "1.2".into(),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        _app_name: String,
        replaces_id: u32,
        _app_icon: String,
        summary: String,
        _body: String,
        actions: Vec<String>,
        _hints: HashMap<String, zbus::zvariant::OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut shown = self.seen.shown.lock().expect("shown");
        let id = if replaces_id != 0 {
            replaces_id
        } else {
            shown.len() as u32 + 1
        };
        shown.push(Shown {
            id,
            summary,
            actions,
        });
        id
    }

    fn close_notification(&self, id: u32) {
        self.seen.closed.lock().expect("closed").push(id);
    }

    #[zbus(property)]
    fn inhibited(&self) -> bool {
        self.seen.inhibited.load(Ordering::SeqCst)
    }
}

/// Breaks every minute, all day; a snooze of a minute; Start opens `terminal` (a script
/// that records its arguments in `opened.txt`).
fn preferences(home: &Home, extra: &str) {
    let opened = home.path().join("opened.txt");
    let script = home.path().join("fake-terminal");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$@\" >> '{}'\n", opened.display()),
    )
    .expect("fake terminal");
    Command::new("chmod")
        .arg("+x")
        .arg(&script)
        .status()
        .expect("chmod");
    std::fs::write(
        home.path().join("cfg/preferences.ron"),
        format!(
            "(voice: \"off\", mute: true, remind_every: \"1m\", remind_hours: \"00:00-24:00\", \
             remind_days: \"every day\", remind_snooze: \"1m\", terminal: \"{}\", {extra})\n",
            script.display()
        ),
    )
    .expect("preferences");
}

/// The background reminder, sped up, with `bus` as its session bus (none: `None`); its
/// messages in `log.txt`.
fn background(home: &Home, bus: Option<&str>) -> Child {
    let h = home.path();
    let log = std::fs::File::create(h.join("log.txt")).expect("log");
    let mut command = Command::new(BIN);
    command
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", h)
        .env("BACKEASE_CONFIG_DIR", h.join("cfg"))
        .env("BACKEASE_DATA_DIR", h.join("data"))
        .args(["--speed", "30", "remind", "--background"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log);
    if let Some(address) = bus {
        command.env("DBUS_SESSION_BUS_ADDRESS", address);
    }
    command.spawn().expect("start the reminder")
}

fn log(home: &Home) -> String {
    std::fs::read_to_string(home.path().join("log.txt")).unwrap_or_default()
}

fn wait_for(what: &str, check: impl Fn() -> bool) {
    let end = Instant::now() + SOON;
    while !check() {
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

fn stop(mut child: Child) -> i32 {
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    child
        .wait()
        .expect("the reminder ends")
        .code()
        .unwrap_or(-1)
}

fn have_daemon() -> bool {
    if Path::new(DAEMON).exists() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{DAEMON} is not installed (Debian: dbus-daemon; .ci/packages installs it)"
    );
    println!("SKIPPED: {DAEMON} is not installed");
    false
}

/// The day's counts as the reminder wrote them.
fn day(home: &Home) -> String {
    let dir = home.path().join("data/remind/days");
    std::fs::read_dir(dir)
        .ok()
        .and_then(|mut d| d.next())
        .and_then(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .unwrap_or_default()
}

#[test]
fn the_notification_s_start_snooze_and_skip_act_on_the_due_break() {
    if !have_daemon() {
        return;
    }
    let bus = private_bus();
    let seen = Seen::default();
    let server = zbus::blocking::connection::Builder::address(bus.address.as_str())
        .and_then(|b| b.name(IFACE))
        .and_then(|b| {
            b.serve_at(
                PATH,
                FakeServer {
                    seen: seen.clone(),
                    actions: true,
                },
            )
        })
        .and_then(|b| b.build())
        .expect("the fake notification server");
    let home = Home::new();
    preferences(&home, "");
    let child = background(&home, Some(&bus.address));
    let shown = |n: usize| seen.shown.lock().expect("shown").len() >= n;
    let last = || {
        seen.shown
            .lock()
            .expect("shown")
            .last()
            .cloned()
            .expect("one")
    };
    let press = |id: u32, key: &str| {
        server
            .emit_signal(None::<&str>, PATH, IFACE, "ActionInvoked", &(id, key))
            .expect("ActionInvoked");
    };

    wait_for("the first notification", || shown(1));
    let first = last();
    assert_eq!(first.summary, "Time for a break");
    assert_eq!(
        first.actions,
        ["start", "Start", "snooze", "Snooze", "skip", "Skip"]
    );
    let (out, _, code) = home.run(&["status"]);
    assert_eq!((out.as_str(), code), ("break due\n", 1));
    assert!(
        log(&home).contains("through fake-notifyd 1.0"),
        "{}",
        log(&home)
    );

    // A button on some other notification is not ours; nor is a signal of that name
    // sent by anyone but the server.
    press(first.id + 100, "skip");
    let stranger = zbus::blocking::connection::Builder::address(bus.address.as_str())
        .and_then(|b| b.build())
        .expect("another client");
    stranger
        .emit_signal(
            None::<&str>,
            PATH,
            IFACE,
            "ActionInvoked",
            &(first.id, "skip"),
        )
        .expect("a spoofed ActionInvoked");
    press(first.id, "snooze");
    wait_for("the snooze", || day(&home).contains("snoozed: 1"));
    let (out, _, _) = home.run(&["status", "--format", "{state} {snoozes}"]);
    assert_eq!(out, "waiting 1\n");
    assert!(day(&home).contains("skipped: 0"), "{}", day(&home));
    wait_for("the notification taken down", || {
        seen.closed.lock().expect("closed").contains(&first.id)
    });

    wait_for("the snoozed break's notification", || shown(2));
    press(last().id, "skip");
    wait_for("the skip", || day(&home).contains("skipped: 1"));
    // A skip asks why, with the answers as buttons; "in pain" is recorded.
    wait_for("the question", || shown(3));
    let question = last();
    assert_eq!(question.summary, "Why not now?");
    assert_eq!(
        question.actions,
        [
            "busy", "Busy", "in_pain", "In pain", "not_now", "Not now", "away", "Away"
        ]
    );
    press(question.id, "in_pain");
    wait_for("the answer", || day(&home).contains("in_pain: 1"));

    wait_for("the next break's notification", || shown(4));
    assert_eq!(last().summary, "Time for a break");
    press(last().id, "start");
    let opened = home.path().join("opened.txt");
    // The fake terminal's shell makes the file, then writes the line: wait for the line.
    wait_for("the routine opened in a terminal", || {
        std::fs::read_to_string(&opened).is_ok_and(|l| l.ends_with('\n'))
    });
    let line = std::fs::read_to_string(&opened).expect("opened");
    // After "in pain" the gentlest routine is offered.
    assert!(line.ends_with(" start easing_in\n"), "{line}");
    assert!(
        log(&home).contains("worth a physiotherapist's or doctor's look"),
        "{}",
        log(&home)
    );
    assert!(
        log(&home).contains("opened the break routine: "),
        "{}",
        log(&home)
    );
    // The routine runs elsewhere: the break is due until history shows it done.
    let (out, _, _) = home.run(&["status", "--format", "{state}"]);
    assert_eq!(out, "due\n");
    assert_eq!(stop(child), 0, "a stop asked for is a clean end");
}

#[test]
fn no_server_no_bus_or_no_buttons_is_one_line_in_the_log_and_never_a_busy_loop() {
    if !have_daemon() {
        return;
    }
    let bus = private_bus();
    // A server that shows no buttons.
    let seen = Seen::default();
    let _server = zbus::blocking::connection::Builder::address(bus.address.as_str())
        .and_then(|b| b.name(IFACE))
        .and_then(|b| {
            b.serve_at(
                PATH,
                FakeServer {
                    seen: seen.clone(),
                    actions: false,
                },
            )
        })
        .and_then(|b| b.build())
        .expect("the fake notification server");
    let empty = private_bus();
    let cases = [
        (
            Some(bus.address.as_str()),
            "fake-notifyd 1.0 shows no buttons (no \"actions\" capability)",
        ),
        (
            Some(empty.address.as_str()),
            "no notification server on the session bus",
        ),
        (None, "no desktop session bus"),
    ];
    for (address, said) in cases {
        let home = Home::new();
        preferences(&home, "");
        let child = background(&home, address);
        wait_for("the log's first lines", || {
            log(&home).contains("running in the background")
        });
        // Three breaks fall due (2 s each at --speed 30) while it is watched.
        std::thread::sleep(Duration::from_secs(6));
        let text = log(&home);
        assert_eq!(
            text.matches("notifications without buttons: ").count(),
            1,
            "{text}"
        );
        assert!(text.contains(said), "{said}:\n{text}");
        assert!(text.contains("a break is due"), "{text}");
        let (out, _, code) = home.run(&["status"]);
        assert_eq!((out.as_str(), code), ("break due\n", 1), "{text}");
        let cpu = crate::common::pty::cpu_of(child.id());
        assert!(
            cpu < Duration::from_millis(1500),
            "{said}: {cpu:?} of CPU in 6 s"
        );
        assert_eq!(stop(child), 0, "a stop asked for is a clean end");
    }
    // The server without buttons still got a plain notification.
    let shown = seen.shown.lock().expect("shown");
    assert!(!shown.is_empty());
    assert!(shown.iter().all(|s| s.actions.is_empty()), "{shown:?}");
}

#[test]
fn do_not_disturb_and_a_named_program_hold_the_break_back_and_pause_resume_act_at_once() {
    if !have_daemon() {
        return;
    }
    let bus = private_bus();
    let seen = Seen::default();
    seen.inhibited.store(true, Ordering::SeqCst);
    let _server = zbus::blocking::connection::Builder::address(bus.address.as_str())
        .and_then(|b| b.name(IFACE))
        .and_then(|b| {
            b.serve_at(
                PATH,
                FakeServer {
                    seen: seen.clone(),
                    actions: true,
                },
            )
        })
        .and_then(|b| b.build())
        .expect("the fake notification server");
    let home = Home::new();
    preferences(&home, "");
    let child = background(&home, Some(&bus.address));
    wait_for("the hold", || {
        log(&home).contains("holding reminders off: do not disturb is on")
    });
    // Two intervals pass: nothing is shown, status says paused.
    std::thread::sleep(Duration::from_secs(4));
    assert!(seen.shown.lock().expect("shown").is_empty());
    let (out, _, code) = home.run(&["status", "--format", "{state}"]);
    assert_eq!((out.as_str(), code), ("paused\n", 0));
    // Do-not-disturb off and `backease resume`: the break held back is shown once.
    seen.inhibited.store(false, Ordering::SeqCst);
    let (out, _, code) = home.run(&["resume"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("resumed: "), "{out}");
    wait_for("one notification", || {
        !seen.shown.lock().expect("shown").is_empty()
    });
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(seen.shown.lock().expect("shown").len(), 1);
    // `backease pause 1h` is in status at once (the command returns once the reminder
    // wrote it), and tells until when.
    let start = Instant::now();
    let (out, err, code) = home.run(&["pause", "1h"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    // The reminder's own clock runs 30 times faster: its answer is on that clock.
    assert!(
        out.starts_with("paused until ") && out.ends_with(" (1 h)\n"),
        "{out}"
    );
    let (out, _, _) = home.run(&["status", "--format", "{state}"]);
    assert_eq!(out, "paused\n");
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    let (_, err, code) = home.run(&["pause", "soon"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "backease: pause: \"soon\" is not a length; write a length like 30m, 1h, 90s or \
         1h30m, or `today`\n"
    );
    assert_eq!(stop(child), 0, "a stop asked for is a clean end");

    // A program named in remind_pause_while, found by its process name.
    let home = Home::new();
    preferences(&home, "remind_pause_while: [\"bkz27hold\"]");
    let program = home.path().join("bkz27hold");
    std::fs::copy("/bin/sleep", &program).expect("a copy of sleep");
    let mut holder = Command::new(&program)
        .arg("60")
        .spawn()
        .expect("the program");
    let child = background(&home, None);
    wait_for("the hold", || {
        log(&home).contains("holding reminders off: bkz27hold is running")
    });
    std::thread::sleep(Duration::from_secs(3));
    let (out, _, _) = home.run(&["status", "--format", "{state}"]);
    assert_eq!(out, "paused\n", "{}", log(&home));
    assert!(!log(&home).contains("a break is due"), "{}", log(&home));
    let _ = holder.kill();
    let _ = holder.wait();
    assert_eq!(stop(child), 0, "a stop asked for is a clean end");
}

#[test]
fn pause_with_no_reminder_running_is_kept_for_the_next_one() {
    let home = Home::new();
    let (out, _, code) = home.run(&["pause", "30m"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("paused until "), "{out}");
    assert!(out.contains("no reminder is running"), "{out}");
    let (out, _, _) = home.run(&["status"]);
    assert_eq!(out, "paused 30m\n");
    let (out, _, _) = home.run(&["resume"]);
    assert_eq!(out, "resumed (no reminder is running)\n");
    let (out, _, _) = home.run(&["resume"]);
    assert_eq!(out, "not paused (no reminder is running)\n");
    let (out, _, _) = home.run(&["status", "--format", "{state}"]);
    assert_eq!(out, "off\n");
}
