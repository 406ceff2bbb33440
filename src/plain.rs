//! Plain mode (`backease start ROUTINE --plain`, and `start` whenever standard input or
//! output is not a terminal): the same session core, clock, sounds and voice as the
//! full-screen shell, written as one line per moment that matters, for a screen reader,
//! a slow SSH link or a log. No escape sequences, no redraws: each line is flushed as it
//! is written, and the session ends with its summary as text. The check-in is a line
//! too: before the first step (a line with a digit answers; input that has ended, or 8 s
//! of nothing, skips) and, with keys from a terminal, before the summary (a minute at
//! most).
//!
//! A guest of the same loop as the full screen (`tui::runtime`): it waits ([`input`], the
//! host) for a key or line on standard input, a signal, or the app's next due moment,
//! hands messages to the [`App`], and carries out the effects through `tui::effects`
//! (sounds, speech, the session's news to the [`Hooks`]); the moments come from the app
//! as [`Effect::Cues`] and are worded by [`lines`]. Its host, clock and output are
//! handed in (`run_on`), so `tests.rs` runs the whole loop in-process on a script and a
//! fake clock. It must not draw: no escape
//! sequences but the bell. Exit statuses as the
//! full-screen shell: 0 at the end, 128 + the signal when one ended it (130 Ctrl-C, 143
//! SIGTERM, 129 a terminal that hung up), 141 when standard output was closed. However
//! it ends, a session still running is recorded once.

pub mod input;
pub mod lines;
#[cfg(test)]
mod tests;

use std::io::{self, IsTerminal as _};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::app::{self, App, Effect, Hooks, Learned, Msg, Screen, Standing, Summary};
use crate::audio::Player;
use crate::routine::Routine;
use crate::speech::Speaker;
use crate::tui::Exit;
use crate::tui::clock::Clock;
use crate::tui::effects::{Hands, Surface};
use crate::tui::runtime::{Guest, Next};
use crate::tui::shell::Host;
use crate::tui::signals::{self, Watch};
use crate::tui::trace::Trace;
use crate::tui::wait::Woke;
use input::{Input, Listen};
use lines::{Command, View};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// How long the question after the session waits for an answer, in real time.
const AFTER_WAIT: Duration = Duration::from_secs(60);

/// Longest wait with nothing due: the loop wakes for input and signals anyway.
const IDLE: Duration = Duration::from_secs(3600);

/// How long the end waits, at most, for the cues still sounding (the session-complete
/// chime is 1.6 s): the process exits right after the summary, and would cut them off.
const FINISH: Duration = Duration::from_secs(3);

/// Runs `app`, already started on its routine ([`App::starting`]), until the session is
/// over; sounds through `player`, phrases through `speaker`, the session's news to
/// `hooks`. Time runs `speed` times faster than real time.
pub fn run(
    app: App,
    player: &mut dyn Player,
    speaker: Box<dyn Speaker>,
    hooks: &mut dyn Hooks,
    speed: f64,
    trace: Trace,
) -> anyhow::Result<Exit> {
    app::check_speed(speed)?;
    let clock = Clock::new(Instant::now(), speed);
    let (wake_tx, wake_rx) = UnixStream::pair().context("cannot make a wake-up socket")?;
    let watch = signals::watch(wake_tx).context("cannot watch for signals")?;
    let input = Input::open(wake_rx).context("cannot read standard input")?;
    let ports = Ports {
        clock,
        host: PlainHost { watch, input },
        out: &mut io::stdout(),
        // The bell only on a terminal: never as a byte in a log.
        bell: io::stdout().is_terminal(),
        trace,
    };
    run_on(app, player, speaker, hooks, ports)
}

/// Where a plain session reads, waits and writes: standard input, the signal watch and
/// standard output for real ([`run`]); a script on a fake clock and a buffer in tests.
pub(crate) struct Ports<'o, H> {
    pub(crate) clock: Clock,
    pub(crate) host: H,
    pub(crate) out: &'o mut dyn io::Write,
    /// Ring the terminal bell (standard output is a terminal).
    pub(crate) bell: bool,
    pub(crate) trace: Trace,
}

