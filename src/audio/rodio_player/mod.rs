//! The real player: a dedicated audio thread feeding the output device. `play` only sends
//! on a channel; the thread finds the device once (its format, and the clips converted to
//! it), opens a stream at once, hands each cue to the stream's callback, and closes the
//! stream after [`LINGER`] of silence (the next cue opens it again). Device
//! trouble (none at start, lost mid-session) turns into `AudioStatus::Off(reason)`, never
//! a panic or a line on the terminal. Touches the audio device and nothing else.
//!
//! Here: the handle ([`RodioPlayer`]), the numbers that tune it, and the state the three
//! parts share. The parts:
//! - `device`: which device and which format; the clips converted to it; opening a
//!   stream.
//! - `mixer`: the stream's callback, our own, which mixes the cues a buffer at a time.
//! - `thread`: the messages the handle and the device send, and the audio thread that
//!   answers them (when to open, drop a cue, close, retry).

mod device;
mod mixer;
mod thread;

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::sounds::Playable;
use super::{AudioStatus, Missed, Player, Sound};
use thread::{AudioThread, Command};

/// How long the device stays open after the last sound ends: through every quiet stretch
/// of a session (the longest shipped gap between two cues is a long hold's half, under
/// five minutes), and closed when nothing has played for this long (a menu left open, a
/// reminder waiting for the next break).
///
/// Why not close between cues: a sound server (PulseAudio, PipeWire) takes 0.5-1.6 s to
/// ask for the first buffers of a stream just opened on an idle sink, so a cue at the
/// open came up to a second late, and through ALSA's pulse plugin whole bursts of cues
/// were lost after a reopen (docs/sound.md). The device opens when the player starts,
/// so that wait is over before the first cue. What it costs: the callback runs every
/// [`PERIOD`] while open (README, Performance; docs/sound.md).
pub const LINGER: Duration = Duration::from_secs(300);
/// A cue that waited longer than this (the thread was busy opening a device) is dropped:
/// a late "3" is worse than none. The cues that matter whenever they come are kept
/// ([`Sound::plays_when_late`], in the core's table).
pub const STALE: Duration = Duration::from_millis(500);
/// After the device fails, try it again on a cue no sooner than this: the next cue but
/// one of a 3-2-1, the next cue otherwise (a cue that finds no device is reported as not
/// heard: [`Player::take_missed`]).
pub const RETRY: Duration = Duration::from_millis(900);
/// The device period we ask for: the callback runs this often while the device is open,
/// and a cue is heard at most about three periods after `play()` (the wait for the next
/// callback, then the two periods the device buffers; a cue that opens the device starts
/// at once). 40 ms keeps that near 100 ms at worst, under what a person notices between
/// a digit changing and its beep, and costs half the wake-ups of 20 ms: each one is about
/// 50 µs of CPU here, most of what sound costs while the device is open.
pub const PERIOD: Duration = Duration::from_millis(40);
/// Every cue is heard this long after `play()` (see `mixer`): more than the device takes
/// to ask for its first buffer after opening (about 50-90 ms on PulseAudio) plus a period,
/// so the first cue after an open keeps time with the rest; under the ~150 ms at which a
/// person notices a beep lagging its digit.
pub const DELAY: Duration = Duration::from_millis(120);
/// The pacer lets the device run at most this far ahead of the wall clock (see `mixer`).
pub const PACER_AHEAD: Duration = Duration::from_millis(300);
/// How long `open` waits for the first look at the device before answering.
const PROBE_WAIT: Duration = Duration::from_secs(2);
/// When the linger is over but a cue is still sounding (a device slow to start), how
/// long until the next look.
const RECHECK: Duration = Duration::from_millis(100);
/// Loudness at volume 100, leaving headroom for cues that overlap.
const MASTER: f32 = 0.8;

/// The reason shown when there is no device at all.
pub const NO_DEVICE: &str = "no audio device";
/// Why a cue the device took more than [`STALE`] late was not played.
pub const LATE: &str = "late: the sound device was slow to start";
/// The reason shown when the device went away during the session.
pub const DEVICE_LOST: &str = "audio device lost";

