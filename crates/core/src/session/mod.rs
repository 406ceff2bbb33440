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
//!
//! Files: `types` (config, cues with their moments, outcomes, phases), `status` (what a
//! screen shows at a moment), `machine` (the session itself: time, segments, resuming a
//! step partway), `controls` (what the keys do to it). How a step is laid out in
//! segments is `routine::plan`, shared with the totals the menu shows.

mod controls;
mod machine;
mod status;
#[cfg(test)]
mod tests;
mod types;

pub use crate::routine::plan::{self, Segment, SegmentKind};
pub use machine::{RESUME_LEAD_IN, Session};
pub use status::Status;
pub use types::{Config, Cue, Due, Outcome, Phase};
