//! The session in progress, saved so that one quit or killed midway can be offered again
//! on the next launch: `resume.ron` in the data directory, rewritten atomically at every
//! step change and removed when the session finishes or the person declines.
//!
//! The run so far is always in the history too: a session quit cleanly is recorded when
//! it is quit (and [`ResumeState::recorded`] names that record); one that was killed is
//! recorded by [`load`] from the last saved state. A resumed run's record then
//! `continues` that one, so the session counts once and no time is lost.
//!
//! A file that does not load is moved aside (`resume.ron.corrupt`), never overwritten,
//! and [`load`] says so.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic::{move_to_free_name, write_atomic};
use super::paths;
use crate::history::{SessionRecord, StepOutcome, StepRecord, WallTime};
use crate::routine::{Library, Routine};
use crate::session::Outcome;

pub const FILE_NAME: &str = "resume.ron";

/// Where a session stood when it was last saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumeState {
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
    /// The history record of the run so far, once written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded: Option<String>,
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
            routine: routine.id.clone(),
            routine_name: routine.name.clone(),
            step,
            steps: StepRecord::from_run(routine, outcomes),
            started,
            saved,
            recorded: None,
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

    /// The run so far as a history record (not finished, ending when last saved).
    pub fn as_record(&self) -> SessionRecord {
        SessionRecord {
            id: String::new(),
            routine: self.routine.clone(),
            routine_name: self.routine_name.clone(),
            started: self.started,
            ended: self.saved,
            finished: false,
            continues: None,
            sped_up: false,
            steps: self.steps.clone(),
        }
    }

    /// Matches the saved session against the library as it is now. The routine may be
    /// gone (an error saying so) or changed: an outcome carries over only to a step at the
    /// same place with the same exercise, and the step to resume at is the first one at or
    /// after the saved step... or earlier, if an earlier step no longer has its outcome.
    pub fn check<'a>(&self, library: &'a Library) -> Result<Resumable<'a>, String> {
        let routine = library.routine(&self.routine).ok_or_else(|| {
            format!(
                "{} (`{}`) is no longer in your routines, so it cannot be resumed",
                self.routine_name, self.routine
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

/// A resume file could not be written or removed.
#[derive(Debug, thiserror::Error)]
pub enum ResumeError {
    #[error("no data directory to keep the session in (set BACKEASE_DATA_DIR or HOME)")]
    NoDataDir,
    #[error("could not save the session to {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("could not remove {}: {source}", path.display())]
    Remove { path: PathBuf, source: io::Error },
    #[error("could not turn the session into text: {0}")]
    Format(#[from] ron::Error),
}

/// What [`load`] found.
#[derive(Debug, Default)]
pub struct LoadedResume {
    pub state: Option<ResumeState>,
    /// A problem worth showing (a corrupt file moved aside, history not writable).
    pub warning: Option<String>,
}

fn data_dir() -> Result<PathBuf, ResumeError> {
    paths::data_dir().ok_or(ResumeError::NoDataDir)
}

/// Saves the state in the platform data directory (atomically).
pub fn save(state: &ResumeState) -> Result<(), ResumeError> {
    save_in(&data_dir()?, state)
}

/// Removes the saved state (the session finished, or the person declined to resume).
pub fn clear() -> Result<(), ResumeError> {
    clear_in(&data_dir()?)
}

/// Loads the saved state from the platform data directory; see [`load_in`].
pub fn load() -> LoadedResume {
    match paths::data_dir() {
        Some(dir) => load_in(&dir),
        None => LoadedResume::default(),
    }
}

pub fn save_in(data_dir: &Path, state: &ResumeState) -> Result<(), ResumeError> {
    let text = format!(
        "// backease: the session in progress (removed when it ends)\n{}\n",
        ron::ser::to_string_pretty(state, super::history::pretty())?
    );
    let path = data_dir.join(FILE_NAME);
    write_atomic(&path, text.as_bytes()).map_err(|source| ResumeError::Write { path, source })
}

pub fn clear_in(data_dir: &Path) -> Result<(), ResumeError> {
    let path = data_dir.join(FILE_NAME);
    match fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(ResumeError::Remove { path, source }),
    }
}

/// Reads `resume.ron` from `data_dir`. A corrupt file is moved aside with a warning. A
/// session that was killed (no history record yet) is recorded in `data_dir/history`
/// now, and the state saved again with that record's id, so declining loses nothing.
pub fn load_in(data_dir: &Path) -> LoadedResume {
    let path = data_dir.join(FILE_NAME);
    let text = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return LoadedResume::default(),
        Err(e) => {
            return LoadedResume {
                state: None,
                warning: Some(format!("could not read {}: {e}", path.display())),
            };
        }
    };
    let parsed = std::str::from_utf8(&text)
        .map_err(|e| format!("not UTF-8 text ({e})"))
        .and_then(|t| {
            ron::from_str::<ResumeState>(t).map_err(|e| format!("{}: {}", e.span.start, e.code))
        });
    let mut state = match parsed {
        Ok(state) => state,
        Err(problem) => {
            return LoadedResume {
                state: None,
                warning: Some(move_aside(&path, &problem)),
            };
        }
    };
    let mut warning = None;
    if state.recorded.is_none() {
        let history = data_dir.join(super::history::DIR_NAME);
        match super::history::record_in(&history, &state.as_record()) {
            Ok(id) => {
                state.recorded = Some(id);
                if let Err(e) = save_in(data_dir, &state) {
                    warning = Some(e.to_string());
                }
            }
            Err(e) => warning = Some(format!("the interrupted session is not in history: {e}")),
        }
    }
    LoadedResume {
        state: Some(state),
        warning,
    }
}

fn move_aside(path: &Path, problem: &str) -> String {
    let what = format!("{}:{problem}", path.display());
    let moved = move_to_free_name(path, |n| match n {
        0 => path.with_extension("ron.corrupt"),
        n => path.with_extension(format!("ron.corrupt.{n}")),
    });
    match moved {
        Ok(target) => format!(
            "{what}\n  the saved session could not be read and was moved to {}; \
             it cannot be resumed",
            target.display()
        ),
        Err(e) => {
            format!("{what}\n  the saved session could not be read (moving it aside failed: {e})")
        }
    }
}
