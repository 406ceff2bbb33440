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
//!
//! A file that is replaced through a symbolic link (a dotfiles manager links
//! `exercises.ron`, `preferences.ron`, `favourites.ron` into a repository) is written at
//! the link's target, atomically there, and the link stays a link ([`through_links`]).

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

/// The file a write to `path` should replace: `path` itself, or, when it is a symbolic
/// link (perhaps to another link), the file at the end of the links (which may not exist
/// yet). Relative links are taken from the link's own directory, as the system does.
/// More than 40 links in a row (a loop) is an error, as `open` says.
pub fn through_links(path: &Path) -> io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&at)?;
                at = match at.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

fn write_with(
    path: &Path,
    bytes: &[u8],
    rename: Rename,
    sync: bool,
    mut go_on: impl FnMut(Step, &Path) -> bool,
) -> io::Result<()> {
    // Replacing: the file a link points to, never the link itself. A new file
    // (`NoClobber`) is made where it is asked for.
    let resolved;
    let path = match rename {
        Rename::Replace => {
            resolved = through_links(path)?;
            resolved.as_path()
        }
        Rename::NoClobber => path,
    };
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
    fn a_symlinked_file_is_written_at_its_target_and_stays_a_link() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = dir.path().join("dotfiles");
        fs::create_dir(&repo).expect("repo");
        let real = repo.join("preferences.ron");
        fs::write(&real, b"old").expect("write");
        let config = dir.path().join("config");
        fs::create_dir(&config).expect("config");
        // Absolute, relative, and a link to a link.
        let absolute = config.join("preferences.ron");
        symlink(&real, &absolute).expect("link");
        let relative = config.join("exercises.ron");
        symlink("../dotfiles/preferences.ron", &relative).expect("link");
        let twice = config.join("favourites.ron");
        symlink(&absolute, &twice).expect("link");
        for (link, text) in [(&absolute, b"one"), (&relative, b"two"), (&twice, b"333")] {
            write_atomic(link, text).expect("written");
            assert!(
                fs::symlink_metadata(link)
                    .expect("there")
                    .file_type()
                    .is_symlink(),
                "{} is still a link",
                link.display()
            );
            assert_eq!(fs::read(&real).expect("read"), text);
            write_atomic_unsynced(link, b"unsynced").expect("written");
            assert_eq!(fs::read(&real).expect("read"), b"unsynced");
        }
        // A dangling link: the file is made at its target.
        let dangling = config.join("new.ron");
        symlink("../dotfiles/new.ron", &dangling).expect("link");
        write_atomic(&dangling, b"new").expect("written");
        assert_eq!(fs::read(repo.join("new.ron")).expect("read"), b"new");
        // A loop is an error, and nothing is written.
        let (a, b) = (config.join("a"), config.join("b"));
        symlink(&b, &a).expect("link");
        symlink(&a, &b).expect("link");
        let e = write_atomic(&a, b"x").expect_err("a loop");
        assert!(e.to_string().contains("too many levels"), "{e}");
        assert!(
            fs::symlink_metadata(&a)
                .expect("a")
                .file_type()
                .is_symlink()
        );
        // No temporary file is left anywhere.
        for d in [&repo, &config] {
            let names: Vec<_> = fs::read_dir(d)
                .expect("list")
                .flatten()
                .filter(|e| is_temp(&e.path()))
                .collect();
            assert!(names.is_empty(), "{names:?}");
        }
    }

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
