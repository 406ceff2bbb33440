//! End to end, plain mode: the real binary with standard output a pipe. Every shipped
//! routine runs to its summary at `--speed 1000`, answering Enter whenever a line says
//! "press Enter"; with standard input closed a timed routine runs to its end and one that
//! waits for a key ends instead of hanging; lines come in order and on time; `start X |
//! cat` (a terminal on stdin) reads keys and leaves the terminal as it found it; SIGTERM
//! records the session and exits 143.

use crate::common::pty;

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const SOON: Duration = Duration::from_secs(60);

const ROUTINES: &str = r#"(
    exercises: [
        (id: "p_one", name: "Plain one", hold: "10s", lead_in: "0s"),
        (id: "p_two", name: "Plain two", hold: "10s", lead_in: "0s"),
        (id: "p_long", name: "Plain long", hold: "10m", lead_in: "0s"),
    ],
    routines: [
        (id: "p_pair", name: "Plain pair", steps: [(exercise: "p_one"), (exercise: "p_two")]),
        (id: "p_long", name: "Plain long", steps: [(exercise: "p_long")]),
    ],
)"#;

/// A run of `backease` with private folders and spoken cues off; standard output a pipe
/// read line by line (each with the moment it arrived).
struct Run {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<(Instant, String)>,
    home: tempfile::TempDir,
}

impl Run {
    fn start(args: &[&str], stdin: Stdio) -> Run {
        Run::start_in(tempfile::tempdir().expect("temp dir"), args, stdin)
    }

    /// [`Run::start`] in a home already used (its history kept).
    fn start_in(home: tempfile::TempDir, args: &[&str], stdin: Stdio) -> Run {
        let h = home.path();
        std::fs::write(h.join("routines.ron"), ROUTINES).expect("routine file");
        std::fs::create_dir_all(h.join("config")).expect("config dir");
        std::fs::write(
            h.join("config/preferences.ron"),
            "(voice: \"off\", checkin: false)\n",
        )
        .expect("prefs");
        let mut child = Command::new(env!("CARGO_BIN_EXE_backease"))
            .arg("--routines")
            .arg(h.join("routines.ron"))
            .args(args)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", h)
            .env("BACKEASE_CONFIG_DIR", h.join("config"))
            .env("BACKEASE_DATA_DIR", h.join("data"))
            .env("BACKEASE_TRACE", h.join("trace.txt"))
            .stdin(stdin)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn backease");
        let stdin = child.stdin.take();
        let out = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if tx.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
        Run {
            child,
            stdin,
            lines,
            home,
        }
    }

    /// Reads every line to the end of output, typing Enter (an empty line) after each
    /// line that asks for it. The lines, and the exit status.
    fn answer_to_the_end(&mut self) -> (Vec<String>, i32) {
        let deadline = Instant::now() + SOON;
        let mut all = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok((_, line)) => {
                    if line.to_lowercase().contains("press enter")
                        && let Some(stdin) = &mut self.stdin
                    {
                        stdin.write_all(b"\n").expect("type Enter");
                    }
                    all.push(line);
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    panic!("no end of output in {SOON:?}:\n{}", all.join("\n"))
                }
            }
        }
        (all, self.exit_code())
    }

    /// Waits for a line containing `text`; the lines up to it.
    fn wait_for(&mut self, text: &str) -> Vec<String> {
        let deadline = Instant::now() + SOON;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok((_, line)) = self.lines.recv_timeout(left) else {
                panic!("no line with {text:?}:\n{}", seen.join("\n"));
            };
            let found = line.contains(text);
            seen.push(line);
            if found {
                return seen;
            }
        }
    }

    fn type_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin piped");
        writeln!(stdin, "{line}").expect("type a line");
    }

    fn exit_code(&mut self) -> i32 {
        use std::os::unix::process::ExitStatusExt as _;
        let deadline = Instant::now() + SOON;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status
                    .code()
                    .unwrap_or_else(|| 128 + status.signal().unwrap_or(0));
            }
            assert!(Instant::now() < deadline, "backease did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn stderr(&mut self) -> String {
        let mut text = String::new();
        if let Some(mut err) = self.child.stderr.take() {
            use std::io::Read as _;
            let _ = err.read_to_string(&mut text);
        }
        text
    }

    fn history(&self) -> Vec<String> {
        history_in(&self.home.path().join("data"))
    }

    /// The session states waiting in `sessions/` (to be resumed or recorded).
    fn states(&self) -> usize {
        std::fs::read_dir(self.home.path().join("data/sessions"))
            .map(|rd| {
                rd.filter(|e| {
                    e.as_ref()
                        .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "ron"))
                })
                .count()
            })
            .unwrap_or(0)
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The history records under a data folder, as text.
fn history_in(data: &Path) -> Vec<String> {
    let dir: PathBuf = data.join("history");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .collect()
}

