//! The session screen: routine and step, the phase in words (with the side, and
//! "Paused" beside it, never instead of it), the countdown in big digits (none for an
//! untimed step), the side in big letters ([`banner`]), gauges for the step and the
//! session, the exercise's description (early during a get-ready, where the person reads
//! it before the step) and numbered cues, the safety notes, up next, and on wide terminals the list of steps with
//! their marks. What must always show and what gives way first on a small terminal is
//! decided in [`plan`]; text that does not fit is cut with `…` ([`super::text`]). Pure
//! drawing.

pub(crate) mod banner;
mod gauges;
mod plan;
pub mod ticking;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Padding, Widget};

use super::digits::Size;
use super::figure;
use super::text::{clip, fit, fit_line, width, wrap};
use super::{Hint, Hit, Theme, footer_hits, hint, popup, sound_labels};
use crate::app::{App, Msg, Running, SessionPrompt};
use crate::keymap::Context;
use crate::session::{Outcome, Phase};
use plan::{Needs, cue_rows};
pub use ticking::{Face, Ticking};

/// Width from which the list of steps is shown beside the step.
const SIDEBAR_FROM: u16 = 100;

/// Draws the session screen; returns where the parts that change with time alone were
/// drawn (see [`ticking`]) and where the footer's hints are (a click sends their key).
pub(super) fn render(
    app: &App,
    run: &Running,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) -> (Ticking, Vec<Hit>) {
    let [header, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);

    let ctx = Context::Session;
    let hints: Vec<Hint> = if run.prompt.is_some() {
        vec![
            hint(Context::Question, &[Msg::Yes], "", "end"),
            hint(Context::Question, &[Msg::No], "", "go on"),
        ]
    } else {
        // Only the keys that do something now, from the key table.
        // Enter must stay only where it is the way on (a step that waits for it); where
        // it only shortens something ("start now", "release") it gives way first.
        crate::keymap::session_hint_rows(run)
            .into_iter()
            .map(|(msgs, join, what)| {
                let mut h = hint(ctx, msgs, join, what);
                if msgs == [Msg::Enter] && matches!(what, "start now" | "release") {
                    h.keep = false;
                }
                // Going on now (start now, release) and skipping go ahead of the sound's
                // longer forms: the state keeps its shortest form beside them, or moves
                // up to the header. (Pause goes first, as everywhere.)
                if msgs.contains(&Msg::Enter) || msgs.contains(&Msg::Skip) {
                    h.before_state = true;
                    h.rank = 1;
                }
                h
            })
            .collect()
    };
    let sound = sound_labels(app);
    // The sound's state moves up beside "step 1 of 5" when the hints need the footer.
    let (placed, hits) = footer_hits(&hints, &sound, theme, foot, buf);
    let moved = placed.is_none().then_some(sound.as_slice());
    header_line(run, moved, theme, header, buf);

    let main = if body.width >= SIDEBAR_FROM {
        let [main, side] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(32)]).areas(body);
        steps_list(run, theme, side, buf);
        main
    } else {
        body
    };
    let ticking = step_pane(app, run, theme, main, buf);

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
    (ticking, hits)
}

