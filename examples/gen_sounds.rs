//! Synthesizes backease's chimes and writes them to `assets/*.wav`.
//!
//! Run `cargo run --example gen_sounds` after changing a sound; commit the WAV files it
//! writes. Every sound is built from struck "bells": a few partials (harmonic or, for a
//! bell colour, slightly inharmonic), each with a soft attack and an exponential decay.
//! The output is deterministic (no randomness), so `tests/audio.rs` can check that the
//! committed files are exactly what this program makes. Touches nothing but `assets/`.
//!
//! Levels are set by loudness, not by peak: each sound is scaled to an integrated
//! loudness (EBU R128 / ITU-R BS.1770-4), the cues all to [`CUE_LUFS`] and the alarm to
//! [`ALARM_LUFS`]. Every decay is short enough that the sound has died away by at least
//! [`TAIL_DB`] below its peak before the last [`FADE_S`], which only takes the final
//! trace to silence. `render` refuses (panics on) a design that breaks the peak ceiling or
//! the tail; `tests/sound_levels.rs` checks the written files independently.

use std::f64::consts::PI;
use std::path::Path;

/// Samples per second of every generated file: plenty for bells whose partials stay
/// under 8 kHz, and half the size of 44.1 kHz.
pub const SAMPLE_RATE: u32 = 22_050;
/// Integrated loudness of every cue but the alarm (LUFS).
pub const CUE_LUFS: f64 = -18.0;
/// Integrated loudness of the alarm (LUFS): 8 LU above the cues.
pub const ALARM_LUFS: f64 = -10.0;
/// No sample may be louder than this (dBFS): headroom for the 16-bit rounding and for a
/// device's resampler.
pub const PEAK_CEILING_DBFS: f64 = -1.0;
/// The final fade (a raised cosine), seconds: it only takes the last trace to silence.
pub const FADE_S: f64 = 0.025;
/// Everything in the last [`TAIL_WINDOW_S`] (the fade and the 30 ms before it) is at
/// least this far below the sound's peak (dB): the bells have rung out, not been cut.
pub const TAIL_DB: f64 = 35.0;
/// See [`TAIL_DB`].
pub const TAIL_WINDOW_S: f64 = 0.055;

/// One partial of a bell: frequency as a multiple of the strike's pitch, relative level,
/// and how long it takes to fall to 1/e.
#[derive(Clone, Copy)]
struct Partial {
    ratio: f64,
    level: f64,
    decay_s: f64,
}

/// A bell-like timbre: the partials and the attack time.
#[derive(Clone, Copy)]
struct Timbre {
    partials: &'static [Partial],
    attack_s: f64,
    /// How long the partials sound at full level after the attack before they decay (a
    /// wood block's body rings briefly; a bell decays at once).
    hold_s: f64,
}

const fn partial(ratio: f64, level: f64, decay_s: f64) -> Partial {
    Partial {
        ratio,
        level,
        decay_s,
    }
}

/// A clear church-bell colour: hum, prime, minor third, fifth, nominal and an upper
/// partial. Rings to -35 dB in about a second.
const BELL: Timbre = Timbre {
    partials: &[
        partial(1.0, 1.0, 0.21),
        partial(2.0, 0.45, 0.15),
        partial(2.76, 0.25, 0.11),
        partial(4.07, 0.12, 0.07),
        partial(5.4, 0.06, 0.05),
    ],
    attack_s: 0.004,
    hold_s: 0.0,
};

/// A mellow singing-bowl colour: almost pure, slow swell, two close partials that beat.
const BOWL: Timbre = Timbre {
    partials: &[
        partial(1.0, 1.0, 0.22),
        partial(1.006, 0.5, 0.22),
        partial(2.71, 0.12, 0.12),
    ],
    attack_s: 0.08,
    hold_s: 0.0,
};

/// A glassy pip: bright and short.
const GLASS: Timbre = Timbre {
    partials: &[
        partial(1.0, 1.0, 0.032),
        partial(2.0, 0.3, 0.022),
        partial(3.0, 0.1, 0.015),
    ],
    attack_s: 0.002,
    hold_s: 0.0,
};

/// A wood-block tick: inharmonic, gone in a few tens of milliseconds.
const WOOD: Timbre = Timbre {
    partials: &[
        partial(1.0, 1.0, 0.008),
        partial(2.32, 0.6, 0.006),
        partial(4.25, 0.3, 0.004),
    ],
    attack_s: 0.001,
    hold_s: 0.03,
};

