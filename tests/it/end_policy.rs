//! How a long step ends (`end: "alarm" | "chime" | "gentle"`): the loader reads it on an
//! exercise and on a routine's step and names the allowed words for anything else; the
//! shipped library ends the bath and bedtime kindly and keeps the alarm on the ball
//! drape; and the session sounds each end as documented.

use std::time::{Duration, Instant};

use backease::routine::load::{parse, shipped};
use backease::routine::{End, Exercise, GENTLE_TIMES, Library, Routine, TimeRange, Timing};
use backease::session::{Config, Cue, Phase, Session};

fn load(text: &str) -> Result<Library, String> {
    parse("my.ron", text.as_bytes(), Some(&shipped())).map_err(|e| e.to_string())
}

#[test]
fn an_unknown_end_is_named_with_the_allowed_words() {
    let text = r#"(
    exercises: [(id: "soak", name: "Soak", hold: "20m", end: "beep")],
    routines: [(id: "r", name: "R", steps: [(exercise: "soak", end: "quiet")])],
)"#;
    let err = load(text).expect_err("refused");
    let allowed = r#"write one of "alarm", "chime", "gentle""#;
    assert!(
        err.contains(&format!(
            r#"my.ron:2:62: end "beep" is not a way to end; {allowed}"#
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            r#"my.ron:3:69: end "quiet" is not a way to end; {allowed}"#
        )),
        "{err}"
    );
}

#[test]
fn an_exercise_and_a_step_may_say_how_they_end() {
    let text = r#"(
    exercises: [
        (id: "soak", name: "Soak", hold: "20m", end: "chime"),
        (id: "lie", name: "Lie", hold: "20m"),
    ],
    routines: [(id: "r", name: "R", steps: [
        (exercise: "soak"),
        (exercise: "soak", end: "gentle"),
        (exercise: "lie"),
    ])],
)"#;
    let lib = load(text).expect("loads");
    let r = lib.routine("r").expect("routine");
    let ends: Vec<End> = r.steps.iter().map(|s| s.end).collect();
    assert_eq!(ends, [End::Chime, End::Gentle, End::Alarm]);
}

#[test]
fn the_bath_and_bedtime_end_kindly_and_the_ball_drape_keeps_the_alarm() {
    let lib = shipped();
    let end_of = |routine: &str, exercise: &str| {
        lib.routine(routine)
            .and_then(|r| r.steps.iter().find(|s| s.id == exercise))
            .map(|s| (s.end, s.is_long()))
            .unwrap_or_else(|| panic!("{routine}: {exercise}"))
    };
    assert_eq!(end_of("spa", "epsom_bath"), (End::Gentle, true));
    assert_eq!(
        end_of("bedtime", "diaphragmatic_breathing"),
        (End::Chime, true)
    );
    assert_eq!(end_of("spa", "ball_drape"), (End::Alarm, true));
}

/// A routine of one 2-minute hold (no lead-in) ending as `end`, then a short one.
fn routine(end: End) -> Routine {
    let long = Exercise {
        lead_in: Some(Duration::ZERO),
        end,
        ..Exercise::new("long", "Long", Timing::Hold(TimeRange::secs(120, 120)))
    };
    let next = Exercise {
        lead_in: Some(Duration::ZERO),
        ..Exercise::new("next", "Next", Timing::Hold(TimeRange::secs(10, 10)))
    };
    Routine {
        id: "r".into(),
        name: "R".into(),
        description: String::new(),
        safety: Vec::new(),
        steps: vec![long, next],
    }
}

/// Runs a session second by second for `secs` seconds: every cue with its second, and
/// the phase at the end.
fn run(end: End, secs: u64) -> (Vec<(u64, Cue)>, Phase) {
    let t0 = Instant::now();
    let config = Config {
        stale_after: Duration::from_secs(3600),
        ..Config::default()
    };
    let mut s = Session::new(routine(end), config, t0);
    let mut cues = Vec::new();
    for sec in 0..=secs {
        let now = t0 + Duration::from_secs(sec);
        cues.extend(s.tick(now).into_iter().map(|d| (sec, d.cue)));
    }
    let phase = s.status(t0 + Duration::from_secs(secs)).phase;
    (cues, phase)
}

fn alarms(cues: &[(u64, Cue)]) -> Vec<u64> {
    cues.iter()
        .filter(|(_, c)| matches!(c, Cue::LongStepAlarm { .. }))
        .map(|(at, _)| *at)
        .collect()
}

#[test]
fn each_end_sounds_as_documented() {
    // The alarm repeats every 20 s until Enter (it gives up after ten minutes).
    let (cues, phase) = run(End::Alarm, 120 + 300);
    let repeats = alarms(&cues);
    assert_eq!(repeats.len(), 16, "{repeats:?}");
    assert_eq!(phase, Phase::Alarm);

    // A chime: the step ends and the next starts at once, no alarm.
    let (cues, _) = run(End::Chime, 125);
    assert!(alarms(&cues).is_empty(), "{cues:?}");
    assert!(
        cues.contains(&(120, Cue::StepStart { step: 1 })),
        "{cues:?}"
    );

    // Gentle: a few sounds, then silence; the step waits for Enter.
    let (cues, phase) = run(End::Gentle, 120 + 600);
    let repeats = alarms(&cues);
    assert_eq!(repeats.len(), GENTLE_TIMES as usize, "{repeats:?}");
    assert_eq!(repeats, [120, 140, 160]);
    assert_eq!(phase, Phase::Alarm);
    assert!(!cues.iter().any(|(_, c)| *c == Cue::StepStart { step: 1 }));
}
