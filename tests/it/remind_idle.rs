//! The real idle source (systemd-logind over D-Bus) against a private `dbus-daemon`
//! serving a fake `org.freedesktop.login1` session: at the desk, idle since a moment,
//! locked (since first seen), back; and a bus without logind is refused with a short
//! reason. Where the machine has no dbus-daemon the test says so and passes only then.

use std::io::{BufRead, BufReader};
use std::os::unix::net::UnixListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use backease::remind::idle::logind::{Logind, SESSION_PATH};
use backease::remind::idle::{ANSWER_WITHIN, IdleSource, OffThread, STOPPED};
use backease::remind::schedule::Away;
use jiff::Timestamp;

pub(crate) const DAEMON: &str = "/usr/bin/dbus-daemon";

/// What the fake session says: idle, idle since (µs), locked.
#[derive(Clone, Default)]
struct Hints(Arc<Mutex<(bool, u64, bool)>>);

struct FakeSession(Hints);

#[zbus::interface(name = "org.freedesktop.login1.Session")]
impl FakeSession {
    #[zbus(property)]
    fn idle_hint(&self) -> bool {
        self.0.0.lock().expect("hints").0
    }
    #[zbus(property)]
    fn idle_since_hint(&self) -> u64 {
        self.0.0.lock().expect("hints").1
    }
    #[zbus(property)]
    fn locked_hint(&self) -> bool {
        self.0.0.lock().expect("hints").2
    }
}

/// A logind that answers `answers` property reads, then never again (its server is
/// stuck until the test ends).
struct GoesSilent {
    answers: u32,
    asked: Arc<AtomicU32>,
    release: Arc<AtomicBool>,
}

