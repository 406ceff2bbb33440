//! The progress screen (`h` in the menu): a calendar of the days moved (a cell per day,
//! shaded by minutes with glyphs that read without colour, and a legend), the weekly
//! average stiffness before and after as sparklines, totals per routine with the day each
//! was last done, personal bests with their dates, and the streaks. As many weeks as fit
//! are shown (at least twelve at 80 columns). Pure drawing of the overview the shell
//! computed.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Sparkline, Widget};

use super::text::{fit, fit_line, width};
use super::{Theme, footer, hint};
use crate::app::{Msg, Progress};
use crate::history::best_text;
use crate::history::progress::{
    Overview, SHADE_WORDS, SHADES, WEEKDAYS, WeekStiffness, shade, tenths_text,
};
use crate::keymap::Context;
use crate::routine::duration::short;

/// Columns a week takes in the calendar (a glyph and a space).
const WEEK_W: u16 = 2;
/// The calendar's day labels and their gap.
const LABEL_W: u16 = 4;
/// The calendar's rows: its title, the months, a row per weekday, the legend.
const CALENDAR_H: u16 = 10;
/// The room kept for the stiffness chart beside the calendar.
const CHART_W: u16 = 40;
/// The fewest weeks the calendar shows when there is room for them.
const MIN_WEEKS: usize = 12;

