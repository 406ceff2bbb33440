use std::time::Duration;

use super::*;
use crate::routine::{Exercise, Routine, TimeRange, Timing};
use crate::session::{Cue, Outcome};

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn routine() -> Routine {
    let mut pose = Exercise::new(
        "pose",
        "Child's pose",
        Timing::Hold(TimeRange::secs(15, 15)),
    );
    pose.say = Some("Child's pose, from hands and knees".into());
    pose.sides = vec!["centre".into(), "hands right".into()];
    pose.cues = vec!["Sit back.".into()];
    let mut drape = Exercise::new(
        "drape",
        "Ball drape",
        Timing::Hold(TimeRange::secs(600, 900)),
    );
    drape.say = Some("Drape face down over the ball".into());
    let mut bridge = Exercise::new("bridge", "Bridge", Timing::Hold(TimeRange::secs(10, 15)));
    bridge.reps = 3;
    let wall = Exercise::new("wall", "Wall sit", Timing::OpenEnded);
    let check = Exercise::new("check", "Posture\x1b[31m check", Timing::Untimed);
    Routine {
        id: "r".into(),
        name: "R".into(),
        description: String::new(),
        safety: Vec::new(),
        steps: vec![pose, drape, bridge, wall, check],
    }
}

/// Cues given as (cue, seconds), and the lines they make.
type Row<'a> = (&'a [(Cue, u64)], &'a [&'a str]);

/// The lines for cues given as (cue, seconds).
fn lines(cues: &[(Cue, u64)]) -> Vec<String> {
    let timed: Vec<(Cue, Duration)> = cues.iter().map(|&(c, s)| (c, secs(s))).collect();
    moments(&timed, &routine(), false)
}

#[test]
fn a_step_start_says_its_safety_notes_and_the_routines_once_a_day() {
    let mut r = routine();
    r.safety = vec!["Not medical advice.".into()];
    r.steps[0].safety = vec!["A cloth always goes between the heat and your skin.".into()];
    r.steps[1].safety = vec!["Bath no hotter than 40 °C.".into()];
    let start = |step| [(Cue::StepStart { step }, secs(0))];
    let first = moments(&start(0), &r, true);
    assert_eq!(
        first[first.len() - 2..],
        [
            "      ! A cloth always goes between the heat and your skin.",
            "      ! Not medical advice.",
        ]
    );
    // Shown today already: the routine's own notes are left out, the exercise's stay.
    let again = moments(&start(0), &r, false);
    assert_eq!(
        again.last().map(String::as_str),
        Some("      ! A cloth always goes between the heat and your skin.")
    );
    assert!(!again.iter().any(|l| l.contains("medical")), "{again:#?}");
    let second = moments(&start(1), &r, true);
    assert_eq!(
        second.last().map(String::as_str),
        Some("      ! Bath no hotter than 40 °C.")
    );
    assert!(!second.iter().any(|l| l.contains("medical")), "{second:#?}");
}

