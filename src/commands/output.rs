//! What a command that succeeded produced.

/// Text for standard output (empty for the interactive commands, which drew on the
/// terminal instead).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    /// Said on standard error even though the command succeeded (a session that could
    /// not be recorded).
    pub stderr: String,
}

impl Output {
    pub fn text(stdout: String) -> Output {
        Output {
            stdout,
            stderr: String::new(),
        }
    }
}
