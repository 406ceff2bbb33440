//! The controls a person uses during a session, as methods of [`Session`]: pause and
//! resume, skip, back, restart, `+`/`-` ([`Session::adjust`]), Enter
//! ([`Session::confirm`]), "this hurts" ([`Session::mark_painful`]) and going on after it
//! ([`Session::go_on`]). Each runs at an injected `now` and returns the cues it caused.

use std::time::{Duration, Instant};

use super::machine::Session;
use super::{Cue, Due, Outcome, SegmentKind};
use crate::routine::{TimeRange, duration::MAX_DURATION};

impl Session {
    pub fn pause(&mut self, now: Instant) -> Vec<Due> {
        let now = self.clamp(now);
        self.catch_up(now);
        if self.finished_at.is_none() && self.paused_at.is_none() {
            self.paused_at = Some(now);
        }
        self.drain(now)
    }

    pub fn resume(&mut self, now: Instant) -> Vec<Due> {
        let now = self.clamp(now);
        self.unpause(now);
        self.catch_up(now);
        self.drain(now)
    }

    pub fn toggle_pause(&mut self, now: Instant) -> Vec<Due> {
        if self.paused_at.is_some() {
            self.resume(now)
        } else {
            self.pause(now)
        }
    }

    /// Ends the current step as skipped (ended early if some of it was held) and starts
    /// the next. On a step whose hold is already done (a long step's alarm) it just moves on.
    pub fn skip(&mut self, now: Instant) -> Vec<Due> {
        self.control(now, |s, now| {
            let held = s.held(now);
            s.finish_step(Outcome::Skipped { held }, now);
        })
    }

    /// Goes back to the previous step (the first step restarts) and runs it from the start.
    pub fn back(&mut self, now: Instant) -> Vec<Due> {
        self.control(now, |s, now| {
            let target = s.step.saturating_sub(1);
            for o in &mut s.outcomes[target..=s.step] {
                *o = Outcome::Pending;
            }
            s.start_step(target, now);
        })
    }

    /// Runs the current step again from its start.
    pub fn restart_step(&mut self, now: Instant) -> Vec<Due> {
        self.control(now, |s, now| {
            s.outcomes[s.step] = Outcome::Pending;
            s.start_step(s.step, now);
        })
    }

    /// Lengthens (positive) or shortens (negative) the current countdown by `delta`.
    /// Shortening past the time already spent ends the segment now. Does nothing on
    /// segments without a countdown.
    pub fn adjust(&mut self, now: Instant, delta_secs: i64) -> Vec<Due> {
        self.control(now, |s, now| {
            let Some(len) = s.length else { return };
            let elapsed = now.saturating_duration_since(s.seg_start);
            let change = Duration::from_secs(delta_secs.unsigned_abs());
            let max = if delta_secs >= 0 {
                (len.max + change).min(MAX_DURATION.max(len.max))
            } else {
                len.max.saturating_sub(change).max(elapsed)
            };
            // A fixed length stays fixed (20 s becomes 25 s, not 20–25 s); a range keeps
            // its minimum while it fits.
            s.length = Some(if len.is_range() {
                TimeRange::range(len.min.min(max), max)
            } else {
                TimeRange::fixed(max)
            });
        })
    }

    /// Enter: confirms an untimed step, ends an open-ended hold (keeping its time), ends a
    /// range hold once its minimum is reached, acknowledges a long step's alarm, or cuts a
    /// lead-in, rest or switch short. A fixed hold ignores it. A hold the person ends is
    /// never followed by the long step's alarm: they are at the keys.
    pub fn confirm(&mut self, now: Instant) -> Vec<Due> {
        self.control(now, |s, now| {
            let Some(seg) = s.segments.get(s.seg).copied() else {
                return;
            };
            let ends = match seg.kind {
                SegmentKind::Hold(_) => {
                    let len = s.length.unwrap_or(TimeRange::fixed(Duration::ZERO));
                    len.is_range() && now.saturating_duration_since(s.seg_start) >= len.min
                }
                _ => true,
            };
            if ends {
                s.end_segment(now, true);
            }
        })
    }

    /// `x`: this hurts. The step stops (recorded as painful, also during a long step's
    /// alarm) and the session pauses on it, last step or not, so the person can read the
    /// safety notes; [`Session::go_on`] then moves to the next step (or the end).
    pub fn mark_painful(&mut self, now: Instant) -> Vec<Due> {
        let cues = self.control(now, |s, now| {
            let in_alarm = matches!(
                s.segments.get(s.seg).map(|seg| seg.kind),
                Some(SegmentKind::Alarm)
            );
            if !(s.outcomes[s.step].is_pending() || in_alarm) {
                return;
            }
            let held = s.held(now);
            let outcome = Outcome::Painful { held };
            s.outcomes[s.step] = outcome;
            s.pending.push((
                now,
                Cue::StepEnd {
                    step: s.step,
                    outcome,
                },
            ));
        });
        let now = self.last_now;
        if self.finished_at.is_none() && self.paused_at.is_none() {
            self.paused_at = Some(now);
        }
        cues
    }

    /// Goes on after a pause: a step that already has its outcome (it hurt) gives way to
    /// the next one (or the end, after the last); otherwise the session just resumes.
    pub fn go_on(&mut self, now: Instant) -> Vec<Due> {
        let now = self.clamp(now);
        self.unpause(now);
        if self.finished_at.is_none() && !self.outcomes[self.step].is_pending() {
            self.next_step(now);
        }
        self.catch_up(now);
        self.drain(now)
    }
}
