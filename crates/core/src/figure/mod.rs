//! The figure of an exercise as lines and circles: a pose ([`crate::routine::pose`])
//! becomes [`Shape`]s on its grid (the floor, the props, the far limbs, then the body and
//! the near limbs), and [`keyframe`] says which pose shows at a moment of the session
//! (the start or the shape held, the side's pose, mirrored for a right side). The
//! terminal draws the shapes with ratatui's canvas (`ui::figure`), [`svg`] writes them
//! as an SVG file: one drawing, two outputs. Pure: no terminal, no files.

pub mod svg;

use crate::routine::Exercise;
use crate::routine::pose::{HEAD, HEIGHT, Pose, Prop, View, WIDTH};
use crate::session::Phase;

/// How the figure is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dots {
    /// Braille dots: 2×4 to a cell.
    #[default]
    Braille,
    /// Half blocks: 1×2 to a cell, for a font without braille (the Linux console).
    HalfBlock,
}

impl Dots {
    /// Half blocks on the Linux console (`TERM=linux`, whose font has no braille),
    /// braille dots elsewhere.
    pub fn for_term(term: Option<&str>) -> Dots {
        match term {
            Some(t) if t == "linux" || t.starts_with("vt") => Dots::HalfBlock,
            _ => Dots::Braille,
        }
    }
}

/// One stroke of a figure, on the pose grid (y up).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// `far` strokes are behind the body (the far arm and leg), drawn lighter.
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        far: bool,
    },
    Circle {
        x: f64,
        y: f64,
        r: f64,
    },
}

/// Height of a chair's back above its seat.
const CHAIR_BACK: i32 = 16;
/// Thickness of a pad, pillow or pack.
const PAD: i32 = 3;

fn line(a: (i32, i32), b: (i32, i32), far: bool) -> Shape {
    Shape::Line {
        x1: f64::from(a.0),
        y1: f64::from(a.1),
        x2: f64::from(b.0),
        y2: f64::from(b.1),
        far,
    }
}

/// The pose's strokes, back to front: the floor, the props, the far limbs, the spine and
/// head, the near limbs.
pub fn shapes(pose: &Pose) -> Vec<Shape> {
    let mut out = Vec::new();
    if pose.view != View::Above {
        out.push(line((0, 0), (WIDTH, 0), false));
    }
    for prop in &pose.props {
        prop_shapes(*prop, &mut out);
    }
    let p = |q: crate::routine::pose::Point| (q.x, q.y);
    let limb = |out: &mut Vec<Shape>, from, joints: [crate::routine::pose::Point; 2], far| {
        out.push(line(from, p(joints[0]), far));
        out.push(line(p(joints[0]), p(joints[1]), far));
    };
    let (neck, hips) = (p(pose.neck), p(pose.hips));
    if pose.other_arm != pose.arm {
        limb(&mut out, neck, pose.other_arm, true);
    }
    if pose.other_leg != pose.leg {
        limb(&mut out, hips, pose.other_leg, true);
    }
    out.push(line(neck, p(pose.back), false));
    out.push(line(p(pose.back), hips, false));
    // The neck: from the spine's top to the edge of the head.
    let (dx, dy) = (
        f64::from(pose.head.x - pose.neck.x),
        f64::from(pose.head.y - pose.neck.y),
    );
    let len = dx.hypot(dy);
    if len > f64::from(HEAD) {
        let k = (len - f64::from(HEAD)) / len;
        out.push(Shape::Line {
            x1: f64::from(pose.neck.x),
            y1: f64::from(pose.neck.y),
            x2: f64::from(pose.neck.x) + dx * k,
            y2: f64::from(pose.neck.y) + dy * k,
            far: false,
        });
    }
    out.push(Shape::Circle {
        x: f64::from(pose.head.x),
        y: f64::from(pose.head.y),
        r: f64::from(HEAD),
    });
    limb(&mut out, hips, pose.leg, false);
    limb(&mut out, neck, pose.arm, false);
    out
}

