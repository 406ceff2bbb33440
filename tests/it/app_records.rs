//! Issue 13, "records that are wrong": the step a session stopped on is "stopped here"
//! with its time held (summary, record, history); bests only from holds the person ended,
//! in one format, and sped-up runs kept apart; a streak day needs a step done; resuming
//! continues the interrupted step where it was.

use crate::common;

use std::time::Duration;

use backease::app::{App, Effect, Msg, ResumeOffer, Running, Screen, Standing};
use backease::commands::history::report;
use backease::history::{
    SessionRecord, StepOutcome, WallTime, bests, streak, streak_with_session_on,
};
use backease::routine::{Library, Routine, TimeRange, Timing};
use backease::session::{Outcome, Phase, RESUME_LEAD_IN};
use backease::store::resume::ResumeState;
use common::{Clock, app, exercise, secs, tick_through};
use jiff::civil::date;

fn running(app: &App) -> &Running {
    match &app.screen {
        Screen::Session(run) => run,
        other => panic!("not in a session: {other:?}"),
    }
}

fn over(fx: &[Effect]) -> Standing {
    fx.iter()
        .find_map(|e| match e {
            Effect::SessionOver(r) => Some(r.clone()),
            _ => None,
        })
        .expect("the session is recorded")
}

fn t(text: &str) -> WallTime {
    text.parse().expect("a valid time")
}

fn mix() -> Routine {
    common::library().routines[0].clone()
}

// ---- 13. stopped here ----------------------------------------------------------------

/// Issue 26, item 3. Class: every session ended on purpose waited to be resumed (its
/// report said resumable, so its state stayed and each launch offered one). The old
/// code, read: `resumable()` looked only at the outcomes, so the `q y` assertion below
/// fails there. Only an interruption (Ctrl-C, a signal, the terminal closed: all
/// `Msg::Interrupt`) leaves something to offer; `q y`, in the full screen and in plain
/// mode alike (both run this update), does not.
#[test]
fn a_session_ended_on_purpose_is_not_offered_again_and_an_interrupted_one_is() {
    for (how, keys) in [
        ("q y", &[Msg::Quit, Msg::Yes][..]),
        ("q q", &[Msg::Quit, Msg::Quit][..]),
        ("Ctrl-C", &[Msg::Interrupt][..]),
        (
            "q, then Ctrl-C at the question",
            &[Msg::Quit, Msg::Interrupt][..],
        ),
    ] {
        let c = Clock::new();
        let mut a = app();
        a.start("mix", c.at(0));
        tick_through(&mut a, &c, 0, 37_000);
        let fx: Vec<Effect> = keys
            .iter()
            .flat_map(|m| a.update(*m, c.at(37_000)))
            .collect();
        let standing = over(&fx);
        assert!(standing.outcomes.iter().any(Outcome::is_pending), "{how}");
        let interrupted = keys.contains(&Msg::Interrupt);
        assert_eq!(standing.resumable(), interrupted, "{how}");
    }
}

#[test]
fn the_step_a_session_stopped_on_is_stopped_here_with_its_time() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    tick_through(&mut a, &c, 0, 30_000); // pelvic tilt done; 0 s into child's pose's hold
    tick_through(&mut a, &c, 30_250, 37_000); // 7 s held
    a.update(Msg::Quit, c.at(37_000));
    let fx = a.update(Msg::Yes, c.at(37_000));
    let standing = over(&fx);
    assert_eq!(standing.step, 1);
    assert_eq!(standing.outcomes[1], Outcome::Stopped { held: secs(7) });
    // Ended by the person: recorded, not offered again (issue 26, item 3).
    assert!(!standing.resumable());
    // The summary says so, and does not count it as skipped.
    let Screen::Summary(s) = &a.screen else {
        panic!("summary")
    };
    assert_eq!((s.done(), s.skipped()), (1, 0));
    let text = common::text(&common::render(&a, 80, 24));
    assert!(text.contains("stopped here · 7 s"), "{text}");
    assert!(!text.contains("ended early · 7"), "{text}");
    // The record, and history's words: step 2 of 5, not 3.
    let mut record = SessionRecord::from_run(
        &mix(),
        &standing.outcomes,
        t("2026-11-22T07:30:00Z"),
        t("2026-11-22T07:31:00Z"),
        standing.finished,
    );
    record.id = "r".into();
    assert_eq!(record.steps[1].outcome, StepOutcome::Stopped);
    assert_eq!(record.steps[1].held, secs(7));
    assert_eq!((record.done(), record.skipped()), (1, 0));
    assert_eq!(record.stopped_at(), Some(1));
    let text = report(&[record], date(2026, 11, 22), &[]);
    assert!(text.contains("stopped at step 2 of 5"), "{text}");
}

