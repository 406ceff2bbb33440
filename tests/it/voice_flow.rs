//! The voice in the app: which phrases a session asks the shell to say, when (after the
//! chimes of their moment), and how the `v` key, mute, and a missing engine change that.

use crate::common;

use std::time::Duration;

use backease::app::{App, AudioView, Effect, Msg, VoiceView};
use backease::audio::Sound;
use backease::speech::{NO_ENGINE, VoiceStatus};
use common::{Clock, app, send};

/// The phrases among the effects, with how long each waits.
fn spoken(fx: &[Effect]) -> Vec<(String, Duration)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Speak { phrase, after } => Some((phrase.text.clone(), *after)),
            _ => None,
        })
        .collect()
}

fn with_voice(status: VoiceStatus) -> App {
    app().with_voice(VoiceView::from_status(&status))
}

fn voiced() -> App {
    with_voice(VoiceStatus::On("espeak-ng".into()))
}

/// Ticks every 250 ms from `from` to `to` (ms), as the shell would.
fn tick_through(a: &mut App, c: &Clock, from: u64, to: u64) -> Vec<Effect> {
    let mut out = Vec::new();
    let mut t = from;
    while t <= to {
        out.extend(a.update(Msg::Tick, c.at(t)));
        t += 250;
    }
    out
}

#[test]
fn each_moment_is_spoken_once_after_its_chimes() {
    let c = Clock::new();
    let mut a = voiced();
    let mut fx = a.start("mix", c.at(0)).expect("mix");
    // The get-ready is 5 s, lengthened so the intro (with a breath) ends before the 3-2-1:
    // the first step ends about 25.4 s in.
    fx.extend(tick_through(&mut a, &c, 0, 26_000));
    let hold = fx.iter().find_map(|e| match e {
        Effect::Play {
            sound: Sound::HoldStart,
            due,
        } => Some(due.duration_since(c.at(0))),
        _ => None,
    });
    assert!(
        hold.is_some_and(|d| d > Duration::from_secs(5) && d < Duration::from_secs(6)),
        "{hold:?}"
    );
    let said = spoken(&fx);
    assert_eq!(
        said,
        [
            // The first step's start makes no sound: said at once.
            ("Pelvic tilt. Twenty seconds.".to_string(), Duration::ZERO),
            // The next step starts as this one ends: said after the step-end chime.
            (
                "Child's pose. Ten to fifteen seconds, two times.".to_string(),
                Sound::StepEnd.length()
            ),
        ],
        "{fx:?}"
    );
    // Each Speak comes after the Play it waits for, in the same batch.
    let play = fx.iter().position(|e| {
        matches!(
            e,
            Effect::Play {
                sound: Sound::StepEnd,
                ..
            }
        )
    });
    let speak = fx.iter().rposition(|e| matches!(e, Effect::Speak { .. }));
    assert!(play < speak, "{fx:?}");
    assert!(fx.iter().filter(|e| e.is_cue()).count() >= said.len());
}

#[test]
fn without_a_chime_the_phrase_does_not_wait() {
    let c = Clock::new();
    let mut a = voiced();
    a.audio = AudioView {
        volume: 80,
        muted: false,
        off: Some("no audio device".into()),
    };
    a.start("mix", c.at(0));
    let fx = tick_through(&mut a, &c, 0, 26_000);
    assert_eq!(
        spoken(&fx),
        [(
            "Child's pose. Ten to fifteen seconds, two times.".to_string(),
            Duration::ZERO
        )]
    );
}

#[test]
fn v_turns_the_voice_off_and_on_and_the_footer_says_so() {
    let c = Clock::new();
    let mut a = voiced();
    assert_eq!(a.sound_label(), "voice on · vol 80%");
    a.start("mix", c.at(0));
    let fx = send(&mut a, c.at(100), &[Msg::Voice]);
    assert_eq!(fx, [Effect::SetVoice(false)]);
    assert!(a.voice_hushed());
    assert_eq!(a.sound_label(), "voice off · vol 80%");
    // The first step's get-ready was lengthened for its intro (voice on at its start).
    let fx = tick_through(&mut a, &c, 100, 26_100);
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Play {
            sound: Sound::StepEnd,
            ..
        }
    )));
    assert_eq!(spoken(&fx), [], "voice off: nothing said");
    let fx = send(&mut a, c.at(26_100), &[Msg::Voice]);
    assert_eq!(fx, [Effect::SetVoice(true)]);
    assert!(!a.voice_hushed());
    // Skip (past the key guard after the step change at 25.4 s): the next step is said.
    let fx = send(&mut a, c.at(26_700), &[Msg::Skip]);
    assert_eq!(
        spoken(&fx).first().map(|(t, _)| t.as_str()),
        Some("Figure four. Left side. Fifteen seconds.")
    );
    // In the menu too: `v` works there (the preference for this run).
    let mut menu = voiced();
    assert_eq!(menu.update(Msg::Voice, c.at(0)), [Effect::SetVoice(false)]);
}

#[test]
fn mute_silences_the_voice_too() {
    let c = Clock::new();
    let mut a = voiced();
    a.start("mix", c.at(0));
    let fx = send(&mut a, c.at(100), &[Msg::Mute]);
    assert_eq!(fx, [Effect::SetMuted(true)]);
    assert!(a.voice_hushed(), "the shell hushes the speaker on SetMuted");
    let fx = tick_through(&mut a, &c, 100, 25_000);
    assert_eq!(spoken(&fx), []);
    // What will be heard: nothing (issue 26: it said "voice on · muted").
    assert_eq!(a.sound_label(), "muted");
}

