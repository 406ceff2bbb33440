//! The check-in, app level: the question before the first step (a digit answers, Enter
//! skips, silence skips after a few seconds, Esc goes back), the answer on the summary,
//! what is noted for a professional, and the progress screen's way in and out.

use crate::common;

use std::time::Duration;

use backease::app::{App, Effect, Msg, PROFESSIONAL, Screen, Standing};
use backease::history::Stiffness;
use backease::history::progress::Overview;
use backease::keymap::{Context, msg_for};
use common::{Clock, app, render, send, text};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn checking() -> App {
    let mut a = app().with_key_guard(Duration::ZERO);
    a.checkin = true;
    a
}

fn started(fx: &[Effect]) -> Option<Standing> {
    fx.iter().find_map(|e| match e {
        Effect::Progress(s) => Some(s.clone()),
        _ => None,
    })
}

fn over(fx: &[Effect]) -> Standing {
    fx.iter()
        .find_map(|e| match e {
            Effect::SessionOver(s) => Some(s.clone()),
            _ => None,
        })
        .expect("the session is over")
}

fn summary(a: &App) -> &backease::app::Summary {
    match &a.screen {
        Screen::Summary(s) => s,
        other => panic!("not on the summary: {other:?}"),
    }
}

#[test]
fn a_digit_answers_before_the_first_step_and_goes_into_the_record() {
    let c = Clock::new();
    let mut a = checking();
    let fx = send(&mut a, c.at(0), &[Msg::Enter]);
    assert!(matches!(a.screen, Screen::CheckIn(_)), "{:?}", a.screen);
    assert!(started(&fx).is_none(), "nothing starts before the answer");
    let screen = text(&render(&a, 80, 24));
    assert!(
        screen.contains("How does your back feel? 0 (fine) to 9"),
        "{screen}"
    );
    assert!(screen.contains("in 8 s"), "{screen}");
    // Letters do nothing; a digit answers and starts the session.
    assert!(send(&mut a, c.at(500), &[Msg::Char('x')]).is_empty());
    let fx = send(&mut a, c.at(1_000), &[Msg::Char('6')]);
    let standing = started(&fx).expect("the session starts");
    assert_eq!(standing.stiffness.before, Some(6));
    assert!(matches!(a.screen, Screen::Session(_)));
    // Ended at once: the answer is in what is recorded.
    let fx = send(&mut a, c.at(2_000), &[Msg::Quit, Msg::Yes]);
    assert_eq!(over(&fx).stiffness.before, Some(6));
    assert_eq!(summary(&a).stiffness.text().as_deref(), Some("6 → ?"));
}

#[test]
fn enter_or_space_skips_and_silence_skips_after_eight_seconds() {
    let c = Clock::new();
    for key in [Msg::Enter, Msg::TogglePause] {
        let mut a = checking();
        send(&mut a, c.at(0), &[Msg::Enter]);
        let fx = send(&mut a, c.at(100), &[key]);
        assert_eq!(
            started(&fx).expect("started").stiffness,
            Stiffness::default()
        );
    }
    let mut a = checking();
    send(&mut a, c.at(0), &[Msg::Enter]);
    // The app wakes the shell each second (the countdown) and at the end.
    let wake = a.next_wake(c.at(0)).expect("a wake-up");
    assert!(wake <= c.at(1_000), "{wake:?}");
    assert!(send(&mut a, c.at(7_900), &[Msg::Tick]).is_empty());
    assert!(text(&render(&a, 80, 24)).contains("in 1 s"));
    let fx = send(&mut a, c.at(8_000), &[Msg::Tick]);
    assert_eq!(
        started(&fx).expect("started by itself").stiffness.before,
        None
    );
    assert!(matches!(a.screen, Screen::Session(_)));
}

#[test]
fn esc_goes_back_to_the_menu_and_q_quits() {
    let c = Clock::new();
    let mut a = checking();
    send(&mut a, c.at(0), &[Msg::Down, Msg::Enter]);
    assert!(send(&mut a, c.at(100), &[Msg::Cancel]).is_empty());
    match &a.screen {
        Screen::Menu(m) => assert_eq!(m.selected, 1, "the routine stays selected"),
        other => panic!("{other:?}"),
    }
    send(&mut a, c.at(200), &[Msg::Enter]);
    let fx = send(&mut a, c.at(300), &[Msg::Quit]);
    assert!(fx.contains(&Effect::Quit) && a.done);
}

#[test]
fn off_means_no_question_and_a_resumed_session_is_not_asked_again() {
    let c = Clock::new();
    let mut a = app();
    let fx = send(&mut a, c.at(0), &[Msg::Enter]);
    assert!(started(&fx).is_some() && matches!(a.screen, Screen::Session(_)));
    let mut a = checking();
    a.offer_resume(backease::app::ResumeOffer {
        routine_id: "mix".into(),
        step: 1,
        outcomes: vec![backease::session::Outcome::Done {
            held: common::secs(20),
        }],
    });
    let fx = send(&mut a, c.at(0), &[Msg::Yes]);
    assert!(started(&fx).is_some() && matches!(a.screen, Screen::Session(_)));
}

