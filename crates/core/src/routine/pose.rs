//! Poses: a stick figure as data. A pose is a few joints on a small grid (head, neck,
//! mid-back, hips, each arm's elbow and hand, each leg's knee and foot), seen from the
//! side or the front, with the props the step uses (ball, roller, chair, wall, bath,
//! pillow, …) and a short alt text for plain mode and screen readers. The other side of
//! an exercise is the same pose mirrored ([`Pose::mirrored`]), never a second drawing.
//! How a pose becomes lines and circles, and which keyframe shows when, is
//! `crate::figure`'s; reading poses from a routine file is `load`'s. Pure: no I/O.

/// The grid's width: x runs from 0 (left) to `WIDTH`.
pub const WIDTH: i32 = 100;
/// The grid's height: y runs from 0 (the floor) up to `HEIGHT`.
pub const HEIGHT: i32 = 60;
/// The head's radius, in grid units.
pub const HEAD: i32 = 5;

/// A joint or a prop's place on the grid (y up, the floor at 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub x: i32,
    pub y: i32,
}

impl Point {
    pub const fn new(x: i32, y: i32) -> Point {
        Point { x, y }
    }

    /// The point seen in a mirror standing at the grid's middle.
    pub const fn mirrored(self) -> Point {
        Point {
            x: WIDTH - self.x,
            y: self.y,
        }
    }
}

/// From where the figure is seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// From the side: most stretches.
    #[default]
    Side,
    /// From the front (circles, a side bend, lying on one side seen from the belly).
    Front,
    /// From above, for lying poses that move along the floor (a twist, arms opening):
    /// no floor line.
    Above,
}

impl View {
    pub const ALL: [(View, &'static str); 3] = [
        (View::Side, "side"),
        (View::Front, "front"),
        (View::Above, "above"),
    ];

    pub fn from_word(word: &str) -> Option<View> {
        View::ALL
            .into_iter()
            .find(|(_, w)| *w == word.trim())
            .map(|(v, _)| v)
    }

    pub fn word(self) -> &'static str {
        match self {
            View::Side => "side",
            View::Front => "front",
            View::Above => "above",
        }
    }
}

/// A thing the step uses, drawn as simple shapes. Coordinates are on the pose's grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prop {
    /// An exercise ball (or a tennis ball): a circle.
    Ball { x: i32, y: i32, r: i32 },
    /// A foam roller seen end on: a circle with its core.
    Roller { x: i32, y: i32, r: i32 },
    /// A wall: a vertical line from the floor to the top.
    Wall { x: i32 },
    /// A chair seen from the side: the seat at height `seat` from `x` to `x + w`, its
    /// legs, and its back rising from `x`.
    Chair { x: i32, seat: i32, w: i32 },
    /// A counter or desk: the top at height `h` from `x` to `x + w`, and its front.
    Counter { x: i32, h: i32, w: i32 },
    /// A bath: open at the top, `w` wide and `h` high, from `x`.
    Bath { x: i32, w: i32, h: i32 },
    /// A pillow, a heat pad or an ice pack: a flat box `w` wide from (`x`, `y`).
    Pad { x: i32, y: i32, w: i32 },
}

impl Prop {
    /// Every prop's word in a routine file.
    pub const WORDS: [&'static str; 7] =
        ["Ball", "Roller", "Wall", "Chair", "Counter", "Bath", "Pad"];

    /// The prop seen in the mirror (a chair's back and a box's extent flip sides).
    pub fn mirrored(self) -> Prop {
        let m = |x: i32| WIDTH - x;
        match self {
            Prop::Ball { x, y, r } => Prop::Ball { x: m(x), y, r },
            Prop::Roller { x, y, r } => Prop::Roller { x: m(x), y, r },
            Prop::Wall { x } => Prop::Wall { x: m(x) },
            Prop::Chair { x, seat, w } => Prop::Chair {
                x: m(x),
                seat,
                w: -w,
            },
            Prop::Counter { x, h, w } => Prop::Counter { x: m(x), h, w: -w },
            Prop::Bath { x, w, h } => Prop::Bath { x: m(x), w: -w, h },
            Prop::Pad { x, y, w } => Prop::Pad { x: m(x), y, w: -w },
        }
    }
}

/// One pose: the figure's joints, its props, and what it shows in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pose {
    /// The name an exercise uses for it (`"cat"`, `"bridge_up"`).
    pub name: String,
    /// A few words for someone who cannot see the picture: "on hands and knees, back
    /// rounded up".
    pub alt: String,
    pub view: View,
    /// The head's centre.
    pub head: Point,
    /// The top of the spine, where the arms hang from.
    pub neck: Point,
    /// The middle of the back: where it rounds up or sags.
    pub back: Point,
    /// The hips, where the legs hang from.
    pub hips: Point,
    /// The near arm: elbow, hand.
    pub arm: [Point; 2],
    /// The far arm (drawn behind the near one).
    pub other_arm: [Point; 2],
    /// The near leg: knee, foot.
    pub leg: [Point; 2],
    /// The far leg.
    pub other_leg: [Point; 2],
    pub props: Vec<Prop>,
}

impl Pose {
    /// The same pose seen in a mirror: what the other side of an exercise looks like.
    pub fn mirrored(&self) -> Pose {
        let pair = |p: [Point; 2]| [p[0].mirrored(), p[1].mirrored()];
        Pose {
            name: self.name.clone(),
            alt: self.alt.clone(),
            view: self.view,
            head: self.head.mirrored(),
            neck: self.neck.mirrored(),
            back: self.back.mirrored(),
            hips: self.hips.mirrored(),
            arm: pair(self.arm),
            other_arm: pair(self.other_arm),
            leg: pair(self.leg),
            other_leg: pair(self.other_leg),
            props: self.props.iter().map(|p| p.mirrored()).collect(),
        }
    }

    /// Every joint, head first.
    pub fn joints(&self) -> [Point; 12] {
        [
            self.head,
            self.neck,
            self.back,
            self.hips,
            self.arm[0],
            self.arm[1],
            self.other_arm[0],
            self.other_arm[1],
            self.leg[0],
            self.leg[1],
            self.other_leg[0],
            self.other_leg[1],
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirroring_twice_is_the_pose_again() {
        let pose = Pose {
            name: "p".into(),
            alt: "a".into(),
            view: View::Side,
            head: Point::new(10, 50),
            neck: Point::new(12, 44),
            back: Point::new(13, 35),
            hips: Point::new(14, 28),
            arm: [Point::new(20, 36), Point::new(26, 40)],
            other_arm: [Point::new(18, 36), Point::new(22, 30)],
            leg: [Point::new(16, 14), Point::new(14, 0)],
            other_leg: [Point::new(12, 14), Point::new(10, 0)],
            props: vec![
                Prop::Chair {
                    x: 30,
                    seat: 18,
                    w: 14,
                },
                Prop::Wall { x: 0 },
            ],
        };
        let m = pose.mirrored();
        assert_ne!(m, pose);
        assert_eq!(m.head, Point::new(90, 50));
        assert_eq!(m.props[1], Prop::Wall { x: 100 });
        assert_eq!(m.mirrored(), pose);
    }
}
