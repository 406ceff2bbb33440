//! The command line: clap definitions only. The surface is stable from here on:
//! `backease`, `backease start ROUTINE [--plain]`, `backease list`, `backease check [FILE]`,
//! `backease history [--json|--csv] [--since DATE] [--routine ID]`, `backease config`, `backease completions SHELL`, `backease man [routines]`,
//! `backease edit [--preferences|--plan]`, `backease plan [use ID|off] [--json]`, `backease report [--since SPAN] [--out FILE] [--json]`,
//! `backease remind [--install|--uninstall|--status|--background] [--dry-run] [--force]`, `backease pause FOR`, `backease resume`, `backease status [--streak] [--format TEMPLATE]`,
//! with global `--routines`, `--speed`, `--mute`,
//! `--volume`. `list`, `config` and `check` take `--json` (a stable shape, `format: 1`).

use std::path::PathBuf;

use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};

/// A terminal coach for back-relief routines: pick a routine, then follow each step with
/// its instructions, a countdown for every hold and a chime between steps.
///
/// Run without a command for the menu. Not medical advice: stop anything that hurts.
#[derive(Debug, Parser)]
#[command(name = "backease", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Your own routine file, merged over the built-in library (same id replaces, new id
    /// adds). Also read: ~/.config/backease/exercises.ron.
    #[arg(long, global = true, value_name = "FILE")]
    pub routines: Option<PathBuf>,

    /// Make time run FACTOR times faster (demos and tests). 1 is real time.
    #[arg(long, global = true, value_name = "FACTOR", default_value_t = 1.0,
          value_parser = parse_speed, allow_negative_numbers = true)]
    pub speed: f64,

    /// No sound (the screen still flashes at every cue). Toggle in a session with `m`.
    #[arg(long, global = true)]
    pub mute: bool,

    /// Sound volume, 0 to 100. Change in a session with `[` and `]`.
    #[arg(long, global = true, value_name = "0-100",
          value_parser = clap::value_parser!(u8).range(0..=100))]
    pub volume: Option<u8>,
}

