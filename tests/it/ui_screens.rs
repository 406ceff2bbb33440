//! Screens against ratatui's TestBackend: insta snapshots of every screen and phase at
//! 80×24, 60×20, 40×12 and 200×50 (and a few more), every screen at every size from 1×1
//! to 400×150 without a panic, colour where colour carries meaning (and none at all under
//! NO_COLOR). What must always show (the phase, the time, the safety notes, how to stop
//! and get help) is checked at every height, and text that does not fit is cut with `…`,
//! never silently: `screens_keep_what_matters.rs` has those checks.

use crate::common;

use std::sync::LazyLock;

use backease::app::App;
use backease::prefs::Background;
use backease::ui::Theme;
use common::{find, render, scenario, scenarios, text};
use proptest::prelude::*;
use ratatui::style::{Color, Modifier};

static ALL: LazyLock<Vec<(&'static str, App)>> = LazyLock::new(scenarios);

/// The sizes every screen is snapshotted at: a common terminal, two small ones (40×12 is
/// the smallest drawn) and a big one.
const SIZES: [(u16, u16); 4] = [(80, 24), (60, 20), (40, 12), (200, 50)];

#[test]
fn snapshots_at_the_four_sizes() {
    for (name, app) in ALL.iter() {
        for (w, h) in SIZES {
            let buf = render(app, w, h);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&buf));
        }
    }
}

/// The built-in routines with no audio device: their long safety notes, names and
/// descriptions are what small screens must handle.
fn built_in() -> Vec<(&'static str, App)> {
    use backease::app::{AudioView, Msg};
    let c = common::Clock::new();
    let shipped = || {
        let mut a = common::app();
        a.library = backease::routine::load::shipped();
        a.audio = AudioView {
            volume: 80,
            muted: false,
            off: Some("no audio device".into()),
        };
        a
    };
    let at = |routine: &str, skips: usize, ms: u64| {
        let mut a = shipped();
        a.start(routine, c.at(0));
        for _ in 0..skips {
            a.update(Msg::Skip, c.at(0));
        }
        common::tick_through(&mut a, &c, 0, ms);
        a
    };
    let mut posture_paused = at("desk_break", 2, 1_000);
    posture_paused.update(Msg::TogglePause, c.at(1_000));
    let mut rest_paused = at("desk_break", 0, 16_000);
    rest_paused.update(Msg::TogglePause, c.at(16_000));
    // Without sound the range's minimum flashes (the spa's chest opener: 15 s to get
    // ready, then 2–3 minutes).
    let range_min_flash = at("spa", 1, 135_000);
    vec![
        ("desk_break_get_ready", at("desk_break", 0, 2_000)),
        ("desk_break_rest_paused", rest_paused),
        ("desk_break_posture_paused", posture_paused),
        ("spa_chest_opener", at("spa", 1, 40_000)),
        ("spa_range_min_flash", range_min_flash),
        ("menu_built_in", shipped()),
    ]
}

#[test]
fn snapshots_of_the_built_in_routines() {
    for (name, app) in built_in() {
        for (w, h) in SIZES {
            let buf = render(&app, w, h);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&buf));
        }
    }
}

#[test]
fn snapshots_wide_with_the_steps_list() {
    for name in ["menu", "hold", "switch_sides", "alarm", "summary"] {
        let buf = render(&scenario(name), 120, 36);
        insta::assert_snapshot!(format!("{name}_120x36"), text(&buf));
    }
}

#[test]
fn snapshots_at_small_sizes() {
    for (name, w, h) in [("hold", 60, 16), ("hold", 39, 12), ("hold", 20, 5)] {
        let buf = render(&scenario(name), w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&buf));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn every_screen_renders_at_every_size(which in 0usize..64, w in 1u16..=400, h in 1u16..=150) {
    let _cpu = crate::common::lanes::cpu();
        let (name, app) = &ALL[which % ALL.len()];
        let buf = render(app, w, h);
        let all = text(&buf).replace('\n', " ");
        if w < backease::ui::MIN_WIDTH || h < backease::ui::MIN_HEIGHT {
            if w >= 20 && h >= 3 {
                prop_assert!(all.contains("enlarge"), "{name} at {w}x{h}: {all}");
            }
        } else {
            prop_assert!(!all.contains("enlarge"), "{name} at {w}x{h}");
        }
    }
}

