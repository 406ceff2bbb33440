//! The terminal shell: owns the terminal and the runtime. [`run`] takes an [`App`]
//! already built (by the wiring) and runs the session ([`shell::Shell`]) on the real
//! terminal, [`run_desk`] desk mode's reminder ([`desk`]), both as guests of the one loop
//! ([`runtime`], whose third guest is plain mode) on the one host (`RealHost`): it waits ([`wait`]) for the next key,
//! signal or visible change (never a fixed fast tick). It keeps the only clock
//! ([`clock`]: scaled for `--speed`), the timing trace ([`trace`], `BACKEASE_TRACE`) and
//! the effects carried out for the session and plain mode alike ([`effects`]).
//!
//! The terminal is restored on every way out: normal exit, error, panic (ratatui's hook),
//! Ctrl-C, SIGINT/SIGTERM/SIGHUP, and around a stop (Ctrl-Z or SIGTSTP; see [`signals`]).
//! That includes the mouse: taken (clicks and the wheel, `App::mouse`) with the terminal
//! and given back with it, so the shell never receives mouse reports after we leave.
//! A session still running when the loop ends, however it ends, is handed to
//! [`Hooks::session_over`] exactly once.

pub mod background;
pub(crate) mod clock;
pub mod desk;
pub(crate) mod effects;
mod paint;
pub mod runtime;
pub mod shell;
pub mod signals;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_desk;
#[cfg(test)]
mod tests_mouse;
#[cfg(test)]
mod tests_plans;
pub mod trace;
pub(crate) mod wait;

use std::io::{self, IsTerminal as _, Stdout, Write, stdout};
use std::os::unix::net::UnixStream;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use crossterm::event::{self, DisableMouseCapture, Event};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen, SetTitle};
use crossterm::{cursor, execute, queue};
use ratatui::layout::Rect;
use ratatui::prelude::CrosstermBackend;
use ratatui::{DefaultTerminal, Terminal, TerminalOptions, Viewport};

use crate::app::{self, App, Hooks};
use crate::audio::Player;
use crate::speech::Speaker;
use clock::Clock;
pub use shell::Exit;
use shell::{Host, Shell};
use trace::Trace;
use wait::{Waiter, Woke};

