//! Durations as people write them: `"15s"`, `"20m"`, `"1m30s"`, `"1h"`, and ranges
//! `"10-15s"` / `"10–15 min"`; and the way we print them back (`"1:30"`, `"6 min"`).
//!
//! Pure text <-> `Duration`; no I/O, no knowledge of routines.
//!
//! Why a hand parser and not jiff's (a dependency already): tried on jiff 0.2.43,
//! `SignedDuration::from_str` and `fmt::friendly::SpanParser::parse_duration` accept
//! every documented form (`"15s"`, `"90s"`, `"2m"`, `"20 min"`, `"1m30s"`, `"1h"`) and
//! reject `"90"` and `"30s1m"` as we do, but they also accept what a routine file must
//! not say: fractions (`"1.5m"`), signs (`"-5s"`, `"5s ago"`, `"+5s"`), sub-second units
//! (`"5ms"`), commas (`"1m, 30s"`) and, through `from_str`, ISO 8601 (`"PT5S"`); and
//! they reject `"5 SECONDS"`, which we read. Filtering all of that out around jiff would
//! be longer than the loop below, and each slip would change what a file may contain.

use std::fmt;
use std::time::Duration;

/// The longest hold we accept anywhere; longer is almost certainly a typo.
pub const MAX_DURATION: Duration = Duration::from_secs(4 * 60 * 60);

/// What went wrong reading a duration, phrased for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DurationError {
    /// Not a duration at all.
    Malformed(String),
    /// Parsed, but zero.
    Zero,
    /// Parsed, but over [`MAX_DURATION`].
    TooLong(Duration),
    /// A range whose minimum exceeds its maximum.
    MinAboveMax(Duration, Duration),
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::Malformed(text) => write!(
                f,
                "{text:?} is not a duration; write it like \"15s\", \"20m\", \"1m30s\" or a range \"10-15s\""
            ),
            DurationError::Zero => write!(f, "a duration must be longer than zero"),
            DurationError::TooLong(d) => write!(
                f,
                "{} is too long; the limit is {}",
                clock(*d),
                clock(MAX_DURATION)
            ),
            DurationError::MinAboveMax(min, max) => write!(
                f,
                "the range's minimum ({}) is longer than its maximum ({})",
                short(*min),
                short(*max)
            ),
        }
    }
}

/// A length that is either fixed or a range (`10-15s`: the person may release at the
/// minimum, the step ends at the maximum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeRange {
    pub min: Duration,
    pub max: Duration,
}

impl TimeRange {
    pub const fn fixed(d: Duration) -> TimeRange {
        TimeRange { min: d, max: d }
    }
    pub const fn range(min: Duration, max: Duration) -> TimeRange {
        TimeRange { min, max }
    }
    pub fn is_range(&self) -> bool {
        self.min != self.max
    }
    pub fn secs(min: u64, max: u64) -> TimeRange {
        TimeRange::range(Duration::from_secs(min), Duration::from_secs(max))
    }
}

impl fmt::Display for TimeRange {
    /// `15 s`, `10–15 s`, `10–15 min`, `1 min 30 s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.is_range() {
            return f.write_str(&short(self.min));
        }
        let (a, b) = (self.min.as_secs(), self.max.as_secs());
        if a % 3600 == 0 && b % 3600 == 0 {
            write!(f, "{}–{} h", a / 3600, b / 3600)
        } else if a % 60 == 0 && b % 60 == 0 {
            write!(f, "{}–{} min", a / 60, b / 60)
        } else if a < 60 && b < 60 {
            write!(f, "{a}–{b} s")
        } else {
            write!(f, "{}–{}", short(self.min), short(self.max))
        }
    }
}

/// Parses one duration: `"15s"`, `"20m"`, `"20 min"`, `"1m30s"`, `"1h 5m"`, `"90"` is
/// rejected (a unit is required so nobody wonders whether it meant minutes).
pub fn parse_duration(text: &str) -> Result<Duration, DurationError> {
    let d = parse_unchecked(text)?;
    check(d)
}

