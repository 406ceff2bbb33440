//! Where a session stands, saved so that one interrupted midway (Ctrl-C, a signal, the
//! terminal closed, a kill) can be offered again on the next launch, and so that its
//! record is never lost: [`ResumeState`], one per
//! run, kept by [`super::sessions`] in `<data dir>/sessions/<run id>.ron`.
//!
//! A run's state names its own history record (the run id, [`ResumeState::id`]) and the
//! earlier run it continues, if it resumed one; [`ResumeState::recorded`] says whether
//! the record is written yet. A resumed run's record `continues` the earlier one, so the
//! session counts once and no time is lost.

use serde::{Deserialize, Serialize};

use crate::history::{SessionRecord, StepOutcome, StepRecord, Stiffness, WallTime};
use crate::routine::{Library, Routine};
use crate::session::Outcome;

/// Where a session stood when it was last saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumeState {
    /// The run's id: its state file's stem and its history record's (not written inside
    /// the file).
    #[serde(skip)]
    pub id: String,
    /// The routine id.
    pub routine: String,
    pub routine_name: String,
    /// The step to resume at (0-based; shown 1-based).
    pub step: usize,
    /// Every step of the routine as it was, with its outcome so far.
    pub steps: Vec<StepRecord>,
    /// When this run started.
    pub started: WallTime,
    /// When this state was saved (the end of the run if it was killed).
    pub saved: WallTime,
    /// The history record of the run so far, once written (the run's own id; a state
    /// saved by an older backease may name another).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded: Option<String>,
    /// The history record of the earlier run this one resumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continues: Option<String>,
    /// Every step was reached: nothing to resume, only a record to write.
    #[serde(default)]
    pub finished: bool,
    /// Run with time faster than real (`--speed`): its record counts toward nothing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sped_up: bool,
    /// It may be offered to resume (false once finished, ended by the person, declined,
    /// or taken up by a later run: then it is kept only until its record is written).
    #[serde(default = "yes")]
    pub open: bool,
    /// The check-in's answers so far (the one before the first step; the one after once
    /// given on the summary).
    #[serde(default, skip_serializing_if = "Stiffness::is_empty")]
    pub stiffness: Stiffness,
}

fn yes() -> bool {
    true
}

/// A saved session matched against today's library, ready for `Session::start_at`.
#[derive(Debug, Clone, PartialEq)]
pub struct Resumable<'a> {
    pub routine: &'a Routine,
    pub step: usize,
    pub outcomes: Vec<Outcome>,
}

impl ResumeState {
    /// The state of a session of `routine` now at `step`, with its outcomes so far.
    pub fn new(
        routine: &Routine,
        step: usize,
        outcomes: &[Outcome],
        started: WallTime,
        saved: WallTime,
    ) -> ResumeState {
        ResumeState {
            id: String::new(),
            routine: routine.id.clone(),
            routine_name: routine.name.clone(),
            step,
            steps: StepRecord::from_run(routine, outcomes),
            started,
            saved,
            recorded: None,
            continues: None,
            finished: false,
            sped_up: false,
            open: true,
            stiffness: Stiffness::default(),
        }
    }

    /// The question to ask: `Resume Ball drape and bath at step 2 of 3?`
    pub fn prompt(&self) -> String {
        format!(
            "Resume {} at step {} of {}?",
            self.routine_name,
            self.step + 1,
            self.steps.len()
        )
    }

    /// The run so far as a history record, ending when last saved.
    pub fn as_record(&self) -> SessionRecord {
        SessionRecord {
            id: self.id.clone(),
            routine: self.routine.clone(),
            routine_name: self.routine_name.clone(),
            started: self.started,
            ended: self.saved,
            finished: self.finished,
            continues: self.continues.clone(),
            sped_up: self.sped_up,
            stiffness: self.stiffness,
            steps: self.steps.clone(),
        }
    }

    /// Matches the saved session against the library as it is now. The routine may be
    /// gone (an error saying so, short enough for the menu's status line; the state is
    /// kept, so it is offered again once the routine is back) or changed: an outcome carries over only to a step at the
    /// same place with the same exercise, and the step to resume at is the first one at or
    /// after the saved step... or earlier, if an earlier step no longer has its outcome.
    pub fn check<'a>(&self, library: &'a Library) -> Result<Resumable<'a>, String> {
        let routine = library.routine(&self.routine).ok_or_else(|| {
            format!(
                "Cannot resume {}: its routine is not loaded (kept for later)",
                self.routine_name
            )
        })?;
        let outcomes: Vec<Outcome> = routine
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| match self.steps.get(i) {
                Some(saved) if saved.exercise == step.id => saved.to_outcome(),
                _ => Outcome::Pending,
            })
            .collect();
        let first_open = outcomes
            .iter()
            .position(Outcome::is_pending)
            .unwrap_or(outcomes.len());
        let step = self.step.min(first_open);
        if step >= routine.steps.len() {
            return Err(format!(
                "{} has no steps left to do (it has {} now), so there is nothing to resume",
                routine.name,
                routine.steps.len()
            ));
        }
        Ok(Resumable {
            routine,
            step,
            outcomes,
        })
    }

    /// Outcomes as the session engine takes them.
    pub fn outcomes(&self) -> Vec<Outcome> {
        self.steps.iter().map(StepRecord::to_outcome).collect()
    }

    /// True when every step has ended: nothing to resume (a step stopped partway has
    /// not ended).
    pub fn is_complete(&self) -> bool {
        self.steps
            .iter()
            .all(|s| !matches!(s.outcome, StepOutcome::NotReached | StepOutcome::Stopped))
    }
}
