//! The one error type of the commands, with the context each failure needs to be told
//! plainly, and the exit status it maps to (`main` prints it and exits with it).

use crate::routine::load::LoadError;

/// What a command returns.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a command failed. Its text is what `backease` prints on standard error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A routine file the command needs (the user's, or `--routines FILE`) does not load.
    #[error("{source}\nbackease: fix the routine file (`backease check FILE` lists every problem)")]
    Library { source: LoadError },
    /// `backease check`: the file has problems, one line each.
    #[error("{problems}")]
    Check { problems: LoadError },
    /// `start ROUTINE` names no routine, and a routine file was left out for its
    /// problems (the routine may be in it): say both.
    #[error(
        "backease: there is no routine with id {}; {}",
        crate::text::excerpt(id),
        notices.join("; ")
    )]
    UnknownRoutine { id: String, notices: Vec<String> },
    /// `show EXERCISE` names no exercise.
    #[error(
        "backease: there is no exercise with id {}{}",
        crate::text::excerpt(id),
        near.as_deref().map(|n| format!("; did you mean {}?", crate::text::excerpt(n))).unwrap_or_else(|| "; `backease show --all` lists every exercise".to_string())
    )]
    UnknownExercise { id: String, near: Option<String> },
    /// `show --svg` could not write a picture.
    #[error("backease: {message}")]
    Show { message: String },
    /// `backease edit` could not put a clean file in place (the file in use is unchanged;
    /// the message says where the draft is).
    #[error("backease: {message}")]
    Edit { message: String },
    /// `backease plan use` or `plan off` could not do it; `backease report` could not
    /// write the page.
    #[error("backease: {message}")]
    Plan { message: String },
    /// Desk mode's setup or a request to the running reminder failed (the message names
    /// the file or says what to do).
    #[error("backease: {message}")]
    Remind { message: String },
    /// The terminal UI stopped with an error (the terminal is restored by then).
    #[error("backease: {error:#}")]
    Terminal { error: anyhow::Error },
}

impl Error {
    /// The process exit status for this error (0 is success).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Library { .. }
            | Error::Check { .. }
            | Error::UnknownRoutine { .. }
            | Error::UnknownExercise { .. }
            | Error::Show { .. }
            | Error::Terminal { .. }
            | Error::Edit { .. }
            | Error::Plan { .. }
            | Error::Remind { .. } => 1,
        }
    }
}
