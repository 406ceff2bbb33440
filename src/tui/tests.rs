//! The shell without a terminal: every way out of a running session hands it to the
//! hooks exactly once (recording hooks, a silent player, the app driven by messages); and
//! the whole loop on ratatui's `TestBackend` with scripted keys and a fake clock.

use std::cell::Cell;
use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::shell::{Host, Shell};
use super::wait::Woke;
use crate::app::{App, AudioView, Effect, Hooks, Msg, Screen, Standing};
use crate::audio::SilentPlayer;
use crate::routine::{Exercise, Library, Routine, TimeRange, Timing};
use crate::session::Config;
use crate::tui::clock::Clock;
use crate::tui::trace::Trace;

#[derive(Default)]
pub(crate) struct Recorder {
    pub(crate) over: Vec<Standing>,
    progress: usize,
}

impl Hooks for Recorder {
    fn notify(&mut self, _: &str, _: &str) {}
    fn progress(&mut self, _: &Standing) {
        self.progress += 1;
    }
    fn session_over(&mut self, standing: &Standing) {
        self.over.push(standing.clone());
    }
}

fn hold(id: &str, secs: u64) -> Exercise {
    Exercise {
        id: id.into(),
        name: id.into(),
        say: None,
        description: String::new(),
        cues: vec![],
        timing: Timing::Hold(TimeRange::secs(secs, secs)),
        sides: vec![],
        reps: 1,
        rounds: 1,
        rest: Duration::ZERO,
        switch: Duration::ZERO,
        lead_in: Some(Duration::ZERO),
        equipment: vec![],
        safety: vec![],
        end: crate::routine::End::Alarm,
        position: None,
        figure: vec![],
    }
}

thread_local! {
    /// The fake clock's reading: time since the test's start (per test thread).
    static FAKE: Cell<Duration> = const { Cell::new(Duration::ZERO) };
}

pub(crate) fn fake_now() -> Option<Duration> {
    Some(FAKE.with(Cell::get))
}

/// Sets the fake clock's reading (plain mode's script moves it as `FakeHost` does).
pub(crate) fn set_fake_now(now: Duration) {
    FAKE.with(|f| f.set(now));
}

/// A clock on fake time: only [`FakeHost::wait`] moves it.
pub(super) fn fake_clock() -> Clock {
    FAKE.with(|f| f.set(Duration::ZERO));
    Clock::with_source(Instant::now(), 1.0, fake_now)
}

/// Scripted events at fake moments; waiting moves the fake clock to the next event or
/// the timeout. With the script used up, a long wait is a hang-up (the loop records and
/// leaves), so a test always ends.
#[derive(Default)]
pub(super) struct FakeHost {
    pub(super) events: VecDeque<(Duration, Event)>,
    /// Stops: at the first wait at or after the first moment, the process is stopped
    /// until the second (SIGSTOP, a debugger), and the wait ends with a signal (SIGCONT).
    stops: VecDeque<(Duration, Duration)>,
    /// Every timeout the loop asked to wait for.
    pub(super) timeouts: Vec<Duration>,
    pub(super) bells: usize,
    /// How many times the loop stopped the process (Ctrl-Z).
    pub(super) stops_taken: usize,
    pub(super) titles: Vec<String>,
}

impl FakeHost {
    pub(super) fn scripted(keys: &[(u64, KeyCode)]) -> FakeHost {
        FakeHost {
            events: keys
                .iter()
                .map(|&(ms, code)| {
                    let key = KeyEvent::new(code, KeyModifiers::NONE);
                    (Duration::from_millis(ms), Event::Key(key))
                })
                .collect(),
            ..FakeHost::default()
        }
    }
}

impl Host for FakeHost {
    type Backend = TestBackend;

