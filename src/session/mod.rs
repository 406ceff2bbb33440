//! The session engine: a pure state machine that walks a routine's steps and knows, at any
//! injected `now`, which phase is on, how long is left, and which cues are due.
//!
//! It never reads the clock, never sleeps, plays nothing and draws nothing: every method
//! takes `now` and returns the [`Cue`]s the shells should act on. Time left always comes
//! from a deadline (`segment start + length`), never from counted ticks, so any pattern of
//! calls gives the same answer, and a pause shifts the deadline by exactly its length.
//!
//! A segment that ends at its deadline hands over *at the deadline*, not at the moment the
//! shell noticed, so a routine never drifts. Cues whose moment lies more than
//! [`Config::stale_after`] in the past (the laptop slept) are dropped, keeping only the last
//! step end, the last alarm and the session end: a jump in time lands cleanly with one
//! sound, not a storm.

pub mod plan;
#[cfg(test)]
mod tests;

use std::time::{Duration, Instant};

use crate::routine::{Routine, Span, Step, duration::MAX_DURATION};
pub use plan::{Segment, SegmentKind};

/// Tunables the preferences may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Lead-in before a timed hold when the step does not set its own.
    pub lead_in: Duration,
    /// After a long hold, how often the alarm repeats until acknowledged.
    pub alarm_repeat: Duration,
    /// After this long unacknowledged the alarm stops (the step still waits for Enter).
    pub alarm_give_up: Duration,
    /// Whether long holds end with the repeating alarm and wait for acknowledgement.
    pub long_alarm: bool,
    /// Cues due longer ago than this are dropped (see the module doc).
    pub stale_after: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            lead_in: crate::routine::DEFAULT_LEAD_IN,
            alarm_repeat: Duration::from_secs(20),
            alarm_give_up: Duration::from_secs(600),
            long_alarm: true,
            stale_after: Duration::from_secs(2),
        }
    }
}

/// Something the shells should make the person notice (a sound, a flash, a notification).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// A step begins (its first segment, lead-in or hold).
    StepStart { step: usize },
    /// 3, 2, 1 before a hold begins (end of get ready, rest or switch).
    LeadIn(u8),
    /// A hold begins.
    HoldStart {
        step: usize,
        side: Option<usize>,
        rep: u32,
    },
    /// A range hold reached its minimum: the person may release.
    RangeMinReached { step: usize },
    /// Halfway through a long hold.
    Halfway { step: usize },
    /// One minute left of a long hold.
    OneMinuteLeft { step: usize },
    /// 3, 2, 1: the last seconds of a hold.
    Countdown(u8),
    /// Change to the given side now.
    SwitchSides { step: usize, side: usize },
    /// A rep ended and a rest follows.
    RepDone { step: usize, rep: u32 },
    /// Rest between reps begins.
    RestStart { step: usize },
    /// A step is over, with how it ended.
    StepEnd { step: usize, outcome: Outcome },
    /// A long hold ended and nobody has acknowledged it yet (`count` from 1).
    LongStepAlarm { step: usize, count: u32 },
    /// The last step is over.
    SessionComplete,
}

impl Cue {
    /// Cues kept even when their moment is long past (only the last of each kind).
    fn survives_jump(&self) -> bool {
        matches!(
            self,
            Cue::StepEnd { .. } | Cue::LongStepAlarm { .. } | Cue::SessionComplete
        )
    }
}

/// How a step ended. `held` is the time spent in its holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Outcome {
    #[default]
    Pending,
    Done {
        held: Duration,
    },
    /// Skipped; with `held > 0` it was ended early.
    Skipped {
        held: Duration,
    },
    /// The person said it hurt (`x`).
    Painful {
        held: Duration,
    },
}

impl Outcome {
    pub fn held(&self) -> Duration {
        match *self {
            Outcome::Pending => Duration::ZERO,
            Outcome::Done { held } | Outcome::Skipped { held } | Outcome::Painful { held } => held,
        }
    }
    pub fn is_pending(&self) -> bool {
        matches!(self, Outcome::Pending)
    }
}

