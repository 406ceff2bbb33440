//! The `backease` binary: parse the command line, run, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

use backease::audio::{Player, SilentPlayer};
use backease::cli::{Cli, Command};
use backease::tui::{Launch, NoHooks};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let start = match cli.command {
        None => None,
        Some(Command::Start { routine }) => Some(routine),
        Some(_) => {
            eprintln!("backease: this command is not available in this build yet");
            return ExitCode::FAILURE;
        }
    };
    let mut player = SilentPlayer::off("no player in this build");
    player.set_muted(cli.mute);
    if let Some(v) = cli.volume {
        player.set_volume(v);
    }
    let launch = Launch {
        library: backease::routine::load::shipped(),
        start,
        speed: cli.speed,
        config: backease::session::Config::default(),
        player: Box::new(player),
        notices: Vec::new(),
        hooks: Box::new(NoHooks),
        resume: None,
        painful: Default::default(),
    };
    match backease::tui::run(launch) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("backease: {e:#}");
            ExitCode::FAILURE
        }
    }
}
