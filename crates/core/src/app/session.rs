//! The session screen's state: the engine, a snapshot of its status for drawing, and what
//! sits on top of it (the end-session question, the "this hurts" note, the one-second
//! flash when a step ends). Turns the engine's cues into effects (sounds, bell,
//! notifications, progress reports). Pure: `now` is always passed in.
//!
//! A key that acts on the step (Enter, skip, back, restart, `+`/`-`, `x`) pressed just
//! after what it acts on changed is held back, and the screen says so ([`Running::held_back`]):
//! within [`App::key_guard`] of a change the clock made (a step or phase beginning on its
//! own: the key was meant for what came before), within a fifth of a second
//! ([`AFTER_KEY`]) of a change a key made (a key buffered with it, a double press), so a
//! burst of buffered keys cannot skip several steps while a person pressing `n` again,
//! or `p` after an `n` they regret, is obeyed. "End the session?" pauses the session
//! while it asks, as Space does; "n" goes on where it was.

use std::time::{Duration, Instant};

use super::{App, Effect, Msg, Screen, Standing, Summary, voice};
use crate::cue;
use crate::routine::{Routine, duration::clock};
use crate::session::{Config, Cue, Due, Outcome, Phase, Session, Status};

/// How long the end of a step stays on screen, in real time (see `App::flash_length`).
pub const FLASH: Duration = Duration::from_secs(1);

/// How often a running session's standing is saved between step changes, in real time
/// (see `App::save_every`): a kill loses at most this much of a long hold.
pub const SAVE_EVERY: Duration = Duration::from_secs(5);
/// How long after a change a key acting on the step is ignored, in real time (see
/// `App::key_guard`).
pub const KEY_GUARD: Duration = Duration::from_millis(500);
/// After a change a key made, the part of [`App::key_guard`] during which a key acting on
/// the step is taken for one buffered with it (or a bounce): 0.2 s of 0.5 s. A person
/// who sees the change and reacts takes longer.
pub const AFTER_KEY: (u32, u32) = (2, 5);

/// A running session.
#[derive(Debug, Clone)]
pub struct Running {
    pub session: Session,
    /// The engine's status at the last update: what the screen shows.
    pub status: Status,
    pub prompt: Option<SessionPrompt>,
    /// Shown after `x` until the session goes on.
    pub hurt: Option<Hurt>,
    /// A step just ended: shown for about a second.
    pub flash: Option<Flash>,
    /// Steps to skip when they come up (they hurt last time).
    auto_skip: Vec<usize>,
    /// When the standing was last handed out for saving ([`Effect::Progress`]).
    pub(super) saved: Instant,
    /// How often to hand it out between step changes (`App::save_every`).
    pub(super) save_every: Duration,
    /// Run at a speed other than real time (`--speed`).
    pub sped_up: bool,
    /// When what the keys act on last changed (see the module doc).
    pub changed_at: Instant,
    /// The last change was made by a key (not by the clock).
    pub changed_by_key: bool,
    /// A key that acts on the step was just held back (pressed as the step changed):
    /// shown until the next key or change, so a dropped key is never silent.
    pub held_back: Option<Msg>,
    /// "End the session?" paused the session: "n" resumes it.
    paused_to_ask: bool,
    /// The engine's [`Session::moves`] when last looked at.
    seen_moves: u64,
    /// The check-in's answer before the first step.
    pub stiffness_before: Option<u8>,
    /// Whether the first step shows the routine's own safety notes (once a day: see
    /// `routine::daily`).
    pub routine_notes: bool,
    /// When the last phrase handed to the speaker is expected to end: a 3-2-1 knock due
    /// before then gives way to it (is not played).
    pub speaking_until: Option<Instant>,
}

/// A question during a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionPrompt {
    /// "End the session? (y/n)"
    EndSession,
}

/// The safety note of an exercise that hurt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hurt {
    pub exercise: String,
    pub notes: Vec<String>,
}

