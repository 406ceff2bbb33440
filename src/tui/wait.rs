//! Waiting for the next thing to do: a key on the terminal, a wake-up from the signal
//! watcher, or the next deadline, in one `ppoll(2)`.
//!
//! Why not just crossterm's `event::poll`: when the terminal goes away (the window is
//! closed), the tty reads end-of-file for ever and crossterm 0.29's reader loops on it at
//! 100% CPU without returning, so the loop could never record the session and leave. Here a
//! hang-up is seen as `POLLHUP` before crossterm is asked to read anything, and crossterm
//! is only asked (with a zero timeout) once the terminal has input. It also gives signals a
//! clean wake-up: the watcher writes to a socket this poll listens on.

use std::fs::File;
use std::io::{self, IsTerminal as _, Read};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use crate::sys::{self, PollFd};

/// What ended a wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Woke {
    /// The terminal has input (or crossterm should look: see `Waiter::new`).
    Input,
    /// The signal watcher wrote (or a signal interrupted the wait): check the flags.
    Signal,
    /// Nothing happened before the timeout.
    Timeout,
    /// The terminal is gone.
    HangUp,
}

/// Waits on the terminal crossterm reads and on the signal watcher's socket.
#[derive(Debug)]
pub struct Waiter {
    /// The terminal's descriptor: stdin if it is a terminal, else `/dev/tty` (as crossterm
    /// picks); `None` if neither, and then every wait reports input at once so crossterm
    /// decides.
    tty: Option<RawFd>,
    _dev_tty: Option<File>,
    wake: UnixStream,
    /// The deadline as a descriptor (Linux); `None` elsewhere or if it cannot be made,
    /// and then the two-part wait keeps the precision.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    timer: Option<sys::Timer>,
}

impl Waiter {
    pub fn new(wake: UnixStream) -> io::Result<Waiter> {
        let stdin = io::stdin().as_raw_fd();
        let (tty, dev_tty) = if io::stdin().is_terminal() {
            (Some(stdin), None)
        } else {
            match File::open("/dev/tty") {
                Ok(f) => (Some(f.as_raw_fd()), Some(f)),
                Err(_) => (None, None),
            }
        };
        Waiter::on(tty, dev_tty, wake)
    }

    fn on(tty: Option<RawFd>, dev_tty: Option<File>, wake: UnixStream) -> io::Result<Waiter> {
        wake.set_nonblocking(true)?;
        Ok(Waiter {
            tty,
            _dev_tty: dev_tty,
            wake,
            #[cfg(any(target_os = "linux", target_os = "android"))]
            timer: sys::Timer::new().ok(),
        })
    }

    /// Waits up to `timeout`; a timeout is reported at, never before, its end, and close
    /// after it. Linux lets `poll` oversleep by 0.1% of its timeout (1 ms on the
    /// once-a-second wait of a countdown, up to 100 ms on long ones; see
    /// `select_estimate_accuracy`), so on Linux the deadline is a timerfd polled beside the
    /// terminal (its slack is the timer slack, 50 µs): one wake-up per deadline. Elsewhere a
    /// long wait is cut short by more than poll's slack and the rest, a few milliseconds, is
    /// waited for separately: two wake-ups.
    pub fn wait(&mut self, timeout: Duration) -> io::Result<Woke> {
        let Some(tty) = self.tty else {
            return Ok(Woke::Input);
        };
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if let Some(timer) = &self.timer {
            timer.set(timeout)?;
            let mut fds = [
                PollFd::new(tty),
                PollFd::new(self.wake.as_raw_fd()),
                PollFd::new(timer.fd()),
            ];
            // The timer ends the wait; the poll's own timeout is only a backstop.
            let polled = sys::poll(&mut fds, timeout + BACKSTOP);
            if fds[2].readable {
                timer.clear();
            }
            let woke = self.woke(polled, &fds)?;
            return Ok(match woke {
                Woke::Input if !fds[0].readable && fds[2].readable => Woke::Timeout,
                woke => woke,
            });
        }
        let end = Instant::now() + timeout;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            let part = first_part(left);
            match self.wait_once(tty, part)? {
                Woke::Timeout if part < left => continue,
                woke => return Ok(woke),
            }
        }
    }

    fn wait_once(&mut self, tty: RawFd, timeout: Duration) -> io::Result<Woke> {
        let mut fds = [PollFd::new(tty), PollFd::new(self.wake.as_raw_fd())];
        let polled = sys::poll(&mut fds, timeout);
        self.woke(polled, &fds)
    }

    /// What a poll over the terminal and the wake-up socket (first and second) found.
    fn woke<const N: usize>(
        &mut self,
        polled: io::Result<usize>,
        fds: &[PollFd; N],
    ) -> io::Result<Woke> {
        let n = match polled {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Ok(Woke::Signal),
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(Woke::Timeout);
        }
        if fds[0].gone {
            return Ok(Woke::HangUp);
        }
        if fds[1].readable || fds[1].gone {
            self.drain_wake();
            return Ok(Woke::Signal);
        }
        Ok(Woke::Input)
    }

    /// True if the terminal is gone (checked without waiting).
    pub fn hung_up(&mut self) -> bool {
        let Some(tty) = self.tty else { return false };
        let mut fds = [PollFd::new(tty)];
        matches!(sys::poll(&mut fds, Duration::ZERO), Ok(n) if n > 0) && fds[0].gone
    }

    fn drain_wake(&mut self) {
        let mut buf = [0u8; 64];
        while matches!(self.wake.read(&mut buf), Ok(n) if n > 0) {}
    }
}