#[test]
fn a_session_stopped_before_its_first_hold_stopped_at_step_one() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    let fx = a.update(Msg::Interrupt, c.at(2_000));
    let standing = over(&fx);
    assert_eq!(standing.outcomes[0], Outcome::Stopped { held: secs(0) });
    let mut record = SessionRecord::from_run(
        &mix(),
        &standing.outcomes,
        t("2026-11-22T07:30:00Z"),
        t("2026-11-22T07:31:00Z"),
        false,
    );
    record.id = "r".into();
    let text = report(&[record], date(2026, 11, 22), &[]);
    assert!(text.contains("stopped at step 1 of 5"), "{text}");
}

// ---- 14. bests ---------------------------------------------------------------------------

fn squat_routine() -> Routine {
    let squat = exercise("wall_squat", "Wall squat", Timing::OpenEnded);
    let tilt = exercise("tilt", "Tilt", Timing::Hold(TimeRange::secs(20, 20)));
    Routine {
        id: "s".into(),
        name: "Squat".into(),
        description: String::new(),
        safety: vec![],
        steps: vec![squat, tilt],
    }
}

fn squat_record(day: &str, outcomes: &[Outcome], finished: bool) -> SessionRecord {
    SessionRecord::from_run(
        &squat_routine(),
        outcomes,
        t(&format!("{day}T08:00:00Z")),
        t(&format!("{day}T09:10:00Z")),
        finished,
    )
}

#[test]
fn bests_come_only_from_holds_the_person_ended_in_real_time() {
    let long = secs(3767); // 1:02:47
    let done = Outcome::Done { held: secs(90) };
    let records = vec![
        squat_record(
            "2026-11-20",
            &[done, Outcome::Done { held: secs(20) }],
            true,
        ),
        // Killed during the squat: stopped there, not a best.
        squat_record("2026-11-21", &[Outcome::Stopped { held: long }], false),
        // Written before `Stopped` existed: the stopped step was "ended early".
        squat_record("2026-11-22", &[Outcome::Skipped { held: long }], false),
        // Sped up: never a best.
        squat_record("2026-11-23", &[Outcome::Done { held: long }], true).with_sped_up(true),
    ];
    let b = bests(&records);
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].held, secs(90));
    // Ended early with `n` in a session that went on: the person ended it, it counts.
    let mut more = records.clone();
    more.push(squat_record(
        "2026-11-24",
        &[Outcome::Skipped { held: secs(100) }, done],
        true,
    ));
    assert_eq!(bests(&more)[0].held, secs(100));
}

#[test]
fn sped_up_runs_never_count_toward_the_streak_or_history() {
    let done = Outcome::Done { held: secs(20) };
    let sped = squat_record("2026-11-22", &[done, done], true).with_sped_up(true);
    assert_eq!(streak(std::slice::from_ref(&sped), date(2026, 11, 22)), 0);
    assert_eq!(
        streak_with_session_on(std::slice::from_ref(&sped), date(2026, 11, 22)),
        1
    );
    let text = report(&[sped], date(2026, 11, 22), &[]);
    assert!(text.starts_with("No sessions yet"), "{text}");
}

#[test]
fn a_sped_up_session_is_marked_and_shows_no_streak_or_best() {
    let c = Clock::new();
    let mut a = app().at_speed(10.0).expect("speed");
    a.stats.streak_with_today = 4;
    a.stats.today_counts = true;
    a.stats.bests.insert("wall_sit".into(), secs(40));
    a.start("mix", c.at(0));
    // (The screen is kept up to date, as the shell does: a key is for what it shows.)
    for t in [10_000, 20_000, 30_000] {
        tick_through(&mut a, &c, t - 9_000, t);
        a.update(Msg::Skip, c.at(t));
    }
    tick_through(&mut a, &c, 30_000, 100_000);
    assert_eq!(
        (running(&a).status.step, running(&a).status.phase),
        (3, Phase::OpenHold),
        "{:?}",
        running(&a).status
    );
    a.update(Msg::Enter, c.at(100_000));
    let fx = a.update(Msg::Enter, c.at(110_000));
    assert!(over(&fx).sped_up);
    let Screen::Summary(s) = &a.screen else {
        panic!("summary")
    };
    assert_eq!((s.streak, s.personal.clone()), (0, vec![]));
    assert_eq!(a.stats.bests.get("wall_sit"), Some(&secs(40)), "unchanged");
}

#[test]
fn bests_read_the_same_in_the_summary_and_in_history() {
    let c = Clock::new();
    let mut a = app();
    a.stats.bests.insert("wall_sit".into(), secs(3767));
    a.start("mix", c.at(0));
    for t in [1_000, 2_000, 3_000] {
        a.update(Msg::Skip, c.at(t));
    }
    tick_through(&mut a, &c, 3_000, 18_000);
    a.update(Msg::Enter, c.at(18_000));
    a.update(Msg::Enter, c.at(19_000));
    let text = common::text(&common::render(&a, 120, 30));
    assert!(text.contains("best so far 1 h 2 min 47 s"), "{text}");
    let record = squat_record(
        "2026-11-20",
        &[
            Outcome::Done { held: secs(3767) },
            Outcome::Done { held: secs(20) },
        ],
        true,
    );
    let text = report(&[record], date(2026, 11, 20), &[]);
    assert!(text.contains("Wall squat  1 h 2 min 47 s"), "{text}");
}

