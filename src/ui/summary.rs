//! The summary: how the session went, step by step. Pure drawing.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{Theme, footer, hint};
use crate::app::Msg;
use crate::app::Summary;
use crate::keymap::Context;
use crate::routine::duration::short;
use crate::session::Outcome;

pub(super) fn render(s: &Summary, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let notes = u16::try_from(s.notes.len()).unwrap_or(u16::MAX);
    let [title, facts, note_area, _, list, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(notes),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let how = if s.finished {
        "finished"
    } else {
        "ended early"
    };
    Line::from(vec![
        Span::styled(format!(" {}", s.routine_name), theme.title()),
        Span::raw(format!(" — {how}")),
    ])
    .render(title, buf);
    let streak = match s.streak {
        0 => String::new(),
        1 => " · first day of a streak".to_string(),
        n => format!(" · {n} days in a row"),
    };
    Line::raw(format!(
        " {} done · {} skipped · {} spent{streak}",
        s.done(),
        s.skipped(),
        short(s.elapsed)
    ))
    .render(facts, buf);
    let note_lines: Vec<Line> = s
        .notes
        .iter()
        .map(|n| Line::styled(format!(" {n}"), theme.warning()))
        .collect();
    Paragraph::new(note_lines).render(note_area, buf);
    let name_w = s
        .steps
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(0)
        .min(32);
    let lines: Vec<Line> = s
        .steps
        .iter()
        .enumerate()
        .map(|(i, (name, outcome))| {
            let (mark, words, style) = match outcome {
                Outcome::Done { held } => ("✓", format!("done · {}", short(*held)), theme.done()),
                Outcome::Skipped { held } if !held.is_zero() => (
                    "»",
                    format!("ended early · {}", short(*held)),
                    theme.skipped(),
                ),
                Outcome::Skipped { .. } => ("»", "skipped".to_string(), theme.skipped()),
                Outcome::Painful { .. } => ("✗", "stopped: it hurt".to_string(), theme.painful()),
                Outcome::Pending => ("·", "not reached".to_string(), theme.dim()),
            };
            let mut line = Line::from(vec![
                Span::styled(format!(" {mark} "), style),
                Span::raw(format!("{:>2}. {name:<name_w$}  ", i + 1)),
                Span::styled(words, style),
            ]);
            if let Some((_, before)) = s.personal.iter().find(|(at, _)| *at == i) {
                let note = match before {
                    Some(best) if outcome.held() > *best => {
                        format!("  new best (was {})", short(*best))
                    }
                    Some(best) => format!("  best so far {}", short(*best)),
                    None => "  first time: your best so far".to_string(),
                };
                line.push_span(Span::styled(note, theme.title()));
            }
            line
        })
        .collect();
    Paragraph::new(lines).render(list, buf);
    let ctx = Context::Summary;
    footer(
        &[
            hint(ctx, &[Msg::Enter], "", "back to the menu"),
            hint(ctx, &[Msg::Quit], "", "quit"),
        ],
        "",
        theme,
        foot,
        buf,
    );
}
