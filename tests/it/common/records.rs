//! Fixtures shared by the history and session-file tests: two routines (one with an
//! open-ended hold, one with an untimed step and long holds), times and outcomes.
#![allow(dead_code)]

use std::time::Duration;

use backease::history::WallTime;
use backease::routine::{Exercise, Routine, TimeRange, Timing};
use backease::session::Outcome;

pub fn exercise(id: &str, name: &str, timing: Timing) -> Exercise {
    Exercise::new(id, name, timing)
}

pub fn stretches() -> Routine {
    Routine {
        id: "five_stretches".into(),
        name: "Five gentle stretches".into(),
        description: String::new(),
        safety: vec![],
        steps: vec![
            exercise("cat_cow", "Cat-cow", Timing::Hold(TimeRange::secs(10, 15))),
            exercise("wall_squat", "Wall squat", Timing::OpenEnded),
            exercise(
                "child_pose",
                "Child's pose",
                Timing::Hold(TimeRange::secs(15, 15)),
            ),
        ],
    }
}

pub fn ball() -> Routine {
    Routine {
        id: "ball_bath".into(),
        name: "Ball drape and bath".into(),
        description: String::new(),
        safety: vec![],
        steps: vec![
            exercise("setup", "Set up", Timing::Untimed),
            exercise(
                "ball_drape",
                "Drape over the ball",
                Timing::Hold(TimeRange::secs(600, 900)),
            ),
            exercise(
                "bath",
                "Warm bath",
                Timing::Hold(TimeRange::secs(1200, 1200)),
            ),
        ],
    }
}

pub fn t(text: &str) -> WallTime {
    text.parse().expect("a valid time")
}

pub fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

pub fn done(s: u64) -> Outcome {
    Outcome::Done { held: secs(s) }
}
