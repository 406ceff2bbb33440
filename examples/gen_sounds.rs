//! Synthesizes backease's chimes and writes them to `assets/*.wav`.
//!
//! Run `cargo run --example gen_sounds` after changing a sound; commit the WAV files it
//! writes. Every sound is built from struck "bells": a few partials (harmonic or, for a
//! bell colour, slightly inharmonic), each with a soft attack and an exponential decay.
//! The output is deterministic (no randomness), so `tests/audio.rs` can check that the
//! committed files are exactly what this program makes. Touches nothing but `assets/`.

use std::f64::consts::PI;
use std::path::Path;

/// Samples per second of every generated file: plenty for bells whose partials stay
/// under 8 kHz, and half the size of 44.1 kHz.
pub const SAMPLE_RATE: u32 = 22_050;

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
}

/// A clear church-bell colour: hum, prime, minor third, fifth, nominal and an upper partial.
const BELL: Timbre = Timbre {
    partials: &[
        Partial {
            ratio: 1.0,
            level: 1.0,
            decay_s: 0.45,
        },
        Partial {
            ratio: 2.0,
            level: 0.45,
            decay_s: 0.30,
        },
        Partial {
            ratio: 2.76,
            level: 0.25,
            decay_s: 0.20,
        },
        Partial {
            ratio: 4.07,
            level: 0.12,
            decay_s: 0.12,
        },
        Partial {
            ratio: 5.4,
            level: 0.06,
            decay_s: 0.08,
        },
    ],
    attack_s: 0.004,
};

/// A mellow singing-bowl colour: almost pure, slow swell, two close partials that beat.
const BOWL: Timbre = Timbre {
    partials: &[
        Partial {
            ratio: 1.0,
            level: 1.0,
            decay_s: 0.55,
        },
        Partial {
            ratio: 1.006,
            level: 0.5,
            decay_s: 0.55,
        },
        Partial {
            ratio: 2.71,
            level: 0.12,
            decay_s: 0.25,
        },
    ],
    attack_s: 0.06,
};

/// A glassy pip: bright and short.
const GLASS: Timbre = Timbre {
    partials: &[
        Partial {
            ratio: 1.0,
            level: 1.0,
            decay_s: 0.07,
        },
        Partial {
            ratio: 2.0,
            level: 0.3,
            decay_s: 0.04,
        },
        Partial {
            ratio: 3.0,
            level: 0.1,
            decay_s: 0.025,
        },
    ],
    attack_s: 0.002,
};

/// A wood-block tick: inharmonic, gone in a few tens of milliseconds.
const WOOD: Timbre = Timbre {
    partials: &[
        Partial {
            ratio: 1.0,
            level: 1.0,
            decay_s: 0.018,
        },
        Partial {
            ratio: 2.32,
            level: 0.6,
            decay_s: 0.010,
        },
        Partial {
            ratio: 4.25,
            level: 0.3,
            decay_s: 0.006,
        },
    ],
    attack_s: 0.001,
};

/// One strike: when (seconds from the start), which pitch (Hz), how hard (0–1).
struct Strike {
    at_s: f64,
    hz: f64,
    gain: f64,
}

/// A finished sound: its file name, length, peak level, timbre and strikes.
struct Design {
    file: &'static str,
    length_s: f64,
    peak_dbfs: f64,
    timbre: Timbre,
    strikes: &'static [Strike],
    /// Scale every decay time (longer ring for the finale).
    ring: f64,
}

// Pitches (equal temperament, A4 = 440 Hz).
const C5: f64 = 523.25;
const E5: f64 = 659.26;
const G5: f64 = 783.99;
const A5: f64 = 880.0;
const C6: f64 = 1046.5;
const E6: f64 = 1318.5;

