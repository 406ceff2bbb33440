//! The terminal shell: owns the terminal and the loop. It waits for the next key or the
//! next visible change (never a fixed fast tick), hands messages to the app, carries out
//! the effects (sounds, the bell, the window title; notifications, progress and history go
//! to [`Hooks`]), and draws only when something changed. It keeps the only clock: a
//! scaled one for `--speed`. The terminal is restored on every way out: normal exit,
//! error, panic (ratatui's hook), Ctrl-C, SIGTERM/SIGHUP, and around Ctrl-Z.

mod signals;

use std::collections::BTreeMap;
use std::io::{Write, stdout};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use crossterm::event::{self, Event};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen, SetTitle};
use crossterm::{cursor, execute};
use ratatui::DefaultTerminal;

use crate::app::{App, AudioView, Effect, Msg};
pub use crate::app::{Report, ResumeOffer};
use crate::audio::Player;
use crate::keymap;
use crate::routine::Library;
use crate::session;

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
}

/// What the rest of the program does with a session's news (history, resume file,
/// desktop notifications). Implemented by the integrator.
pub trait Hooks {
    fn notify(&mut self, title: &str, body: &str);
    fn progress(&mut self, report: &Report);
    fn session_over(&mut self, report: &Report);
}

/// Hooks that do nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHooks;

impl Hooks for NoHooks {
    fn notify(&mut self, _: &str, _: &str) {}
    fn progress(&mut self, _: &Report) {}
    fn session_over(&mut self, _: &Report) {}
}

/// The clock the app sees: real time multiplied by `speed` from the start.
#[derive(Debug, Clone, Copy)]
struct Clock {
    start: Instant,
    speed: f64,
}

impl Clock {
    fn now(&self) -> Instant {
        let real = self.start.elapsed();
        self.start + real.mul_f64(self.speed)
    }

    /// Real time to wait until the virtual moment `at`, rounded up to a millisecond so we
    /// do not wake just before it.
    fn wait_until(&self, at: Instant) -> Duration {
        let virtual_wait = at.saturating_duration_since(self.now());
        virtual_wait.div_f64(self.speed) + Duration::from_millis(1)
    }
}

/// Longest wait with nothing due: the loop wakes for keys and signals anyway.
const IDLE: Duration = Duration::from_secs(3600);

/// Runs the menu (or the given routine) until the person quits.
pub fn run(launch: Launch) -> anyhow::Result<()> {
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
    } = launch;
    if !(speed.is_finite() && speed > 0.0) {
        bail!("--speed must be a positive number, not {speed}");
    }
    if let Some(id) = &start
        && library.routine(id).is_none()
    {
        bail!("there is no routine with id {id:?}; `backease list` shows them all");
    }
    let clock = Clock {
        start: Instant::now(),
        speed,
    };
    let mut app = App::new(
        library,
        config,
        AudioView::from_status(&player.status(), player.volume()),
    );
    app.notices = notices;
    app.painful = painful;
    app.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    if let Some(offer) = resume {
        app.offer_resume(offer);
    }
    let stop = signals::watch().context("cannot watch for signals")?;

    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    // Save the window title so we can put it back (xterm's title stack; ignored elsewhere).
    let _ = write!(stdout(), "\x1b[22;0t");
    let mut shell = Shell {
        clock,
        player: player.as_mut(),
        hooks: hooks.as_mut(),
        title: String::new(),
    };
    let mut first = Vec::new();
    if let Some(id) = &start {
        first = app.start(id, clock.now()).1;
    }
    let result = shell
        .effects(&mut app, first)
        .and_then(|()| shell.event_loop(&mut app, &mut terminal, &stop));
    restore();
    result
}

struct Shell<'a> {
    clock: Clock,
    player: &'a mut dyn Player,
    hooks: &'a mut dyn Hooks,
    /// The window title last set.
    title: String,
}

impl Shell<'_> {
    fn event_loop(
        &mut self,
        app: &mut App,
        terminal: &mut DefaultTerminal,
        stop: &signals::Stop,
    ) -> anyhow::Result<()> {
        let mut dirty = true;
        while !app.done {
            if stop.requested() {
                let effects = app.update(Msg::Interrupt, self.clock.now());
                self.effects(app, effects)?;
                break;
            }
            if dirty {
                terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
                self.set_title(app)?;
                dirty = false;
            }
            let now = self.clock.now();
            let timeout = app
                .next_wake(now)
                .map_or(IDLE, |at| self.clock.wait_until(at));
            if !event::poll(timeout)? {
                // A deadline: something on screen changes now.
                let effects = app.update(Msg::Tick, self.clock.now());
                self.effects(app, effects)?;
                dirty = true;
                continue;
            }
            match event::read()? {
                Event::Key(key) => {
                    let Some(msg) = keymap::msg_for_app(key, app) else {
                        continue;
                    };
                    if msg == Msg::Suspend {
                        self.suspend(app, terminal)?;
                    } else {
                        let effects = app.update(msg, self.clock.now());
                        self.effects(app, effects)?;
                    }
                    dirty = true;
                }
                Event::Resize(..) => dirty = true,
                _ => {}
            }
        }
        Ok(())
    }

    /// Ctrl-Z: pause, give the terminal back, stop; on `fg`, take it again and redraw.
    fn suspend(&mut self, app: &mut App, terminal: &mut DefaultTerminal) -> anyhow::Result<()> {
        let effects = app.update(Msg::Suspend, self.clock.now());
        self.effects(app, effects)?;
        restore();
        // SAFETY: raise(3) with a valid signal number; SIGTSTP's default action stops the
        // process until SIGCONT, then raise returns.
        unsafe {
            libc::raise(libc::SIGTSTP);
        }
        terminal::enable_raw_mode()?;
        execute!(stdout(), EnterAlternateScreen, cursor::Hide)?;
        terminal.clear()?;
        self.title.clear();
        let effects = app.update(Msg::Continue, self.clock.now());
        self.effects(app, effects)
    }

    fn set_title(&mut self, app: &App) -> anyhow::Result<()> {
        let title = app.title();
        if title != self.title {
            execute!(stdout(), SetTitle(&title))?;
            self.title = title;
        }
        Ok(())
    }

    fn effects(&mut self, _app: &mut App, effects: Vec<Effect>) -> anyhow::Result<()> {
        for effect in effects {
            match effect {
                Effect::Play(sound) => self.player.play(sound),
                Effect::Bell => {
                    let mut out = stdout();
                    out.write_all(b"\x07")?;
                    out.flush()?;
                }
                Effect::Notify { title, body } => self.hooks.notify(&title, &body),
                Effect::Progress(report) => self.hooks.progress(&report),
                Effect::SessionOver(report) => self.hooks.session_over(&report),
                Effect::SetVolume(v) => self.player.set_volume(v),
                Effect::SetMuted(m) => self.player.set_muted(m),
                Effect::Quit => {}
            }
        }
        Ok(())
    }
}

/// Puts the terminal back as we found it: cooked mode, main screen, cursor, title.
fn restore() {
    let _ = terminal::disable_raw_mode();
    let mut out = stdout();
    let _ = execute!(out, LeaveAlternateScreen, cursor::Show, SetTitle(""));
    let _ = write!(out, "\x1b[23;0t");
    let _ = out.flush();
}
