//! What a person notices for each cue: the one place that decides cue -> output. Pure
//! core: no device, no files, no clock; must not import `audio`, `store`, `tui`,
//! `notify` or `commands` (the shells read these tables, never the other way round).
//!
//! - `sound_table!`: every [`Sound`], one line each: its key, its name for people, the
//!   length of its built-in chime, and whether it still plays when it comes late. The
//!   [`Sound`] enum, [`Sound::ALL`], [`Sound::COUNT`] and the audio shell's embedded
//!   chimes are all made from that one list.
//! - [`output`]: for every [`Cue`] the engine emits, the sound it makes and whether the
//!   terminal bell rings for it (in its place when no sound can be made, or always).
//! - [`AudioStatus`]: what the player can do right now, in the core's words.
//! - [`phrase`]: what is said aloud for each cue (from the routine's data), and
//!   [`VoiceStatus`]: what the speech engine can do, in the core's words.
//! - [`speech`]: how long a phrase takes to say and which wording fits before the next
//!   cue that matters.
//!
//! Adding a cue sound: one line in `sound_table!`, its cue's line in [`output`], its
//! design in `examples/gen_sounds.rs`, and the generated `assets/<key>.wav`.

pub mod phrase;
pub mod speech;

use std::time::Duration;

use crate::session::Cue;
pub use phrase::{Phrase, Urgency};

/// The list of sounds, handed to the macro `$then` as lines of
/// `Variant: "key", "name for people", length in ms, plays when late;`.
///
/// A macro rather than a `const` array because the audio shell embeds each chime with
/// `include_bytes!`, which needs its file name as a literal: `audio::sounds` calls this
/// with its own `$then` to build its table of embedded files, so that list cannot drift
/// from this one. The file is `assets/<key>.wav`; its length is what the generator gives
/// it (the tests check both).
#[macro_export]
macro_rules! sound_table {
    ($then:ident) => {
        $then! {
            /// Soft tick for the 3-2-1 before a hold.
            GetReady: "get_ready", "get ready", 120, false;
            /// A hold begins.
            HoldStart: "hold_start", "hold start", 1000, false;
            /// A range hold reached its minimum: "you may release".
            RangeMin: "range_min", "range minimum", 1200, false;
            /// The last three seconds of a hold, and halfway on long holds.
            Countdown: "countdown", "countdown", 250, false;
            /// One minute left on a long hold (two pips: not halfway's one).
            OneMinute: "one_minute", "one minute left", 400, false;
            /// Change sides.
            SwitchSides: "switch_sides", "switch sides", 1000, false;
            /// A rep is over and a rest follows (more reps to come): short, so its count
            /// can be said before the 3-2-1.
            RepEnd: "rep_end", "rep end", 400, false;
            /// A step is over.
            StepEnd: "step_end", "step end", 1200, true;
            /// The routine is finished.
            SessionComplete: "session_complete", "session complete", 1600, true;
            /// A long step is over and nobody has acknowledged it: hard to miss.
            Alarm: "alarm", "alarm", 1400, true;
        }
    };
}
pub use sound_table;

/// Makes [`Sound`] and its accessors from `sound_table!`.
macro_rules! define_sounds {
    ($($(#[$doc:meta])* $variant:ident: $key:literal, $name:literal, $ms:literal, $late:literal;)*) => {
        /// The distinct sounds, one per kind of moment (see `sound_table!`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Sound {
            $($(#[$doc])* $variant,)*
        }

        impl Sound {
            /// Every sound, in order: `Sound::ALL[s.index()] == s`.
            pub const ALL: [Sound; Sound::COUNT] = [$(Sound::$variant,)*];

            /// How many sounds there are: the size of every per-sound array.
            pub const COUNT: usize = [$($key,)*].len();

            /// The name a person reads in a message ("sound for switch sides: …").
            pub const fn name(self) -> &'static str {
                match self {
                    $(Sound::$variant => $name,)*
                }
            }

            /// The key used in preferences and file names (`switch_sides`).
            pub const fn key(self) -> &'static str {
                match self {
                    $(Sound::$variant => $key,)*
                }
            }

            /// The built-in chime's file name under `assets/` (`switch_sides.wav`).
            pub const fn file(self) -> &'static str {
                match self {
                    $(Sound::$variant => concat!($key, ".wav"),)*
                }
            }

            /// How long the built-in chime lasts (as the generator makes it).
            pub const fn length(self) -> Duration {
                match self {
                    $(Sound::$variant => Duration::from_millis($ms),)*
                }
            }

            /// Whether the sound still plays when it comes late (the player was busy
            /// opening a device): the alarm and the ends matter whenever they come; a
            /// late "3" is worse than none.
            pub const fn plays_when_late(self) -> bool {
                match self {
                    $(Sound::$variant => $late,)*
                }
            }
        }
    };
}
sound_table!(define_sounds);

