//! Working hours and days: when a break can be due at all. A working period is one day's
//! `start..end` in local time, placed on the time line through the person's time zone, so
//! a daylight-saving day has a 23- or 25-hour calendar but its 09:00 is still 09:00.
//! Pure: given a time zone and instants, never reads a clock.

use std::fmt;
use std::time::Duration;

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;

/// Minutes in a day: `end` may be this (24:00, the next midnight).
pub const DAY_MINUTES: u16 = 24 * 60;

/// The days of the week, Monday first, as written in preferences.
const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_FULL_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// When breaks can be due: `start..end` (minutes after local midnight, `end` up to
/// 24:00) on the days in `days` (bit 0 is Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingHours {
    pub start: u16,
    pub end: u16,
    pub days: u8,
}

impl Default for WorkingHours {
    /// 09:00–17:30, Monday to Friday.
    fn default() -> WorkingHours {
        WorkingHours {
            start: 9 * 60,
            end: 17 * 60 + 30,
            days: 0b001_1111,
        }
    }
}

fn day_bit(day: Weekday) -> u8 {
    1 << (day.to_monday_zero_offset() as u8)
}

impl WorkingHours {
    /// Every day, all day (tests and people who want no limits).
    pub fn always() -> WorkingHours {
        WorkingHours {
            start: 0,
            end: DAY_MINUTES,
            days: 0b111_1111,
        }
    }

    pub fn works_on(&self, day: Weekday) -> bool {
        self.days & day_bit(day) != 0
    }

    /// The working period of `date` as instants, `None` on a day off.
    pub fn period(&self, date: Date, tz: &TimeZone) -> Option<(Timestamp, Timestamp)> {
        if !self.works_on(date.weekday()) {
            return None;
        }
        let at = |minutes: u16| -> Option<Timestamp> {
            if minutes >= DAY_MINUTES {
                let next = date.tomorrow().ok()?;
                return Some(next.to_zoned(tz.clone()).ok()?.timestamp());
            }
            let time = date.at((minutes / 60) as i8, (minutes % 60) as i8, 0, 0);
            // A time the clocks skip (02:30 on a spring-forward day) is read in the offset
            // before the gap (03:30 summer time); a time that happens twice is its first
            // occurrence (jiff's "compatible" disambiguation, as calendars do).
            Some(time.to_zoned(tz.clone()).ok()?.timestamp())
        };
        let (start, end) = (at(self.start)?, at(self.end)?);
        (start < end).then_some((start, end))
    }

    /// The working period `at` falls in, if it falls in one.
    pub fn period_of(&self, at: Timestamp, tz: &TimeZone) -> Option<(Timestamp, Timestamp)> {
        let date = at.to_zoned(tz.clone()).date();
        self.period(date, tz)
            .filter(|(start, end)| *start <= at && at < *end)
    }

    pub fn contains(&self, at: Timestamp, tz: &TimeZone) -> bool {
        self.period_of(at, tz).is_some()
    }

    /// The first moment a sitting that began at `from` has lasted `interval` of working
    /// time within one working period: a new period starts the count again (a night or
    /// a day off is a break), and an interval that would cross the end of a period is
    /// (or end exactly at it) is not due that day but `interval` after the next period's start. `None` when no
    /// period in the coming two weeks is long enough.
    pub fn next_due(
        &self,
        from: Timestamp,
        interval: Duration,
        tz: &TimeZone,
    ) -> Option<Timestamp> {
        let mut date = from.to_zoned(tz.clone()).date();
        for _ in 0..15 {
            if let Some((start, end)) = self.period(date, tz)
                && end > from
            {
                let due = start.max(from).checked_add(interval).ok()?;
                if due < end {
                    return Some(due);
                }
            }
            date = date.tomorrow().ok()?;
        }
        None
    }

    /// The start of the next working period after `at` (not the one `at` is in).
    pub fn next_start(&self, at: Timestamp, tz: &TimeZone) -> Option<Timestamp> {
        let mut date = at.to_zoned(tz.clone()).date();
        for _ in 0..15 {
            if let Some((start, _)) = self.period(date, tz)
                && start > at
            {
                return Some(start);
            }
            date = date.tomorrow().ok()?;
        }
        None
    }

    /// The hours as written: `"09:00-17:30"`.
    pub fn hours_text(&self) -> String {
        format!("{}-{}", clock_text(self.start), clock_text(self.end))
    }

