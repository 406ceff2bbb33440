//! The file's `poses` and each exercise's `figure`: every joint and prop on the pose grid,
//! limbs of two points, names unique in the file (one named like a shipped pose replaces
//! it for the file's exercises, as an exercise does), an alt text, and every
//! name an exercise's figure uses defined here or shipped (with the nearest name
//! suggested for a typo). Every problem is reported at its value.

use std::collections::HashMap;

use super::super::raw::{RawPose, RawProp};
use super::super::{Problems, nearest, quote};
use super::text;
use crate::routine::pose::{HEIGHT, Point, Pose, Prop, View, WIDTH};

/// At most this many keyframes in one figure.
const MAX_KEYFRAMES: usize = 8;
/// At most this many props in one pose.
const MAX_PROPS: usize = 8;
const MAX_ALT: usize = 200;

/// The poses a file's exercises may name: the file's own (valid ones resolved; broken
/// ones known by name, so a figure naming one is not also told it does not exist) and the
/// base library's.
pub(super) struct Poses<'a> {
    pub fresh: Vec<Pose>,
    defined: HashMap<&'a str, Option<usize>>,
    base: &'a [Pose],
}

/// Checks every pose of the file.
pub(super) fn all<'a>(raw: &'a [RawPose], base: &'a [Pose], report: &mut Problems) -> Poses<'a> {
    let mut poses = Poses {
        fresh: Vec::new(),
        defined: HashMap::new(),
        base,
    };
    for (i, p) in raw.iter().enumerate() {
        let path = format!("poses[{i}]");
        if poses.defined.contains_key(p.name.as_str()) {
            report.at(
                &format!("{path}.name"),
                format!("pose {} is defined twice", quote(&p.name)),
            );
            continue;
        }
        let before = report.problems.len() + report.not_shown;
        let pose = pose(p, &path, report);
        let clean = report.problems.len() + report.not_shown == before;
        let at = match pose {
            Some(pose) if clean => {
                poses.fresh.push(pose);
                Some(poses.fresh.len() - 1)
            }
            _ => None,
        };
        poses.defined.insert(&p.name, at);
    }
    poses
}

impl Poses<'_> {
    /// An exercise's `figure`: its keyframes, resolved; `None` when a name is unknown or
    /// broken (reported here, or already at the pose).
    pub(super) fn figure(
        &self,
        names: &[String],
        path: &str,
        report: &mut Problems,
    ) -> Option<Vec<Pose>> {
        if names.len() > MAX_KEYFRAMES {
            report.at(
                &format!("{path}.figure"),
                format!(
                    "figure has {} keyframes; the limit is {MAX_KEYFRAMES}",
                    names.len()
                ),
            );
            return None;
        }
        let mut frames = Vec::new();
        let mut whole = true;
        for (k, name) in names.iter().enumerate() {
            match self.defined.get(name.as_str()) {
                Some(Some(i)) => frames.extend(self.fresh.get(*i).cloned()),
                Some(None) => whole = false,
                None => match self.base.iter().find(|p| &p.name == name) {
                    Some(p) => frames.push(p.clone()),
                    None => {
                        whole = false;
                        let names = self
                            .defined
                            .keys()
                            .copied()
                            .chain(self.base.iter().map(|p| p.name.as_str()));
                        let hint = match nearest(name, names) {
                            Some(near) => format!("; did you mean {}?", quote(near)),
                            None => "; define it under poses, or use a built-in pose (docs/figures.md lists them)".to_string(),
                        };
                        report.at(
                            &format!("{path}.figure[{k}]"),
                            format!("no pose {}{hint}", quote(name)),
                        );
                    }
                },
            }
        }
        whole.then_some(frames)
    }
}

