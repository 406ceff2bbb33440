//! The menu screen's state: the routine list, its filters (by name; by what the person
//! can do now and favourites first: [`super::picks`]), and the y/n questions asked
//! before a session starts (resume last time's session, skip what hurt last time).
//! Pure: no terminal, no clock.

use std::time::Instant;

use super::{App, Effect, Msg, Picks, ResumeOffer, Running, Screen};
use crate::routine::Library;

/// The menu: a cursor over the routines that match the filter.
#[derive(Debug, Clone, Default)]
pub struct Menu {
    /// Position in the filtered list.
    pub selected: usize,
    /// Typed with `/`; matches routine names and their steps' names, case-insensitive.
    pub filter: String,
    /// Keys go into the filter.
    pub filtering: bool,
    pub prompt: Option<MenuPrompt>,
    /// What the person can do now, and the favourites (first in the list).
    pub picks: Picks,
    /// The first row shown, pinned by a click while the clicked row is in view, so the
    /// list never moves under the pointer (a second click lands on the same routine);
    /// `None`: the list follows the selection (keys).
    pub top: Option<usize>,
    /// The plan picker, open over the menu (`P`).
    pub plans: Option<super::PlanPicker>,
}

/// A question in the menu, answered with y or n.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuPrompt {
    /// "Resume <name> at step 2 of 3?"
    Resume {
        name: String,
        steps: usize,
        offer: ResumeOffer,
    },
    /// "Last time <exercise> hurt. Skip it this time?"
    SkipPainful {
        routine: usize,
        /// Exercise names, for the question.
        names: Vec<String>,
        /// Step indices to skip.
        steps: Vec<usize>,
    },
}

impl MenuPrompt {
    /// The question as shown.
    pub fn question(&self) -> String {
        match self {
            MenuPrompt::Resume { name, steps, offer } => {
                format!("Resume {name} at step {} of {steps}? (y/n)", offer.step + 1)
            }
            MenuPrompt::SkipPainful { names, .. } => {
                let (list, it) = match names.as_slice() {
                    [one] => (one.clone(), "it"),
                    many => (many.join(", "), "them"),
                };
                format!("Last time {list} hurt. Skip {it} this time? (y/n)")
            }
        }
    }
}

impl Menu {
    pub fn new(prompt: Option<MenuPrompt>) -> Menu {
        Menu {
            prompt,
            ..Menu::default()
        }
    }

    /// Indices (into `library.routines`) of the routines shown, in order: those the name
    /// filter and the [`Picks`] keep, favourites first.
    pub fn visible(&self, library: &Library) -> Vec<usize> {
        let needle = self.filter.to_lowercase();
        let named = library
            .routines
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                needle.is_empty()
                    || r.name.to_lowercase().contains(&needle)
                    || r.steps
                        .iter()
                        .any(|s| s.name.to_lowercase().contains(&needle))
            })
            .map(|(i, _)| i)
            .collect();
        self.picks.arrange(&library.routines, named)
    }

    /// The routine under the cursor, as an index into `library.routines`.
    pub fn selected_routine(&self, library: &Library) -> Option<usize> {
        self.visible(library).get(self.selected).copied()
    }

    fn move_by(&mut self, delta: isize, len: usize) {
        self.top = None;
        if len == 0 {
            self.selected = 0;
            return;
        }
        let last = len as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
    }
}

