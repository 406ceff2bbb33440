//! The `backease` binary: parse the command line, run it, print, map to an exit code.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = backease::cli::Cli::parse();
    let out = backease::commands::run(cli);
    // A closed pipe (`backease list | head`) is not an error worth a panic.
    let _ = std::io::stdout().write_all(out.stdout.as_bytes());
    let _ = std::io::stderr().write_all(out.stderr.as_bytes());
    out.code()
}
