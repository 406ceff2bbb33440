//! Desk mode, a guest of the same loop as the session (`runtime::run`; the session is
//! `shell`): it waits on a [`Host`] (the real terminal's keys, signals and wake-ups, a terminal-less
//! host for `remind --background`, or a scripted one in tests) on the one [`Clock`], and
//! draws the reminder's screen (`ui::remind`) on the host's terminal. The terminal is
//! taken and given back by `tui` (`run_desk`), the same code as the session's, so a stop
//! (Ctrl-Z), a resize and a hang-up are handled alike. Nothing runs between wake-ups: the
//! loop sleeps until the next key, signal, request or visible change (the minute on
//! screen, the break falling due); once a minute it also asks the idle source whether the
//! person is away, looks whether history has a new routine, and whether something holds
//! reminders off (a program in `remind_pause_while`, do-not-disturb).
//!
//! When a break falls due: the chime, the voice (if on), a desktop notification, and in a
//! window the bell and the title. Enter runs the break routine in this terminal through
//! the normal session ([`Desk::break_routine`], lent the terminal by the host); when it
//! ends the reminder comes back with the timer reset. In the background the notification
//! has the buttons Start, Snooze and Skip (`remind::desktop`); Start opens the routine in
//! a terminal (`remind::terminal`) and the routine's record in history takes the break
//! ([`headless`]). `backease pause`/`resume` reach it through its socket ([`requests`]).
//!
//! The pure reminder (`remind::screen`, `remind::schedule`) decides; this carries out. It
//! must not decide when a break is due, and must not touch the terminal but through the
//! host.

mod headless;
mod requests;

use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant, SystemTime};

use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::layout::Rect;

use super::clock::Clock;
use super::runtime::{self, Guest, Next};
use super::shell::{Host, terminal_error};
use super::wait::Woke;
use crate::audio::{AudioSettings, Player};
use crate::cue::{Phrase, Sound, Urgency};
use crate::remind::control::Request;
use crate::remind::desktop::Buttons;
use crate::remind::files::{Files, Shown, StateFile};
use crate::remind::idle::{self, IdleSource};
use crate::remind::schedule::{Reading, State};
use crate::remind::screen::{Effect, Input, Reminder};
use crate::speech::Speaker;
use crate::ui::remind::View;

pub use headless::HeadlessHost;

/// How often the idle source and history are looked at while nothing else wakes the loop.
const LOOK: Duration = Duration::from_secs(60);

/// How long something that holds reminders off (a program, do-not-disturb) pauses them
/// at each look round: a little over the look's period, so the pause lasts while it
/// holds and ends within a minute or two after.
const HOLD: Duration = Duration::from_secs(150);

/// The reminder's clocks on the runtime's one [`Clock`]: the boot clock (through
/// suspend), the monotonic clock (stopped during suspend) and the wall clock, all
/// `speed` times faster from the start when sped up.
pub struct DeskClock {
    clock: Clock,
    start: Instant,
    /// The wall clock at the start.
    wall: Timestamp,
    /// Read the system's wall clock at real time (it may be set; the schedule sees a
    /// jump); off in tests and when sped up, where the wall clock is the start's plus the
    /// clock's time.
    system_wall: bool,
}

impl DeskClock {
    /// The real clocks, `speed` times faster.
    pub fn real(speed: f64) -> DeskClock {
        let start = Instant::now();
        DeskClock {
            clock: Clock::new(start, speed),
            start,
            wall: Timestamp::now(),
            system_wall: speed == 1.0,
        }
    }

    /// `clock` (a test's fake one) from the wall time `wall`: every reading is `wall`
    /// plus the clock's time since `start`.
    pub fn on(clock: Clock, start: Instant, wall: Timestamp) -> DeskClock {
        DeskClock {
            clock,
            start,
            wall,
            system_wall: false,
        }
    }

    pub fn reading(&self) -> Reading {
        let boot = self.clock.now().saturating_duration_since(self.start);
        let awake = self.clock.awake_now().saturating_duration_since(self.start);
        let mono = awake.mul_f64(self.clock.speed()).min(boot);
        let wall = if self.system_wall {
            Timestamp::now()
        } else {
            self.wall.checked_add(boot).unwrap_or(self.wall)
        };
        Reading { wall, boot, mono }
    }

    fn speed(&self) -> f64 {
        self.clock.speed()
    }

    /// The real now, for the look rounds.
    fn real_now(&self) -> Instant {
        self.clock.real_now()
    }