#[test]
fn each_moment_says_what_to_do_at_its_time() {
    let done = |step, held| Cue::StepEnd {
        step,
        outcome: Outcome::Done { held: secs(held) },
    };
    let table: &[Row] = &[
        (
            &[(Cue::StepStart { step: 0 }, 0)],
            &[
                "00:00 Step 1/5: Child's pose, from hands and knees — hold 15 s (centre, hands right)",
                "      · Sit back.",
            ],
        ),
        (
            &[(
                Cue::HoldStart {
                    step: 0,
                    side: Some(0),
                    rep: 1,
                },
                5,
            )],
            &["00:05 Hold 15 s · centre"],
        ),
        (
            &[(Cue::SwitchSides { step: 0, side: 1 }, 20)],
            &["00:20 Switch: Hands right"],
        ),
        (
            &[(done(0, 30), 45), (Cue::StepStart { step: 1 }, 45)],
            &[
                "00:45 Child's pose — done",
                "00:45 Step 2/5: Ball drape (drape face down over the ball) — hold 10–15 min",
            ],
        ),
        (
            &[(
                Cue::RangeMinReached {
                    step: 1,
                    first: true,
                },
                650,
            )],
            &["10:50 You may release (10 min reached; up to 15 min)"],
        ),
        (&[(Cue::Halfway { step: 1 }, 500)], &["08:20 Halfway"]),
        (
            &[(Cue::OneMinuteLeft { step: 1 }, 890)],
            &["14:50 One minute left. Next: Bridge."],
        ),
        (
            &[
                (done(1, 900), 950),
                (Cue::LongStepAlarm { step: 1, count: 1 }, 950),
            ],
            &[
                "15:50 Time's up: Ball drape — done",
                "15:50 Press Enter to go on. Next: Bridge.",
            ],
        ),
        // Repeats of the alarm, lead-ins and the 3-2-1 are only heard.
        (
            &[
                (Cue::LongStepAlarm { step: 1, count: 2 }, 970),
                (Cue::LeadIn(3), 971),
                (Cue::Countdown(1), 972),
                (Cue::RepDone { step: 2, rep: 1 }, 973),
            ],
            &[],
        ),
        (
            &[
                (
                    Cue::HoldStart {
                        step: 2,
                        side: None,
                        rep: 2,
                    },
                    1000,
                ),
                (Cue::RestStart { step: 2 }, 1015),
            ],
            &["16:40 Hold 10–15 s · 2 of 3", "16:55 Rest 5 s"],
        ),
        (
            &[
                (Cue::StepStart { step: 3 }, 1100),
                (
                    Cue::HoldStart {
                        step: 3,
                        side: None,
                        rep: 1,
                    },
                    1105,
                ),
            ],
            &[
                "18:20 Step 4/5: Wall sit — hold as long as you can",
                "18:25 Hold as long as you can; press Enter to stop",
            ],
        ),
        // A countdown starting with its step (no lead-in) is said once.
        (
            &[
                (Cue::StepStart { step: 1 }, 60),
                (
                    Cue::HoldStart {
                        step: 1,
                        side: None,
                        rep: 1,
                    },
                    60,
                ),
            ],
            &["01:00 Step 2/5: Ball drape (drape face down over the ball) — hold 10–15 min"],
        ),
        (
            &[(
                Cue::HoldStart {
                    step: 3,
                    side: None,
                    rep: 1,
                },
                1105,
            )],
            &["18:25 Hold as long as you can; press Enter to stop"],
        ),
        (
            &[(done(3, 65), 1170), (Cue::StepStart { step: 4 }, 1170)],
            &[
                "19:30 Wall sit — done, held 1 min 5 s",
                "19:30 Step 5/5: Posture\\u{1b}[31m check — press Enter when done",
            ],
        ),
        (
            &[
                (
                    Cue::StepEnd {
                        step: 4,
                        outcome: Outcome::Skipped { held: secs(0) },
                    },
                    1200,
                ),
                (Cue::SessionComplete, 1200),
            ],
            &[
                "20:00 Posture\\u{1b}[31m check — skipped",
                "20:00 Session complete.",
            ],
        ),
        (
            &[(
                Cue::StepEnd {
                    step: 2,
                    outcome: Outcome::Painful { held: secs(3) },
                },
                3600,
            )],
            &["1:00:00 Bridge — stopped: it hurt"],
        ),
    ];
    for (cues, expected) in table {
        assert_eq!(lines(cues), *expected, "{cues:?}");
    }
}

#[test]
fn control_characters_never_reach_a_line() {
    let r = routine();
    let all: Vec<String> = (0..r.steps.len())
        .flat_map(|step| lines(&[(Cue::StepStart { step }, 0)]))
        .chain(summary(&crate::app::Summary {
            routine_id: "r".into(),
            routine_name: "R\x07".into(),
            steps: vec![("A\x1b]0;x\x07".into(), Outcome::Pending)],
            elapsed: secs(1),
            finished: false,
            streak: 0,
            personal: Vec::new(),
            notes: vec!["N\x1b[2J".into()],
            sped_up: false,
            stiffness: Default::default(),
            asking: false,
            hurt_again: vec!["H\x1b[2J".into()],
            mentions: vec!["M\x1b[2J".into()],
            desk: false,
        }))
        .collect();
    for line in &all {
        assert!(!line.chars().any(char::is_control), "{line:?}");
    }
    assert!(
        all.contains(&"R\\u{7} — ended early".to_string()),
        "{all:#?}"
    );
}

