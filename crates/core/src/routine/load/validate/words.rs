//! Fields written as one word of a table: `position` (the body positions of
//! [`crate::routine::body`]), with the nearest word suggested for a typo.

use super::super::{Problems, nearest, quote};
use crate::routine::Position;

/// `position` of the item at `path`: one of the words of [`Position::all`].
pub(super) fn position(report: &mut Problems, path: &str, word: &str) -> Option<Position> {
    let found = Position::from_word(word);
    if found.is_none() {
        let allowed: Vec<String> = Position::all().map(|(_, w)| format!("{w:?}")).collect();
        let hint = match nearest(word, Position::all().map(|(_, w)| w)) {
            Some(near) => format!("did you mean {}? ", quote(near)),
            None => String::new(),
        };
        report.at(
            &format!("{path}.position"),
            format!(
                "position {} is not a position; {hint}write one of {}",
                quote(word),
                allowed.join(", ")
            ),
        );
    }
    found
}
