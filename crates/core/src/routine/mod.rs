//! The routine library as the rest of the program sees it: exercises, routines and the
//! steps a routine runs, already resolved (durations parsed, overrides applied, ids
//! checked). Reading and validating files lives in [`load`]; this module has no I/O.
//!
//! Vocabulary: an *exercise* is defined once; a *routine* lists *steps*, each an exercise
//! as that routine runs it (with its own timing if the routine overrides it). A step's
//! *hold* is fixed (`15s`), a range (`10-15s`), open-ended (counts up until the person ends
//! it) or untimed (waits for Enter). *Sides* run one after another with a switch cue,
//! *reps* repeat the hold with a rest between, *rounds* repeat the whole thing. An
//! exercise's *position* ([`body`]) is where the body is; a step somewhere else than the
//! one before gets a get-ready long enough to get there ([`Routine::lead_in`]).

pub mod body;
pub mod daily;
pub mod duration;
pub mod load;
pub mod plan;
pub mod pose;
pub mod positions;

use std::time::Duration;

pub use body::{LeadIns, Position};
pub use duration::TimeRange;
pub use pose::Pose;

/// Rest between reps when an exercise does not say.
pub const DEFAULT_REST: Duration = Duration::from_secs(5);
/// Time to change sides when an exercise does not say.
pub const DEFAULT_SWITCH: Duration = Duration::from_secs(5);
/// Length of the get-ready lead-in before a timed hold when neither the step nor the
/// preferences say otherwise.
pub const DEFAULT_LEAD_IN: Duration = Duration::from_secs(5);
/// A hold at least this long is a *long* step: halfway and one-minute cues, and an alarm
/// at its end that repeats until acknowledged.
pub const LONG_STEP: Duration = Duration::from_secs(120);

/// How a hold is timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// A countdown; a range cues "you may release" at its minimum and ends at its maximum.
    Hold(TimeRange),
    /// Counts up until the person ends it ("as long as you can"); the time is kept.
    OpenEnded,
    /// No clock: a checklist or set-up step that waits for Enter.
    Untimed,
}

/// How a long step ([`LONG_STEP`] or more) ends, for a person who may be away from the
/// keys: in the bath, falling asleep, face down over a ball.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum End {
    /// The alarm repeats until Enter (it gives up after ten minutes; the step still
    /// waits): the keyboard is in reach, and missing the end matters.
    #[default]
    Alarm,
    /// The step-end chime, and the next step starts: no key needed.
    Chime,
    /// The alarm sounds [`GENTLE_TIMES`] times, then stops by itself; the step waits for
    /// Enter in silence.
    Gentle,
}

/// How many times a gentle end sounds before it stops by itself.
pub const GENTLE_TIMES: u32 = 3;

impl End {
    /// Every end, as written in a routine file.
    pub const ALL: [(End, &'static str); 3] = [
        (End::Alarm, "alarm"),
        (End::Chime, "chime"),
        (End::Gentle, "gentle"),
    ];

    /// The end written `word` (`"alarm"`, `"chime"`, `"gentle"`).
    pub fn from_word(word: &str) -> Option<End> {
        End::ALL
            .into_iter()
            .find(|(_, w)| *w == word.trim())
            .map(|(end, _)| end)
    }
}

/// One exercise, or one step of a routine (an exercise with the routine's overrides
/// applied: the two have the same shape).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    pub id: String,
    pub name: String,
    /// A short spoken form of the name, where the written one is too long or says too
    /// little to someone not looking ("Cat-cow, on hands and knees"); `None` says the name.
    pub say: Option<String>,
    /// One or two sentences: what the position is.
    pub description: String,
    /// Short instructions, shown numbered.
    pub cues: Vec<String>,
    pub timing: Timing,
    /// Side labels run in order with a switch cue between (`["left", "right"]`); empty when
    /// the exercise is not done per side.
    pub sides: Vec<String>,
    /// Holds per side, with `rest` between them. At least 1.
    pub reps: u32,
    /// How many times the whole exercise (every side) runs. At least 1.
    pub rounds: u32,
    /// Rest between reps.
    pub rest: Duration,
    /// Time given to change sides (the switch-sides phase).
    pub switch: Duration,
    /// Get-ready time before the first hold; `None` uses the preference (default 5 s).
    pub lead_in: Option<Duration>,
    /// Things needed: "exercise ball", "foam roller", "bath", "wall", …
    pub equipment: Vec<String>,
    /// Safety notes that apply while doing this exercise.
    pub safety: Vec<String>,
    /// How the step ends when it is long (see [`End`]).
    pub end: End,
    /// Where the body is ([`Position`]); `None` when the file does not say. A change of
    /// position between steps lengthens the get-ready ([`Routine::lead_in`]).
    pub position: Option<Position>,
    /// The figure's keyframes ([`pose`]): one pose for a plain hold, two or more for a
    /// move (the start, then the shape held); empty when the exercise has no figure.
    pub figure: Vec<Pose>,
}

