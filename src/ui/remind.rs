//! The reminder's one calm screen (`backease remind`): when the next break is, how long
//! the person has been sitting, today's breaks, the routine it will offer, the working
//! hours, a few notes, and the keys. Help and the pause choice open over it. Read-only:
//! drawn from a [`Reminder`] already brought up to date; its `now` is the last update's,
//! so the widget reads no clock. Key names come from `keymap::REMIND`.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};

use super::digits::{BigClock, Size};
use super::text::{fit, width, wrap};
use super::{MIN_HEIGHT, MIN_WIDTH, Theme};
use crate::keymap::{self, PAUSE_FOR, REASONS};
use crate::remind::schedule::{State, span};
use crate::remind::screen::{Key, Overlay, Reminder, until, words};

/// The reminder and whether to use colour.
pub struct View<'a> {
    pub reminder: &'a Reminder,
    pub color: bool,
    pub background: crate::prefs::Background,
}

impl Widget for &View<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = Theme::new(self.color, self.background);
        let r = self.reminder;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            Paragraph::new(format!(
                "Please enlarge the terminal (at least {MIN_WIDTH}×{MIN_HEIGHT})"
            ))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .render(area, buf);
            return;
        }
        let room = usize::from(area.width.saturating_sub(2));
        let mut y = area.y;
        let put = |line: Line<'static>, buf: &mut Buffer, y: &mut u16| {
            if *y < area.bottom().saturating_sub(2) {
                buf.set_line(area.x + 1, *y, &line, area.width.saturating_sub(2));
                *y += 1;
            }
        };
        // Title row: name on the left, the day and time on the right.
        let tz = r.schedule.time_zone().clone();
        let local = r.now.to_zoned(tz.clone());
        let mut clock = local.strftime("%a %-d %b · %H:%M").to_string();
        let mut name = "backease · desk mode";
        if width(name) + width(&clock) + 1 > room {
            clock = local.strftime("%H:%M").to_string();
        }
        if width(name) + width(&clock) + 1 > room {
            name = "backease";
        }
        let gap = room.saturating_sub(width(name) + width(&clock)).max(1);
        put(
            Line::from(vec![
                Span::styled(name, theme.title()),
                Span::raw(" ".repeat(gap)),
                Span::raw(clock),
            ]),
            buf,
            &mut y,
        );
        put(Line::styled("─".repeat(room), theme.dim()), buf, &mut y);
        let tall = area.height >= 20;
        if tall {
            y += 1;
        }

        // The headline: what is going on, and a second line about when.
        let at = |t: jiff::Timestamp| {
            let z = t.to_zoned(tz.clone());
            if z.date() == local.date() {
                z.strftime("%H:%M").to_string()
            } else {
                z.strftime("%a %H:%M").to_string()
            }
        };
        let (head, sub, style) = match r.state() {
            State::Waiting { due } => (
                format!("Next break in {}", until(r.now, due)),
                format!("at {}", at(due)),
                theme.title(),
            ),
            State::Due { since, snoozes } => (
                "Time for a break — stand up".to_string(),
                match snoozes {
                    0 => format!("due since {}", at(since)),
                    n => format!("due since {} · snoozed {n}×", at(since)),
                },
                due_window(&theme),
            ),
            State::OnBreak { since } => (
                "On a break".to_string(),
                format!("since {}", at(since)),
                theme.title(),
            ),
            State::Paused { until: end } => (
                "Reminders paused".to_string(),
                format!(
                    "until {} · {} left · {} resumes",
                    at(end),
                    until(r.now, end),
                    keymap::remind_key_name(Key::Pause)
                ),
                theme.title(),
            ),
            State::OutsideHours { next } => (
                "Outside working hours".to_string(),
                match next {
                    Some(n) => format!("next break {}", at(n)),
                    None => "no break due in the next two weeks".to_string(),
                },
                theme.title(),
            ),
        };
        let centred = |text: &str, style: Style| {
            let text = fit(text, room);
            let pad = room.saturating_sub(width(&text)) / 2;
            Line::from(vec![Span::raw(" ".repeat(pad)), Span::styled(text, style)])
        };
        let due = match r.state() {
            State::Due { since, .. } => Some(span(since, r.now)),
            _ => None,
        };
        if let Some(for_how_long) = due {
            // Unmissable from across the room: "STAND UP" and how long it has been due
            // in big letters, then the words, with the window in the due colour.
            let how_long = words(for_how_long).to_uppercase();
            let bottom = area.bottom().saturating_sub(2);
            // Room for the words' line and the routine it offers.
            let rows = bottom.saturating_sub(y).saturating_sub(2);
            let each = Rect::new(area.x + 1, 0, area.width.saturating_sub(2), rows / 2);
            let (a, b) = (Size::fitting(BIG_DUE, each), Size::fitting(&how_long, each));
            let size = if a.height() <= b.height() { a } else { b };
            for text in [BIG_DUE, how_long.as_str()] {
                if size == Size::Text || y + size.height() > bottom {
                    break;
                }
                let big = BigClock { text, style };
                (&big).render(Rect::new(each.x, y, each.width, size.height()), buf);
                y += size.height();
                if rows >= 2 * size.height() + 8 {
                    y += 1;
                }
            }
            let line = format!("Time for a break · {sub}");
            put(centred(&line, Style::new()), buf, &mut y);
        } else {
            put(centred(&format!(" {head} "), style), buf, &mut y);
            put(centred(&sub, Style::new()), buf, &mut y);
        }
        if due.is_none() || area.height >= 20 {
            y += 1;
        }

        // The facts, as label and value.
        let saved = r.schedule.saved();
        let rules = r.schedule.rules();
        let day = saved.day;
        let sitting = saved.sitting_since.0;
        let routine = match r.offer() {
            Some(o) => format!("{} · {}", o.name, o.length),
            None => "none".to_string(),
        };
        let mut rows = [
            (
                "Sitting since",
                format!("{} ({})", at(sitting), words(span(sitting, r.now))),
            ),
            (
                "Breaks today",
                format!(
                    "{} taken · {} due · {} snoozed · {} skipped",
                    day.taken, day.due, day.snoozed, day.skipped
                ),
            ),
            ("Break routine", routine),
            (
                "Working hours",
                format!(
                    "{} · every {} · snooze {}",
                    rules.hours,
                    words(rules.interval),
                    words(rules.snooze)
                ),
            ),
        ];
        if due.is_some() {
            // What Enter starts comes first when the room is short.
            rows.swap(0, 2);
        }
        for (label, value) in rows {
            let value = fit(&value, room.saturating_sub(18));
            put(
                Line::from(vec![
                    Span::styled(format!("  {label:<15} "), theme.dim()),
                    Span::raw(value),
                ]),
                buf,
                &mut y,
            );
        }
        y += 1;
        for note in r.notes.iter().chain(&r.idle_note) {
            for row in wrap(note, room.saturating_sub(2), "  ", "    ") {
                put(Line::styled(row, theme.dim()), buf, &mut y);
            }
        }

        footer(r, &theme, area, buf);
        if due.is_some() {
            buf.set_style(area, due_window(&theme));
        }
        match r.overlay {
            Overlay::None => {}
            Overlay::Help => {
                let rows: Vec<(String, String)> = keymap::remind_help()
                    .into_iter()
                    .map(|(k, w)| (k, w.to_string()))
                    .collect();
                popup("Keys", &rows, &theme, area, buf);
            }
            Overlay::Pause => {
                let mut rows: Vec<(String, String)> = PAUSE_FOR
                    .iter()
                    .map(|(_, p)| {
                        (
                            keymap::remind_key_name(Key::PauseFor(*p)),
                            p.label().to_string(),
                        )
                    })
                    .collect();
                rows.push((keymap::remind_key_name(Key::Cancel), "cancel".to_string()));
                popup("Pause reminders for", &rows, &theme, area, buf);
            }
            Overlay::Reason => {
                let rows: Vec<(String, String)> = REASONS
                    .iter()
                    .map(|(_, r)| {
                        (
                            keymap::remind_key_name(Key::Reason(*r)),
                            r.label().to_string(),
                        )
                    })
                    .chain([("other".to_string(), "no answer".to_string())])
                    .collect();
                popup("Why? (optional)", &rows, &theme, area, buf);
            }
        }
    }
}

