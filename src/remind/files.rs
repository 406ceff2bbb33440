//! The reminder's files, in `<data dir>/remind/` (a shell: it touches files):
//! - `remind.lock`: held (an exclusive `flock`) by the running `backease remind` for as long
//!   as it runs; it holds a line saying where that one runs (pid, terminal, tmux pane), so
//!   a second one can say so. The kernel lets go when the process dies, `kill -9` included.
//! - `state.ron`: the schedule's saved state and what `backease status` shows, written
//!   atomically (a reader sees the old file or the new one, never half of one).
//! - `days/YYYY-MM-DD.ron`: each day's breaks due, taken, snoozed and skipped, for history.
//!
//! A state file that does not load is moved aside (`state.ron.corrupt`), never
//! overwritten, and the reminder starts afresh with a note saying so.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::schedule::{Day, Saved};
pub use super::status::Shown;
use crate::store::atomic::{move_to_free_name, write_atomic};
use crate::store::read::{open_regular, read_bounded};

/// The largest state or day file read (they are a few hundred bytes).
const LIMIT: u64 = 64 * 1024;

/// The state file's contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateFile {
    pub shown: Shown,
    pub saved: Saved,
}

/// The reminder's directory.
#[derive(Debug, Clone)]
pub struct Files {
    dir: PathBuf,
}

