//! The UI's hooks kept with the store: each run's own session state
//! (`store::sessions`, saved at every step change and periodically in long holds, locked
//! while the run lives), its history record when it ends (and the copy carrying the
//! check-in's answer on the summary), every record for the progress screen's overview,
//! and desktop notifications.
//! Shell code: touches files, the wall clock and the desktop; failures here never stop a
//! session. A record that cannot be written is kept in the run's state for the next
//! launch, and the person is told (on the summary and on standard error).

use std::thread::JoinHandle;

use crate::app::{History, Hooks, Standing};
use crate::history::{SessionRecord, WallTime};
use crate::notify;
use crate::routine::Library;
use crate::store::{
    self,
    history::HistoryError,
    resume::ResumeState,
    sessions::{Held, ResumeError, Sessions},
};

/// The run the hooks are keeping.
struct Run {
    routine: String,
    started: WallTime,
    /// The history record of the earlier run this one resumes.
    continues: Option<String>,
    /// Its state, once saved (locked while the run lives).
    held: Option<Held>,
}

/// Hooks that keep each run's state and record, and send desktop notifications.
pub struct StoreHooks {
    library: Library,
    notifications: bool,
    sessions: Option<Sessions>,
    /// The saved session offered at launch, until a run takes it up or the person says no.
    offered: Option<Held>,
    /// Sessions this process holds the lock of without running them (the other abandoned
    /// ones, runs quit midway): released when the process ends, offered next launch.
    kept: Vec<Held>,
    run: Option<Run>,
    /// What went wrong with keeping sessions, for standard error once the terminal is
    /// back.
    problems: Vec<String>,
    /// The same, in a line for the summary, until the shell takes them.
    notes: Vec<String>,
    /// History being read on its own thread, handed to the app after the first frame.
    history: Option<JoinHandle<(History, Vec<SessionRecord>)>>,
    /// Every record, once read, and this process's runs as they are recorded: for the
    /// progress screen.
    records: Vec<SessionRecord>,
    /// The state of the run last recorded, for the check-in's answer on its summary.
    last: Option<ResumeState>,
    /// The id of the run [`Self::record`] last kept.
    last_id: Option<String>,
    /// Whether favourites are written (not when their file did not read at launch).
    keep_favourites: bool,
}

impl StoreHooks {
    /// Hooks for a UI over `library`. `offered` is the saved session offered at launch;
    /// `kept` the other abandoned ones found (left as they are, locked until exit).
    pub fn new(
        library: Library,
        notifications: bool,
        sessions: Option<Sessions>,
        offered: Option<Held>,
        kept: Vec<Held>,
    ) -> StoreHooks {
        StoreHooks {
            library,
            notifications,
            sessions,
            offered,
            kept,
            run: None,
            problems: Vec::new(),
            notes: Vec::new(),
            history: None,
            records: Vec::new(),
            last: None,
            last_id: None,
            keep_favourites: true,
        }
    }

    /// Whether marks are kept in the favourites file (`false`: it did not read, and is
    /// left as it is).
    pub fn keeping_favourites(mut self, keep: bool) -> StoreHooks {
        self.keep_favourites = keep;
        self
    }

    /// History, being read on `thread`, for [`Hooks::history`].
    pub fn with_history(mut self, thread: JoinHandle<(History, Vec<SessionRecord>)>) -> StoreHooks {
        self.history = Some(thread);
        self
    }

    /// The records read before the app started (history read without its thread).
    pub fn with_records(mut self, records: Vec<SessionRecord>) -> StoreHooks {
        self.records = records;
        self
    }

    /// What went wrong with keeping sessions so far (emptied).
    pub fn take_problems(&mut self) -> Vec<String> {
        std::mem::take(&mut self.problems)
    }