/// The big words over a due break.
const BIG_DUE: &str = "STAND UP";

/// The whole window while a break is due: the due headline's style (the theme's
/// warning colour, reversed), so the window itself changes colour.
fn due_window(theme: &Theme) -> Style {
    theme
        .warning()
        .add_modifier(ratatui::style::Modifier::REVERSED)
}

/// The keys that do something in this state, in the order shown. When the row is short
/// the words shorten first ("start break" → "start") and the gaps narrow, then the least
/// needed give way (while a break is due: pause, help, then skip; otherwise skip, pause,
/// help, snooze, Enter); quit always stays.
fn footer(r: &Reminder, theme: &Theme, area: Rect, buf: &mut Buffer) {
    // (key, what, what when short, rank: lower stays longer)
    let mut hints: Vec<(Key, &str, &str, u8)> = match r.state() {
        State::Due { .. } => vec![
            (Key::Start, "start break", "start", 1),
            (Key::Snooze, "snooze", "snooze", 2),
            (Key::Skip, "skip", "skip", 3),
            (Key::Pause, "pause", "pause", 5),
            (Key::Help, "help", "help", 4),
        ],
        State::Waiting { .. } => vec![
            (Key::Start, "break now", "break", 2),
            (Key::Skip, "skip", "skip", 5),
            (Key::Pause, "pause", "pause", 4),
            (Key::Help, "help", "help", 3),
        ],
        State::Paused { .. } => vec![
            (Key::Start, "break now", "break", 2),
            (Key::Pause, "resume", "resume", 1),
            (Key::Help, "help", "help", 3),
        ],
        State::OutsideHours { .. } => vec![
            (Key::Start, "break now", "break", 2),
            (Key::Pause, "pause", "pause", 4),
            (Key::Help, "help", "help", 3),
        ],
        State::OnBreak { .. } => vec![(Key::Help, "help", "help", 3)],
    };
    hints.push((Key::Quit, "quit", "quit", 0));
    let room = usize::from(area.width.saturating_sub(2));
    let cost = |h: &[(Key, &str, &str, u8)], short: bool, gap: usize| -> usize {
        h.iter()
            .map(|(k, w, s, _)| {
                width(&keymap::remind_key_name(*k)) + 1 + width(if short { s } else { w }) + gap
            })
            .sum::<usize>()
            .saturating_sub(gap)
    };
    let fits = |h: &[(Key, &str, &str, u8)]| {
        [(false, " · "), (true, " · "), (true, "  ")]
            .into_iter()
            .find(|(short, gap)| cost(h, *short, width(gap)) <= room)
    };
    let mut way = fits(&hints);
    while way.is_none() {
        let Some(worst) = hints
            .iter()
            .enumerate()
            .filter(|(_, h)| h.3 > 0)
            .max_by_key(|(_, h)| h.3)
            .map(|(i, _)| i)
        else {
            break;
        };
        hints.remove(worst);
        way = fits(&hints);
    }
    let (short, gap) = way.unwrap_or((true, "  "));
    let mut spans = Vec::new();
    for (i, (k, w, s, _)) in hints.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(gap, theme.dim()));
        }
        spans.push(Span::styled(keymap::remind_key_name(*k), theme.key()));
        spans.push(Span::raw(format!(" {}", if short { s } else { w })));
    }
    let y = area.bottom().saturating_sub(1);
    buf.set_line(
        area.x + 1,
        y,
        &Line::from(spans),
        area.width.saturating_sub(2),
    );
}

/// A box in the middle with a title and key rows.
fn popup(title: &str, rows: &[(String, String)], theme: &Theme, area: Rect, buf: &mut Buffer) {
    let key_w = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let text_w = rows.iter().map(|(_, w)| width(w)).max().unwrap_or(0);
    let w = (key_w + text_w + 6).max(width(title) + 4) as u16;
    let w = w.min(area.width);
    let h = (rows.len() as u16 + 2).min(area.height);
    let x = area.x + (area.width - w) / 2;
    let y = area.y + (area.height - h) / 2;
    let rect = Rect::new(x, y, w, h);
    Clear.render(rect, buf);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(Span::styled(format!(" {title} "), theme.title()));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let room = usize::from(inner.width);
    for (i, (k, what)) in rows.iter().enumerate() {
        let row = inner.y + i as u16;
        if row >= inner.bottom() {
            break;
        }
        let what = fit(what, room.saturating_sub(key_w + 3));
        let line = Line::from(vec![
            Span::styled(format!(" {k:<key_w$}  "), theme.key()),
            Span::raw(what),
        ]);
        buf.set_line(inner.x, row, &line, inner.width);
    }
}
