//! The summary screen's state: how the session went, step by step. Pure.

use std::time::Duration;

use super::{App, Effect, Menu, Msg, Screen, Standing, Stats};
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
    /// Days in a row, this session included (0: unknown).
    pub streak: u32,
    /// For each open-ended step held this time: its index and the best before today's.
    pub personal: Vec<(usize, Option<Duration>)>,
    /// What the person must know about the session's record ("not recorded yet: kept
    /// for the next launch"), from the shell.
    pub notes: Vec<String>,
}

impl Summary {
    pub fn new(routine: &Routine, report: Standing, stats: &Stats) -> Summary {
        let personal = routine
            .steps
            .iter()
            .zip(&report.outcomes)
            .enumerate()
            .filter(|(_, (step, outcome))| {
                step.timing == Timing::OpenEnded
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
            .collect();
        Summary {
            routine_id: routine.id.clone(),
            routine_name: routine.name.clone(),
            steps,
            elapsed: report.elapsed,
            finished: report.finished,
            streak: stats.streak_with_today,
            personal,
            notes: Vec::new(),
        }
    }

    pub fn done(&self) -> usize {
        self.steps
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Done { .. }))
            .count()
    }

    /// Folds this session's open-ended holds into the bests, for the next summary.
    pub fn update_bests(&self, routine: &Routine, stats: &mut Stats) {
        for &(i, _) in &self.personal {
            let held = self.steps[i].1.held();
            let best = stats.bests.entry(routine.steps[i].id.clone()).or_default();
            *best = (*best).max(held);
        }
    }

    /// Skipped or stopped because it hurt.
    pub fn skipped(&self) -> usize {
        self.steps
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Skipped { .. } | Outcome::Painful { .. }))
            .count()
    }
}

impl App {
    /// A note from the shell about the session that just ended: on its summary if that
    /// is up, else on the menu's status line.
    pub fn note(&mut self, note: String) {
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
            Msg::Enter | Msg::Cancel => {
                let id = summary.routine_id.clone();
                let mut menu = Menu::new(None);
                menu.selected = self
                    .library
                    .routines
                    .iter()
                    .position(|r| r.id == id)
                    .unwrap_or(0);
                self.screen = Screen::Menu(menu);
                Vec::new()
            }
            Msg::Quit => {
                self.done = true;
                vec![Effect::Quit]
            }
            _ => Vec::new(),
        }
    }
}