    /// The run a report belongs to, starting a new one when the report is the first of a
    /// session (no run, or another routine's).
    fn run_for(&mut self, report: &Standing) -> &mut Run {
        let run = match self.run.take() {
            Some(run) if run.routine == report.routine_id => run,
            other => {
                // Another routine's run ended without a report (not expected): its state
                // stays, locked until exit, and is offered next time.
                self.kept.extend(other.and_then(|r| r.held));
                // Taking up the offered session (same routine, at or past its step): this
                // run continues its record, and the offered state is done with. Anything
                // else leaves the offer as it is.
                let taken = self.offered.take_if(|s| {
                    s.state.routine == report.routine_id && report.step >= s.state.step
                });
                let continues = taken.as_ref().map(|s| s.state.id.clone());
                if let Some(Err(e)) = taken.map(Held::close) {
                    self.problems.push(e.to_string());
                }
                // Its first step showed the routine's safety notes: not again today
                // (a sped-up demo does not count).
                if !report.sped_up {
                    let today = store::history::now().local_date();
                    store::notes_shown::mark(&report.routine_id, today);
                }
                Run {
                    routine: report.routine_id.clone(),
                    started: store::history::now(),
                    continues,
                    held: None,
                }
            }
        };
        self.run.insert(run)
    }

    /// The run's state as of `report` (its id kept once it has one).
    fn state_for(&mut self, report: &Standing) -> Option<ResumeState> {
        let routine = self.library.routine(&report.routine_id)?.clone();
        let run = self.run_for(report);
        let mut state = ResumeState::new(
            &routine,
            report.step,
            &report.outcomes,
            run.started,
            store::history::now(),
        );
        state.continues = run.continues.clone();
        state.stiffness = report.stiffness;
        if let Some(held) = &run.held {
            state.id = held.state.id.clone();
        }
        Some(state)
    }

    /// Saves the run's state, starting to keep it (its id, its lock) at the first save.
    /// Saves the run's state: synced to disk, or (the saves every few seconds of a hold)
    /// only atomically, which a kill cannot tear and costs no `fsync`.
    fn save(&mut self, state: ResumeState, synced: bool) -> Result<(), ResumeError> {
        let sessions = self.sessions.clone();
        let Some(run) = self.run.as_mut() else {
            return Ok(());
        };
        match &mut run.held {
            Some(held) => {
                held.state = state;
                if synced {
                    held.save()
                } else {
                    held.checkpoint()
                }
            }
            None => {
                let sessions = sessions.ok_or(ResumeError::NoDataDir)?;
                run.held = Some(sessions.begin(state)?);
                Ok(())
            }
        }
    }

    /// Records a finished or ended run: `Err` if its record could not be written.
    fn record(&mut self, state: ResumeState) -> Result<(), Unrecorded> {
        let finished = state.finished;
        let saved = self.save(state.clone(), true);
        let Some(run) = self.run.take() else {
            return Ok(());
        };
        if let Some(held) = &run.held {
            self.last_id = Some(held.state.id.clone());
        }
        let Some(mut held) = run.held else {
            // Not even its state could be saved: the record may still go in.
            let written = match &self.sessions {
                Some(sessions) => sessions.record_only(state),
                None => Err(HistoryError::NoDataDir),
            };
            return written.map_err(|e| Unrecorded {
                why: format!("this session could not be recorded ({e}), nor kept for later"),
                kept: false,
            });
        };
        match (held.record(), saved) {
            (Ok(()), _) => {
                if finished {
                    if let Err(e) = held.forget() {
                        self.problems.push(e.to_string());
                    }
                } else {
                    self.kept.push(held);
                }
                Ok(())
            }
            (Err(e), Ok(())) => {
                let why = format!(
                    "this session could not be recorded ({e}); it is kept in {} and \
                     recorded at the next launch that can",
                    held.path().display()
                );
                self.kept.push(held);
                Err(Unrecorded { why, kept: true })
            }
            (Err(e), Err(not_kept)) => Err(Unrecorded {
                why: format!(
                    "this session could not be recorded ({e}), nor kept for later ({not_kept})"
                ),
                kept: false,
            }),
        }
    }
}