    fn wait(&mut self, timeout: Duration) -> anyhow::Result<Woke> {
        let now = FAKE.with(Cell::get);
        self.timeouts.push(timeout);
        if let Some(&(from, until)) = self.stops.front()
            && now >= from
        {
            self.stops.pop_front();
            FAKE.with(|f| f.set(until));
            return Ok(Woke::Signal);
        }
        match self.events.front() {
            Some((at, _)) if *at <= now + timeout => {
                FAKE.with(|f| f.set(now.max(*at)));
                Ok(Woke::Input)
            }
            None if timeout > Duration::from_secs(60) => Ok(Woke::HangUp),
            _ => {
                FAKE.with(|f| f.set(now + timeout));
                Ok(Woke::Timeout)
            }
        }
    }

    fn next_event(&mut self) -> anyhow::Result<Option<Event>> {
        let now = FAKE.with(Cell::get);
        match self.events.front() {
            Some((at, _)) if *at <= now => Ok(self.events.pop_front().map(|(_, e)| e)),
            _ => Ok(None),
        }
    }

    fn bell(&mut self) -> anyhow::Result<()> {
        self.bells += 1;
        Ok(())
    }

    fn set_title(&mut self, title: &str) -> anyhow::Result<()> {
        self.titles.push(title.to_string());
        Ok(())
    }

    fn stop(&mut self, _: &mut Terminal<TestBackend>) -> anyhow::Result<()> {
        self.stops_taken += 1;
        Ok(())
    }

    fn retake(&mut self, _: &mut Terminal<TestBackend>) -> anyhow::Result<()> {
        Ok(())
    }
}

fn shell<'a>(
    clock: Clock,
    player: &'a mut dyn crate::audio::Player,
    hooks: &'a mut dyn Hooks,
) -> Shell<'a, FakeHost> {
    Shell::new(clock, FakeHost::default(), player, hooks, Trace::off())
}

pub(crate) fn app() -> App {
    let steps = vec![hold("one", 10), hold("two", 10), hold("three", 10)];
    let library = Library {
        exercises: steps.clone(),
        routines: vec![Routine {
            id: "r".into(),
            name: "R".into(),
            description: String::new(),
            safety: vec![],
            steps,
        }],
        poses: vec![],
    };
    App::new(
        library,
        Config::default(),
        AudioView {
            volume: 50,
            muted: true,
            off: None,
        },
    )
    .with_key_guard(std::time::Duration::ZERO)
}

/// Runs `script` against a shell over a fresh app with a started session, then closes the
/// shell as `run` does after the loop, and returns what the hooks saw.
fn session_then_close(script: impl FnOnce(&mut Shell<FakeHost>, &mut App)) -> (Recorder, App) {
    let mut hooks = Recorder::default();
    let mut player = SilentPlayer::off("test");
    let mut a = app();
    {
        let clock = Clock::new(Instant::now(), 1.0);
        let mut shell = shell(clock, &mut player, &mut hooks);
        let effects = a.start("r", clock.now()).expect("routine r");
        shell.carry_out(&a, effects).expect("start");
        script(&mut shell, &mut a);
        shell.close(&mut a);
        shell.close(&mut a);
    }
    (hooks, a)
}

fn send(shell: &mut Shell<FakeHost>, app: &mut App, msg: Msg) {
    shell.update(app, msg).expect("update");
}

#[test]
fn ctrl_c_or_a_signal_records_the_running_session_once() {
    // Ctrl-C and SIGINT/SIGTERM/SIGHUP all reach the app as Interrupt.
    let (hooks, a) = session_then_close(|shell, app| send(shell, app, Msg::Interrupt));
    assert_eq!(hooks.over.len(), 1);
    assert!(!hooks.over[0].finished);
    assert_eq!(hooks.over[0].routine_id, "r");
    assert!(a.done);
}

#[test]
fn an_error_or_panic_mid_session_still_records_it_once() {
    // The loop returned early (its error is not the shell's to see here): only `close` runs.
    let (hooks, _) = session_then_close(|shell, app| send(shell, app, Msg::Skip));
    assert_eq!(hooks.over.len(), 1);
    assert_eq!(hooks.over[0].step, 1);
    assert!(!hooks.over[0].finished);
}