/// How much longer than the timer the poll itself may wait (only if the timer failed to
/// fire, which it does not).
#[cfg(any(target_os = "linux", target_os = "android"))]
const BACKSTOP: Duration = Duration::from_secs(1);

/// Waits shorter than this are waited for in one go (the kernel's slack on them is its
/// timer slack, 50 µs by default).
const PRECISE: Duration = Duration::from_millis(10);

/// How much of `left` to wait for in one `poll`: all of it when short, else enough less
/// that the kernel's slack (at most 0.5% of the wait, for a niced process, plus the timer
/// slack) cannot carry the wake-up past the end.
fn first_part(left: Duration) -> Duration {
    if left <= PRECISE {
        left
    } else {
        left - left / 100 - Duration::from_micros(100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A waiter whose "terminal" is one end of a socket pair we control.
    fn waiter() -> (Waiter, UnixStream, UnixStream, UnixStream) {
        let (term, term_peer) = UnixStream::pair().expect("pair");
        let (wake_tx, wake_rx) = UnixStream::pair().expect("pair");
        let w = Waiter::on(Some(term.as_raw_fd()), None, wake_rx).expect("waiter");
        (w, term, term_peer, wake_tx)
    }

    #[test]
    fn a_timeout_is_never_reported_early() {
        let (mut w, _term, _peer, _wake) = waiter();
        for ms in [0, 1, 9, 11, 40] {
            let start = Instant::now();
            let timeout = Duration::from_millis(ms);
            assert_eq!(w.wait(timeout).expect("wait"), Woke::Timeout);
            assert!(start.elapsed() >= timeout, "{ms} ms");
        }
    }

    #[test]
    fn the_first_part_of_a_long_wait_leaves_room_for_the_kernels_slack() {
        // Linux's poll slack: 0.1% of the wait (0.5% when niced), at least the timer
        // slack (50 µs), at most 100 ms.
        let slack =
            |d: Duration| (d / 200).clamp(Duration::from_micros(50), Duration::from_millis(100));
        for ms in [11u64, 50, 999, 1_000, 60_000, 1_200_000, 3_600_000] {
            let left = Duration::from_millis(ms);
            let part = first_part(left);
            assert!(part < left, "{ms}");
            assert!(part + slack(part) < left, "{ms} ms: {part:?}");
            // And most of the wait is done in one go.
            assert!(part > left * 98 / 100, "{ms} ms: {part:?}");
        }
        assert_eq!(first_part(PRECISE), PRECISE);
        assert_eq!(first_part(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn input_wake_ups_timeouts_and_hang_ups_are_told_apart() {
        let (mut w, _term, mut peer, mut wake) = waiter();
        assert_eq!(
            w.wait(Duration::from_millis(5)).expect("wait"),
            Woke::Timeout
        );
        wake.write_all(&[1, 1, 1]).expect("write");
        assert_eq!(w.wait(Duration::from_secs(5)).expect("wait"), Woke::Signal);
        // The wake-ups were consumed.
        assert_eq!(
            w.wait(Duration::from_millis(5)).expect("wait"),
            Woke::Timeout
        );
        peer.write_all(b"q").expect("write");
        assert_eq!(w.wait(Duration::from_secs(5)).expect("wait"), Woke::Input);
        assert!(!w.hung_up());
        drop(peer);
        assert_eq!(w.wait(Duration::from_secs(5)).expect("wait"), Woke::HangUp);
        assert!(w.hung_up());
    }
}
