//! The menu: routines with steps, total time and equipment; a details pane with the
//! description, the steps and their timings, and the safety notes. Pure drawing.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::{Theme, footer, hint, popup};
use crate::app::{App, Menu, Msg};
use crate::keymap::Context;
use crate::routine::{Routine, duration::approx_total};

/// The line everyone sees before starting.
pub const DISCLAIMER: &str =
    "Not medical advice. Stop anything that hurts; see a professional for lasting pain.";

/// The last `room` characters of `text`, after an ellipsis when some are left out.
fn tail(text: &str, room: usize) -> String {
    let count = text.chars().count();
    if count <= room {
        return text.to_string();
    }
    let skip = count - room + 1;
    std::iter::once('…')
        .chain(text.chars().skip(skip))
        .collect()
}

/// Rows the notices take, each on its own lines, wrapped whole: at least one (the
/// status line), at most [`NOTICE_ROWS`].
fn notice_rows(notices: &[String], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows: usize = notices
        .iter()
        .map(|n| (n.chars().count() + 1).div_ceil(width))
        .sum();
    u16::try_from(rows)
        .unwrap_or(u16::MAX)
        .clamp(1, NOTICE_ROWS)
}

/// The most rows the notices may take from the list.
const NOTICE_ROWS: u16 = 4;

pub(super) fn render(app: &App, menu: &Menu, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let [header, body, status, disclaimer, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(notice_rows(&app.notices, area.width)),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut head = vec![Span::styled(" backease", theme.title())];
    head.push(Span::styled("  pick a routine", theme.dim()));
    if menu.filtering || !menu.filter.is_empty() {
        head.push(Span::raw("   filter: "));
        // Only the end of a long filter fits, and only what fits is laid out: drawing
        // all of a pasted 6,000-character filter at every key made typing quadratic.
        let room = usize::from(header.width).saturating_sub(32).max(8);
        head.push(Span::styled(
            format!("/{}", tail(&menu.filter, room)),
            theme.key(),
        ));
        if menu.filtering {
            head.push(Span::styled("▏", theme.key()));
        }
    }
    Line::from(head).render(header, buf);

    let visible = menu.visible(&app.library);
    let wide = body.width >= 90;
    let (list_area, details_area) = if wide {
        let [l, d] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(body);
        (l, d)
    } else {
        let rows = (visible.len() as u16 + 1).min(body.height / 2).max(2);
        let [l, d] = Layout::vertical([Constraint::Length(rows), Constraint::Min(0)]).areas(body);
        (l, d)
    };
    list(app, menu, &visible, theme, list_area, buf);
    if let Some(routine) = menu
        .selected_routine(&app.library)
        .and_then(|i| app.library.routines.get(i))
    {
        let block = if wide {
            Block::new()
                .borders(Borders::LEFT)
                .border_style(theme.dim())
        } else {
            Block::new().borders(Borders::TOP).border_style(theme.dim())
        };
        let inner = block.inner(details_area);
        block.render(details_area, buf);
        details(app, routine, theme, inner, buf);
    }

    // A question shows only in its popup (below); the status lines keep the notices,
    // each whole on its own lines (joined on one line, a second was cut off mid-sentence).
    let notices: Vec<Line> = app
        .notices
        .iter()
        .map(|n| Line::styled(format!(" {n}"), theme.warning()))
        .collect();
    Paragraph::new(notices)
        .wrap(Wrap { trim: false })
        .render(status, buf);
    Line::styled(format!(" {DISCLAIMER}"), theme.dim()).render(disclaimer, buf);
    let hints = if menu.prompt.is_some() {
        vec![
            hint(Context::Question, &[Msg::Yes], "", "yes"),
            hint(Context::Question, &[Msg::No], "", "no"),
        ]
    } else if menu.filtering {
        vec![
            // Any character: not a key of the table.
            ("type".to_string(), "to filter"),
            hint(Context::Typing, &[Msg::Enter], "", "start"),
            hint(Context::Typing, &[Msg::Cancel], "", "clear"),
        ]
    } else {
        let ctx = Context::Menu;
        vec![
            hint(ctx, &[Msg::Up, Msg::Down], "", "move"),
            hint(ctx, &[Msg::Enter], "", "start"),
            hint(ctx, &[Msg::Filter], "", "filter"),
            hint(ctx, &[Msg::Help], "", "help"),
            hint(ctx, &[Msg::Quit], "", "quit"),
        ]
    };
    footer(&hints, &app.sound_label(), theme, foot, buf);
    if let Some(prompt) = &menu.prompt {
        popup(
            "Before you start",
            vec![Line::raw(prompt.question())],
            theme.question(),
            body,
            buf,
        );
    }
}

fn list(app: &App, menu: &Menu, visible: &[usize], theme: &Theme, area: Rect, buf: &mut Buffer) {
    if visible.is_empty() {
        Line::styled("  No routine matches the filter.", theme.dim()).render(area, buf);
        return;
    }
    let height = area.height.max(1) as usize;
    let first = menu.selected.saturating_sub(height - 1);
    let name_w = visible
        .iter()
        .filter_map(|i| app.library.routines.get(*i))
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(28);
    for (row, (pos, index)) in visible
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .enumerate()
    {
        let Some(r) = app.library.routines.get(*index) else {
            continue;
        };
        let total = total_label(r, app);
        let equipment = r.equipment().join(", ");
        let text = format!(
            " {:<name_w$}  {:>2} steps  {:>9}  {}",
            truncate(&r.name, name_w),
            r.steps.len(),
            total,
            equipment
        );
        let style = if pos == menu.selected {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        let line_area = Rect::new(area.x, area.y + row as u16, area.width, 1);
        if pos == menu.selected {
            buf.set_style(line_area, style);
        }
        Line::styled(text, style).render(line_area, buf);
    }
}

fn total_label(r: &Routine, app: &App) -> String {
    let mut total = approx_total(r.total(app.config.lead_in));
    if r.has_untimed() {
        total.push('+');
    }
    total
}

fn details(app: &App, r: &Routine, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let mut lines = vec![Line::styled(r.name.clone(), theme.title())];
    if !r.description.is_empty() {
        lines.push(Line::raw(r.description.clone()));
    }
    let equipment = r.equipment();
    let mut facts = format!("{} steps · {}", r.steps.len(), total_label(r, app));
    if !equipment.is_empty() {
        facts.push_str(&format!(" · needs {}", equipment.join(", ")));
    }
    lines.push(Line::styled(facts, theme.dim()));
    lines.push(Line::default());
    for (i, s) in r.steps.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::raw(format!("{:>2}. {}", i + 1, s.name)),
            Span::styled(format!("  {}", s.timing_label()), theme.dim()),
        ]));
    }
    let notes: Vec<&String> = r.safety.iter().collect();
    if !notes.is_empty() {
        lines.push(Line::default());
        for n in notes {
            lines.push(Line::styled(format!("⚠ {n}"), theme.warning()));
        }
    }
    let mut step_notes: Vec<&String> = Vec::new();
    for n in r.steps.iter().flat_map(|s| &s.safety) {
        if !step_notes.contains(&n) {
            step_notes.push(n);
        }
    }
    for n in step_notes {
        lines.push(Line::styled(format!("⚠ {n}"), theme.warning()));
    }
    let inner = Rect::new(
        area.x.saturating_add(1).min(area.right()),
        area.y,
        area.width.saturating_sub(1),
        area.height,
    );
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}
