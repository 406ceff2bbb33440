//! The application as state: which screen is up (menu, the check-in question before a
//! session, session, summary, progress), the messages
//! that change it, and the effects the shell should carry out. `update(msg, now)` is pure:
//! no terminal, no sound, no files, no clock; time only arrives as the `now` passed in.
//!
//! The wiring builds the app ([`App::new`] and the `with_*`/[`App::starting`] builders in
//! `launch`); the shell (`tui`) turns keys into [`Msg`]s with `keymap`, calls
//! [`App::update`], does the returned [`Effect`]s (handing the session's news to
//! [`Hooks`]), sleeps until [`App::next_wake`] or the next key, and draws the app with `ui`.

mod checkin;
mod launch;
mod menu;
mod picks;
mod plans;
mod pointer;
mod progress;
mod saving;
mod session;
mod summary;
pub mod timeline;
mod voice;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::cue::{AudioStatus, Phrase, Sound};
use crate::routine::Library;
use crate::session::{Config, Cue, Outcome};

pub use checkin::{CHECKIN_WAIT, CheckIn, PROFESSIONAL, QUESTION, QUESTION_AFTER};
pub use launch::{History, LaunchError, PlanNow, check_speed};
pub use menu::{Menu, MenuPrompt};
pub use picks::{CanDo, Picks, favourites_text, parse_favourites};
pub use plans::{PlanChoice, PlanPicker, PlanTaken};
pub use progress::Progress;
pub use session::{FLASH, Flash, Hurt, KEY_GUARD, Running, SAVE_EVERY, SessionPrompt};
pub use summary::Summary;
pub use voice::VoiceView;

/// What a person asked for (from a key) or what happened (time passed, suspend).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    /// Time passed: advance the session to `now`.
    Tick,
    Up,
    Down,
    PageUp,
    PageDown,
    /// Home or `g`: the first row of a list.
    First,
    /// End or `G`: the last row of a list.
    Last,
    /// Enter: start the routine, confirm the step, leave the summary.
    Enter,
    /// `/`: start typing a filter.
    Filter,
    /// A character typed into the filter.
    Char(char),
    Backspace,
    /// `?`
    Help,
    /// `q`: quit (asks first during a session).
    Quit,
    /// Esc: close whatever is open, or ask to end the session.
    Cancel,
    /// Ctrl-C: leave at once.
    Interrupt,
    Yes,
    No,
    TogglePause,
    Skip,
    Previous,
    Restart,
    Longer,
    Shorter,
    Mute,
    /// `v`: voice on or off.
    Voice,
    VolumeUp,
    VolumeDown,
    /// `x`: this hurts.
    Hurts,
    /// `h`: the progress screen (calendar, trends, bests), and back.
    Progress,
    /// The shell is about to stop (Ctrl-Z, SIGTSTP): pause the session.
    Suspend,
    /// Back from a stop (`fg`). The session stays paused: the person was away and
    /// presses Space when ready.
    Continue,
    /// A click on the menu's routine at this position in the list shown, the list shown
    /// from the second position: selects it, or starts it when it is selected already
    /// (`app::pointer`).
    Pick(usize, usize),
    /// `f` in the menu: the next "what can I do now" filter ([`CanDo`]).
    CanDo,
    /// `*` in the menu: mark or unmark the routine as a favourite.
    Favourite,
    /// `P` in the menu: the plan picker (shipped plans, "No plan"); again, or Esc, closes it.
    Plans,
    /// A click on the plan picker's row at this position: takes it (as Enter on it does).
    TakePlan(usize),
}

/// Where a session stands, for history and the resume file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub routine_id: String,
    /// The step the session is on (or stopped at).
    pub step: usize,
    pub outcomes: Vec<Outcome>,
    /// True when the session ran to its end: every step was reached (done, skipped or
    /// painful), and it did not end because the last one hurt.
    pub finished: bool,
    /// Time spent, pauses excluded.
    pub elapsed: Duration,
    /// Run with time faster than real (`--speed`): kept apart from the real history.
    pub sped_up: bool,
    /// The person ended it (`q`, then yes): recorded, and never offered to resume. A
    /// session interrupted (Ctrl-C, the terminal closed, a signal, a kill) is not.
    pub ended: bool,
    /// The check-in's answer before the first step (the one after comes later, in
    /// [`Effect::StiffnessAfter`]).
    pub stiffness: crate::history::Stiffness,
}

