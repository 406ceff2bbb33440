//! A pose as a standalone SVG: the same [`super::shapes`] the terminal draws, as `<line>`
//! and `<circle>` elements, with the alt text as the picture's title. Pure: a string out.

use super::{Frame, Shape, shapes};
use crate::routine::pose::Pose;
use crate::text::markup as escape;

/// Pixels per grid unit.
const SCALE: f64 = 4.0;
/// Room around the grid, in grid units.
const MARGIN: f64 = 6.0;

/// The SVG document for `pose`, titled `title` (the exercise and the keyframe).
pub fn document(pose: &Pose, frame: Frame, title: &str) -> String {
    let w = (frame.x[1] - frame.x[0] + 2.0 * MARGIN) * SCALE;
    let h = (frame.y[1] - frame.y[0] + 2.0 * MARGIN) * SCALE;
    // Grid to picture: x right, y down from the top.
    let px = |x: f64| (x - frame.x[0] + MARGIN) * SCALE;
    let py = |y: f64| (frame.y[1] - y + MARGIN) * SCALE;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{alt}\">\n<title>{title}</title>\n<desc>{alt}</desc>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<g fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n",
        alt = escape(&pose.alt),
        title = escape(title),
    );
    for shape in shapes(pose) {
        match shape {
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                far,
            } => {
                let (colour, width) = if far { ("#8a8a8a", 5) } else { ("#222", 6) };
                out.push_str(&format!(
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"{width}\"/>\n",
                    px(x1),
                    py(y1),
                    px(x2),
                    py(y2)
                ));
            }
            Shape::Circle { x, y, r } => {
                out.push_str(&format!(
                    "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" stroke=\"#222\" stroke-width=\"5\"/>\n",
                    px(x),
                    py(y),
                    r * SCALE
                ));
            }
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}
