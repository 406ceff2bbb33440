//! Issue 13, "keys that do something else": every key does what it says, in the app, on
//! a fake clock. Enter after a range's minimum ends the step at any length; `x` shows the
//! step's notes on every step and a session that stops because it hurt is not finished;
//! what hurt is offered for skipping at once; a key right after a step changed does not
//! act on the new step; `+`/`-` keep the kind of length; the footer offers only keys that
//! do something; the help says everything Enter does.

use crate::common;

use std::time::Duration;

use backease::app::{App, AudioView, Effect, MenuPrompt, Msg, Running, Screen};
use backease::keymap::session_hints;
use backease::routine::{Library, Routine, TimeRange, Timing};
use backease::session::{Config, Outcome, Phase};
use common::{Clock, app, exercise, secs, tick_through};

fn running(app: &App) -> &Running {
    match &app.screen {
        Screen::Session(run) => run,
        other => panic!("not in a session: {other:?}"),
    }
}

fn phase(app: &App) -> Phase {
    running(app).status.phase
}

/// A routine of one range hold of `min`–`max` seconds (5 s lead-in), then a fixed 20 s.
fn range_app(min: u64, max: u64) -> App {
    let hold = exercise("drape", "Drape", Timing::Hold(TimeRange::secs(min, max)));
    let after = exercise("tilt", "Tilt", Timing::Hold(TimeRange::secs(20, 20)));
    let library = Library {
        exercises: vec![hold.clone(), after.clone()],
        routines: vec![Routine {
            id: "r".into(),
            name: "R".into(),
            description: String::new(),
            safety: vec![],
            steps: vec![hold, after],
        }],
        poses: vec![],
    };
    App::new(
        library,
        Config::default(),
        AudioView {
            volume: 80,
            muted: false,
            off: None,
        },
    )
}

// ---- 1. Enter after a range hold's minimum ---------------------------------------------

#[test]
fn enter_after_a_range_minimum_ends_the_step_and_moves_on_at_every_length() {
    // 10–15 s worked before; from 2 minutes up Enter raised the alarm instead.
    for (min, max) in [(10, 15), (60, 90), (120, 180), (600, 900)] {
        let c = Clock::new();
        let mut a = range_app(min, max);
        a.start("r", c.at(0));
        let released = 5_000 + min * 1_000 + 2_000;
        a.update(Msg::Tick, c.at(released - 1_000));
        let fx = a.update(Msg::Enter, c.at(released));
        let run = running(&a);
        assert_eq!(run.status.step, 1, "{min}–{max} s: moves on");
        assert_eq!(run.status.phase, Phase::GetReady, "{min}–{max} s");
        assert_eq!(
            run.session.outcomes()[0],
            Outcome::Done {
                held: secs(min + 2)
            },
            "{min}–{max} s"
        );
        assert!(
            !fx.iter().any(|e| matches!(e, Effect::Bell { .. })),
            "{min}–{max} s: no alarm: {fx:?}"
        );
        // Nothing after the release counts: the session's time stops growing for step 1.
        let elapsed = run.session.session_elapsed(c.at(released));
        assert_eq!(elapsed, Duration::from_millis(released), "{min}–{max} s");
    }
}

// ---- 2. `x` on every step, the last included -------------------------------------------

/// Starts `mix` and skips to step `k`, a second between keys.
fn mix_at_step(c: &Clock, k: usize) -> (App, u64) {
    let mut a = app();
    a.start("mix", c.at(0));
    let mut t = 0;
    for _ in 0..k {
        t += 1_000;
        a.update(Msg::Skip, c.at(t));
    }
    assert_eq!(running(&a).status.step, k);
    (a, t + 1_000)
}

#[test]
fn this_hurts_shows_the_notes_on_every_step_and_waits() {
    let c = Clock::new();
    for k in 0..5 {
        let (mut a, t) = mix_at_step(&c, k);
        a.update(Msg::Hurts, c.at(t));
        let run = running(&a);
        let hurt = run.hurt.as_ref().expect("the note shows on every step");
        let step = &run.routine().steps[k];
        assert_eq!(hurt.exercise, step.name, "step {k}");
        for note in step.safety.iter().chain(&run.routine().safety) {
            assert!(hurt.notes.contains(note), "step {k}: {note}");
        }
        assert!(run.status.paused, "step {k}: waits");
        assert!(matches!(run.session.outcomes()[k], Outcome::Painful { .. }));
        assert_eq!(session_hints(run)[0].1, "go on when ready");
    }
}

