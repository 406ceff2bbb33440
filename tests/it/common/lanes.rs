//! How many tests of a kind run at once. The integration tests run eight at a time
//! (`RUST_TEST_THREADS` in `.cargo/config.toml`): most of them wait on real time (a
//! session in tmux, a recording from a sound server, a bus that does not answer), so eight
//! share two cores well. A test that keeps a core busy for seconds (every screen drawn at
//! every size, property tests over rendering, multi-megabyte files, headless Chromium,
//! espeak-ng rendering every phrase) takes the one CPU lane first: at most one of them runs
//! at a time, and the tests that measure time, CPU or loudness keep a core.

use std::sync::{Mutex, MutexGuard};

/// Held for the whole of a CPU-bound test.
pub fn cpu() -> MutexGuard<'static, ()> {
    static LANE: Mutex<()> = Mutex::new(());
    // A test that failed while holding the lane leaves it poisoned; the lane is still free.
    LANE.lock().unwrap_or_else(|e| e.into_inner())
}
