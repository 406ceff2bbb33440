//! The session screen: routine and step, the exercise and its numbered cues, the phase in
//! words, the countdown in big digits, gauges for the step and the session, up next, the
//! safety notes, and on wide terminals the list of steps with their marks. Pure drawing.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Widget, Wrap};

use super::digits::{BigClock, Size};
use super::{Bar, Theme, footer, hint, popup};
use crate::app::{App, Msg, Running, SessionPrompt};
use crate::keymap::Context;
use crate::routine::TimeRange;
use crate::routine::duration::{clock, short};
use crate::session::{Outcome, Phase, Status};

/// Width from which the list of steps is shown beside the step.
const SIDEBAR_FROM: u16 = 100;

pub(super) fn render(app: &App, run: &Running, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let s = &run.status;
    let [header, _, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let step_of = format!("step {} of {} ", s.step + 1, s.steps);
    let [left, right] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(step_of.chars().count() as u16),
    ])
    .areas(header);
    Line::styled(format!(" {}", run.routine().name), theme.title()).render(left, buf);
    Line::styled(step_of, theme.title())
        .alignment(Alignment::Right)
        .render(right, buf);

    let main = if body.width >= SIDEBAR_FROM {
        let [main, side] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(32)]).areas(body);
        steps_list(run, theme, side, buf);
        main
    } else {
        body
    };
    step_pane(run, theme, main, buf);

    let ctx = Context::Session;
    let hints = if run.prompt.is_some() {
        vec![
            hint(Context::Question, &[Msg::Yes], "", "end"),
            hint(Context::Question, &[Msg::No], "", "go on"),
        ]
    } else if run.hurt.is_some() {
        vec![
            hint(ctx, &[Msg::Enter], "", "go on when ready"),
            hint(ctx, &[Msg::Skip], "", "skip"),
            hint(ctx, &[Msg::Quit], "", "end"),
        ]
    } else {
        let pause = if s.paused { "resume" } else { "pause" };
        vec![
            hint(ctx, &[Msg::TogglePause], "", pause),
            hint(ctx, &[Msg::Skip], "", "skip"),
            hint(ctx, &[Msg::Previous], "", "back"),
            hint(ctx, &[Msg::Restart], "", "restart"),
            hint(ctx, &[Msg::Longer, Msg::Shorter], "/", "time"),
            hint(ctx, &[Msg::Hurts], "", "hurts"),
            hint(ctx, &[Msg::Help], "", "help"),
            hint(ctx, &[Msg::Quit], "", "end"),
        ]
    };
    footer(&hints, &app.sound_label(), theme, foot, buf);

    if let Some(SessionPrompt::EndSession) = run.prompt {
        popup(
            "End the session?",
            vec![
                Line::raw("End the session now?"),
                Line::from(vec![
                    Span::styled("y", theme.key()),
                    Span::raw(" or "),
                    Span::styled("q", theme.key()),
                    Span::raw(" ends it, "),
                    Span::styled("n", theme.key()),
                    Span::raw(" goes on"),
                ]),
            ],
            theme.question(),
            body,
            buf,
        );
    }
}

/// The phase in words.
pub fn phase_words(run: &Running) -> String {
    let s = &run.status;
    if s.paused {
        return "Paused".to_string();
    }
    let side = s
        .side
        .and_then(|i| run.session.current_step().sides.get(i))
        .cloned();
    match s.phase {
        Phase::GetReady => "Get ready".to_string(),
        Phase::Hold => match &side {
            Some(side) => format!("Hold · {side}"),
            None => "Hold".to_string(),
        },
        Phase::OpenHold => match &side {
            Some(side) => format!("Hold · {side} · as long as is comfortable"),
            None => "Hold · as long as is comfortable".to_string(),
        },
        Phase::Rest => "Rest".to_string(),
        Phase::SwitchSides => format!("Switch sides: {}", side.unwrap_or_default()),
        Phase::WaitForUser => "Press Enter when done".to_string(),
        Phase::Alarm => "Time's up — press Enter".to_string(),
        Phase::Finished => "Finished".to_string(),
    }
}

