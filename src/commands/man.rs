//! `backease man`: the manual page, in roff, from the same clap definition as the parser
//! (clap_mangen), so it never disagrees with `--help`; after clap's page, a section per
//! command with its usage and its own options (one page: clap's list of
//! `backease-start(1)`-style pages that do not exist is replaced by the commands' names),
//! then KEYS from the keymap's tables, PREFERENCES and FILES from docs/preferences.md and
//! docs/files.md, ENVIRONMENT, EXIT STATUS and SEE ALSO. `backease man routines` is the routine
//! file format, backease-routines(5): docs/routines.md rendered to roff, so the page and
//! the doc are one text. Pure text in, text out: no files are read at run time.

use super::error::Result;
use super::output::Output;

/// The manual page as roff text (`man -l` reads it): the program's, or the topic's.
pub fn run(topic: Option<crate::cli::ManTopic>) -> Result<Output> {
    Ok(Output::text(match topic {
        None => page(),
        Some(crate::cli::ManTopic::Routines) => routines_page(),
    }))
}

pub fn page() -> String {
    use clap::CommandFactory as _;
    let command = crate::cli::Cli::command();
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = clap_mangen::Man::new(command.clone()).render(&mut out);
    let mut page = commands_by_name(&String::from_utf8_lossy(&out), &command);
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
    page.push_str(&keys_section());
    page.push_str(&preferences_section());
    page.push_str(&files_section());
    page.push_str(ENVIRONMENT);
    page.push_str(EXIT_STATUS);
    page.push_str(".SH \"SEE ALSO\"\n\\fBbackease\\-routines\\fR(5)\n");
    page
}

/// clap's SUBCOMMANDS section names a page per command (`backease-start(1)`), and there
/// is one page: the section becomes COMMANDS, each as `backease start`, described below.
fn commands_by_name(page: &str, command: &clap::Command) -> String {
    let Some(start) = page.find(".SH SUBCOMMANDS\n") else {
        return page.to_string();
    };
    let end = page[start + 1..]
        .find("\n.SH ")
        .map_or(page.len(), |i| start + 1 + i + 1);
    let mut list = String::from(".SH COMMANDS\nEach is described in its own section below.\n");
    for sub in command.get_subcommands() {
        let about = sub
            .get_about()
            .map(|a| roff_text(&a.to_string()))
            .unwrap_or_default();
        list.push_str(&format!(
            ".TP\n\\fBbackease {}\\fR\n{about}\n",
            roff_text(sub.get_name())
        ));
    }
    format!("{}{list}{}", &page[..start], &page[end..])
}

/// KEYS: every context's help rows, from the keymap's tables (what the `?` overlay shows).
fn keys_section() -> String {
    use crate::keymap::{Context, help, remind_help};
    let mut out = String::from(".SH KEYS\n");
    let groups: [(&str, Vec<(String, &str)>); 5] = [
        ("In the menu", help(Context::Menu)),
        ("In the menu's plan picker (P)", help(Context::Plans)),
        ("In a session", help(Context::Session)),
        ("On the summary", help(Context::Summary)),
        ("In desk mode (backease remind)", remind_help()),
    ];
    for (title, rows) in groups {
        out.push_str(&format!(".SS \"{title}\"\n"));
        let mut tag = String::new();
        for (keys, what) in rows {
            if !keys.is_empty() {
                tag = keys;
                out.push_str(&format!(".TP\n\\fB{}\\fR\n", roff_text(&tag)));
            } else if tag.is_empty() {
                continue;
            } else {
                out.push_str(".br\n");
            }
            out.push_str(&roff_text(what));
            out.push('\n');
        }
    }
    out
}

/// The preferences as docs/preferences.md shows them: its first `ron` block, verbatim.
const PREFERENCES: &str = include_str!("../../docs/preferences.md");

