//! The plans backease ships, to start from (`backease plan`, `backease plan use ID`). Each
//! is built only from the articles' advice (docs/plan-and-report.md says which) and the
//! shipped routines: move every hour of sitting, stretch in the morning and at bedtime,
//! ease in after a long sedentary spell with short routines and the short end of each
//! range, keep at it. Written in the plan file's own format and read by its parser, so a
//! shipped plan is exactly what `backease plan use` writes.

use super::{Plan, file};
use crate::routine::Library;

/// Each shipped plan's text, as `plan.ron` would hold it.
pub const TEXTS: &[&str] = &[
    r#"(
    id: "easing_back_in",
    name: "Easing back in",
    about: "After a long spell of sitting: a short routine every day and a break each working hour for two weeks, then the morning routine three times a week. Holds start at the short end of their range.",
    weeks: 4,
    routines: [
        (routine: "five_stretches", days: "every day"),
        (routine: "desk_break", days: "mon-fri"),
        (routine: "morning", times_a_week: 3, from_week: 3),
    ],
)"#,
    r#"(
    id: "morning_and_bedtime",
    name: "Morning and bedtime",
    about: "Stretch when you get up and before you sleep, every day: the times the articles suggest.",
    weeks: 6,
    routines: [
        (routine: "morning", days: "every day"),
        (routine: "bedtime", days: "every day"),
    ],
)"#,
    r#"(
    id: "desk_days",
    name: "Desk days",
    about: "A break for every hour of sitting on working days, and the five stretches for a stiff back three times a week.",
    weeks: 4,
    routines: [
        (routine: "desk_break", days: "mon-fri"),
        (routine: "stiff_back", times_a_week: 3),
    ],
)"#,
    r#"(
    id: "stretch_and_core",
    name: "Stretch and core",
    about: "The five back stretches every day; from the second week, core work three times a week.",
    weeks: 6,
    routines: [
        (routine: "five_stretches", days: "every day"),
        (routine: "core", times_a_week: 3, from_week: 2),
    ],
)"#,
];

/// The shipped plans that read against `library` (all of them, with the shipped
/// routines; one whose routine a person's file removed is left out).
pub fn plans(library: &Library) -> Vec<Plan> {
    TEXTS
        .iter()
        .filter_map(|text| file::parse(text, "shipped plan", library).ok())
        .collect()
}

/// The shipped plan with this id.
pub fn plan(id: &str, library: &Library) -> Option<Plan> {
    plans(library).into_iter().find(|p| p.id == id)
}