/// Parses a fixed length or a range: `"15s"`, `"10-15s"`, `"10s-15s"`, `"10–15 min"`.
/// In `"10-15s"` the unit after the second number applies to both.
pub fn parse_span(text: &str) -> Result<TimeRange, DurationError> {
    let malformed = || DurationError::Malformed(text.to_string());
    let normalized = text.replace(['–', '—'], "-");
    let mut parts = normalized.split('-');
    let first = parts.next().unwrap_or("");
    let Some(second) = parts.next() else {
        return parse_duration(text).map(TimeRange::fixed);
    };
    if parts.next().is_some() || first.trim().is_empty() || second.trim().is_empty() {
        return Err(malformed());
    }
    let max = parse_unchecked(second).map_err(|_| malformed())?;
    let first = first.trim();
    let min = if first.bytes().all(|b| b.is_ascii_digit()) {
        // "10-15s": borrow the unit of the maximum.
        let unit = second
            .trim()
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim();
        let all_one_unit = second
            .trim()
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == ' ');
        if !all_one_unit || unit.is_empty() {
            return Err(malformed());
        }
        parse_unchecked(&format!("{first}{unit}")).map_err(|_| malformed())?
    } else {
        parse_unchecked(first).map_err(|_| malformed())?
    };
    let (min, max) = (check(min)?, check(max)?);
    if min > max {
        return Err(DurationError::MinAboveMax(min, max));
    }
    Ok(TimeRange::range(min, max))
}

fn check(d: Duration) -> Result<Duration, DurationError> {
    if d.is_zero() {
        Err(DurationError::Zero)
    } else if d > MAX_DURATION {
        Err(DurationError::TooLong(d))
    } else {
        Ok(d)
    }
}