/// PREFERENCES: where the file is and every field with its default and range.
fn preferences_section() -> String {
    let block: Vec<&str> = PREFERENCES
        .lines()
        .skip_while(|l| !l.starts_with("```ron"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .collect();
    let mut out = String::from(
        ".SH PREFERENCES\nIn \\fIpreferences.ron\\fR in the config directory (see FILES; \
         \\fBbackease edit \\-\\-preferences\\fR opens it, \\fBbackease config\\fR prints \
         the values in effect). All fields are optional:\n.PP\n.nf\n",
    );
    for line in block {
        out.push_str(&roff_text(line).replace('-', "\\-"));
        out.push('\n');
    }
    out.push_str(".fi\n");
    out
}

/// docs/files.md, whose first table says where each file lives.
const FILES: &str = include_str!("../../docs/files.md");

/// FILES: the table of docs/files.md, a tagged paragraph per file.
fn files_section() -> String {
    let table: String = FILES
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .map(|l| format!("{l}\n"))
        .collect();
    format!(
        ".SH FILES\n{}.PP\nOther systems use their platform's directories; \\fBbackease config\\fR prints them.\n",
        markdown_to_roff(&format!("## x\n{table}"))
            .split_once('\n')
            .map_or("", |(_, rest)| rest)
    )
}

const ENVIRONMENT: &str = ".SH ENVIRONMENT
.TP
\\fBBACKEASE_CONFIG_DIR\\fR
The directory of preferences.ron, exercises.ron and favourites.ron (instead of the
platform's config directory). Empty or relative counts as unset.
.TP
\\fBBACKEASE_DATA_DIR\\fR
The directory of history, sessions and desk mode's state (instead of the platform's
data directory). Empty or relative counts as unset.
.TP
\\fBXDG_CONFIG_HOME\\fR, \\fBXDG_DATA_HOME\\fR, \\fBHOME\\fR
Where the platform's directories are, when the two above are unset.
.TP
\\fBVISUAL\\fR, \\fBEDITOR\\fR
The editor \\fBbackease edit\\fR runs (vi when neither is set).
.TP
\\fBNO_COLOR\\fR
Set and not empty: no colours, only bold, dim and reverse.
.TP
\\fBBACKEASE_TRACE\\fR
A file to append a timing trace to (performance work); unset, nothing is traced.
";

const EXIT_STATUS: &str = ".SH \"EXIT STATUS\"
.TP
\\fB0\\fR
Success.
.TP
\\fB1\\fR
A routine file with mistakes (\\fBcheck\\fR, \\fB\\-\\-routines\\fR), an unknown routine, no
usable terminal, an edit not saved; for \\fBstatus\\fR, a break is due.
.TP
\\fB2\\fR
The command line is wrong (an unknown flag, a value out of range); for \\fBstatus\\fR, any
failure (nothing is printed).
.TP
\\fB128+N\\fR
Ended by signal N (the terminal is restored and a session's standing saved first).
";

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

    /// Issue 26: the page names no page that does not exist, and has the keys (from the
    /// keymap), the preferences, FILES, ENVIRONMENT and EXIT STATUS.
    #[test]
    fn the_page_has_keys_preferences_files_environment_and_exit_status() {
        use crate::keymap::{Context, help, remind_help};
        let page = super::page();
        for line in page.lines() {
            assert!(
                !(line.contains("backease\\-") && line.contains("(1)")),
                "a page that does not exist: {line}"
            );
        }
        assert!(page.contains("\\fBbackease\\-routines\\fR(5)"), "SEE ALSO");
        let section = |name: &str| -> String {
            let start = page
                .find(&format!(".SH {name}\n"))
                .unwrap_or_else(|| panic!("no {name} section"));
            let rest = &page[start + 4..];
            rest[..rest.find("\n.SH ").unwrap_or(rest.len())].to_string()
        };
        let keys = section("KEYS");
        for ctx in [
            Context::Menu,
            Context::Plans,
            Context::Session,
            Context::Summary,
        ] {
            for (k, what) in help(ctx) {
                assert!(keys.contains(&super::roff_text(what)), "{what}");
                if !k.is_empty() {
                    assert!(keys.contains(&super::roff_text(&k)), "{k}");
                }
            }
        }
        for (k, what) in remind_help() {
            assert!(
                keys.contains(&k) && keys.contains(&super::roff_text(what)),
                "{k}"
            );
        }
        let prefs = section("PREFERENCES");
        for field in crate::prefs::FIELDS {
            assert!(prefs.contains(&format!("{field}:")), "preference {field}");
        }
        let files = section("FILES");
        for file in [
            "exercises.ron",
            "preferences.ron",
            "favourites.ron",
            "history/",
        ] {
            assert!(files.contains(file), "{file}");
        }
        let env = section("ENVIRONMENT");
        for var in [
            "BACKEASE_CONFIG_DIR",
            "BACKEASE_DATA_DIR",
            "NO_COLOR",
            "EDITOR",
        ] {
            assert!(env.contains(var), "{var}");
        }
        let exit = section("\"EXIT STATUS\"");
        for code in ["\\fB0\\fR", "\\fB1\\fR", "\\fB2\\fR"] {
            assert!(exit.contains(code), "{code}");
        }
        // The other topic still renders.
        assert!(super::routines_page().starts_with(".TH BACKEASE-ROUTINES 5"));
    }
}

/// The routine file format as a person reads it in the repository; the page is made from
/// this text, so the two never disagree.
const ROUTINES: &str = include_str!("../../docs/routines.md");

/// backease-routines(5): docs/routines.md as a section 5 manual page.
pub fn routines_page() -> String {
    let mut page = format!(
        ".TH BACKEASE-ROUTINES 5 \"\" \"backease {}\" \"File Formats\"\n\
         .SH NAME\nbackease-routines \\- the routine file format of backease\n",
        env!("CARGO_PKG_VERSION")
    );
    page.push_str(&markdown_to_roff(ROUTINES));
    page.push_str(".SH \"SEE ALSO\"\n\\fBbackease\\fR(1)\n");
    page
}

/// The Markdown the docs use, as man(7) requests: the title becomes DESCRIPTION, `##`
/// a section, `###` a subsection, a fenced block a literal display, a table a tagged
/// paragraph per row (the first cell the tag, the others under it with their column's
/// name), `- ` items bulleted; inline code and bold are bold, a link is its text (with
/// the address when it leads off the repository). A line of links only (the docs'
/// navigation) is left out.
fn markdown_to_roff(markdown: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    let mut header: Option<Vec<String>> = None;
    // The paragraph or list item being read: its lines are joined, so inline code or a
    // link wrapped across lines is read whole (roff fills the text anyway).
    let mut pending: Option<(&str, String)> = None;
    let flush = |out: &mut String, pending: &mut Option<(&str, String)>| {
        if let Some((request, text)) = pending.take() {
            out.push_str(request);
            out.push_str(&inline(&text));
            out.push('\n');
        }
    };
    for line in markdown.lines() {
        let trimmed = line.trim();
        let block = trimmed.is_empty()
            || trimmed.starts_with("```")
            || trimmed.starts_with('|')
            || trimmed.starts_with('#')
            || trimmed.starts_with("- ")
            || fenced;
        if !block {
            if links_only(trimmed) {
                continue;
            }
            match &mut pending {
                Some((_, text)) => {
                    text.push(' ');
                    text.push_str(trimmed);
                }
                None => pending = Some((".PP\n", trimmed.to_string())),
            }
            continue;
        }
        flush(&mut out, &mut pending);
        if trimmed.starts_with("```") {
            out.push_str(if fenced {
                ".fi\n.RE\n"
            } else {
                ".PP\n.RS 4\n.nf\n"
            });
            fenced = !fenced;
            continue;
        }
        if fenced {
            out.push_str(&protect(&line.replace('\\', "\\e")));
            out.push('\n');
            continue;
        }
        if trimmed.starts_with('|') {
            let cells = table_cells(trimmed);
            if cells
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|ch| "-: ".contains(ch)))
            {
                continue;
            }
            match &header {
                None => header = Some(cells),
                Some(names) => {
                    out.push_str(&format!(".TP\n{}\n", inline(&cells[0])));
                    let mut first = true;
                    for (name, cell) in names.iter().zip(&cells).skip(1) {
                        if cell.is_empty() {
                            continue;
                        }
                        if !first {
                            out.push_str(".br\n");
                        }
                        first = false;
                        // The column that says what the row is needs no name.
                        if name == "what it is" {
                            out.push_str(&format!("{}\n", inline(cell)));
                        } else {
                            out.push_str(&format!("{}: {}\n", inline(name), inline(cell)));
                        }
                    }
                }
            }
            continue;
        }
        header = None;
        if trimmed.starts_with("# ") {
            out.push_str(".SH DESCRIPTION\n");
        } else if let Some(section) = trimmed.strip_prefix("## ") {
            out.push_str(&format!(".SH \"{}\"\n", plain(section).to_uppercase()));
        } else if let Some(sub) = trimmed.strip_prefix("### ") {
            out.push_str(&format!(".SS \"{}\"\n", plain(sub)));
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            pending = Some((".IP \\(bu 2\n", item.to_string()));
        }
    }
    flush(&mut out, &mut pending);
    out
}

