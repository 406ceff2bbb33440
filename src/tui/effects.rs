//! Every effect of the session's app carried out in one place, for the full screen
//! (`shell`) and plain mode (`crate::plain`) alike: the sounds and the trace, the voice
//! and what changes how things sound, the hooks' news (notifications, progress, the
//! session's record), the step ends traced once the cues around them have sounded. What
//! differs between the two is a [`Surface`]: the bell (the host's, or a byte on standard
//! output), the moments as lines (plain mode only), and what a shell keeps of a session
//! that ended.
//!
//! Nothing here draws or reads input; it must not decide anything the app decides.

use std::time::{Duration, Instant};

use super::clock::Clock;
use super::trace::Trace;
use crate::app::{App, Effect, Hooks, Standing};
use crate::audio::Player;
use crate::session::Cue;
use crate::speech::Speaker;

/// What a shell does its own way.
pub(crate) trait Surface {
    /// The terminal's bell.
    fn bell(&mut self) -> anyhow::Result<()>;
    /// The moments the full screen shows (plain mode writes them as lines).
    fn moments(&mut self, _app: &App, _cues: Vec<(Cue, Duration)>) {}
    /// A session ended and was handed to the hooks (before they heard of it).
    fn session_over(&mut self, _app: &App, _report: &Standing) {}
}

/// What carries the effects out, lent by the shell for one batch.
pub(crate) struct Hands<'s> {
    pub player: &'s mut dyn Player,
    pub speaker: &'s mut dyn Speaker,
    pub hooks: &'s mut dyn Hooks,
    pub trace: &'s mut Trace,
    pub clock: &'s Clock,
}

/// Carries out `effects`: what the person hears first (sounds, the bell), then what may
/// touch the disk or spawn a thread (history, resume state, notifications), so a slow
/// disk never holds up a cue. A failure in one does not skip the other: a terminal that
/// is gone must not keep the session from being recorded.
pub(crate) fn carry_out(
    hands: &mut Hands<'_>,
    app: &App,
    effects: Vec<Effect>,
    surface: &mut dyn Surface,
) -> anyhow::Result<()> {
    let (cues, rest): (Vec<Effect>, Vec<Effect>) = effects.into_iter().partition(Effect::is_cue);
    let cued = each(hands, app, cues, surface);
    let rest = each(hands, app, rest, surface);
    cued.and(rest)
}

fn each(
    hands: &mut Hands<'_>,
    app: &App,
    effects: Vec<Effect>,
    surface: &mut dyn Surface,
) -> anyhow::Result<()> {
    // Step ends are traced once the cues around them have sounded.
    let mut ended = Vec::new();
    let mut result = Ok(());
    for effect in effects {
        match effect {
            Effect::Play { sound, due } => {
                hands.player.play(sound);
                let (due, now) = (hands.clock.real_at(due), hands.clock.real_now());
                hands.trace.cue(Some(sound), due, now);
            }
            Effect::GaveWay { sound, due } => {
                let late = since(hands.clock, due);
                hands.trace.gave_way(sound, late);
            }
            Effect::Bell { due } => {
                if let Err(e) = surface.bell() {
                    // Like a terminal gone: the rest of the batch still happens.
                    result = Err(e);
                }
                let (due, now) = (hands.clock.real_at(due), hands.clock.real_now());
                hands.trace.cue(None, due, now);
            }
            Effect::StepEnded { step, due } => ended.push((step, due)),
            Effect::SessionOver(report) => {
                surface.session_over(app, &report);
                hands
                    .trace
                    .session_over(&report.routine_id, report.step, report.finished);
                hands.hooks.session_over(&report);
            }
            Effect::Cues(cues) => surface.moments(app, cues),
            // What changes how things sound.
            Effect::Speak { phrase, after } => hands.speaker.say(phrase, after),
            Effect::SetVolume(v) => {
                hands.player.set_volume(v);
                hands.speaker.set_volume(v);
            }
            Effect::SetMuted(m) => {
                hands.player.set_muted(m);
                hands.speaker.set_muted(app.voice_hushed());
            }
            Effect::SetVoice(_) => hands.speaker.set_muted(app.voice_hushed()),
            // News for the hooks.
            Effect::Notify { title, body } => hands.hooks.notify(&title, &body),
            Effect::Progress(report) => hands.hooks.progress(&report),
            Effect::ResumeDeclined => hands.hooks.resume_declined(),
            Effect::StiffnessAfter(after) => hands.hooks.stiffness_after(after),
            Effect::Favourites(ids) => hands.hooks.favourites(&ids),
            // Answered by the shell's `update` (they change the app: `App::learned`).
            Effect::LoadOverview | Effect::UsePlan(_) => {}
            Effect::Quit => {}
        }
    }
    for (step, due) in ended {
        let late = since(hands.clock, due);
        hands.trace.step_end(step, late);
    }
    result
}

/// How long after `due` (app time) it is now, in real time (for the trace).
pub(crate) fn since(clock: &Clock, due: Instant) -> Duration {
    clock
        .real_now()
        .saturating_duration_since(clock.real_at(due))
}
