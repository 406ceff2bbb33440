//! `backease status` as a status bar runs it: the real binary, a private data directory,
//! a reminder's lock held by this test (as a running `backease remind` holds it). One
//! line and the exit status (0, 1 when due); on any failure nothing at all and 2.

use std::fs::{self, File, OpenOptions};
use std::path::Path;
use std::process::Command;

use backease::remind::files::{Files, Shown, StateFile};
use backease::remind::schedule::{Rules, Schedule};
use backease::remind::stamp::Stamp;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

const BIN: &str = env!("CARGO_BIN_EXE_backease");

/// Runs `backease status ARGS` with `data` as the data directory: (stdout, stderr, exit
/// status).
fn status(data: Option<&Path>, args: &[&str]) -> (String, String, i32) {
    let mut cmd = Command::new(BIN);
    cmd.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .arg("status")
        .args(args);
    if let Some(data) = data {
        cmd.env("HOME", data)
            .env("BACKEASE_DATA_DIR", data)
            .env("BACKEASE_CONFIG_DIR", data.join("config"));
    }
    let out = cmd.output().expect("run backease");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().expect("an exit status"),
    )
}

/// Holds the reminder's lock as a running `backease remind` does.
fn hold_lock(data: &Path) -> File {
    fs::create_dir_all(data.join("remind")).expect("dir");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(data.join("remind/remind.lock"))
        .expect("lock file");
    file.lock().expect("locked");
    file
}

/// Writes a state saying `state` with its moment `at`.
fn write_state(data: &Path, state: &str, at: Option<Timestamp>) {
    let now = Timestamp::now();
    let schedule = Schedule::new(
        Rules::default(),
        TimeZone::UTC,
        now.checked_sub(2.hours()).expect("t"),
    );
    let file = StateFile {
        shown: Shown {
            written: Stamp(now),
            state: state.into(),
            at: at.map(Stamp),
            snoozes: 1,
            routine: "desk_break".into(),
        },
        saved: *schedule.saved(),
    };
    Files::at(data.join("remind"))
        .save(&file)
        .expect("state saved");
}

#[test]
fn a_running_reminder_s_state_is_one_line_and_the_exit_status_says_if_due() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path();
    let _lock = hold_lock(data);
    let now = Timestamp::now();

    write_state(
        data,
        "waiting",
        Some(now.checked_add(12.minutes().seconds(30)).expect("t")),
    );
    assert_eq!(
        status(Some(data), &[]),
        ("break in 13m\n".into(), String::new(), 0)
    );
    let (out, _, code) = status(Some(data), &["--format", "{state} {minutes} {routine}"]);
    assert_eq!((out.as_str(), code), ("waiting 13 desk_break\n", 0));

    write_state(data, "due", Some(now.checked_sub(3.minutes()).expect("t")));
    assert_eq!(
        status(Some(data), &[]),
        ("break due\n".into(), String::new(), 1)
    );
    let (out, _, code) = status(Some(data), &["--format", "{state} {snoozes}"]);
    assert_eq!((out.as_str(), code), ("due 1\n", 1));

    write_state(
        data,
        "paused",
        Some(now.checked_add(30.minutes()).expect("t")),
    );
    assert_eq!(status(Some(data), &[]).0, "paused 30m\n");
    write_state(data, "break", Some(now));
    assert_eq!(status(Some(data), &[]).0, "on a break\n");
    write_state(data, "outside", None);
    assert_eq!(
        status(Some(data), &[]),
        ("outside hours\n".into(), String::new(), 0)
    );
    let (out, _, code) = status(Some(data), &["--streak"]);
    assert_eq!((out.as_str(), code), ("outside hours · 0d streak\n", 0));
}

#[test]
fn without_a_reminder_it_tells_the_last_break() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path();
    assert_eq!(
        status(Some(data), &[]),
        ("no breaks yet\n".into(), String::new(), 0)
    );
    // A state left by a reminder that ended: its last break, two hours ago.
    write_state(data, "waiting", Some(Timestamp::now()));
    let path = data.join("remind/state.ron");
    let text = fs::read_to_string(&path).expect("state");
    assert!(text.contains("rotation: 0"), "{text}");
    fs::write(&path, text.replace("rotation: 0", "rotation: 1")).expect("a break taken");
    assert_eq!(
        status(Some(data), &[]),
        ("last break 2h ago\n".into(), String::new(), 0)
    );
    assert_eq!(status(Some(data), &["--format", "{state}"]).0, "off\n");
}

#[test]
fn any_failure_prints_nothing_and_exits_2() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path();
    let nothing = (String::new(), String::new(), 2);

    // A template naming an unknown field, or cut short.
    assert_eq!(status(Some(data), &["--format", "{nope}"]), nothing);
    assert_eq!(status(Some(data), &["--format", "{state"]), nothing);

    // The reminder runs but its state file is corrupt, or not there yet.
    let lock = hold_lock(data);
    assert_eq!(status(Some(data), &[]), nothing);
    fs::write(data.join("remind/state.ron"), "(shown: (state: \"wai").expect("spoil");
    assert_eq!(status(Some(data), &[]), nothing);
    fs::write(data.join("remind/state.ron"), [0xff, 0xfe, 0x00]).expect("spoil");
    assert_eq!(status(Some(data), &[]), nothing);
    drop(lock);

    // The data directory, or the reminder's directory in it, is a file.
    let file = data.join("not-a-dir");
    fs::write(&file, "x").expect("file");
    assert_eq!(status(Some(&file), &[]), nothing);
    fs::create_dir_all(data.join("d")).expect("d");
    let remind_is_a_file = data.join("d");
    fs::write(remind_is_a_file.join("remind"), "x").expect("remind as a file");
    assert_eq!(status(Some(&remind_is_a_file), &[]), nothing);
}