/// A step just ended, or (with no sound to hear) any cue but the per-second ticks: a
/// band on screen for about a second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub outcome: Outcome,
    /// The phase whose colour the band takes.
    pub phase: Phase,
    pub until: Instant,
}

/// Whole seconds as a countdown shows them (rounded up, so 0 only at the end).
pub fn countdown_secs(d: Duration) -> u64 {
    d.as_nanos().div_ceil(1_000_000_000) as u64
}

impl Running {
    pub fn new(
        routine: Routine,
        config: Config,
        now: Instant,
        step: usize,
        outcomes: &[Outcome],
        auto_skip: Vec<usize>,
    ) -> Running {
        let session = Session::start_at(routine, config, now, step, outcomes);
        let status = session.status(now);
        let seen_moves = session.moves();
        Running {
            session,
            status,
            prompt: None,
            hurt: None,
            flash: None,
            auto_skip,
            saved: now,
            save_every: SAVE_EVERY,
            sped_up: false,
            changed_at: now,
            changed_by_key: false,
            held_back: None,
            paused_to_ask: false,
            seen_moves,
            stiffness_before: None,
            routine_notes: true,
            speaking_until: None,
        }
    }

    /// Notes a change of step or phase since last looked at, as seen at `now`; `by_key`
    /// when a key made it.
    fn note_moves(&mut self, now: Instant, by_key: bool) {
        if self.session.moves() != self.seen_moves {
            self.seen_moves = self.session.moves();
            self.changed_at = now;
            self.changed_by_key = by_key;
            self.held_back = None;
        }
    }

    /// True when `msg` acts on the step and arrives within `guard` of a change.
    fn guarded(&self, msg: Msg, now: Instant, guard: Duration) -> bool {
        let acts_on_step = matches!(
            msg,
            Msg::Enter
                | Msg::Skip
                | Msg::Previous
                | Msg::Restart
                | Msg::Longer
                | Msg::Shorter
                | Msg::Hurts
        ) || (msg == Msg::TogglePause && self.hurt.is_some());
        let guard = if self.changed_by_key {
            guard * AFTER_KEY.0 / AFTER_KEY.1
        } else {
            guard
        };
        acts_on_step && now.saturating_duration_since(self.changed_at) < guard
    }

    pub fn routine(&self) -> &Routine {
        self.session.routine()
    }

    pub(super) fn tick(&mut self, now: Instant) -> Vec<Due> {
        let cues = self.session.tick(now);
        self.status = self.session.status(now);
        cues
    }

    /// The name of step `step` ("" past the end).
    fn step_name(&self, step: usize) -> String {
        self.routine()
            .steps
            .get(step)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    }

    pub fn standing(&self, now: Instant) -> Standing {
        // A session stopped midway records the step it was on as stopped there.
        let outcomes = self.session.outcomes_if_stopped(now);
        let ended_in_pain = matches!(outcomes.last(), Some(Outcome::Painful { .. }));
        Standing {
            routine_id: self.routine().id.clone(),
            step: self.session.step_index(),
            finished: self.session.is_finished() && !ended_in_pain,
            outcomes,
            elapsed: self.session.session_elapsed(now),
            sped_up: self.sped_up,
            ended: false,
            stiffness: crate::history::Stiffness {
                before: self.stiffness_before,
                after: None,
            },
        }
    }

    /// "backease — Ball drape 12:04".
    pub fn title(&self) -> String {
        let name = &self.session.current_step().name;
        let s = &self.status;
        if s.paused {
            return format!("backease — {name} (paused)");
        }
        match s.phase {
            Phase::Alarm => format!("backease — {name}: time's up"),
            Phase::WaitForUser => format!("backease — {name}"),
            Phase::Finished => "backease — finished".to_string(),
            _ => format!("backease — {name} {}", self.shown_clock()),
        }
    }

    /// The clock as the big digits show it: time left, or time so far when counting up.
    pub fn shown_clock(&self) -> String {
        match self.status.remaining {
            Some(left) => clock(Duration::from_secs(countdown_secs(left))),
            None => clock(self.status.elapsed),
        }
    }