/// A small, bright alarm bell (think of a bicycle or an old telephone bell): its pitch
/// sits at 2–3 kHz, where hearing is most sensitive, with a little body an octave below.
const ALARM_BELL: Timbre = Timbre {
    partials: &[
        partial(0.5, 0.15, 0.06),
        partial(1.0, 1.0, 0.05),
        partial(2.0, 0.15, 0.03),
    ],
    attack_s: 0.002,
    hold_s: 0.0,
};

/// One strike: when (seconds from the start), which pitch (Hz), how hard (0–1).
struct Strike {
    at_s: f64,
    hz: f64,
    gain: f64,
}

const fn strike(at_s: f64, hz: f64, gain: f64) -> Strike {
    Strike { at_s, hz, gain }
}

/// A finished sound: its file name, length, loudness, timbre and strikes.
struct Design {
    file: &'static str,
    length_s: f64,
    /// Integrated loudness to scale to (LUFS).
    lufs: f64,
    timbre: Timbre,
    strikes: &'static [Strike],
    /// Scale every decay time.
    ring: f64,
}

// Pitches (equal temperament, A4 = 440 Hz).
const A4: f64 = 440.0;
const C5: f64 = 523.25;
const E5: f64 = 659.26;
const G5: f64 = 783.99;
const A5: f64 = 880.0;
const C6: f64 = 1046.5;
const E6: f64 = 1318.5;
const C7: f64 = 2093.0;
const E7: f64 = 2637.0;

/// The alarm's trill: strikes alternating C7 and E7 every 75 ms, in two rings.
const ALARM_STRIKES: &[Strike] = &[
    strike(0.0, C7, 1.0),
    strike(0.075, E7, 0.9),
    strike(0.15, C7, 1.0),
    strike(0.225, E7, 0.9),
    strike(0.30, C7, 1.0),
    strike(0.375, E7, 0.9),
    strike(0.45, C7, 1.0),
    strike(0.60, C7, 1.0),
    strike(0.675, E7, 0.9),
    strike(0.75, C7, 1.0),
    strike(0.825, E7, 0.9),
    strike(0.90, C7, 1.0),
    strike(0.975, E7, 0.9),
    strike(1.05, C7, 1.0),
];

/// The sounds, in `Sound` order. File names and lengths are mirrored in the sound table
/// in `src/cue.rs` (the tests check they agree).
const DESIGNS: &[Design] = &[
    // get ready: a dry wood tick (the 3-2-1 before a hold).
    Design {
        file: "get_ready.wav",
        length_s: 0.12,
        lufs: CUE_LUFS,
        timbre: WOOD,
        strikes: &[strike(0.0, 1500.0, 1.0)],
        ring: 1.0,
    },
    // hold start: one clear bell strike.
    Design {
        file: "hold_start.wav",
        length_s: 1.0,
        lufs: CUE_LUFS,
        timbre: BELL,
        strikes: &[strike(0.0, E5, 1.0)],
        ring: 1.0,
    },
    // range minimum: a soft low swell that wavers, "you may release".
    Design {
        file: "range_min.wav",
        length_s: 1.2,
        lufs: CUE_LUFS,
        timbre: BOWL,
        strikes: &[strike(0.0, A4, 1.0)],
        ring: 1.0,
    },
    // countdown: a short high glass pip (each of the last three seconds, and halfway).
    Design {
        file: "countdown.wav",
        length_s: 0.25,
        lufs: CUE_LUFS,
        timbre: GLASS,
        strikes: &[strike(0.0, E6, 1.0)],
        ring: 1.0,
    },
    // one minute left: two glass pips rising a fifth, "pi-ping" (halfway is one pip).
    Design {
        file: "one_minute.wav",
        length_s: 0.4,
        lufs: CUE_LUFS,
        timbre: GLASS,
        strikes: &[strike(0.0, A5, 0.9), strike(0.13, E6, 1.0)],
        ring: 1.0,
    },
    // switch sides: three quick strikes, high-low-high, a "turn over" figure.
    Design {
        file: "switch_sides.wav",
        length_s: 1.0,
        lufs: CUE_LUFS,
        timbre: BELL,
        strikes: &[
            strike(0.0, C6, 1.0),
            strike(0.11, G5, 0.9),
            strike(0.22, C6, 1.0),
        ],
        ring: 0.75,
    },
    // rep end: two quick dry ticks rising, "tick-tock": one rep done, more to come (short,
    // so the next rep's count is said before the 3-2-1; not a bell, so not a step's end).
    Design {
        file: "rep_end.wav",
        length_s: 0.4,
        lufs: CUE_LUFS,
        timbre: WOOD,
        strikes: &[strike(0.0, 900.0, 1.0), strike(0.14, 1200.0, 1.0)],
        ring: 1.0,
    },
    // step end: two slow notes falling a fifth, "ding-dong".
    Design {
        file: "step_end.wav",
        length_s: 1.2,
        lufs: CUE_LUFS,
        timbre: BELL,
        strikes: &[strike(0.0, G5, 1.0), strike(0.32, C5, 1.0)],
        ring: 0.92,
    },
    // session complete: a rising arpeggio that rings out.
    Design {
        file: "session_complete.wav",
        length_s: 1.6,
        lufs: CUE_LUFS,
        timbre: BELL,
        strikes: &[
            strike(0.0, C5, 0.8),
            strike(0.12, E5, 0.8),
            strike(0.24, G5, 0.85),
            strike(0.36, C6, 1.0),
        ],
        ring: 1.2,
    },
    // alarm: two rings of a bright bell trill; insistent, still a bell.
    Design {
        file: "alarm.wav",
        length_s: 1.4,
        lufs: ALARM_LUFS,
        timbre: ALARM_BELL,
        strikes: ALARM_STRIKES,
        ring: 1.0,
    },
];