    /// The reminder's time for a real instant (a file's time): the same when not sped up.
    fn virtual_of(&self, real: Timestamp) -> Timestamp {
        if self.speed() == 1.0 {
            return real;
        }
        let since = real.duration_since(self.wall);
        self.wall
            .checked_add(since.mul_f64(self.speed()))
            .unwrap_or(real)
    }

    /// Real time until the reminder's `at`.
    fn real_until(&self, now: Timestamp, at: Timestamp) -> Duration {
        let d = Duration::try_from(at.duration_since(now)).unwrap_or(Duration::ZERO);
        d.div_f64(self.speed())
    }
}

/// How the break routine went when this window ran it: the lines it wrote to standard
/// error (notes for the reminder) and its exit status.
pub struct BreakOutcome {
    pub notes: Vec<String>,
    pub code: u8,
}

/// Runs a break routine by its id (the normal session, in this terminal).
pub type BreakRoutine<'a> = Box<dyn FnMut(&str) -> Result<BreakOutcome, String> + 'a>;

/// What desk mode reaches beyond the terminal and the clock, set up by the wiring
/// (`commands::remind`); tests give their own.
pub struct World<'a> {
    /// The lock, the state file, the day records.
    pub files: Files,
    pub idle: Box<dyn IdleSource>,
    /// Opens the player at the first chime: nothing of the audio device is held while
    /// waiting.
    pub open_player: Box<dyn FnMut() -> Box<dyn Player>>,
    pub speaker: Box<dyn Speaker>,
    /// Desktop notifications (the preference).
    pub notifications: bool,
    /// History's directory (`None`: none; breaks come only from the schedule).
    pub history: Option<PathBuf>,
    /// Runs the break routine `id` in this terminal (the normal session) and says how it
    /// went; the terminal is the session's meanwhile.
    pub break_routine: BreakRoutine<'a>,
    /// The terminal's background, for the colours.
    pub background: crate::prefs::Background,
    /// Colours on the screen.
    pub color: bool,
    /// `remind_pause_while`.
    pub pause_while: Vec<String>,
    /// The `terminal` preference (where Start opens the routine, background).
    pub terminal: String,
    /// Ask do-not-disturb (GNOME's setting, the notification server's `Inhibited`).
    pub ask_do_not_disturb: bool,
}

impl World<'_> {
    /// The audio settings' player, opened when first needed.
    pub fn player_opener(settings: AudioSettings) -> Box<dyn FnMut() -> Box<dyn Player>> {
        Box::new(move || crate::audio::open(&settings).0)
    }
}

/// The loop's state besides the reminder.
pub struct Desk<'a, H: Host> {
    host: H,
    clock: DeskClock,
    world: World<'a>,
    player: Option<Box<dyn Player>>,
    /// What was last written for `backease status`.
    shown: Option<Shown>,
    /// History's directory's modification time when last looked at.
    history_changed: Option<SystemTime>,
    exit: Option<u8>,
    /// `--background`: no terminal; notifications with buttons, messages to the log.
    headless: bool,
    /// What `backease pause`/`resume` and the notification's buttons ask, and the way
    /// the buttons' presses come to it.
    requests: Option<Receiver<Request>>,
    to_loop: Option<Sender<Request>>,
    /// The notification server with buttons (background only; `None`: plain or none).
    buttons: Option<Buttons>,
    /// What holds reminders off now (a program, do-not-disturb), as said in the notes.
    held: Option<String>,
    /// Notes already written to the log (background).
    logged: Vec<String>,
    /// A notification for the due break is up (background).
    notified: bool,
    /// The window title last set.
    title: String,
    /// The real moment of the last look round.
    looked: Option<Instant>,
}