/// [`run`] on the given ports.
pub(crate) fn run_on<H: Listen>(
    mut app: App,
    player: &mut dyn Player,
    speaker: Box<dyn Speaker>,
    hooks: &mut dyn Hooks,
    ports: Ports<'_, H>,
) -> anyhow::Result<Exit> {
    let routine = match &app.screen {
        Screen::Session(running) => running.routine().clone(),
        // The check-in question comes first: a line, answered by a digit.
        Screen::CheckIn(ask) => match app.library.routines.get(ask.routine) {
            Some(routine) => routine.clone(),
            None => anyhow::bail!("plain mode runs a routine: `backease start ROUTINE --plain`"),
        },
        // "Last time X hurt. Skip it this time?" comes first: a line too.
        Screen::Menu(menu) => match &menu.prompt {
            Some(app::MenuPrompt::SkipPainful { routine, .. }) => {
                match app.library.routines.get(*routine) {
                    Some(routine) => routine.clone(),
                    None => {
                        anyhow::bail!("plain mode runs a routine: `backease start ROUTINE --plain`")
                    }
                }
            }
            _ => anyhow::bail!("plain mode runs a routine: `backease start ROUTINE --plain`"),
        },
        _ => anyhow::bail!("plain mode runs a routine: `backease start ROUTINE --plain`"),
    };
    // Lines from a pipe are what a script meant to send, in order: the guard against a
    // key meant for the step before (a person's fingers) would only drop them.
    if !ports.host.keys() {
        app.key_guard = std::time::Duration::ZERO;
    }
    let mut plain = Plain {
        clock: ports.clock,
        host: ports.host,
        out: ports.out,
        player,
        speaker,
        hooks,
        trace: ports.trace,
        routine,
        bell: ports.bell,
        over: None,
        exit: None,
        gone: None,
        ended: false,
    };
    // History (streak, bests, what hurt before) is read on its own thread meanwhile.
    if let Some(history) = plain.hooks.history() {
        app.learned(Learned::History(history));
    }
    let result = plain.run(&mut app);
    // However the loop ended (the end, a signal, an error), a running session is recorded.
    plain.close(&mut app);
    if result.is_ok() && plain.exit.is_none() {
        plain.ask_after(&mut app)?;
    }
    plain.host.give_back();
    plain.summary(&app);
    if result.is_ok() && plain.exit.is_none() {
        // Ended by itself (or `q`), not by a signal: the last chime is heard to its end.
        plain.player.finish(FINISH);
    }
    result?;
    if let Some(e) = plain.gone.take() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            return Err(anyhow::Error::from(e).context("cannot write to standard output"));
        }
        return Ok(Exit::Signal(libc::SIGPIPE));
    }
    Ok(plain.exit.unwrap_or(Exit::Quit))
}

struct Plain<'a, H> {
    clock: Clock,
    /// Standard input and the signal watch (a script in tests).
    host: H,
    /// Standard output (a buffer in tests).
    out: &'a mut dyn io::Write,
    player: &'a mut dyn Player,
    speaker: Box<dyn Speaker>,
    hooks: &'a mut dyn Hooks,
    trace: Trace,
    /// The routine running (the app's screen turns into the summary at its end).
    routine: Routine,
    /// Ring the terminal bell (standard output is a terminal: never in a log).
    bell: bool,
    /// The session as handed to the hooks, once it is over.
    over: Option<Standing>,
    exit: Option<Exit>,
    /// Standard output failed (closed): nothing more is written, and the session ends.
    gone: Option<io::Error>,
    /// The session was ended because the output or the terminal went away.
    ended: bool,
}