/// " Morning mix            step 1 of 5": the step count, then the routine's name, and
/// when the footer had no room for it the sound's state. When all three do not fit, the
/// count shortens to "1/5" and the sound's state to its short form before the name is
/// cut (and then it keeps 12 columns).
fn header_line(
    run: &Running,
    sound: Option<&[String]>,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let s = &run.status;
    let room = usize::from(area.width);
    let name = &run.routine().name;
    let counts = [
        format!("step {} of {}", s.step + 1, s.steps),
        format!("{}/{}", s.step + 1, s.steps),
    ];
    let rights: Vec<String> = match sound {
        None => counts.to_vec(),
        Some(forms) => counts
            .iter()
            .flat_map(|c| forms.iter().map(move |f| format!("{c} · {f}")))
            .collect(),
    };
    // Leading space, the name (whole if a shorter right side allows, else at least 12
    // columns of it), a gap, trailing space.
    let fits = |keep: usize| {
        rights
            .iter()
            .find(|r| 1 + keep + 2 + width(r) < room)
            .cloned()
    };
    let name_keeps = width(name).min(12);
    let right = fits(width(name))
        .or_else(|| fits(name_keeps))
        .unwrap_or_else(|| rights.last().cloned().unwrap_or_default());
    let right = format!(
        "{} ",
        fit(&right, room.saturating_sub(1 + name_keeps + 2 + 1))
    );
    let right_w = width(&right);
    let name = fit(name, room.saturating_sub(right_w + 2));
    let [left, r] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(u16::try_from(right_w).unwrap_or(area.width)),
    ])
    .areas(area);
    Line::styled(format!(" {name}"), theme.title()).render(left, buf);
    Line::styled(right, theme.title())
        .alignment(Alignment::Right)
        .render(r, buf);
}