fn step_pane(run: &Running, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let s = &run.status;
    let step = run.session.current_step();
    let cue_lines = step.cues.len() as u16 + step.safety.len() as u16;
    // Rows besides the clock: name, phase, gauge, gap, cues…, up next, session gauge.
    let fixed = 6 + cue_lines.min(3);
    let clock_text = run.shown_clock();
    let clock_h = [Size::Huge, Size::Large, Size::Small, Size::Text]
        .into_iter()
        .map(|sz| sz.height())
        .find(|h| fixed + h + 2 <= area.height)
        .unwrap_or(1);
    let [name, phase, _, big, _, gauge, _, notes, next, total] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(clock_h),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);

    let mut name_line = vec![Span::styled(format!(" {}", step.name), theme.title())];
    let mut extra = Vec::new();
    if s.reps > 1 {
        extra.push(format!("rep {} of {}", s.rep, s.reps));
    }
    if s.rounds > 1 {
        extra.push(format!("round {} of {}", s.round, s.rounds));
    }
    if !extra.is_empty() {
        name_line.push(Span::styled(
            format!("  {}", extra.join(" · ")),
            theme.dim(),
        ));
    }
    Line::from(name_line).render(name, buf);
    Line::styled(
        format!(" {}", phase_words(run)),
        theme.phase(s.phase, s.paused),
    )
    .render(phase, buf);

    // The clock region: the step-end flash first, then the alarm, then the digits.
    if let Some(flash) = &run.flash {
        let style = match flash.outcome {
            Outcome::Done { .. } => theme.band(Phase::Hold),
            Outcome::Painful { .. } => theme.band(Phase::Alarm),
            _ => theme.band(Phase::GetReady),
        };
        band(&flash.text, style, big, buf);
    } else if s.phase == Phase::Alarm && !s.paused {
        band(
            "Time's up — press Enter",
            theme.band(Phase::Alarm),
            big,
            buf,
        );
    } else {
        let digits = BigClock {
            text: &clock_text,
            style: theme.phase(s.phase, s.paused),
        };
        digits.render(big, buf);
    }

    step_gauge(s, theme, gauge, buf);

    if let Some(hurt) = &run.hurt {
        // The note takes the clock's place too: it matters more than the time now.
        let notes = Rect::new(notes.x, big.y, notes.width, notes.bottom() - big.y);
        Clear.render(notes, buf);
        let mut lines = vec![Line::styled(
            format!("{} stopped. Take care:", hurt.exercise),
            theme.painful(),
        )];
        for n in &hurt.notes {
            lines.push(Line::styled(format!("⚠ {n}"), theme.warning()));
        }
        lines.push(Line::raw(
            "Press Enter when you are ready to go on, n to skip.",
        ));
        let block = Block::bordered()
            .border_type(BorderType::Thick)
            .border_style(theme.painful())
            .title(" This hurts ");
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .render(inset(notes), buf);
    } else {
        let mut lines: Vec<Line> = step
            .cues
            .iter()
            .enumerate()
            .map(|(i, c)| Line::raw(format!("{}. {c}", i + 1)))
            .collect();
        for n in &step.safety {
            lines.push(Line::styled(format!("⚠ {n}"), theme.warning()));
        }
        if s.step == 0 {
            for n in &run.routine().safety {
                lines.push(Line::styled(format!("⚠ {n}"), theme.warning()));
            }
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inset(notes), buf);
    }

    let up_next = match run.routine().steps.get(s.step + 1) {
        Some(n) => format!(" Up next: {} · {}", n.name, n.timing_label()),
        None => " Up next: the end (last step)".to_string(),
    };
    Line::styled(up_next, theme.dim()).render(next, buf);
    session_gauge(s, theme, total, buf);
}

fn inset(area: Rect) -> Rect {
    Rect::new(
        area.x.saturating_add(1).min(area.right()),
        area.y,
        area.width.saturating_sub(2),
        area.height,
    )
}