fn prop_shapes(prop: Prop, out: &mut Vec<Shape>) {
    let rect = |out: &mut Vec<Shape>, x: i32, y: i32, w: i32, h: i32| {
        out.push(line((x, y), (x + w, y), false));
        out.push(line((x + w, y), (x + w, y + h), false));
        out.push(line((x + w, y + h), (x, y + h), false));
        out.push(line((x, y + h), (x, y), false));
    };
    let circle = |x: i32, y: i32, r: i32| Shape::Circle {
        x: f64::from(x),
        y: f64::from(y),
        r: f64::from(r),
    };
    match prop {
        Prop::Ball { x, y, r } => out.push(circle(x, y, r)),
        Prop::Roller { x, y, r } => {
            out.push(circle(x, y, r));
            out.push(circle(x, y, (r / 3).max(1)));
        }
        Prop::Wall { x } => out.push(line((x, 0), (x, HEIGHT), false)),
        Prop::Chair { x, seat, w } => {
            out.push(line((x, seat), (x + w, seat), false));
            out.push(line((x, 0), (x, seat + CHAIR_BACK), false));
            out.push(line((x + w, 0), (x + w, seat), false));
        }
        Prop::Counter { x, h, w } => {
            // The top, with its edge, and the cupboard's front below at the far end.
            out.push(line((x, h), (x + w, h), false));
            out.push(line((x, h), (x, h - PAD), false));
            out.push(line((x + w / 4, h - PAD), (x + w / 4, 0), false));
        }
        Prop::Bath { x, w, h } => {
            out.push(line((x, h), (x, 0), false));
            out.push(line((x + w, 0), (x + w, h), false));
        }
        Prop::Pad { x, y, w } => rect(out, x, y, w, PAD),
    }
}

/// The part of the grid a set of pictures uses, with a margin: `[x0, x1]`, `[y0, y1]`.
/// Every keyframe of an exercise is drawn in the same frame, so nothing jumps or
/// rescales when the picture changes with the phase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub x: [f64; 2],
    pub y: [f64; 2],
}

impl Frame {
    /// The whole grid.
    pub const GRID: Frame = Frame {
        x: [0.0, WIDTH as f64],
        y: [0.0, HEIGHT as f64],
    };

    /// Width over height.
    pub fn aspect(&self) -> f64 {
        (self.x[1] - self.x[0]) / (self.y[1] - self.y[0]).max(1.0)
    }
}

/// Room left around a figure's strokes, in grid units.
const MARGIN: f64 = 3.0;

/// The frame that holds every stroke of `poses` (not the floor's ends), with a margin.
pub fn frame<'a>(poses: impl IntoIterator<Item = &'a Pose>) -> Frame {
    let mut x = [f64::MAX, f64::MIN];
    let mut y = [f64::MAX, f64::MIN];
    let mut floor = false;
    let mut grow = |px: f64, py: f64| {
        x = [x[0].min(px), x[1].max(px)];
        y = [y[0].min(py), y[1].max(py)];
    };
    for pose in poses {
        floor |= pose.view != View::Above;
        for s in shapes(pose) {
            match s {
                Shape::Line { x1, y1, x2, y2, .. } => {
                    if y1 == 0.0 && y2 == 0.0 && x1 == 0.0 && x2 == f64::from(WIDTH) {
                        continue; // the floor
                    }
                    grow(x1, y1);
                    grow(x2, y2);
                }
                Shape::Circle { x: cx, y: cy, r } => {
                    grow(cx - r, cy - r);
                    grow(cx + r, cy + r);
                }
            }
        }
    }
    if x[0] > x[1] {
        return Frame::GRID;
    }
    Frame {
        x: [
            (x[0] - MARGIN).max(0.0),
            (x[1] + MARGIN).min(f64::from(WIDTH)),
        ],
        y: [
            if floor { 0.0 } else { (y[0] - MARGIN).max(0.0) },
            (y[1] + MARGIN).min(f64::from(HEIGHT)),
        ],
    }
}

/// True when a side's label names a right before any left ("right knee across", "lying on
/// your right side"): that side is the pose mirrored.
pub fn mirrors(label: &str) -> bool {
    label
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.eq_ignore_ascii_case("left") || w.eq_ignore_ascii_case("right"))
        .is_some_and(|w| w.eq_ignore_ascii_case("right"))
}