#[test]
fn a_session_stopped_because_the_last_step_hurt_is_not_finished() {
    let c = Clock::new();
    let (mut a, t) = mix_at_step(&c, 4);
    a.update(Msg::Hurts, c.at(t));
    assert!(
        matches!(a.screen, Screen::Session(_)),
        "the notes show before the summary"
    );
    let fx = a.update(Msg::Enter, c.at(t + 2_000));
    let Screen::Summary(s) = &a.screen else {
        panic!("Enter goes on to the summary")
    };
    assert!(!s.finished);
    let over: Vec<_> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::SessionOver(r) => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(over.len(), 1);
    assert!(!over[0].finished);
    assert!(!over[0].resumable(), "nothing left to resume");
    let text = common::text(&common::render(&a, 80, 24));
    assert!(text.contains("ended early"), "{text}");
}

#[test]
fn going_on_after_this_hurts_runs_the_next_step_and_the_session_can_finish() {
    let c = Clock::new();
    let (mut a, t) = mix_at_step(&c, 3);
    a.update(Msg::Hurts, c.at(t));
    a.update(Msg::Enter, c.at(t + 2_000));
    let run = running(&a);
    assert_eq!((run.status.step, run.status.paused), (4, false));
    assert!(run.hurt.is_none());
    a.update(Msg::Enter, c.at(t + 4_000));
    let Screen::Summary(s) = &a.screen else {
        panic!("summary")
    };
    assert!(s.finished, "the last step was done");
}

// ---- 3. what hurt is remembered at once ------------------------------------------------

#[test]
fn what_hurt_is_offered_for_skipping_at_the_next_start_in_the_same_run() {
    let c = Clock::new();
    let mut a = app();
    a.update(Msg::Enter, c.at(0)); // mix
    tick_through(&mut a, &c, 0, 7_000);
    a.update(Msg::Hurts, c.at(7_000));
    assert!(running(&a).hurt.is_some());
    a.update(Msg::Quit, c.at(8_000));
    a.update(Msg::Yes, c.at(8_500));
    a.update(Msg::Enter, c.at(9_000)); // summary -> menu
    assert!(matches!(a.screen, Screen::Menu(_)));
    a.update(Msg::Enter, c.at(10_000));
    let Screen::Menu(m) = &a.screen else {
        panic!("asks first, got {:?}", a.screen)
    };
    assert!(
        matches!(&m.prompt, Some(MenuPrompt::SkipPainful { names, .. }) if names == &["Pelvic tilt".to_string()]),
        "{:?}",
        m.prompt
    );
    // Skipped when offered, it is still remembered (a skip is not a try without pain).
    a.update(Msg::Yes, c.at(10_000));
    assert_eq!(running(&a).status.step, 1);
    a.update(Msg::Quit, c.at(12_000));
    a.update(Msg::Yes, c.at(12_500));
    a.update(Msg::Enter, c.at(13_000));
    a.update(Msg::Enter, c.at(14_000));
    assert!(matches!(&a.screen, Screen::Menu(m) if m.prompt.is_some()));
    // Done without pain since: no longer offered.
    a.update(Msg::No, c.at(14_000));
    tick_through(&mut a, &c, 14_000, 40_000);
    assert_eq!(running(&a).status.step, 1, "pelvic tilt done");
    a.update(Msg::Quit, c.at(40_000));
    a.update(Msg::Yes, c.at(40_500));
    a.update(Msg::Enter, c.at(41_000));
    a.update(Msg::Enter, c.at(42_000));
    assert!(matches!(a.screen, Screen::Session(_)), "no question now");
}

// ---- 4. a key right after a change ----------------------------------------------------

/// The `long` routine at its alarm: 5 s lead-in, 720 s hold. Returns the moment (ms).
fn at_alarm(a: &mut App, c: &Clock) -> u64 {
    a.start("long", c.at(0));
    let t = 5_000 + 720_000 + 1_000;
    a.update(Msg::Tick, c.at(t - 2_000));
    a.update(Msg::Tick, c.at(t));
    assert_eq!(phase(a), Phase::Alarm);
    t
}

#[test]
fn a_second_enter_right_after_the_alarm_does_not_skip_the_next_get_ready() {
    let c = Clock::new();
    let mut a = app();
    let t = at_alarm(&mut a, &c) + 1_000;
    a.update(Msg::Enter, c.at(t));
    assert_eq!((running(&a).status.step, phase(&a)), (1, Phase::GetReady));
    a.update(Msg::Enter, c.at(t + 150));
    assert_eq!(
        phase(&a),
        Phase::GetReady,
        "the second Enter was meant for the alarm"
    );
    // Once the moment has passed, Enter cuts the get-ready short as it says.
    a.update(Msg::Enter, c.at(t + 700));
    assert_eq!(phase(&a), Phase::Hold);
}

