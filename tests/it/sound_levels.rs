//! The balance of the sound set, measured from the committed `assets/*.wav` files the way
//! a person hears them, so that a change to `examples/gen_sounds.rs` that upsets it fails
//! here: every cue within 2 LU of every other by integrated loudness (EBU R128), the alarm
//! at least 6 LU louder with most of its energy at 2–4 kHz and sounding for most of its
//! length, every tail rung out at least 35 dB below the peak before the final fade, peaks
//! under -1 dBFS with no DC, and the cues that come close together told apart by rhythm.
//!
//! Loudness follows ITU-R BS.1770-4 (K-weighting, 400 ms blocks every 100 ms, gates at
//! -70 LUFS and 10 LU below); a clip shorter than one block is measured as one block, the
//! clip followed by silence up to 400 ms (what ffmpeg's `ebur128` reports for the clip
//! padded so). `scripts/measure_sounds.sh` cross-checks these figures with ffmpeg and sox.
//! The files are parsed here (16-bit PCM WAV), independent of the player's decoder.

use crate::common::{gen_sounds, loudness};

use std::f64::consts::PI;
use std::path::{Path, PathBuf};

/// Every asset, and whether it is the alarm (the one allowed, and required, to be louder).
const ASSETS: [&str; 10] = [
    "get_ready",
    "hold_start",
    "range_min",
    "countdown",
    "one_minute",
    "switch_sides",
    "rep_end",
    "step_end",
    "session_complete",
    "alarm",
];

/// A decoded asset: its name, sample rate and samples in -1..1.
struct Sound {
    name: String,
    rate: f64,
    samples: Vec<f64>,
}

fn assets_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets")
}

/// Reads a mono 16-bit PCM WAV file, skipping chunks other than `fmt ` and `data`.
fn read_wav(path: &Path) -> Sound {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WAVE",
        "{path:?}"
    );
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at =
        |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let (mut pos, mut rate, mut samples) = (12, 0, None);
    while pos + 8 <= bytes.len() {
        let size = u32_at(pos + 4) as usize;
        let body = pos + 8;
        match &bytes[pos..pos + 4] {
            b"fmt " => {
                assert_eq!(u16_at(body), 1, "{path:?}: PCM");
                assert_eq!(u16_at(body + 2), 1, "{path:?}: mono");
                assert_eq!(u16_at(body + 14), 16, "{path:?}: 16-bit");
                rate = u32_at(body + 4);
            }
            b"data" => {
                let data = &bytes[body..(body + size).min(bytes.len())];
                let to_f64 = |c: &[u8]| f64::from(i16::from_le_bytes([c[0], c[1]])) / 32768.0;
                samples = Some(data.chunks_exact(2).map(to_f64).collect());
            }
            _ => {}
        }
        pos = body + size + size % 2;
    }
    Sound {
        name: path
            .file_stem()
            .expect("a file name")
            .to_string_lossy()
            .into(),
        rate: f64::from(rate),
        samples: samples.unwrap_or_else(|| panic!("{path:?} has no data")),
    }
}

fn every_asset() -> Vec<Sound> {
    let mut found: Vec<Sound> = std::fs::read_dir(assets_dir())
        .expect("assets/")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "wav"))
        .map(|p| read_wav(&p))
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    let mut names: Vec<&str> = found.iter().map(|s| s.name.as_str()).collect();
    let mut expected = ASSETS.to_vec();
    names.sort_unstable();
    expected.sort_unstable();
    assert_eq!(names, expected, "every asset has a place in this test");
    found
}

fn find<'a>(sounds: &'a [Sound], name: &str) -> &'a Sound {
    sounds
        .iter()
        .find(|s| s.name == name)
        .expect("listed in ASSETS")
}

fn db(power_ratio: f64) -> f64 {
    10.0 * power_ratio.log10()
}

fn peak(samples: &[f64]) -> f64 {
    samples.iter().fold(0.0_f64, |m, s| m.max(s.abs()))
}