/// The phase in words a screen can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    GetReady,
    Hold,
    /// Counting up until the person ends it.
    OpenHold,
    Rest,
    SwitchSides,
    /// Untimed: press Enter when done.
    WaitForUser,
    /// A long hold ended: the alarm repeats until Enter.
    Alarm,
    Finished,
}

/// Everything a screen needs to show the session at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub step: usize,
    pub steps: usize,
    pub phase: Phase,
    pub paused: bool,
    pub side: Option<usize>,
    pub rep: u32,
    pub reps: u32,
    pub round: u32,
    pub rounds: u32,
    /// The current segment's length (a range for a range hold); `None` when it counts up.
    pub length: Option<Span>,
    /// Time spent in the current segment.
    pub elapsed: Duration,
    /// Time left in the current segment (to the maximum of a range).
    pub remaining: Option<Duration>,
    /// Time left until a range hold's minimum; `None` once reached or when not a range.
    pub until_min: Option<Duration>,
    /// Time left in this step, as a range.
    pub step_remaining: Span,
    pub session_elapsed: Duration,
    /// Time left in the session (open-ended and untimed steps count as zero).
    pub session_remaining: Span,
    pub done: usize,
    pub skipped: usize,
}

/// One run of a routine.
#[derive(Debug, Clone)]
pub struct Session {
    routine: Routine,
    config: Config,
    step: usize,
    segments: Vec<Segment>,
    seg: usize,
    /// When the current segment started (moved forward by pauses).
    seg_start: Instant,
    /// The current segment's length, as changed by extend/shorten.
    length: Option<Span>,
    /// Cues with moments up to here have been emitted.
    cursor: Instant,
    once: Once,
    /// Hold time from the finished holds of this step.
    held_before: Duration,
    paused_at: Option<Instant>,
    started: Instant,
    paused_total: Duration,
    finished_at: Option<Instant>,
    last_now: Instant,
    outcomes: Vec<Outcome>,
    pending: Vec<(Instant, Cue)>,
}

/// One-shot cues of the current segment that must not fire twice (even after an extend).
#[derive(Debug, Clone, Copy, Default)]
struct Once {
    range_min: bool,
    halfway: bool,
    one_minute: bool,
}

impl Session {
    /// Starts the routine at its first step. The first `tick` returns the `StepStart`.
    pub fn new(routine: Routine, config: Config, now: Instant) -> Session {
        Session::start_at(routine, config, now, 0, &[])
    }

    /// Starts at `step`, with earlier outcomes carried over (resuming a session that was
    /// quit midway). Missing outcomes are pending; `step` past the end finishes at once.
    pub fn start_at(
        routine: Routine,
        mut config: Config,
        now: Instant,
        step: usize,
        outcomes: &[Outcome],
    ) -> Session {
        config.alarm_repeat = config.alarm_repeat.max(Duration::from_secs(1));
        let n = routine.steps.len();
        let mut all = vec![Outcome::Pending; n];
        for (slot, o) in all.iter_mut().zip(outcomes) {
            *slot = *o;
        }
        let mut s = Session {
            routine,
            config,
            step: 0,
            segments: Vec::new(),
            seg: 0,
            seg_start: now,
            length: None,
            cursor: now,
            once: Once::default(),
            held_before: Duration::ZERO,
            paused_at: None,
            started: now,
            paused_total: Duration::ZERO,
            finished_at: None,
            last_now: now,
            outcomes: all,
            pending: Vec::new(),
        };
        if step < n {
            s.start_step(step, now);
        } else {
            s.finish(now);
        }
        s
    }

