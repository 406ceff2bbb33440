//! Drawing: [`draw`] an app's screen, and one module per screen. Key names in the help
//! overlay and footer hints come from `keymap`'s table. Read-only: the app is
//! given, already brought up to date by `update`; no clock, no I/O, no state changes.
//! Every screen renders at any size without panicking; below [`MIN_WIDTH`] ×
//! [`MIN_HEIGHT`] it asks for a bigger terminal instead.
//!
//! Text is cut and wrapped only through [`text`] (by display width, `…` where cut). The
//! footer keeps the hints for pausing, "this hurts", help, ending and answering; other
//! hints give way, and the sound's state takes a short form or moves to another row
//! rather than run into them. The help overlay drops its box when it does not fit.

mod bar;
mod checkin;
pub mod digits;
pub mod figure;
pub mod hits;
mod menu;
mod plans;
mod progress;
pub mod remind;
mod session;
mod summary;
pub mod text;
pub mod theme;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};

use crate::app::{App, Msg, Screen};
use crate::keymap::{self, Context};
pub use bar::Bar;
pub use hits::{Action, Hit};
pub use session::{Face, Ticking};
pub use theme::Theme;

/// Smallest terminal the screens are drawn in.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// What a frame drew that the shell needs afterwards.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawn {
    /// Where the parts that change with time alone went, when the screen is a session:
    /// the shell redraws only those ([`draw_ticking`]) while its [`Face`] stays the same.
    pub ticking: Option<Ticking>,
    /// Where a click means something (`hits::msg_for_mouse`).
    pub hits: Vec<Hit>,
}

/// Draws `app` and says what the shell needs to know
/// about what it drew.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) -> Drawn {
    let theme = Theme::new(app.color, app.background);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(area, buf);
        return Drawn::default();
    }
    let drawn = match &app.screen {
        Screen::Menu(m) => Drawn {
            ticking: None,
            hits: menu::render(app, m, &theme, area, buf),
        },
        Screen::Session(run) => {
            let (ticking, hits) = session::render(app, run, &theme, area, buf);
            Drawn {
                ticking: Some(ticking),
                hits,
            }
        }
        Screen::Summary(s) => {
            summary::render(s, &theme, area, buf);
            Drawn::default()
        }
        Screen::CheckIn(ask) => {
            checkin::render(ask, &theme, area, buf);
            Drawn::default()
        }
        Screen::Progress(p) => {
            progress::render(p, &theme, area, buf);
            Drawn::default()
        }
    };
    if app.help {
        help(app, &theme, area, buf);
    }
    scrub(area, buf);
    drawn
}

/// Draws again only the parts at `at` (cleared first) from a frame [`draw`] drew with
/// the same [`Face`]: the rest of `buf` is left as that frame drew it.
pub fn draw_ticking(app: &App, at: &Ticking, buf: &mut Buffer) {
    let Screen::Session(run) = &app.screen else {
        return;
    };
    let theme = Theme::new(app.color, app.background);
    for area in at.areas() {
        let area = area.intersection(buf.area);
        for y in area.top()..area.bottom() {
            let start = buf.index_of(area.x, y);
            for cell in &mut buf.content[start..start + usize::from(area.width)] {
                cell.reset();
            }
        }
    }
    session::ticking::render(run, &theme, at, buf);
    for area in at.areas() {
        scrub(area, buf);
    }
}

/// A byte that is a printable ASCII character on its own (space to `~`).
fn is_printable_ascii(b: u8) -> bool {
    (b' '..=b'~').contains(&b)
}

