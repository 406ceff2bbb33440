//! Whatever a user puts in a custom sound file, decoding it never panics: a table of
//! hostile WAV files (zero sample rate, zero channels, cut short, huge header values, not
//! a WAV at all) each comes back as a `ClipError`, and a preference naming one yields the
//! built-in sound and exactly one warning.

use std::collections::BTreeMap;

use backease::audio::sounds::{self, ClipError};
use backease::cue::Sound;

/// The fields of a WAV header, written as given (no checks: the point is to lie).
#[derive(Clone, Copy)]
struct Header {
    format: u16,
    channels: u16,
    rate: u32,
    byte_rate: u32,
    block_align: u16,
    bits: u16,
    /// What the data chunk says it holds.
    data_len: u32,
    /// How many sample bytes actually follow.
    data_bytes: usize,
    /// What the RIFF chunk says the file holds (`None`: the truth).
    riff_len: Option<u32>,
    /// What the fmt chunk says it holds.
    fmt_len: u32,
}

const GOOD: Header = Header {
    format: 1,
    channels: 1,
    rate: 22_050,
    byte_rate: 44_100,
    block_align: 2,
    bits: 16,
    data_len: 2_000,
    data_bytes: 2_000,
    riff_len: None,
    fmt_len: 16,
};

fn wav(h: Header) -> Vec<u8> {
    let mut fmt = Vec::new();
    fmt.extend(h.format.to_le_bytes());
    fmt.extend(h.channels.to_le_bytes());
    fmt.extend(h.rate.to_le_bytes());
    fmt.extend(h.byte_rate.to_le_bytes());
    fmt.extend(h.block_align.to_le_bytes());
    fmt.extend(h.bits.to_le_bytes());
    let mut body = b"WAVE".to_vec();
    body.extend(b"fmt ");
    body.extend(h.fmt_len.to_le_bytes());
    body.extend(&fmt);
    body.extend(b"data");
    body.extend(h.data_len.to_le_bytes());
    // A quiet saw, so that a good header decodes to sound.
    body.extend((0..h.data_bytes).map(|i| (i % 64) as u8));
    let mut out = b"RIFF".to_vec();
    out.extend(h.riff_len.unwrap_or(body.len() as u32).to_le_bytes());
    out.extend(body);
    out
}

fn hostile() -> Vec<(&'static str, Vec<u8>)> {
    let with = |f: fn(&mut Header)| {
        let mut h = GOOD;
        f(&mut h);
        wav(h)
    };
    let good = wav(GOOD);
    vec![
        ("sample rate 0", with(|h| h.rate = 0)),
        (
            "sample rate 0, byte rate 0",
            with(|h| {
                h.rate = 0;
                h.byte_rate = 0;
            }),
        ),
        ("sample rate u32::MAX", with(|h| h.rate = u32::MAX)),
        (
            "0 channels",
            with(|h| {
                h.channels = 0;
                h.block_align = 0;
            }),
        ),
        ("0 channels, block align 2", with(|h| h.channels = 0)),
        ("65,535 channels", with(|h| h.channels = u16::MAX)),
        (
            "0 bits per sample",
            with(|h| {
                h.bits = 0;
                h.block_align = 0;
            }),
        ),
        ("65,535 bits per sample", with(|h| h.bits = u16::MAX)),
        ("block align 0", with(|h| h.block_align = 0)),
        ("block align 65,535", with(|h| h.block_align = u16::MAX)),
        ("unknown format tag", with(|h| h.format = 0x1234)),
        ("format tag 0", with(|h| h.format = 0)),
        ("float with 16 bits", with(|h| h.format = 3)),
        ("data length u32::MAX", with(|h| h.data_len = u32::MAX)),
        (
            "data length odd for 16 bits",
            with(|h| {
                h.data_len = 3;
                h.data_bytes = 3;
            }),
        ),
        (
            "no samples at all",
            with(|h| {
                h.data_len = 0;
                h.data_bytes = 0;
            }),
        ),
        (
            "RIFF length u32::MAX",
            with(|h| h.riff_len = Some(u32::MAX)),
        ),
        ("RIFF length 0", with(|h| h.riff_len = Some(0))),
        ("fmt length u32::MAX", with(|h| h.fmt_len = u32::MAX)),
        ("fmt length 0", with(|h| h.fmt_len = 0)),
        ("fmt length 2", with(|h| h.fmt_len = 2)),
        ("cut inside the fmt chunk", good[..30].to_vec()),
        ("cut inside the data header", good[..40].to_vec()),
        ("cut after the header", good[..44].to_vec()),
        ("only RIFF", b"RIFF".to_vec()),
        ("RIFF but not WAVE", {
            let mut b = good.clone();
            b[8..12].copy_from_slice(b"AVI ");
            b
        }),
        (
            "not a WAV: text",
            b"this is a shopping list, not a sound\n".to_vec(),
        ),
        ("not a WAV: empty", Vec::new()),
        ("not a WAV: one byte", vec![0]),
        ("not a WAV: zeros", vec![0; 4096]),
        ("not a WAV: 0xff", vec![0xff; 4096]),
    ]
}

