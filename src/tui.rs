//! The terminal shell: owns the terminal and the loop. It waits ([`wait`]) for the next
//! key, signal or visible change (never a fixed fast tick), hands messages to the app, carries out
//! the effects (sounds, the bell, the window title; notifications, progress and history go
//! to [`Hooks`]), and draws only when something changed. It keeps the only clock
//! ([`clock`]: scaled for `--speed`) and the timing trace ([`trace`], `BACKEASE_TRACE`).
//!
//! The terminal is restored on every way out: normal exit, error, panic (ratatui's hook),
//! Ctrl-C, SIGINT/SIGTERM/SIGHUP, and around a stop (Ctrl-Z or SIGTSTP; see [`signals`]).
//! A session still running when the loop ends, however it ends, is handed to
//! [`Hooks::session_over`] exactly once.

mod clock;
mod signals;
#[cfg(test)]
mod tests;
pub mod trace;
mod wait;

use std::collections::BTreeMap;
use std::io::{Write, stdout};
use std::os::unix::net::UnixStream;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use crossterm::event::{self, Event};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen, SetTitle};
use crossterm::{cursor, execute};
use ratatui::layout::Rect;
use ratatui::{DefaultTerminal, TerminalOptions, Viewport};

use crate::app::{App, AudioView, Effect, FLASH, Msg, Screen};
pub use crate::app::{Report, ResumeOffer, Stats};
use crate::audio::Player;
use crate::keymap;
use crate::routine::Library;
use crate::session;
use clock::Clock;
use trace::Trace;
use wait::{Waiter, Woke};

/// What the shell needs to run the UI; built by `main`.
pub struct Launch {
    pub library: Library,
    /// Start this routine at once (`backease start ID`) instead of the menu.
    pub start: Option<String>,
    /// Time runs this many times faster (1.0 is real time).
    pub speed: f64,
    pub config: session::Config,
    pub player: Box<dyn Player>,
    /// One-line messages for the menu's status line.
    pub notices: Vec<String>,
    pub hooks: Box<dyn Hooks>,
    pub resume: Option<ResumeOffer>,
    /// Exercise ids marked painful last time, per routine id.
    pub painful: BTreeMap<String, Vec<String>>,
    /// Streak and personal bests from history, for the summary.
    pub stats: Stats,
    /// Colours on or off; `None` decides from `NO_COLOR`.
    pub color: Option<bool>,
}

/// What the rest of the program does with a session's news (history, resume file,
/// desktop notifications). Implemented by the integrator.
pub trait Hooks {
    fn notify(&mut self, title: &str, body: &str);
    fn progress(&mut self, report: &Report);
    fn session_over(&mut self, report: &Report);
    /// The person declined to resume last time's session: forget it.
    fn resume_declined(&mut self) {}
}

/// Hooks that do nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHooks;

impl Hooks for NoHooks {
    fn notify(&mut self, _: &str, _: &str) {}
    fn progress(&mut self, _: &Report) {}
    fn session_over(&mut self, _: &Report) {}
}

/// Longest wait with nothing due: the loop wakes for keys and signals anyway.
const IDLE: Duration = Duration::from_secs(3600);

