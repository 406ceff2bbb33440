//! The reminder's screen (`backease remind`) against a plain buffer: insta snapshots of
//! each state at 80×24, 120×40 and the smallest drawn size, 40×12; and every state at
//! every size from 1×1 to 160×50 without a panic. Times are Berlin's, from jiff's time
//! zone database, on a fixed day.

use std::time::Duration;

use backease::remind::hours::WorkingHours;
use backease::remind::schedule::{PauseFor, Reading, Rules, Schedule};
use backease::remind::screen::{Input, Key, Offer, Reminder};
use backease::ui::remind::View;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

fn berlin() -> TimeZone {
    TimeZone::get("Europe/Berlin").expect("Europe/Berlin in the time zone database")
}

fn local(text: &str) -> Timestamp {
    let dt: jiff::civil::DateTime = text.parse().expect("a civil date-time");
    dt.to_zoned(berlin()).expect("in Berlin").timestamp()
}

/// A reminder started at 09:00 on Monday 30 November 2026 (default working hours), at
/// `minutes` later after `inputs` at their minutes.
fn reminder(inputs: &[(u64, Input)], minutes: u64) -> Reminder {
    let start = local("2026-11-30 09:00");
    let at = |m: u64| Reading {
        wall: start.checked_add(Duration::from_secs(m * 60)).expect("t"),
        boot: Duration::from_secs(m * 60),
        mono: Duration::from_secs(m * 60),
    };
    let schedule = Schedule::new(Rules::default(), berlin(), start);
    let offers = vec![
        Offer {
            id: "desk_break".into(),
            name: "Desk break".into(),
            length: "4–5 min+".into(),
            seconds: 300,
        },
        Offer {
            id: "stiff_back".into(),
            name: "Stiff back (PT five)".into(),
            length: "7–8 min".into(),
            seconds: 480,
        },
    ];
    let mut r = Reminder::new(schedule, offers, start);
    r.idle_note = Some(
        "no idle source (no system D-Bus): time away from the keyboard is not noticed; \
         sleep and routines count as breaks"
            .into(),
    );
    r.update(Input::Tick, at(0));
    for (m, input) in inputs {
        r.update(*input, at(*m));
    }
    r.update(Input::Tick, at(minutes));
    r
}

fn states() -> Vec<(&'static str, Reminder)> {
    let recorded = local("2026-11-30 09:50");
    vec![
        ("waiting", reminder(&[(50, Input::Recorded(recorded))], 72)),
        ("due", reminder(&[(60, Input::Key(Key::Snooze))], 75)),
        (
            "paused",
            reminder(
                &[
                    (20, Input::Key(Key::Pause)),
                    (20, Input::Key(Key::PauseFor(PauseFor::Hour))),
                ],
                35,
            ),
        ),
        ("pause_menu", reminder(&[(20, Input::Key(Key::Pause))], 21)),
        ("help", reminder(&[(20, Input::Key(Key::Help))], 21)),
        ("outside_hours", reminder(&[], 9 * 60)),
    ]
}

fn render(r: &Reminder, w: u16, h: u16) -> Buffer {
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    (&View {
        reminder: r,
        color: false,
        background: Default::default(),
    })
        .render(area, &mut buf);
    buf
}