impl<'a, H: Host> Desk<'a, H> {
    pub fn new(host: H, clock: DeskClock, world: World<'a>, headless: bool) -> Desk<'a, H> {
        Desk {
            host,
            clock,
            world,
            player: None,
            shown: None,
            history_changed: None,
            exit: None,
            headless,
            requests: None,
            to_loop: None,
            buttons: None,
            held: None,
            logged: Vec::new(),
            notified: false,
            title: String::new(),
            looked: None,
        }
    }

    /// The host (tests look at what it was asked).
    pub fn host(&self) -> &H {
        &self.host
    }

    /// The exit status: a signal's 128 + its number, else 0.
    pub fn exit(&self) -> u8 {
        self.exit.unwrap_or(0)
    }

    /// Runs until the person quits or a signal ends it; on `terminal` in a window, with
    /// none in the background.
    pub fn run(
        &mut self,
        reminder: &mut Reminder,
        terminal: Option<&mut Terminal<H::Backend>>,
    ) -> anyhow::Result<()> {
        // The time is taken and the state `status` reads is written first, before the
        // control socket and the notification server (a bus may be slow to answer), so
        // `status` never finds a running reminder without its state; what the first tick
        // asks (a break already due) is carried out once the buttons are there. The first
        // look round (the idle source's first answer may take a moment) comes after the
        // first frame, so the screen is up at once.
        let effects = reminder.update(Input::Tick, self.clock.reading());
        self.save(reminder, true);
        self.listen(reminder);
        if self.headless {
            self.connect_buttons();
            let offer = reminder.offer().map(|o| o.name.clone()).unwrap_or_default();
            self.log(&format!(
                "running in the background (pid {}); break routine {offer}; {}",
                std::process::id(),
                reminder.schedule.rules().hours.hours_text()
            ));
        }
        self.carry_out(reminder, effects)?;
        let result = runtime::run(
            &mut Reminding {
                desk: self,
                reminder,
            },
            terminal,
        );
        if let Some(b) = &self.buttons {
            b.close();
        }
        result
    }

    /// Real time since the last look round.
    fn since_look(&self) -> Duration {
        self.looked.map_or(Duration::ZERO, |at| {
            self.clock.real_now().saturating_duration_since(at)
        })
    }

    /// The title, then the frame.
    fn draw(
        &mut self,
        reminder: &Reminder,
        terminal: &mut Terminal<H::Backend>,
    ) -> anyhow::Result<()> {
        if reminder.title() != self.title {
            self.title = reminder.title();
            self.host.set_title(&self.title)?;
        }
        let view = View {
            reminder,
            color: self.world.color,
            background: self.world.background,
        };
        terminal
            .draw(|frame| frame.render_widget(&view, frame.area()))
            .map_err(terminal_error)?;
        Ok(())
    }

    /// Real time until the screen changes by itself: the schedule's next change, or the
    /// next minute on the countdown and on the clock.
    fn wait_for(&self, reminder: &Reminder) -> Duration {
        let now = self.clock.reading().wall;
        let minute = 60_000_000_000i128;
        let to_minute = |from: Timestamp| {
            let ns = from.as_nanosecond().rem_euclid(minute);
            Duration::from_nanos((minute - ns) as u64)
        };
        let mut wait = to_minute(now);
        if let State::Waiting { due } | State::Paused { until: due } = reminder.state() {
            // The countdown shows whole minutes left, rounded up: it changes when the
            // time left crosses a whole minute.
            let left = due.as_nanosecond() - now.as_nanosecond();
            if left > 0 {
                let part = left.rem_euclid(minute);
                let part = if part == 0 { minute } else { part };
                wait = wait.min(Duration::from_nanos(part as u64));
            }
        }
        let wait = wait.div_f64(self.clock.speed());
        match reminder.schedule.next_change(now) {
            Some(at) => wait.min(self.clock.real_until(now, at)),
            None => wait,
        }
        .max(Duration::from_millis(1))
    }

    /// The minute's look round: time passed, the idle source, history.
    fn look(&mut self, reminder: &mut Reminder) -> anyhow::Result<()> {
        self.looked = Some(self.clock.real_now());
        let now = self.clock.reading();
        match self.world.idle.away(now.wall) {
            Ok(Some(away)) => {
                let effects = reminder.update(
                    Input::Away {
                        since: away.since,
                        why: away.why,
                    },
                    now,
                );
                self.carry_out(reminder, effects)?;
            }
            Ok(None) => {}
            Err(note) => {
                reminder.idle_note = Some(note);
                self.world.idle = Box::new(idle::NoIdle);
            }
        }
        if let Some(at) = self.newest_record() {
            let effects = reminder.update(Input::Recorded(self.clock.virtual_of(at)), now);
            self.carry_out(reminder, effects)?;
        }
        self.hold(reminder)?;
        let effects = reminder.update(Input::Tick, self.clock.reading());
        self.carry_out(reminder, effects)
    }

    /// When the newest record that makes a break ended (`schedule::newest_break`: a
    /// routine really done, not a quit or a sped-up run), if history changed since last
    /// time.
    fn newest_record(&mut self) -> Option<Timestamp> {
        let dir = self.world.history.as_ref()?;
        let changed = std::fs::metadata(dir).and_then(|m| m.modified()).ok()?;
        if self.history_changed == Some(changed) {
            return None;
        }
        self.history_changed = Some(changed);
        crate::remind::schedule::newest_break(&crate::store::history::load_from(dir).records)
    }

    fn input(
        &mut self,
        reminder: &mut Reminder,
        input: Input,
        terminal: Option<&mut Terminal<H::Backend>>,
    ) -> anyhow::Result<()> {
        let effects = reminder.update(input, self.clock.reading());
        let start = effects.iter().find_map(|e| match e {
            Effect::StartRoutine(id) => Some(id.clone()),
            _ => None,
        });
        self.carry_out(reminder, effects)?;
        if let (Some(id), Some(terminal)) = (start, terminal) {
            self.break_routine(reminder, &id, terminal)?;
        }
        Ok(())
    }

    /// Runs the routine in this terminal with the normal session (the host lends it the
    /// terminal), then tells the reminder the break is over.
    fn break_routine(
        &mut self,
        reminder: &mut Reminder,
        id: &str,
        terminal: &mut Terminal<H::Backend>,
    ) -> anyhow::Result<()> {
        let run = &mut self.world.break_routine;
        let mut outcome = None;
        self.host.lend(terminal, &mut || outcome = Some(run(id)))?;
        self.title.clear();
        match outcome {
            Some(Ok(out)) => {
                reminder.notes.extend(out.notes);
                if out.code >= 128 {
                    // A signal ended the session: it ends the reminder too.
                    self.exit = Some(out.code);
                }
            }
            Some(Err(e)) => reminder.notes.push(e),
            None => {}
        }
        // A break is taken when a routine was really done during it, as history says.
        let since = match reminder.state() {
            State::OnBreak { since } => since,
            _ => reminder.now,
        };
        let records = match &self.world.history {
            Some(dir) => crate::store::history::load_from(dir).records,
            None => Vec::new(),
        };
        let taken = crate::remind::schedule::break_taken(&records, since);
        let effects = reminder.update(Input::BreakOver { taken }, self.clock.reading());
        self.carry_out(reminder, effects)
    }

    fn carry_out(&mut self, reminder: &mut Reminder, effects: Vec<Effect>) -> anyhow::Result<()> {
        // The state is written before anything is announced, so whoever hears of the
        // break (a notification, the chime) and asks `backease status` finds it due.
        if effects.contains(&Effect::Save) {
            self.save(reminder, true);
        }
        for effect in effects {
            match effect {
                Effect::Announce { routine, snoozes } => self.announce(&routine, snoozes)?,
                Effect::Save => {}
                Effect::AskReason if self.headless => self.ask_reason(),
                Effect::StartRoutine(_) | Effect::Quit | Effect::AskReason => {}
            }
        }
        // What status shows may change without the saved state changing (a break
        // falling due, the working day ending).
        self.save(reminder, false);
        if self.notified && !matches!(reminder.state(), State::Due { .. }) {
            self.notified = false;
            if let Some(b) = &self.buttons {
                b.close();
            }
        }
        Ok(())
    }

    fn announce(&mut self, routine: &str, snoozes: u32) -> anyhow::Result<()> {
        let open = &mut self.world.open_player;
        self.player
            .get_or_insert_with(|| open())
            .play(Sound::StepEnd);
        let text = if snoozes == 0 {
            format!("Time for a break: {routine}.")
        } else {
            format!("Time for that break: {routine}.")
        };
        self.world.speaker.say(
            Phrase {
                text: text.clone(),
                urgency: Urgency::Act,
            },
            crate::cue::phrase::after_chimes([Sound::StepEnd]),
        );
        if self.headless {
            self.log(&format!("{text} (a break is due)"));
            if let Some(b) = &self.buttons {
                b.show("Time for a break", &text);
                self.notified = true;
            } else if self.world.notifications {
                let _ = crate::notify::notify(
                    "Time for a break",
                    &format!("{text} Run `backease start` with it, or `backease pause`."),
                );
            }
            return Ok(());
        }
        if self.world.notifications {
            let _ = crate::notify::notify(
                "Time for a break",
                &format!("{text} Press Enter in the backease window to start it."),
            );
        }
        self.host.bell()
    }

    /// Writes the state file when the saved state or what status shows changed
    /// (`force`: the saved state did), and today's counts with it.
    fn save(&mut self, reminder: &mut Reminder, force: bool) {
        let now = reminder.now;
        let routine = reminder.offer().map(|o| o.id.clone()).unwrap_or_default();
        let shown = Shown::new(reminder.state(), now, &routine, reminder.schedule.snoozes());
        let same = self.shown.as_ref().is_some_and(|s| {
            Shown {
                written: s.written,
                ..shown.clone()
            } == *s
        });
        if same && !force {
            return;
        }
        let state = StateFile {
            shown: shown.clone(),
            saved: *reminder.schedule.saved(),
        };
        let files = &self.world.files;
        let saved = files
            .save(&state)
            .and_then(|()| files.save_day(&state.saved.day));
        match saved {
            Ok(()) => self.shown = Some(shown),
            Err(e) => {
                let note = format!("could not save the reminder's state: {e}");
                if !reminder.notes.contains(&note) {
                    reminder.notes.push(note);
                }
            }
        }
    }

    /// The host's wake-up socket, for the control socket's thread and the buttons.
    fn waker(&self) -> Option<UnixStream> {
        self.host.waker()
    }
}

/// Desk mode as the runtime's guest: the loop's state and the reminder.
struct Reminding<'s, 'a, H: Host> {
    desk: &'s mut Desk<'a, H>,
    reminder: &'s mut Reminder,
}

impl<H: Host> Guest for Reminding<'_, '_, H> {
    type Host = H;