fn pose(p: &RawPose, path: &str, report: &mut Problems) -> Option<Pose> {
    let good = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-';
    if p.name.is_empty() || p.name.len() > 64 || !p.name.chars().all(good) {
        report.at(
            &format!("{path}.name"),
            format!(
                "pose name {} must be 1 to 64 lower-case letters, digits, \"_\" or \"-\"",
                quote(&p.name)
            ),
        );
    }
    text(
        report,
        || (format!("{path}.alt"), "alt text (alt)".to_string()),
        &p.alt,
        MAX_ALT,
        true,
    );
    let view = match p.view.as_deref() {
        None => Some(View::Side),
        Some(word) => {
            let v = View::from_word(word);
            if v.is_none() {
                report.at(
                    &format!("{path}.view"),
                    format!(
                        "view {} is not a view; write \"side\", \"front\" or \"above\"",
                        quote(word)
                    ),
                );
            }
            v
        }
    };
    let head = point(report, path, "head", p.head);
    let neck = point(report, path, "neck", p.neck);
    let hips = point(report, path, "hips", p.hips);
    let back = match p.back {
        Some(b) => point(report, path, "back", b),
        // Halfway down the spine when not given.
        None => Some(Point::new(
            (p.neck.0 + p.hips.0).clamp(0, 2 * i64::from(WIDTH)) as i32 / 2,
            (p.neck.1 + p.hips.1).clamp(0, 2 * i64::from(HEIGHT)) as i32 / 2,
        )),
    };
    let arm = limb(report, path, "arm", "elbow and hand", &p.arm);
    let leg = limb(report, path, "leg", "knee and foot", &p.leg);
    let other_arm = match &p.other_arm {
        Some(a) => limb(report, path, "other_arm", "elbow and hand", a),
        None => arm,
    };
    let other_leg = match &p.other_leg {
        Some(l) => limb(report, path, "other_leg", "knee and foot", l),
        None => leg,
    };
    if p.props.len() > MAX_PROPS {
        report.at(
            &format!("{path}.props"),
            format!(
                "props has {} items; the limit is {MAX_PROPS}",
                p.props.len()
            ),
        );
    }
    let props: Vec<Option<Prop>> = p
        .props
        .iter()
        .take(MAX_PROPS)
        .enumerate()
        .map(|(k, prop)| self::prop(report, &format!("{path}.props[{k}]"), prop))
        .collect();
    Some(Pose {
        name: p.name.clone(),
        alt: p.alt.trim().to_string(),
        view: view?,
        head: head?,
        neck: neck?,
        back: back?,
        hips: hips?,
        arm: arm?,
        other_arm: other_arm?,
        leg: leg?,
        other_leg: other_leg?,
        props: props.into_iter().collect::<Option<Vec<_>>>()?,
    })
}

/// A coordinate on the grid: x from 0 to [`WIDTH`], y from 0 to [`HEIGHT`].
fn coordinate(value: i64, x: bool) -> Option<i32> {
    let max = if x { WIDTH } else { HEIGHT };
    i32::try_from(value).ok().filter(|v| (0..=max).contains(v))
}

fn grid_words() -> String {
    format!("x from 0 to {WIDTH}, y from 0 (the floor) to {HEIGHT}")
}

fn point(report: &mut Problems, path: &str, field: &str, (x, y): (i64, i64)) -> Option<Point> {
    match (coordinate(x, true), coordinate(y, false)) {
        (Some(x), Some(y)) => Some(Point::new(x, y)),
        _ => {
            report.at(
                &format!("{path}.{field}"),
                format!(
                    "{field} ({x}, {y}) is off the pose grid; write a point with {}",
                    grid_words()
                ),
            );
            None
        }
    }
}

fn limb(
    report: &mut Problems,
    path: &str,
    field: &str,
    joints: &str,
    points: &[(i64, i64)],
) -> Option<[Point; 2]> {
    let [a, b] = points else {
        report.at(
            &format!("{path}.{field}"),
            format!(
                "{field} has {} points; write two, the {joints}: [(x, y), (x, y)]",
                points.len()
            ),
        );
        return None;
    };
    let a = point(report, path, &format!("{field}[0]"), *a);
    let b = point(report, path, &format!("{field}[1]"), *b);
    Some([a?, b?])
}