/// Renders one design to samples in -1..1, scaled to its loudness. Panics if the design
/// would peak above [`PEAK_CEILING_DBFS`] or still be ringing at its end.
fn render(design: &Design) -> Vec<f64> {
    let rate = f64::from(SAMPLE_RATE);
    let len = (design.length_s * rate).round() as usize;
    let mut out = vec![0.0; len];
    for strike in design.strikes {
        let start = (strike.at_s * rate).round() as usize;
        for (i, sample) in out.iter_mut().enumerate().skip(start) {
            let t = (i - start) as f64 / rate;
            let attack = (t / design.timbre.attack_s).min(1.0);
            // A raised-cosine attack: no click at the strike.
            let attack = 0.5 - 0.5 * (PI * attack).cos();
            // Time since the decay began: 0 through the hold, with a smooth knee (5 ms)
            // rather than a corner, which would splatter a little.
            let after_hold = t - design.timbre.hold_s;
            let decaying = 0.5 * (after_hold + (after_hold * after_hold + 0.005f64.powi(2)).sqrt());
            let mut value = 0.0;
            for p in design.timbre.partials {
                let hz = strike.hz * p.ratio;
                if hz >= rate / 2.0 {
                    continue;
                }
                let decay = (-decaying / (p.decay_s * design.ring)).exp();
                value += p.level * decay * (2.0 * PI * hz * t).sin();
            }
            *sample += strike.gain * attack * value;
        }
    }
    // A short raised-cosine fade at the end so the file stops at silence, not mid-wave.
    let fade = ((FADE_S * rate) as usize).min(len);
    for k in 0..fade {
        out[len - 1 - k] *= 0.5 - 0.5 * (PI * k as f64 / fade as f64).cos();
    }
    let lufs = integrated_lufs(rate, &out).expect("a sound above the gate");
    let gain = 10f64.powf((design.lufs - lufs) / 20.0);
    for s in &mut out {
        *s *= gain;
    }
    let peak = dbfs(peak(&out));
    assert!(
        peak <= PEAK_CEILING_DBFS,
        "{} would peak at {peak:.2} dBFS at {} LUFS",
        design.file,
        design.lufs
    );
    let tail = tail_db(&out, rate);
    assert!(
        tail >= TAIL_DB,
        "{}: the tail is only {tail:.1} dB below the peak",
        design.file
    );
    out
}

fn peak(samples: &[f64]) -> f64 {
    samples.iter().fold(0.0_f64, |m, s| m.max(s.abs()))
}

fn dbfs(amplitude: f64) -> f64 {
    20.0 * amplitude.log10()
}

/// How far (dB) the loudest sample of the last [`TAIL_WINDOW_S`] is below the peak.
fn tail_db(samples: &[f64], rate: f64) -> f64 {
    let window = ((TAIL_WINDOW_S * rate) as usize).min(samples.len());
    dbfs(peak(samples)) - dbfs(peak(&samples[samples.len() - window..]))
}

fn db(power_ratio: f64) -> f64 {
    10.0 * power_ratio.log10()
}

/// A biquad's coefficients [b0, b1, b2, a1, a2] (a0 = 1) applied in place.
fn biquad(c: [f64; 5], x: &mut [f64]) {
    let (mut x1, mut x2, mut y1, mut y2) = (0.0, 0.0, 0.0, 0.0);
    for s in x {
        let y = c[0] * *s + c[1] * x1 + c[2] * x2 - c[3] * y1 - c[4] * y2;
        (x2, x1, y2, y1) = (x1, *s, y1, y);
        *s = y;
    }
}

