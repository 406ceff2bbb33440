//! Files that are not files: for every kind of file backease reads (routine files, the
//! user's `exercises.ron`, preferences, session states, history records, custom sounds),
//! a FIFO, `/dev/zero`, a folder and a 3 GiB sparse file in its place are refused at
//! once with one message naming the path and what it is; nothing blocks, nothing reads
//! gigabytes. The commands that read them run as the real binary with a deadline.
//!
//! Class checked against the old code by reasoning from it: every reader but the routine
//! one used `fs::read`/`read_to_string` (a FIFO blocks in `open`, `/dev/zero` reads until
//! memory runs out, the sparse file is read whole), and the routine reader opened a FIFO
//! with a blocking `open` (`backease check FIFO` hung).

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use backease::audio::sounds;
use backease::store::{self, sessions::Sessions};

const BIN: &str = env!("CARGO_BIN_EXE_backease");
/// Far longer than any of these needs; a hang shows as a failure, not a stuck test.
const DEADLINE: Duration = Duration::from_secs(10);

/// What can stand where a file should be, and the words it is refused with.
#[derive(Debug, Clone, Copy)]
enum Hostile {
    Fifo,
    DevZero,
    Folder,
    Sparse,
}

const ALL: [Hostile; 4] = [
    Hostile::Fifo,
    Hostile::DevZero,
    Hostile::Folder,
    Hostile::Sparse,
];

impl Hostile {
    /// Puts one at `path`.
    fn plant(self, path: &Path) {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).expect("parent folder");
        }
        match self {
            Hostile::Fifo => {
                let ok = Command::new("mkfifo")
                    .arg(path)
                    .status()
                    .expect("mkfifo runs");
                assert!(ok.success(), "mkfifo {}", path.display());
            }
            Hostile::DevZero => {
                std::os::unix::fs::symlink("/dev/zero", path).expect("symlink to /dev/zero")
            }
            Hostile::Folder => fs::create_dir(path).expect("folder"),
            Hostile::Sparse => fs::File::create(path)
                .and_then(|f| f.set_len(3 << 30))
                .expect("a sparse 3 GiB file"),
        }
    }

    /// What the message says it is.
    fn words(self) -> &'static str {
        match self {
            Hostile::Fifo => "is a FIFO, not a file",
            Hostile::DevZero => "is a character device, not a file",
            Hostile::Folder => "is a directory, not a file",
            Hostile::Sparse => "is 3.0 GiB, larger than the",
        }
    }

    /// The routine reader words a folder its own way.
    fn routine_words(self) -> &'static str {
        match self {
            Hostile::Folder => "this is a folder",
            Hostile::Sparse => "the file is 3072.0 MiB; a routine file may be at most 4 MiB",
            other => other.words(),
        }
    }
}