/// The phase in words, with its side: "Hold · left", "Switch sides: right", "Rest".
/// And a detail that may give way ("as long as is comfortable").
/// The first of the words is the whole; a get-ready that changes position has a shorter
/// second form without where to go, for when the side would not fit beside it.
fn phase_words(run: &Running) -> (Vec<String>, Option<&'static str>) {
    let s = &run.status;
    let step = run.session.current_step();
    let side = s.side.and_then(|i| step.sides.get(i)).cloned();
    let with_side = |words: &str| match &side {
        Some(side) => format!("{words} · {side}"),
        None => words.to_string(),
    };
    // Where to go, when this step is somewhere else than the one before.
    let moving = run.routine().move_to(s.step).map(|p| lower_first(p.go()));
    match s.phase {
        Phase::GetReady => match moving {
            Some(go) => (
                vec![
                    with_side(&format!("Get ready: {go}")),
                    with_side("Get ready"),
                ],
                None,
            ),
            None => (vec![with_side("Get ready")], None),
        },
        Phase::Hold => (vec![with_side("Hold")], None),
        Phase::OpenHold => (vec![with_side("Hold")], Some("as long as is comfortable")),
        Phase::Rest => (vec![with_side("Rest")], None),
        Phase::SwitchSides => (vec![step.change_label(&side.unwrap_or_default())], None),
        Phase::WaitForUser => match moving {
            Some(go) => (
                vec![
                    format!("{} · Press Enter when done", capitalized(&go)),
                    "Press Enter when done".to_string(),
                ],
                None,
            ),
            None => (vec!["Press Enter when done".to_string()], None),
        },
        Phase::Alarm => (vec!["Time's up — press Enter".to_string()], None),
        Phase::Finished => (vec!["Finished".to_string()], None),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// " Hold · left · Paused · as long as is comfortable": the phase and side always, then
/// "Paused" when it is, then the detail if it fits whole.
fn phase_line(run: &Running, theme: &Theme, room: usize) -> Line<'static> {
    let s = &run.status;
    let (forms, detail) = phase_words(run);
    let paused = if s.paused { 9 } else { 0 };
    let words = forms
        .iter()
        .find(|w| 1 + width(w) + paused <= room)
        .or(forms.last())
        .cloned()
        .unwrap_or_default();
    let mut spans = vec![
        Span::raw(" "),
        Span::styled(words, theme.phase(s.phase, false)),
    ];
    if s.paused {
        spans.push(Span::styled(" · ", theme.dim()));
        spans.push(Span::styled("Paused", theme.phase(s.phase, true)));
    }
    // A key pressed as the step changed was held back: say so, or it seems ignored.
    if let Some(key) = run
        .held_back
        .and_then(|m| crate::keymap::keys(Context::Session, m).into_iter().next())
    {
        spans.push(Span::styled(" · ", theme.dim()));
        spans.push(Span::styled(
            format!("{key} held back (the step had just changed): press again"),
            theme.key(),
        ));
    }
    if let Some(detail) = detail {
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        if used + 3 + width(detail) <= room {
            spans.push(Span::styled(format!(" · {detail}"), theme.dim()));
        }
    }
    fit_line(Line::from(spans), room)
}

/// What the clock's place shows.
enum ClockView {
    Digits,
    Band(String, Style),
    /// An untimed step: no digits (a clock would only show a made-up 00:00).
    NoTimer,
}

fn clock_view(run: &Running, theme: &Theme) -> ClockView {
    let s = &run.status;
    if let Some(flash) = &run.flash {
        ClockView::Band(flash.text.clone(), theme.band(flash.phase))
    } else if s.phase == Phase::Alarm {
        ClockView::Band(
            "Time's up — press Enter".to_string(),
            theme.band(Phase::Alarm),
        )
    } else if s.phase == Phase::WaitForUser {
        ClockView::NoTimer
    } else {
        ClockView::Digits
    }
}

fn step_pane(app: &App, run: &Running, theme: &Theme, area: Rect, buf: &mut Buffer) -> Ticking {
    let s = &run.status;
    let step = run.session.current_step();
    let room = usize::from(area.width.saturating_sub(2));

    let description = if step.description.is_empty() {
        Vec::new()
    } else {
        wrap(&step.description, room, "", "")
    };
    let cues: Vec<Vec<String>> = step
        .cues
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mark = format!("{}. ", i + 1);
            let indent = " ".repeat(width(&mark));
            wrap(c, room, &mark, &indent)
        })
        .collect();
    let mut safety: Vec<String> = Vec::new();
    let routine_notes = if s.step == 0 && run.routine_notes {
        run.routine().safety.as_slice()
    } else {
        &[]
    };
    for n in step.safety.iter().chain(routine_notes) {
        safety.extend(wrap(n, room, "⚠ ", "  "));
    }
    let untimed = s.phase == Phase::WaitForUser;
    let view = clock_view(run, theme);
    // The clock's sizes come from the digits even under a band, so a flash never moves
    // anything; an untimed step has one row.
    let sizes: Vec<u16> = if untimed {
        vec![1]
    } else {
        Size::ladder(&run.shown_clock(), area.width)
            .into_iter()
            .map(Size::height)
            .collect()
    };
    // The side in big letters, when it fits the width.
    let side_label = s.side.and_then(|i| step.sides.get(i));
    let banner_text = side_label.and_then(|l| banner::text_for(l, area.width.saturating_sub(2)));
    // The figure: the pose for this phase and side, in the frame of all the step's
    // pictures (so nothing jumps when it changes), as many rows as the width allows.
    let pose = match s.phase {
        Phase::Alarm | Phase::Finished => None,
        _ if run.hurt.is_some() => None,
        _ => crate::figure::keyframe(step, s.phase, s.side),
    };
    let pictures = crate::figure::pictures(step);
    let frame = crate::figure::frame(pictures.iter().map(|(_, p)| p));
    let figure_rows = match &pose {
        Some(_) => {
            let most = figure::rows_in(&frame, area.width.saturating_sub(2), figure::MAX_ROWS);
            if most >= figure::MIN_ROWS {
                (figure::MIN_ROWS, most)
            } else {
                (0, 0)
            }
        }
        None => (0, 0),
    };
    let needs = Needs {
        figure: figure_rows,
        safety: safety.len(),
        cues: cues.iter().map(Vec::len).collect(),
        description: description.len(),
        clock: sizes,
        gauge: !untimed,
        banner: if banner_text.is_some() {
            banner::HEIGHT
        } else {
            0
        },
        description_first: s.phase == Phase::GetReady,
    };
    let p = plan::plan(area.height, &needs);
    let rows = p.rows().map(Constraint::Length);
    let [
        _,
        name,
        phase,
        banner_area,
        figure_area,
        _,
        big,
        _,
        gauge,
        _,
        desc_area,
        cue_area,
        safety_area,
        filler,
        next,
        total,
    ] = Layout::vertical(rows).areas(area);

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
    fit_line(Line::from(name_line), usize::from(name.width)).render(name, buf);
    phase_line(run, theme, usize::from(phase.width)).render(phase, buf);
    if let Some(text) = &banner_text
        && banner_area.height > 0
    {
        banner::render(
            text,
            theme.phase(s.phase, s.paused),
            inset(banner_area),
            buf,
        );
    }

    if let Some(pose) = &pose
        && figure_area.height > 0
    {
        figure::Figure {
            pose,
            frame,
            dots: app.dots,
        }
        .render(inset(figure_area), buf);
    }

    let ticking = Ticking {
        clock: matches!(view, ClockView::Digits).then_some(big),
        gauge: (gauge.height > 0).then(|| inset(gauge)),
        total: (total.height > 0).then(|| inset(total)),
    };
    match &view {
        ClockView::Band(text, style) => band(text, *style, big, buf),
        ClockView::NoTimer => {
            let style = theme.phase(s.phase, s.paused);
            Line::styled(fit("no timer", room), style)
                .alignment(Alignment::Center)
                .render(inset(big), buf);
        }
        ClockView::Digits => {}
    }
    // The clock and the gauges, drawn the same way when only they are redrawn.
    ticking::render(run, theme, &ticking, buf);

    let description = clip(description, usize::from(desc_area.height), room);
    draw_rows(&description, Style::new(), desc_area, buf);
    draw_rows(
        &cue_block(&cues, usize::from(cue_area.height), room),
        Style::new(),
        cue_area,
        buf,
    );
    let safety_rows = clip(safety, usize::from(safety_area.height), room);
    draw_rows(&safety_rows, theme.warning(), safety_area, buf);

    if let Some(hurt) = &run.hurt {
        // The note takes the clock's place too: it matters more than the time now.
        let top = big.y;
        let panel = Rect::new(area.x, top, area.width, filler.bottom().saturating_sub(top));
        hurt_panel(&hurt.exercise, &hurt.notes, theme, panel, buf);
    }

    if next.height > 0 {
        let up_next = match run.routine().steps.get(s.step + 1) {
            Some(n) => format!(" Up next: {} · {}", n.name, n.timing_label()),
            None => " Up next: the end (last step)".to_string(),
        };
        Line::styled(fit(&up_next, usize::from(next.width)), theme.dim()).render(next, buf);
    }
    ticking
}