/// Integrated loudness in LUFS (ITU-R BS.1770-4, mono; see the module doc).
fn integrated_lufs(sound: &Sound) -> f64 {
    loudness::integrated_lufs(sound.rate, &sound.samples)
        .unwrap_or_else(|| panic!("{}: silence", sound.name))
}

/// How far (dB) the loudest sample of the last 55 ms is below the peak: with a fade of
/// 25 ms, that is the fade and the 30 ms before it. A bell cut off while ringing (or
/// faded out over more than this) shows here as a small figure.
fn tail_db(sound: &Sound) -> f64 {
    let window = (0.055 * sound.rate) as usize;
    let s = &sound.samples;
    2.0 * db(peak(s) / peak(&s[s.len() - window..]))
}

/// Envelope in 10 ms blocks (the loudest sample of each).
fn envelope(sound: &Sound) -> Vec<f64> {
    let block = (sound.rate / 100.0) as usize;
    sound.samples.chunks(block).map(peak).collect()
}

/// Strikes: where the envelope jumps (30 % over the block before, above a tenth of the
/// peak), at least 50 ms after the last one.
fn strikes(sound: &Sound) -> usize {
    let env = envelope(sound);
    let floor = 0.1 * peak(&sound.samples);
    let (mut count, mut last) = (1, 0);
    for i in 1..env.len() {
        if env[i] > floor && env[i] > 1.3 * env[i - 1] && i >= last + 5 {
            count += 1;
            last = i;
        }
    }
    count
}

/// The share (0–1) of the energy between `low` and `high` Hz (a zero-padded FFT).
fn band_share(sound: &Sound, low: f64, high: f64) -> f64 {
    let n = sound.samples.len().next_power_of_two();
    let mut re = sound.samples.clone();
    re.resize(n, 0.0);
    let mut im = vec![0.0; n];
    // Iterative radix-2 FFT: bit-reversal permutation, then butterflies.
    let mut j = 0;
    for i in 1..n {
        let mut bit = n >> 1;
        while j & bit != 0 {
            j ^= bit;
            bit >>= 1;
        }
        j |= bit;
        if i < j {
            re.swap(i, j);
            im.swap(i, j);
        }
    }
    let mut len = 2;
    while len <= n {
        let angle = -2.0 * PI / len as f64;
        for start in (0..n).step_by(len) {
            for k in 0..len / 2 {
                let (w_re, w_im) = ((angle * k as f64).cos(), (angle * k as f64).sin());
                let (a, b) = (start + k, start + k + len / 2);
                let t_re = re[b] * w_re - im[b] * w_im;
                let t_im = re[b] * w_im + im[b] * w_re;
                (re[b], im[b]) = (re[a] - t_re, im[a] - t_im);
                re[a] += t_re;
                im[a] += t_im;
            }
        }
        len <<= 1;
    }
    let hz_per_bin = sound.rate / n as f64;
    let (mut band, mut total) = (0.0, 0.0);
    for k in 1..n / 2 {
        let e = re[k] * re[k] + im[k] * im[k];
        total += e;
        if (low..high).contains(&(k as f64 * hz_per_bin)) {
            band += e;
        }
    }
    band / total
}

#[test]
fn every_cue_is_within_2_lu_of_every_other() {
    let sounds = every_asset();
    let cues: Vec<(&str, f64)> = sounds
        .iter()
        .filter(|s| s.name != "alarm")
        .map(|s| (s.name.as_str(), integrated_lufs(s)))
        .collect();
    // The figures, for `cargo test --test it sound_levels -- --nocapture`.
    for s in &sounds {
        println!(
            "{:<17} {:6.1} LUFS  peak {:5.1} dBFS  {:5.3} s  tail -{:.1} dB",
            s.name,
            integrated_lufs(s),
            2.0 * db(peak(&s.samples)),
            s.samples.len() as f64 / s.rate,
            tail_db(s)
        );
    }
    let alarm = find(&sounds, "alarm");
    println!(
        "alarm at 2–4 kHz: {:.0} %",
        100.0 * band_share(alarm, 2000.0, 4000.0)
    );
    for (a, la) in &cues {
        // Anchored too, so the set cannot drift quiet (or loud) all together.
        assert!((-20.0..=-16.0).contains(la), "{a}: {la:.1} LUFS");
        for (b, lb) in &cues {
            assert!(
                (la - lb).abs() <= 2.0,
                "{a} {la:.1} LUFS vs {b} {lb:.1} LUFS"
            );
        }
    }
}