/// A named sequence of steps, as shown in the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routine {
    pub id: String,
    pub name: String,
    pub description: String,
    pub safety: Vec<String>,
    /// Each step is an [`Exercise`] as this routine runs it (overrides applied); a
    /// step's *index* in this list is what `session` and `app` call `step`.
    pub steps: Vec<Exercise>,
}

/// Every exercise and routine available, in file order (shipped first, then the user's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Library {
    pub exercises: Vec<Exercise>,
    pub routines: Vec<Routine>,
    /// Every pose an exercise may name (shipped first, then the user's).
    pub poses: Vec<Pose>,
}

impl Library {
    pub fn routine(&self, id: &str) -> Option<&Routine> {
        self.routines.iter().find(|r| r.id == id)
    }

    /// The routine ids someone typing `word` may have meant (`start five`): those whose
    /// id or name holds the word, else the id a likely typo away; at most three.
    pub fn routines_like(&self, word: &str) -> Vec<String> {
        let needle = word.to_lowercase();
        let holding: Vec<String> = self
            .routines
            .iter()
            .filter(|r| {
                !needle.is_empty()
                    && (r.id.to_lowercase().contains(&needle)
                        || r.name.to_lowercase().contains(&needle))
            })
            .map(|r| r.id.clone())
            .take(3)
            .collect();
        if !holding.is_empty() {
            return holding;
        }
        load::nearest(word, self.routines.iter().map(|r| r.id.as_str()))
            .map(|id| vec![id.to_string()])
            .unwrap_or_default()
    }

    /// "; did you mean \"five_stretches\"?" for [`Library::routines_like`], or nothing.
    pub fn did_you_mean(&self, word: &str) -> String {
        let like = self.routines_like(word);
        if like.is_empty() {
            return String::new();
        }
        let quoted: Vec<String> = like.iter().map(|id| format!("{id:?}")).collect();
        format!("; did you mean {}?", quoted.join(" or "))
    }

    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }

    pub fn pose(&self, name: &str) -> Option<&Pose> {
        self.poses.iter().find(|p| p.name == name)
    }
}

impl Exercise {
    /// An exercise with the documented defaults (one rep, one round, 5 s rest and switch,
    /// the preferred lead-in) and nothing else said about it.
    pub fn new(id: impl Into<String>, name: impl Into<String>, timing: Timing) -> Exercise {
        Exercise {
            id: id.into(),
            name: name.into(),
            say: None,
            description: String::new(),
            cues: Vec::new(),
            timing,
            sides: Vec::new(),
            reps: 1,
            rounds: 1,
            rest: DEFAULT_REST,
            switch: DEFAULT_SWITCH,
            lead_in: None,
            equipment: Vec::new(),
            safety: Vec::new(),
            end: End::Alarm,
            position: None,
            figure: Vec::new(),
        }
    }

    /// What is said aloud for the exercise: its spoken form, or its name.
    pub fn spoken_name(&self) -> &str {
        self.say.as_deref().unwrap_or(&self.name)
    }

    /// True when a side label names a left or a right ("lying on your left side"):
    /// changing them is switching sides. Otherwise they are shapes or directions
    /// ("cat: round up", "clockwise") and the change is said as such.
    pub fn has_left_right(&self) -> bool {
        self.sides
            .iter()
            .any(|s| names(s, "left") || names(s, "right"))
    }