/// A table row's cells, trimmed; a `|` inside backticks stays in its cell.
fn table_cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|').trim_end_matches('|');
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut code = false;
    for c in inner.chars() {
        match c {
            '|' if !code => cells.push(std::mem::take(&mut cell)),
            c => {
                if c == '`' {
                    code = !code;
                }
                cell.push(c);
            }
        }
    }
    cells.push(cell);
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

/// Whether a line holds nothing but links and `·` separators (the docs' navigation).
fn links_only(line: &str) -> bool {
    let mut rest = line.trim();
    if !rest.starts_with('[') {
        return false;
    }
    while let Some(after) = rest.strip_prefix('[') {
        let Some((_, tail)) = after.split_once("](") else {
            return false;
        };
        let Some((_, tail)) = tail.split_once(')') else {
            return false;
        };
        rest = tail.trim_start().trim_start_matches('·').trim_start();
    }
    rest.is_empty()
}

/// A heading's text without its Markdown, for a `.SH "…"` argument (no quotes inside).
fn plain(text: &str) -> String {
    text.replace(['`', '"'], "").replace('\\', "\\e")
}

/// Inline Markdown as roff: `code` and **bold** in bold, a link as its text (an address
/// off the repository after it in angle brackets), backslashes escaped, and a line that
/// would start with a dot or a quote (a roff request) protected.
fn inline(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.char_indices().peekable();
    let mut bold = false;
    while let Some((i, c)) = chars.next() {
        match c {
            '`' => {
                let rest = &text[i + 1..];
                match rest.find('`') {
                    Some(end) => {
                        out.push_str("\\fB");
                        out.push_str(&rest[..end].replace('\\', "\\e"));
                        out.push_str("\\fR");
                        while chars.peek().is_some_and(|&(j, _)| j <= i + 1 + end) {
                            chars.next();
                        }
                    }
                    None => out.push('`'),
                }
            }
            '*' if text[i..].starts_with("**") => {
                chars.next();
                out.push_str(if bold { "\\fR" } else { "\\fB" });
                bold = !bold;
            }
            '[' => {
                let rest = &text[i + 1..];
                let link = rest.split_once("](").and_then(|(label, tail)| {
                    let (target, _) = tail.split_once(')')?;
                    Some((label, target))
                });
                match link {
                    Some((label, target)) if !label.contains('[') => {
                        out.push_str(&inline(label));
                        if target.contains("://") {
                            out.push_str(&format!(" <{}>", target.replace('\\', "\\e")));
                        }
                        let skip = i + 1 + label.len() + 2 + target.len();
                        while chars.peek().is_some_and(|&(j, _)| j <= skip) {
                            chars.next();
                        }
                    }
                    _ => out.push('['),
                }
            }
            '\\' => out.push_str("\\e"),
            c => out.push(c),
        }
    }
    if bold {
        out.push_str("\\fR");
    }
    protect(&out)
}

