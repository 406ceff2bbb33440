//! Expands one step into the timed segments the engine walks through: get ready, then the
//! holds for every round, side and rep, with rests between reps and switches between sides.
//! Pure: no clock, no I/O.

use std::time::Duration;

use crate::routine::{End, Exercise, TimeRange, Timing};

/// What a segment of a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    /// Lead-in before the first hold.
    GetReady(Duration),
    /// A timed hold (fixed or range).
    Hold(TimeRange),
    /// A hold that counts up until the person ends it.
    OpenHold,
    /// An untimed step: waits for the person.
    Wait,
    /// Rest between reps.
    Rest(Duration),
    /// Change sides; `Duration::ZERO` means the cue only.
    Switch(Duration),
    /// After a long hold: the alarm repeats until the person acknowledges it.
    Alarm,
}

/// One segment with where it sits in the step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub kind: SegmentKind,
    /// Index into the step's `sides`, when it has sides.
    pub side: Option<usize>,
    /// 1-based rep within the side.
    pub rep: u32,
    /// 1-based round.
    pub round: u32,
}

impl Segment {
    /// The countdown length, for segments that have one.
    pub fn length(&self) -> Option<Duration> {
        match self.kind {
            SegmentKind::GetReady(d) | SegmentKind::Rest(d) | SegmentKind::Switch(d) => Some(d),
            SegmentKind::Hold(range) => Some(range.max),
            SegmentKind::OpenHold | SegmentKind::Wait | SegmentKind::Alarm => None,
        }
    }

    /// How long the segment is planned to take: zero for those the person ends
    /// (open-ended, untimed, the alarm).
    pub fn planned(&self) -> TimeRange {
        match self.kind {
            SegmentKind::Hold(range) => range,
            _ => TimeRange::fixed(self.length().unwrap_or_default()),
        }
    }

    pub fn is_hold(&self) -> bool {
        matches!(
            self.kind,
            SegmentKind::Hold(_) | SegmentKind::OpenHold | SegmentKind::Wait
        )
    }
}

/// Lays out a step. `lead_in` is the step's effective lead-in; `long_alarm` adds the
/// acknowledgement alarm after the last hold of a long step, unless the step ends with a
/// chime ([`End::Chime`]).
pub fn segments(step: &Exercise, lead_in: Duration, long_alarm: bool) -> Vec<Segment> {
    let hold = match step.timing {
        Timing::Hold(range) => SegmentKind::Hold(range),
        Timing::OpenEnded => SegmentKind::OpenHold,
        Timing::Untimed => SegmentKind::Wait,
    };
    let sides: Vec<Option<usize>> = if step.sides.is_empty() {
        vec![None]
    } else {
        (0..step.sides.len()).map(Some).collect()
    };
    let mut out = Vec::new();
    let at = |kind, side, rep, round| Segment {
        kind,
        side,
        rep,
        round,
    };
    if !lead_in.is_zero() && hold != SegmentKind::Wait {
        out.push(at(SegmentKind::GetReady(lead_in), sides[0], 1, 1));
    }
    for round in 1..=step.rounds.max(1) {
        for (i, &side) in sides.iter().enumerate() {
            let first_of_step = round == 1 && i == 0;
            if !first_of_step {
                if side.is_some() {
                    out.push(at(SegmentKind::Switch(step.switch), side, 1, round));
                } else if !step.rest.is_zero() {
                    out.push(at(SegmentKind::Rest(step.rest), side, 1, round));
                }
            }
            for rep in 1..=step.reps.max(1) {
                if rep > 1 && !step.rest.is_zero() {
                    out.push(at(SegmentKind::Rest(step.rest), side, rep, round));
                }
                out.push(at(hold, side, rep, round));
            }
        }
    }
    if long_alarm && step.is_long() && step.end != End::Chime {
        let last = out[out.len() - 1];
        out.push(Segment {
            kind: SegmentKind::Alarm,
            ..last
        });
    }
    out
}
