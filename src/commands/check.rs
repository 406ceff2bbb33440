//! `backease check [FILE]`: one line per problem (exit 1), or a one-line summary. The
//! checks are the core's (`routine::load`); this reads the file and words the result.
//! The file's name is escaped for the terminal like every message (`crate::text`).

use std::path::Path;

use super::error::{Error, Result};
use super::output::Output;
use crate::routine::load;
use crate::store;

/// Checks `file` merged over the built-in library, or the built-in library itself.
pub fn run(file: Option<&Path>) -> Result<Output> {
    let library = match file {
        None => load::parse("exercises.ron (built in)", load::SHIPPED.as_bytes(), None),
        Some(path) => store::routines::load_file(path, Some(&load::shipped())),
    }
    .map_err(|problems| Error::Check { problems })?;
    let label = file.map_or("built-in library".to_string(), |p| {
        crate::text::escape(&p.display().to_string()).into_owned()
    });
    Ok(Output::text(format!(
        "{label}: {}\n",
        load::summary(&library)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_reports_problems_with_file_line_and_column() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("mine.ron");
        std::fs::write(
            &path,
            "(routines: [(id: \"r\", name: \"R\", steps: [(exercise: \"chlds_pose\")])])",
        )
        .expect("write the file");
        let err = run(Some(&path)).expect_err("the file has a problem");
        assert_eq!(err.exit_code(), 1);
        assert_eq!(
            format!("{err}\n"),
            format!(
                "{}:1:53: no exercise \"chlds_pose\"; did you mean \"childs_pose\"?\n",
                path.display()
            )
        );
        let ok = run(None).expect("the built-in library is fine");
        assert!(
            ok.stdout.starts_with("built-in library: ok:"),
            "{}",
            ok.stdout
        );
    }
}