/// The cues' rows in `budget`: whole cues, and "… N more" for those left out; or the
/// first cue cut with `…` when not even it fits.
fn cue_block(cues: &[Vec<String>], budget: usize, room: usize) -> Vec<String> {
    let counts: Vec<usize> = cues.iter().map(Vec::len).collect();
    let (whole, _) = cue_rows(&counts, budget);
    if whole == 0 {
        return cues
            .first()
            .map(|c| clip(c.clone(), budget, room))
            .unwrap_or_default();
    }
    let mut rows: Vec<String> = cues[..whole].iter().flatten().cloned().collect();
    let more = cues.len() - whole;
    if more > 0 {
        let word = if more == 1 { "cue" } else { "cues" };
        rows.push(fit(&format!("… {more} more {word}"), room));
    }
    rows
}

fn draw_rows(rows: &[String], style: Style, area: Rect, buf: &mut Buffer) {
    let area = inset(area);
    for (i, row) in rows.iter().enumerate().take(usize::from(area.height)) {
        let y = area.y + i as u16;
        Line::styled(row.as_str(), style).render(Rect::new(area.x, y, area.width, 1), buf);
    }
}

/// "This hurts": the exercise, its safety notes and how to go on, in place of the clock
/// and the cues; boxed when there is room for the box.
fn hurt_panel(exercise: &str, notes: &[String], theme: &Theme, area: Rect, buf: &mut Buffer) {
    let area = inset(area);
    Clear.render(area, buf);
    let boxed = |room: usize| {
        let mut rows: Vec<(String, Style)> = Vec::new();
        let head = format!("{exercise} stopped. Take care:");
        rows.extend(
            wrap(&head, room, "", "")
                .into_iter()
                .map(|r| (r, theme.painful())),
        );
        for n in notes {
            rows.extend(
                wrap(n, room, "⚠ ", "  ")
                    .into_iter()
                    .map(|r| (r, theme.warning())),
            );
        }
        let go_on = "Press Enter when you are ready to go on, n to skip.";
        rows.extend(
            wrap(go_on, room, "", "")
                .into_iter()
                .map(|r| (r, Style::new())),
        );
        rows
    };
    // Inside the border, a column of space each side.
    let inner_room = usize::from(area.width.saturating_sub(4));
    let rows = boxed(inner_room);
    let (inner, rows) = if rows.len() + 2 <= usize::from(area.height) {
        // As tall as its words.
        let area = Rect::new(area.x, area.y, area.width, rows.len() as u16 + 2);
        let block = Block::bordered()
            .border_type(BorderType::Thick)
            .border_style(theme.painful())
            .padding(Padding::horizontal(1))
            .title(" This hurts ");
        let inner = block.inner(area);
        block.render(area, buf);
        (inner, rows)
    } else {
        (area, boxed(usize::from(area.width)))
    };
    let max = usize::from(inner.height);
    let cut = rows.len() > max;
    for (i, (row, style)) in rows.iter().take(max).enumerate() {
        let last = cut && i + 1 == max;
        let row = if last {
            super::text::mark_cut(row, usize::from(inner.width))
        } else {
            row.clone()
        };
        let y = inner.y + i as u16;
        Line::styled(row, *style).render(Rect::new(inner.x, y, inner.width, 1), buf);
    }
}

