//! `backease history`'s calendar, stiffness and last-done sections as text: block
//! characters a terminal shows whatever its colours, a row per weekday, the weekly
//! average before → after, and names escaped like the rest of the report.

use std::time::Duration;

use backease::commands::history::progress_text;
use backease::history::{SessionRecord, StepOutcome, StepRecord, Stiffness, WallTime};
use jiff::civil::date;

fn t(text: &str) -> WallTime {
    text.parse().expect("a time")
}

fn run(name: &str, start: &str, minutes: i64, felt: Stiffness) -> SessionRecord {
    let started = t(start);
    let ended = WallTime::new(
        started
            .at
            .checked_add(jiff::SignedDuration::from_mins(minutes))
            .expect("in range"),
        started.offset,
    );
    SessionRecord {
        id: start.into(),
        routine: name.to_lowercase(),
        routine_name: name.into(),
        started,
        ended,
        finished: true,
        continues: None,
        sped_up: false,
        stiffness: felt,
        steps: vec![StepRecord {
            exercise: "e".into(),
            name: "E".into(),
            outcome: StepOutcome::Done,
            held: Duration::from_secs(30),
            open_ended: false,
        }],
    }
}

#[test]
fn the_calendar_stiffness_and_last_done_read_as_text() {
    let felt = |b, a| Stiffness {
        before: Some(b),
        after: Some(a),
    };
    let records = vec![
        run("Stretch", "2026-11-23T08:00:00+01:00", 35, felt(6, 3)),
        run("Stretch", "2026-11-25T08:00:00+01:00", 5, felt(5, 4)),
        run(
            "Ball\u{1b}[2J",
            "2026-11-29T20:00:00+01:00",
            15,
            Stiffness::default(),
        ),
    ];
    let text = progress_text(&records, date(2026, 11, 30));
    let row = |day: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(day))
            .unwrap_or_else(|| panic!("no {day} row in\n{text}"))
            .to_string()
    };
    // 26 weeks, the last column this week (Monday the 30th, no session yet).
    assert_eq!(row("Mon").split_whitespace().count(), 1 + 26, "{text}");
    assert!(row("Mon").ends_with("█ ·"), "{}", row("Mon"));
    assert!(row("Wed").ends_with('░'), "{}", row("Wed"));
    assert!(row("Sun").ends_with('▒'), "{}", row("Sun"));
    assert_eq!(
        row("Tue").split_whitespace().count(),
        1 + 25,
        "no Tuesday yet this week"
    );
    assert!(
        text.contains("· none  ░ <10 min  ▒ <20  ▓ <30  █ 30+"),
        "{text}"
    );
    assert!(text.contains("Longest streak: 1 day"), "{text}");
    assert!(
        text.contains("week of 2026-11-23  5.5 → 3.5  (2 sessions)"),
        "{text}"
    );
    assert!(text.contains("  2026-11-29"), "{text}");
    assert!(!text.contains('\u{1b}'), "names are escaped: {text:?}");
}
