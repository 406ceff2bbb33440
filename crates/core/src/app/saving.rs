//! When a running session hands out its standing for saving between step changes
//! ([`Effect::Progress`]: every `save_every` while time counts, so a long hold or an
//! alarm nobody answers is never lost to a kill), and when the loop must next wake for
//! it. A save is made at the last wake-up before it falls due rather than at a wake-up
//! of its own: a save due a fraction of a millisecond after a whole second used to wake
//! the loop twice every five seconds. Pure: `now` is passed in.

use std::time::Instant;

use super::{Effect, Running};

impl Running {
    /// When the loop must wake next: the next change on screen, or a save due before.
    pub fn next_wake(&self, now: Instant) -> Option<Instant> {
        [self.next_sight(now), self.save_due()]
            .into_iter()
            .flatten()
            .min()
    }

    /// When the standing is next due to be saved: while time counts, every
    /// `save_every`.
    pub(super) fn save_due(&self) -> Option<Instant> {
        let s = &self.session;
        (!s.is_paused() && !s.is_finished()).then(|| self.saved + self.save_every)
    }

    /// The next moment the screen changes: the engine's next change or a flash's end.
    fn next_sight(&self, now: Instant) -> Option<Instant> {
        let flash = self.flash.as_ref().map(|f| f.until).filter(|t| *t > now);
        [self.session.next_change(now), flash]
            .into_iter()
            .flatten()
            .min()
    }

    /// True when the standing should be saved at `now`: it is due, or it falls due
    /// before the screen next changes (so never later than `save_every`).
    fn save_now(&self, now: Instant) -> bool {
        self.save_due()
            .is_some_and(|due| due <= now || self.next_sight(now).is_some_and(|sight| sight > due))
    }

    /// After an update at `now` that produced `effects`: adds the standing for saving
    /// when it is time, and notes when it was last handed out (a step change hands it
    /// out anyway).
    pub(super) fn save_between_steps(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        let saving = effects.iter().any(|e| matches!(e, Effect::Progress(_)));
        if !saving && self.save_now(now) {
            effects.push(Effect::Progress(self.standing(now)));
            self.saved = now;
        } else if saving {
            self.saved = now;
        }
    }
}