/// A run whose record could not be written, and whether its state keeps it for later.
struct Unrecorded {
    why: String,
    kept: bool,
}

impl Hooks for StoreHooks {
    fn history(&mut self) -> Option<History> {
        let thread = self.history.take()?;
        // Should the thread have died, the history is read here.
        let (history, records) = thread
            .join()
            .unwrap_or_else(|_| super::interactive::read_history(&self.library));
        self.records = records;
        Some(history)
    }

    fn stiffness_after(&mut self, after: u8) {
        let Some(state) = self.last.as_mut() else {
            return;
        };
        state.stiffness.after = Some(after);
        let record = state.as_record();
        if let Some(r) = self.records.iter_mut().rev().find(|r| r.id == state.id) {
            r.stiffness = state.stiffness;
        }
        // A record is never rewritten: the answer goes into a copy of it, which loading
        // takes over the first (`history::travel::dedupe`). A run whose record is not
        // written yet has its kept state brought up to date instead.
        if let Some(held) = self.kept.iter_mut().find(|h| h.state.id == state.id) {
            held.state.stiffness = state.stiffness;
            if held.state.recorded.is_none() {
                if let Err(e) = held.save() {
                    self.problems.push(e.to_string());
                }
                return;
            }
        }
        let written = store::history::dir()
            .ok_or(HistoryError::NoDataDir)
            .and_then(|dir| {
                store::history::write_once(&dir, &format!("{}-after", state.id), &record)
            });
        if let Err(e) = written {
            self.problems
                .push(format!("the check-in after the session was not kept: {e}"));
        }
    }

    fn overview(&mut self) -> Option<crate::history::progress::Overview> {
        let today = store::history::now().local_date();
        Some(crate::history::progress::overview(&self.records, today))
    }

    fn notify(&mut self, title: &str, body: &str) {
        if self.notifications {
            // Degrades silently: `notify::problem()` keeps the reason.
            let _ = notify::notify(title, body);
        }
    }

    fn resume_declined(&mut self) {
        if let Some(offered) = self.offered.take()
            && let Err(e) = offered.close()
        {
            self.problems.push(e.to_string());
        }
    }

    fn progress(&mut self, report: &Standing) {
        // Losing one save loses a few seconds at most: the next save or the end of the
        // run writes it all.
        if let Some(state) = self.state_for(report) {
            let _ = self.save(state, false);
        }
    }

    fn session_over(&mut self, report: &Standing) {
        let Some(mut state) = self.state_for(report) else {
            return;
        };
        state.finished = report.finished;
        state.sped_up = report.sped_up;
        // A session that cannot be resumed (finished, or every step ended) closes.
        state.open = report.resumable();
        let mut last = state.clone();
        self.last_id = None;
        let recorded = self.record(state);
        // The run's id (given at its first save, which may have been just now).
        last.id = self.last_id.take().unwrap_or_default();
        if recorded.is_ok() && !last.id.is_empty() {
            let mut record = last.as_record();
            record.id = last.id.clone();
            self.records.push(record);
        }
        self.last = Some(last);
        if let Err(Unrecorded { why, kept }) = recorded {
            self.notes.push(
                if kept {
                    "Not recorded yet: kept, and recorded at the next launch that can \
                     (why: on exit)"
                } else {
                    "This session could not be recorded (why: on exit)"
                }
                .to_string(),
            );
            self.problems.push(why);
        }
    }

    fn favourites(&mut self, ids: &std::collections::BTreeSet<String>) {
        if !self.keep_favourites {
            return;
        }
        if let Err(e) = store::favourites::save(ids) {
            // Once: every later mark would fail the same way.
            self.keep_favourites = false;
            self.problems
                .push(format!("favourites could not be kept: {e}"));
        }
    }

    fn take_notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notes)
    }
}