#[test]
fn quitting_with_confirmation_records_once_and_leaving_the_summary_adds_nothing() {
    let (hooks, a) = session_then_close(|shell, app| {
        send(shell, app, Msg::Quit);
        send(shell, app, Msg::Yes);
        assert!(matches!(app.screen, Screen::Summary(_)));
        send(shell, app, Msg::Quit);
    });
    assert_eq!(hooks.over.len(), 1);
    assert!(a.done);
}

#[test]
fn a_finished_session_is_recorded_once_as_finished() {
    let (hooks, _) = session_then_close(|shell, app| {
        for _ in 0..3 {
            send(shell, app, Msg::Skip);
        }
        assert!(matches!(app.screen, Screen::Summary(_)));
    });
    assert_eq!(hooks.over.len(), 1);
    assert!(hooks.over[0].finished);
}

#[test]
fn a_second_session_after_the_first_is_recorded_too() {
    let (hooks, _) = session_then_close(|shell, app| {
        send(shell, app, Msg::Quit);
        send(shell, app, Msg::Yes);
        send(shell, app, Msg::Enter); // summary -> menu
        send(shell, app, Msg::Enter); // start again
        assert!(matches!(app.screen, Screen::Session(_)));
    });
    assert_eq!(hooks.over.len(), 2);
}

#[test]
fn leaving_from_the_menu_records_nothing() {
    let mut hooks = Recorder::default();
    let mut player = SilentPlayer::off("test");
    let mut a = app();
    {
        let clock = Clock::new(Instant::now(), 1.0);
        let mut shell = shell(clock, &mut player, &mut hooks);
        send(&mut shell, &mut a, Msg::Quit);
        shell.close(&mut a);
    }
    assert!(hooks.over.is_empty());
    assert!(a.done);
}

/// The steps an update said ended.
fn ended(effects: &[Effect]) -> Vec<usize> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::StepEnded { step, .. } => Some(*step),
            _ => None,
        })
        .collect()
}

#[test]
fn steps_ended_are_noticed_forward_and_at_completion_only() {
    let mut a = app();
    // Cues of a jump are kept here, so every step end of it shows (by default only the
    // last survives a jump: see `session`'s module doc).
    a.config.stale_after = Duration::from_secs(3600);
    let t0 = Instant::now();
    a.start("r", t0);
    assert_eq!(ended(&a.update(Msg::Skip, t0)), vec![0]);
    assert_eq!(ended(&a.update(Msg::Previous, t0)), Vec::<usize>::new());
    // Ten seconds per step: at 35 s all three are over and the summary is up.
    let effects = a.update(Msg::Tick, t0 + Duration::from_secs(35));
    assert!(matches!(a.screen, Screen::Summary(_)));
    assert_eq!(ended(&effects), vec![0, 1, 2]);
    // Each with the moment it fell due: its deadline, not the late tick.
    let due: Vec<Instant> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::StepEnded { due, .. } => Some(*due),
            _ => None,
        })
        .collect();
    assert_eq!(due[2], t0 + Duration::from_secs(30));
}

/// One log shared by a player and hooks, to see the order the shell carries things out.
type Log = std::rc::Rc<std::cell::RefCell<Vec<String>>>;

struct LogPlayer(Log);

impl crate::audio::Player for LogPlayer {
    fn play(&mut self, sound: crate::audio::Sound) {
        self.0.borrow_mut().push(format!("play {}", sound.key()));
    }
    fn set_volume(&mut self, volume: u8) {
        self.0.borrow_mut().push(format!("volume {volume}"));
    }
    fn volume(&self) -> u8 {
        50
    }
    fn set_muted(&mut self, _: bool) {}
    fn status(&self) -> crate::audio::AudioStatus {
        crate::audio::AudioStatus::On
    }
}

struct LogHooks(Log);

impl Hooks for LogHooks {
    fn notify(&mut self, _: &str, body: &str) {
        self.0.borrow_mut().push(format!("notify {body}"));
    }
    fn progress(&mut self, standing: &Standing) {
        self.0
            .borrow_mut()
            .push(format!("progress {}", standing.step));
    }
    fn session_over(&mut self, standing: &Standing) {
        self.0.borrow_mut().push(format!("over {}", standing.step));
    }
}

