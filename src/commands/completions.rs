//! `backease completions SHELL`: a completion script from the same clap definition as the
//! parser (clap_complete), with the routine ids of the library in effect offered after
//! `start` and `history --routine` (bash and zsh; clap_complete's other scripts complete options and subcommands
//! only). Ids added later need the script made again; the README says so.

use super::error::Result;
use super::inputs::library;
use super::output::Output;
use crate::cli::Cli;

/// The completion script for `shell`.
pub fn run(cli: &Cli, shell: clap_complete::Shell) -> Result<Output> {
    let ids: Vec<String> = library(cli)?.routines.into_iter().map(|r| r.id).collect();
    Ok(Output::text(script(shell, &ids)))
}

/// The script for `shell`, completing `start` with `ids`.
pub fn script(shell: clap_complete::Shell, ids: &[String]) -> String {
    use clap::CommandFactory as _;
    let ids: Vec<clap::builder::PossibleValue> = ids
        .iter()
        .map(|id| clap::builder::PossibleValue::new(id.clone()))
        .collect();
    let ids_again = ids.clone();
    let mut command = Cli::command()
        .mut_subcommand("start", |start| {
            start.mut_arg("routine", |arg| {
                arg.value_parser(clap::builder::PossibleValuesParser::new(ids))
            })
        })
        // Routine ids, not file names (issue 26).
        .mut_subcommand("history", |history| {
            history.mut_arg("routine", |arg| {
                arg.value_parser(clap::builder::PossibleValuesParser::new(ids_again))
            })
        });
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "backease", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_the_subcommands_and_the_ids() {
        let ids = vec!["five_stretches".to_string(), "desk_break".to_string()];
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
            clap_complete::Shell::Elvish,
            clap_complete::Shell::PowerShell,
        ] {
            let text = script(shell, &ids);
            for word in ["start", "history", "completions"] {
                assert!(text.contains(word), "{shell}: {word} missing");
            }
            if shell == clap_complete::Shell::Bash {
                // `history --routine` offers the ids, not files.
                let case = text
                    .split("backease__subcmd__history)")
                    .nth(1)
                    .and_then(|t| t.split("--routine)").nth(1))
                    .and_then(|t| t.split(";;").next())
                    .unwrap_or_default();
                assert!(case.contains("five_stretches"), "{case}");
                assert!(!case.contains("compgen -f"), "{case}");
            }
            // clap_complete's fish, elvish and powershell scripts complete options and
            // subcommands only, not positional values.
            if matches!(
                shell,
                clap_complete::Shell::Bash | clap_complete::Shell::Zsh
            ) {
                for id in &ids {
                    assert!(text.contains(id.as_str()), "{shell}: {id} missing");
                }
            }
        }
    }
}