fn text(buf: &Buffer) -> String {
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            let row: String = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
            row.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn snapshots_at_80x24_120x40_and_40x12() {
    for (name, r) in states() {
        for (w, h) in [(80, 24), (120, 40), (40, 12)] {
            insta::assert_snapshot!(format!("remind_{name}_{w}x{h}"), text(&render(&r, w, h)));
        }
    }
}

#[test]
fn every_size_draws_without_a_panic_and_keeps_the_headline_and_quit() {
    for (name, r) in states() {
        for w in 1..=160 {
            for h in [1, 5, 11, 12, 13, 24, 50] {
                let screen = text(&render(&r, w, h));
                if w >= 40 && h >= 12 && !name.starts_with("pause_menu") && name != "help" {
                    assert!(screen.contains("q quit"), "{name} {w}x{h}:\n{screen}");
                    let head = ["Next break", "Time for a break", "paused", "Outside"];
                    assert!(
                        head.iter().any(|h| screen.contains(h)),
                        "{name} {w}x{h}:\n{screen}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_waiting_view_says_what_matters() {
    let r = reminder(&[], 12);
    let screen = text(&render(&r, 80, 24));
    for needle in [
        "Next break in 48 min",
        "at 10:00",
        "Sitting since   09:00 (12 min)",
        "Breaks today    0 taken · 0 due · 0 snoozed · 0 skipped",
        "Break routine   Desk break · 4–5 min+",
        "Working hours   09:00-17:30 mon-fri · every 1 h · snooze 10 min",
        "Enter break now · k skip · p pause · ? help · q quit",
        "Mon 30 Nov · 09:12",
    ] {
        assert!(screen.contains(needle), "missing {needle:?} in\n{screen}");
    }
    let _ = WorkingHours::default();
}

/// Desk mode's screens (the due break's band included) use only colours the theme
/// defines for the background, whose contrast the theme's tests compute (issue 26 item
/// 12: the due line was white on yellow on a light terminal).
#[test]
fn desk_colours_are_the_backgrounds_own() {
    use backease::prefs::Background;
    use backease::ui::Theme;
    use ratatui::style::Color;
    for background in [Background::Dark, Background::Light] {
        let theme = Theme::new(true, background);
        let defined: Vec<Color> = theme
            .styles()
            .iter()
            .flat_map(|(_, style, _)| [style.fg, style.bg])
            .flatten()
            .collect();
        for (name, r) in states() {
            let area = Rect::new(0, 0, 80, 24);
            let mut buf = Buffer::empty(area);
            (&View {
                reminder: &r,
                color: true,
                background,
            })
                .render(area, &mut buf);
            let coloured = buf
                .content()
                .iter()
                .filter(|c| c.fg != Color::Reset)
                .count();
            assert!(coloured > 0, "{name} on {background:?} has some colour");
            for cell in buf.content() {
                for c in [cell.fg, cell.bg] {
                    assert!(
                        c == Color::Reset || defined.contains(&c),
                        "{name} on {background:?}: {c:?} in {cell:?}"
                    );
                }
            }
        }
    }
}

/// Issue 26 item 13: a due break is unmissable: "STAND UP" and how long it has been due
/// in big letters, the whole window in the due colour, and at the smallest size still
/// the routine and the keys to start, snooze, skip and quit.
#[test]
fn a_due_break_fills_the_window_in_big_letters() {
    use backease::ui::digits::BigClock;
    use ratatui::style::Modifier;
    // Due at 10:00, snoozed at 10:00 for 10 min: due again since 10:10; at 10:35 for 25.
    let r = reminder(&[(60, Input::Key(Key::Snooze))], 95);
    for (w, h) in [(40, 12), (80, 24), (120, 40)] {
        let buf = render(&r, w, h);
        let screen = text(&buf);
        // The window's colour: every cell in the due style (reverse video without colour).
        for y in 0..h {
            for x in 0..w {
                let cell = &buf[(x, y)];
                assert!(
                    cell.modifier.contains(Modifier::REVERSED),
                    "{w}x{h}: ({x},{y}) not in the due colour\n{screen}"
                );
            }
        }
        // Big: the words as the big font draws them, at the size the screen chose.
        for words in ["STAND UP", "25 MIN"] {
            let found = (1..=h).rev().any(|rows| {
                let mut big = Buffer::empty(Rect::new(0, 0, w - 2, rows));
                (&BigClock {
                    text: words,
                    style: ratatui::style::Style::new(),
                })
                    .render(big.area, &mut big);
                let drawn = text(&big);
                let drawn: Vec<&str> = drawn.lines().filter(|l| !l.trim().is_empty()).collect();
                drawn.len() >= 3
                    && drawn
                        .iter()
                        .all(|l| screen.lines().any(|s| s.starts_with(&format!(" {l}"))))
            });
            assert!(found, "{w}x{h}: {words:?} not drawn big\n{screen}");
        }
        for needle in [
            "Time for a break · due since 10:10",
            "Break routine   Desk break",
            "Enter start",
            "s snooze",
            "k skip",
            "q quit",
        ] {
            assert!(screen.contains(needle), "{w}x{h}: no {needle:?}\n{screen}");
        }
    }
}
