//! Desk mode in-process, as the session is tested: the reminder's loop on ratatui's
//! `TestBackend`, scripted keys and the fake clock (the host of `tests`), a state
//! directory of its own, and a break routine that records what it was asked to run.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::clock::Clock;
use super::desk::{BreakOutcome, Desk, DeskClock, World};
use super::tests::{FakeHost, fake_clock, fake_now};
use crate::audio::{Player, SilentPlayer};
use crate::remind::files::Files;
use crate::remind::hours::WorkingHours;
use crate::remind::schedule::{Rules, Schedule, State};
use crate::remind::screen::{Offer, Reminder};
use crate::speech::{SilentSpeaker, VoiceStatus};

/// Monday 30 November 2026, 09:00 UTC.
fn start() -> Timestamp {
    "2026-11-30T09:00:00Z".parse().expect("a timestamp")
}

fn reminder() -> Reminder {
    let rules = Rules {
        interval: Duration::from_secs(60 * 60),
        hours: WorkingHours::always(),
        ..Rules::default()
    };
    let schedule = Schedule::new(rules, TimeZone::UTC, start());
    let offer = Offer {
        id: "desk_break".into(),
        name: "Desk break".into(),
        length: "4–5 min".into(),
        seconds: 300,
    };
    Reminder::new(schedule, vec![offer], start())
}

/// What the world saw: players opened, routines run.
#[derive(Default)]
struct Seen {
    players: Rc<Cell<usize>>,
    routines: Rc<RefCell<Vec<String>>>,
}

fn world<'a>(dir: &std::path::Path, seen: &Seen, code: u8) -> World<'a> {
    let players = Rc::clone(&seen.players);
    let routines = Rc::clone(&seen.routines);
    World {
        files: Files::at(dir.join("remind")),
        idle: Box::new(crate::remind::idle::NoIdle),
        open_player: Box::new(move || {
            players.set(players.get() + 1);
            Box::new(SilentPlayer::recording()) as Box<dyn Player>
        }),
        speaker: Box::new(SilentSpeaker::new(VoiceStatus::Off)),
        notifications: false,
        history: None,
        break_routine: Box::new(move |id: &str| {
            routines.borrow_mut().push(id.to_string());
            Ok(BreakOutcome {
                notes: vec!["the routine said this".into()],
                code,
            })
        }),
        background: crate::prefs::Background::Dark,
        color: false,
        pause_while: Vec::new(),
        terminal: String::new(),
        ask_do_not_disturb: false,
    }
}

fn clock() -> DeskClock {
    let _ = fake_clock();
    DeskClock::on(
        Clock::fake(Instant::now(), 1.0, fake_now),
        Instant::now(),
        start(),
    )
}

fn text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    buffer
        .content
        .chunks(width)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn minutes(m: u64) -> u64 {
    m * 60 * 1000
}

#[test]
fn a_break_falls_due_on_the_fake_clock_rings_once_and_enter_runs_it_in_the_lent_terminal() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let seen = Seen::default();
    let host = FakeHost::scripted(&[
        (minutes(61), KeyCode::Enter),
        (minutes(62), KeyCode::Char('q')),
    ]);
    let mut desk = Desk::new(host, clock(), world(dir.path(), &seen, 0), false);
    let mut reminder = reminder();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    desk.run(&mut reminder, Some(&mut terminal))
        .expect("the loop runs");

    assert_eq!(
        desk.host().bells,
        1,
        "the bell rings once when the break falls due"
    );
    assert_eq!(
        seen.players.get(),
        1,
        "the player is opened at the first chime"
    );
    assert_eq!(*seen.routines.borrow(), ["desk_break"]);
    assert_eq!(desk.exit(), 0);
    assert!(reminder.done);
    let titles = &desk.host().titles;
    assert!(
        titles.iter().any(|t| t.contains("break")),
        "the title says a break is due: {titles:?}"
    );
    // The break routine left no record in history (there is none here), so the break
    // was not taken: it stays due.
    assert!(
        matches!(reminder.state(), State::Due { .. }),
        "{:?}",
        reminder.state()
    );
    assert!(reminder.notes.iter().any(|n| n == "the routine said this"));
    let screen = text(&terminal);
    assert!(screen.contains("backease · desk mode"), "{screen}");
    assert!(screen.contains("Desk break"), "{screen}");
    // What `backease status` reads was written in the test's own directory.
    assert!(
        Files::at(dir.path().join("remind"))
            .read()
            .expect("readable")
            .is_some()
    );
}

