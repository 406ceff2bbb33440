//! The shell's only clock: real time scaled by `--speed` from the moment the shell starts.
//! The app sees virtual instants; the loop sleeps real durations; the trace converts a
//! virtual deadline back to the real moment it stood for.
//!
//! "Real time" counts while the machine sleeps: `Instant` (CLOCK_MONOTONIC on Linux) stops
//! during a suspend, so a laptop closed through the bath would wake to a step that had
//! not moved. The clock reads CLOCK_BOOTTIME instead (where there is one) and places
//! its readings on an `Instant` timeline from `start`; after a suspend that timeline is
//! ahead of `Instant::now()`, so everything timed here (now, waits, the trace) goes
//! through [`Clock::real_now`], never `Instant::now()`.

use std::time::{Duration, Instant};

/// A reading of a clock that keeps counting through a suspend; `None` if there is none.
pub type Source = fn() -> Option<Duration>;

/// Real time multiplied by `speed` from `start`.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    start: Instant,
    speed: f64,
    /// The source, and its reading at `start`.
    through_sleep_at_start: Option<(Source, Duration)>,
    /// A source for the time awake too (a test's fake clock): see [`Clock::awake_now`].
    awake: Option<(Source, Duration)>,
}

impl Clock {
    /// `speed` must be finite and positive (checked by the caller).
    pub fn new(start: Instant, speed: f64) -> Clock {
        Clock::with_source(start, speed, through_sleep)
    }

    /// A clock reading `source` (tests pass one that can jump).
    pub fn with_source(start: Instant, speed: f64, source: Source) -> Clock {
        let since_start = Instant::now().saturating_duration_since(start);
        let through_sleep_at_start = source().map(|now| (source, now.saturating_sub(since_start)));
        Clock {
            start,
            speed,
            through_sleep_at_start,
            awake: None,
        }
    }

    /// A clock on `source` alone, asleep or awake (tests: a fake time that only moves
    /// when the test says).
    pub fn fake(start: Instant, speed: f64, source: Source) -> Clock {
        let clock = Clock::with_source(start, speed, source);
        Clock {
            awake: clock.through_sleep_at_start,
            ..clock
        }
    }

    /// The real now without the time asleep (CLOCK_MONOTONIC: `Instant::now()`), on this
    /// clock's timeline; for desk mode, whose schedule tells a suspend from the two.
    pub fn awake_now(&self) -> Instant {
        self.awake
            .and_then(|(source, base)| Some(self.start + source()?.saturating_sub(base)))
            .unwrap_or_else(Instant::now)
    }

    /// The real now on this clock's timeline: `start` plus the time since, sleep included.
    /// How many times faster than real time this clock runs.
    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn real_now(&self) -> Instant {
        self.through_sleep_at_start
            .and_then(|(source, base)| Some(self.start + source()?.saturating_sub(base)))
            .unwrap_or_else(Instant::now)
    }

    /// The virtual now.
    pub fn now(&self) -> Instant {
        self.virtual_at(self.real_now())
    }

    /// The virtual moment of the real moment `real`.
    pub fn virtual_at(&self, real: Instant) -> Instant {
        let elapsed = real.saturating_duration_since(self.start);
        self.start + elapsed.mul_f64(self.speed)
    }

    /// The real moment the virtual moment `at` stands for (the inverse of `virtual_at`),
    /// never before it: float rounding can put the plain quotient a nanosecond early, and a
    /// wait that ends early would only have to wait again.
    pub fn real_at(&self, at: Instant) -> Instant {
        if self.speed == 1.0 {
            return at.max(self.start);
        }
        let elapsed = at.saturating_duration_since(self.start);
        let mut real = self.start + elapsed.div_f64(self.speed);
        // `virtual_at` grows with `real`, and the quotient is off by a few nanoseconds at
        // most, so this ends within a few steps; the bound only guards against surprises.
        for _ in 0..1_000 {
            if self.virtual_at(real) >= at {
                break;
            }
            real += Duration::from_nanos(1);
        }
        real
    }

    /// Real time to wait until the virtual moment `at`, to the nanosecond (the waiter
    /// sleeps with nanosecond precision; the kernel may add its timer slack, tens of µs).
    pub fn wait_until(&self, at: Instant) -> Duration {
        self.real_at(at).saturating_duration_since(self.real_now())
    }
}