/// Takes out of the drawn cells any character a terminal acts on or lays out its own
/// way (`crate::text::is_unsafe`: U+2028 in a description left stale cells). ratatui
/// gave such a character no cell of its own, so dropping it keeps the layout true.
/// Routine files refuse these characters; this keeps any other text from reaching the
/// terminal raw.
fn scrub(area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            // Printable ASCII (most cells) is never unsafe: no need to look further.
            if cell.symbol().bytes().all(is_printable_ascii) {
                continue;
            }
            if cell.symbol().chars().any(crate::text::is_unsafe) {
                let kept: String = cell
                    .symbol()
                    .chars()
                    .filter(|&c| !crate::text::is_unsafe(c))
                    .collect();
                cell.set_symbol(if kept.is_empty() { " " } else { &kept });
            }
        }
    }
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let message = format!("Please enlarge the terminal (at least {MIN_WIDTH}×{MIN_HEIGHT})");
    let lines = (text::width(&message) as u16).div_ceil(area.width.max(1));
    let y = area.y + area.height.saturating_sub(lines) / 2;
    let inner = Rect::new(area.x, y, area.width, area.bottom() - y);
    Paragraph::new(message)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

/// A footer hint: a key and what it does. `keep` hints (how to stop, "this hurts", help,
/// answering a question) stay when the row is short; the others give way, last first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hint {
    pub key: String,
    pub what: String,
    pub keep: bool,
    /// Shown before the sound's state when there is room for it (pause): not kept at
    /// every width, but ahead of the state and of the other hints.
    pub before_state: bool,
    /// What its keys send: a click on the hint sends the first, when it is the only one
    /// (`hits`).
    pub msgs: Vec<Msg>,
    /// Which of the hints that give way is placed first: lowest first, then in order.
    pub rank: u8,
}

impl Hint {
    fn width(&self) -> usize {
        text::width(&self.key) + 1 + text::width(&self.what)
    }
}

/// Messages whose hints never give way: how to stop, say it hurts, get help, go on where
/// a step waits for Enter, and answer a question (pause gives way on narrow terminals).
const KEPT: &[Msg] = &[
    Msg::Quit,
    Msg::Help,
    Msg::Hurts,
    Msg::Enter,
    Msg::Yes,
    Msg::No,
];

/// What the footer says about sound, longest first: a note on the last sound key that
/// changed nothing audible (`]` with no device), else the player's state; then shorter
/// forms for a narrow row.
fn sound_labels(app: &App) -> Vec<String> {
    if let (None, Some(missed)) = (&app.sound_note, &app.missed_note) {
        return vec![
            missed.clone(),
            "cue not heard".to_string(),
            app.sound_label(),
        ];
    }
    match (&app.sound_note, &app.audio.off, app.audio.muted) {
        (Some(note), _, _) => vec![note.clone(), "volume: no effect".to_string()],
        // Then the voice's word with the sound's shortest, then the sound's alone.
        (None, Some(_), false) => {
            let mut forms = vec![app.sound_label()];
            if let Some(voice) = &app.voice {
                forms.push(format!("{} · no sound", voice.label()));
            }
            forms.push("no sound".to_string());
            forms.dedup();
            forms
        }
        // With a voice: its words and the sound's, then the sound's alone.
        _ if app.voice.is_some() => vec![app.sound_label(), app.audio.label()],
        _ => vec![app.sound_label()],
    }
}

/// The footer: key hints on the left, the sound's state (`rights`: its forms, longest
/// first) on the right, never overlapping. The kept hints come first; then the longest
/// form of `rights` that fits beside them; then the other hints in order while they
/// fit. Hints are left off whole, never cut. Returns whether the sound's state was
/// drawn: if not, the caller shows it elsewhere.
fn footer(hints: &[Hint], rights: &[String], theme: &Theme, area: Rect, buf: &mut Buffer) -> bool {
    footer_hits(hints, rights, theme, area, buf).0.is_some()
}

