//! Waiting for the next thing to do: a key on the terminal, a wake-up from the signal
//! watcher, or the next deadline, in one `poll(2)`.
//!
//! Why not just crossterm's `event::poll`: when the terminal goes away (the window is
//! closed), the tty reads end-of-file for ever and crossterm 0.29's reader loops on it at
//! 100% CPU without returning, so the loop could never record the session and leave. Here a
//! hang-up is seen as `POLLHUP` before crossterm is asked to read anything, and crossterm
//! is only asked (with a zero timeout) once the terminal has input. It also gives signals a
//! clean wake-up: the watcher writes to a socket this poll listens on.

use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::time::Duration;

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
}

impl Waiter {
    pub fn new(wake: UnixStream) -> io::Result<Waiter> {
        let stdin = io::stdin().as_raw_fd();
        // SAFETY: isatty only inspects the descriptor.
        let (tty, dev_tty) = if unsafe { libc::isatty(stdin) } == 1 {
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
        })
    }

    /// Waits up to `timeout` (rounded up to a millisecond).
    pub fn wait(&mut self, timeout: Duration) -> io::Result<Woke> {
        let Some(tty) = self.tty else {
            return Ok(Woke::Input);
        };
        let ms = timeout.as_nanos().div_ceil(1_000_000).min(i32::MAX as u128) as i32;
        let mut fds = [
            libc::pollfd {
                fd: tty,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: self.wake.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        // SAFETY: `fds` is a valid array of two pollfd for the duration of the call.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
        if n < 0 {
            let err = io::Error::last_os_error();
            return if err.kind() == io::ErrorKind::Interrupted {
                Ok(Woke::Signal)
            } else {
                Err(err)
            };
        }
        if n == 0 {
            return Ok(Woke::Timeout);
        }
        if fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return Ok(Woke::HangUp);
        }
        if fds[1].revents != 0 {
            self.drain_wake();
            return Ok(Woke::Signal);
        }
        Ok(Woke::Input)
    }

    /// True if the terminal is gone (checked without waiting).
    pub fn hung_up(&mut self) -> bool {
        let Some(tty) = self.tty else { return false };
        let mut fd = libc::pollfd {
            fd: tty,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call.
        let n = unsafe { libc::poll(&mut fd, 1, 0) };
        n > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
    }

    fn drain_wake(&mut self) {
        let mut buf = [0u8; 64];
        while matches!(self.wake.read(&mut buf), Ok(n) if n > 0) {}
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
