//! The voice as the app keeps it: wanted or not (the preference, then the `v` key), or
//! unavailable with the reason; and the phrase for each batch of cues, handed to the
//! shell's speaker as [`Effect::Speak`]. Pure: what is said comes from `cue::phrase`.

use std::time::{Duration, Instant};

use super::{App, Effect};
use crate::cue::speech::{self, Ahead, Listening, Pace};
use crate::cue::{Sound, VoiceStatus, phrase};
use crate::routine::Routine;
use crate::session::{Cue, Due};

/// What the footer shows about speech; mirrors the speaker, kept by the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceView {
    /// The person wants phrases spoken (the preference, then the `v` key).
    pub on: bool,
    /// No phrase can be spoken, with the reason ("no speech engine (…)").
    pub unavailable: Option<String>,
    /// How fast the engine speaks: how long the app expects each phrase to take.
    pub pace: Pace,
    /// Phrases are fitted to the timeline (`cue::speech`): a shorter wording, a longer
    /// get-ready, the 3-2-1 giving way. Off only to measure what happens without it
    /// (`examples/speech_timeline.rs --unfitted`).
    pub fit: bool,
    /// A step's start also says its safety notes (and the routine's, when they are
    /// shown): plain mode, whose lines scroll away while the full screen keeps them.
    pub safety: bool,
}

impl VoiceView {
    /// From the speaker's state at start.
    pub fn from_status(status: &VoiceStatus) -> VoiceView {
        let (on, unavailable, pace) = match status {
            VoiceStatus::On(engine) => (true, None, Pace::for_engine(engine)),
            VoiceStatus::Off => (false, None, Pace::ESPEAK_NG),
            VoiceStatus::Unavailable(reason) => (false, Some(reason.clone()), Pace::ESPEAK_NG),
        };
        VoiceView {
            on,
            unavailable,
            pace,
            fit: true,
            safety: false,
        }
    }

    /// What the speaker says now: an engine that turned out unable to speak (no sound
    /// device) makes the footer say `no voice` from then on.
    pub fn heard(&mut self, status: &VoiceStatus) {
        if let VoiceStatus::Unavailable(reason) = status {
            self.unavailable = Some(reason.clone());
        }
    }

    /// True when phrases are spoken (sound not muted aside).
    pub fn speaks(&self) -> bool {
        self.on && self.unavailable.is_none()
    }

    /// The footer's words: `voice on`, `voice off`, `no voice`.
    pub fn label(&self) -> &'static str {
        match (&self.unavailable, self.on) {
            (Some(_), _) => "no voice",
            (None, true) => "voice on",
            (None, false) => "voice off",
        }
    }

    /// The menu's note when voice cannot be had: `voice off: no speech engine (…)`.
    pub fn notice(&self) -> Option<String> {
        self.unavailable
            .as_ref()
            .map(|reason| format!("voice off: {reason}"))
    }
}

impl App {
    /// The speaker's state at start; without it the app says nothing aloud and the footer
    /// shows only the sound.
    pub fn with_voice(mut self, voice: VoiceView) -> App {
        self.voice = Some(voice);
        self
    }

    /// The footer's right side: the sound's state, and the voice's when there is one
    /// (`voice on · vol 80%`). What will be heard: muted is only `muted` (the voice is
    /// silent too).
    pub fn sound_label(&self) -> String {
        match &self.voice {
            Some(voice) if !self.audio.muted => {
                format!("{} · {}", voice.label(), self.audio.label())
            }
            _ => self.audio.label(),
        }
    }

    /// How phrases are heard while they are heard and fitted (the session then gives
    /// each step a get-ready long enough for its spoken start); `None` otherwise.
    /// `routine_safety`: the routine's own notes are said at its first step.
    pub(super) fn listening(&self, routine_safety: bool) -> Option<Listening> {
        let voice = self.voice.as_ref()?;
        (!self.audio.muted && voice.speaks() && voice.fit).then_some(Listening {
            pace: voice.pace,
            safety: voice.safety,
            routine_safety,
        })
    }

    /// Tells the running session whether the voice is listened to (after `v`, mute, or
    /// an engine that turned out unable to speak).
    pub(super) fn voice_changed(&mut self) {
        let routine_safety = match &self.screen {
            super::Screen::Session(run) => run.routine_notes,
            _ => false,
        };
        let listening = self.listening(routine_safety);
        let hushed = self.voice_hushed();
        if let super::Screen::Session(run) = &mut self.screen {
            run.session.set_speech(listening);
            // Hushed: what was being said is cut, so no knock waits for it.
            if hushed {
                run.speaking_until = None;
            }
        }
    }

    /// True when the speaker should keep quiet (voice off, or sound muted).
    pub fn voice_hushed(&self) -> bool {
        self.audio.muted || !self.voice.as_ref().is_some_and(VoiceView::speaks)
    }

    /// `v`: voice on or off (nothing when there is no speech engine).
    pub(super) fn toggle_voice(&mut self) -> Vec<Effect> {
        match &mut self.voice {
            Some(voice) if voice.unavailable.is_none() => {
                voice.on = !voice.on;
                vec![Effect::SetVoice(voice.on)]
            }
            _ => Vec::new(),
        }
    }
}

/// The phrase for one batch of cues, to be said after the chimes played with it, and
/// when it is expected to end (when phrases are fitted); `None` when the voice is off or unavailable, sound is
/// muted, nothing in it is spoken, or no wording of it ends before `ahead`'s next cue
/// that matters (see `cue::speech::fit`).
pub(super) fn speak(
    voice: Option<&VoiceView>,
    muted: bool,
    cues: &[Due],
    routine: &Routine,
    played: &[Sound],
    (now, ahead): (Instant, Ahead),
    routine_safety: bool,
) -> Option<(Effect, Option<Instant>)> {
    if muted {
        return None;
    }
    let voice = voice.filter(|v| v.speaks())?;
    let cues: Vec<Cue> = cues.iter().map(|due| due.cue).collect();
    let after: Duration = phrase::after_chimes(played.iter().copied());
    let from = now + after;
    let mut wordings = phrase::wordings(&cues, routine);
    // The safety notes after a step's start, in its longest wording only: where they
    // do not fit, the start is said without them (the screen or the lines keep them).
    let listening = Listening {
        pace: voice.pace,
        safety: voice.safety,
        routine_safety,
    };
    let started = cues.iter().find_map(|c| match c {
        Cue::StepStart { step } => Some(*step),
        _ => None,
    });
    if let (Some(i), Some(first)) = (started, wordings.first())
        && let Some(notes) = listening.notes(routine, i)
    {
        let mut with = first.clone();
        with.text = format!("{} {notes}", with.text);
        wordings.insert(0, with);
    }
    let phrase = if voice.fit {
        speech::fit(wordings, from, ahead, voice.pace)?
    } else {
        wordings.into_iter().next()?
    };
    let until = voice.fit.then(|| from + voice.pace.length(&phrase.text));
    Some((Effect::Speak { phrase, after }, until))
}