/// [`footer`] (which of `rights` was drawn, `Some(0)` when there are none), and where
/// each hint was drawn that a click can stand for (a hint of one
/// message).
fn footer_hits(
    hints: &[Hint],
    rights: &[String],
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) -> (Option<usize>, Vec<Hit>) {
    const SEP: usize = 3; // " · "
    let room = usize::from(area.width);
    let cost = |chosen: &[bool]| -> usize {
        let shown: Vec<&Hint> = hints
            .iter()
            .zip(chosen)
            .filter(|(_, c)| **c)
            .map(|(h, _)| h)
            .collect();
        1 + shown.iter().map(|h| h.width()).sum::<usize>() + SEP * shown.len().saturating_sub(1)
    };
    let mut chosen: Vec<bool> = hints.iter().map(|h| h.keep).collect();
    // The hints that give way are placed lowest rank first (a stable sort keeps the order
    // among equals); they are drawn in their own order.
    let mut by_rank: Vec<usize> = (0..hints.len()).collect();
    by_rank.sort_by_key(|&i| hints[i].rank);
    // A ranked hint (the menu's) leaves the state's shortest form its place; pause, in a
    // session, goes ahead of the state.
    let least = rights.last().map_or(0, |r| text::width(r) + 3);
    for &i in &by_rank {
        if hints[i].before_state && !chosen[i] {
            chosen[i] = true;
            let reserve = if hints[i].rank > 0 { least } else { 0 };
            if cost(&chosen) + reserve > room {
                chosen[i] = false;
            }
        }
    }
    // Two spaces between the hints and the sound's state, one after it. The state takes
    // its longest form that fits beside the kept hints; the other hints take what is left.
    let drawn = rights
        .iter()
        .position(|r| cost(&chosen) + text::width(r) + 3 <= room);
    let right = drawn.and_then(|i| rights.get(i));
    let right_w = right.map_or(0, |r| text::width(r) + 3);
    let budget = room.saturating_sub(right_w);
    for &i in &by_rank {
        if !chosen[i] {
            chosen[i] = true;
            if cost(&chosen) > budget {
                chosen[i] = false;
            }
        }
    }
    let mut spans = vec![Span::raw(" ")];
    let mut hits = Vec::new();
    let mut x = usize::from(area.x) + 1;
    for (i, h) in hints
        .iter()
        .zip(&chosen)
        .filter(|(_, c)| **c)
        .map(|(h, _)| h)
        .enumerate()
    {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
            x += SEP;
        }
        spans.push(Span::styled(h.key.clone(), theme.key()));
        spans.push(Span::raw(format!(" {}", h.what)));
        if let ([msg], Ok(left), Ok(w)) = (
            h.msgs.as_slice(),
            u16::try_from(x),
            u16::try_from(h.width()),
        ) {
            let at = Rect::new(left, area.y, w, 1.min(area.height)).intersection(area);
            if !at.is_empty() {
                hits.push(Hit {
                    area: at,
                    action: Action::Send(*msg),
                });
            }
        }
        x += h.width();
    }
    // Only when even the kept hints are wider than the row: cut, with the sign.
    text::fit_line(Line::from(spans), room).render(area, buf);
    if let Some(right) = right {
        let w = u16::try_from(right_w).unwrap_or(area.width).min(area.width);
        let r = Rect::new(area.right() - w, area.y, w, 1.min(area.height));
        Line::styled(format!("{right} "), theme.dim())
            .alignment(Alignment::Right)
            .render(r, buf);
    }
    (if rights.is_empty() { Some(0) } else { drawn }, hits)
}

