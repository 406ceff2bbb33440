//! Which background the terminal has, for the theme's palette (`ui::theme`): the
//! `theme` preference when it says "dark" or "light"; else the terminal's own answer to
//! OSC 11 ("what is your background colour?"); else `COLORFGBG` (rxvt, Konsole); else
//! dark. The question is followed by a Primary Device Attributes request, which every
//! terminal answers, so a terminal that does not know OSC 11 costs no wait; one that says
//! nothing at all costs [`WAIT`]. Asked before the loop reads its first key, with echo
//! off, and every byte of the answers is read here, so none reaches the key reader; an
//! answer that misses the deadline is discarded from the input.
//!
//! The parsing is pure ([`parse_answer`], [`from_colorfgbg`]); [`detect`] is the shell.

use std::fs::File;
use std::io::{IsTerminal as _, Read, Write};
use std::os::fd::AsRawFd;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::prefs::{Background, Theme};
use crate::sys;

/// How long to wait for the terminal's answers at most.
pub const WAIT: Duration = Duration::from_millis(200);

/// The question: OSC 11 (background colour), then DA1 (answered by every terminal).
const ASK: &[u8] = b"\x1b]11;?\x1b\\\x1b[c";

/// The background to paint for: the preference's, or the terminal's when it is "auto".
pub fn background(choice: Theme) -> Background {
    match choice {
        Theme::Dark => Background::Dark,
        Theme::Light => Background::Light,
        Theme::Auto => detected()
            .or_else(|| {
                std::env::var("COLORFGBG")
                    .ok()
                    .and_then(|v| from_colorfgbg(&v))
            })
            .unwrap_or_default(),
    }
}

/// The terminal's answer, asked once a process (desk mode's break asks no second time).
fn detected() -> Option<Background> {
    static ANSWER: OnceLock<Option<Background>> = OnceLock::new();
    *ANSWER.get_or_init(detect)
}

/// Asks the terminal; `None` when there is no terminal to ask or it does not say.
fn detect() -> Option<Background> {
    if super::dumb_terminal() || !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal()
    {
        return None;
    }
    let mut tty = File::options()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()?;
    let fd = tty.as_raw_fd();
    let saved = sys::key_mode(fd).ok()?;
    let answer = ask(&mut tty, Instant::now() + WAIT);
    let _ = sys::set_term_mode(fd, &saved);
    let (answer, complete) = answer?;
    if !complete {
        // The terminal may still answer: whatever it says later is not a key.
        let _ = sys::discard_input(fd);
    }
    parse_answer(&answer)
}

