//! The `backease` binary: parse the command line, run it, print, map an error to its exit
//! status.

#![deny(unsafe_code)]

use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Before any thread starts: it may set an environment variable.
    backease::audio::lend_pulse_cookie();
    let cli = backease::cli::parse(backease::store::paths::user_routines().as_deref());
    // A closed pipe (`backease list | head`) is not an error worth a panic.
    match backease::commands::run(&cli) {
        Ok(out) => {
            let _ = std::io::stdout().write_all(out.stdout.as_bytes());
            let _ = std::io::stderr().write_all(out.stderr.as_bytes());
            ExitCode::from(out.code)
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            ExitCode::from(e.exit_code())
        }
    }
}