#[test]
fn the_extreme_sizes_render() {
    for (_, app) in ALL.iter() {
        for (w, h) in [(1, 1), (1, 150), (400, 1), (400, 150), (40, 12), (39, 11)] {
            render(app, w, h);
        }
    }
}

#[test]
fn phases_are_coloured_by_meaning() {
    use backease::session::Phase;
    for background in [Background::Dark, Background::Light] {
        let theme = Theme::new(true, background);
        let colour = |phase, paused| theme.phase_color(phase, paused).fg.expect("a colour");
        for (name, word, color) in [
            ("get_ready", "Get ready", colour(Phase::GetReady, false)),
            ("hold", "Hold", colour(Phase::Hold, false)),
            ("rest", "Rest", colour(Phase::Rest, false)),
            (
                "switch_sides",
                "Switch sides: right",
                colour(Phase::SwitchSides, false),
            ),
            ("paused", "Paused", colour(Phase::Hold, true)),
        ] {
            let mut app = scenario(name);
            app.background = background;
            let buf = render(&app, 80, 24);
            let (x, y) = find(&buf, word).unwrap_or_else(|| panic!("{word} on the {name} screen"));
            assert_eq!(buf[(x, y)].fg, color, "{name} on {background:?}");
            assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
        }
        // The alarm is a reverse-video band: unmissable with or without colour.
        let mut alarm = scenario("alarm");
        alarm.background = background;
        let buf = render(&alarm, 80, 24);
        let (x, y) = find(&buf, "Time's up — press Enter").expect("alarm band");
        let (x, y) = (x, y + 2);
        let cell = &buf[(x, y)];
        let red = colour(Phase::Alarm, false);
        assert!(
            buf.content()
                .iter()
                .filter(|c| c.modifier.contains(Modifier::REVERSED) && c.fg == red)
                .count()
                > 200,
            "a wide red band ({cell:?})"
        );
    }
}

