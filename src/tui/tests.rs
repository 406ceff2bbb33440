//! The shell without a terminal: every way out of a running session hands it to the
//! hooks exactly once (recording hooks, a silent player, the app driven by messages).

use std::time::{Duration, Instant};

use super::{Hooks, Standing, Shell, ended_steps, place};
use crate::app::{App, AudioView, Msg, Screen};
use crate::audio::SilentPlayer;
use crate::routine::{Exercise, Library, Routine, Span, Timing};
use crate::session::Config;
use crate::tui::clock::Clock;
use crate::tui::trace::Trace;

#[derive(Default)]
struct Recorder {
    over: Vec<Standing>,
    progress: usize,
}

impl Hooks for Recorder {
    fn notify(&mut self, _: &str, _: &str) {}
    fn progress(&mut self, _: &Standing) {
        self.progress += 1;
    }
    fn session_over(&mut self, report: &Standing) {
        self.over.push(report.clone());
    }
}

fn hold(id: &str, secs: u64) -> Exercise {
    Exercise {
        id: id.into(),
        name: id.into(),
        description: String::new(),
        cues: vec![],
        timing: Timing::Hold(Span::secs(secs, secs)),
        sides: vec![],
        reps: 1,
        rounds: 1,
        rest: Duration::ZERO,
        switch: Duration::ZERO,
        lead_in: Some(Duration::ZERO),
        equipment: vec![],
        safety: vec![],
    }
}

fn app() -> App {
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
}

/// Runs `script` against a shell over a fresh app with a started session, then closes the
/// shell as `run` does after the loop, and returns what the hooks saw.
fn session_then_close(script: impl FnOnce(&mut Shell, &mut App)) -> (Recorder, App) {
    let mut hooks = Recorder::default();
    let mut player = SilentPlayer::off("test");
    let mut a = app();
    {
        let clock = Clock::new(Instant::now(), 1.0);
        let mut shell = Shell::new(clock, &mut player, &mut hooks, Trace::off());
        let effects = a.start("r", clock.now()).1;
        shell
            .carry_out(&a, None, effects, Instant::now())
            .expect("start");
        script(&mut shell, &mut a);
        shell.close(&mut a);
        shell.close(&mut a);
    }
    (hooks, a)
}

fn send(shell: &mut Shell, app: &mut App, msg: Msg) {
    shell.update(app, msg, Instant::now()).expect("update");
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
        let mut shell = Shell::new(clock, &mut player, &mut hooks, Trace::off());
        send(&mut shell, &mut a, Msg::Quit);
        shell.close(&mut a);
    }
    assert!(hooks.over.is_empty());
    assert!(a.done);
}

#[test]
fn steps_ended_are_noticed_forward_and_at_completion_only() {
    let mut a = app();
    let t0 = Instant::now();
    a.start("r", t0);
    let before = place(&a);
    a.update(Msg::Skip, t0);
    assert_eq!(ended_steps(before, &a), vec![0]);
    let before = place(&a);
    a.update(Msg::Previous, t0);
    assert_eq!(ended_steps(before, &a), Vec::<usize>::new());
    // Ten seconds per step: at 35 s all three are over and the summary is up.
    let before = place(&a);
    a.update(Msg::Tick, t0 + Duration::from_secs(35));
    assert!(matches!(a.screen, Screen::Summary(_)));
    assert_eq!(ended_steps(before, &a), vec![0, 1, 2]);
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
    fn progress(&mut self, report: &Standing) {
        self.0
            .borrow_mut()
            .push(format!("progress {}", report.step));
    }
    fn session_over(&mut self, report: &Standing) {
        self.0.borrow_mut().push(format!("over {}", report.step));
    }
}

#[test]
fn cues_sound_before_anything_that_writes_files_or_notifies() {
    use crate::app::Effect;
    use crate::audio::Sound;
    let log = Log::default();
    let mut player = LogPlayer(log.clone());
    let mut hooks = LogHooks(log.clone());
    let mut a = app();
    let t0 = Instant::now();
    assert!(a.start("r", t0).0);
    let Screen::Session(run) = &a.screen else {
        panic!("no session")
    };
    let report = run.standing(t0);
    let clock = Clock::new(t0, 1.0);
    let mut shell = Shell::new(clock, &mut player, &mut hooks, Trace::off());
    let effects = vec![
        Effect::Progress(report.clone()),
        Effect::Play(Sound::StepEnd),
        Effect::Notify {
            title: "t".into(),
            body: "b".into(),
        },
        Effect::SetVolume(70),
        Effect::SessionOver(report),
        Effect::Play(Sound::HoldStart),
    ];
    shell
        .carry_out(&a, None, effects, Instant::now())
        .expect("carried out");
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
        let mut shell = Shell::new(clock, &mut player, &mut hooks, Trace::off());
        let effects = a.start("r", clock.now()).1;
        shell
            .carry_out(&a, None, effects, clock.real_now())
            .expect("start");
        // Three ten-second steps; the machine sleeps for 35 s, then the loop's next wake.
        SLEPT_NS.store(35_000_000_000, std::sync::atomic::Ordering::SeqCst);
        send(&mut shell, &mut a, Msg::Tick);
        shell.close(&mut a);
    }
    assert!(matches!(a.screen, Screen::Summary(_)));
    assert_eq!(hooks.over.len(), 1);
    assert!(hooks.over[0].finished);
}
