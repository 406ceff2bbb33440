//! An exercise's figure on the terminal: the pose's [`crate::figure::shapes`] drawn by
//! ratatui's canvas, in braille dots or, for fonts without braille, half blocks; in the
//! terminal's own colour, so it reads the same with `NO_COLOR`. The canvas keeps the
//! grid's proportions (a braille dot and a half block are about square), centred in the
//! area it is given. Pure drawing: no clock, no I/O.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::widgets::Widget;
use ratatui::widgets::canvas::{Canvas, Circle, Line};

use crate::figure::{Dots, Frame, Shape, shapes};
use crate::routine::pose::Pose;

/// The fewest rows a figure is drawn in: fewer and the stick figure is a smudge.
pub const MIN_ROWS: u16 = 4;
/// The most rows a figure takes on the session screen.
pub const MAX_ROWS: u16 = 12;

/// Columns a figure of `frame` takes when `rows` tall, keeping its proportions (two
/// columns of a cell are as wide as one row is tall).
pub fn columns_for(frame: &Frame, rows: u16) -> u16 {
    let cols = (f64::from(rows) * 2.0 * frame.aspect()).round();
    if cols >= f64::from(u16::MAX) {
        u16::MAX
    } else {
        cols.max(1.0) as u16
    }
}

/// The rows a figure of `frame` is drawn in within `width` columns and `rows` rows.
pub fn rows_in(frame: &Frame, width: u16, rows: u16) -> u16 {
    (0..=rows)
        .rev()
        .find(|&r| columns_for(frame, r) <= width)
        .unwrap_or(0)
}

/// A pose, drawn centred in its area at its frame's proportions.
pub struct Figure<'a> {
    pub pose: &'a Pose,
    /// The part of the grid shown (the same for every keyframe of an exercise).
    pub frame: Frame,
    pub dots: Dots,
}

impl Widget for Figure<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let rows = rows_in(&self.frame, area.width, area.height);
        let cols = columns_for(&self.frame, rows).min(area.width);
        if rows == 0 || cols == 0 {
            return;
        }
        let x = area.x + (area.width - cols) / 2;
        let y = area.y + (area.height - rows) / 2;
        let at = Rect::new(x, y, cols, rows);
        let strokes = shapes(self.pose);
        Canvas::default()
            .marker(match self.dots {
                Dots::Braille => Marker::Braille,
                Dots::HalfBlock => Marker::HalfBlock,
            })
            .background_color(Color::Reset)
            .x_bounds(self.frame.x)
            .y_bounds(self.frame.y)
            .paint(|ctx| {
                for s in &strokes {
                    match *s {
                        Shape::Line { x1, y1, x2, y2, .. } => {
                            ctx.draw(&Line::new(x1, y1, x2, y2, Color::Reset));
                        }
                        Shape::Circle { x, y, r } => ctx.draw(&Circle::new(x, y, r, Color::Reset)),
                    }
                }
            })
            .render(at, buf);
    }
}

/// The figure as lines of text `rows` tall (for `backease show`).
pub fn text(pose: &Pose, frame: Frame, rows: u16, dots: Dots) -> Vec<String> {
    let area = Rect::new(0, 0, columns_for(&frame, rows), rows);
    let mut buf = Buffer::empty(area);
    Figure { pose, frame, dots }.render(area, &mut buf);
    (0..rows)
        .map(|y| {
            let row: String = (0..area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect();
            row.trim_end().to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_picture_draws_on_a_terminal_and_as_svg() {
        let lib = crate::routine::load::shipped();
        let mut steps = lib.exercises.clone();
        steps.extend(lib.routines.iter().flat_map(|r| r.steps.iter().cloned()));
        for step in steps {
            let pictures = crate::figure::pictures(&step);
            assert!(!pictures.is_empty(), "{}", step.id);
            let frame = crate::figure::frame(pictures.iter().map(|(_, p)| p));
            for (tag, pose) in &pictures {
                for dots in [Dots::Braille, Dots::HalfBlock] {
                    let area = Rect::new(0, 0, 40, 8);
                    let mut buf = Buffer::empty(area);
                    Figure { pose, frame, dots }.render(area, &mut buf);
                    let inked = buf.content().iter().filter(|c| c.symbol() != " ").count();
                    assert!(inked > 10, "{} {tag} {dots:?}: {inked} cells", step.id);
                }
                let doc = crate::figure::svg::document(pose, frame, tag);
                let strokes = shapes(pose).len();
                let drawn = doc.matches("<line").count() + doc.matches("<circle").count();
                assert_eq!(drawn, strokes, "{} {tag}", step.id);
                assert!(
                    doc.contains(&format!("<desc>{}</desc>", pose.alt)),
                    "{}",
                    step.id
                );
            }
        }
    }
}
