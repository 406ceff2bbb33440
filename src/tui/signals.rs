//! SIGTERM, SIGHUP and SIGINT: noted in a flag the loop checks, and the loop woken at
//! once. crossterm's `poll` retries on EINTR, so a signal alone would not wake it; the
//! watcher thread raises SIGWINCH on our own process, which crossterm does listen to
//! (it turns it into a resize event), so the loop sees the flag within milliseconds
//! without polling on a short tick.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// Set once a terminating signal arrived.
#[derive(Debug, Clone)]
pub struct Stop(Arc<AtomicBool>);

impl Stop {
    pub fn requested(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Starts watching for terminating signals.
pub fn watch() -> std::io::Result<Stop> {
    let flag = Arc::new(AtomicBool::new(false));
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let seen = Arc::clone(&flag);
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                seen.store(true, Ordering::SeqCst);
                // SAFETY: kill(2) with our own pid and a signal number is always sound;
                // the worst outcome is an error return, which we have no use for.
                unsafe {
                    libc::kill(libc::getpid(), libc::SIGWINCH);
                }
            }
        })?;
    Ok(Stop(flag))
}
