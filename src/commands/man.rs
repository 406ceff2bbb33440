//! `backease man`: the manual page, in roff, from the same clap definition as the parser
//! (clap_mangen), so it never disagrees with `--help`; after clap's page, a section per
//! command with its usage and its own options.

use super::error::Result;
use super::output::Output;

/// The manual page as roff text (`man -l` reads it).
pub fn run() -> Result<Output> {
    Ok(Output::text(page()))
}

pub fn page() -> String {
    use clap::CommandFactory as _;
    let command = crate::cli::Cli::command();
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = clap_mangen::Man::new(command.clone()).render(&mut out);
    let mut page = String::from_utf8_lossy(&out).into_owned();
    // Then each command with its own options (`--plain`, `--json`, FILE, SHELL): clap's
    // page lists the commands by name only.
    for sub in command.get_subcommands() {
        let name = sub.get_name();
        let mut options = Vec::new();
        let _ = clap_mangen::Man::new(sub.clone()).render_options_section(&mut options);
        let options = String::from_utf8_lossy(&options).replacen(".SH OPTIONS", "", 1);
        let about = sub
            .get_long_about()
            .or(sub.get_about())
            .map(|a| roff_text(&a.to_string()))
            .unwrap_or_default();
        page.push_str(&format!(
            ".SH \"BACKEASE {}\"\n{about}\n",
            name.to_uppercase()
        ));
        let usage = sub
            .clone()
            .bin_name(format!("backease {name}"))
            .render_usage()
            .to_string();
        let usage = usage.trim_start_matches("Usage:").trim();
        page.push_str(&format!(".PP\n\\fB{}\\fR\n", roff_text(usage)));
        page.push_str(options.trim_start());
        if !page.ends_with('\n') {
            page.push('\n');
        }
    }
    page
}

/// `text` as roff body text: a backslash doubled, and a line that would start with a
/// dot or a quote (a roff request) protected.
fn roff_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .lines()
        .map(|l| {
            if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_page_has_a_name_a_synopsis_and_every_subcommand() {
        let page = super::page();
        assert!(
            page.starts_with(".ie") || page.contains(".TH backease"),
            "{page}"
        );
        for word in [
            "SYNOPSIS",
            "start",
            "check",
            "history",
            "completions",
            "\\-\\-speed",
            "BACKEASE LIST",
            "\\-\\-json",
            "\\-\\-plain",
        ] {
            assert!(page.contains(word), "{word} missing");
        }
    }
}
