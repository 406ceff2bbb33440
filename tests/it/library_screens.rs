//! The shipped library on screen, as a person on the floor reads it: where to go during a
//! get-ready that changes position (and that it lasts long enough), the exercise's
//! description before the step, the side in words and in big letters, "Change to" for
//! shapes that are not sides. Snapshots at 80×24 and 120×40, through the real app.

use crate::common;

use backease::app::{App, AudioView, Msg, Screen};
use backease::session::Phase;
use common::{Clock, render, text};

fn shipped() -> App {
    let mut a = common::app();
    a.library = backease::routine::load::shipped();
    a.audio = AudioView {
        volume: 80,
        muted: false,
        off: Some("no audio device".into()),
    };
    a
}

/// `routine` started, `skips` steps skipped (each after the half second a key on a new
/// step is ignored for), then `ms` into the step it is on.
fn at(c: &Clock, routine: &str, skips: usize, ms: u64) -> App {
    let mut a = shipped();
    a.start(routine, c.at(0));
    let mut t = 0;
    for _ in 0..skips {
        t += 600;
        common::tick_through(&mut a, c, t - 600, t);
        a.update(Msg::Skip, c.at(t));
    }
    common::tick_through(&mut a, c, t, t + ms);
    a
}

fn phase(a: &App) -> Phase {
    match &a.screen {
        Screen::Session(run) => run.status.phase,
        _ => Phase::Finished,
    }
}

fn screens() -> Vec<(&'static str, App)> {
    let c = Clock::new();
    vec![
        // Five stretches, step 3: from hands and knees onto the back.
        ("twist_get_ready", at(&c, "five_stretches", 2, 2_000)),
        // The clamshell's first side, holding.
        ("clamshell_hold", at(&c, "morning", 4, 20_000)),
        // Cat-cow changes shape, not side.
        ("cat_cow_change", at(&c, "five_stretches", 1, 15_500)),
    ]
}

#[test]
fn snapshots_of_positions_sides_and_descriptions() {
    for (name, app) in screens() {
        for (w, h) in [(80, 24), (120, 40)] {
            let buf = render(&app, w, h);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&buf));
        }
    }
}

#[test]
fn a_get_ready_that_changes_position_says_where_and_lasts_long_enough() {
    let c = Clock::new();
    // From the keyboard down to hands and knees: 15 s, not the plain 5 s.
    let a = at(&c, "five_stretches", 0, 14_000);
    assert_eq!(phase(&a), Phase::GetReady);
    let screen = text(&render(&a, 80, 24));
    assert!(
        screen.contains("Get ready: come onto your hands and knees"),
        "{screen}"
    );
    // The description shows during the get-ready, at 80×24.
    assert!(
        screen.contains("From hands and knees, sit back"),
        "{screen}"
    );
    let a = at(&c, "five_stretches", 0, 15_500);
    assert_eq!(phase(&a), Phase::Hold);
    // Cat-cow stays on hands and knees: the plain get-ready, nothing about moving.
    let a = at(&c, "five_stretches", 1, 1_000);
    let screen = text(&render(&a, 80, 24));
    assert!(screen.contains("Get ready · cat: round up"), "{screen}");
    let a = at(&c, "five_stretches", 1, 5_500);
    assert_eq!(phase(&a), Phase::Hold);
    // Onto the back from hands and knees: 10 s.
    let a = at(&c, "five_stretches", 2, 9_000);
    assert_eq!(phase(&a), Phase::GetReady);
    let a = at(&c, "five_stretches", 2, 10_500);
    assert_eq!(phase(&a), Phase::Hold);
}

#[test]
fn the_side_reads_in_words_and_in_big_letters() {
    let c = Clock::new();
    let a = at(&c, "five_stretches", 2, 2_000);
    let screen = text(&render(&a, 80, 24));
    assert!(screen.contains("left knee across"), "{screen}");
    // "LEFT KNEE ACROSS" in three rows of half blocks: the first row has the L's stem.
    assert!(screen.contains('█') && screen.contains('▀'), "{screen}");
    // At 40×12 there is no room for big letters; the words stay on the phase line.
    let small = text(&render(&a, 40, 12));
    assert!(small.contains("left knee across"), "{small}");
}