#[test]
fn the_key_guard_is_real_time_at_any_speed() {
    // At --speed 10 half a second of real time is 5 s of the app's time.
    let c = Clock::new();
    let mut a = app().at_speed(10.0).expect("speed");
    assert_eq!(a.key_guard, secs(5));
    let t = at_alarm(&mut a, &c) + 6_000;
    a.update(Msg::Enter, c.at(t));
    assert_eq!((running(&a).status.step, phase(&a)), (1, Phase::GetReady));
    a.update(Msg::Enter, c.at(t + 1_500)); // 150 ms of real time
    assert_eq!(phase(&a), Phase::GetReady);
}

#[test]
fn a_step_that_ends_on_its_own_is_not_acted_on_by_a_key_just_after() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    tick_through(&mut a, &c, 0, 25_000); // pelvic tilt ends at 25 s
    assert_eq!((running(&a).status.step, phase(&a)), (1, Phase::GetReady));
    // `n` pressed for the step that just ended does not skip child's pose.
    a.update(Msg::Skip, c.at(25_200));
    assert_eq!(running(&a).status.step, 1);
}

#[test]
fn a_burst_of_buffered_keys_moves_one_step() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    a.update(Msg::Tick, c.at(1_000));
    for _ in 0..4 {
        a.update(Msg::Skip, c.at(1_010));
    }
    assert_eq!(running(&a).status.step, 1);
}

#[test]
fn this_hurts_right_after_a_change_only_pauses() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    tick_through(&mut a, &c, 0, 25_000);
    a.update(Msg::Hurts, c.at(25_100));
    let run = running(&a);
    assert!(run.status.paused, "the clock stops");
    assert!(run.hurt.is_none(), "the new step is not marked");
    assert_eq!(run.session.outcomes()[1], Outcome::Pending);
}

// ---- 5. `+`/`-` keep the kind; the footer offers what works -----------------------------

#[test]
fn plus_and_minus_keep_the_kind_of_length() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    a.update(Msg::Longer, c.at(1_000));
    let len = running(&a).status.length.expect("get ready counts down");
    assert_eq!(len, TimeRange::secs(10, 10), "get ready stays fixed");
    a.update(Msg::Shorter, c.at(1_000));
    tick_through(&mut a, &c, 1_000, 7_000);
    assert_eq!(phase(&a), Phase::Hold);
    a.update(Msg::Longer, c.at(7_000));
    let len = running(&a).status.length.expect("fixed hold");
    assert_eq!(
        len,
        TimeRange::secs(25, 25),
        "a fixed 20 s hold becomes 25 s"
    );
    assert!(running(&a).status.until_min.is_none());
    let text = common::text(&common::render(&a, 120, 40));
    assert!(!text.contains("20–25"), "{text}");
    // A range keeps its minimum.
    tick_through(&mut a, &c, 7_000, 38_000);
    assert_eq!((running(&a).status.step, phase(&a)), (1, Phase::Hold));
    a.update(Msg::Longer, c.at(38_000));
    assert_eq!(
        running(&a).status.length,
        Some(TimeRange::secs(10, 20)),
        "10–15 s becomes 10–20 s"
    );
    // Rest stays fixed too.
    tick_through(&mut a, &c, 38_000, 56_000);
    assert_eq!(phase(&a), Phase::Rest);
    a.update(Msg::Longer, c.at(56_000));
    assert!(!running(&a).status.length.expect("rest").is_range());
}

/// The footer's keys and words now.
fn hints(a: &App) -> Vec<(String, String)> {
    session_hints(running(a))
        .into_iter()
        .map(|(k, w)| (k, w.to_string()))
        .collect()
}

fn offers(a: &App, key: &str) -> Option<String> {
    hints(a).into_iter().find(|(k, _)| k == key).map(|(_, w)| w)
}

