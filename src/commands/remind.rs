//! `backease remind`: desk mode's reminder, in a terminal of its own (a tmux window, a
//! tab), or with `--background` in none. Takes the one reminder's lock (`remind::files`),
//! carries on from the saved state, and runs the reminder's screen (`remind::screen`,
//! drawn by `ui::remind` in a window) in a loop that sleeps until the next key, signal,
//! request or visible change (the minute on screen, the break falling due): nothing runs
//! in between. Once a minute it also asks the idle source whether the person is away,
//! looks whether history has a new routine, and whether something holds reminders off
//! (a program in `remind_pause_while`, do-not-disturb).
//!
//! When a break falls due: the chime, the voice (if on), a desktop notification, and in a
//! window the bell and the title. Enter runs the break routine in this terminal through
//! the normal session (`interactive`); when it ends the reminder comes back with the timer
//! reset. In the background the notification has the buttons Start, Snooze and Skip
//! (`remind::desktop`); Start opens the routine in a terminal (`remind::terminal`) and the
//! routine's record in history takes the break.
//!
//! `backease pause`/`resume` reach the running reminder through its socket
//! (`remind::control`); `--install`, `--uninstall` and `--status` are `remind::install`'s.
//!
//! Shell code: terminal, clocks, files, audio, speech, notifications.

use std::io::{self, IsTerminal as _, Write as _};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context as _;
use crossterm::event::{self, Event};
use crossterm::terminal::SetTitle;
use crossterm::{cursor, execute};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::DefaultTerminal;
use ratatui::layout::Rect;

use super::error::{Error, Result};
use super::inputs::{library, preferences};
use super::output::Output;
use crate::audio::{self, AudioSettings, Player};
use crate::cli::{Cli, RemindArgs};
use crate::cue::{Phrase, Sound, Urgency};
use crate::remind::control::Request;
use crate::remind::desktop::Buttons;
use crate::remind::files::{Files, Shown, StateFile, background_whereabouts, whereabouts};
use crate::remind::idle::{self, IdleSource};
use crate::remind::schedule::{Reading, Schedule, State};
use crate::remind::screen::{Effect, Input, Offer, Reminder};
use crate::routine::duration::approx_total;
use crate::speech::Speaker;
use crate::tui::signals;
use crate::tui::wait::{Waiter, Woke};
use crate::ui::remind::View;

mod background;
mod requests;

/// How often the idle source and history are looked at while nothing else wakes the loop.
const LOOK: Duration = Duration::from_secs(60);

fn fail(message: String) -> Error {
    Error::Terminal {
        error: anyhow::anyhow!(message),
    }
}

/// How long something that holds reminders off (a program, do-not-disturb) pauses them
/// at each look round: a little over the look's period, so the pause lasts while it
/// holds and ends within a minute or two after.
const HOLD: Duration = Duration::from_secs(150);

/// The routine offered after the answer "in pain".
pub const GENTLE: &str = "easing_in";

/// `backease remind [--install|--uninstall|--status|--background]`.
pub fn dispatch(cli: &Cli, args: &RemindArgs) -> Result<Output> {
    use crate::remind::install;
    if (args.dry_run || args.force) && !(args.install || args.uninstall) {
        return Err(Error::Remind {
            message: "--dry-run and --force go with --install or --uninstall".into(),
        });
    }
    let setup = || install::Setup::from_env().map_err(|message| Error::Remind { message });
    let said = |text: std::result::Result<String, String>| {
        text.map(|stdout| Output {
            stdout,
            ..Output::default()
        })
        .map_err(|message| Error::Remind { message })
    };
    if args.install {
        return said(install::install(&setup()?, args.dry_run, args.force));
    }
    if args.uninstall {
        return said(install::uninstall(&setup()?, args.dry_run, args.force));
    }
    if args.status {
        return said(Ok(install::status(&setup()?)));
    }
    run(cli, args.background)
}

