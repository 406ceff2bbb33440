//! The UI's hooks kept with the store: each run's own session state
//! (`store::sessions`, saved at every step change and periodically in long holds, locked
//! while the run lives), its history record when it ends (and the copy carrying the
//! check-in's answer on the summary), every record for the progress screen's overview,
//! and desktop notifications; and [`read_history`], what the app needs from history at
//! launch. Implements the core's `app::Hooks` for the shells (the terminal and plain mode).
//! Shell code: touches files, the wall clock and the desktop; failures here never stop a
//! session. A record that cannot be written is kept in the run's state for the next
//! launch, and the person is told (on the summary and on standard error).

use std::collections::BTreeMap;
use std::thread::JoinHandle;

use crate::app::{History, Hooks, PlanNow, PlanTaken, Standing, Stats};
use crate::history;
use crate::history::{SessionRecord, WallTime};
use crate::notify;
use crate::routine::Library;
use crate::store::{
    self,
    history::HistoryError,
    resume::ResumeState,
    sessions::{Held, Kept, ResumeError, Sessions},
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
        self.library.routine(&report.routine_id)?;
        let run = self.run_for(report);
        let (started, continues) = (run.started, run.continues.clone());
        let id = run.held.as_ref().map(|held| held.state.id.clone());
        // The routine read where the library keeps it (not copied: this runs at every
        // save, every few seconds of a hold).
        let routine = self.library.routine(&report.routine_id)?;
        let mut state = ResumeState::new(
            routine,
            report.step,
            &report.outcomes,
            started,
            store::history::now(),
        );
        state.continues = continues;
        state.stiffness = report.stiffness;
        if let Some(id) = id {
            state.id = id;
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

    /// Records a finished or ended run: `Err` if its record could not be written. Its
    /// state goes once recorded unless it may be resumed (interrupted midway); one whose
    /// last state could be neither saved nor recorded leaves nothing stale behind
    /// ([`Held::give_up`]).
    fn record(&mut self, state: ResumeState) -> Result<(), Unrecorded> {
        let open = state.open;
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
            (Ok(()), Ok(())) => {
                if open {
                    self.kept.push(held);
                } else if let Err(e) = held.forget() {
                    self.problems.push(e.to_string());
                }
                Ok(())
            }
            // Recorded, but the state file holds an earlier step: it must not be
            // offered as this run.
            (Ok(()), Err(_)) => {
                match held.give_up() {
                    Ok(Kept::Saved(held)) => self.kept.push(*held),
                    Ok(Kept::Recorded) => {}
                    Err(e) => self.problems.push(e.to_string()),
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
            (Err(e), Err(not_kept)) => match held.give_up() {
                Ok(Kept::Recorded) => Ok(()),
                Ok(Kept::Saved(held)) => {
                    let why = format!(
                        "this session could not be recorded ({e}); it is kept in {} and \
                         recorded at the next launch that can",
                        held.path().display()
                    );
                    self.kept.push(*held);
                    Err(Unrecorded { why, kept: true })
                }
                Err(_) => Err(Unrecorded {
                    why: format!(
                        "this session could not be recorded ({e}), nor kept for later \
                         ({not_kept})"
                    ),
                    kept: false,
                }),
            },
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
            .unwrap_or_else(|_| read_history(&self.library));
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
        let mut overview = crate::history::progress::overview(&self.records, today);
        // A plan that does not read is said on the menu; here it is left out.
        if let Ok(Some(plan)) = store::plan::load(&self.library) {
            overview.plan = Some(crate::plan::PlanKept {
                weeks: crate::plan::weeks_kept(&plan, &self.records, today),
                name: plan.name,
            });
        }
        Some(overview)
    }

    /// The menu's plan picker: the same writing as `backease plan use ID` and `plan off`
    /// (`store::plan`), then the plan as of today from the records this run knows.
    fn use_plan(&mut self, id: Option<&str>) -> Result<PlanTaken, String> {
        let today = store::history::now().local_date();
        let kept_in = |kept: &std::path::Path| {
            format!(
                "the plan you had is kept in {}",
                crate::text::escape(&kept.display().to_string())
            )
        };
        let Some(id) = id else {
            let kept = store::plan::off().map_err(|e| format!("could not stop the plan: {e}"))?;
            return Ok(PlanTaken {
                now: None,
                note: match kept {
                    Some(kept) => format!("No plan followed now; {}.", kept_in(&kept)),
                    None => "No plan was in use.".to_string(),
                },
            });
        };
        let taken = store::plan::take_shipped(&self.library, id, today)?;
        let plan = &taken.plan;
        let mut note = format!(
            "Following {} from today for {} weeks",
            crate::text::escape(&plan.name),
            plan.weeks
        );
        if let Some(kept) = &taken.kept {
            note.push_str(&format!("; {}", kept_in(kept)));
        }
        note.push('.');
        Ok(PlanTaken {
            now: Some(PlanNow {
                id: plan.id.clone(),
                today: crate::plan::today(plan, &self.library, &self.records, today),
                holds: crate::plan::holds(plan, &self.library, &self.records, today),
            }),
            note,
        })
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

/// What the app needs from history: the painful steps per routine of `library`, the
/// streak and bests for the summary, and history's warnings.
pub fn read_history(library: &crate::routine::Library) -> (History, Vec<history::SessionRecord>) {
    let loaded = store::history::load();
    let painful: BTreeMap<String, Vec<String>> = library
        .routines
        .iter()
        .map(|r| {
            (
                r.id.clone(),
                history::painful_exercises(&loaded.records, &r.id),
            )
        })
        .filter(|(_, ids)| !ids.is_empty())
        .collect();
    let today = store::history::now().local_date();
    let stats = Stats {
        streak_with_today: history::streak_with_session_on(&loaded.records, today),
        today_counts: history::today_counts(&loaded.records, today),
        bests: history::bests(&loaded.records)
            .into_iter()
            .map(|b| (b.exercise, b.held))
            .collect(),
        hurt_before: history::ever_painful(&loaded.records),
    };
    // A status line is one line: a warning's lines joined, anything unsafe escaped (a
    // file name may hold an ESC).
    let notices = loaded
        .warnings
        .iter()
        .map(|w| {
            let lines: Vec<_> = w.lines().map(|l| crate::text::escape(l.trim())).collect();
            lines.join(" ")
        })
        .collect();
    let notices: Vec<String> = notices;
    let mut plan_problem = None;
    let plan = match store::plan::load(library) {
        Ok(Some(plan)) => Some(PlanNow {
            id: plan.id.clone(),
            today: crate::plan::today(&plan, library, &loaded.records, today),
            holds: crate::plan::holds(&plan, library, &loaded.records, today),
        }),
        Ok(None) => None,
        // Said on the menu's status line, one line; the file is left as it is.
        Err(problems) => {
            plan_problem = Some(plan_problem_line(&problems));
            None
        }
    };
    let history = History {
        painful,
        stats,
        notices,
        plan,
        plan_problem,
    };
    (history, loaded.records)
}

/// A plan file's problems as one line for the menu's status line.
fn plan_problem_line(problems: &str) -> String {
    let lines: Vec<_> = problems.lines().map(str::trim).collect();
    format!(
        "{} (the plan is not followed until fixed: `backease edit --plan`)",
        lines.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::io::Write;
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    use super::*;
    use crate::history::StepOutcome;
    use crate::session::Outcome;

    const ROUTINES: &str = r#"(
        exercises: [
            (id: "tilt", name: "Pelvic tilt", hold: "5s", lead_in: "0s"),
            (id: "knees", name: "Knees to chest", hold: "5s", lead_in: "0s"),
        ],
        routines: [(id: "two", name: "Two steps", steps: [(exercise: "tilt"), (exercise: "knees")])],
    )"#;

    fn hooks(data: &Path) -> StoreHooks {
        let library =
            crate::routine::load::parse("two.ron", ROUTINES.as_bytes(), None).expect("routines");
        StoreHooks::new(
            library,
            false,
            Some(Sessions::in_dir(data)),
            None,
            Vec::new(),
        )
    }

    fn done(s: u64) -> Outcome {
        Outcome::Done {
            held: Duration::from_secs(s),
        }
    }

    /// Where a run of "two" stands. Sped up, so that nothing is written outside `data`
    /// (the once-a-day safety notes are not marked for a demo).
    fn standing(step: usize, outcomes: Vec<Outcome>, finished: bool) -> Standing {
        Standing {
            routine_id: "two".into(),
            step,
            outcomes,
            finished,
            elapsed: Duration::from_secs(12),
            sped_up: true,
            ended: false,
            stiffness: Default::default(),
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    fn records(data: &Path) -> Vec<SessionRecord> {
        store::history::load_from(&data.join("history")).records
    }

    /// A tmpfs of `kib` KiB, mounted for one test and unmounted after: a disk that can
    /// really be filled. Mounting needs root; without it the test fails saying so.
    struct SmallDisk {
        dir: tempfile::TempDir,
    }

    impl SmallDisk {
        fn mount(kib: u32) -> SmallDisk {
            let dir = tempfile::tempdir().expect("temp dir");
            let mounted = std::process::Command::new("mount")
                .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
                .arg(dir.path())
                .status();
            assert!(
                mounted.is_ok_and(|s| s.success()),
                "this test mounts a {kib} KiB tmpfs to fill it up: it needs root (mount failed)"
            );
            SmallDisk { dir }
        }

        fn path(&self) -> &Path {
            self.dir.path()
        }

        /// Fills the disk until a write fails with ENOSPC; the filler's path.
        fn fill(&self) -> PathBuf {
            let path = self.path().join("filler");
            let mut file = fs::File::create(&path).expect("filler");
            let chunk = vec![0u8; 4096];
            loop {
                match file.write_all(&chunk).and_then(|()| file.sync_all()) {
                    Ok(()) => {}
                    Err(e) if e.raw_os_error() == Some(libc::ENOSPC) => return path,
                    Err(e) => panic!("filling the disk: {e}"),
                }
            }
        }
    }

    impl Drop for SmallDisk {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount")
                .arg(self.dir.path())
                .status();
        }
    }

    /// Issue 25, item 5. Class: the disk full at the end of a session lost what the
    /// person did and later recorded a stale state in its place. The old code, run: the
    /// last save (a new file renamed over the old) and the record both failed with
    /// ENOSPC, the state of the last step change stayed, and once space was freed the
    /// next launch recorded "1 done, stopped at step 2" and offered to resume it.
    #[test]
    fn a_disk_full_at_the_end_keeps_what_was_done_and_records_it_once() {
        let disk = SmallDisk::mount(256);
        let data = disk.path().join("data");
        let mut hooks = hooks(&data);
        hooks.progress(&standing(
            0,
            vec![Outcome::Pending, Outcome::Pending],
            false,
        ));
        hooks.progress(&standing(1, vec![done(5), Outcome::Pending], false));
        let filler = disk.fill();
        hooks.progress(&standing(1, vec![done(5), Outcome::Pending], false));
        hooks.session_over(&standing(1, vec![done(5), done(5)], true));
        // Not recorded (no room for a new file), but kept: the state was saved in place.
        assert_eq!(
            hooks.take_notes(),
            ["Not recorded yet: kept, and recorded at the next launch that can (why: on exit)"]
        );
        drop(hooks);
        fs::remove_file(filler).expect("free the disk");
        for launch in 1..=2 {
            let loaded = Sessions::in_dir(&data).load();
            assert!(
                loaded.open.is_empty(),
                "launch {launch}: finished, not offered"
            );
            assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
            drop(loaded);
            let records = records(&data);
            assert_eq!(records.len(), 1, "launch {launch}: written once");
            assert!(records[0].finished, "launch {launch}");
            assert!(
                records[0]
                    .steps
                    .iter()
                    .all(|s| s.outcome == StepOutcome::Done),
                "launch {launch}: {:?}",
                records[0].steps
            );
            assert_eq!(names(&data.join("sessions")), Vec::<String>::new());
        }
    }

    /// Issue 25, item 5, the lock files. Class: a state that could not be saved left its
    /// lock file, one more at every try. The old code, run: four `.lock` files (three
    /// saves and the end), no state.
    #[test]
    fn a_disk_full_from_the_start_leaves_no_lock_files_and_nothing_stale() {
        let disk = SmallDisk::mount(128);
        let data = disk.path().join("data");
        fs::create_dir_all(data.join("sessions")).expect("sessions");
        let filler = disk.fill();
        let mut hooks = hooks(&data);
        hooks.progress(&standing(
            0,
            vec![Outcome::Pending, Outcome::Pending],
            false,
        ));
        hooks.progress(&standing(1, vec![done(5), Outcome::Pending], false));
        hooks.progress(&standing(1, vec![done(5), Outcome::Pending], false));
        hooks.session_over(&standing(1, vec![done(5), done(5)], true));
        assert_eq!(
            hooks.take_notes(),
            ["This session could not be recorded (why: on exit)"]
        );
        let problems = hooks.take_problems().join("\n");
        assert!(problems.contains("nor kept for later"), "{problems}");
        drop(hooks);
        assert_eq!(names(&data.join("sessions")), Vec::<String>::new());
        fs::remove_file(filler).expect("free the disk");
        let loaded = Sessions::in_dir(&data).load();
        assert!(loaded.open.is_empty());
        assert!(records(&data).is_empty(), "nothing stale recorded");
    }

    /// Issue 26, item 3, in the store: a session the person ended is recorded and its
    /// state goes; an interrupted one is recorded and offered, once.
    #[test]
    fn an_ended_session_is_recorded_and_gone_an_interrupted_one_offered_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path();
        let midway = || {
            standing(
                1,
                vec![
                    done(5),
                    Outcome::Stopped {
                        held: Duration::from_secs(2),
                    },
                ],
                false,
            )
        };
        for _ in 0..3 {
            let mut hooks = hooks(data);
            hooks.progress(&standing(1, vec![done(5), Outcome::Pending], false));
            hooks.session_over(&Standing {
                ended: true,
                ..midway()
            });
        }
        // Three record files (started within one second, history would show them as one).
        let written = || {
            names(&data.join("history"))
                .iter()
                .filter(|n| n.ends_with(".ron"))
                .count()
        };
        assert_eq!(written(), 3);
        assert_eq!(names(&data.join("sessions")), Vec::<String>::new());
        assert!(Sessions::in_dir(data).load().open.is_empty());
        // Interrupted: offered at the next launch; no, and it is gone.
        let mut hooks = hooks(data);
        hooks.progress(&standing(1, vec![done(5), Outcome::Pending], false));
        hooks.session_over(&midway());
        drop(hooks);
        let mut loaded = Sessions::in_dir(data).load();
        assert_eq!(loaded.open.len(), 1);
        loaded.open.remove(0).close().expect("declined");
        assert!(Sessions::in_dir(data).load().open.is_empty());
        assert_eq!(written(), 4);
        assert_eq!(names(&data.join("sessions")), Vec::<String>::new());
    }
}