#[test]
fn the_footer_offers_only_keys_that_do_something_now() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    // Get ready: Enter starts now, +/- change it.
    assert_eq!(offers(&a, "Enter").as_deref(), Some("start now"));
    assert!(offers(&a, "+/-").is_some());
    // A fixed hold: Enter does nothing.
    tick_through(&mut a, &c, 0, 6_000);
    assert_eq!(phase(&a), Phase::Hold);
    assert_eq!(offers(&a, "Enter"), None);
    assert!(offers(&a, "+/-").is_some());
    // A range before and after its minimum.
    tick_through(&mut a, &c, 6_000, 31_000);
    assert_eq!((running(&a).status.step, phase(&a)), (1, Phase::Hold));
    assert_eq!(offers(&a, "Enter"), None);
    tick_through(&mut a, &c, 31_000, 41_000);
    assert_eq!(offers(&a, "Enter").as_deref(), Some("release"));
    // An open-ended hold: Enter ends it, nothing to lengthen.
    let (mut a, t) = mix_at_step(&c, 3);
    tick_through(&mut a, &c, t, t + 6_000);
    assert_eq!(phase(&a), Phase::OpenHold);
    assert_eq!(offers(&a, "Enter").as_deref(), Some("done"));
    assert_eq!(offers(&a, "+/-"), None);
    let text = common::text(&common::render(&a, 200, 50));
    assert!(text.contains("Enter done"), "{text}");
    assert!(!text.contains("+/-"), "{text}");
    // Untimed: done; paused: Space resumes.
    a.update(Msg::Enter, c.at(t + 7_000));
    assert_eq!(phase(&a), Phase::WaitForUser);
    assert_eq!(offers(&a, "Enter").as_deref(), Some("done"));
    a.update(Msg::TogglePause, c.at(t + 8_000));
    assert_eq!(offers(&a, "Space").as_deref(), Some("resume"));
    // The alarm: Enter goes on; nothing to lengthen.
    let mut a = app();
    at_alarm(&mut a, &c);
    assert_eq!(offers(&a, "Enter").as_deref(), Some("go on"));
    assert_eq!(offers(&a, "+/-"), None);
}

// ---- 6. the help says everything Enter does ---------------------------------------------

#[test]
fn the_help_overlay_says_everything_enter_does() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    a.update(Msg::Help, c.at(0));
    let text = common::text(&common::render(&a, 120, 50));
    for words in [
        "end an open-ended hold",
        "confirm an untimed step",
        "release a range hold once its minimum is reached",
        "acknowledge the alarm",
        "cut a get-ready, rest or side switch short",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    let mut a = app();
    a.update(Msg::Help, c.at(0));
    let text = common::text(&common::render(&a, 120, 50));
    assert!(text.contains("PgUp PgDn"), "{text}");
}

// ---- issue 26, item 4: deliberate keys are obeyed, held-back keys are shown -------------

#[test]
fn a_person_pressing_n_again_after_seeing_the_step_change_is_obeyed() {
    // Four `n`, 0.3 s apart: four steps (it used to be two).
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    a.update(Msg::Tick, c.at(1_000));
    for k in 0..4 {
        a.update(Msg::Skip, c.at(1_000 + 300 * k));
    }
    assert_eq!(running(&a).status.step, 4);
    assert_eq!(running(&a).held_back, None);
}

#[test]
fn n_then_back_at_once_goes_back() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    a.update(Msg::Skip, c.at(1_000));
    assert_eq!(running(&a).status.step, 1);
    // "Oops": back, a quarter of a second later.
    a.update(Msg::Previous, c.at(1_250));
    assert_eq!(running(&a).status.step, 0);
}

#[test]
fn a_key_held_back_is_shown_until_the_next_key() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    tick_through(&mut a, &c, 0, 25_000); // the first step ends on its own
    a.update(Msg::Skip, c.at(25_100));
    assert_eq!(
        running(&a).status.step,
        1,
        "held back: meant for the step before"
    );
    assert_eq!(running(&a).held_back, Some(Msg::Skip));
    let screen = common::text(&common::render(&a, 80, 24));
    assert!(
        screen.contains("n held back"),
        "the screen says so:\n{screen}"
    );
    // Pressed again once the person has seen the new step: it acts.
    a.update(Msg::Skip, c.at(25_800));
    assert_eq!(running(&a).status.step, 2);
    assert_eq!(running(&a).held_back, None);
}

// ---- issue 26, item 10: "End the session?" pauses while it asks -------------------------

#[test]
fn the_end_question_pauses_the_countdown_and_no_goes_on_where_it_was() {
    for ask in [Msg::Quit, Msg::Cancel] {
        let c = Clock::new();
        let mut a = app();
        a.start("mix", c.at(0));
        a.update(Msg::Tick, c.at(10_000));
        let left = running(&a).status.remaining;
        a.update(ask, c.at(10_000));
        assert!(running(&a).status.paused, "asking pauses");
        // A long think: the 20 s hold would have ended under the question.
        tick_through(&mut a, &c, 10_000, 60_000);
        assert_eq!(running(&a).status.step, 0);
        assert_eq!(running(&a).status.remaining, left);
        a.update(Msg::No, c.at(60_000));
        assert!(!running(&a).status.paused, "n goes on");
        assert_eq!(running(&a).status.remaining, left);
    }
}