pub fn run(cli: &Cli, headless: bool) -> Result<Output> {
    let files =
        Files::platform().ok_or_else(|| fail("no data directory (set HOME)".to_string()))?;
    // First: a second reminder is told where the first runs, whatever else is wrong.
    let here = if headless {
        background_whereabouts()
    } else {
        whereabouts()
    };
    let _lock = match files.lock(&here) {
        Ok(lock) => lock,
        // In the background (started at login, perhaps twice): a note in the log and a
        // clean exit, so systemd does not start it again and again.
        Err(e) if headless => {
            return Ok(Output {
                stderr: format!("backease remind: {e}\n"),
                ..Output::default()
            });
        }
        Err(e) => return Err(fail(e)),
    };
    let library = library(cli)?;
    let (prefs, prefs_notice) = preferences(cli);
    let offer_of = |r: &crate::routine::Routine| {
        let total = r.total(prefs.lead_in());
        let mut length = approx_total(total);
        if r.has_untimed() {
            length.push('+');
        }
        Offer {
            id: r.id.clone(),
            name: crate::text::escape(&r.name).into_owned(),
            length,
            seconds: total.max.as_secs(),
        }
    };
    let mut offers = Vec::new();
    for id in prefs.remind_routines() {
        let Some(r) = library.routine(&id) else {
            let ids: Vec<&str> = library.routines.iter().map(|r| r.id.as_str()).collect();
            let file = crate::store::paths::preferences()
                .map_or_else(|| "preferences".to_string(), |p| p.display().to_string());
            return Err(fail(format!(
                "{file}: remind_routine: no routine {id:?}; the ids are: {}",
                ids.join(", ")
            )));
        };
        offers.push(offer_of(r));
    }
    // After "in pain" the next break offers the gentlest routine: the shipped
    // "Easing back in" (upright, slow, a few minutes), where the library has it.
    let gentle = library.routine(GENTLE).map(offer_of);
    if !headless
        && (!(io::stdin().is_terminal() && io::stdout().is_terminal())
            || crate::tui::dumb_terminal())
    {
        return Err(fail(
            "remind needs a terminal that can draw the full screen (not TERM=dumb): run it \
             in a tmux window or a tab, or without one: `backease remind --background` \
             (`backease remind --install` starts it with your session); `backease status` \
             works anywhere"
                .into(),
        ));
    }
    audio::silence_system_audio_logs();

    let clock = Clock::new(cli.speed);
    let now = clock.reading();
    let tz = TimeZone::system();
    let rules = prefs.remind_rules();
    let (loaded, load_note) = files.load();
    let schedule = match loaded {
        Some(state) => Schedule::resume(rules, tz, state.saved),
        None => Schedule::new(rules, tz, now.wall),
    };
    let mut reminder = Reminder::new(schedule, offers, now.wall);
    reminder.elsewhere = headless;
    reminder.gentle = gentle;
    reminder.notes.extend(prefs_notice);
    reminder.notes.extend(load_note);
    let (idle, idle_note) = idle::open();
    reminder.idle_note = idle_note;

    let mut desk = Desk {
        cli,
        library,
        files,
        clock,
        idle,
        player: None,
        speaker: crate::speech::open(&prefs.voice(), prefs.volume(), prefs.mute()),
        settings: AudioSettings {
            volume: prefs.volume(),
            muted: prefs.mute(),
            custom: prefs.sound_files(),
        },
        notifications: prefs.notifications(),
        background: if headless {
            crate::prefs::Background::Dark
        } else {
            crate::tui::background::background(prefs.theme())
        },
        shown: None,
        history: History::default(),
        exit: None,
        headless,
        requests: None,
        buttons: None,
        pause_while: prefs.remind_pause_while(),
        terminal: prefs.terminal(),
        held: None,
        logged: Vec::new(),
        notified: false,
    };
    let result = if headless {
        desk.run_background(&mut reminder)
    } else {
        let result = desk.run(&mut reminder);
        restore();
        result
    };
    result.map_err(|error| Error::Terminal { error })?;
    Ok(Output {
        code: desk.exit.unwrap_or(0),
        ..Output::default()
    })
}

/// The reminder's clock: the wall clock, the boot clock (through suspend) and the
/// monotonic clock, all `speed` times faster from the start when sped up.
struct Clock {
    speed: f64,
    wall: Timestamp,
    boot: Duration,
    mono: Instant,
}

impl Clock {
    fn new(speed: f64) -> Clock {
        Clock {
            speed,
            wall: Timestamp::now(),
            boot: crate::sys::boot_clock().unwrap_or_default(),
            mono: Instant::now(),
        }
    }

    fn reading(&self) -> Reading {
        let mono = self.mono.elapsed();
        let boot = crate::sys::boot_clock()
            .map_or(mono, |b| b.saturating_sub(self.boot))
            .max(mono);
        if self.speed == 1.0 {
            return Reading {
                wall: Timestamp::now(),
                boot,
                mono,
            };
        }
        let (boot, mono) = (boot.mul_f64(self.speed), mono.mul_f64(self.speed));
        Reading {
            wall: self.wall.checked_add(boot).unwrap_or(self.wall),
            boot,
            mono,
        }
    }

