//! The menu's plan picker (`P`, issue 28), in-process over the shipped library: the
//! shipped plans with their names, ids and a line on each, the plan in use marked and
//! "No plan" while one is followed, the footer's keys while it is open, a click on a
//! plan's rows taking it, and the Today line following once the shell has written the
//! plan. Drawn on ratatui's `TestBackend` at 80×24 and 120×40 (insta snapshots,
//! `tests/it/snapshots/it__plan_picker__*`). No files: the shell's answer is handed to
//! the app as the tui shell hands it.

use backease::app::{App, Effect, Msg, PlanNow, PlanTaken, Screen};
use backease::plan::{Today, TodayItem};
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::common::{self, Clock, render, text};

fn shipped() -> App {
    common::app_over(backease::routine::load::shipped())
}

/// What the tui shell hands back after writing `easing_back_in` (nothing done today).
fn easing_back_in() -> PlanTaken {
    PlanTaken {
        now: Some(PlanNow {
            id: "easing_back_in".into(),
            today: Today::Running {
                week: 1,
                weeks: 4,
                items: vec![
                    TodayItem {
                        routine: "five_stretches".into(),
                        name: "Five back stretches".into(),
                        done: false,
                        this_week: None,
                    },
                    TodayItem {
                        routine: "desk_break".into(),
                        name: "Desk break".into(),
                        done: false,
                        this_week: None,
                    },
                ],
            },
            holds: Vec::new(),
        }),
        note: "Following Easing back in from today for 4 weeks.".into(),
    }
}

fn click(a: &App, w: u16, h: u16, column: u16, row: u16) -> Option<Msg> {
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    let drawn = backease::ui::draw(a, buf.area, &mut buf);
    let event = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    backease::ui::hits::msg_for_mouse(a, &drawn.hits, event)
}

/// The screen row holding `needle`.
fn row_of(screen: &str, needle: &str) -> u16 {
    screen
        .lines()
        .position(|l| l.contains(needle))
        .map(|i| i as u16)
        .unwrap_or_else(|| panic!("{needle:?} not on the screen:\n{screen}"))
}

#[test]
fn the_picker_lists_the_shipped_plans_and_its_keys() {
    let c = Clock::new();
    let mut a = shipped();
    a.update(Msg::Plans, c.at(0));
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let screen = text(&render(&a, w, h));
        for line in [
            "Follow a plan",
            "▸ Easing back in  easing_back_in",
            "Morning and bedtime  morning_and_bedtime",
            "Desk days  desk_days",
            "Stretch and core  stretch_and_core",
            "4 weeks · Five back stretches every day · Desk break mon-fri",
            "↑↓ move · Enter take · Esc close · ? help",
        ] {
            assert!(screen.contains(line), "{w}x{h}: {line:?}\n{screen}");
        }
        assert!(!screen.contains("No plan"), "none is followed\n{screen}");
        insta::assert_snapshot!(format!("picker_{w}x{h}"), screen);
    }
    // Its help: the picker's own keys.
    a.update(Msg::Help, c.at(0));
    let help = text(&render(&a, 120, 40));
    assert!(help.contains("take the plan (a click on it too)"), "{help}");
    assert!(!help.contains("mark a favourite"), "{help}");
}

#[test]
fn taking_a_plan_shows_today_and_the_picker_then_marks_it_with_no_plan_last() {
    let c = Clock::new();
    let mut a = shipped();
    let plain = text(&render(&a, 80, 24));
    assert!(!plain.contains("Today:"), "{plain}");
    a.update(Msg::Plans, c.at(0));
    assert_eq!(
        a.update(Msg::Enter, c.at(0)),
        [Effect::UsePlan(Some("easing_back_in".into()))]
    );
    a.learned(backease::app::Learned::Plan(Ok(easing_back_in())));
    let screen = text(&render(&a, 80, 24));
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(
        lines[1], " Today: Five back stretches · Desk break",
        "{screen}"
    );
    assert!(
        screen.contains("Following Easing back in from today for 4 weeks."),
        "{screen}"
    );
    a.update(Msg::Plans, c.at(0));
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let screen = text(&render(&a, w, h));
        assert!(
            screen.contains("▸ Easing back in  easing_back_in  ✓ in use"),
            "{screen}"
        );
        assert!(screen.contains("No plan"), "{screen}");
        insta::assert_snapshot!(format!("picker_in_use_{w}x{h}"), screen);
    }
    // Esc closes it and writes nothing.
    assert!(a.update(Msg::Cancel, c.at(0)).is_empty());
    assert!(matches!(&a.screen, Screen::Menu(m) if m.plans.is_none()));
}

#[test]
fn a_click_on_a_plans_rows_takes_it_and_the_routines_under_it_take_none() {
    let c = Clock::new();
    let mut a = shipped();
    a.update(Msg::Plans, c.at(0));
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let screen = text(&render(&a, w, h));
        let name = row_of(&screen, "Desk days  desk_days");
        let x = screen.lines().nth(usize::from(name)).map_or(0, |l| {
            l.chars().position(|ch| ch == 'D').unwrap_or(0) as u16
        });
        // Its name's row and its summary's row both take it.
        assert_eq!(click(&a, w, h, x, name), Some(Msg::TakePlan(2)), "{w}x{h}");
        assert_eq!(
            click(&a, w, h, x, name + 1),
            Some(Msg::TakePlan(2)),
            "{w}x{h}"
        );
        // The border and the menu behind it: nothing.
        assert_eq!(click(&a, w, h, x, row_of(&screen, "╰")), None, "{w}x{h}");
        assert_eq!(
            click(&a, w, h, 2, 2),
            None,
            "{w}x{h}: a routine under the box"
        );
    }
    assert_eq!(
        a.update(Msg::TakePlan(2), c.at(0)),
        [Effect::UsePlan(Some("desk_days".into()))]
    );
}

#[test]
fn a_plan_that_cannot_be_written_is_said_on_the_menu_and_nothing_changes() {
    let c = Clock::new();
    let mut a = shipped();
    a.update(Msg::Plans, c.at(0));
    a.update(Msg::Enter, c.at(0));
    a.learned(backease::app::Learned::Plan(Err(
        "could not write the plan: Permission denied (os error 13)".into(),
    )));
    let screen = text(&render(&a, 80, 24));
    assert!(!screen.contains("Today:"), "{screen}");
    assert!(
        screen.contains("could not write the plan: Permission denied (os error 13)"),
        "{screen}"
    );
    assert_eq!(a.plan_id, None);
}