/// The clock that counts while the machine sleeps (CLOCK_BOOTTIME on Linux,
/// CLOCK_MONOTONIC on macOS); `None` where there is none, and `Instant` is what there is.
pub fn through_sleep() -> Option<Duration> {
    crate::sys::boot_clock()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_and_real_moments_are_inverses_at_any_speed() {
        let t0 = Instant::now();
        for speed in [0.5, 1.0, 20.0, 1000.0] {
            let c = Clock::new(t0, speed);
            let real = t0 + Duration::from_millis(1_234);
            let back = c.real_at(c.virtual_at(real));
            let diff = back.max(real) - back.min(real);
            assert!(diff < Duration::from_micros(1), "speed {speed}: {diff:?}");
            assert_eq!(
                c.virtual_at(real) - t0,
                Duration::from_millis(1_234).mul_f64(speed)
            );
        }
    }

    #[test]
    fn waits_are_real_time_and_never_early() {
        let c = Clock::new(Instant::now(), 20.0);
        // 20 virtual seconds ahead is one real second.
        let wait = c.wait_until(c.now() + Duration::from_secs(20));
        assert!(wait <= Duration::from_secs(1), "{wait:?}");
        assert!(wait > Duration::from_millis(900), "{wait:?}");
        assert_eq!(c.wait_until(c.now()), Duration::ZERO);
    }

    /// A clock that slept: the real through-sleep clock plus a jump the test sets.
    static SLEPT_NS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

    fn after_sleep() -> Option<Duration> {
        let slept = SLEPT_NS.load(std::sync::atomic::Ordering::SeqCst);
        through_sleep().map(|t| t + Duration::from_nanos(slept))
    }

    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    #[test]
    fn time_asleep_counts_and_a_deadline_passed_in_it_is_due_at_once() {
        let c = Clock::with_source(Instant::now(), 1.0, after_sleep);
        let before = c.now();
        let deadline = before + Duration::from_secs(600);
        assert!(c.wait_until(deadline) > Duration::from_secs(599));
        // The lid closes for twenty minutes.
        SLEPT_NS.store(1_200_000_000_000, std::sync::atomic::Ordering::SeqCst);
        let after = c.now();
        assert!(
            after - before >= Duration::from_secs(1_200),
            "{:?}",
            after - before
        );
        assert_eq!(c.wait_until(deadline), Duration::ZERO);
        // The timeline goes on from there.
        assert!(c.now() >= after);
        assert!(c.real_now() > Instant::now() + Duration::from_secs(1_199));
    }

    #[test]
    fn without_a_through_sleep_clock_it_is_instant() {
        let t0 = Instant::now();
        let c = Clock::with_source(t0, 1.0, || None);
        let a = Instant::now();
        let now = c.real_now();
        assert!(now >= a && now <= Instant::now());
    }

    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    #[test]
    fn awake_it_keeps_pace_with_instant() {
        let c = Clock::new(Instant::now(), 1.0);
        for _ in 0..100 {
            let a = Instant::now();
            let now = c.real_now();
            let b = Instant::now();
            // Two clocks read one after the other: within a millisecond of each other.
            let lo = a.checked_sub(Duration::from_millis(1)).unwrap_or(a);
            assert!(now >= lo && now <= b + Duration::from_millis(1));
        }
    }

    #[test]
    fn the_real_moment_of_a_deadline_is_never_before_it() {
        let t0 = Instant::now();
        for speed in [0.3, 0.5, 1.0, 3.0, 7.0, 20.0, 1000.0] {
            let c = Clock::new(t0, speed);
            for ns in [1u64, 7, 999, 1_000_001, 1_234_567_891, 1_200_000_000_007] {
                let at = t0 + Duration::from_nanos(ns);
                let real = c.real_at(at);
                assert!(c.virtual_at(real) >= at, "speed {speed}, {ns} ns");
                // And not late either: one real nanosecond earlier is before the deadline.
                let earlier = real - Duration::from_nanos(1);
                assert!(
                    real == t0 || c.virtual_at(earlier) <= at,
                    "speed {speed}, {ns} ns"
                );
            }
        }
    }
}
