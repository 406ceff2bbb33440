//! The `backease` binary: parse the command line, run it, print, map an error to its exit
//! status.

#![deny(unsafe_code)]

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = backease::cli::Cli::parse();
    // A closed pipe (`backease list | head`) is not an error worth a panic.
    match backease::commands::run(&cli) {
        Ok(out) => {
            let _ = std::io::stdout().write_all(out.stdout.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            ExitCode::from(e.exit_code())
        }
    }
}
