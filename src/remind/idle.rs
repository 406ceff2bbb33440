//! Whether the person is away from the desk, for natural breaks: a small trait
//! ([`IdleSource`]) with systemd-logind's session hints over the system D-Bus
//! ([`logind::Logind`]: `IdleHint`/`IdleSinceHint`, `LockedHint`) and a source that knows
//! nothing ([`NoIdle`], with the reason the view shows once). A shell: it talks to the
//! system.
//!
//! The bus is asked off the reminder's thread, with a deadline ([`OffThread`]): a bus or
//! a logind that accepts and never answers (or answers a while, then goes silent) costs
//! the loop at most [`ANSWER_WITHIN`] once, then the source is dropped with one line
//! ([`STOPPED`]) and breaks come on time without it.

pub mod logind;

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use jiff::Timestamp;

use super::schedule::Away;

/// The person is away: since when, and how the machine knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AwayNow {
    pub since: Timestamp,
    pub why: Away,
}

/// Somewhere to ask whether the person is away.
pub trait IdleSource {
    /// `Ok(None)` when the person is at the desk; `Err` with a short note when the source
    /// stopped answering. `now` stands in for a start time the source does not know (a
    /// lock without a "since").
    fn away(&mut self, now: Timestamp) -> Result<Option<AwayNow>, String>;
}

/// No idle source: only sleep and routines count as breaks.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoIdle;

impl IdleSource for NoIdle {
    fn away(&mut self, _now: Timestamp) -> Result<Option<AwayNow>, String> {
        Ok(None)
    }
}

/// How long one reading (the connection first, for the first one) may take before the
/// source counts as stopped. A local bus answers in well under a millisecond.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(2);

/// What the reminder says once when its idle source stops answering.
pub const STOPPED: &str = "idle source stopped answering; breaks still come on time";

/// The best source here: logind when it answers for this session, else the note to show
/// once. Returns at once: the bus is reached on a thread of its own ([`OffThread`]), and
/// a bus that cannot be used shows as the first reading's `Err` (the note).
pub fn open() -> (Box<dyn IdleSource>, Option<String>) {
    let source = OffThread::spawn(
        || logind::Logind::system().map(|l| Box::new(l) as Box<dyn IdleSource + Send>),
        ANSWER_WITHIN,
    );
    match source {
        Ok(source) => (Box::new(source), None),
        Err(why) => (Box::new(NoIdle), Some(no_source(&why))),
    }
}

/// The note for a source that could not be opened.
pub fn no_source(why: &str) -> String {
    format!(
        "no idle source ({why}): time away from the keyboard is not noticed; \
         sleep and routines count as breaks"
    )
}

/// An idle source asked on a thread of its own: each [`away`](IdleSource::away) waits at
/// most `within` for the answer, else says [`STOPPED`] (the caller drops the source; the
/// thread, perhaps stuck in a call that never returns, is left behind and holds nothing
/// the reminder needs).
pub struct OffThread {
    ask: Sender<Timestamp>,
    answers: Receiver<Result<Option<AwayNow>, String>>,
    within: Duration,
}

impl OffThread {
    /// Starts the thread, which opens the source (`open`: it may block) and then answers
    /// each question in turn. A source that cannot be opened answers the first question
    /// with the note from [`no_source`]. `Err` only when no thread can be started.
    pub fn spawn<F>(open: F, within: Duration) -> Result<OffThread, String>
    where
        F: FnOnce() -> Result<Box<dyn IdleSource + Send>, String> + Send + 'static,
    {
        let (ask, questions) = mpsc::channel::<Timestamp>();
        let (answer, answers) = mpsc::channel();
        std::thread::Builder::new()
            .name("idle source".into())
            .spawn(move || {
                let mut source = open();
                for now in questions {
                    let reading = match &mut source {
                        Ok(source) => source.away(now),
                        Err(why) => Err(no_source(why)),
                    };
                    if answer.send(reading).is_err() {
                        break;
                    }
                }
            })
            .map_err(|e| format!("cannot start a thread: {e}"))?;
        Ok(OffThread {
            ask,
            answers,
            within,
        })
    }
}

impl IdleSource for OffThread {
    fn away(&mut self, now: Timestamp) -> Result<Option<AwayNow>, String> {
        if self.ask.send(now).is_err() {
            return Err(STOPPED.to_string());
        }
        match self.answers.recv_timeout(self.within) {
            Ok(reading) => reading,
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                Err(STOPPED.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::time::Instant;

    /// Answers `answers` readings, then never again (blocks for an hour).
    struct GoesSilent {
        answers: u32,
        asked: Arc<AtomicU32>,
    }

    impl IdleSource for GoesSilent {
        fn away(&mut self, _now: Timestamp) -> Result<Option<AwayNow>, String> {
            if self.asked.fetch_add(1, Ordering::SeqCst) >= self.answers {
                std::thread::sleep(Duration::from_secs(3600));
            }
            Ok(None)
        }
    }

    fn now() -> Timestamp {
        "2026-11-30T10:00:00Z".parse().expect("time")
    }

    #[test]
    fn a_source_that_goes_silent_is_given_up_within_the_deadline() {
        let within = Duration::from_millis(300);
        for answers in [0, 1, 6] {
            let asked = Arc::new(AtomicU32::new(0));
            let counter = Arc::clone(&asked);
            let mut source = OffThread::spawn(
                move || {
                    Ok(Box::new(GoesSilent {
                        answers,
                        asked: counter,
                    }) as Box<dyn IdleSource + Send>)
                },
                within,
            )
            .expect("thread");
            for _ in 0..answers {
                assert_eq!(source.away(now()), Ok(None));
            }
            let start = Instant::now();
            assert_eq!(source.away(now()), Err(STOPPED.to_string()));
            let took = start.elapsed();
            assert!(
                took >= within && took < within * 5,
                "after {answers} answers, gave up in {took:?}"
            );
        }
    }

    #[test]
    fn a_source_that_never_opens_is_given_up_and_one_that_fails_says_why() {
        let within = Duration::from_millis(300);
        let mut stuck = OffThread::spawn(
            || {
                std::thread::sleep(Duration::from_secs(3600));
                Ok(Box::new(NoIdle) as Box<dyn IdleSource + Send>)
            },
            within,
        )
        .expect("thread");
        assert_eq!(stuck.away(now()), Err(STOPPED.to_string()));

        let mut refused =
            OffThread::spawn(|| Err("no system D-Bus".to_string()), within).expect("thread");
        assert_eq!(refused.away(now()), Err(no_source("no system D-Bus")));
    }
}
