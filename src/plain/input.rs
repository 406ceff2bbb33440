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
use crate::tui::shell::Host;
use ratatui::backend::TestBackend;

/// What ended a wait: the runtime's (`Input`: standard input has something, or just
/// ended; `HangUp`: the terminal on standard input is gone).
pub use crate::tui::wait::Woke;

/// What plain mode reads and waits on, besides the loop's [`Host`] (its waits and
/// signals): standard input and the signal watch for real (`plain::PlainHost`), a script on
/// the fake clock in tests.
pub trait Listen: Host<Backend = TestBackend> {
    /// True when input comes key by key (a terminal), not as lines.
    fn keys(&self) -> bool;
    /// The terminal on standard input is gone.
    fn hung_up(&self) -> bool;
    /// Input has ended: nothing more will come.
    fn closed(&self) -> bool;
    /// Key mode on the terminal (again, after a stop).
    fn take_keys(&mut self) -> io::Result<()>;
    /// Puts the terminal back as it was.
    fn give_back(&mut self);
    /// Takes in what input has now (after a wait said it has something).
    fn fill(&mut self) -> io::Result<()>;
    /// The next command taken in, read with the app's state now (`asking`: "End the
    /// session?" is on): after a `q`, the `y` typed right behind it answers.
    fn next(&mut self, asking: bool) -> Option<Command>;
    /// Ctrl-Z: stops the process until it is continued.
    fn stop_self(&mut self) -> io::Result<()>;
}

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
    /// Read and not yet acted on.
    pending: Pending,
    wake: UnixStream,
}

/// What has been read and not yet acted on, parsed one command at a time, each with the
/// app's state after the one before: lines (a pipe, a file) or keys (a terminal).
#[derive(Debug, Default)]
pub(crate) struct Pending {
    bytes: Vec<u8>,
    keys: bool,
    /// Input has ended: a last line without its newline still counts.
    ended: bool,
}

impl Pending {
    pub(crate) fn new(keys: bool) -> Pending {
        Pending {
            keys,
            ..Pending::default()
        }
    }

    pub(crate) fn push(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    /// Input has ended. A last line without its newline still counts; keys cut off (a
    /// terminal that hung up) do not.
    pub(crate) fn end(&mut self) {
        self.ended = true;
        if self.keys {
            self.bytes.clear();
        }
    }

    /// The next whole command, or `None` until more is read.
    pub(crate) fn next(&mut self, asking: bool) -> Option<Command> {
        if !self.keys {
            return next_line(&mut self.bytes, self.ended, asking);
        }
        loop {
            if let Some(command) = next_key(&mut self.bytes, asking)? {
                return Some(command);
            }
        }
    }
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
            pending: Pending::new(terminal),
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

    /// Takes in what standard input has (one read: it does not block after a wait said
    /// there is input). At its end, input is closed.
    pub fn fill(&mut self) -> io::Result<()> {
        let Some(stdin) = &mut self.stdin else {
            return Ok(());
        };
        let mut buf = [0u8; 4096];
        let n = match stdin.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(()),
            // A terminal that hung up reads as an error (EIO) or as its end.
            Err(_) if self.terminal => 0,
            Err(e) => return Err(e),
        };
        if n == 0 {
            self.hung_up = self.terminal;
            self.give_back();
            self.stdin = None;
            self.pending.end();
        } else {
            self.pending.push(&buf[..n]);
        }
        Ok(())
    }

