//! The plan on the app's screens, in-process (issue 28): the menu's "Today:" line (and its
//! absence without a plan, the menu then exactly as before), the tick a session adds when
//! it ends, the cursor on the first routine due, this week's hold put on a range step, and
//! the progress screen's weeks kept, drawn on ratatui's `TestBackend` at 80×24 and 120×40
//! (insta snapshots, `tests/it/snapshots/it__plan_screens__*`). No files, no terminal, no
//! clock: the plan's state is handed to the app as the shell would.

use backease::app::{History, Msg, PlanNow, Screen};
use backease::history::progress::Overview;
use backease::plan::{Hold, PlanKept, Today, TodayItem, WeekKept};
use backease::routine::{TimeRange, Timing};
use jiff::civil::date;

use crate::common::{Clock, app, render, text, tick_through};

fn today(done: bool) -> Today {
    Today::Running {
        week: 2,
        weeks: 4,
        items: vec![
            TodayItem {
                routine: "long".into(),
                name: "Long drape".into(),
                done,
                this_week: None,
            },
            TodayItem {
                routine: "mix".into(),
                name: "Morning mix".into(),
                done: false,
                this_week: Some((1, 3)),
            },
        ],
    }
}

/// The child's pose (10–15 s) of "mix", held at 12 s this week.
fn hold() -> Hold {
    Hold {
        routine: "mix".into(),
        step: 1,
        exercise: "child_pose".into(),
        name: "Child's pose".into(),
        range: TimeRange::secs(10, 15),
        hold: std::time::Duration::from_secs(12),
        note: "12 s this week: no discomfort reported in 4 sessions".into(),
        weeks: Vec::new(),
    }
}

fn with_plan(done: bool) -> backease::app::App {
    let mut a = app();
    a.learned(backease::app::Learned::History(History {
        plan: Some(PlanNow {
            id: String::new(),
            today: today(done),
            holds: vec![hold()],
        }),
        ..History::default()
    }));
    a
}

#[test]
fn the_menu_shows_today_under_its_title_only_with_a_plan() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let plain = text(&render(&app(), w, h));
        assert!(!plain.contains("Today"), "{plain}");
        let planned = text(&render(&with_plan(true), w, h));
        let lines: Vec<&str> = planned.lines().collect();
        assert_eq!(lines[1].trim_end(), " Today: Long drape ✓ · Morning mix");
        // Everything else moves down a row: the title and the rest are the same.
        assert_eq!(lines[0], plain.lines().next().unwrap_or_default());
        insta::assert_snapshot!(format!("menu_today_{w}x{h}"), planned);
    }
}

#[test]
fn the_menu_opens_on_the_first_routine_due_and_a_session_ticks_it() {
    let mut a = with_plan(false);
    // "long" is the first due and not done: the cursor is on it (second in the list).
    let Screen::Menu(menu) = &a.screen else {
        panic!("the menu");
    };
    assert_eq!(menu.selected_routine(&a.library), Some(1));
    // Its first step (12 minutes) done, then the session ended: ticked.
    let c = Clock::new();
    a.start("long", c.at(0)).expect("started");
    tick_through(&mut a, &c, 0, 730_000);
    a.update(Msg::Quit, c.at(731_000));
    a.update(Msg::Yes, c.at(731_100));
    assert!(matches!(a.screen, Screen::Summary(_)), "the summary");
    assert_eq!(
        a.today.as_ref().map(|t| t.line(true)),
        Some("long ✓ · mix".to_string())
    );
}

#[test]
fn this_weeks_hold_is_on_the_step_with_its_reason() {
    let a = with_plan(false);
    let step = &a.library.routine("mix").expect("mix").steps[1];
    assert_eq!(step.timing, Timing::Hold(TimeRange::secs(10, 12)));
    assert!(
        step.description
            .starts_with("Plan: 12 s this week: no discomfort reported in 4 sessions."),
        "{}",
        step.description
    );
}

#[test]
fn the_progress_screen_shows_each_plan_week_kept() {
    let mut a = app();
    a.update(Msg::Progress, Clock::new().at(0));
    let week = |n: u32, planned: u32, done: u32, current: bool| WeekKept {
        week: n,
        first: date(2026, 11, 16)
            .checked_add(jiff::Span::new().days(i64::from(n - 1) * 7))
            .expect("date"),
        last: date(2026, 11, 22)
            .checked_add(jiff::Span::new().days(i64::from(n - 1) * 7))
            .expect("date"),
        planned,
        done,
        current,
    };
    // The calendar's weeks (empty), with sessions to show and the plan's weeks.
    let overview = Overview {
        sessions: 12,
        plan: Some(PlanKept {
            name: "Easing back in".into(),
            weeks: vec![
                week(1, 12, 10, false),
                week(2, 12, 7, false),
                week(3, 5, 2, true),
            ],
        }),
        ..backease::history::progress::overview(&[], date(2026, 12, 2))
    };
    a.learned(backease::app::Learned::Overview(Some(overview)));
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let screen = text(&render(&a, w, h));
        assert!(screen.contains("Plan: Easing back in"), "{screen}");
        assert!(screen.contains("week 1  Nov 16  10/12   83%"), "{screen}");
        assert!(
            screen.contains("week 3  Nov 30   2/5    40% so far"),
            "{screen}"
        );
        insta::assert_snapshot!(format!("progress_plan_{w}x{h}"), screen);
    }
}
