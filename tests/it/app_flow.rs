//! App-level tests: messages at moments of a fake clock, checking screens, status and the
//! effects (sounds, bell, notifications, reports) the shell would carry out.

use crate::common;

use std::collections::BTreeMap;

use backease::app::{Effect, MenuPrompt, Msg, ResumeOffer, Screen, SessionPrompt};
use backease::audio::Sound;
use backease::session::{Outcome, Phase};
use common::{Clock, app, secs, send};

/// The sounds among the effects.
fn played(fx: &[Effect]) -> Vec<Sound> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Play { sound, .. } => Some(*sound),
            _ => None,
        })
        .collect()
}

fn phase(app: &backease::app::App) -> Phase {
    match &app.screen {
        Screen::Session(run) => run.status.phase,
        other => panic!("not in a session: {other:?}"),
    }
}

fn running(app: &backease::app::App) -> &backease::app::Running {
    match &app.screen {
        Screen::Session(run) => run,
        other => panic!("not in a session: {other:?}"),
    }
}

/// Ticks once a second from `from` to `to` (ms), as the shell would.
fn tick_through(app: &mut backease::app::App, c: &Clock, from: u64, to: u64) -> Vec<Effect> {
    let mut out = Vec::new();
    let mut t = from;
    while t <= to {
        out.extend(app.update(Msg::Tick, c.at(t)));
        t += 250;
    }
    out
}

#[test]
fn enter_in_the_menu_starts_the_selected_routine_with_a_progress_report() {
    let c = Clock::new();
    let mut a = app();
    let fx = send(&mut a, c.at(0), &[Msg::Down, Msg::Up, Msg::Enter]);
    assert_eq!(phase(&a), Phase::GetReady);
    assert_eq!(running(&a).routine().id, "mix");
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Progress(r) if r.step == 0 && r.routine_id == "mix")),
        "{fx:?}"
    );
    assert_eq!(a.title(), "backease — Pelvic tilt 00:05");
}

#[test]
fn a_routine_runs_through_its_phases_with_sounds_and_a_flash_between_steps() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    let fx = tick_through(&mut a, &c, 0, 5_000);
    assert_eq!(phase(&a), Phase::Hold);
    assert!(played(&fx).contains(&Sound::GetReady));
    assert!(played(&fx).contains(&Sound::HoldStart));
    assert_eq!(running(&a).shown_clock(), "00:20");
    let fx = tick_through(&mut a, &c, 5_250, 25_000);
    assert!(played(&fx).contains(&Sound::StepEnd));
    let run = running(&a);
    assert_eq!(run.status.step, 1);
    let flash = run.flash.as_ref().expect("the finished step flashes");
    assert_eq!(flash.text, "✓ Pelvic tilt — done");
    // The shell must wake when the flash ends, even with nothing else due.
    assert!(a.next_wake(c.at(25_000)).is_some_and(|t| t <= c.at(26_000)));
    a.update(Msg::Tick, c.at(26_000));
    assert!(running(&a).flash.is_none());
    // Child's pose: range hold, then rest between reps.
    tick_through(&mut a, &c, 26_000, 30_000);
    assert_eq!(phase(&a), Phase::Hold);
    assert_eq!(running(&a).status.length.map(|l| l.min), Some(secs(10)));
    tick_through(&mut a, &c, 30_250, 46_000);
    assert_eq!(phase(&a), Phase::Rest);
    // Figure four: switch sides.
    tick_through(&mut a, &c, 46_250, 85_000);
    assert_eq!(phase(&a), Phase::SwitchSides);
    assert_eq!(running(&a).status.side, Some(1));
    // Wall sit: counts up until Enter.
    tick_through(&mut a, &c, 85_250, 110_000);
    assert_eq!(phase(&a), Phase::OpenHold);
    assert_eq!(running(&a).shown_clock(), "00:03");
    a.update(Msg::Enter, c.at(110_000));
    assert_eq!(phase(&a), Phase::WaitForUser);
    // The untimed step shows the time taken so far: the next wake is the next second.
    a.update(Msg::Tick, c.at(112_000));
    assert_eq!(a.next_wake(c.at(112_000)), Some(c.at(113_000)));
    let fx = a.update(Msg::Enter, c.at(115_000));
    let Screen::Summary(s) = &a.screen else {
        panic!("the summary follows the last step")
    };
    assert!(s.finished);
    assert_eq!(s.done(), 5);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::SessionOver(r) if r.finished))
    );
    assert!(fx.iter().any(|e| matches!(e, Effect::Notify { .. })));
    a.update(Msg::Enter, c.at(116_000));
    assert!(matches!(a.screen, Screen::Menu(_)));
}