impl Standing {
    /// True when some step has not ended yet and the person did not end the session
    /// themselves: there is something to offer to resume.
    pub fn resumable(&self) -> bool {
        !self.finished && !self.ended && self.outcomes.iter().any(Outcome::is_pending)
    }
}

/// A session quit midway last time, offered when the menu opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeOffer {
    pub routine_id: String,
    pub step: usize,
    pub outcomes: Vec<Outcome>,
}

/// What history says, for the summary screen; kept up to date as sessions end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Days in a row once today counts (a session today with a step done keeps or
    /// extends the streak); zero when history is unknown.
    pub streak_with_today: u32,
    /// Today already counts for the streak (a session today did a step).
    pub today_counts: bool,
    /// The longest open-ended hold so far, per exercise id.
    pub bests: BTreeMap<String, Duration>,
    /// Exercise ids ever marked "this hurts" (for the summary's note when one hurts
    /// again).
    pub hurt_before: std::collections::BTreeSet<String>,
}

/// What the shell should do after an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Play a cue's sound; `due` is the moment (app time) the cue fell due.
    Play {
        sound: Sound,
        due: Instant,
    },
    /// A 3-2-1 knock due at `due` was not played: it gave way to a phrase being said
    /// (issue 23). Nothing to carry out; the shell's timing trace records it, so a knock
    /// left out is never taken for one lost.
    GaveWay {
        sound: Sound,
        due: Instant,
    },
    /// Ring the terminal bell (alarms, and every cue when sound is off).
    Bell {
        due: Instant,
    },
    /// Step `step` ended at `due` (app time). Nothing to carry out: the shell's timing
    /// trace measures how late the step's cues sounded.
    StepEnded {
        step: usize,
        due: Instant,
    },
    /// A desktop notification (end of a long step, end of the session).
    Notify {
        title: String,
        body: String,
    },
    /// The session moved to another step: save where it is (for resuming).
    Progress(Standing),
    /// The session finished or was ended: record it.
    SessionOver(Standing),
    /// Say a phrase once `after` (real time: the chimes played with it) has passed.
    Speak {
        phrase: Phrase,
        after: Duration,
    },
    SetVolume(u8),
    SetMuted(bool),
    /// Voice on or off (the `v` key).
    SetVoice(bool),
    /// The cues of one moment, each with the session time (pauses left out) it fell due
    /// at: for a shell that writes the moments as lines (plain mode). The full-screen
    /// shell shows them on the screen instead and ignores this.
    Cues(Vec<(Cue, Duration)>),
    /// The person said no to resuming last time's session.
    ResumeDeclined,
    /// The check-in's answer on the summary, for the session just recorded.
    StiffnessAfter(u8),
    /// The progress screen opened: the shell hands it the overview
    /// ([`Hooks::overview`], then [`App::learned`] with [`Learned::Overview`]).
    LoadOverview,
    /// The favourites changed: keep these routine ids.
    Favourites(std::collections::BTreeSet<String>),
    /// A plan taken from the menu's picker: write `plan.ron` as `backease plan use ID`
    /// does (`None`: as `backease plan off` does), then hand back what was done
    /// ([`Hooks::use_plan`], then [`App::learned`] with [`Learned::Plan`]).
    UsePlan(Option<String>),
    /// Leave the program.
    Quit,
}

/// What a shell learned and sends back into the app: the answer to an effect that asked
/// for it (`LoadOverview`, `UsePlan`), history read while the first frame was drawn, a
/// note about what could not be kept. Results flow one way: the shell never sets the
/// app's state but through [`App::learned`], as keys come in through [`App::update`].
#[derive(Debug, Clone, PartialEq)]
pub enum Learned {
    /// History, once read (streak, bests, what hurt before, the plan as of today).
    History(History),
    /// The progress screen's numbers (`None`: no history to show).
    Overview(Option<crate::history::progress::Overview>),
    /// A plan followed from today, or why nothing changed.
    Plan(Result<PlanTaken, String>),
    /// Something the person should read (a record that could not be written).
    Note(String),
}

