//! The sounds and the player: every embedded chime decodes with the expected length and a
//! sane peak, the committed files are what the generator makes, every cue maps to its
//! sound, custom files fall back with a clear warning, and the real player (run as a child
//! process, so ALSA's configuration can be chosen per test) works through ALSA's null
//! device, keeps going with no device, and never writes to stderr.

use crate::common::gen_sounds;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use backease::audio::sounds::{self, BUILT_IN, Clip};
use backease::audio::{Player, SilentPlayer};
use backease::cue::{AudioStatus, Sound, sound_for};
use backease::session::{Cue, Outcome};

#[test]
fn every_built_in_sound_decodes_with_its_length_and_a_sane_peak() {
    for b in BUILT_IN {
        let clip = sounds::decode(b.bytes.to_vec())
            .unwrap_or_else(|e| panic!("{} does not decode: {e}", b.file));
        assert_eq!(clip.channels, 1, "{} is mono", b.file);
        assert!(
            [22_050, 44_100].contains(&clip.sample_rate),
            "{} rate {}",
            b.file,
            clip.sample_rate
        );
        let len = clip.duration();
        let diff = len.abs_diff(b.length);
        assert!(
            diff <= Duration::from_millis(3),
            "{}: {len:?} vs {:?}",
            b.file,
            b.length
        );
        let peak = clip.peak_dbfs();
        assert!(
            (-12.0..=-0.5).contains(&peak),
            "{} peaks at {peak:.1} dBFS",
            b.file
        );
        assert!(
            b.bytes.len() < 80_000,
            "{} is {} bytes",
            b.file,
            b.bytes.len()
        );
        // Starts and ends quietly: no click.
        let first = clip.samples[0].abs();
        let last = clip.samples[clip.samples.len() - 1].abs();
        assert!(first < 0.01 && last < 0.01, "{}: {first} .. {last}", b.file);
    }
}

#[test]
fn committed_sounds_are_what_the_generator_makes() {
    let generated = gen_sounds::render_all();
    assert_eq!(generated.len(), BUILT_IN.len());
    for ((file, bytes), b) in generated.iter().zip(BUILT_IN) {
        assert_eq!(*file, b.file, "generator and table in the same order");
        assert!(
            bytes.as_slice() == b.bytes,
            "assets/{file} is stale: run `cargo run --example gen_sounds`"
        );
    }
}

/// A rough fingerprint: (length in 10 ms, zero crossings per second in the loudest 50 ms,
/// number of strikes heard as sharp rises of the envelope).
fn fingerprint(clip: &Clip) -> (u128, u32, usize) {
    let rate = clip.sample_rate as usize;
    let win = rate / 20;
    let s = &clip.samples;
    let (mut best, mut best_energy) = (0, 0.0f32);
    for start in (0..s.len().saturating_sub(win)).step_by(win / 2) {
        let e: f32 = s[start..start + win].iter().map(|x| x * x).sum();
        if e > best_energy {
            (best, best_energy) = (start, e);
        }
    }
    let crossings = s[best..(best + win).min(s.len())]
        .windows(2)
        .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
        .count() as u32;
    // Crossings in 50 ms, twice per cycle: Hz = crossings * 20 / 2.
    let hz = crossings * 10;
    // Envelope in 10 ms blocks; a strike starts where a block is clearly louder than the
    // one before, at least 50 ms after the last strike (the first starts at 0).
    let block = rate / 100;
    let env: Vec<f32> = s
        .chunks(block)
        .map(|c| c.iter().fold(0.0f32, |m, x| m.max(x.abs())))
        .collect();
    let mut strikes = 1;
    let mut last = 0;
    for i in 1..env.len() {
        if env[i] > 0.05 && env[i] > 1.3 * env[i - 1] && i >= last + 5 {
            strikes += 1;
            last = i;
        }
    }
    (clip.duration().as_millis() / 10, hz, strikes)
}

#[test]
fn every_sound_is_distinct_in_length_pitch_or_rhythm() {
    let prints: Vec<_> = Sound::ALL
        .iter()
        .map(|&s| (s, fingerprint(&sounds::decode_built_in(s))))
        .collect();
    for (i, (a, fa)) in prints.iter().enumerate() {
        for (b, fb) in &prints[i + 1..] {
            let pitch_apart = fa.1.abs_diff(fb.1) * 10 > fa.1.max(fb.1);
            assert!(
                fa.0 != fb.0 || pitch_apart || fa.2 != fb.2,
                "{a} {fa:?} and {b} {fb:?} are too alike"
            );
        }
    }
}