/// Reads `<number><unit>` groups with optional spaces; accepts `0s` (zero is judged by
/// the caller, so `"0s"` can mean "no lead-in" where that is allowed).
pub fn parse_unchecked(text: &str) -> Result<Duration, DurationError> {
    let malformed = || DurationError::Malformed(text.to_string());
    let s = text.trim();
    if s.is_empty() || s.len() > 40 {
        return Err(malformed());
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut total: u64 = 0;
    let mut last_rank = u8::MAX;
    while i < bytes.len() {
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if start == i {
            return Err(malformed());
        }
        let number: u64 = s[start..i].parse().map_err(|_| malformed())?;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        let unit_start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let (factor, rank) = match s[unit_start..i].to_ascii_lowercase().as_str() {
            "h" | "hr" | "hrs" | "hour" | "hours" => (3600, 3),
            "m" | "min" | "mins" | "minute" | "minutes" => (60, 2),
            "s" | "sec" | "secs" | "second" | "seconds" => (1, 1),
            _ => return Err(malformed()),
        };
        // Units must go from large to small, each once: "1m30s", not "30s1m".
        if rank >= last_rank {
            return Err(malformed());
        }
        last_rank = rank;
        total = number
            .checked_mul(factor)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(malformed)?;
    }
    Ok(Duration::from_secs(total))
}

/// A countdown as people read it: `mm:ss`, or `h:mm:ss` from an hour. Whole seconds.
pub fn clock(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

/// A short length for lists: `15 s`, `2 min`, `1 min 30 s`, `1 h 5 min`.
pub fn short(d: Duration) -> String {
    let s = d.as_secs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if m > 0 {
        parts.push(format!("{m} min"));
    }
    if sec > 0 || parts.is_empty() {
        parts.push(format!("{sec} s"));
    }
    parts.join(" ")
}

/// A routine's total as a person estimates it: `"45 s"`, `"6 min"`, `"36–41 min"`,
/// `"40 s–2 min"`: seconds under a minute, whole minutes (rounded) from a minute up, each
/// end of a range on its own. The menu, `list` and the session's time left all say it so.
pub fn approx_total(range: TimeRange) -> String {
    fn minutes(d: Duration) -> u64 {
        ((d.as_secs() + 30) / 60).max(1)
    }
    let minute = Duration::from_secs(60);
    if range.max < minute {
        return TimeRange::secs(range.min.as_secs(), range.max.as_secs()).to_string();
    }
    if range.min < minute {
        return format!("{} s–{} min", range.min.as_secs(), minutes(range.max));
    }
    let (a, b) = (minutes(range.min), minutes(range.max));
    if a == b {
        format!("{a} min")
    } else {
        format!("{a}–{b} min")
    }
}

/// A total or the time left, with `+` when it is open: some step still to come (or going
/// on) is open-ended or untimed, so the person decides how much longer it takes. The
/// menu's and `list`'s totals and the session's time left: `"4–5 min+"`, `"20 s"`. With
/// nothing timed left but an open step, `"untimed from here"`.
pub fn approx_open(range: TimeRange, open: bool) -> String {
    match (range.max.is_zero(), open) {
        (true, true) => "untimed from here".to_string(),
        (false, true) => format!("{}+", approx_total(range)),
        (_, false) => approx_total(range),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn parses_what_people_write() {
        for (text, want) in [
            ("15s", 15),
            ("15 s", 15),
            ("20m", 1200),
            ("20 min", 1200),
            ("1m30s", 90),
            ("1m 30s", 90),
            ("1h", 3600),
            ("1h5m", 3900),
            ("2 minutes", 120),
            ("4h", 14400),
        ] {
            assert_eq!(parse_duration(text), Ok(secs(want)), "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_duration() {
        for text in [
            "",
            "15",
            "s",
            "15x",
            "1.5m",
            "30s1m",
            "1m1m",
            "-5s",
            "m30",
            "99999999999999999999s",
        ] {
            assert!(
                matches!(parse_duration(text), Err(DurationError::Malformed(_))),
                "{text}"
            );
        }
        assert_eq!(parse_duration("0s"), Err(DurationError::Zero));
        assert_eq!(
            parse_duration("99999h"),
            Err(DurationError::TooLong(secs(99999 * 3600)))
        );
        assert_eq!(
            parse_duration("4h1s"),
            Err(DurationError::TooLong(secs(14401)))
        );
    }

    #[test]
    fn parses_ranges() {
        assert_eq!(parse_span("10-15s"), Ok(TimeRange::secs(10, 15)));
        assert_eq!(parse_span("10–15 min"), Ok(TimeRange::secs(600, 900)));
        assert_eq!(parse_span("10s-15s"), Ok(TimeRange::secs(10, 15)));
        assert_eq!(parse_span("45s-1m"), Ok(TimeRange::secs(45, 60)));
        assert_eq!(parse_span("20m"), Ok(TimeRange::secs(1200, 1200)));
        assert_eq!(
            parse_span("15-10s"),
            Err(DurationError::MinAboveMax(secs(15), secs(10)))
        );
        for bad in ["-15s", "10-", "10-15", "1-2-3s", "10-1m30s", "a-b"] {
            assert!(
                matches!(parse_span(bad), Err(DurationError::Malformed(_))),
                "{bad}"
            );
        }
        assert_eq!(parse_span("0-15s"), Err(DurationError::Zero));
    }

    #[test]
    fn prints_for_people() {
        assert_eq!(clock(secs(75)), "01:15");
        assert_eq!(clock(secs(3725)), "1:02:05");
        assert_eq!(short(secs(90)), "1 min 30 s");
        assert_eq!(short(secs(0)), "0 s");
        assert_eq!(TimeRange::secs(10, 15).to_string(), "10–15 s");
        assert_eq!(TimeRange::secs(600, 900).to_string(), "10–15 min");
        assert_eq!(TimeRange::secs(45, 90).to_string(), "45 s–1 min 30 s");
        assert_eq!(approx_total(TimeRange::secs(350, 370)), "6 min");
        assert_eq!(approx_total(TimeRange::secs(2160, 2460)), "36–41 min");
        assert_eq!(approx_total(TimeRange::secs(40, 40)), "40 s");
    }

    #[test]
    fn totals_and_time_left_read_the_same_at_every_size() {
        // (min s, max s, open, text): a routine's total or a session's time left.
        let table = [
            (0, 0, false, "0 s"),
            (0, 0, true, "untimed from here"),
            (5, 5, false, "5 s"),
            (14, 24, false, "14–24 s"),
            (14, 24, true, "14–24 s+"),
            // A range across the minute: each end in its own unit, never "1–2 min" for
            // twenty seconds.
            (20, 70, false, "20 s–1 min"),
            (59, 60, false, "59 s–1 min"),
            (60, 60, false, "1 min"),
            (89, 89, false, "1 min"),
            (90, 90, false, "2 min"),
            (126, 126, false, "2 min"),
            (130, 170, true, "2–3 min+"),
            (240, 300, false, "4–5 min"),
            (2160, 2460, false, "36–41 min"),
            (4 * 3600, 4 * 3600, true, "240 min+"),
        ];
        for (min, max, open, want) in table {
            let got = approx_open(TimeRange::secs(min, max), open);
            assert_eq!(got, want, "{min}–{max} s, open {open}");
        }
    }
}
