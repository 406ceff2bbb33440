//! `backease remind --install`, `--uninstall` and `--status`: the shell around the core's
//! `remind::autostart` texts. It finds where the files go (`$XDG_CONFIG_HOME`, else
//! `~/.config`; `~/Library/LaunchAgents` on macOS), asks whether a systemd user instance
//! is reachable (`systemctl --user is-system-running`), reads what is there already,
//! writes, and runs `systemctl` or starts the reminder itself.
//!
//! Which way the reminder starts:
//! - a systemd user instance answers: the unit, `systemctl --user daemon-reload` and
//!   `enable --now`;
//! - none (a desktop without systemd, a container): the XDG autostart entry, and the
//!   reminder started now in the background by us, its messages in `remind/remind.log`;
//! - macOS: the LaunchAgent, loaded with `launchctl load -w`.
//!
//! `BACKEASE_SYSTEMCTL` names the `systemctl` to run (tests point it at a fake that
//! records its arguments, so they never touch the machine's own user instance); empty,
//! there is no systemd. A file that was changed since backease wrote it, or that backease
//! did not write, is never replaced or removed without `--force`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::autostart::{self, Found};
use super::files::Files;

/// Where things are and what to run: from the environment ([`Setup::from_env`]) or a
/// test's.
#[derive(Debug, Clone)]
pub struct Setup {
    pub home: PathBuf,
    /// `$XDG_CONFIG_HOME`, else `~/.config`.
    pub config_home: PathBuf,
    /// The binary's absolute path (what the files start).
    pub exe: PathBuf,
    /// The `systemctl` to run; `None`: there is no systemd.
    pub systemctl: Option<String>,
    /// The reminder's files (lock, state, log).
    pub files: Files,
    pub macos: bool,
}

/// How the reminder is started with the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Systemd,
    Autostart,
    LaunchAgent,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::Systemd => "systemd user unit",
            Method::Autostart => "XDG autostart entry",
            Method::LaunchAgent => "LaunchAgent",
        }
    }
}

/// An absolute directory from an environment variable (empty or relative: unset, as the
/// XDG Base Directory spec says).
fn absolute(value: Option<std::ffi::OsString>) -> Option<PathBuf> {
    value
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
}

impl Setup {
    pub fn from_env() -> Result<Setup, String> {
        let home = absolute(std::env::var_os("HOME"))
            .ok_or("no home directory (HOME is not set): nowhere to install")?;
        let config_home =
            absolute(std::env::var_os("XDG_CONFIG_HOME")).unwrap_or_else(|| home.join(".config"));
        let exe = std::env::current_exe()
            .and_then(std::fs::canonicalize)
            .map_err(|e| format!("cannot tell where this backease is: {e}"))?;
        let systemctl = match std::env::var_os("BACKEASE_SYSTEMCTL") {
            Some(s) if s.is_empty() => None,
            Some(s) => Some(s.to_string_lossy().into_owned()),
            None => Some("systemctl".to_string()),
        };
        let files = Files::platform().ok_or("no data directory (set HOME)")?;
        Ok(Setup {
            home,
            config_home,
            exe,
            systemctl,
            files,
            macos: cfg!(target_os = "macos"),
        })
    }

    fn exe_text(&self) -> String {
        self.exe.display().to_string()
    }

    pub fn unit_path(&self) -> PathBuf {
        self.config_home
            .join("systemd/user")
            .join(autostart::UNIT_NAME)
    }

    pub fn desktop_path(&self) -> PathBuf {
        self.config_home
            .join("autostart")
            .join(autostart::DESKTOP_NAME)
    }

    pub fn plist_path(&self) -> PathBuf {
        self.home
            .join("Library/LaunchAgents")
            .join(format!("{}.plist", autostart::LAUNCH_LABEL))
    }

    pub fn log_path(&self) -> PathBuf {
        self.files.dir().join("remind.log")
    }

    /// The file for `method` and what would be written in it now.
    fn file(&self, method: Method) -> (PathBuf, String) {
        let exe = self.exe_text();
        match method {
            Method::Systemd => (self.unit_path(), autostart::systemd_unit(&exe)),
            Method::Autostart => (self.desktop_path(), autostart::desktop_entry(&exe)),
            Method::LaunchAgent => (
                self.plist_path(),
                autostart::launch_agent(&exe, &self.log_path().display().to_string()),
            ),
        }
    }

