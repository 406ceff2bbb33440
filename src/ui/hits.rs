//! The mouse: where a click means something on the frame last drawn (recorded by the
//! screens as they draw: the menu's routines, the plan picker's plans, the footer's hints) and the message it
//! stands for, so a click does exactly what the key does. The wheel moves through the
//! menu's list as the arrow keys do. Pure: given the app, the hit areas and the event.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use crate::app::{App, Msg, Screen};

/// A place on the screen a click acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub area: Rect,
    pub action: Action,
}

/// What a click on a [`Hit`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// What the hint's key sends (pause, skip, back, end, help, …).
    Send(Msg),
    /// The menu's routine at this position in the list shown (from the first row shown,
    /// the second): select it, or start it when it is selected already.
    Pick(usize, usize),
    /// The plan picker's row at this position: takes it.
    TakePlan(usize),
}

/// The message a mouse event stands for on a screen whose clickable places are `hits`.
pub fn msg_for_mouse(app: &App, hits: &[Hit], event: MouseEvent) -> Option<Msg> {
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            // Any key closes the help overlay; so does a click.
            if app.help {
                return Some(Msg::Help);
            }
            let at = Position::new(event.column, event.row);
            let hit = hits.iter().find(|h| h.area.contains(at))?;
            Some(match hit.action {
                Action::Send(msg) => msg,
                Action::Pick(pos, top) => Msg::Pick(pos, top),
                Action::TakePlan(pos) => Msg::TakePlan(pos),
            })
        }
        MouseEventKind::ScrollUp | MouseEventKind::ScrollDown
            if matches!(app.screen, Screen::Menu(_)) && !app.help && !app.is_asking() =>
        {
            Some(if event.kind == MouseEventKind::ScrollUp {
                Msg::Up
            } else {
                Msg::Down
            })
        }
        _ => None,
    }
}
