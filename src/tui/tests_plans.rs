//! The plan picker's effect through the shell: taking a plan from the menu hands the id to
//! the hooks (`Hooks::use_plan`, which writes `plan.ron` in the real wiring) and their
//! answer to the app in the same update, so the next frame has the Today line; "No plan"
//! hands `None`; a failure is said among the menu's notices and nothing changes.

use std::time::Instant;

use super::clock::Clock;
use super::shell::Shell;
use super::tests::FakeHost;
use super::trace::Trace;
use crate::app::{App, AudioView, Hooks, Msg, PlanNow, PlanTaken, Standing};
use crate::audio::SilentPlayer;
use crate::plan::Today;
use crate::session::Config;

/// Hooks that remember what they were asked to follow, and answer with `fail` or a plan.
#[derive(Default)]
struct PlanHooks {
    asked: Vec<Option<String>>,
    fail: Option<String>,
}

impl Hooks for PlanHooks {
    fn notify(&mut self, _: &str, _: &str) {}
    fn progress(&mut self, _: &Standing) {}
    fn session_over(&mut self, _: &Standing) {}
    fn use_plan(&mut self, id: Option<&str>) -> Result<PlanTaken, String> {
        self.asked.push(id.map(str::to_string));
        if let Some(why) = &self.fail {
            return Err(why.clone());
        }
        Ok(PlanTaken {
            now: id.map(|id| PlanNow {
                id: id.to_string(),
                today: Today::Running {
                    week: 1,
                    weeks: 4,
                    items: Vec::new(),
                },
                holds: Vec::new(),
            }),
            note: format!("taken: {id:?}"),
        })
    }
}

fn app() -> App {
    App::new(
        crate::routine::load::shipped(),
        Config::default(),
        AudioView {
            volume: 50,
            muted: true,
            off: None,
        },
    )
}

fn run(hooks: &mut PlanHooks, a: &mut App, msgs: &[Msg]) {
    let mut player = SilentPlayer::off("test");
    let clock = Clock::new(Instant::now(), 1.0);
    let mut shell = Shell::new(clock, FakeHost::default(), &mut player, hooks, Trace::off());
    for msg in msgs {
        shell.update(a, *msg).expect("update");
    }
}

#[test]
fn a_plan_taken_in_the_picker_reaches_the_hooks_and_their_answer_the_app() {
    let mut hooks = PlanHooks::default();
    let mut a = app();
    run(&mut hooks, &mut a, &[Msg::Plans, Msg::Down, Msg::Enter]);
    assert_eq!(hooks.asked, [Some("morning_and_bedtime".to_string())]);
    assert_eq!(a.plan_id.as_deref(), Some("morning_and_bedtime"));
    assert!(a.today.is_some());
    assert_eq!(a.passing, ["taken: Some(\"morning_and_bedtime\")"]);
    // "No plan", last now that one is followed.
    run(&mut hooks, &mut a, &[Msg::Plans, Msg::Last, Msg::Enter]);
    assert_eq!(hooks.asked.last(), Some(&None));
    assert_eq!((a.plan_id.clone(), a.today.clone()), (None, None));
    // Esc: nothing asked.
    run(&mut hooks, &mut a, &[Msg::Plans, Msg::Cancel]);
    assert_eq!(hooks.asked.len(), 2);
}

#[test]
fn a_plan_the_hooks_could_not_write_is_said_and_changes_nothing() {
    let mut hooks = PlanHooks {
        fail: Some("could not write the plan: read-only file system".to_string()),
        ..PlanHooks::default()
    };
    let mut a = app();
    run(&mut hooks, &mut a, &[Msg::Plans, Msg::Enter]);
    assert_eq!(hooks.asked, [Some("easing_back_in".to_string())]);
    assert_eq!((a.plan_id.clone(), a.today.clone()), (None, None));
    assert_eq!(
        a.notices,
        ["could not write the plan: read-only file system"]
    );
}
