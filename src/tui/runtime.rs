//! The one loop every full-screen mode runs: the session (`shell`) and desk mode
//! (`desk`, in a window or with no terminal) and plain mode (`crate::plain`, lines on
//! standard input, no terminal drawn) are its [`Guest`]s. It asks the guest's
//! [`Host`] for signals, stops, the next key and the wait, in the same order for both;
//! the guest draws, says how long to wait, and acts on what woke it. The clock, the
//! terminal's ownership (`tui::run`, `tui::run_desk`) and the effects (`effects`) are
//! shared the same way.
//!
//! It must not know what a guest shows or decides: no app, no reminder here.

use crossterm::event::Event;
use ratatui::Terminal;
use std::time::Duration;

use super::shell::Host;
use super::wait::Woke;

/// What to do after a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Wait for the next wake-up.
    Wait,
    /// Something arrived while drawing (history read, the first look round): draw again
    /// before waiting.
    DrawAgain,
}

/// A mode the loop runs: it owns its host and its state.
pub trait Guest {
    type Host: Host;
    fn host(&mut self) -> &mut Self::Host;
    /// The guest has ended (the person quit, a signal ended a break, …).
    fn done(&self) -> bool;
    /// A terminating signal arrived (SIGINT, SIGTERM, SIGHUP, …): what ends with it.
    fn interrupted(&mut self, signal: i32) -> anyhow::Result<()>;
    /// SIGTSTP: give the terminal back, stop, take it again when continued.
    fn suspend(
        &mut self,
        terminal: Option<&mut Terminal<<Self::Host as Host>::Backend>>,
    ) -> anyhow::Result<()>;
    /// Continued after a stop the program could not catch (SIGSTOP): the terminal was
    /// taken again; everything is drawn anew.
    fn continued(&mut self) -> anyhow::Result<()>;
    /// Draws (or, with no terminal, whatever a pass does first).
    fn frame(
        &mut self,
        terminal: Option<&mut Terminal<<Self::Host as Host>::Backend>>,
    ) -> anyhow::Result<Next>;
    /// Real time until the next thing the guest must do by itself.
    fn timeout(&mut self) -> Duration;
    /// The terminal is gone.
    fn hung_up(&mut self) -> anyhow::Result<()>;
    /// Whatever woke the loop: time to act on what is due.
    fn woke(&mut self, woke: Woke) -> anyhow::Result<()>;
    /// The window has a new size (the terminal is resized already).
    fn resized(&mut self) {}
    /// A key, a click or a resize.
    fn event(
        &mut self,
        event: Event,
        terminal: Option<&mut Terminal<<Self::Host as Host>::Backend>>,
    ) -> anyhow::Result<()>;
    /// After `woke` was acted on: the window's new size, then every event the host has
    /// (a guest that reads its input another way, plain mode's lines, says so here).
    fn read(
        &mut self,
        woke: Woke,
        mut terminal: Option<&mut Terminal<<Self::Host as Host>::Backend>>,
    ) -> anyhow::Result<()> {
        if !matches!(woke, Woke::Input | Woke::Signal) {
            return Ok(());
        }
        if let Some(terminal) = terminal.as_deref_mut()
            && let Some((width, height)) = self.host().resized()
        {
            terminal
                .resize(ratatui::layout::Rect::new(0, 0, width, height))
                .map_err(super::shell::terminal_error)?;
            self.resized();
        }
        while !self.done() && self.host().stop_signal().is_none() {
            let Some(event) = self.host().next_event()? else {
                break;
            };
            self.event(event, terminal.as_deref_mut())?;
        }
        Ok(())
    }
}

/// Runs `guest` until it is done or a signal or hang-up ends it; on `terminal`, or with
/// none (`remind --background`).
pub fn run<G: Guest>(
    guest: &mut G,
    mut terminal: Option<&mut Terminal<<G::Host as Host>::Backend>>,
) -> anyhow::Result<()> {
    while !guest.done() {
        if let Some(signal) = guest.host().stop_signal() {
            guest.interrupted(signal)?;
            break;
        }
        if guest.host().take_suspend() {
            guest.suspend(terminal.as_deref_mut())?;
            continue;
        }
        if guest.host().take_continued() {
            // Stopped by something we could not catch (SIGSTOP): the terminal may have
            // been used meanwhile; take it again and draw everything.
            if let Some(terminal) = terminal.as_deref_mut() {
                guest.host().retake(terminal)?;
            }
            guest.continued()?;
        }
        if guest.frame(terminal.as_deref_mut())? == Next::DrawAgain {
            continue;
        }
        let timeout = guest.timeout();
        let woke = guest.host().wait(timeout)?;
        if woke == Woke::HangUp {
            guest.hung_up()?;
            break;
        }
        guest.woke(woke)?;
        guest.read(woke, terminal.as_deref_mut())?;
    }
    Ok(())
}