/// What happened so far, for the probe, the tests and the measurements.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Cues whose first sample the device has taken.
    pub cues_started: u32,
    /// Cues that reached the end of their sound.
    pub cues_finished: u32,
    /// Cues dropped because they were stale or a repeat within a few milliseconds.
    pub cues_dropped: u32,
    /// Cues dropped in the callback because the device took them more than [`STALE`]
    /// late (a stream just opened on a slow sound server); the cues that play when late
    /// are never dropped.
    pub cues_late: u32,
    /// Cues that could not play because there was no device.
    pub cues_without_device: u32,
    /// From `play()` to the device taking the cue's first sample, one per started cue.
    pub latencies: Vec<Duration>,
    pub streams_opened: u32,
    pub streams_closed: u32,
    pub open_failures: u32,
    /// Errors the device reported while open (underruns included).
    pub device_errors: u32,
}

/// State shared by the player handle, the audio thread and the device callback.
struct Shared {
    health: Mutex<Option<String>>,
    /// The gain every sample is multiplied by, as f32 bits (0 when muted).
    gain_bits: AtomicU32,
    /// Cues handed to the stream and not yet finished.
    active: AtomicUsize,
    /// Whether a stream is open, as seen from outside (`RodioPlayer::stream_open`).
    stream_open: AtomicBool,
    /// Samples the device has taken (all channels).
    samples_pulled: AtomicU64,
    stats: Mutex<Stats>,
    /// Cues not heard, not yet taken by [`Player::take_missed`].
    missed: Mutex<Vec<Missed>>,
}

impl Shared {
    fn new(gain: f32) -> Self {
        Shared {
            health: Mutex::new(None),
            gain_bits: AtomicU32::new(gain.to_bits()),
            active: AtomicUsize::new(0),
            stream_open: AtomicBool::new(false),
            samples_pulled: AtomicU64::new(0),
            stats: Mutex::new(Stats::default()),
            missed: Mutex::new(Vec::new()),
        }
    }
    fn stats(&self) -> MutexGuard<'_, Stats> {
        self.stats.lock().unwrap_or_else(|e| e.into_inner())
    }
    /// `sound` was not heard, for `reason`.
    fn missed(&self, sound: Sound, reason: &str) {
        let mut missed = self.missed.lock().unwrap_or_else(|e| e.into_inner());
        // Bounded: nobody may be asking (a probe); the newest are kept.
        if missed.len() >= 64 {
            missed.remove(0);
        }
        missed.push(Missed {
            sound,
            reason: reason.to_owned(),
        });
    }
    fn set_health(&self, off: Option<&str>) {
        *self.health.lock().unwrap_or_else(|e| e.into_inner()) = off.map(str::to_owned);
    }
    fn gain(&self) -> f32 {
        f32::from_bits(self.gain_bits.load(Ordering::Relaxed))
    }
}

/// The player's gain (0–1 of full scale) at `volume` (0–100); what the speech's volume is
/// matched to (`speech::espeak_amplitude`, `tests/it/speech.rs`).
pub fn gain_for(volume: u8, muted: bool) -> f32 {
    if muted {
        return 0.0;
    }
    // Loudness follows roughly the square of amplitude; this makes the steps of `[`/`]`
    // feel even.
    let v = f32::from(volume.min(100)) / 100.0;
    v * v * MASTER
}

/// The rodio player handle. Cheap calls only: every method returns at once.
pub struct RodioPlayer {
    tx: Sender<Command>,
    shared: Arc<Shared>,
    volume: u8,
    muted: bool,
    thread: Option<JoinHandle<()>>,
}

