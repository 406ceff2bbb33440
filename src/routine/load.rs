//! TEMPORARY placeholder on the `ui` branch: a small demo library built in code so the
//! terminal UI and its end-to-end tests run before the real loader (RON parsing and
//! validation) is merged. Replaced wholesale at merge; nothing but `main.rs` and the e2e
//! tests may rely on its content. No I/O.

use std::time::Duration;

use super::{Exercise, Library, Routine, Span, Timing};

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn exercise(id: &str, name: &str, timing: Timing) -> Exercise {
    Exercise {
        id: id.into(),
        name: name.into(),
        description: String::new(),
        cues: vec![],
        timing,
        sides: vec![],
        reps: 1,
        rounds: 1,
        rest: secs(5),
        switch: secs(5),
        lead_in: None,
        equipment: vec![],
        safety: vec![],
    }
}

/// The demo library: fixed, range, per-side, reps, open-ended, untimed and a long hold.
pub fn shipped() -> Library {
    let mut knee = exercise("knee_hug", "Knee hug", Timing::Hold(Span::secs(30, 30)));
    knee.description = "On your back, hug both knees gently to your chest.".into();
    knee.cues = vec![
        "Lie on your back.".into(),
        "Draw both knees toward your chest.".into(),
        "Breathe slowly; let the low back soften.".into(),
    ];
    let mut cat = exercise("cat_cow", "Cat-cow", Timing::Hold(Span::secs(10, 15)));
    cat.description = "On hands and knees, round then arch the back.".into();
    cat.cues = vec![
        "Hands under shoulders, knees under hips.".into(),
        "Round the back up, then let it sag gently.".into(),
    ];
    cat.reps = 2;
    cat.rest = secs(3);
    cat.safety = vec!["Move slowly; stay in a pain-free range.".into()];
    let mut twist = exercise(
        "supine_twist",
        "Supine twist",
        Timing::Hold(Span::secs(20, 20)),
    );
    twist.description = "On your back, let the knees fall to one side.".into();
    twist.cues = vec![
        "Knees bent, feet flat.".into(),
        "Let both knees fall to one side.".into(),
        "Keep both shoulders on the floor.".into(),
    ];
    twist.sides = vec!["left".into(), "right".into()];
    twist.switch = secs(3);
    let mut plank = exercise("side_plank", "Side plank", Timing::OpenEnded);
    plank.description = "Hold a side plank on your forearm as long as is comfortable.".into();
    plank.cues = vec!["Elbow under shoulder.".into(), "Hips high.".into()];
    plank.safety = vec!["Stop at the first sign of strain in the low back.".into()];
    let mut setup = exercise("setup_ball", "Set up the ball", Timing::Untimed);
    setup.description = "Place the exercise ball on a mat with room around it.".into();
    setup.cues = vec![
        "Clear some floor space.".into(),
        "Put the ball on the mat.".into(),
    ];
    setup.equipment = vec!["exercise ball".into()];
    let mut drape = exercise(
        "ball_drape",
        "Ball drape",
        Timing::Hold(Span::secs(600, 600)),
    );
    drape.description = "Lie face down over the exercise ball and let the spine relax.".into();
    drape.cues = vec![
        "Kneel behind the ball and lean onto it.".into(),
        "Let arms and legs rest on the floor.".into(),
        "Breathe into your back.".into(),
    ];
    drape.lead_in = Some(secs(10));
    drape.equipment = vec!["exercise ball".into()];
    drape.safety = vec!["If you feel dizzy, come down slowly onto your knees.".into()];

    let exercises = vec![knee, cat, twist, plank, setup, drape];
    let find = |id: &str| {
        exercises
            .iter()
            .find(|e| e.id == id)
            .cloned()
            .unwrap_or_else(|| exercise(id, id, Timing::Untimed))
    };
    let routines = vec![
        Routine {
            id: "quick".into(),
            name: "Quick loosen-up".into(),
            description: "Three gentle moves for a stiff back.".into(),
            safety: vec!["Not medical advice: stop anything that hurts.".into()],
            steps: vec![find("knee_hug"), find("cat_cow"), find("supine_twist")],
        },
        Routine {
            id: "core".into(),
            name: "Core check".into(),
            description: "An open-ended hold: go as long as is comfortable.".into(),
            safety: vec![],
            steps: vec![find("knee_hug"), find("side_plank")],
        },
        Routine {
            id: "ball".into(),
            name: "Ball drape".into(),
            description: "Set up, then ten minutes draped over the ball.".into(),
            safety: vec!["Use a ball sized for your height.".into()],
            steps: vec![find("setup_ball"), find("ball_drape"), find("knee_hug")],
        },
    ];
    let (e2e_exercises, e2e_routines) = end_to_end();
    let mut exercises = exercises;
    let mut routines = routines;
    exercises.extend(e2e_exercises);
    routines.extend(e2e_routines);
    Library {
        exercises,
        routines,
    }
}

/// The end-to-end tests' routines, the same as the file `tests/e2e.rs` writes and passes
/// with `--routines` (so the tests keep working once the real loader reads that file).
fn end_to_end() -> (Vec<Exercise>, Vec<Routine>) {
    let mut first = exercise("e2e_first", "E2E first", Timing::Hold(Span::secs(30, 30)));
    first.description = "First test stretch.".into();
    first.cues = vec!["Breathe in.".into(), "Breathe out.".into()];
    let second = exercise("e2e_second", "E2E second", Timing::Hold(Span::secs(20, 20)));
    let third = exercise("e2e_third", "E2E third", Timing::Hold(Span::secs(20, 20)));
    let mut hold = exercise("e2e_hold", "E2E hold", Timing::Hold(Span::secs(600, 600)));
    hold.lead_in = Some(Duration::ZERO);
    let fast = |e: &Exercise| {
        let mut e = e.clone();
        e.timing = Timing::Hold(Span::secs(10, 10));
        e.lead_in = Some(secs(3));
        e
    };
    let routine = |id: &str, name: &str, description: &str, steps: Vec<Exercise>| Routine {
        id: id.into(),
        name: name.into(),
        description: description.into(),
        safety: vec![],
        steps,
    };
    let routines = vec![
        routine(
            "e2e_steps",
            "E2E three steps",
            "Three holds for the end-to-end tests.",
            vec![first.clone(), second.clone(), third.clone()],
        ),
        routine(
            "e2e_long",
            "E2E long hold",
            "Ten minutes for the signal tests.",
            vec![hold.clone()],
        ),
        routine(
            "e2e_fast",
            "E2E fast",
            "Three short holds for the timing trace.",
            vec![fast(&first), fast(&second), fast(&third)],
        ),
    ];
    (vec![first, second, third, hold], routines)
}
