//! The thread protocol: the messages sent to the audio thread (a cue from the handle, a
//! fatal error from the device's error callback, quit), and the thread's state machine
//! that answers them: open the device on a cue (not during the pause after a failure),
//! drop a cue that came too late or twice, close the device after the linger, note a
//! lost device. All waiting happens here, never in `play()`.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use super::device::{Stream, Target};
use super::mixer::Voice;
use super::{DEVICE_LOST, LATE, LINGER, NO_DEVICE, PERIOD, RECHECK, RETRY, STALE, Shared};
use crate::audio::sounds::Playable;
use crate::cue::Sound;

/// What the audio thread is told.
pub(super) enum Command {
    Play {
        sound: Sound,
        at: Instant,
    },
    /// The device reported a fatal error: from the stream of that number, or `None` for
    /// whichever is open (the probe's simulation).
    Lost(Option<u32>),
    /// Answered as soon as it is read: every cue sent before it has been handed to the
    /// stream (or dropped) by then (`RodioPlayer::finish`).
    Finish(Sender<()>),
    Quit,
}

/// The audio thread's state.
pub(super) struct AudioThread {
    shared: Arc<Shared>,
    clips: [Playable; Sound::COUNT],
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
    last_start: [Option<Instant>; Sound::COUNT],
}

impl AudioThread {
    pub(super) fn new(
        shared: Arc<Shared>,
        clips: [Playable; Sound::COUNT],
        lost: Sender<Command>,
    ) -> Self {
        AudioThread {
            shared,
            clips,
            lost,
            target: None,
            output: None,
            opened: 0,
            close_at: Instant::now(),
            retry_after: None,
            last_start: [None; Sound::COUNT],
        }
    }

    /// The first look at the device: sets the health, and opens the stream so that a
    /// sound server's slow start is over before the first cue (see [`LINGER`]).
    pub(super) fn probe(&mut self) {
        match Target::find(&self.clips) {
            Ok(target) => {
                self.target = Some(target);
                self.shared.set_health(None);
                self.ensure_output();
            }
            Err(reason) => {
                self.retry_after = Some(Instant::now() + RETRY);
                self.shared.set_health(Some(&reason));
            }
        }
    }

    pub(super) fn run(mut self, rx: &Receiver<Command>) {
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
                Ok(Command::Finish(reply)) => {
                    let _ = reply.send(());
                }
                Ok(Command::Quit) | Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => self.linger_over(),
            }
        }
        self.close();
    }

    fn play(&mut self, sound: Sound, at: Instant) {
        let now = Instant::now();
        let index = sound.index();
        let late = now.saturating_duration_since(at) > STALE && !sound.plays_when_late();
        let repeat = self.last_start[index]
            .is_some_and(|t| at.saturating_duration_since(t) < Duration::from_millis(30));
        if late || repeat {
            self.shared.stats().cues_dropped += 1;
            if late {
                self.shared.missed(sound, LATE);
            }
            return;
        }
        if !self.ensure_output() {
            self.shared.stats().cues_without_device += 1;
            let reason = self
                .shared
                .health
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone();
            self.shared
                .missed(sound, reason.as_deref().unwrap_or(NO_DEVICE));
            return;
        }
        let (Some(output), Some(target)) = (&self.output, &self.target) else {
            return;
        };
        let samples = &target.clips[index];
        self.last_start[index] = Some(at);
        self.shared.active.fetch_add(1, Ordering::Relaxed);
        let length = target.length(samples.len());
        let voice = Voice::new(samples.clone(), Arc::clone(&self.shared), at).of(sound);
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
