//! The spoken phrases of every shipped routine, as the person hears them: each routine is
//! run through the real engine on a simulated clock (Enter pressed wherever a step waits
//! for it), and every phrase is listed with its moment. One snapshot per routine, so a
//! change to the data or the wording shows up as a readable diff.

use std::time::Instant;

use backease::cue::phrase;
use backease::routine::{Routine, Timing, load};
use backease::session::{Config, Cue, Phase, Session};

/// Every phrase of a run, as `mm:ss  [urgency] text`, pressing Enter at once wherever the
/// session waits for it (an untimed step, an open-ended hold, a long step's alarm).
fn spoken(routine: &Routine) -> Vec<String> {
    let start = Instant::now();
    let mut session = Session::new(routine.clone(), Config::default(), start);
    let mut now = start;
    let mut lines = Vec::new();
    let mut cues = session.tick(now);
    for _ in 0..100_000 {
        let batch: Vec<Cue> = cues.iter().map(|due| due.cue).collect();
        if let Some(p) = phrase::for_cues(&batch, routine) {
            let t = now.duration_since(start).as_secs();
            lines.push(format!(
                "{:02}:{:02}  [{:?}] {}",
                t / 60,
                t % 60,
                p.urgency,
                p.text
            ));
        }
        if session.is_finished() {
            return lines;
        }
        let phase = session.status(now).phase;
        cues = match phase {
            Phase::WaitForUser | Phase::OpenHold | Phase::Alarm => session.confirm(now),
            _ => {
                let next = session.next_change(now).expect("a running timed segment");
                now = next;
                session.tick(now)
            }
        };
    }
    panic!("{} did not finish", routine.id);
}

#[test]
fn every_shipped_routine_speaks_its_steps_sides_and_ends() {
    let library = load::shipped();
    assert!(!library.routines.is_empty());
    for routine in &library.routines {
        let lines = spoken(routine);
        // Each step is introduced, by its spoken name, in order (after a long step that
        // ends with a chime, in one phrase with "Time's up."; where to go first, without
        // saying the place again in the name), and the session ends aloud.
        let mut from = 0;
        for i in 0..routine.steps.len() {
            let intro = phrase::start(routine, i).expect("a step");
            let at = lines[from..]
                .iter()
                .position(|l| l.contains(&intro))
                .unwrap_or_else(|| panic!("{}: no {intro:?} in {lines:#?}", routine.id));
            from += at + 1;
        }
        assert!(
            lines
                .last()
                .is_some_and(|l| l.ends_with("Session complete.")),
            "{}: {lines:#?}",
            routine.id
        );
        // Never the numbered cues read out, never a raw bracket or an empty sentence.
        for line in &lines {
            let text = line.split("] ").nth(1).unwrap_or_default();
            assert!(!text.contains(['(', ')', '[', ']']), "{line}");
            assert!(!text.contains(".."), "{line}");
            for step in &routine.steps {
                for cue in &step.cues {
                    assert!(!text.contains(cue.as_str()), "{line} reads out a cue");
                }
            }
        }
        insta::assert_snapshot!(routine.id.clone(), lines.join("\n"));
    }
}

#[test]
fn a_long_step_says_times_up_and_what_comes_next() {
    let library = load::shipped();
    let spa = library.routine("spa").expect("the spa routine ships");
    let lines = spoken(spa);
    let text = lines.join("\n");
    for expected in [
        // Where to go first (the drape is not face down: article 001 never says so).
        "Go to the exercise ball. Drape over the exercise ball. Ten to fifteen minutes.",
        "You may release.",
        "Halfway.",
        "One minute left.",
        "Time's up. Next: Chest opener, lying along the foam roller. Press Enter to go on.",
        "Time's up. Press Enter to finish.",
        "Session complete.",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    // Halfway comes at half the maximum, counted from the hold's start (after the lead-in).
    let drape = &spa.steps[0];
    let hold = match drape.timing {
        Timing::Hold(span) => span.max,
        _ => panic!("the drape is a timed hold"),
    };
    let at = (spa.lead_in(0, &Config::default().lead_ins()) + hold / 2).as_secs();
    let halfway = format!("{:02}:{:02}  [Note] Halfway.", at / 60, at % 60);
    assert_eq!(
        lines.iter().filter(|l| **l == halfway).count(),
        1,
        "{halfway} in {text}"
    );
}

#[test]
fn the_spoken_name_is_read_checked_and_defaults_to_the_name() {
    let file = br#"(exercises: [
        (id: "a", name: "A long written name", say: " Short ", hold: "10s"),
        (id: "b", name: "Plain", hold: "10s"),
    ])"#;
    let lib = load::parse("my.ron", file, None).expect("a good file");
    let spoken = |id: &str| lib.exercise(id).map(|e| e.spoken_name().to_string());
    assert_eq!(spoken("a").as_deref(), Some("Short"));
    assert_eq!(spoken("b").as_deref(), Some("Plain"));

    let bad = br#"(exercises: [(id: "a", name: "A", say: "  ", hold: "10s")])"#;
    let err = load::parse("my.ron", bad, None).expect_err("an empty spoken name");
    assert_eq!(
        err.to_string(),
        "my.ron:1:40: spoken name (say) is empty; write the text to show"
    );
}
