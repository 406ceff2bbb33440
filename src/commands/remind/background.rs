//! `backease remind --background`: the reminder's loop with no terminal, its log, and
//! the notification's buttons (Start opens the routine in a terminal). Part of
//! `commands::remind` (the `Desk` it extends lives there).

use std::io::{self, Write as _};
use std::os::fd::AsRawFd as _;
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use super::{Desk, LOOK};
use crate::remind::control::{self, Ask};
use crate::remind::desktop::Buttons;
use crate::remind::schedule::State;
use crate::remind::screen::{Effect, Input, Key, Reminder};
use crate::tui::signals;

impl Desk<'_> {
    /// `--background`: the loop with no terminal. It waits on the signal watcher's and
    /// the requests' wake-up socket and the next deadline, as the window's loop does.
    pub(super) fn run_background(&mut self, reminder: &mut Reminder) -> anyhow::Result<()> {
        let (wake_tx, mut wake_rx) = UnixStream::pair().context("cannot make a wake-up socket")?;
        wake_rx.set_nonblocking(true)?;
        let to_loop = self.listen(reminder, &wake_tx);
        if self.notifications {
            let wake = wake_tx
                .try_clone()
                .context("cannot make a wake-up socket")?;
            let pressed = move |key: String| {
                if let Some(tx) = &to_loop {
                    control::send(tx, &wake, Ask::Action(key));
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
        let watch = signals::watch(wake_tx).context("cannot watch for signals")?;
        let offer = reminder.offer().map(|o| o.name.clone()).unwrap_or_default();
        self.log(&format!(
            "running in the background (pid {}); break routine {offer}; {}",
            std::process::id(),
            reminder.schedule.rules().hours.hours_text()
        ));
        let effects = reminder.update(Input::Tick, self.clock.reading());
        self.carry_out(reminder, effects)?;
        self.look(reminder)?;
        let mut look_at = Instant::now();
        loop {
            self.log_notes(reminder);
            if let Some(signal) = watch.stop_signal() {
                // A stop asked for (systemd's, `kill`, `--uninstall`) is a clean end in
                // the background: exit 0, so `Restart=on-failure` does not start it again.
                self.exit = Some(0);
                self.log(&format!("stopped by signal {signal}"));
                break;
            }
            let timeout = self.wait_for(reminder).min(
                LOOK.saturating_sub(look_at.elapsed())
                    .max(Duration::from_millis(1)),
            );
            let mut fds = [crate::sys::PollFd::new(wake_rx.as_raw_fd())];
            let polled = crate::sys::poll(&mut fds, timeout);
            let mut buf = [0u8; 64];
            while matches!(io::Read::read(&mut wake_rx, &mut buf), Ok(n) if n > 0) {}
            if look_at.elapsed() >= LOOK || matches!(polled, Ok(0)) {
                look_at = Instant::now();
                self.look(reminder)?;
            }
            self.answer_requests(reminder)?;
        }
        if let Some(b) = &self.buttons {
            b.close();
        }
        Ok(())
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
            &self.terminal,
            var.as_deref(),
            &crate::remind::terminal::on_path,
        );
        let log = self.files.dir().join("remind.log");
        match command.and_then(|c| {
            crate::remind::terminal::open(&c, &log)?;
            Ok(c)
        }) {
            Ok(c) => self.log(&format!("opened the break routine: {}", c.join(" "))),
            Err(e) => self.log(&format!("cannot open the break routine: {e}")),
        }
    }
}
