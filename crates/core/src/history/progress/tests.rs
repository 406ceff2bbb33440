//! Tables for the overview: streaks across time zones and clock changes, an empty
//! history, one record, gaps; the calendar's days and minutes; weekly stiffness.

use std::time::Duration;

use jiff::civil::{Date, date};

use super::*;
use crate::history::{SessionRecord, StepOutcome, StepRecord, Stiffness, WallTime};

fn t(text: &str) -> WallTime {
    text.parse().expect("a time")
}

/// A session of `minutes` starting at `start` (RFC 3339 with offset), one step done.
fn run(start: &str, minutes: i64) -> SessionRecord {
    let started = t(start);
    let ended = WallTime::new(
        started
            .at
            .checked_add(jiff::SignedDuration::from_mins(minutes))
            .expect("in range"),
        started.offset,
    );
    SessionRecord {
        id: format!("r-{start}"),
        routine: "r".into(),
        routine_name: "R".into(),
        started,
        ended,
        finished: true,
        continues: None,
        sped_up: false,
        stiffness: Stiffness::default(),
        steps: vec![StepRecord {
            exercise: "e".into(),
            name: "E".into(),
            outcome: StepOutcome::Done,
            held: Duration::from_secs(30),
            open_ended: false,
        }],
    }
}

fn felt(mut r: SessionRecord, before: Option<u8>, after: Option<u8>) -> SessionRecord {
    r.stiffness = Stiffness { before, after };
    r
}

#[test]
fn streaks_count_local_days_across_time_zones_and_clock_changes() {
    // (records' starts, today, current streak, longest)
    let cases: &[(&[&str], Date, u32, u32)] = &[
        // Empty history.
        (&[], date(2026, 11, 30), 0, 0),
        // One record, today; yesterday (still alive); the day before (gone).
        (&["2026-11-30T08:00:00+01:00"], date(2026, 11, 30), 1, 1),
        (&["2026-11-29T08:00:00+01:00"], date(2026, 11, 30), 1, 1),
        (&["2026-11-28T08:00:00+01:00"], date(2026, 11, 30), 0, 1),
        // Each on its local day: 23:30 in UTC+2 the 28th; 00:30 in UTC-5 (05:30 UTC) the
        // 29th; 07:00 in UTC+9 (22:00 UTC the 29th) the 30th.
        (
            &[
                "2026-11-28T23:30:00+02:00",
                "2026-11-29T00:30:00-05:00",
                "2026-11-30T07:00:00+09:00",
            ],
            date(2026, 11, 30),
            3,
            3,
        ),
        // Two sessions on one local day count one day (flown east overnight).
        (
            &["2026-11-29T22:00:00-08:00", "2026-11-29T09:00:00+09:00"],
            date(2026, 11, 29),
            1,
            1,
        ),
        // Across the spring change of clocks in Europe (29 March 2026: +01:00 to +02:00)
        // and the autumn one (25 October 2026: +02:00 to +01:00): each local day once.
        (
            &[
                "2026-03-28T23:30:00+01:00",
                "2026-03-29T00:30:00+01:00",
                "2026-03-29T23:30:00+02:00",
                "2026-03-30T08:00:00+02:00",
            ],
            date(2026, 3, 30),
            3,
            3,
        ),
        (
            &[
                "2026-10-24T23:59:00+02:00",
                "2026-10-25T02:30:00+02:00",
                "2026-10-25T02:30:00+01:00",
                "2026-10-26T00:01:00+01:00",
            ],
            date(2026, 10, 26),
            3,
            3,
        ),
        // Gaps: 3 days, a gap of one day, 2 days up to today.
        (
            &[
                "2026-11-20T08:00:00+00:00",
                "2026-11-21T08:00:00+00:00",
                "2026-11-22T08:00:00+00:00",
                "2026-11-24T08:00:00+00:00",
                "2026-11-25T08:00:00+00:00",
            ],
            date(2026, 11, 25),
            2,
            3,
        ),
        // Across a year's end and a leap day.
        (
            &[
                "2027-12-31T20:00:00+00:00",
                "2028-01-01T20:00:00+00:00",
                "2028-02-28T20:00:00+00:00",
                "2028-02-29T20:00:00+00:00",
                "2028-03-01T20:00:00+00:00",
            ],
            date(2028, 3, 1),
            3,
            3,
        ),
    ];
    for (starts, today, current, longest) in cases {
        let records: Vec<_> = starts.iter().map(|s| run(s, 10)).collect();
        let o = overview(&records, *today);
        assert_eq!(o.streak, *current, "current streak of {starts:?}");
        assert_eq!(o.longest, *longest, "longest streak of {starts:?}");
        assert_eq!(longest_streak(&records), *longest);
    }
}