/// The manual pages besides the program's own (section 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ManTopic {
    /// backease-routines(5): the routine file format (docs/routines.md).
    Routines,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a routine straight away, skipping the menu.
    Start {
        /// The routine's id, as shown by `backease list` (for example `five_stretches`).
        routine: String,
        /// Plain mode: one line per moment (step, side, hold, release, switch, halfway,
        /// end, what's next) instead of the full screen, for a screen reader, a slow link
        /// or a log; keys (or lines on standard input) as in the session. What `start`
        /// does anyway when standard input or output is not a terminal.
        #[arg(long)]
        plain: bool,
    },
    /// List the routines: id, name, steps, total time, equipment.
    List {
        /// Print JSON (`format: 1`; see the README's "Machine-readable output").
        #[arg(long)]
        json: bool,
    },
    /// Check a routine file for mistakes, every one in one run. Without FILE: every file
    /// in use (the built-in library, your routine file, a `--routines FILE`, and your
    /// preferences file).
    Check {
        /// The routine file to check (merged over the built-in library, as it would be).
        file: Option<PathBuf>,
        /// Print JSON: every problem with its file, line, column and message.
        #[arg(long)]
        json: bool,
    },
    /// Show recent sessions, your streak, a calendar of the days you moved, stiffness
    /// before and after, totals per routine and personal bests; or export every record.
    History(HistoryArgs),
    /// Print where preferences live and the values in effect.
    Config {
        /// Print JSON (`format: 1`).
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell. Routine
    /// ids (the built-in ones and yours, as of now) complete after `start`.
    ///
    /// bash: `backease completions bash > ~/.local/share/bash-completion/completions/backease`;
    /// zsh: `backease completions zsh > ~/.zfunc/_backease` (with ~/.zfunc on fpath);
    /// fish: `backease completions fish > ~/.config/fish/completions/backease.fish`.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `backease man > backease.1; man -l backease.1`.
    /// `backease man routines`: the routine file format, backease-routines(5).
    Man {
        /// A page other than the program's: `routines`, the routine file format.
        topic: Option<ManTopic>,
    },
    /// Desk mode: a break reminder that starts the break routine.
    ///
    /// Reminds you to take a break every hour of your working day, and starts the break
    /// routine with Enter. Run it in a terminal of its own (a tmux window). Keys: Enter start, s snooze, k skip, p pause, ? help, q quit. Interval, working
    /// hours and days, routine, snooze and away lengths: `remind_*` in preferences
    /// (`backease config`). `--install` starts it with your session (no window: it
    /// notifies you), `--status` tells whether it is installed and running.
    Remind(RemindArgs),
    /// Pause desk mode's reminders: 30m, 1h, 90s, or today.
    ///
    /// FOR is a length (1 minute to 24 hours: 30m, 1h, 90s, 1h30m) or `today` (until
    /// midnight). The running reminder, in a window or in the background, pauses at once
    /// and `backease status` shows it; with none running, the next one keeps the pause.
    Pause {
        /// How long: a duration like 30m, 1h, 90s or 1h30m (1 minute to 24 hours), or
        /// `today`.
        #[arg(value_name = "FOR")]
        length: String,
    },
    /// End a pause of desk mode's reminders (`backease pause`, or `p` in the reminder).
    Resume,
    /// One line about the next break, for a status bar.
    ///
    /// "break in 12m", "break due", "on a break", "paused 30m", "outside hours"; with no reminder running, "last
    /// break 2h ago". Exit status: 0, 1 when a break is due, 2 on any failure (and then
    /// nothing is printed).
    Status {
        /// Add the streak: "break in 12m · 5d streak".
        #[arg(long)]
        streak: bool,
        /// The line from named fields: {text} {state} {minutes} {streak} {snoozes}
        /// {routine} {today}; {{ and }} for braces. {today}: today's part of the plan. state: waiting, due, break, paused, outside,
        /// off (no reminder running). Example: --format "{state} {minutes}".
        #[arg(long, value_name = "TEMPLATE")]
        format: Option<String>,
        /// After the line, what `backease remind --status` says: whether the reminder
        /// is installed, whether one runs and how it was started.
        #[arg(long, conflicts_with = "format")]
        verbose: bool,
    },
    /// Show an exercise: its description, cues and figure(s) as text, each picture with
    /// its alt text. `--svg DIR` also writes each picture as an SVG file.
    Show {
        /// The exercise's id (`backease show --all` prints every one).
        #[arg(required_unless_present = "all")]
        exercise: Option<String>,
        /// Every exercise, in library order.
        #[arg(long, conflicts_with = "exercise")]
        all: bool,
        /// Write each picture as DIR/EXERCISE-N-WHAT.svg (an existing SVG of that name is
        /// replaced; any other file is left alone).
        #[arg(long, value_name = "DIR")]
        svg: Option<PathBuf>,
        /// Draw with half blocks instead of braille dots (for a font without braille).
        #[arg(long)]
        blocks: bool,
    },
    /// Edit your routine file in $VISUAL or $EDITOR (vi when neither is set), starting
    /// from a commented template when there is none. When the editor exits the file is
    /// checked: a clean file replaces the one in use, problems are listed (FILE:LINE:COL)
    /// with an offer to edit again at the first one; declined, the draft is kept and the
    /// file in use is untouched.
    Edit {
        /// Edit the preferences file instead.
        #[arg(long, conflicts_with = "plan")]
        preferences: bool,
        /// Edit your plan (plan.ron) instead: which routines on which days, for how many
        /// weeks.
        #[arg(long)]
        plan: bool,
    },
    /// Plans: which routines on which days (or how many times a week), for how many
    /// weeks. Without an action: the plans to start from, with their ids, and the plan in
    /// use (today's part, each week kept, this week's holds).
    Plan {
        #[command(subcommand)]
        action: Option<PlanAction>,
        /// Print JSON (`format: 1`).
        #[arg(long)]
        json: bool,
    },
    /// Write a report to hand to a physiotherapist: one HTML page (no scripts, nothing
    /// fetched) with the plan and how much of it was kept, stiffness before and after,
    /// the exercises and their holds, every "this hurts", desk-mode breaks and the
    /// exercises' figures. Prints on A4 or Letter, reads on a phone.
    Report {
        /// How far back: 6w (weeks), 30d (days) or a date, 2026-10-01.
        #[arg(long, value_name = "SPAN", default_value = "6w")]
        since: String,
        /// The file to write (default: backease-report-DATE.html here); `-` for standard
        /// output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The same content as JSON, on standard output (or in --out FILE).
        #[arg(long)]
        json: bool,
    },
}

/// What `backease plan` does besides listing.
#[derive(Debug, Subcommand)]
pub enum PlanAction {
    /// Follow the plan with this id (as `backease plan` lists them) from today. A plan
    /// file you had is kept as plan-previous.ron.
    Use {
        /// The plan's id, like `easing_back_in`.
        id: String,
    },
    /// Stop following the plan (the file is kept as plan-previous.ron).
    Off,
}

/// How `backease remind` runs, or what it sets up.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(group(clap::ArgGroup::new("mode").args(["install", "uninstall", "status", "background"])))]
pub struct RemindArgs {
    /// Start the reminder with your session from now on, and now: a systemd user unit
    /// (~/.config/systemd/user/backease-remind.service) where a systemd user instance
    /// runs, else an XDG autostart entry (~/.config/autostart/backease-remind.desktop);
    /// a LaunchAgent on macOS. A file you changed is never replaced without --force.
    #[arg(long)]
    pub install: bool,
    /// Stop the reminder started with --install and remove what --install wrote.
    #[arg(long)]
    pub uninstall: bool,
    /// Say whether the reminder is installed, whether one runs, and how it was started.
    #[arg(long)]
    pub status: bool,
    /// With --install or --uninstall: show what would be written, removed and run, and
    /// do nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// With --install or --uninstall: replace or remove a file even though it was
    /// changed since backease wrote it, or was not written by backease.
    #[arg(long)]
    pub force: bool,
    /// Run without a terminal (how --install starts it): a desktop notification with
    /// Start, Snooze and Skip when a break is due; messages go to standard error.
    #[arg(long)]
    pub background: bool,
}

