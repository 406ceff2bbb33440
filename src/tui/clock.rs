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

    /// The real moment the virtual moment `at` stands for (the inverse of `virtual_at`).
    pub fn real_at(&self, at: Instant) -> Instant {
        let elapsed = at.saturating_duration_since(self.start);
        self.start + elapsed.div_f64(self.speed)
    }

    /// Real time to wait until the virtual moment `at`, rounded up to a millisecond so we
    /// do not wake just before it.
    pub fn wait_until(&self, at: Instant) -> Duration {
        let virtual_wait = at.saturating_duration_since(self.now());
        virtual_wait.div_f64(self.speed) + Duration::from_millis(1)
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
        // 20 virtual seconds ahead is one real second (plus the rounding millisecond).
        let wait = c.wait_until(c.now() + Duration::from_secs(20));
        assert!(wait <= Duration::from_millis(1_001), "{wait:?}");
        assert!(wait > Duration::from_millis(900), "{wait:?}");
        assert_eq!(c.wait_until(c.now()), Duration::from_millis(1));
    }
}