impl<H: Listen> Plain<'_, H> {
    fn run(&mut self, app: &mut App) -> anyhow::Result<()> {
        let total = self.routine.total(app.config.lead_ins());
        let plus = if self.routine.has_untimed() { "+" } else { "" };
        self.write(&format!(
            "{}: {}, {total}{plus}. Keys: {}",
            lines::text(&self.routine.name),
            lines::count(self.routine.steps.len(), "step"),
            if self.host.keys() {
                lines::KEYS
            } else {
                lines::LINES
            }
        ));
        // What the full screen shows on its status line (a routine file left out for its
        // problems, preferences with a mistake, a sound that cannot be used) is said once.
        for notice in app
            .notices
            .iter()
            .chain(&app.plan_problem)
            .chain(&app.passing)
        {
            self.write(&format!("note: {}", lines::text(notice)));
        }
        self.trace.first_frame();
        let opening = std::mem::take(&mut app.opening);
        self.carry_out(app, opening);
        self.ask_skip(app)?;
        if matches!(app.screen, Screen::CheckIn(_)) {
            let how = if self.host.keys() {
                "a digit answers, Enter skips"
            } else {
                "a line with a digit answers, an empty line skips"
            };
            let wait = app::CHECKIN_WAIT.as_secs();
            self.write(&format!(
                "{}: {how} (the session starts in {wait} s anyway).",
                app::QUESTION
            ));
        }
        crate::tui::runtime::run(&mut Lined { plain: self, app }, None)
    }

    /// "Last time X hurt. Skip it this time? (y/n)", as the menu asks before a routine
    /// starts: answered by `y` or `n` from a terminal; without one (a script's pipe, or
    /// input that ends) nobody can answer, and what hurt is skipped, as said.
    fn ask_skip(&mut self, app: &mut App) -> anyhow::Result<()> {
        let question = match &app.screen {
            Screen::Menu(menu) => match &menu.prompt {
                Some(prompt @ app::MenuPrompt::SkipPainful { .. }) => prompt.question(),
                _ => return Ok(()),
            },
            _ => return Ok(()),
        };
        if !self.host.keys() {
            self.write(&format!(
                "{} Skipping it: no terminal to answer on.",
                lines::text(question.trim_end_matches(" (y/n)"))
            ));
            self.update(app, Msg::Yes);
            return Ok(());
        }
        self.write(&lines::text(&question));
        while matches!(app.screen, Screen::Menu(_)) && !app.done {
            if self.host.stop_signal().is_some() || self.host.closed() {
                self.update(app, Msg::Yes);
                break;
            }
            if self.host.wait(IDLE)? == Woke::Input {
                self.host.fill()?;
                while let Some(command) = self.host.next(true) {
                    match command {
                        Command::Msg(msg @ (Msg::Yes | Msg::No)) => {
                            self.update(app, msg);
                            break;
                        }
                        _ => self.write("y: skip it · n: do it"),
                    }
                }
            }
        }
        Ok(())
    }

    /// Ctrl-Z or SIGTSTP: pause, give the terminal back, stop; when continued, keys
    /// again. The session stays paused: Space or p goes on.
    fn suspend(&mut self, app: &mut App) -> anyhow::Result<()> {
        self.update(app, Msg::Suspend);
        self.at(app, "Stopped. Back with `fg`; then Space or p to go on.");
        self.host.give_back();
        self.host.stop_self().context("cannot stop the process")?;
        let _ = self.host.take_continued();
        self.host.take_keys()?;
        self.update(app, Msg::Continue);
        Ok(())
    }

    /// Ends the session now, as `q` and `y` do.
    fn end(&mut self, app: &mut App) {
        self.update(app, Msg::Quit);
        if app.is_asking() {
            self.update(app, Msg::Yes);
        }
    }

    fn command(&mut self, app: &mut App, command: Command) {
        if let Screen::CheckIn(_) = app.screen {
            return self.check_in(app, command);
        }
        match command {
            Command::Help => self.at(
                app,
                &format!(
                    "Keys: {}",
                    if self.host.keys() {
                        lines::KEYS
                    } else {
                        lines::LINES
                    }
                ),
            ),
            Command::Unknown(word) => self.at(
                app,
                &format!("Not a key here: {word:?}. Type ? for the keys."),
            ),
            Command::End => self.end(app),
            Command::Msg(msg) => {
                let mut before = view(app);
                if !matches!(msg, Msg::Longer | Msg::Shorter) {
                    // A new segment has its own length: only + and - change one.
                    before.length = None;
                }
                self.update(app, msg);
                let after = view(app);
                for line in lines::changes(&before, &after) {
                    self.at(app, &line);
                }
            }
        }
    }

    /// A key or line while the check-in question is on: a digit answers; Enter skips;
    /// `q` (or Esc) leaves; anything else skips the question and does what it says.
    fn check_in(&mut self, app: &mut App, command: Command) {
        let digit = match &command {
            Command::Unknown(w) => w
                .chars()
                .next()
                .filter(|c| c.is_ascii_digit() && w.len() == 1),
            _ => None,
        };
        match (digit, command) {
            (Some(d), _) => {
                self.at(app, &format!("Stiffness before: {d}"));
                self.update(app, Msg::Char(d));
            }
            (None, Command::End | Command::Msg(Msg::Quit | Msg::Cancel)) => {
                self.update(app, Msg::Quit);
            }
            (None, Command::Msg(Msg::Enter)) => self.update(app, Msg::Enter),
            (None, other) => {
                self.update(app, Msg::Enter);
                if matches!(app.screen, Screen::Session(_)) {
                    self.command(app, other);
                }
            }
        }
    }

    /// The check-in after the session, as a line, when it is on and a person is there to
    /// answer (keys from a terminal; a script's pipe is not asked, so it never waits at
    /// the end): a digit answers; anything else, the end of input, or a minute of silence
    /// skips.
    fn ask_after(&mut self, app: &mut App) -> anyhow::Result<()> {
        let asking = matches!(&app.screen, Screen::Summary(s) if s.asking);
        if !asking || self.host.closed() || !self.host.keys() {
            return Ok(());
        }
        self.write(&format!(
            "{}: a digit answers, Enter skips.",
            app::QUESTION_AFTER
        ));
        let deadline = self.clock.real_now() + AFTER_WAIT;
        while self.clock.real_now() < deadline && !self.host.closed() {
            let woke = self
                .host
                .wait(deadline.saturating_duration_since(self.clock.real_now()))?;
            if woke != Woke::Input {
                if self.host.stop_signal().is_some() || woke == Woke::HangUp {
                    break;
                }
                continue;
            }
            self.host.fill()?;
            let Some(command) = self.host.next(false) else {
                continue;
            };
            if let Command::Unknown(w) = &command
                && let Some(d) = w
                    .chars()
                    .next()
                    .filter(|c| c.is_ascii_digit() && w.len() == 1)
            {
                self.update(app, Msg::Char(d));
            }
            break;
        }
        Ok(())
    }

    /// Hands `msg` to the app at the clock's now and carries out what it says.
    fn update(&mut self, app: &mut App, msg: Msg) {
        let effects = app.update(msg, self.clock.now());
        self.carry_out(app, effects);
        let missed = self.player.take_missed();
        for m in &missed {
            self.trace.missed(m.sound, &m.reason);
        }
        app.sound_heard(&self.player.status(), &missed);
        app.voice_heard(&self.speaker.status());
        // What the hooks could not keep ("not recorded yet") goes on the summary.
        for note in self.hooks.take_notes() {
            app.learned(Learned::Note(note));
        }
    }

    /// What the person hears and reads first, then what may touch the disk
    /// (`tui::effects`, shared with the full screen).
    fn carry_out(&mut self, app: &App, effects: Vec<Effect>) {
        let mut hands = Hands {
            player: self.player,
            speaker: self.speaker.as_mut(),
            hooks: self.hooks,
            trace: &mut self.trace,
            clock: &self.clock,
        };
        let mut lines = Lines {
            routine: &self.routine,
            bell: self.bell,
            out: &mut *self.out,
            gone: &mut self.gone,
            over: &mut self.over,
        };
        // Plain mode's surface cannot fail: a closed output is kept in `gone`.
        let _ = crate::tui::effects::carry_out(&mut hands, app, effects, &mut lines);
    }

    /// A line at the session's time now (lines that go with the one before, indented,
    /// without a time).
    fn at(&mut self, app: &App, words: &str) {
        if words.starts_with(lines::INDENT) {
            return self.write(words);
        }
        let time = match &app.screen {
            Screen::Session(run) => run.session.session_elapsed(self.clock.now()),
            _ => self.over.as_ref().map_or(Duration::ZERO, |o| o.elapsed),
        };
        self.write(&lines::at(time, words));
    }

    /// Writes one line and flushes it; after a failure, nothing more.
    fn write(&mut self, line: &str) {
        write_line(&mut *self.out, &mut self.gone, line);
    }

    /// Records a session still running (not yet handed to the hooks) as over.
    fn close(&mut self, app: &mut App) {
        if self.over.is_none()
            && let Screen::Session(run) = &app.screen
            && !run.session.is_finished()
        {
            self.update(app, Msg::Interrupt);
        }
    }

    /// The summary as text, from the summary screen, or from the record when a signal
    /// ended the session on its screen.
    fn summary(&mut self, app: &App) {
        let summary = match (&app.screen, &self.over) {
            (Screen::Summary(s), _) => s.clone(),
            (_, Some(over)) => Summary::new(&self.routine, over.clone(), &app.stats),
            _ => return,
        };
        if let Some(Exit::Signal(signal)) = self.exit {
            let name = signal_hook::low_level::signal_name(signal).unwrap_or("a signal");
            self.write(&format!("Ended by {name}."));
        }
        self.write("");
        for line in lines::summary(&summary) {
            self.write(&line);
        }
    }
}