#[test]
fn an_empty_history_is_a_calendar_of_empty_days() {
    let today = date(2026, 11, 30); // a Monday
    let o = overview(&[], today);
    assert_eq!(o.days.len(), (OVERVIEW_WEEKS - 1) * 7 + 1);
    assert_eq!(
        o.days.first().map(|d| d.0.weekday()),
        Some(jiff::civil::Weekday::Monday)
    );
    assert_eq!(o.days.last().map(|d| d.0), Some(today));
    assert!(o.days.iter().all(|(_, m)| m.is_zero()));
    assert_eq!(o.weeks.len(), OVERVIEW_WEEKS);
    assert!(
        o.weeks
            .iter()
            .all(|w| w.before.is_none() && w.after.is_none())
    );
    assert!(o.routines.is_empty() && o.bests.is_empty());
    assert_eq!((o.streak, o.longest, o.sessions), (0, 0, 0));
}

#[test]
fn minutes_fall_on_the_local_day_and_old_or_sped_up_runs_are_left_out() {
    let today = date(2026, 11, 29); // a Sunday
    let mut fast = run("2026-11-27T10:00:00+00:00", 50);
    fast.sped_up = true;
    let records = vec![
        run("2026-11-28T23:50:00+02:00", 20),
        run("2026-11-28T07:00:00+02:00", 5),
        run("2020-01-01T07:00:00+00:00", 5),
        fast,
    ];
    let o = overview_weeks(&records, today, 12);
    assert_eq!(o.days.len(), 12 * 7);
    let on = |d: Date| o.days.iter().find(|(day, _)| *day == d).map(|(_, m)| *m);
    assert_eq!(on(date(2026, 11, 28)), Some(Duration::from_secs(25 * 60)));
    assert_eq!(on(date(2026, 11, 27)), Some(Duration::ZERO));
    assert_eq!(shade(Duration::from_secs(25 * 60)), 3);
    // The old session is in the totals, not the calendar; the sped-up one in neither.
    assert_eq!(o.time, Duration::from_secs(30 * 60));
    assert_eq!(o.sessions, 3);
    assert_eq!(o.routines[0].last, date(2026, 11, 28));
}

#[test]
fn stiffness_is_averaged_per_week_before_and_after_apart() {
    let today = date(2026, 11, 29);
    let records = vec![
        felt(run("2026-11-23T08:00:00+01:00", 10), Some(6), Some(3)),
        felt(run("2026-11-25T08:00:00+01:00", 10), Some(5), None),
        felt(run("2026-11-29T08:00:00+01:00", 10), None, Some(2)),
        felt(run("2026-11-16T08:00:00+01:00", 10), Some(7), Some(7)),
        run("2026-11-10T08:00:00+01:00", 10),
    ];
    let o = overview_weeks(&records, today, 3);
    let weeks: Vec<_> = o
        .weeks
        .iter()
        .map(|w| (w.monday, w.before, w.after, w.answered))
        .collect();
    assert_eq!(
        weeks,
        [
            (date(2026, 11, 9), None, None, 0),
            (date(2026, 11, 16), Some(70), Some(70), 1),
            (date(2026, 11, 23), Some(55), Some(25), 3),
        ]
    );
    assert_eq!(tenths_text(55), "5.5");
}

#[test]
fn shades_step_at_ten_twenty_and_thirty_minutes() {
    let m = |s| shade(Duration::from_secs(s));
    assert_eq!(
        [
            m(0),
            m(1),
            m(599),
            m(600),
            m(1199),
            m(1200),
            m(1799),
            m(1800),
            m(9999)
        ],
        [0, 1, 1, 2, 2, 3, 3, 4, 4]
    );
    assert_eq!(monday_of(date(2026, 11, 29)), date(2026, 11, 23));
    assert_eq!(monday_of(date(2026, 11, 23)), date(2026, 11, 23));
}
