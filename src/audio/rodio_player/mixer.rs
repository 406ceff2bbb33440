//! The mixer: our own callback on the device's stream. It mixes the cues sounding now a
//! buffer at a time at the live volume, records when the device first took each cue, and
//! paces a device that would run ahead of the wall clock.
//!
//! Each cue starts at its own sample, not at the start of whichever buffer the device
//! asks for next: the device tells the callback when the buffer's first sample will be
//! heard, so a cue asked for at `t` is placed to be heard at `t +` [`super::DELAY`]. The
//! gap from a cue to its sound is then the same for every cue, the first after the device
//! opens included (a stream just opened is often slow to ask for its first buffers: the
//! delay absorbs that), instead of varying by up to a period.
//!
//! Why our own and not rodio's: rodio's stream pulls every sample through its dynamic
//! mixer (a channel check and a chain of converters per sample). That was most of what
//! sound cost while the device was open: a 60-second hold with sound on took 0.112 % of a
//! core through rodio's mixer and 0.079 % with this one (README, "Performance"; median of
//! five runs on the ALSA null device).

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use rodio::cpal::{self, FromSample, SizedSample};

use super::{DELAY, LATE, PACER_AHEAD, STALE, Shared};
use crate::audio::sounds::Samples;
use crate::cue::Sound;

/// The device callback's state: the cues sounding now, and the pacer.
pub(super) struct Mix {
    incoming: Receiver<Voice>,
    voices: Vec<Voice>,
    /// The mix in f32, converted to the device's sample type at the end.
    scratch: Vec<f32>,
    shared: Arc<Shared>,
    pace: Pace,
    /// Frames a second, and samples per frame.
    rate: f64,
    channels: usize,
}

impl Mix {
    pub(super) fn new(
        incoming: Receiver<Voice>,
        shared: Arc<Shared>,
        config: &cpal::StreamConfig,
    ) -> Self {
        let per_second = f64::from(config.sample_rate) * f64::from(config.channels);
        Mix {
            incoming,
            voices: Vec::with_capacity(8),
            scratch: Vec::new(),
            shared,
            pace: Pace::new(per_second),
            rate: f64::from(config.sample_rate).max(1.0),
            channels: usize::from(config.channels.max(1)),
        }
    }

    /// The device wants `out` filled; its first sample is heard `ahead` from now (what the
    /// device reports). The cues mixed at the live volume, each from its own sample, or
    /// silence.
    pub(super) fn fill<T: SizedSample + FromSample<f32>>(
        &mut self,
        out: &mut [T],
        ahead: Duration,
    ) {
        self.voices.extend(self.incoming.try_iter());
        let heard = Instant::now() + ahead;
        for voice in &mut self.voices {
            voice.place(heard, self.rate, self.channels);
        }
        self.voices.retain(|v| !v.finished);
        if self.voices.is_empty() {
            out.fill(T::EQUILIBRIUM);
        } else {
            self.scratch.clear();
            self.scratch.resize(out.len(), 0.0);
            let gain = self.shared.gain();
            for voice in &mut self.voices {
                voice.mix_into(&mut self.scratch, gain);
            }
            self.voices.retain(|v| !v.finished);
            for (o, s) in out.iter_mut().zip(&self.scratch) {
                *o = T::from_sample(*s);
            }
        }
        self.shared
            .samples_pulled
            .fetch_add(out.len() as u64, Ordering::Relaxed);
        if let Some(wait) = self.pace.after(out.len(), Instant::now()) {
            std::thread::sleep(wait);
        }
    }
}

/// One cue's sound in the callback: records when the device first took it, and counts
/// itself out when done (or dropped unfinished with the stream).
pub(super) struct Voice {
    samples: Samples,
    pos: usize,
    shared: Arc<Shared>,
    requested: Instant,
    /// Samples of silence before it, from the start of the next buffer; `None` until the
    /// callback has placed it.
    wait: Option<usize>,
    /// The cue's sound, when it is one (it decides whether it still plays when the device
    /// takes it later than [`STALE`]: [`Sound::plays_when_late`]).
    sound: Option<Sound>,
    started: bool,
    finished: bool,
}