impl RodioPlayer {
    /// Starts the audio thread with the given clips (in [`Sound::ALL`] order) and waits
    /// briefly for its first look at the device, so `status()` is right from the start.
    pub fn start(clips: [Playable; Sound::COUNT], volume: u8, muted: bool) -> RodioPlayer {
        let volume = volume.min(100);
        let shared = Arc::new(Shared::new(gain_for(volume, muted)));
        let (tx, rx) = mpsc::channel();
        let (probe_tx, probe_rx) = mpsc::channel();
        let thread_shared = Arc::clone(&shared);
        let thread_tx = tx.clone();
        let thread = std::thread::Builder::new()
            .name("backease-audio".into())
            .spawn(move || {
                let mut audio = AudioThread::new(thread_shared, clips, thread_tx);
                audio.probe();
                let _ = probe_tx.send(());
                audio.run(&rx);
            });
        let thread = match thread {
            Ok(handle) => {
                let _ = probe_rx.recv_timeout(PROBE_WAIT);
                Some(handle)
            }
            Err(_) => {
                shared.set_health(Some("could not start the sound thread"));
                None
            }
        };
        RodioPlayer {
            tx,
            shared,
            volume,
            muted,
            thread,
        }
    }

    /// What the player has done so far.
    pub fn stats(&self) -> Stats {
        self.shared.stats().clone()
    }

    /// Whether the output device is open right now.
    pub fn stream_open(&self) -> bool {
        self.shared.stream_open.load(Ordering::Relaxed)
    }

    /// Behaves as if the device reported that it went away (for the probe and tests: the
    /// same message the device's error callback sends).
    #[doc(hidden)]
    pub fn simulate_device_lost(&self) {
        let _ = self.tx.send(Command::Lost(None));
    }

    /// Samples (all channels) the device has taken so far.
    pub fn samples_pulled(&self) -> u64 {
        self.shared.samples_pulled.load(Ordering::Relaxed)
    }
}

impl Player for RodioPlayer {
    fn play(&mut self, sound: Sound) {
        if !self.muted {
            let _ = self.tx.send(Command::Play {
                sound,
                at: Instant::now(),
            });
        }
    }
    fn set_volume(&mut self, volume: u8) {
        self.volume = volume.min(100);
        let gain = gain_for(self.volume, self.muted);
        self.shared
            .gain_bits
            .store(gain.to_bits(), Ordering::Relaxed);
    }
    fn volume(&self) -> u8 {
        self.volume
    }
    fn set_muted(&mut self, muted: bool) {
        self.muted = muted;
        let gain = gain_for(self.volume, self.muted);
        self.shared
            .gain_bits
            .store(gain.to_bits(), Ordering::Relaxed);
    }
    fn take_missed(&mut self) -> Vec<Missed> {
        std::mem::take(&mut *self.shared.missed.lock().unwrap_or_else(|e| e.into_inner()))
    }
    /// The audio thread answers once every cue sent before has reached the stream; then
    /// each counts itself out when its last sample is mixed, which the device plays up to
    /// [`DELAY`] and a period later.
    fn finish(&mut self, within: Duration) {
        let deadline = Instant::now() + within;
        let (reply, answered) = mpsc::channel();
        if self.tx.send(Command::Finish(reply)).is_err() || answered.recv_timeout(within).is_err() {
            return;
        }
        let sounding = || self.shared.active.load(Ordering::Relaxed) > 0;
        if !sounding() {
            return;
        }
        while sounding() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        let heard = (DELAY + PERIOD).min(deadline.saturating_duration_since(Instant::now()));
        std::thread::sleep(heard);
    }
    fn status(&self) -> AudioStatus {
        if self.muted {
            return AudioStatus::Muted;
        }
        match &*self.shared.health.lock().unwrap_or_else(|e| e.into_inner()) {
            None => AudioStatus::On,
            Some(reason) => AudioStatus::Off(reason.clone()),
        }
    }
}

impl Drop for RodioPlayer {
    fn drop(&mut self) {
        let _ = self.tx.send(Command::Quit);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_curve_is_monotonic_and_mute_is_silent() {
        let mut last = -1.0;
        for v in 0..=100u8 {
            let g = gain_for(v, false);
            assert!(g > last || v == 0, "volume {v}");
            assert!(g <= MASTER);
            last = g;
            assert_eq!(gain_for(v, true), 0.0);
        }
        assert_eq!(gain_for(0, false), 0.0);
        assert_eq!(gain_for(200, false), MASTER);
    }
}
