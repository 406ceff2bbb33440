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

/// One width rule everywhere: a name of wide characters (two columns each) or an emoji
/// pads the history tables by the columns it takes, so the next column lines up.
#[test]
fn wide_names_line_up_in_the_history_tables() {
    use backease::commands::history::report;
    use backease::ui::text::width;
    let records = vec![
        run(
            "Stretch",
            "2026-11-23T08:00:00+01:00",
            10,
            Stiffness::default(),
        ),
        run(
            "腰のストレッチ",
            "2026-11-24T08:00:00+01:00",
            10,
            Stiffness::default(),
        ),
        run(
            "🧘 Back",
            "2026-11-25T08:00:00+01:00",
            10,
            Stiffness::default(),
        ),
    ];
    let text = report(&records, date(2026, 11, 30), &[]);
    let section = |title: &str| -> Vec<String> {
        text.split(title)
            .nth(1)
            .unwrap_or_else(|| panic!("no {title} in\n{text}"))
            .lines()
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .map(str::to_string)
            .collect()
    };
    for title in ["Recent sessions", "Totals per routine"] {
        let rows = section(title);
        assert_eq!(rows.len(), 3, "{text}");
        // Where "session"/"done" starts, in columns, is the same on every row.
        let word = if title == "Recent sessions" {
            " done,"
        } else {
            " session"
        };
        let at: Vec<usize> = rows
            .iter()
            .map(|r| width(&r[..r.find(word).unwrap_or_else(|| panic!("{r}"))]))
            .collect();
        assert!(at.iter().all(|&c| c == at[0]), "{title}: {at:?}\n{text}");
    }
}
