//! The menu: routines with steps, total time and equipment, favourites first and marked
//! `*`, the "can do now" filter named in the header; a details pane with the description
//! (and, in the rows its words leave, a small figure per step, as many as fit),
//! the steps with their timings and exercise descriptions (as much as fits), and the
//! safety notes. Pure drawing.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use super::figure;
use super::text::{clip, fit, fit_line, fit_tail, mark_cut, width, wrap};
use super::{Action, Hint, Hit, Theme, footer_hits, hint, popup, sound_labels};
use crate::app::{App, Menu, Msg};
use crate::keymap::{self, Context};
use crate::routine::{Routine, duration::approx_total};

/// The line everyone sees before starting.
pub const DISCLAIMER: &str =
    "Not medical advice. Stop anything that hurts; see a professional for lasting pain.";

/// The disclaimer in a few words, for terminals too narrow for all of it on two rows.
const DISCLAIMER_SHORT: &str = "Not medical advice. Stop anything that hurts.";

/// The disclaimer's rows: the whole line on one or two rows, else the short one wrapped.
fn disclaimer_rows(room: usize) -> Vec<String> {
    let full = wrap(DISCLAIMER, room, "", "");
    if full.len() <= 2 {
        full
    } else {
        wrap(DISCLAIMER_SHORT, room, "", "")
    }
}

/// Draws the menu; returns where a click means something (the routines, the hints).
pub(super) fn render(
    app: &App,
    menu: &Menu,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) -> Vec<Hit> {
    let room = usize::from(area.width.saturating_sub(1));
    let hints = if menu.prompt.is_some() {
        vec![
            hint(Context::Question, &[Msg::Yes], "", "yes"),
            hint(Context::Question, &[Msg::No], "", "no"),
        ]
    } else if menu.plans.is_some() {
        vec![
            hint(Context::Plans, &[Msg::Up, Msg::Down], "", "move"),
            hint(Context::Plans, &[Msg::Enter], "", "take"),
            // The way out stays at any width, as a question's answers do.
            Hint {
                keep: true,
                ..hint(Context::Plans, &[Msg::Cancel], "", "close")
            },
            hint(Context::Plans, &[Msg::Help], "", "help"),
        ]
    } else if menu.filtering {
        vec![
            // Any character: not a key of the table.
            Hint {
                key: "type".to_string(),
                what: "to filter".to_string(),
                keep: false,
                before_state: false,
                msgs: Vec::new(),
                rank: 0,
            },
            hint(Context::Typing, &[Msg::Enter], "", "start"),
            hint(Context::Typing, &[Msg::Cancel], "", "clear"),
        ]
    } else {
        // Ranked in the keymap's table: the most used stay longest.
        keymap::MENU_HINTS
            .iter()
            .map(|(msgs, what, rank)| Hint {
                keep: *rank == 0,
                before_state: *rank <= keymap::MENU_HINTS_BEFORE_STATE,
                rank: *rank,
                ..hint(Context::Menu, msgs, "", what)
            })
            .collect()
    };
    let foot = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    let sound = sound_labels(app);
    let (placed, mut hits) = footer_hits(&hints, &sound, theme, foot, buf);
    // The notices (and the sound's state in full when the footer had no room for it, or
    // room only for a shorter form of a note or of why there is no sound, unless a notice
    // says it already), wrapped on up to three rows; the disclaimer whole on one or two.
    let mut notices: Vec<String> = app
        .notices
        .iter()
        .chain(&app.plan_problem)
        .chain(&app.passing)
        .cloned()
        .collect();
    let worth_a_row = app.sound_note.is_some() || app.audio.off.is_some();
    if (placed.is_none() || (placed != Some(0) && worth_a_row))
        && let Some(full) = sound.into_iter().next()
        && !notices.iter().any(|n| n.contains(&full))
    {
        notices.push(full);
    }
    // Each notice whole on its own lines (joined on one line, a second was cut off
    // mid-sentence), up to four rows.
    let notice_rows: Vec<String> = notices.iter().flat_map(|n| wrap(n, room, "", "")).collect();
    let notice_rows = clip(notice_rows, 4, room);
    let disclaimer = disclaimer_rows(room);
    let gap = u16::from(area.height >= 16);
    // Today's part of the plan in use, under the title; no row at all without a plan.
    let today = app.today.as_ref().map(|t| t.line(false));
    let [header, today_area, _, body, status, disclaimer_area, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(today.is_some())),
        Constraint::Length(gap),
        Constraint::Min(2),
        Constraint::Length(notice_rows.len() as u16),
        Constraint::Length(disclaimer.len() as u16),
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
            format!("/{}", fit_tail(&menu.filter, room)),
            theme.key(),
        ));
        if menu.filtering {
            head.push(Span::styled("▏", theme.key()));
        }
    }
    if let Some(label) = menu.picks.can_do.label() {
        head.push(Span::raw("   showing: "));
        head.push(Span::styled(label, theme.key()));
    }
    fit_line(Line::from(head), usize::from(header.width)).render(header, buf);
    if let Some(today) = &today {
        let line = Line::from(vec![
            Span::styled(" Today: ", theme.key()),
            Span::raw(crate::text::escape(today).into_owned()),
        ]);
        fit_line(line, usize::from(today_area.width)).render(today_area, buf);
    }

    let visible = menu.visible(&app.library);
    let wide = body.width >= 90;
    let (list_area, details_area) = if wide {
        // The list takes what its rows need (the equipment whole), from 55% of the width
        // up to all but 40 columns, which the details keep.
        let need = u16::try_from(list_width(app, &visible)).unwrap_or(u16::MAX);
        let least = body.width * 55 / 100;
        let most = body.width.saturating_sub(40).max(least);
        let [l, d] = Layout::horizontal([
            Constraint::Length(need.max(least).min(most)),
            Constraint::Min(0),
        ])
        .areas(body);
        (l, d)
    } else {
        let rows = (visible.len() as u16 + 1).min(body.height / 2).max(2);
        let [l, d] = Layout::vertical([Constraint::Length(rows), Constraint::Min(0)]).areas(body);
        (l, d)
    };
    hits.extend(list(app, menu, &visible, theme, list_area, buf));
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

    // A question shows only in its popup (below); the status line keeps the notices.
    draw_rows(&notice_rows, theme.warning(), status, buf);
    draw_rows(&disclaimer, theme.dim(), disclaimer_area, buf);
    if let Some(prompt) = &menu.prompt {
        popup(
            "Before you start",
            vec![Line::raw(prompt.question())],
            theme.question(),
            body,
            buf,
        );
    }
    if let Some(picker) = &menu.plans {
        // Over everything but the footer; the routines under it take no clicks.
        hits.retain(|h| !matches!(h.action, Action::Pick(..)));
        let over = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));
        hits.extend(super::plans::render(picker, theme, over, buf));
    }
    hits
}