/// The lock of the running reminder; let go when dropped (or when the process ends).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl Files {
    /// `<data dir>/remind`; `None` without a data directory.
    pub fn platform() -> Option<Files> {
        crate::store::paths::remind_dir().map(Files::at)
    }

    pub fn at(dir: PathBuf) -> Files {
        Files { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn lock_path(&self) -> PathBuf {
        self.dir.join("remind.lock")
    }

    pub fn state_path(&self) -> PathBuf {
        self.dir.join("state.ron")
    }

    pub fn day_path(&self, day: &Day) -> PathBuf {
        self.dir.join("days").join(format!("{}.ron", day.date.0))
    }

    /// Takes the one reminder's lock and writes `whereabouts` into it; `Err` with what to
    /// tell the person when another reminder holds it (or the file cannot be opened).
    pub fn lock(&self, whereabouts: &str) -> Result<Lock, String> {
        fs::create_dir_all(&self.dir)
            .map_err(|e| format!("cannot create {}: {e}", self.dir.display()))?;
        let path = self.lock_path();
        let mut file = open_regular(
            &path,
            OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false),
        )
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        // `backease status` takes the lock shared for an instant to see whether a
        // reminder runs; a start that meets it tries again.
        let mut tries = 0;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if tries < 5 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(TryLockError::WouldBlock) => {
                    let mut held = String::new();
                    let _ = file.read_to_string(&mut held);
                    let held = crate::text::escape(held.trim()).into_owned();
                    let held = if held.is_empty() {
                        "where is not known".to_string()
                    } else {
                        held
                    };
                    if held.contains(BACKGROUND) {
                        let pid = Holder::parse(&held).pid.unwrap_or_default();
                        return Err(format!(
                            "a reminder is already running in the background (pid {pid}); \
                             one at a time. It notifies you when a break is due; \
                             `backease remind --status` says how it was started, `backease \
                             pause`/`resume` act on it. To have it in this window instead, \
                             stop it (`backease remind --uninstall`; for now only: \
                             `systemctl --user stop backease-remind` or `kill {pid}`) and \
                             run `backease remind` again"
                        ));
                    }
                    return Err(format!(
                        "a reminder is already running ({held}); one at a time. Switch to \
                         it, or quit it with q"
                    ));
                }
                Err(TryLockError::Error(e)) => {
                    return Err(format!("cannot lock {}: {e}", path.display()));
                }
            }
        }
        let _ = file.set_len(0);
        let _ = file.rewind();
        let _ = file.write_all(format!("{whereabouts}\n").as_bytes());
        Ok(Lock { _file: file })
    }

    /// Whether a reminder runs now: its lock is held.
    pub fn running(&self) -> io::Result<bool> {
        let file = match open_regular(&self.lock_path(), OpenOptions::new().read(true)) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        };
        match file.try_lock_shared() {
            Ok(()) => Ok(false),
            Err(TryLockError::WouldBlock) => Ok(true),
            Err(TryLockError::Error(e)) => Err(e),
        }
    }

    /// Where the running reminder runs, as its lock says (`pid 4242 in the background`);
    /// `None` when none runs.
    pub fn holder(&self) -> Option<Holder> {
        if !self.running().ok()? {
            return None;
        }
        let bytes = read_bounded(&self.lock_path(), LIMIT).ok()?;
        Some(Holder::parse(&String::from_utf8_lossy(&bytes)))
    }

    /// Writes the state file atomically.
    pub fn save(&self, state: &StateFile) -> io::Result<()> {
        let text = ron::ser::to_string_pretty(state, ron::ser::PrettyConfig::default())
            .map_err(io::Error::other)?;
        write_atomic(&self.state_path(), text.as_bytes())
    }

    /// Writes a day's counts atomically.
    pub fn save_day(&self, day: &Day) -> io::Result<()> {
        let text = ron::ser::to_string_pretty(day, ron::ser::PrettyConfig::default())
            .map_err(io::Error::other)?;
        write_atomic(&self.day_path(day), text.as_bytes())
    }

    /// Reads the state file: `Ok(None)` when there is none.
    pub fn read(&self) -> Result<Option<StateFile>, String> {
        let path = self.state_path();
        let bytes = match read_bounded(&path, LIMIT) {
            Ok(bytes) => bytes,
            Err(crate::store::read::ReadError::NotFound) => return Ok(None),
            Err(e) => return Err(format!("could not read {}: {e}", path.display())),
        };
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| format!("{}: not UTF-8 text ({e})", path.display()))?;
        ron::from_str(text)
            .map(Some)
            .map_err(|e| format!("{}:{}: {}", path.display(), e.span.start, e.code))
    }

    /// [`Files::read`] for the reminder itself: a file that does not load is moved aside
    /// (never overwritten) and the note says so.
    pub fn load(&self) -> (Option<StateFile>, Option<String>) {
        match self.read() {
            Ok(state) => (state, None),
            Err(problem) => {
                let path = self.state_path();
                if !path.exists() {
                    return (None, Some(problem));
                }
                let moved = move_to_free_name(&path, |n| match n {
                    0 => path.with_extension("ron.corrupt"),
                    n => path.with_extension(format!("ron.corrupt.{n}")),
                });
                let note = match moved {
                    Ok(to) => format!("{problem}; moved to {} and started afresh", to.display()),
                    Err(e) => format!("{problem}; moving it aside failed ({e})"),
                };
                (None, Some(note))
            }
        }
    }

    /// The days recorded, oldest first (for history).
    pub fn days(&self) -> Vec<Day> {
        let Ok(entries) = fs::read_dir(self.dir.join("days")) else {
            return Vec::new();
        };
        let mut days: Vec<Day> = entries
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "ron"))
            .filter_map(|e| read_bounded(&e.path(), LIMIT).ok())
            .filter_map(|b| ron::from_str(std::str::from_utf8(&b).ok()?).ok())
            .collect();
        days.sort_by_key(|d: &Day| d.date.0);
        days
    }
}

/// The running reminder, from the line in its lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The line, escaped for a terminal.
    pub whereabouts: String,
    pub pid: Option<u32>,
    /// Started with `--background` (no terminal).
    pub background: bool,
}

impl Holder {
    pub fn parse(line: &str) -> Holder {
        let line = line.trim();
        Holder {
            whereabouts: crate::text::escape(line).into_owned(),
            pid: line
                .strip_prefix("pid ")
                .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
                .and_then(|n| n.parse().ok()),
            background: line.contains(BACKGROUND),
        }
    }
}

/// What the lock's line says of a reminder started with `--background`.
pub const BACKGROUND: &str = "in the background";

