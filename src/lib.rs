//! backease: a terminal coach for back-relief routines.
//!
//! The core (no terminal, no audio, no files, never reads the clock):
//! - [`routine`]: the exercise and routine model, durations, and (in `routine::load`) parsing
//!   and validation of routine files from text.
//! - [`session`]: the state machine that runs a routine against an injected `now`.
//!
//! The shells (the only code that touches the world) sit beside it and depend on it, never
//! the other way round.

pub mod routine;
pub mod session;
