//! Fixtures for the UI and app tests: a library built in code (independent of the shipped
//! one), an app at a fixed start time, and text captures of rendered screens.
#![allow(dead_code)]

/// The sound generator, to compare its output with `assets/`.
#[path = "../../../examples/gen_sounds.rs"]
#[allow(dead_code)]
pub mod gen_sounds;
pub mod lanes;
pub mod loudness;
pub mod pty;
pub mod pulse;
pub mod records;
pub mod tmux;

use std::time::{Duration, Instant};

use backease::app::{App, AudioView, Effect, Msg};
use backease::routine::{Exercise, Library, Routine, TimeRange, Timing};
use backease::session::Config;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

pub fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

pub fn exercise(id: &str, name: &str, timing: Timing) -> Exercise {
    Exercise {
        lead_in: Some(secs(5)),
        ..Exercise::new(id, name, timing)
    }
}

/// Routines covering every kind of step:
/// - `mix`: fixed 20 s, range 10–15 s × 2 with rest, per side 15 s, open-ended, untimed.
/// - `long`: a 12-minute hold then a fixed one.
pub fn library() -> Library {
    let mut fixed = exercise(
        "pelvic_tilt",
        "Pelvic tilt",
        Timing::Hold(TimeRange::secs(20, 20)),
    );
    fixed.cues = vec![
        "Lie on your back, knees bent.".into(),
        "Flatten your low back into the floor.".into(),
    ];
    fixed.safety = vec!["Keep the movement small.".into()];
    let mut range = exercise(
        "child_pose",
        "Child's pose",
        Timing::Hold(TimeRange::secs(10, 15)),
    );
    range.reps = 2;
    range.rest = secs(4);
    range.cues = vec!["Sit back on your heels.".into(), "Reach forward.".into()];
    let mut sides = exercise(
        "figure_four",
        "Figure four",
        Timing::Hold(TimeRange::secs(15, 15)),
    );
    sides.sides = vec!["left".into(), "right".into()];
    sides.switch = secs(3);
    sides.cues = vec!["Ankle over the opposite knee.".into()];
    let mut open = exercise("wall_sit", "Wall sit", Timing::OpenEnded);
    open.equipment = vec!["wall".into()];
    open.cues = vec!["Back flat against the wall.".into()];
    let mut untimed = exercise("fill_bath", "Run a warm bath", Timing::Untimed);
    untimed.equipment = vec!["bath".into()];
    untimed.cues = vec!["Warm, not hot.".into()];
    let mut long = exercise(
        "ball_drape",
        "Ball drape",
        Timing::Hold(TimeRange::secs(720, 720)),
    );
    long.equipment = vec!["exercise ball".into()];
    long.cues = vec!["Lie over the ball.".into(), "Let everything hang.".into()];
    long.safety = vec!["If you feel dizzy, come down slowly.".into()];
    let exercises = vec![
        fixed.clone(),
        range.clone(),
        sides.clone(),
        open.clone(),
        untimed.clone(),
        long.clone(),
    ];
    Library {
        exercises,
        routines: vec![
            Routine {
                id: "mix".into(),
                name: "Morning mix".into(),
                description: "A bit of everything.".into(),
                safety: vec!["Not medical advice: stop anything that hurts.".into()],
                steps: vec![fixed.clone(), range, sides, open, untimed],
            },
            Routine {
                id: "long".into(),
                name: "Long drape".into(),
                description: "Twelve minutes over the ball.".into(),
                safety: vec![],
                steps: vec![long, fixed],
            },
        ],
        poses: vec![],
    }
}

/// An app over [`library`] with sound "on" (the recording player's view).
pub fn app() -> App {
    app_over(library())
}

/// [`app`] over another library (with the same routine ids).
pub fn app_over(library: Library) -> App {
    let mut app = App::new(
        library,
        Config::default(),
        AudioView {
            volume: 80,
            muted: false,
            off: None,
        },
    );
    app.color = true;
    app
}

/// A test's clock: a fixed start and offsets from it.
pub struct Clock {
    pub t0: Instant,
}

impl Clock {
    pub fn new() -> Clock {
        Clock { t0: Instant::now() }
    }
    pub fn at(&self, ms: u64) -> Instant {
        self.t0 + Duration::from_millis(ms)
    }
}

/// Sends messages at a moment, collecting every effect.
pub fn send(app: &mut App, at: Instant, msgs: &[Msg]) -> Vec<Effect> {
    msgs.iter().flat_map(|m| app.update(*m, at)).collect()
}