    /// The reminder's time for a real instant (a file's time): the same when not sped up.
    fn virtual_of(&self, real: Timestamp) -> Timestamp {
        if self.speed == 1.0 {
            return real;
        }
        let since = real.duration_since(self.wall);
        self.wall
            .checked_add(since.mul_f64(self.speed))
            .unwrap_or(real)
    }

    /// Real time until the reminder's `at`.
    fn real_until(&self, now: Timestamp, at: Timestamp) -> Duration {
        let d = Duration::try_from(at.duration_since(now)).unwrap_or(Duration::ZERO);
        d.div_f64(self.speed)
    }
}

/// What history's directory looked like last time (its modification time), and the
/// newest record's time then.
#[derive(Default)]
struct History {
    dir_changed: Option<SystemTime>,
}

struct Desk<'a> {
    cli: &'a Cli,
    library: crate::routine::Library,
    files: Files,
    clock: Clock,
    idle: Box<dyn IdleSource>,
    /// Opened at the first chime: nothing of the audio device is held while waiting.
    player: Option<Box<dyn Player>>,
    speaker: Box<dyn Speaker>,
    settings: AudioSettings,
    notifications: bool,
    /// The terminal's background, for the colours.
    background: crate::prefs::Background,
    /// What was last written for `backease status`.
    shown: Option<Shown>,
    history: History,
    exit: Option<u8>,
    /// `--background`: no terminal; notifications with buttons, messages to stderr.
    headless: bool,
    /// What `backease pause`/`resume` and the notification's buttons ask.
    requests: Option<Receiver<Request>>,
    /// The notification server with buttons (background only; `None`: plain or none).
    buttons: Option<Buttons>,
    /// `remind_pause_while`.
    pause_while: Vec<String>,
    /// The `terminal` preference.
    terminal: String,
    /// What holds reminders off now (a program, do-not-disturb), as said in the notes.
    held: Option<String>,
    /// Notes already written to the log (background).
    logged: Vec<String>,
    /// A notification for the due break is up (background).
    notified: bool,
}