    /// "Switch sides: left", "Change to cow: arch down" (no colon after "to").
    pub fn change_label(&self, side: &str) -> String {
        if self.has_left_right() {
            format!("{}: {side}", self.change_words())
        } else {
            format!("{} {side}", self.change_words())
        }
    }

    /// How a change of side is shown before the new label: "Switch sides" for a left and
    /// a right, "Change to" for shapes and directions ("Change to counterclockwise").
    pub fn change_words(&self) -> &'static str {
        if self.has_left_right() {
            "Switch sides"
        } else {
            "Change to"
        }
    }

    /// Number of holds the step runs: sides × reps × rounds.
    pub fn holds(&self) -> u32 {
        (self.sides.len().max(1) as u32)
            .saturating_mul(self.reps.max(1))
            .saturating_mul(self.rounds.max(1))
    }

    /// The lead-in this step gets, given the preference; zero when it has none.
    pub fn lead_in_or(&self, default: Duration) -> Duration {
        match self.timing {
            Timing::Untimed => Duration::ZERO,
            _ => self.lead_in.unwrap_or(default),
        }
    }

    /// True for holds of [`LONG_STEP`] or more: the person is likely away from the keys.
    pub fn is_long(&self) -> bool {
        matches!(self.timing, Timing::Hold(range) if range.max >= LONG_STEP)
    }

    /// How long the step takes, lead-in, rests and switches included: the sum of the
    /// segments [`plan::segments`] lays out. Open-ended and untimed holds count as zero
    /// (see [`Exercise::is_timed`]).
    pub fn total(&self, default_lead_in: Duration) -> TimeRange {
        self.total_after(self.lead_in_or(default_lead_in))
    }

    /// [`Exercise::total`] with the step's lead-in already decided (see
    /// [`Routine::lead_in`]).
    pub fn total_after(&self, lead_in: Duration) -> TimeRange {
        plan::segments(self, lead_in, false).iter().fold(
            TimeRange::fixed(Duration::ZERO),
            |acc, seg| {
                let t = seg.planned();
                TimeRange::range(acc.min + t.min, acc.max + t.max)
            },
        )
    }

    /// False for open-ended and untimed steps, whose length the person decides.
    pub fn is_timed(&self) -> bool {
        matches!(self.timing, Timing::Hold(_))
    }

    /// The hold as people read it in a list: `15 s`, `10–15 s`, `open-ended`, `untimed`,
    /// with sides and reps: `10–15 s × 2 sides`, `15 s × 5`.
    pub fn timing_label(&self) -> String {
        let mut label = match self.timing {
            Timing::Hold(range) => range.to_string(),
            Timing::OpenEnded => "open-ended".to_string(),
            Timing::Untimed => "untimed".to_string(),
        };
        if self.reps > 1 {
            label.push_str(&format!(" × {}", self.reps));
        }
        if !self.sides.is_empty() {
            let pair = |a: &str, b: &str| names(a, "left") && names(b, "right");
            if self.sides.len() == 2
                && (pair(&self.sides[0], &self.sides[1]) || pair(&self.sides[1], &self.sides[0]))
            {
                label.push_str(" each side");
            } else {
                label.push_str(&format!(" ({})", self.sides.join(", ")));
            }
        }
        if self.rounds > 1 {
            label.push_str(&format!(", {} rounds", self.rounds));
        }
        label
    }
}

/// True when `label` has `word` as a word of its own ("left" in "left knee up").
fn names(label: &str, word: &str) -> bool {
    label
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case(word))
}

impl Routine {
    /// The routine's planned length as a range (ranges, lead-ins and the time to change
    /// position included). A plain `Duration` is the lead-in preference with the default
    /// times for moving.
    pub fn total(&self, lead_ins: impl Into<LeadIns>) -> TimeRange {
        let lead_ins = lead_ins.into();
        (0..self.steps.len()).fold(TimeRange::fixed(Duration::ZERO), |acc, i| {
            let t = self.step_total(i, &lead_ins);
            TimeRange::range(acc.min + t.min, acc.max + t.max)
        })
    }

