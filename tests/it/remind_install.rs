//! `backease remind --install`, `--uninstall`, `--status` and `--dry-run` on the real
//! binary, each run with HOME, XDG_CONFIG_HOME and backease's directories in a temp dir:
//! the XDG autostart entry (validated by `desktop-file-validate`) with the reminder
//! started in the background and stopped again, and the systemd user unit (validated by
//! `systemd-analyze verify --user`) with `BACKEASE_SYSTEMCTL` pointing at a fake that
//! records its arguments. Must not touch: the machine's own systemd user instance (every
//! run sets `BACKEASE_SYSTEMCTL`), the real home, or a reminder it did not start.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::tmux::{BIN, SOON};

/// A temp home, and the binary run in it.
pub struct Home {
    pub dir: tempfile::TempDir,
    /// The `systemctl` the runs use ("" for none).
    pub systemctl: String,
}

impl Home {
    pub fn new() -> Home {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("cfg")).expect("config dir");
        std::fs::write(
            dir.path().join("cfg/preferences.ron"),
            "(voice: \"off\", mute: true, notifications: false)\n",
        )
        .expect("preferences");
        Home {
            dir,
            systemctl: String::new(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn config_home(&self) -> PathBuf {
        self.path().join("xdg-config")
    }

    /// `backease ARGS`: (stdout, stderr, exit status).
    pub fn run(&self, args: &[&str]) -> (String, String, i32) {
        let h = self.path();
        let out = Command::new(BIN)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", h)
            .env("XDG_CONFIG_HOME", self.config_home())
            .env("BACKEASE_CONFIG_DIR", h.join("cfg"))
            .env("BACKEASE_DATA_DIR", h.join("data"))
            .env("BACKEASE_SYSTEMCTL", &self.systemctl)
            .args(args)
            .output()
            .expect("run backease");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.code().unwrap_or(-1),
        )
    }

    /// The pid in the reminder's lock, if one is written there.
    pub fn lock_pid(&self) -> Option<u32> {
        let text = std::fs::read_to_string(self.path().join("data/remind/remind.lock")).ok()?;
        text.strip_prefix("pid ")?
            .split(' ')
            .next()?
            .trim()
            .parse()
            .ok()
    }

    pub fn wait(&self, what: &str, check: impl Fn(&Home) -> bool) {
        let end = Instant::now() + SOON;
        while !check(self) {
            assert!(Instant::now() < end, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Home {
    /// A background reminder a test started never outlives it.
    fn drop(&mut self) {
        if let Some(pid) = self.lock_pid()
            && Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
    }
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|s| s.split(' ').nth(2).is_none_or(|state| state != "Z"))
}

/// A tool the test needs; on CI it must be there (`.ci/packages`), elsewhere a visible
/// skip.
fn have(tool: &str, package: &str) -> bool {
    if Command::new(tool).arg("--help").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{tool} is not installed (Debian: {package}; .ci/packages installs it)"
    );
    println!("SKIPPED: {tool} is not installed (Debian: {package})");
    false
}

#[test]
fn the_autostart_entry_is_shown_then_written_valid_started_and_removed_with_its_reminder() {
    let home = Home::new();
    let entry = home.config_home().join("autostart/backease-remind.desktop");

    let (out, err, code) = home.run(&["remind", "--install", "--dry-run"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(out.contains("would write "), "{out}");
    assert!(out.contains("    X-systemd-skip=true"), "{out}");
    assert!(
        out.contains(&format!("    Exec={} remind --background", canonical_bin())),
        "{out}"
    );
    assert!(out.contains("would start: "), "{out}");
    assert!(
        out.ends_with("nothing was written or run (--dry-run)\n"),
        "{out}"
    );
    assert!(!entry.exists(), "a dry run writes nothing");
    assert!(!home.path().join("data").exists(), "nor starts anything");

    let (out, err, code) = home.run(&["remind", "--install"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(
        out.starts_with(&format!("wrote {}", entry.display())),
        "{out}"
    );
    assert!(
        out.contains("no systemd user instance answers here"),
        "{out}"
    );
    assert!(
        out.contains("started the reminder in the background (pid "),
        "{out}"
    );
    if have("desktop-file-validate", "desktop-file-utils") {
        let v = Command::new("desktop-file-validate")
            .arg(&entry)
            .output()
            .expect("desktop-file-validate");
        assert!(
            v.status.success() && v.stdout.is_empty() && v.stderr.is_empty(),
            "desktop-file-validate: {}{}",
            String::from_utf8_lossy(&v.stdout),
            String::from_utf8_lossy(&v.stderr)
        );
    }
    home.wait("the background reminder's lock", |h| h.lock_pid().is_some());
    let pid = home.lock_pid().expect("a pid");
    // Its state is written right after the lock (before the buses are asked anything).
    home.wait("the background reminder's state", |h| {
        h.run(&["status"]).2 != i32::from(backease::commands::status::FAILED)
    });
    let (out, _, code) = home.run(&["remind", "--status"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(&format!(
            "installed: XDG autostart entry {}",
            entry.display()
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("running:   yes, pid {pid} in the background")),
        "{out}"
    );
    // The status line works with no window, and a window is told where the reminder is.
    let (out, _, _) = home.run(&["status", "--format", "{state}"]);
    assert_ne!(out, "off\n");
    let (out, _, _) = home.run(&["status", "--verbose"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[1].starts_with("installed: XDG autostart entry "),
        "{out}"
    );
    assert!(
        lines[2].starts_with(&format!("running:   yes, pid {pid} in the background")),
        "{out}"
    );
    let (_, err, code) = home.run(&["remind"]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(
            "a reminder is already running in the background (pid {pid})"
        )),
        "{err}"
    );
    assert!(err.contains("`backease remind --status`"), "{err}");

    // Installed again: nothing to change, the reminder left running.
    let (out, _, code) = home.run(&["remind", "--install"]);
    assert_eq!(code, 0);
    assert!(out.contains("already installed, unchanged"), "{out}");
    assert!(out.contains("a reminder already runs (pid "), "{out}");

    let (out, _, code) = home.run(&["remind", "--uninstall", "--dry-run"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(&format!("would remove {}", entry.display())),
        "{out}"
    );
    assert!(
        entry.exists() && alive(pid),
        "a dry run removes and stops nothing"
    );
    let (out, _, code) = home.run(&["remind", "--uninstall"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!("stopped the background reminder (pid {pid})")),
        "{out}"
    );
    assert!(!entry.exists());
    home.wait("the reminder to end", |_| !alive(pid));
    let log = std::fs::read_to_string(home.path().join("data/remind/remind.log")).expect("log");
    assert!(log.contains("running in the background"), "{log}");
    assert!(log.contains("stopped by signal 15"), "{log}");
    let (out, _, _) = home.run(&["remind", "--status"]);
    assert!(
        out.contains("installed: no") && out.contains("running:   no"),
        "{out}"
    );
}

fn canonical_bin() -> String {
    std::fs::canonicalize(BIN)
        .expect("the binary")
        .display()
        .to_string()
}

#[test]
fn a_file_the_person_changed_or_wrote_is_never_replaced_or_removed_without_force() {
    let home = Home::new();
    let entry = home.config_home().join("autostart/backease-remind.desktop");
    std::fs::create_dir_all(entry.parent().expect("dir")).expect("dir");
    std::fs::write(
        &entry,
        "[Desktop Entry]\nType=Application\nName=Mine\nExec=mine\n",
    )
    .expect("their own");
    let (out, err, code) = home.run(&["remind", "--install"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.contains(&format!(
            "{}: this file was not written by backease; left as it is",
            entry.display()
        )),
        "{err}"
    );
    assert!(err.contains("with --force"), "{err}");
    let (_, err, code) = home.run(&["remind", "--uninstall"]);
    assert_eq!(code, 1);
    assert!(err.contains("remove it anyway with --force"), "{err}");
    assert!(
        std::fs::read_to_string(&entry)
            .expect("kept")
            .contains("Name=Mine")
    );

    // --dry-run --force shows the replacement and still writes nothing.
    let (out, _, code) = home.run(&["remind", "--install", "--dry-run", "--force"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        std::fs::read_to_string(&entry)
            .expect("kept")
            .contains("Name=Mine")
    );
    // Ours, then edited: refused too, naming the change.
    home.run(&["remind", "--uninstall", "--force"]);
    let (out, _, code) = home.run(&["remind", "--install"]);
    assert_eq!(code, 0, "{out}");
    let text = std::fs::read_to_string(&entry).expect("ours");
    std::fs::write(&entry, text.replace("NoDisplay=true", "NoDisplay=false")).expect("edit");
    let (_, err, code) = home.run(&["remind", "--install"]);
    assert_eq!(code, 1);
    assert!(err.contains("was changed since backease wrote it"), "{err}");
    let (out, _, _) = home.run(&["remind", "--status"]);
    assert!(out.contains("(changed since backease wrote it)"), "{out}");
    let (out, _, code) = home.run(&["remind", "--install", "--force"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("replaced (--force) "), "{out}");
    home.run(&["remind", "--uninstall"]);
    // Misused flags are refused, not ignored.
    let (_, err, code) = home.run(&["remind", "--dry-run"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--dry-run and --force go with --install or --uninstall"),
        "{err}"
    );
    let (_, err, code) = home.run(&["remind", "--install", "--uninstall"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn with_a_systemd_user_instance_the_unit_is_written_valid_and_enabled_through_systemctl() {
    let mut home = Home::new();
    // A fake systemctl: says a user instance runs and records every call.
    let calls = home.path().join("systemctl.calls");
    let fake = home.path().join("systemctl");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\necho \"$@\" >> '{}'\ncase \"$*\" in\n  *is-system-running*) echo running ;;\n  \
             *is-enabled*) echo enabled ;;\n  *is-active*) echo active ;;\nesac\n",
            calls.display()
        ),
    )
    .expect("fake systemctl");
    Command::new("chmod")
        .args(["+x"])
        .arg(&fake)
        .status()
        .expect("chmod");
    home.systemctl = fake.display().to_string();
    let unit = home
        .config_home()
        .join("systemd/user/backease-remind.service");

    let (out, _, code) = home.run(&["remind", "--install", "--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("    ExecStart="), "{out}");
    assert!(
        out.contains(&format!(
            "would run: {} --user enable --now backease-remind.service",
            fake.display()
        )),
        "{out}"
    );
    assert!(!unit.exists());
    let recorded = std::fs::read_to_string(&calls).expect("asked");
    assert_eq!(
        recorded, "--user is-system-running\n",
        "a dry run only asks"
    );

    let (out, err, code) = home.run(&["remind", "--install"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(
        out.starts_with(&format!("wrote {}", unit.display())),
        "{out}"
    );
    let text = std::fs::read_to_string(&unit).expect("the unit");
    for line in [
        format!("ExecStart={} remind --background", canonical_bin()),
        "Restart=on-failure".to_string(),
        "WantedBy=default.target".to_string(),
    ] {
        assert!(text.lines().any(|l| l == line), "{line}\n{text}");
    }
    let recorded = std::fs::read_to_string(&calls).expect("calls");
    assert!(
        recorded.ends_with("--user daemon-reload\n--user enable --now backease-remind.service\n"),
        "{recorded}"
    );
    assert!(home.lock_pid().is_none(), "systemd starts it, not us");
    if have("systemd-analyze", "systemd") {
        // `--user` needs a runtime directory; verify also checks that ExecStart exists.
        let runtime = tempfile::tempdir().expect("runtime dir");
        let v = Command::new("systemd-analyze")
            .env("XDG_RUNTIME_DIR", runtime.path())
            .args(["verify", "--user"])
            .arg(&unit)
            .output()
            .expect("systemd-analyze");
        // It exits 0 on a line it only warns about: both streams must be empty.
        assert!(
            v.status.success() && v.stdout.is_empty() && v.stderr.is_empty(),
            "systemd-analyze verify: {}{}",
            String::from_utf8_lossy(&v.stdout),
            String::from_utf8_lossy(&v.stderr)
        );
    }
    let (out, _, _) = home.run(&["remind", "--status"]);
    assert!(
        out.contains(&format!(
            "installed: systemd user unit {}; enabled, active",
            unit.display()
        )),
        "{out}"
    );
    let (out, _, code) = home.run(&["remind", "--uninstall"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("ran: ") && out.contains("--user disable --now backease-remind.service"),
        "{out}"
    );
    assert!(!unit.exists());
}