/// What the lock says of a reminder with no terminal: `pid 4242 in the background`.
pub fn background_whereabouts() -> String {
    format!("pid {} {BACKGROUND}", std::process::id())
}

/// Where this process runs, as written in the lock: `pid 4242 on /dev/pts/3, tmux pane
/// %5`.
pub fn whereabouts() -> String {
    let mut text = format!("pid {}", std::process::id());
    if let Ok(tty) = fs::read_link("/proc/self/fd/0")
        && tty.starts_with("/dev/")
    {
        text.push_str(&format!(" on {}", tty.display()));
    }
    if let Some(pane) = std::env::var_os("TMUX_PANE").filter(|p| !p.is_empty()) {
        text.push_str(&format!(", tmux pane {}", pane.to_string_lossy()));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remind::schedule::{Rules, Schedule};
    use jiff::tz::TimeZone;

    #[test]
    fn one_lock_at_a_time_and_the_second_is_told_where_the_first_runs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = Files::at(dir.path().join("remind"));
        assert!(!files.running().expect("no lock file yet"));
        let lock = files
            .lock("pid 1 on /dev/pts/9, tmux pane %3")
            .expect("first");
        assert!(files.running().expect("readable"));
        let e = files.lock("pid 2").expect_err("second");
        assert!(
            e.contains("already running (pid 1 on /dev/pts/9, tmux pane %3)"),
            "{e}"
        );
        drop(lock);
        assert!(!files.running().expect("readable"));
        files.lock("pid 3").expect("free again");
    }

    #[test]
    fn state_round_trips_and_a_corrupt_file_is_moved_aside_not_overwritten() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = Files::at(dir.path().to_path_buf());
        assert_eq!(files.load(), (None, None));
        let now: jiff::Timestamp = "2026-11-30T09:00:00Z".parse().expect("time");
        let schedule = Schedule::new(Rules::default(), TimeZone::UTC, now);
        let state = StateFile {
            shown: Shown::new(schedule.state(now), now, "desk_break", schedule.snoozes()),
            saved: *schedule.saved(),
        };
        files.save(&state).expect("saved");
        files.save_day(&state.saved.day).expect("day saved");
        assert_eq!(files.load(), (Some(state.clone()), None));
        assert_eq!(files.days(), vec![state.saved.day]);

        fs::write(files.state_path(), "(shown: oops").expect("spoil it");
        let (loaded, note) = files.load();
        assert_eq!(loaded, None);
        let note = note.expect("a note");
        assert!(note.contains("state.ron:1:"), "{note}");
        assert!(note.contains("state.ron.corrupt"), "{note}");
        let kept = fs::read_to_string(dir.path().join("state.ron.corrupt")).expect("kept");
        assert_eq!(kept, "(shown: oops");
    }

    #[test]
    fn a_snoozed_break_waiting_shows_its_snoozes() {
        // `{snoozes}` read 0 while a snoozed break waited (issue 26).
        let start: jiff::Timestamp = "2026-11-30T10:00:00Z".parse().expect("time");
        let rules = Rules {
            hours: crate::remind::hours::WorkingHours::always(),
            ..Rules::default()
        };
        let mut schedule = Schedule::new(rules, TimeZone::UTC, start);
        let reading = |mins: u64| crate::remind::schedule::Reading {
            wall: start + std::time::Duration::from_secs(mins * 60),
            boot: std::time::Duration::from_secs(1_000 + mins * 60),
            mono: std::time::Duration::from_secs(1_000 + mins * 60),
        };
        schedule.handle(crate::remind::schedule::Event::Tick, reading(0));
        schedule.handle(crate::remind::schedule::Event::Tick, reading(60));
        schedule.handle(crate::remind::schedule::Event::Snooze, reading(61));
        let now = reading(62).wall;
        let state = schedule.state(now);
        assert_eq!(state.key(), "waiting");
        let shown = Shown::new(state, now, "desk_break", schedule.snoozes());
        assert_eq!(shown.snoozes, 1);
    }
}