/// The shipped routines' ids and names, from `backease list`.
fn shipped() -> Vec<(String, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_backease"))
        .arg("list")
        .env("BACKEASE_CONFIG_DIR", "/nonexistent")
        .output()
        .expect("backease list");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let id = l.split_whitespace().next()?;
            // The name runs from after the id to the step count's column.
            let rest = l[id.len()..].trim_start();
            let name = rest.split("  ").next()?.trim();
            Some((id.to_string(), name.to_string()))
        })
        .collect()
}

/// Step lines ("00:15 Step 2/5: …") as their numbers, in order.
fn step_numbers(lines: &[String]) -> Vec<(usize, usize)> {
    lines
        .iter()
        .filter_map(|l| {
            let rest = l.get(6..)?.strip_prefix("Step ")?;
            let (k, rest) = rest.split_once('/')?;
            let (n, _) = rest.split_once(':')?;
            Some((k.parse().ok()?, n.parse().ok()?))
        })
        .collect()
}

/// Each line starts with a session time that never goes backwards (lines that belong to
/// the one before are indented), and holds no control characters.
fn assert_plain_lines(lines: &[String], what: &str) {
    let mut last = String::new();
    for line in lines {
        assert!(
            !line.chars().any(char::is_control),
            "{what}: a control character in {line:?}"
        );
        let Some(time) = line.get(..5).filter(|t| t.as_bytes()[2] == b':') else {
            continue;
        };
        assert!(time >= last.as_str(), "{what}: time went back at {line:?}");
        last = time.to_string();
    }
}

#[test]
fn every_shipped_routine_runs_to_its_summary() {
    let routines = shipped();
    assert!(routines.len() >= 9, "{routines:?}");
    for (id, name) in routines {
        let mut run = Run::start(
            &["--mute", "start", &id, "--plain", "--speed", "1000"],
            Stdio::piped(),
        );
        let (lines, code) = run.answer_to_the_end();
        let all = lines.join("\n");
        assert_eq!(code, 0, "{id}: exit status\n{all}\n{}", run.stderr());
        assert_plain_lines(&lines, &id);
        // Every step, once, in order.
        let steps = step_numbers(&lines);
        let n = steps.first().map_or(0, |s| s.1);
        assert!(n > 0, "{id}: no step lines\n{all}");
        assert_eq!(
            steps,
            (1..=n).map(|k| (k, n)).collect::<Vec<_>>(),
            "{id}\n{all}"
        );
        // Then the end, then the summary with every step done.
        let complete = lines
            .iter()
            .position(|l| l.ends_with(" Session complete."))
            .unwrap_or_else(|| panic!("{id}: no end\n{all}"));
        let summary = &lines[complete + 1..];
        assert_eq!(summary[0], "", "{id}");
        assert_eq!(summary[1], format!("{name} — finished"), "{id}\n{all}");
        assert!(
            summary[2].starts_with(&format!("{n} done · 0 skipped")),
            "{id}: {}",
            summary[2]
        );
        assert_eq!(
            summary.iter().filter(|l| l.starts_with("✓ ")).count(),
            n,
            "{id}\n{all}"
        );
        // Recorded in history, as finished.
        let history = run.history();
        assert_eq!(history.len(), 1, "{id}: {history:?}");
        assert!(history[0].contains(&format!("\"{id}\"")), "{}", history[0]);
    }
}

