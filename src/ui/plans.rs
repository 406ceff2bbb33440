//! The menu's plan picker (`P`), drawn as the menu's popups are ([`super::popup`]): each
//! shipped plan on two rows (its name, id and whether it is in use; then a line on it),
//! "No plan" last while one is followed, the highlighted plan in the selection's colours.
//! Below them, where there is room, what the highlighted plan is for. Where there is
//! not room for all the plans, the rows around the highlighted one. Each plan's
//! rows are a place a click takes it ([`Action::TakePlan`]). Pure drawing.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::text::{fit, pad, width, wrap};
use super::{Action, Hit, Theme, popup};
use crate::app::PlanPicker;

/// The widest the picker's rows are, in columns (wider terminals get a centred box).
const MOST: usize = 110;

/// Rows each plan takes.
const ROWS: usize = 2;

/// Draws the picker centred in `area`; returns where a click takes a plan.
pub(super) fn render(picker: &PlanPicker, theme: &Theme, area: Rect, buf: &mut Buffer) -> Vec<Hit> {
    let escape = |s: &str| crate::text::escape(s).into_owned();
    let name_of = |c: &crate::app::PlanChoice| {
        let mut first = format!("  {}", escape(&c.name));
        if let Some(id) = &c.id {
            first.push_str(&format!("  {}", escape(id)));
        }
        if c.in_use {
            first.push_str("  ✓ in use");
        }
        first
    };
    let natural = picker
        .choices
        .iter()
        .map(|c| width(&name_of(c)).max(width(&c.summary) + 4))
        .max()
        .unwrap_or(0);
    let room = natural
        .min(MOST)
        .min(usize::from(area.width.saturating_sub(4)));
    // As many plans as fit, from the first, or ending on the highlighted one.
    let fit_plans = (usize::from(area.height.saturating_sub(2)) / ROWS).max(1);
    let first = picker.selected.saturating_sub(fit_plans - 1);
    let shown: Vec<usize> = (first..picker.choices.len()).take(fit_plans).collect();
    let mut lines = Vec::new();
    for &i in &shown {
        let c = &picker.choices[i];
        let selected = i == picker.selected;
        let (name_style, about_style) = if selected {
            (theme.selected(), theme.selected())
        } else {
            (Style::new(), theme.dim())
        };
        let mark = if selected { "▸" } else { " " };
        let head = fit(&format!("{mark}{}", &name_of(c)[1..]), room);
        let about = fit(&format!("    {}", escape(&c.summary)), room);
        let mut head_spans = vec![Span::styled(pad(&head, room), name_style)];
        if c.in_use && !selected {
            // The mark in the question's colour on a row not highlighted.
            let cut = head.rfind("✓ in use").unwrap_or(head.len());
            head_spans = vec![
                Span::styled(head[..cut].to_string(), name_style),
                Span::styled(pad(&head[cut..], room - width(&head[..cut])), theme.key()),
            ];
        }
        lines.push(Line::from(head_spans));
        lines.push(Line::styled(pad(&about, room), about_style));
    }
    // What the highlighted plan is for, when every plan is shown and it fits too.
    let about = picker
        .choices
        .get(picker.selected)
        .map(|c| wrap(&escape(&c.about), room.saturating_sub(2), "  ", "  "))
        .unwrap_or_default();
    let free = usize::from(area.height.saturating_sub(2)).saturating_sub(lines.len());
    if shown.len() == picker.choices.len() && !about.is_empty() && about.len() < free {
        lines.push(Line::raw(""));
        lines.extend(about.into_iter().map(Line::raw));
    }
    let title = "Follow a plan";
    let rect = popup(title, lines, theme.title(), area, buf);
    let mut hits = Vec::new();
    let inner_y = rect.y.saturating_add(1);
    let bottom = rect.bottom().saturating_sub(1);
    for (k, &i) in shown.iter().enumerate() {
        let y = inner_y.saturating_add((k * ROWS) as u16);
        if y >= bottom {
            break;
        }
        let h = (ROWS as u16).min(bottom - y);
        hits.push(Hit {
            area: Rect::new(rect.x.saturating_add(1), y, rect.width.saturating_sub(2), h),
            action: Action::TakePlan(i),
        });
    }
    hits
}
