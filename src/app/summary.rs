//! The summary screen's state: how the session went, step by step. Pure.

use std::time::Duration;

use super::{App, Effect, Menu, Msg, Report, Screen};
use crate::routine::Routine;
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
}

impl Summary {
    pub fn new(routine: &Routine, report: Report) -> Summary {
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
        }
    }

    pub fn done(&self) -> usize {
        self.steps
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Done { .. }))
            .count()
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