#[test]
fn the_moments_come_in_order_and_on_time() {
    // Two 10 s holds without a lead-in at 10 times real speed: one second apart.
    let mut run = Run::start(
        &["--mute", "start", "p_pair", "--plain", "--speed", "10"],
        Stdio::piped(),
    );
    let mut timed = Vec::new();
    let deadline = Instant::now() + SOON;
    while let Ok((at, line)) = run
        .lines
        .recv_timeout(deadline.saturating_duration_since(Instant::now()))
    {
        timed.push((at, line));
    }
    // The opening notices (no D-Bus session here for notifications, say) depend on the
    // machine: the moments follow them.
    let lines: Vec<&str> = timed
        .iter()
        .map(|(_, l)| l.as_str())
        .filter(|l| !l.starts_with("note: "))
        .collect();
    assert_eq!(
        lines[1..],
        [
            "00:00 Step 1/2: Plain one — hold 10 s",
            "00:10 Plain one — done",
            "00:10 Step 2/2: Plain two — hold 10 s",
            "00:20 Plain two — done",
            "00:20 Session complete.",
            "",
            "Plain pair — finished",
            // Sped up (--speed 10): it counts toward no streak.
            "2 done · 0 skipped · 20 s spent",
            "✓  1. Plain one — done · 10 s",
            "✓  2. Plain two — done · 10 s",
        ],
        "{lines:#?}"
    );
    assert!(lines[0].starts_with("Plain pair: 2 steps, 20 s. Keys: "));
    let timed: Vec<_> = timed
        .iter()
        .filter(|(_, l)| !l.starts_with("note: "))
        .collect();
    let gap = timed[3].0 - timed[1].0;
    assert!(
        gap > Duration::from_millis(900) && gap < Duration::from_millis(1400),
        "step 2 came {gap:?} after step 1"
    );
    assert_eq!(run.exit_code(), 0);
}

#[test]
fn with_input_closed_a_timed_routine_runs_to_its_end_and_a_wait_ends_the_session() {
    let mut run = Run::start(
        &["--mute", "start", "p_pair", "--plain", "--speed", "100"],
        Stdio::null(),
    );
    let (lines, code) = run.answer_to_the_end();
    assert_eq!(code, 0);
    assert!(
        lines.contains(&"Plain pair — finished".to_string()),
        "{lines:#?}"
    );
    assert_eq!(run.history().len(), 1);

    // The long step ends in its alarm, which waits for Enter: nothing can go on.
    let started = Instant::now();
    let mut run = Run::start(
        &["--mute", "start", "p_long", "--plain", "--speed", "100"],
        Stdio::null(),
    );
    let (lines, code) = run.answer_to_the_end();
    assert_eq!(code, 0, "{lines:#?}");
    let all = lines.join("\n");
    assert!(
        all.contains("10:00 Press Enter to finish. Last step."),
        "{all}"
    );
    assert!(
        all.contains("Input has ended and the session waits for a key: ending it here."),
        "{all}"
    );
    assert!(all.contains("Plain long — ended early"), "{all}");
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(run.history().len(), 1);
}

#[test]
fn lines_pause_resume_and_end_the_session() {
    let mut run = Run::start(&["--mute", "start", "p_long", "--plain"], Stdio::piped());
    run.wait_for("Step 1/1: Plain long — hold 10 min");
    run.type_line(" ");
    run.wait_for("Paused. Space or p to go on.");
    run.type_line("p");
    run.wait_for("Going on.");
    run.type_line("what");
    run.wait_for("Not a key here: \"what\". Type ? for the keys.");
    run.type_line("q");
    let rest = run.wait_for("Plain long — ended early");
    assert!(rest.contains(&String::new()), "{rest:#?}");
    assert_eq!(run.exit_code(), 0);
    let history = run.history();
    assert_eq!(history.len(), 1, "{history:?}");
    // Ended on purpose: recorded, and nothing waits to be resumed (issue 26, item 3;
    // the old code kept its state, and every later launch offered one).
    assert_eq!(run.states(), 0);
}

