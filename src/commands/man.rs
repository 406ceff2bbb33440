//! `backease man`: the manual page, in roff, from the same clap definition as the parser
//! (clap_mangen), so it never disagrees with `--help`.

use super::error::Result;
use super::output::Output;

/// The manual page as roff text (`man -l` reads it).
pub fn run() -> Result<Output> {
    Ok(Output::text(page()))
}

pub fn page() -> String {
    use clap::CommandFactory as _;
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = clap_mangen::Man::new(crate::cli::Cli::command()).render(&mut out);
    String::from_utf8_lossy(&out).into_owned()
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
        ] {
            assert!(page.contains(word), "{word} missing");
        }
    }
}