impl App {
    pub(super) fn update_menu(&mut self, msg: Msg, now: Instant) -> Vec<Effect> {
        let Screen::Menu(menu) = &mut self.screen else {
            return Vec::new();
        };
        let len = menu.visible(&self.library).len();
        if let Some(prompt) = menu.prompt.clone() {
            return match msg {
                Msg::Yes => {
                    menu.prompt = None;
                    match prompt {
                        MenuPrompt::Resume { offer, .. } => self.resume(&offer, now),
                        MenuPrompt::SkipPainful { routine, steps, .. } => {
                            self.start_session(routine, 0, &[], steps, now)
                        }
                    }
                }
                // Only a no forgets the saved session; Esc or q leave it for next time.
                Msg::Cancel | Msg::Quit if matches!(prompt, MenuPrompt::Resume { .. }) => {
                    menu.prompt = None;
                    Vec::new()
                }
                Msg::No | Msg::Cancel | Msg::Quit => {
                    menu.prompt = None;
                    match prompt {
                        MenuPrompt::Resume { .. } => vec![Effect::ResumeDeclined],
                        MenuPrompt::SkipPainful { routine, .. } => {
                            self.start_session(routine, 0, &[], Vec::new(), now)
                        }
                    }
                }
                _ => Vec::new(),
            };
        }
        if menu.plans.is_some() {
            return self.update_plans(msg);
        }
        if let Msg::Pick(pos, top) = msg {
            return self.pick(pos, top, now);
        }
        if menu.filtering {
            match msg {
                Msg::Char(c) => {
                    menu.filter.push(c);
                    menu.selected = 0;
                }
                Msg::Backspace => {
                    menu.filter.pop();
                    menu.selected = 0;
                }
                Msg::Cancel => {
                    menu.filter.clear();
                    menu.filtering = false;
                    menu.selected = 0;
                }
                Msg::Enter => {
                    menu.filtering = false;
                    return self.start_selected(now);
                }
                Msg::Up => menu.move_by(-1, len),
                Msg::Down => menu.move_by(1, len),
                Msg::First => menu.move_by(isize::MIN / 2, len),
                Msg::Last => menu.move_by(isize::MAX / 2, len),
                _ => {}
            }
            return Vec::new();
        }
        match msg {
            Msg::Up => menu.move_by(-1, len),
            Msg::Down => menu.move_by(1, len),
            Msg::PageUp => menu.move_by(-10, len),
            Msg::PageDown => menu.move_by(10, len),
            Msg::First => menu.move_by(isize::MIN / 2, len),
            Msg::Last => menu.move_by(isize::MAX / 2, len),
            Msg::Filter => menu.filtering = true,
            Msg::CanDo => {
                menu.picks.can_do = menu.picks.can_do.next();
                menu.selected = 0;
                self.picks = menu.picks.clone();
            }
            Msg::Favourite => {
                let Some(index) = menu.selected_routine(&self.library) else {
                    return Vec::new();
                };
                let id = self.library.routines[index].id.clone();
                menu.picks.toggle(&id);
                // The cursor stays on the routine it marked, wherever it moved to.
                let visible = menu.visible(&self.library);
                menu.selected = visible.iter().position(|&i| i == index).unwrap_or(0);
                self.picks = menu.picks.clone();
                return vec![Effect::Favourites(self.picks.favourites.clone())];
            }
            Msg::Cancel => {
                menu.filter.clear();
                menu.selected = 0;
            }
            Msg::Enter => return self.start_selected(now),
            Msg::Progress => return self.open_progress(),
            Msg::Plans => return self.open_plans(),
            Msg::Quit => {
                self.done = true;
                return vec![Effect::Quit];
            }
            Msg::Mute | Msg::Voice | Msg::VolumeUp | Msg::VolumeDown => return self.audio_msg(msg),
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn start_selected(&mut self, now: Instant) -> Vec<Effect> {
        let Screen::Menu(menu) = &self.screen else {
            return Vec::new();
        };
        match menu.selected_routine(&self.library) {
            Some(index) => self.begin(index, now),
            None => Vec::new(),
        }
    }

    /// Starts routine `index`, first asking to skip what hurt last time.
    pub(super) fn begin(&mut self, index: usize, now: Instant) -> Vec<Effect> {
        let Some(routine) = self.library.routines.get(index) else {
            return Vec::new();
        };
        let hurt = self.painful.get(&routine.id).cloned().unwrap_or_default();
        let mut names: Vec<String> = Vec::new();
        let mut steps = Vec::new();
        for (i, step) in routine.steps.iter().enumerate() {
            if hurt.contains(&step.id) {
                steps.push(i);
                if !names.contains(&step.name) {
                    names.push(step.name.clone());
                }
            }
        }
        if steps.is_empty() {
            return self.start_session(index, 0, &[], Vec::new(), now);
        }
        let prompt = MenuPrompt::SkipPainful {
            routine: index,
            names,
            steps,
        };
        let mut menu = Menu::new(Some(prompt));
        menu.picks = self.picks.clone();
        if let Screen::Menu(old) = &self.screen {
            menu.filter = old.filter.clone();
            menu.selected = old.selected;
        }
        self.screen = Screen::Menu(menu);
        Vec::new()
    }

    /// A fresh menu with the picks kept, its cursor on routine `id` (when shown).
    pub(super) fn menu_at(&self, id: &str) -> Menu {
        let mut menu = Menu::new(None);
        menu.picks = self.picks.clone();
        menu.selected = menu
            .visible(&self.library)
            .iter()
            .position(|&i| self.library.routines.get(i).is_some_and(|r| r.id == id))
            .unwrap_or(0);
        menu
    }

    /// The menu's picks: kept by the app and given to the menu on screen. The lead-ins
    /// ("under 5 min" counts them) come from the config.
    pub fn with_picks(mut self, mut picks: Picks) -> App {
        picks.lead_ins = self.config.lead_ins();
        if let Screen::Menu(menu) = &mut self.screen {
            menu.picks = picks.clone();
        }
        self.picks = picks;
        self
    }

    /// The favourites, as read from their file.
    pub fn with_favourites(self, favourites: std::collections::BTreeSet<String>) -> App {
        let picks = Picks {
            favourites,
            ..self.picks.clone()
        };
        self.with_picks(picks)
    }

    fn resume(&mut self, offer: &ResumeOffer, now: Instant) -> Vec<Effect> {
        match self
            .library
            .routines
            .iter()
            .position(|r| r.id == offer.routine_id)
        {
            Some(index) => self.start_session(index, offer.step, &offer.outcomes, Vec::new(), now),
            None => Vec::new(),
        }
    }

    /// Starts routine `index` at `step`; a fresh start asks the check-in question first
    /// (when it is on).
    fn start_session(
        &mut self,
        index: usize,
        step: usize,
        outcomes: &[crate::session::Outcome],
        skip: Vec<usize>,
        now: Instant,
    ) -> Vec<Effect> {
        if self.checkin && step == 0 && outcomes.is_empty() {
            self.ask_before(index, skip, now);
            return Vec::new();
        }
        self.run_session(index, step, outcomes, skip, None, now)
    }

    /// Runs routine `index` from `step`, with the check-in's answer before it.
    pub(super) fn run_session(
        &mut self,
        index: usize,
        step: usize,
        outcomes: &[crate::session::Outcome],
        skip: Vec<usize>,
        before: Option<u8>,
        now: Instant,
    ) -> Vec<Effect> {
        let Some(routine) = self.library.routines.get(index).cloned() else {
            return Vec::new();
        };
        // The routine's own safety notes: once a day (shown, and said with the voice).
        let routine_notes = !self.notes_shown_today.contains(&routine.id);
        let config = crate::session::Config {
            speech: self.listening(routine_notes),
            ..self.config
        };
        let mut run = Running::new(routine, config, now, step, outcomes, skip);
        run.save_every = self.save_every;
        run.sped_up = self.speed != 1.0;
        run.stiffness_before = before;
        // The routine's own safety notes: once a day.
        run.routine_notes = self.notes_shown_today.insert(run.routine().id.clone());
        let standing = run.standing(now);
        self.screen = Screen::Session(Box::new(run));
        self.help = false;
        // Saved at once, so a session killed during its first step can still be resumed.
        let mut effects = vec![Effect::Progress(standing)];
        effects.extend(self.update_session(Msg::Tick, now));
        effects
    }
}