    /// What the screen flashes for a cue when there is no sound: every cue the bell
    /// would stand in for or that makes a sound, but the 3-2-1 ticks of a lead-in and a
    /// countdown (the digits show those seconds), the alarm (its own band) and the end of
    /// a step or session (their own screens). With the phase whose colour it takes.
    fn cue_flash(&self, cue: &Cue) -> Option<(String, Phase)> {
        let side = |step: usize, side: Option<usize>| {
            side.and_then(|i| self.routine().steps.get(step)?.sides.get(i).cloned())
        };
        Some(match *cue {
            Cue::HoldStart { step, side: s, .. } => match side(step, s) {
                Some(name) => (format!("Hold · {name}"), Phase::Hold),
                None => ("Hold".to_string(), Phase::Hold),
            },
            Cue::RangeMinReached { .. } => ("You may release (Enter)".to_string(), Phase::Hold),
            Cue::Halfway { .. } => ("Halfway".to_string(), Phase::Hold),
            Cue::OneMinuteLeft { .. } => ("One minute left".to_string(), Phase::Hold),
            Cue::SwitchSides { step, side: s } => {
                let label = side(step, Some(s)).unwrap_or_default();
                let text = match self.routine().steps.get(step) {
                    Some(e) => e.change_label(&label),
                    None => format!("Switch sides: {label}"),
                };
                (text, Phase::SwitchSides)
            }
            Cue::RepDone { rep, .. } => (format!("Rep {rep} done · rest"), Phase::Rest),
            Cue::StepStart { .. }
            | Cue::LeadIn(_)
            | Cue::Countdown(_)
            | Cue::RestStart { .. }
            | Cue::StepEnd { .. }
            | Cue::LongStepAlarm { .. }
            | Cue::SessionComplete => return None,
        })
    }

    /// The change `+`/`-` make: seconds on short holds, a minute on long ones.
    fn adjust_step(&self) -> i64 {
        match self.status.length {
            Some(len) if len.max >= crate::routine::LONG_STEP => 60,
            _ => 5,
        }
    }
}

/// Each cue with the session time (pauses left out) of its moment, a moment at or before
/// `now` and after any pause (nothing falls due while paused): the time so far, less how
/// long ago the cue fell due (counted to the end when the session is over).
fn session_times(session: &Session, cues: &[Due], now: Instant) -> Vec<(Cue, Duration)> {
    let elapsed = session.session_elapsed(now);
    let end = session.finished_at().unwrap_or(now);
    cues.iter()
        .map(|due| {
            let ago = end.saturating_duration_since(due.at);
            (due.cue, elapsed.saturating_sub(ago))
        })
        .collect()
}