impl Voice {
    pub(super) fn new(samples: Samples, shared: Arc<Shared>, requested: Instant) -> Self {
        Voice {
            samples,
            pos: 0,
            shared,
            requested,
            wait: None,
            sound: None,
            started: false,
            finished: false,
        }
    }

    /// The voice of `sound`'s cue: dropped rather than played late when the sound says so
    /// (a "3" heard after the "2"), and then reported as missed.
    pub(super) fn of(mut self, sound: Sound) -> Self {
        self.sound = Some(sound);
        self
    }

    /// Where it starts, the first time a buffer whose first sample is heard at `heard` is
    /// filled: at `requested + DELAY`, or at once when that is already past. A cue that
    /// would be heard more than [`STALE`] late and must not be is dropped here, counted
    /// as late (a device just opened on a sound server can be that slow).
    fn place(&mut self, heard: Instant, rate: f64, channels: usize) {
        if self.wait.is_none() {
            let late = heard.saturating_duration_since(self.requested + DELAY);
            if let Some(sound) = self.sound
                && late > STALE
                && !sound.plays_when_late()
            {
                self.shared.stats().cues_late += 1;
                self.shared.missed(sound, LATE);
                self.wait = Some(0);
                self.finish(false);
                return;
            }
            let at = (self.requested + DELAY).saturating_duration_since(heard);
            let frames = (at.as_secs_f64() * rate).round() as usize;
            self.wait = Some(frames.saturating_mul(channels));
        }
    }

    /// Adds the next `buf.len()` samples (or the rest) times `gain` into `buf`, after the
    /// silence it waits for.
    fn mix_into(&mut self, buf: &mut [f32], gain: f32) {
        let wait = self.wait.unwrap_or(0);
        if wait >= buf.len() {
            self.wait = Some(wait - buf.len());
            return;
        }
        self.wait = Some(0);
        let buf = &mut buf[wait..];
        if !self.started {
            self.started = true;
            let latency = self.requested.elapsed();
            let mut stats = self.shared.stats();
            stats.cues_started += 1;
            stats.latencies.push(latency);
        }
        self.pos += self.samples.mix_into(self.pos, buf, gain);
        if self.pos >= self.samples.len() {
            self.finish(true);
        }
    }

    fn finish(&mut self, reached_end: bool) {
        if !self.finished {
            self.finished = true;
            // Saturating: `close` may already have reset the count.
            let _ = self
                .shared
                .active
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1));
            if reached_end {
                self.shared.stats().cues_finished += 1;
            }
        }
    }
}

impl Drop for Voice {
    fn drop(&mut self) {
        self.finish(false);
    }
}

/// Keeps a device from running ahead of the wall clock.
///
/// A real device asks for samples at its own pace, at most a buffer (tens of
/// milliseconds) ahead of what it has played, so the pacer never waits there. A device
/// that takes samples as fast as they are made (ALSA's null device, a broken plugin) would
/// otherwise spin a core while the stream is open; the callback sleeps once the device is
/// more than [`PACER_AHEAD`] ahead of real time. Since it only sleeps while that much is
/// already queued, it can never starve a device that is really playing.
struct Pace {
    per_second: f64,
    started: Option<Instant>,
    taken: u64,
}

impl Pace {
    fn new(per_second: f64) -> Self {
        Pace {
            per_second: per_second.max(1.0),
            started: None,
            taken: 0,
        }
    }

