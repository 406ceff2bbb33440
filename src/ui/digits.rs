//! The big countdown: `mm:ss` drawn in a 3×5 block font at any whole scale the area
//! allows (scale `k`: each pixel `2k` columns by `k` rows), then smaller (half-block
//! rows), then plain text on small terminals. The same drawing writes words in the
//! banner's capitals (desk mode's "STAND UP" and how long the break has been due). Pure
//! drawing.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// 3×5 glyphs; `#` is a lit pixel. The colon is one pixel wide. Letters and a few signs
/// are the banner's (one table of capitals).
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
        _ => return super::session::banner::glyph(c),
    })
}

/// How big the digits are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// Scale `k` (1 or more): each pixel `2k` columns × `k` rows, so `5k` rows tall.
    Block(u16),
    /// Each pixel 1 column × half a row: 3 rows tall.
    Half,
    /// Plain text, one row.
    Text,
}

impl Size {
    /// Rows this size needs.
    pub fn height(self) -> u16 {
        match self {
            Size::Block(k) => k.saturating_mul(5),
            Size::Half => 3,
            Size::Text => 1,
        }
    }

    fn pixel_width(self) -> u16 {
        match self {
            Size::Block(k) => k.saturating_mul(2),
            Size::Half | Size::Text => 1,
        }
    }

    /// Columns `text` needs at this size.
    pub fn width(self, text: &str) -> u16 {
        if self == Size::Text {
            return super::text::width(text).try_into().unwrap_or(u16::MAX);
        }
        self.pixel_width().saturating_mul(pixels(text))
    }

    /// Every size `text` fits in `width` columns, smallest first: plain text, half
    /// blocks, then scale 1, 2, 3… as far as the width allows.
    pub fn ladder(text: &str, width: u16) -> Vec<Size> {
        let mut sizes = vec![Size::Text];
        if Size::Half.width(text) <= width {
            sizes.push(Size::Half);
        }
        let per_scale = Size::Block(1).width(text).max(1);
        sizes.extend((1..=width / per_scale).map(Size::Block));
        sizes
    }

    /// The largest size that fits `text` in `area`.
    pub fn fitting(text: &str, area: Rect) -> Size {
        Size::ladder(text, area.width)
            .into_iter()
            .rev()
            .find(|s| s.height() <= area.height)
            .unwrap_or(Size::Text)
    }
}

/// Width of `text` in font pixels: glyphs and one pixel between them.
fn pixels(text: &str) -> u16 {
    let glyphs: Vec<u16> = text
        .chars()
        .filter_map(glyph)
        .map(|g| g[0].len() as u16)
        .collect();
    let gaps = glyphs.len().saturating_sub(1) as u16;
    glyphs.iter().sum::<u16>() + gaps
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
                    Size::Half => {
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
        assert_eq!(Size::fitting("12:05", r), Size::Block(2));
        assert_eq!(
            Size::fitting("12:05", Rect::new(0, 0, 40, 6)),
            Size::Block(1)
        );
        assert_eq!(Size::fitting("12:05", Rect::new(0, 0, 20, 3)), Size::Half);
        assert_eq!(Size::fitting("12:05", Rect::new(0, 0, 12, 3)), Size::Text);
        // Grows with the room: 17 pixels wide, so scale 4 needs 136 columns.
        assert_eq!(
            Size::fitting("12:05", Rect::new(0, 0, 168, 48)),
            Size::Block(4)
        );
        assert_eq!(
            Size::fitting("12:05", Rect::new(0, 0, 135, 48)),
            Size::Block(3)
        );
        assert_eq!(Size::Block(4).height(), 20);
        assert_eq!(
            Size::ladder("12:05", 70),
            [Size::Text, Size::Half, Size::Block(1), Size::Block(2)]
        );
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