    /// The next command read (see [`Listen::next`]).
    pub fn next(&mut self, asking: bool) -> Option<Command> {
        self.pending.next(asking)
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

/// The first complete line in `bytes` as a command (at the end of input, the rest too).
fn next_line(bytes: &mut Vec<u8>, ended: bool, asking: bool) -> Option<Command> {
    let line: Vec<u8> = match bytes.iter().position(|b| *b == b'\n') {
        Some(end) => bytes.drain(..=end).take(end).collect(),
        None if ended && !bytes.is_empty() => std::mem::take(bytes),
        None => return None,
    };
    Some(from_line(&String::from_utf8_lossy(&line), asking))
}

/// The first character in `bytes` and its length: `None` when it is cut off at the end of
/// a read (the rest comes with the next); a byte that is not UTF-8 reads as U+FFFD.
fn first_char(bytes: &[u8]) -> Option<(char, usize)> {
    let valid = match std::str::from_utf8(&bytes[..bytes.len().min(4)]) {
        Ok(s) => s,
        Err(e) if e.valid_up_to() > 0 => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()?,
        Err(e) => return e.error_len().map(|n| (char::REPLACEMENT_CHARACTER, n)),
    };
    valid.chars().next().map(|c| (c, c.len_utf8()))
}

/// The first key in `bytes`, taken out: `Some(None)` for a key that means nothing here,
/// `None` until a whole key is there. Arrow keys (`ESC [ C`, `ESC O D`) skip and go back;
/// other escape sequences are dropped whole; a lone Esc asks to end, as in the
/// full-screen session. An escape sequence cut off at the end of a read waits for the
/// rest.
fn next_key(bytes: &mut Vec<u8>, asking: bool) -> Option<Option<Command>> {
    let (c, len) = first_char(bytes)?;
    if c != '\x1b' {
        bytes.drain(..len);
        return Some(from_key(c, asking));
    }
    match bytes.get(1) {
        None => {
            bytes.drain(..1);
            Some(from_key(c, asking))
        }
        Some(b'[' | b'O') => {
            // Parameters, then a final byte from '@' to '~'.
            let len = bytes[2..].iter().position(|b| (b'@'..=b'~').contains(b))?;
            let msg = match bytes[2 + len] {
                b'C' => Some(crate::app::Msg::Skip),
                b'D' => Some(crate::app::Msg::Previous),
                _ => None,
            };
            bytes.drain(..3 + len);
            Some(msg.map(Command::Msg))
        }
        Some(_) => {
            // Alt and a key: not ours.
            let len = first_char(&bytes[1..]).map_or(1, |(_, n)| n);
            bytes.drain(..1 + len);
            Some(None)
        }
    }
}

/// Every command in `bytes` read with one state (tests: what a read of keys or lines
/// gives), the unfinished rest left.
#[cfg(test)]
fn commands(bytes: &mut Vec<u8>, keys: bool, asking: bool) -> Vec<Command> {
    let mut pending = Pending::new(keys);
    pending.push(bytes);
    let got = std::iter::from_fn(|| pending.next(asking)).collect();
    *bytes = pending.bytes;
    got
}

#[cfg(test)]
fn lines(bytes: &mut Vec<u8>, asking: bool) -> Vec<Command> {
    commands(bytes, false, asking)
}

#[cfg(test)]
fn keys(bytes: &mut Vec<u8>, asking: bool) -> Vec<Command> {
    commands(bytes, true, asking)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Msg;

    #[test]
    fn each_key_is_read_with_the_state_the_one_before_left() {
        // q and y in one read (typed fast, or a slow machine): the y answers the
        // question the q asked, as two reads would.
        let mut pending = Pending::new(true);
        pending.push(b"qy");
        assert_eq!(pending.next(false), Some(Command::Msg(Msg::Quit)));
        assert_eq!(pending.next(true), Some(Command::Msg(Msg::Yes)));
        assert_eq!(pending.next(true), None);
    }

    #[test]
    fn a_character_cut_off_between_reads_waits_for_the_rest() {
        let mut pending = Pending::new(true);
        let e = "é".as_bytes();
        pending.push(&e[..1]);
        assert_eq!(pending.next(false), None);
        pending.push(&e[1..]);
        assert_eq!(pending.next(false), Some(Command::Unknown("é".into())));
        // Not UTF-8: one replacement character, and the keys after it.
        pending.push(b"\xff ");
        assert_eq!(
            pending.next(false),
            Some(Command::Unknown("\u{fffd}".into()))
        );
        assert_eq!(pending.next(false), Some(Command::Msg(Msg::TogglePause)));
    }

    #[test]
    fn a_last_line_without_its_newline_counts_at_the_end_of_input() {
        let mut pending = Pending::new(false);
        pending.push(b"p\nq");
        assert_eq!(pending.next(false), Some(Command::Msg(Msg::TogglePause)));
        assert_eq!(pending.next(false), None);
        pending.end();
        assert_eq!(pending.next(false), Some(Command::End));
        assert_eq!(pending.next(false), None);
    }

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