    fn host(&mut self) -> &mut H {
        &mut self.desk.host
    }

    /// The person quit, or the break routine was ended by a signal, which ends the
    /// reminder too.
    fn done(&self) -> bool {
        self.reminder.done || self.desk.exit.is_some()
    }

    fn interrupted(&mut self, signal: i32) -> anyhow::Result<()> {
        let desk = &mut *self.desk;
        desk.log_notes(self.reminder);
        if desk.headless {
            // A stop asked for (systemd's, `kill`, `--uninstall`) is a clean end in the
            // background: exit 0, so `Restart=on-failure` does not start it again.
            desk.exit = Some(0);
            desk.log(&format!("stopped by signal {signal}"));
        } else {
            desk.exit = Some(u8::try_from(128 + signal).unwrap_or(u8::MAX));
        }
        Ok(())
    }

    /// In a window: the terminal given back until `fg`. In the background there is
    /// nothing to give back.
    fn suspend(&mut self, terminal: Option<&mut Terminal<H::Backend>>) -> anyhow::Result<()> {
        if let Some(terminal) = terminal {
            self.desk.host.stop(terminal)?;
            self.desk.title.clear();
        }
        Ok(())
    }

    fn continued(&mut self) -> anyhow::Result<()> {
        self.desk.title.clear();
        Ok(())
    }

