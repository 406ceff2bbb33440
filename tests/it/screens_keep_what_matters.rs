//! What a screen must never hide, checked at many sizes rather than a few snapshots:
//! the phase with its side and whether it is paused, the time, the safety notes, how to
//! stop and get help (item 7); big terminals used (item 8); nothing cut without `…`, and
//! the footer's sound state never running into the hints (item 9); paused showing the
//! phase, untimed steps showing no 00:00 (item 10). The built-in routines are used where
//! their long notes and names are the point (desk break, the spa).

use crate::common;

use backease::app::{App, AudioView, Msg, Running, Screen};
use backease::routine::load;
use backease::session::Phase;
use common::{Clock, app, render, scenarios, send, text, tick_through};
use ratatui::buffer::Buffer;

/// An app over the built-in routines with no audio device.
fn shipped() -> App {
    // Skips at one instant (the fixtures below) must act: no key guard here.
    let mut a = app().with_key_guard(std::time::Duration::ZERO);
    a.library = load::shipped();
    a.audio = AudioView {
        volume: 80,
        muted: false,
        off: Some("no audio device".into()),
    };
    a
}

/// `routine` started at 0, `skips` steps skipped at once, then ticked to `ms`.
fn shipped_at(routine: &str, skips: usize, ms: u64) -> App {
    let c = Clock::new();
    let mut a = shipped();
    a.start(routine, c.at(0)).expect("a built-in routine");
    for _ in 0..skips {
        a.update(Msg::Skip, c.at(0));
    }
    tick_through(&mut a, &c, 0, ms);
    a
}

fn running(a: &App) -> Option<&Running> {
    match &a.screen {
        Screen::Session(run) => Some(run),
        _ => None,
    }
}

/// Session screens worth checking: the fixture's phases and the built-in routines'.
fn sessions() -> Vec<(String, App)> {
    let mut out: Vec<(String, App)> = scenarios()
        .into_iter()
        .filter(|(_, a)| running(a).is_some())
        .map(|(n, a)| (n.to_string(), a))
        .collect();
    out.push((
        "desk_break_get_ready".into(),
        shipped_at("desk_break", 0, 2_000),
    ));
    out.push(("desk_break_hold".into(), shipped_at("desk_break", 0, 8_000)));
    out.push((
        "desk_break_posture".into(),
        shipped_at("desk_break", 2, 1_000),
    ));
    out.push(("spa_chest_opener".into(), shipped_at("spa", 1, 40_000)));
    out.push(("spa_bath".into(), shipped_at("spa", 2, 1_000)));
    out.push(("decompress_wall_squat".into(), {
        let lib = load::shipped();
        let at = lib
            .routine("decompress")
            .and_then(|r| r.steps.iter().position(|s| s.id == "wall_squat"))
            .expect("the wall squat is in decompress");
        shipped_at("decompress", at, 30_000)
    }));
    out
}

/// The screen's rows as text (trailing spaces trimmed).
fn rows(buf: &Buffer) -> Vec<String> {
    text(buf).lines().map(str::to_string).collect()
}

