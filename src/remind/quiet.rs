//! When reminders hold off by themselves: a program named in `remind_pause_while` runs
//! (Linux: the process names in `/proc/*/comm`), or the desktop is in do-not-disturb
//! (GNOME's `show-banners` setting read with `gsettings`; the notification server's
//! `Inhibited` property is read by `remind::desktop`). Each source that is not there
//! (no `/proc`, no `gsettings`, no GNOME schema) says nothing: reminders are not held.

use std::path::Path;
use std::process::{Command, Stdio};

/// The first of `names` running now, as `/proc/PID/comm` says (`None` without `/proc`).
pub fn running_program(proc_dir: &Path, names: &[String]) -> Option<String> {
    if names.is_empty() {
        return None;
    }
    for entry in std::fs::read_dir(proc_dir).ok()?.flatten() {
        let file_name = entry.file_name();
        if !file_name
            .to_string_lossy()
            .bytes()
            .all(|b| b.is_ascii_digit())
        {
            continue;
        }
        let Ok(comm) = std::fs::read_to_string(entry.path().join("comm")) else {
            continue;
        };
        let comm = comm.trim_end_matches('\n');
        if let Some(name) = names.iter().find(|n| n.as_str() == comm) {
            return Some(name.clone());
        }
    }
    None
}

/// GNOME's do-not-disturb: `org.gnome.desktop.notifications show-banners` is false.
/// `None` where there is no gsettings or no such key.
pub fn gnome_do_not_disturb() -> Option<bool> {
    let out = Command::new("gsettings")
        .args(["get", "org.gnome.desktop.notifications", "show-banners"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    match String::from_utf8_lossy(&out.stdout).trim() {
        "false" => Some(true),
        "true" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_program_is_found_by_its_process_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        for (pid, comm) in [("1", "systemd"), ("4242", "zoom"), ("77", "obs")] {
            std::fs::create_dir(dir.path().join(pid)).expect("pid dir");
            std::fs::write(dir.path().join(pid).join("comm"), format!("{comm}\n")).expect("comm");
        }
        std::fs::create_dir(dir.path().join("self")).expect("not a pid");
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            running_program(dir.path(), &names(&["zoom"])),
            Some("zoom".into())
        );
        assert_eq!(running_program(dir.path(), &names(&["zoo", "teams"])), None);
        assert_eq!(running_program(dir.path(), &[]), None);
        assert_eq!(
            running_program(&dir.path().join("no-proc"), &names(&["zoom"])),
            None
        );
    }
}
