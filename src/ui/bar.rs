//! A one-row gauge: filled `█`, empty `░`, and an optional mark (`┃`) such as a range
//! hold's minimum. Readable without colour. Pure drawing.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

#[derive(Debug, Clone, Copy)]
pub struct Bar {
    /// 0.0–1.0 filled.
    pub ratio: f64,
    /// 0.0–1.0 where the mark sits.
    pub mark: Option<f64>,
    pub filled: Style,
    pub empty: Style,
}

impl Widget for &Bar {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let w = area.width;
        let ratio = if self.ratio.is_finite() {
            self.ratio.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let filled = (ratio * f64::from(w)).round() as u16;
        let mark = self
            .mark
            .filter(|m| m.is_finite())
            .map(|m| ((m.clamp(0.0, 1.0) * f64::from(w)) as u16).min(w - 1));
        for i in 0..w {
            let (symbol, style) = if Some(i) == mark {
                ("┃", if i < filled { self.filled } else { self.empty })
            } else if i < filled {
                ("█", self.filled)
            } else {
                ("░", self.empty)
            };
            if let Some(cell) = buf.cell_mut((area.x + i, area.y)) {
                cell.set_symbol(symbol).set_style(style);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_marks() {
        let bar = Bar {
            ratio: 0.5,
            mark: Some(0.75),
            filled: Style::new(),
            empty: Style::new(),
        };
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        bar.render(buf.area, &mut buf);
        let row: String = (0..8).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert_eq!(row, "████░░┃░");
    }
}
