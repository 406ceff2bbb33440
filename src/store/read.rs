//! Reading a file the person controls, safely: only a regular file, never more than a
//! bound. A FIFO, a device, a socket or a directory where a file should be is refused
//! with what it is ("is a FIFO, not a file") instead of blocking forever or reading
//! `/dev/zero` until memory runs out; a file over its bound is refused before it is read
//! (a 3 GB sparse file costs one `fstat`).
//!
//! Every file backease reads goes through [`read_bounded`] with one of the bounds below;
//! every other file it opens (lock files, the trace) through [`open_regular`], which
//! applies the same rule: opened without blocking, refused unless a regular file. This
//! module never writes, moves or deletes.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Read as _};
use std::os::unix::fs::{FileTypeExt as _, OpenOptionsExt as _};
use std::path::Path;

/// A routine file (the shipped library is about 30 KiB): the core's limit.
pub const ROUTINE_LIMIT: u64 = crate::routine::load::MAX_FILE_BYTES as u64;
/// `preferences.ron` (a few hundred bytes in practice).
pub const PREFERENCES_LIMIT: u64 = 1024 * 1024;
/// A session state in `sessions/` (a few KiB for the longest routine).
pub const RESUME_LIMIT: u64 = 1024 * 1024;
/// One history record (a few KiB for the longest routine).
pub const HISTORY_LIMIT: u64 = 1024 * 1024;
/// A custom cue sound: a clip plays at most 30 s, and 30 s of 48 kHz 16-bit stereo WAV
/// is 5.5 MiB.
pub const SOUND_LIMIT: u64 = 10 * 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Nothing there.
    NotFound,
    /// Something that is not a regular file: "a FIFO", "a directory", …
    NotAFile(&'static str),
    /// Larger than the bound.
    TooLarge { size: u64, limit: u64 },
    /// Anything else the system said (permission denied, I/O error).
    Io(io::Error),
}

impl ReadError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::NotFound)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "no such file"),
            ReadError::NotAFile(what) => write!(f, "is {what}, not a file"),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "is {}, larger than the {} a file like this may be",
                size_text(*size),
                size_text(*limit)
            ),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// A size in the largest whole unit that fits: "4 MiB", "3.0 GiB", "120 bytes".
fn size_text(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = KIB * 1024;
    const GIB: u64 = MIB * 1024;
    match n {
        n if n >= GIB => format!("{:.1} GiB", n as f64 / GIB as f64),
        n if n >= MIB && n % MIB == 0 => format!("{} MiB", n / MIB),
        n if n >= MIB => format!("{:.1} MiB", n as f64 / MIB as f64),
        n if n >= KIB && n % KIB == 0 => format!("{} KiB", n / KIB),
        n if n >= KIB => format!("{:.1} KiB", n as f64 / KIB as f64),
        n => format!("{n} bytes"),
    }
}

/// What a non-regular file is, in words.
fn kind(t: std::fs::FileType) -> &'static str {
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "not a regular file"
    }
}

/// The whole of the regular file at `path`, if it is at most `limit` bytes.
///
/// The file is opened without blocking (so opening a FIFO with no writer returns at
/// once), then checked on the open handle (so it cannot be swapped between the check and
/// the read), then read through a `take` of one byte past the bound (so a file that grows
/// while it is read, or lies about its size like `/proc` files, is still bounded).
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Io(e),
        })?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotAFile(kind(meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    read_at_most(file, limit)
}

/// Opens `path` with `options` (read, write, create, …) the way [`read_bounded`] does:
/// without blocking (a FIFO with nobody at the other end, a device that waits), then
/// refused unless the open handle is a regular file, with what it is instead ("is a FIFO,
/// not a file"). `O_NONBLOCK` changes nothing for a regular file's reads, writes and locks.
pub fn open_regular(path: &Path, options: &mut OpenOptions) -> io::Result<File> {
    let file = options
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| match e.kind() {
            // Opened for writing: the system refuses a folder before we can look.
            io::ErrorKind::IsADirectory => io::Error::other(ReadError::NotAFile("a directory")),
            _ => e,
        })?;
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        return Err(io::Error::other(ReadError::NotAFile(kind(
            meta.file_type(),
        ))));
    }
    Ok(file)
}

/// The regular file's text as UTF-8 is the caller's business: this is bytes.
fn read_at_most(file: File, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Whether `path` is something to read at all: `Ok(false)` if nothing is there, an error
/// if it is not a regular file. For callers that only need to know before reading.
pub fn check_regular(path: &Path) -> Result<bool, ReadError> {
    match std::fs::metadata(path) {
        Ok(m) if m.file_type().is_file() => Ok(true),
        Ok(m) => Err(ReadError::NotAFile(kind(m.file_type()))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(ReadError::Io(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn a_regular_file_within_its_bound_is_read_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("f");
        std::fs::write(&path, b"hello").expect("write");
        assert_eq!(read_bounded(&path, 5).expect("read"), b"hello");
        let err = read_bounded(&path, 4).expect_err("too large");
        assert_eq!(
            err.to_string(),
            "is 5 bytes, larger than the 4 bytes a file like this may be"
        );
        assert!(
            read_bounded(&dir.path().join("none"), 5)
                .expect_err("missing")
                .is_not_found()
        );
    }

    #[test]
    fn a_fifo_is_refused_at_once_instead_of_blocking() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("fifo");
        let status = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
        let start = Instant::now();
        let err = read_bounded(&path, ROUTINE_LIMIT).expect_err("a FIFO is not a file");
        assert!(start.elapsed() < Duration::from_secs(5));
        assert_eq!(err.to_string(), "is a FIFO, not a file");
        assert_eq!(
            check_regular(&path).expect_err("not regular").to_string(),
            "is a FIFO, not a file"
        );
    }

    #[test]
    fn devices_and_directories_are_refused_with_what_they_are() {
        let zero = read_bounded(Path::new("/dev/zero"), PREFERENCES_LIMIT).expect_err("device");
        assert_eq!(zero.to_string(), "is a character device, not a file");
        let dir = tempfile::tempdir().expect("temp dir");
        let d = read_bounded(dir.path(), PREFERENCES_LIMIT).expect_err("directory");
        assert_eq!(d.to_string(), "is a directory, not a file");
    }

    #[test]
    fn a_huge_sparse_file_is_refused_without_reading_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("sparse");
        let f = File::create(&path).expect("create");
        f.set_len(3 * 1024 * 1024 * 1024).expect("sparse 3 GiB");
        let start = Instant::now();
        let err = read_bounded(&path, HISTORY_LIMIT).expect_err("too large");
        assert!(start.elapsed() < Duration::from_secs(1));
        assert_eq!(
            err.to_string(),
            "is 3.0 GiB, larger than the 1 MiB a file like this may be"
        );
    }
}
