use std::time::Duration;

use super::*;
use crate::routine::Exercise;

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn routine(steps: Vec<Exercise>) -> Routine {
    Routine {
        id: "r".into(),
        name: "R".into(),
        description: String::new(),
        safety: vec![],
        steps,
    }
}

#[test]
fn numbers_are_words() {
    let table = [
        (0, "zero"),
        (1, "one"),
        (15, "fifteen"),
        (20, "twenty"),
        (45, "forty-five"),
        (100, "one hundred"),
        (120, "one hundred and twenty"),
        (1000, "one thousand"),
        (1005, "one thousand and five"),
        (2500, "two thousand five hundred"),
        (1_000_000, "1000000"),
    ];
    for (n, words) in table {
        assert_eq!(number_words(n), words, "{n}");
    }
}

#[test]
fn durations_and_spans_are_words() {
    let table = [
        (TimeRange::secs(1, 1), "one second"),
        (TimeRange::secs(15, 15), "fifteen seconds"),
        (TimeRange::secs(60, 60), "one minute"),
        (TimeRange::secs(90, 90), "one minute thirty seconds"),
        (TimeRange::secs(1200, 1200), "twenty minutes"),
        (TimeRange::secs(3600, 3600), "one hour"),
        (TimeRange::secs(5400, 5400), "one hour thirty minutes"),
        (TimeRange::secs(10, 15), "ten to fifteen seconds"),
        (TimeRange::secs(30, 60), "thirty to sixty seconds"),
        (TimeRange::secs(45, 60), "forty-five to sixty seconds"),
        (TimeRange::secs(60, 180), "one to three minutes"),
        (TimeRange::secs(600, 900), "ten to fifteen minutes"),
        (
            TimeRange::secs(30, 150),
            "thirty seconds to two minutes thirty seconds",
        ),
    ];
    for (span, words) in table {
        assert_eq!(span_words(span), words, "{span:?}");
    }
    assert_eq!(
        duration_words(Duration::from_millis(14_600)),
        "fifteen seconds"
    );
    assert_eq!(duration_words(Duration::ZERO), "zero seconds");
}

#[test]
fn labels_are_made_speakable() {
    assert_eq!(speakable("cat (round up)"), "cat, round up");
    assert_eq!(speakable("  -x\tname\n"), "x name");
    assert_eq!(speakable("--"), "");
    assert_eq!(speakable("a [b]"), "a, b");
    assert_eq!(speakable("Warm (33–38 °C)."), "Warm, 33–38 °C.");
    assert_eq!(side_words("left"), "Left side");
    assert_eq!(side_words("Right"), "Right side");
    assert_eq!(side_words("hands right"), "Hands right");
    assert_eq!(side_words("cow (arch down)"), "Cow, arch down");
}