#[test]
fn cues_sound_before_anything_that_writes_files_or_notifies() {
    use crate::audio::Sound;
    let log = Log::default();
    let mut player = LogPlayer(log.clone());
    let mut hooks = LogHooks(log.clone());
    let mut a = app();
    let t0 = Instant::now();
    assert!(a.start("r", t0).is_some());
    let Screen::Session(run) = &a.screen else {
        panic!("no session")
    };
    let report = run.standing(t0);
    let clock = Clock::new(t0, 1.0);
    let mut shell = Shell::new(
        clock,
        FakeHost::default(),
        &mut player,
        &mut hooks,
        Trace::off(),
    );
    let effects = vec![
        Effect::Progress(report.clone()),
        Effect::Play {
            sound: Sound::StepEnd,
            due: t0,
        },
        Effect::Notify {
            title: "t".into(),
            body: "b".into(),
        },
        Effect::SetVolume(70),
        Effect::SessionOver(report),
        Effect::Play {
            sound: Sound::HoldStart,
            due: t0,
        },
    ];
    shell.carry_out(&a, effects).expect("carried out");
    assert_eq!(
        *log.borrow(),
        [
            "play step_end",
            "volume 70",
            "play hold_start",
            "progress 0",
            "notify b",
            "over 0",
        ]
    );
}

/// The through-sleep clock plus however long the test says the lid was closed.
static SLEPT_NS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn lid_closed() -> Option<Duration> {
    let slept = SLEPT_NS.load(std::sync::atomic::Ordering::SeqCst);
    crate::tui::clock::through_sleep().map(|t| t + Duration::from_nanos(slept))
}

#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
#[test]
fn a_laptop_asleep_through_the_steps_wakes_to_them_ended_and_recorded() {
    let mut hooks = Recorder::default();
    let mut player = SilentPlayer::off("test");
    let mut a = app();
    {
        let clock = Clock::with_source(Instant::now(), 1.0, lid_closed);
        let mut shell = shell(clock, &mut player, &mut hooks);
        let effects = a.start("r", clock.now()).expect("routine r");
        shell.carry_out(&a, effects).expect("start");
        // Three ten-second steps; the machine sleeps for 35 s, then the loop's next wake.
        SLEPT_NS.store(35_000_000_000, std::sync::atomic::Ordering::SeqCst);
        send(&mut shell, &mut a, Msg::Tick);
        shell.close(&mut a);
    }
    assert!(matches!(a.screen, Screen::Summary(_)));
    assert_eq!(hooks.over.len(), 1);
    assert!(hooks.over[0].finished);
}

/// The whole loop, as `tui::run` runs it, on a `TestBackend`: keys and time scripted,
/// the screen read back from the backend's buffer.
#[test]
fn the_loop_runs_a_routine_from_the_menu_to_the_summary_on_a_test_backend() {
    let log = Log::default();
    let mut player = LogPlayer(log.clone());
    let mut hooks = Recorder::default();
    let mut a = app();
    a.audio.muted = false;
    // Only the saves at step changes here (the periodic ones have their own test).
    a.save_every = Duration::from_secs(3600);
    let clock = fake_clock();
    // Enter starts the routine at once; three ten-second steps; then q leaves the summary.
    let host = FakeHost::scripted(&[(0, KeyCode::Enter), (40_000, KeyCode::Char('q'))]);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut shell = Shell::new(clock, host, &mut player, &mut hooks, Trace::off());
    shell.run(&mut a, &mut terminal).expect("loop");
    shell.close(&mut a);
    let titles = shell.host.titles.clone();
    drop(shell);

    assert!(a.done);
    assert!(matches!(a.screen, Screen::Summary(_)));
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("finished"), "{screen}");
    // The countdown was drawn second by second: the title followed it.
    assert!(
        titles.iter().any(|t| t == "backease — one 00:05"),
        "{titles:?}"
    );
    assert_eq!(titles.first().map(String::as_str), Some("backease"));
    assert_eq!(
        titles.last().map(String::as_str),
        Some("backease — finished")
    );
    assert_eq!(hooks.over.len(), 1);
    assert!(hooks.over[0].finished);
    // Saved at the start (twice: on starting, and as the first step starts), then per step.
    assert_eq!(hooks.progress, 4);
    let played = log.borrow();
    // Three holds with no lead-in: the first starts with its bell; each later one starts
    // at the moment the step before ends, where the step's end is the one sound heard (no
    // two sounds start together), and the last step's end is the finale.
    assert_eq!(
        *played,
        [
            "play hold_start",
            "play countdown",
            "play countdown",
            "play countdown",
            "play step_end",
            "play countdown",
            "play countdown",
            "play countdown",
            "play step_end",
            "play countdown",
            "play countdown",
            "play countdown",
            "play session_complete",
        ]
    );
}