// ---- 15. a streak day needs a step done ------------------------------------------------

#[test]
fn a_day_of_skips_only_is_no_streak_day() {
    let skip = Outcome::Skipped { held: secs(0) };
    let skipped = squat_record("2026-11-22", &[skip, skip], true);
    assert_eq!(
        streak(std::slice::from_ref(&skipped), date(2026, 11, 22)),
        0
    );
    let text = report(&[skipped], date(2026, 11, 22), &[]);
    assert!(text.starts_with("Streak: none running"), "{text}");
}

#[test]
fn skipping_every_step_is_not_the_first_day_of_a_streak() {
    let c = Clock::new();
    let mut a = app();
    a.stats.streak_with_today = 1; // no history: a session today would start one
    a.start("mix", c.at(0));
    for t in [1_000, 2_000, 3_000, 4_000, 5_000] {
        a.update(Msg::Skip, c.at(t));
    }
    let Screen::Summary(s) = &a.screen else {
        panic!("summary, got {:?}", a.screen)
    };
    assert_eq!(s.streak, 0);
    let text = common::text(&common::render(&a, 80, 24));
    assert!(!text.contains("streak"), "{text}");
    // Next time, with a step done, it is.
    a.update(Msg::Enter, c.at(6_000));
    a.update(Msg::Enter, c.at(7_000));
    tick_through(&mut a, &c, 7_000, 33_000);
    a.update(Msg::Quit, c.at(33_000));
    a.update(Msg::Yes, c.at(33_000));
    let Screen::Summary(s) = &a.screen else {
        panic!("summary")
    };
    assert_eq!(s.streak, 1);
}

// ---- 16. resume continues the step where it was ----------------------------------------

fn long_offer(held: u64) -> ResumeOffer {
    ResumeOffer {
        routine_id: "long".into(),
        step: 0,
        outcomes: vec![Outcome::Stopped { held: secs(held) }],
    }
}

#[test]
fn resume_continues_the_interrupted_hold_after_a_short_get_ready() {
    let c = Clock::new();
    let mut a = app();
    a.offer_resume(long_offer(362)); // 6:02 of the 12-minute drape
    a.update(Msg::Yes, c.at(0));
    let run = running(&a);
    assert_eq!(run.status.phase, Phase::GetReady);
    assert_eq!(run.status.remaining, Some(RESUME_LEAD_IN));
    tick_through(&mut a, &c, 0, 6_000);
    let run = running(&a);
    assert_eq!(run.status.phase, Phase::Hold);
    assert_eq!(run.shown_clock(), "05:57", "720 - 362 - 1 s");
    // Stopped again a minute later: the time held adds up.
    a.update(Msg::Quit, c.at(65_000));
    let fx = a.update(Msg::Yes, c.at(65_000));
    assert_eq!(
        over(&fx).outcomes[0],
        Outcome::Stopped {
            held: secs(362 + 60)
        }
    );
}

#[test]
fn resume_of_a_step_with_reps_goes_on_at_the_rep_it_was_in() {
    // Child's pose: 10–15 s × 2 with a 4 s rest; 18 s held = the first rep and 3 s.
    let c = Clock::new();
    let mut a = app();
    a.offer_resume(ResumeOffer {
        routine_id: "mix".into(),
        step: 1,
        outcomes: vec![
            Outcome::Done { held: secs(20) },
            Outcome::Stopped { held: secs(18) },
        ],
    });
    a.update(Msg::Yes, c.at(0));
    tick_through(&mut a, &c, 0, 6_000);
    let run = running(&a);
    assert_eq!((run.status.phase, run.status.rep), (Phase::Hold, 2));
    assert_eq!(run.status.remaining, Some(secs(11)));
    tick_through(&mut a, &c, 6_000, 20_000);
    let run = running(&a);
    assert_eq!(run.status.step, 2);
    assert_eq!(run.session.outcomes()[1], Outcome::Done { held: secs(30) });
}

#[test]
fn a_saved_stopped_step_is_offered_with_its_time_held() {
    let routine = common::library().routines[1].clone();
    let state = ResumeState::new(
        &routine,
        0,
        &[Outcome::Stopped { held: secs(362) }],
        t("2026-11-22T07:30:00Z"),
        t("2026-11-22T07:36:02Z"),
    );
    let text = ron::to_string(&state).expect("serialises");
    let back: ResumeState = ron::from_str(&text).expect("reads back");
    let library = Library {
        exercises: vec![],
        routines: vec![routine],
        poses: vec![],
    };
    let ok = back.check(&library).expect("resumable");
    assert_eq!(ok.step, 0);
    assert_eq!(ok.outcomes[0], Outcome::Stopped { held: secs(362) });
    let _ = Duration::ZERO;
}