impl App {
    /// Takes in what the shell learned ([`Learned`]).
    pub fn learned(&mut self, what: Learned) {
        match what {
            Learned::History(history) => self.history_arrived(history),
            Learned::Overview(overview) => self.overview_arrived(overview),
            Learned::Plan(taken) => self.plan_taken(taken),
            Learned::Note(note) => self.note(note),
        }
    }
}

/// What the rest of the program does with a session's news (history, resume file,
/// desktop notifications): the [`Effect`]s a shell hands on. Implemented by the wiring.
pub trait Hooks {
    fn notify(&mut self, title: &str, body: &str);
    fn progress(&mut self, standing: &Standing);
    fn session_over(&mut self, standing: &Standing);
    /// The person declined to resume last time's session: forget it.
    fn resume_declined(&mut self) {}
    /// The favourites changed: keep them (the whole set).
    fn favourites(&mut self, _ids: &std::collections::BTreeSet<String>) {}
    /// What the person should read on the summary about the sessions just handed to
    /// [`Hooks::session_over`] (a record that could not be written); each given once.
    fn take_notes(&mut self) -> Vec<String> {
        Vec::new()
    }
    /// History, once read (it is read while the first frame is drawn): the shell asks
    /// right after that frame and waits for it, so no key acts without it. `None` when
    /// it came with the app already (or there is none).
    fn history(&mut self) -> Option<History> {
        None
    }
    /// The check-in's answer after the session last handed to [`Hooks::session_over`].
    fn stiffness_after(&mut self, _after: u8) {}
    /// The progress screen's numbers as of today, from every record including this
    /// run's; `None` when there is no history to show.
    fn overview(&mut self) -> Option<crate::history::progress::Overview> {
        None
    }
    /// Follow the shipped plan `id` from today (`None`: no plan), as `backease plan use
    /// ID` (`plan off`) does: the plan now as of today and what to tell the person, or why
    /// nothing changed.
    fn use_plan(&mut self, _id: Option<&str>) -> Result<PlanTaken, String> {
        Err("plans cannot be changed here; `backease plan use ID` does it".to_string())
    }
}

impl Effect {
    /// What the person hears or what changes how it sounds (and the step ends those
    /// sounds mark, for the trace): done before anything that may wait on a disk or spawn
    /// a thread. The shell keeps the order within each kind.
    pub fn is_cue(&self) -> bool {
        matches!(
            self,
            Effect::Play { .. }
                | Effect::GaveWay { .. }
                | Effect::Bell { .. }
                | Effect::StepEnded { .. }
                | Effect::Speak { .. }
                | Effect::Cues(_)
                | Effect::SetVolume(_)
                | Effect::SetMuted(_)
                | Effect::SetVoice(_)
        )
    }
}

/// What the footer shows about sound; mirrors the player, kept by the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudioView {
    pub volume: u8,
    pub muted: bool,
    /// Sound cannot be made, with the reason ("no audio device").
    pub off: Option<String>,
}

impl AudioView {
    /// From the player's state at start.
    pub fn from_status(status: &AudioStatus, volume: u8) -> AudioView {
        match status {
            AudioStatus::On => AudioView {
                volume,
                muted: false,
                off: None,
            },
            AudioStatus::Muted => AudioView {
                volume,
                muted: true,
                off: None,
            },
            AudioStatus::Off(reason) => AudioView {
                volume,
                muted: false,
                off: Some(reason.clone()),
            },
        }
    }

    /// The footer's words: `vol 80%`, `muted`, `sound off: no audio device`.
    pub fn label(&self) -> String {
        match (&self.off, self.muted) {
            (_, true) => "muted".to_string(),
            (Some(reason), false) => format!("sound off: {reason}"),
            (None, false) => format!("vol {}%", self.volume),
        }
    }
}

