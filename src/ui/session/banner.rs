//! The side in big letters ("LEFT KNEE UP"), so a person on the floor can read which
//! side from across the room: a 3×5 capital font drawn in half blocks (three rows), like
//! the countdown's digits. When the whole label does not fit, its "left" or "right"
//! alone; when not even that fits (or the label has letters the font lacks), nothing, and
//! the phase line keeps the label in words. Pure drawing.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Rows the banner takes.
pub const HEIGHT: u16 = 3;

/// 3×5 glyphs (`#` lit), capitals and the few signs side labels use.
pub(crate) fn glyph(c: char) -> Option<[&'static str; 5]> {
    Some(match c.to_ascii_uppercase() {
        'A' => [".#.", "#.#", "###", "#.#", "#.#"],
        'B' => ["##.", "#.#", "##.", "#.#", "##."],
        'C' => [".##", "#..", "#..", "#..", ".##"],
        'D' => ["##.", "#.#", "#.#", "#.#", "##."],
        'E' => ["###", "#..", "##.", "#..", "###"],
        'F' => ["###", "#..", "##.", "#..", "#.."],
        'G' => [".##", "#..", "#.#", "#.#", ".##"],
        'H' => ["#.#", "#.#", "###", "#.#", "#.#"],
        'I' => ["###", ".#.", ".#.", ".#.", "###"],
        'J' => ["..#", "..#", "..#", "#.#", ".#."],
        'K' => ["#.#", "#.#", "##.", "#.#", "#.#"],
        'L' => ["#..", "#..", "#..", "#..", "###"],
        'M' => ["#.#", "###", "###", "#.#", "#.#"],
        'N' => ["##.", "#.#", "#.#", "#.#", "#.#"],
        'O' => [".#.", "#.#", "#.#", "#.#", ".#."],
        'P' => ["##.", "#.#", "##.", "#..", "#.."],
        'Q' => [".#.", "#.#", "#.#", "##.", ".##"],
        'R' => ["##.", "#.#", "##.", "#.#", "#.#"],
        'S' => [".##", "#..", ".#.", "..#", "##."],
        'T' => ["###", ".#.", ".#.", ".#.", ".#."],
        'U' => ["#.#", "#.#", "#.#", "#.#", "###"],
        'V' => ["#.#", "#.#", "#.#", "#.#", ".#."],
        'W' => ["#.#", "#.#", "###", "###", "#.#"],
        'X' => ["#.#", "#.#", ".#.", "#.#", "#.#"],
        'Y' => ["#.#", "#.#", ".#.", ".#.", ".#."],
        'Z' => ["###", "..#", ".#.", "#..", "###"],
        ' ' => ["..", "..", "..", "..", ".."],
        '-' => ["...", "...", "###", "...", "..."],
        ':' => [".", "#", ".", "#", "."],
        '\'' => ["#", "#", ".", ".", "."],
        _ => return None,
    })
}

/// Columns `text` takes in the font: each glyph and a column between glyphs; `None` when
/// a character has no glyph.
pub fn width(text: &str) -> Option<u16> {
    let mut total: u16 = 0;
    for (i, c) in text.chars().enumerate() {
        let g = glyph(c)?;
        total = total.saturating_add(g[0].len() as u16 + u16::from(i > 0));
    }
    Some(total)
}

/// What the banner shows for a side `label` in `room` columns: the label, or its "left"
/// or "right" alone, or nothing.
pub fn text_for(label: &str, room: u16) -> Option<String> {
    let label = label.trim();
    if width(label).is_some_and(|w| w <= room) && !label.is_empty() {
        return Some(label.to_uppercase());
    }
    label
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.eq_ignore_ascii_case("left") || w.eq_ignore_ascii_case("right"))
        .map(str::to_uppercase)
        .filter(|w| width(w).is_some_and(|n| n <= room))
}

/// Draws `text` centred in `area`, three rows of half blocks.
pub fn render(text: &str, style: Style, area: Rect, buf: &mut Buffer) {
    let Some(w) = width(text) else { return };
    if area.height < HEIGHT || w > area.width {
        return;
    }
    let mut x = area.x + (area.width - w) / 2;
    for c in text.chars() {
        let Some(g) = glyph(c) else { continue };
        for gx in 0..g[0].len() {
            let lit = |gy: usize| g[gy].as_bytes().get(gx) == Some(&b'#');
            for row in 0..HEIGHT {
                let top = lit(usize::from(row) * 2);
                let bottom = row < 2 && lit(usize::from(row) * 2 + 1);
                let symbol = match (top, bottom) {
                    (true, true) => "█",
                    (true, false) => "▀",
                    (false, true) => "▄",
                    (false, false) => continue,
                };
                if let Some(cell) = buf.cell_mut((x + gx as u16, area.y + row)) {
                    cell.set_symbol(symbol).set_style(style);
                }
            }
        }
        x += g[0].len() as u16 + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_label_when_it_fits_else_its_side_else_nothing() {
        assert_eq!(
            text_for("left knee up", 78).as_deref(),
            Some("LEFT KNEE UP")
        );
        // 24 letters and spaces: too wide for 78 columns.
        assert_eq!(
            text_for("lying on your right side", 78).as_deref(),
            Some("RIGHT")
        );
        assert_eq!(text_for("clockwise", 8), None);
        assert_eq!(text_for("hands → left", 100).as_deref(), Some("LEFT"));
        assert_eq!(text_for("", 100), None);
    }

    #[test]
    fn draws_three_rows_of_half_blocks() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 7, 3));
        render("LE", Style::new(), buf.area, &mut buf);
        let rows: Vec<String> = (0..3)
            .map(|y| (0..7).map(|x| buf[(x, y)].symbol().to_string()).collect())
            .collect();
        assert_eq!(rows, ["█   █▀▀", "█   █▀ ", "▀▀▀ ▀▀▀"]);
    }
}
