//! A routine run through the whole app with the voice on, on a simulated clock: every
//! phrase the app hands the speaker and every sound it plays, on one timeline, and what
//! overlaps what. Pure: the caller gives the start moment and, to check, how long each
//! phrase really lasts (the core's estimate, or espeak-ng's rendering measured by a
//! shell); nothing here speaks, plays or reads the clock, and it must not import a shell.
//!
//! Used by `tests/it/speech_timeline.rs` (every shipped routine, estimate and espeak-ng)
//! and `examples/speech_timeline.rs` (the measurement in docs/sound.md).

use std::time::{Duration, Instant};

use super::{App, AudioView, Effect, Msg, Screen, VoiceView};
use crate::cue::Sound;
use crate::routine::Library;
use crate::session::{Config, Phase};

/// One phrase handed to the speaker: when it starts (after its chimes) and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spoken {
    pub at: Instant,
    pub text: String,
}

/// A routine's run: the phrases, the sounds played, and the 3-2-1 knocks that gave way to
/// speech (due, not played).
#[derive(Debug, Clone)]
pub struct Timeline {
    pub start: Instant,
    pub spoken: Vec<Spoken>,
    pub sounds: Vec<(Instant, Sound)>,
    /// The 3-2-1 knocks that fell due and were not played: they gave way to speech.
    pub given_way: Vec<Instant>,
}

/// A phrase still speaking when a sound starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlap {
    /// When the phrase starts, from the start of the run.
    pub at: Duration,
    pub text: String,
    pub sound: Sound,
    /// How much of the phrase is left when the sound starts.
    pub by: Duration,
}

/// What overlaps on a timeline, for phrase lengths given by the caller.
#[derive(Debug, Clone, Default)]
pub struct Overlaps {
    /// Phrases still speaking at a cue that matters: a hold's bell, a switch, a rep's or
    /// a step's end, the session's end, the alarm.
    pub at_cue: Vec<Overlap>,
    /// 3-2-1 knocks (and halfway's pip) played under a phrase.
    pub knocks: Vec<Overlap>,
}

/// The sounds a phrase must have ended by.
pub const MATTERS: [Sound; 6] = [
    Sound::HoldStart,
    Sound::SwitchSides,
    Sound::RepEnd,
    Sound::StepEnd,
    Sound::SessionComplete,
    Sound::Alarm,
];

/// The knocks that give way to speech.
pub const KNOCKS: [Sound; 2] = [Sound::GetReady, Sound::Countdown];

/// Runs routine `id` of `library` from `start` with sound on at volume 80 and `voice`,
/// pressing Enter two seconds into every step that waits for it (and not before what is
/// being said has ended, by the voice's estimate). `None` when there is no such routine.
pub fn run(
    library: &Library,
    config: Config,
    id: &str,
    voice: VoiceView,
    start: Instant,
) -> Option<Timeline> {
    let audio = AudioView {
        volume: 80,
        muted: false,
        off: None,
    };
    let pace = voice.pace;
    let mut app = App::new(library.clone(), config, audio).with_voice(voice);
    let mut line = Timeline {
        start,
        spoken: Vec::new(),
        sounds: Vec::new(),
        given_way: Vec::new(),
    };
    let mut now = start;
    let mut effects = app.start(id, now)?;
    for _ in 0..1_000_000 {
        line.take(&effects, now);
        let Screen::Session(run) = &app.screen else {
            return Some(line);
        };
        let waits = matches!(
            run.status.phase,
            Phase::WaitForUser | Phase::OpenHold | Phase::Alarm
        );
        // A person waits for the end of what is being said before pressing Enter.
        let said_until = line
            .spoken
            .last()
            .map_or(start, |s| s.at + pace.length(&s.text) + ENTER_AFTER / 4);
        let enter_at = (run.changed_at + ENTER_AFTER).max(said_until);
        effects = if waits && now >= enter_at {
            app.update(Msg::Enter, now)
        } else {
            now = if waits {
                enter_at
            } else {
                app.next_wake(now).unwrap_or(now + ENTER_AFTER).max(now)
            };
            app.update(Msg::Tick, now)
        };
    }
    Some(line)
}

/// How long a simulated person takes to press Enter where a step waits for it.
const ENTER_AFTER: Duration = Duration::from_secs(2);

impl Timeline {
    fn take(&mut self, effects: &[Effect], now: Instant) {
        for effect in effects {
            match effect {
                Effect::Play { sound, due } => self.sounds.push((*due, *sound)),
                Effect::GaveWay { due, .. } => self.given_way.push(*due),
                Effect::Speak { phrase, after } => self.spoken.push(Spoken {
                    at: now + *after,
                    text: phrase.text.clone(),
                }),
                _ => {}
            }
        }
    }

    /// What overlaps when each phrase lasts `length(text)`.
    pub fn overlaps(&self, length: impl Fn(&str) -> Duration) -> Overlaps {
        let mut out = Overlaps::default();
        for said in &self.spoken {
            let end = said.at + length(&said.text);
            for &(due, sound) in &self.sounds {
                if due < said.at || due >= end {
                    continue;
                }
                let overlap = Overlap {
                    at: said.at.saturating_duration_since(self.start),
                    text: said.text.clone(),
                    sound,
                    by: end.saturating_duration_since(due),
                };
                if MATTERS.contains(&sound) && due > said.at {
                    out.at_cue.push(overlap);
                } else if KNOCKS.contains(&sound) {
                    out.knocks.push(overlap);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_overlaps_the_sounds_that_start_while_it_is_said() {
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let line = Timeline {
            start: t0,
            spoken: vec![Spoken {
                at: at(1000),
                text: "Change. Cow: arch down.".into(),
            }],
            sounds: vec![
                (at(0), Sound::SwitchSides),  // before it: its own chime
                (at(1500), Sound::GetReady),  // under it: a knock
                (at(2000), Sound::HoldStart), // under it: the bell
                (at(2500), Sound::HoldStart), // after it
            ],
            given_way: Vec::new(),
        };
        let o = line.overlaps(|_| Duration::from_millis(1200));
        let what = |v: &[Overlap]| v.iter().map(|x| (x.sound, x.by)).collect::<Vec<_>>();
        assert_eq!(
            what(&o.at_cue),
            [(Sound::HoldStart, Duration::from_millis(200))]
        );
        assert_eq!(
            what(&o.knocks),
            [(Sound::GetReady, Duration::from_millis(700))]
        );
        assert_eq!(o.at_cue[0].at, Duration::from_secs(1));
        // Said quicker, it ends before the bell and after the knock.
        let o = line.overlaps(|_| Duration::from_millis(900));
        assert!(o.at_cue.is_empty());
        assert_eq!(o.knocks.len(), 1);
    }
}
