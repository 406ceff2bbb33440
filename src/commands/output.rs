//! What a command that succeeded produced.

/// Text for standard output (empty for the interactive commands, which drew on the
/// terminal instead).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    /// Said on standard error even though the command succeeded (a session that could
    /// not be recorded).
    pub stderr: String,
    /// The exit status: 0, or 128 + a signal's number when a signal (or Ctrl-C, SIGINT)
    /// ended an interactive command, as shells expect (130 for Ctrl-C, 143 for SIGTERM).
    pub code: u8,
}

impl Output {
    pub fn text(stdout: String) -> Output {
        Output {
            stdout,
            stderr: String::new(),
            code: 0,
        }
    }
}