#[test]
fn every_cue_has_the_sound_a_person_expects() {
    let done = Outcome::Done {
        held: Duration::from_secs(10),
    };
    let table = [
        (Cue::StepStart { step: 0 }, None),
        (Cue::LeadIn(3), Some(Sound::GetReady)),
        (Cue::LeadIn(1), Some(Sound::GetReady)),
        (
            Cue::HoldStart {
                step: 0,
                side: Some(1),
                rep: 1,
            },
            Some(Sound::HoldStart),
        ),
        (
            Cue::RangeMinReached {
                step: 0,
                first: true,
            },
            Some(Sound::RangeMin),
        ),
        (Cue::Halfway { step: 0 }, Some(Sound::Countdown)),
        (Cue::OneMinuteLeft { step: 0 }, Some(Sound::OneMinute)),
        (Cue::Countdown(2), Some(Sound::Countdown)),
        (
            Cue::SwitchSides { step: 0, side: 1 },
            Some(Sound::SwitchSides),
        ),
        (Cue::RepDone { step: 0, rep: 1 }, Some(Sound::RepEnd)),
        (Cue::RestStart { step: 0 }, None),
        (
            Cue::StepEnd {
                step: 0,
                outcome: done,
            },
            Some(Sound::StepEnd),
        ),
        (Cue::LongStepAlarm { step: 0, count: 2 }, Some(Sound::Alarm)),
        (Cue::SessionComplete, Some(Sound::SessionComplete)),
    ];
    for (cue, sound) in &table {
        assert_eq!(sound_for(cue), *sound, "{cue:?}");
    }
    // Every sound is used by some cue.
    let used: BTreeSet<Sound> = table.iter().filter_map(|(_, s)| *s).collect();
    assert_eq!(used.len(), Sound::ALL.len());
}

#[test]
fn sound_keys_round_trip() {
    for s in Sound::ALL {
        assert_eq!(Sound::from_key(s.key()), Some(s));
        assert_eq!(Sound::from_key(&s.key().replace('_', "-")), Some(s));
    }
    assert_eq!(Sound::from_key("gong"), None);
}

#[test]
fn a_custom_file_that_does_not_decode_falls_back_with_a_clear_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("my alarm.wav");
    std::fs::write(&bad, b"this is not audio").expect("write");
    let missing = dir.path().join("gone.wav");
    let good = dir.path().join("tick.wav");
    std::fs::write(&good, sounds::built_in(Sound::GetReady).bytes).expect("write");
    let custom = BTreeMap::from([
        (Sound::Alarm, bad.clone()),
        (Sound::StepEnd, missing.clone()),
        (Sound::HoldStart, good),
    ]);
    let (clips, warnings) = sounds::load_clips(&custom);
    assert_eq!(clips.len(), Sound::ALL.len());
    // One warning per unusable file, in Sound order (step end before alarm).
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    let (step_end, alarm) = (&warnings[0], &warnings[1]);
    assert!(
        alarm.starts_with(&format!(
            "sound for alarm: {} could not be decoded (",
            bad.display()
        )),
        "{alarm}"
    );
    assert!(alarm.ends_with("; using the built-in one"), "{alarm}");
    assert!(
        step_end.starts_with(&format!(
            "sound for step end: {} could not be read (",
            missing.display()
        )),
        "{step_end}"
    );
    // The fallbacks are the built-in sounds; the good file replaced hold start.
    let builtin_alarm = sounds::decode_built_in(Sound::Alarm);
    assert_eq!(clips[Sound::Alarm as usize].samples, builtin_alarm.samples);
    let builtin_step_end = sounds::decode_built_in(Sound::StepEnd);
    assert_eq!(
        clips[Sound::StepEnd as usize].samples,
        builtin_step_end.samples
    );
    let tick = sounds::decode_built_in(Sound::GetReady);
    assert_eq!(clips[Sound::HoldStart as usize].samples, tick.samples);
}

#[test]
fn the_silent_player_stands_in_without_panicking() {
    let mut p = SilentPlayer::off("no audio device");
    p.play(Sound::Alarm);
    assert_eq!(p.status(), AudioStatus::Off("no audio device".into()));
    p.set_muted(true);
    assert_eq!(p.status(), AudioStatus::Muted);
    p.set_volume(250);
    assert_eq!(p.volume(), 100);
}

// ---- The real player, in a child process ------------------------------------------------