/// Rows of text from the second column, one style.
fn draw_rows(rows: &[String], style: ratatui::style::Style, area: Rect, buf: &mut Buffer) {
    for (i, row) in rows.iter().enumerate().take(usize::from(area.height)) {
        let y = area.y + i as u16;
        let r = Rect::new(
            area.x + 1.min(area.width),
            y,
            area.width.saturating_sub(1),
            1,
        );
        Line::styled(row.as_str(), style).render(r, buf);
    }
}

/// Draws the list; returns each routine's row, to click on.
/// The columns the list's rows need with nothing cut: the name (up to 28), the steps, the
/// total and the equipment whole (see [`list`]), and a column before the details.
fn list_width(app: &App, visible: &[usize]) -> usize {
    let routines = || visible.iter().filter_map(|i| app.library.routines.get(*i));
    let name_w = routines()
        .map(|r| width(&r.name))
        .max()
        .unwrap_or(0)
        .min(28);
    let equipment = routines()
        .map(|r| width(&r.equipment().join(", ")))
        .max()
        .unwrap_or(0);
    1 + name_w + 10 + 2 + 10 + 2 + equipment + 1
}

fn list(
    app: &App,
    menu: &Menu,
    visible: &[usize],
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) -> Vec<Hit> {
    let mut hits = Vec::new();
    if visible.is_empty() {
        let why = match menu.picks.can_do.label() {
            Some(label) => format!("  No routine matches ({label}); f shows more."),
            None => "  No routine matches the filter.".to_string(),
        };
        Line::styled(fit(&why, usize::from(area.width)), theme.dim()).render(area, buf);
        return hits;
    }
    // When not every routine fits, the last row says how many more there are.
    let all_fit = visible.len() <= usize::from(area.height);
    let height = (area.height.max(1) as usize - usize::from(!all_fit)).max(1);
    // Where a click left the list, while the selection is in view there; else the
    // selection on the last row.
    let first = match menu.top {
        Some(top) if (top..top + height).contains(&menu.selected) => top,
        _ => menu.selected.saturating_sub(height - 1),
    };
    let name_w = visible
        .iter()
        .filter_map(|i| app.library.routines.get(*i))
        .map(|r| width(&r.name))
        .max()
        .unwrap_or(0)
        .min(28);
    // Narrow: the step count goes first (the details say it), then names are cut; the
    // total stays whole. Widths: lead 1, gaps 2, "12 steps" 8, total 10 ("34–40 min+").
    let room = usize::from(area.width);
    let with_steps = 1 + name_w.min(16) + 2 + 8 + 2 + 10 <= room;
    let fixed = 1 + 2 + 10 + if with_steps { 2 + 8 } else { 0 };
    let name_w = name_w.min(room.saturating_sub(fixed)).max(6);
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
        let name = fit(&r.name, name_w);
        let pad = " ".repeat(name_w.saturating_sub(width(&name)));
        let steps = if with_steps {
            match r.steps.len() {
                1 => "   1 step ".to_string(),
                n => format!("  {n:>2} steps"),
            }
        } else {
            String::new()
        };
        let mark = if menu.picks.is_favourite(&r.id) {
            "*"
        } else {
            " "
        };
        let text = format!("{mark}{name}{pad}{steps}  {total:>10}  {equipment}");
        let text = text.trim_end();
        let text = fit(text, usize::from(area.width));
        let style = if pos == menu.selected {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        let line_area = Rect::new(area.x, area.y + row as u16, area.width, 1);
        hits.push(Hit {
            area: line_area,
            action: Action::Pick(pos, first),
        });
        if pos == menu.selected {
            buf.set_style(line_area, style);
        }
        Line::styled(text, style).render(line_area, buf);
    }
    if !all_fit && area.height > 1 {
        let above = first;
        let below = visible.len().saturating_sub(first + height);
        let text = match (above, below) {
            (0, n) => format!("  ↓ {n} more"),
            (n, 0) => format!("  ↑ {n} more"),
            (a, b) => format!("  ↑ {a} more · ↓ {b} more"),
        };
        let y = area.y + height as u16;
        Line::styled(fit(&text, usize::from(area.width)), theme.dim())
            .render(Rect::new(area.x, y, area.width, 1), buf);
    }
    hits
}

