//! The summary screen's state: how the session went, step by step. Pure.

use std::time::Duration;

use super::{App, Effect, Msg, Screen, Standing, Stats};
use crate::history::Stiffness;
use crate::routine::{Routine, Timing};
use crate::session::Outcome;

/// One session, finished or ended early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub routine_id: String,
    pub routine_name: String,
    /// Every step's name and how it went.
    pub steps: Vec<(String, Outcome)>,
    pub elapsed: Duration,
    pub finished: bool,
    /// Days in a row, this session included (0: unknown, or nothing to show: no step
    /// done yet today, or a sped-up run).
    pub streak: u32,
    /// For each open-ended step the person held and ended this time: its index and the
    /// best before today's (none for a sped-up run).
    pub personal: Vec<(usize, Option<Duration>)>,
    /// What the person must know about the session's record ("not recorded yet: kept
    /// for the next launch"), from the shell.
    pub notes: Vec<String>,
    /// Run with time faster than real: counts for neither streak nor bests.
    pub sped_up: bool,
    /// The check-in's answers: before (from the session), after (a digit here).
    pub stiffness: Stiffness,
    /// The check-in question is on (until a digit answers it or the summary is left).
    pub asking: bool,
    /// Exercises that hurt in this session and had hurt in an earlier one (names).
    pub hurt_again: Vec<String>,
    /// What to mention to a professional (`checkin::mentions`).
    pub mentions: Vec<String>,
    /// A break started from desk mode: leaving goes back to it (not to the menu).
    pub desk: bool,
}

impl Summary {
    pub fn new(routine: &Routine, report: Standing, stats: &Stats) -> Summary {
        let personal = routine
            .steps
            .iter()
            .zip(&report.outcomes)
            .enumerate()
            .filter(|(_, (step, outcome))| {
                // Ended by the person: Enter (done) or `n`; not the step stopped on.
                !report.sped_up
                    && step.timing == Timing::OpenEnded
                    && matches!(outcome, Outcome::Done { .. } | Outcome::Skipped { .. })
                    && !outcome.held().is_zero()
            })
            .map(|(i, (step, _))| (i, stats.bests.get(&step.id).copied()))
            .collect();
        let steps = routine
            .steps
            .iter()
            .zip(
                report
                    .outcomes
                    .iter()
                    .chain(std::iter::repeat(&Outcome::Pending)),
            )
            .map(|(s, o)| (s.name.clone(), *o))
            .collect::<Vec<_>>();
        // A day counts for the streak once a session does a step.
        let did_a_step = steps
            .iter()
            .any(|(_, o): &(String, Outcome)| matches!(o, Outcome::Done { .. }));
        let streak = if !report.sped_up && (did_a_step || stats.today_counts) {
            stats.streak_with_today
        } else {
            0
        };
        let hurt_again: Vec<String> = if report.sped_up {
            Vec::new()
        } else {
            let mut names: Vec<String> = Vec::new();
            for (step, outcome) in routine.steps.iter().zip(&report.outcomes) {
                if matches!(outcome, Outcome::Painful { .. })
                    && stats.hurt_before.contains(&step.id)
                    && !names.contains(&step.name)
                {
                    names.push(step.name.clone());
                }
            }
            names
        };
        let mentions = super::checkin::mentions(&report.stiffness, &hurt_again);
        Summary {
            stiffness: report.stiffness,
            asking: false,
            hurt_again,
            mentions,
            routine_id: routine.id.clone(),
            routine_name: routine.name.clone(),
            steps,
            elapsed: report.elapsed,
            finished: report.finished,
            streak,
            personal,
            notes: Vec::new(),
            sped_up: report.sped_up,
            desk: false,
        }
    }

    pub fn done(&self) -> usize {
        self.steps
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Done { .. }))
            .count()
    }

    /// Folds this session into the stats for the next summary: its open-ended holds into
    /// the bests, and today into the streak once a step was done (not when sped up).
    pub fn update_stats(&self, routine: &Routine, stats: &mut Stats) {
        if self.sped_up {
            return;
        }
        if self.done() > 0 {
            stats.today_counts = true;
        }
        for (step, (_, outcome)) in routine.steps.iter().zip(&self.steps) {
            if matches!(outcome, Outcome::Painful { .. }) {
                stats.hurt_before.insert(step.id.clone());
            }
        }
        for &(i, _) in &self.personal {
            let held = self.steps[i].1.held();
            let best = stats.bests.entry(routine.steps[i].id.clone()).or_default();
            *best = (*best).max(held);
        }
    }

    /// Skipped or stopped because it hurt.
    /// Steps skipped (or ended early); not those stopped because they hurt, which
    /// history counts apart ([`Summary::hurt`]).
    pub fn skipped(&self) -> usize {
        self.steps
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Skipped { .. }))
            .count()
    }

    /// Steps stopped because they hurt.
    pub fn hurt(&self) -> usize {
        self.steps
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Painful { .. }))
            .count()
    }

    /// " · 1 stopped (it hurt)" when a step hurt, else nothing: for the summary's line.
    pub fn hurt_words(&self) -> String {
        match self.hurt() {
            0 => String::new(),
            n => format!(" · {n} stopped (it hurt)"),
        }
    }
}

impl App {
    /// A note from the shell about the session that just ended: on its summary if that
    /// is up, else on the menu's status line.
    pub(super) fn note(&mut self, note: String) {
        match &mut self.screen {
            Screen::Summary(summary) => summary.notes.push(note),
            _ => self.notices.push(note),
        }
    }

    pub(super) fn update_summary(&mut self, msg: Msg) -> Vec<Effect> {
        let Screen::Summary(summary) = &self.screen else {
            return Vec::new();
        };
        match msg {
            // A break from desk mode: back to it, as its labels say.
            Msg::Enter | Msg::Cancel | Msg::Quit if summary.desk => {
                self.done = true;
                vec![Effect::Quit]
            }
            Msg::Enter | Msg::Cancel => {
                let id = summary.routine_id.clone();
                self.screen = Screen::Menu(self.menu_at(&id));
                Vec::new()
            }
            Msg::Quit => {
                self.done = true;
                vec![Effect::Quit]
            }
            Msg::Char(c) => self.answer_after(c),
            _ => Vec::new(),
        }
    }
}