/// Writes the question and reads until the DA1 answer ends or `deadline` passes.
/// Returns the bytes read and whether the DA1 answer came.
fn ask<T: Read + Write + AsRawFd>(tty: &mut T, deadline: Instant) -> Option<(Vec<u8>, bool)> {
    tty.write_all(ASK).ok()?;
    tty.flush().ok()?;
    let mut got = Vec::new();
    let mut chunk = [0u8; 256];
    loop {
        if da1_ended(&got) {
            return Some((got, true));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || got.len() > 4096 {
            return Some((got, false));
        }
        let mut fds = [sys::PollFd::new(tty.as_raw_fd())];
        match sys::poll(&mut fds, left) {
            Ok(0) => continue,
            Ok(_) if fds[0].readable => match tty.read(&mut chunk) {
                Ok(0) | Err(_) => return Some((got, false)),
                Ok(n) => got.extend_from_slice(&chunk[..n]),
            },
            Ok(_) => return Some((got, false)),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Some((got, false)),
        }
    }
}

/// Whether `bytes` hold a whole DA1 answer: `ESC [ ?` digits and semicolons, then `c`.
fn da1_ended(bytes: &[u8]) -> bool {
    let Some(start) = find(bytes, b"\x1b[?") else {
        return false;
    };
    bytes[start + 3..]
        .iter()
        .find(|b| !(b.is_ascii_digit() || **b == b';'))
        .is_some_and(|&b| b == b'c')
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The background an OSC 11 answer (`ESC ] 11 ; rgb:RRRR/GGGG/BBBB` ended by BEL or
/// `ESC \`; one to four hex digits a channel; `rgba:` too) says, wherever it is in
/// `bytes`.
pub fn parse_answer(bytes: &[u8]) -> Option<Background> {
    let start = find(bytes, b"\x1b]11;")? + 5;
    let rest = &bytes[start..];
    let end = rest
        .iter()
        .position(|&b| b == 0x07 || b == 0x1b)
        .unwrap_or(rest.len());
    let text = std::str::from_utf8(&rest[..end]).ok()?;
    let spec = text
        .strip_prefix("rgb:")
        .or_else(|| text.strip_prefix("rgba:"))?;
    let mut channels = spec.split('/').map(channel);
    let (r, g, b) = (channels.next()??, channels.next()??, channels.next()??);
    Some(Background::of_rgb(r, g, b))
}

/// One channel, 1 to 4 hex digits, scaled to 0-255.
fn channel(hex: &str) -> Option<u8> {
    if hex.is_empty() || hex.len() > 4 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let value = u32::from_str_radix(hex, 16).ok()?;
    let max = (1u32 << (4 * hex.len())) - 1;
    u8::try_from((value * 255 + max / 2) / max).ok()
}

/// `COLORFGBG` ("15;0": the foreground's and the background's colour numbers, sometimes
/// with a middle field): background 7 or 15 (white, bright white) is light, 0 to 6 and 8
/// dark; anything else says nothing.
pub fn from_colorfgbg(value: &str) -> Option<Background> {
    let bg: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
    match bg {
        7 | 9..=15 => Some(Background::Light),
        0..=6 | 8 => Some(Background::Dark),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_in_every_form_are_read() {
        let white = b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?64;1;2c";
        assert_eq!(parse_answer(white), Some(Background::Light));
        let black = b"\x1b]11;rgb:0000/0000/0000\x07\x1b[?1;2c";
        assert_eq!(parse_answer(black), Some(Background::Dark));
        // Two digits a channel, rgba, a dark-grey theme, a Solarized light one.
        assert_eq!(
            parse_answer(b"\x1b]11;rgb:fd/f6/e3\x07"),
            Some(Background::Light)
        );
        assert_eq!(
            parse_answer(b"\x1b]11;rgba:2828/2c2c/3434/ffff\x1b\\"),
            Some(Background::Dark)
        );
        // Keys typed before the answer do not hide it.
        assert_eq!(
            parse_answer(b"jj\x1b]11;rgb:eeee/eeee/eeee\x1b\\"),
            Some(Background::Light)
        );
    }

    #[test]
    fn no_answer_or_a_broken_one_says_nothing() {
        assert_eq!(parse_answer(b"\x1b[?1;2c"), None);
        assert_eq!(parse_answer(b""), None);
        assert_eq!(parse_answer(b"\x1b]11;rgb:ffff/ffff\x07"), None);
        assert_eq!(parse_answer(b"\x1b]11;rgb:fffff/0/0\x07"), None);
        assert_eq!(parse_answer(b"\x1b]11;rgb:zz/00/00\x07"), None);
        assert_eq!(parse_answer(b"\x1b]11;#ffffff\x07"), None);
    }

    #[test]
    fn the_device_attributes_answer_ends_the_wait() {
        assert!(da1_ended(b"\x1b]11;rgb:0/0/0\x07\x1b[?64;1;2;6;22c"));
        assert!(da1_ended(b"\x1b[?6c"));
        assert!(!da1_ended(b"\x1b[?64;1"));
        assert!(!da1_ended(b"\x1b]11;rgb:0/0/0\x07"));
    }

    #[test]
    fn colorfgbg_is_read() {
        assert_eq!(from_colorfgbg("15;0"), Some(Background::Dark));
        assert_eq!(from_colorfgbg("0;15"), Some(Background::Light));
        assert_eq!(from_colorfgbg("0;default;15"), Some(Background::Light));
        assert_eq!(from_colorfgbg("12;8"), Some(Background::Dark));
        assert_eq!(from_colorfgbg("default"), None);
        assert_eq!(from_colorfgbg(""), None);
    }

    #[test]
    fn a_chosen_theme_is_not_asked_about() {
        assert_eq!(background(Theme::Light), Background::Light);
        assert_eq!(background(Theme::Dark), Background::Dark);
    }

    /// The shell's half against a stand-in terminal (a socket): the question is asked,
    /// an answer in pieces is read whole up to the end of the DA1 answer, and a terminal
    /// that says nothing costs the deadline and no more.
    #[test]
    fn the_question_is_asked_and_the_whole_answer_read() {
        use std::os::unix::net::UnixStream;
        let (mut ours, mut theirs) = UnixStream::pair().expect("socket pair");
        let terminal = std::thread::spawn(move || {
            let mut asked = [0u8; ASK.len()];
            theirs.read_exact(&mut asked).expect("the question");
            assert_eq!(&asked, ASK);
            theirs.write_all(b"\x1b]11;rgb:ffff/ff").expect("write");
            std::thread::sleep(Duration::from_millis(30));
            theirs.write_all(b"ff/ffff\x1b\\\x1b[?64;").expect("write");
            std::thread::sleep(Duration::from_millis(30));
            theirs.write_all(b"1;2c").expect("write");
            theirs
        });
        let (got, complete) =
            ask(&mut ours, Instant::now() + Duration::from_secs(5)).expect("asked");
        let _theirs = terminal.join().expect("the terminal");
        assert!(complete);
        assert!(got.ends_with(b"1;2c"), "{got:?}");
        assert_eq!(parse_answer(&got), Some(Background::Light));

        let (mut ours, _theirs) = UnixStream::pair().expect("socket pair");
        let start = Instant::now();
        let (got, complete) = ask(&mut ours, start + WAIT).expect("asked");
        let took = start.elapsed();
        assert!(!complete && got.is_empty());
        assert!(
            took >= WAIT && took < WAIT + Duration::from_secs(2),
            "{took:?}"
        );
    }

    #[test]
    fn channels_scale_to_eight_bits() {
        assert_eq!(channel("f"), Some(255));
        assert_eq!(channel("8"), Some(136));
        assert_eq!(channel("80"), Some(128));
        assert_eq!(channel("ffff"), Some(255));
        assert_eq!(channel("0000"), Some(0));
    }
}