impl GoesSilent {
    fn read(&self) {
        if self.asked.fetch_add(1, Ordering::SeqCst) >= self.answers {
            while !self.release.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

#[zbus::interface(name = "org.freedesktop.login1.Session")]
impl GoesSilent {
    #[zbus(property)]
    fn idle_hint(&self) -> bool {
        self.read();
        false
    }
    #[zbus(property)]
    fn idle_since_hint(&self) -> u64 {
        self.read();
        0
    }
    #[zbus(property)]
    fn locked_hint(&self) -> bool {
        self.read();
        false
    }
}

/// A private bus; killed when dropped.
pub(crate) struct Bus {
    daemon: Child,
    pub(crate) address: String,
    _dir: tempfile::TempDir,
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

pub(crate) fn private_bus() -> Bus {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut daemon = Command::new(DAEMON)
        .args(["--session", "--nofork", "--print-address=1"])
        .arg(format!(
            "--address=unix:path={}",
            dir.path().join("bus").display()
        ))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start dbus-daemon");
    let mut line = String::new();
    BufReader::new(daemon.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the bus address");
    Bus {
        daemon,
        address: line.trim().to_string(),
        _dir: dir,
    }
}

#[test]
fn logind_idle_and_locked_hints_are_read_from_the_session() {
    if !Path::new(DAEMON).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{DAEMON} is not installed (Debian: dbus-daemon; .ci/packages installs it)"
        );
        println!("SKIPPED: {DAEMON} is not installed; the logind idle source is untested here");
        return;
    }
    let bus = private_bus();
    // A bus with no logind on it: refused, with a short reason.
    let e = Logind::at(&bus.address).err().expect("no logind yet");
    assert_eq!(e, "logind has no session for this terminal");

    let hints = Hints::default();
    let _server = zbus::blocking::connection::Builder::address(bus.address.as_str())
        .and_then(|b| b.name("org.freedesktop.login1"))
        .and_then(|b| b.serve_at(SESSION_PATH, FakeSession(hints.clone())))
        .and_then(|b| b.build())
        .expect("the fake logind");
    let mut logind = Logind::at(&bus.address).expect("logind answers");
    let now: Timestamp = "2026-11-30T10:00:00Z".parse().expect("time");

    assert_eq!(logind.away(now), Ok(None), "at the desk");

    let since: Timestamp = "2026-11-30T09:52:00Z".parse().expect("time");
    *hints.0.lock().expect("hints") = (true, since.as_microsecond() as u64, false);
    let away = logind.away(now).expect("answers").expect("idle");
    assert_eq!((away.since, away.why), (since, Away::Idle));

    // Locked: since the first reading that saw it.
    *hints.0.lock().expect("hints") = (true, since.as_microsecond() as u64, true);
    let away = logind.away(now).expect("answers").expect("locked");
    assert_eq!((away.since, away.why), (now, Away::Locked));
    let later: Timestamp = "2026-11-30T10:07:00Z".parse().expect("time");
    let away = logind.away(later).expect("answers").expect("still locked");
    assert_eq!(away.since, now, "the lock's start is kept");

    *hints.0.lock().expect("hints") = (false, 0, false);
    assert_eq!(logind.away(later), Ok(None), "back");

    // logind goes away: the source says so (the reminder then notes it once).
    drop(_server);
    assert!(logind.away(later).is_err());
}

/// The real logind source, asked off the loop's thread, at `address`.
fn logind_off_thread(address: &str) -> OffThread {
    let address = address.to_string();
    OffThread::spawn(
        move || Logind::at(&address).map(|l| Box::new(l) as Box<dyn IdleSource + Send>),
        ANSWER_WITHIN,
    )
    .expect("a thread")
}

/// `away` gives up within the deadline (with a margin for a loaded machine).
fn assert_gives_up(source: &mut OffThread, what: &str) {
    let now: Timestamp = "2026-11-30T10:00:00Z".parse().expect("time");
    let start = Instant::now();
    assert_eq!(source.away(now), Err(STOPPED.to_string()), "{what}");
    let took = start.elapsed();
    assert!(
        took < ANSWER_WITHIN + Duration::from_secs(2),
        "{what}: took {took:?}"
    );
}

#[test]
fn a_bus_that_accepts_and_never_answers_is_given_up_within_the_deadline() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bus");
    // Connections are accepted by the kernel (the backlog) and never read or answered.
    let _silent = UnixListener::bind(&path).expect("a socket");
    let mut source = logind_off_thread(&format!("unix:path={}", path.display()));
    assert_gives_up(&mut source, "a silent bus");
    assert_gives_up(&mut source, "asked again");
}

#[test]
fn a_logind_that_answers_a_while_then_goes_silent_is_given_up_within_the_deadline() {
    if !Path::new(DAEMON).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{DAEMON} is not installed (Debian: dbus-daemon; .ci/packages installs it)"
        );
        println!("SKIPPED: {DAEMON} is not installed; the silent logind is untested here");
        return;
    }
    let now: Timestamp = "2026-11-30T10:00:00Z".parse().expect("time");
    // Opening reads three properties; each reading then reads three more (six `Get`s:
    // the opening and one reading).
    for answers in [0, 3, 6] {
        let bus = private_bus();
        let release = Arc::new(AtomicBool::new(false));
        let silent = GoesSilent {
            answers,
            asked: Arc::new(AtomicU32::new(0)),
            release: Arc::clone(&release),
        };
        let server = zbus::blocking::connection::Builder::address(bus.address.as_str())
            .and_then(|b| b.name("org.freedesktop.login1"))
            .and_then(|b| b.serve_at(SESSION_PATH, silent))
            .and_then(|b| b.build())
            .expect("the fake logind");
        let mut source = logind_off_thread(&bus.address);
        for _ in 0..answers.saturating_sub(3) / 3 {
            assert_eq!(source.away(now), Ok(None), "after {answers} answers");
        }
        assert_gives_up(&mut source, &format!("silent after {answers} answers"));
        release.store(true, Ordering::SeqCst);
        drop(server);
    }
}
