//! The session as a guest of the runtime's loop (`runtime::run`), apart from the real
//! terminal: [`Shell`] hands messages to the app at each wake-up (the next key, signal or
//! deadline, waited for on the [`Host`]), carries out the effects (`effects`: sounds, the
//! bell, spoken phrases; notifications, progress and history go to the [`Hooks`]), sets
//! the window title and draws only when something changed. [`Host`] is the world the
//! loop talks to, the same for desk mode (`desk`). Generic over the host, so the same code
//! runs on the real terminal (`tui::run`) and, in tests, on ratatui's `TestBackend` with
//! scripted events and a fake clock.

use std::time::{Duration, Instant};

use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;

use super::clock::Clock;
use super::effects::{self, Hands, Surface};
use super::paint::{Painted, Painter};
use super::runtime::{self, Guest, Next};
use super::signals::Watch;
use super::trace::Trace;
use super::wait::Woke;
use crate::app::{App, Effect, Hooks, Learned, Msg, Screen};
use crate::audio::Player;
use crate::keymap;
use crate::speech::{SilentSpeaker, Speaker, VoiceStatus};

/// Longest wait with nothing due: the loop wakes for keys and signals anyway.
const IDLE: Duration = Duration::from_secs(3600);

/// Sped up (`--speed`), the screen changes faster than anyone can read it: at most one
/// frame per this much real time (50 a second). The engine's outcomes come from its
/// deadlines, not from when the loop woke, so nothing but the redraw rate changes. At
/// real time the loop wakes exactly at each deadline.
const FRAME: Duration = Duration::from_millis(20);

/// How the loop ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The person quit.
    Quit,
    /// A signal (or its key: Ctrl-C is SIGINT; a closed terminal is SIGHUP) ended it; the
    /// process exits with 128 + the signal's number, as shells expect.
    Signal(i32),
}

/// The world the loop talks to besides the app: events, signals, the terminal's bell and
/// title, and giving the terminal up around a stop.
pub trait Host {
    type Backend: Backend;
    /// Waits up to `timeout` for input or a signal.
    fn wait(&mut self, timeout: Duration) -> anyhow::Result<Woke>;
    /// The next event already there, without waiting; `None` when there is none or the
    /// terminal is gone. This and the terminal's methods below do nothing by default:
    /// what a host with no terminal (plain mode, the background reminder) does; a host
    /// with a terminal (`RealHost`, the tests' `FakeHost`) gives them all.
    fn next_event(&mut self) -> anyhow::Result<Option<Event>> {
        Ok(None)
    }
    /// A terminating signal arrived (SIGINT, SIGTERM, SIGHUP, SIGQUIT, …): which.
    /// By default, what the host's signal watch says (none: no signal ever arrives).
    fn stop_signal(&self) -> Option<i32> {
        self.watch().and_then(Watch::stop_signal)
    }
    /// SIGTSTP arrived (taken: true once).
    fn take_suspend(&self) -> bool {
        self.watch().is_some_and(Watch::take_suspend)
    }
    /// SIGCONT arrived (taken: true once).
    fn take_continued(&self) -> bool {
        self.watch().is_some_and(Watch::take_continued)
    }
    /// The signal watch the three above read; `None` for a test's host, which says
    /// itself what arrives.
    fn watch(&self) -> Option<&Watch> {
        None
    }
    fn bell(&mut self) -> anyhow::Result<()> {
        Ok(())
    }
    fn set_title(&mut self, _title: &str) -> anyhow::Result<()> {
        Ok(())
    }
    /// Gives the terminal back, stops until brought to the foreground, takes it again.
    fn stop(&mut self, _terminal: &mut Terminal<Self::Backend>) -> anyhow::Result<()> {
        Ok(())
    }
    /// Takes the terminal again after a stop the program could not catch (SIGSTOP).
    fn retake(&mut self, _terminal: &mut Terminal<Self::Backend>) -> anyhow::Result<()> {
        Ok(())
    }
    /// The window's new size, when it changed since the last call (SIGWINCH), whether
    /// or not a Resize event reports it.
    fn resized(&mut self) -> Option<(u16, u16)> {
        None
    }
    /// Lends the terminal to `during` (desk mode's break routine runs the session, which
    /// takes the terminal itself) and takes it back after, with a full redraw.
    fn lend(
        &mut self,
        terminal: &mut Terminal<Self::Backend>,
        during: &mut dyn FnMut(),
    ) -> anyhow::Result<()> {
        let _ = terminal;
        during();
        Ok(())
    }
    /// A socket whose every write wakes [`Host::wait`] with [`Woke::Signal`] (desk mode's
    /// control socket and notification buttons write to it); `None` when there is none.
    fn waker(&self) -> Option<std::os::unix::net::UnixStream> {
        None
    }
}

