//! The shell's only clock: real time scaled by `--speed` from the moment the shell starts.
//! The app sees virtual instants; the loop sleeps real durations; the trace converts a
//! virtual deadline back to the real moment it stood for.

use std::time::{Duration, Instant};

/// Real time multiplied by `speed` from `start`.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    start: Instant,
    speed: f64,
}

impl Clock {
    /// `speed` must be finite and positive (checked by the caller).
    pub fn new(start: Instant, speed: f64) -> Clock {
        Clock { start, speed }
    }

    /// The virtual now.
    pub fn now(&self) -> Instant {
        self.virtual_at(Instant::now())
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
        self.real_at(at).saturating_duration_since(Instant::now())
    }
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
