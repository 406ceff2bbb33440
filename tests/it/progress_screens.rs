//! The progress screen against ratatui's TestBackend: insta snapshots at 80×24 and
//! 120×40 with colours on and off (NO_COLOR: the calendar's glyphs and the legend carry
//! everything, no colour at all), an empty history, and every size down to the smallest
//! without a panic.

use crate::common;

use std::time::Duration;

use backease::app::{App, Msg, Screen};
use backease::history::progress::overview;
use backease::history::{SessionRecord, StepOutcome, StepRecord, Stiffness, WallTime};
use common::{Clock, app, find, render, send, text};
use jiff::civil::date;
use ratatui::style::Color;

fn t(text: &str) -> WallTime {
    text.parse().expect("a time")
}

/// A month of sessions, most days, a few long, with check-ins that improve; an open-ended
/// best; two routines.
fn month() -> Vec<SessionRecord> {
    let mut out = Vec::new();
    for day in 1..=29u32 {
        if day % 7 == 3 {
            continue; // a gap each week
        }
        let minutes = [4, 12, 25, 40][day as usize % 4];
        let (routine, name) = if day % 3 == 0 {
            ("ball", "Ball drape and bath")
        } else {
            ("five_stretches", "Five back stretches")
        };
        let start = t(&format!("2026-11-{day:02}T07:30:00+01:00"));
        let end = WallTime::new(
            start
                .at
                .checked_add(jiff::SignedDuration::from_mins(minutes))
                .expect("in range"),
            start.offset,
        );
        let before = u8::try_from(8 - day / 5).ok();
        let after = u8::try_from(6 - day / 6).ok();
        out.push(SessionRecord {
            id: format!("2026-11-{day:02}-desk"),
            routine: routine.into(),
            routine_name: name.into(),
            started: start,
            ended: end,
            finished: true,
            continues: None,
            sped_up: false,
            stiffness: Stiffness { before, after },
            steps: vec![StepRecord {
                exercise: "wall_sit".into(),
                name: "Wall sit".into(),
                outcome: StepOutcome::Done,
                held: Duration::from_secs(40 + u64::from(day)),
                open_ended: true,
            }],
        });
    }
    out
}

fn progress_app(records: &[SessionRecord], color: bool) -> App {
    let c = Clock::new();
    let mut a = app();
    a.color = color;
    send(&mut a, c.at(0), &[Msg::Progress]);
    a.learned(backease::app::Learned::Overview(Some(overview(
        records,
        date(2026, 11, 30),
    ))));
    assert!(matches!(a.screen, Screen::Progress(_)));
    a
}

#[test]
fn snapshots_at_80x24_and_120x40_with_colours_on_and_off() {
    let records = month();
    for (color, tag) in [(true, "color"), (false, "no_color")] {
        let a = progress_app(&records, color);
        for (w, h) in [(80, 24), (120, 40)] {
            let buf = render(&a, w, h);
            let screen = text(&buf);
            insta::assert_snapshot!(format!("progress_{tag}_{w}x{h}"), screen);
            for needle in [
                "Days moved",
                "█ 30+",
                "Stiffness",
                "Routines",
                "Bests",
                "Wall sit",
            ] {
                assert!(screen.contains(needle), "{needle:?} at {w}x{h}:\n{screen}");
            }
            assert!(
                find(&buf, "1 min 9 s").is_some(),
                "the best, 69 s:\n{screen}"
            );
            if !color {
                for cell in buf.content() {
                    assert!(
                        cell.fg == Color::Reset && cell.bg == Color::Reset,
                        "a colour under NO_COLOR: {cell:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_calendar_is_twelve_weeks_or_more_and_its_cells_are_the_days() {
    let a = progress_app(&month(), false);
    let screen = text(&render(&a, 80, 24));
    let monday = screen
        .lines()
        .find(|l| l.starts_with("Mon "))
        .expect("a row for Mondays");
    let cells = monday
        .split_whitespace()
        .skip(1)
        .take_while(|c| c.chars().count() == 1)
        .count();
    assert!(cells >= 12, "{cells} weeks:\n{screen}");
    // Thursday 26: 25 minutes (▓); Wednesday 25: 12 minutes (▒).
    // The calendar's part of a row (the chart is beside it).
    let row = |name: &str| {
        let line = screen.lines().find(|l| l.starts_with(name)).expect("a row");
        line.chars().take(4 + 2 * cells).collect::<String>()
    };
    // Monday 30 November (today) has no session: the last Monday cell is empty.
    assert!(row("Mon ").trim_end().ends_with('·'), "{}", row("Mon "));
    assert!(row("Thu ").trim_end().ends_with('▓'), "{}", row("Thu "));
    assert!(row("Wed ").trim_end().ends_with('▒'), "{}", row("Wed "));
}

#[test]
fn an_empty_history_says_so_and_every_size_draws() {
    let a = progress_app(&[], true);
    let screen = text(&render(&a, 80, 24));
    assert!(screen.contains("No sessions yet"), "{screen}");
    let b = progress_app(&month(), true);
    for w in (1..=130).step_by(7) {
        for h in (1..=45).step_by(4) {
            render(&a, w, h);
            render(&b, w, h);
        }
    }
    let small = text(&render(&b, 40, 12));
    assert!(
        small.contains("Progress") && small.contains("back to the menu"),
        "{small}"
    );
}

#[test]
fn the_check_in_and_the_summary_with_its_answers_at_80x24() {
    let c = Clock::new();
    let mut a = app().with_key_guard(Duration::ZERO);
    a.checkin = true;
    a.color = false;
    send(&mut a, c.at(0), &[Msg::Enter]);
    insta::assert_snapshot!("checkin_80x24", text(&render(&a, 80, 24)));
    send(&mut a, c.at(1_000), &[Msg::Char('4')]);
    send(&mut a, c.at(2_000), &[Msg::Quit, Msg::Yes]);
    insta::assert_snapshot!("summary_asking_80x24", text(&render(&a, 80, 24)));
    send(&mut a, c.at(3_000), &[Msg::Char('6')]);
    insta::assert_snapshot!("summary_answered_80x24", text(&render(&a, 80, 24)));
    let small = text(&render(&a, 40, 12));
    assert!(small.contains("stiffness 4 → 6"), "{small}");
}
