//! Putting frames on the terminal, with no work for what did not change.
//!
//! ratatui's `Terminal::draw` builds every cell of every frame and compares all of them
//! with the last; during a hold only the clock and the gauges change from one second to
//! the next. [`Painter`] keeps the cells the terminal shows. A whole frame is drawn into
//! a second buffer, compared with them and the differences written (what `draw` does). A
//! frame in which only time moved, with the session's [`Face`] as the last whole frame
//! left it, draws only the clock and the gauges, each into a buffer of its own size, and
//! compares each with what the terminal shows there, kept apart since the last whole
//! frame: the rest of the screen is neither built, compared nor copied. (What those areas
//! show goes back into the whole screen's cells before the next whole frame.)
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
    /// What the terminal shows in each of the clock's and the gauges' areas, taken from
    /// `shown` at the last whole frame and kept up to date by the clock-only frames since
    /// (newer than `shown` there while `held_newer`).
    held: Vec<Buffer>,
    /// Where a clock-only frame draws each area, to compare with `held` (then the two
    /// change places: nothing is allocated once their sizes are known).
    fresh: Vec<Buffer>,
    /// A clock-only frame was drawn since the last whole one: `held` goes back into
    /// `shown` before `shown` is compared with a whole frame.
    held_newer: bool,
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

/// Copies every cell of `part` (a buffer over a part of `whole`'s area) into `whole`.
fn paste(part: &Buffer, whole: &mut Buffer) {
    let area = part.area.intersection(whole.area);
    let width = usize::from(area.width);
    for y in area.top()..area.bottom() {
        let to = whole.index_of(area.x, y);
        let from = part.index_of(area.x, y);
        whole.content[to..to + width].clone_from_slice(&part.content[from..from + width]);
    }
}

impl Default for Painter {
    fn default() -> Painter {
        Painter {
            shown: Buffer::empty(Rect::ZERO),
            next: Buffer::empty(Rect::ZERO),
            last: None,
            held: Vec::new(),
            fresh: Vec::new(),
            held_newer: false,
            hits: Vec::new(),
        }
    }
}

impl Painter {
    /// The terminal was cleared: every cell is blank, and the next frame is drawn whole.
    pub fn cleared(&mut self) {
        self.shown.reset();
        self.last = None;
        self.held_newer = false;
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
            let backend = terminal.backend_mut();
            for ((part, held), fresh) in at.parts().zip(&mut self.held).zip(&mut self.fresh) {
                // `fresh` covers the part's area (`held` does since the whole frame);
                // `draw_ticking` clears it first.
                if fresh.area != held.area {
                    fresh.resize(held.area);
                }
                ui::draw_ticking(app, &part, fresh);
                backend.draw(held.diff_iter(fresh))?;
                std::mem::swap(held, fresh);
            }
            self.held_newer = true;
            backend.flush()?;
            return Ok(Painted::Ticking);
        }
        if std::mem::take(&mut self.held_newer) {
            for held in &self.held {
                paste(held, &mut self.shown);
            }
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
        // Clock-only frames draw each part into a buffer of its area: only parts wholly
        // on the screen (as laid out, they always are).
        self.last = face
            .zip(drawn.ticking)
            .filter(|(_, at)| at.areas().all(|a| a.intersection(area) == a));
        if let Some((_, at)) = &self.last {
            let areas = at.areas().count();
            self.held.resize_with(areas, || Buffer::empty(Rect::ZERO));
            self.fresh.resize_with(areas, || Buffer::empty(Rect::ZERO));
            for (area, held) in at.areas().zip(&mut self.held) {
                copy_region(&self.shown, area, held);
            }
        }
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
    pub fn shown(&self) -> Buffer {
        let mut shown = self.shown.clone();
        if self.held_newer {
            for held in &self.held {
                paste(held, &mut shown);
            }
        }
        shown
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

    /// A clock-only frame builds, compares and copies nothing outside the clock and the
    /// gauges: the whole screen's cells stay as the last whole frame left them (before,
    /// each such frame copied its areas out of them twice and drew into them).
    #[test]
    fn a_clock_only_frame_leaves_the_rest_of_the_screen_alone() {
        let library = load::shipped();
        let mut ticking = 0;
        for routine in &library.routines {
            let t0 = Instant::now();
            let mut app = app();
            app.start(&routine.id, t0).expect("starts");
            let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
            let mut painter = Painter::default();
            let mut whole: Option<Buffer> = None;
            for s in 0..40 {
                let now = t0 + Duration::from_secs(s);
                app.update(Msg::Tick, now);
                match painter.paint(&app, &mut terminal, true).expect("paints") {
                    Painted::Whole => whole = Some(painter.shown.clone()),
                    Painted::Ticking => {
                        ticking += 1;
                        let last = whole.as_ref().expect("a whole frame came first");
                        assert!(&painter.shown == last, "{} at {s} s", routine.id);
                        let mut fresh = Buffer::empty(Rect::new(0, 0, 100, 30));
                        ui::draw(&app, fresh.area, &mut fresh);
                        assert_eq!(painter.shown(), fresh, "{} at {s} s", routine.id);
                        assert_eq!(terminal.backend().buffer(), &fresh, "{}", routine.id);
                    }
                }
            }
        }
        assert!(ticking > 100, "clock-only frames: {ticking}");
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
                    assert_eq!(painter.shown(), fresh, "{} at {ms} ms, {w}x{h}", routine.id);
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
