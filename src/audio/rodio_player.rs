//! The real player: rodio on a dedicated audio thread. `play` only sends on a channel; the
//! thread opens the output device on the first cue (in the clips' own format when the
//! device offers it: see `exact_config`), mixes cues that fall together, and
//! closes the device after [`LINGER`] of silence so nothing runs between cues. Device
//! trouble (none at start, lost mid-session) turns into `AudioStatus::Off(reason)`, never
//! a panic or a line on the terminal. Touches the audio device and nothing else.

use std::num::NonZero;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rodio::cpal::traits::HostTrait;
use rodio::cpal::{self, BufferSize};
use rodio::source::SeekError;
use rodio::{DeviceSinkBuilder, DeviceTrait, MixerDeviceSink, Source};

use super::sounds::Clip;
use super::{AudioStatus, Player, Sound};

/// How long the device stays open after the last sound ends (cues often come in bursts:
/// 3-2-1 then the step end; reopening for each would add latency).
pub const LINGER: Duration = Duration::from_secs(2);
/// A cue that waited longer than this (the thread was busy opening a device) is dropped:
/// a late "3" is worse than none. The cues that matter whenever they come are kept.
pub const STALE: Duration = Duration::from_millis(500);
/// After the device fails, try it again on a cue no sooner than this.
pub const RETRY: Duration = Duration::from_secs(10);
/// The device period we ask for: short enough that a cue is heard within ~50 ms.
pub const PERIOD: Duration = Duration::from_millis(20);
/// The pacer lets the device run at most this far ahead of the wall clock (see [`Pacer`]).
pub const PACER_AHEAD: Duration = Duration::from_millis(300);
/// How long `open` waits for the first look at the device before answering.
const PROBE_WAIT: Duration = Duration::from_secs(2);
/// How often the audio thread looks at the device while it is open.
const WATCH: Duration = Duration::from_millis(100);
/// Loudness at volume 100, leaving headroom for cues that overlap.
const MASTER: f32 = 0.8;

/// The reason shown when there is no device at all.
pub const NO_DEVICE: &str = "no audio device";
/// The reason shown when the device went away during the session.
pub const DEVICE_LOST: &str = "audio device lost";

/// What happened so far, for the probe, the tests and the measurements.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Cues whose first sample the device has pulled.
    pub cues_started: u32,
    /// Cues that reached the end of their sound.
    pub cues_finished: u32,
    /// Cues dropped because they were stale or a repeat within a few milliseconds.
    pub cues_dropped: u32,
    /// Cues that could not play because there was no device.
    pub cues_without_device: u32,
    /// From `play()` to the device pulling the cue's first sample, one per started cue.
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
    /// Cue sounds added to the mixer and not yet finished.
    active: AtomicUsize,
    device_lost: AtomicBool,
    stream_open: AtomicBool,
    /// Samples the device has taken (all channels), counted by the pacer.
    samples_pulled: AtomicU64,
    stats: Mutex<Stats>,
}

impl Shared {
    fn stats(&self) -> MutexGuard<'_, Stats> {
        self.stats.lock().unwrap_or_else(|e| e.into_inner())
    }
    fn set_health(&self, off: Option<&str>) {
        *self.health.lock().unwrap_or_else(|e| e.into_inner()) = off.map(str::to_owned);
    }
    fn gain(&self) -> f32 {
        f32::from_bits(self.gain_bits.load(Ordering::Relaxed))
    }
}

fn gain_for(volume: u8, muted: bool) -> f32 {
    if muted {
        return 0.0;
    }
    // Loudness follows roughly the square of amplitude; this makes the steps of `[`/`]`
    // feel even.
    let v = f32::from(volume.min(100)) / 100.0;
    v * v * MASTER
}

