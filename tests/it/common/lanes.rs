//! How tests that keep a core busy share the machine with tests that measure time. The
//! integration tests run eight at a time (`RUST_TEST_THREADS` in `.cargo/config.toml`):
//! most of them wait on real time (a session in tmux, a recording from a sound server, a
//! bus that does not answer), so eight share two cores well. A test that keeps a core busy
//! for seconds (every screen drawn at every size, property tests over rendering,
//! multi-megabyte files, headless Chromium, espeak-ng rendering every phrase) takes a
//! [`cpu`] lane first: two of them at most run at once, at a lower priority (nice 10, and
//! so the programs they start), so that the programs of tests that measure time, CPU or
//! loudness are never kept waiting for a core.

use std::sync::{Condvar, Mutex};

/// How many CPU-bound tests run at once: one per core of the machine this was tuned on.
const LANES: usize = 2;
/// Their niceness while they run (0 is everybody else's).
const NICE: libc::c_int = 10;

static TAKEN: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

/// Held for the whole of a CPU-bound test (or of one case of a property test).
pub struct Lane {
    /// The thread's niceness before, to put back.
    before: Option<libc::c_int>,
}

/// Waits for a free lane and lowers this thread's priority (a test runs on a thread of
/// its own: what it starts inherits the niceness).
pub fn cpu() -> Lane {
    let mut taken = TAKEN.lock().unwrap_or_else(|e| e.into_inner());
    while *taken >= LANES {
        taken = FREED.wait(taken).unwrap_or_else(|e| e.into_inner());
    }
    *taken += 1;
    drop(taken);
    Lane {
        before: nice_thread(NICE),
    }
}

impl Drop for Lane {
    fn drop(&mut self) {
        if let Some(before) = self.before {
            // Raising a priority again needs privileges: without them the thread (which
            // ends with its test) stays nice, which only ever favours the others.
            nice_thread(before);
        }
        let mut taken = TAKEN.lock().unwrap_or_else(|e| e.into_inner());
        *taken -= 1;
        FREED.notify_one();
    }
}

/// Sets this thread's niceness (on Linux `setpriority` with a thread's id acts on that
/// thread alone); the one it had, or `None` when it could not be read or set.
#[cfg(target_os = "linux")]
fn nice_thread(nice: libc::c_int) -> Option<libc::c_int> {
    // SAFETY: gettid has no preconditions.
    #[allow(unsafe_code)]
    let tid = unsafe { libc::gettid() } as libc::id_t;
    // SAFETY: getpriority/setpriority with PRIO_PROCESS and this thread's id; errno is
    // cleared first because -1 is also a valid niceness.
    #[allow(unsafe_code)]
    unsafe {
        *libc::__errno_location() = 0;
        let before = libc::getpriority(libc::PRIO_PROCESS, tid);
        if before == -1 && *libc::__errno_location() != 0 {
            return None;
        }
        (libc::setpriority(libc::PRIO_PROCESS, tid, nice) == 0).then_some(before)
    }
}

/// Elsewhere a niceness is the whole process's: the lanes only take turns.
#[cfg(not(target_os = "linux"))]
fn nice_thread(_: libc::c_int) -> Option<libc::c_int> {
    None
}
