//! End to end: the real binary in tmux. Start a routine, see the first step and a moving
//! countdown (read from the window title the app sets), pause (the time stops), skip, go
//! back, quit with confirmation, and find the terminal back in its normal mode (`stty -a`
//! shows `icanon` and `echo`); the same after SIGTERM. Each test has its own tmux server
//! and a private HOME; the server is killed even when the test fails.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_backease");
static NEXT: AtomicUsize = AtomicUsize::new(0);

struct Tmux {
    socket: String,
    _home: tempfile::TempDir,
}

impl Tmux {
    fn start() -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("tmux is not installed: end-to-end tests cannot run");
            return None;
        }
        let home = tempfile::tempdir().expect("temp dir");
        let socket = format!(
            "backease-e2e-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let h = home.path().display().to_string();
        let shell = format!(
            "env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME={h} BACKEASE_CONFIG_DIR={h}/config \
             BACKEASE_DATA_DIR={h}/data PS1='$ ' bash --norc --noprofile"
        );
        let t = Tmux {
            socket,
            _home: home,
        };
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
        Some(t)
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "e2e"])
    }

    fn info(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", "e2e", format])
            .trim()
            .to_string()
    }

    /// Polls until `check` holds, failing with the screen after `secs`.
    fn wait(&self, what: &str, secs: u64, check: impl Fn(&Tmux) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < deadline {
            if check(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "timed out waiting for {what}\ntitle: {}\n{}",
            self.info("#{pane_title}"),
            self.screen()
        );
    }

    fn wait_text(&self, needle: &str, secs: u64) {
        self.wait(&format!("{needle:?}"), secs, |t| {
            t.screen().contains(needle)
        });
    }

    fn run(&self, args: &str) {
        assert!(Path::new(BIN).exists());
        self.keys(&[&format!("{BIN} {args}"), "Enter"]);
    }

    /// After the program is gone: the shell is back and the tty is in cooked mode.
    fn assert_terminal_restored(&self) {
        self.wait("the shell to be back", 10, |t| {
            t.info("#{pane_current_command}") == "bash"
        });
        self.keys(&[
            "clear; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | sed 's/^/MODE:/'",
            "Enter",
        ]);
        self.wait_text("MODE:echo", 10);
        let screen = self.screen();
        assert!(screen.contains("MODE:icanon\n"), "{screen}");
        assert!(!screen.contains("MODE:-icanon"), "{screen}");
        assert!(!screen.contains("MODE:-echo\n"), "{screen}");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// The clock in the window title: "backease — Knee hug 00:04" -> "00:04".
fn title_clock(t: &Tmux) -> String {
    t.info("#{pane_title}")
        .rsplit(' ')
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_session_counts_down_pauses_skips_goes_back_and_quits_cleanly() {
    let Some(t) = Tmux::start() else { return };
    t.run("start quick --mute");
    t.wait_text("Knee hug", 10);
    t.wait_text("step 1 of 3", 5);
    t.wait_text("Get ready", 5);
    t.wait_text("muted", 5);
    // A moving countdown.
    let first = title_clock(&t);
    assert!(first.contains(':'), "title clock {first:?}");
    t.wait("the countdown to move", 5, |t| {
        let now = title_clock(t);
        now.contains(':') && now != first
    });
    // Pause: the time stops.
    t.keys(&["Space"]);
    t.wait_text("Paused", 5);
    let frozen = t.screen();
    std::thread::sleep(Duration::from_millis(2_200));
    assert_eq!(
        t.screen(),
        frozen,
        "the screen must not change while paused"
    );
    assert!(t.info("#{pane_title}").ends_with("(paused)"));
    t.keys(&["Space"]);
    t.wait("the pause to end", 5, |t| !t.screen().contains("Paused"));
    // Skip, then back.
    t.keys(&["n"]);
    t.wait_text("step 2 of 3", 5);
    t.wait_text("Cat-cow", 5);
    t.keys(&["p"]);
    t.wait_text("step 1 of 3", 5);
    // Quit asks first; a second q confirms; the summary; q leaves.
    t.keys(&["q"]);
    t.wait_text("End the session now?", 5);
    t.keys(&["q"]);
    t.wait_text("ended early", 5);
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn the_menu_starts_a_routine_and_ctrl_c_leaves_at_once() {
    let Some(t) = Tmux::start() else { return };
    t.run("--mute");
    t.wait_text("pick a routine", 10);
    t.wait_text("Not medical advice", 5);
    t.keys(&["j"]);
    t.wait_text("An open-ended hold", 5);
    t.keys(&["Enter"]);
    t.wait_text("step 1 of 2", 5);
    t.keys(&["C-c"]);
    t.assert_terminal_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    let Some(t) = Tmux::start() else { return };
    t.run("start ball --mute");
    t.wait_text("Set up the ball", 10);
    let shell = t.info("#{pane_pid}");
    let out = Command::new("pgrep")
        .args(["-P", &shell])
        .output()
        .expect("pgrep");
    let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!pid.is_empty(), "the app's pid");
    let status = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(status.success());
    t.assert_terminal_restored();
}

#[test]
fn an_unknown_routine_is_a_clear_error() {
    let out = Command::new(BIN)
        .args(["start", "no_such_routine"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no_such_routine"), "{err}");
}