    /// Runs `systemctl --user ARGS`: its standard output, or why it failed.
    fn systemctl(&self, args: &[&str]) -> Result<String, String> {
        let Some(program) = &self.systemctl else {
            return Err("no systemctl".into());
        };
        let out = Command::new(program)
            .arg("--user")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("{program}: {e}"))?;
        let stdout = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if out.status.success() {
            Ok(stdout)
        } else {
            let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
            Err(if stderr.is_empty() { stdout } else { stderr })
        }
    }

    /// Whether a systemd user instance answers: `is-system-running` says anything but
    /// `offline` (it exits non-zero when `degraded`, which still runs units).
    pub fn systemd_reachable(&self) -> bool {
        let Some(program) = &self.systemctl else {
            return false;
        };
        let Ok(out) = Command::new(program)
            .args(["--user", "is-system-running"])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
        else {
            return false;
        };
        let state = String::from_utf8_lossy(&out.stdout).trim().to_string();
        !state.is_empty() && state != "offline" && state != "unknown"
    }

    /// How the reminder would be started here, and why.
    pub fn method(&self) -> (Method, &'static str) {
        if self.macos {
            (Method::LaunchAgent, "macOS")
        } else if self.systemd_reachable() {
            (Method::Systemd, "a systemd user instance runs")
        } else {
            (
                Method::Autostart,
                "no systemd user instance answers here: the desktop starts it at login",
            )
        }
    }
}

