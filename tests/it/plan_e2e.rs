//! Plans end to end (issue 28), on the real binary: `backease plan` (text and `--json`),
//! `plan use`, `plan off` and the files they keep, the same from the menu's plan picker
//! (`P`: a plan taken and written, the Today line at once; "No plan"; a file with mistakes
//! kept when another is taken), a plan file with mistakes (every one
//! named with its line, column and field, the file untouched), the menu's "Today:" line
//! with its ticks in tmux at 80×24 and 120×40, the progress screen's weeks kept,
//! `backease status --format {today}`, and a range step's hold growing within its range
//! and going back after "this hurts", on the step itself. Each test has its own config
//! and data directories (and tmux server); nothing here touches the person's files or
//! another test's.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use backease::history::{SessionRecord, Stiffness, WallTime};
use backease::routine::load::shipped;
use backease::session::Outcome;
use jiff::civil::Date;

use crate::common::tmux::{BIN, Tmux};

/// Runs `backease ARGS` with its config and data in `home`.
fn backease(home: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(BIN)
        .args(args)
        .env("BACKEASE_CONFIG_DIR", home.join("config"))
        .env("BACKEASE_DATA_DIR", home.join("data"))
        .env("HOME", home)
        .output()
        .expect("run backease");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn today() -> Date {
    jiff::Zoned::now().date()
}

fn days_ago(n: i64) -> Date {
    today()
        .checked_sub(jiff::Span::new().days(n))
        .expect("a date")
}

/// Writes a record of shipped routine `id` started at 07:00 local time on `day`, every
/// step done (held its longest), except those listed in `hurt` (marked "this hurts").
pub(crate) fn record(data: &Path, id: &str, day: Date, hurt: &[&str], felt: Stiffness) {
    let lib = shipped();
    let routine = lib.routine(id).expect("a shipped routine");
    let outcomes: Vec<Outcome> = routine
        .steps
        .iter()
        .map(|s| {
            let held = Duration::from_secs(10);
            if hurt.contains(&s.id.as_str()) {
                Outcome::Painful { held }
            } else {
                Outcome::Done { held }
            }
        })
        .collect();
    let at = |h: i8| -> WallTime {
        let z = day
            .at(h, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::system())
            .expect("a local time");
        WallTime::from(&z)
    };
    let r = SessionRecord::from_run(routine, &outcomes, at(7), at(8), true).with_stiffness(felt);
    let dir = data.join("history");
    std::fs::create_dir_all(&dir).expect("history dir");
    backease::store::history::record_in(&dir, &r).expect("recorded");
}

#[test]
fn plans_are_listed_taken_and_stopped_and_a_plan_is_never_lost() {
    let home = tempfile::tempdir().expect("temp dir");
    let h = home.path();
    let (out, _, code) = backease(h, &["plan"]);
    assert_eq!(code, 0);
    for id in [
        "easing_back_in",
        "morning_and_bedtime",
        "desk_days",
        "stretch_and_core",
    ] {
        assert!(out.contains(id), "{id} missing:\n{out}");
    }
    assert!(out.contains("No plan in use."), "{out}");
    let (json, _, _) = backease(h, &["plan", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["format"], 1);
    assert_eq!(v["plans"].as_array().map(Vec::len), Some(4));
    assert_eq!(v["plans"][0]["routines"][0]["routine"], "five_stretches");
    assert!(v["in_use"].is_null());

    // Taking one writes it with today as its start.
    let (out, _, code) = backease(h, &["plan", "use", "easing_back_in"]);
    assert_eq!(code, 0, "{out}");
    let file = h.join("config/plan.ron");
    let text = std::fs::read_to_string(&file).expect("plan.ron");
    assert!(text.contains(&format!("start: \"{}\"", today())), "{text}");
    let (json, _, _) = backease(h, &["plan", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["in_use"]["plan"]["id"], "easing_back_in");
    assert_eq!(v["in_use"]["today"]["week"], 1);

    // A hand-written plan replaced by `use` is kept, then the next one by `off`.
    let mine = "(name: \"Mine\", weeks: 2, routines: [(routine: \"core\", times_a_week: 2)])\n";
    std::fs::write(&file, mine).expect("write");
    let (out, _, code) = backease(h, &["plan", "use", "desk_days"]);
    assert_eq!(code, 0);
    assert!(out.contains("plan-previous.ron"), "{out}");
    assert_eq!(
        std::fs::read_to_string(h.join("config/plan-previous.ron")).expect("kept"),
        mine
    );
    let (out, _, code) = backease(h, &["plan", "off"]);
    assert_eq!(code, 0);
    assert!(!file.exists());
    assert!(out.contains("plan-previous-2.ron"), "{out}");
    assert!(
        std::fs::read_to_string(h.join("config/plan-previous-2.ron"))
            .expect("kept")
            .contains("desk_days")
    );
    assert_eq!(
        std::fs::read_to_string(h.join("config/plan-previous.ron")).expect("still kept"),
        mine
    );
    let (out, _, _) = backease(h, &["plan", "off"]);
    assert_eq!(out, "No plan was in use.\n");
    let (_, err, code) = backease(h, &["plan", "use", "nope"]);
    assert_eq!(code, 1);
    assert!(err.contains("there is no plan with id \"nope\""), "{err}");
}

#[test]
fn a_plan_with_mistakes_names_each_and_is_left_as_it_is() {
    let home = tempfile::tempdir().expect("temp dir");
    let h = home.path();
    std::fs::create_dir_all(h.join("config")).expect("config");
    let bad = "(\n    name: \"Mine\",\n    weeks: 0,\n    routines: [\n        (routine: \"cor\", days: \"mon-fri\"),\n    ],\n)\n";
    let file = h.join("config/plan.ron");
    std::fs::write(&file, bad).expect("write");
    let (out, _, code) = backease(h, &["plan"]);
    assert_eq!(code, 0);
    let shown = file.display();
    assert!(
        out.contains(&format!(
            "{shown}:3:12: weeks: 0 weeks: a plan runs 1 to 52 weeks"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{shown}:5:19: routines[0].routine: there is no routine \"cor\"; did you mean \"core\"?"
        )),
        "{out}"
    );
    // `backease check` checks it with the other files in use.
    let (out, err, code) = backease(h, &["check"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains(&format!("{shown}: 2 problems")), "{out}");
    assert!(
        err.contains(&format!("{shown}:3:12: weeks: 0 weeks")),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).expect("file"), bad);
    // The status bar prints no plan rather than an error.
    let (out, _, _) = backease(h, &["status", "--format", "[{today}]"]);
    assert_eq!(out, "[]\n");
}

/// A plan started `weeks_ago` weeks ago today: five stretches every day, core 3 times a
/// week.
fn plan_started(config: &Path, weeks_ago: i64) {
    std::fs::create_dir_all(config).expect("config");
    std::fs::write(
        config.join("plan.ron"),
        format!(
            "(name: \"Test plan\", weeks: 4, start: \"{}\", routines: [\n\
             (routine: \"five_stretches\", days: \"every day\"),\n\
             (routine: \"core\", times_a_week: 3),\n])\n",
            days_ago(weeks_ago * 7)
        ),
    )
    .expect("plan");
}

/// The screen's line holding `start`, from there on.
fn row(screen: &str, start: &str) -> String {
    screen
        .lines()
        .find_map(|l| l.find(start).map(|i| l[i..].to_string()))
        .unwrap_or_default()
}

#[test]
fn the_menu_opens_on_today_and_the_progress_screen_shows_each_week_kept() {
    let t = Tmux::start();
    let home = t.home().to_path_buf();
    plan_started(&home.join("config"), 1);
    let none = Stiffness::default();
    // Last week: five stretches on 5 of 7 days, core twice: 7 of 10 planned, 70%.
    for d in [7, 6, 5, 4, 3] {
        record(&t.data_dir(), "five_stretches", days_ago(d), &[], none);
    }
    record(&t.data_dir(), "core", days_ago(6), &[], none);
    record(&t.data_dir(), "core", days_ago(5), &[], none);
    // Today: five stretches done.
    record(&t.data_dir(), "five_stretches", today(), &[], none);
    t.tmux(&["resize-window", "-t", "e2e", "-x", "80", "-y", "24"]);
    t.run("--mute");
    t.wait_text("Today: Five back stretches ✓ · Core wake-up");
    let screen = t.screen();
    // Under the title, and the cursor on the first routine due and not done.
    let lines: Vec<&str> = screen.lines().collect();
    assert!(lines[1].starts_with(" Today: "), "{screen}");
    assert!(
        screen.contains("Core wake-up\n") || screen.contains(" Core wake-up"),
        "{screen}"
    );
    t.wait(
        "the details of Core wake-up",
        crate::common::tmux::SOON,
        |t| t.screen().lines().any(|l| l.trim() == "Core wake-up"),
    );
    t.keys(&["h"]);
    t.wait_text("Plan: Test plan");
    let screen = t.screen();
    // A row a week: done/planned and the percentage kept. Last week: 7 of 10. This week
    // so far: today's stretches (1 planned) and core's 3, all still to do.
    assert!(row(&screen, "week 1 ").contains("7/10   70%"), "{screen}");
    assert!(
        row(&screen, "week 2 ").contains("1/4    25% so far"),
        "{screen}"
    );
    t.tmux(&["resize-window", "-t", "e2e", "-x", "120", "-y", "40"]);
    t.wait(
        "the wider progress screen",
        crate::common::tmux::SOON,
        |t| t.info("#{window_width}") == "120" && t.screen().contains("7/10   70%"),
    );
    t.keys(&["Escape"]);
    t.wait_text("Today: Five back stretches ✓ · Core wake-up");
    t.keys(&["q"]);

    let (out, _, code) = backease(&home, &["status", "--format", "{today}"]);
    assert_eq!(code, 0);
    assert_eq!(out, "five_stretches ✓ · core\n");
}

#[test]
fn a_hold_grows_within_its_range_and_goes_back_after_this_hurts_on_the_step() {
    let t = Tmux::start();
    let home = t.home().to_path_buf();
    plan_started(&home.join("config"), 1);
    // Last week: the supine twist (10–15 s) four times, no discomfort: one notch up.
    let easy = Stiffness {
        before: Some(4),
        after: Some(3),
    };
    for d in [7, 6, 5, 4] {
        record(&t.data_dir(), "five_stretches", days_ago(d), &[], easy);
    }
    let (out, _, _) = backease(&home, &["plan"]);
    assert!(
        out.contains(
            "Supine twist (10–15 s): 12 s this week: no discomfort reported in 4 sessions"
        ),
        "{out}"
    );
    // On the step, in the session.
    t.run("--mute start five_stretches");
    t.wait_text("step 1 of 5");
    t.past_key_guard();
    t.keys(&["n"]);
    t.wait_text("step 2 of 5");
    t.past_key_guard();
    t.keys(&["n"]);
    t.wait_text("Plan: 12 s this week: no discomfort reported in 4 sessions");
    t.keys(&["q"]);
    t.wait_text("End the session?");
    t.keys(&["y"]);
    t.wait_text("ended early");
    t.keys(&["q"]);
    // A "this hurts" today moves it back.
    record(
        &t.data_dir(),
        "five_stretches",
        today(),
        &["supine_twist"],
        easy,
    );
    let (out, _, _) = backease(&home, &["plan"]);
    assert!(
        out.contains("Supine twist (10–15 s): 10 s this week: \"this hurts\" on"),
        "{out}"
    );
    assert!(out.contains("back from 12 s"), "{out}");
}

/// Opens the menu's plan picker (`P`) and waits for it, drawn to its footer (a frame
/// reaches the pane top to bottom: what is above the footer is there too).
fn open_picker(t: &Tmux) {
    t.wait_text("pick a routine");
    t.keys(&["P"]);
    t.wait_text("Follow a plan");
    t.wait_text("Esc close");
}

#[test]
fn the_menus_picker_takes_a_plan_writes_it_and_shows_today() {
    let t = Tmux::start();
    let home = t.home().to_path_buf();
    t.tmux(&["resize-window", "-t", "e2e", "-x", "80", "-y", "24"]);
    t.run("--mute");
    t.wait_text("q quit");
    assert!(!t.screen().contains("Today:"), "{}", t.screen());
    open_picker(&t);
    let screen = t.screen();
    assert!(
        screen.contains("▸ Easing back in  easing_back_in"),
        "{screen}"
    );
    assert!(!screen.contains("No plan"), "none followed yet\n{screen}");
    t.keys(&["Enter"]);
    // The status line says it, under the Today line: the frame is whole.
    t.wait_text("Following Easing back in from today for 4 weeks.");
    let screen = t.screen();
    // Every day the stretches; on working days the desk break too.
    let today_line = screen.lines().nth(1).unwrap_or_default();
    assert!(
        today_line.starts_with(" Today: Five back stretches"),
        "{screen}"
    );
    assert!(!screen.contains("Follow a plan"), "closed\n{screen}");
    // Written as `backease plan use easing_back_in` writes it: from today.
    let text = std::fs::read_to_string(home.join("config/plan.ron")).expect("plan.ron");
    assert!(text.contains("id: \"easing_back_in\""), "{text}");
    assert!(text.contains(&format!("start: \"{}\"", today())), "{text}");
    // The picker marks it now, and offers "No plan".
    open_picker(&t);
    let screen = t.screen();
    assert!(screen.contains("✓ in use"), "{screen}");
    assert!(screen.contains("No plan"), "{screen}");
    t.keys(&["Escape"]);
    t.wait("the picker closed", crate::common::tmux::SOON, |t| {
        !t.screen().contains("Follow a plan")
    });
    t.keys(&["q"]);
    let (json, _, _) = backease(&home, &["plan", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["in_use"]["plan"]["id"], "easing_back_in");
    assert_eq!(v["in_use"]["today"]["week"], 1);
}

#[test]
fn no_plan_from_the_picker_stops_the_plan_and_keeps_the_persons_file() {
    let t = Tmux::start();
    let home = t.home().to_path_buf();
    plan_started(&home.join("config"), 1);
    let mine = std::fs::read_to_string(home.join("config/plan.ron")).expect("plan");
    t.tmux(&["resize-window", "-t", "e2e", "-x", "120", "-y", "40"]);
    t.run("--mute");
    t.wait_text("Today: Five back stretches");
    open_picker(&t);
    // The person's own plan is no shipped one: none marked; "No plan" is last.
    let screen = t.screen();
    assert!(!screen.contains("✓ in use"), "{screen}");
    assert!(screen.contains("No plan"), "{screen}");
    t.keys(&["G", "Enter"]);
    t.wait_text("No plan followed now");
    t.wait_text("plan-previous.ron");
    let screen = t.screen();
    assert!(!screen.contains("Today:"), "{screen}");
    assert!(!home.join("config/plan.ron").exists());
    assert_eq!(
        std::fs::read_to_string(home.join("config/plan-previous.ron")).expect("kept"),
        mine
    );
    // And the picker no longer offers "No plan".
    open_picker(&t);
    assert!(!t.screen().contains("No plan"), "{}", t.screen());
    t.keys(&["Escape"]);
    t.wait("the picker closed", crate::common::tmux::SOON, |t| {
        !t.screen().contains("Follow a plan")
    });
    t.keys(&["q"]);
}

#[test]
fn a_plan_with_mistakes_is_kept_when_the_picker_takes_another() {
    let t = Tmux::start();
    let home = t.home().to_path_buf();
    let config = home.join("config");
    let bad = "(name: \"Mine\", weeks: 0, routines: [(routine: \"cor\", days: \"mon-fri\")])\n";
    std::fs::write(config.join("plan.ron"), bad).expect("write");
    t.tmux(&["resize-window", "-t", "e2e", "-x", "120", "-y", "40"]);
    t.run("--mute");
    t.wait_text("did you mean \"core\"?");
    open_picker(&t);
    t.keys(&["j", "j", "Enter"]);
    t.wait_text("Following Desk days from today for 4 weeks");
    t.wait_text("plan-previous.ron");
    let screen = t.screen();
    // Three times a week: due every day until this week's three are done.
    let today_line = screen.lines().nth(1).unwrap_or_default();
    assert!(
        today_line.starts_with(" Today: ") && today_line.contains("Stiff back (PT five)"),
        "{screen}"
    );
    assert!(
        !screen.contains("did you mean \"core\"?"),
        "the old file's problems are not said any more\n{screen}"
    );
    assert_eq!(
        std::fs::read_to_string(config.join("plan-previous.ron")).expect("kept"),
        bad
    );
    let text = std::fs::read_to_string(config.join("plan.ron")).expect("plan.ron");
    assert!(text.contains("id: \"desk_days\""), "{text}");
    t.keys(&["q"]);
}