#[test]
fn a_key_says_what_changed_that_no_cue_says() {
    let running = View {
        sound: "vol 80%".into(),
        length: Some(TimeRange::secs(15, 15)),
        ..View::default()
    };
    let paused = View {
        paused: true,
        ..running.clone()
    };
    assert_eq!(changes(&running, &paused), ["Paused. Space or p to go on."]);
    assert_eq!(changes(&paused, &running), ["Going on."]);
    let asking = View {
        asking: true,
        ..running.clone()
    };
    // Asking pauses: one line says both.
    let asking = View {
        paused: true,
        ..asking
    };
    assert_eq!(
        changes(&running, &asking),
        ["End the session? (paused meanwhile) y: end it · n: go on"]
    );
    assert_eq!(changes(&asking, &running), ["Going on."]);
    assert_eq!(
        changes(&asking, &paused),
        ["Still paused. Space or p to go on."]
    );
    // `y`: the session ends; it does not go on (it used to say "Going on.").
    let over = View {
        over: true,
        sound: running.sound.clone(),
        ..View::default()
    };
    assert_eq!(changes(&asking, &over), ["Ending the session."]);
    let held = View {
        held_back: Some("n".into()),
        ..running.clone()
    };
    assert_eq!(
        changes(&running, &held),
        ["n held back: the step had just changed. Press it again to act on this step."]
    );
    let hurt = View {
        paused: true,
        hurt: Some(vec!["Stop if it hurts.".into()]),
        ..running.clone()
    };
    assert_eq!(
        changes(&running, &hurt),
        [
            "Stopped because it hurt. Paused: press Enter to go on when ready.",
            "      ! Stop if it hurts.",
        ]
    );
    let longer = View {
        length: Some(TimeRange::secs(20, 20)),
        sound: "muted".into(),
        ..running.clone()
    };
    assert_eq!(changes(&running, &longer), ["Sound: muted", "Now 20 s"]);
    assert!(changes(&running, &running).is_empty());
}

#[test]
fn lines_and_keys_mean_what_the_help_says() {
    use crate::app::Msg;
    let m = Command::Msg;
    for (line, expected) in [
        ("", m(Msg::Enter)),
        ("\r", m(Msg::Enter)),
        (" ", m(Msg::TogglePause)),
        ("p", m(Msg::TogglePause)),
        ("Pause", m(Msg::TogglePause)),
        ("q", Command::End),
        (" quit ", Command::End),
        ("n", m(Msg::Skip)),
        ("b", m(Msg::Previous)),
        ("+", m(Msg::Longer)),
        ("-", m(Msg::Shorter)),
        ("x", m(Msg::Hurts)),
        ("?", Command::Help),
        ("zz\x1b", Command::Unknown("zz\\u{1b}".into())),
    ] {
        assert_eq!(from_line(line, false), expected, "{line:?}");
    }
    assert_eq!(from_line("n", true), m(Msg::No));
    assert_eq!(from_line("y", true), m(Msg::Yes));
    assert_eq!(from_key('\n', false), Some(m(Msg::Enter)));
    assert_eq!(from_key(' ', false), Some(m(Msg::TogglePause)));
    assert_eq!(from_key('p', false), Some(m(Msg::TogglePause)));
    // A key is easily hit: q asks first, and a second q (or y) ends.
    assert_eq!(from_key('q', false), Some(m(Msg::Quit)));
    assert_eq!(from_key('q', true), Some(m(Msg::Yes)));
    assert_eq!(from_key('\x04', false), None);
}

#[test]
fn a_title_says_the_spoken_form_where_it_says_more() {
    let r = routine();
    assert_eq!(title(&r.steps[0]), "Child's pose, from hands and knees");
    assert_eq!(
        title(&r.steps[1]),
        "Ball drape (drape face down over the ball)"
    );
    assert_eq!(title(&r.steps[2]), "Bridge");
}

#[test]
fn one_step_is_one_step() {
    assert_eq!(count(1, "step"), "1 step");
    assert_eq!(count(0, "step"), "0 steps");
    assert_eq!(count(5, "step"), "5 steps");
}

#[test]
fn the_figure_is_said_in_words_where_it_changes() {
    let lib = crate::routine::load::shipped();
    let morning = lib.routine("morning").expect("shipped");
    let cat_cow = morning
        .steps
        .iter()
        .position(|s| s.id == "cat_cow")
        .expect("cat-cow in the morning");
    let said = moments(
        &[
            (Cue::StepStart { step: cat_cow }, secs(0)),
            (
                Cue::HoldStart {
                    step: cat_cow,
                    side: Some(0),
                    rep: 1,
                },
                secs(5),
            ),
            (
                Cue::HoldStart {
                    step: cat_cow,
                    side: Some(1),
                    rep: 1,
                },
                secs(20),
            ),
        ],
        morning,
        false,
    )
    .join("\n");
    let cat = "Shape: on hands and knees, back rounded up, head dropped";
    let cow = "Shape: on hands and knees, back dipped down, head lifted, looking up";
    assert_eq!(said.matches(cat).count(), 1, "{said}");
    assert_eq!(said.matches(cow).count(), 1, "{said}");
    assert!(said.find(cat) < said.find(cow), "{said}");
}