/// True when the session can only go on with a key: paused, or on a step with no
/// countdown (untimed, open-ended, the alarm after a long step). Its count-up still
/// changes every second, so this is not the same as having nothing due.
/// Writes one line and flushes it; after a failure (kept in `gone`), nothing more.
fn write_line(out: &mut dyn io::Write, gone: &mut Option<io::Error>, line: &str) {
    if gone.is_some() {
        return;
    }
    if let Err(e) = writeln!(out, "{line}").and_then(|()| out.flush()) {
        *gone = Some(e);
    }
}

/// Plain mode's side of the effects: the bell as a byte when standard output is a
/// terminal, the moments as lines, and the session's record kept for the summary.
struct Lines<'s> {
    routine: &'s Routine,
    bell: bool,
    out: &'s mut dyn io::Write,
    gone: &'s mut Option<io::Error>,
    over: &'s mut Option<Standing>,
}

impl Surface for Lines<'_> {
    fn bell(&mut self) -> anyhow::Result<()> {
        if self.bell && self.gone.is_none() {
            let _ = self.out.write_all(b"\x07").and_then(|()| self.out.flush());
        }
        Ok(())
    }

    fn moments(&mut self, app: &App, cues: Vec<(crate::session::Cue, Duration)>) {
        let notes = matches!(&app.screen, Screen::Session(r) if r.routine_notes);
        for line in lines::moments(&cues, self.routine, notes) {
            write_line(&mut *self.out, self.gone, &line);
        }
    }

    fn session_over(&mut self, _: &App, report: &Standing) {
        *self.over = Some(report.clone());
    }
}