/// What `backease history` shows or exports.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct HistoryArgs {
    /// Export every record as JSON (the format is in the README; stable, versioned).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Export every record as CSV, one row per session (columns in the README).
    #[arg(long)]
    pub csv: bool,
    /// Only sessions started on or after DATE (YYYY-MM-DD, the local day).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<jiff::civil::Date>,
    /// With --csv: desk mode's days instead of the sessions, one row per day (date,
    /// due, taken, snoozed, skipped, and the answers to "why?": busy, in_pain, not_now,
    /// away). The JSON export has them as `desk_days`.
    #[arg(long, requires = "csv")]
    pub desk: bool,
    /// Only sessions of the routine with this id (as `backease list` shows).
    #[arg(long, value_name = "ID")]
    pub routine: Option<String>,
}

fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    let well_formed = text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !well_formed {
        return Err(format!(
            "{text:?} is not a date; write it as YYYY-MM-DD, like 2026-11-30"
        ));
    }
    text.parse()
        .map_err(|e: jiff::Error| format!("{text:?} is not a date on the calendar ({e})"))
}

fn parse_speed(text: &str) -> Result<f64, String> {
    let v: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number; try 1, 10 or 60"))?;
    if v.is_finite() && (0.01..=10_000.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!(
            "{text} is out of range; use a factor from 0.01 to 10000"
        ))
    }
}

/// The global flags about time and sound, and the commands they act in (the menu, a
/// routine, desk mode's breaks). Elsewhere they are accepted and left out of `--help`.
const SESSION_FLAGS: &[&str] = &["speed", "mute", "volume"];
const SESSION_COMMANDS: &[&str] = &["start", "remind"];

/// The clap command, with each subcommand's help offering only the global flags that act
/// there (`status --help` offered `--speed`, `--mute` and `--volume`, issue 26).
pub fn command() -> clap::Command {
    let mut command = Cli::command();
    let hidden: Vec<clap::Arg> = command
        .get_arguments()
        .filter(|a| SESSION_FLAGS.contains(&a.get_id().as_str()))
        .map(|a| a.clone().hide(true))
        .collect();
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|n| !SESSION_COMMANDS.contains(&n.as_str()))
        .collect();
    // A subcommand's own copy of a global argument stands in for it there (clap does not
    // propagate over it): the same flag, hidden.
    for name in names {
        let hidden = hidden.clone();
        command = command.mut_subcommand(name, |sub| sub.args(hidden));
    }
    command
}

/// Parses the process's arguments, with `--help` naming the user's routine file where it
/// really is (`BACKEASE_CONFIG_DIR` moves it), not where it usually is.
pub fn parse(user_routines: Option<&std::path::Path>) -> Cli {
    let file = user_routines.map_or_else(
        || "none: no config directory (set BACKEASE_CONFIG_DIR or HOME)".to_string(),
        |p| p.display().to_string(),
    );
    let command = command().mut_arg("routines", |arg| {
        arg.help(format!(
            "Your own routine file, merged over the built-in library (same id replaces, \
             new id adds). Also read: {file}"
        ))
    });
    Cli::from_arg_matches(&command.get_matches()).unwrap_or_else(|e| e.exit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `backease NAME --help` prints.
    fn help_of(name: &str) -> String {
        match command().try_get_matches_from(["backease", name, "--help"]) {
            Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelp => e.to_string(),
            other => panic!("{name} --help: {other:?}"),
        }
    }

    #[test]
    fn help_offers_time_and_sound_flags_only_where_they_act() {
        for name in [
            "status", "list", "history", "check", "config", "man", "edit",
        ] {
            let help = help_of(name);
            for flag in ["--speed", "--mute", "--volume"] {
                assert!(!help.contains(flag), "{name} --help offers {flag}:\n{help}");
            }
            assert!(help.contains("--routines"), "{name}:\n{help}");
        }
        for name in ["start", "remind"] {
            let help = help_of(name);
            for flag in ["--speed", "--mute", "--volume"] {
                assert!(help.contains(flag), "{name} --help lacks {flag}:\n{help}");
            }
        }
        // Still accepted where hidden (scripts keep working).
        let cli = Cli::from_arg_matches(
            &command()
                .try_get_matches_from(["backease", "status", "--mute"])
                .expect("parsed"),
        )
        .expect("a Cli");
        assert!(cli.mute);
    }

    #[test]
    fn a_negative_speed_is_out_of_range_not_an_unknown_flag() {
        let e = Cli::try_parse_from(["backease", "--speed", "-1", "list"]).expect_err("refused");
        let text = e.to_string();
        assert!(text.contains("-1 is out of range"), "{text}");
        let e = Cli::try_parse_from(["backease", "--speed", "fast"]).expect_err("refused");
        assert!(e.to_string().contains("is not a number"), "{e}");
    }
}