#[test]
fn with_no_engine_one_note_and_the_session_unchanged() {
    let c = Clock::new();
    let mut a = with_voice(VoiceStatus::Unavailable(NO_ENGINE.into()));
    let voice = a.voice.clone().expect("a voice view");
    assert_eq!(
        voice.notice().as_deref(),
        Some("voice off: no speech engine (install speech-dispatcher or espeak-ng)")
    );
    assert_eq!(a.sound_label(), "no voice · vol 80%");
    assert_eq!(a.update(Msg::Voice, c.at(0)), [], "v does nothing");
    let mut plain = app();
    let mut fx = a.start("mix", c.at(0)).expect("mix");
    let mut plain_fx = plain.start("mix", c.at(0)).expect("mix");
    fx.extend(tick_through(&mut a, &c, 0, 25_000));
    plain_fx.extend(tick_through(&mut plain, &c, 0, 25_000));
    assert_eq!(spoken(&fx), []);
    assert_eq!(
        fx, plain_fx,
        "the session is the same as with no voice at all"
    );
    assert_eq!(plain.sound_label(), "vol 80%");
    // The preference "off": no note, the footer says the voice is off.
    let off = with_voice(VoiceStatus::Off);
    assert_eq!(off.voice.as_ref().and_then(VoiceView::notice), None);
    assert_eq!(off.sound_label(), "voice off · vol 80%");
}

/// Issue 26, item 15: an engine that cannot reach a sound device (espeak-ng printing
/// "cannot find card" and exiting 0) is not "voice on": once the speaker knows, the
/// footer says `no voice` and `v` does nothing.
#[test]
fn an_engine_without_a_sound_device_shows_as_no_voice() {
    let c = Clock::new();
    let mut a = voiced();
    a.start("mix", c.at(0));
    assert_eq!(a.sound_label(), "voice on · vol 80%");
    a.voice_heard(&VoiceStatus::On("espeak-ng".into()));
    assert_eq!(a.sound_label(), "voice on · vol 80%");
    a.voice_heard(&VoiceStatus::Unavailable(
        "espeak-ng cannot reach a sound device".into(),
    ));
    assert_eq!(a.sound_label(), "no voice · vol 80%");
    assert_eq!(a.update(Msg::Voice, c.at(100)), [], "v does nothing");
}

/// Issue 23: a 3-2-1 knock due while a phrase is being said gives way to it; with the
/// voice off, every knock plays.
#[test]
fn a_knock_under_speech_gives_way_and_plays_again_once_the_voice_is_hushed() {
    use backease::routine::{Exercise, Library, Routine, TimeRange, Timing};
    // Sides with a long label and a 2 s switch: even the side in a word ("Right foot.")
    // runs past the switch's 1 s knock, which gives way to it.
    let mut ex = Exercise::new("ff", "Figure four", Timing::Hold(TimeRange::secs(6, 6)));
    ex.lead_in = Some(Duration::from_secs(5));
    ex.switch = Duration::from_secs(2);
    ex.sides = vec![
        "left foot on right thigh".into(),
        "right foot on left thigh".into(),
    ];
    let routine = Routine {
        id: "ff".into(),
        name: "FF".into(),
        description: String::new(),
        safety: vec![],
        steps: vec![ex.clone()],
    };
    let library = Library {
        exercises: vec![ex],
        routines: vec![routine],
        poses: vec![],
    };
    let knocks = |fx: &[Effect]| {
        fx.iter()
            .filter(|e| {
                matches!(
                    e,
                    Effect::Play {
                        sound: Sound::GetReady,
                        ..
                    }
                )
            })
            .count()
    };
    let c = Clock::new();
    let mut a = common::app_over(library.clone())
        .with_voice(VoiceView::from_status(&VoiceStatus::On("espeak-ng".into())));
    let mut fx = a.start("ff", c.at(0)).expect("ff");
    // The get-ready (lengthened for "Figure four. Left foot on right thigh. Six seconds.")
    // then the 6 s hold, the 2 s switch and the second side.
    fx.extend(tick_through(&mut a, &c, 0, 30_000));
    let said = spoken(&fx);
    assert!(said.iter().any(|(t, _)| t == "Right foot."), "{said:?}");
    // The get-ready's three knocks and the switch's one knock, less the one that gave way
    // (handed to the shell for its trace as such, not as a cue played).
    assert_eq!(knocks(&fx), 3, "{fx:?}");
    let gave_way: Vec<Sound> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::GaveWay { sound, .. } => Some(*sound),
            _ => None,
        })
        .collect();
    assert_eq!(gave_way, [Sound::GetReady]);

    // With the voice turned off (`v`) before the switch: nothing is said there, and the
    // switch's knock plays.
    let mut b = common::app_over(library)
        .with_voice(VoiceView::from_status(&VoiceStatus::On("espeak-ng".into())));
    let mut fx = b.start("ff", c.at(0)).expect("ff");
    fx.extend(send(&mut b, c.at(100), &[Msg::Voice]));
    fx.extend(tick_through(&mut b, &c, 100, 30_100));
    assert_eq!(knocks(&fx), 4, "{fx:?}");
}