fn prop(report: &mut Problems, path: &str, prop: &RawProp) -> Option<Prop> {
    let mut bad: Vec<String> = Vec::new();
    let mut x = |v: i64, name: &str| {
        let across = name != "y" && name != "seat" && name != "h";
        coordinate(v, across).or_else(|| {
            let max = if across { WIDTH } else { HEIGHT };
            bad.push(format!("{name} {v} is not from 0 to {max}"));
            None
        })
    };
    let found = match *prop {
        RawProp::Ball { x: px, y, r } | RawProp::Roller { x: px, y, r } => {
            let (px, y, r) = (x(px, "x"), x(y, "y"), x(r, "r").filter(|r| *r > 0));
            match (px, y, r) {
                (Some(px), Some(y), Some(r)) => Some(if matches!(prop, RawProp::Ball { .. }) {
                    Prop::Ball { x: px, y, r }
                } else {
                    Prop::Roller { x: px, y, r }
                }),
                _ => None,
            }
        }
        RawProp::Wall { x: px } => x(px, "x").map(|x| Prop::Wall { x }),
        RawProp::Chair { x: px, seat, w } => match (x(px, "x"), x(seat, "seat"), x(w.abs(), "w")) {
            (Some(px), Some(seat), Some(_)) => Some(Prop::Chair {
                x: px,
                seat,
                w: w as i32,
            }),
            _ => None,
        },
        RawProp::Counter { x: px, h, w } => match (x(px, "x"), x(h, "h"), x(w.abs(), "w")) {
            (Some(px), Some(h), Some(_)) => Some(Prop::Counter {
                x: px,
                h,
                w: w as i32,
            }),
            _ => None,
        },
        RawProp::Bath { x: px, w, h } => match (x(px, "x"), x(h, "h"), x(w.abs(), "w")) {
            (Some(px), Some(h), Some(_)) => Some(Prop::Bath {
                x: px,
                w: w as i32,
                h,
            }),
            _ => None,
        },
        RawProp::Pad { x: px, y, w } => match (x(px, "x"), x(y, "y"), x(w.abs(), "w")) {
            (Some(px), Some(y), Some(_)) => Some(Prop::Pad {
                x: px,
                y,
                w: w as i32,
            }),
            _ => None,
        },
    };
    if found.is_none() {
        if bad.is_empty() {
            bad.push("r must be more than 0".to_string());
        }
        report.at(
            path,
            format!(
                "prop is off the pose grid: {}; write numbers with {}",
                bad.join(", "),
                grid_words()
            ),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::routine::load::{parse, shipped};

    fn problems(text: &str) -> String {
        match parse("mine.ron", text.as_bytes(), Some(&shipped())) {
            Ok(_) => String::new(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_user_pose_and_a_built_in_one_both_draw_a_users_exercise() {
        let text = r#"(
    exercises: [
        (id: "mine", name: "Mine", hold: "10s", figure: ["my_pose", "cat"]),
    ],
    poses: [
        (name: "my_pose", alt: "lying on the back", head: (10, 5), neck: (17, 4),
         hips: (35, 3), arm: [(25, 2), (33, 1)], leg: [(50, 2), (65, 1)]),
    ],
)"#;
        let lib = parse("mine.ron", text.as_bytes(), Some(&shipped())).expect("a good file");
        let ex = lib.exercise("mine").expect("mine");
        let names: Vec<&str> = ex.figure.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["my_pose", "cat"]);
        assert_eq!(ex.figure[1], *shipped().pose("cat").expect("shipped"));
        // A pose named like a shipped one replaces it for the file's exercises.
        let mine = text.replace("my_pose", "cow");
        let lib = parse("mine.ron", mine.as_bytes(), Some(&shipped())).expect("a good file");
        let ex = lib.exercise("mine").expect("mine");
        assert_eq!(ex.figure[0].alt, "lying on the back");
        assert_eq!(lib.poses.iter().filter(|p| p.name == "cow").count(), 1);
        // Halfway down the spine when the back is not given.
        assert_eq!(ex.figure[0].back, crate::routine::pose::Point::new(26, 3));
    }

    #[test]
    fn a_mistyped_prop_is_named_plainly() {
        let text = r#"(poses: [(name: "p", alt: "a", head: (10, 5), neck: (17, 4), hips: (35, 3),
    arm: [(25, 2), (33, 1)], leg: [(50, 2), (65, 1)], props: [Countex(x: 1, h: 2, w: 3)])])"#;
        let shown = problems(text);
        assert!(
            shown.contains("mine.ron:2:63: unknown prop \"Countex\"; did you mean \"Counter\"?"),
            "{shown}"
        );
        assert!(!shown.contains("Raw"), "{shown}");
    }

    #[test]
    fn check_reports_every_bad_pose_with_its_place() {
        let text = r#"(
    exercises: [
        (id: "one", name: "One", hold: "10s", figure: ["catt"]),
        (id: "two", name: "Two", hold: "10s", figure: ["nowhere_at_all_here"]),
    ],
    poses: [
        (name: "off", alt: "a", head: (10, 99), neck: (17, 4), hips: (35, 3),
         arm: [(25, 2)], leg: [(50, 2), (65, 1)], view: "sideways"),
        (name: "cat", alt: "mine", head: (10, 5), neck: (17, 4), hips: (35, 3),
         arm: [(25, 2), (33, 1)], leg: [(50, 2), (65, 1)]),
        (name: "Bad Name", alt: "", head: (10, 5), neck: (17, 4), hips: (35, 3),
         arm: [(25, 2), (33, 1)], leg: [(50, 2), (65, 1)], props: [Ball(x: 50, y: 15, r: 0)]),
    ],
)"#;
        let shown = problems(text);
        for (line, column, words) in [
            (3, 56, "no pose \"catt\"; did you mean \"cat\"?"),
            (4, 56, "no pose \"nowhere_at_all_here\""),
            (7, 39, "head (10, 99) is off the pose grid"),
            (8, 15, "arm has 1 points; write two"),
            (8, 57, "view \"sideways\" is not a view"),
            (11, 16, "pose name \"Bad Name\" must be"),
            (11, 33, "alt text (alt) is empty"),
            (12, 68, "prop is off the pose grid: r must be more than 0"),
        ] {
            let want = format!("mine.ron:{line}:{column}: {words}");
            assert!(shown.contains(&want), "{want:?} not in:\n{shown}");
        }
    }
}