#[test]
fn a_routines_own_safety_notes_show_once_a_day() {
    let c = Clock::new();
    let note = "nerve pain such as sciatica";
    // Not shown yet today: the first step shows them.
    let a = at(&c, "desk_break", 0, 1_000);
    assert!(text(&render(&a, 80, 24)).contains(note));
    // Already shown today (the launch read it from the data directory): left out; the
    // menu's details still show them.
    let mut a = shipped();
    a.notes_shown_today.insert("desk_break".into());
    a.start("desk_break", c.at(0));
    common::tick_through(&mut a, &c, 0, 1_000);
    let screen = text(&render(&a, 80, 24));
    assert!(!screen.contains(note), "{screen}");
    assert!(screen.contains("Shoulder roll"), "{screen}");
    // Started twice in one run: the second start leaves them out too.
    let mut a = shipped();
    a.start("desk_break", c.at(0));
    assert!(a.notes_shown_today.contains("desk_break"));
    a.update(Msg::Quit, c.at(1_000));
    a.update(Msg::Yes, c.at(1_100));
    a.update(Msg::Enter, c.at(2_000));
    a.start("desk_break", c.at(3_000));
    common::tick_through(&mut a, &c, 3_000, 4_000);
    let screen = text(&render(&a, 80, 24));
    assert!(screen.contains("step 1 of 5"), "{screen}");
    assert!(!screen.contains(note), "{screen}");
}

/// Text squashed to single spaces, for finding wrapped text.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_presets_first_step_shows_its_safety_notes_whole_at_40x12() {
    let c = Clock::new();
    let lib = backease::routine::load::shipped();
    let mut cut = Vec::new();
    for r in &lib.routines {
        let a = at(&c, &r.id, 0, 1_000);
        for (w, h) in [(40, 12), (80, 24)] {
            // The pane only: no ⚠ rows are cut with "…".
            let screen = text(&render(&a, w, h));
            let pane: String = screen.lines().skip(1).collect::<Vec<_>>().join("\n");
            let all = squash(&pane);
            for note in r.steps[0].safety.iter().chain(&r.safety) {
                if !all.contains(&squash(note)) {
                    cut.push(format!("{} at {w}x{h}: {note:?}\n{screen}", r.id));
                }
            }
        }
    }
    assert!(cut.is_empty(), "{}", cut.join("\n"));
}

/// Issue 24: the help opened mid-step shows the step's figure beside (or below) the keys,
/// where the screen has room (not at 80×24: the keys take its height), and never over the
/// box of keys.
#[test]
fn the_help_shows_the_steps_figure_beside_the_keys() {
    let c = Clock::new();
    let braille = |s: &str| s.chars().any(|ch| ('\u{2801}'..='\u{28ff}').contains(&ch));
    for (w, h) in [(120, 40), (200, 50)] {
        let mut a = at(&c, "five_stretches", 1, 15_500);
        let cells = |s: &str| {
            s.chars()
                .filter(|ch| ('\u{2801}'..='\u{28ff}').contains(ch))
                .count()
        };
        let without = cells(&text(&render(&a, w, h)));
        a.update(Msg::Help, c.at(16_000));
        assert!(a.help, "the help is open");
        let screen = text(&render(&a, w, h));
        assert!(screen.contains("any key closes this"), "{w}x{h}:\n{screen}");
        // The box hides less than half of the session's figure here: no second one.
        assert!(
            cells(&screen) <= without,
            "{w}x{h}: a second figure beside the session's\n{screen}"
        );
        // The box's rows hold no figure: every braille cell is outside it.
        let rows: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
        assert!(braille(&screen), "{w}x{h}: a figure\n{screen}");
        let top = rows
            .iter()
            .position(|r| r.contains(&'╭'))
            .unwrap_or_else(|| panic!("{w}x{h}: the box\n{screen}"));
        let bottom = rows
            .iter()
            .position(|r| r.contains(&'╰'))
            .unwrap_or_else(|| panic!("{w}x{h}: the box\n{screen}"));
        let left = rows[top].iter().position(|&c| c == '╭').unwrap_or(0);
        let right = rows[top].iter().position(|&c| c == '╮').unwrap_or(0);
        for row in &rows[top..=bottom] {
            let inside: String = row[left..=right.min(row.len() - 1)].iter().collect();
            assert!(!braille(&inside), "{w}x{h}: inside the box\n{screen}");
        }
        // Outside the box: the session's own figure, or (when the box hides most of it)
        // the help's, never both.
        let outside: String = rows
            .iter()
            .enumerate()
            .flat_map(|(y, row)| {
                row.iter().enumerate().filter(move |(x, _)| {
                    !((top..=bottom).contains(&y) && (left..=right).contains(x))
                })
            })
            .map(|(_, c)| *c)
            .collect();
        assert!(
            braille(&outside),
            "{w}x{h}: the figure beside the box\n{screen}"
        );
    }
    // Too small for both: the keys alone.
    let mut a = at(&c, "five_stretches", 1, 15_500);
    a.update(Msg::Help, c.at(16_000));
    let screen = text(&render(&a, 40, 12));
    assert!(!braille(&screen), "40x12:\n{screen}");
}