/// The probe example, built by `cargo test` next to this test binary (built here if not).
fn probe() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps");
    // `cargo test --test it` does not build examples: build it (a no-op when fresh).
    static BUILT: std::sync::Once = std::sync::Once::new();
    BUILT.call_once(|| {
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args(["build", "--quiet", "--example", "audio_probe"]);
        if dir.ends_with("release") {
            cmd.arg("--release");
        }
        let ok = cmd.status().expect("run cargo").success();
        assert!(ok, "could not build the audio probe");
    });
    dir.join("examples").join("audio_probe")
}

/// Runs the probe with HOME set to a temp dir holding `asoundrc` (ALSA reads ~/.asoundrc).
fn run_probe(asoundrc: &str, args: &[&str], loud: bool) -> (String, String) {
    let home = tempfile::tempdir().expect("temp dir");
    std::fs::write(home.path().join(".asoundrc"), asoundrc).expect("write .asoundrc");
    let mut cmd = Command::new(probe());
    cmd.args(args)
        .env("HOME", home.path())
        .env_remove("ALSA_CONFIG_PATH")
        // ALSA, not a sound server this machine may run (the player prefers one).
        .env_remove("PULSE_SERVER")
        .env_remove("PULSE_RUNTIME_PATH")
        .env_remove("XDG_RUNTIME_DIR");
    if loud {
        cmd.env("BACKEASE_PROBE_LOUD_ALSA", "1");
    } else {
        cmd.env_remove("BACKEASE_PROBE_LOUD_ALSA");
    }
    let out = cmd.output().expect("run the audio probe");
    assert!(out.status.success(), "probe failed: {out:?}");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn value<'a>(stdout: &'a str, key: &str) -> &'a str {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
        .unwrap_or_else(|| panic!("no {key}= in:\n{stdout}"))
}

/// ALSA's null device: takes samples and discards them, on any machine.
const NULL_DEVICE: &str = "pcm.!default { type null }\n";
/// A default device that cannot be opened on any machine; ALSA complains about it (to
/// stderr, unless silenced).
const NO_DEVICE: &str = "pcm.!default { type plug slave.pcm \"backease_no_such_device\" }\n";

#[test]
fn the_null_device_plays_every_sound_and_prints_nothing() {
    let (stdout, stderr) = run_probe(NULL_DEVICE, &["play-all"], false);
    assert_eq!(value(&stdout, "status"), "on");
    assert_eq!(value(&stdout, "status_after"), "on");
    for s in Sound::ALL {
        assert!(
            stdout.contains(&format!("played={} finished=true", s.key())),
            "{s}: {stdout}"
        );
    }
    assert_eq!(value(&stdout, "cues_started"), Sound::COUNT.to_string());
    assert_eq!(value(&stdout, "cues_finished"), Sound::COUNT.to_string());
    assert_eq!(value(&stdout, "open_failures"), "0");
    let pulled: u64 = value(&stdout, "samples_pulled").parse().expect("number");
    assert!(pulled > 22_050, "the device took {pulled} samples");
    assert_eq!(stderr, "", "stderr must stay empty");
}

#[test]
fn no_device_reports_off_goes_on_and_prints_nothing() {
    let (stdout, stderr) = run_probe(NO_DEVICE, &["play-all"], false);
    assert_eq!(value(&stdout, "status"), "off: no audio device");
    assert_eq!(value(&stdout, "status_after"), "off: no audio device");
    assert_eq!(value(&stdout, "cues_started"), "0");
    assert_eq!(
        value(&stdout, "cues_without_device"),
        Sound::COUNT.to_string()
    );
    // Each is reported as not heard, with the reason (the shells trace it: `cue_missed`).
    let missed: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("missed="))
        .collect();
    let expected: Vec<String> = Sound::ALL
        .iter()
        .map(|s| format!("{} no audio device", s.key()))
        .collect();
    assert_eq!(missed, expected, "{stdout}");
    assert_eq!(stderr, "", "stderr must stay empty");
    assert!(!stdout.contains("ALSA"));
}

#[test]
fn without_the_handler_alsa_would_print_so_the_silence_test_means_something() {
    let (stdout, stderr) = run_probe(NO_DEVICE, &["status"], true);
    assert_eq!(value(&stdout, "status"), "off: no audio device");
    assert!(
        stderr.contains("ALSA lib"),
        "expected ALSA's own complaint, got {stderr:?}"
    );
}

#[test]
fn a_device_lost_mid_session_turns_sound_off_and_the_session_goes_on() {
    let (stdout, stderr) = run_probe(NULL_DEVICE, &["lose-device"], false);
    assert_eq!(value(&stdout, "status"), "on");
    assert_eq!(
        value(&stdout, "status_after_loss"),
        "off: audio device lost"
    );
    assert_eq!(value(&stdout, "stream_open_after_loss"), "false");
    assert_eq!(stderr, "");
}