    /// The days as written: `"mon-fri"`, `"mon,wed,fri"`, `"every day"`.
    pub fn days_text(&self) -> String {
        days_text(self.days)
    }
}

impl fmt::Display for WorkingHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.hours_text(), self.days_text())
    }
}

fn clock_text(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn days_text(days: u8) -> String {
    if days == 0b111_1111 {
        return "every day".to_string();
    }
    let on: Vec<usize> = (0..7).filter(|i| days & (1 << i) != 0).collect();
    // One unbroken run of three or more days reads as a range.
    if on.len() >= 3 && on.windows(2).all(|w| w[1] == w[0] + 1) {
        return format!("{}-{}", DAY_NAMES[on[0]], DAY_NAMES[on[on.len() - 1]]);
    }
    on.iter()
        .map(|&i| DAY_NAMES[i])
        .collect::<Vec<_>>()
        .join(",")
}

/// `"HH:MM"`, 00:00 to 24:00.
fn parse_clock(text: &str) -> Result<u16, String> {
    let bad = || format!("{text:?} is not a time of day like \"09:00\"");
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(h) || m.len() != 2 || !all_digits(m) {
        return Err(bad());
    }
    let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return Err(format!("{text:?} is not a time of day (00:00 to 24:00)"));
    }
    Ok(h * 60 + m)
}

/// `"09:00-17:30"` (an en dash works too): start and end, the end later the same day.
pub fn parse_hours(text: &str) -> Result<(u16, u16), String> {
    let (a, b) = text
        .split_once('-')
        .or_else(|| text.split_once('–'))
        .ok_or_else(|| format!("{text:?} is not a span like \"09:00-17:30\""))?;
    let (start, end) = (parse_clock(a)?, parse_clock(b)?);
    if start >= end {
        return Err(format!(
            "{text:?} ends before it starts; write the start first, both on the same day \
             (up to 24:00)"
        ));
    }
    Ok((start, end))
}

/// `"mon-fri"`, `"mon,wed,fri"`, `"sat-sun"`, `"every day"`: the days as a bit set.
pub fn parse_days(text: &str) -> Result<u8, String> {
    let t = text.trim().to_ascii_lowercase();
    if t == "every day" || t == "everyday" || t == "all" {
        return Ok(0b111_1111);
    }
    let day = |name: &str| -> Result<usize, String> {
        let name = name.trim();
        // "monday", "mon" and "Mon" all work; "mo" does not.
        DAY_FULL_NAMES
            .iter()
            .position(|full| name.len() >= 3 && full.starts_with(name))
            .ok_or_else(|| format!("{name:?} is not a day; use mon, tue, wed, thu, fri, sat, sun"))
    };
    let mut days = 0u8;
    for part in t.split(',') {
        if part.trim().is_empty() {
            return Err(format!(
                "{text:?}: a day is missing; write days like \"mon-fri\" or \"mon,wed,fri\""
            ));
        }
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day(a)?, day(b)?);
                // "fri-mon" wraps round the weekend.
                let mut i = a;
                loop {
                    days |= 1 << i;
                    if i == b {
                        break;
                    }
                    i = (i + 1) % 7;
                }
            }
            None => days |= 1 << day(part)?,
        }
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_and_days_read_and_write_back() {
        assert_eq!(parse_hours("09:00-17:30"), Ok((540, 1050)));
        assert_eq!(parse_hours("9:00–17:30"), Ok((540, 1050)));
        assert_eq!(parse_hours("00:00-24:00"), Ok((0, 1440)));
        for bad in [
            "17:30-09:00",
            "9-17",
            "09:60-10:00",
            "25:00-26:00",
            "09:00",
            "ab:cd-10:00",
        ] {
            assert!(parse_hours(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_days("mon-fri"), Ok(0b001_1111));
        assert_eq!(parse_days("Monday,Wed, fri"), Ok(0b001_0101));
        assert_eq!(parse_days("fri-mon"), Ok(0b111_0001));
        assert_eq!(parse_days("every day"), Ok(0b111_1111));
        for bad in ["", "mo", "mon,,fri", "funday"] {
            assert!(parse_days(bad).is_err(), "{bad}");
        }
        assert_eq!(days_text(0b001_1111), "mon-fri");
        assert_eq!(days_text(0b001_0101), "mon,wed,fri");
        assert_eq!(WorkingHours::default().to_string(), "09:00-17:30 mon-fri");
    }
}
