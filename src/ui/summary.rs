//! The summary: how the session went, step by step. Pure drawing.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::{fit, fit_line, width, wrap};
use super::{Theme, footer, hint};
use crate::app::Summary;
use crate::app::{Msg, QUESTION_AFTER};
use crate::history::best_text;
use crate::keymap::Context;
use crate::routine::duration::short;
use crate::session::Outcome;

pub(super) fn render(s: &Summary, theme: &Theme, area: Rect, buf: &mut Buffer) {
    // Notes (a record that could not be written) whole, wrapped, before the step list.
    let room = usize::from(area.width);
    // Then the check-in question while it is on, and what to mention to a professional.
    let question = format!("{QUESTION_AFTER} · 0–9 answers");
    let note_rows: Vec<(String, ratatui::style::Style)> = s
        .notes
        .iter()
        .map(|n| (n, theme.warning()))
        .chain(s.asking.then_some((&question, theme.question())))
        .chain(s.mentions.iter().map(|m| (m, theme.warning())))
        .flat_map(|(n, style)| {
            wrap(n, room.saturating_sub(1), " ", " ")
                .into_iter()
                .map(move |row| (row, style))
        })
        .collect();
    let notes = u16::try_from(note_rows.len()).unwrap_or(u16::MAX);
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
    // "— finished" whole; the routine's name in what is left.
    let how = format!(" — {how}");
    let name = fit(&s.routine_name, room.saturating_sub(width(&how) + 1));
    Line::from(vec![
        Span::styled(format!(" {name}"), theme.title()),
        Span::raw(how),
    ])
    .render(title, buf);
    let streak = match s.streak {
        0 => String::new(),
        1 => " · first day of a streak".to_string(),
        n => format!(" · {n} days in a row"),
    };
    let stiffness = s
        .stiffness
        .text()
        .map(|t| format!(" stiffness {t} ·"))
        .unwrap_or_default();
    // The check-in first: it is what a narrow screen must not cut.
    let facts_text = format!(
        "{stiffness} {} done · {} skipped{} · {} spent{streak}",
        s.done(),
        s.skipped(),
        s.hurt_words(),
        short(s.elapsed)
    );
    Line::raw(fit(&facts_text, room)).render(facts, buf);
    for (row, (text, style)) in note_rows.iter().enumerate() {
        let y = note_area.y + row as u16;
        if y < note_area.bottom() {
            let line = Rect::new(note_area.x, y, note_area.width, 1);
            Line::styled(text.as_str(), *style).render(line, buf);
        }
    }
    // Names are as wide as the longest (up to 32), but leave room for "done · 20 s".
    let longest = s.steps.iter().map(|(n, _)| width(n)).max().unwrap_or(0);
    let name_w = longest
        .min(32)
        .min(room.saturating_sub(3 + 4 + 2 + 18))
        .max(8);
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
                Outcome::Stopped { held } => (
                    "■",
                    format!("stopped here · {}", short(*held)),
                    theme.skipped(),
                ),
                Outcome::Pending => ("·", "not reached".to_string(), theme.dim()),
            };
            let name = fit(name, name_w);
            let pad = " ".repeat(name_w.saturating_sub(width(&name)));
            let mut line = Line::from(vec![
                Span::styled(format!(" {mark} "), style),
                Span::raw(format!("{:>2}. {name}{pad}  ", i + 1)),
                Span::styled(words, style),
            ]);
            if let Some((_, before)) = s.personal.iter().find(|(at, _)| *at == i) {
                let note = match before {
                    Some(best) if outcome.held() > *best => {
                        format!("  new best (was {})", best_text(*best))
                    }
                    Some(best) => format!("  best so far {}", best_text(*best)),
                    None => "  first time: your best so far".to_string(),
                };
                line.push_span(Span::styled(note, theme.title()));
            }
            fit_line(line, room)
        })
        .collect();
    // Steps that do not fit are counted on the last row rather than cut silently.
    let max = usize::from(list.height);
    let more = lines.len().saturating_sub(max);
    let shown = if more > 0 { max.saturating_sub(1) } else { max };
    for (i, line) in lines.into_iter().take(shown).enumerate() {
        let y = list.y + i as u16;
        line.render(Rect::new(list.x, y, list.width, 1), buf);
    }
    if more > 0 && max > 0 {
        let y = list.y + shown as u16;
        let text = format!(" … {} more steps", more + 1);
        Line::styled(fit(&text, room), theme.dim())
            .render(Rect::new(list.x, y, list.width, 1), buf);
    }
    let ctx = Context::Summary;
    let hints = if s.desk {
        vec![hint(ctx, &[Msg::Enter], "", "back to desk mode")]
    } else {
        vec![
            hint(ctx, &[Msg::Enter], "", "back to the menu"),
            hint(ctx, &[Msg::Quit], "", "quit"),
        ]
    };
    footer(&hints, &[], theme, foot, buf);
}
