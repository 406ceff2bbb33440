//! What a screen needs to show the session at one moment ([`Status`]), computed from the
//! machine's state at an injected `now`, and the time-left arithmetic behind it. Read-only.

use std::time::{Duration, Instant};

use super::{Outcome, Phase, Segment, SegmentKind, Session};
use crate::routine::TimeRange;

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
    pub length: Option<TimeRange>,
    /// Time spent in the current segment.
    pub elapsed: Duration,
    /// Time left in the current segment (to the maximum of a range).
    pub remaining: Option<Duration>,
    /// Time left until a range hold's minimum; `None` once reached or when not a range.
    pub until_min: Option<Duration>,
    /// Time left in this step, as a range.
    pub step_remaining: TimeRange,
    pub session_elapsed: Duration,
    /// Time left in the session (open-ended and untimed steps count as zero).
    pub session_remaining: TimeRange,
    pub done: usize,
    pub skipped: usize,
}

impl Session {
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
        // A range hold may end at its minimum: once that has passed, at any moment.
        let is_range_hold = matches!(
            (self.length, seg.map(|s| s.kind)),
            (Some(len), Some(SegmentKind::Hold(_))) if len.is_range()
        );
        let soonest = if is_range_hold {
            until_min.unwrap_or_default()
        } else {
            remaining.unwrap_or_default()
        };
        let here = TimeRange::range(soonest, remaining.unwrap_or_default());
        let later_in_step = self
            .segments
            .iter()
            .skip(self.seg + 1)
            .fold(TimeRange::fixed(Duration::ZERO), |acc, s| {
                add(acc, s.planned())
            });
        let step_remaining = if self.finished_at.is_some() {
            TimeRange::fixed(Duration::ZERO)
        } else {
            add(here, later_in_step)
        };
        let lead_ins = self.config.lead_ins();
        let later_steps = (self.step + 1..self.routine.steps.len())
            .fold(TimeRange::fixed(Duration::ZERO), |acc, i| {
                add(acc, self.routine.step_total(i, &lead_ins))
            });
        let session_remaining = if self.finished_at.is_some() {
            TimeRange::fixed(Duration::ZERO)
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
}

pub(super) fn segment_length(seg: &Segment) -> Option<TimeRange> {
    match seg.kind {
        SegmentKind::Hold(range) => Some(range),
        _ => seg.length().map(TimeRange::fixed),
    }
}

fn add(a: TimeRange, b: TimeRange) -> TimeRange {
    TimeRange::range(a.min + b.min, a.max + b.max)
}