enum Command {
    Play { sound: Sound, at: Instant },
    Prepare,
    Quit,
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
    pub fn start(clips: Vec<Clip>, volume: u8, muted: bool) -> RodioPlayer {
        let volume = volume.min(100);
        let shared = Arc::new(Shared {
            health: Mutex::new(None),
            gain_bits: AtomicU32::new(gain_for(volume, muted).to_bits()),
            active: AtomicUsize::new(0),
            device_lost: AtomicBool::new(false),
            stream_open: AtomicBool::new(false),
            samples_pulled: AtomicU64::new(0),
            stats: Mutex::new(Stats::default()),
        });
        let (tx, rx) = mpsc::channel();
        let (probe_tx, probe_rx) = mpsc::channel();
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("backease-audio".into())
            .spawn(move || {
                let probe = probe_device();
                thread_shared.set_health(probe.as_ref().err().map(String::as_str));
                let _ = probe_tx.send(());
                AudioThread::new(thread_shared, clips, probe.is_err()).run(&rx);
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
    /// same flag the device's error callback sets).
    #[doc(hidden)]
    pub fn simulate_device_lost(&self) {
        self.shared.device_lost.store(true, Ordering::Relaxed);
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
    fn status(&self) -> AudioStatus {
        if self.muted {
            return AudioStatus::Muted;
        }
        match &*self.shared.health.lock().unwrap_or_else(|e| e.into_inner()) {
            None => AudioStatus::On,
            Some(reason) => AudioStatus::Off(reason.clone()),
        }
    }
    fn prepare(&mut self) {
        if !self.muted {
            let _ = self.tx.send(Command::Prepare);
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

/// Whether there is an output device we could open, without opening a stream.
fn probe_device() -> Result<(), String> {
    let device = cpal::default_host()
        .default_output_device()
        .ok_or_else(|| NO_DEVICE.to_owned())?;
    device
        .default_output_config()
        .map(|_| ())
        .map_err(|_| NO_DEVICE.to_owned())
}

/// The output format the clips need: the most channels and the highest rate among them
/// (the built-in sounds are 22,050 Hz mono).
fn format_for(clips: &[Clip]) -> (u16, u32) {
    let channels = clips.iter().map(|c| c.channels).max().unwrap_or(1).max(1);
    let rate = clips.iter().map(|c| c.sample_rate).max().unwrap_or(22_050);
    (channels, rate)
}

/// The device's configuration for exactly `want` (channels, rate), preferring f32
/// samples; `None` if it offers none, and then its default is used.
///
/// Why: every sample the device takes goes through rodio's mixer, and each cue through a
/// channel and rate converter, while the device is open (a few seconds around each cue).
/// At the clips' own 22,050 Hz mono that is a quarter of the samples of 48 kHz stereo and
/// no resampling: measured on a 60-second hold, this is most of the cost of sound.
fn exact_config(device: &cpal::Device, want: (u16, u32)) -> Option<cpal::SupportedStreamConfig> {
    let (channels, rate) = want;
    let mut fits: Vec<_> = device
        .supported_output_configs()
        .ok()?
        .filter(|r| {
            r.channels() == channels && r.min_sample_rate() <= rate && rate <= r.max_sample_rate()
        })
        .collect();
    fits.sort_by_key(|r| r.sample_format() != cpal::SampleFormat::F32);
    fits.into_iter().next().map(|r| r.with_sample_rate(rate))
}

/// Opens the default output device in the clips' own format if it takes it (else its
/// default), with a short period and the pacer in its mixer.
fn open_output(shared: &Arc<Shared>, want: (u16, u32)) -> Result<MixerDeviceSink, String> {
    let device = cpal::default_host()
        .default_output_device()
        .ok_or_else(|| NO_DEVICE.to_owned())?;
    let config = match exact_config(&device, want) {
        Some(config) => config,
        None => device
            .default_output_config()
            .map_err(|_| NO_DEVICE.to_owned())?,
    };
    let period = (f64::from(config.sample_rate()) * PERIOD.as_secs_f64()) as u32 & !1;
    let on_error = {
        let shared = Arc::clone(shared);
        move |err: cpal::Error| {
            shared.stats().device_errors += 1;
            match err.kind() {
                cpal::ErrorKind::Xrun | cpal::ErrorKind::DeviceChanged => {}
                _ => shared.device_lost.store(true, Ordering::Relaxed),
            }
        }
    };
    let mut sink = DeviceSinkBuilder::default()
        .with_device(device)
        .with_supported_config(&config)
        .with_buffer_size(BufferSize::Fixed(period.max(64)))
        .with_error_callback(on_error)
        .open_sink_or_fallback()
        .map_err(|_| NO_DEVICE.to_owned())?;
    // rodio prints "Dropping DeviceSink…" to stderr on drop unless told not to.
    sink.log_on_drop(false);
    let cfg = sink.config();
    sink.mixer().add(Pacer::new(
        cfg.channel_count(),
        cfg.sample_rate(),
        Arc::clone(shared),
    ));
    Ok(sink)
}

/// The audio thread's state.
struct AudioThread {
    shared: Arc<Shared>,
    clips: Vec<Clip>,
    output: Option<MixerDeviceSink>,
    /// The last moment a sound was playing (or the device was asked to get ready).
    last_busy: Instant,
    /// No device: don't try again before this.
    retry_after: Option<Instant>,
    /// When each sound last started, to drop exact repeats that coincide.
    last_start: [Option<Instant>; 8],
}

impl AudioThread {
    fn new(shared: Arc<Shared>, clips: Vec<Clip>, no_device: bool) -> Self {
        let now = Instant::now();
        AudioThread {
            shared,
            clips,
            output: None,
            last_busy: now,
            retry_after: no_device.then(|| now + RETRY),
            last_start: [None; 8],
        }
    }

    fn run(mut self, rx: &Receiver<Command>) {
        loop {
            let msg = if self.output.is_some() {
                rx.recv_timeout(WATCH)
            } else {
                rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
            };
            match msg {
                Ok(Command::Play { sound, at }) => self.play(sound, at),
                Ok(Command::Prepare) => {
                    if self.ensure_output() {
                        self.last_busy = Instant::now();
                    }
                }
                Ok(Command::Quit) | Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {}
            }
            self.watch();
        }
        self.close();
    }

    fn play(&mut self, sound: Sound, at: Instant) {
        let now = Instant::now();
        let index = sound as usize;
        let late = now.saturating_duration_since(at) > STALE && !sound.matters_when_late();
        let repeat = self.last_start[index]
            .is_some_and(|t| at.saturating_duration_since(t) < Duration::from_millis(30));
        if late || repeat {
            self.shared.stats().cues_dropped += 1;
            return;
        }
        if !self.ensure_output() {
            self.shared.stats().cues_without_device += 1;
            return;
        }
        let (Some(output), Some(clip)) = (&self.output, self.clips.get(index)) else {
            return;
        };
        self.last_start[index] = Some(at);
        self.shared.active.fetch_add(1, Ordering::Relaxed);
        output
            .mixer()
            .add(CueSource::new(clip.clone(), Arc::clone(&self.shared), at));
        self.last_busy = now;
    }

    /// Opens the device if it is closed (and not in its retry pause). True if open.
    fn ensure_output(&mut self) -> bool {
        if self.output.is_some() {
            return true;
        }
        let now = Instant::now();
        if self.retry_after.is_some_and(|t| now < t) {
            return false;
        }
        match open_output(&self.shared, format_for(&self.clips)) {
            Ok(sink) => {
                self.output = Some(sink);
                self.retry_after = None;
                self.last_busy = now;
                self.shared.stream_open.store(true, Ordering::Relaxed);
                self.shared.set_health(None);
                self.shared.stats().streams_opened += 1;
                true
            }
            Err(reason) => {
                self.retry_after = Some(now + RETRY);
                self.shared.set_health(Some(&reason));
                self.shared.stats().open_failures += 1;
                false
            }
        }
    }

    /// While the device is open: close it if it failed, or after [`LINGER`] of silence.
    fn watch(&mut self) {
        if self.output.is_none() {
            return;
        }
        let now = Instant::now();
        if self.shared.device_lost.swap(false, Ordering::Relaxed) {
            self.close();
            self.shared.set_health(Some(DEVICE_LOST));
            self.retry_after = Some(now + RETRY);
            return;
        }
        if self.shared.active.load(Ordering::Relaxed) > 0 {
            self.last_busy = now;
        } else if now.saturating_duration_since(self.last_busy) >= LINGER {
            self.close();
        }
    }

    fn close(&mut self) {
        if let Some(sink) = self.output.take() {
            drop(sink);
            self.shared.stream_open.store(false, Ordering::Relaxed);
            self.shared.stats().streams_closed += 1;
            // Sounds still in the mixer were dropped with it.
            self.shared.active.store(0, Ordering::Relaxed);
        }
    }
}

impl Sound {
    /// Cues that must be heard even if they come late (the alarm, the ends).
    fn matters_when_late(self) -> bool {
        matches!(self, Sound::Alarm | Sound::StepEnd | Sound::SessionComplete)
    }
}

/// One cue's sound in the mixer: applies the live volume, records when the device first
/// pulled it, and counts itself out when done.
struct CueSource {
    clip: Clip,
    pos: usize,
    shared: Arc<Shared>,
    requested: Instant,
    started: bool,
    finished: bool,
}

impl CueSource {
    fn new(clip: Clip, shared: Arc<Shared>, requested: Instant) -> Self {
        CueSource {
            clip,
            pos: 0,
            shared,
            requested,
            started: false,
            finished: false,
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

impl Iterator for CueSource {
    type Item = f32;
    fn next(&mut self) -> Option<f32> {
        if !self.started {
            self.started = true;
            let latency = self.requested.elapsed();
            let mut stats = self.shared.stats();
            stats.cues_started += 1;
            stats.latencies.push(latency);
        }
        match self.clip.samples.get(self.pos) {
            Some(s) => {
                self.pos += 1;
                Some(s * self.shared.gain())
            }
            None => {
                self.finish(true);
                None
            }
        }
    }
}

impl Drop for CueSource {
    fn drop(&mut self) {
        self.finish(false);
    }
}

impl Source for CueSource {
    fn current_span_len(&self) -> Option<usize> {
        None
    }
    fn channels(&self) -> NonZero<u16> {
        NonZero::new(self.clip.channels).unwrap_or(NonZero::<u16>::MIN)
    }
    fn sample_rate(&self) -> NonZero<u32> {
        NonZero::new(self.clip.sample_rate).unwrap_or(NonZero::<u32>::MIN)
    }
    fn total_duration(&self) -> Option<Duration> {
        Some(self.clip.duration())
    }
    fn try_seek(&mut self, _: Duration) -> Result<(), SeekError> {
        Err(SeekError::NotSupported {
            underlying_source: "backease cue",
        })
    }
}

/// Silence that keeps the device from running ahead of the wall clock.
///
/// A real device takes samples at its own pace, at most a buffer (tens of milliseconds)
/// ahead of what it has played, so the pacer never waits there. A device that takes
/// samples as fast as they are made (ALSA's null device, a broken plugin) would otherwise
/// spin a core while the stream is open; the pacer sleeps in the device callback once the
/// device is more than [`PACER_AHEAD`] ahead of real time. Since it only sleeps while that
/// much is already queued, it can never starve a device that is really playing.
struct Pacer {
    channels: NonZero<u16>,
    rate: NonZero<u32>,
    samples_per_second: f64,
    started: Option<Instant>,
    pulled: u64,
    since_check: u32,
    /// `PACER_CHECK` in samples (all channels).
    check_every: u32,
    shared: Arc<Shared>,
}

/// How often the pacer looks at the clock, in the device's time: also the longest it
/// sleeps at once, so the most a new cue can wait behind a sleep on a paced device. One
/// period: a paced device then wakes as often as a real one does for its callbacks.
const PACER_CHECK: Duration = PERIOD;

impl Pacer {
    fn new(channels: NonZero<u16>, rate: NonZero<u32>, shared: Arc<Shared>) -> Self {
        let samples_per_second = f64::from(rate.get()) * f64::from(channels.get());
        Pacer {
            channels,
            rate,
            samples_per_second,
            started: None,
            pulled: 0,
            since_check: 0,
            check_every: (samples_per_second * PACER_CHECK.as_secs_f64()).max(64.0) as u32,
            shared,
        }
    }
}

impl Iterator for Pacer {
    type Item = f32;
    fn next(&mut self) -> Option<f32> {
        let started = *self.started.get_or_insert_with(Instant::now);
        self.pulled += 1;
        self.since_check += 1;
        if self.since_check >= self.check_every {
            self.shared
                .samples_pulled
                .fetch_add(u64::from(self.since_check), Ordering::Relaxed);
            self.since_check = 0;
            let due = Duration::from_secs_f64(self.pulled as f64 / self.samples_per_second);
            let limit = started.elapsed() + PACER_AHEAD;
            if due > limit {
                std::thread::sleep(due - limit);
            }
        }
        Some(0.0)
    }
}

impl Source for Pacer {
    fn current_span_len(&self) -> Option<usize> {
        None
    }
    fn channels(&self) -> NonZero<u16> {
        self.channels
    }
    fn sample_rate(&self) -> NonZero<u32> {
        self.rate
    }
    fn total_duration(&self) -> Option<Duration> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_device_format_is_what_the_clips_need_and_no_more() {
        let clip = |channels: u16, sample_rate: u32| Clip {
            channels,
            sample_rate,
            samples: Arc::from(vec![0.0f32; 4]),
        };
        assert_eq!(format_for(&[clip(1, 22_050), clip(1, 22_050)]), (1, 22_050));
        // A person's own stereo 44.1 kHz sound raises both.
        assert_eq!(format_for(&[clip(1, 22_050), clip(2, 44_100)]), (2, 44_100));
        assert_eq!(format_for(&[clip(2, 8_000), clip(1, 48_000)]), (2, 48_000));
        assert_eq!(format_for(&[]), (1, 22_050));
        assert_eq!(format_for(&[clip(0, 22_050)]), (1, 22_050));
    }

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

    fn shared() -> Arc<Shared> {
        Arc::new(Shared {
            health: Mutex::new(None),
            gain_bits: AtomicU32::new(0.5f32.to_bits()),
            active: AtomicUsize::new(1),
            device_lost: AtomicBool::new(false),
            stream_open: AtomicBool::new(false),
            samples_pulled: AtomicU64::new(0),
            stats: Mutex::new(Stats::default()),
        })
    }

    #[test]
    fn cue_source_applies_live_volume_and_counts_itself_out() {
        let shared = shared();
        let clip = Clip {
            channels: 1,
            sample_rate: 22_050,
            samples: vec![1.0, 1.0, 1.0].into(),
        };
        let mut cue = CueSource::new(clip, Arc::clone(&shared), Instant::now());
        assert_eq!(cue.next(), Some(0.5));
        shared.gain_bits.store(0.0f32.to_bits(), Ordering::Relaxed);
        assert_eq!(cue.next(), Some(0.0));
        assert_eq!(shared.active.load(Ordering::Relaxed), 1);
        assert_eq!(cue.next(), Some(0.0));
        assert_eq!(cue.next(), None);
        assert_eq!(shared.active.load(Ordering::Relaxed), 0);
        drop(cue);
        assert_eq!(shared.active.load(Ordering::Relaxed), 0, "counted out once");
        let stats = shared.stats();
        assert_eq!((stats.cues_started, stats.cues_finished), (1, 1));
        assert_eq!(stats.latencies.len(), 1);
    }

    #[test]
    fn pacer_holds_a_greedy_device_to_real_time() {
        let shared = shared();
        let mut pacer = Pacer::new(
            NonZero::new(2).expect("2"),
            NonZero::new(8_000).expect("8000"),
            shared,
        );
        // 0.6 s of audio taken as fast as possible: the first PACER_AHEAD comes at once,
        // the rest at the wall clock's pace.
        let t0 = Instant::now();
        for _ in 0..(2 * 8_000 * 6 / 10) {
            pacer.next();
        }
        let took = t0.elapsed();
        assert!(took >= Duration::from_millis(250), "took {took:?}");
        assert!(took < Duration::from_secs(5), "took {took:?}");
    }
}
