//! The menu's plan picker (`P`, issue 28): the shipped plans with their names, ids and a
//! line on each, the plan in use marked, and "No plan" while one is followed. Up and down
//! move, Enter or a click takes one, Esc closes. Taking a plan is
//! [`Effect::UsePlan`]: the shell writes `plan.ron` as `backease plan use ID` (or `plan
//! off`) does and hands back what it did ([`super::Hooks::use_plan`], then
//! [`App::plan_taken`]), so the menu's "Today:" line follows at once. Pure: which plans
//! there are comes from the library, what is in use from the app.

use super::{App, Effect, Menu, Msg, PlanNow, Screen};
use crate::plan::shipped;
use crate::routine::Library;

/// One row of the picker: a shipped plan, or stopping the one followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanChoice {
    /// The shipped plan's id; `None`: no plan (`backease plan off`).
    pub id: Option<String>,
    pub name: String,
    /// One line: how many weeks, and each routine with when it is due.
    pub summary: String,
    /// What the plan is for, in a sentence or two (the shipped plan's `about`).
    pub about: String,
    /// The plan followed now.
    pub in_use: bool,
}

/// The picker's state: its rows and the one highlighted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanPicker {
    pub choices: Vec<PlanChoice>,
    pub selected: usize,
}

impl PlanPicker {
    /// The shipped plans that read against `library`, `in_use` (the id of the plan
    /// followed, empty for one of the person's own; `None`: no plan) marked and
    /// highlighted, and "No plan" last while a plan is followed.
    pub fn new(library: &Library, in_use: Option<&str>) -> PlanPicker {
        let mut choices: Vec<PlanChoice> = shipped::plans(library)
            .iter()
            .map(|p| {
                let routines: Vec<String> = p
                    .items
                    .iter()
                    .map(|i| {
                        let name = library
                            .routine(&i.routine)
                            .map_or(i.routine.as_str(), |r| r.name.as_str());
                        let from = if i.from_week > 1 {
                            format!(" from week {}", i.from_week)
                        } else {
                            String::new()
                        };
                        format!("{name} {}{from}", i.when.text())
                    })
                    .collect();
                PlanChoice {
                    id: Some(p.id.clone()),
                    name: p.name.clone(),
                    summary: format!("{} weeks · {}", p.weeks, routines.join(" · ")),
                    about: p.about.clone(),
                    in_use: in_use.is_some_and(|id| !id.is_empty() && id == p.id),
                }
            })
            .collect();
        if in_use.is_some() {
            choices.push(PlanChoice {
                id: None,
                name: "No plan".to_string(),
                summary: "stop following a plan (plan.ron is kept as plan-previous.ron)"
                    .to_string(),
                about: "The menu then shows no Today line; `backease plan use ID` or this \
                        picker takes a plan again."
                    .to_string(),
                in_use: false,
            });
        }
        let selected = choices.iter().position(|c| c.in_use).unwrap_or(0);
        PlanPicker { choices, selected }
    }

    fn move_by(&mut self, delta: isize) {
        let last = self.choices.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
    }
}

/// What the shell did when a plan was taken from the picker.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanTaken {
    /// The plan followed now, as of today (`None`: no plan).
    pub now: Option<PlanNow>,
    /// What to tell the person (on the menu's status line until the next key).
    pub note: String,
}

impl App {
    /// `P` in the menu: the picker opens over it.
    pub(super) fn open_plans(&mut self) -> Vec<Effect> {
        let picker = PlanPicker::new(&self.library, self.plan_id.as_deref());
        if let Screen::Menu(menu) = &mut self.screen {
            menu.plans = Some(picker);
        }
        Vec::new()
    }

    /// A message while the picker is open: it takes every key (and click) until closed.
    pub(super) fn update_plans(&mut self, msg: Msg) -> Vec<Effect> {
        let Screen::Menu(Menu {
            plans: Some(picker),
            ..
        }) = &mut self.screen
        else {
            return Vec::new();
        };
        let len = picker.choices.len() as isize;
        match msg {
            Msg::Up => picker.move_by(-1),
            Msg::Down => picker.move_by(1),
            Msg::PageUp | Msg::First => picker.move_by(-len),
            Msg::PageDown | Msg::Last => picker.move_by(len),
            Msg::Cancel | Msg::Plans => self.close_plans(),
            Msg::Enter => {
                let at = picker.selected;
                return self.take_plan(at);
            }
            Msg::TakePlan(at) => return self.take_plan(at),
            Msg::Mute | Msg::Voice | Msg::VolumeUp | Msg::VolumeDown => return self.audio_msg(msg),
            _ => {}
        }
        Vec::new()
    }