/// Runs the menu (or the given routine) until the person quits.
pub fn run(launch: Launch) -> anyhow::Result<()> {
    // First, so the trace's clock covers everything from here on.
    let trace = Trace::from_env()?;
    let Launch {
        library,
        start,
        speed,
        config,
        mut player,
        notices,
        mut hooks,
        resume,
        painful,
        stats,
        color,
    } = launch;
    if !(speed.is_finite() && speed > 0.0) {
        bail!("--speed must be a positive number, not {speed}");
    }
    if let Some(id) = &start
        && library.routine(id).is_none()
    {
        bail!("there is no routine with id {id:?}; `backease list` shows them all");
    }
    let clock = Clock::new(Instant::now(), speed);
    let mut app = App::new(
        library,
        config,
        AudioView::from_status(&player.status(), player.volume()),
    );
    app.notices = notices;
    app.painful = painful;
    app.stats = stats;
    app.color = color.unwrap_or_else(|| std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()));
    // The step-end flash is for a person: about a second of real time at any speed.
    app.flash_length = FLASH.mul_f64(speed);
    if let Some(offer) = resume {
        app.offer_resume(offer);
    }
    let (wake_tx, wake_rx) = UnixStream::pair().context("cannot make a wake-up socket")?;
    let watch = signals::watch(wake_tx).context("cannot watch for signals")?;
    let mut waiter = Waiter::new(wake_rx).context("cannot wait on the terminal")?;

    let mut terminal = init_terminal().context("cannot set up the terminal")?;
    save_title();
    let mut shell = Shell::new(clock, player.as_mut(), hooks.as_mut(), trace);
    let result = catch_unwind(AssertUnwindSafe(|| {
        if let Some(id) = &start {
            let due = shell.clock.real_now();
            let effects = app.start(id, shell.clock.now()).1;
            shell.carry_out(&app, None, effects, due)?;
        }
        shell.event_loop(&mut app, &mut terminal, &watch, &mut waiter)
    }));
    // Whatever ended the loop (quit, signal, error, panic), a running session is recorded.
    shell.close(&mut app);
    restore();
    match result {
        Ok(result) => result,
        Err(panic) => resume_unwind(panic),
    }
}

struct Shell<'a> {
    clock: Clock,
    player: &'a mut dyn Player,
    hooks: &'a mut dyn Hooks,
    trace: Trace,
    /// The window title last set.
    title: String,
    /// The start of the session whose end was already handed to the hooks while its
    /// screen was still up (Ctrl-C, a signal), so `close` does not record it twice.
    recorded: Option<Instant>,
    /// The real moment the effects being carried out fell due (for the trace).
    due: Instant,
}

/// Which session is up and which of its steps are still pending, to notice steps ending
/// around an update.
type Place = Option<(Instant, Vec<bool>)>;

