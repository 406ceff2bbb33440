//! The speech thread: one engine process at a time, started when the chime it belongs to
//! has sounded, never more than one phrase waiting.
//!
//! The loop hands a phrase over a channel and goes on at once. The thread holds at most
//! one phrase *waiting* (for its chime, or for the one being spoken) and at most one
//! *being spoken* (a child process):
//! - a new phrase always replaces the one waiting: after a suspend or a burst of skips the
//!   person hears the newest, never a backlog;
//! - a new phrase **cuts** the one being spoken (the child is killed) when it is at least
//!   as urgent: a step start cuts the last step's intro (it is about a step already left),
//!   "Time's up" cuts anything. A less urgent one ("Halfway" while "Time's up" is being
//!   said) waits for it to finish;
//! - a phrase that could not start within [`STALE`] of its moment is dropped;
//! - a child that has not finished after [`Limits::give_up`] is killed (speech-dispatcher
//!   with no audio device keeps `spd-say -w` waiting for ever).
//!
//! speech-dispatcher speaks in its own server, so killing `spd-say` stops our waiting but
//! not the server's speech; the next phrase then replaces it there, by speech-dispatcher's
//! own rule for messages of its default priority (`text`). The thread only polls (every
//! 50 ms) while a child is running; otherwise it sleeps until the next phrase is due or a
//! message comes. Each child's output goes to the null device: nothing reaches the screen.

use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Engine, Phrase, Speaker, VoiceStatus};

/// A phrase not started this long after its moment is dropped (it would be about the past).
pub const STALE: Duration = Duration::from_secs(5);
/// How often a running child is checked for its end.
const POLL: Duration = Duration::from_millis(50);

/// How long a child may speak: a base plus a time per character (espeak-ng says about 15
/// characters a second at its default rate).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub base: Duration,
    pub per_char: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            base: Duration::from_secs(3),
            per_char: Duration::from_millis(120),
        }
    }
}

impl Limits {
    fn give_up(&self, text: &str) -> Duration {
        self.base + self.per_char * text.chars().count().min(10_000) as u32
    }
}

enum Msg {
    Say {
        phrase: Phrase,
        due: Instant,
        volume: u8,
    },
    /// Muted: cut what is being said and forget what waits.
    Hush,
}

/// The real speaker: an [`Engine`] run by a thread of its own (started by the first
/// phrase). Dropping it stops the thread and any phrase being spoken.
pub struct CommandSpeaker {
    engine: Engine,
    limits: Limits,
    volume: u8,
    muted: bool,
    status: Arc<Mutex<VoiceStatus>>,
    worker: Option<(Sender<Msg>, JoinHandle<()>)>,
}

impl CommandSpeaker {
    pub fn new(engine: Engine, volume: u8, muted: bool) -> CommandSpeaker {
        CommandSpeaker::with_limits(engine, volume, muted, Limits::default())
    }

    pub fn with_limits(engine: Engine, volume: u8, muted: bool, limits: Limits) -> Self {
        CommandSpeaker {
            status: Arc::new(Mutex::new(VoiceStatus::On(engine.name()))),
            engine,
            limits,
            volume: volume.min(100),
            muted,
            worker: None,
        }
    }

    fn send(&mut self, msg: Msg) {
        if self.worker.is_none() {
            let (tx, rx) = mpsc::channel();
            let (engine, limits, status) =
                (self.engine.clone(), self.limits, Arc::clone(&self.status));
            let spawned = std::thread::Builder::new()
                .name("speech".into())
                .spawn(move || run(&engine, limits, &rx, &status));
            match spawned {
                Ok(handle) => self.worker = Some((tx, handle)),
                Err(e) => {
                    set(
                        &self.status,
                        VoiceStatus::Unavailable(format!("speech: {e}")),
                    );
                    return;
                }
            }
        }
        if let Some((tx, _)) = &self.worker {
            // A send fails only when the thread is gone (it stopped on a spawn error and
            // set the status): nothing more to say.
            let _ = tx.send(msg);
        }
    }
}