    fn close_plans(&mut self) {
        if let Screen::Menu(menu) = &mut self.screen {
            menu.plans = None;
        }
    }

    /// Takes row `at` of the picker: the shell writes the plan file. The plan already
    /// followed is not taken again (that would start its weeks over): the picker closes
    /// and says so.
    fn take_plan(&mut self, at: usize) -> Vec<Effect> {
        let Screen::Menu(Menu {
            plans: Some(picker),
            ..
        }) = &mut self.screen
        else {
            return Vec::new();
        };
        let Some(choice) = picker.choices.get(at).cloned() else {
            return Vec::new();
        };
        picker.selected = at;
        self.close_plans();
        if choice.in_use {
            let week = match &self.today {
                Some(crate::plan::Today::Running { week, weeks, .. }) => {
                    format!(" (week {week} of {weeks})")
                }
                _ => String::new(),
            };
            self.passing
                .push(format!("You follow {} already{week}.", choice.name));
            return Vec::new();
        }
        vec![Effect::UsePlan(choice.id)]
    }

    /// What the shell did with [`Effect::UsePlan`]: the plan followed now (its holds put
    /// on the routines as written, the "Today:" line, the cursor on the first routine
    /// due), or why nothing changed, on the menu's status line.
    pub(super) fn plan_taken(&mut self, taken: Result<PlanTaken, String>) {
        // An earlier failure stays said until a plan is taken or another failure says more.
        if let Some(earlier) = self.plan_failure.take() {
            self.notices.retain(|n| *n != earlier);
        }
        match taken {
            Ok(taken) => {
                if let Some(written) = self.routines_as_written.take() {
                    self.library = written;
                }
                self.plan_problem = None;
                self.plan_id = None;
                self.today = None;
                if let Some(now) = taken.now {
                    self.follow(now);
                }
                self.passing.push(taken.note);
            }
            Err(why) => {
                self.plan_failure = Some(why.clone());
                self.notices.push(why);
            }
        }
    }

