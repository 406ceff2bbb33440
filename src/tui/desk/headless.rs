//! `backease remind --background`: desk mode with no terminal. [`HeadlessHost`] is the
//! runtime's host there (it waits on the signal watcher's and the requests' wake-up
//! socket and the next deadline; it has no keys, bell or title); the rest is what only
//! the background does: its log (standard error, the journal under systemd) and the
//! notification's buttons (Start opens the routine in a terminal). Part of
//! [`super::Desk`].

use std::io::{self, Read as _, Write as _};
use std::os::fd::AsRawFd as _;
use std::os::unix::net::UnixStream;
use std::time::Duration;

use anyhow::Context as _;
use ratatui::backend::TestBackend;

use super::Desk;
use crate::remind::control::{self, Ask};
use crate::remind::desktop::Buttons;
use crate::remind::schedule::State;
use crate::remind::screen::{Effect, Input, Key, Reminder};
use crate::tui::shell::Host;
use crate::tui::signals;
use crate::tui::wait::Woke;

/// The runtime's host with no terminal: signals and requests wake it, nothing else.
pub struct HeadlessHost {
    watch: signals::Watch,
    wake: UnixStream,
    /// A second end for the control socket's thread and the buttons to write to.
    waker: UnixStream,
}

impl HeadlessHost {
    pub fn new() -> anyhow::Result<HeadlessHost> {
        let (wake_tx, wake) = UnixStream::pair().context("cannot make a wake-up socket")?;
        wake.set_nonblocking(true)?;
        let waker = wake_tx
            .try_clone()
            .context("cannot make a wake-up socket")?;
        let watch = signals::watch(wake_tx).context("cannot watch for signals")?;
        Ok(HeadlessHost { watch, wake, waker })
    }
}

impl Host for HeadlessHost {
    /// Never drawn on: the loop is given no terminal.
    type Backend = TestBackend;

    fn wait(&mut self, timeout: Duration) -> anyhow::Result<Woke> {
        let mut fds = [crate::sys::PollFd::new(self.wake.as_raw_fd())];
        let polled = crate::sys::poll(&mut fds, timeout);
        let mut buf = [0u8; 64];
        while matches!(self.wake.read(&mut buf), Ok(n) if n > 0) {}
        Ok(match polled {
            Ok(0) => Woke::Timeout,
            _ => Woke::Signal,
        })
    }

    fn watch(&self) -> Option<&signals::Watch> {
        Some(&self.watch)
    }

    fn waker(&self) -> Option<UnixStream> {
        self.waker.try_clone().ok()
    }
}

impl<H: Host> Desk<'_, H> {
    /// The notification server with buttons (when notifications are on): their presses
    /// come to the loop as requests.
    pub(super) fn connect_buttons(&mut self) {
        if !self.world.notifications {
            return;
        }
        let to_loop = self.to_loop.clone();
        let wake = self.waker();
        let pressed = move |key: String| {
            if let (Some(tx), Some(wake)) = (&to_loop, &wake) {
                control::send(tx, wake, Ask::Action(key));
            }
        };
        match Buttons::connect(Box::new(pressed)) {
            Ok(b) => {
                self.log(&format!(
                    "notifications with Start, Snooze and Skip through {}",
                    b.server
                ));
                self.buttons = Some(b);
            }
            Err(e) => self.log(&format!(
                "notifications without buttons: {e}; a due break is still chimed{}",
                if crate::notify::availability().is_ok() {
                    " and notified"
                } else {
                    ""
                }
            )),
        }
    }

    /// A line in the log (standard error; the journal under systemd).
    pub(super) fn log(&self, line: &str) {
        let at = jiff::Zoned::now().strftime("%Y-%m-%d %H:%M:%S");
        let mut err = io::stderr();
        let _ = writeln!(err, "{at} backease remind: {line}");
    }

    /// The notes not written to the log yet (background).
    pub(super) fn log_notes(&mut self, reminder: &Reminder) {
        if !self.headless {
            return;
        }
        for note in &reminder.notes {
            if !self.logged.contains(note) {
                self.log(note);
                self.logged.push(note.clone());
            }
        }
        if let Some(note) = &reminder.idle_note
            && !self.logged.contains(note)
        {
            self.log(note);
            self.logged.push(note.clone());
        }
        let extra = self.logged.len().saturating_sub(16);
        self.logged.drain(..extra);
        if let Some(p) = self.buttons.as_ref().and_then(Buttons::take_problem) {
            self.log(&p);
        }
    }

    /// A notification's button (background): start, snooze or skip the due break.
    pub(super) fn action(&mut self, reminder: &mut Reminder, key: &str) -> anyhow::Result<()> {
        if let Some(reason) = crate::remind::schedule::Reason::from_key(key) {
            let effects = reminder.update(Input::Reason(reason), self.clock.reading());
            self.carry_out(reminder, effects)?;
            self.log(&format!("why: {}", reason.label()));
            return Ok(());
        }
        let key = match key {
            "start" => Key::Start,
            "snooze" => Key::Snooze,
            "skip" => Key::Skip,
            other => {
                self.log(&format!(
                    "the notification sent an unknown action {other:?}"
                ));
                return Ok(());
            }
        };
        if key != Key::Start && !matches!(reminder.state(), State::Due { .. }) {
            self.log("a button was pressed, but no break is due now");
            return Ok(());
        }
        let effects = reminder.update(Input::Key(key), self.clock.reading());
        let start = effects.iter().find_map(|e| match e {
            Effect::StartRoutine(id) => Some(id.clone()),
            _ => None,
        });
        self.carry_out(reminder, effects)?;
        match key {
            Key::Snooze => self.log(&format!("snoozed: {}", reminder.summary())),
            Key::Skip => self.log(&format!("skipped: {}", reminder.summary())),
            _ => {}
        }
        if let Some(id) = start {
            // Answered: the notification goes (the break stays due until the routine is
            // in history).
            if let Some(b) = self.buttons.as_ref().filter(|_| self.notified) {
                b.close();
            }
            self.notified = false;
            self.open_routine(&id);
        }
        Ok(())
    }

    /// "Why?" as a notification whose buttons are the answers (background).
    pub(super) fn ask_reason(&mut self) {
        if let Some(b) = &self.buttons {
            b.ask_reason();
            self.notified = false;
        }
    }

    /// Opens the break routine in a terminal (tmux, the preference, or the first found).
    pub(super) fn open_routine(&self, id: &str) {
        let exe = std::env::current_exe()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| "backease".into());
        let tmux = std::env::var_os("TMUX").is_some_and(|t| !t.is_empty());
        let var = std::env::var("TERMINAL").ok();
        let command = crate::remind::terminal::command(
            &exe,
            id,
            tmux,
            &self.world.terminal,
            var.as_deref(),
            &crate::remind::terminal::on_path,
        );
        let log = self.world.files.dir().join("remind.log");
        match command.and_then(|c| {
            crate::remind::terminal::open(&c, &log)?;
            Ok(c)
        }) {
            Ok(c) => self.log(&format!("opened the break routine: {}", c.join(" "))),
            Err(e) => self.log(&format!("cannot open the break routine: {e}")),
        }
    }
}