#[test]
fn every_cue_has_its_phrase_or_its_chime() {
    let mut sided = Exercise::new(
        "childs_pose",
        "Child's pose",
        Timing::Hold(TimeRange::secs(15, 15)),
    );
    sided.sides = vec!["centre".into(), "hands right".into()];
    let mut long = Exercise::new(
        "bath",
        "Warm Epsom salt bath",
        Timing::Hold(TimeRange::secs(1200, 1200)),
    );
    long.say = Some("Bath".into());
    let mut reps = Exercise::new(
        "bridge",
        "Glute bridge",
        Timing::Hold(TimeRange::secs(15, 15)),
    );
    reps.reps = 5;
    reps.rounds = 2;
    let r = routine(vec![sided, long, reps]);
    let done = Outcome::Done { held: secs(15) };
    let say = |cue: Cue| for_cue(&cue, &r).map(|p| (p.text, p.urgency));
    let act = |s: &str| Some((s.to_string(), Urgency::Act));
    let note = |s: &str| Some((s.to_string(), Urgency::Note));
    let end = |s: &str| Some((s.to_string(), Urgency::End));

    assert_eq!(
        say(Cue::StepStart { step: 0 }),
        act("Child's pose. Centre. Fifteen seconds.")
    );
    assert_eq!(
        say(Cue::StepStart { step: 1 }),
        act("Bath. Twenty minutes.")
    );
    assert_eq!(
        say(Cue::StepStart { step: 2 }),
        act("Glute bridge. Fifteen seconds, five times, two rounds.")
    );
    assert_eq!(
        say(Cue::SwitchSides { step: 0, side: 1 }),
        act("Switch. Hands right.")
    );
    assert_eq!(
        say(Cue::RangeMinReached {
            step: 0,
            first: true,
        }),
        note("You may release.")
    );
    assert_eq!(say(Cue::Halfway { step: 1 }), note("Halfway."));
    assert_eq!(
        say(Cue::OneMinuteLeft { step: 1 }),
        note("One minute left.")
    );
    assert_eq!(
        say(Cue::StepEnd {
            step: 1,
            outcome: done
        }),
        end("Time's up.")
    );
    assert_eq!(
        say(Cue::LongStepAlarm { step: 1, count: 1 }),
        end("Next: Glute bridge. Press Enter to go on.")
    );
    assert_eq!(
        say(Cue::LongStepAlarm { step: 2, count: 1 }),
        end("Press Enter to finish.")
    );
    assert_eq!(say(Cue::SessionComplete), end("Session complete."));

    // Reps are counted: the one about to start, and the last one said so.
    let count = |s: &str| Some((s.to_string(), Urgency::Count));
    assert_eq!(say(Cue::RepDone { step: 2, rep: 1 }), count("Two."));
    assert_eq!(say(Cue::RepDone { step: 2, rep: 3 }), count("Four."));
    assert_eq!(say(Cue::RepDone { step: 2, rep: 4 }), count("Last one."));

    // Left to the chimes: the frequent ones, a short step's end, a skip, a repeat alarm.
    for quiet in [
        Cue::LeadIn(3),
        Cue::Countdown(1),
        Cue::HoldStart {
            step: 0,
            side: Some(0),
            rep: 1,
        },
        // The last rep's end (the step's end follows), a later hold's minimum.
        Cue::RepDone { step: 2, rep: 5 },
        Cue::RangeMinReached {
            step: 0,
            first: false,
        },
        Cue::RestStart { step: 2 },
        Cue::StepEnd {
            step: 0,
            outcome: done,
        },
        Cue::StepEnd {
            step: 1,
            outcome: Outcome::Skipped { held: secs(3) },
        },
        Cue::LongStepAlarm { step: 1, count: 2 },
    ] {
        assert_eq!(say(quiet), None, "{quiet:?}");
    }
    // A cue naming a step or side the routine does not have says nothing (no panic).
    assert_eq!(say(Cue::StepStart { step: 9 }), None);
    assert_eq!(say(Cue::SwitchSides { step: 0, side: 7 }), None);
}

#[test]
fn a_batch_is_one_phrase_at_its_most_urgent() {
    let long = Exercise::new(
        "drape",
        "Drape over the ball",
        Timing::Hold(TimeRange::secs(600, 900)),
    );
    let next = Exercise::new(
        "twist",
        "Supine twist",
        Timing::Hold(TimeRange::secs(10, 15)),
    );
    let r = routine(vec![long, next]);
    let done = Outcome::Done { held: secs(900) };
    let end_of_long = [
        Cue::StepEnd {
            step: 0,
            outcome: done,
        },
        Cue::LongStepAlarm { step: 0, count: 1 },
    ];
    assert_eq!(
        for_cues(&end_of_long, &r),
        Some(Phrase::new(
            "Time's up. Next: Supine twist. Press Enter to go on.",
            Urgency::End
        ))
    );
    // Enter: the next step starts (the step end was already said).
    let go_on = [Cue::StepStart { step: 1 }];
    assert_eq!(
        for_cues(&go_on, &r).map(|p| p.text),
        Some("Supine twist. Ten to fifteen seconds.".into())
    );
    assert_eq!(for_cues(&[Cue::LeadIn(2)], &r), None);
    assert_eq!(for_cues(&[], &r), None);
}