/// How an exercise's keyframes follow the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follows {
    /// One pose throughout (mirrored on a right side).
    Hold,
    /// A pose per side, in the sides' order (cat, then cow): sides that are shapes, not a
    /// left and a right.
    Sides,
    /// A move: the first pose to get into (get-ready, rest, switch), the last one held.
    Move,
}

/// How `step`'s figure follows the session.
pub fn follows(step: &Exercise) -> Follows {
    let n = step.figure.len();
    if n > 1 && n == step.sides.len() && !step.has_left_right() {
        Follows::Sides
    } else if n > 1 {
        Follows::Move
    } else {
        Follows::Hold
    }
}

/// The pose to show for `step` in `phase` on side `side` (an index into its sides):
/// `None` when the step has no figure.
pub fn keyframe(step: &Exercise, phase: Phase, side: Option<usize>) -> Option<Pose> {
    let frames = &step.figure;
    let pose = match follows(step) {
        Follows::Sides => frames.get(side.unwrap_or(0)).or(frames.first()),
        Follows::Move => match phase {
            Phase::Hold | Phase::OpenHold | Phase::Alarm => frames.last(),
            _ => frames.first(),
        },
        Follows::Hold => frames.first(),
    }?;
    let mirrored = side
        .and_then(|i| step.sides.get(i))
        .is_some_and(|label| mirrors(label));
    Some(if mirrored {
        pose.mirrored()
    } else {
        pose.clone()
    })
}

