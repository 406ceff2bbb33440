//! The `backease` binary: parse the command line, run, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = backease::cli::Cli::parse();
    let _ = cli;
    ExitCode::SUCCESS
}
