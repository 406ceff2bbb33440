//! Where the body is for an exercise (standing, on your back, over the ball, in the bath,
//! …): one table of positions, each with the words that tell a person where to go, and
//! how long a get-ready must be to get there from the step before. (Not to be confused
//! with [`super::positions`], which is about places in a file's text.) Pure: no I/O.

use std::time::Duration;

/// A body position, as an exercise names it in a routine file (`position: "on_back"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Position {
    Standing,
    Sitting,
    Walking,
    Kneeling,
    AllFours,
    OnBack,
    OnSide,
    FaceDown,
    OverBall,
    OnRoller,
    InBath,
    /// Lying or sitting, however is comfortable (heat, ice, slow breathing).
    Resting,
}

/// How far a position is from the floor: moving between levels takes longer than moving
/// from one floor position to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Standing, sitting or walking: where a person at the keyboard already is.
    Upright,
    /// On the floor (or on a ball or roller on the floor).
    Floor,
    /// In the bath.
    Bath,
    /// Wherever is comfortable: no time is added to get there.
    Any,
}

/// One row of the table: the word in files, the level, how it reads as a place ("on your
/// back, knees bent"), and what to do to get there ("Lie on your back, knees bent").
struct Entry {
    position: Position,
    word: &'static str,
    level: Level,
    place: &'static str,
    go: &'static str,
}

const TABLE: &[Entry] = &[
    Entry {
        position: Position::Standing,
        word: "standing",
        level: Level::Upright,
        place: "standing",
        go: "Stand up",
    },
    Entry {
        position: Position::Sitting,
        word: "sitting",
        level: Level::Upright,
        place: "sitting",
        go: "Sit down",
    },
    Entry {
        position: Position::Walking,
        word: "walking",
        level: Level::Upright,
        place: "up and walking",
        go: "Go for a walk",
    },
    Entry {
        position: Position::Kneeling,
        word: "kneeling",
        level: Level::Floor,
        place: "kneeling",
        go: "Kneel on the floor",
    },
    Entry {
        position: Position::AllFours,
        word: "all_fours",
        level: Level::Floor,
        place: "on hands and knees",
        go: "Come onto your hands and knees",
    },
    Entry {
        position: Position::OnBack,
        word: "on_back",
        level: Level::Floor,
        place: "lying on your back",
        go: "Lie down on your back",
    },
    Entry {
        position: Position::OnSide,
        word: "on_side",
        level: Level::Floor,
        place: "lying on your side",
        go: "Lie on your side",
    },
    Entry {
        position: Position::FaceDown,
        word: "face_down",
        level: Level::Floor,
        place: "face down",
        go: "Lie face down",
    },
    Entry {
        position: Position::OverBall,
        word: "over_ball",
        level: Level::Floor,
        place: "over the exercise ball",
        go: "Go to the exercise ball",
    },
    Entry {
        position: Position::OnRoller,
        word: "on_roller",
        level: Level::Floor,
        place: "on the foam roller",
        go: "Move to the foam roller",
    },
    Entry {
        position: Position::InBath,
        word: "in_bath",
        level: Level::Bath,
        place: "in the bath",
        go: "Get into the bath",
    },
    Entry {
        position: Position::Resting,
        word: "resting",
        level: Level::Any,
        place: "lying or sitting comfortably",
        go: "Settle in, lying or sitting",
    },
];

impl Position {
    /// Every position with its word, in table order.
    pub fn all() -> impl Iterator<Item = (Position, &'static str)> {
        TABLE.iter().map(|e| (e.position, e.word))
    }