impl App {
    pub(super) fn update_session(&mut self, msg: Msg, now: Instant) -> Vec<Effect> {
        let Screen::Session(run) = &mut self.screen else {
            return Vec::new();
        };
        let mut cues = run.tick(now);
        run.note_moves(now, false);
        if run.flash.as_ref().is_some_and(|f| f.until <= now) {
            run.flash = None;
        }
        let key = !matches!(msg, Msg::Tick | Msg::Suspend | Msg::Continue);
        if key {
            run.held_back = None;
        }
        if let Some(SessionPrompt::EndSession) = run.prompt {
            match msg {
                Msg::Yes | Msg::Quit => {
                    run.prompt = None;
                    // Ended on purpose: recorded, not waiting to be resumed.
                    let standing = Standing {
                        ended: true,
                        ..run.standing(now)
                    };
                    let mut effects = self.cue_effects(cues, now);
                    effects.push(Effect::SessionOver(standing.clone()));
                    self.show_summary(standing, None);
                    return effects;
                }
                Msg::No | Msg::Cancel => {
                    run.prompt = None;
                    // Going on where it was: the question paused it.
                    if std::mem::take(&mut run.paused_to_ask) {
                        cues.extend(run.session.resume(now));
                    }
                    run.status = run.session.status(now);
                }
                _ => {}
            }
            return self.cue_effects(cues, now);
        }
        let guarded = run.guarded(msg, now, self.key_guard);
        if guarded {
            run.held_back = Some(msg);
        }
        let s = &mut run.session;
        let mut audio = Vec::new();
        match msg {
            // Meant for what came before: "this hurts" only stops the clock; the rest
            // does nothing.
            Msg::Hurts if guarded => cues.extend(s.pause(now)),
            _ if guarded => {}
            // With the "this hurts" note up, going on moves to the next step.
            Msg::TogglePause | Msg::Enter if run.hurt.take().is_some() => {
                cues.extend(s.go_on(now));
            }
            Msg::Skip if run.hurt.take().is_some() => {
                cues.extend(s.go_on(now));
                cues.extend(run.session.skip(now));
            }
            Msg::TogglePause => cues.extend(s.toggle_pause(now)),
            Msg::Skip => cues.extend(s.skip(now)),
            Msg::Previous => {
                run.hurt = None;
                cues.extend(s.back(now));
            }
            Msg::Restart => {
                run.hurt = None;
                cues.extend(s.restart_step(now));
            }
            Msg::Longer | Msg::Shorter => {
                let step = run.adjust_step();
                let delta = if msg == Msg::Longer { step } else { -step };
                cues.extend(run.session.adjust(now, delta));
            }
            Msg::Enter => cues.extend(s.confirm(now)),
            Msg::Hurts if run.hurt.is_some() => {}
            Msg::Hurts => {
                let step = s.current_step();
                let mut notes = step.safety.clone();
                notes.extend(s.routine().safety.iter().cloned());
                if notes.is_empty() {
                    notes.push("Stop, rest, and only go on if it feels right.".into());
                }
                run.hurt = Some(super::session::Hurt {
                    exercise: step.name.clone(),
                    notes,
                });
                cues.extend(run.session.mark_painful(now));
                run.changed_at = now;
                run.changed_by_key = true;
            }
            Msg::Quit | Msg::Cancel => {
                // Asking pauses, as Space does: nothing ends under the question.
                run.prompt = Some(SessionPrompt::EndSession);
                run.paused_to_ask = !s.is_paused();
                cues.extend(s.pause(now));
            }
            Msg::Suspend if !s.is_paused() => cues.extend(s.pause(now)),
            Msg::Mute | Msg::Voice | Msg::VolumeUp | Msg::VolumeDown => audio = vec![msg],
            _ => {}
        }
        run.status = run.session.status(now);
        let mut effects = Vec::new();
        for m in audio {
            effects.extend(self.audio_msg(m));
        }
        effects.extend(self.cue_effects(cues, now));
        if let Screen::Session(run) = &mut self.screen {
            run.note_moves(now, key);
            run.save_between_steps(now, &mut effects);
        }
        effects
    }

    /// Turns the engine's cues into sounds, flashes and reports; follows auto-skips and
    /// moves to the summary when the session completes.
    fn cue_effects(&mut self, cues: Vec<Due>, now: Instant) -> Vec<Effect> {
        let mut effects = self.cue_effects_all(cues, now);
        one_sound_per_moment(&mut effects);
        effects
    }

