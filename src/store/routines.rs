//! Reading routine files from disk and layering them: the built-in library, then the
//! user's `exercises.ron` (if there is one), then a `--routines FILE`, each merged over
//! the one before. Only reads: backease never writes a routine file. Parsing and
//! validation are the core's (`routine::load`); this only moves bytes and names paths.
//!
//! A mistake in the user's own file leaves that file out with a notice; the built-in
//! routines stay usable ([`load_library_noting`]).
//!
//! The file is read with [`super::read::read_bounded`] (bound: [`ROUTINE_LIMIT`], the
//! core's `MAX_FILE_BYTES`): a file over the limit, a FIFO, a device or a folder is refused
//! with the path and what it is, without blocking and without reading more than the limit.

use std::path::Path;

use super::read::{ROUTINE_LIMIT, ReadError, read_bounded};
use crate::routine::Library;
use crate::routine::load::{self, LoadError};

/// Reads a routine file whole: a regular file of at most [`ROUTINE_LIMIT`] bytes (see
/// the module doc); anything else is an error naming the path and what it is.
pub fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    read_bounded(path, ROUTINE_LIMIT)
        .map_err(|e| LoadError::whole_file(&path.display().to_string(), cannot_read(&e)))
}

/// Reads and checks one file, merged over `base`.
pub fn load_file(path: &Path, base: Option<&Library>) -> Result<Library, LoadError> {
    let bytes = read_file(path)?;
    load::parse(&path.display().to_string(), &bytes, base)
}

/// The library a session uses: the built-in one, the user's file over it (when it
/// exists and checks clean), then `extra` (from `--routines FILE`) over that. See
/// [`load_library_noting`] for what happens to a user's file with problems.
pub fn load_library(extra: Option<&Path>) -> Result<Library, LoadError> {
    load_library_noting(extra).map(|(library, _)| library)
}

/// [`load_library`], with a notice per file left out. The user's own file
/// (`exercises.ron` in the config directory) is read at every launch, so a mistake in it
/// must not lock the person out of the built-in routines: a file with problems (or one
/// that cannot be read) is left out, with one notice naming it and the number of
/// problems. `extra` was asked for by name: its problems are the error.
pub fn load_library_noting(extra: Option<&Path>) -> Result<(Library, Vec<String>), LoadError> {
    let mut library = load::shipped();
    let mut notices = Vec::new();
    if let Some(user) = super::paths::user_routines() {
        let read = match read_bounded(&user, ROUTINE_LIMIT) {
            Ok(bytes) => Some(load::parse(
                &user.display().to_string(),
                &bytes,
                Some(&library),
            )),
            Err(ReadError::NotFound) => None,
            Err(e) => Some(Err(LoadError::whole_file(
                &user.display().to_string(),
                cannot_read(&e),
            ))),
        };
        match read {
            Some(Ok(merged)) => library = merged,
            Some(Err(e)) => notices.push(problems_note(&e)),
            None => {}
        }
    }
    if let Some(extra) = extra {
        library = load_file(extra, Some(&library))?;
    }
    Ok((library, notices))
}

/// One line on a routine file that was left out: its name, how many problems, and how to
/// see them.
pub fn problems_note(e: &LoadError) -> String {
    let counted = e
        .problems
        .iter()
        .filter(|p| {
            // The closing notes ("50 more problems not shown", "the check stopped here")
            // are not problems of their own.
            !(p.line == 0
                && (p.message.ends_with("fix these first") || p.message.ends_with("check again")))
        })
        .count();
    let more = e.problems.len() - counted;
    let n = if more > 0 {
        format!("more than {counted} problems")
    } else if counted == 1 {
        "1 problem".to_string()
    } else {
        format!("{counted} problems")
    };
    if counted == 1 && more == 0 {
        // One problem (a file that cannot be read, one typo): said as it is.
        return format!("{e}; so its routines are left out (the built-in ones work)");
    }
    let file = crate::text::escape(&e.file);
    format!(
        "{file} has {n}, so its routines are left out (the built-in ones work); \
         `backease check` lists every problem"
    )
}

fn cannot_read(e: &ReadError) -> String {
    match e {
        ReadError::NotFound => "no such file".to_string(),
        ReadError::NotAFile("a directory") => {
            "this is a folder; give the path of a routine file (.ron)".to_string()
        }
        ReadError::NotAFile(_) => format!("{e}; give the path of a routine file (.ron)"),
        ReadError::TooLarge { size, .. } => load::too_large_message(*size),
        ReadError::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
            "cannot read this file: permission denied".to_string()
        }
        ReadError::Io(io) => format!("cannot read this file: {io}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::load::MAX_FILE_BYTES;
    use std::fs::File;

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
    fn an_endless_device_is_refused_for_what_it_is() {
        // Was "at most 4 MiB" after reading 4 MiB of it: now refused before any read.
        let e = read_file(Path::new("/dev/zero")).expect_err("endless");
        assert_eq!(
            e.to_string(),
            "/dev/zero: is a character device, not a file; give the path of a routine file (.ron)"
        );
    }
}
