//! The real player: a dedicated audio thread feeding the output device. `play` only sends
//! on a channel; the thread finds the device once (its format, and the clips converted to
//! it), opens a stream on the first cue, hands each cue to the stream's callback, and
//! closes the stream after [`LINGER`] of silence so nothing runs between cues. Device
//! trouble (none at start, lost mid-session) turns into `AudioStatus::Off(reason)`, never
//! a panic or a line on the terminal. Touches the audio device and nothing else.
//!
//! rodio decodes the sounds (see `sounds`) and converts them to the device's format here;
//! the stream is cpal's (re-exported by rodio) with a callback of our own, which mixes the
//! cues a buffer at a time. rodio's own stream pulls every sample through its dynamic
//! mixer (a channel check and a chain of converters per sample): that was most of what
//! sound cost while the device was open.

use std::num::NonZero;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rodio::buffer::SamplesBuffer;
use rodio::cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use rodio::cpal::{self, BufferSize, FromSample, SizedSample};
use rodio::source::UniformSourceIterator;

use super::sounds::Clip;
use super::{AudioStatus, Player, Sound};

/// How long the device stays open after the last sound ends. Cues come in bursts a
/// second apart (3-2-1 then the step end), with 0.75 s or more of silence between the
/// end of one sound and the next: the device stays open through a burst and closes soon
/// after it, since the callback runs every period while it is open.
pub const LINGER: Duration = Duration::from_secs(1);
/// A cue that waited longer than this (the thread was busy opening a device) is dropped:
/// a late "3" is worse than none. The cues that matter whenever they come are kept.
pub const STALE: Duration = Duration::from_millis(500);
/// After the device fails, try it again on a cue no sooner than this.
pub const RETRY: Duration = Duration::from_secs(10);
/// The device period we ask for: the callback runs this often while the device is open,
/// and a cue is heard at most about three periods after `play()` (the wait for the next
/// callback, then the two periods the device buffers; a cue that opens the device starts
/// at once). 40 ms keeps that near 100 ms at worst, under what a person notices between
/// a digit changing and its beep, and costs half the wake-ups of 20 ms: each one is about
/// 50 µs of CPU here, most of what sound costs while the device is open.
pub const PERIOD: Duration = Duration::from_millis(40);
/// The pacer lets the device run at most this far ahead of the wall clock (see [`Pace`]).
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
        }
    }
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
    Play {
        sound: Sound,
        at: Instant,
    },
    /// The device reported a fatal error: from the stream of that number, or `None` for
    /// whichever is open (the probe's simulation).
    Lost(Option<u32>),
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
/// Why: the callback does work for every sample while the device is open (a few
/// seconds around each cue). At the clips' own 22,050 Hz mono that is a quarter of the
/// samples of 48 kHz stereo, and the clips need no conversion.
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

/// `clip`'s samples in `channels` × `rate` (the same samples if it already is), cut to
/// whole frames. rodio does the channel mapping and resampling, once per device.
fn convert(clip: &Clip, channels: u16, rate: u32) -> Arc<[f32]> {
    if clip.channels == channels && clip.sample_rate == rate {
        return Arc::clone(&clip.samples);
    }
    let (Some(from_channels), Some(from_rate), Some(to_channels), Some(to_rate)) = (
        NonZero::new(clip.channels),
        NonZero::new(clip.sample_rate),
        NonZero::new(channels),
        NonZero::new(rate),
    ) else {
        return Arc::from([]);
    };
    let source = SamplesBuffer::new(from_channels, from_rate, clip.samples.to_vec());
    let mut samples: Vec<f32> = UniformSourceIterator::new(source, to_channels, to_rate).collect();
    samples.truncate(samples.len() - samples.len() % usize::from(channels));
    samples.into()
}

/// The device and how to feed it: found once, kept while it works.
struct Target {
    device: cpal::Device,
    config: cpal::SupportedStreamConfig,
    /// The clips in the device's format, in [`Sound::ALL`] order.
    clips: Vec<Arc<[f32]>>,
}

impl Target {
    /// The default output device, in the clips' own format if it takes it (else its
    /// default), with the clips converted to that format.
    fn find(clips: &[Clip]) -> Result<Target, String> {
        let device = cpal::default_host()
            .default_output_device()
            .ok_or_else(|| NO_DEVICE.to_owned())?;
        let config = match exact_config(&device, format_for(clips)) {
            Some(config) => config,
            None => device
                .default_output_config()
                .map_err(|_| NO_DEVICE.to_owned())?,
        };
        let clips = clips
            .iter()
            .map(|c| convert(c, config.channels(), config.sample_rate()))
            .collect();
        Ok(Target {
            device,
            config,
            clips,
        })
    }