/// A stop (SIGSTOP, then SIGCONT) over a step's end wakes the loop with a signal, not at
/// the deadline: the step that ended meanwhile is acted on at once, and the next wait is
/// for the next moment, never the hour's idle wait (which froze the screen until a key).
#[test]
fn a_deadline_passed_while_stopped_is_acted_on_at_the_wake_up() {
    let mut player = SilentPlayer::off("test");
    let mut hooks = Recorder::default();
    let mut a = app();
    let clock = fake_clock();
    let effects = a.start("r", clock.now()).expect("routine r");
    a.opening = effects;
    // Stopped from 2 s to 25 s: steps one and two (10 s each) end while stopped.
    let mut host = FakeHost::scripted(&[(60_000, KeyCode::Char('q'))]);
    host.stops
        .push_back((Duration::from_secs(2), Duration::from_secs(25)));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut shell = Shell::new(clock, host, &mut player, &mut hooks, Trace::off());
    shell.run(&mut a, &mut terminal).expect("loop");
    let timeouts = shell.host.timeouts.clone();
    drop(shell);
    // Through the stop and after it, the loop waited at most a second at a time (the
    // countdown) until the summary, where nothing is due (the last, idle wait). Before
    // the fix, the wake-up at 25 s left step one on screen and the next wait was an hour.
    let (idle, running) = timeouts.split_last().expect("waits");
    assert!(
        running.iter().all(|t| *t <= Duration::from_secs(1)),
        "{timeouts:?}"
    );
    assert_eq!(*idle, Duration::from_secs(3600));
    assert!(
        matches!(a.screen, Screen::Summary(_)),
        "the routine finished"
    );
    assert_eq!(hooks.over.len(), 1);
    assert!(hooks.over[0].finished);
}

/// Hooks whose history arrives late, as the real ones read it on a thread.
#[derive(Default)]
struct LateHistory {
    history: Option<crate::app::History>,
    asked: usize,
}

impl Hooks for LateHistory {
    fn notify(&mut self, _: &str, _: &str) {}
    fn progress(&mut self, _: &Standing) {}
    fn session_over(&mut self, _: &Standing) {}
    fn history(&mut self) -> Option<crate::app::History> {
        self.asked += 1;
        self.history.take()
    }
}

/// History is handed over after the first frame (a long one must not hold the launch
/// up) and before any key acts: Enter at once still asks about what hurt last time, and
/// history's notice is on the screen.
#[test]
fn history_arrives_after_the_first_frame_and_before_any_key() {
    let mut player = SilentPlayer::off("test");
    let mut hooks = LateHistory {
        history: Some(crate::app::History {
            painful: [("r".to_string(), vec!["two".to_string()])].into(),
            notices: vec!["history: one file moved aside".into()],
            ..Default::default()
        }),
        asked: 0,
    };
    let mut a = app();
    let host = FakeHost::scripted(&[(0, KeyCode::Enter)]);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut shell = Shell::new(fake_clock(), host, &mut player, &mut hooks, Trace::off());
    shell.run(&mut a, &mut terminal).expect("loop");
    drop(shell);
    assert!(hooks.asked >= 1);
    assert!(
        matches!(&a.screen, Screen::Menu(m) if matches!(m.prompt, Some(crate::app::MenuPrompt::SkipPainful { .. }))),
        "Enter asked about the painful step: {:?}",
        a.screen
    );
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("one file moved aside"), "{screen}");
}