#[test]
fn pause_stops_the_countdown_and_nothing_wakes_the_loop() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    tick_through(&mut a, &c, 0, 8_000);
    a.update(Msg::TogglePause, c.at(8_000));
    let shown = running(&a).shown_clock();
    a.update(Msg::Tick, c.at(60_000));
    assert_eq!(running(&a).shown_clock(), shown);
    assert!(running(&a).status.paused);
    assert_eq!(a.title(), "backease — Pelvic tilt (paused)");
    assert_eq!(a.next_wake(c.at(60_000)), None);
    a.update(Msg::TogglePause, c.at(60_000));
    a.update(Msg::Tick, c.at(61_000));
    assert_eq!(running(&a).shown_clock(), "00:16");
}

#[test]
fn skip_back_restart_and_adjust() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    a.update(Msg::Skip, c.at(1_000));
    assert_eq!(running(&a).status.step, 1);
    assert_eq!(
        running(&a).session.outcomes()[0],
        Outcome::Skipped { held: secs(0) }
    );
    a.update(Msg::Previous, c.at(2_000));
    assert_eq!(running(&a).status.step, 0);
    tick_through(&mut a, &c, 2_000, 8_000);
    assert_eq!(phase(&a), Phase::Hold);
    a.update(Msg::Longer, c.at(8_000));
    assert_eq!(running(&a).status.length.map(|l| l.max), Some(secs(25)));
    a.update(Msg::Shorter, c.at(8_000));
    a.update(Msg::Shorter, c.at(8_000));
    assert_eq!(running(&a).status.length.map(|l| l.max), Some(secs(15)));
    a.update(Msg::Restart, c.at(9_000));
    assert_eq!(phase(&a), Phase::GetReady);
}

#[test]
fn long_holds_change_by_minutes_and_end_in_an_alarm_with_bell_and_notification() {
    let c = Clock::new();
    let mut a = app();
    a.start("long", c.at(0));
    tick_through(&mut a, &c, 0, 6_000);
    a.update(Msg::Longer, c.at(6_000));
    assert_eq!(running(&a).status.length.map(|l| l.max), Some(secs(780)));
    a.update(Msg::Shorter, c.at(6_000));
    let mut fx = Vec::new();
    let mut t = 6_000;
    while t <= 5_000 + 720_000 + 21_000 {
        fx.extend(a.update(Msg::Tick, c.at(t)));
        t += 1_000;
    }
    assert_eq!(phase(&a), Phase::Alarm);
    assert_eq!(a.title(), "backease — Ball drape: time's up");
    let bells = fx
        .iter()
        .filter(|e| matches!(e, Effect::Bell { .. }))
        .count();
    assert_eq!(bells, 2, "one bell per alarm cue (first and after 20 s)");
    assert_eq!(
        fx.iter()
            .filter(|e| matches!(e, Effect::Notify { body, .. } if body.contains("time's up")))
            .count(),
        1
    );
    assert!(played(&fx).contains(&Sound::Alarm));
    a.update(Msg::Enter, c.at(t));
    assert_eq!(running(&a).status.step, 1);
}

#[test]
fn sound_off_rings_the_bell_for_cues_and_muting_silences_both() {
    let c = Clock::new();
    let mut a = app();
    a.audio.off = Some("no audio device".into());
    a.start("mix", c.at(0));
    let fx = tick_through(&mut a, &c, 0, 5_000);
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Bell { .. })),
        "hold start rings: {fx:?}"
    );
    assert!(!fx.iter().any(|e| matches!(e, Effect::Play { .. })));
    let fx = a.update(Msg::Mute, c.at(5_000));
    assert_eq!(fx, vec![Effect::SetMuted(true)]);
    assert_eq!(a.audio.label(), "muted");
    let fx = tick_through(&mut a, &c, 5_250, 26_000);
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Bell { .. })),
        "{fx:?}"
    );
    a.update(Msg::Mute, c.at(26_000));
    assert_eq!(a.audio.label(), "sound off: no audio device");
    assert_eq!(
        a.update(Msg::VolumeDown, c.at(26_000)),
        vec![Effect::SetVolume(70)]
    );
}