    /// How long `samples` of this device's format last.
    fn length(&self, samples: usize) -> Duration {
        let per_second = f64::from(self.config.sample_rate()) * f64::from(self.config.channels());
        Duration::from_secs_f64(samples as f64 / per_second.max(1.0))
    }

    /// Opens a stream with a short period (the device's default if it refuses one) whose
    /// callback plays what is sent on the returned channel. `lost` hears of fatal errors,
    /// tagged with `number`.
    fn open(
        &self,
        shared: &Arc<Shared>,
        lost: &Sender<Command>,
        number: u32,
    ) -> Result<Stream, String> {
        let rate = self.config.sample_rate();
        let period = ((f64::from(rate) * PERIOD.as_secs_f64()) as u32 & !1).max(64);
        let mut last_error = NO_DEVICE.to_owned();
        for buffer_size in [BufferSize::Fixed(period), BufferSize::Default] {
            let stream_config = cpal::StreamConfig {
                channels: self.config.channels(),
                sample_rate: rate,
                buffer_size,
            };
            let (voices, incoming) = mpsc::channel();
            let mix = Mix::new(incoming, Arc::clone(shared), &stream_config);
            match self.build(stream_config, mix, on_error(shared, lost, number)) {
                Ok(stream) if stream.play().is_ok() => {
                    return Ok(Stream {
                        _stream: stream,
                        voices,
                        number,
                    });
                }
                Ok(_) => last_error = NO_DEVICE.to_owned(),
                Err(e) => last_error = e,
            }
        }
        Err(last_error)
    }

    /// The stream for the device's sample format, with `mix` as its callback.
    fn build(
        &self,
        config: cpal::StreamConfig,
        mix: Mix,
        on_error: impl FnMut(cpal::Error) + Send + 'static,
    ) -> Result<cpal::Stream, String> {
        macro_rules! build {
            ($($format:ident => $sample:ty),* $(,)?) => {
                match self.config.sample_format() {
                    $(cpal::SampleFormat::$format => {
                        let mut mix = mix;
                        self.device.build_output_stream::<$sample, _, _>(
                            config,
                            move |out: &mut [$sample], _: &cpal::OutputCallbackInfo| mix.fill(out),
                            on_error,
                            None,
                        )
                    })*
                    other => return Err(format!("{NO_DEVICE} (sample format {other})")),
                }
            };
        }
        let stream = build!(
            F32 => f32, F64 => f64, I8 => i8, I16 => i16, I24 => cpal::I24, I32 => i32,
            I64 => i64, U8 => u8, U16 => u16, U24 => cpal::U24, U32 => u32, U64 => u64,
        );
        stream.map_err(|_| NO_DEVICE.to_owned())
    }
}

/// The device's error callback: counts every error; a fatal one tells the audio thread.
fn on_error(
    shared: &Arc<Shared>,
    lost: &Sender<Command>,
    number: u32,
) -> impl FnMut(cpal::Error) + Send + 'static {
    let shared = Arc::clone(shared);
    let lost = lost.clone();
    move |err: cpal::Error| {
        shared.stats().device_errors += 1;
        match err.kind() {
            cpal::ErrorKind::Xrun | cpal::ErrorKind::DeviceChanged => {}
            _ => {
                let _ = lost.send(Command::Lost(Some(number)));
            }
        }
    }
}

/// An open stream: dropping it stops the device.
struct Stream {
    _stream: cpal::Stream,
    /// Cues for the callback.
    voices: Sender<Voice>,
    /// Which opening this is, to match the device's error reports.
    number: u32,
}

/// The audio thread's state.
struct AudioThread {
    shared: Arc<Shared>,
    clips: Vec<Clip>,
    /// For the device's error callbacks.
    lost: Sender<Command>,
    target: Option<Target>,
    output: Option<Stream>,
    opened: u32,
    /// When to close the open device: [`LINGER`] after the last sound ends.
    close_at: Instant,
    /// No device: don't try again before this.
    retry_after: Option<Instant>,
    /// When each sound last started, to drop exact repeats that coincide.
    last_start: [Option<Instant>; 8],
}

impl AudioThread {
    fn new(shared: Arc<Shared>, clips: Vec<Clip>, lost: Sender<Command>) -> Self {
        AudioThread {
            shared,
            clips,
            lost,
            target: None,
            output: None,
            opened: 0,
            close_at: Instant::now(),
            retry_after: None,
            last_start: [None; 8],
        }
    }

