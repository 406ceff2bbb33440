//! Signals from outside the program, turned into flags the loop checks:
//! - SIGTERM, SIGHUP, SIGINT: leave (recording the session);
//! - SIGTSTP (`kill -TSTP`, or a job-control stop not typed as Ctrl-Z in our raw terminal):
//!   give the terminal back and stop, as the Ctrl-Z key does;
//! - SIGCONT: we were stopped (perhaps by a SIGSTOP we could not catch): take the terminal
//!   again and redraw everything;
//! - SIGWINCH: the window changed size (crossterm reports the new size as an event).
//!
//! A watcher thread receives the signals (signal-hook's iterator, so no work happens in a
//! signal handler), sets the flag and writes a byte to a socket the loop's
//! [`wait`](super::wait) listens on, so the loop wakes at once without a short tick.

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP, SIGWINCH};
use signal_hook::iterator::Signals;
use signal_hook::low_level::raise;

#[derive(Debug, Default)]
struct Flags {
    stop: AtomicBool,
    suspend: AtomicBool,
    continued: AtomicBool,
}

/// What arrived since the loop last looked.
#[derive(Debug, Clone)]
pub struct Watch(Arc<Flags>);

impl Watch {
    /// A terminating signal arrived (stays set).
    pub fn stop_requested(&self) -> bool {
        self.0.stop.load(Ordering::SeqCst)
    }

    /// SIGTSTP arrived since the last call.
    pub fn take_suspend(&self) -> bool {
        self.0.suspend.swap(false, Ordering::SeqCst)
    }

    /// SIGCONT arrived since the last call.
    pub fn take_continued(&self) -> bool {
        self.0.continued.swap(false, Ordering::SeqCst)
    }
}

/// Starts watching; each signal also writes a byte to `wake`. Call before the terminal is
/// set up, so a signal in between is not lost.
pub fn watch(mut wake: UnixStream) -> std::io::Result<Watch> {
    let flags = Arc::new(Flags::default());
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT, SIGWINCH])?;
    wake.set_nonblocking(true)?;
    let seen = Arc::clone(&flags);
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                let flag = match signal {
                    SIGTSTP => Some(&seen.suspend),
                    SIGCONT => Some(&seen.continued),
                    SIGWINCH => None,
                    _ => Some(&seen.stop),
                };
                if let Some(flag) = flag {
                    flag.store(true, Ordering::SeqCst);
                }
                // A full socket already holds a wake-up; any other error only delays the
                // loop to its next deadline.
                let _ = wake.write(&[1]);
            }
        })?;
    Ok(Watch(flags))
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