pub struct Shell<'a, H: Host> {
    pub(super) clock: Clock,
    pub(super) host: H,
    player: &'a mut dyn Player,
    /// Says the phrases ([`Shell::with_speaker`]); silent unless given one.
    speaker: Box<dyn Speaker>,
    hooks: &'a mut dyn Hooks,
    trace: Trace,
    /// The window title last set.
    title: String,
    /// The start of the session whose end was already handed to the hooks while its
    /// screen was still up (Ctrl-C, a signal), so `close` does not record it twice.
    recorded: Option<Instant>,
    /// The real moment of the last frame drawn (for the frame cap when sped up).
    last_frame: Option<Instant>,
    /// Why the loop ended, when a signal or its key ended it.
    exit: Option<Exit>,
    /// Puts frames on the terminal, redrawing only the clock when only time moved.
    painter: Painter,
    /// Only the passing of time changed the app since the last frame.
    only_time: bool,
}

/// The full screen's side of the effects: the host's bell, and which session was
/// recorded while its screen was still up.
struct Full<'s, H: Host> {
    host: &'s mut H,
    recorded: &'s mut Option<Instant>,
}

impl<H: Host> Surface for Full<'_, H> {
    fn bell(&mut self) -> anyhow::Result<()> {
        self.host.bell()
    }

    fn session_over(&mut self, app: &App, _: &crate::app::Standing) {
        if let Screen::Session(run) = &app.screen {
            *self.recorded = Some(run.session.started_at());
        }
    }
}