pub fn render(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|f| {
            let area = f.area();
            backease::ui::draw(app, area, f.buffer_mut());
        })
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The buffer's text, one line per row, trailing spaces trimmed.
pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Where `needle` starts on screen, as (x, y).
pub fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut xs = Vec::new();
        for x in 0..buf.area.width {
            let s = buf[(x, y)].symbol();
            for _ in s.chars() {
                xs.push(x);
            }
            line.push_str(s);
        }
        if let Some(byte) = line.find(needle) {
            let ci = line[..byte].chars().count();
            return Some((xs[ci], y));
        }
    }
    None
}

/// Ticks every 250 ms from `from` to `to` (ms), as the shell would, collecting effects.
pub fn tick_through(app: &mut App, c: &Clock, from: u64, to: u64) -> Vec<Effect> {
    let mut out = Vec::new();
    let mut t = from;
    while t <= to {
        out.extend(app.update(Msg::Tick, c.at(t)));
        t += 250;
    }
    out
}

/// Every screen and phase worth drawing, by name.
pub fn scenarios() -> Vec<(&'static str, App)> {
    scenarios_over(library())
}

/// [`scenarios`] over another library (with the same routine ids and steps).
pub fn scenarios_over(library: Library) -> Vec<(&'static str, App)> {
    let app = || app_over(library.clone());
    let c = Clock::new();
    let mut out = Vec::new();
    let mut menu = app();
    menu.notices = vec!["sound off: no audio device".into()];
    out.push(("menu", menu.clone()));
    let mut filtered = app();
    send(
        &mut filtered,
        c.at(0),
        &[Msg::Filter, Msg::Char('l'), Msg::Char('o')],
    );
    out.push(("menu_filter", filtered));
    let mut asking = app();
    asking.painful = [("mix".to_string(), vec!["wall_sit".to_string()])].into();
    asking.update(Msg::Enter, c.at(0));
    out.push(("menu_skip_prompt", asking));
    let mut help_menu = app();
    help_menu.update(Msg::Help, c.at(0));
    out.push(("menu_help", help_menu));

    let at = |ms: u64| {
        let mut a = app();
        a.start("mix", c.at(0));
        tick_through(&mut a, &c, 0, ms);
        a
    };
    out.push(("get_ready", at(2_000)));
    out.push(("hold", at(12_000)));
    out.push(("step_end_flash", at(25_250)));
    out.push(("range_hold", at(33_000)));
    out.push(("range_hold_min_reached", at(41_000)));
    out.push(("rest", at(46_000)));
    out.push(("switch_sides", at(85_000)));
    out.push(("open_hold", at(110_000)));
    let mut untimed = at(110_000);
    untimed.update(Msg::Enter, c.at(110_000));
    tick_through(&mut untimed, &c, 110_000, 112_000);
    out.push(("untimed", untimed));
    let mut paused = at(12_000);
    paused.update(Msg::TogglePause, c.at(12_000));
    out.push(("paused", paused));
    let mut help = at(12_000);
    help.update(Msg::Help, c.at(12_000));
    out.push(("session_help", help));
    let mut quit = at(12_000);
    quit.update(Msg::Quit, c.at(12_000));
    out.push(("quit_prompt", quit));
    let mut hurt = at(12_000);
    hurt.update(Msg::Hurts, c.at(12_000));
    hurt.update(Msg::Tick, c.at(14_000));
    out.push(("hurts", hurt));
    // (A second into the hold: a key right as it began would be meant for the get-ready.)
    let mut summary = at(31_000);
    summary.update(Msg::Skip, c.at(31_000));
    send(&mut summary, c.at(32_000), &[Msg::Quit, Msg::Yes]);
    out.push(("summary", summary));

    let mut long = app();
    long.start("long", c.at(0));
    let mut t = 0;
    while t <= 600_000 {
        long.update(Msg::Tick, c.at(t));
        t += 1_000;
    }
    out.push(("long_hold", long.clone()));
    while t <= 731_000 {
        long.update(Msg::Tick, c.at(t));
        t += 1_000;
    }
    out.push(("alarm", long));
    out
}

pub fn scenario(name: &str) -> App {
    scenarios()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, a)| a)
        .unwrap_or_else(|| panic!("no scenario {name}"))
}

/// Runs one `#[ignore]`d test of this binary (`module::name`) in a child process with
/// `set` added to and `unset` removed from the environment, and fails if it failed. A test
/// whose subject reads the process environment runs its body this way, so that no test
/// changes the environment of the binary every other test shares.
pub fn run_in_child(test: &str, set: &[(&str, &std::ffi::OsStr)], unset: &[&str]) {
    let exe = std::env::current_exe().expect("test binary path");
    let mut cmd = std::process::Command::new(exe);
    cmd.args(["--exact", test, "--ignored", "--test-threads=1"]);
    for (k, v) in set {
        cmd.env(k, v);
    }
    for k in unset {
        cmd.env_remove(k);
    }
    let out = cmd.output().expect("run the test binary");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{test} in a child process failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
