//! Reading routine files from disk and layering them: the built-in library, then the
//! user's `exercises.ron` (if there is one), then a `--routines FILE`, each merged over
//! the one before. Only reads: backease never writes a routine file. Parsing and
//! validation are the core's (`routine::load`); this only moves bytes and names paths.
//!
//! The file is read by hand ([`read_file`]) rather than with `fs::read`, which would read
//! a file of any size: a file over the limit, or one that never ends (`/dev/zero`, a
//! FIFO), is refused after at most the limit plus one byte.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;

use crate::routine::Library;
use crate::routine::load::{self, LoadError, MAX_FILE_BYTES};

/// Reads a routine file whole, refusing one over [`MAX_FILE_BYTES`] before reading it
/// (and never reading more than that, even from a file that grows or never ends).
pub fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    let name = path.display().to_string();
    let fail = |e: std::io::Error| LoadError::whole_file(&name, cannot_read(&e));
    let file = File::open(path).map_err(fail)?;
    let meta = file.metadata().map_err(fail)?;
    if meta.is_dir() {
        return Err(LoadError::whole_file(
            &name,
            "this is a folder; give the path of a routine file (.ron)",
        ));
    }
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(LoadError::whole_file(
            &name,
            load::too_large_message(meta.len()),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(fail)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(LoadError::whole_file(
            &name,
            load::too_large_message(bytes.len() as u64),
        ));
    }
    Ok(bytes)
}

/// Reads and checks one file, merged over `base`.
pub fn load_file(path: &Path, base: Option<&Library>) -> Result<Library, LoadError> {
    let bytes = read_file(path)?;
    load::parse(&path.display().to_string(), &bytes, base)
}

/// The library a session uses: the built-in one, the user's file over it (when it
/// exists), then `extra` (from `--routines FILE`) over that.
pub fn load_library(extra: Option<&Path>) -> Result<Library, LoadError> {
    let mut library = load::shipped();
    if let Some(user) = super::paths::user_routines() {
        match std::fs::metadata(&user) {
            Ok(_) => library = load_file(&user, Some(&library))?,
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => {
                return Err(LoadError::whole_file(
                    &user.display().to_string(),
                    cannot_read(&e),
                ));
            }
        }
    }
    if let Some(extra) = extra {
        library = load_file(extra, Some(&library))?;
    }
    Ok(library)
}

fn cannot_read(e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::NotFound => "no such file".to_string(),
        ErrorKind::PermissionDenied => "cannot read this file: permission denied".to_string(),
        ErrorKind::IsADirectory => {
            "this is a folder; give the path of a routine file (.ron)".to_string()
        }
        _ => format!("cannot read this file: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_big_files_and_folders_with_the_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        let big = dir.path().join("big.ron");
        let file = File::create(&big).expect("create");
        file.set_len(MAX_FILE_BYTES as u64 + 1).expect("grow");
        let e = read_file(&big).expect_err("too large");
        assert_eq!(
            e.to_string(),
            format!(
                "{}: the file is 4.0 MiB; a routine file may be at most 4 MiB",
                big.display()
            )
        );
        let e = read_file(dir.path()).expect_err("folder");
        assert!(e.to_string().starts_with(&dir.path().display().to_string()));
        assert!(e.to_string().contains("folder"), "{e}");
        let missing = dir.path().join("missing.ron");
        let e = read_file(&missing).expect_err("missing");
        assert_eq!(
            e.to_string(),
            format!("{}: no such file", missing.display())
        );
    }

    #[test]
    fn reads_a_file_exactly_at_the_limit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("limit.ron");
        std::fs::write(&path, vec![b' '; MAX_FILE_BYTES]).expect("write");
        assert_eq!(read_file(&path).map(|b| b.len()), Ok(MAX_FILE_BYTES));
    }

    #[test]
    fn never_reads_more_than_the_limit_from_an_endless_file() {
        let e = read_file(Path::new("/dev/zero")).expect_err("endless");
        assert!(e.to_string().contains("at most 4 MiB"), "{e}");
    }
}
