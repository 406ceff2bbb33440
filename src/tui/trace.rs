//! A timing trace for the performance budget, on only when `BACKEASE_TRACE=<path>` is set.
//! The file is opened once (append, created if missing) and gets one plain line per event,
//! each written with a single `write` call (no buffering, so a reader sees it at once;
//! no terminal output ever):
//!
//! ```text
//! first_frame_ms 38.2
//! cue hold_start delay_ms=0.4 due_ms=5012.0
//! step_end step=0 late_ms=0.6
//! frames whole=3 clock=17
//! session_over routine=e2e_fast step=2 finished=true
//! ```
//!
//! - `first_frame_ms`: real ms from the process's start (its `starttime` in
//!   `/proc/self/stat` against `/proc/uptime`, both in 10 ms kernel ticks, so library
//!   loading in `main` counts) to the end of the first frame's draw. Without `/proc` it is
//!   measured from when the trace was opened and the line says `first_frame_ms <ms> from=run`.
//! - `cue <sound> delay_ms= due_ms=`: real ms between the moment the cue was due and the
//!   call to the player (`bell` for the terminal bell when sound is off), and that moment
//!   itself, in real ms from when the trace was opened (so a recording of the sound can be
//!   lined up with the cues: `tests/it/audio_session.rs`). The engine hands out each cue
//!   with its own moment (`session::Due`: a deadline, or the moment of the key that caused
//!   it); the clock converts it back to real time.
//! - `cue_missed <sound> reason=<words>`: the player could not play a cue traced above
//!   (no device, or the device took it too late); the footer says so too.
//! - `step_end step=<i> late_ms=`: real ms between a step's end falling due (its cue's
//!   moment; the engine hands over at the deadline) and the shell having sounded the cues
//!   of that update (sound and bell are carried out first; history writes and
//!   notifications follow).
//! - `session_over`: the session was recorded (every way out records a running session once).
//!   Just before it, `frames whole=<n> clock=<n>`: the frames drawn since the last such
//!   line, whole and with only the clock and gauges drawn again (`tui::paint`).

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::audio::Sound;

/// The environment variable that turns the trace on.
pub const ENV: &str = "BACKEASE_TRACE";

/// Where trace lines go; does nothing when off.
#[derive(Debug)]
pub struct Trace {
    out: Option<Out>,
}

#[derive(Debug)]
struct Out {
    file: File,
    /// The process's age when the trace was opened, if `/proc` told us.
    age_at_open: Option<Duration>,
    opened: Instant,
    first_frame_done: bool,
    /// Frames drawn whole and clock-only since the last `frames` line.
    frames: [u64; 2],
    line: String,
}

impl Trace {
    /// A trace that writes nothing.
    pub fn off() -> Trace {
        Trace { out: None }
    }

    /// On if `BACKEASE_TRACE` names a file; an error says which file could not be opened.
    pub fn from_env() -> io::Result<Trace> {
        match std::env::var_os(ENV) {
            Some(path) if !path.is_empty() => Trace::to_file(Path::new(&path)),
            _ => Ok(Trace::off()),
        }
    }

    /// Appends to `path`.
    pub fn to_file(path: &Path) -> io::Result<Trace> {
        let opened = Instant::now();
        let file =
            crate::store::read::open_regular(path, OpenOptions::new().append(true).create(true))
                .map_err(|e| {
                    io::Error::new(
                        e.kind(),
                        format!("cannot open the trace file {} ({ENV}): {e}", path.display()),
                    )
                })?;
        Ok(Trace {
            out: Some(Out {
                file,
                age_at_open: process_age(),
                opened,
                first_frame_done: false,
                frames: [0; 2],
                line: String::with_capacity(96),
            }),
        })
    }

    pub fn is_on(&self) -> bool {
        self.out.is_some()
    }

    /// The first frame is on screen (only the first call writes).
    pub fn first_frame(&mut self) {
        let Some(out) = &mut self.out else { return };
        if out.first_frame_done {
            return;
        }
        out.first_frame_done = true;
        let since_open = out.opened.elapsed();
        match out.age_at_open {
            Some(age) => out.write(format_args!("first_frame_ms {:.1}", ms(age + since_open))),
            None => out.write(format_args!(
                "first_frame_ms {:.1} from=run",
                ms(since_open)
            )),
        }
    }

    /// A frame was drawn: whole, or (`clock_only`) only its clock and gauges.
    pub fn frame(&mut self, clock_only: bool) {
        let Some(out) = &mut self.out else { return };
        out.frames[usize::from(clock_only)] += 1;
    }

    /// A sound (or the bell, `sound == None`) was handed to the player at `now`; it was due
    /// at `due` (both real moments on the shell clock's timeline).
    pub fn cue(&mut self, sound: Option<Sound>, due: Instant, now: Instant) {
        let Some(out) = &mut self.out else { return };
        let name = sound.map_or("bell", Sound::key);
        let delay = now.saturating_duration_since(due);
        // A moment before the trace was opened (none is: the shells open it first) is 0.
        let at = due.saturating_duration_since(out.opened);
        out.write(format_args!(
            "cue {name} delay_ms={:.1} due_ms={:.1}",
            ms(delay),
            ms(at)
        ));
    }

