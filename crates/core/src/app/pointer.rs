//! The mouse's part of the app: a click on a routine in the menu selects it, a click on
//! the selected one starts it (as Enter does); and the `mouse` preference. Where the
//! routines are on the screen is `ui::hits`; this is what a click there means. Pure.

use std::time::Instant;

use super::{App, Effect, Screen};

impl App {
    /// Clicks and the wheel taken or left to the terminal (the `mouse` preference).
    pub fn with_mouse(mut self, mouse: bool) -> App {
        self.mouse = mouse;
        self
    }

    /// [`super::Msg::Pick`]: the routine at `pos` in the list shown from row `top`. The
    /// list stays as it was drawn: the routine under the pointer stays there.
    pub(super) fn pick(&mut self, pos: usize, top: usize, now: Instant) -> Vec<Effect> {
        let Screen::Menu(menu) = &mut self.screen else {
            return Vec::new();
        };
        if pos >= menu.visible(&self.library).len() {
            return Vec::new();
        }
        menu.top = Some(top);
        if menu.selected != pos {
            menu.selected = pos;
            return Vec::new();
        }
        // The second click on it: what Enter does (a filter being typed is kept).
        menu.filtering = false;
        self.start_selected(now)
    }
}
