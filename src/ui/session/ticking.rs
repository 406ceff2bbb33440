//! The parts of the session screen that change with time alone: the big clock and the two
//! gauges. Between two wake-ups of a hold nothing else on the screen changes, so the
//! shell redraws only these ([`render`]) while the session's [`Face`] (everything else
//! the screen shows, in a form cheap to build and compare) stays the same; any other
//! change draws the whole screen. Pure drawing, like the rest of `ui`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::super::digits::BigClock;
use super::super::{MIN_HEIGHT, MIN_WIDTH, Theme, sound_labels};
use super::gauges;
use crate::app::{App, Msg, Running, Screen};
use crate::routine::TimeRange;
use crate::session::Phase;

/// Where the parts that change with time were drawn (the areas the widgets were given);
/// `None` for a part not on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ticking {
    /// The big digits (not when a band or "no timer" stands in their place).
    pub clock: Option<Rect>,
    /// The step's gauge.
    pub gauge: Option<Rect>,
    /// The session's gauge.
    pub total: Option<Rect>,
}

impl Ticking {
    /// The areas to clear before drawing into them again.
    pub fn areas(&self) -> impl Iterator<Item = Rect> {
        [self.clock, self.gauge, self.total].into_iter().flatten()
    }

    /// Each part on the screen alone (in the order of [`Ticking::areas`]), to be drawn
    /// into a buffer of its own area.
    pub fn parts(&self) -> impl Iterator<Item = Ticking> {
        let none = Ticking::default();
        [
            self.clock.map(|clock| Ticking {
                clock: Some(clock),
                ..none
            }),
            self.gauge.map(|gauge| Ticking {
                gauge: Some(gauge),
                ..none
            }),
            self.total.map(|total| Ticking {
                total: Some(total),
                ..none
            }),
        ]
        .into_iter()
        .flatten()
    }
}

/// Draws the clock and the gauges into the areas `at` (blank before, as in a new frame).
pub fn render(run: &Running, theme: &Theme, at: &Ticking, buf: &mut Buffer) {
    let s = &run.status;
    if let Some(big) = at.clock {
        let text = run.shown_clock();
        BigClock {
            text: &text,
            style: theme.phase(s.phase, s.paused),
        }
        .render(big, buf);
    }
    if let Some(gauge) = at.gauge {
        gauges::step_gauge(s, theme, gauge, buf);
    }
    if let Some(total) = at.total {
        gauges::session_gauge(run, theme, total, buf);
    }
}

/// Everything the session screen shows apart from what [`render`] draws, as far as time
/// can change it: two equal faces mean the rest of the screen is drawn the same. `None`
/// when the screen is not a session, or shows something over it (help, a question, a
/// flash, "this hurts") or is too small: then every frame is drawn whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Face {
    area: Rect,
    color: bool,
    dots: crate::figure::Dots,
    background: crate::prefs::Background,
    sound: Vec<String>,
    hints: Vec<(&'static [Msg], &'static str, &'static str)>,
    step: usize,
    steps: usize,
    phase: Phase,
    paused: bool,
    side: Option<usize>,
    rep: u32,
    reps: u32,
    round: u32,
    rounds: u32,
    length: Option<TimeRange>,
    counts_down: bool,
    before_min: bool,
    done: usize,
    skipped: usize,
    moves: u64,
    /// The clock's text with every digit a 0: its width decides the layout.
    clock_shape: String,
}

impl Face {
    pub fn of(app: &App, area: Rect) -> Option<Face> {
        let Screen::Session(run) = &app.screen else {
            return None;
        };
        if app.help
            || run.prompt.is_some()
            || run.flash.is_some()
            || run.held_back.is_some()
            || run.hurt.is_some()
            || area.width < MIN_WIDTH
            || area.height < MIN_HEIGHT
        {
            return None;
        }
        let s = &run.status;
        Some(Face {
            area,
            color: app.color,
            dots: app.dots,
            background: app.background,
            sound: sound_labels(app),
            hints: crate::keymap::session_hint_rows(run),
            step: s.step,
            steps: s.steps,
            phase: s.phase,
            paused: s.paused,
            side: s.side,
            rep: s.rep,
            reps: s.reps,
            round: s.round,
            rounds: s.rounds,
            length: s.length,
            counts_down: s.remaining.is_some(),
            before_min: s.until_min.is_some(),
            done: s.done,
            skipped: s.skipped,
            moves: run.session.moves(),
            clock_shape: run
                .shown_clock()
                .chars()
                .map(|c| if c.is_ascii_digit() { '0' } else { c })
                .collect(),
        })
    }
}