impl Desk<'_> {
    fn run(&mut self, reminder: &mut Reminder) -> anyhow::Result<()> {
        let (wake_tx, wake_rx) = UnixStream::pair().context("cannot make a wake-up socket")?;
        self.listen(reminder, &wake_tx);
        let watch = signals::watch(wake_tx).context("cannot watch for signals")?;
        let mut waiter = Waiter::new(wake_rx).context("cannot wait on the terminal")?;
        let mut terminal = take_terminal()?;
        let mut title = String::new();
        let mut look_at = Instant::now();
        // The first look round (the idle source's first answer may take a moment) comes
        // after the first frame, so the screen is up at once; the time is taken (and the
        // state `status` reads is written) before it.
        let effects = reminder.update(Input::Tick, self.clock.reading());
        self.carry_out(reminder, effects)?;
        let mut first = true;
        loop {
            if let Some(signal) = watch.stop_signal() {
                self.exit = Some(u8::try_from(128 + signal).unwrap_or(u8::MAX));
                break;
            }
            if reminder.done {
                break;
            }
            if reminder.title() != title {
                title = reminder.title();
                execute!(io::stdout(), SetTitle(&title))?;
            }
            terminal.draw(|frame| {
                let view = View {
                    reminder,
                    color: crate::tui::colors(None),
                    background: self.background,
                };
                frame.render_widget(&view, frame.area());
            })?;
            if std::mem::take(&mut first) {
                self.look(reminder)?;
                look_at = Instant::now();
                continue;
            }
            let timeout = self.wait_for(reminder).min(
                LOOK.saturating_sub(look_at.elapsed())
                    .max(Duration::from_millis(1)),
            );
            let woke = waiter.wait(timeout)?;
            if woke == Woke::HangUp {
                self.exit = Some(128 + libc::SIGHUP as u8);
                break;
            }
            if look_at.elapsed() >= LOOK || woke == Woke::Timeout {
                look_at = Instant::now();
                self.look(reminder)?;
            }
            if woke == Woke::Signal {
                self.answer_requests(reminder)?;
            }
            if matches!(woke, Woke::Input | Woke::Signal) {
                while !waiter.hung_up() && event::poll(Duration::from_millis(1))? {
                    match event::read()? {
                        Event::Key(key) => {
                            // Ctrl-C quits as everywhere in backease: with 130, as
                            // shells expect of an interrupted program.
                            if key.kind == event::KeyEventKind::Press
                                && key.modifiers.contains(event::KeyModifiers::CONTROL)
                                && key.code == event::KeyCode::Char('c')
                            {
                                self.exit = Some(128 + libc::SIGINT as u8);
                            }
                            if let Some(key) = crate::keymap::remind_key(key) {
                                self.input(reminder, Input::Key(key), &mut terminal)?;
                            }
                        }
                        Event::Resize(w, h) => terminal.resize(Rect::new(0, 0, w, h))?,
                        _ => {}
                    }
                }
            }
        }
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
        let wait = wait.div_f64(self.clock.speed);
        match reminder.schedule.next_change(now) {
            Some(at) => wait.min(self.clock.real_until(now, at)),
            None => wait,
        }
        .max(Duration::from_millis(1))
    }

    /// The minute's look round: time passed, the idle source, history.
    fn look(&mut self, reminder: &mut Reminder) -> anyhow::Result<()> {
        let now = self.clock.reading();
        match self.idle.away(now.wall) {
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
                self.idle = Box::new(idle::NoIdle);
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
        let dir: PathBuf = crate::store::history::dir()?;
        let changed = std::fs::metadata(&dir).and_then(|m| m.modified()).ok()?;
        if self.history.dir_changed == Some(changed) {
            return None;
        }
        self.history.dir_changed = Some(changed);
        crate::remind::schedule::newest_break(&crate::store::history::load_from(&dir).records)
    }

    fn input(
        &mut self,
        reminder: &mut Reminder,
        input: Input,
        terminal: &mut DefaultTerminal,
    ) -> anyhow::Result<()> {
        let effects = reminder.update(input, self.clock.reading());
        let start = effects.iter().find_map(|e| match e {
            Effect::StartRoutine(id) => Some(id.clone()),
            _ => None,
        });
        self.carry_out(reminder, effects)?;
        if let Some(id) = start {
            self.break_routine(reminder, &id, terminal)?;
        }
        Ok(())
    }

    /// Runs the routine in this terminal with the normal session, then takes the
    /// terminal back and tells the reminder the break is over.
    fn break_routine(
        &mut self,
        reminder: &mut Reminder,
        id: &str,
        terminal: &mut DefaultTerminal,
    ) -> anyhow::Result<()> {
        restore();
        let outcome = super::interactive::interactive(
            self.cli,
            self.library.clone(),
            Vec::new(),
            Some(id.into()),
            false,
            true,
        );
        *terminal = take_terminal().context("cannot take the terminal back")?;
        match outcome {
            Ok(out) => {
                for line in out.stderr.lines() {
                    reminder.notes.push(line.to_string());
                }
                if out.code >= 128 {
                    // A signal ended the session: it ends the reminder too.
                    self.exit = Some(out.code);
                }
            }
            Err(e) => reminder.notes.push(e.to_string()),
        }
        // A break is taken when a routine was really done during it, as history says.
        let since = match reminder.state() {
            crate::remind::schedule::State::OnBreak { since } => since,
            _ => reminder.now,
        };
        let taken =
            crate::remind::schedule::break_taken(&crate::store::history::load().records, since);
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
                Effect::Announce { routine, snoozes } => self.announce(&routine, snoozes),
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

    fn announce(&mut self, routine: &str, snoozes: u32) {
        let player = self
            .player
            .get_or_insert_with(|| audio::open(&self.settings).0);
        player.play(Sound::StepEnd);
        let text = if snoozes == 0 {
            format!("Time for a break: {routine}.")
        } else {
            format!("Time for that break: {routine}.")
        };
        self.speaker.say(
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
            } else if self.notifications {
                let _ = crate::notify::notify(
                    "Time for a break",
                    &format!("{text} Run `backease start` with it, or `backease pause`."),
                );
            }
            return;
        }
        if self.notifications {
            let _ = crate::notify::notify(
                "Time for a break",
                &format!("{text} Press Enter in the backease window to start it."),
            );
        }
        let mut out = io::stdout();
        let _ = out.write_all(b"\x07");
        let _ = out.flush();
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
        let saved = self
            .files
            .save(&state)
            .and_then(|()| self.files.save_day(&state.saved.day));
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
}

/// The terminal, taken the way every full-screen mode takes it (`tui::own_terminal`: raw
/// mode, the alternate screen, the title saved), without the cursor and cleared.
fn take_terminal() -> anyhow::Result<DefaultTerminal> {
    let mut terminal = crate::tui::own_terminal(false)?;
    execute!(io::stdout(), cursor::Hide)?;
    // Cleared with a full redraw to come, without ratatui's `clear`, which asks the
    // terminal where its cursor is and fails after 2 s on one that does not answer.
    let (width, height) = crossterm::terminal::size()?;
    terminal.resize(Rect::new(0, 0, width, height))?;
    Ok(terminal)
}

/// The terminal as we found it (`tui::restore`: the title put back, not blanked).
fn restore() {
    crate::tui::restore();
}