#[test]
fn the_end_question_on_a_paused_session_leaves_it_paused() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    a.update(Msg::TogglePause, c.at(5_000));
    a.update(Msg::Quit, c.at(6_000));
    a.update(Msg::No, c.at(7_000));
    assert!(
        running(&a).status.paused,
        "it was paused before the question"
    );
}

#[test]
fn time_spent_under_the_end_question_is_not_counted() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    a.update(Msg::Quit, c.at(5_000));
    let effects = a.update(Msg::Yes, c.at(65_000));
    let over = effects
        .iter()
        .find_map(|e| match e {
            Effect::SessionOver(s) => Some(s.clone()),
            _ => None,
        })
        .expect("recorded");
    assert_eq!(over.elapsed, secs(5));
}

// ---- issue 26, smaller: a step that hurt is not "skipped" on the summary ---------------

#[test]
fn a_step_that_hurt_is_counted_apart_from_skipped_on_the_summary() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    a.update(Msg::Hurts, c.at(2_000));
    a.update(Msg::Quit, c.at(3_000));
    a.update(Msg::Yes, c.at(3_000));
    let Screen::Summary(s) = &a.screen else {
        panic!("the summary: {:?}", a.screen)
    };
    // History's CSV says "skipped 0, painful 1": so does the summary.
    assert_eq!((s.skipped(), s.hurt()), (0, 1));
    let screen = common::text(&common::render(&a, 80, 24));
    assert!(
        screen.contains("0 skipped · 1 stopped (it hurt)"),
        "{screen}"
    );
}

/// Issue 23: a cue the player could not play is known to the app. While sound is on the
/// footer names it until the next key; a player that lost its device makes the footer
/// say `sound off` (it used to keep saying `vol 80%`); a later cue that finds the device
/// brings the volume back.
#[test]
fn a_cue_the_player_could_not_play_shows_in_the_footer() {
    use backease::audio::Sound;
    use backease::cue::{AudioStatus, Missed};
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    let footer = |a: &App| {
        let buf = common::render(a, 160, 30);
        (0..buf.area.width)
            .map(|x| buf[(x, buf.area.height - 1)].symbol().to_string())
            .collect::<String>()
    };
    assert!(footer(&a).contains("vol 80%"), "{}", footer(&a));

    let late = Missed {
        sound: Sound::Countdown,
        reason: "late: the sound device was slow to start".into(),
    };
    a.sound_heard(&AudioStatus::On, &[late]);
    assert!(
        footer(&a).contains("not heard: countdown (late: the sound device was slow to start)"),
        "{}",
        footer(&a)
    );
    a.update(Msg::TogglePause, c.at(1_000));
    assert!(
        footer(&a).contains("vol 80%"),
        "gone at the next key: {}",
        footer(&a)
    );

    let lost = Missed {
        sound: Sound::StepEnd,
        reason: "audio device lost".into(),
    };
    a.sound_heard(&AudioStatus::Off("audio device lost".into()), &[lost]);
    assert!(
        footer(&a).contains("sound off: audio device lost"),
        "{}",
        footer(&a)
    );
    a.sound_heard(&AudioStatus::On, &[]);
    assert!(
        footer(&a).contains("vol 80%"),
        "the device is back: {}",
        footer(&a)
    );
}

/// Issue 26: Home/End and g/G go to the first and last routine of the menu (Home/End
/// while typing a filter too, where g and G are letters of the filter).
#[test]
fn home_end_g_and_shift_g_go_to_the_ends_of_the_menu() {
    use backease::keymap::{Context, msg_for};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    let c = Clock::new();
    let mut a = common::app();
    a.library = backease::routine::load::shipped();
    let len = a.library.routines.len();
    assert!(len > 3);
    let selected = |a: &App| match &a.screen {
        Screen::Menu(m) => m.selected,
        _ => panic!("the menu"),
    };
    for (last, first) in [
        (KeyCode::End, KeyCode::Home),
        (KeyCode::Char('G'), KeyCode::Char('g')),
    ] {
        let msg = msg_for(key(last), Context::Menu).expect("a message");
        a.update(msg, c.at(0));
        assert_eq!(selected(&a), len - 1, "{last:?}");
        let msg = msg_for(key(first), Context::Menu).expect("a message");
        a.update(msg, c.at(0));
        assert_eq!(selected(&a), 0, "{first:?}");
    }
    assert_eq!(msg_for(key(KeyCode::End), Context::Typing), Some(Msg::Last));
    assert_eq!(
        msg_for(key(KeyCode::Char('G')), Context::Typing),
        Some(Msg::Char('G'))
    );
}