/// Every picture `step` shows, in order, each with what it is for: `("cat: round up",
/// pose)`, `("start", pose)`, `("hold", pose)`, one per side for a mirrored side.
pub fn pictures(step: &Exercise) -> Vec<(String, Pose)> {
    let mut out: Vec<(String, Pose)> = Vec::new();
    match follows(step) {
        Follows::Sides => {
            for (i, label) in step.sides.iter().enumerate() {
                if let Some(p) = keyframe(step, Phase::Hold, Some(i)) {
                    out.push((label.clone(), p));
                }
            }
        }
        Follows::Move => {
            let sides: Vec<Option<usize>> = if step.sides.is_empty() {
                vec![None]
            } else {
                (0..step.sides.len()).map(Some).collect()
            };
            for side in sides {
                let tag = |what: &str| match side.and_then(|i| step.sides.get(i)) {
                    Some(label) => format!("{label}: {what}"),
                    None => what.to_string(),
                };
                if let Some(p) = keyframe(step, Phase::GetReady, side) {
                    out.push((tag("start"), p));
                }
                if let Some(p) = keyframe(step, Phase::Hold, side) {
                    out.push((tag("hold"), p));
                }
            }
        }
        Follows::Hold => {
            if step.sides.iter().any(|s| mirrors(s)) {
                for (i, label) in step.sides.iter().enumerate() {
                    if let Some(p) = keyframe(step, Phase::Hold, Some(i)) {
                        out.push((label.clone(), p));
                    }
                }
            } else if let Some(p) = keyframe(step, Phase::Hold, None) {
                out.push(("hold".to_string(), p));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_right_side_mirrors_and_a_left_or_a_shape_does_not() {
        assert!(mirrors("right knee across"));
        assert!(mirrors("lying on your right side"));
        assert!(!mirrors("left foot on right thigh"));
        assert!(mirrors("right foot on left thigh"));
        assert!(!mirrors("cat: round up"));
        assert!(!mirrors("brighter"));
    }

    use crate::routine::load;

    /// Every exercise shipped, and every step of every shipped routine.
    fn shipped_steps() -> Vec<Exercise> {
        let lib = load::shipped();
        let mut all = lib.exercises.clone();
        all.extend(lib.routines.iter().flat_map(|r| r.steps.iter().cloned()));
        all
    }

    #[test]
    fn every_shipped_exercise_has_a_figure_with_words() {
        for step in shipped_steps() {
            assert!(!step.figure.is_empty(), "{} has no figure", step.id);
            for pose in &step.figure {
                assert!(!pose.alt.trim().is_empty(), "{}: {}", step.id, pose.name);
            }
            for phase in [
                Phase::GetReady,
                Phase::Hold,
                Phase::Rest,
                Phase::SwitchSides,
            ] {
                let sides: Vec<Option<usize>> = if step.sides.is_empty() {
                    vec![None]
                } else {
                    (0..step.sides.len()).map(Some).collect()
                };
                for side in sides {
                    assert!(keyframe(&step, phase, side).is_some(), "{}", step.id);
                }
            }
        }
    }

    /// Every stroke's ends (circles' centres), sorted: the picture as a set of points.
    fn points(pose: &Pose) -> Vec<(i64, i64)> {
        let mut out: Vec<(i64, i64)> = shapes(pose)
            .into_iter()
            .flat_map(|s| match s {
                Shape::Line { x1, y1, x2, y2, .. } => vec![(x1, y1), (x2, y2)],
                Shape::Circle { x, y, .. } => vec![(x, y)],
            })
            .map(|(x, y)| ((x * 2.0).round() as i64, (y * 2.0).round() as i64))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn a_right_side_is_the_left_side_in_a_mirror() {
        let mut checked = 0;
        for step in shipped_steps() {
            let left = step
                .sides
                .iter()
                .position(|s| !mirrors(s) && s.contains("left"));
            let right = step.sides.iter().position(|s| mirrors(s));
            let (Some(l), Some(r)) = (left, right) else {
                continue;
            };
            for phase in [Phase::GetReady, Phase::Hold] {
                let a = keyframe(&step, phase, Some(l)).expect("a figure");
                let b = keyframe(&step, phase, Some(r)).expect("a figure");
                let reflected: Vec<(i64, i64)> = {
                    let mut p: Vec<(i64, i64)> = points(&a)
                        .into_iter()
                        .map(|(x, y)| (2 * i64::from(WIDTH) - x, y))
                        .collect();
                    p.sort_unstable();
                    p
                };
                assert_eq!(points(&b), reflected, "{} {phase:?}", step.id);
                assert_ne!(points(&a), points(&b), "{}", step.id);
            }
            checked += 1;
        }
        assert!(
            checked >= 8,
            "only {checked} exercises with a left and a right"
        );
    }

    #[test]
    fn keyframes_differ_where_the_move_moves_and_follow_the_phase() {
        let lib = load::shipped();
        for ex in &lib.exercises {
            match follows(ex) {
                Follows::Move => {
                    let start = keyframe(ex, Phase::GetReady, None).expect("start");
                    let hold = keyframe(ex, Phase::Hold, None).expect("hold");
                    assert_ne!(points(&start), points(&hold), "{}", ex.id);
                    assert_eq!(keyframe(ex, Phase::Rest, None), Some(start), "{}", ex.id);
                }
                Follows::Sides => {
                    let a = keyframe(ex, Phase::Hold, Some(0)).expect("first");
                    let b = keyframe(ex, Phase::Hold, Some(1)).expect("second");
                    assert_ne!(points(&a), points(&b), "{}", ex.id);
                }
                Follows::Hold => {}
            }
        }
        let named = |id: &str, phase, side| {
            let ex = lib.exercise(id).expect("shipped");
            keyframe(ex, phase, side).map(|p| p.name)
        };
        assert_eq!(
            named("cat_cow", Phase::Hold, Some(0)).as_deref(),
            Some("cat")
        );
        assert_eq!(
            named("cat_cow", Phase::SwitchSides, Some(1)).as_deref(),
            Some("cow")
        );
        assert_eq!(
            named("glute_bridge", Phase::GetReady, None).as_deref(),
            Some("hook_lying")
        );
        assert_eq!(
            named("glute_bridge", Phase::Hold, None).as_deref(),
            Some("bridge_up")
        );
        assert_eq!(
            named("glute_bridge", Phase::Rest, None).as_deref(),
            Some("hook_lying")
        );
        assert_eq!(
            named("pelvic_tilt", Phase::Hold, None).as_deref(),
            Some("pelvic_tilt")
        );
    }
}