#[test]
fn quitting_asks_first_and_a_second_q_confirms() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    a.update(Msg::Quit, c.at(1_000));
    assert_eq!(running(&a).prompt, Some(SessionPrompt::EndSession));
    a.update(Msg::No, c.at(1_500));
    assert_eq!(running(&a).prompt, None);
    a.update(Msg::Cancel, c.at(2_000));
    let fx = a.update(Msg::Quit, c.at(2_500));
    let Screen::Summary(s) = &a.screen else {
        panic!("ending the session shows the summary")
    };
    assert!(!s.finished);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::SessionOver(r) if !r.finished))
    );
    let fx = a.update(Msg::Quit, c.at(3_000));
    assert_eq!(fx, vec![Effect::Quit]);
    assert!(a.done);
}

#[test]
fn ctrl_c_leaves_at_once_and_records_the_session() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    let fx = a.update(Msg::Interrupt, c.at(3_000));
    assert!(matches!(fx.first(), Some(Effect::SessionOver(r)) if r.elapsed == secs(3)));
    assert_eq!(fx.last(), Some(&Effect::Quit));
    assert!(a.done);
}

#[test]
fn this_hurts_stops_the_step_shows_the_note_and_waits() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    tick_through(&mut a, &c, 0, 7_000);
    a.update(Msg::Hurts, c.at(7_000));
    let run = running(&a);
    let hurt = run.hurt.as_ref().expect("the note shows");
    assert_eq!(hurt.exercise, "Pelvic tilt");
    assert!(hurt.notes.contains(&"Keep the movement small.".to_string()));
    assert_eq!(
        run.session.outcomes()[0],
        Outcome::Painful { held: secs(2) }
    );
    assert!(run.status.paused, "the next step waits");
    a.update(Msg::Tick, c.at(20_000));
    a.update(Msg::Enter, c.at(20_000));
    assert!(running(&a).hurt.is_none());
    assert!(!running(&a).status.paused);
}

#[test]
fn what_hurt_last_time_is_offered_for_skipping() {
    let c = Clock::new();
    let mut a = app();
    a.painful = BTreeMap::from([("mix".to_string(), vec!["child_pose".to_string()])]);
    a.update(Msg::Enter, c.at(0));
    let Screen::Menu(m) = &a.screen else {
        panic!("asks first")
    };
    let q = m.prompt.as_ref().expect("prompt").question();
    assert_eq!(q, "Last time Child's pose hurt. Skip it this time? (y/n)");
    a.update(Msg::Yes, c.at(0));
    a.update(Msg::Skip, c.at(1_000));
    let run = running(&a);
    assert_eq!(run.status.step, 2, "child's pose was skipped");
    assert_eq!(
        run.session.outcomes()[1],
        Outcome::Skipped { held: secs(0) }
    );
}

#[test]
fn a_resume_offer_starts_at_the_saved_step() {
    let c = Clock::new();
    let mut a = app();
    a.offer_resume(ResumeOffer {
        routine_id: "mix".into(),
        step: 2,
        outcomes: vec![
            Outcome::Done { held: secs(20) },
            Outcome::Skipped { held: secs(0) },
        ],
    });
    let Screen::Menu(m) = &a.screen else {
        panic!("menu")
    };
    assert!(matches!(m.prompt, Some(MenuPrompt::Resume { .. })));
    assert_eq!(
        m.prompt.as_ref().map(|p| p.question()),
        Some("Resume Morning mix at step 3 of 5? (y/n)".to_string())
    );
    a.update(Msg::Yes, c.at(0));
    let run = running(&a);
    assert_eq!(run.status.step, 2);
    assert_eq!(run.status.done, 1);
    assert_eq!(run.status.skipped, 1);
}

#[test]
fn declining_the_resume_offer_asks_to_forget_it() {
    let c = Clock::new();
    let mut a = app();
    a.offer_resume(ResumeOffer {
        routine_id: "mix".into(),
        step: 1,
        outcomes: vec![Outcome::Done { held: secs(20) }],
    });
    let effects = a.update(Msg::No, c.at(0));
    assert_eq!(effects, vec![Effect::ResumeDeclined]);
    assert!(matches!(&a.screen, Screen::Menu(m) if m.prompt.is_none()));
}

