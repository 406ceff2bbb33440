//! The progress screen's state (`h` in the menu): the overview the shell hands over
//! ([`crate::history::progress::Overview`], computed from every record as of today) and
//! the menu position to go back to. Esc, `q` or `h` go back. Pure.

use super::{App, Effect, Menu, Msg, Screen};
use crate::history::progress::Overview;

/// The progress screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// `None` until the shell hands it over, and when there is no history to read.
    pub overview: Option<Overview>,
    /// The menu's cursor, kept for the way back.
    pub selected: usize,
}

impl App {
    /// Opens the progress screen; the shell answers [`Effect::LoadOverview`].
    pub(super) fn open_progress(&mut self) -> Vec<Effect> {
        let selected = match &self.screen {
            Screen::Menu(m) => m.selected,
            _ => 0,
        };
        self.screen = Screen::Progress(Box::new(Progress {
            overview: None,
            selected,
        }));
        vec![Effect::LoadOverview]
    }

    /// The overview for the progress screen, from the shell.
    pub(super) fn overview_arrived(&mut self, overview: Option<Overview>) {
        if let Screen::Progress(p) = &mut self.screen {
            p.overview = overview;
        }
    }

    pub(super) fn update_progress(&mut self, msg: Msg) -> Vec<Effect> {
        let Screen::Progress(p) = &self.screen else {
            return Vec::new();
        };
        match msg {
            Msg::Cancel | Msg::Quit | Msg::Progress | Msg::Enter => {
                let mut menu = Menu::new(None);
                menu.selected = p.selected;
                self.screen = Screen::Menu(menu);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}