/// A bordered box centred in `area`, cleared, sized to its lines (wrapped to fit; rows
/// that do not fit are cut with `…`).
/// Draws a bordered box of `lines` centred in `area`; returns where it went.
fn popup(title: &str, lines: Vec<Line<'_>>, style: Style, area: Rect, buf: &mut Buffer) -> Rect {
    let want = lines
        .iter()
        .map(Line::width)
        .max()
        .unwrap_or(0)
        .max(text::width(title) + 2)
        + 4;
    let width = u16::try_from(want).unwrap_or(u16::MAX).min(area.width);
    let room = usize::from(width.saturating_sub(4));
    let mut rows: Vec<Line> = Vec::new();
    for line in lines {
        if line.width() <= room {
            rows.push(line);
            continue;
        }
        // A long line (one style) wraps; its style is its first span's.
        let style = line.spans.first().map(|s| s.style).unwrap_or_default();
        let plain: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        for row in text::wrap(&plain, room, "", "") {
            rows.push(Line::styled(row, style));
        }
    }
    let fit_rows = usize::from(area.height.saturating_sub(2));
    if rows.len() > fit_rows {
        rows.truncate(fit_rows);
        if let Some(last) = rows.pop() {
            let plain: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
            rows.push(Line::styled(text::mark_cut(&plain, room), last.style));
        }
    }
    let height = (rows.len() as u16 + 2).min(area.height);
    let rect = area.centered(Constraint::Length(width), Constraint::Length(height));
    Clear.render(rect, buf);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(Line::styled(format!(" {} ", text::fit(title, room)), style))
        .border_style(style);
    let inner = block.inner(rect);
    block.render(rect, buf);
    let inner = Rect::new(
        inner.x.saturating_add(1).min(inner.right()),
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    for (i, row) in rows.into_iter().enumerate() {
        let y = inner.y + i as u16;
        if y >= inner.bottom() {
            break;
        }
        text::fit_line(row, room).render(Rect::new(inner.x, y, inner.width, 1), buf);
    }
    rect
}

/// Beside the help's box during a session, the step's figure for this moment, when the
/// box hides most of the session's own (`hidden`): the shape to keep is what a person
/// opening the help mid-step most often wants to check. It goes right of the box, else
/// below it, and where one of those covers nothing (blank cells) it goes there first.
fn help_figure(app: &App, beside: Rect, area: Rect, hidden: bool, buf: &mut Buffer) {
    let Screen::Session(run) = &app.screen else {
        return;
    };
    if !hidden {
        return;
    }
    let step = run.session.current_step();
    let Some(pose) = crate::figure::keyframe(step, run.status.phase, run.status.side) else {
        return;
    };
    let pictures = crate::figure::pictures(step);
    let frame = crate::figure::frame(pictures.iter().map(|(_, p)| p));
    let right = area.right().saturating_sub(beside.right() + 1);
    let below = area.bottom().saturating_sub(beside.bottom());
    let rows = beside.height.min(figure::MAX_ROWS);
    let mut spots = Vec::new();
    if right >= figure::columns_for(&frame, figure::MIN_ROWS) && rows >= figure::MIN_ROWS {
        let width = right.min(figure::columns_for(&frame, rows));
        spots.push(Rect::new(beside.right() + 1, beside.y, width, rows));
    }
    // A row of space under the box, and the footer's row left alone.
    if below > figure::MIN_ROWS + 1 {
        let rows = (below - 2).min(figure::MAX_ROWS);
        let width = area.width.min(figure::columns_for(&frame, rows));
        let x = area.x + (area.width - width) / 2;
        spots.push(Rect::new(x, beside.bottom() + 1, width, rows));
    }
    let blank = |r: &Rect| {
        r.positions()
            .all(|p| buf.cell(p).is_some_and(|c| c.symbol().trim().is_empty()))
    };
    let Some(spot) = spots.iter().find(|s| blank(s)).or(spots.first()).copied() else {
        return;
    };
    Clear.render(spot, buf);
    figure::Figure {
        pose: &pose,
        frame,
        dots: app.dots,
    }
    .render(spot, buf);
}

/// Cells of `area` that hold part of a figure (braille), outside `but`.
fn figure_cells(buf: &Buffer, area: Rect, but: Rect) -> usize {
    area.positions()
        .filter(|p| !but.contains(*p))
        .filter(|p| {
            buf.cell(*p).is_some_and(|c| {
                c.symbol()
                    .chars()
                    .any(|ch| ('\u{2801}'..='\u{28ff}').contains(&ch))
            })
        })
        .count()
}

/// The help overlay: a box of the keys. When it does not fit, the box goes (the whole
/// screen is the overlay), rows are cut with `…`, and the last row says how many more
/// a bigger terminal shows.
fn help(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    // The session's and summary's rows whatever sits on top of them (a question).
    let ctx = match &app.screen {
        Screen::Menu(m) if m.plans.is_some() => Context::Plans,
        Screen::Menu(_) => Context::Menu,
        Screen::Session(_) => Context::Session,
        Screen::Summary(_) => Context::Summary,
        Screen::CheckIn(_) => Context::CheckIn,
        Screen::Progress(_) => Context::Progress,
    };
    let rows = keymap::help(ctx);
    let key_w = rows
        .iter()
        .map(|(keys, _)| text::width(keys))
        .max()
        .unwrap_or(0)
        .max(8)
        + 1;
    let line = |keys: &str, what: &str| {
        let pad = key_w.saturating_sub(text::width(keys));
        Line::from(vec![
            Span::styled(format!("{keys}{}", " ".repeat(pad)), theme.key()),
            Span::raw(what.to_string()),
        ])
    };
    let mut lines: Vec<Line> = rows.iter().map(|(k, w)| line(k, w)).collect();
    let closes = "any key closes this";
    let widest = lines.iter().map(Line::width).max().unwrap_or(0);
    let boxed_w = widest.max(text::width(closes)) + 4;
    if boxed_w <= usize::from(area.width) && lines.len() + 3 <= usize::from(area.height) {
        lines.push(Line::styled(closes, theme.dim()));
        let before = figure_cells(buf, area, Rect::default());
        let boxed = popup("Keys", lines, theme.title(), area, buf);
        // Most of the session's figure under the box: then the help shows its own.
        let hidden = figure_cells(buf, area, boxed) * 2 < before;
        help_figure(app, boxed, area, hidden, buf);
        return;
    }
    Clear.render(area, buf);
    let room = usize::from(area.width.saturating_sub(2));
    let height = usize::from(area.height);
    let title = Line::from(vec![
        Span::styled("Keys", theme.title()),
        Span::styled(" · any key closes this", theme.dim()),
    ]);
    let mut shown = vec![title];
    let space = height.saturating_sub(1);
    if lines.len() > space {
        let more = lines.len() - space.saturating_sub(1);
        lines.truncate(space.saturating_sub(1));
        lines.push(Line::styled(
            format!("… {more} more in a bigger terminal"),
            theme.dim(),
        ));
    }
    shown.extend(lines);
    for (i, row) in shown.into_iter().enumerate() {
        let y = area.y + i as u16;
        if y >= area.bottom() {
            break;
        }
        text::fit_line(row, room).render(Rect::new(area.x + 1, y, area.width - 1, 1), buf);
    }
}

/// A footer hint: the first key of each of `msgs` in `ctx` (from the key table) joined by
/// `join`, and what it does.
fn hint(ctx: Context, msgs: &[Msg], join: &str, what: &str) -> Hint {
    Hint {
        key: keymap::hint(ctx, msgs, join),
        what: what.to_string(),
        keep: msgs.iter().any(|m| KEPT.contains(m)),
        before_state: msgs.contains(&Msg::TogglePause),
        msgs: msgs.to_vec(),
        rank: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `scrub`'s shortcut: a printable ASCII character is never one it takes out, and
    /// every other ASCII character is looked at.
    #[test]
    fn printable_ascii_is_never_unsafe() {
        for b in 0..=127u8 {
            if is_printable_ascii(b) {
                assert!(!crate::text::is_unsafe(char::from(b)), "{b:#x}");
            } else {
                assert!(
                    crate::text::is_unsafe(char::from(b)),
                    "{b:#x} is let through"
                );
            }
        }
        let mut buf = Buffer::empty(Rect::new(0, 0, 3, 1));
        buf[(0, 0)].set_symbol("\u{1b}");
        buf[(1, 0)].set_symbol("a\u{2028}");
        buf[(2, 0)].set_symbol("~");
        scrub(buf.area, &mut buf);
        assert_eq!(
            [
                buf[(0, 0)].symbol(),
                buf[(1, 0)].symbol(),
                buf[(2, 0)].symbol()
            ],
            [" ", "a", "~"]
        );
    }
}