    /// Follows the plan `now` describes: its holds on the routines (the routines as
    /// written kept for a change of plan), the cursor on the first routine due today (in
    /// a menu the person has not moved or filtered), the "Today:" line.
    pub(super) fn follow(&mut self, now: PlanNow) {
        if !now.holds.is_empty() {
            self.routines_as_written = Some(self.library.clone());
            crate::plan::progression::apply(&mut self.library, &now.holds);
        }
        if let (Some(next), Screen::Menu(menu)) = (now.today.next(), &mut self.screen)
            && menu.prompt.is_none()
            && menu.selected == 0
            && menu.filter.is_empty()
        {
            menu.selected = menu
                .visible(&self.library)
                .iter()
                .position(|&i| self.library.routines.get(i).is_some_and(|r| r.id == next))
                .unwrap_or(0);
        }
        self.plan_id = Some(now.id);
        self.today = Some(now.today);
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::plan::Today;
    use crate::routine::load::shipped;
    use crate::session::Config;

    fn app() -> App {
        App::new(
            shipped(),
            Config::default(),
            super::super::AudioView {
                volume: 80,
                muted: false,
                off: None,
            },
        )
    }

    fn picker(a: &App) -> Option<&PlanPicker> {
        match &a.screen {
            Screen::Menu(m) => m.plans.as_ref(),
            _ => None,
        }
    }

    fn following(id: &str) -> PlanNow {
        PlanNow {
            id: id.to_string(),
            today: Today::Running {
                week: 1,
                weeks: 4,
                items: Vec::new(),
            },
            holds: Vec::new(),
        }
    }

    #[test]
    fn p_opens_the_shipped_plans_without_no_plan_when_none_is_followed() {
        let now = Instant::now();
        let mut a = app();
        assert!(a.update(Msg::Plans, now).is_empty());
        let p = picker(&a).expect("open");
        let ids: Vec<Option<&str>> = p.choices.iter().map(|c| c.id.as_deref()).collect();
        assert_eq!(
            ids,
            [
                Some("easing_back_in"),
                Some("morning_and_bedtime"),
                Some("desk_days"),
                Some("stretch_and_core")
            ]
        );
        assert_eq!(p.selected, 0);
        assert!(p.choices.iter().all(|c| !c.in_use));
        assert_eq!(
            p.choices[0].summary,
            "4 weeks · Five back stretches every day · Desk break mon-fri · \
             Morning wake-up 3 times a week from week 3"
        );
    }

    #[test]
    fn keys_move_within_the_list_and_esc_closes_it() {
        let now = Instant::now();
        let mut a = app();
        a.update(Msg::Plans, now);
        a.update(Msg::Up, now);
        assert_eq!(picker(&a).map(|p| p.selected), Some(0), "stays at the top");
        for _ in 0..10 {
            a.update(Msg::Down, now);
        }
        assert_eq!(picker(&a).map(|p| p.selected), Some(3), "stops at the end");
        a.update(Msg::First, now);
        assert_eq!(picker(&a).map(|p| p.selected), Some(0));
        // The menu's own keys do nothing while it is open.
        a.update(Msg::Favourite, now);
        a.update(Msg::Filter, now);
        let Screen::Menu(m) = &a.screen else {
            panic!("the menu")
        };
        assert!(!m.filtering && m.picks.favourites.is_empty());
        assert!(a.update(Msg::Cancel, now).is_empty());
        assert_eq!(picker(&a), None);
        // Esc again is the menu's (clears a filter): nothing to write.
        assert!(a.update(Msg::Cancel, now).is_empty());
    }

    #[test]
    fn enter_or_a_click_takes_a_plan_and_the_shells_answer_is_followed() {
        let now = Instant::now();
        let mut a = app();
        a.update(Msg::Plans, now);
        a.update(Msg::Down, now);
        assert_eq!(
            a.update(Msg::Enter, now),
            [Effect::UsePlan(Some("morning_and_bedtime".to_string()))]
        );
        assert_eq!(picker(&a), None, "closed once taken");
        a.plan_taken(Ok(PlanTaken {
            now: Some(following("morning_and_bedtime")),
            note: "Following Morning and bedtime".to_string(),
        }));
        assert_eq!(a.plan_id.as_deref(), Some("morning_and_bedtime"));
        assert!(a.today.is_some());
        assert_eq!(a.passing, ["Following Morning and bedtime"]);
        // Open again: the plan in use marked and highlighted, "No plan" last.
        a.update(Msg::Plans, now);
        let p = picker(&a).expect("open");
        assert_eq!(p.selected, 1);
        assert!(p.choices[1].in_use);
        assert_eq!(p.choices.len(), 5);
        assert_eq!(p.choices[4].id, None);
        // A click on "No plan" takes it at once.
        assert_eq!(a.update(Msg::TakePlan(4), now), [Effect::UsePlan(None)]);
        a.plan_taken(Ok(PlanTaken {
            now: None,
            note: "No plan followed now".to_string(),
        }));
        assert_eq!((a.plan_id.clone(), a.today.clone()), (None, None));
    }

    #[test]
    fn the_plan_in_use_is_not_started_again_and_a_failure_changes_nothing() {
        let now = Instant::now();
        let mut a = app();
        a.plan_taken(Ok(PlanTaken {
            now: Some(following("desk_days")),
            note: String::new(),
        }));
        a.update(Msg::Plans, now);
        assert!(a.update(Msg::Enter, now).is_empty());
        assert_eq!(picker(&a), None);
        assert_eq!(a.passing, ["You follow Desk days already (week 1 of 4)."]);
        a.update(Msg::Plans, now);
        assert_eq!(
            a.update(Msg::TakePlan(0), now),
            [Effect::UsePlan(Some("easing_back_in".to_string()))]
        );
        a.plan_taken(Err("could not write the plan: no room".to_string()));
        assert_eq!(a.plan_id.as_deref(), Some("desk_days"), "still followed");
        assert!(a.today.is_some());
        assert_eq!(a.notices, ["could not write the plan: no room"]);
        // Said until a plan is taken.
        a.update(Msg::Down, now);
        assert_eq!(a.notices, ["could not write the plan: no room"]);
        a.plan_taken(Ok(PlanTaken {
            now: None,
            note: "No plan followed now.".to_string(),
        }));
        assert!(a.notices.is_empty(), "{:?}", a.notices);
    }

    #[test]
    fn a_change_of_plan_starts_from_the_routines_as_written() {
        let mut a = app();
        let written = a.library.clone();
        let hold = crate::plan::Hold {
            routine: "five_stretches".into(),
            step: 0,
            exercise: a.library.routine("five_stretches").expect("shipped").steps[0]
                .id
                .clone(),
            name: String::new(),
            range: crate::routine::TimeRange::secs(10, 15),
            hold: std::time::Duration::from_secs(12),
            note: "12 s this week".into(),
            weeks: Vec::new(),
        };
        a.follow(PlanNow {
            holds: vec![hold],
            ..following("easing_back_in")
        });
        assert_ne!(a.library, written, "the hold is on the step");
        a.plan_taken(Ok(PlanTaken {
            now: None,
            note: String::new(),
        }));
        assert_eq!(a.library, written, "and gone with the plan");
    }
}
