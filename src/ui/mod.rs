//! Drawing: `impl Widget for &App` and one module per screen. Key names in the help
//! overlay and footer hints come from `keymap`'s table. Read-only: the app is
//! given, already brought up to date by `update`; no clock, no I/O, no state changes.
//! Every screen renders at any size without panicking; below [`MIN_WIDTH`] ×
//! [`MIN_HEIGHT`] it asks for a bigger terminal instead.

mod bar;
pub mod digits;
mod menu;
mod session;
mod summary;
pub mod theme;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};

use crate::app::{App, Msg, Screen};
use crate::keymap::{self, Context};
pub use bar::Bar;
pub use theme::Theme;

/// Smallest terminal the screens are drawn in.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = Theme { color: self.color };
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small(area, buf);
            return;
        }
        match &self.screen {
            Screen::Menu(m) => menu::render(self, m, &theme, area, buf),
            Screen::Session(run) => session::render(self, run, &theme, area, buf),
            Screen::Summary(s) => summary::render(s, &theme, area, buf),
        }
        if self.help {
            help(self, &theme, area, buf);
        }
        scrub(area, buf);
    }
}

/// Takes out of the drawn cells any character a terminal acts on or lays out its own
/// way (`crate::text::is_unsafe`: U+2028 in a description left stale cells). ratatui
/// gave such a character no cell of its own, so dropping it keeps the layout true.
/// Routine files refuse these characters; this keeps any other text from reaching the
/// terminal raw.
fn scrub(area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            if cell.symbol().chars().any(crate::text::is_unsafe) {
                let kept: String = cell
                    .symbol()
                    .chars()
                    .filter(|&c| !crate::text::is_unsafe(c))
                    .collect();
                cell.set_symbol(if kept.is_empty() { " " } else { &kept });
            }
        }
    }
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let text = format!("Please enlarge the terminal (at least {MIN_WIDTH}×{MIN_HEIGHT})");
    let lines = (text.chars().count() as u16).div_ceil(area.width.max(1));
    let y = area.y + area.height.saturating_sub(lines) / 2;
    let inner = Rect::new(area.x, y, area.width, area.bottom() - y);
    Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

/// The footer: key hints on the left, `right` (sound) on the right, never overlapping.
fn footer(hints: &[(String, &str)], right: &str, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let right_w = (right.chars().count() as u16 + 1).min(area.width);
    let left = Rect::new(area.x, area.y, area.width - right_w, 1.min(area.height));
    // Hints that do not fit are left off whole, never cut or run into the right side.
    let room = usize::from(left.width.saturating_sub(1));
    let mut used = 1;
    let mut spans = vec![Span::raw(" ")];
    for (i, (key, what)) in hints.iter().enumerate() {
        let sep = if i > 0 { 3 } else { 0 };
        let w = sep + key.chars().count() + 1 + what.chars().count();
        if used + w > room {
            break;
        }
        used += w;
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(key.as_str(), theme.key()));
        spans.push(Span::raw(format!(" {what}")));
    }
    Line::from(spans).render(left, buf);
    let r = Rect::new(area.right() - right_w, area.y, right_w, 1.min(area.height));
    Line::styled(format!("{right} "), theme.dim())
        .alignment(Alignment::Right)
        .render(r, buf);
}

/// A bordered box centred in `area`, cleared, sized to its lines.
fn popup(title: &str, lines: Vec<Line<'_>>, style: Style, area: Rect, buf: &mut Buffer) {
    let width = lines
        .iter()
        .map(|l| l.width() as u16)
        .max()
        .unwrap_or(0)
        .max(title.chars().count() as u16 + 2)
        .saturating_add(4)
        .min(area.width);
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = area.centered(Constraint::Length(width), Constraint::Length(height));
    Clear.render(rect, buf);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(Line::styled(format!(" {title} "), style))
        .border_style(style);
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .render(rect, buf);
}

fn help(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    // The session's and summary's rows whatever sits on top of them (a question).
    let ctx = match app.screen {
        Screen::Menu(_) => Context::Menu,
        Screen::Session(_) => Context::Session,
        Screen::Summary(_) => Context::Summary,
    };
    let mut lines: Vec<Line> = keymap::help(ctx)
        .into_iter()
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!("{keys:<9}"), theme.key()),
                Span::raw(what),
            ])
        })
        .collect();
    lines.push(Line::styled("any key closes this", theme.dim()));
    popup("Keys", lines, theme.title(), area, buf);
}

/// A footer hint: the first key of each of `msgs` in `ctx` (from the key table) joined by
/// `join`, and what it does.
fn hint<'a>(ctx: Context, msgs: &[Msg], join: &str, what: &'a str) -> (String, &'a str) {
    (keymap::hint(ctx, msgs, join), what)
}
