//! Signals from outside the program, turned into flags the loop checks:
//! - SIGTERM, SIGHUP, SIGINT, and every other signal whose default is to end the process
//!   that a program may catch (SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF,
//!   SIGXCPU, SIGXFSZ): leave, recording the session and putting the terminal back, and
//!   exit with 128 + the signal's number;
//! - SIGTSTP (`kill -TSTP`, or a job-control stop not typed as Ctrl-Z in our raw terminal):
//!   give the terminal back and stop, as the Ctrl-Z key does;
//! - SIGCONT: we were stopped (perhaps by a SIGSTOP we could not catch): take the terminal
//!   again and redraw everything;
//! - SIGWINCH: the window changed size (crossterm reports the new size as an event).
//!
//! A watcher thread receives the signals (signal-hook's iterator, so no work happens in a
//! signal handler), sets the flag and writes a byte to a socket the loop's
//! [`wait`](super::wait) listens on, so the loop wakes at once without a short tick.
//!
//! A terminating signal always ends the process: the loop leaves at once in the normal
//! case, but if it cannot (blocked writing to a terminal that stopped reading, or waiting
//! on anything else that does not answer), the watcher exits with 128 + the signal's
//! number [`GRACE`] after it arrived. Nothing can then put the terminal back (it does not
//! take writes), but the signal is never ignored.

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

use signal_hook::consts::{
    SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGPROF, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2,
    SIGVTALRM, SIGWINCH, SIGXCPU, SIGXFSZ,
};
use signal_hook::iterator::Signals;
use signal_hook::low_level::raise;

#[derive(Debug, Default)]
struct Flags {
    /// The first terminating signal's number; 0 for none.
    stop: AtomicI32,
    suspend: AtomicBool,
    continued: AtomicBool,
    resized: AtomicBool,
}

/// What arrived since the loop last looked.
#[derive(Debug, Clone)]
pub struct Watch(Arc<Flags>);

impl Watch {
    /// The terminating signal that arrived, if one did (stays set).
    pub fn stop_signal(&self) -> Option<i32> {
        Some(self.0.stop.load(Ordering::SeqCst)).filter(|s| *s != 0)
    }

    /// SIGTSTP arrived since the last call.
    pub fn take_suspend(&self) -> bool {
        self.0.suspend.swap(false, Ordering::SeqCst)
    }

    /// SIGCONT arrived since the last call.
    pub fn take_continued(&self) -> bool {
        self.0.continued.swap(false, Ordering::SeqCst)
    }

    /// SIGWINCH arrived since the last call. crossterm reports a new size as an event
    /// only once its own reader watches for the signal, which it starts at the first
    /// read: a window enlarged before any key was never seen (issue 26).
    pub fn take_resized(&self) -> bool {
        self.0.resized.swap(false, Ordering::SeqCst)
    }
}

/// How long the loop has to leave after a terminating signal before the watcher ends the
/// process itself.
pub const GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// The signals that end the process by default and may be caught: each ends the loop
/// the way Ctrl-C does.
pub const TERMINATING: &[i32] = &[
    SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU,
    SIGXFSZ,
];

/// Starts watching; each signal also writes a byte to `wake`. Call before the terminal is
/// set up, so a signal in between is not lost.
pub fn watch(mut wake: UnixStream) -> std::io::Result<Watch> {
    let flags = Arc::new(Flags::default());
    let mut signals = Signals::new(
        [SIGTSTP, SIGCONT, SIGWINCH]
            .into_iter()
            .chain(TERMINATING.iter().copied()),
    )?;
    wake.set_nonblocking(true)?;
    let seen = Arc::clone(&flags);
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                match signal {
                    SIGTSTP => seen.suspend.store(true, Ordering::SeqCst),
                    SIGCONT => seen.continued.store(true, Ordering::SeqCst),
                    SIGWINCH => seen.resized.store(true, Ordering::SeqCst),
                    _ => {
                        // The first one decides the exit status, and starts the watchdog.
                        let first = seen
                            .stop
                            .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst)
                            .is_ok();
                        if first {
                            watchdog(signal);
                        }
                    }
                }
                // A full socket already holds a wake-up; any other error only delays the
                // loop to its next deadline.
                let _ = wake.write(&[1]);
            }
        })?;
    Ok(Watch(flags))
}

/// Ends the process with 128 + `signal` if it is still running [`GRACE`] from now: the
/// loop did not get to leave (see the module's note).
fn watchdog(signal: i32) {
    let spawned = std::thread::Builder::new()
        .name("signal-watchdog".into())
        .spawn(move || {
            std::thread::sleep(GRACE);
            std::process::exit(128 + signal);
        });
    // Without a thread there is no watchdog; the loop still leaves as it always did.
    drop(spawned);
}

/// Stops the whole process until SIGCONT, then returns. SIGSTOP cannot be caught, so this
/// works while our SIGTSTP handler is installed; shells report it as a stopped job and
/// `fg` continues it.
pub fn stop_self() -> std::io::Result<()> {
    raise(signal_hook::consts::SIGSTOP)
}

/// True while this process is in the terminal's foreground process group (so it may
/// change the terminal's mode). After `bg` it is not.
pub fn in_foreground() -> bool {
    crate::sys::in_foreground()
}
