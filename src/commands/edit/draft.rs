//! A draft's bookkeeping for `backease edit`: which draft this edit works on (the usual
//! one, or one of its own while another `edit` has that open: a lock beside each), the
//! version of the file it started from (kept beside it, `<draft>.base`, so a draft kept
//! from last time knows whether the file changed since), and the difference between two
//! versions as lines. Touches only the draft's own files and locks, never the file being
//! edited (the edit loop writes that, under [`save_lock`]).

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

use crate::routine::load;
use crate::store;

/// The draft this edit works on, locked for as long as the value lives.
pub struct Draft {
    pub path: PathBuf,
    _lock: File,
}

/// The `n`th draft beside `file`: `exercises.draft.ron`, then `exercises.draft-2.ron`, …
pub fn nth(file: &Path, n: usize) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "routines".to_string());
    let ext = file
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let tag = if n == 0 {
        String::new()
    } else {
        format!("-{}", n + 1)
    };
    file.with_file_name(format!("{stem}.draft{tag}{ext}"))
}

/// A hidden file beside `path` with `suffix` (`.exercises.draft.ron.lock`).
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}{suffix}"))
}

fn open_lock(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
}

/// Takes the first draft of `file` no other `edit` has open; with it, the draft another
/// edit has open when it is not the usual one.
pub fn take(file: &Path) -> io::Result<(Draft, Option<PathBuf>)> {
    for n in 0..100 {
        let path = nth(file, n);
        let lock = open_lock(&beside(&path, ".lock"))?;
        match lock.try_lock() {
            Ok(()) => {
                let busy = (n > 0).then(|| nth(file, 0));
                return Ok((Draft { path, _lock: lock }, busy));
            }
            Err(TryLockError::WouldBlock) => continue,
            Err(TryLockError::Error(e)) => return Err(e),
        }
    }
    Err(io::Error::other("a hundred edits of this file are open"))
}

/// Held while the file is compared with what the draft started from and replaced, so
/// two edits saving at once cannot both pass the comparison.
pub fn save_lock(file: &Path) -> io::Result<File> {
    let lock = open_lock(&beside(file, ".edit.lock"))?;
    lock.lock()?;
    Ok(lock)
}

/// Where the version the draft started from is kept.
pub fn base_path(draft: &Path) -> PathBuf {
    let mut name = draft.as_os_str().to_owned();
    name.push(".base");
    PathBuf::from(name)
}

/// The version `draft` started from; `None` when not known (a draft from before drafts
/// kept it, or the file is unreadable).
pub fn base(draft: &Path) -> Option<Vec<u8>> {
    store::read::read_bounded(&base_path(draft), load::MAX_FILE_BYTES as u64).ok()
}

/// Writes `start` as the draft, and as the version it started from.
pub fn start(draft: &Path, start: &[u8]) -> io::Result<()> {
    store::atomic::write_atomic(&base_path(draft), start)?;
    store::atomic::write_atomic(draft, start)
}

/// Records that `draft` now stands on `base` (the person chose to go on with it).
pub fn rebase(draft: &Path, base: &[u8]) -> io::Result<()> {
    store::atomic::write_atomic(&base_path(draft), base)
}

/// Removes the draft and what it started from (done with: saved, or unchanged).
pub fn remove(draft: &Path) {
    let _ = std::fs::remove_file(draft);
    let _ = std::fs::remove_file(base_path(draft));
}

/// Moves a kept draft aside to the first free `exercises.draft-old-N.ron` (never
/// replacing anything), with what it started from; returns where it went.
pub fn move_aside(file: &Path, draft: &Path) -> io::Result<PathBuf> {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "routines".to_string());
    let ext = file
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let to = store::atomic::move_to_free_name(draft, |n| {
        file.with_file_name(format!("{stem}.draft-old-{}{ext}", n + 1))
    })?;
    let base = base_path(draft);
    if base.exists() {
        let _ = std::fs::rename(&base, base_path(&to));
    }
    Ok(to)
}

/// Most lines of each side [`difference`] shows.
const SHOWN: usize = 40;

/// The lines that differ between `old` and `new` (`a` and `b` name them): what both
/// share at the start and the end is left out, the rest shown as `- ` and `+ ` lines
/// with their line numbers, at most [`SHOWN`] of each.
pub fn difference(a: &str, old: &[u8], b: &str, new: &[u8]) -> String {
    let old = String::from_utf8_lossy(old);
    let new = String::from_utf8_lossy(new);
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let head = old.iter().zip(&new).take_while(|(x, y)| x == y).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let gone = &old[head..old.len() - tail];
    let came = &new[head..new.len() - tail];
    if gone.is_empty() && came.is_empty() {
        return "They are the same, line for line.".to_string();
    }
    let mut out = format!("--- {a}\n+++ {b}\n");
    let side = |out: &mut String, mark: char, lines: &[&str]| {
        for (i, line) in lines.iter().enumerate().take(SHOWN) {
            let text = crate::text::escape(line);
            out.push_str(&format!("{mark} {:>4} | {text}\n", head + i + 1));
        }
        if lines.len() > SHOWN {
            out.push_str(&format!(
                "{mark} … and {} more lines\n",
                lines.len() - SHOWN
            ));
        }
    };
    side(&mut out, '-', gone);
    side(&mut out, '+', came);
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_difference_shows_the_lines_that_differ_with_their_numbers() {
        let d = difference(
            "a",
            b"one\ntwo\nthree\nfour\n",
            "b",
            b"one\n2\nthree\nfour\n",
        );
        assert_eq!(d, "--- a\n+++ b\n-    2 | two\n+    2 | 2");
        assert_eq!(
            difference("a", b"x\n", "b", b"x\n"),
            "They are the same, line for line."
        );
        let added = difference("a", b"x\n", "b", b"x\ny\n");
        assert_eq!(added, "--- a\n+++ b\n+    2 | y");
    }

    #[test]
    fn a_second_edit_of_one_file_takes_its_own_draft() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("exercises.ron");
        let (first, busy) = take(&file).expect("first");
        assert_eq!(first.path, dir.path().join("exercises.draft.ron"));
        assert_eq!(busy, None);
        let (second, busy) = take(&file).expect("second");
        assert_eq!(second.path, dir.path().join("exercises.draft-2.ron"));
        assert_eq!(busy, Some(first.path.clone()));
        drop(first);
        let (again, _) = take(&file).expect("again");
        assert_eq!(again.path, dir.path().join("exercises.draft.ron"));
    }
}