    /// A 3-2-1 knock was not handed to the player: it gave way to a phrase being said,
    /// `delay` after it was due.
    pub fn gave_way(&mut self, sound: Sound, delay: Duration) {
        let Some(out) = &mut self.out else { return };
        out.write(format_args!(
            "cue_gave_way {} delay_ms={:.1}",
            sound.key(),
            ms(delay)
        ));
    }

    /// The player could not play `sound` (handed to it earlier, traced then as `cue`).
    pub fn missed(&mut self, sound: Sound, reason: &str) {
        let Some(out) = &mut self.out else { return };
        out.write(format_args!("cue_missed {} reason={reason}", sound.key()));
    }

    /// Step `step` (0-based) ended and was handled `late` after it was due.
    pub fn step_end(&mut self, step: usize, late: Duration) {
        let Some(out) = &mut self.out else { return };
        out.write(format_args!("step_end step={step} late_ms={:.1}", ms(late)));
    }

    /// A session was handed to the hooks as over.
    pub fn session_over(&mut self, routine: &str, step: usize, finished: bool) {
        let Some(out) = &mut self.out else { return };
        let [whole, clock] = std::mem::take(&mut out.frames);
        out.write(format_args!("frames whole={whole} clock={clock}"));
        out.write(format_args!(
            "session_over routine={routine} step={step} finished={finished}"
        ));
    }
}

impl Out {
    fn write(&mut self, args: std::fmt::Arguments<'_>) {
        use std::fmt::Write as _;
        self.line.clear();
        let _ = self.line.write_fmt(args);
        self.line.push('\n');
        // A trace that cannot be written must not disturb the session.
        let _ = self.file.write_all(self.line.as_bytes());
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

/// How long this process has existed, from the kernel's own start time (Linux `/proc`).
fn process_age() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let uptime = std::fs::read_to_string("/proc/uptime").ok()?;
    age_from(&stat, &uptime, clock_ticks_per_second()?)
}

/// `stat`'s field 22 (`starttime`, in clock ticks since boot) against `uptime`'s first field
/// (seconds since boot). The command name (field 2) may hold spaces and parentheses, so
/// fields are counted after its last `)`.
fn age_from(stat: &str, uptime: &str, ticks_per_second: u64) -> Option<Duration> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    // After the name come field 3 (state) onward; starttime is field 22.
    let start_ticks: u64 = after_name.split_whitespace().nth(22 - 3)?.parse().ok()?;
    let up: f64 = uptime.split_whitespace().next()?.parse().ok()?;
    let start = Duration::from_secs_f64(start_ticks as f64 / ticks_per_second as f64);
    let up = Duration::try_from_secs_f64(up).ok()?;
    Some(up.saturating_sub(start))
}

fn clock_ticks_per_second() -> Option<u64> {
    crate::sys::clock_ticks_per_second()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_process_age_comes_from_starttime_and_uptime() {
        // A command name with spaces and a parenthesis must not shift the fields.
        let mut fields = vec!["S".to_string()];
        fields.extend((4..=21).map(|n| n.to_string()));
        fields.push("12345".into()); // field 22: starttime
        fields.extend((23..=30).map(|n| n.to_string()));
        let stat = format!("4242 (a (b) c) {}", fields.join(" "));
        let age = age_from(&stat, "124.00 500.00\n", 100).expect("parsed");
        assert_eq!(age, Duration::from_millis(550));
        assert_eq!(age_from("garbage", "1.0 2.0", 100), None);
        // This very process has a plausible age.
        let mine = process_age().expect("Linux /proc");
        assert!(mine < Duration::from_secs(24 * 3600), "{mine:?}");
    }

    #[test]
    fn lines_are_appended_in_the_documented_format() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("trace.txt");
        std::fs::write(&path, "earlier line\n").expect("seed");
        let mut t = Trace::to_file(&path).expect("open");
        t.first_frame();
        t.first_frame();
        let opened = t.out.as_ref().expect("on").opened;
        let due = opened + Duration::from_millis(2_000);
        t.cue(
            Some(Sound::HoldStart),
            due,
            due + Duration::from_micros(1_500),
        );
        t.cue(
            None,
            opened + Duration::from_millis(250),
            opened + Duration::from_millis(250),
        );
        t.missed(Sound::Countdown, "no audio device");
        t.step_end(2, Duration::from_millis(3));
        t.frame(false);
        t.frame(true);
        t.frame(true);
        t.session_over("e2e_fast", 2, true);
        let text = std::fs::read_to_string(&path).expect("read");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "earlier line");
        assert!(lines[1].starts_with("first_frame_ms "), "{text}");
        assert_eq!(
            lines[2..],
            [
                "cue hold_start delay_ms=1.5 due_ms=2000.0",
                "cue bell delay_ms=0.0 due_ms=250.0",
                "cue_missed countdown reason=no audio device",
                "step_end step=2 late_ms=3.0",
                "frames whole=1 clock=2",
                "session_over routine=e2e_fast step=2 finished=true",
            ]
        );
    }

    #[test]
    fn an_off_trace_writes_nothing_and_a_bad_path_is_named() {
        let mut t = Trace::off();
        assert!(!t.is_on());
        t.first_frame();
        t.step_end(0, Duration::ZERO);
        let err = Trace::to_file(Path::new("/nonexistent/dir/trace")).expect_err("fails");
        assert!(err.to_string().contains("/nonexistent/dir/trace"), "{err}");
    }
}