#[test]
fn the_alarm_is_6_lu_louder_bright_and_long() {
    let sounds = every_asset();
    let alarm = find(&sounds, "alarm");
    let alarm_lufs = integrated_lufs(alarm);
    for s in sounds.iter().filter(|s| s.name != "alarm") {
        let l = integrated_lufs(s);
        assert!(
            alarm_lufs - l >= 6.0,
            "alarm {alarm_lufs:.1} LUFS is only {:.1} LU above {} ({l:.1} LUFS)",
            alarm_lufs - l,
            s.name
        );
    }
    // Where hearing is most sensitive (the old alarm had 69 % at 0.5–1 kHz).
    let bright = band_share(alarm, 2000.0, 4000.0);
    assert!(bright >= 0.6, "alarm: {:.0} % at 2–4 kHz", 100.0 * bright);
    // It keeps sounding: within 20 dB of its loudest for at least a second.
    let env = envelope(alarm);
    let loudest = env.iter().fold(0.0_f64, |m, &e| m.max(e));
    let sounding = env
        .iter()
        .filter(|&&e| 2.0 * db(loudest / e) <= 20.0)
        .count();
    assert!(sounding >= 100, "alarm sounds for only {sounding}0 ms");
}

#[test]
fn every_tail_rings_out_35_db_before_a_smooth_fade() {
    for s in every_asset() {
        let tail = tail_db(&s);
        assert!(
            tail >= 35.0,
            "{}: tail only {tail:.1} dB below the peak",
            s.name
        );
        let last = s.samples[s.samples.len() - 1].abs();
        assert!(last < 1e-3, "{} ends at {last}", s.name);
    }
}

#[test]
fn peaks_stay_below_minus_1_dbfs_with_no_dc() {
    for s in every_asset() {
        let p = 2.0 * db(peak(&s.samples));
        assert!(
            (-12.0..=-1.0).contains(&p),
            "{} peaks at {p:.2} dBFS",
            s.name
        );
        let dc = s.samples.iter().sum::<f64>() / s.samples.len() as f64;
        assert!(dc.abs() < 1e-3, "{}: DC offset {dc}", s.name);
        assert_eq!(s.rate, f64::from(gen_sounds::SAMPLE_RATE), "{}", s.name);
    }
}

#[test]
fn cues_that_could_be_confused_differ_in_rhythm() {
    let sounds = every_asset();
    // (one, other): switching sides vs a step's end; halfway (the countdown pip) vs one
    // minute left; the 3-2-1 tick vs the last three seconds' pip.
    for (a, b) in [
        ("switch_sides", "step_end"),
        ("rep_end", "step_end"),
        ("rep_end", "get_ready"),
        ("countdown", "one_minute"),
        ("get_ready", "countdown"),
    ] {
        let (sa, sb) = (find(&sounds, a), find(&sounds, b));
        let (na, nb) = (strikes(sa), strikes(sb));
        let (la, lb) = (sa.samples.len(), sb.samples.len());
        assert!(
            na != nb || la.abs_diff(lb) * 4 > la.max(lb),
            "{a} ({na} strikes) vs {b} ({nb})"
        );
    }
    assert_eq!(strikes(find(&sounds, "switch_sides")), 3);
    assert_eq!(strikes(find(&sounds, "step_end")), 2);
    assert_eq!(strikes(find(&sounds, "rep_end")), 2);
    assert_eq!(strikes(find(&sounds, "countdown")), 1);
    assert_eq!(strikes(find(&sounds, "one_minute")), 2);
}
