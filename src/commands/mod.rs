//! The subcommands, one file each: each reads what it needs through the shells
//! (`store`, `audio`), runs the core, and returns an [`Output`] or an [`Error`]. `main`
//! only parses the command line, prints, and maps an error to its exit status. The text
//! a command prints is built here, as plain functions of the data (tested without files
//! or a terminal); the store returns data, never text for the screen.
//!
//! Adding a subcommand: a variant in `cli::Command`, a file here with its `run`, and one
//! arm in [`run`].
//!
//! The submodules import only the leaves ([`error`], [`output`], `inputs`, `hooks`),
//! never this module, so there is no import cycle.

pub mod check;
pub mod completions;
pub mod config;
pub mod edit;
pub mod error;
pub mod history;
mod inputs;
pub mod interactive;
pub mod list;
pub mod man;
pub mod output;
pub mod pause;
pub mod plan;
pub mod remind;
pub mod report;
pub mod show;
pub mod status;

pub use error::{Error, Result};
pub use output::Output;

use crate::cli::{Cli, Command, PlanAction};

/// Runs the command line. The interactive commands take over the terminal and return
/// once the person quits.
pub fn run(cli: &Cli) -> Result<Output> {
    match &cli.command {
        Some(Command::List { json: false }) => list::run(cli),
        Some(Command::List { json: true }) => list::run_json(cli),
        Some(Command::Check { file: None, json }) => check::run_all(cli, *json),
        Some(Command::Check {
            file: Some(file),
            json: false,
        }) => check::run(file),
        Some(Command::Check {
            file: Some(file),
            json: true,
        }) => check::run_json(file),
        Some(Command::History(args)) => history::run(args),
        Some(Command::Config { json: false }) => config::run(cli),
        Some(Command::Config { json: true }) => config::run_json(cli),
        Some(Command::Completions { shell }) => completions::run(cli, *shell),
        Some(Command::Man { topic }) => man::run(*topic),
        Some(Command::Edit { preferences, plan }) => edit::run(cli, *preferences, *plan),
        Some(Command::Plan { action: None, json }) => plan::run(cli, *json),
        Some(Command::Plan {
            action: Some(PlanAction::Use { id }),
            ..
        }) => plan::use_plan(cli, id),
        Some(Command::Plan {
            action: Some(PlanAction::Off),
            ..
        }) => plan::off(),
        Some(Command::Remind(args)) => remind::dispatch(cli, args),
        Some(Command::Pause { length }) => pause::pause(length),
        Some(Command::Resume) => pause::resume(),
        Some(Command::Report { since, out, json }) => {
            report::run(cli, since, out.as_deref(), *json)
        }
        Some(Command::Show {
            exercise,
            all,
            svg,
            blocks,
        }) => show::run(cli, exercise.as_deref(), *all, svg.as_deref(), *blocks),
        Some(Command::Status {
            streak,
            format,
            verbose,
        }) => status::run(*streak, format.as_deref(), *verbose),
        Some(Command::Start { routine, plain }) => {
            interactive::run(cli, Some(routine.clone()), *plain)
        }
        None => interactive::run(cli, None, false),
    }
}