/// A text line that would start with `.` or `'` (a roff request) made literal.
fn protect(line: &str) -> String {
    if line.starts_with('.') || line.starts_with('\'') {
        format!("\\&{line}")
    } else {
        line.to_string()
    }
}

#[cfg(test)]
mod routines_tests {
    use super::{ROUTINES, inline, markdown_to_roff, routines_page};

    /// The requests the page may use; a text line that starts with a dot would be read
    /// as a request and lost.
    const REQUESTS: [&str; 12] = [
        ".TH", ".SH", ".SS", ".PP", ".TP", ".IP", ".RS", ".RE", ".nf", ".fi", ".br", ".B",
    ];

    #[test]
    fn the_routines_page_is_the_routine_file_format_in_roff() {
        let page = routines_page();
        assert!(page.starts_with(".TH BACKEASE-ROUTINES 5 "), "{page}");
        assert!(page.contains(".SH NAME\nbackease-routines \\- "), "{page}");
        // Every section and field of the doc is on the page.
        let mut sections = 0;
        for line in ROUTINES.lines() {
            if let Some(section) = line.strip_prefix("## ") {
                sections += 1;
                let request = format!(".SH \"{}\"", section.replace('`', "").to_uppercase());
                assert!(page.contains(&request), "{request} missing");
            }
        }
        assert!(
            sections >= 5,
            "only {sections} sections in docs/routines.md"
        );
        for field in [
            "id", "hold", "sides", "reps", "rest", "switch", "rounds", "lead_in",
        ] {
            let tag = format!(".TP\n\\fB{field}\\fR\n");
            assert!(page.contains(&tag), "field {field} missing");
        }
        assert!(
            page.contains("id: \"neck_tilt\","),
            "the example is missing"
        );
        // No Markdown is left, and no text line reads as a request.
        for line in page.lines() {
            for mark in ["```", "|---", "](", "**"] {
                assert!(!line.contains(mark), "{mark} left in {line:?}");
            }
            if line.starts_with('.') {
                let request = line.split_whitespace().next().unwrap_or(line);
                assert!(REQUESTS.contains(&request), "not a request: {line:?}");
            }
        }
    }