    /// [`Self::cue_effects`] before sounds that fall due together are thinned out.
    fn cue_effects_all(&mut self, mut cues: Vec<Due>, now: Instant) -> Vec<Effect> {
        let flash_length = self.flash_length;
        // With nothing to hear, every cue is seen (the README's promise).
        let silent = self.audio.muted || self.audio.off.is_some();
        let mut effects = Vec::new();
        let mut guard = 0;
        while !cues.is_empty() && guard < 1_000 {
            guard += 1;
            let mut more = Vec::new();
            let Screen::Session(run) = &mut self.screen else {
                break;
            };
            let mut step_changed = false;
            let mut complete = false;
            let mut played = Vec::new();
            for Due { cue, at: due } in &cues {
                let due = *due;
                // The 3-2-1 gives way to speech rather than play under it.
                let knock = matches!(cue, Cue::LeadIn(_) | Cue::Countdown(_));
                let under_speech = knock && run.speaking_until.is_some_and(|end| due < end);
                if under_speech
                    && !self.audio.muted
                    && self.audio.off.is_none()
                    && let Some(out) = cue::output(cue)
                {
                    effects.push(Effect::GaveWay {
                        sound: out.sound,
                        due,
                    });
                } else if let Some(out) = cue::output(cue)
                    && !self.audio.muted
                {
                    let sound_on = self.audio.off.is_none();
                    if sound_on {
                        effects.push(Effect::Play {
                            sound: out.sound,
                            due,
                        });
                        played.push(out.sound);
                    }
                    if out.bell.rings(sound_on) {
                        effects.push(Effect::Bell { due });
                    }
                }
                if silent && let Some((text, phase)) = run.cue_flash(cue) {
                    let until = now + flash_length;
                    match &mut run.flash {
                        // A step's end outranks what comes with it.
                        Some(f) if f.until == until && !f.outcome.is_pending() => {}
                        // Cues at the same moment (a 2–3 min range's minimum is also
                        // its last minute) are shown together.
                        Some(f) if f.until == until && !f.text.contains(&text) => {
                            f.text = format!("{} · {text}", f.text);
                        }
                        _ => {
                            run.flash = Some(Flash {
                                text,
                                outcome: Outcome::Pending,
                                phase,
                                until,
                            });
                        }
                    }
                }
                match *cue {
                    Cue::StepStart { step } => {
                        step_changed = true;
                        if let Some(i) = run.auto_skip.iter().position(|s| *s == step) {
                            run.auto_skip.remove(i);
                            if run.session.step_index() == step {
                                more.extend(run.session.skip(now));
                            }
                        }
                    }
                    Cue::StepEnd { step, outcome } => {
                        effects.push(Effect::StepEnded { step, due });
                        let name = run.step_name(step);
                        let text = match outcome {
                            Outcome::Done { .. } => format!("✓ {name} — done"),
                            Outcome::Skipped { .. } => format!("» {name} — skipped"),
                            Outcome::Painful { .. } => format!("✗ {name} — stopped"),
                            Outcome::Stopped { .. } | Outcome::Pending => name,
                        };
                        let phase = match outcome {
                            Outcome::Done { .. } => Phase::Hold,
                            Outcome::Painful { .. } => Phase::Alarm,
                            _ => Phase::GetReady,
                        };
                        run.flash = Some(Flash {
                            text,
                            outcome,
                            phase,
                            until: now + flash_length,
                        });
                    }
                    Cue::LongStepAlarm { step, count: 1 } => {
                        let name = run.step_name(step);
                        effects.push(Effect::Notify {
                            title: "backease".into(),
                            body: format!("{name}: time's up. Press Enter to go on."),
                        });
                    }
                    Cue::SessionComplete => complete = true,
                    _ => {}
                }
            }
            effects.push(Effect::Cues(session_times(&run.session, &cues, now)));
            let muted = self.audio.muted;
            let ahead = run.session.ahead(now);
            if let Some((speak, until)) = voice::speak(
                self.voice.as_ref(),
                muted,
                &cues,
                run.routine(),
                &played,
                (now, ahead),
                run.routine_notes,
            ) {
                effects.push(speak);
                run.speaking_until = until;
            }
            run.status = run.session.status(now);
            if complete {
                let standing = run.standing(now);
                let s = &run.status;
                effects.push(Effect::Notify {
                    title: "backease".into(),
                    body: format!(
                        "{} finished: {} done, {} skipped.",
                        run.routine().name,
                        s.done,
                        s.skipped
                    ),
                });
                effects.push(Effect::SessionOver(standing.clone()));
                self.show_summary(standing, Some(now));
                return effects;
            }
            if step_changed && more.is_empty() {
                effects.push(Effect::Progress(run.standing(now)));
            }
            cues = more;
        }
        effects
    }

