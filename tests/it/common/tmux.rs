//! The real binary in tmux, for end-to-end tests. Each [`Tmux`] has its own server (a
//! unique socket), a private HOME / config / data directory, a trace file
//! (`BACKEASE_TRACE`) and the test routines written to a file passed with `--routines`.
//! Everything waits by polling with a deadline; the server is killed in `Drop`, even when
//! the test fails.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_backease");

/// Deadline for anything the program should do "at once": generous, because a loaded
/// 2-core machine may be compiling beside us.
pub const SOON: Duration = Duration::from_secs(20);

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// The tests' own routines (README: "Writing routines"). Ids start with `e2e_` so they never
/// clash with the shipped library they are merged over.
pub const ROUTINES: &str = r#"// Routines for backease's end-to-end tests.
(
    exercises: [
        (
            id: "e2e_first",
            name: "E2E first",
            description: "First test stretch.",
            cues: ["Breathe in.", "Breathe out."],
            hold: "30s",
        ),
        (id: "e2e_second", name: "E2E second", hold: "20s"),
        (id: "e2e_third", name: "E2E third", hold: "20s"),
        (id: "e2e_hold", name: "E2E hold", hold: "10m", lead_in: "0s"),
    ],
    routines: [
        (
            id: "e2e_steps",
            name: "E2E three steps",
            description: "Three holds for the end-to-end tests.",
            steps: [(exercise: "e2e_first"), (exercise: "e2e_second"), (exercise: "e2e_third")],
        ),
        (
            id: "e2e_long",
            name: "E2E long hold",
            description: "Ten minutes for the signal tests.",
            steps: [(exercise: "e2e_hold")],
        ),
        (
            id: "e2e_fast",
            name: "E2E fast",
            description: "Three short holds for the timing trace.",
            steps: [
                (exercise: "e2e_first", hold: "10s", lead_in: "3s"),
                (exercise: "e2e_second", hold: "10s", lead_in: "3s"),
                (exercise: "e2e_third", hold: "10s", lead_in: "3s"),
            ],
        ),
    ],
)
"#;

/// Spoken cues off unless a test writes its own preferences: a speech engine on this
/// machine (speech-dispatcher starts a server of its own) must not outlive the test.
pub fn quiet_voice(home: &std::path::Path) {
    let config = home.join("config");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::write(
        config.join("preferences.ron"),
        "(voice: \"off\", checkin: false)\n",
    )
    .expect("preferences");
}

pub struct Tmux {
    socket: String,
    home: tempfile::TempDir,
}