    /// How long step `i` takes, its get-ready as [`Routine::lead_in`] decides it.
    pub fn step_total(&self, i: usize, lead_ins: &LeadIns) -> TimeRange {
        match self.steps.get(i) {
            Some(step) => step.total_after(self.lead_in(i, lead_ins)),
            None => TimeRange::fixed(Duration::ZERO),
        }
    }

    /// Where the person is before step `i`: the position of the step before it, or at
    /// the keyboard before the first.
    pub fn position_before(&self, i: usize) -> Option<Position> {
        match i.checked_sub(1) {
            None => Some(body::AT_THE_KEYBOARD),
            Some(before) => self.steps.get(before).and_then(|s| s.position),
        }
    }

    /// Where to go for step `i`, when it is not where the step before left the person.
    /// "Lying or sitting comfortably" is not a move for someone already lying down.
    pub fn move_to(&self, i: usize) -> Option<Position> {
        let to = self.steps.get(i)?.position?;
        let before = self.position_before(i);
        let settled = to.level() == body::Level::Any
            && before.is_some_and(|p| p.level() == body::Level::Floor);
        (before != Some(to) && !settled).then_some(to)
    }

    /// Step `i`'s get-ready: its own (or the preferred) lead-in, and at least the time
    /// to change position when the step before was somewhere else. None for an untimed
    /// step (it waits for Enter anyway).
    pub fn lead_in(&self, i: usize, lead_ins: &LeadIns) -> Duration {
        let Some(step) = self.steps.get(i) else {
            return Duration::ZERO;
        };
        match step.timing {
            Timing::Untimed => Duration::ZERO,
            _ => step
                .lead_in_or(lead_ins.plain)
                .max(lead_ins.to_move(self.position_before(i), step.position)),
        }
    }

    /// True when a step's length is the person's to decide (open-ended or untimed), so a
    /// total is a lower bound.
    pub fn has_untimed(&self) -> bool {
        self.steps.iter().any(|s| !s.is_timed())
    }

    /// Everything the routine needs, each once, in order of first use.
    pub fn equipment(&self) -> Vec<String> {
        let mut all: Vec<String> = Vec::new();
        for item in self.steps.iter().flat_map(|s| &s.equipment) {
            if !all.contains(item) {
                all.push(item.clone());
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn step(timing: Timing) -> Exercise {
        Exercise::new("x", "X", timing)
    }

    #[test]
    fn totals_count_lead_in_rests_and_switches() {
        let mut s = step(Timing::Hold(TimeRange::secs(10, 15)));
        s.sides = vec!["left".into(), "right".into()];
        s.reps = 2;
        // lead-in 5 + 4 holds + 2 rests (one per side) + 1 switch
        let t = s.total(DEFAULT_LEAD_IN);
        assert_eq!(t, TimeRange::secs(5 + 40 + 10 + 5, 5 + 60 + 10 + 5));
        assert_eq!(s.timing_label(), "10–15 s × 2 each side");
        s.rounds = 3;
        assert_eq!(s.holds(), 12);
        // 6 rests, 5 switches (between sides and between rounds)
        assert_eq!(
            s.total(Duration::ZERO).min,
            Duration::from_secs(120 + 30 + 25)
        );
    }

    #[test]
    fn untimed_steps_have_no_lead_in_and_count_zero() {
        let s = step(Timing::Untimed);
        assert_eq!(s.total(DEFAULT_LEAD_IN), TimeRange::secs(0, 0));
        assert!(!s.is_timed());
        assert!(step(Timing::Hold(TimeRange::secs(600, 900))).is_long());
        assert!(!step(Timing::Hold(TimeRange::secs(60, 119))).is_long());
    }

    #[test]
    fn a_change_of_side_reads_as_one_phrase() {
        let mut e = Exercise::new("cat_cow", "Cat-cow", Timing::Hold(TimeRange::secs(5, 5)));
        e.sides = vec!["cat: round up".into(), "cow: arch down".into()];
        assert_eq!(e.change_label("cow: arch down"), "Change to cow: arch down");
        e.sides = vec!["left".into(), "right".into()];
        assert_eq!(e.change_label("right"), "Switch sides: right");
    }
}