    pub fn routine(&self) -> &Routine {
        &self.routine
    }
    pub fn config(&self) -> &Config {
        &self.config
    }
    pub fn step_index(&self) -> usize {
        self.step
    }
    pub fn current_step(&self) -> &Step {
        &self.routine.steps[self.step.min(self.routine.steps.len().saturating_sub(1))]
    }
    pub fn current_segment(&self) -> Option<&Segment> {
        self.segments.get(self.seg)
    }
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }
    /// The outcomes as they would be if the session stopped at `now`: the current step,
    /// if still pending, counts as skipped with the time held so far (ended early).
    pub fn outcomes_if_stopped(&self, now: Instant) -> Vec<Outcome> {
        let mut all = self.outcomes.clone();
        if self.finished_at.is_none()
            && let Some(current) = all.get_mut(self.step)
            && current.is_pending()
        {
            let now = self.paused_at.unwrap_or(now.max(self.last_now));
            *current = Outcome::Skipped {
                held: self.held(now),
            };
        }
        all
    }

    pub fn is_paused(&self) -> bool {
        self.paused_at.is_some()
    }
    pub fn is_finished(&self) -> bool {
        self.finished_at.is_some()
    }
    pub fn started_at(&self) -> Instant {
        self.started
    }
    pub fn finished_at(&self) -> Option<Instant> {
        self.finished_at
    }

    // ---- time ------------------------------------------------------------------------

    /// Advances to `now`: ends segments whose deadlines passed and returns the cues due.
    pub fn tick(&mut self, now: Instant) -> Vec<Cue> {
        let now = self.clamp(now);
        self.catch_up(now);
        self.drain(now)
    }

    /// The next moment something visible changes (a cue, a deadline, the next whole
    /// second of the countdown or count-up); `None` while paused, finished or waiting
    /// with nothing to show. A shell sleeps until then or the next key.
    pub fn next_change(&self, now: Instant) -> Option<Instant> {
        if self.paused_at.is_some() || self.finished_at.is_some() {
            return None;
        }
        let now = now.max(self.last_now);
        let second = Duration::from_secs(1);
        let mut next: Option<Instant> = None;
        let mut consider = |t: Instant| {
            if t > now {
                next = Some(next.map_or(t, |n: Instant| n.min(t)));
            }
        };
        if let Some(end) = self.deadline() {
            consider(end);
            let left = end.saturating_duration_since(now);
            // The countdown shows whole seconds rounded up; it changes when `left` crosses
            // a whole second.
            let shown = left.as_nanos().div_ceil(second.as_nanos()) as u32;
            if shown > 1 {
                consider(end.checked_sub(second * (shown - 1)).unwrap_or(end));
            }
        } else {
            let e = now.saturating_duration_since(self.seg_start);
            consider(self.seg_start + second * (e.as_secs() as u32 + 1));
        }
        for (moment, _) in self.moments() {
            if moment > self.cursor {
                consider(moment);
            }
        }
        next
    }

    pub fn status(&self, now: Instant) -> Status {
        let now = now.max(self.last_now);
        let eff = self.paused_at.unwrap_or(now);
        let step = self.current_step();
        let seg = self.segments.get(self.seg).copied();
        let elapsed = eff.saturating_duration_since(self.seg_start);
        let remaining = self.deadline().map(|d| d.saturating_duration_since(eff));
        let until_min = match (self.length, seg.map(|s| s.kind)) {
            (Some(len), Some(SegmentKind::Hold(_))) if len.is_range() && elapsed < len.min => {
                Some(len.min - elapsed)
            }
            _ => None,
        };
        let here = Span::range(
            until_min.or(remaining).unwrap_or_default(),
            remaining.unwrap_or_default(),
        );
        let later_in_step = self
            .segments
            .iter()
            .skip(self.seg + 1)
            .fold(Span::fixed(Duration::ZERO), |acc, s| {
                add(acc, segment_span(s))
            });
        let step_remaining = if self.finished_at.is_some() {
            Span::fixed(Duration::ZERO)
        } else {
            add(here, later_in_step)
        };
        let later_steps = self
            .routine
            .steps
            .iter()
            .skip(self.step + 1)
            .fold(Span::fixed(Duration::ZERO), |acc, s| {
                add(acc, s.total(self.config.lead_in))
            });
        let session_remaining = if self.finished_at.is_some() {
            Span::fixed(Duration::ZERO)
        } else {
            add(step_remaining, later_steps)
        };
        let phase = match (self.finished_at, seg.map(|s| s.kind)) {
            (Some(_), _) | (None, None) => Phase::Finished,
            (None, Some(kind)) => match kind {
                SegmentKind::GetReady(_) => Phase::GetReady,
                SegmentKind::Hold(_) => Phase::Hold,
                SegmentKind::OpenHold => Phase::OpenHold,
                SegmentKind::Wait => Phase::WaitForUser,
                SegmentKind::Rest(_) => Phase::Rest,
                SegmentKind::Switch(_) => Phase::SwitchSides,
                SegmentKind::Alarm => Phase::Alarm,
            },
        };
        Status {
            step: self.step,
            steps: self.routine.steps.len(),
            phase,
            paused: self.paused_at.is_some(),
            side: seg.and_then(|s| s.side),
            rep: seg.map_or(1, |s| s.rep),
            reps: step.reps.max(1),
            round: seg.map_or(1, |s| s.round),
            rounds: step.rounds.max(1),
            length: self.length,
            elapsed,
            remaining,
            until_min,
            step_remaining,
            session_elapsed: self.session_elapsed(now),
            session_remaining,
            done: self
                .outcomes
                .iter()
                .filter(|o| matches!(o, Outcome::Done { .. }))
                .count(),
            skipped: self
                .outcomes
                .iter()
                .filter(|o| matches!(o, Outcome::Skipped { .. } | Outcome::Painful { .. }))
                .count(),
        }
    }

    /// Time the session has run, pauses excluded; stops at the end.
    pub fn session_elapsed(&self, now: Instant) -> Duration {
        let end = self
            .finished_at
            .or(self.paused_at)
            .unwrap_or(now.max(self.last_now));
        end.saturating_duration_since(self.started)
            .saturating_sub(self.paused_total)
    }

    // ---- controls --------------------------------------------------------------------

    pub fn pause(&mut self, now: Instant) -> Vec<Cue> {
        let now = self.clamp(now);
        self.catch_up(now);
        if self.finished_at.is_none() && self.paused_at.is_none() {
            self.paused_at = Some(now);
        }
        self.drain(now)
    }

    pub fn resume(&mut self, now: Instant) -> Vec<Cue> {
        let now = self.clamp(now);
        self.unpause(now);
        self.catch_up(now);
        self.drain(now)
    }

    pub fn toggle_pause(&mut self, now: Instant) -> Vec<Cue> {
        if self.paused_at.is_some() {
            self.resume(now)
        } else {
            self.pause(now)
        }
    }

    /// Ends the current step as skipped (ended early if some of it was held) and starts
    /// the next. On a step whose hold is already done (a long step's alarm) it just moves on.
    pub fn skip(&mut self, now: Instant) -> Vec<Cue> {
        self.control(now, |s, now| {
            let held = s.held(now);
            s.finish_step(Outcome::Skipped { held }, now);
        })
    }

    /// Goes back to the previous step (the first step restarts) and runs it from the start.
    pub fn back(&mut self, now: Instant) -> Vec<Cue> {
        self.control(now, |s, now| {
            let target = s.step.saturating_sub(1);
            for o in &mut s.outcomes[target..=s.step] {
                *o = Outcome::Pending;
            }
            s.start_step(target, now);
        })
    }

    /// Runs the current step again from its start.
    pub fn restart_step(&mut self, now: Instant) -> Vec<Cue> {
        self.control(now, |s, now| {
            s.outcomes[s.step] = Outcome::Pending;
            s.start_step(s.step, now);
        })
    }

    /// Lengthens (positive) or shortens (negative) the current countdown by `delta`.
    /// Shortening past the time already spent ends the segment now. Does nothing on
    /// segments without a countdown.
    pub fn adjust(&mut self, now: Instant, delta_secs: i64) -> Vec<Cue> {
        self.control(now, |s, now| {
            let Some(len) = s.length else { return };
            let elapsed = now.saturating_duration_since(s.seg_start);
            let change = Duration::from_secs(delta_secs.unsigned_abs());
            let max = if delta_secs >= 0 {
                (len.max + change).min(MAX_DURATION.max(len.max))
            } else {
                len.max.saturating_sub(change).max(elapsed)
            };
            s.length = Some(Span::range(len.min.min(max), max));
        })
    }

    /// Enter: confirms an untimed step, ends an open-ended hold (keeping its time), ends a
    /// range hold once its minimum is reached, acknowledges a long step's alarm, or cuts a
    /// lead-in, rest or switch short. A fixed hold ignores it.
    pub fn confirm(&mut self, now: Instant) -> Vec<Cue> {
        self.control(now, |s, now| {
            let Some(seg) = s.segments.get(s.seg).copied() else {
                return;
            };
            let ends = match seg.kind {
                SegmentKind::Hold(_) => {
                    let len = s.length.unwrap_or(Span::fixed(Duration::ZERO));
                    len.is_range() && now.saturating_duration_since(s.seg_start) >= len.min
                }
                _ => true,
            };
            if ends {
                s.end_segment(now);
            }
        })
    }

    /// `x`: this hurts. The step stops (recorded as painful) and the next one starts
    /// paused, so the person can read the safety note before going on.
    pub fn mark_painful(&mut self, now: Instant) -> Vec<Cue> {
        let cues = self.control(now, |s, now| {
            let held = s.held(now);
            s.outcomes[s.step] = Outcome::Painful { held };
            s.pending.push((
                now,
                Cue::StepEnd {
                    step: s.step,
                    outcome: Outcome::Painful { held },
                },
            ));
            s.next_step(now);
        });
        let now = self.last_now;
        if self.finished_at.is_none() && self.paused_at.is_none() {
            self.paused_at = Some(now);
        }
        cues
    }

    // ---- internals -------------------------------------------------------------------

    fn clamp(&mut self, now: Instant) -> Instant {
        let now = now.max(self.last_now);
        self.last_now = now;
        now
    }

    /// Runs a control as if the clock were running at `now` (a paused session stays
    /// paused afterwards, at the new position).
    fn control(&mut self, now: Instant, op: impl FnOnce(&mut Session, Instant)) -> Vec<Cue> {
        let now = self.clamp(now);
        let was_paused = self.paused_at.is_some();
        self.unpause(now);
        self.catch_up(now);
        if self.finished_at.is_none() {
            op(self, now);
            self.catch_up(now);
        }
        if was_paused && self.finished_at.is_none() {
            self.paused_at = Some(now);
        }
        self.drain(now)
    }

    fn unpause(&mut self, now: Instant) {
        if let Some(at) = self.paused_at.take() {
            let gap = now.saturating_duration_since(at);
            self.paused_total += gap;
            self.seg_start += gap;
            self.cursor += gap;
        }
    }

    fn deadline(&self) -> Option<Instant> {
        self.length.map(|l| self.seg_start + l.max)
    }

    /// Hold time in this step up to `now`.
    fn held(&self, now: Instant) -> Duration {
        let current = match self.segments.get(self.seg).map(|s| s.kind) {
            Some(SegmentKind::Hold(_) | SegmentKind::OpenHold) => {
                let end = self.deadline().map_or(now, |d| d.min(now));
                end.saturating_duration_since(self.seg_start)
            }
            _ => Duration::ZERO,
        };
        self.held_before + current
    }

    /// Emits threshold cues and ends segments up to `now`.
    fn catch_up(&mut self, now: Instant) {
        if self.paused_at.is_some() {
            return;
        }
        // Each pass ends one segment; a bound keeps a corrupt plan from spinning forever.
        for _ in 0..100_000 {
            if self.finished_at.is_some() {
                return;
            }
            let deadline = self.deadline();
            let upto = deadline.map_or(now, |d| d.min(now));
            let cursor = self.cursor;
            let mut due: Vec<(Instant, Cue)> = self
                .moments()
                .into_iter()
                .filter(|(m, _)| *m > cursor && *m <= upto)
                .collect();
            due.sort_by_key(|(m, _)| *m);
            for (_, cue) in &due {
                match cue {
                    Cue::RangeMinReached { .. } => self.once.range_min = true,
                    Cue::Halfway { .. } => self.once.halfway = true,
                    Cue::OneMinuteLeft { .. } => self.once.one_minute = true,
                    _ => {}
                }
            }
            self.pending.extend(due);
            self.cursor = self.cursor.max(upto);
            match deadline {
                Some(end) if end <= now => self.end_segment(end),
                _ => return,
            }
        }
    }

    /// The threshold cues of the current segment, with their moments.
    fn moments(&self) -> Vec<(Instant, Cue)> {
        let Some(seg) = self.segments.get(self.seg) else {
            return Vec::new();
        };
        let step = self.step;
        let start = self.seg_start;
        let mut out = Vec::new();
        let countdown = |out: &mut Vec<(Instant, Cue)>, len: Duration, make: fn(u8) -> Cue| {
            for k in 1..=3u8 {
                let k_secs = Duration::from_secs(u64::from(k));
                if len > k_secs {
                    out.push((start + (len - k_secs), make(k)));
                }
            }
        };
        match (seg.kind, self.length) {
            (
                SegmentKind::GetReady(_) | SegmentKind::Rest(_) | SegmentKind::Switch(_),
                Some(len),
            ) => countdown(&mut out, len.max, Cue::LeadIn),
            (SegmentKind::Hold(_), Some(len)) => {
                if len.is_range() && !self.once.range_min {
                    out.push((start + len.min, Cue::RangeMinReached { step }));
                }
                if len.max >= crate::routine::LONG_STEP {
                    let one_minute = start + (len.max - Duration::from_secs(60));
                    let halfway = start + len.max / 2;
                    if !self.once.halfway && halfway != one_minute {
                        out.push((halfway, Cue::Halfway { step }));
                    }
                    if !self.once.one_minute {
                        out.push((one_minute, Cue::OneMinuteLeft { step }));
                    }
                }
                countdown(&mut out, len.max, Cue::Countdown);
            }
            (SegmentKind::Alarm, _) => {
                let mut n = 1u32;
                while self.config.alarm_repeat * n < self.config.alarm_give_up {
                    out.push((
                        start + self.config.alarm_repeat * n,
                        Cue::LongStepAlarm { step, count: n + 1 },
                    ));
                    n += 1;
                }
            }
            _ => {}
        }
        out
    }

    /// The current segment is over at `at`: go to the next segment, step or the end.
    fn end_segment(&mut self, at: Instant) {
        let Some(seg) = self.segments.get(self.seg).copied() else {
            return;
        };
        if matches!(seg.kind, SegmentKind::Hold(_) | SegmentKind::OpenHold) {
            let end = self.deadline().map_or(at, |d| d.min(at));
            self.held_before += end.saturating_duration_since(self.seg_start);
        }
        match self.segments.get(self.seg + 1).copied() {
            Some(next) => {
                if seg.is_hold() && matches!(next.kind, SegmentKind::Rest(_)) {
                    self.pending.push((
                        at,
                        Cue::RepDone {
                            step: self.step,
                            rep: seg.rep,
                        },
                    ));
                }
                self.enter_segment(self.seg + 1, at);
            }
            None => {
                let held = self.held_before;
                self.finish_step(Outcome::Done { held }, at);
            }
        }
    }

    /// Records the step's outcome (unless it already has one) and starts the next step.
    fn finish_step(&mut self, outcome: Outcome, at: Instant) {
        if self.outcomes[self.step].is_pending() {
            self.outcomes[self.step] = outcome;
            self.pending.push((
                at,
                Cue::StepEnd {
                    step: self.step,
                    outcome,
                },
            ));
        }
        self.next_step(at);
    }

    fn next_step(&mut self, at: Instant) {
        if self.step + 1 < self.routine.steps.len() {
            self.start_step(self.step + 1, at);
        } else {
            self.finish(at);
        }
    }

    fn finish(&mut self, at: Instant) {
        self.finished_at = Some(at);
        self.paused_at = None;
        self.segments.clear();
        self.seg = 0;
        self.length = None;
        self.pending.push((at, Cue::SessionComplete));
    }

    fn start_step(&mut self, index: usize, at: Instant) {
        self.step = index;
        let step = &self.routine.steps[index];
        let lead_in = step.lead_in_or(self.config.lead_in);
        self.segments = plan::segments(step, lead_in, self.config.long_alarm);
        self.held_before = Duration::ZERO;
        self.outcomes[index] = Outcome::Pending;
        self.pending.push((at, Cue::StepStart { step: index }));
        self.enter_segment(0, at);
    }

    fn enter_segment(&mut self, index: usize, at: Instant) {
        self.seg = index;
        self.seg_start = at;
        self.cursor = at;
        self.once = Once::default();
        let seg = self.segments[index];
        self.length = segment_length(&seg);
        let step = self.step;
        let cue = match seg.kind {
            SegmentKind::Hold(_) | SegmentKind::OpenHold => Some(Cue::HoldStart {
                step,
                side: seg.side,
                rep: seg.rep,
            }),
            SegmentKind::Rest(_) => Some(Cue::RestStart { step }),
            SegmentKind::Switch(_) => seg.side.map(|side| Cue::SwitchSides { step, side }),
            SegmentKind::Alarm => {
                let held = self.held_before;
                self.outcomes[step] = Outcome::Done { held };
                self.pending.push((
                    at,
                    Cue::StepEnd {
                        step,
                        outcome: Outcome::Done { held },
                    },
                ));
                Some(Cue::LongStepAlarm { step, count: 1 })
            }
            SegmentKind::GetReady(_) | SegmentKind::Wait => None,
        };
        if let Some(cue) = cue {
            self.pending.push((at, cue));
        }
    }

    /// Hands out the queued cues, dropping those long past (see the module doc).
    fn drain(&mut self, now: Instant) -> Vec<Cue> {
        let pending = std::mem::take(&mut self.pending);
        let Some(fresh_from) = now.checked_sub(self.config.stale_after) else {
            return pending.into_iter().map(|(_, c)| c).collect();
        };
        let last_of_kind = |i: usize, cue: &Cue| {
            !pending[i + 1..]
                .iter()
                .any(|(_, later)| std::mem::discriminant(later) == std::mem::discriminant(cue))
        };
        pending
            .iter()
            .enumerate()
            .filter(|(i, (moment, cue))| {
                *moment >= fresh_from || (cue.survives_jump() && last_of_kind(*i, cue))
            })
            .map(|(_, (_, cue))| *cue)
            .collect()
    }
}

fn segment_length(seg: &Segment) -> Option<Span> {
    match seg.kind {
        SegmentKind::Hold(span) => Some(span),
        _ => seg.length().map(Span::fixed),
    }
}

/// A segment's contribution to time left: zero for those the person ends.
fn segment_span(seg: &Segment) -> Span {
    segment_length(seg).unwrap_or(Span::fixed(Duration::ZERO))
}

fn add(a: Span, b: Span) -> Span {
    Span::range(a.min + b.min, a.max + b.max)
}
