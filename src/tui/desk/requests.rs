//! What reaches the running reminder besides keys and time: `backease pause`/`resume`
//! and the notification's buttons through its socket (`remind::control`), and what holds
//! reminders off (a program of `remind_pause_while`, do-not-disturb). Both the window's
//! loop and the background's use these. Part of [`super::Desk`].

use std::path::Path;
use std::time::Duration;

use super::{Desk, HOLD};
use crate::remind::control::{self, Ask, Request};
use crate::remind::schedule::{PauseFor, State};
use crate::remind::screen::{Input, Reminder};
use crate::tui::shell::Host;

impl<H: Host> Desk<'_, H> {
    /// Opens the control socket; a failure is a note (pause/resume then cannot reach
    /// this reminder, the rest works).
    pub(super) fn listen(&mut self, reminder: &mut Reminder) {
        // A host with no wake-up socket (a test's) has nobody asking.
        let Some(wake) = self.waker() else {
            return;
        };
        let dir = self.world.files.dir();
        match control::listen(dir, wake) {
            Ok((tx, rx)) => {
                self.requests = Some(rx);
                self.to_loop = Some(tx);
            }
            Err(e) => {
                reminder.notes.push(format!(
                    "`backease pause` cannot reach this reminder: {}: {e}",
                    control::path(dir).display()
                ));
            }
        }
    }

    /// Answers what `backease pause`/`resume` and the notification's buttons asked.
    pub(super) fn answer_requests(&mut self, reminder: &mut Reminder) -> anyhow::Result<()> {
        let Some(requests) = &self.requests else {
            return Ok(());
        };
        let asked: Vec<Request> = requests.try_iter().collect();
        for request in asked {
            let answer = match &request.ask {
                Ask::Pause(text) => match crate::remind::schedule::parse_pause(text) {
                    Ok(length) => {
                        let effects = reminder.update(Input::Pause(length), self.clock.reading());
                        self.carry_out(reminder, effects)?;
                        reminder.summary()
                    }
                    Err(e) => format!("error: {e}"),
                },
                Ask::Resume => {
                    let paused = reminder.schedule.saved().pause.is_some();
                    let effects = reminder.update(Input::Resume, self.clock.reading());
                    self.carry_out(reminder, effects)?;
                    if paused {
                        format!("resumed: {}", reminder.summary())
                    } else {
                        format!("not paused: {}", reminder.summary())
                    }
                }
                Ask::Action(key) => {
                    self.action(reminder, key)?;
                    reminder.summary()
                }
            };
            if let Some(reply) = request.reply {
                let _ = reply.send(answer);
            }
        }
        Ok(())
    }

    /// What holds reminders off now: a program of `remind_pause_while`, or
    /// do-not-disturb (the notification server's `Inhibited`, GNOME's show-banners).
    pub(super) fn holding(&self) -> Option<String> {
        if let Some(name) =
            crate::remind::quiet::running_program(Path::new("/proc"), &self.world.pause_while)
        {
            return Some(format!("{name} is running"));
        }
        if !self.world.ask_do_not_disturb {
            return None;
        }
        let server = self
            .buttons
            .as_ref()
            .and_then(|b| b.inhibited(Duration::from_secs(1)));
        if server == Some(true) || crate::remind::quiet::gnome_do_not_disturb() == Some(true) {
            return Some("do not disturb is on".into());
        }
        None
    }

    /// Holds reminders off while something says so: a short pause renewed at each look
    /// round (never shortening a longer one asked for), so the time sat still counts and
    /// a break that fell due meanwhile is announced once when the hold ends.
    pub(super) fn hold(&mut self, reminder: &mut Reminder) -> anyhow::Result<()> {
        let why = self.holding();
        if why != self.held {
            match (&why, &self.held) {
                (Some(w), _) => reminder.notes.push(format!("holding reminders off: {w}")),
                (None, Some(w)) => reminder
                    .notes
                    .push(format!("no longer held off ({w} ended)")),
                (None, None) => {}
            }
            self.held = why.clone();
        }
        if why.is_none() {
            return Ok(());
        }
        let now = self.clock.reading();
        let length = HOLD.mul_f64(self.clock.speed());
        let ends = now.wall.checked_add(length).unwrap_or(now.wall);
        let longer = reminder
            .schedule
            .saved()
            .pause
            .is_some_and(|p| p.until.0 >= ends);
        if !longer && !matches!(reminder.state(), State::OnBreak { .. }) {
            let effects = reminder.update(Input::Pause(PauseFor::For(length)), now);
            self.carry_out(reminder, effects)?;
        }
        Ok(())
    }
}
