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

/// `value` as pretty JSON and a newline: what every `--json` prints. The shapes are plain
/// structs of strings, numbers and lists, which always serialize.
pub fn json(value: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| serde_json::json!({ "format": 1, "error": e.to_string() }).to_string());
    text.push('\n');
    text
}