/// Runs `f` on another thread and fails if it takes longer than [`DEADLINE`].
fn within_deadline<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(DEADLINE)
        .unwrap_or_else(|_| panic!("{what}: still blocked after {DEADLINE:?}"))
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// The binary with `args` in a private home, killed if it outlives the deadline.
fn backease(home: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", home)
        .env("BACKEASE_CONFIG_DIR", home.join("config"))
        .env("BACKEASE_DATA_DIR", home.join("data"))
        .current_dir(home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("backease runs");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("backease {args:?} still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_string(&mut stdout).expect("stdout");
    }
    if let Some(mut err) = child.stderr.take() {
        err.read_to_string(&mut stderr).expect("stderr");
    }
    Run {
        code: status.code(),
        stdout,
        stderr,
    }
}

fn assert_names(text: &str, path: &Path, words: &str, case: &str) {
    let path = path.display().to_string();
    assert!(
        text.lines().any(|l| l.contains(&path) && l.contains(words)),
        "{case}: no line names {path} and says {words:?}:\n{text}"
    );
}

#[test]
fn backease_check_refuses_each_at_once_with_the_path_and_what_it_is() {
    for hostile in ALL {
        let home = tempfile::tempdir().expect("temp dir");
        let path = home.path().join("mine.ron");
        hostile.plant(&path);
        let run = backease(home.path(), &["check", &path.display().to_string()]);
        let case = format!("check {hostile:?}");
        assert_eq!(run.code, Some(1), "{case}: {}", run.stderr);
        assert_names(&run.stderr, &path, hostile.routine_words(), &case);
        assert_eq!(run.stderr.lines().count(), 1, "{case}: {}", run.stderr);
    }
}

#[test]
fn the_users_routine_file_and_a_routines_file_are_refused_for_what_they_are() {
    for hostile in ALL {
        // The user's own exercises.ron, read by every command that needs the library.
        let home = tempfile::tempdir().expect("temp dir");
        let user = home.path().join("config/exercises.ron");
        hostile.plant(&user);
        // Issue 13: it is left out with a note, and the built-in routines stay usable.
        let run = backease(home.path(), &["list"]);
        let case = format!("exercises.ron {hostile:?}");
        assert_eq!(run.code, Some(0), "{case}: {}", run.stderr);
        assert!(
            run.stdout.contains("five_stretches"),
            "{case}: {}",
            run.stdout
        );
        assert_names(&run.stderr, &user, hostile.routine_words(), &case);
        assert_names(&run.stderr, &user, "its routines are left out", &case);
        // `--routines FILE`.
        let home = tempfile::tempdir().expect("temp dir");
        let extra = home.path().join("extra.ron");
        hostile.plant(&extra);
        let run = backease(
            home.path(),
            &["list", "--routines", &extra.display().to_string()],
        );
        let case = format!("--routines {hostile:?}");
        assert_eq!(run.code, Some(1), "{case}: {}", run.stderr);
        assert_names(&run.stderr, &extra, hostile.routine_words(), &case);
    }
}

#[test]
fn preferences_that_are_not_a_file_leave_the_defaults_and_say_why() {
    for hostile in ALL {
        let home = tempfile::tempdir().expect("temp dir");
        let path = home.path().join("config/preferences.ron");
        hostile.plant(&path);
        let run = backease(home.path(), &["config"]);
        let case = format!("preferences {hostile:?}");
        assert_eq!(run.code, Some(0), "{case}: {}", run.stderr);
        assert_names(&run.stdout, &path, hostile.words(), &case);
        // The same words reach the menu's notice (the interactive commands use this).
        let loaded = within_deadline("preferences", move || {
            store::prefs::load_from(&path).error.map(|e| e.to_string())
        });
        let error = loaded.expect("an error");
        assert!(error.contains(hostile.words()), "{case}: {error}");
    }
}

#[test]
fn a_history_entry_that_is_not_a_file_is_named_and_skipped() {
    for hostile in ALL {
        let home = tempfile::tempdir().expect("temp dir");
        let path = home
            .path()
            .join("data/history/2026-11-21T20-00-00Z-1-0.ron");
        hostile.plant(&path);
        let run = backease(home.path(), &["history"]);
        let case = format!("history {hostile:?}");
        assert_eq!(run.code, Some(0), "{case}: {}", run.stderr);
        assert_names(&run.stdout, &path, hostile.words(), &case);
        // Left where it is: not ours to move.
        assert!(fs::symlink_metadata(&path).is_ok(), "{case}: moved");
    }
}

#[test]
fn a_session_state_that_is_not_a_file_is_named_and_left_alone() {
    for hostile in ALL {
        let home = tempfile::tempdir().expect("temp dir");
        let data = home.path().join("data");
        // In the sessions folder, and as the single state file of earlier versions.
        for path in [
            data.join("sessions/2026-11-21T20-00-00Z-1-0.ron"),
            data.join("resume.ron"),
        ] {
            hostile.plant(&path);
            let d = data.clone();
            let loaded = within_deadline("session states", move || Sessions::in_dir(&d).load());
            let case = format!("{} {hostile:?}", path.display());
            assert!(loaded.open.is_empty(), "{case}");
            let text = loaded.warnings.join("\n");
            assert_names(&text, &path, hostile.words(), &case);
            assert!(fs::symlink_metadata(&path).is_ok(), "{case}: moved");
            remove(&path);
        }
    }
}

#[test]
fn a_custom_sound_that_is_not_a_file_is_refused_for_what_it_is() {
    for hostile in ALL {
        let home = tempfile::tempdir().expect("temp dir");
        let path: PathBuf = home.path().join("chime.wav");
        hostile.plant(&path);
        let p = path.clone();
        let err = within_deadline("sound", move || {
            sounds::load_file(&p).map(|_| ()).map_err(|e| e.to_string())
        })
        .expect_err("refused");
        let case = format!("sound {hostile:?}");
        assert!(err.starts_with(hostile.words()), "{case}: {err}");
        // As the person reads it: the sound, the path and what it is.
        let custom = [(backease::cue::Sound::Alarm, path.clone())].into();
        let (_, warnings) = within_deadline("sounds", move || sounds::load_clips(&custom));
        assert_eq!(warnings.len(), 1, "{case}: {warnings:?}");
        assert_names(&warnings[0], &path, hostile.words(), &case);
    }
}

fn remove(path: &Path) {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir(path).expect("remove folder"),
        Ok(_) => fs::remove_file(path).expect("remove"),
        Err(_) => {}
    }
}