#[test]
fn the_summary_shows_the_streak_and_the_open_ended_hold_against_the_best() {
    let c = Clock::new();
    let mut a = app();
    a.stats.streak_with_today = 4;
    a.stats.bests.insert("wall_sit".into(), secs(40));
    a.start("mix", c.at(0));
    // Skip to the open-ended wall sit (step 4), hold it 55 s past its lead-in, end it.
    // (A second apart: a skip right after a step changed is meant for the step before.)
    for t in [1_000, 2_000, 3_000] {
        a.update(Msg::Skip, c.at(t));
    }
    assert_eq!(phase(&a), Phase::GetReady);
    a.update(Msg::Tick, c.at(8_000));
    assert_eq!(phase(&a), Phase::OpenHold);
    a.update(Msg::Tick, c.at(63_000));
    a.update(Msg::Enter, c.at(63_000));
    a.update(Msg::Enter, c.at(64_000)); // the untimed last step
    let Screen::Summary(summary) = &a.screen else {
        panic!("summary expected, got {:?}", a.screen)
    };
    assert_eq!(summary.streak, 4);
    assert_eq!(summary.personal, vec![(3, Some(secs(40)))]);
    let text = common::text(&common::render(&a, 80, 24));
    assert!(text.contains("4 days in a row"), "{text}");
    assert!(text.contains("new best (was 40 s)"), "{text}");
    // The app remembers the new best for the next summary.
    assert_eq!(a.stats.bests.get("wall_sit"), Some(&secs(55)));
}

#[test]
fn suspending_pauses_the_clock_and_it_stays_paused_until_space() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    tick_through(&mut a, &c, 0, 6_000);
    a.update(Msg::Suspend, c.at(6_000));
    a.update(Msg::Continue, c.at(600_000));
    a.update(Msg::Tick, c.at(601_000));
    assert!(
        running(&a).status.paused,
        "back from a stop, the session waits"
    );
    assert_eq!(running(&a).shown_clock(), "00:19");
    a.update(Msg::TogglePause, c.at(601_000));
    a.update(Msg::Tick, c.at(602_000));
    assert!(!running(&a).status.paused);
    assert_eq!(running(&a).shown_clock(), "00:18");
    // A session paused by hand stays paused after a suspend.
    a.update(Msg::TogglePause, c.at(601_000));
    a.update(Msg::Suspend, c.at(601_000));
    a.update(Msg::Continue, c.at(700_000));
    assert!(running(&a).status.paused);
}

#[test]
fn the_filter_narrows_the_menu_and_keys_become_text() {
    use backease::keymap::msg_for_app;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let c = Clock::new();
    let mut a = app();
    let key = |ch| KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE);
    for ch in ['/', 'l', 'o', 'n', 'g'] {
        let msg = msg_for_app(key(ch), &a).expect("mapped");
        a.update(msg, c.at(0));
    }
    let Screen::Menu(m) = &a.screen else {
        panic!("menu")
    };
    assert_eq!(m.filter, "long");
    assert_eq!(m.visible(&a.library), vec![1]);
    // `q` is text while typing, not quit.
    let msg = msg_for_app(key('q'), &a);
    assert_eq!(msg, Some(Msg::Char('q')));
    a.update(Msg::Enter, c.at(0));
    assert_eq!(running(&a).routine().id, "long");
}

#[test]
fn help_opens_and_any_key_closes_it() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    a.update(Msg::Help, c.at(0));
    assert!(a.help);
    a.update(Msg::Skip, c.at(0));
    assert!(!a.help);
    assert_eq!(
        running(&a).status.step,
        0,
        "the closing key does nothing else"
    );
}

#[test]
fn the_step_end_flash_lasts_the_length_the_shell_sets() {
    // At --speed 20 the shell sets 20 s of app time: one real second.
    let c = Clock::new();
    let mut a = app();
    a.flash_length = secs(20);
    a.start("mix", c.at(0));
    tick_through(&mut a, &c, 0, 25_000);
    let until = running(&a).flash.as_ref().expect("flash").until;
    assert_eq!(until, c.at(25_000) + secs(20));
    a.update(Msg::Tick, c.at(44_000));
    assert!(running(&a).flash.is_some());
    a.update(Msg::Tick, c.at(45_000));
    assert!(running(&a).flash.is_none());
}

// ---- issue 25 (minor): 30 Enters on a summary do not start the routine again ----------