fn total_label(r: &Routine, app: &App) -> String {
    let mut total = approx_total(r.total(app.config.lead_ins()));
    if r.has_untimed() {
        total.push('+');
    }
    total
}

/// How much of each step's description the details show.
#[derive(Clone, Copy, PartialEq, Eq)]
enum StepText {
    /// Wrapped whole.
    Whole,
    /// One row each, cut with `…`.
    OneRow,
    None,
}

/// The selected routine: name, description, facts, steps (each with its exercise's
/// description, whole when everything fits, else one row each, else none) and safety
/// notes, wrapped; when they do not all fit, the last row shown ends in `…`.
fn details(app: &App, r: &Routine, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let inner = Rect::new(
        area.x.saturating_add(1).min(area.right()),
        area.y,
        area.width.saturating_sub(1),
        area.height,
    );
    let room = usize::from(inner.width);
    let max = usize::from(inner.height);
    let rows = [StepText::Whole, StepText::OneRow, StepText::None]
        .into_iter()
        .map(|how| details_rows(app, r, theme, room, how))
        .reduce(|fits, next| if fits.len() <= max { fits } else { next })
        .unwrap_or_default();
    let cut = rows.len() > max;
    let used = rows.len().min(max);
    for (i, row) in rows.into_iter().take(max).enumerate() {
        let row = if cut && i + 1 == max {
            let style = row.spans.first().map(|s| s.style).unwrap_or_default();
            let plain: String = row.spans.iter().map(|s| s.content.as_ref()).collect();
            Line::styled(mark_cut(&plain, room), style)
        } else {
            row
        };
        let y = inner.y + i as u16;
        fit_line(row, room).render(Rect::new(inner.x, y, inner.width, 1), buf);
    }
    // Below the words, when rows are left: a small figure per step, as many as fit.
    let left = u16::try_from(max - used).unwrap_or(0);
    if left > figure::MIN_ROWS {
        let rows = (left - 1).min(figure::MIN_ROWS + 2);
        let strip = Rect::new(inner.x, inner.y + inner.height - rows, inner.width, rows);
        step_figures(app, r, strip, buf);
    }
}

