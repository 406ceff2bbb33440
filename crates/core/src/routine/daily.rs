//! "Warn once a day, not every hour": a routine's own safety notes show on its first step
//! the first time it runs on a day, not at every run (the desk break is meant to run
//! hourly). The menu's details always show them, and so does "this hurts". This module
//! keeps which routines showed them on which day, as text the store reads and writes.
//! Pure: the day is given, never read from a clock.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

/// The day each routine last showed its safety notes on screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotesShown(BTreeMap<String, Date>);

impl NotesShown {
    /// Reads the file's text. What does not read (a bad line, a bad date, another
    /// program's file) is left out: at worst the notes show once more.
    pub fn parse(text: &str) -> NotesShown {
        let map: BTreeMap<String, String> = ron::from_str(text).unwrap_or_default();
        NotesShown(
            map.into_iter()
                .filter_map(|(id, day)| Some((id, day.parse::<Date>().ok()?)))
                .collect(),
        )
    }

    /// The file's text: only `today`'s entries are kept (older ones no longer matter).
    pub fn to_text(&self, today: Date) -> String {
        let kept: BTreeMap<&str, String> = self
            .0
            .iter()
            .filter(|(_, day)| **day == today)
            .map(|(id, day)| (id.as_str(), day.to_string()))
            .collect();
        ron::to_string(&kept).unwrap_or_default()
    }

    /// True when `routine`'s notes have not shown yet on `today`.
    pub fn due(&self, routine: &str, today: Date) -> bool {
        self.0.get(routine) != Some(&today)
    }

    /// Notes that `routine`'s notes showed on `today`.
    pub fn mark(&mut self, routine: &str, today: Date) {
        self.0.insert(routine.to_string(), today);
    }

    /// The routines whose notes already showed on `today`.
    pub fn shown_on(&self, today: Date) -> BTreeSet<String> {
        self.0
            .iter()
            .filter(|(_, day)| **day == today)
            .map(|(id, _)| id.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn notes_are_due_once_a_day() {
        let today = date(2026, 11, 30);
        let mut shown = NotesShown::default();
        assert!(shown.due("desk_break", today));
        shown.mark("desk_break", today);
        assert!(!shown.due("desk_break", today));
        assert!(shown.due("spa", today));
        // The next day they are due again.
        assert!(shown.due("desk_break", date(2026, 12, 1)));
        // Through the file: only today's entries are kept.
        shown.mark("spa", date(2026, 11, 29));
        let text = shown.to_text(today);
        let back = NotesShown::parse(&text);
        assert!(!back.due("desk_break", today));
        assert!(back.due("spa", date(2026, 11, 29)));
        assert_eq!(back.shown_on(today), ["desk_break".to_string()].into());
    }

    #[test]
    fn a_file_that_does_not_read_shows_the_notes_again() {
        let today = date(2026, 11, 30);
        for text in ["", "garbage", "{\"desk_break\": \"yesterday\"}", "[1, 2]"] {
            assert!(NotesShown::parse(text).due("desk_break", today), "{text}");
        }
    }
}
