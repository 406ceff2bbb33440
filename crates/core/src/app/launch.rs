//! Building the app for a run: what the shells found (notices, history's stats and painful
//! steps, colours, the resume offer) and, for `backease start ID`, the routine started at
//! once. The wiring builds an [`App`] with these and hands it to the terminal shell.

use std::collections::BTreeMap;
use std::time::Instant;

use super::{App, CHECKIN_WAIT, FLASH, KEY_GUARD, ResumeOffer, SAVE_EVERY, Stats};

/// What history says, read by the shell while the first frame is drawn (a long history
/// must not hold it up) and handed over through [`super::Hooks::history`] before any
/// key acts: the painful steps (asked about when a routine starts), the stats (for the
/// summary) and history's warnings (for the menu's status line).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub painful: BTreeMap<String, Vec<String>>,
    pub stats: Stats,
    pub notices: Vec<String>,
    /// The plan in use, where it is today (`None`: no plan, or one that does not read).
    pub plan: Option<PlanNow>,
    /// Why the plan file is not followed (one line), for the menu's status line.
    pub plan_problem: Option<String>,
}

/// What the plan in use says today: the routines due (the menu's "Today:" line) and this
/// week's holds for its range steps (put in place in the library, each with its reason).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanNow {
    /// The plan's id (a shipped plan's; empty for one of the person's own).
    pub id: String,
    pub today: crate::plan::Today,
    pub holds: Vec<crate::plan::Hold>,
}

/// Why an app cannot be launched as asked.
#[derive(Debug, Clone, PartialEq)]
pub enum LaunchError {
    Speed(f64),
    /// The id asked for, and a "did you mean" hint (empty, or `; did you mean …?`).
    UnknownRoutine(String, String),
}

impl std::fmt::Display for LaunchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LaunchError::Speed(s) => write!(f, "--speed must be a positive number, not {s}"),
            LaunchError::UnknownRoutine(id, hint) => write!(
                f,
                "there is no routine with id {id:?}{hint}; `backease list` shows them all"
            ),
        }
    }
}

impl std::error::Error for LaunchError {}

/// Time may run faster, never stand still or run backwards.
pub fn check_speed(speed: f64) -> Result<(), LaunchError> {
    if speed.is_finite() && speed > 0.0 {
        Ok(())
    } else {
        Err(LaunchError::Speed(speed))
    }
}

impl App {
    /// One-line messages for the menu's status line.
    pub fn with_notices(mut self, notices: Vec<String>) -> App {
        self.notices = notices;
        self
    }

    /// Messages for the menu's status line until the first key ([`App::passing`]).
    pub fn with_passing(mut self, passing: Vec<String>) -> App {
        self.passing = passing;
        self
    }

    /// Routines whose own safety notes already showed today.
    pub fn with_notes_shown(mut self, shown: std::collections::BTreeSet<String>) -> App {
        self.notes_shown_today = shown;
        self
    }

    /// Exercise ids marked painful last time, per routine id.
    pub fn with_painful(mut self, painful: BTreeMap<String, Vec<String>>) -> App {
        self.painful = painful;
        self
    }

    /// What history says, for the summary.
    pub fn with_stats(mut self, stats: Stats) -> App {
        self.stats = stats;
        self
    }

    /// History read after the app was built: painful steps, stats and its notices.
    pub(super) fn history_arrived(&mut self, history: History) {
        self.painful = history.painful;
        self.stats = history.stats;
        self.notices.extend(history.notices);
        self.plan_problem = history.plan_problem;
        if let Some(plan) = history.plan {
            // The menu opens on the first routine due today and not done yet (unless the
            // person has moved or asked something already).
            self.follow(plan);
        }
    }

    /// A session of `routine_id` with a step done (in real time): today's part of the
    /// plan ticks it off, as history will say at the next launch.
    pub(super) fn plan_done(&mut self, routine_id: &str) {
        if let Some(crate::plan::Today::Running { items, .. }) = &mut self.today {
            for item in items.iter_mut().filter(|i| i.routine == routine_id) {
                item.done = true;
            }
        }
    }

    /// Ask how the back feels before the first step and on the summary (the `checkin`
    /// preference).
    pub fn with_checkin(mut self, checkin: bool) -> App {
        self.checkin = checkin;
        self
    }

    /// A break started from desk mode: leaving the summary or the check-in goes back to it.
    pub fn with_desk_break(mut self, desk: bool) -> App {
        self.desk_break = desk;
        self
    }

    pub fn with_color(mut self, color: bool) -> App {
        self.color = color;
        self
    }

    /// Figures drawn with `dots` (braille, or half blocks for a font without braille).
    pub fn with_dots(mut self, dots: crate::figure::Dots) -> App {
        self.dots = dots;
        self
    }

    /// Colours chosen for the terminal's `background`.
    pub fn with_background(mut self, background: crate::prefs::Background) -> App {
        self.background = background;
        self
    }

    /// Time runs `speed` times faster than real time. The step-end flash and the guard
    /// against keys meant for the step before are for a person: the same real time at
    /// any speed. Sessions at a speed other than 1 are recorded as sped up.
    pub fn at_speed(mut self, speed: f64) -> Result<App, LaunchError> {
        check_speed(speed)?;
        self.speed = speed;
        self.flash_length = FLASH.mul_f64(speed);
        self.save_every = SAVE_EVERY.mul_f64(speed);
        self.key_guard = KEY_GUARD.mul_f64(speed);
        self.checkin_wait = CHECKIN_WAIT.mul_f64(speed);
        Ok(self)
    }

    /// How long after a change keys acting on the step are ignored, in the app's time
    /// (tests that send keys at one instant set zero).
    pub fn with_key_guard(mut self, guard: std::time::Duration) -> App {
        self.key_guard = guard;
        self
    }

    /// Opens the menu asking whether to resume last time's session, if there is one.
    pub fn with_resume_offer(mut self, offer: Option<ResumeOffer>) -> App {
        if let Some(offer) = offer {
            self.offer_resume(offer);
        }
        self
    }

    /// Starts `routine_id` at `now` instead of showing the menu; what the start says to
    /// do (sounds, the first progress report) waits in [`App::opening`] for the shell.
    pub fn starting(mut self, routine_id: &str, now: Instant) -> Result<App, LaunchError> {
        let effects = self.start(routine_id, now).ok_or_else(|| {
            LaunchError::UnknownRoutine(
                routine_id.to_string(),
                self.library.did_you_mean(routine_id),
            )
        })?;
        self.opening.extend(effects);
        Ok(self)
    }
}