/// Text with every run of white space made one space: wrapped rows read as one line.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The step pane's columns only (the list of steps sits beside it from 100 columns).
fn pane(buf: &Buffer) -> String {
    let w = buf.area.width;
    let right = if w >= 100 { w - 32 } else { w };
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..right {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The words a person reads for the phase.
fn phase_words(run: &Running) -> Vec<String> {
    let s = &run.status;
    let step = run.session.current_step();
    let mut words = vec![
        match s.phase {
            Phase::GetReady => "Get ready",
            Phase::Hold | Phase::OpenHold => "Hold",
            Phase::Rest => "Rest",
            Phase::SwitchSides => "Switch sides",
            Phase::WaitForUser => "Press Enter when done",
            Phase::Alarm => "Time's up",
            Phase::Finished => "Finished",
        }
        .to_string(),
    ];
    if let Some(side) = s.side.and_then(|i| step.sides.get(i)) {
        words.push(side.clone());
    }
    words
}

const SIZES: [(u16, u16); 12] = [
    (40, 12),
    (40, 16),
    (50, 14),
    (60, 16),
    (60, 20),
    (70, 22),
    (80, 24),
    (80, 30),
    (100, 24),
    (120, 40),
    (160, 45),
    (200, 50),
];

#[test]
fn the_phase_the_time_the_safety_notes_and_the_way_out_show_at_every_size() {
    let _cpu = crate::common::lanes::cpu();
    for (name, a) in sessions() {
        let run = running(&a).expect("a session");
        let s = &run.status;
        let step = run.session.current_step();
        for (w, h) in SIZES {
            let buf = render(&a, w, h);
            let screen = text(&buf);
            let all = squash(&screen);
            let at = format!("{name} at {w}x{h}:\n{screen}");
            if a.help {
                continue;
            }
            let header = &rows(&buf)[0];
            let count = format!("step {} of {}", s.step + 1, s.steps);
            let short = format!("{}/{}", s.step + 1, s.steps);
            assert!(header.contains(&count) || header.contains(&short), "{at}");
            let phase_row = &rows(&buf)[..4].join(" ");
            for word in phase_words(run) {
                assert!(phase_row.contains(&word), "{word:?} missing: {at}");
            }
            assert_eq!(phase_row.contains("Paused"), s.paused, "{at}");
            let footer = rows(&buf).last().cloned().unwrap_or_default();
            if run.prompt.is_some() {
                assert!(
                    footer.contains("y end") && footer.contains("n go on"),
                    "{at}"
                );
                continue;
            }
            if run.hurt.is_some() {
                assert!(footer.contains("Enter go on when ready"), "{at}");
                assert!(footer.contains("q end"), "{at}");
                continue;
            }
            for keys in ["q end", "? help", "x hurts"] {
                assert!(footer.contains(keys), "{keys:?} missing: {at}");
            }
            // The safety notes, whole: the step's, and the routine's on its first step.
            let mut notes = step.safety.clone();
            if s.step == 0 {
                notes.extend(run.routine().safety.iter().cloned());
            }
            let in_pane = squash(&pane(&buf));
            for note in &notes {
                assert!(in_pane.contains(&squash(note)), "{note:?} missing: {at}");
            }
            // The time: digits (plain or drawn) or the band that stands in for a second;
            // an untimed step shows no clock at all.
            let drawn = ["█", "▀", "▄"].iter().any(|b| pane(&buf).contains(b));
            match s.phase {
                Phase::WaitForUser if run.flash.is_none() => {
                    assert!(all.contains("no timer"), "{at}");
                    assert!(!all.contains("00:00") && !drawn_digits(&buf), "{at}");
                }
                Phase::Alarm => assert!(all.contains("over by"), "{at}"),
                _ if run.flash.is_some() => {
                    let flash = &run.flash.as_ref().expect("flash").text;
                    assert!(all.contains(&squash(flash)), "{at}");
                }
                _ => assert!(drawn || all.contains(&run.shown_clock()), "{at}"),
            }
        }
    }
}

/// Whether big digits are drawn: a row of the pane with two or more runs of blocks.
fn drawn_digits(buf: &Buffer) -> bool {
    pane(buf).lines().any(|row| {
        let row: String = row.chars().filter(|c| *c != '░').collect();
        row.split(' ')
            .filter(|run| run.contains('█') || run.contains('▀') || run.contains('▄'))
            .count()
            >= 2
    })
}

/// Every long text the screens show: routine and step names, descriptions, cues, notes.
fn long_texts(a: &App) -> Vec<String> {
    let mut out = Vec::new();
    for r in &a.library.routines {
        out.push(r.name.clone());
        out.extend(r.safety.iter().cloned());
        for s in &r.steps {
            out.push(s.name.clone());
            out.extend(s.cues.iter().cloned());
            out.extend(s.safety.iter().cloned());
            out.push(s.description.clone());
        }
    }
    out.retain(|t| t.chars().count() >= 20);
    out.sort();
    out.dedup();
    out
}

/// Words the screens show of their own that start like some texts.
const OWN_WORDS: &[&str] = &["Press Enter when done", "Press Enter when you are ready"];

/// The shortest start of `t` (20 characters or more: shorter ones are parts of what the
/// screens compose, "Child's pose 15 s") found in no other text.
fn distinct_start(t: &str, texts: &[String]) -> String {
    let chars: Vec<char> = t.chars().collect();
    let others: Vec<String> = texts
        .iter()
        .map(|o| squash(o))
        .chain(OWN_WORDS.iter().map(|o| o.to_string()))
        .filter(|o| o != t)
        .collect();
    (20..=chars.len())
        .map(|k| chars[..k].iter().collect::<String>())
        .find(|p| !others.iter().any(|o| o.contains(p.as_str())))
        .unwrap_or_else(|| t.to_string())
}

/// Each long text with its distinct start.
fn with_starts(texts: &[String]) -> Vec<(String, String)> {
    texts
        .iter()
        .map(|t| {
            let t = squash(t);
            let start = distinct_start(&t, texts);
            (t, start)
        })
        .collect()
}

/// For each of `texts` that shows at all (its distinct start is on screen), what
/// follows is the whole text, or a start of it ending in `…`: never a silent cut.
fn assert_cut_with_a_sign(screen: &str, texts: &[(String, String)], at: &str) {
    // Borders (box drawing) are not text.
    let screen: String = screen
        .chars()
        .map(|c| {
            if ('\u{2500}'..='\u{257f}').contains(&c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let screen = squash(&screen);
    for (t, start) in texts {
        let Some(i) = screen.find(start.as_str()) else {
            continue;
        };
        let shown = &screen[i..];
        if shown.starts_with(t.as_str()) {
            continue;
        }
        let cut_with_sign = t
            .char_indices()
            .map(|(j, _)| t[..j].trim_end())
            .filter(|p| p.len() >= start.len())
            .any(|p| shown.starts_with(&format!("{p}…")));
        assert!(cut_with_sign, "{t:?} cut without a sign in {at}:\n{screen}");
    }
}

#[test]
fn text_that_does_not_fit_ends_in_an_ellipsis() {
    let _cpu = crate::common::lanes::cpu();
    let c = Clock::new();
    let mut screens: Vec<(String, App)> = sessions();
    let mut menu = shipped();
    screens.push(("menu".into(), menu.clone()));
    // The spa selected: its long step names in the details.
    for _ in 0..4 {
        menu.update(Msg::Down, c.at(0));
    }
    screens.push(("menu_spa".into(), menu));
    let mut summary = shipped_at("spa", 0, 1_000);
    send(&mut summary, c.at(1_000), &[Msg::Quit, Msg::Yes]);
    screens.push(("summary".into(), summary));
    for (name, a) in &screens {
        // Help and questions sit on top of the screen on purpose.
        if a.help || a.is_asking() {
            continue;
        }
        let texts = with_starts(&long_texts(a));
        for w in (40..100).step_by(3) {
            for h in [12, 15, 20, 24] {
                let buf = render(a, w, h);
                assert_cut_with_a_sign(&pane(&buf), &texts, &format!("{name} at {w}x{h}"));
            }
        }
    }
}

#[test]
fn the_sound_state_never_runs_into_the_hints_it_moves_or_gives_way() {
    let _cpu = crate::common::lanes::cpu();
    let c = Clock::new();
    let label = "sound off: no audio device";
    let mut screens = vec![
        ("menu", shipped()),
        ("hold", shipped_at("desk_break", 0, 8_000)),
    ];
    let mut paused = shipped_at("desk_break", 0, 8_000);
    paused.update(Msg::TogglePause, c.at(8_000));
    screens.push(("paused", paused));
    let mut note = shipped_at("desk_break", 0, 8_000);
    note.update(Msg::VolumeUp, c.at(8_000));
    screens.push(("volume note", note));
    for (name, a) in &screens {
        // The sound's state, in its long and short forms.
        let forms: Vec<String> = match &a.sound_note {
            Some(note) => vec![note.clone(), "volume: no effect".into()],
            None => vec![label.into(), "no sound".into()],
        };
        for w in 40..=200 {
            let buf = render(a, w, 24);
            let all = rows(&buf);
            let footer = all.last().cloned().unwrap_or_default();
            let at = format!("{name} at {w}x24:\n{}", all.join("\n"));
            if let Some(right) = forms.iter().find(|f| footer.contains(f.as_str())) {
                // Beside the hints with a gap, at the end.
                let before = footer.trim_end().trim_end_matches(right.as_str());
                assert!(before.ends_with("  "), "{at}");
                assert!(footer.trim_end().ends_with(right.as_str()), "{at}");
            } else {
                // Not a piece of it in the footer; it moved up (cut with `…` at worst).
                for f in &forms {
                    let head: String = f.chars().take(6).collect();
                    assert!(!footer.contains(&head), "{at}");
                }
                let elsewhere = all[..all.len() - 1].join("\n");
                let moved = forms.iter().any(|f| {
                    let head: String = f.chars().take(6).collect();
                    elsewhere.contains(f.as_str()) || elsewhere.contains(&head)
                });
                assert!(moved, "{at}");
            }
            // The kept hints are whole.
            let kept: &[&str] = match *name {
                "menu" => &["Enter start", "? help", "q quit"],
                _ => &["x hurts", "? help", "q end"],
            };
            for k in kept {
                assert!(footer.contains(k), "{k:?} missing: {at}");
            }
        }
    }
}

#[test]
fn paused_shows_the_phase_and_that_it_is_paused() {
    let c = Clock::new();
    // (scenario, ms to pause at, the phase words that must stay)
    let cases: Vec<(App, u64, &str)> = vec![
        (shipped_at("desk_break", 0, 2_000), 2_000, "Get ready"),
        (shipped_at("desk_break", 0, 8_000), 8_000, "Hold"),
        (
            shipped_at("desk_break", 2, 1_000),
            1_000,
            "Press Enter when done",
        ),
        (common::scenario("rest"), 46_000, "Rest"),
        (
            common::scenario("switch_sides"),
            85_000,
            "Switch sides: right",
        ),
        (common::scenario("open_hold"), 110_000, "Hold"),
        (common::scenario("alarm"), 731_000, "Time's up"),
    ];
    for (mut a, ms, words) in cases {
        // The fixture's clock started earlier; pausing at a later moment is enough.
        a.update(Msg::TogglePause, c.at(ms));
        for (w, h) in [(80, 24), (60, 20), (40, 12), (200, 50)] {
            let buf = render(&a, w, h);
            let screen = text(&buf);
            let phase_row = rows(&buf)[..4].join(" ");
            assert!(phase_row.contains(words), "{words} at {w}x{h}:\n{screen}");
            assert!(
                phase_row.contains("Paused"),
                "{words} at {w}x{h}:\n{screen}"
            );
            if words == "Press Enter when done" {
                assert!(!screen.contains("00:00"), "{screen}");
                assert!(!drawn_digits(&buf), "{screen}");
            }
        }
    }
}

#[test]
fn a_big_terminal_gets_big_digits_the_description_and_every_cue() {
    let a = shipped_at("desk_break", 0, 8_000);
    let run = running(&a).expect("a session");
    let step = run.session.current_step();
    let buf = render(&a, 200, 50);
    let screen = text(&buf);
    let digit_rows = pane(&buf).lines().filter(|r| r.contains("████")).count();
    assert!(digit_rows >= 15, "digits {digit_rows} rows tall:\n{screen}");
    let all = squash(&screen);
    assert!(all.contains(&squash(&step.description)), "{screen}");
    for cue in &step.cues {
        assert!(all.contains(&squash(cue)), "{cue}: {screen}");
    }
    // Space between the parts, not a screenful of nothing (there were 25 empty rows).
    let empty = pane(&buf).lines().filter(|r| r.trim().is_empty()).count();
    assert!(empty <= 50 * 2 / 5, "{empty} empty rows:\n{screen}");
}

/// `routine` of `library`, `skips` steps skipped at once, then ticked a second at a time
/// until `phase` (or two minutes).
fn library_at(
    library: &backease::routine::Library,
    routine: &str,
    skips: usize,
    hold: bool,
) -> App {
    let c = Clock::new();
    let mut a = shipped();
    a.library = library.clone();
    a.start(routine, c.at(0)).expect("a built-in routine");
    for _ in 0..skips {
        a.update(Msg::Skip, c.at(0));
    }
    // Past the step-end flash of the skips.
    let mut t = 2_000;
    tick_through(&mut a, &c, 0, t);
    while hold && t < 120_000 {
        let phase = running(&a).map(|r| r.status.phase);
        if !matches!(
            phase,
            Some(Phase::GetReady | Phase::Rest | Phase::SwitchSides)
        ) {
            break;
        }
        tick_through(&mut a, &c, t + 500, t + 1_000);
        t += 1_000;
    }
    if hold {
        // Past the flash that starts the hold.
        tick_through(&mut a, &c, t + 500, t + 1_500);
    }
    a
}

fn has_braille(s: &str) -> bool {
    s.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c))
}

/// Every step of every built-in routine, in its get-ready and its hold, at the sizes a
/// person tries and a few small ones: the step's figure is drawn when the screen has the
/// room; a row it takes holds nothing else (it never covers the time, the phase, the
/// safety notes or the way out); and the digits keep their drawn form wherever they have
/// it without the figure (the figure gives way first).
#[test]
fn every_step_shows_its_figure_and_the_figure_gives_way_first() {
    let _cpu = crate::common::lanes::cpu();
    let with = load::shipped();
    let mut without = with.clone();
    for step in without
        .exercises
        .iter_mut()
        .chain(without.routines.iter_mut().flat_map(|r| r.steps.iter_mut()))
    {
        step.figure.clear();
    }
    for r in &with.routines {
        for i in 0..r.steps.len() {
            for hold in [false, true] {
                let a = library_at(&with, &r.id, i, hold);
                let b = library_at(&without, &r.id, i, hold);
                let Some(run) = running(&a) else { continue };
                let phase = run.status.phase;
                for (w, h) in [(40, 12), (60, 20), (80, 24), (120, 40), (200, 50)] {
                    let (fa, fb) = (render(&a, w, h), render(&b, w, h));
                    let at = format!(
                        "{} step {} ({:?}) at {w}x{h}:\n{}",
                        r.id,
                        i + 1,
                        phase,
                        text(&fa)
                    );
                    let pane_a = pane(&fa);
                    if (w, h) >= (80, 24) && !matches!(phase, Phase::Alarm | Phase::Finished) {
                        assert!(has_braille(&pane_a), "no figure: {at}");
                    }
                    assert!(!has_braille(&pane(&fb)), "a figure without poses: {at}");
                    for row in pane_a.lines().filter(|row| has_braille(row)) {
                        assert!(
                            !row.chars().any(char::is_alphanumeric),
                            "the figure shares a row with text: {row:?}: {at}"
                        );
                    }
                    // The header, the phase and the footer are the same with or without.
                    let (ra, rb) = (rows(&fa), rows(&fb));
                    assert_eq!(ra[0], rb[0], "{at}");
                    assert_eq!(ra.last(), rb.last(), "{at}");
                    let phase_row = |rows: &[String]| {
                        rows.iter()
                            .take(4)
                            .find(|r| phase_words(run).iter().all(|w| r.contains(w)))
                            .cloned()
                    };
                    assert_eq!(phase_row(&ra), phase_row(&rb), "{at}");
                    assert!(phase_row(&ra).is_some(), "{at}");
                    if drawn_digits(&fb) {
                        assert!(drawn_digits(&fa), "the digits gave way first: {at}");
                    }
                }
            }
        }
    }
}