#[test]
fn speech_waits_for_the_longest_chime_of_its_moment() {
    assert_eq!(after_chimes([]), Duration::ZERO);
    assert_eq!(
        after_chimes([Sound::StepEnd, Sound::Alarm]),
        Sound::Alarm.length().max(Sound::StepEnd.length())
    );
}

#[test]
fn a_place_just_said_is_not_said_again_in_the_name() {
    let go = "Come onto your hands and knees.";
    let table = [
        ("Cat-cow, on hands and knees", "Cat-cow"),
        ("Child's pose, from hands and knees", "Child's pose"),
        ("Pigeon pose, from hands and knees", "Pigeon pose"),
        // Something else after the comma is kept.
        ("Cat-cow, slowly", "Cat-cow, slowly"),
        (
            "Thread the needle, on your left side",
            "Thread the needle, on your left side",
        ),
        ("Cat-cow", "Cat-cow"),
        (", on hands and knees", ", on hands and knees"),
    ];
    for (name, said) in table {
        assert_eq!(without_said(name, go), said, "{name}");
    }
    assert_eq!(
        without_said("Knee hug, on your back", "Lie down on your back."),
        "Knee hug"
    );
}

#[test]
fn a_moment_can_be_said_shorter_down_to_a_word() {
    let mut cat_cow = Exercise::new("cat_cow", "Cat-cow", Timing::Hold(TimeRange::secs(10, 10)));
    cat_cow.say = Some("Cat-cow, on hands and knees".into());
    cat_cow.sides = vec!["cat: round up".into(), "cow: arch down".into()];
    cat_cow.position = Some(crate::routine::Position::AllFours);
    let mut figure = Exercise::new(
        "figure_four",
        "Figure four",
        Timing::Hold(TimeRange::secs(15, 15)),
    );
    figure.sides = vec![
        "left foot on right thigh".into(),
        "right foot on left thigh".into(),
    ];
    let mut lying = Exercise::new(
        "open_book",
        "Open book",
        Timing::Hold(TimeRange::secs(10, 15)),
    );
    lying.sides = vec![
        "lying on your left side".into(),
        "lying on your right side".into(),
    ];
    let r = routine(vec![cat_cow, figure, lying]);
    let texts =
        |cues: &[Cue]| -> Vec<String> { wordings(cues, &r).into_iter().map(|p| p.text).collect() };
    assert_eq!(
        texts(&[Cue::SwitchSides { step: 0, side: 1 }]),
        ["Change. Cow: arch down.", "Cow: arch down.", "Cow."]
    );
    assert_eq!(
        texts(&[Cue::SwitchSides { step: 1, side: 1 }]),
        [
            "Switch. Right foot on left thigh.",
            "Right foot on left thigh.",
            "Right foot."
        ]
    );
    assert_eq!(
        texts(&[Cue::SwitchSides { step: 2, side: 1 }]),
        [
            "Switch. Lying on your right side.",
            "Lying on your right side.",
            "Right."
        ]
    );
    // A step's start: whole, then where to go and the name, then the name alone.
    let start = texts(&[Cue::StepStart { step: 0 }]);
    assert_eq!(start.len(), 3, "{start:?}");
    assert!(start[0].ends_with("Ten seconds."), "{start:?}");
    assert!(start[1].starts_with("Come onto your hands and knees.") && !start[1].contains("Ten"));
    assert_eq!(start[2], "Cat-cow, on hands and knees.");
    // The first wording is what `for_cues` says; a cue said one way only keeps it.
    let batch = [
        Cue::StepEnd {
            step: 0,
            outcome: Outcome::Done { held: secs(10) },
        },
        Cue::StepStart { step: 1 },
    ];
    assert_eq!(
        for_cues(&batch, &r).map(|p| p.text),
        texts(&batch).first().cloned()
    );
    assert_eq!(texts(&[Cue::SessionComplete]), ["Session complete."]);
    assert!(texts(&[Cue::LeadIn(3)]).is_empty());
}