impl<'a, H: Host> Shell<'a, H> {
    pub fn new(
        clock: Clock,
        host: H,
        player: &'a mut dyn Player,
        hooks: &'a mut dyn Hooks,
        trace: Trace,
    ) -> Shell<'a, H> {
        Shell {
            clock,
            host,
            player,
            speaker: Box::new(SilentSpeaker::new(VoiceStatus::Off)),
            hooks,
            trace,
            title: String::new(),
            recorded: None,
            last_frame: None,
            exit: None,
            painter: Painter::default(),
            only_time: false,
        }
    }

    /// The speaker for [`Effect::Speak`] (a silent one otherwise).
    pub fn with_speaker(mut self, speaker: Box<dyn Speaker>) -> Shell<'a, H> {
        self.speaker = speaker;
        self
    }

    /// Carries out what the app has waiting (a routine started from the command line),
    /// then runs until the app is done.
    pub fn run(
        &mut self,
        app: &mut App,
        terminal: &mut Terminal<H::Backend>,
    ) -> anyhow::Result<()> {
        let opening = std::mem::take(&mut app.opening);
        self.carry_out(app, opening)?;
        self.event_loop(app, terminal)
    }

    fn event_loop(
        &mut self,
        app: &mut App,
        terminal: &mut Terminal<H::Backend>,
    ) -> anyhow::Result<()> {
        runtime::run(&mut Session { shell: self, app }, Some(terminal))
    }

    /// How long to wait for `wake` (app time): until it, or a frame's length after the
    /// last frame when sped up and it comes sooner; an hour when nothing is due.
    fn wait_for(&self, wake: Option<Instant>) -> Duration {
        let until = wake.map_or(IDLE, |at| self.clock.wait_until(at));
        match self.last_frame {
            Some(drawn) if self.clock.speed() > 1.0 => {
                let since = self.clock.real_now().saturating_duration_since(drawn);
                until.max(FRAME.saturating_sub(since))
            }
            _ => until,
        }
    }

    /// How the loop ended: a signal (or its key) if one ended it, else the person quit.
    pub fn exit(&self) -> Exit {
        self.exit.unwrap_or(Exit::Quit)
    }

    /// Hands `msg` to the app at the clock's now and carries out what it says.
    pub fn update(&mut self, app: &mut App, msg: Msg) -> anyhow::Result<()> {
        let effects = app.update(msg, self.clock.now());
        let overview = effects.contains(&Effect::LoadOverview);
        let plan = effects.iter().find_map(|e| match e {
            Effect::UsePlan(id) => Some(id.clone()),
            _ => None,
        });
        // A save changes nothing on the screen; anything else may.
        if msg != Msg::Tick || effects.iter().any(|e| !matches!(e, Effect::Progress(_))) {
            self.only_time = false;
        }
        let done = self.carry_out(app, effects);
        self.sound_heard(app);
        if overview {
            app.learned(Learned::Overview(self.hooks.overview()));
        }
        if let Some(id) = plan {
            app.learned(Learned::Plan(self.hooks.use_plan(id.as_deref())));
        }
        for note in self.hooks.take_notes() {
            app.learned(Learned::Note(note));
            self.only_time = false;
        }
        done
    }

    /// What the player could not play since the last update: traced, and told to the app.
    fn sound_heard(&mut self, app: &mut App) {
        let missed = self.player.take_missed();
        for m in &missed {
            self.trace.missed(m.sound, &m.reason);
        }
        let before = app.sound_label();
        let note = app.missed_note.clone();
        app.sound_heard(&self.player.status(), &missed);
        app.voice_heard(&self.speaker.status());
        if before != app.sound_label() || note != app.missed_note {
            self.only_time = false;
        }
    }

    pub fn carry_out(&mut self, app: &App, effects: Vec<Effect>) -> anyhow::Result<()> {
        let mut hands = Hands {
            player: self.player,
            speaker: self.speaker.as_mut(),
            hooks: self.hooks,
            trace: &mut self.trace,
            clock: &self.clock,
        };
        let mut screen = Full {
            host: &mut self.host,
            recorded: &mut self.recorded,
        };
        effects::carry_out(&mut hands, app, effects, &mut screen)
    }

    /// Ctrl-Z or SIGTSTP: pause, give the terminal back, stop; when continued (`fg`),
    /// take the terminal again and redraw. The session stays paused: the person was
    /// away and presses Space when ready.
    fn suspend(
        &mut self,
        app: &mut App,
        terminal: &mut Terminal<H::Backend>,
    ) -> anyhow::Result<()> {
        self.update(app, Msg::Suspend)?;
        self.host.stop(terminal)?;
        self.title.clear();
        self.painter.cleared();
        self.update(app, Msg::Continue)
    }

    /// Records a session still running (not yet handed to the hooks) as over. Called once
    /// the loop has ended, however it ended.
    pub fn close(&mut self, app: &mut App) {
        if let Screen::Session(run) = &app.screen
            && !run.session.is_finished()
            && self.recorded != Some(run.session.started_at())
        {
            // The app's own way out: tick, report, quit. Nothing here touches the terminal.
            let _ = self.update(app, Msg::Interrupt);
        }
    }

    fn set_title(&mut self, app: &App) -> anyhow::Result<()> {
        let title = app.title();
        if title != self.title {
            self.host.set_title(&title)?;
            self.title = title;
        }
        Ok(())
    }
}

/// A backend's error as the loop reports it (as `?` on crossterm's `io::Error` did).
pub(super) fn terminal_error(e: impl std::error::Error) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// The session as the runtime's guest: the shell and its app. Every pass draws: each
/// wake-up ticks the session, which may change what is shown (only the clock and gauges
/// are drawn again when only time moved, and only the cells that changed are written:
/// `paint`).
struct Session<'s, 'a, H: Host> {
    shell: &'s mut Shell<'a, H>,
    app: &'s mut App,
}

impl<H: Host> Guest for Session<'_, '_, H> {
    type Host = H;

    fn host(&mut self) -> &mut H {
        &mut self.shell.host
    }

