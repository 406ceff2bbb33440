//! Wiring for the interactive commands: gathers preferences, the audio player, history,
//! the resume offer and notifications from the shells, hands them to the terminal UI as a
//! built [`App`], and implements the UI's [`Hooks`] with the store (history records, the
//! resume file) and desktop notifications. Also `backease history` and `backease config`.
//!
//! This is shell code: it may touch files, the clock and the desktop; the core never
//! imports it.

use std::collections::BTreeMap;

use crate::app::{App, AudioView, Hooks, ResumeOffer, Standing, Stats};
use crate::audio::{self, AudioSettings, Player};
use crate::cli::Cli;
use crate::commands::Output;
use crate::history::{self, SessionRecord};
use crate::notify;
use crate::routine::Library;
use crate::store::{
    self,
    prefs::{Colors, Preferences},
    resume::ResumeState,
};

/// The preferences in effect, and a notice when the file could not be used.
pub fn preferences(_cli: &Cli) -> (Preferences, Option<String>) {
    let loaded = store::prefs::load();
    let notice = loaded
        .error
        .map(|e| format!("{e} (using the default preferences)"));
    (loaded.prefs, notice)
}

/// The menu, or `backease start ROUTINE`.
pub fn interactive(cli: &Cli, library: Library, start: Option<String>) -> Output {
    // First, before anything can touch ALSA: nothing of it may reach the screen.
    audio::silence_system_audio_logs();
    let (prefs, prefs_notice) = preferences(cli);
    let mut notices: Vec<String> = prefs_notice.into_iter().collect();

    let settings = AudioSettings {
        volume: cli.volume.unwrap_or(prefs.volume()),
        muted: cli.mute || prefs.mute(),
        custom: prefs.sound_files(),
    };
    let (player, warnings) = audio::open(&settings);
    notices.extend(warnings);

    if prefs.notifications()
        && let Err(note) = notify::availability()
    {
        notices.push(note);
    }

    let history = store::history::load();
    notices.extend(history.warnings.iter().cloned());
    let painful: BTreeMap<String, Vec<String>> = library
        .routines
        .iter()
        .map(|r| {
            (
                r.id.clone(),
                history::painful_exercises(&history.records, &r.id),
            )
        })
        .filter(|(_, ids)| !ids.is_empty())
        .collect();

    let resume = store::resume::load();
    notices.extend(resume.warning.clone());
    let mut offer = None;
    let mut saved = None;
    // A direct `start` goes straight to its routine; the offer waits for the menu.
    if let (Some(state), None) = (resume.state, &start) {
        match state.check(&library) {
            Ok(ok) => {
                offer = Some(ResumeOffer {
                    routine_id: ok.routine.id.clone(),
                    step: ok.step,
                    outcomes: ok.outcomes,
                });
                saved = Some(state);
            }
            Err(why) => {
                notices.push(why);
                let _ = store::resume::clear();
            }
        }
    }

    let today = store::history::now().local_date();
    let stats = Stats {
        streak_with_today: history::streak_with_session_on(&history.records, today),
        bests: history::bests(&history.records)
            .into_iter()
            .map(|b| (b.exercise, b.held))
            .collect(),
    };
    let color = match prefs.colors() {
        Colors::Auto => None,
        Colors::Always => Some(true),
        Colors::Never => Some(false),
    };
    let mut hooks = StoreHooks {
        library: library.clone(),
        notifications: prefs.notifications(),
        offered: saved,
        run: None,
    };
    // Before the app is built, so an unwritable trace file is the first error reported.
    let trace = match crate::tui::trace::Trace::from_env() {
        Ok(trace) => trace,
        Err(e) => return failed(&anyhow::Error::from(e)),
    };
    let mut player = player as Box<dyn Player>;
    let audio = AudioView::from_status(&player.status(), player.volume());
    let launched = App::new(library, prefs.session_config(), audio)
        .with_notices(notices)
        .with_painful(painful)
        .with_stats(stats)
        .with_color(crate::tui::colors(color))
        .with_resume_offer(offer)
        .at_speed(cli.speed)
        .and_then(|app| match &start {
            Some(id) => app.starting(id, std::time::Instant::now()),
            None => Ok(app),
        });
    let result = launched
        .map_err(anyhow::Error::from)
        .and_then(|app| crate::tui::run(app, player.as_mut(), &mut hooks, cli.speed, trace));
    match result {
        Ok(()) => Output::default(),
        Err(e) => failed(&e),
    }
}

fn failed(e: &anyhow::Error) -> Output {
    Output {
        stderr: format!("backease: {e:#}\n"),
        failed: true,
        ..Output::default()
    }
}

/// The run the hooks are recording.
struct Run {
    routine: String,
    started: history::WallTime,
    /// The history record of the earlier run this one resumes.
    continues: Option<String>,
}

/// Hooks that keep history and the resume file, and send desktop notifications.
struct StoreHooks {
    library: Library,
    notifications: bool,
    /// The saved session offered at launch, until a run takes it up or replaces it.
    offered: Option<ResumeState>,
    run: Option<Run>,
}

impl StoreHooks {
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

/// `backease history`.
pub fn history() -> Output {
    Output {
        stdout: store::history::history_command(),
        ..Output::default()
    }
}

/// `backease config`.
pub fn config(cli: &Cli) -> Output {
    Output {
        stdout: store::prefs::config_command(&store::prefs::CommandLine {
            routines: cli.routines.clone(),
            mute: cli.mute,
            volume: cli.volume,
        }),
        ..Output::default()
    }
}
