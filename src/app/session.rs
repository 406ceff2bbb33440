//! The session screen's state: the engine, a snapshot of its status for drawing, and what
//! sits on top of it (the end-session question, the "this hurts" note, the one-second
//! flash when a step ends). Turns the engine's cues into effects (sounds, bell,
//! notifications, progress reports). Pure: `now` is always passed in.

use std::time::{Duration, Instant};

use super::{App, Effect, Msg, Screen, Standing, Summary, voice};
use crate::cue;
use crate::routine::{Routine, duration::clock};
use crate::session::{Config, Cue, Due, Outcome, Phase, Session, Status};

/// How long the end of a step stays on screen, in real time (see `App::flash_length`).
pub const FLASH: Duration = Duration::from_secs(1);

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

/// A step just ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub outcome: Outcome,
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
        Running {
            session,
            status,
            prompt: None,
            hurt: None,
            flash: None,
            auto_skip,
        }
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
        Standing {
            routine_id: self.routine().id.clone(),
            step: self.session.step_index(),
            // A session stopped midway records the step it was on as ended early.
            outcomes: self.session.outcomes_if_stopped(now),
            finished: self.session.is_finished(),
            elapsed: self.session.session_elapsed(now),
        }
    }

    pub fn next_wake(&self, now: Instant) -> Option<Instant> {
        let flash = self.flash.as_ref().map(|f| f.until).filter(|t| *t > now);
        match (self.session.next_change(now), flash) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
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
        if run.flash.as_ref().is_some_and(|f| f.until <= now) {
            run.flash = None;
        }
        if let Some(SessionPrompt::EndSession) = run.prompt {
            match msg {
                Msg::Yes | Msg::Quit => {
                    run.prompt = None;
                    let standing = run.standing(now);
                    let mut effects = self.cue_effects(cues, now);
                    effects.push(Effect::SessionOver(standing.clone()));
                    self.show_summary(standing);
                    return effects;
                }
                Msg::No | Msg::Cancel => run.prompt = None,
                _ => {}
            }
            return self.cue_effects(cues, now);
        }
        let s = &mut run.session;
        let mut audio = Vec::new();
        match msg {
            Msg::TogglePause => {
                cues.extend(s.toggle_pause(now));
                if !s.is_paused() {
                    run.hurt = None;
                }
            }
            Msg::Skip => cues.extend(s.skip(now)),
            Msg::Previous => cues.extend(s.back(now)),
            Msg::Restart => cues.extend(s.restart_step(now)),
            Msg::Longer | Msg::Shorter => {
                let step = run.adjust_step();
                let delta = if msg == Msg::Longer { step } else { -step };
                cues.extend(run.session.adjust(now, delta));
            }
            Msg::Enter => {
                if run.hurt.take().is_some() && s.is_paused() {
                    cues.extend(s.resume(now));
                } else {
                    cues.extend(s.confirm(now));
                }
            }
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
            }
            Msg::Quit | Msg::Cancel => run.prompt = Some(SessionPrompt::EndSession),
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
        effects
    }

    /// Turns the engine's cues into sounds, flashes and reports; follows auto-skips and
    /// moves to the summary when the session completes.
    fn cue_effects(&mut self, mut cues: Vec<Due>, now: Instant) -> Vec<Effect> {
        let flash_length = self.flash_length;
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
                if let Some(out) = cue::output(cue)
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
                            Outcome::Pending => name,
                        };
                        run.flash = Some(Flash {
                            text,
                            outcome,
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
            effects.extend(voice::speak(
                self.voice.as_ref(),
                muted,
                &cues,
                run.routine(),
                &played,
            ));
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
                self.show_summary(standing);
                return effects;
            }
            if step_changed && more.is_empty() {
                effects.push(Effect::Progress(run.standing(now)));
            }
            cues = more;
        }
        effects
    }

    fn show_summary(&mut self, report: Standing) {
        let Screen::Session(run) = &self.screen else {
            return;
        };
        let summary = Summary::new(run.routine(), report, &self.stats);
        summary.update_bests(run.routine(), &mut self.stats);
        self.screen = Screen::Summary(summary);
        self.help = false;
    }
}