    /// The notes to the log (background), the frame (in a window), and the first look
    /// round right after the first frame.
    fn frame(&mut self, terminal: Option<&mut Terminal<H::Backend>>) -> anyhow::Result<Next> {
        let desk = &mut *self.desk;
        desk.log_notes(self.reminder);
        if let Some(terminal) = terminal {
            desk.draw(self.reminder, terminal)?;
        }
        if desk.looked.is_none() {
            desk.look(self.reminder)?;
            return Ok(Next::DrawAgain);
        }
        Ok(Next::Wait)
    }

    fn timeout(&mut self) -> Duration {
        let desk = &*self.desk;
        desk.wait_for(self.reminder).min(
            LOOK.saturating_sub(desk.since_look())
                .max(Duration::from_millis(1)),
        )
    }

    fn hung_up(&mut self) -> anyhow::Result<()> {
        self.desk.exit = Some(128 + libc::SIGHUP as u8);
        Ok(())
    }

    /// The minute's look round when it is time (or the wait ran out), and what
    /// `backease pause`/`resume` and the buttons asked.
    fn woke(&mut self, woke: Woke) -> anyhow::Result<()> {
        let desk = &mut *self.desk;
        if desk.since_look() >= LOOK || woke == Woke::Timeout {
            desk.look(self.reminder)?;
        }
        desk.answer_requests(self.reminder)
    }

    fn event(
        &mut self,
        event: Event,
        terminal: Option<&mut Terminal<H::Backend>>,
    ) -> anyhow::Result<()> {
        let desk = &mut *self.desk;
        match event {
            Event::Key(key) => {
                // Ctrl-C quits as everywhere in backease: with 130, as shells expect of
                // an interrupted program.
                let ctrl = key.kind == KeyEventKind::Press
                    && key.modifiers.contains(KeyModifiers::CONTROL);
                if ctrl && key.code == KeyCode::Char('c') {
                    desk.exit = Some(128 + libc::SIGINT as u8);
                }
                // Ctrl-Z stops as in the session: the terminal given back until `fg`.
                if ctrl && key.code == KeyCode::Char('z') {
                    if let Some(terminal) = terminal {
                        desk.host.stop(terminal)?;
                        desk.title.clear();
                    }
                    return Ok(());
                }
                if let Some(key) = crate::keymap::remind_key(key) {
                    desk.input(self.reminder, Input::Key(key), terminal)?;
                }
            }
            Event::Resize(w, h) => {
                if let Some(terminal) = terminal {
                    terminal
                        .resize(Rect::new(0, 0, w, h))
                        .map_err(terminal_error)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}