impl<'a> Shell<'a> {
    fn new(
        clock: Clock,
        player: &'a mut dyn Player,
        hooks: &'a mut dyn Hooks,
        trace: Trace,
    ) -> Shell<'a> {
        Shell {
            clock,
            player,
            hooks,
            trace,
            title: String::new(),
            recorded: None,
            due: clock.real_now(),
        }
    }

    fn event_loop(
        &mut self,
        app: &mut App,
        terminal: &mut DefaultTerminal,
        watch: &signals::Watch,
        waiter: &mut Waiter,
    ) -> anyhow::Result<()> {
        let mut dirty = true;
        while !app.done {
            if watch.stop_requested() {
                self.update(app, Msg::Interrupt, self.clock.real_now())?;
                break;
            }
            if watch.take_suspend() {
                self.suspend(app, terminal, watch)?;
                dirty = true;
                continue;
            }
            if watch.take_continued() {
                // Stopped by something we could not catch (SIGSTOP): the terminal may
                // have been used meanwhile; take it again and draw everything.
                self.take_terminal(terminal, false)?;
                dirty = true;
            }
            if dirty {
                terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
                self.trace.first_frame();
                self.set_title(app)?;
                dirty = false;
            }
            let wake = app.next_wake(self.clock.now());
            let timeout = wake.map_or(IDLE, |at| self.clock.wait_until(at));
            let woke = waiter.wait(timeout)?;
            // When this wake-up's work fell due: the deadline slept toward if it has
            // passed, else now (a key or a signal).
            let arrived = self.clock.real_now();
            let due = wake
                .map(|at| self.clock.real_at(at))
                .filter(|real| *real <= arrived)
                .unwrap_or(arrived);
            match woke {
                Woke::HangUp => {
                    // The terminal is gone: nothing to draw on; record and leave.
                    self.update(app, Msg::Interrupt, due)?;
                    break;
                }
                Woke::Timeout => {
                    // A deadline: something on screen changes now.
                    self.update(app, Msg::Tick, due)?;
                    dirty = true;
                }
                Woke::Input | Woke::Signal => {
                    dirty |= self.read_events(app, terminal, watch, waiter, due)?;
                }
            }
        }
        Ok(())
    }

    /// Handles every event crossterm has (keys, resizes), asking it only while the
    /// terminal is there. True if something may have changed on screen.
    fn read_events(
        &mut self,
        app: &mut App,
        terminal: &mut DefaultTerminal,
        watch: &signals::Watch,
        waiter: &mut Waiter,
        due: Instant,
    ) -> anyhow::Result<bool> {
        let mut changed = false;
        while !app.done
            && !watch.stop_requested()
            && !waiter.hung_up()
            && event::poll(Duration::from_millis(1))?
        {
            match event::read()? {
                Event::Key(key) => {
                    let Some(msg) = keymap::msg_for_app(key, app) else {
                        continue;
                    };
                    if msg == Msg::Suspend {
                        self.suspend(app, terminal, watch)?;
                    } else {
                        self.update(app, msg, due)?;
                    }
                    changed = true;
                }
                Event::Resize(width, height) => {
                    terminal.resize(Rect::new(0, 0, width, height))?;
                    changed = true;
                }
                _ => {}
            }
        }
        Ok(changed)
    }

    /// How long after the moment the current work fell due it is now (for the trace).
    fn since_due(&self) -> Duration {
        self.clock.real_now().saturating_duration_since(self.due)
    }

    /// Hands `msg` to the app and carries out what it says; `due` is the real moment
    /// the message's work fell due.
    fn update(&mut self, app: &mut App, msg: Msg, due: Instant) -> anyhow::Result<()> {
        let before = place(app);
        let effects = app.update(msg, self.clock.now());
        self.carry_out(app, before, effects, due)
    }

    fn carry_out(
        &mut self,
        app: &App,
        before: Place,
        effects: Vec<Effect>,
        due: Instant,
    ) -> anyhow::Result<()> {
        self.due = due;
        // What the person hears first (sounds, the bell), then what may touch the disk or
        // spawn a thread (history, resume state, notifications), so a slow disk never
        // holds up a cue. A failure in one does not skip the others: a terminal that is
        // gone must not keep the session from being recorded.
        let (cues, rest): (Vec<Effect>, Vec<Effect>) =
            effects.into_iter().partition(Effect::is_cue);
        let cued = self.effects(app, cues);
        if self.trace.is_on() {
            let late = self.since_due();
            for step in ended_steps(before, app) {
                self.trace.step_end(step, late);
            }
        }
        let rest = self.effects(app, rest);
        cued.and(rest)
    }

    /// Ctrl-Z or SIGTSTP: pause, give the terminal back, stop; when continued (`fg`),
    /// take the terminal again and redraw. The session stays paused: the person was
    /// away and presses Space when ready.
    fn suspend(
        &mut self,
        app: &mut App,
        terminal: &mut DefaultTerminal,
        watch: &signals::Watch,
    ) -> anyhow::Result<()> {
        self.update(app, Msg::Suspend, self.clock.real_now())?;
        restore();
        loop {
            signals::stop_self().context("cannot stop the process")?;
            // Continued in the background (`bg`): a full-screen program cannot run
            // there, so stop again until brought to the foreground.
            if signals::in_foreground() {
                break;
            }
        }
        let _ = watch.take_continued();
        self.take_terminal(terminal, true)?;
        self.update(app, Msg::Continue, self.clock.real_now())
    }

    /// Raw mode, the alternate screen, no cursor, and a full redraw at the next frame.
    fn take_terminal(&mut self, terminal: &mut DefaultTerminal, save: bool) -> anyhow::Result<()> {
        // crossterm skips enabling raw mode when it believes it is on; the shell may have
        // reset the terminal behind its back, so switch it off first.
        let _ = terminal::disable_raw_mode();
        terminal::enable_raw_mode()?;
        if save {
            save_title();
        }
        execute!(stdout(), EnterAlternateScreen, cursor::Hide)?;
        // The window may have changed size while we were away.
        let (width, height) = terminal::size()?;
        terminal.resize(Rect::new(0, 0, width, height))?;
        terminal.clear()?;
        self.title.clear();
        Ok(())
    }

    /// Records a session still running (not yet handed to the hooks) as over. Called once
    /// the loop has ended, however it ended.
    fn close(&mut self, app: &mut App) {
        if let Screen::Session(run) = &app.screen
            && !run.session.is_finished()
            && self.recorded != Some(run.session.started_at())
        {
            // The app's own way out: tick, report, quit. Nothing here touches the terminal.
            let _ = self.update(app, Msg::Interrupt, self.clock.real_now());
        }
    }

    fn set_title(&mut self, app: &App) -> anyhow::Result<()> {
        let title = app.title();
        if title != self.title {
            execute!(stdout(), SetTitle(&title))?;
            self.title = title;
        }
        Ok(())
    }

    fn effects(&mut self, app: &App, effects: Vec<Effect>) -> anyhow::Result<()> {
        for effect in effects {
            match effect {
                Effect::Play(sound) => {
                    self.player.play(sound);
                    self.trace.cue(Some(sound), self.since_due());
                }
                Effect::Bell => {
                    let mut out = stdout();
                    out.write_all(b"\x07")?;
                    out.flush()?;
                    self.trace.cue(None, self.since_due());
                }
                Effect::Notify { title, body } => self.hooks.notify(&title, &body),
                Effect::Progress(report) => self.hooks.progress(&report),
                Effect::SessionOver(report) => {
                    if let Screen::Session(run) = &app.screen {
                        self.recorded = Some(run.session.started_at());
                    }
                    self.trace
                        .session_over(&report.routine_id, report.step, report.finished);
                    self.hooks.session_over(&report);
                }
                Effect::SetVolume(v) => self.player.set_volume(v),
                Effect::SetMuted(m) => self.player.set_muted(m),
                Effect::ResumeDeclined => self.hooks.resume_declined(),
                Effect::Quit => {}
            }
        }
        Ok(())
    }
}

