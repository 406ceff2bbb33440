//! Writing a file so that it is either all there or not there at all: the bytes go to a
//! temporary file in the same directory, are flushed to disk, and the temporary file is
//! renamed over the target (an atomic step on every platform we run on). A kill at any
//! moment leaves the old file (or none) plus, at worst, a stray temporary file that
//! readers ignore (its name starts with `.` and ends with `.tmp`).
//!
//! [`write_new`] never replaces a file, nor does [`move_to_free_name`]: their rename is
//! `tempfile`'s `persist_noclobber` (`renameat2(RENAME_NOREPLACE)` on Linux, a hard link
//! elsewhere), so a file that appears between a check and the rename is never replaced.
//!
//! The rest is hand code rather than `tempfile::NamedTempFile` because the tests stop a
//! write after any step and look at the temporary file as a `kill -9` would leave it,
//! and readers recognise our temporary names ([`is_temp`]).
//!
//! The steps are public ([`Step`]) so the tests can stop a write after any of them, as a
//! `kill -9` would.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Where a write is, for tests that simulate a kill between steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// The temporary file exists and is empty.
    Created,
    /// Some bytes are written (tests truncate the file at every length).
    Written,
    /// The bytes are on disk.
    Synced,
    /// The temporary file has replaced the target.
    Renamed,
}

/// Writes `bytes` to `path` atomically (see the module doc), creating the directory if
/// needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_steps(path, bytes, |_, _| true)
}

/// Writes `bytes` to `path` atomically but without waiting for the disk: a kill at any
/// moment still leaves the old file or the new one whole (the rename is atomic), only a
/// power cut may lose it. For the saves made every few seconds of a hold, where an
/// `fsync` each time was most of the program's CPU while waiting; the writes that end a
/// session are synced.
pub fn write_atomic_unsynced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, bytes, Rename::Replace, false, |_, _| true)
}

/// Writes `bytes` to `path` atomically, only if nothing is there: an existing file is
/// never replaced, even one another process creates meanwhile (the error is then
/// [`io::ErrorKind::AlreadyExists`] and the temporary file is removed).
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, bytes, Rename::NoClobber, true, |_, _| true)
}

/// Moves `path` to the first free name of `name(0)`, `name(1)`, … and returns it. Each
/// try is one no-clobber rename, so a file that appears at a name meanwhile is skipped,
/// never replaced. Used to move an unreadable file aside.
pub fn move_to_free_name(path: &Path, name: impl Fn(usize) -> PathBuf) -> io::Result<PathBuf> {
    let mut n = 0;
    loop {
        let target = name(n);
        match rename_noclobber(path, &target) {
            Ok(()) => return Ok(target),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && target.exists() => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Renames `from` to `to` unless something is at `to` (the error is then
/// [`io::ErrorKind::AlreadyExists`]), in one step: tempfile's `persist_noclobber`.
fn rename_noclobber(from: &Path, to: &Path) -> io::Result<()> {
    let mut from = tempfile::TempPath::try_from_path(from)?;
    // Only borrowed for the rename: whatever happens, this never removes the file.
    from.disable_cleanup(true);
    from.persist_noclobber(to).map_err(|e| e.error)
}

/// How the last step puts the temporary file in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rename {
    Replace,
    NoClobber,
}

/// Name of the temporary file for `path`: hidden, unique per process and call.
pub fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = format!(".{name}.{}-{n}.tmp", std::process::id());
    path.with_file_name(tmp)
}

/// True for names [`temp_path`] makes: readers skip them.
pub fn is_temp(path: &Path) -> bool {
    path.file_name()
        .map(|n| n.to_string_lossy())
        .is_some_and(|n| n.starts_with('.') && n.ends_with(".tmp"))
}

/// [`write_atomic`] with a hook called after each [`Step`] with the temporary file's
/// path; returning `false` stops there, leaving things exactly as a kill at that moment
/// would (the temporary file stays). Tests use it; the program uses [`write_atomic`].
pub fn write_steps(
    path: &Path,
    bytes: &[u8],
    go_on: impl FnMut(Step, &Path) -> bool,
) -> io::Result<()> {
    write_with(path, bytes, Rename::Replace, true, go_on)
}

fn write_with(
    path: &Path,
    bytes: &[u8],
    rename: Rename,
    sync: bool,
    mut go_on: impl FnMut(Step, &Path) -> bool,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        fs::create_dir_all(&dir)?;
    }
    let tmp = temp_path(path);
    let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
    if !go_on(Step::Created, &tmp) {
        return Ok(());
    }
    let result = (|| {
        file.write_all(bytes)?;
        if !go_on(Step::Written, &tmp) {
            return Ok(false);
        }
        if sync {
            file.sync_all()?;
        }
        if !go_on(Step::Synced, &tmp) {
            return Ok(false);
        }
        drop(file);
        match rename {
            Rename::Replace => fs::rename(&tmp, path)?,
            Rename::NoClobber => rename_noclobber(&tmp, path)?,
        }
        Ok(true)
    })();
    match result {
        Ok(true) => {}
        Ok(false) => return Ok(()),
        Err(e) => {
            // Our own temporary file: nobody else has it. Best effort; the error that
            // matters is the one we return.
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    }
    if sync {
        sync_dir(&dir);
    }
    go_on(Step::Renamed, path);
    Ok(())
}

/// Makes the rename itself durable. Not possible on every platform (Windows cannot open
/// a directory); the write is still atomic without it, only possibly not yet durable.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_target_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.ron");
        write_atomic(&path, b"one").expect("first write");
        write_atomic(&path, b"two").expect("second write");
        assert_eq!(fs::read(&path).expect("read"), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.ron")]);
    }

    #[test]
    fn a_stop_before_the_rename_keeps_the_old_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.ron");
        write_atomic(&path, b"old").expect("write");
        for stop in [Step::Created, Step::Written, Step::Synced] {
            write_steps(&path, b"new", |s, _| s != stop).expect("stopped write");
            assert_eq!(
                fs::read(&path).expect("read"),
                b"old",
                "stopped at {stop:?}"
            );
        }
        let temps = fs::read_dir(dir.path())
            .expect("list")
            .filter(|e| is_temp(&e.as_ref().expect("entry").path()))
            .count();
        assert_eq!(temps, 3);
    }

    #[test]
    fn write_new_never_replaces_a_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.ron");
        write_new(&path, b"one").expect("first write");
        let err = write_new(&path, b"two").expect_err("the file is there");
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).expect("read"), b"one");
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[test]
    fn move_to_free_name_skips_taken_names_and_keeps_every_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let name = |n: usize| dir.path().join(format!("aside.{n}"));
        fs::write(name(0), b"taken").expect("write");
        let path = dir.path().join("a.ron");
        fs::write(&path, b"bad").expect("write");
        assert_eq!(move_to_free_name(&path, name).expect("moved"), name(1));
        assert_eq!(fs::read(name(0)).expect("read"), b"taken");
        assert_eq!(fs::read(name(1)).expect("read"), b"bad");
        assert!(!path.exists());
        let gone = move_to_free_name(&path, name).expect_err("nothing to move");
        assert_eq!(gone.kind(), io::ErrorKind::NotFound);
    }
}