fn waits_for_a_key(app: &App) -> bool {
    match &app.screen {
        Screen::Session(run) => run.status.paused || run.status.remaining.is_none(),
        _ => false,
    }
}

/// What a key may change that no cue says.
fn view(app: &App) -> View {
    let sound = app.sound_label();
    match &app.screen {
        Screen::Session(run) => View {
            paused: run.status.paused,
            asking: run.prompt.is_some(),
            hurt: run.hurt.as_ref().map(|h| h.notes.clone()),
            sound,
            length: run.status.length,
            over: false,
            held_back: run.held_back.map(|m| lines::key_word(m).to_string()),
        },
        _ => View {
            sound,
            over: true,
            ..View::default()
        },
    }
}

/// Plain mode's host of the runtime's loop: standard input (keys or lines) and the
/// signal watch; no terminal is drawn on, so there is no bell, title or stop of its own
/// here (the bell is a byte on standard output: `Lines`).
struct PlainHost {
    watch: Watch,
    input: Input,
}

impl Listen for PlainHost {
    fn keys(&self) -> bool {
        self.input.keys()
    }

    fn hung_up(&self) -> bool {
        self.input.hung_up()
    }

    fn closed(&self) -> bool {
        self.input.closed()
    }

    fn take_keys(&mut self) -> io::Result<()> {
        self.input.take_keys()
    }

    fn give_back(&mut self) {
        self.input.give_back();
    }

    fn fill(&mut self) -> io::Result<()> {
        self.input.fill()
    }

    fn next(&mut self, asking: bool) -> Option<Command> {
        self.input.next(asking)
    }

    fn stop_self(&mut self) -> io::Result<()> {
        signals::stop_self()
    }
}