/// A reverse-video band with centred text: seen from across the room, colour or not.
fn band(text: &str, style: Style, area: Rect, buf: &mut Buffer) {
    let area = inset(area);
    buf.set_style(area, style);
    let y = area.y + area.height.saturating_sub(1) / 2;
    let row = Rect::new(area.x, y, area.width, 1.min(area.height));
    Line::styled(text.to_string(), style)
        .alignment(Alignment::Center)
        .render(row, buf);
}

fn step_gauge(s: &Status, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let area = inset(area);
    let label = match (s.phase, s.length) {
        (Phase::Hold, Some(len)) if len.is_range() => match s.until_min {
            // Shown like the countdown (whole seconds rounded up): "in 9 s", "in 9:59".
            Some(left) => {
                let secs = left.as_nanos().div_ceil(1_000_000_000) as u64;
                if secs < 60 {
                    format!(" {len} · release in {secs} s")
                } else {
                    format!(" {len} · release in {}", clock(Duration::from_secs(secs)))
                }
            }
            None => format!(" {len} · you may release (Enter)"),
        },
        (_, Some(len)) => format!(" {}", TimeRange::fixed(len.max)),
        (Phase::OpenHold, None) => " counting up · Enter when done".to_string(),
        (Phase::WaitForUser, None) => " no timer · Enter when done".to_string(),
        (Phase::Alarm, None) => format!(" over by {}", clock(s.elapsed)),
        _ => String::new(),
    };
    let label_w = (label.chars().count() as u16).min(area.width / 2);
    let [bar_area, label_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(label_w)]).areas(area);
    if let Some(len) = s.length {
        let max = len.max.as_secs_f64().max(0.001);
        let bar = Bar {
            ratio: s.elapsed.as_secs_f64() / max,
            mark: len.is_range().then(|| len.min.as_secs_f64() / max),
            filled: theme.phase_color(s.phase, s.paused),
            empty: theme.dim(),
        };
        bar.render(bar_area, buf);
    }
    Line::styled(label, theme.dim()).render(label_area, buf);
}

fn session_gauge(s: &Status, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let area = inset(area);
    let left = s.session_remaining;
    let left_text = if left.is_range() && minutes(left.min) != minutes(left.max) {
        format!("{}–{} left", minutes(left.min), minutes(left.max))
    } else if left.is_range() {
        format!("{} left", minutes(left.max))
    } else {
        format!("{} left", clock(left.max))
    };
    let label = format!(" session · {left_text}");
    let label_w = (label.chars().count() as u16).min(area.width / 2);
    let [bar_area, label_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(label_w)]).areas(area);
    let total = s.session_elapsed + left.max;
    let bar = Bar {
        ratio: s.session_elapsed.as_secs_f64() / total.as_secs_f64().max(0.001),
        mark: None,
        filled: theme.dim(),
        empty: theme.dim(),
    };
    bar.render(bar_area, buf);
    Line::styled(label, theme.dim()).render(label_area, buf);
}

fn minutes(d: Duration) -> String {
    if d < Duration::from_secs(60) {
        short(d)
    } else {
        format!("{} min", d.as_secs().div_ceil(60))
    }
}

fn steps_list(run: &Running, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let block = Block::new()
        .borders(Borders::LEFT)
        .border_style(theme.dim())
        .title(Line::styled(" Steps", theme.title()));
    let inner = block.inner(area);
    block.render(area, buf);
    let current = run.status.step;
    let outcomes = run.session.outcomes();
    let height = inner.height as usize;
    let first = current.saturating_sub(height.saturating_sub(1) / 2);
    let lines: Vec<Line> = run
        .routine()
        .steps
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, step)| {
            let (mark, style) = if i == current && !run.session.is_finished() {
                ("▶", theme.title())
            } else {
                match outcomes.get(i).copied().unwrap_or_default() {
                    Outcome::Done { .. } => ("✓", theme.done()),
                    Outcome::Skipped { .. } => ("»", theme.skipped()),
                    Outcome::Painful { .. } => ("✗", theme.painful()),
                    Outcome::Pending => ("·", theme.dim()),
                }
            };
            Line::from(vec![
                Span::styled(format!(" {mark} "), style),
                Span::styled(step.name.clone(), style),
            ])
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}
