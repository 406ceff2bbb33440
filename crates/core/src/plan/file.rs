//! `plan.ron`, the text: what it may say, and the checks on it, with every problem's line,
//! column and field (`plan.ron:6:22: routines[1].routine: there is no routine "cor"; did
//! you mean "core"?`). Pure: text in, a [`Plan`] or the problems out; the store reads the
//! file and never writes over it because of a problem.
//!
//! ```ron
//! (
//!     name: "Easing back in",
//!     weeks: 4,                 // 1 to 52
//!     start: "2026-12-07",      // optional: without it the weeks are the last 4 calendar weeks
//!     routines: [
//!         (routine: "five_stretches", days: "every day"),
//!         (routine: "desk_break", days: "mon-fri"),
//!         (routine: "morning", times_a_week: 3, from_week: 3),
//!     ],
//! )
//! ```

use std::fmt;

use serde::Deserialize;

use super::{Item, MAX_WEEKS, Plan, When};
use crate::remind::hours::parse_days;
use crate::routine::Library;
use crate::routine::load::{nearest_id, plain};
use crate::routine::positions::{Pos, PositionIndex};
use crate::text::{excerpt, is_unsafe};

/// The fields of a plan, in file order (for "did you mean").
pub const FIELDS: &[&str] = &["id", "name", "about", "weeks", "start", "routines"];
/// The fields of one of its routines.
pub const ITEM_FIELDS: &[&str] = &["routine", "days", "times_a_week", "from_week"];

/// A plan as written, before its checks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPlan {
    #[serde(default)]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub about: String,
    pub weeks: i64,
    #[serde(default)]
    pub start: Option<String>,
    pub routines: Vec<RawItem>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawItem {
    pub routine: String,
    #[serde(default)]
    pub days: Option<String>,
    #[serde(default)]
    pub times_a_week: Option<i64>,
    #[serde(default)]
    pub from_week: Option<i64>,
}

/// What is wrong with a plan file: one problem per line, `FILE:LINE:COLUMN: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    pub file: String,
    /// Line, column, message; in file order.
    pub problems: Vec<(usize, usize, String)>,
}

impl PlanError {
    /// The first problem's line (where an editor reopens).
    pub fn first_line(&self) -> Option<usize> {
        self.problems.first().map(|p| p.0).filter(|&l| l > 0)
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self
            .problems
            .iter()
            .map(|(line, column, message)| format!("{}:{line}:{column}: {message}", self.file))
            .collect();
        f.write_str(&lines.join("\n"))
    }
}

impl std::error::Error for PlanError {}

/// Parses a plan file's text; `file` names it in the problems. Every routine it names
/// must be in `library`.
pub fn parse(text: &str, file: &str, library: &Library) -> Result<Plan, PlanError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawPlan = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .map_err(|e| PlanError {
            file: file.to_string(),
            problems: vec![(
                e.span.start.line,
                e.span.start.col,
                plain(&message(&e.code)),
            )],
        })?;
    check(&raw, &PositionIndex::index(text), library).map_err(|problems| PlanError {
        file: file.to_string(),
        problems,
    })
}

/// ron's message, with the fields named where a field is unknown.
fn message(code: &ron::Error) -> String {
    match code {
        ron::Error::NoSuchStructField { found, .. } => {
            let near = nearest_id(found, FIELDS.iter().chain(ITEM_FIELDS).copied())
                .map_or(String::new(), |n| format!("; did you mean `{n}`?"));
            format!(
                "unknown field `{found}`{near}; a plan has {}, and each of its routines {}",
                FIELDS.join(", "),
                ITEM_FIELDS.join(", ")
            )
        }
        ron::Error::MissingStructField { field, .. } => {
            format!("`{field}` is missing")
        }
        ron::Error::DuplicateStructField { field, .. } => format!("`{field}` is set twice"),
        other => other.to_string(),
    }
}

