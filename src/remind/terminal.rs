//! Where a break started from a notification runs: the background reminder has no
//! terminal, so Start opens one. Inside tmux (`$TMUX` set) a new tmux window; otherwise
//! the `terminal` preference: a command of the person's (the routine's command line is
//! added after it), or `"auto"`, which takes the first of [`AUTO`] found on `PATH`.
//!
//! [`command`] decides (pure, given the environment and what is installed, so the order
//! is tested as a table); [`open`] starts it detached and returns at once.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What "auto" tries, in this order, and how each is told to run a command: the words
/// put before the command. `$TERMINAL` comes first (the convention many window managers'
/// configs use, with `-e`).
pub const AUTO: &[(&str, &[&str])] = &[
    ("xdg-terminal-exec", &[]),
    ("x-terminal-emulator", &["-e"]),
    ("foot", &[]),
    ("kitty", &[]),
    ("alacritty", &["-e"]),
    ("wezterm", &["start", "--"]),
    ("gnome-terminal", &["--"]),
    ("konsole", &["-e"]),
    ("xterm", &["-e"]),
];

/// The command line that opens `routine` (`backease start ROUTINE`, `exe` being this
/// binary): in tmux when `tmux` is set, else through `preference` ("auto" or a command);
/// `terminal_var` is `$TERMINAL`, `installed` says whether a program is on `PATH`.
/// `Err` says why none could be found.
pub fn command(
    exe: &str,
    routine: &str,
    tmux: bool,
    preference: &str,
    terminal_var: Option<&str>,
    installed: &dyn Fn(&str) -> bool,
) -> Result<Vec<String>, String> {
    let run = [exe.to_string(), "start".to_string(), routine.to_string()];
    if tmux {
        let mut c: Vec<String> = ["tmux", "new-window", "-n", "break"]
            .map(String::from)
            .to_vec();
        c.extend(run);
        return Ok(c);
    }
    let with = |words: Vec<String>, before: &[&str]| -> Vec<String> {
        let mut c = words;
        c.extend(before.iter().map(|w| w.to_string()));
        c.extend(run.iter().cloned());
        c
    };
    if preference != "auto" {
        let words: Vec<String> = preference.split_whitespace().map(String::from).collect();
        return Ok(with(words, &[]));
    }
    if let Some(t) = terminal_var.filter(|t| !t.trim().is_empty()) {
        let words: Vec<String> = t.split_whitespace().map(String::from).collect();
        if installed(&words[0]) {
            return Ok(with(words, &["-e"]));
        }
    }
    for (name, before) in AUTO {
        if installed(name) {
            return Ok(with(vec![name.to_string()], before));
        }
    }
    Err(format!(
        "no terminal found to open the break in (tried $TERMINAL, {}); set `terminal` in \
         preferences to your terminal's command",
        AUTO.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
    ))
}

/// Whether `name` is a program on `PATH` (or, with a slash, a file that exists).
pub fn on_path(name: &str) -> bool {
    if name.contains('/') {
        return Path::new(name).is_file();
    }
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir: PathBuf| dir.join(name).is_file())
    })
}

/// Starts `command` detached (its own process group, no input, output to `log`); does
/// not wait. The child is reaped by a thread so it never lingers as a zombie.
pub fn open(command: &[String], log: &Path) -> Result<(), String> {
    use std::os::unix::process::CommandExt as _;
    let (program, args) = command.split_first().ok_or("an empty command")?;
    let out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map(Stdio::from)
        .unwrap_or_else(|_| Stdio::null());
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    let _ = std::thread::Builder::new()
        .name("terminal-reaper".into())
        .spawn(move || child.wait());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only(names: &'static [&'static str]) -> impl Fn(&str) -> bool {
        move |n: &str| names.contains(&n)
    }

    #[test]
    fn tmux_then_the_preference_then_terminal_then_the_documented_order() {
        let c = |tmux, pref, var, have: &'static [&'static str]| {
            command("/b/backease", "desk_break", tmux, pref, var, &only(have)).map(|c| c.join(" "))
        };
        let tail = "/b/backease start desk_break";
        assert_eq!(
            c(true, "kitty", Some("foot"), &["kitty"]),
            Ok(format!("tmux new-window -n break {tail}"))
        );
        assert_eq!(
            c(false, "kitty --single-instance", None, &[]),
            Ok(format!("kitty --single-instance {tail}"))
        );
        assert_eq!(
            c(false, "auto", Some("urxvt"), &["urxvt", "xterm"]),
            Ok(format!("urxvt -e {tail}"))
        );
        // $TERMINAL names something not installed: the list.
        assert_eq!(
            c(false, "auto", Some("nothere"), &["xterm"]),
            Ok(format!("xterm -e {tail}"))
        );
        let rows: &[(&[&str], &str)] = &[
            (&["xterm", "xdg-terminal-exec"], "xdg-terminal-exec"),
            (&["xterm", "x-terminal-emulator"], "x-terminal-emulator -e"),
            (&["xterm", "foot", "kitty"], "foot"),
            (&["xterm", "kitty", "alacritty"], "kitty"),
            (&["xterm", "alacritty", "wezterm"], "alacritty -e"),
            (&["xterm", "wezterm", "gnome-terminal"], "wezterm start --"),
            (&["xterm", "gnome-terminal", "konsole"], "gnome-terminal --"),
            (&["xterm", "konsole"], "konsole -e"),
            (&["xterm"], "xterm -e"),
        ];
        for (have, want) in rows {
            let have: &'static [&'static str] = Box::leak(have.to_vec().into_boxed_slice());
            assert_eq!(c(false, "auto", None, have), Ok(format!("{want} {tail}")));
        }
        let e = c(false, "auto", None, &[]).expect_err("none");
        assert!(e.contains("set `terminal` in preferences"), "{e}");
    }
}