/// Every colour on every screen, on both backgrounds, is one the theme defines for that
/// background (whose contrast the theme's tests compute): no named colour (yellow, cyan:
/// each terminal paints those its own way, and xterm's are unreadable on white) and no
/// colour of the other background's palette.
#[test]
fn every_colour_on_screen_is_the_backgrounds_own() {
    for background in [Background::Dark, Background::Light] {
        let theme = Theme::new(true, background);
        let defined: Vec<Color> = theme
            .styles()
            .iter()
            .flat_map(|(_, style, _)| [style.fg, style.bg])
            .flatten()
            .collect();
        for (name, app) in ALL.iter() {
            let mut app = app.clone();
            app.background = background;
            for (w, h) in [(80, 24), (120, 36)] {
                let buf = render(&app, w, h);
                for cell in buf.content() {
                    for c in [cell.fg, cell.bg] {
                        assert!(
                            c == Color::Reset || defined.contains(&c),
                            "{name} at {w}x{h} on {background:?}: {c:?} in {cell:?}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn no_color_means_no_colour_at_all() {
    for (name, app) in ALL.iter() {
        let mut app = app.clone();
        app.color = false;
        let buf = render(&app, 120, 36);
        for cell in buf.content() {
            assert_eq!(cell.fg, Color::Reset, "{name}: {cell:?}");
            assert_eq!(cell.bg, Color::Reset, "{name}: {cell:?}");
        }
    }
    // Meaning survives: the alarm band is still reversed.
    let mut alarm = scenario("alarm");
    alarm.color = false;
    let buf = render(&alarm, 80, 24);
    assert!(
        buf.content()
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED))
    );
}

#[test]
fn the_session_screen_shows_what_the_issue_lists() {
    let buf = render(&scenario("range_hold"), 120, 36);
    let screen = text(&buf);
    for needle in [
        "Morning mix",
        "step 2 of 5",
        "Child's pose",
        "rep 1 of 2",
        "1. Sit back on your heels.",
        "10–15 s",
        "Up next: Figure four",
        "session ·",
        "✓ Pelvic tilt",
        "▶ Child's pose",
        "┃",
        "Space pause",
        "vol 80%",
    ] {
        assert!(screen.contains(needle), "missing {needle:?} in\n{screen}");
    }
}

/// Issue 26 item 14: at 80×24 the menu's footer keeps the most used keys (`/`, `f`, `h`,
/// ranked in the keymap's table) ahead of the sound's long state, whatever that says.
#[test]
fn the_menu_footer_keeps_the_most_used_keys_at_80x24() {
    use backease::app::AudioView;
    for off in [None, Some("no audio device".to_string())] {
        let mut app = common::app();
        app.library = backease::routine::load::shipped();
        app.audio = AudioView {
            volume: 80,
            muted: false,
            off,
        };
        let screen = text(&render(&app, 80, 24));
        let footer = screen.lines().last().unwrap_or_default().to_string();
        for needle in [
            "Enter start",
            "/ filter",
            "f can do now",
            "h progress",
            "? help",
            "q quit",
        ] {
            assert!(
                footer.contains(needle),
                "no {needle:?} in the footer:\n{screen}"
            );
        }
    }
}

/// Issue 26 item 14: "no desktop notifications here" is said once, on the menu's status
/// line, and gone at the first key: at 40×12 the list then has its rows back.
#[test]
fn a_passing_notice_shows_until_the_first_key() {
    use backease::app::Msg;
    let c = common::Clock::new();
    let note = "no desktop notifications here (no D-Bus session)";
    let mut app = common::app();
    app.library = backease::routine::load::shipped();
    app.passing = vec![note.to_string()];
    // The list's rows: between the title and the rule, but for "↓ n more".
    let rows_of_routines = |app: &App| {
        text(&render(app, 40, 12))
            .lines()
            .skip(1)
            .take_while(|l| !l.starts_with('─'))
            .filter(|l| l.contains(" steps ") && !l.contains(" more"))
            .count()
    };
    let before = text(&render(&app, 80, 24));
    assert!(before.contains(note), "{before}");
    let listed_with_the_note = rows_of_routines(&app);
    app.update(Msg::Down, c.at(0));
    let after = text(&render(&app, 80, 24));
    assert!(!after.contains("notifications"), "{after}");
    assert!(app.passing.is_empty());
    assert!(
        rows_of_routines(&app) > listed_with_the_note,
        "the list did not get its rows back at 40x12:\n{}",
        text(&render(&app, 40, 12))
    );
}

/// Issue 26: at 120 columns the list shows every routine's equipment whole (it was cut
/// while the details pane had room); the details keep at least 40 columns.
#[test]
fn the_equipment_column_is_whole_at_120_columns() {
    let mut app = common::app();
    app.library = backease::routine::load::shipped();
    let screen = text(&render(&app, 120, 40));
    for r in &app.library.routines {
        let equipment = r.equipment().join(", ");
        if equipment.is_empty() {
            continue;
        }
        let Some(row) = screen.lines().find(|l| l.contains(&format!(" {}", r.name))) else {
            continue;
        };
        assert!(
            row.contains(&format!("{equipment} ")) || row.ends_with(&equipment),
            "{}: equipment cut\n{screen}",
            r.name
        );
    }
    let details = screen
        .lines()
        .filter_map(|l| l.find('│').map(|i| l[i..].chars().count()))
        .max()
        .unwrap_or(0);
    assert!(details >= 40, "{screen}");
}