    #[test]
    fn markdown_becomes_roff() {
        let markdown = "# Title\n\n[README](../README.md) · [docs](../README.md#x)\n\n\
            Text with `code`, **bold**, [a link](other.md#a) and [RON](https://ron.rs).\n\
            A `span wrapped\nacross lines` ends.\n\n\
            .starts with a dot \\ and a backslash\n\n## A `kind` of section\n\n\
            ```ron\n(a: \"\\n\"),\n.dot\n```\n\n| field | what it is |\n|---|---|\n\
            | `id` | the name |\n| `x` | |\n\n- one item\n  wrapped\n- two\n";
        let expected = ".SH DESCRIPTION\n\
            .PP\n\
            Text with \\fBcode\\fR, \\fBbold\\fR, a link and RON <https://ron.rs>. \
            A \\fBspan wrapped across lines\\fR ends.\n\
            .PP\n\\&.starts with a dot \\e and a backslash\n\
            .SH \"A KIND OF SECTION\"\n\
            .PP\n.RS 4\n.nf\n(a: \"\\en\"),\n\\&.dot\n.fi\n.RE\n\
            .TP\n\\fBid\\fR\nthe name\n\
            .TP\n\\fBx\\fR\n\
            .IP \\(bu 2\none item wrapped\n\
            .IP \\(bu 2\ntwo\n";
        assert_eq!(markdown_to_roff(markdown), expected);
        assert_eq!(inline("a `|` b"), "a \\fB|\\fR b");
    }
}
