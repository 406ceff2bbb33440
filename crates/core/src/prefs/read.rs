//! Reading a preferences text: every problem found in one reading (the reading goes on
//! past each mistake with `routine::load::mend`), each as `FILE:LINE:COLUMN: message`.
//! Part of [`crate::prefs`]; text in, preferences or problems out, no file access.

use std::io;
use std::path::{Path, PathBuf};

use super::{FIELDS, Preferences};
use crate::routine::load::mend::Mend;
use crate::routine::load::plain;
use crate::routine::positions::Pos;
/// The preferences file could not be used. The store reports [`PrefsError::Read`]; the
/// rest come from [`parse`].
#[derive(Debug)]
pub enum PrefsError {
    /// Not valid: wrong syntax, unknown field, value out of range. The first problem, and
    /// `more` after it (every problem is found in one reading).
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        /// The other problems, in file order: line, column, message.
        more: Vec<(usize, usize, String)>,
    },
    Read {
        path: PathBuf,
        source: io::Error,
    },
}

impl std::fmt::Display for PrefsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PrefsError::Invalid {
                path,
                line,
                column,
                message,
                more,
            } => write!(f, "{}", invalid_text(path, *line, *column, message, more)),
            PrefsError::Read { path, source } => {
                write!(f, "could not read {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for PrefsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PrefsError::Read { source, .. } => Some(source),
            PrefsError::Invalid { .. } => None,
        }
    }
}

impl PrefsError {
    /// How many problems the file has (1 for a file that cannot be read).
    pub fn count(&self) -> usize {
        match self {
            PrefsError::Invalid { more, .. } => 1 + more.len(),
            PrefsError::Read { .. } => 1,
        }
    }
}

/// One `FILE:LINE:COLUMN: message` line per problem.
fn invalid_text(
    path: &Path,
    line: usize,
    column: usize,
    message: &str,
    more: &[(usize, usize, String)],
) -> String {
    let file = path.display();
    let mut text = format!("{file}:{line}:{column}: {message}");
    for (line, column, message) in more {
        text.push_str(&format!("\n{file}:{line}:{column}: {message}"));
    }
    text
}

/// Parses preferences text; `path` names the file in errors and anchors relative sound
/// paths. Every problem is reported in one go: the reading goes on past each mistake
/// (`routine::load::mend`), so three mistakes give three lines.
pub fn parse(text: &str, path: &Path) -> Result<Preferences, PrefsError> {
    match parse_keeping(text, path) {
        (prefs, None) => Ok(prefs),
        (_, Some(e)) => Err(e),
    }
}

/// Like [`parse`], but also keeps what is good: the values read past the mistakes (all
/// defaults when a syntax error stops the reading), with every problem.
pub fn parse_keeping(text: &str, path: &Path) -> (Preferences, Option<PrefsError>) {
    let (read, problems) = read_all(text, path);
    let mut prefs = read.unwrap_or_default();
    if let (Some(sounds), Some(dir)) = (prefs.sounds.as_mut(), path.parent()) {
        for file in sounds.values_mut() {
            if file.is_relative() {
                *file = dir.join(&*file);
            }
        }
    }
    (prefs, problems)
}

/// The reading past every mistake: the values read (`None` if a syntax error stopped it)
/// and the problems.
fn read_all(text: &str, path: &Path) -> (Option<Preferences>, Option<PrefsError>) {
    // A byte-order mark is not content; columns count from after it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return (Some(Preferences::default()), None);
    }
    let mut mend = Mend::new(text);
    let mut problems: Vec<(usize, usize, String)> = Vec::new();
    let read = loop {
        match ron::from_str::<Preferences>(mend.text()) {
            Ok(prefs) => break Some(prefs),
            Err(e) => {
                let decision = mend.decide(&e);
                let at = Pos {
                    line: e.span.start.line,
                    column: e.span.start.col,
                };
                if decision.report
                    && let Some(at) = mend.original(at)
                {
                    // ron quotes some of what it read (a stray character, a char value).
                    problems.push((at.line, at.column, plain(&message(&e.code))));
                }
                let goes_on = decision.goes_on();
                mend.apply(decision);
                if !goes_on {
                    break None;
                }
            }
        }
    };
    if read.is_none() && problems.is_empty() {
        // A reading stopped by a stand-in of its own: say so rather than guess.
        problems.push((
            1,
            1,
            "this file could not be read as preferences".to_string(),
        ));
    }
    if problems.is_empty() {
        return (read, None);
    }
    problems.sort_by_key(|p| (p.0, p.1));
    if mend.gave_up()
        && let Some(&(line, column, _)) = problems.last()
    {
        problems.push((
            line,
            column,
            "the check stopped here; there may be more problems: fix these and check again"
                .to_string(),
        ));
    }
    let (line, column, message) = problems.remove(0);
    let error = PrefsError::Invalid {
        path: path.to_path_buf(),
        line,
        column,
        message,
        more: problems,
    };
    (read, Some(error))
}

/// ron's message, reworded where a person would be puzzled.
fn message(code: &ron::Error) -> String {
    match code {
        ron::Error::NoSuchStructField { found, .. } => {
            let near = crate::routine::load::nearest(found, FIELDS.iter().copied())
                .map_or(String::new(), |n| format!("; did you mean `{n}`?"));
            format!(
                "unknown preference `{found}`{near}; the preferences are: {}",
                FIELDS.join(", ")
            )
        }
        ron::Error::DuplicateStructField { field, .. } => {
            format!("`{field}` is set twice")
        }
        ron::Error::ExceededRecursionLimit => {
            "brackets are nested too deeply here; this value is left out".to_string()
        }
        other => other.to_string(),
    }
}
