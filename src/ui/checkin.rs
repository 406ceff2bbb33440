//! The check-in question before the first step: the routine's name, the question, the
//! seconds until the session starts by itself, and the keys. Pure drawing.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::text::{fit, wrap};
use super::{Theme, footer, hint};
use crate::app::{CheckIn, Msg, QUESTION};
use crate::keymap::Context;

pub(super) fn render(ask: &CheckIn, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let room = usize::from(area.width);
    let [title, _, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    Line::styled(fit(&format!(" {}", ask.name), room), theme.title()).render(title, buf);
    let left = ask.left;
    let lines = vec![
        Line::styled(format!(" {QUESTION}"), theme.question()),
        Line::raw(""),
        Line::from(vec![
            Span::styled(" 0–9", theme.key()),
            Span::raw(" answers · "),
            Span::styled("Enter", theme.key()),
            Span::raw(" skips · the session starts by itself"),
            Span::styled(format!(" in {left} s"), theme.dim()),
        ]),
        Line::raw(""),
    ];
    // Wrapped here, each line indented like the others (the paragraph's own wrap lost
    // the indent of every line after the first).
    let mut lines = lines;
    lines.extend(
        wrap(
            "Optional: it lets the progress screen (h in the menu) show whether your back \
             feels better after than before.",
            room.saturating_sub(1),
            " ",
            " ",
        )
        .into_iter()
        .map(|l| Line::styled(l, theme.dim())),
    );
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(body, buf);
    let ctx = Context::CheckIn;
    let hints = if ask.desk {
        vec![
            hint(ctx, &[Msg::Enter], "", "skip"),
            hint(ctx, &[Msg::Cancel], "", "back to desk mode"),
        ]
    } else {
        vec![
            hint(ctx, &[Msg::Enter], "", "skip"),
            hint(ctx, &[Msg::Cancel], "", "back to the menu"),
            hint(ctx, &[Msg::Quit], "", "quit"),
        ]
    };
    footer(&hints, &[], theme, foot, buf);
}
