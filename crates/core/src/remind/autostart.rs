//! What `backease remind --install` writes so the reminder starts with the person's
//! session: a systemd user unit, an XDG autostart entry, or a macOS LaunchAgent, as text
//! from the binary's absolute path. Pure: the shell (`remind::install`) finds the paths,
//! reads what is there, writes, and runs `systemctl`.
//!
//! Every file carries a marker line with a checksum of the rest of its text
//! (`backease-remind: written by …; sum=…`), so a later `--install` or `--uninstall`
//! can tell a file it wrote and nobody touched (safe to replace or remove) from one the
//! person edited or wrote themselves ([`judge`]): those are left alone unless `--force`.

/// The words on the marker line; the line also holds `sum=` and 16 hex digits.
pub const MARKER: &str = "backease-remind: written by `backease remind --install`";

/// The systemd user unit's file name (`~/.config/systemd/user/`).
pub const UNIT_NAME: &str = "backease-remind.service";
/// The XDG autostart entry's file name (`~/.config/autostart/`).
pub const DESKTOP_NAME: &str = "backease-remind.desktop";
/// The LaunchAgent's label, and its file name with `.plist` (`~/Library/LaunchAgents/`).
pub const LAUNCH_LABEL: &str = "org.backease.remind";

/// The arguments the reminder is started with.
pub const ARGS: [&str; 2] = ["remind", "--background"];