    /// The device took `samples` more at `now`: how long to wait, if at all.
    fn after(&mut self, samples: usize, now: Instant) -> Option<Duration> {
        let started = *self.started.get_or_insert(now);
        self.taken += samples as u64;
        let due = Duration::from_secs_f64(self.taken as f64 / self.per_second);
        let limit = now.saturating_duration_since(started) + PACER_AHEAD;
        due.checked_sub(limit).filter(|wait| !wait.is_zero())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::{self, Sender};

    use rodio::cpal::BufferSize;

    use super::*;

    fn shared(gain: f32) -> Arc<Shared> {
        Arc::new(Shared::new(gain))
    }

    fn voice(samples: Vec<f32>, shared: &Arc<Shared>) -> Voice {
        shared.active.fetch_add(1, Ordering::Relaxed);
        // Asked for a DELAY ago: due at the first sample of the next buffer.
        let asked = Instant::now()
            .checked_sub(DELAY)
            .unwrap_or_else(Instant::now);
        Voice::new(
            Samples::Decoded(Arc::from(samples)),
            Arc::clone(shared),
            asked,
        )
    }

    #[test]
    fn a_voice_applies_the_live_volume_and_counts_itself_out_once() {
        let shared = shared(0.5);
        let mut v = voice(vec![1.0; 5], &shared);
        let mut buf = [0.25f32; 3];
        v.place(Instant::now(), 22_050.0, 1);
        v.mix_into(&mut buf, shared.gain());
        assert_eq!(buf, [0.75; 3], "added to what is there");
        assert!(!v.finished);
        assert_eq!(shared.active.load(Ordering::Relaxed), 1);

        let mut buf = [0.0f32; 3];
        v.mix_into(&mut buf, 0.0);
        assert_eq!(buf, [0.0; 3], "muted from the next buffer on");
        assert!(v.finished, "the last two samples went out");
        assert_eq!(shared.active.load(Ordering::Relaxed), 0);
        drop(v);
        assert_eq!(shared.active.load(Ordering::Relaxed), 0, "counted out once");
        let stats = shared.stats();
        assert_eq!((stats.cues_started, stats.cues_finished), (1, 1));
        assert_eq!(stats.latencies.len(), 1);
    }

    #[test]
    fn a_voice_dropped_unfinished_counts_out_but_not_as_finished() {
        let shared = shared(1.0);
        let v = voice(vec![1.0; 5], &shared);
        drop(v);
        assert_eq!(shared.active.load(Ordering::Relaxed), 0);
        assert_eq!(shared.stats().cues_finished, 0);
    }

    fn mix(shared: &Arc<Shared>) -> (Sender<Voice>, Mix) {
        let (tx, rx) = mpsc::channel();
        let config = cpal::StreamConfig {
            channels: 1,
            sample_rate: 22_050,
            buffer_size: BufferSize::Default,
        };
        (tx, Mix::new(rx, Arc::clone(shared), &config))
    }

    #[test]
    fn the_callback_mixes_cues_that_overlap_and_is_silent_between_them() {
        let shared = shared(0.5);
        let (tx, mut mix) = mix(&shared);
        let mut out = [9.0f32; 4];
        mix.fill(&mut out, Duration::ZERO);
        assert_eq!(out, [0.0; 4], "silence with no cue");

        tx.send(voice(vec![0.5; 6], &shared)).expect("send");
        tx.send(voice(vec![1.0; 2], &shared)).expect("send");
        mix.fill(&mut out, Duration::ZERO);
        assert_eq!(out, [0.75, 0.75, 0.25, 0.25]);
        assert_eq!(
            shared.active.load(Ordering::Relaxed),
            1,
            "the short one is done"
        );
        mix.fill(&mut out, Duration::ZERO);
        assert_eq!(out, [0.25, 0.25, 0.0, 0.0]);
        assert_eq!(shared.active.load(Ordering::Relaxed), 0);
        assert!(mix.voices.is_empty());
        assert_eq!(shared.stats().cues_finished, 2);
        assert_eq!(shared.samples_pulled.load(Ordering::Relaxed), 12);
    }

    #[test]
    fn a_cue_starts_at_its_own_sample_delay_after_it_was_asked_for() {
        // 1,000 frames a second, mono: one sample per millisecond.
        let shared = shared(1.0);
        let (tx, rx) = mpsc::channel();
        let config = cpal::StreamConfig {
            channels: 1,
            sample_rate: 1_000,
            buffer_size: BufferSize::Default,
        };
        let mut mix = Mix::new(rx, Arc::clone(&shared), &config);
        shared.active.fetch_add(1, Ordering::Relaxed);
        // Asked for now: heard DELAY (120 ms) from now. The device says this buffer is
        // heard 100 ms from now, so the cue starts 20 samples into it, not at its start.
        tx.send(Voice::new(
            Samples::Decoded(Arc::from(vec![1.0; 10])),
            Arc::clone(&shared),
            Instant::now(),
        ))
        .expect("send");
        let mut out = [0.0f32; 40];
        mix.fill(&mut out, Duration::from_millis(100));
        let first = out
            .iter()
            .position(|s| *s > 0.0)
            .expect("starts in this buffer");
        assert!((19..=21).contains(&first), "starts at sample {first}");
        assert_eq!(out.iter().filter(|s| **s > 0.0).count(), 10);

        // A device that is slow to ask (just opened): the cue is already due, it starts
        // at once, and a cue due later than this buffer waits for the next one.
        let late = Instant::now()
            .checked_sub(Duration::from_millis(500))
            .expect("uptime");
        shared.active.fetch_add(2, Ordering::Relaxed);
        tx.send(Voice::new(
            Samples::Decoded(Arc::from(vec![1.0; 5])),
            Arc::clone(&shared),
            late,
        ))
        .expect("send");
        tx.send(Voice::new(
            Samples::Decoded(Arc::from(vec![0.5; 5])),
            Arc::clone(&shared),
            Instant::now(),
        ))
        .expect("send");
        let mut out = [0.0f32; 40];
        mix.fill(&mut out, Duration::ZERO);
        assert_eq!(out[..5], [1.0; 5], "the late one at once");
        assert!(out[5..].iter().all(|s| *s == 0.0), "the other not yet");
        let mut out = [0.0f32; 40];
        mix.fill(&mut out, Duration::ZERO);
        let mut out2 = [0.0f32; 80];
        mix.fill(&mut out2, Duration::ZERO);
        let heard = out
            .iter()
            .chain(&out2)
            .position(|s| *s > 0.0)
            .expect("heard");
        // 120 ms after it was asked for, counted from the buffer that placed it.
        assert!((118..=122).contains(&(heard + 40)), "at {}", heard + 40);
    }

    #[test]
    fn the_callback_speaks_the_devices_sample_type() {
        let shared = shared(1.0);
        let (tx, mut mix) = mix(&shared);
        tx.send(voice(vec![0.5, -0.5, 1.0], &shared)).expect("send");
        let mut out = [0i16; 4];
        mix.fill(&mut out, Duration::ZERO);
        assert_eq!(out, [16_384, -16_384, i16::MAX, 0]);

        let mut out = [0u8; 2];
        mix.fill(&mut out, Duration::ZERO);
        assert_eq!(out, [128, 128], "unsigned silence is the middle");
    }

    #[test]
    fn the_pacer_holds_a_greedy_device_to_real_time_and_never_a_real_one() {
        // 8,000 samples a second; buffers of 20 ms (160 samples).
        let t0 = Instant::now();
        let mut pace = Pace::new(8_000.0);
        // A greedy device takes buffers back to back at t0: free until PACER_AHEAD
        // (300 ms = 15 buffers) is queued, then each one waits its own length.
        for i in 1..=15 {
            assert_eq!(pace.after(160, t0), None, "buffer {i}");
        }
        assert_eq!(pace.after(160, t0), Some(Duration::from_millis(20)));
        // Having slept, it is level again with the clock.
        let t1 = t0 + Duration::from_millis(20);
        assert_eq!(pace.after(160, t1), Some(Duration::from_millis(20)));

        // A real device asks one buffer per 20 ms, at most a buffer ahead: never waits.
        let mut pace = Pace::new(8_000.0);
        for i in 0..1_000u64 {
            let now = t0 + Duration::from_millis(20 * i);
            assert_eq!(pace.after(160, now), None, "buffer {i}");
        }
    }
}
