//! The big countdown: `mm:ss` drawn in a 3×5 block font, as large as the area allows,
//! then smaller (half-block rows), then plain text on small terminals. Pure drawing.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// 3×5 glyphs; `#` is a lit pixel. The colon is one pixel wide.
fn glyph(c: char) -> Option<[&'static str; 5]> {
    Some(match c {
        '0' => ["###", "#.#", "#.#", "#.#", "###"],
        '1' => [".#.", "##.", ".#.", ".#.", "###"],
        '2' => ["###", "..#", "###", "#..", "###"],
        '3' => ["###", "..#", "###", "..#", "###"],
        '4' => ["#.#", "#.#", "###", "..#", "..#"],
        '5' => ["###", "#..", "###", "..#", "###"],
        '6' => ["###", "#..", "###", "#.#", "###"],
        '7' => ["###", "..#", "..#", "..#", "..#"],
        '8' => ["###", "#.#", "###", "#.#", "###"],
        '9' => ["###", "#.#", "###", "..#", "###"],
        ':' => [".", "#", ".", "#", "."],
        _ => return None,
    })
}

/// How big the digits are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// Each pixel 4 columns × 2 rows: 10 rows tall.
    Huge,
    /// Each pixel 2 columns × 1 row: 5 rows tall.
    Large,
    /// Each pixel 1 column × half a row: 3 rows tall.
    Small,
    /// Plain text, one row.
    Text,
}

impl Size {
    /// Rows this size needs.
    pub fn height(self) -> u16 {
        match self {
            Size::Huge => 10,
            Size::Large => 5,
            Size::Small => 3,
            Size::Text => 1,
        }
    }

    fn pixel_width(self) -> u16 {
        match self {
            Size::Huge => 4,
            Size::Large => 2,
            Size::Small | Size::Text => 1,
        }
    }

    /// Columns `text` needs at this size.
    pub fn width(self, text: &str) -> u16 {
        if self == Size::Text {
            return text.chars().count() as u16;
        }
        let pw = self.pixel_width();
        let glyphs: Vec<u16> = text
            .chars()
            .filter_map(glyph)
            .map(|g| g[0].len() as u16)
            .collect();
        let gaps = glyphs.len().saturating_sub(1) as u16;
        (glyphs.iter().sum::<u16>() + gaps) * pw
    }

    /// The largest size that fits `text` in `area`.
    pub fn fitting(text: &str, area: Rect) -> Size {
        [Size::Huge, Size::Large, Size::Small, Size::Text]
            .into_iter()
            .find(|s| s.height() <= area.height && s.width(text) <= area.width)
            .unwrap_or(Size::Text)
    }
}

/// The countdown in big digits, centred in its area.
#[derive(Debug, Clone)]
pub struct BigClock<'a> {
    pub text: &'a str,
    pub style: Style,
}

impl Widget for &BigClock<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let size = Size::fitting(self.text, area);
        let width = size.width(self.text).min(area.width);
        let x0 = area.x + (area.width - width) / 2;
        let y0 = area.y + area.height.saturating_sub(size.height()) / 2;
        if size == Size::Text {
            let row = Rect::new(x0, y0, width, 1).intersection(area);
            Line::styled(self.text, self.style).render(row, buf);
            return;
        }
        let pw = size.pixel_width();
        let mut x = x0;
        for c in self.text.chars() {
            let Some(g) = glyph(c) else { continue };
            let gw = g[0].len() as u16;
            for (gx, _) in g[0].chars().enumerate() {
                let lit = |gy: usize| g[gy].as_bytes().get(gx) == Some(&b'#');
                match size {
                    Size::Small => {
                        for row in 0..3u16 {
                            let top = lit(row as usize * 2);
                            let bottom = row < 2 && lit(row as usize * 2 + 1);
                            let symbol = match (top, bottom) {
                                (true, true) => "█",
                                (true, false) => "▀",
                                (false, true) => "▄",
                                (false, false) => continue,
                            };
                            put(buf, area, x + gx as u16, y0 + row, symbol, self.style);
                        }
                    }
                    _ => {
                        let ph = size.height() / 5;
                        for gy in 0..5usize {
                            if !lit(gy) {
                                continue;
                            }
                            for dy in 0..ph {
                                for dx in 0..pw {
                                    let cx = x + gx as u16 * pw + dx;
                                    let cy = y0 + gy as u16 * ph + dy;
                                    put(buf, area, cx, cy, "█", self.style);
                                }
                            }
                        }
                    }
                }
            }
            x = x.saturating_add((gw + 1) * pw);
        }
    }
}

fn put(buf: &mut Buffer, area: Rect, x: u16, y: u16, symbol: &str, style: Style) {
    if x < area.right()
        && y < area.bottom()
        && let Some(cell) = buf.cell_mut((x, y))
    {
        cell.set_symbol(symbol).set_style(style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(buf: &Buffer) -> Vec<String> {
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn scales_down_with_the_area() {
        let clock = BigClock {
            text: "12:05",
            style: Style::new(),
        };
        let r = Rect::new(0, 0, 70, 10);
        assert_eq!(Size::fitting("12:05", r), Size::Huge);
        assert_eq!(Size::fitting("12:05", Rect::new(0, 0, 40, 6)), Size::Large);
        assert_eq!(Size::fitting("12:05", Rect::new(0, 0, 20, 3)), Size::Small);
        assert_eq!(Size::fitting("12:05", Rect::new(0, 0, 12, 3)), Size::Text);
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 3));
        clock.render(buf.area, &mut buf);
        let got = rows(&buf);
        // 1, 2, colon, 0, 5 in half blocks (18 columns, centred in 20).
        assert_eq!(got[0], " ▄█  ▀▀█ ▄ █▀█ █▀▀  ");
        assert_eq!(got[1], "  █  █▀▀ ▄ █ █ ▀▀█  ");
        assert_eq!(got[2], " ▀▀▀ ▀▀▀   ▀▀▀ ▀▀▀  ");
    }

    #[test]
    fn tiny_areas_show_text_or_nothing() {
        let clock = BigClock {
            text: "00:09",
            style: Style::new(),
        };
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        clock.render(buf.area, &mut buf);
        assert_eq!(rows(&buf)[0], "00:09 ");
        let mut buf = Buffer::empty(Rect::new(0, 0, 1, 1));
        clock.render(buf.area, &mut buf);
        assert_eq!(rows(&buf)[0], "0");
    }
}