/// Every problem with a plan read without syntax errors, each at its field's position.
fn check(
    raw: &RawPlan,
    at: &PositionIndex<'_>,
    library: &Library,
) -> Result<Plan, Vec<(usize, usize, String)>> {
    let mut problems = Vec::new();
    let mut say = |path: &str, message: String| {
        let Pos { line, column } = at.get(path).unwrap_or(Pos { line: 1, column: 1 });
        problems.push((line, column, format!("{path}: {message}")));
    };
    for (field, value) in [("id", &raw.id), ("name", &raw.name), ("about", &raw.about)] {
        if value.chars().any(is_unsafe) {
            say(
                field,
                "holds a control character; write plain text".to_string(),
            );
        }
    }
    if raw.name.trim().is_empty() {
        say("name", "a plan needs a name".to_string());
    }
    let weeks = match u32::try_from(raw.weeks) {
        Ok(w @ 1..=MAX_WEEKS) => w,
        _ => {
            say(
                "weeks",
                format!("{} weeks: a plan runs 1 to {MAX_WEEKS} weeks", raw.weeks),
            );
            1
        }
    };
    let start = raw.start.as_deref().and_then(|s| match s.parse() {
        Ok(date) if s.len() == 10 => Some(date),
        _ => {
            say(
                "start",
                format!(
                    "{} is not a date; write it as \"YYYY-MM-DD\", like \"2026-12-07\"",
                    excerpt(s)
                ),
            );
            None
        }
    });
    if raw.routines.is_empty() {
        say(
            "routines",
            "a plan needs at least one routine, like (routine: \"morning\", days: \"every day\")"
                .to_string(),
        );
    }
    let mut items = Vec::new();
    for (i, item) in raw.routines.iter().enumerate() {
        let here = |field: &str| format!("routines[{i}].{field}");
        if library.routine(&item.routine).is_none() {
            let near = library.did_you_mean(&item.routine);
            say(
                &here("routine"),
                format!(
                    "there is no routine {}{near}; `backease list` shows them all",
                    excerpt(&item.routine)
                ),
            );
        }
        let when = match (&item.days, item.times_a_week) {
            (Some(_), Some(_)) => {
                say(
                    &here("times_a_week"),
                    "give `days` or `times_a_week`, not both".to_string(),
                );
                None
            }
            (None, None) => {
                say(
                    &format!("routines[{i}]"),
                    "say when: `days: \"mon-fri\"` or `times_a_week: 3`".to_string(),
                );
                None
            }
            (Some(days), None) => match parse_days(days) {
                Ok(bits) => Some(When::Days(bits)),
                Err(why) => {
                    say(&here("days"), plain(&why));
                    None
                }
            },
            (None, Some(n)) => match u32::try_from(n) {
                Ok(n @ 1..=7) => Some(When::PerWeek(n)),
                _ => {
                    say(
                        &here("times_a_week"),
                        format!(
                            "{n} times a week: give 1 to 7 (for every day, `days: \"every day\"`)"
                        ),
                    );
                    None
                }
            },
        };
        let from_week = match item.from_week {
            None => 1,
            Some(w) if (1..=i64::from(weeks)).contains(&w) => w as u32,
            Some(w) => {
                say(
                    &here("from_week"),
                    format!("week {w}: the plan's weeks are 1 to {weeks}"),
                );
                1
            }
        };
        if let Some(when) = when {
            items.push(Item {
                routine: item.routine.clone(),
                when,
                from_week,
            });
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| (p.0, p.1));
        return Err(problems);
    }
    Ok(Plan {
        id: raw.id.clone(),
        name: raw.name.clone(),
        about: raw.about.clone(),
        weeks,
        start,
        items,
    })
}

/// The text of `plan` as a file, with `start` set (what `backease plan use` writes).
pub fn to_text(plan: &Plan) -> String {
    let quote = |s: &str| ron::to_string(s).unwrap_or_else(|_| "\"\"".to_string());
    let mut out = String::from(
        "// backease's plan: which routines on which days, for how many weeks.\n\
         // `backease edit --plan` checks it; `backease plan off` stops following it.\n(\n",
    );
    if !plan.id.is_empty() {
        out.push_str(&format!("    id: {},\n", quote(&plan.id)));
    }
    out.push_str(&format!("    name: {},\n", quote(&plan.name)));
    if !plan.about.is_empty() {
        out.push_str(&format!("    about: {},\n", quote(&plan.about)));
    }
    out.push_str(&format!("    weeks: {},\n", plan.weeks));
    if let Some(start) = plan.start {
        out.push_str(&format!("    start: \"{start}\",\n"));
    }
    out.push_str("    routines: [\n");
    for item in &plan.items {
        let when = match item.when {
            When::Days(_) => format!("days: {}", quote(&item.when.text())),
            When::PerWeek(n) => format!("times_a_week: {n}"),
        };
        let from = if item.from_week > 1 {
            format!(", from_week: {}", item.from_week)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "        (routine: {}, {when}{from}),\n",
            quote(&item.routine)
        ));
    }
    out.push_str("    ],\n)\n");
    out
}