/// Each step's figure (the shape held, on its first side) left to right, as many as fit
/// the strip's width: at least the first step's.
fn step_figures(app: &App, r: &Routine, strip: Rect, buf: &mut Buffer) {
    let mut x = strip.x;
    for step in &r.steps {
        let side = (!step.sides.is_empty()).then_some(0);
        let Some(pose) = crate::figure::keyframe(step, crate::session::Phase::Hold, side) else {
            continue;
        };
        let pictures = crate::figure::pictures(step);
        let frame = crate::figure::frame(pictures.iter().map(|(_, p)| p));
        let w = figure::columns_for(&frame, strip.height);
        if x.saturating_add(w) > strip.right() {
            break;
        }
        figure::Figure {
            pose: &pose,
            frame,
            dots: app.dots,
        }
        .render(Rect::new(x, strip.y, w, strip.height), buf);
        x = x.saturating_add(w + 2);
    }
}

/// The details' rows at `room` columns, with the steps' descriptions as `how` says.
fn details_rows(
    app: &App,
    r: &Routine,
    theme: &Theme,
    room: usize,
    how: StepText,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(r.name.clone(), theme.title())];
    if !r.description.is_empty() {
        lines.push(Line::raw(r.description.clone()));
    }
    let equipment = r.equipment();
    let steps = match r.steps.len() {
        1 => "1 step".to_string(),
        n => format!("{n} steps"),
    };
    let mut facts = format!("{steps} · {}", total_label(r, app));
    if !equipment.is_empty() {
        facts.push_str(&format!(" · needs {}", equipment.join(", ")));
    }
    lines.push(Line::styled(facts, theme.dim()));
    lines.push(Line::default());
    // Rows already wrapped, by the index of the line they stand for.
    let mut wrapped: Vec<(usize, Vec<String>)> = Vec::new();
    for (i, s) in r.steps.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::raw(format!("{:>2}. {}", i + 1, s.name)),
            Span::styled(format!("  {}", s.timing_label()), theme.dim()),
        ]));
        let text = match how {
            _ if s.description.is_empty() => continue,
            StepText::Whole => wrap(&s.description, room, "    ", "    "),
            StepText::OneRow => vec![fit(&format!("    {}", s.description), room)],
            StepText::None => continue,
        };
        wrapped.push((lines.len(), text));
        lines.push(Line::default());
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
    // Each line wrapped in its first span's style (the steps' timings keep theirs when
    // the line fits); a step's description goes in as the rows it was wrapped to.
    let mut rows: Vec<Line> = Vec::new();
    for (k, line) in lines.into_iter().enumerate() {
        if let Some((_, text)) = wrapped.iter().find(|(at, _)| *at == k) {
            rows.extend(text.iter().map(|t| Line::styled(t.clone(), theme.dim())));
            continue;
        }
        if line.width() <= room {
            rows.push(line);
            continue;
        }
        let style = line.spans.first().map(|s| s.style).unwrap_or_default();
        let plain: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        // A step's number keeps its column; its wrapped rows line up under the name.
        let step = plain.split_once(". ").is_some_and(|(n, _)| {
            !n.trim().is_empty() && n.trim().chars().all(|c| c.is_ascii_digit())
        });
        let (first, rest) = if plain.starts_with("⚠ ") {
            ("⚠ ", "  ")
        } else if step && plain.starts_with(' ') {
            (" ", "    ")
        } else if step {
            ("", "    ")
        } else {
            ("", "")
        };
        let body = plain.strip_prefix(first).unwrap_or(&plain);
        for row in wrap(body, room, first, rest) {
            rows.push(Line::styled(row, style));
        }
    }
    rows
}