/// Headers that are only odd (a RIFF length that lies, half a sample at the end): the
/// sound data is intact, so they may decode; nothing else may.
const ONLY_ODD: [&str; 3] = [
    "data length odd for 16 bits",
    "RIFF length u32::MAX",
    "RIFF length 0",
];

#[test]
fn no_hostile_wav_panics_the_decoder() {
    let mut panicked = Vec::new();
    for (name, bytes) in hostile() {
        let result = std::panic::catch_unwind(|| sounds::decode(bytes));
        match result {
            Err(_) => panicked.push(name),
            // A header that is only odd may still decode to sound; nothing may panic, and
            // a clip that comes back must be playable.
            Ok(Ok(clip)) => {
                assert!(
                    clip.channels > 0 && clip.sample_rate > 0,
                    "{name}: {clip:?}"
                );
                assert!(!clip.samples.is_empty(), "{name}");
            }
            Ok(Err(_)) => {}
        }
    }
    assert!(panicked.is_empty(), "decoding panicked on: {panicked:?}");
}

#[test]
fn the_impossible_headers_are_refused_with_a_reason() {
    for (name, bytes) in hostile() {
        if ONLY_ODD.contains(&name) {
            continue;
        }
        let Ok(result) = std::panic::catch_unwind(|| sounds::decode(bytes)) else {
            panic!("{name}: decoding panicked");
        };
        let Err(err) = result else {
            panic!("{name}: decoded");
        };
        let text = err.to_string();
        assert!(
            matches!(err, ClipError::Decode(_) | ClipError::Empty),
            "{name}: {text}"
        );
        assert!(!text.is_empty() && text.len() < 200, "{name}: {text}");
    }
    // The control: the same header, told the truth, decodes.
    let clip = sounds::decode(wav(GOOD)).expect("a good WAV decodes");
    assert_eq!((clip.channels, clip.sample_rate), (1, 22_050));
    assert_eq!(clip.samples.len(), 1_000);
}

#[test]
fn a_hostile_custom_sound_is_reported_once_and_the_built_in_one_plays() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (i, (name, bytes)) in hostile().into_iter().enumerate() {
        let path = dir.path().join(format!("bad{i}.wav"));
        std::fs::write(&path, bytes).expect("write the sound");
        let custom = BTreeMap::from([(Sound::Alarm, path.clone())]);
        let Ok((clips, warnings)) = std::panic::catch_unwind(|| sounds::load_clips(&custom)) else {
            panic!("{name}: loading the clips panicked");
        };
        if ONLY_ODD.contains(&name) {
            continue;
        }
        assert_eq!(warnings.len(), 1, "{name}: {warnings:?}");
        assert!(
            warnings[0].contains("using the built-in one"),
            "{name}: {warnings:?}"
        );
        let built_in = sounds::decode_built_in(Sound::Alarm);
        assert_eq!(
            clips[Sound::Alarm.index()].samples.len(),
            built_in.samples.len(),
            "{name}"
        );
    }
}

/// `backease check` reads and decodes every custom sound the preferences name: a WAV
/// whose header claims more data than it holds is a problem there, named with its file
/// (exit 1), not a surprise at the first chime. Old code did not look at sounds at all.
#[test]
fn check_names_a_custom_sound_that_cannot_be_played() {
    let home = tempfile::tempdir().expect("temp dir");
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).expect("config");
    let short = config.join("short.wav");
    let mut h = GOOD;
    h.data_len = 1_000_000;
    std::fs::write(&short, wav(h)).expect("wav");
    let good = config.join("good.wav");
    std::fs::write(&good, wav(GOOD)).expect("wav");
    std::fs::write(
        config.join("preferences.ron"),
        format!(
            "(sounds: {{ \"alarm\": \"{}\", \"step_end\": \"{}\" }})",
            short.display(),
            good.display()
        ),
    )
    .expect("preferences");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_backease"))
        .arg("check")
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", home.path())
        .env("BACKEASE_CONFIG_DIR", &config)
        .env("BACKEASE_DATA_DIR", home.path().join("data"))
        .output()
        .expect("runs");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stderr
            .lines()
            .any(|l| l.contains(&short.display().to_string())
                && l.contains("the alarm sound")
                && l.contains("cut short")),
        "{stderr}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with(&good.display().to_string())
                && l.contains("ok (the step_end sound")),
        "{stdout}"
    );
}
