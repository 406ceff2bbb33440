//! The voice as the app keeps it: wanted or not (the preference, then the `v` key), or
//! unavailable with the reason; and the phrase for each batch of cues, handed to the
//! shell's speaker as [`Effect::Speak`]. Pure: what is said comes from `cue::phrase`.

use std::time::Duration;

use super::{App, Effect};
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
}

impl VoiceView {
    /// From the speaker's state at start.
    pub fn from_status(status: &VoiceStatus) -> VoiceView {
        match status {
            VoiceStatus::On(_) => VoiceView {
                on: true,
                unavailable: None,
            },
            VoiceStatus::Off => VoiceView {
                on: false,
                unavailable: None,
            },
            VoiceStatus::Unavailable(reason) => VoiceView {
                on: false,
                unavailable: Some(reason.clone()),
            },
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

/// The phrase for one batch of cues, to be said after the chimes played with it; `None`
/// when the voice is off or unavailable, sound is muted, or nothing in it is spoken.
pub(super) fn speak(
    voice: Option<&VoiceView>,
    muted: bool,
    cues: &[Due],
    routine: &Routine,
    played: &[Sound],
) -> Option<Effect> {
    if muted || !voice.is_some_and(VoiceView::speaks) {
        return None;
    }
    let cues: Vec<Cue> = cues.iter().map(|due| due.cue).collect();
    let phrase = phrase::for_cues(&cues, routine)?;
    let after: Duration = phrase::after_chimes(played.iter().copied());
    Some(Effect::Speak { phrase, after })
}
