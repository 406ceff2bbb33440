//! The shipped library as a whole: every exercise is in a preset, every exercise says
//! where the body is, the presets go up and down no more than their budget, a change of
//! position gets a get-ready long enough to get there (and the totals the menu shows
//! count it, whatever the preferences say).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use backease::routine::body::Level;
use backease::routine::{LeadIns, Position, Routine, Timing, load};
use backease::session::{Config, Session};

#[test]
fn every_exercise_is_in_at_least_one_preset() {
    let lib = load::shipped();
    let unused: Vec<&str> = lib
        .exercises
        .iter()
        .filter(|e| {
            !lib.routines
                .iter()
                .any(|r| r.steps.iter().any(|s| s.id == e.id))
        })
        .map(|e| e.id.as_str())
        .collect();
    assert!(unused.is_empty(), "in no preset: {unused:?}");
}

#[test]
fn every_shipped_exercise_says_where_the_body_is() {
    let lib = load::shipped();
    for e in &lib.exercises {
        assert!(e.position.is_some(), "{} has no position", e.id);
    }
}

/// Changes between standing (or sitting, walking) and the floor or the bath, starting at
/// the keyboard.
fn ups_and_downs(r: &Routine) -> usize {
    let mut level = Level::Upright;
    let mut changes = 0;
    for step in &r.steps {
        let Some(p) = step.position else { continue };
        let next = p.level();
        if next == Level::Any {
            continue;
        }
        let off_floor = |l: Level| l == Level::Upright;
        if off_floor(level) != off_floor(next) || (level != next && level != Level::Upright) {
            changes += 1;
        }
        level = next;
    }
    changes
}

#[test]
fn presets_go_up_and_down_no_more_than_their_budget() {
    // Getting down to the floor once is the least a floor routine can do; the spa fills
    // the bath between the floor and the bath, so it stands up once more.
    let budget: HashMap<&str, usize> = [("spa", 3)].into_iter().collect();
    let lib = load::shipped();
    let mut over = Vec::new();
    for r in &lib.routines {
        let allowed = budget.get(r.id.as_str()).copied().unwrap_or(1);
        let n = ups_and_downs(r);
        if n > allowed {
            over.push(format!("{}: {n} changes, budget {allowed}", r.id));
        }
    }
    assert!(over.is_empty(), "{over:#?}");
    // The count itself: keyboard → floor → standing → floor is three.
    let mut r = lib
        .routine("five_stretches")
        .cloned()
        .expect("five_stretches");
    r.steps[1].position = Some(Position::Standing);
    assert_eq!(ups_and_downs(&r), 3);
}

#[test]
fn a_change_of_position_gets_time_to_get_there_and_says_where() {
    let lib = load::shipped();
    let lead = LeadIns::default();
    for r in &lib.routines {
        for (i, step) in r.steps.iter().enumerate() {
            if matches!(step.timing, Timing::Untimed) {
                assert_eq!(r.lead_in(i, &lead), Duration::ZERO);
                continue;
            }
            let before = r.position_before(i);
            let need = lead.to_move(before, step.position);
            assert!(
                r.lead_in(i, &lead) >= need,
                "{} step {}: {:?} → {:?}",
                r.id,
                i + 1,
                before,
                step.position
            );
            let settles = step.position == Some(Position::Resting)
                && before.is_some_and(|p| p.level() == Level::Floor);
            assert_eq!(
                r.move_to(i).is_some(),
                before != step.position && !settles,
                "{} step {}",
                r.id,
                i + 1
            );
        }
    }
    // Five stretches: from the keyboard down to hands and knees (15 s), cat-cow stays
    // there (the plain 5 s), then onto the back (10 s), and the back again (5 s).
    let r = lib.routine("five_stretches").expect("five_stretches");
    let got: Vec<u64> = (0..r.steps.len())
        .map(|i| r.lead_in(i, &lead).as_secs())
        .collect();
    assert_eq!(got, [15, 5, 10, 5, 5]);
    assert_eq!(r.move_to(0), Some(Position::AllFours));
    assert_eq!(r.move_to(1), None);
    assert_eq!(r.move_to(2), Some(Position::OnBack));
}

/// Runs a routine through the engine, nobody touching a key except where a step waits.
fn run_length(r: &Routine, config: Config) -> Duration {
    let t0 = Instant::now();
    let mut s = Session::new(r.clone(), config, t0);
    let mut now = t0;
    s.tick(now);
    for _ in 0..100_000 {
        if s.is_finished() {
            break;
        }
        match s.next_change(now) {
            Some(at) if s.current_segment().is_some_and(|g| g.length().is_some()) => {
                now = at;
                s.tick(now);
            }
            _ => {
                s.confirm(now);
            }
        }
    }
    assert!(s.is_finished(), "{}", r.id);
    s.finished_at().map(|end| end - t0).unwrap_or_default()
}

#[test]
fn the_engine_takes_the_total_with_the_preferred_times_for_moving() {
    let lib = load::shipped();
    let config = Config {
        lead_in: Duration::from_secs(3),
        lead_in_up_down: Duration::from_secs(40),
        lead_in_floor: Duration::from_secs(20),
        ..Config::default()
    };
    for r in &lib.routines {
        let total = r.total(config.lead_ins());
        assert_eq!(run_length(r, config), total.max, "{}", r.id);
    }
    // The preference shows in the total: five stretches gets down once (40 s, not 15)
    // and moves on the floor once (20 s, not 10).
    let r = lib.routine("five_stretches").expect("five_stretches");
    let slow = r.total(config.lead_ins()).max;
    let usual = r.total(
        Config {
            lead_in: Duration::from_secs(3),
            ..Config::default()
        }
        .lead_ins(),
    );
    assert_eq!(slow - usual.max, Duration::from_secs(25 + 10));
}

#[test]
fn a_position_that_is_not_one_is_named_with_its_place_and_the_nearest() {
    let text = "(exercises: [(id: \"a\", name: \"A\", hold: \"10s\",\n  position: \"on_bak\")],\n routines: [(id: \"r\", name: \"R\", steps: [(exercise: \"cat_cow\", position: \"upside_down\")])])";
    let err =
        load::parse("mine.ron", text.as_bytes(), Some(&load::shipped())).expect_err("two problems");
    let shown = err.to_string();
    assert!(
        shown.contains(
            "mine.ron:2:13: position \"on_bak\" is not a position; did you mean \"on_back\"?"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("mine.ron:3:74: position \"upside_down\""),
        "{shown}"
    );
    assert!(shown.contains("\"standing\", \"sitting\""), "{shown}");
    // A step may set its own position.
    let ok = "(routines: [(id: \"r\", name: \"R\", steps: [(exercise: \"shoulder_roll_hold\", position: \"sitting\")])])";
    let lib = load::parse("mine.ron", ok.as_bytes(), Some(&load::shipped())).expect("valid");
    let r = lib.routine("r").expect("r");
    assert_eq!(r.steps[0].position, Some(Position::Sitting));
}