impl Sound {
    /// The sound's place in [`Sound::ALL`]: an index into any `[T; Sound::COUNT]`.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The sound for a preferences key (`switch_sides`, also `switch-sides`).
    pub fn from_key(key: &str) -> Option<Sound> {
        let key = key.trim().replace('-', "_");
        Sound::ALL.into_iter().find(|s| s.key() == key)
    }
}

impl std::fmt::Display for Sound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a cue makes: its sound, and when the terminal bell rings for it. Nothing at all
/// while the person has muted sound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    pub sound: Sound,
    pub bell: Bell,
}

/// When the terminal bell rings for a cue (never while muted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bell {
    Never,
    /// In place of the sound when no sound can be made (the player is off).
    WhenSilent,
    /// With the sound, or alone when there is none: hard to miss.
    Always,
}

impl Bell {
    /// Whether the bell rings, given whether the sound is heard.
    pub const fn rings(self, sound_on: bool) -> bool {
        match self {
            Bell::Never => false,
            Bell::WhenSilent => !sound_on,
            Bell::Always => true,
        }
    }
}

/// The table: what each cue makes, or `None` for a cue that is only seen.
pub const fn output(cue: &Cue) -> Option<Output> {
    const fn out(sound: Sound, bell: Bell) -> Option<Output> {
        Some(Output { sound, bell })
    }
    use Bell::{Always, Never, WhenSilent};
    match cue {
        Cue::StepStart { .. } => None,
        Cue::LeadIn(_) => out(Sound::GetReady, Never),
        Cue::HoldStart { .. } => out(Sound::HoldStart, WhenSilent),
        Cue::RangeMinReached { .. } => out(Sound::RangeMin, WhenSilent),
        Cue::Halfway { .. } => out(Sound::Countdown, WhenSilent),
        Cue::OneMinuteLeft { .. } => out(Sound::OneMinute, WhenSilent),
        Cue::Countdown(_) => out(Sound::Countdown, Never),
        Cue::SwitchSides { .. } => out(Sound::SwitchSides, WhenSilent),
        Cue::RepDone { .. } => out(Sound::RepEnd, Never),
        Cue::RestStart { .. } => None,
        Cue::StepEnd { .. } => out(Sound::StepEnd, WhenSilent),
        Cue::LongStepAlarm { .. } => out(Sound::Alarm, Always),
        Cue::SessionComplete => out(Sound::SessionComplete, WhenSilent),
    }
}

/// The sound a cue makes, if any.
pub const fn sound_for(cue: &Cue) -> Option<Sound> {
    match output(cue) {
        Some(output) => Some(output.sound),
        None => None,
    }
}

/// What the player can do right now (the shell's player reports it; the app shows it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AudioStatus {
    On,
    Muted,
    /// No sound can be made; the reason is shown ("no audio device").
    Off(String),
}

/// A cue the player could not play, and why ("no audio device", "late: …"): the player
/// reports it, the app shows it and the trace records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missed {
    pub sound: Sound,
    pub reason: String,
}

/// What the speech engine can do right now (the speech shell reports it; the app shows it
/// next to the sound state).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoiceStatus {
    /// Phrases are spoken, by the named engine ("spd-say", "espeak-ng", a command).
    On(String),
    /// The person turned the voice off (the preference or the key).
    Off,
    /// No phrase can be spoken; the reason is shown ("no speech engine (install
    /// speech-dispatcher or espeak-ng)").
    Unavailable(String),
}

