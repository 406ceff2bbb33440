//! Plain mode's input: standard input, read as keys when it is a terminal (no Enter
//! needed: the terminal is put in key-at-a-time mode, echo off, and put back on every way
//! out) or as whole lines otherwise (a pipe, a file, a script). One `poll` waits on it and
//! on the signal watcher's socket until the next due moment.
//!
//! At the end of input (a closed pipe, `< /dev/null`) standard input is no longer waited
//! on (it would be readable for ever: a spin); the session goes on with no input. A
//! terminal that hangs up is reported as such (the caller leaves as on SIGHUP).

use std::fs::File;
use std::io::{self, IsTerminal as _, Read as _};
use std::os::fd::{AsFd as _, AsRawFd as _};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use super::lines::{Command, from_key, from_line};
use crate::sys::{self, PollFd, TermMode};

/// What ended a wait: the runtime's (`Input`: standard input has something, or just
/// ended; `HangUp`: the terminal on standard input is gone).
pub use crate::tui::wait::Woke;

/// Standard input and the signal watcher's socket.
pub struct Input {
    /// Standard input (a duplicate, read unbuffered); `None` once it ended.
    stdin: Option<File>,
    /// The terminal's settings before key mode, when standard input is a terminal we put
    /// in key mode.
    saved: Option<TermMode>,
    terminal: bool,
    /// The terminal on standard input is gone.
    hung_up: bool,
    /// A line read in part (line mode), or a key sequence in part (key mode).
    partial: Vec<u8>,
    wake: UnixStream,
}

impl Input {
    /// Standard input, in key mode if it is a terminal (and ours: in the foreground).
    pub fn open(wake: UnixStream) -> io::Result<Input> {
        wake.set_nonblocking(true)?;
        let stdin = io::stdin().as_fd().try_clone_to_owned()?;
        let terminal = io::stdin().is_terminal();
        let mut input = Input {
            stdin: Some(File::from(stdin)),
            saved: None,
            terminal,
            hung_up: false,
            partial: Vec::new(),
            wake,
        };
        input.take_keys()?;
        Ok(input)
    }

    /// True when standard input is read key by key.
    pub fn keys(&self) -> bool {
        self.terminal
    }

    /// True once the terminal on standard input is gone (the caller leaves as on SIGHUP).
    pub fn hung_up(&self) -> bool {
        self.hung_up
    }

    /// True once standard input has ended: nothing more will come.
    pub fn closed(&self) -> bool {
        self.stdin.is_none()
    }

    /// Key mode on the terminal (again, after a stop). Not from the background: changing
    /// the terminal's mode there would stop the process (SIGTTOU).
    pub fn take_keys(&mut self) -> io::Result<()> {
        if let Some(stdin) = &self.stdin
            && self.terminal
            && sys::in_foreground()
        {
            let saved = sys::key_mode(stdin.as_raw_fd())?;
            let saved = *self.saved.get_or_insert(saved);
            give_back_on_panic();
            *ON_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some((stdin.as_raw_fd(), saved));
        }
        Ok(())
    }

    /// Puts the terminal back as it was (before a stop, and at the end).
    pub fn give_back(&mut self) {
        *ON_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = None;
        if let (Some(saved), Some(stdin)) = (self.saved.take(), &self.stdin) {
            let _ = sys::set_term_mode(stdin.as_raw_fd(), &saved);
        }
    }

    /// Waits up to `timeout` for input or a signal. Never returns early on a timeout
    /// (see `tui::wait` on the kernel's slack: short waits are precise enough here).
    pub fn wait(&mut self, timeout: Duration) -> io::Result<Woke> {
        let end = Instant::now() + timeout;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            let woke = self.wait_once(left)?;
            if woke != Woke::Timeout || Instant::now() >= end {
                return Ok(woke);
            }
        }
    }

    fn wait_once(&mut self, timeout: Duration) -> io::Result<Woke> {
        let wake = self.wake.as_raw_fd();
        let result = match &self.stdin {
            Some(stdin) => {
                let mut fds = [PollFd::new(wake), PollFd::new(stdin.as_raw_fd())];
                sys::poll(&mut fds, timeout).map(|n| (n, fds[0], Some(fds[1])))
            }
            None => {
                let mut fds = [PollFd::new(wake)];
                sys::poll(&mut fds, timeout).map(|n| (n, fds[0], None))
            }
        };
        let (n, wake, stdin) = match result {
            Ok(r) => r,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Ok(Woke::Signal),
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(Woke::Timeout);
        }
        if wake.readable || wake.gone {
            self.drain_wake();
            return Ok(Woke::Signal);
        }
        match stdin {
            Some(fd) if self.terminal && fd.gone && !fd.readable => Ok(Woke::HangUp),
            Some(fd) if fd.readable || fd.gone => Ok(Woke::Input),
            _ => Ok(Woke::Timeout),
        }
    }

    fn drain_wake(&mut self) {
        let mut buf = [0u8; 64];
        while matches!(self.wake.read(&mut buf), Ok(n) if n > 0) {}
    }

    /// Reads what standard input has (one read: it does not block after a wait said
    /// there is input) and says what it asks for. `asking`: "End the session?" is on.
    /// At its end a last line without a newline still counts, and input is closed.
    pub fn read(&mut self, asking: bool) -> io::Result<Vec<Command>> {
        let Some(stdin) = &mut self.stdin else {
            return Ok(Vec::new());
        };
        let mut buf = [0u8; 4096];
        let n = match stdin.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Ok(Vec::new()),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(Vec::new()),
            // A terminal that hung up reads as an error (EIO) or as its end.
            Err(_) if self.terminal => 0,
            Err(e) => return Err(e),
        };
        if n == 0 {
            self.hung_up = self.terminal;
            self.give_back();
            self.stdin = None;
            let rest = std::mem::take(&mut self.partial);
            if self.terminal || rest.is_empty() {
                return Ok(Vec::new());
            }
            return Ok(vec![from_line(&String::from_utf8_lossy(&rest), asking)]);
        }
        self.partial.extend_from_slice(&buf[..n]);
        Ok(if self.terminal {
            keys(&mut self.partial, asking)
        } else {
            lines(&mut self.partial, asking)
        })
    }
}

