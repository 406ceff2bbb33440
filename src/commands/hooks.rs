//! The UI's hooks kept with the store: a history record when a session ends, the resume
//! file at every step change (and cleared when a session finishes or the offer is
//! declined), and desktop notifications. Shell code: touches files, the wall clock and
//! the desktop; failures here never stop a session (nothing recorded is lost by them).

use std::thread::JoinHandle;

use crate::app::{History, Hooks, Standing};
use crate::history::{self, SessionRecord};
use crate::notify;
use crate::routine::Library;
use crate::store::{self, resume::ResumeState};

/// The run the hooks are recording.
struct Run {
    routine: String,
    started: history::WallTime,
    /// The history record of the earlier run this one resumes.
    continues: Option<String>,
}

/// Hooks that keep history and the resume file, and send desktop notifications.
pub struct StoreHooks {
    library: Library,
    notifications: bool,
    /// The saved session offered at launch, until a run takes it up or replaces it.
    offered: Option<ResumeState>,
    run: Option<Run>,
    /// History being read on its own thread, handed to the app after the first frame.
    history: Option<JoinHandle<History>>,
}

impl StoreHooks {
    /// Hooks for a UI over `library`; `offered` is the saved session offered at launch.
    pub fn new(library: Library, notifications: bool, offered: Option<ResumeState>) -> StoreHooks {
        StoreHooks {
            library,
            notifications,
            offered,
            run: None,
            history: None,
        }
    }

    /// History, being read on `thread`, for [`Hooks::history`].
    pub fn with_history(mut self, thread: JoinHandle<History>) -> StoreHooks {
        self.history = Some(thread);
        self
    }

    /// The run a report belongs to, starting a new one when the report is the first of a
    /// session (no run, or another routine's).
    fn run_for(&mut self, report: &Standing) -> &Run {
        let run = match self.run.take() {
            Some(run) if run.routine == report.routine_id => run,
            _ => Run {
                routine: report.routine_id.clone(),
                started: store::history::now(),
                // Taking up the offered session: this run continues its record.
                continues: self
                    .offered
                    .take()
                    .filter(|s| s.routine == report.routine_id && report.step >= s.step)
                    .and_then(|s| s.recorded),
            },
        };
        self.run.insert(run)
    }
}

impl Hooks for StoreHooks {
    fn history(&mut self) -> Option<History> {
        let thread = self.history.take()?;
        // Should the thread have died, the history is read here.
        Some(
            thread
                .join()
                .unwrap_or_else(|_| super::interactive::read_history(&self.library)),
        )
    }

    fn notify(&mut self, title: &str, body: &str) {
        if self.notifications {
            // Degrades silently: `notify::problem()` keeps the reason.
            let _ = notify::notify(title, body);
        }
    }

    fn resume_declined(&mut self) {
        self.offered = None;
        let _ = store::resume::clear();
    }

    fn progress(&mut self, report: &Standing) {
        let Some(routine) = self.library.routine(&report.routine_id).cloned() else {
            return;
        };
        let (started, continues) = {
            let run = self.run_for(report);
            (run.started, run.continues.clone())
        };
        let mut state = ResumeState::new(
            &routine,
            report.step,
            &report.outcomes,
            started,
            store::history::now(),
        );
        state.recorded = continues;
        // Losing the resume file loses nothing recorded; history is written at the end.
        let _ = store::resume::save(&state);
    }

    fn session_over(&mut self, report: &Standing) {
        let Some(routine) = self.library.routine(&report.routine_id).cloned() else {
            return;
        };
        let (started, continues) = {
            let run = self.run_for(report);
            (run.started, run.continues.clone())
        };
        self.run = None;
        let now = store::history::now();
        let record =
            SessionRecord::from_run(&routine, &report.outcomes, started, now, report.finished)
                .continuing(continues);
        let recorded = store::history::record(&record).ok();
        if report.finished {
            let _ = store::resume::clear();
        } else {
            let mut state = ResumeState::new(&routine, report.step, &report.outcomes, started, now);
            state.recorded = recorded;
            let _ = store::resume::save(&state);
        }
    }
}