    fn entry(self) -> &'static Entry {
        // The table has a row for every variant (a test checks it).
        TABLE
            .iter()
            .find(|e| e.position == self)
            .unwrap_or(&TABLE[0])
    }

    /// The position written `word` (`"on_back"`).
    pub fn from_word(word: &str) -> Option<Position> {
        TABLE
            .iter()
            .find(|e| e.word == word.trim())
            .map(|e| e.position)
    }

    /// As written in a file: `"on_back"`.
    pub fn word(self) -> &'static str {
        self.entry().word
    }

    pub fn level(self) -> Level {
        self.entry().level
    }

    /// The place in words: "on your back, knees bent".
    pub fn place(self) -> &'static str {
        self.entry().place
    }

    /// What to do to get there: "Lie on your back, knees bent".
    pub fn go(self) -> &'static str {
        self.entry().go
    }
}

/// Get-ready lengths: the plain one, and the longer ones a change of position needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeadIns {
    /// Before a hold when the position does not change (the `lead_in` preference).
    pub plain: Duration,
    /// Between the floor (or the bath) and standing or sitting, either way.
    pub up_down: Duration,
    /// From one floor position to another.
    pub floor: Duration,
}

/// Where a person is before the first step: at the keyboard.
pub const AT_THE_KEYBOARD: Position = Position::Sitting;

/// Default time to get between the floor and standing or sitting.
pub const DEFAULT_UP_DOWN: Duration = Duration::from_secs(15);
/// Default time to move from one floor position to another.
pub const DEFAULT_FLOOR_MOVE: Duration = Duration::from_secs(10);

impl Default for LeadIns {
    fn default() -> Self {
        LeadIns::from(super::DEFAULT_LEAD_IN)
    }
}

impl From<Duration> for LeadIns {
    /// The plain lead-in given, the default times for moving.
    fn from(plain: Duration) -> Self {
        LeadIns {
            plain,
            up_down: DEFAULT_UP_DOWN,
            floor: DEFAULT_FLOOR_MOVE,
        }
    }
}

impl LeadIns {
    /// The least time to get from `from` to `to` ([`AT_THE_KEYBOARD`] before the first
    /// step). A step with no position (a file may leave it out) asks for nothing more.
    pub fn to_move(&self, from: Option<Position>, to: Option<Position>) -> Duration {
        let (Some(from), Some(to)) = (from, to) else {
            return Duration::ZERO;
        };
        if from == to {
            return Duration::ZERO;
        }
        match (from.level(), to.level()) {
            (Level::Any, _) | (_, Level::Any) => Duration::ZERO,
            (Level::Upright, Level::Upright) => Duration::ZERO,
            (Level::Floor, Level::Floor) => self.floor,
            _ => self.up_down,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_position_has_one_row_and_its_word_reads_back() {
        for (p, word) in Position::all() {
            assert_eq!(Position::from_word(word), Some(p));
            assert_eq!(p.word(), word);
            assert!(!p.place().is_empty() && !p.go().is_empty());
        }
        assert_eq!(Position::all().count(), TABLE.len());
        assert_eq!(Position::from_word("upside_down"), None);
    }

    #[test]
    fn moving_takes_longer_between_levels_than_on_the_floor() {
        let l = LeadIns::default();
        use Position::*;
        let secs = Duration::from_secs;
        assert_eq!(l.to_move(Some(Standing), Some(OnBack)), secs(15));
        assert_eq!(l.to_move(Some(OnBack), Some(Standing)), secs(15));
        assert_eq!(l.to_move(Some(AllFours), Some(OnBack)), secs(10));
        assert_eq!(l.to_move(Some(OnBack), Some(OnBack)), secs(0));
        assert_eq!(l.to_move(Some(Standing), Some(Sitting)), secs(0));
        assert_eq!(l.to_move(Some(Standing), Some(InBath)), secs(15));
        assert_eq!(l.to_move(Some(OnBack), Some(Resting)), secs(0));
        assert_eq!(l.to_move(Some(AT_THE_KEYBOARD), Some(Kneeling)), secs(15));
        assert_eq!(l.to_move(Some(AT_THE_KEYBOARD), Some(Standing)), secs(0));
        // Unknown positions ask for nothing more.
        assert_eq!(l.to_move(Some(Standing), None), secs(0));
        assert_eq!(l.to_move(None, Some(OnBack)), secs(0));
    }
}