impl Speaker for CommandSpeaker {
    fn say(&mut self, phrase: Phrase, after: Duration) {
        if self.muted || !matches!(self.status(), VoiceStatus::On(_)) {
            return;
        }
        let due = Instant::now() + after;
        let volume = self.volume;
        self.send(Msg::Say {
            phrase,
            due,
            volume,
        });
    }
    fn set_volume(&mut self, volume: u8) {
        self.volume = volume.min(100);
    }
    fn set_muted(&mut self, muted: bool) {
        self.muted = muted;
        if muted && self.worker.is_some() {
            self.send(Msg::Hush);
        }
    }
    fn status(&self) -> VoiceStatus {
        self.status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for CommandSpeaker {
    fn drop(&mut self) {
        if let Some((tx, handle)) = self.worker.take() {
            drop(tx);
            // The thread sees the channel close at its next wake (at most `POLL` while a
            // child runs, at once otherwise), kills its child and returns.
            let _ = handle.join();
        }
    }
}

fn set(status: &Mutex<VoiceStatus>, value: VoiceStatus) {
    *status.lock().unwrap_or_else(PoisonError::into_inner) = value;
}

struct Waiting {
    phrase: Phrase,
    due: Instant,
    volume: u8,
}

struct Speaking {
    child: Child,
    urgency: super::Urgency,
    give_up: Instant,
}

/// Stops the child being spoken, if any (killed and reaped: no zombie is left).
fn cut(speaking: &mut Option<Speaking>) {
    if let Some(mut s) = speaking.take() {
        let _ = s.child.kill();
        let _ = s.child.wait();
    }
}

/// Why a child that has finished spoke nothing, if it did not: it failed, or it said on
/// stderr that it could not reach a sound device (espeak-ng prints ALSA's "cannot find
/// card '0'" and "error: No such file or directory" and still exits 0).
fn failure(engine: &Engine, child: &mut Child) -> Option<String> {
    use std::io::Read as _;
    let mut said = String::new();
    if let Some(mut err) = child.stderr.take() {
        // The child has exited: what it wrote is all in the pipe.
        let _ = err.by_ref().take(16 * 1024).read_to_string(&mut said);
    }
    let code = child.try_wait().ok().flatten();
    failure_from(&engine.name(), code.map(|c| c.success()), &said)
}

/// [`failure`] from what is known: the engine's name, whether it exited well, its stderr.
fn failure_from(name: &str, succeeded: Option<bool>, stderr: &str) -> Option<String> {
    let lower = stderr.to_lowercase();
    let no_device = [
        "cannot find card",
        "unknown pcm",
        "connection refused",
        "no such device",
    ]
    .iter()
    .any(|s| lower.contains(s));
    if no_device {
        return Some(format!("{name} cannot reach a sound device"));
    }
    if succeeded == Some(false) || lower.lines().any(|l| l.trim_start().starts_with("error")) {
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("failed");
        let last: String = last.trim().chars().take(60).collect();
        return Some(format!("{name} failed: {last}"));
    }
    None
}

fn run(engine: &Engine, limits: Limits, rx: &Receiver<Msg>, status: &Mutex<VoiceStatus>) {
    let mut waiting: Option<Waiting> = None;
    let mut speaking: Option<Speaking> = None;
    loop {
        let now = Instant::now();
        if let Some(s) = speaking.as_mut() {
            let over = !matches!(s.child.try_wait(), Ok(None));
            if over && let Some(reason) = failure(engine, &mut s.child) {
                // Nothing was heard, and nothing will be: the footer says so.
                cut(&mut speaking);
                set(status, VoiceStatus::Unavailable(reason));
                return;
            }
            if over || now >= s.give_up {
                cut(&mut speaking);
            }
        }
        if speaking.is_none()
            && let Some(w) = waiting.take_if(|w| w.due <= now)
            && now.saturating_duration_since(w.due) <= STALE
        {
            let (program, args) = engine.argv(&w.phrase.text, w.volume);
            let child = Command::new(program)
                .args(args)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn();
            match child {
                Ok(child) => {
                    speaking = Some(Speaking {
                        child,
                        urgency: w.phrase.urgency,
                        give_up: now + limits.give_up(&w.phrase.text),
                    });
                }
                Err(e) => {
                    set(
                        status,
                        VoiceStatus::Unavailable(format!("{} could not start: {e}", engine.name())),
                    );
                    return;
                }
            }
        }
        let wait = match (&speaking, &waiting) {
            (Some(s), _) => Some(POLL.min(s.give_up.saturating_duration_since(now))),
            (None, Some(w)) => Some(w.due.saturating_duration_since(now)),
            (None, None) => None,
        };
        let first = match wait {
            Some(wait) => rx.recv_timeout(wait),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        // Everything that has come, before acting: a burst leaves only its newest phrase.
        let mut next = Some(first);
        while let Some(msg) = next.take() {
            match msg {
                Ok(Msg::Say {
                    phrase,
                    due,
                    volume,
                }) => {
                    if speaking
                        .as_ref()
                        .is_some_and(|s| phrase.urgency >= s.urgency)
                    {
                        cut(&mut speaking);
                    }
                    waiting = Some(Waiting {
                        phrase,
                        due,
                        volume,
                    });
                }
                Ok(Msg::Hush) => {
                    cut(&mut speaking);
                    waiting = None;
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    cut(&mut speaking);
                    return;
                }
            }
            next = match rx.try_recv() {
                Ok(msg) => Some(Ok(msg)),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => Some(Err(RecvTimeoutError::Disconnected)),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::failure_from;

    #[test]
    fn an_engine_that_reached_no_sound_device_is_told_apart_from_one_that_spoke() {
        // What espeak-ng prints with no sound card, exiting 0 all the same.
        let alsa = "ALSA lib confmisc.c:855:(parse_card) cannot find card '0'\n\
                    ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default\n\
                    error: No such file or directory\n";
        assert_eq!(
            failure_from("espeak-ng", Some(true), alsa).as_deref(),
            Some("espeak-ng cannot reach a sound device")
        );
        assert_eq!(
            failure_from("my-tts", Some(false), "oops\nbad voice name\n").as_deref(),
            Some("my-tts failed: bad voice name")
        );
        assert_eq!(failure_from("espeak-ng", Some(true), ""), None);
        assert_eq!(failure_from("spd-say", None, ""), None);
    }
}
