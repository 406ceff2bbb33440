//! The state machine itself: [`Session`] walks a routine's planned segments against an
//! injected `now`, ends segments at their deadlines, queues each cue with its moment, and
//! can start a step partway (resuming). The controls the keys use (pause, skip, back,
//! restart, adjust, confirm, "this hurts") are in `controls`. Never reads the clock.

use std::time::{Duration, Instant};

use super::status::segment_length;
use super::{Config, Cue, Due, Outcome, Segment, SegmentKind, plan};
use crate::cue::speech::{self, Ahead, Listening};
use crate::routine::{End, Exercise, GENTLE_TIMES, Routine, TimeRange};

/// One run of a routine.
#[derive(Debug, Clone)]
pub struct Session {
    pub(super) routine: Routine,
    pub(super) config: Config,
    pub(super) step: usize,
    pub(super) segments: Vec<Segment>,
    pub(super) seg: usize,
    /// When the current segment started (moved forward by pauses).
    pub(super) seg_start: Instant,
    /// The current segment's length, as changed by extend/shorten.
    pub(super) length: Option<TimeRange>,
    /// Cues with moments up to here have been emitted.
    pub(super) cursor: Instant,
    pub(super) once: Once,
    /// Hold time from the finished holds of this step.
    pub(super) held_before: Duration,
    pub(super) paused_at: Option<Instant>,
    pub(super) started: Instant,
    pub(super) paused_total: Duration,
    pub(super) finished_at: Option<Instant>,
    pub(super) last_now: Instant,
    pub(super) outcomes: Vec<Outcome>,
    pub(super) pending: Vec<(Instant, Cue)>,
    /// Hold time already done in the step being resumed, not yet carried into its hold
    /// (see [`Session::start_at`]).
    pub(super) resume_held: Option<Duration>,
    /// How many segments have been entered (and sessions finished): a change of what the
    /// keys act on, for the app's guard against keys that were meant for the one before.
    pub(super) moves: u64,
}

/// The get-ready before a step resumed partway: long enough to get back into position.
pub const RESUME_LEAD_IN: Duration = Duration::from_secs(5);