    fn done(&self) -> bool {
        self.app.done
    }

    fn interrupted(&mut self, signal: i32) -> anyhow::Result<()> {
        self.shell.exit = Some(Exit::Signal(signal));
        self.shell.update(self.app, Msg::Interrupt)
    }

    fn suspend(&mut self, terminal: Option<&mut Terminal<H::Backend>>) -> anyhow::Result<()> {
        match terminal {
            Some(terminal) => self.shell.suspend(self.app, terminal),
            None => Ok(()),
        }
    }

    fn continued(&mut self) -> anyhow::Result<()> {
        self.shell.title.clear();
        self.shell.painter.cleared();
        Ok(())
    }

    fn frame(&mut self, terminal: Option<&mut Terminal<H::Backend>>) -> anyhow::Result<Next> {
        let (shell, app) = (&mut *self.shell, &mut *self.app);
        let Some(terminal) = terminal else {
            return Ok(Next::Wait);
        };
        // The title first: the real host queues it, and the frame's flush sends both
        // in one write.
        shell.set_title(app)?;
        let painted = shell
            .painter
            .paint(app, terminal, shell.only_time)
            .map_err(terminal_error)?;
        shell.trace.frame(painted == Painted::Ticking);
        shell.trace.first_frame();
        shell.only_time = true;
        // History is read while the first frame is drawn; it arrives before any key
        // acts (keys wait in the terminal meanwhile), and the screen is drawn again.
        if let Some(history) = shell.hooks.history() {
            app.learned(Learned::History(history));
            shell.only_time = false;
            return Ok(Next::DrawAgain);
        }
        shell.last_frame = Some(shell.clock.real_now());
        Ok(Next::Wait)
    }

    fn timeout(&mut self) -> Duration {
        let wake = self.app.next_wake(self.shell.clock.now());
        self.shell.wait_for(wake)
    }

    fn hung_up(&mut self) -> anyhow::Result<()> {
        // The terminal is gone: nothing to draw on; record and leave.
        self.shell.exit = Some(Exit::Signal(libc::SIGHUP));
        self.shell.update(self.app, Msg::Interrupt)
    }

    /// Whatever woke the loop (the deadline, a key, a signal, a stop and `fg`), every
    /// moment already due is acted on before keys and before sleeping again, so the next
    /// wait is computed from a session that is up to date. (A wake-up by a signal used
    /// to skip this, and a deadline passed during a stop was then never waited for: the
    /// screen froze until a key.) Input that changes nothing (a key without a meaning
    /// here, a click on no hint) leaves the next frame clock-only: whatever changes the
    /// app goes through `update`, and a resize clears the painter.
    fn woke(&mut self, _: Woke) -> anyhow::Result<()> {
        self.shell.update(self.app, Msg::Tick)
    }

    fn resized(&mut self) {
        self.shell.painter.cleared();
    }

    fn event(
        &mut self,
        event: Event,
        terminal: Option<&mut Terminal<H::Backend>>,
    ) -> anyhow::Result<()> {
        let (shell, app) = (&mut *self.shell, &mut *self.app);
        let Some(terminal) = terminal else {
            return Ok(());
        };
        match event {
            Event::Key(key) => {
                let Some(msg) = keymap::msg_for_app(key, app) else {
                    return Ok(());
                };
                if msg == Msg::Suspend {
                    shell.suspend(app, terminal)?;
                } else {
                    if msg == Msg::Interrupt {
                        shell.exit = Some(Exit::Signal(libc::SIGINT));
                    }
                    shell.update(app, msg)?;
                }
            }
            Event::Mouse(mouse) if app.mouse => {
                // A click does what the key under it does (`ui::hits`).
                let hits = shell.painter.hits();
                if let Some(msg) = crate::ui::hits::msg_for_mouse(app, hits, mouse) {
                    shell.update(app, msg)?;
                }
            }
            Event::Resize(width, height) => {
                terminal
                    .resize(Rect::new(0, 0, width, height))
                    .map_err(terminal_error)?;
                shell.painter.cleared();
            }
            _ => {}
        }
        Ok(())
    }
}