/// The session on screen (its start) and its step.
fn place(app: &App) -> Place {
    match &app.screen {
        Screen::Session(run) => Some((run.session.started_at(), pending(run.session.outcomes()))),
        _ => None,
    }
}

fn pending(outcomes: &[crate::session::Outcome]) -> Vec<bool> {
    outcomes.iter().map(|o| o.is_pending()).collect()
}

/// Steps that ended between `before` and now: their outcome became final (done, skipped,
/// painful), in the same session or in its summary when it completed. This is the moment
/// the engine ends a step, a long step's alarm included (it stays the current step until
/// acknowledged). Going back, or ending a session early, ends no step.
fn ended_steps(before: Place, app: &App) -> Vec<usize> {
    let Some((started, was)) = before else {
        return Vec::new();
    };
    let now = match &app.screen {
        Screen::Session(run) if run.session.started_at() == started => {
            pending(run.session.outcomes())
        }
        Screen::Summary(summary) if summary.finished => {
            summary.steps.iter().map(|(_, o)| o.is_pending()).collect()
        }
        _ => return Vec::new(),
    };
    was.iter()
        .zip(now)
        .enumerate()
        .filter(|(_, (was, is))| **was && !is)
        .map(|(i, _)| i)
        .collect()
}

/// Raw mode, the alternate screen, and a terminal whose viewport is the window.
///
/// The viewport is fixed and resized on the terminal's Resize events (and when taking the
/// terminal back after a suspend), not ratatui's full-screen one: that asks the backend for
/// its size at every draw, and crossterm answers by opening `/dev/tty`, three system calls
/// a frame and about a tenth of the loop's CPU during a hold.
fn init_terminal() -> std::io::Result<DefaultTerminal> {
    let (width, height) = terminal::size()?;
    let terminal = ratatui::try_init_with_options(TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    })?;
    execute!(stdout(), EnterAlternateScreen)?;
    Ok(terminal)
}

/// Saves the window title so we can put it back (xterm's title stack; ignored elsewhere).
fn save_title() {
    let mut out = stdout();
    let _ = out.write_all(b"\x1b[22;0t");
    let _ = out.flush();
}

/// Puts the terminal back as we found it: cooked mode, main screen, cursor, title.
fn restore() {
    let _ = terminal::disable_raw_mode();
    let mut out = stdout();
    let _ = execute!(out, LeaveAlternateScreen, cursor::Show, SetTitle(""));
    let _ = out.write_all(b"\x1b[23;0t");
    let _ = out.flush();
}