/// Colours on or off: the preference when it says, else on unless `NO_COLOR` is set.
pub fn colors(choice: Option<bool>) -> bool {
    choice.unwrap_or_else(|| std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
}

/// Runs `app` (the menu, or the routine it was started on) until the person quits, with
/// `player` for the sounds and `speaker` for the phrases. Time
/// runs `speed` times faster than real time (1.0 is real time). `trace` is opened by the
/// caller before it builds the app ([`Trace::from_env`]), so an unwritable trace file is
/// the first error reported, as it was when the shell opened it.
pub fn run(
    mut app: App,
    player: &mut dyn Player,
    speaker: Box<dyn Speaker>,
    hooks: &mut dyn Hooks,
    speed: f64,
    trace: Trace,
) -> anyhow::Result<Exit> {
    app::check_speed(speed)?;
    needs_a_terminal()?;
    let clock = Clock::new(Instant::now(), speed);
    let host = RealHost::new(app.mouse)?;
    let mut terminal = own_terminal(app.mouse)?;
    let mut shell = Shell::new(clock, host, player, hooks, trace).with_speaker(speaker);
    let result = catch_unwind(AssertUnwindSafe(|| shell.run(&mut app, &mut terminal)));
    // Whatever ended the loop (quit, signal, error, panic), a running session is recorded.
    shell.close(&mut app);
    restore();
    match result {
        Ok(result) => result.map(|()| shell.exit()),
        Err(panic) => resume_unwind(panic),
    }
}

/// Runs desk mode's reminder in this terminal (`backease remind`), on the same host as
/// the session: the terminal taken and given back by the same code, whatever ends it.
/// The exit status: 128 + a signal's number, else 0.
pub fn run_desk(
    reminder: &mut backease_core::remind::screen::Reminder,
    clock: desk::DeskClock,
    world: desk::World<'_>,
) -> anyhow::Result<u8> {
    let host = RealHost::new(false)?;
    let mut terminal = own_terminal(false)?;
    let result = (|| {
        execute!(stdout(), cursor::Hide)?;
        // Cleared with a full redraw to come, without ratatui's `clear`, which asks the
        // terminal where its cursor is and fails after 2 s on one that does not answer.
        let (width, height) = terminal::size()?;
        terminal.resize(Rect::new(0, 0, width, height))?;
        let mut desk = desk::Desk::new(host, clock, world, false);
        desk.run(reminder, Some(&mut terminal))?;
        Ok(desk.exit())
    })();
    restore();
    result
}

/// Runs desk mode's reminder with no terminal (`backease remind --background`).
pub fn run_desk_headless(
    reminder: &mut backease_core::remind::screen::Reminder,
    clock: desk::DeskClock,
    world: desk::World<'_>,
) -> anyhow::Result<u8> {
    let host = desk::HeadlessHost::new()?;
    let mut desk = desk::Desk::new(host, clock, world, true);
    desk.run(reminder, None)?;
    Ok(desk.exit())
}

/// The menu and a full-screen session draw on a terminal and read its keys: both standard
/// input and standard output must be one. Said plainly, before anything touches the
/// terminal. (`backease start` without a terminal never comes here: the wiring runs it
/// in plain mode, `crate::plain`.)
fn needs_a_terminal() -> anyhow::Result<()> {
    if dumb_terminal() {
        anyhow::bail!(
            "TERM=dumb: the menu needs a terminal that can draw the full screen; \
             `backease start ROUTINE` runs in plain mode there"
        );
    }
    let missing = match (io::stdin().is_terminal(), io::stdout().is_terminal()) {
        (true, true) => return Ok(()),
        (false, true) => "standard input is not a terminal",
        (true, false) => "standard output is not a terminal",
        (false, false) => "neither standard input nor standard output is a terminal",
    };
    anyhow::bail!(
        "the menu needs a terminal, and {missing}; `backease start ROUTINE` runs in \
         plain mode without one, and `list`, `check`, `history` and `config` work anywhere"
    )
}

/// `TERM=dumb`: a terminal (Emacs' shell, an editor's output pane) that moves no cursor,
/// has no alternate screen and reports no mouse. The full screen is never drawn there:
/// `start` runs in plain mode, the menu and desk mode say why they cannot run.
pub fn dumb_terminal() -> bool {
    std::env::var_os("TERM").is_some_and(|t| t == "dumb")
}

/// The real terminal: crossterm's events, the signal watch, and stdout.
struct RealHost {
    watch: signals::Watch,
    waiter: Waiter,
    /// Clicks and the wheel are ours (taken again after a stop).
    mouse: bool,
    /// A second end of the wake-up socket the signal watcher writes to.
    waker: Option<UnixStream>,
}

impl RealHost {
    fn new(mouse: bool) -> anyhow::Result<RealHost> {
        let (wake_tx, wake_rx) = UnixStream::pair().context("cannot make a wake-up socket")?;
        let waker = wake_tx.try_clone().ok();
        let watch = signals::watch(wake_tx).context("cannot watch for signals")?;
        let waiter = Waiter::new(wake_rx).context("cannot wait on the terminal")?;
        Ok(RealHost {
            watch,
            waiter,
            mouse,
            waker,
        })
    }
}

impl Host for RealHost {
    type Backend = CrosstermBackend<Stdout>;

    fn wait(&mut self, timeout: Duration) -> anyhow::Result<Woke> {
        Ok(self.waiter.wait(timeout)?)
    }

    fn next_event(&mut self) -> anyhow::Result<Option<Event>> {
        // Asks crossterm only while the terminal is there. Not a zero timeout: crossterm's
        // level-triggered /dev/tty source (feature use-dev-tty) reads nothing within one;
        // 1 ms is only waited when nothing more is there, once per batch of input.
        if self.waiter.hung_up() || !event::poll(Duration::from_millis(1))? {
            return Ok(None);
        }
        Ok(Some(event::read()?))
    }

    fn watch(&self) -> Option<&signals::Watch> {
        Some(&self.watch)
    }

    fn resized(&mut self) -> Option<(u16, u16)> {
        self.watch
            .take_resized()
            .then(terminal::size)
            .and_then(Result::ok)
    }

    fn bell(&mut self) -> anyhow::Result<()> {
        let mut out = stdout();
        out.write_all(b"\x07")?;
        out.flush()?;
        Ok(())
    }

    /// Queued, not flushed: the next frame's flush sends it (the loop sets the title
    /// just before it draws).
    fn set_title(&mut self, title: &str) -> anyhow::Result<()> {
        queue!(stdout(), SetTitle(title))?;
        Ok(())
    }

    fn stop(&mut self, terminal: &mut DefaultTerminal) -> anyhow::Result<()> {
        restore();
        loop {
            signals::stop_self().context("cannot stop the process")?;
            // Continued in the background (`bg`): a full-screen program cannot run
            // there, so stop again until brought to the foreground.
            if signals::in_foreground() {
                break;
            }
        }
        let _ = self.watch.take_continued();
        take_terminal(terminal, true, self.mouse)
    }

    fn retake(&mut self, terminal: &mut DefaultTerminal) -> anyhow::Result<()> {
        take_terminal(terminal, false, self.mouse)
    }

    fn lend(
        &mut self,
        terminal: &mut DefaultTerminal,
        during: &mut dyn FnMut(),
    ) -> anyhow::Result<()> {
        restore();
        during();
        take_terminal(terminal, true, self.mouse).context("cannot take the terminal back")
    }

    fn waker(&self) -> Option<UnixStream> {
        self.waker.as_ref().and_then(|w| w.try_clone().ok())
    }
}

/// Raw mode, the alternate screen, no cursor, the mouse when it is ours, and a full
/// redraw at the next frame.
fn take_terminal(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    save: bool,
    mouse: bool,
) -> anyhow::Result<()> {
    // crossterm skips enabling raw mode when it believes it is on; the shell may have
    // reset the terminal behind its back, so switch it off first.
    let _ = terminal::disable_raw_mode();
    terminal::enable_raw_mode()?;
    OWNED.store(true, std::sync::atomic::Ordering::SeqCst);
    if save {
        save_title();
    }
    execute!(stdout(), EnterAlternateScreen, cursor::Hide)?;
    if mouse {
        execute!(stdout(), TakeClicks)?;
    }
    // The window may have changed size while we were away. `resize` clears the screen
    // and the back buffer (a full redraw next); ratatui's `clear` would also ask the
    // terminal where its cursor is, and fail after 2 s on one that does not answer.
    let (width, height) = terminal::size()?;
    terminal.resize(Rect::new(0, 0, width, height))?;
    Ok(())
}

/// Takes the terminal for a full-screen host (the session's shell, desk mode's window:
/// [`run`], [`run_desk`]): raw mode, the alternate screen, the window title saved
/// on xterm's title stack, and clicks and the wheel when `mouse`. [`restore`] gives all
/// of it back; on an error here it is given back already. One piece of code, so every
/// full-screen mode leaves the terminal as it found it.
pub(crate) fn own_terminal(mouse: bool) -> anyhow::Result<DefaultTerminal> {
    give_back_on_panic();
    OWNED.store(true, std::sync::atomic::Ordering::SeqCst);
    let terminal = match init_terminal() {
        Ok(terminal) => terminal,
        Err(e) => {
            // Raw mode may be on already (a write to the screen failed after it).
            restore();
            return Err(anyhow::Error::from(e).context("cannot set up the terminal"));
        }
    };
    save_title();
    if mouse && let Err(e) = execute!(stdout(), TakeClicks) {
        restore();
        return Err(anyhow::Error::from(e).context("cannot set up the terminal"));
    }
    Ok(terminal)
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

/// Asks the terminal for clicks and the wheel (button presses and releases, in SGR
/// reports), not for every movement: crossterm's `EnableMouseCapture` also turns on
/// motion tracking, and a mouse moved over the window would wake the loop for each
/// cell it crossed. Given back with crossterm's `DisableMouseCapture` (every mode off).
struct TakeClicks;

impl crossterm::Command for TakeClicks {
    fn write_ansi(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        // Normal tracking (press, release, wheel), then SGR reports (any column).
        f.write_str("\x1b[?1000h\x1b[?1006h")
    }
}

/// Whether a full-screen mode holds the terminal (between [`own_terminal`] and
/// [`restore`]).
static OWNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// A panic while the terminal is held gives it back first, then reports as usual. The
/// release build aborts on a panic (`panic = "abort"` in Cargo.toml: 0.7 MB less to
/// download; docs/performance.md), so no unwinding reaches `run`'s `catch_unwind` there:
/// the terminal is given back here, and the session, saved every 5 s, is offered again at
/// the next start, as after `kill -9`. Installed once.
fn give_back_on_panic() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if OWNED.load(std::sync::atomic::Ordering::SeqCst) {
                restore();
            }
            before(info);
        }));
    });
}

/// Saves the window title so we can put it back (xterm's title stack; ignored elsewhere).
fn save_title() {
    let mut out = stdout();
    let _ = out.write_all(b"\x1b[22;0t");
    let _ = out.flush();
}

/// Puts the terminal back as we found it: cooked mode, no mouse reports, main screen,
/// cursor, title.
pub(crate) fn restore() {
    OWNED.store(false, std::sync::atomic::Ordering::SeqCst);
    let _ = terminal::disable_raw_mode();
    let mut out = stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show,
        SetTitle("")
    );
    let _ = out.write_all(b"\x1b[23;0t");
    let _ = out.flush();
}