    /// `burst`: the moment the session came to its end by itself or by Enter on its last
    /// step: Enters pressed for that step must not leave the summary and start the
    /// routine again (see `App::enter_burst`). `None` when "End the session?" was
    /// answered: the next Enter is meant for the summary.
    fn show_summary(&mut self, report: Standing, burst: Option<Instant>) {
        self.enter_burst = burst;
        let Screen::Session(run) = &self.screen else {
            return;
        };
        let routine = run.routine().clone();
        self.remember_painful(&routine, &report);
        if !report.sped_up
            && report
                .outcomes
                .iter()
                .any(|o| matches!(o, crate::session::Outcome::Done { .. }))
        {
            self.plan_done(&routine.id);
        }
        let mut summary = Summary::new(&routine, report, &self.stats);
        summary.asking = self.checkin;
        summary.desk = self.desk_break;
        summary.update_stats(&routine, &mut self.stats);
        self.screen = Screen::Summary(summary);
        self.help = false;
    }
}

impl App {
    /// Keeps what hurt up to date as a session ends, as history will say at the next
    /// launch: an exercise marked painful is offered for skipping the next time its
    /// routine starts in this run too; one tried since without pain is not. Sped-up runs
    /// change nothing, as in history.
    fn remember_painful(&mut self, routine: &Routine, report: &Standing) {
        if report.sped_up {
            return;
        }
        let ids = self.painful.entry(routine.id.clone()).or_default();
        for (step, outcome) in routine.steps.iter().zip(&report.outcomes) {
            let recorded = crate::history::StepOutcome::from_outcome(outcome);
            if !crate::history::is_attempt(recorded) {
                continue;
            }
            ids.retain(|id| *id != step.id);
            if matches!(outcome, Outcome::Painful { .. }) {
                ids.push(step.id.clone());
            }
        }
        if ids.is_empty() {
            self.painful.remove(&routine.id);
        }
    }
}

/// No two sounds start together: of the sounds due at one moment, only the one with the
/// highest [`Sound::precedence`] plays (a long step's end is its alarm, not the step-end
/// bell under it; the last step's end is the finale). Other effects are kept in order.
fn one_sound_per_moment(effects: &mut Vec<Effect>) {
    let mut chosen: Vec<(Instant, crate::cue::Sound)> = Vec::new();
    for e in effects.iter() {
        if let Effect::Play { sound, due } = e {
            match chosen.iter_mut().find(|(at, _)| at == due) {
                Some(best) if sound.precedence() > best.1.precedence() => best.1 = *sound,
                Some(_) => {}
                None => chosen.push((*due, *sound)),
            }
        }
    }
    effects.retain(|e| match e {
        Effect::Play { sound, due } => {
            // Each chosen sound plays once: taken from the list when met.
            match chosen.iter().position(|(at, s)| at == due && s == sound) {
                Some(i) => {
                    chosen.swap_remove(i);
                    true
                }
                None => false,
            }
        }
        _ => true,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cue::Sound;

    #[test]
    fn sounds_due_together_are_one_the_one_that_matters_most() {
        let t0 = Instant::now();
        let t1 = t0 + Duration::from_secs(1);
        let mut effects = vec![
            Effect::Play {
                sound: Sound::StepEnd,
                due: t0,
            },
            Effect::Bell { due: t0 },
            Effect::Play {
                sound: Sound::Alarm,
                due: t0,
            },
            Effect::Play {
                sound: Sound::StepEnd,
                due: t1,
            },
            Effect::Play {
                sound: Sound::SessionComplete,
                due: t1,
            },
            Effect::Play {
                sound: Sound::SessionComplete,
                due: t1,
            },
        ];
        one_sound_per_moment(&mut effects);
        assert_eq!(
            effects,
            [
                Effect::Bell { due: t0 },
                Effect::Play {
                    sound: Sound::Alarm,
                    due: t0,
                },
                Effect::Play {
                    sound: Sound::SessionComplete,
                    due: t1,
                },
            ]
        );
    }
}