/// The terminal's mode to put back should the program panic while it holds the keys: the
/// release build aborts on a panic (Cargo.toml), so `Drop` would not run.
static ON_PANIC: std::sync::Mutex<Option<(std::os::fd::RawFd, TermMode)>> =
    std::sync::Mutex::new(None);

/// Installs, once, a panic hook that puts [`ON_PANIC`]'s mode back, then reports as usual.
fn give_back_on_panic() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let held = ON_PANIC.try_lock().ok().and_then(|mut held| held.take());
            if let Some((fd, mode)) = held {
                let _ = sys::set_term_mode(fd, &mode);
            }
            before(info);
        }));
    });
}

impl Drop for Input {
    fn drop(&mut self) {
        self.give_back();
    }
}

/// The complete lines in `partial` as commands; the unfinished rest stays.
fn lines(partial: &mut Vec<u8>, asking: bool) -> Vec<Command> {
    let mut out = Vec::new();
    while let Some(end) = partial.iter().position(|b| *b == b'\n') {
        let line: Vec<u8> = partial.drain(..=end).collect();
        let line = String::from_utf8_lossy(&line[..line.len() - 1]).into_owned();
        out.push(from_line(&line, asking));
    }
    out
}

/// The keys in `partial` as commands. Arrow keys (`ESC [ C`, `ESC O D`) skip and go
/// back; other escape sequences are dropped whole; a lone Esc asks to end, as in the
/// full-screen session. An escape sequence cut off at the end of a read waits for the
/// rest.
fn keys(partial: &mut Vec<u8>, asking: bool) -> Vec<Command> {
    let text = String::from_utf8_lossy(partial).into_owned();
    let chars: Vec<char> = text.chars().collect();
    partial.clear();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '\x1b' {
            out.extend(from_key(c, asking));
            i += 1;
            continue;
        }
        match chars.get(i + 1) {
            None => {
                out.extend(from_key(c, asking));
                i += 1;
            }
            Some('[' | 'O') => {
                // Parameters, then a final byte from '@' to '~'.
                let Some(len) = chars[i + 2..].iter().position(|c| ('@'..='~').contains(c)) else {
                    partial.extend(chars[i..].iter().collect::<String>().bytes());
                    break;
                };
                let msg = match chars[i + 2 + len] {
                    'C' => Some(crate::app::Msg::Skip),
                    'D' => Some(crate::app::Msg::Previous),
                    _ => None,
                };
                out.extend(msg.map(Command::Msg));
                i += 3 + len;
            }
            Some(_) => {
                // Alt and a key: not ours.
                i += 2;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Msg;

    #[test]
    fn lines_wait_for_their_newline() {
        let mut partial = b"\np\n \nq\nn".to_vec();
        let got = lines(&mut partial, false);
        assert_eq!(
            got,
            [
                Command::Msg(Msg::Enter),
                Command::Msg(Msg::TogglePause),
                Command::Msg(Msg::TogglePause),
                Command::End,
            ]
        );
        assert_eq!(partial, b"n");
        partial.extend_from_slice(b"\r\n");
        assert_eq!(lines(&mut partial, false), [Command::Msg(Msg::Skip)]);
    }

    #[test]
    fn keys_arrows_and_a_cut_off_sequence() {
        let mut partial = b" \r\x1b[Cq\x1b[1;5D\x1b[".to_vec();
        let got = keys(&mut partial, false);
        assert_eq!(
            got,
            [
                Command::Msg(Msg::TogglePause),
                Command::Msg(Msg::Enter),
                Command::Msg(Msg::Skip),
                Command::Msg(Msg::Quit),
                Command::Msg(Msg::Previous),
            ]
        );
        assert_eq!(partial, b"\x1b[");
        partial.extend_from_slice(b"A\x1b");
        assert_eq!(keys(&mut partial, true), [Command::Msg(Msg::Cancel)]);
        // While "End the session?" is asked, y and q end it, n goes on.
        let mut partial = b"ynq".to_vec();
        assert_eq!(
            keys(&mut partial, true),
            [
                Command::Msg(Msg::Yes),
                Command::Msg(Msg::No),
                Command::Msg(Msg::Yes)
            ]
        );
    }
}