#[test]
fn the_screen_counts_down_by_the_minute_and_wakes_only_for_visible_changes() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let seen = Seen::default();
    let host = FakeHost::scripted(&[(minutes(30) + 500, KeyCode::Char('q'))]);
    let mut desk = Desk::new(host, clock(), world(dir.path(), &seen, 0), false);
    let mut reminder = reminder();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    desk.run(&mut reminder, Some(&mut terminal))
        .expect("the loop runs");
    let screen = text(&terminal);
    assert!(screen.contains("09:30"), "the clock shows 09:30: {screen}");
    assert_eq!(desk.host().bells, 0);
    assert_eq!(
        seen.players.get(),
        0,
        "no sound device is held while waiting"
    );
    // Half an hour of waiting is about thirty wake-ups (the minute on the screen), not
    // a fast tick.
    let waits = desk.host().timeouts.len();
    assert!((28..=40).contains(&waits), "{waits} waits in 30 minutes");
    assert!(
        desk.host()
            .timeouts
            .iter()
            .all(|t| *t <= Duration::from_secs(60)),
        "every wait ends by the next minute or look round"
    );
}

#[test]
fn ctrl_c_ends_desk_mode_with_130_and_a_signal_ended_break_ends_it_too() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let seen = Seen::default();
    let mut host = FakeHost::default();
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    host.events
        .push_back((Duration::from_secs(5), Event::Key(ctrl_c)));
    let mut desk = Desk::new(host, clock(), world(dir.path(), &seen, 0), false);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    desk.run(&mut reminder(), Some(&mut terminal))
        .expect("the loop runs");
    assert_eq!(desk.exit(), 130);

    // A break routine ended by a signal (its exit 143) ends the reminder with it.
    let seen = Seen::default();
    let host = FakeHost::scripted(&[(minutes(60) + 1000, KeyCode::Enter)]);
    let mut desk = Desk::new(host, clock(), world(dir.path(), &seen, 143), false);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    let mut reminder = reminder();
    desk.run(&mut reminder, Some(&mut terminal))
        .expect("the loop runs");
    assert_eq!(*seen.routines.borrow(), ["desk_break"]);
    assert_eq!(desk.exit(), 143);
}

#[test]
fn a_resize_redraws_at_the_new_size() {
    // Smaller than the test backend's buffer, which keeps its 80 × 24 cells.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let seen = Seen::default();
    let mut host = FakeHost::default();
    host.events
        .push_back((Duration::from_secs(3), Event::Resize(60, 20)));
    host.events.push_back((
        Duration::from_secs(4),
        Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE)),
    ));
    let mut desk = Desk::new(host, clock(), world(dir.path(), &seen, 0), false);
    // A fixed viewport, as the real terminal's (`tui::init_terminal`): resized on the
    // events, not by asking the backend at every frame.
    let options = ratatui::TerminalOptions {
        viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 80, 24)),
    };
    let mut terminal =
        Terminal::with_options(TestBackend::new(80, 24), options).expect("a test terminal");
    desk.run(&mut reminder(), Some(&mut terminal))
        .expect("the loop runs");
    let screen = text(&terminal);
    let first: String = screen
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(60)
        .collect();
    assert!(
        first.ends_with("09:00 "),
        "the header spans the new width, 60 columns: {first:?}\n{screen}"
    );
}

#[test]
fn ctrl_z_gives_the_terminal_back_until_fg_as_in_the_session() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let seen = Seen::default();
    let mut host = FakeHost::default();
    let key = |code, modifiers| Event::Key(KeyEvent::new(code, modifiers));
    host.events.push_back((
        Duration::from_secs(2),
        key(KeyCode::Char('z'), KeyModifiers::CONTROL),
    ));
    host.events.push_back((
        Duration::from_secs(3),
        key(KeyCode::Char('q'), KeyModifiers::NONE),
    ));
    let mut desk = Desk::new(host, clock(), world(dir.path(), &seen, 0), false);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    desk.run(&mut reminder(), Some(&mut terminal))
        .expect("the loop runs");
    assert_eq!(desk.host().stops_taken, 1);
    assert_eq!(desk.exit(), 0, "stopped and continued, then quit with q");
}