/// Integrated loudness (LUFS) of mono `samples` (in -1..1) at `rate` per ITU-R
/// BS.1770-4: K-weighting (a high shelf and a high pass), 400 ms blocks every 100 ms, an
/// absolute gate at -70 LUFS and a relative one 10 LU below the ungated level. A sound
/// shorter than a block is measured as one block: the sound followed by silence up to
/// 400 ms (what ffmpeg's `ebur128` reports for it padded so). `None` for silence
/// (nothing above the -70 LUFS gate). The tests measure with the same meter
/// (`tests/it/common/loudness.rs`).
pub fn integrated_lufs(rate: f64, samples: &[f64]) -> Option<f64> {
    // Stage 1, the head's high shelf (+4 dB above ~1.7 kHz); stage 2, the RLB high pass.
    // Both designed for any rate from the filters' analog parameters (as libebur128 does).
    let (f0, gain_db, q) = (
        1_681.974_450_955_533,
        3.999_843_853_973_347,
        0.707_175_236_955_419_6,
    );
    let k = (PI * f0 / rate).tan();
    let vh = 10f64.powf(gain_db / 20.0);
    let vb = vh.powf(0.499_666_774_154_541_6);
    let a0 = 1.0 + k / q + k * k;
    let shelf = [
        (vh + vb * k / q + k * k) / a0,
        2.0 * (k * k - vh) / a0,
        (vh - vb * k / q + k * k) / a0,
        2.0 * (k * k - 1.0) / a0,
        (1.0 - k / q + k * k) / a0,
    ];
    let (f0, q) = (38.135_470_876_024_44, 0.500_327_037_323_877_3);
    let k = (PI * f0 / rate).tan();
    let a0 = 1.0 + k / q + k * k;
    let high_pass = [
        1.0,
        -2.0,
        1.0,
        2.0 * (k * k - 1.0) / a0,
        (1.0 - k / q + k * k) / a0,
    ];

    let block = (0.4 * rate).round() as usize;
    let mut y = samples.to_vec();
    y.resize(y.len().max(block), 0.0); // a short clip: one block, padded with silence
    biquad(shelf, &mut y);
    biquad(high_pass, &mut y);
    let step = block / 4; // 75 % overlap
    let powers: Vec<f64> = (0..=(y.len() - block) / step)
        .map(|j| {
            y[j * step..j * step + block]
                .iter()
                .map(|s| s * s)
                .sum::<f64>()
                / block as f64
        })
        .collect();
    let loudness = |p: f64| -0.691 + db(p);
    let gated_mean = |gate: f64| {
        let kept: Vec<f64> = powers
            .iter()
            .copied()
            .filter(|&p| loudness(p) > gate)
            .collect();
        (!kept.is_empty()).then(|| kept.iter().sum::<f64>() / kept.len() as f64)
    };
    let relative_gate = loudness(gated_mean(-70.0)?) - 10.0;
    gated_mean(relative_gate).map(loudness)
}

/// 16-bit mono PCM WAV bytes for `samples` in -1..1.
fn wav_bytes(samples: &[f64]) -> Vec<u8> {
    let data_len = u32::try_from(samples.len() * 2).expect("sound fits in a WAV file");
    let mut b = Vec::with_capacity(44 + samples.len() * 2);
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + data_len).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes()); // fmt chunk size
    b.extend_from_slice(&1u16.to_le_bytes()); // PCM
    b.extend_from_slice(&1u16.to_le_bytes()); // mono
    b.extend_from_slice(&SAMPLE_RATE.to_le_bytes());
    b.extend_from_slice(&(SAMPLE_RATE * 2).to_le_bytes()); // bytes per second
    b.extend_from_slice(&2u16.to_le_bytes()); // bytes per frame
    b.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    b.extend_from_slice(b"data");
    b.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        let v = (s.clamp(-1.0, 1.0) * 32767.0).round() as i16;
        b.extend_from_slice(&v.to_le_bytes());
    }
    b
}

/// Every built-in sound as (file name, WAV bytes), in `Sound` order.
pub fn render_all() -> Vec<(&'static str, Vec<u8>)> {
    DESIGNS
        .iter()
        .map(|d| (d.file, wav_bytes(&render(d))))
        .collect()
}

#[allow(dead_code)] // Unused when a test includes this file as a module.
fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    std::fs::create_dir_all(&dir)?;
    let rate = f64::from(SAMPLE_RATE);
    for d in DESIGNS.iter() {
        let samples = render(d);
        std::fs::write(dir.join(d.file), wav_bytes(&samples))?;
        println!(
            "{:<22} {:5.2} s {:6.1} LUFS, peak {:5.1} dBFS, tail -{:.0} dB",
            d.file,
            d.length_s,
            integrated_lufs(rate, &samples).unwrap_or(f64::NEG_INFINITY),
            dbfs(peak(&samples)),
            tail_db(&samples, rate),
        );
    }
    Ok(())
}