/// The sounds, in `Sound` order. File names and lengths are mirrored in the sound table
/// in `src/cue.rs` (the tests check they agree).
const DESIGNS: &[Design] = &[
    // get ready: a soft wood tick (the 3-2-1 before a hold).
    Design {
        file: "get_ready.wav",
        length_s: 0.12,
        peak_dbfs: -9.0,
        timbre: WOOD,
        strikes: &[Strike {
            at_s: 0.0,
            hz: 1100.0,
            gain: 1.0,
        }],
        ring: 1.0,
    },
    // hold start: one clear bell strike.
    Design {
        file: "hold_start.wav",
        length_s: 1.0,
        peak_dbfs: -3.0,
        timbre: BELL,
        strikes: &[Strike {
            at_s: 0.0,
            hz: E5,
            gain: 1.0,
        }],
        ring: 1.0,
    },
    // range minimum: a soft low swell, "you may release".
    Design {
        file: "range_min.wav",
        length_s: 1.2,
        peak_dbfs: -6.0,
        timbre: BOWL,
        strikes: &[Strike {
            at_s: 0.0,
            hz: 440.0,
            gain: 1.0,
        }],
        ring: 1.0,
    },
    // countdown: a short high glass pip (each of the last three seconds).
    Design {
        file: "countdown.wav",
        length_s: 0.25,
        peak_dbfs: -6.0,
        timbre: GLASS,
        strikes: &[Strike {
            at_s: 0.0,
            hz: E6,
            gain: 1.0,
        }],
        ring: 1.0,
    },
    // switch sides: two quick notes rising, "ding-ding" up.
    Design {
        file: "switch_sides.wav",
        length_s: 1.0,
        peak_dbfs: -3.0,
        timbre: BELL,
        strikes: &[
            Strike {
                at_s: 0.0,
                hz: C5,
                gain: 0.9,
            },
            Strike {
                at_s: 0.16,
                hz: G5,
                gain: 1.0,
            },
        ],
        ring: 0.8,
    },
    // step end: two slower notes falling, "ding-dong" down.
    Design {
        file: "step_end.wav",
        length_s: 1.2,
        peak_dbfs: -3.0,
        timbre: BELL,
        strikes: &[
            Strike {
                at_s: 0.0,
                hz: G5,
                gain: 1.0,
            },
            Strike {
                at_s: 0.30,
                hz: C5,
                gain: 1.0,
            },
        ],
        ring: 1.0,
    },
    // session complete: a rising arpeggio that rings out.
    Design {
        file: "session_complete.wav",
        length_s: 1.6,
        peak_dbfs: -3.0,
        timbre: BELL,
        strikes: &[
            Strike {
                at_s: 0.0,
                hz: C5,
                gain: 0.8,
            },
            Strike {
                at_s: 0.14,
                hz: E5,
                gain: 0.8,
            },
            Strike {
                at_s: 0.28,
                hz: G5,
                gain: 0.85,
            },
            Strike {
                at_s: 0.42,
                hz: C6,
                gain: 1.0,
            },
        ],
        ring: 1.4,
    },
    // alarm: two bursts of three quick bright strikes; insistent, still a bell.
    Design {
        file: "alarm.wav",
        length_s: 1.4,
        peak_dbfs: -1.5,
        timbre: BELL,
        strikes: &[
            Strike {
                at_s: 0.0,
                hz: A5,
                gain: 1.0,
            },
            Strike {
                at_s: 0.12,
                hz: E6,
                gain: 0.8,
            },
            Strike {
                at_s: 0.24,
                hz: A5,
                gain: 1.0,
            },
            Strike {
                at_s: 0.70,
                hz: A5,
                gain: 1.0,
            },
            Strike {
                at_s: 0.82,
                hz: E6,
                gain: 0.8,
            },
            Strike {
                at_s: 0.94,
                hz: A5,
                gain: 1.0,
            },
        ],
        ring: 0.6,
    },
];

/// Renders one design to samples in -1..1.
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
            let mut value = 0.0;
            for p in design.timbre.partials {
                let hz = strike.hz * p.ratio;
                if hz >= rate / 2.0 {
                    continue;
                }
                let decay = (-t / (p.decay_s * design.ring)).exp();
                value += p.level * decay * (2.0 * PI * hz * t).sin();
            }
            *sample += strike.gain * attack * value;
        }
    }
    // A short fade at the end so the file stops at silence, not mid-wave.
    let fade = ((0.02 * rate) as usize).min(len);
    for k in 0..fade {
        out[len - 1 - k] *= k as f64 / fade as f64;
    }
    let peak = out.iter().fold(0.0_f64, |m, s| m.max(s.abs()));
    let target = 10f64.powf(design.peak_dbfs / 20.0);
    if peak > 0.0 {
        for s in &mut out {
            *s *= target / peak;
        }
    }
    out
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

/// Every sound as (file name, WAV bytes), in `Sound` order.
pub fn render_all() -> Vec<(&'static str, Vec<u8>)> {
    DESIGNS
        .iter()
        .map(|d| (d.file, wav_bytes(&render(d))))
        .collect()
}

#[allow(dead_code)] // Unused when tests/audio.rs includes this file as a module.
fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    std::fs::create_dir_all(&dir)?;
    for (file, bytes) in render_all() {
        let path = dir.join(file);
        std::fs::write(&path, &bytes)?;
        println!("{} ({} bytes)", path.display(), bytes.len());
    }
    Ok(())
}