impl Host for PlainHost {
    /// Never drawn on: the loop is given no terminal.
    type Backend = TestBackend;

    fn wait(&mut self, timeout: Duration) -> anyhow::Result<Woke> {
        Ok(self.input.wait(timeout)?)
    }

    // No events (the default): plain mode reads its input as lines or keys itself
    // (`Lined::read`).
    fn watch(&self) -> Option<&Watch> {
        Some(&self.watch)
    }
}

/// Plain mode as the runtime's guest: the session runs until its summary (which plain
/// mode writes itself after the loop).
struct Lined<'s, 'a, H> {
    plain: &'s mut Plain<'a, H>,
    app: &'s mut App,
}

impl<H: Listen> Guest for Lined<'_, '_, H> {
    type Host = H;

    fn host(&mut self) -> &mut H {
        &mut self.plain.host
    }

    fn done(&self) -> bool {
        self.app.done || matches!(self.app.screen, Screen::Summary(_)) || self.plain.ended
    }

    fn interrupted(&mut self, signal: i32) -> anyhow::Result<()> {
        self.plain.exit = Some(Exit::Signal(signal));
        self.plain.update(self.app, Msg::Interrupt);
        Ok(())
    }

    fn suspend(&mut self, _: Option<&mut Terminal<TestBackend>>) -> anyhow::Result<()> {
        self.plain.suspend(self.app)
    }

    /// Stopped by something we could not catch (SIGSTOP): keys again.
    fn continued(&mut self) -> anyhow::Result<()> {
        Ok(self.plain.host.take_keys()?)
    }

    /// Before each wait: the output or the terminal gone ends the session; input that
    /// has ended answers what nobody can answer any more.
    fn frame(&mut self, _: Option<&mut Terminal<TestBackend>>) -> anyhow::Result<Next> {
        let (plain, app) = (&mut *self.plain, &mut *self.app);
        if plain.gone.is_some() || plain.host.hung_up() {
            let signal = if plain.gone.is_some() {
                libc::SIGPIPE
            } else {
                libc::SIGHUP
            };
            plain.exit = Some(Exit::Signal(signal));
            plain.update(app, Msg::Interrupt);
            plain.ended = true;
            return Ok(Next::DrawAgain);
        }
        if plain.host.closed() && matches!(app.screen, Screen::CheckIn(_)) {
            // Nobody can answer: the session starts now.
            plain.update(app, Msg::Enter);
            return Ok(Next::DrawAgain);
        }
        if plain.host.closed() && waits_for_a_key(app) {
            // Waiting for Enter (or paused) with no input left: nothing can go on.
            plain.at(
                app,
                "Input has ended and the session waits for a key: ending it here.",
            );
            plain.end(app);
            return Ok(Next::DrawAgain);
        }
        Ok(Next::Wait)
    }

    fn timeout(&mut self) -> Duration {
        let wake = self.app.next_wake(self.plain.clock.now());
        wake.map_or(IDLE, |at| self.plain.clock.wait_until(at))
    }

    fn hung_up(&mut self) -> anyhow::Result<()> {
        self.plain.exit = Some(Exit::Signal(libc::SIGHUP));
        self.plain.update(self.app, Msg::Interrupt);
        Ok(())
    }

    fn woke(&mut self, _: Woke) -> anyhow::Result<()> {
        self.plain.update(self.app, Msg::Tick);
        Ok(())
    }

    fn event(
        &mut self,
        _: crossterm::event::Event,
        _: Option<&mut Terminal<TestBackend>>,
    ) -> anyhow::Result<()> {
        Ok(())
    }

    /// What standard input has, read only when it has something (a read after a
    /// signal's wake-up would wait for a line); then every command taken in, one at a
    /// time, each read with the app's state after the one before.
    fn read(&mut self, woke: Woke, _: Option<&mut Terminal<TestBackend>>) -> anyhow::Result<()> {
        if woke == Woke::Input {
            self.plain.host.fill()?;
        }
        let (plain, app) = (&mut *self.plain, &mut *self.app);
        while !(app.done || matches!(app.screen, Screen::Summary(_))) {
            let Some(command) = plain.host.next(app.is_asking()) else {
                break;
            };
            plain.command(app, command);
        }
        Ok(())
    }
}