impl Tmux {
    /// A fresh server with a bash prompt. Without tmux the test fails and says why: an
    /// end-to-end test that cannot run must never count as passed.
    pub fn start() -> Tmux {
        assert!(
            Command::new("tmux").arg("-V").output().is_ok(),
            "tmux is not installed: the end-to-end tests drive the real binary in tmux \
             (Debian: apt-get install tmux)"
        );
        let home = tempfile::tempdir().expect("temp dir");
        std::fs::write(home.path().join("routines.ron"), ROUTINES).expect("routine file");
        quiet_voice(home.path());
        let socket = format!(
            "backease-e2e-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let h = home.path().display().to_string();
        let shell = format!(
            "env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME={h} BACKEASE_CONFIG_DIR={h}/config \
             BACKEASE_DATA_DIR={h}/data BACKEASE_TRACE={h}/trace.txt PS1='$ ' \
             bash --norc --noprofile"
        );
        let t = Tmux { socket, home };
        t.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "30",
            "-s",
            "e2e",
            &shell,
        ]);
        t.wait("the shell prompt", SOON, |t| {
            t.screen().lines().any(|l| l.trim_end() == "$")
        });
        t
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "e2e"])
    }

    pub fn info(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", "e2e", format])
            .trim()
            .to_string()
    }

    pub fn title(&self) -> String {
        self.info("#{pane_title}")
    }

    /// The clock in the window title: "backease — E2E hold 09:58" -> "09:58".
    pub fn title_clock(&self) -> String {
        self.title()
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_string()
    }

    /// Polls until `check` holds, failing with the title, screen and trace after `limit`.
    pub fn wait(&self, what: &str, limit: Duration, check: impl Fn(&Tmux) -> bool) {
        let deadline = Instant::now() + limit;
        loop {
            if check(self) {
                return;
            }
            if Instant::now() >= deadline {
                panic!(
                    "timed out waiting for {what}\ntitle: {}\n{}\ntrace:\n{}",
                    self.title(),
                    self.screen(),
                    self.trace()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_text(&self, needle: &str) {
        self.wait(&format!("{needle:?}"), SOON, |t| {
            t.screen().contains(needle)
        });
    }

    /// Types `backease ARGS --routines FILE` at the prompt.
    pub fn run(&self, args: &str) {
        let routines = self.home.path().join("routines.ron");
        self.keys(&[
            &format!("{BIN} {args} --routines {}", routines.display()),
            "Enter",
        ]);
    }

    /// The program's pid, once it runs (the only child of the pane's shell).
    pub fn app_pid(&self) -> String {
        let shell = self.info("#{pane_pid}");
        let child = || {
            let out = Command::new("pgrep")
                .args(["-P", &shell])
                .output()
                .expect("pgrep");
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        };
        self.wait("the program's pid", SOON, |_| {
            let found = child();
            !found.is_empty() && !found.contains('\n')
        });
        child()
    }

    /// Sends `signal` (a name such as `TERM`) to `pid`.
    pub fn signal(&self, pid: &str, signal: &str) {
        let status = Command::new("kill")
            .args([&format!("-{signal}"), pid])
            .status()
            .expect("kill");
        assert!(status.success(), "kill -{signal} {pid}");
    }

    /// The process state letter from /proc (`T` when stopped); `None` once it is gone.
    pub fn state(pid: &str) -> Option<char> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let after = &stat[stat.rfind(')')? + 1..];
        after.trim_start().chars().next()
    }

    pub fn wait_gone(&self, pid: &str) {
        self.wait("the program to exit", SOON, |_| {
            matches!(Tmux::state(pid), None | Some('Z'))
        });
    }

    /// The private data directory (history, resume file).
    pub fn data_dir(&self) -> PathBuf {
        self.home.path().join("data")
    }

    /// The texts of the history records written so far, in file-name order.
    pub fn history(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.data_dir().join("history")) else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("history file"))
            .collect()
    }

    /// The private home directory.
    pub fn home(&self) -> &std::path::Path {
        self.home.path()
    }

    /// The trace file's text (empty before the first line).
    pub fn trace(&self) -> String {
        std::fs::read_to_string(self.trace_path()).unwrap_or_default()
    }

    pub fn trace_path(&self) -> PathBuf {
        self.home.path().join("trace.txt")
    }

    /// Lets the app's key guard pass: a key that acts on the step (Enter, n, p, …) within
    /// [`backease::app::KEY_GUARD`] of the step or phase changing is ignored by design
    /// (issue 13). This waits out a known length, not for something to happen.
    pub fn past_key_guard(&self) {
        std::thread::sleep(backease::app::KEY_GUARD + Duration::from_millis(200));
    }

    /// A session is under way: the countdown in the title moves.
    pub fn wait_counting(&self) {
        self.wait("a clock in the title", SOON, |t| {
            t.title_clock().contains(':')
        });
        let first = self.title_clock();
        self.wait("the countdown to move", SOON, |t| {
            let now = t.title_clock();
            now.contains(':') && now != first
        });
    }

    /// The shell has the terminal and it is in cooked mode with echo (`stty -a`).
    pub fn assert_terminal_normal(&self) {
        self.wait("the shell to be back", SOON, |t| {
            t.info("#{pane_current_command}") == "bash"
        });
        // A fresh marker each time, split in the command so only the output matches it
        // (an earlier check's output may still be on screen).
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        self.keys(&[
            &format!(
                "clear; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' \
                 | sed 's/^/MODE{n}:/'; echo DO''NE{n}"
            ),
            "Enter",
        ]);
        let done = format!("\nDONE{n}\n");
        self.wait(&done, SOON, |t| t.screen().contains(&done));
        let screen = self.screen();
        assert!(screen.contains(&format!("MODE{n}:icanon\n")), "{screen}");
        assert!(screen.contains(&format!("MODE{n}:echo\n")), "{screen}");
        assert!(!screen.contains(&format!("MODE{n}:-")), "{screen}");
    }

    /// Lines of the trace starting with `word `.
    pub fn trace_lines(&self, word: &str) -> Vec<String> {
        self.trace()
            .lines()
            .filter(|l| l.split(' ').next() == Some(word))
            .map(str::to_string)
            .collect()
    }

    pub fn kill_server(&self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.kill_server();
    }
}