    /// The first look at the device, without opening a stream: sets the health.
    fn probe(&mut self) {
        match Target::find(&self.clips) {
            Ok(target) => {
                self.target = Some(target);
                self.shared.set_health(None);
            }
            Err(reason) => {
                self.retry_after = Some(Instant::now() + RETRY);
                self.shared.set_health(Some(&reason));
            }
        }
    }

    fn run(mut self, rx: &Receiver<Command>) {
        loop {
            // Nothing happens on this thread between messages but closing the device
            // when its linger is over.
            let msg = match &self.output {
                Some(_) => rx.recv_timeout(self.close_at.saturating_duration_since(Instant::now())),
                None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match msg {
                Ok(Command::Play { sound, at }) => self.play(sound, at),
                Ok(Command::Lost(number)) => self.lost(number),
                Ok(Command::Quit) | Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => self.linger_over(),
            }
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
        let (Some(output), Some(target)) = (&self.output, &self.target) else {
            return;
        };
        let Some(samples) = target.clips.get(index) else {
            return;
        };
        self.last_start[index] = Some(at);
        self.shared.active.fetch_add(1, Ordering::Relaxed);
        let length = target.length(samples.len());
        let voice = Voice::new(Arc::clone(samples), Arc::clone(&self.shared), at);
        // If the callback is gone, the voice comes back in the error and counts itself
        // out when dropped.
        let _ = output.voices.send(voice);
        self.close_at = self.close_at.max(now + length + PERIOD + LINGER);
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
        let target = match self.target.take() {
            Some(target) => Ok(target),
            None => Target::find(&self.clips),
        };
        let opened = target.and_then(|target| {
            let stream = target.open(&self.shared, &self.lost, self.opened + 1)?;
            Ok((target, stream))
        });
        match opened {
            Ok((target, stream)) => {
                self.target = Some(target);
                self.output = Some(stream);
                self.opened += 1;
                self.retry_after = None;
                self.close_at = now + LINGER;
                self.shared.stream_open.store(true, Ordering::Relaxed);
                self.shared.set_health(None);
                self.shared.stats().streams_opened += 1;
                true
            }
            Err(reason) => {
                // Found again on the next try: the device may have changed meanwhile.
                self.retry_after = Some(now + RETRY);
                self.shared.set_health(Some(&reason));
                self.shared.stats().open_failures += 1;
                false
            }
        }
    }

    /// The device reported a fatal error (or the probe says it did).
    fn lost(&mut self, number: Option<u32>) {
        let this_one = match (&self.output, number) {
            (Some(stream), Some(n)) => stream.number == n,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if this_one {
            self.close();
            self.target = None;
            self.shared.set_health(Some(DEVICE_LOST));
            self.retry_after = Some(Instant::now() + RETRY);
        }
    }

    /// The linger may be over: close the device, unless a cue is still sounding.
    fn linger_over(&mut self) {
        let now = Instant::now();
        if now < self.close_at {
            return;
        }
        if self.shared.active.load(Ordering::Relaxed) > 0 {
            self.close_at = now + RECHECK;
            return;
        }
        self.close();
    }

    fn close(&mut self) {
        if let Some(stream) = self.output.take() {
            drop(stream);
            self.shared.stream_open.store(false, Ordering::Relaxed);
            self.shared.stats().streams_closed += 1;
            // Cues still in the callback were dropped with it.
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

/// The device callback's state: the cues sounding now, and the pacer.
struct Mix {
    incoming: Receiver<Voice>,
    voices: Vec<Voice>,
    /// The mix in f32, converted to the device's sample type at the end.
    scratch: Vec<f32>,
    shared: Arc<Shared>,
    pace: Pace,
}

impl Mix {
    fn new(incoming: Receiver<Voice>, shared: Arc<Shared>, config: &cpal::StreamConfig) -> Self {
        let per_second = f64::from(config.sample_rate) * f64::from(config.channels);
        Mix {
            incoming,
            voices: Vec::with_capacity(8),
            scratch: Vec::new(),
            shared,
            pace: Pace::new(per_second),
        }
    }

    /// The device wants `out` filled: the cues mixed at the live volume, or silence.
    fn fill<T: SizedSample + FromSample<f32>>(&mut self, out: &mut [T]) {
        self.voices.extend(self.incoming.try_iter());
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
struct Voice {
    samples: Arc<[f32]>,
    pos: usize,
    shared: Arc<Shared>,
    requested: Instant,
    started: bool,
    finished: bool,
}

impl Voice {
    fn new(samples: Arc<[f32]>, shared: Arc<Shared>, requested: Instant) -> Self {
        Voice {
            samples,
            pos: 0,
            shared,
            requested,
            started: false,
            finished: false,
        }
    }

    /// Adds the next `buf.len()` samples (or the rest) times `gain` into `buf`.
    fn mix_into(&mut self, buf: &mut [f32], gain: f32) {
        if !self.started {
            self.started = true;
            let latency = self.requested.elapsed();
            let mut stats = self.shared.stats();
            stats.cues_started += 1;
            stats.latencies.push(latency);
        }
        let rest = self.samples.get(self.pos..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        for (b, s) in buf.iter_mut().zip(&rest[..n]) {
            *b += s * gain;
        }
        self.pos += n;
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
    use super::*;

    fn clip(channels: u16, sample_rate: u32, samples: Vec<f32>) -> Clip {
        Clip {
            channels,
            sample_rate,
            samples: Arc::from(samples),
        }
    }

    #[test]
    fn the_device_format_is_what_the_clips_need_and_no_more() {
        let clip = |channels, rate| clip(channels, rate, vec![0.0; 4]);
        assert_eq!(format_for(&[clip(1, 22_050), clip(1, 22_050)]), (1, 22_050));
        // A person's own stereo 44.1 kHz sound raises both.
        assert_eq!(format_for(&[clip(1, 22_050), clip(2, 44_100)]), (2, 44_100));
        assert_eq!(format_for(&[clip(2, 8_000), clip(1, 48_000)]), (2, 48_000));
        assert_eq!(format_for(&[]), (1, 22_050));
        assert_eq!(format_for(&[clip(0, 22_050)]), (1, 22_050));
    }

    #[test]
    fn clips_already_in_the_device_format_are_shared_and_others_converted() {
        let mono = clip(
            1,
            22_050,
            (0..2_205).map(|i| (i as f32 / 100.0).sin()).collect(),
        );
        let same = convert(&mono, 1, 22_050);
        assert!(Arc::ptr_eq(&same, &mono.samples), "no copy");

        // 0.1 s of mono at 22,050 Hz is 0.1 s of stereo at 44,100 Hz: 4 times the samples,
        // in whole frames, both channels alike.
        let stereo = convert(&mono, 2, 44_100);
        assert_eq!(stereo.len() % 2, 0);
        assert!(
            stereo.len().abs_diff(4 * 2_205) <= 8,
            "{} samples",
            stereo.len()
        );
        assert!(stereo.chunks(2).all(|f| f[0] == f[1]));
        let peak = stereo.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!(peak > 0.9 && peak <= 1.01, "peak {peak}");

        let odd = convert(&clip(2, 8_000, vec![0.5; 7]), 2, 8_000);
        assert_eq!(odd.len(), 7, "same format: untouched");
        assert!(convert(&clip(0, 8_000, vec![0.5; 4]), 1, 8_000).is_empty());
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

    fn shared(gain: f32) -> Arc<Shared> {
        Arc::new(Shared::new(gain))
    }

    fn voice(samples: Vec<f32>, shared: &Arc<Shared>) -> Voice {
        shared.active.fetch_add(1, Ordering::Relaxed);
        Voice::new(Arc::from(samples), Arc::clone(shared), Instant::now())
    }

    #[test]
    fn a_voice_applies_the_live_volume_and_counts_itself_out_once() {
        let shared = shared(0.5);
        let mut v = voice(vec![1.0; 5], &shared);
        let mut buf = [0.25f32; 3];
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
        mix.fill(&mut out);
        assert_eq!(out, [0.0; 4], "silence with no cue");

        tx.send(voice(vec![0.5; 6], &shared)).expect("send");
        tx.send(voice(vec![1.0; 2], &shared)).expect("send");
        mix.fill(&mut out);
        assert_eq!(out, [0.75, 0.75, 0.25, 0.25]);
        assert_eq!(
            shared.active.load(Ordering::Relaxed),
            1,
            "the short one is done"
        );
        mix.fill(&mut out);
        assert_eq!(out, [0.25, 0.25, 0.0, 0.0]);
        assert_eq!(shared.active.load(Ordering::Relaxed), 0);
        assert!(mix.voices.is_empty());
        assert_eq!(shared.stats().cues_finished, 2);
        assert_eq!(shared.samples_pulled.load(Ordering::Relaxed), 12);
    }

    #[test]
    fn the_callback_speaks_the_devices_sample_type() {
        let shared = shared(1.0);
        let (tx, mut mix) = mix(&shared);
        tx.send(voice(vec![0.5, -0.5, 1.0], &shared)).expect("send");
        let mut out = [0i16; 4];
        mix.fill(&mut out);
        assert_eq!(out, [16_384, -16_384, i16::MAX, 0]);

        let mut out = [0u8; 2];
        mix.fill(&mut out);
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