#[test]
fn sigterm_records_the_session_and_exits_143() {
    let mut run = Run::start(&["--mute", "start", "p_long"], Stdio::piped());
    // stdout is a pipe: plain mode without being asked.
    run.wait_for("Step 1/1: Plain long — hold 10 min");
    // SAFETY: kill with a live child's pid and a valid signal number.
    #[allow(unsafe_code)]
    let rc = unsafe { libc::kill(run.child.id() as libc::pid_t, libc::SIGTERM) };
    assert_eq!(rc, 0);
    let rest = run.wait_for("Plain long — ended early");
    assert!(rest.contains(&"Ended by SIGTERM.".to_string()), "{rest:#?}");
    assert_eq!(run.exit_code(), 143);
    assert_eq!(run.history().len(), 1);
    // Interrupted, not ended by the person: kept to be offered.
    assert_eq!(run.states(), 1);
    let trace = std::fs::read_to_string(run.home.path().join("trace.txt")).expect("trace");
    assert_eq!(trace.matches("session_over routine=p_long").count(), 1);
}

#[test]
fn start_piped_into_cat_reads_keys_from_the_terminal_and_leaves_it_as_it_was() {
    let mut p = pty::Pty::spawn_with(&["--mute", "start", "p_long"], ROUTINES, true);
    p.wait("the first step", SOON, |p| p.output().contains("Step 1/1"));
    assert!(
        !p.cooked(),
        "keys without Enter: no line editing during the session"
    );
    p.write(b" ");
    p.wait("the pause", SOON, |p| p.output().contains("Paused."));
    p.write(b"q");
    p.wait("the question", SOON, |p| {
        p.output().contains("End the session?")
    });
    p.write(b"y");
    assert_eq!(p.exit_code(SOON), 0);
    let out = p.output();
    assert!(out.contains("Plain long — ended early"), "{out}");
    assert!(!out.contains('\x1b'), "no escape sequences: {out:?}");
    assert!(p.cooked(), "the terminal is put back");
    assert_eq!(history_in(&p.home.path().join("data")).len(), 1);
}

#[test]
fn sigtstp_stops_paused_and_sigcont_goes_on_when_asked() {
    let mut run = Run::start(&["--mute", "start", "p_long", "--plain"], Stdio::piped());
    run.wait_for("Step 1/1: Plain long — hold 10 min");
    let pid = run.child.id();
    let signal = |s: libc::c_int| {
        // SAFETY: kill with a live child's pid and a valid signal number.
        #[allow(unsafe_code)]
        let rc = unsafe { libc::kill(pid as libc::pid_t, s) };
        assert_eq!(rc, 0);
    };
    let state = || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
        stat.rsplit_once(") ").expect("comm").1.chars().next()
    };
    signal(libc::SIGTSTP);
    run.wait_for("Stopped. Back with `fg`; then Space or p to go on.");
    let deadline = Instant::now() + SOON;
    while state() != Some('T') {
        assert!(Instant::now() < deadline, "not stopped: {:?}", state());
        std::thread::sleep(Duration::from_millis(20));
    }
    signal(libc::SIGCONT);
    // Still paused after the stop: Space or p goes on.
    run.type_line("p");
    run.wait_for("Going on.");
    run.type_line("q");
    run.wait_for("Plain long — ended early");
    assert_eq!(run.exit_code(), 0);
    assert_eq!(run.history().len(), 1);
}

/// Issue 26: `backease start ROUTINE` asks, as the menu does, whether to skip what hurt
/// last time (it used to start without asking: history came after the start). In plain
/// mode from a pipe nobody can answer: it says so and skips it.
#[test]
fn start_says_what_hurt_last_time_and_skips_it_when_nobody_can_answer() {
    let mut first = Run::start(&["start", "p_pair", "--plain"], Stdio::piped());
    first.wait_for("Step 1/2");
    first.type_line("x");
    first.wait_for("Stopped because it hurt");
    first.type_line("q");
    let (_, code) = first.answer_to_the_end();
    assert_eq!(code, 0);
    assert!(
        first
            .history()
            .iter()
            .any(|r| r.contains("outcome: Painful")),
        "{:#?}",
        first.history()
    );
    let home = std::mem::replace(&mut first.home, tempfile::tempdir().expect("temp dir"));
    drop(first);
    let mut second = Run::start_in(
        home,
        &["start", "p_pair", "--plain", "--speed", "100"],
        Stdio::piped(),
    );
    drop(second.stdin.take());
    let (lines, code) = second.answer_to_the_end();
    assert_eq!(code, 0, "{lines:#?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Last time Plain one hurt. Skip it this time? Skipping it")),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("Plain one — skipped")),
        "{lines:#?}"
    );
}