impl Sound {
    /// Which sound plays when several fall due at one moment (no two start together):
    /// the higher one. The alarm over the step end that comes with it, the finale over
    /// the last step's end, a step's end over the next hold's bell.
    pub const fn precedence(self) -> u8 {
        match self {
            Sound::Alarm => 9,
            Sound::SessionComplete => 8,
            Sound::StepEnd => 7,
            Sound::SwitchSides => 6,
            Sound::RepEnd => 5,
            Sound::HoldStart => 4,
            Sound::RangeMin => 3,
            Sound::OneMinute => 2,
            Sound::Countdown => 1,
            Sound::GetReady => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::session::Outcome;

    /// Which kind of cue this is, numbered. No wildcard: a new kind of cue does not compile
    /// until it gets a number here (and a line in `output`, also without a wildcard: the
    /// compiler checks the table covers every cue, and `unreachable_patterns`, denied in
    /// clippy's run, rejects a cue listed twice).
    fn kind(cue: &Cue) -> usize {
        match cue {
            Cue::StepStart { .. } => 0,
            Cue::LeadIn(_) => 1,
            Cue::HoldStart { .. } => 2,
            Cue::RangeMinReached { .. } => 3,
            Cue::Halfway { .. } => 4,
            Cue::OneMinuteLeft { .. } => 5,
            Cue::Countdown(_) => 6,
            Cue::SwitchSides { .. } => 7,
            Cue::RepDone { .. } => 8,
            Cue::RestStart { .. } => 9,
            Cue::StepEnd { .. } => 10,
            Cue::LongStepAlarm { .. } => 11,
            Cue::SessionComplete => 12,
        }
    }
    const KINDS: usize = 13;

    /// One cue of every kind, in `kind` order (the test checks it).
    fn one_of_each() -> Vec<Cue> {
        vec![
            Cue::StepStart { step: 0 },
            Cue::LeadIn(3),
            Cue::HoldStart {
                step: 0,
                side: None,
                rep: 1,
            },
            Cue::RangeMinReached {
                step: 0,
                first: true,
            },
            Cue::Halfway { step: 0 },
            Cue::OneMinuteLeft { step: 0 },
            Cue::Countdown(2),
            Cue::SwitchSides { step: 0, side: 1 },
            Cue::RepDone { step: 0, rep: 1 },
            Cue::RestStart { step: 0 },
            Cue::StepEnd {
                step: 0,
                outcome: Outcome::Pending,
            },
            Cue::LongStepAlarm { step: 0, count: 1 },
            Cue::SessionComplete,
        ]
    }

    #[test]
    fn the_table_covers_every_cue_and_every_sound() {
        let cues = one_of_each();
        let kinds: Vec<usize> = cues.iter().map(kind).collect();
        assert_eq!(
            kinds,
            (0..KINDS).collect::<Vec<_>>(),
            "every kind of cue, once"
        );

        // Every sound is made by some cue.
        let mut made: BTreeMap<Sound, usize> = BTreeMap::new();
        for cue in &cues {
            if let Some(out) = output(cue) {
                *made.entry(out.sound).or_default() += 1;
                assert_eq!(sound_for(cue), Some(out.sound));
            } else {
                assert_eq!(sound_for(cue), None);
            }
        }
        let made: Vec<Sound> = made.into_keys().collect();
        assert_eq!(made, Sound::ALL, "every sound is some cue's");

        // The bell stands in for the cues a person must not miss, and rings with the alarm.
        let bells = |bell: Bell| -> Vec<Cue> {
            cues.iter()
                .copied()
                .filter(|c| output(c).is_some_and(|o| o.bell == bell))
                .collect()
        };
        assert_eq!(bells(Bell::WhenSilent).len(), 7);
        assert_eq!(
            bells(Bell::Always),
            [Cue::LongStepAlarm { step: 0, count: 1 }]
        );
        assert!(Bell::WhenSilent.rings(false) && !Bell::WhenSilent.rings(true));
        assert!(Bell::Always.rings(true) && !Bell::Never.rings(false));
    }

    #[test]
    fn every_sound_is_in_the_sound_table_once_and_in_order() {
        // The audio shell's per-sound arrays (the embedded chimes, the decoded clips, the
        // clips in the device's format, each sound's last start) are typed
        // `[_; Sound::COUNT]`: a compile-time fact, so a new line in the table resizes
        // them all. They are indexed with `Sound::index`; this ties the two together.
        assert_eq!(Sound::COUNT, Sound::ALL.len());
        for (i, sound) in Sound::ALL.into_iter().enumerate() {
            assert_eq!(sound.index(), i, "{sound}");
            assert_eq!(Sound::from_key(sound.key()), Some(sound));
            assert_eq!(sound.file(), format!("{}.wav", sound.key()));
            assert!(!sound.length().is_zero());
        }
        let keys: std::collections::BTreeSet<_> = Sound::ALL.map(Sound::key).into();
        let names: std::collections::BTreeSet<_> = Sound::ALL.map(Sound::name).into();
        assert_eq!((keys.len(), names.len()), (Sound::COUNT, Sound::COUNT));
        let late: Vec<Sound> = Sound::ALL
            .into_iter()
            .filter(|s| s.plays_when_late())
            .collect();
        assert_eq!(
            late,
            [Sound::StepEnd, Sound::SessionComplete, Sound::Alarm],
            "the cues that matter whenever they come"
        );
    }
}
