//! Loudness as a person hears it: ITU-R BS.1770-4 integrated loudness of mono samples
//! (K-weighting, 400 ms blocks every 100 ms, gates at -70 LUFS and 10 LU below). A clip
//! shorter than one block is measured as one block, the clip followed by silence up to
//! 400 ms (what ffmpeg's `ebur128` reports for the clip padded so). Used on the sound
//! files (`sound_levels`) and on recordings of them (`audio_session`).

use std::f64::consts::PI;

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

/// Integrated loudness in LUFS of `samples` (in -1..1) at `rate`; `None` for silence
/// (nothing above the -70 LUFS gate).
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