/// 64-bit FNV-1a: enough to notice an edit, not a defence against anyone.
fn fnv(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The text without its marker line, which is what the sum covers.
fn body(text: &str) -> String {
    text.lines()
        .filter(|l| !l.contains(MARKER))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `lines` with the marker line (made by `mark`, from the sum of the others) put at
/// `at`.
fn with_marker(mut lines: Vec<String>, at: usize, mark: impl Fn(&str) -> String) -> String {
    let sum = fnv(&lines.join("\n"));
    lines.insert(at, mark(&format!("{MARKER}; sum={sum:016x}")));
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// A word of a systemd command line: quoted when it has to be; `%` and `$` doubled
/// (systemd would expand them).
fn systemd_word(word: &str) -> String {
    let escaped = word.replace('%', "%%").replace('$', "$$");
    if escaped.is_empty() || escaped.contains(|c: char| c.is_whitespace() || "\"'\\;".contains(c)) {
        format!("\"{}\"", escaped.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        escaped
    }
}

/// A word of a desktop entry's `Exec` (Desktop Entry Specification, "The Exec key"):
/// quoted when it holds a reserved character, with `"`, `` ` ``, `$` and `\` escaped in
/// the quotes, `%` doubled, and the backslashes doubled again for the string's own
/// escaping.
fn desktop_word(word: &str) -> String {
    let word = word.replace('%', "%%");
    let reserved = " \t\n\"'\\><~|&;$*?#()`";
    if !word.is_empty() && !word.contains(|c| reserved.contains(c)) {
        return word;
    }
    let mut quoted = String::from("\"");
    for c in word.chars() {
        if "\"`$\\".contains(c) {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted.replace('\\', "\\\\")
}

/// Text for an XML element.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The systemd user unit: started with the session (`default.target`), restarted if it
/// fails (a reminder that finds another running exits 0, so it is not restarted).
pub fn systemd_unit(exe: &str) -> String {
    let exec: Vec<String> = std::iter::once(exe).chain(ARGS).map(systemd_word).collect();
    let lines = [
        "[Unit]",
        "Description=backease desk-mode break reminder",
        "",
        "[Service]",
        "Type=simple",
        &format!("ExecStart={}", exec.join(" ")),
        "Restart=on-failure",
        "RestartSec=30",
        "",
        "[Install]",
        "WantedBy=default.target",
    ];
    with_marker(lines.map(String::from).to_vec(), 0, |m| format!("# {m}"))
}

/// The XDG autostart entry, with `X-systemd-skip=true` so systemd's autostart generator
/// does not start it a second time beside the unit.
pub fn desktop_entry(exe: &str) -> String {
    let exec: Vec<String> = std::iter::once(exe).chain(ARGS).map(desktop_word).collect();
    let lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Name=backease reminder",
        "Comment=Reminds you to take a break from the desk",
        &format!("Exec={}", exec.join(" ")),
        "Terminal=false",
        "NoDisplay=true",
        "X-GNOME-Autostart-enabled=true",
        "X-systemd-skip=true",
    ];
    with_marker(lines.map(String::from).to_vec(), 0, |m| format!("# {m}"))
}

/// The macOS LaunchAgent: run at login, kept alive if it fails, its output in `log`.
pub fn launch_agent(exe: &str, log: &str) -> String {
    let mut lines: Vec<String> = [
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        r#"<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">"#,
        r#"<plist version="1.0">"#,
        "<dict>",
        "  <key>Label</key>",
        &format!("  <string>{LAUNCH_LABEL}</string>"),
        "  <key>ProgramArguments</key>",
        "  <array>",
    ]
    .map(String::from)
    .to_vec();
    for word in std::iter::once(exe).chain(ARGS) {
        lines.push(format!("    <string>{}</string>", xml(word)));
    }
    lines.extend(
        [
            "  </array>",
            "  <key>RunAtLoad</key>",
            "  <true/>",
            "  <key>KeepAlive</key>",
            "  <dict>",
            "    <key>SuccessfulExit</key>",
            "    <false/>",
            "  </dict>",
            "  <key>ProcessType</key>",
            "  <string>Interactive</string>",
            "  <key>StandardOutPath</key>",
            &format!("  <string>{}</string>", xml(log)),
            "  <key>StandardErrorPath</key>",
            &format!("  <string>{}</string>", xml(log)),
            "</dict>",
            "</plist>",
        ]
        .map(String::from),
    );
    with_marker(lines, 2, |m| format!("<!-- {m} -->"))
}

/// What is found where a file would be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Exactly what would be written.
    Same,
    /// Written by backease and not changed since, but not what would be written now (an
    /// older version, the binary moved): safe to replace.
    Ours,
    /// Written by backease, then changed by someone: left alone unless forced.
    Changed,
    /// Not written by backease: left alone unless forced.
    Foreign,
}

/// What `existing` is, against `ours` (what would be written now).
pub fn judge(existing: &str, ours: &str) -> Found {
    if existing == ours {
        return Found::Same;
    }
    let Some(line) = existing.lines().find(|l| l.contains(MARKER)) else {
        return Found::Foreign;
    };
    let sum = line
        .split("sum=")
        .nth(1)
        .and_then(|s| u64::from_str_radix(s.get(..16)?, 16).ok());
    if sum == Some(fnv(&body(existing))) {
        Found::Ours
    } else {
        Found::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `key=value` lines of an ini-like text.
    fn value<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
        text.lines()
            .filter_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .collect()
    }

    #[test]
    fn the_unit_starts_the_background_reminder_with_the_session_and_restarts_on_failure() {
        let unit = systemd_unit("/usr/bin/backease");
        assert_eq!(
            value(&unit, "ExecStart"),
            ["/usr/bin/backease remind --background"]
        );
        assert_eq!(value(&unit, "WantedBy"), ["default.target"]);
        assert_eq!(value(&unit, "Restart"), ["on-failure"]);
        assert!(unit.lines().next().is_some_and(|l| l.starts_with("# ")));
        assert_eq!(judge(&unit, &unit), Found::Same);
    }

    #[test]
    fn odd_paths_are_quoted_for_systemd_and_for_the_desktop_entry() {
        let unit = systemd_unit("/home/a b/50%/$x/backease");
        assert_eq!(
            value(&unit, "ExecStart"),
            ["\"/home/a b/50%%/$$x/backease\" remind --background"]
        );
        let entry = desktop_entry("/home/a b/50%/$x/backease");
        assert_eq!(
            value(&entry, "Exec"),
            ["\"/home/a b/50%%/\\\\$x/backease\" remind --background"]
        );
        let plain = desktop_entry("/usr/bin/backease");
        assert_eq!(
            value(&plain, "Exec"),
            ["/usr/bin/backease remind --background"]
        );
        assert_eq!(value(&plain, "X-systemd-skip"), ["true"]);
        assert_eq!(value(&plain, "Type"), ["Application"]);
    }

    #[test]
    fn the_launch_agent_has_the_keys_launchd_needs() {
        let plist = launch_agent("/opt/b&b/backease", "/Users/a/Library/Logs/backease.log");
        assert!(plist.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist"));
        for needle in [
            "<key>Label</key>\n  <string>org.backease.remind</string>",
            "<key>ProgramArguments</key>\n  <array>\n    <string>/opt/b&amp;b/backease</string>\n    \
             <string>remind</string>\n    <string>--background</string>\n  </array>",
            "<key>RunAtLoad</key>\n  <true/>",
            "<key>KeepAlive</key>\n  <dict>\n    <key>SuccessfulExit</key>\n    <false/>",
            "<key>StandardErrorPath</key>\n  <string>/Users/a/Library/Logs/backease.log</string>",
        ] {
            assert!(plist.contains(needle), "{needle}\n---\n{plist}");
        }
        // Balanced: every element opened is closed.
        for tag in ["dict", "array", "plist"] {
            assert_eq!(
                plist.matches(&format!("<{tag}")).count(),
                plist.matches(&format!("</{tag}>")).count(),
                "{tag}"
            );
        }
        assert_eq!(judge(&plist, &plist), Found::Same);
    }

    #[test]
    fn a_file_changed_by_hand_or_not_ours_is_told_apart_from_one_we_wrote() {
        let old = systemd_unit("/old/backease");
        let new = systemd_unit("/new/backease");
        assert_eq!(judge(&old, &new), Found::Ours, "ours, an older binary path");
        let edited = old.replace("RestartSec=30", "RestartSec=5");
        assert_eq!(judge(&edited, &new), Found::Changed);
        let spoiled = old.replace("sum=", "sum=zz");
        assert_eq!(judge(&spoiled, &new), Found::Changed);
        assert_eq!(judge("[Unit]\nDescription=mine\n", &new), Found::Foreign);
        let entry = desktop_entry("/old/backease");
        assert_eq!(judge(&entry, &desktop_entry("/x")), Found::Ours);
        assert_eq!(
            judge(&format!("{entry}Hidden=true\n"), &desktop_entry("/x")),
            Found::Changed
        );
    }
}