#[test]
fn the_summary_asks_after_and_shows_before_and_after() {
    let c = Clock::new();
    let mut a = checking();
    send(&mut a, c.at(0), &[Msg::Enter, Msg::Char('6')]);
    send(&mut a, c.at(1_000), &[Msg::Quit, Msg::Yes]);
    assert!(summary(&a).asking);
    let screen = text(&render(&a, 80, 24));
    assert!(screen.contains("How does your back feel now?"), "{screen}");
    let fx = send(&mut a, c.at(2_000), &[Msg::Char('3')]);
    assert_eq!(fx, [Effect::StiffnessAfter(3)]);
    assert!(!summary(&a).asking);
    assert!(summary(&a).mentions.is_empty(), "a fall is not noted");
    let screen = text(&render(&a, 80, 24));
    assert!(screen.contains("stiffness 6 → 3"), "{screen}");
    assert!(!screen.contains("How does your back feel now?"), "{screen}");
    // Answered once: another digit changes nothing.
    assert!(send(&mut a, c.at(3_000), &[Msg::Char('9')]).is_empty());
    assert_eq!(summary(&a).stiffness.after, Some(3));
    // Enter leaves (the question skipped if it was still on).
    send(&mut a, c.at(4_000), &[Msg::Enter]);
    assert!(matches!(a.screen, Screen::Menu(_)));
}

#[test]
fn a_rise_after_the_routine_is_noted_for_a_professional() {
    let c = Clock::new();
    let mut a = checking();
    send(&mut a, c.at(0), &[Msg::Enter, Msg::Char('2')]);
    send(&mut a, c.at(1_000), &[Msg::Quit, Msg::Yes, Msg::Char('5')]);
    let mentions = &summary(&a).mentions;
    assert_eq!(mentions.len(), 1, "{mentions:?}");
    assert!(mentions[0].contains("2 → 5") && mentions[0].contains(PROFESSIONAL));
    let screen = text(&render(&a, 80, 24));
    assert!(screen.contains("worth mentioning to a doctor"), "{screen}");
}

#[test]
fn this_hurts_on_the_same_exercise_in_two_sessions_is_noted() {
    let c = Clock::new();
    let mut a = app().with_key_guard(Duration::ZERO);
    // First time: not noted.
    send(&mut a, c.at(0), &[Msg::Enter]);
    send(&mut a, c.at(6_000), &[Msg::Hurts]);
    send(&mut a, c.at(7_000), &[Msg::Quit, Msg::Yes]);
    assert!(
        summary(&a).mentions.is_empty(),
        "{:?}",
        summary(&a).mentions
    );
    // Again in the next session of the same run (the app keeps what hurt): noted. The
    // menu asks to skip it (it hurt last time); no, it is tried again.
    send(&mut a, c.at(8_000), &[Msg::Enter, Msg::Enter, Msg::No]);
    assert!(matches!(a.screen, Screen::Session(_)), "{:?}", a.screen);
    send(&mut a, c.at(14_000), &[Msg::Hurts]);
    send(&mut a, c.at(15_000), &[Msg::Quit, Msg::Yes]);
    let mentions = &summary(&a).mentions;
    assert_eq!(
        mentions,
        &[format!("Pelvic tilt hurt in two sessions: {PROFESSIONAL}.")]
    );
    // From history at launch too.
    let mut a = app().with_key_guard(Duration::ZERO);
    a.stats.hurt_before.insert("pelvic_tilt".into());
    send(&mut a, c.at(0), &[Msg::Enter]);
    send(&mut a, c.at(6_000), &[Msg::Hurts]);
    send(&mut a, c.at(7_000), &[Msg::Quit, Msg::Yes]);
    assert_eq!(summary(&a).mentions.len(), 1);
}

#[test]
fn digits_are_keys_only_where_the_question_is() {
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    assert_eq!(msg_for(key('7'), Context::CheckIn), Some(Msg::Char('7')));
    assert_eq!(msg_for(key('0'), Context::Summary), Some(Msg::Char('0')));
    assert_eq!(msg_for(key('7'), Context::Session), None);
    assert_eq!(msg_for(key('7'), Context::Menu), None);
    assert_eq!(msg_for(key('h'), Context::Menu), Some(Msg::Progress));
    assert_eq!(msg_for(key('h'), Context::Progress), Some(Msg::Progress));
    assert_eq!(msg_for(key('q'), Context::Progress), Some(Msg::Quit));
}

#[test]
fn h_opens_the_progress_screen_and_esc_q_or_h_go_back() {
    let c = Clock::new();
    for back in [Msg::Cancel, Msg::Quit, Msg::Progress] {
        let mut a = app();
        send(&mut a, c.at(0), &[Msg::Down]);
        let fx = send(&mut a, c.at(0), &[Msg::Progress]);
        assert_eq!(fx, [Effect::LoadOverview]);
        assert!(matches!(a.screen, Screen::Progress(_)));
        a.learned(backease::app::Learned::Overview(Some(Overview::default())));
        match &a.screen {
            Screen::Progress(p) => assert!(p.overview.is_some()),
            other => panic!("{other:?}"),
        }
        assert!(send(&mut a, c.at(1), &[back]).is_empty());
        assert!(!a.done, "{back:?} goes back, it does not quit");
        match &a.screen {
            Screen::Menu(m) => assert_eq!(m.selected, 1),
            other => panic!("{other:?}"),
        }
    }
}
