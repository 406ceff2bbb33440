//! The mouse through the whole loop on a `TestBackend` (the fake host of `tests`): a
//! click on a routine selects it and a second click starts it, the wheel moves through
//! the menu, the footer's hints do what their keys do, a click closes help, and with the
//! `mouse` preference off nothing is taken. Where to click is read from a frame drawn the
//! same way (`ui::draw`'s hit areas), as a person reads the screen.

use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::shell::Shell;
use super::tests::{FakeHost, Recorder, fake_clock};
use super::trace::Trace;
use crate::app::{App, AudioView, Msg, Screen};
use crate::audio::SilentPlayer;
use crate::routine::load;
use crate::session::Config;
use crate::ui::{self, Action};

const SIZE: (u16, u16) = (100, 30);

fn app() -> App {
    App::new(
        load::shipped(),
        Config::default(),
        AudioView {
            volume: 50,
            muted: true,
            off: None,
        },
    )
    .with_key_guard(Duration::ZERO)
}

fn mouse(ms: u64, kind: MouseEventKind, (column, row): (u16, u16)) -> (Duration, Event) {
    let event = MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    (Duration::from_millis(ms), Event::Mouse(event))
}

fn click(ms: u64, at: (u16, u16)) -> (Duration, Event) {
    mouse(ms, MouseEventKind::Down(MouseButton::Left), at)
}

/// The middle of the place where a click does `action` on `app` as drawn now.
fn spot(app: &App, action: Action) -> (u16, u16) {
    let area = Rect::new(0, 0, SIZE.0, SIZE.1);
    let drawn = ui::draw(app, area, &mut Buffer::empty(area));
    let hit = drawn
        .hits
        .iter()
        .find(|h| h.action == action)
        .unwrap_or_else(|| panic!("{action:?} is not on the screen: {:?}", drawn.hits));
    (hit.area.x + hit.area.width / 2, hit.area.y)
}

/// Runs the loop over `app` with `events`; returns the app when the script is used up.
fn run(mut app: App, events: Vec<(Duration, Event)>) -> (App, Recorder) {
    let mut player = SilentPlayer::off("test");
    let mut hooks = Recorder::default();
    let mut host = FakeHost::default();
    host.events = events.into();
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("terminal");
    let mut shell = Shell::new(fake_clock(), host, &mut player, &mut hooks, Trace::off());
    shell.run(&mut app, &mut terminal).expect("loop");
    shell.close(&mut app);
    drop(shell);
    (app, hooks)
}

fn session_id(app: &App) -> Option<String> {
    match &app.screen {
        Screen::Session(run) => Some(run.routine().id.clone()),
        _ => None,
    }
}

#[test]
fn a_click_selects_a_routine_and_a_second_click_starts_it() {
    let menu = app();
    let third = spot(&menu, Action::Pick(2, 0));
    let id = menu.library.routines[2].id.clone();
    // One click selects (the session has not started a second later); the next starts.
    let (a, _) = run(app(), vec![click(0, third), click(1_000, (0, 0))]);
    let Screen::Menu(m) = &a.screen else {
        panic!("still the menu")
    };
    assert_eq!(m.selected, 2);
    let (a, hooks) = run(app(), vec![click(0, third), click(500, third)]);
    assert_eq!(
        session_id(&a).or(hooks.over.first().map(|s| s.routine_id.clone())),
        Some(id)
    );
}

#[test]
fn the_wheel_moves_through_the_menu_as_the_arrows_do() {
    let down = |ms| mouse(ms, MouseEventKind::ScrollDown, (10, 5));
    let up = |ms| mouse(ms, MouseEventKind::ScrollUp, (10, 5));
    let (a, _) = run(app(), vec![down(0), down(10), down(20), up(30)]);
    let Screen::Menu(m) = &a.screen else {
        panic!("still the menu")
    };
    assert_eq!(m.selected, 2);
}

/// In a session the footer's hints are clicked: pause, then end, then the question's
/// "y": the session ends paused where it was, and is recorded once.
#[test]
fn the_footer_hints_do_what_their_keys_do() {
    let t0 = Instant::now();
    let mut shown = app();
    let id = shown.library.routines[0].id.clone();
    shown.start(&id, t0).expect("starts");
    let pause = spot(&shown, Action::Send(Msg::TogglePause));
    let end = spot(&shown, Action::Send(Msg::Quit));
    shown.update(Msg::Quit, t0);
    let yes = spot(&shown, Action::Send(Msg::Yes));
    let mut started = app();
    started.start(&id, t0).expect("starts");
    let (a, hooks) = run(
        started,
        vec![click(2_000, pause), click(3_000, end), click(4_000, yes)],
    );
    assert!(a.done || !matches!(a.screen, Screen::Session(_)), "ended");
    assert_eq!(hooks.over.len(), 1, "recorded once");
    let standing = &hooks.over[0];
    assert_eq!(standing.routine_id, id);
    assert!(!standing.finished);
    // Paused at 2 s: the time spent stops there.
    assert_eq!(standing.elapsed.as_secs(), 2, "{standing:?}");
}

#[test]
fn a_click_closes_help_as_a_key_does() {
    let mut a = app();
    a.help = true;
    let (a, _) = run(a, vec![click(0, (50, 10))]);
    assert!(!a.help);
    assert!(matches!(a.screen, Screen::Menu(_)));
}

/// With `mouse: false` the events are not ours: nothing a click or the wheel would do
/// happens.
#[test]
fn with_the_mouse_off_clicks_and_the_wheel_do_nothing() {
    let third = spot(&app(), Action::Pick(2, 0));
    let a = app().with_mouse(false);
    let (a, _) = run(
        a,
        vec![
            click(0, third),
            click(10, third),
            mouse(20, MouseEventKind::ScrollDown, (10, 5)),
        ],
    );
    let Screen::Menu(m) = &a.screen else {
        panic!("still the menu")
    };
    assert_eq!(m.selected, 0);
}

/// Issue 26: after PgDn a click selected a row and the list scrolled under the pointer,
/// so the second click started another routine. The list stays where it was drawn.
#[test]
fn after_page_down_a_second_click_starts_the_routine_clicked_first() {
    let t0 = Instant::now();
    let mut a = app();
    a.update(Msg::PageDown, t0);
    let area = Rect::new(0, 0, SIZE.0, SIZE.1);
    let drawn = ui::draw(&a, area, &mut Buffer::empty(area));
    let Screen::Menu(menu) = &a.screen else {
        panic!("the menu")
    };
    // The top row shown, above the selection (PgDn put it on the last row).
    let hit = drawn
        .hits
        .iter()
        .filter(|h| matches!(h.action, Action::Pick(pos, _) if pos != menu.selected))
        .min_by_key(|h| h.area.y)
        .copied()
        .expect("a row above the selection");
    let Action::Pick(pos, _) = hit.action else {
        unreachable!()
    };
    let wanted = menu.visible(&a.library)[pos];
    let at = (hit.area.x + 2, hit.area.y);
    for ms in [0, 600] {
        let area = Rect::new(0, 0, SIZE.0, SIZE.1);
        let drawn = ui::draw(&a, area, &mut Buffer::empty(area));
        let event = MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: at.0,
            row: at.1,
            modifiers: KeyModifiers::NONE,
        };
        let msg = ui::hits::msg_for_mouse(&a, &drawn.hits, event).expect("a routine there");
        a.update(msg, t0 + Duration::from_millis(ms));
    }
    let Screen::Session(run) = &a.screen else {
        panic!("the second click starts the routine: {:?}", a.screen)
    };
    assert_eq!(run.routine().id, a.library.routines[wanted].id);
}
