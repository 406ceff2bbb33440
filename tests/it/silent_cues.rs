//! Without sound (no audio device, or muted) every cue is seen: the screen flashes a band
//! at each one (hold start, range minimum, halfway, one minute left, switch sides, rep
//! and step end), not only at a step's end. The per-second ticks of a lead-in and a
//! countdown do not flash (the digits show those seconds); the long step's alarm has its
//! own band. The volume keys say so when there is nothing to hear.

use crate::common;

use backease::app::{App, Effect, Msg, Screen};
use common::{Clock, app, render, text};
use ratatui::style::Modifier;

/// Each flash as it appears, ticking every 250 ms from 0 to `to_ms`.
fn flashes(a: &mut App, c: &Clock, to_ms: u64) -> Vec<(u64, String)> {
    let mut seen = Vec::new();
    let mut last = None;
    let mut t = 0;
    while t <= to_ms {
        a.update(Msg::Tick, c.at(t));
        if let Screen::Session(run) = &a.screen {
            let now = run.flash.as_ref().map(|f| (f.text.clone(), f.until));
            if let Some((text, _)) = &now
                && now != last
            {
                seen.push((t, text.clone()));
            }
            last = now;
        }
        t += 250;
    }
    seen
}

/// The mix routine's cues, in order, with the moment (ms) each falls due.
fn mix_cues() -> Vec<(u64, &'static str)> {
    vec![
        (5_000, "Hold"),
        (25_000, "✓ Pelvic tilt — done"),
        (30_000, "Hold"),
        (40_000, "You may release (Enter)"),
        (45_000, "Rep 1 done · rest"),
        (49_000, "Hold"),
        (59_000, "You may release (Enter)"),
        (64_000, "✓ Child's pose — done"),
        (69_000, "Hold · left"),
        (84_000, "Switch sides: right"),
        (87_000, "Hold · right"),
        (102_000, "✓ Figure four — done"),
        (107_000, "Hold"),
    ]
}

fn silent(how: &str) -> App {
    let mut a = app();
    match how {
        "no device" => a.audio.off = Some("no audio device".into()),
        "muted" => a.audio.muted = true,
        _ => {
            a.audio.off = Some("no audio device".into());
            a.audio.muted = true;
        }
    }
    a
}

#[test]
fn without_sound_every_cue_flashes_at_its_moment() {
    for how in ["no device", "muted", "muted with no device"] {
        let c = Clock::new();
        let mut a = silent(how);
        a.start("mix", c.at(0));
        let seen = flashes(&mut a, &c, 110_000);
        let want: Vec<(u64, String)> = mix_cues()
            .into_iter()
            .map(|(t, s)| (t, s.to_string()))
            .collect();
        assert_eq!(seen, want, "{how}");
    }
}

#[test]
fn with_sound_only_the_step_ends_flash() {
    let c = Clock::new();
    let mut a = app();
    a.start("mix", c.at(0));
    let seen: Vec<String> = flashes(&mut a, &c, 110_000)
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    assert_eq!(
        seen,
        [
            "✓ Pelvic tilt — done",
            "✓ Child's pose — done",
            "✓ Figure four — done"
        ]
    );
}

#[test]
fn a_long_hold_flashes_at_halfway_and_one_minute_left() {
    let c = Clock::new();
    let mut a = silent("no device");
    a.start("long", c.at(0));
    let seen = flashes(&mut a, &c, 700_000);
    // 5 s to get ready, then 12 minutes: halfway at 6 minutes, a minute left at 11.
    assert_eq!(
        seen,
        [
            (5_000, "Hold".to_string()),
            (365_000, "Halfway".to_string()),
            (665_000, "One minute left".to_string()),
        ]
    );
}

#[test]
fn the_flash_is_a_band_on_screen_that_moves_nothing() {
    let c = Clock::new();
    let mut a = silent("muted");
    a.start("mix", c.at(0));
    common::tick_through(&mut a, &c, 0, 39_750);
    let before = render(&a, 80, 24);
    a.update(Msg::Tick, c.at(40_000));
    let buf = render(&a, 80, 24);
    let screen = text(&buf);
    assert!(screen.contains("You may release (Enter)"), "{screen}");
    let reversed = buf
        .content()
        .iter()
        .filter(|c| c.modifier.contains(Modifier::REVERSED))
        .count();
    assert!(reversed > 200, "a wide band: {reversed} cells\n{screen}");
    // Everything below the clock stays where it was.
    let rows = |b: &ratatui::buffer::Buffer| -> Vec<String> {
        text(b).lines().skip(14).map(str::to_string).collect()
    };
    let (old, new) = (rows(&before), rows(&buf));
    let same = old
        .iter()
        .zip(&new)
        .filter(|(o, _)| o.starts_with(" 1.") || o.starts_with(" Up next"))
        .all(|(o, n)| o == n);
    assert!(same, "before:\n{}\nafter:\n{screen}", text(&before));
    // About a second later it is gone.
    a.update(Msg::Tick, c.at(41_000));
    let Screen::Session(run) = &a.screen else {
        panic!("a session")
    };
    assert!(run.flash.is_none());
}

#[test]
fn volume_keys_say_so_when_there_is_nothing_to_hear() {
    let c = Clock::new();
    // No device: the volume still changes (for the effect the shell carries out), and
    // the footer says it has no effect, until the next key.
    let mut a = silent("no device");
    let fx = a.update(Msg::VolumeUp, c.at(0));
    assert_eq!(fx, vec![Effect::SetVolume(90)]);
    let note = "no audio device: volume has no effect";
    assert_eq!(a.sound_note.as_deref(), Some(note));
    let screen = text(&render(&a, 80, 24));
    assert!(screen.contains(note), "{screen}");
    a.update(Msg::Tick, c.at(100));
    assert_eq!(a.sound_note.as_deref(), Some(note), "time alone keeps it");
    a.update(Msg::Down, c.at(200));
    assert_eq!(a.sound_note, None);
    let screen = text(&render(&a, 80, 24));
    assert!(screen.contains("sound off: no audio device"), "{screen}");

    // In a session too, at the smallest size (in the header if the footer is full).
    a.start("mix", c.at(300));
    a.update(Msg::VolumeDown, c.at(400));
    for (w, h) in [(80, 24), (40, 12)] {
        let screen = text(&render(&a, w, h));
        assert!(
            screen.contains(note) || screen.contains("volume: no effect"),
            "{w}x{h}:\n{screen}"
        );
    }

    // Muted: the volume is shown with the word muted.
    let mut a = silent("muted");
    a.update(Msg::VolumeDown, c.at(0));
    assert_eq!(a.sound_note.as_deref(), Some("muted (volume 70%)"));
    // Sound on: the footer's "vol 90%" is the answer.
    let mut a = app();
    a.update(Msg::VolumeUp, c.at(0));
    assert_eq!(a.sound_note, None);
    assert!(text(&render(&a, 80, 24)).contains("vol 90%"));
}
