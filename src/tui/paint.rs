//! Putting frames on the terminal, with no work for what did not change.
//!
//! ratatui's `Terminal::draw` builds every cell of every frame and compares all of them
//! with the last; during a hold only the clock and the gauges change from one second to
//! the next. [`Painter`] keeps the cells the terminal shows. A whole frame is drawn into
//! a second buffer, compared with them and the differences written (what `draw` does). A
//! frame in which only time moved, with the session's [`Face`] as the last whole frame
//! left it, draws only the clock and the gauges into the shown cells and writes what
//! changed there: the rest of the screen is neither built nor compared.
//!
//! The terminal's own buffers are not used for drawing; `Terminal` keeps the backend,
//! the viewport, and clearing (a resize, taking the terminal back after a stop), after
//! which the shell calls [`Painter::cleared`].

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::App;
use crate::ui::{self, Face, Hit, Ticking};

/// How a frame was drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Painted {
    /// Every cell built and compared.
    Whole,
    /// Only the clock and the gauges.
    Ticking,
}

#[derive(Debug)]
pub struct Painter {
    /// The cells the terminal shows (blank after a clear).
    shown: Buffer,
    /// Where the next whole frame is built, then swapped with `shown`.
    next: Buffer,
    /// The last whole frame's face and where its clock and gauges are.
    last: Option<(Face, Ticking)>,
    /// The clock's and the gauges' cells before and after a clock-only frame (kept
    /// from frame to frame: nothing is allocated once their sizes are known).
    before: Vec<Buffer>,
    after: Vec<Buffer>,
    /// Where a click means something.
    hits: Vec<Hit>,
}

/// Copies the cells of `from` in `area` (within it) into `to`, which becomes that area.
fn copy_region(from: &Buffer, area: Rect, to: &mut Buffer) {
    let area = area.intersection(from.area);
    if to.area != area {
        to.resize(area);
    }
    let width = usize::from(area.width);
    for (row, y) in (area.top()..area.bottom()).enumerate() {
        let start = from.index_of(area.x, y);
        to.content[row * width..(row + 1) * width]
            .clone_from_slice(&from.content[start..start + width]);
    }
}

impl Default for Painter {
    fn default() -> Painter {
        Painter {
            shown: Buffer::empty(Rect::ZERO),
            next: Buffer::empty(Rect::ZERO),
            last: None,
            before: Vec::new(),
            after: Vec::new(),
            hits: Vec::new(),
        }
    }
}

impl Painter {
    /// The terminal was cleared: every cell is blank, and the next frame is drawn whole.
    pub fn cleared(&mut self) {
        self.shown.reset();
        self.last = None;
        self.hits.clear();
    }

    /// Draws `app` on `terminal`. `only_time`: nothing but the passing of time changed
    /// the app since the last frame (no key, resize, signal or note); then, if the
    /// session's face is unchanged, only the clock and the gauges are drawn.
    pub fn paint<B: Backend>(
        &mut self,
        app: &App,
        terminal: &mut Terminal<B>,
        only_time: bool,
    ) -> Result<Painted, B::Error> {
        let area = terminal.get_frame().area();
        if self.shown.area != area {
            // A new viewport is cleared by ratatui (`Terminal::resize`).
            self.shown.resize(area);
            self.cleared();
        }
        let face = Face::of(app, area);
        if only_time
            && let (Some(face), Some((last, at))) = (&face, &self.last)
            && face == last
        {
            let at = *at;
            let areas: Vec<Rect> = at.areas().collect();
            self.before
                .resize_with(areas.len(), || Buffer::empty(Rect::ZERO));
            self.after
                .resize_with(areas.len(), || Buffer::empty(Rect::ZERO));
            for (area, copy) in areas.iter().zip(&mut self.before) {
                copy_region(&self.shown, *area, copy);
            }
            ui::draw_ticking(app, &at, &mut self.shown);
            let backend = terminal.backend_mut();
            for ((area, old), new) in areas.iter().zip(&self.before).zip(&mut self.after) {
                copy_region(&self.shown, *area, new);
                backend.draw(old.diff_iter(new))?;
            }
            backend.flush()?;
            return Ok(Painted::Ticking);
        }
        self.next.resize(area);
        self.next.reset();
        let drawn = ui::draw(app, area, &mut self.next);
        terminal
            .backend_mut()
            .draw(self.shown.diff_iter(&self.next))?;
        std::mem::swap(&mut self.shown, &mut self.next);
        terminal.hide_cursor()?;
        terminal.backend_mut().flush()?;
        self.last = face.zip(drawn.ticking);
        self.hits = drawn.hits;
        Ok(Painted::Whole)
    }