/// Class: an empty `BACKEASE_*_DIR` meant the current directory (a planted
/// `./exercises.ron` was loaded, `./history/` written). Checked against the old code:
/// `var_os` of an empty value is `Some("")`, and `PathBuf::from("")` joins as relative.
#[test]
fn an_empty_backease_dir_variable_is_unset_not_the_current_directory() {
    // Empty or relative: unset, the one rule XDG_* variables follow too (old code took
    // `rel` relative to the current directory).
    for value in ["", ".", "here", "./"] {
        empty_or_relative_dir_variable(value);
    }
}

fn empty_or_relative_dir_variable(value: &str) {
    let home = tempfile::tempdir().expect("temp dir");
    let cwd = home.path().join("here");
    fs::create_dir_all(&cwd).expect("cwd");
    // A planted routine file that would break `list` if it were read.
    fs::write(cwd.join("exercises.ron"), "this is not RON").expect("plant");
    fs::write(cwd.join("preferences.ron"), "(volume: 7)").expect("plant");
    let out = Command::new(BIN)
        .args(["config"])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("xdg-config"))
        .env("XDG_DATA_HOME", home.path().join("xdg-data"))
        .env("BACKEASE_CONFIG_DIR", value)
        .env("BACKEASE_DATA_DIR", value)
        .current_dir(&cwd)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !stdout.contains("volume: 7") && !stdout.contains("7%"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&home.path().join("xdg-config").display().to_string()),
        "{stdout}"
    );
    let list = Command::new(BIN)
        .args(["list"])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("xdg-config"))
        .env("XDG_DATA_HOME", home.path().join("xdg-data"))
        .env("BACKEASE_CONFIG_DIR", value)
        .env("BACKEASE_DATA_DIR", value)
        .current_dir(&cwd)
        .output()
        .expect("runs");
    assert!(
        list.status.success(),
        "the planted ./exercises.ron was read: {}",
        String::from_utf8_lossy(&list.stderr)
    );
    assert!(!cwd.join("history").exists(), "{value:?}");
}

/// Lock files too: a FIFO, `/dev/zero` or a folder at desk mode's `remind.lock` or at a
/// session's `.lock` is refused at once (old code: `open` blocked on the FIFO, so
/// `backease status` hung forever and a second `backease remind` with it).
#[test]
fn lock_files_that_are_not_files_are_refused_at_once() {
    for hostile in [Hostile::Fifo, Hostile::DevZero, Hostile::Folder] {
        let home = tempfile::tempdir().expect("temp dir");
        let lock = home.path().join("data/remind/remind.lock");
        hostile.plant(&lock);
        let case = format!("remind.lock {hostile:?}");
        // status: nothing printed (a status bar shows no error), exit 2, at once.
        let run = backease(home.path(), &["status"]);
        assert_eq!(run.code, Some(2), "{case}: {}", run.stderr);
        assert_eq!(
            (run.stdout.as_str(), run.stderr.as_str()),
            ("", ""),
            "{case}"
        );
        // remind: refused with the path and what it is (before it asks for a terminal).
        let run = backease(home.path(), &["remind"]);
        assert_ne!(run.code, Some(0), "{case}");
        assert_names(&run.stderr, &lock, hostile.words(), &case);
        assert!(fs::symlink_metadata(&lock).is_ok(), "{case}: left alone");

        // A session's lock file beside its state.
        let data = home.path().join("data");
        let state = data.join("sessions/2026-11-21T20-00-00Z-1-0.ron");
        fs::create_dir_all(state.parent().expect("folder")).expect("sessions folder");
        fs::write(&state, "(not even read)").expect("state");
        let session_lock = state.with_extension("lock");
        hostile.plant(&session_lock);
        let d = data.clone();
        let loaded = within_deadline("session locks", move || Sessions::in_dir(&d).load());
        let case = format!("{} {hostile:?}", session_lock.display());
        assert!(loaded.open.is_empty(), "{case}");
        assert!(
            loaded.warnings.join("\n").contains(hostile.words()),
            "{case}: {:?}",
            loaded.warnings
        );
    }
}