/// The screen on show.
#[derive(Debug, Clone)]
pub enum Screen {
    Menu(Menu),
    Session(Box<Running>),
    Summary(Summary),
    /// The check-in question before the first step.
    CheckIn(CheckIn),
    /// Calendar, trends, bests (`h` in the menu).
    Progress(Box<Progress>),
}

/// Everything the program knows, in one place.
#[derive(Debug, Clone)]
pub struct App {
    pub library: Library,
    pub config: Config,
    pub screen: Screen,
    pub audio: AudioView,
    /// The voice, when a speaker was set up ([`App::with_voice`]).
    pub voice: Option<VoiceView>,
    /// One-line messages for the menu's status line.
    pub notices: Vec<String>,
    /// Messages said once (no desktop notifications here): on the menu's status line
    /// until the first key, then dropped, so they do not cost a row for good.
    pub passing: Vec<String>,
    /// Exercise ids marked painful at their latest attempt, per routine id: from
    /// history at launch, then kept up to date as sessions end.
    pub painful: BTreeMap<String, Vec<String>>,
    /// What history says, for the summary (streak, personal bests).
    pub stats: Stats,
    /// False under `NO_COLOR`: no colours at all, only bold/reverse.
    pub color: bool,
    /// How figures are drawn (braille, or half blocks for a font without braille).
    pub dots: crate::figure::Dots,
    /// The terminal's background, which the colours are chosen for.
    pub background: crate::prefs::Background,
    /// How long the step-end flash stays, in the app's time. The shell sets
    /// [`FLASH`] × its speed, so a person sees it for about a second at any `--speed`.
    pub flash_length: Duration,
    /// How often a running session's standing is saved between step changes, in the
    /// app's time: [`SAVE_EVERY`] × the shell's speed, so a few seconds of real time.
    pub save_every: Duration,
    /// How long after what the keys act on changed (a step or phase begins) a key that
    /// acts on it is ignored, in the app's time: [`KEY_GUARD`] × the shell's speed, so it
    /// is about half a second of real time at any `--speed`.
    pub key_guard: Duration,
    /// How much faster than real time the app's clock runs (`--speed`; 1 is real time).
    pub speed: f64,
    /// The help overlay is open.
    pub help: bool,
    /// Clicks and the wheel are taken (the `mouse` preference; off leaves the mouse to
    /// the terminal, for selecting text).
    pub mouse: bool,
    /// A word on the last sound key that changed nothing audible (`[` or `]` with no
    /// device, or muted), shown in place of the sound state until the next key.
    pub sound_note: Option<String>,
    /// The last cue the player could not play (`not heard: countdown (no audio device)`),
    /// shown in place of the sound state until the next key.
    pub missed_note: Option<String>,
    /// Set once the app has asked to quit.
    pub done: bool,
    /// Ask how the back feels before the first step and on the summary (the `checkin`
    /// preference; off unless the wiring turns it on).
    pub checkin: bool,
    /// How long the question before the first step waits, in the app's time:
    /// [`CHECKIN_WAIT`] × the shell's speed.
    pub checkin_wait: Duration,
    /// What the shell carries out before anything else (the start of a routine given on
    /// the command line, see [`App::starting`]); the shell takes it.
    pub opening: Vec<Effect>,
    /// Routines whose own safety notes already showed today (see `routine::daily`): their
    /// first step leaves them out. A routine started in this run joins it.
    pub notes_shown_today: std::collections::BTreeSet<String>,
    /// The menu's filter and favourites, kept when the menu is left and come back to.
    pub picks: Picks,
    /// When the summary appeared, or the last Enter since: an Enter within
    /// [`App::key_guard`] of it on the summary or the menu after it belongs to a burst
    /// (Enters pressed for the session's last step) and is held back, so a stream of
    /// Enters never leaves the summary and starts the routine again. Any other key ends it.
    pub enter_burst: Option<Instant>,
    /// A break started from desk mode (`backease remind`): the summary and the check-in
    /// lead back to it, and say so, instead of to the menu.
    pub desk_break: bool,
    /// Today's part of the plan in use (the menu's "Today:" line); `None` without a plan.
    pub today: Option<crate::plan::Today>,
    /// The id of the plan followed (empty for one of the person's own); `None` without a
    /// plan. The picker marks it.
    pub plan_id: Option<String>,
    /// Why the plan file is not followed (its problems, one line), on the menu's status
    /// line until it is fixed or another plan is taken.
    pub plan_problem: Option<String>,
    /// The routines before the plan's holds were put on them, for a change of plan.
    pub routines_as_written: Option<Library>,
    /// The last plan the picker could not take, said among the notices until one is taken.
    pub plan_failure: Option<String>,
}

