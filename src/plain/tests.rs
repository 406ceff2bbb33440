//! Plain mode in-process: the whole loop (`plain::run_on`) on a scripted input and the fake
//! clock, written into a buffer, as the session and desk mode are tested on `TestBackend`
//! (`tui::tests`, `tui::tests_desk`). What standard input would carry (lines from a pipe, or
//! keys from a terminal), signals and Ctrl-Z arrive at fake moments; the lines come out
//! with the session's times, and the hooks see what is recorded. The real standard input,
//! signals and process are driven end to end in `tests/it/plain.rs`.

use std::cell::Cell;
use std::collections::VecDeque;
use std::io;
use std::rc::Rc;
use std::time::{Duration, Instant};

use ratatui::backend::TestBackend;

use super::input::{Listen, Pending};
use super::lines::Command;
use super::{Ports, run_on};
use crate::app::{App, Hooks};
use crate::audio::SilentPlayer;
use crate::speech::SilentSpeaker;
use crate::tui::Exit;
use crate::tui::clock::Clock;
use crate::tui::shell::Host;
use crate::tui::tests::{Recorder, app, fake_now, set_fake_now};
use crate::tui::trace::Trace;
use crate::tui::wait::Woke;

/// What arrives at a fake moment.
#[derive(Debug, Clone)]
enum Arrives {
    /// Bytes on standard input (a line from a pipe, or keys from a terminal).
    Text(&'static str),
    /// A terminating signal.
    Signal(i32),
    /// Ctrl-Z (SIGTSTP).
    Suspend,
    /// Standard input ends.
    End,
}

/// Standard input and signals as a script on the fake clock: a wait moves the clock to the
/// next arrival or the timeout.
struct Script {
    arrivals: VecDeque<(Duration, Arrives)>,
    keys: bool,
    pending: Pending,
    closed: bool,
    signal: Option<i32>,
    suspend: Cell<bool>,
    /// Times the process was stopped (Ctrl-Z); shared, as the run owns the script.
    stops: Rc<Cell<usize>>,
}

impl Script {
    fn lines(arrivals: &[(u64, Arrives)]) -> Script {
        Script {
            arrivals: arrivals
                .iter()
                .map(|(ms, a)| (Duration::from_millis(*ms), a.clone()))
                .collect(),
            keys: false,
            pending: Pending::new(false),
            closed: false,
            signal: None,
            suspend: Cell::new(false),
            stops: Rc::default(),
        }
    }

    fn keys(arrivals: &[(u64, Arrives)]) -> Script {
        Script {
            keys: true,
            pending: Pending::new(true),
            ..Script::lines(arrivals)
        }
    }
}

/// Past this much fake time with nothing left to arrive, a test has gone wrong: the
/// terminal "hangs up" so it always ends.
const LONGEST: Duration = Duration::from_secs(6 * 3600);

impl Host for Script {
    type Backend = TestBackend;

    fn wait(&mut self, timeout: Duration) -> anyhow::Result<Woke> {
        let now = fake_now().unwrap_or_default();
        match self.arrivals.front().cloned() {
            Some((at, arrives)) if at <= now + timeout => {
                set_fake_now(now.max(at));
                match arrives {
                    Arrives::Signal(signal) => {
                        self.arrivals.pop_front();
                        self.signal = Some(signal);
                        Ok(Woke::Signal)
                    }
                    Arrives::Suspend => {
                        self.arrivals.pop_front();
                        self.suspend.set(true);
                        Ok(Woke::Signal)
                    }
                    Arrives::Text(_) | Arrives::End => Ok(Woke::Input),
                }
            }
            None if now + timeout > LONGEST => Ok(Woke::HangUp),
            _ => {
                set_fake_now(now + timeout);
                Ok(Woke::Timeout)
            }
        }
    }

    fn stop_signal(&self) -> Option<i32> {
        self.signal
    }

    fn take_suspend(&self) -> bool {
        self.suspend.replace(false)
    }

    fn take_continued(&self) -> bool {
        false
    }
}

impl Listen for Script {
    fn keys(&self) -> bool {
        self.keys
    }

    fn hung_up(&self) -> bool {
        false
    }

    fn closed(&self) -> bool {
        self.closed
    }