#[test]
fn a_stream_of_enters_on_the_summary_does_not_start_the_routine_again() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    // To the untimed last step, a second apart.
    for k in 1..=4 {
        a.update(Msg::Skip, c.at(k * 1_000));
    }
    assert_eq!(running(&a).status.step, 4);
    // Enter for "done", and 29 more, a tenth of a second apart.
    for k in 0..30 {
        a.update(Msg::Enter, c.at(10_000 + k * 100));
    }
    assert!(
        matches!(a.screen, Screen::Summary(_)),
        "the summary stays up: {:?}",
        a.screen
    );
    // A deliberate Enter, after a pause, goes to the menu; one right after it does not
    // start the routine; one after a pause does.
    a.update(Msg::Enter, c.at(20_000));
    assert!(matches!(a.screen, Screen::Menu(_)), "{:?}", a.screen);
    a.update(Msg::Enter, c.at(20_100));
    assert!(matches!(a.screen, Screen::Menu(_)), "{:?}", a.screen);
    a.update(Msg::Enter, c.at(21_000));
    assert!(matches!(a.screen, Screen::Session(_)), "{:?}", a.screen);
}

// ---- issue 26, item 5: a break from desk mode says where its keys lead ------------------

#[test]
fn a_break_from_desk_mode_leads_back_to_it_and_says_so() {
    let c = Clock::new();
    let mut a = app().with_desk_break(true);
    a.start("mix", c.at(0));
    a.update(Msg::Quit, c.at(1_000));
    a.update(Msg::Yes, c.at(1_000));
    assert!(matches!(a.screen, Screen::Summary(_)), "{:?}", a.screen);
    let screen = common::text(&common::render(&a, 80, 24));
    assert!(screen.contains("Enter back to desk mode"), "{screen}");
    assert!(!screen.contains("menu"), "{screen}");
    let effects = a.update(Msg::Enter, c.at(5_000));
    assert!(a.done, "Enter goes back to desk mode, not to the menu");
    assert!(effects.contains(&Effect::Quit));
    // The check-in before the first step: Esc goes back too.
    let mut a = app().with_desk_break(true).with_checkin(true);
    a.start("mix", c.at(0));
    assert!(matches!(a.screen, Screen::CheckIn(_)), "{:?}", a.screen);
    let screen = common::text(&common::render(&a, 80, 24));
    assert!(screen.contains("Esc back to desk mode"), "{screen}");
    assert!(!screen.contains("back to the menu"), "{screen}");
    // The check-in's second line keeps its indent (smaller item).
    assert!(screen.contains("\n feels better"), "{screen}");
    a.update(Msg::Cancel, c.at(500));
    assert!(a.done);
}

#[test]
fn a_session_from_the_menu_still_leads_back_to_the_menu() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    a.update(Msg::Quit, c.at(1_000));
    a.update(Msg::Yes, c.at(1_000));
    let screen = common::text(&common::render(&a, 80, 24));
    assert!(screen.contains("Enter back to the menu"), "{screen}");
    a.update(Msg::Enter, c.at(5_000));
    assert!(matches!(a.screen, Screen::Menu(_)));
}

// ---- issue 26, smaller: `/` matches the steps too ---------------------------------------

#[test]
fn the_filter_finds_a_routine_by_one_of_its_steps() {
    let library = backease::routine::load::shipped();
    let with_cat_cow = library
        .routines
        .iter()
        .filter(|r| r.steps.iter().any(|s| s.name.contains("Cat-cow")))
        .count();
    assert!(with_cat_cow > 0);
    let mut menu = backease::app::Menu::new(None);
    menu.filter = "cat".into();
    assert_eq!(menu.visible(&library).len(), with_cat_cow);
}

// ---- issue 26, smaller: a did-you-mean for `start five` --------------------------------

#[test]
fn an_unknown_routine_says_which_one_was_likely_meant() {
    let library = backease::routine::load::shipped();
    let app = common::app_over(library);
    let err = app
        .starting("five", std::time::Instant::now())
        .expect_err("no routine five");
    let text = err.to_string();
    assert!(text.contains("did you mean \"five_stretches\""), "{text}");
    let app = common::app_over(backease::routine::load::shipped());
    let err = app
        .starting("five_strecthes", std::time::Instant::now())
        .expect_err("a typo");
    assert!(err.to_string().contains("\"five_stretches\""), "{err}");
}