fn inset(area: Rect) -> Rect {
    Rect::new(
        area.x.saturating_add(1).min(area.right()),
        area.y,
        area.width.saturating_sub(2),
        area.height,
    )
}

/// A reverse-video band with centred text (wrapped when it has the rows): seen from
/// across the room, colour or not.
fn band(text: &str, style: Style, area: Rect, buf: &mut Buffer) {
    let area = inset(area);
    buf.set_style(area, style);
    let room = usize::from(area.width);
    let rows = clip(wrap(text, room, "", ""), usize::from(area.height), room);
    let top = area.y + area.height.saturating_sub(rows.len() as u16) / 2;
    for (i, row) in rows.into_iter().enumerate() {
        let y = top + i as u16;
        Line::styled(row, style)
            .alignment(Alignment::Center)
            .render(Rect::new(area.x, y, area.width, 1), buf);
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
    let height = usize::from(inner.height);
    let steps = &run.routine().steps;
    let first = current
        .saturating_sub(height.saturating_sub(1) / 2)
        .min(steps.len().saturating_sub(height));
    let room = usize::from(inner.width);
    for (row, (i, step)) in steps
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .enumerate()
    {
        let (mark, style) = if i == current && !run.session.is_finished() {
            ("▶", theme.title())
        } else {
            match outcomes.get(i).copied().unwrap_or_default() {
                Outcome::Done { .. } => ("✓", theme.done()),
                Outcome::Skipped { .. } => ("»", theme.skipped()),
                Outcome::Painful { .. } => ("✗", theme.painful()),
                Outcome::Pending | Outcome::Stopped { .. } => ("·", theme.dim()),
            }
        };
        // Steps above or below the window are counted rather than cut silently.
        let hidden_above = row == 0 && first > 0;
        let hidden_below = row + 1 == height && first + height < steps.len();
        let line = if hidden_above {
            Line::styled(format!(" ↑ {} more", first + 1), theme.dim())
        } else if hidden_below {
            Line::styled(
                format!(" ↓ {} more", steps.len() - first - height + 1),
                theme.dim(),
            )
        } else {
            Line::from(vec![
                Span::styled(format!(" {mark} "), style),
                Span::styled(step.name.clone(), style),
            ])
        };
        let y = inner.y + row as u16;
        fit_line(line, room).render(Rect::new(inner.x, y, inner.width, 1), buf);
    }
}