    /// Where a click means something on the screen now (from the last whole frame: a
    /// clock-only frame moves nothing that can be clicked).
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// The cells the terminal shows, as this painter wrote them.
    #[cfg(test)]
    pub fn shown(&self) -> &Buffer {
        &self.shown
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use ratatui::backend::TestBackend;

    use super::*;
    use crate::app::{AudioView, Msg, Screen};
    use crate::routine::load;
    use crate::session::Config;

    fn app() -> App {
        let mut app = App::new(
            load::shipped(),
            Config::default(),
            AudioView {
                volume: 80,
                muted: true,
                off: None,
            },
        );
        app.color = true;
        app
    }

    /// Every frame, however it was drawn, is cell for cell the frame `ui::draw` builds
    /// whole: through every shipped routine at real time (a tick at each whole second
    /// and at odd moments between), with keys pressed now and then, at three sizes.
    #[test]
    fn a_frame_drawn_in_part_is_the_frame_drawn_whole() {
        let library = load::shipped();
        for (w, h) in [(100, 30), (80, 24), (120, 40)] {
            // Every routine at the size of the benchmark, a few at the others.
            let count = if w == 100 { library.routines.len() } else { 3 };
            for routine in library.routines.iter().take(count) {
                let t0 = Instant::now();
                let mut app = app();
                app.start(&routine.id, t0).expect("starts");
                let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
                let mut painter = Painter::default();
                let (mut whole, mut ticking) = (0, 0);
                let mut ms: u64 = 0;
                let mut n = 0u64;
                while matches!(app.screen, Screen::Session(_)) && ms < 3 * 3600 * 1000 {
                    let now = t0 + Duration::from_millis(ms);
                    // Now and then a key: Enter (ends untimed steps and alarms, or
                    // releases a range hold), pause and go on, or skip.
                    let key = match n % 97 {
                        13 => Some(Msg::Enter),
                        41 => Some(Msg::TogglePause),
                        42 => Some(Msg::TogglePause),
                        77 => Some(Msg::Skip),
                        _ => None,
                    };
                    app.update(Msg::Tick, now);
                    if let Some(msg) = key {
                        app.update(msg, now);
                    }
                    match painter
                        .paint(&app, &mut terminal, key.is_none())
                        .expect("paints")
                    {
                        Painted::Whole => whole += 1,
                        Painted::Ticking => ticking += 1,
                    }
                    let mut fresh = Buffer::empty(Rect::new(0, 0, w, h));
                    let drawn = ui::draw(&app, fresh.area, &mut fresh);
                    assert_eq!(painter.hits(), drawn.hits, "{} at {ms} ms", routine.id);
                    assert_eq!(
                        painter.shown(),
                        &fresh,
                        "{} at {ms} ms, {w}x{h}",
                        routine.id
                    );
                    assert_eq!(terminal.backend().buffer(), &fresh, "{}", routine.id);
                    // The next wake-up, or an odd moment before it.
                    let next = app.next_wake(now).map_or(ms + 1000, |at| {
                        at.saturating_duration_since(t0).as_millis() as u64
                    });
                    ms = match n % 7 {
                        0 => ms + (next - ms) / 3,
                        // A late wake-up (a loaded machine): several seconds at once.
                        3 => next + 4_321,
                        _ => next,
                    }
                    .max(ms + 1);
                    n += 1;
                }
                // Muted, every cue flashes (drawn whole), and keys come often here.
                assert!(
                    ticking * 2 > whole,
                    "{}: frames that draw only the clock: {ticking} of {}",
                    routine.id,
                    ticking + whole
                );
            }
        }
    }
}