/// The day files desk mode keeps are shown by `backease history` (issue 16: "recorded per
/// day for the history").
#[test]
fn history_shows_desk_mode_days() {
    let home = tempfile::tempdir().expect("temp dir");
    let days = home.path().join("remind/days");
    std::fs::create_dir_all(&days).expect("days dir");
    let today = jiff::Zoned::now().date();
    std::fs::write(
        days.join(format!("{today}.ron")),
        format!("(date: \"{today}\", due: 3, taken: 2, snoozed: 1, skipped: 0)\n"),
    )
    .expect("day file");
    let out = Command::new(BIN)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", home.path())
        .env("BACKEASE_DATA_DIR", home.path())
        .env("BACKEASE_CONFIG_DIR", home.path().join("config"))
        .arg("history")
        .output()
        .expect("history");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(text.contains("Desk mode breaks"), "{text}");
    assert!(
        text.contains("today       2 taken · 3 due · 1 snoozed · 0 skipped"),
        "{text}"
    );
}

/// A history record in `data/history` that ran from `ago_start` to `ago_end` before now,
/// its file's modification time set to `mtime` ago.
fn record_ago(data: &Path, n: u32, ago_start: i64, ago_end: i64, mtime: i64) {
    use backease::history::{SessionRecord, Stiffness, WallTime};
    let now = Timestamp::now();
    let at = |mins: i64| {
        WallTime::new(
            now.checked_sub(mins.minutes()).expect("t"),
            jiff::tz::Offset::UTC,
        )
    };
    let record = SessionRecord {
        id: String::new(),
        routine: "desk_break".into(),
        routine_name: "Desk break".into(),
        started: at(ago_start),
        ended: at(ago_end),
        finished: true,
        continues: None,
        sped_up: false,
        stiffness: Stiffness::default(),
        steps: vec![],
    };
    let dir = data.join("history");
    fs::create_dir_all(&dir).expect("history");
    let path = dir.join(format!(
        "{}-test-1-{n}.ron",
        record.started.at.strftime("%Y-%m-%dT%H-%M-%SZ")
    ));
    fs::write(
        &path,
        backease::store::history::to_text(&record).expect("text"),
    )
    .expect("record");
    let mtime = std::time::SystemTime::from(now.checked_sub(mtime.minutes()).expect("t"));
    File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(mtime))
        .expect("mtime");
}

/// "last break" is the records' own end time, never a file's modification time: a record
/// copied in by `git pull` (old, with a fresh mtime) does not say "0m ago", a fresh record
/// with an old mtime does not hide, and a reminder that started and was killed (`kill
/// -9`) took no break. Old code took the mtime and the state's "sitting since".
#[test]
fn the_last_break_comes_from_the_records_own_times() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path();
    // A reminder started 2 h ago and killed at once: no break was taken.
    write_state(data, "waiting", Some(Timestamp::now()));
    assert_eq!(status(Some(data), &[]).0, "no breaks yet\n");

    // An old record (ended 5 h ago) pulled in just now.
    record_ago(data, 1, 310, 300, 0);
    assert_eq!(status(Some(data), &[]).0, "last break 5h ago\n");
    // A record that ended 20 minutes ago, its file's time two days old.
    record_ago(data, 2, 30, 20, 2 * 24 * 60);
    assert_eq!(status(Some(data), &[]).0, "last break 20m ago\n");
    // A record "from 2300" is not the last break.
    record_ago(
        data,
        3,
        -(200 * 365 * 24 * 60),
        -(200 * 365 * 24 * 60) - 5,
        0,
    );
    assert_eq!(status(Some(data), &[]).0, "last break 20m ago\n");
}

/// The running reminder's state file is read, not trusted: a state no reminder writes
/// prints nothing and exits 2 (old code printed the word with exit 0), and a routine id
/// with bidi or control characters reaches no status bar raw.
#[test]
fn a_strange_state_is_refused_and_a_strange_routine_never_printed_raw() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path();
    let _lock = hold_lock(data);
    let now = Timestamp::now();
    write_state(data, "pwned", Some(now));
    assert_eq!(status(Some(data), &[]), (String::new(), String::new(), 2));

    write_state(
        data,
        "waiting",
        Some(now.checked_add(5.minutes()).expect("t")),
    );
    let path = data.join("remind/state.ron");
    let text = fs::read_to_string(&path).expect("state");
    fs::write(
        &path,
        text.replace("\"desk_break\"", "\"evil\u{202E}kaerb\u{1b}]0;x\u{7}\""),
    )
    .expect("edit");
    let (out, _, code) = status(Some(data), &["--format", "{routine}"]);
    assert_eq!(code, 0);
    assert!(
        !out.trim_end_matches('\n')
            .chars()
            .any(backease::text::is_unsafe),
        "{out:?}"
    );
    assert!(out.starts_with("evil"), "{out:?}");
}