impl App {
    pub fn new(library: Library, config: Config, audio: AudioView) -> App {
        App {
            screen: Screen::Menu(Menu::new(None)),
            library,
            config,
            audio,
            voice: None,
            notices: Vec::new(),
            passing: Vec::new(),
            painful: BTreeMap::new(),
            stats: Stats::default(),
            color: true,
            dots: crate::figure::Dots::Braille,
            background: crate::prefs::Background::Dark,
            flash_length: FLASH,
            save_every: SAVE_EVERY,
            key_guard: KEY_GUARD,
            speed: 1.0,
            help: false,
            mouse: true,
            sound_note: None,
            missed_note: None,
            done: false,
            checkin: false,
            checkin_wait: CHECKIN_WAIT,
            opening: Vec::new(),
            notes_shown_today: std::collections::BTreeSet::new(),
            picks: Picks::default(),
            enter_burst: None,
            desk_break: false,
            today: None,
            plan_id: None,
            plan_problem: None,
            routines_as_written: None,
            plan_failure: None,
        }
        .with_picks(Picks::default())
    }

    /// Opens the menu with a resume prompt when there is a session to resume.
    pub fn offer_resume(&mut self, offer: ResumeOffer) {
        if let Some(routine) = self.library.routine(&offer.routine_id) {
            let prompt = MenuPrompt::Resume {
                name: routine.name.clone(),
                steps: routine.steps.len(),
                offer,
            };
            if let Screen::Menu(menu) = &mut self.screen {
                menu.prompt = Some(prompt);
            }
        }
    }

    /// Starts a routine by id (as `backease start ID` does) and says what to do; `None`
    /// if there is no such routine.
    pub fn start(&mut self, routine_id: &str, now: Instant) -> Option<Vec<Effect>> {
        let index = self
            .library
            .routines
            .iter()
            .position(|r| r.id == routine_id)?;
        Some(self.begin(index, now))
    }

    /// Handles one message at `now` and says what the shell should do.
    pub fn update(&mut self, msg: Msg, now: Instant) -> Vec<Effect> {
        if msg == Msg::Interrupt {
            let mut effects = Vec::new();
            if let Screen::Session(run) = &mut self.screen {
                run.tick(now);
                effects.push(Effect::SessionOver(run.standing(now)));
            }
            effects.push(Effect::Quit);
            self.done = true;
            return effects;
        }
        if !matches!(msg, Msg::Tick | Msg::Suspend | Msg::Continue) {
            self.sound_note = None;
            self.missed_note = None;
            self.passing.clear();
        }
        if let Some(burst) = self.enter_burst {
            let after_summary = matches!(self.screen, Screen::Summary(_) | Screen::Menu(_));
            match msg {
                Msg::Tick | Msg::Suspend | Msg::Continue => {}
                Msg::Enter if after_summary => {
                    self.enter_burst = Some(now);
                    if now.saturating_duration_since(burst) < self.key_guard {
                        return Vec::new();
                    }
                }
                _ => self.enter_burst = None,
            }
        }
        if self.help && !matches!(msg, Msg::Tick | Msg::Suspend | Msg::Continue) {
            // Any key closes the help overlay; the session keeps running behind it.
            self.help = false;
            return self.tick_session(now);
        }
        if msg == Msg::Help && !self.is_typing() {
            self.help = true;
            return self.tick_session(now);
        }
        match &mut self.screen {
            Screen::Menu(_) => self.update_menu(msg, now),
            Screen::Session(_) => self.update_session(msg, now),
            Screen::Summary(_) => self.update_summary(msg),
            Screen::CheckIn(_) => self.update_checkin(msg, now),
            Screen::Progress(_) => self.update_progress(msg),
        }
    }