    fn take_keys(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn give_back(&mut self) {}

    /// Everything that has arrived by now, taken in as the real input takes it.
    fn fill(&mut self) -> io::Result<()> {
        let now = fake_now().unwrap_or_default();
        while let Some((at, arrives)) = self.arrivals.front().cloned() {
            if at > now || matches!(arrives, Arrives::Signal(_) | Arrives::Suspend) {
                break;
            }
            self.arrivals.pop_front();
            match arrives {
                Arrives::Text(text) => self.pending.push(text.as_bytes()),
                _ => {
                    self.closed = true;
                    self.pending.end();
                    break;
                }
            }
        }
        Ok(())
    }

    fn next(&mut self, asking: bool) -> Option<Command> {
        self.pending.next(asking)
    }

    fn stop_self(&mut self) -> io::Result<()> {
        self.stops.set(self.stops.get() + 1);
        Ok(())
    }
}

/// Standard output that fails (closed) after `room` bytes, and counts the writes tried
/// after that.
struct Closing {
    written: Vec<u8>,
    room: usize,
    failed: usize,
}

impl io::Write for Closing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.failed > 0 || self.written.len() + buf.len() > self.room {
            self.failed += 1;
            return Err(io::Error::from(io::ErrorKind::BrokenPipe));
        }
        self.written.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What a plain session printed and how it ended.
struct Ran {
    lines: Vec<String>,
    exit: Exit,
    hooks: Recorder,
    /// Ctrl-Z stops taken.
    stops: usize,
}

/// Runs the fixture's routine (three 10 s holds) in plain mode on `script`, from fake
/// time zero, writing to `out`.
fn run(
    app: App,
    script: Script,
    out: &mut dyn io::Write,
) -> (anyhow::Result<Exit>, Recorder, usize) {
    let mut hooks = Recorder::default();
    let mut player = SilentPlayer::off("test");
    set_fake_now(Duration::ZERO);
    let clock = Clock::fake(Instant::now(), 1.0, fake_now);
    let app = app
        .starting("r", clock.now())
        .expect("the fixture's routine");
    let stops = Rc::clone(&script.stops);
    let ports = Ports {
        clock,
        host: script,
        out,
        bell: false,
        trace: Trace::off(),
    };
    let exit = run_on(
        app,
        &mut player,
        Box::new(SilentSpeaker::recording()),
        &mut hooks as &mut dyn Hooks,
        ports,
    );
    (exit, hooks, stops.get())
}

fn plain(app: App, script: Script) -> Ran {
    let mut out = Vec::new();
    let (exit, hooks, stops) = run(app, script, &mut out);
    let exit = exit.expect("plain mode ran");
    let lines = String::from_utf8(out)
        .expect("UTF-8 lines")
        .lines()
        .map(str::to_string)
        .collect();
    Ran {
        lines,
        exit,
        hooks,
        stops,
    }
}

/// The lines from the first step on (the opening line's keys and notes left out).
fn moments(ran: &Ran) -> Vec<&str> {
    ran.lines
        .iter()
        .skip_while(|l| !l.contains("Step 1/"))
        .map(String::as_str)
        .collect()
}

#[test]
fn a_timed_routine_runs_to_its_summary_with_each_moment_at_its_time() {
    let ran = plain(app(), Script::lines(&[]));
    assert!(
        ran.lines[0].starts_with("R: 3 steps, 30 s. Keys: "),
        "{:#?}",
        ran.lines
    );
    assert_eq!(
        moments(&ran),
        [
            "00:00 Step 1/3: one — hold 10 s",
            "00:10 one — done",
            "00:10 Step 2/3: two — hold 10 s",
            "00:20 two — done",
            "00:20 Step 3/3: three — hold 10 s",
            "00:30 three — done",
            "00:30 Session complete.",
            "",
            "R — finished",
            "3 done · 0 skipped · 30 s spent",
            "✓  1. one — done · 10 s",
            "✓  2. two — done · 10 s",
            "✓  3. three — done · 10 s",
        ],
        "{:#?}",
        ran.lines
    );
    assert_eq!(ran.exit, Exit::Quit);
    assert_eq!(ran.hooks.over.len(), 1);
    assert!(ran.hooks.over[0].finished);
    // Each second of fake time was waited for, not spun through: the clock stands at the
    // end of the last step.
    assert_eq!(fake_now(), Some(Duration::from_secs(30)));
}

#[test]
fn lines_pause_skip_and_end_the_session_which_is_recorded_once() {
    let ran = plain(
        app(),
        Script::lines(&[
            (3_000, Arrives::Text("p\n")),
            (60_000, Arrives::Text("p\n")),
            (62_000, Arrives::Text("n\n")),
            (63_000, Arrives::Text("what\n")),
            (64_000, Arrives::Text("q\ny\n")),
        ]),
    );
    let all = ran.lines.join("\n");
    assert!(all.contains("00:03 Paused. Space or p to go on."), "{all}");
    // Paused for 57 s: the session's time stood still.
    assert!(all.contains("00:03 Going on."), "{all}");
    assert!(all.contains("Step 2/3: two — hold 10 s"), "{all}");
    assert!(
        all.contains("Not a key here: \"what\". Type ? for the keys."),
        "{all}"
    );
    assert!(all.contains("R — ended early"), "{all}");
    assert_eq!(ran.exit, Exit::Quit);
    assert_eq!(ran.hooks.over.len(), 1);
    assert!(!ran.hooks.over[0].finished);
    assert_eq!(ran.hooks.over[0].step, 1);
}

#[test]
fn keys_from_a_terminal_act_one_at_a_time_without_enter() {
    let ran = plain(
        app(),
        Script::keys(&[
            (2_000, Arrives::Text(" ")),
            (4_000, Arrives::Text("p")),
            (6_000, Arrives::Text("qy")),
        ]),
    );
    let all = ran.lines.join("\n");
    assert!(all.contains("00:02 Paused. Space or p to go on."), "{all}");
    assert!(all.contains("00:02 Going on."), "{all}");
    assert!(all.contains("R — ended early"), "{all}");
    assert_eq!(ran.exit, Exit::Quit);
    assert_eq!(ran.hooks.over.len(), 1);
    assert_eq!(fake_now(), Some(Duration::from_secs(6)));
}

#[test]
fn a_signal_ends_the_session_records_it_once_and_says_which() {
    let ran = plain(
        app(),
        Script::lines(&[(12_500, Arrives::Signal(libc::SIGTERM))]),
    );
    let all = ran.lines.join("\n");
    assert_eq!(ran.exit, Exit::Signal(libc::SIGTERM), "{all}");
    assert!(all.contains("Ended by SIGTERM."), "{all}");
    assert!(all.contains("R — ended early"), "{all}");
    assert_eq!(ran.hooks.over.len(), 1);
    assert_eq!(ran.hooks.over[0].step, 1);
    assert_eq!(fake_now(), Some(Duration::from_millis(12_500)));
}

#[test]
fn ctrl_z_stops_the_process_paused_and_it_goes_on_when_asked() {
    let ran = plain(
        app(),
        Script::keys(&[
            (5_000, Arrives::Suspend),
            (65_000, Arrives::Text("p")),
            (100_000, Arrives::End),
        ]),
    );
    let all = ran.lines.join("\n");
    assert_eq!(ran.stops, 1, "{all}");
    assert!(
        all.contains("00:05 Stopped. Back with `fg`; then Space or p to go on."),
        "{all}"
    );
    // Stopped for a minute, paused meanwhile: it goes on from 5 s.
    assert!(all.contains("00:05 Going on."), "{all}");
    assert!(all.contains("00:10 one — done"), "{all}");
    assert!(all.contains("R — finished"), "{all}");
    assert_eq!(ran.exit, Exit::Quit);
}

#[test]
fn input_that_ends_while_a_step_waits_for_a_key_ends_the_session_there() {
    let ran = plain(
        app(),
        Script::lines(&[(1_000, Arrives::Text("p\n")), (2_000, Arrives::End)]),
    );
    let all = ran.lines.join("\n");
    assert!(
        all.contains("Input has ended and the session waits for a key: ending it here."),
        "{all}"
    );
    assert!(all.contains("R — ended early"), "{all}");
    assert_eq!(ran.hooks.over.len(), 1);
    assert_eq!(fake_now(), Some(Duration::from_secs(2)));
}

#[test]
fn standard_output_closed_ends_the_session_as_sigpipe_and_records_it() {
    // Room for the opening line and the first step's.
    let mut room = Vec::new();
    let ran = plain(app(), Script::lines(&[]));
    for line in ran.lines.iter().take(2) {
        room.extend_from_slice(line.as_bytes());
        room.push(b'\n');
    }
    let mut out = Closing {
        written: Vec::new(),
        room: room.len(),
        failed: 0,
    };
    let (exit, hooks, _) = run(app(), Script::lines(&[]), &mut out);
    assert_eq!(exit.expect("ran"), Exit::Signal(libc::SIGPIPE));
    // Ended at the first line that could not be written (the first step's end), and
    // recorded as ended early.
    assert_eq!(hooks.over.len(), 1);
    assert!(!hooks.over[0].finished);
    assert_eq!(fake_now(), Some(Duration::from_secs(10)));
    assert_eq!(out.written, room);
    // One failed write, then nothing more was tried.
    assert_eq!(out.failed, 1);
}
