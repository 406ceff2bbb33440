//! What a command that succeeded produced.

/// Text for standard output (empty for the interactive commands, which drew on the
/// terminal instead).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
}

impl Output {
    pub fn text(stdout: String) -> Output {
        Output { stdout }
    }
}
