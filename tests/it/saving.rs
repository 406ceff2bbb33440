//! What the app hands out for saving while a session runs: the standing at every step
//! change and every few seconds between (so a `kill -9` in a long hold or its alarm loses
//! at most [`SAVE_EVERY`] of it), and the resume question that only a no forgets.

use crate::common;

use std::time::Duration;

use backease::app::{Effect, Msg, ResumeOffer, SAVE_EVERY, Screen, Standing};
use backease::session::{Outcome, Phase};
use common::{Clock, app, secs};

/// The standings handed out for saving, with the moment (ms) each came.
fn saves(effects: &[(u64, Effect)]) -> Vec<(u64, Standing)> {
    effects
        .iter()
        .filter_map(|(at, e)| match e {
            Effect::Progress(s) => Some((*at, s.clone())),
            _ => None,
        })
        .collect()
}

/// Class: the standing was saved only at step changes, so a kill in a long hold or its
/// alarm left the step saved as it started: `Skipped, held: "0s"`. Checked against the
/// old code: one Progress at the step's start, none for the twelve minutes after.
#[test]
fn a_long_hold_and_its_alarm_are_saved_every_few_seconds() {
    let c = Clock::new();
    let mut a = app();
    a.start("long", c.at(0)).expect("starts");
    let mut effects = Vec::new();
    // Twelve minutes of hold, then two minutes of the alarm nobody answers.
    let end = 14 * 60 * 1000;
    let mut t = 0;
    while t <= end {
        effects.extend(a.update(Msg::Tick, c.at(t)).into_iter().map(|e| (t, e)));
        t += 1000;
    }
    let Screen::Session(run) = &a.screen else {
        panic!("still in the session")
    };
    assert_eq!(run.status.phase, Phase::Alarm, "the alarm waits for Enter");
    let saves = saves(&effects);
    // Never longer than SAVE_EVERY without a save.
    let mut last = 0;
    for (at, _) in &saves {
        assert!(
            Duration::from_millis(at - last) <= SAVE_EVERY,
            "{}s without a save before {at} ms",
            (at - last) / 1000
        );
        last = *at;
    }
    assert!(Duration::from_millis(end - last) <= SAVE_EVERY);
    // What a kill now would leave: the hold so far, not zero.
    let (_, standing) = saves.last().expect("saved");
    assert_eq!(standing.step, 0);
    let held = standing.outcomes[0].held();
    assert!(held >= secs(720) - SAVE_EVERY, "held {held:?}");
    // Halfway through the hold, too.
    let (_, mid) = saves
        .iter()
        .find(|(at, _)| *at >= 6 * 60 * 1000)
        .expect("a save mid-hold");
    assert!(mid.outcomes[0].held() >= secs(5 * 60), "{mid:?}");
}

#[test]
fn nothing_is_saved_while_paused() {
    let c = Clock::new();
    let mut a = app();
    a.start("long", c.at(0)).expect("starts");
    a.update(Msg::TogglePause, c.at(20_000));
    let mut quiet = Vec::new();
    for s in 21..120 {
        quiet.extend(a.update(Msg::Tick, c.at(s * 1000)));
    }
    assert!(
        !quiet.iter().any(|e| matches!(e, Effect::Progress(_))),
        "{quiet:?}"
    );
    // The wait while paused is not a wake-up for saving.
    let wake = a.next_wake(c.at(120_000));
    assert!(
        wake.is_none_or(|w| w > c.at(120_000) + SAVE_EVERY),
        "{wake:?}"
    );
}

fn offer() -> ResumeOffer {
    ResumeOffer {
        routine_id: "mix".into(),
        step: 1,
        outcomes: vec![Outcome::Done { held: secs(20) }],
    }
}

/// Class: leaving the resume question any way but "no" forgot the saved session.
/// Checked against the old code: Esc and q gave `ResumeDeclined` like n.
#[test]
fn only_no_forgets_the_saved_session() {
    let c = Clock::new();
    for (key, forgets) in [
        (Msg::No, true),
        (Msg::Cancel, false),
        (Msg::Quit, false),
        (Msg::Yes, false),
    ] {
        let mut a = app();
        a.offer_resume(offer());
        let effects = a.update(key, c.at(0));
        assert_eq!(
            effects.contains(&Effect::ResumeDeclined),
            forgets,
            "{key:?}: {effects:?}"
        );
        assert!(!a.is_asking(), "{key:?}: the question is closed");
    }
}