/// One-shot cues of the current segment that must not fire twice (even after an extend).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Once {
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
    ///
    /// When the outcome at `step` is [`Outcome::Stopped`] with time held, the step goes
    /// on from there: a short get-ready ([`RESUME_LEAD_IN`]), then the hold it was in
    /// with that time already counted (holds of earlier reps and sides it covers are
    /// done). Untimed steps simply start again.
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
            // A step not ended is pending here; its time held is taken up below.
            *slot = if o.is_pending() { Outcome::Pending } else { *o };
        }
        let held = match outcomes.get(step) {
            Some(Outcome::Stopped { held }) if !held.is_zero() => Some(*held),
            _ => None,
        };
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
            resume_held: None,
            moves: 0,
        };
        if step < n {
            s.start_step(step, now);
            if let Some(held) = held {
                s.continue_step(held, now);
            }
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
    pub fn current_step(&self) -> &Exercise {
        &self.routine.steps[self.step.min(self.routine.steps.len().saturating_sub(1))]
    }
    pub fn current_segment(&self) -> Option<&Segment> {
        self.segments.get(self.seg)
    }
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }
    /// How many times what the keys act on has changed (a segment entered, the session
    /// finished): the app compares it to notice a change under a key.
    pub fn moves(&self) -> u64 {
        self.moves
    }
    /// The outcomes as they would be if the session stopped at `now`: the current step,
    /// if not ended, is [`Outcome::Stopped`] with the time held so far.
    pub fn outcomes_if_stopped(&self, now: Instant) -> Vec<Outcome> {
        let mut all = self.outcomes.clone();
        if self.finished_at.is_none()
            && let Some(current) = all.get_mut(self.step)
            && current.is_pending()
        {
            let now = self.paused_at.unwrap_or(now.max(self.last_now));
            *current = Outcome::Stopped {
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

    /// Advances to `now`: ends segments whose deadlines passed and returns the cues due,
    /// each with its own moment (a deadline at or before `now`; see [`Due`]).
    pub fn tick(&mut self, now: Instant) -> Vec<Due> {
        let now = self.clamp(now);
        self.catch_up(now);
        self.drain(now)
    }

    /// The next moment something visible changes (a cue, a deadline, the next whole
    /// second of the countdown or count-up); `None` while paused, finished or waiting
    /// with nothing to show. A shell sleeps until then or the next key.
    ///
    /// A deadline or cue not yet acted on counts even when it is already behind `now`
    /// (the shell then waits for nothing and ticks at once): at `--speed 1000`, or after
    /// a stop, every moment can be past by the time the shell asks, and leaving them out
    /// left nothing to wait for but an idle hour.
    pub fn next_change(&self, now: Instant) -> Option<Instant> {
        if self.paused_at.is_some() || self.finished_at.is_some() {
            return None;
        }
        // Moments after `seen` have not been acted on yet.
        let seen = self.last_now;
        let now = now.max(seen);
        let second = Duration::from_secs(1);
        let mut next: Option<Instant> = None;
        let mut consider = |t: Instant, after: Instant| {
            if t > after {
                next = Some(next.map_or(t, |n: Instant| n.min(t)));
            }
        };
        if let Some(end) = self.deadline() {
            consider(end, seen);
            let left = end.saturating_duration_since(now);
            // The countdown shows whole seconds rounded up; it changes when `left` crosses
            // a whole second.
            let shown = left.as_nanos().div_ceil(second.as_nanos()) as u32;
            if shown > 1 {
                consider(end.checked_sub(second * (shown - 1)).unwrap_or(end), now);
            }
        } else {
            let e = now.saturating_duration_since(self.seg_start);
            consider(self.seg_start + second * (e.as_secs() as u32 + 1), now);
        }
        for (moment, _) in self.moments() {
            if moment > self.cursor {
                consider(moment, seen);
            }
        }
        next
    }

    /// What comes after `now` in the current segment: its end (the next cue that
    /// matters) and the first 3-2-1 knock still to come before it (see [`Ahead`]).
    pub fn ahead(&self, now: Instant) -> Ahead {
        if self.paused_at.is_some() || self.finished_at.is_some() {
            return Ahead::default();
        }
        let knocks = self
            .moments()
            .into_iter()
            .filter(|(m, cue)| *m >= now && matches!(cue, Cue::LeadIn(_) | Cue::Countdown(_)))
            .map(|(m, _)| m)
            .min();
        Ahead {
            bell: self.deadline(),
            knocks,
        }
    }

    /// How the person listens to the voice (`None`: not listening): steps started from
    /// now on get a get-ready long enough for their spoken start.
    pub fn set_speech(&mut self, listening: Option<Listening>) {
        self.config.speech = listening;
    }

    // ---- internals -------------------------------------------------------------------

    pub(super) fn clamp(&mut self, now: Instant) -> Instant {
        let now = now.max(self.last_now);
        self.last_now = now;
        now
    }

    /// Runs a control as if the clock were running at `now` (a paused session stays
    /// paused afterwards, at the new position).
    pub(super) fn control(
        &mut self,
        now: Instant,
        op: impl FnOnce(&mut Session, Instant),
    ) -> Vec<Due> {
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

    pub(super) fn unpause(&mut self, now: Instant) {
        if let Some(at) = self.paused_at.take() {
            let gap = now.saturating_duration_since(at);
            self.paused_total += gap;
            self.seg_start += gap;
            self.cursor += gap;
        }
    }

    pub(super) fn deadline(&self) -> Option<Instant> {
        self.length.map(|l| self.seg_start + l.max)
    }

    /// Hold time in this step up to `now` (a resumed step's earlier time included).
    pub(super) fn held(&self, now: Instant) -> Duration {
        let current = match self.segments.get(self.seg).map(|s| s.kind) {
            Some(SegmentKind::Hold(_) | SegmentKind::OpenHold) => {
                let end = self.deadline().map_or(now, |d| d.min(now));
                end.saturating_duration_since(self.seg_start)
            }
            _ => Duration::ZERO,
        };
        self.held_before + current + self.resume_held.unwrap_or_default()
    }

    /// Emits threshold cues and ends segments up to `now`.
    pub(super) fn catch_up(&mut self, now: Instant) {
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
                Some(end) if end <= now => self.end_segment(end, false),
                _ => return,
            }
        }
    }

    /// The threshold cues of the current segment, with their moments.
    pub(super) fn moments(&self) -> Vec<(Instant, Cue)> {
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
                    let first = seg.rep == 1 && seg.round == 1 && seg.side.unwrap_or(0) == 0;
                    out.push((start + len.min, Cue::RangeMinReached { step, first }));
                }
                // Halfway and one minute left are for someone in earshot: not for a walk,
                // where the person has left the room (its end calls them back).
                let away = self.current_step().position == Some(crate::routine::Position::Walking);
                if len.max >= crate::routine::LONG_STEP && !away {
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
                // A gentle end stops by itself after a few sounds (the step still waits).
                let times = match self.current_step().end {
                    End::Gentle => GENTLE_TIMES,
                    End::Alarm | End::Chime => u32::MAX,
                };
                let mut n = 1u32;
                while n < times && self.config.alarm_repeat * n < self.config.alarm_give_up {
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
    /// `by_person`: the person ended it, so a long step's alarm is left out.
    pub(super) fn end_segment(&mut self, at: Instant, by_person: bool) {
        let Some(seg) = self.segments.get(self.seg).copied() else {
            return;
        };
        if matches!(seg.kind, SegmentKind::Hold(_) | SegmentKind::OpenHold) {
            let end = self.deadline().map_or(at, |d| d.min(at));
            self.held_before += end.saturating_duration_since(self.seg_start);
        }
        let next = self
            .segments
            .get(self.seg + 1)
            .copied()
            .filter(|next| !(by_person && next.kind == SegmentKind::Alarm));
        match next {
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
    pub(super) fn finish_step(&mut self, outcome: Outcome, at: Instant) {
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

    pub(super) fn next_step(&mut self, at: Instant) {
        if self.step + 1 < self.routine.steps.len() {
            self.start_step(self.step + 1, at);
        } else {
            self.finish(at);
        }
    }

    pub(super) fn finish(&mut self, at: Instant) {
        self.moves += 1;
        self.finished_at = Some(at);
        self.paused_at = None;
        self.segments.clear();
        self.seg = 0;
        self.length = None;
        self.pending.push((at, Cue::SessionComplete));
    }

    pub(super) fn start_step(&mut self, index: usize, at: Instant) {
        self.step = index;
        let step = &self.routine.steps[index];
        let mut lead_in = self.routine.lead_in(index, &self.config.lead_ins());
        if let Some(listening) = self.config.speech
            && !lead_in.is_zero()
        {
            // Long enough for the spoken start to end before the 3-2-1.
            lead_in = lead_in.max(speech::lead_in_to_say(&self.routine, index, listening));
        }
        self.segments = plan::segments(step, lead_in, self.config.long_alarm);
        self.held_before = Duration::ZERO;
        self.resume_held = None;
        self.outcomes[index] = Outcome::Pending;
        self.pending.push((at, Cue::StepStart { step: index }));
        self.enter_segment(0, at);
    }

    /// Lays the just-started step out again to go on with `held` already done: the holds
    /// it covers are done, the hold it was in resumes after a short get-ready.
    pub(super) fn continue_step(&mut self, held: Duration, at: Instant) {
        let holds: Vec<usize> = (0..self.segments.len())
            .filter(|&i| {
                matches!(
                    self.segments[i].kind,
                    SegmentKind::Hold(_) | SegmentKind::OpenHold
                )
            })
            .collect();
        let Some(&last) = holds.last() else {
            return; // untimed: nothing to carry on
        };
        let mut left = held;
        let mut target = last;
        for &i in &holds {
            let whole = match self.segments[i].kind {
                SegmentKind::Hold(range) => range.max,
                _ => Duration::MAX,
            };
            if left < whole || i == last {
                target = i;
                break;
            }
            left -= whole;
            self.held_before += whole;
        }
        let at_hold = self.segments[target];
        let mut segments = vec![Segment {
            kind: SegmentKind::GetReady(RESUME_LEAD_IN),
            ..at_hold
        }];
        segments.extend_from_slice(&self.segments[target..]);
        self.segments = segments;
        self.resume_held = Some(left);
        // The step started at `at` already: only the new get-ready is entered.
        self.pending.clear();
        self.pending.push((at, Cue::StepStart { step: self.step }));
        self.enter_segment(0, at);
    }

    pub(super) fn enter_segment(&mut self, index: usize, at: Instant) {
        self.moves += 1;
        self.seg = index;
        self.seg_start = at;
        if matches!(
            self.segments[index].kind,
            SegmentKind::Hold(_) | SegmentKind::OpenHold
        ) && let Some(held) = self.resume_held.take()
        {
            // A resumed hold goes on with the time already held.
            self.seg_start = at.checked_sub(held).unwrap_or(at);
        }
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
    pub(super) fn drain(&mut self, now: Instant) -> Vec<Due> {
        let pending = std::mem::take(&mut self.pending);
        let Some(fresh_from) = now.checked_sub(self.config.stale_after) else {
            return pending
                .into_iter()
                .map(|(at, cue)| Due { cue, at })
                .collect();
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
            .map(|(_, &(at, cue))| Due { cue, at })
            .collect()
    }
}