pub(super) fn render(p: &Progress, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let room = usize::from(area.width);
    let [title, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let ctx = Context::Progress;
    footer(
        &[hint(
            ctx,
            &[Msg::Progress, Msg::Cancel],
            " ",
            "back to the menu",
        )],
        &[],
        theme,
        foot,
        buf,
    );
    let Some(o) = &p.overview else {
        Line::styled(" Progress", theme.title()).render(title, buf);
        Line::raw(fit(" No history to show yet.", room)).render(body, buf);
        return;
    };
    let streaks = format!(
        "streak {} · longest {} · {} session{} · {}",
        days(o.streak),
        days(o.longest),
        o.sessions,
        if o.sessions == 1 { "" } else { "s" },
        short(round_minutes(o.time)),
    );
    let head = Line::from(vec![
        Span::styled(" Progress", theme.title()),
        Span::raw(format!("  {streaks}")),
    ]);
    fit_line(head, room).render(title, buf);
    if o.sessions == 0 {
        let text = " No sessions yet: the calendar fills in as you do routines.";
        Line::raw(fit(text, room)).render(body, buf);
        return;
    }
    // The calendar and the stiffness chart side by side when both fit, the tables below.
    // A tall terminal gets taller stiffness bars.
    let bar_h: u16 = if body.height >= 30 { 3 } else { 1 };
    let top_h = CALENDAR_H.max(1 + 2 * bar_h + 1 + 3);
    let [top, _, bottom] = Layout::vertical([
        Constraint::Length(top_h),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(body);
    let weeks_fit = usize::from(top.width.saturating_sub(LABEL_W + 1 + CHART_W) / WEEK_W);
    let weeks = weeks_fit.clamp(MIN_WEEKS.min(o.weeks.len()), o.weeks.len());
    let cal_w = (LABEL_W + 1 + WEEK_W * weeks as u16).min(top.width);
    let [cal, _, chart] = Layout::horizontal([
        Constraint::Length(cal_w),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(top);
    calendar(o, weeks, theme, cal, buf);
    stiffness(o, weeks, bar_h, theme, chart, buf);
    let [routines, _, bests] = Layout::horizontal([
        Constraint::Percentage(55),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(bottom);
    routine_table(o, theme, routines, buf);
    match &o.plan {
        // With a plan: its weeks kept on top of the right column, the bests below them.
        Some(plan) => {
            let rows = plan_rows(plan, theme, usize::from(bests.width));
            let want = u16::try_from(rows.len()).unwrap_or(u16::MAX);
            let plan_h = want.min(bests.height.saturating_sub(3).max(bests.height / 2));
            let [top, _, rest] = Layout::vertical([
                Constraint::Length(plan_h),
                Constraint::Length(1),
                Constraint::Min(0),
            ])
            .areas(bests);
            // The latest weeks when not all fit (the title stays).
            let keep = usize::from(plan_h);
            let rows = if rows.len() > keep && keep >= 2 {
                let mut kept = vec![rows[0].clone()];
                kept.extend(rows[rows.len() - (keep - 1)..].iter().cloned());
                kept
            } else {
                rows
            };
            draw_rows(rows, top, buf);
            best_table(o, theme, rest, buf);
        }
        None => best_table(o, theme, bests, buf),
    }
}

/// The plan's weeks, a row each: planned against done and the percentage kept.
fn plan_rows(plan: &crate::plan::PlanKept, theme: &Theme, room: usize) -> Vec<Line<'static>> {
    let title = format!("Plan: {}", crate::text::escape(&plan.name));
    let mut rows = vec![Line::styled(fit(&title, room), theme.title())];
    if plan.weeks.is_empty() {
        rows.push(Line::raw("not started yet"));
    }
    for w in &plan.weeks {
        let percent = w
            .percent()
            .map_or_else(|| "  –".to_string(), |p| format!("{p:>3}%"));
        let row = format!(
            "week {:<2} {:<6} {:>3}/{:<3} {percent}{}",
            w.week,
            w.first.strftime("%b %-d").to_string(),
            w.done,
            w.planned,
            if w.current { " so far" } else { "" }
        );
        rows.push(Line::raw(fit(&row, room)));
    }
    rows
}

fn days(n: u32) -> String {
    format!("{n} day{}", if n == 1 { "" } else { "s" })
}

fn round_minutes(d: std::time::Duration) -> std::time::Duration {
    if d.as_secs() < 60 {
        return d;
    }
    std::time::Duration::from_secs((d.as_secs() + 30) / 60 * 60)
}

/// The calendar: a row per weekday, a column per week (the last `weeks`), and the legend.
fn calendar(o: &Overview, weeks: usize, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(first) = o
        .weeks
        .len()
        .checked_sub(weeks)
        .and_then(|i| o.weeks.get(i))
    else {
        return;
    };
    let start = first.monday;
    let label = format!("Days moved, {} weeks", weeks);
    let mut rows = vec![Line::styled(label, theme.title())];
    // The months over the columns: each name over the first week that starts in it,
    // where it does not run into the one before.
    let mut months = " ".repeat(usize::from(LABEL_W));
    for (i, w) in o.weeks[o.weeks.len() - weeks..].iter().enumerate() {
        let column = usize::from(LABEL_W) + usize::from(WEEK_W) * i;
        if w.monday.day() <= 7 && months.chars().count() <= column {
            let pad = column - months.chars().count();
            months.push_str(&" ".repeat(pad));
            months.push_str(&w.monday.strftime("%b").to_string());
        }
    }
    rows.push(Line::styled(months, theme.dim()));
    for (weekday, name) in WEEKDAYS {
        let mut spans = vec![Span::styled(format!("{name} "), theme.dim())];
        for (day, minutes) in o.days.iter().filter(|(d, _)| *d >= start) {
            if day.weekday() != weekday {
                continue;
            }
            let level = shade(*minutes);
            spans.push(Span::styled(SHADES[level], shade_style(theme, level)));
            spans.push(Span::raw(" "));
        }
        rows.push(Line::from(spans));
    }
    let mut legend = Vec::new();
    for (level, (glyph, words)) in SHADES.iter().zip(SHADE_WORDS).enumerate() {
        let gap = if level == 0 { "" } else { "  " };
        legend.push(Span::styled(
            format!("{gap}{glyph}"),
            shade_style(theme, level),
        ));
        legend.push(Span::styled(format!(" {words}"), theme.dim()));
    }
    rows.push(Line::from(legend));
    draw_rows(rows, area, buf);
}

/// Colour for a shade (the glyph alone carries it without colour).
fn shade_style(theme: &Theme, level: usize) -> Style {
    theme.shade(level)
}

/// The weekly average stiffness before and after as two labelled one-row sparklines (a
/// week with no answer leaves a gap; higher is stiffer), then the first and the latest
/// week with an answer in figures.
fn stiffness(o: &Overview, weeks: usize, bar_h: u16, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.width < 20 || area.height < 3 {
        return;
    }
    let shown = &o.weeks[o.weeks.len().saturating_sub(weeks)..];
    let [head, before_row, after_row, _, tail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(bar_h),
        Constraint::Length(bar_h),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    Line::styled("Stiffness, weekly average", theme.title()).render(head, buf);
    let room = usize::from(area.width);
    let answered: Vec<_> = shown
        .iter()
        .filter(|w| w.before.is_some() || w.after.is_some())
        .collect();
    if answered.is_empty() {
        let rows = vec![
            Line::styled("No check-ins yet: answer the question", theme.dim()),
            Line::styled("before and after a session (0 to 9).", theme.dim()),
        ];
        draw_rows(
            rows,
            Rect::new(before_row.x, before_row.y, before_row.width, 2),
            buf,
        );
        return;
    }
    for (row, name, pick, style) in [
        (before_row, "before", 0, theme.dim()),
        (after_row, "after", 1, theme.title()),
    ] {
        let [label, spark] =
            Layout::horizontal([Constraint::Length(7), Constraint::Min(0)]).areas(row);
        Line::styled(name, style).render(label, buf);
        // One column a week; the newest weeks when not all fit. The bar is never empty
        // for an answer of 0 (a low bar, not a gap).
        let data: Vec<Option<u64>> = shown
            .iter()
            .map(|w| [w.before, w.after][pick].map(|t| u64::from(t) + 5))
            .collect();
        let keep = usize::from(spark.width).min(data.len());
        Sparkline::default()
            .data(data[data.len() - keep..].to_vec())
            .max(95)
            .absent_value_symbol(" ")
            .style(if theme.color { style } else { Style::default() })
            .render(spark, buf);
    }
    let v = |t: Option<u16>| t.map_or_else(|| "?".to_string(), tenths_text);
    let week = |w: &WeekStiffness| {
        format!(
            "week of {}: {} → {}",
            w.monday.strftime("%b %-d"),
            v(w.before),
            v(w.after)
        )
    };
    let mut rows = vec![Line::styled("0 fine – 9 very stiff or sore", theme.dim())];
    if let (Some(first), Some(last)) = (answered.first(), answered.last()) {
        if answered.len() > 1 {
            rows.push(Line::raw(fit(&week(first), room)));
        }
        rows.push(Line::raw(fit(&week(last), room)));
    }
    draw_rows(rows, tail, buf);
}

/// Per routine: sessions, time, last done.
fn routine_table(o: &Overview, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let room = usize::from(area.width);
    let mut rows = vec![Line::styled("Routines", theme.title())];
    let name_w = o
        .routines
        .iter()
        .map(|t| width(&t.name))
        .max()
        .unwrap_or(0)
        .min(room.saturating_sub(26))
        .max(6);
    for t in &o.routines {
        let name = fit(&t.name, name_w);
        let pad = " ".repeat(name_w.saturating_sub(width(&name)));
        let text = format!(
            "{name}{pad} {:>4}× {:>9}  {}",
            t.sessions,
            short(round_minutes(t.time)),
            t.last.strftime("%b %-d")
        );
        rows.push(Line::raw(fit(&text, room)));
    }
    draw_rows(rows, area, buf);
}

/// Personal bests of open-ended holds, with the day each was set.
fn best_table(o: &Overview, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let room = usize::from(area.width);
    let mut rows = vec![Line::styled("Bests (open-ended holds)", theme.title())];
    if o.bests.is_empty() {
        rows.push(Line::styled("none yet", theme.dim()));
    }
    for b in &o.bests {
        let tail = format!(" {} · {}", best_text(b.held), b.on.strftime("%b %-d %Y"));
        let name = fit(&b.name, room.saturating_sub(width(&tail)));
        rows.push(Line::raw(fit(&format!("{name}{tail}"), room)));
    }
    draw_rows(rows, area, buf);
}

/// Lines from the top of `area`; what does not fit is counted on the last row.
fn draw_rows(rows: Vec<Line>, area: Rect, buf: &mut Buffer) {
    let max = usize::from(area.height);
    let room = usize::from(area.width);
    let more = rows.len().saturating_sub(max);
    let shown = if more > 0 { max.saturating_sub(1) } else { max };
    for (i, row) in rows.into_iter().take(shown).enumerate() {
        let y = area.y + i as u16;
        fit_line(row, room).render(Rect::new(area.x, y, area.width, 1), buf);
    }
    if more > 0 && max > 0 {
        let y = area.y + shown as u16;
        Line::raw(fit(&format!("… {} more", more + 1), room))
            .render(Rect::new(area.x, y, area.width, 1), buf);
    }
}