/// Text indented by four spaces, for showing a file.
fn indented(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// Why a file is left alone, or `None` when it may be replaced or removed.
fn refusal(path: &Path, found: Found, force: bool, doing: &str) -> Option<String> {
    let what = match found {
        Found::Same | Found::Ours => return None,
        _ if force => return None,
        Found::Changed => "was changed since backease wrote it",
        Found::Foreign => "was not written by backease",
    };
    Some(format!(
        "{}: this file {what}; left as it is. See what backease would write with \
         `backease remind --install --dry-run`; {doing} it anyway with --force",
        path.display()
    ))
}

/// Reads a small text file; `Ok(None)` when there is none.
fn read(path: &Path) -> Result<Option<String>, String> {
    match crate::store::read::read_bounded(path, 64 * 1024) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(crate::store::read::ReadError::NotFound) => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// `backease remind --install [--dry-run] [--force]`: what was done (or would be), for
/// standard output; `Err` with what to tell the person.
pub fn install(setup: &Setup, dry_run: bool, force: bool) -> Result<String, String> {
    let (method, why) = setup.method();
    let (path, text) = setup.file(method);
    let mut out = format!("{}: {}\n  ({why})\n", method.name(), path.display());
    let found = read(&path)?.map(|existing| autostart::judge(&existing, &text));
    if let Some(found) = found
        && let Some(no) = refusal(&path, found, force, "replace")
    {
        return Err(no);
    }
    let write = found != Some(Found::Same);
    let mut commands: Vec<Vec<String>> = Vec::new();
    let user = |args: &[&str]| {
        let mut c = vec![
            setup.systemctl.clone().unwrap_or_default(),
            "--user".to_string(),
        ];
        c.extend(args.iter().map(|a| a.to_string()));
        c
    };
    match method {
        Method::Systemd => {
            commands.push(user(&["daemon-reload"]));
            commands.push(user(&["enable", "--now", autostart::UNIT_NAME]));
        }
        Method::LaunchAgent => commands.push(vec![
            "launchctl".into(),
            "load".into(),
            "-w".into(),
            path.display().to_string(),
        ]),
        Method::Autostart => {}
    }
    let running = setup.files.holder();
    if dry_run {
        if write {
            out.push_str(&format!("would write {}:\n", path.display()));
            out.push_str(&indented(&text));
        } else {
            out.push_str("already there, as backease would write it\n");
        }
        for c in &commands {
            out.push_str(&format!("would run: {}\n", c.join(" ")));
        }
        if method == Method::Autostart {
            match &running {
                Some(h) => out.push_str(&format!("a reminder already runs ({})\n", h.whereabouts)),
                None => out.push_str(&format!(
                    "would start: {} {} (its messages in {})\n",
                    setup.exe_text(),
                    autostart::ARGS.join(" "),
                    setup.log_path().display()
                )),
            }
        }
        out.push_str("nothing was written or run (--dry-run)\n");
        return Ok(out);
    }
    if write {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        crate::store::atomic::write_atomic(&path, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let how = match found {
            Some(Found::Ours) => "replaced (it was an older one of ours)",
            Some(Found::Changed | Found::Foreign) => "replaced (--force)",
            _ => "wrote",
        };
        out = format!("{how} {}\n", path.display()) + &out;
    } else {
        out.push_str("already installed, unchanged\n");
    }
    for c in &commands {
        let (program, args) = c.split_first().expect("a command");
        let status = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {program}: {e}"))?;
        if !status.status.success() {
            return Err(format!(
                "{} failed: {}",
                c.join(" "),
                String::from_utf8_lossy(&status.stderr).trim()
            ));
        }
        out.push_str(&format!("ran: {}\n", c.join(" ")));
    }
    if method == Method::Autostart {
        match running {
            Some(h) => out.push_str(&format!(
                "a reminder already runs ({}); from your next login the desktop starts it\n",
                h.whereabouts
            )),
            None => {
                let pid = start_background(setup)?;
                out.push_str(&format!(
                    "started the reminder in the background (pid {pid}); its messages go \
                     to {}\n",
                    setup.log_path().display()
                ));
            }
        }
    }
    Ok(out)
}

/// Starts `backease remind --background` detached from this terminal (its own process
/// group, no terminal, messages appended to the log); its pid.
pub fn start_background(setup: &Setup) -> Result<u32, String> {
    use std::os::unix::process::CommandExt as _;
    std::fs::create_dir_all(setup.files.dir())
        .map_err(|e| format!("cannot create {}: {e}", setup.files.dir().display()))?;
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(setup.log_path())
        .map_err(|e| format!("cannot open {}: {e}", setup.log_path().display()))?;
    let err = log
        .try_clone()
        .map_err(|e| format!("cannot open {}: {e}", setup.log_path().display()))?;
    let child = Command::new(&setup.exe)
        .args(autostart::ARGS)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(err)
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", setup.exe.display()))?;
    Ok(child.id())
}

/// `backease remind --uninstall [--dry-run] [--force]`.
pub fn uninstall(setup: &Setup, dry_run: bool, force: bool) -> Result<String, String> {
    let mut out = String::new();
    let mut found_any = false;
    let systemd = setup.systemd_reachable();
    for method in [Method::Systemd, Method::Autostart, Method::LaunchAgent] {
        let (path, text) = setup.file(method);
        let Some(existing) = read(&path)? else {
            continue;
        };
        found_any = true;
        if let Some(no) = refusal(&path, autostart::judge(&existing, &text), force, "remove") {
            return Err(no);
        }
        let mut commands: Vec<Vec<String>> = Vec::new();
        if method == Method::Systemd && systemd {
            let program = setup.systemctl.clone().unwrap_or_default();
            commands.push(vec![
                program,
                "--user".into(),
                "disable".into(),
                "--now".into(),
                autostart::UNIT_NAME.into(),
            ]);
        }
        if method == Method::LaunchAgent && setup.macos {
            commands.push(vec![
                "launchctl".into(),
                "unload".into(),
                "-w".into(),
                path.display().to_string(),
            ]);
        }
        for c in &commands {
            if dry_run {
                out.push_str(&format!("would run: {}\n", c.join(" ")));
                continue;
            }
            let (program, args) = c.split_first().expect("a command");
            match Command::new(program)
                .args(args)
                .stdin(Stdio::null())
                .output()
            {
                Ok(o) if o.status.success() => out.push_str(&format!("ran: {}\n", c.join(" "))),
                Ok(o) => out.push_str(&format!(
                    "{} failed ({}); removing the file anyway\n",
                    c.join(" "),
                    String::from_utf8_lossy(&o.stderr).trim()
                )),
                Err(e) => out.push_str(&format!("cannot run {program}: {e}\n")),
            }
        }
        if dry_run {
            out.push_str(&format!("would remove {}\n", path.display()));
        } else {
            std::fs::remove_file(&path)
                .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
            out.push_str(&format!("removed {} ({})\n", path.display(), method.name()));
            if method == Method::Systemd && systemd {
                let _ = setup.systemctl(&["daemon-reload"]);
            }
        }
    }
    // A reminder we started in the background (not one in a window) is stopped.
    if let Some(holder) = setup.files.holder().filter(|h| h.background)
        && let Some(pid) = holder.pid
    {
        if dry_run {
            out.push_str(&format!("would stop the background reminder (pid {pid})\n"));
        } else {
            match crate::sys::terminate(pid) {
                Ok(()) => out.push_str(&format!("stopped the background reminder (pid {pid})\n")),
                Err(e) => out.push_str(&format!("could not stop pid {pid}: {e}\n")),
            }
        }
        found_any = true;
    }
    if !found_any {
        return Ok(format!(
            "nothing to remove: the reminder is not installed (looked for {}, {}{})\n",
            setup.unit_path().display(),
            setup.desktop_path().display(),
            if setup.macos {
                format!(", {}", setup.plist_path().display())
            } else {
                String::new()
            }
        ));
    }
    if dry_run {
        out.push_str("nothing was removed or run (--dry-run)\n");
    }
    Ok(out)
}

/// `backease remind --status`: installed how, running where.
pub fn status(setup: &Setup) -> String {
    let mut out = String::new();
    let mut installed = Vec::new();
    let systemd = setup.systemd_reachable();
    for method in [Method::Systemd, Method::Autostart, Method::LaunchAgent] {
        let (path, text) = setup.file(method);
        let Ok(Some(existing)) = read(&path) else {
            continue;
        };
        let mut line = format!("{} {}", method.name(), path.display());
        match autostart::judge(&existing, &text) {
            Found::Same => {}
            Found::Ours => line.push_str(" (written by an older backease or for another path)"),
            Found::Changed => line.push_str(" (changed since backease wrote it)"),
            Found::Foreign => line.push_str(" (not written by backease)"),
        }
        if method == Method::Systemd && systemd {
            let enabled = setup
                .systemctl(&["is-enabled", autostart::UNIT_NAME])
                .unwrap_or_else(|e| e);
            let active = setup
                .systemctl(&["is-active", autostart::UNIT_NAME])
                .unwrap_or_else(|e| e);
            line.push_str(&format!("; {enabled}, {active}"));
        }
        installed.push(line);
    }
    if installed.is_empty() {
        out.push_str("installed: no (`backease remind --install` starts it with your session)\n");
    } else {
        for (i, line) in installed.iter().enumerate() {
            let head = if i == 0 { "installed:" } else { "          " };
            out.push_str(&format!("{head} {line}\n"));
        }
    }
    match setup.files.holder() {
        Some(h) => {
            let how = if h.background {
                match (installed.first(), systemd) {
                    (Some(l), true) if l.starts_with(Method::Systemd.name()) => {
                        "no window: started by systemd or --install"
                    }
                    _ => "no window: started at login or by --install",
                }
            } else {
                "in a terminal window"
            };
            out.push_str(&format!("running:   yes, {} ({how})\n", h.whereabouts));
            if h.background {
                out.push_str(&format!("log:       {}\n", setup.log_path().display()));
            }
        }
        None => out.push_str("running:   no\n"),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(dir: &Path) -> Setup {
        Setup {
            home: dir.join("home"),
            config_home: dir.join("config"),
            exe: PathBuf::from("/usr/bin/backease"),
            systemctl: None,
            files: Files::at(dir.join("data/remind")),
            macos: false,
        }
    }

    #[test]
    fn without_systemd_the_autostart_entry_is_shown_then_written_and_a_changed_one_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut s = setup(dir.path());
        // Never start a real background process from a unit test: a binary that exits.
        s.exe = PathBuf::from("/bin/true");
        let dry = install(&s, true, false).expect("dry run");
        assert!(dry.contains("would write "), "{dry}");
        assert!(dry.contains("X-systemd-skip=true"), "{dry}");
        assert!(!s.desktop_path().exists(), "a dry run writes nothing");
        let done = install(&s, false, false).expect("installed");
        assert!(done.starts_with("wrote "), "{done}");
        assert!(
            done.contains("started the reminder in the background"),
            "{done}"
        );
        let again = install(&s, false, false).expect("again");
        assert!(again.contains("already installed, unchanged"), "{again}");
        let path = s.desktop_path();
        let text = std::fs::read_to_string(&path).expect("written");
        std::fs::write(&path, text.replace("NoDisplay=true", "NoDisplay=false")).expect("edit");
        let e = install(&s, false, false).expect_err("kept");
        assert!(e.contains("was changed since backease wrote it"), "{e}");
        assert!(e.contains("--force"), "{e}");
        let e = uninstall(&s, false, false).expect_err("kept");
        assert!(e.contains("remove it anyway with --force"), "{e}");
        let gone = uninstall(&s, false, true).expect("forced");
        assert!(gone.contains("removed "), "{gone}");
        assert!(!path.exists());
        let none = uninstall(&s, false, false).expect("nothing");
        assert!(none.starts_with("nothing to remove"), "{none}");
    }

    #[test]
    fn macos_writes_the_launch_agent() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut s = setup(dir.path());
        s.macos = true;
        let dry = install(&s, true, false).expect("dry run");
        assert!(
            dry.contains("Library/LaunchAgents/org.backease.remind.plist"),
            "{dry}"
        );
        assert!(dry.contains("would run: launchctl load -w "), "{dry}");
    }
}