    /// The next moment the screen changes on its own; `None` to wait for a key.
    pub fn next_wake(&self, now: Instant) -> Option<Instant> {
        match &self.screen {
            Screen::Session(run) => run.next_wake(now),
            // The seconds left are shown: wake each second until it goes on by itself.
            Screen::CheckIn(ask) => {
                let left = ask.until.saturating_duration_since(now);
                let second = Duration::from_secs(1).mul_f64(self.speed);
                Some(now + left.min(second.max(Duration::from_millis(1))))
            }
            _ => None,
        }
    }

    /// The terminal window's title: the step and time left during a session.
    pub fn title(&self) -> String {
        match &self.screen {
            Screen::Session(run) => run.title(),
            Screen::Summary(_) => "backease — finished".to_string(),
            Screen::Menu(_) => "backease".to_string(),
            Screen::CheckIn(ask) => format!("backease — {}", ask.name),
            Screen::Progress(_) => "backease — progress".to_string(),
        }
    }

    /// True while typed characters go into a text field (the filter).
    pub fn is_typing(&self) -> bool {
        matches!(&self.screen, Screen::Menu(m) if m.filtering)
    }

    /// True while a y/n question is on screen.
    pub fn is_asking(&self) -> bool {
        match &self.screen {
            Screen::Menu(m) => m.prompt.is_some(),
            Screen::Session(run) => run.prompt.is_some(),
            Screen::Summary(_) | Screen::CheckIn(_) | Screen::Progress(_) => false,
        }
    }

    fn tick_session(&mut self, now: Instant) -> Vec<Effect> {
        if let Screen::Session(_) = self.screen {
            self.update_session(Msg::Tick, now)
        } else {
            Vec::new()
        }
    }

    /// What the player reports after an update: its state now (the footer then says
    /// `sound off: <reason>`, or goes back to the volume when a later cue found the
    /// device), and the cues it could not play (while sound is on, the footer names the
    /// last one until the next key). A method rather than a [`Msg`]: messages are plain keys and ticks.
    pub fn sound_heard(&mut self, status: &AudioStatus, missed: &[crate::cue::Missed]) {
        self.audio_heard(status, missed);
    }

    /// The speaker's state now: an engine that could not reach a sound device shows as
    /// `no voice`.
    pub fn voice_heard(&mut self, status: &crate::cue::VoiceStatus) {
        if let Some(voice) = &mut self.voice {
            voice.heard(status);
        }
        self.voice_changed();
    }

    fn audio_heard(&mut self, status: &AudioStatus, missed: &[crate::cue::Missed]) {
        match status {
            AudioStatus::Off(reason) => self.audio.off = Some(reason.clone()),
            AudioStatus::On => self.audio.off = None,
            AudioStatus::Muted => {}
        }
        // With sound off the footer says so already.
        if let (Some(last), AudioStatus::On) = (missed.last(), status) {
            self.missed_note = Some(format!("not heard: {} ({})", last.sound, last.reason));
        }
    }

    fn audio_msg(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Voice => {
                let effects = self.toggle_voice();
                self.voice_changed();
                effects
            }
            Msg::Mute => {
                self.audio.muted = !self.audio.muted;
                self.voice_changed();
                vec![Effect::SetMuted(self.audio.muted)]
            }
            Msg::VolumeUp | Msg::VolumeDown => {
                let v = if msg == Msg::VolumeUp {
                    self.audio.volume.saturating_add(10).min(100)
                } else {
                    self.audio.volume.saturating_sub(10)
                };
                self.audio.volume = v;
                // Nothing to hear: say so, or the key seems to do nothing.
                self.sound_note = match (&self.audio.off, self.audio.muted) {
                    (Some(reason), _) => Some(format!("{reason}: volume has no effect")),
                    (None, true) => Some(format!("muted (volume {v}%)")),
                    (None, false) => None,
                };
                vec![Effect::SetVolume(v)]
            }
            _ => Vec::new(),
        }
    }
}
