//! `backease list`: one routine per line: id, name, steps, total time, equipment. The
//! table is a plain function of the library ([`table`]), tested without files. Cells are
//! escaped and padded by hand (`crate::text`): no name of any length panics the table.
//! `backease list --json` prints the same facts as JSON ([`json`]; the shape is in the
//! README's "Machine-readable output" and stays as it is while `format` is 1). Both list
//! the routines in the menu's order: favourites first ([`favourites_first`]).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Serialize;

use super::error::Result;
use super::inputs::{library_noting, preferences};
use super::output::Output;
use crate::app::Picks;
use crate::cli::Cli;
use crate::routine::{LeadIns, Library, Routine, duration::approx_total};
use crate::text::escape;
use crate::ui::text::{pad, pad_left, width};

/// The library in the menu's order: the favourites first, each group in the library's
/// order (the menu's `Picks::arrange`, with nothing filtered out).
pub fn favourites_first(library: &mut Library, favourites: &BTreeSet<String>) {
    let picks = Picks {
        favourites: favourites.clone(),
        ..Picks::default()
    };
    let order = picks.arrange(&library.routines, (0..library.routines.len()).collect());
    let mut routines: Vec<Option<Routine>> = std::mem::take(&mut library.routines)
        .into_iter()
        .map(Some)
        .collect();
    library.routines = order
        .into_iter()
        .filter_map(|i| routines.get_mut(i).and_then(Option::take))
        .collect();
}

/// The library as the menu lists it; a favourites file that does not read is a note.
fn library_in_menu_order(cli: &Cli) -> Result<(Library, Vec<String>)> {
    let (mut library, mut notices) = library_noting(cli)?;
    match crate::store::favourites::load() {
        Ok(favourites) => favourites_first(&mut library, &favourites),
        Err(why) => notices.push(why),
    }
    Ok((library, notices))
}

/// Reads the library and the preferences (for the lead-in a total includes).
pub fn run(cli: &Cli) -> Result<Output> {
    let (library, notices) = library_in_menu_order(cli)?;
    let lead_ins = preferences(cli).0.session_config().lead_ins();
    let mut out = Output::text(table(&library, lead_ins));
    for notice in notices {
        out.stderr.push_str(&format!("note: {notice}\n"));
    }
    Ok(out)
}

/// `backease list --json`.
pub fn run_json(cli: &Cli) -> Result<Output> {
    let (library, notices) = library_in_menu_order(cli)?;
    let lead_ins = preferences(cli).0.session_config().lead_ins();
    let mut out = Output::text(json(&library, lead_ins));
    // Standard output stays one JSON document; the note goes where people read it.
    for notice in notices {
        out.stderr.push_str(&format!("note: {notice}\n"));
    }
    Ok(out)
}

/// The shape of `list --json`, `format` 1.
#[derive(Debug, Serialize)]
struct ListJson<'a> {
    format: u32,
    routines: Vec<RoutineJson<'a>>,
}

#[derive(Debug, Serialize)]
struct RoutineJson<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    steps: usize,
    /// The routine's length with the lead-ins, untimed steps counted as nothing.
    seconds: SecondsJson,
    /// What `list` shows in its TIME column ("35–41 min", "12 min+").
    time: String,
    /// Some step has no timer (it waits for Enter), so the routine may take longer.
    untimed: bool,
    equipment: Vec<String>,
}

#[derive(Debug, Serialize)]
struct SecondsJson {
    min: u64,
    max: u64,
}

/// `backease list --json`: the routines with their facts, as JSON (one document, then a
/// newline).
pub fn json(lib: &Library, lead_ins: LeadIns) -> String {
    let routines = lib
        .routines
        .iter()
        .map(|r| {
            let total = r.total(lead_ins);
            let mut time = approx_total(total);
            if r.has_untimed() {
                time.push('+');
            }
            RoutineJson {
                id: &r.id,
                name: &r.name,
                description: &r.description,
                steps: r.steps.len(),
                seconds: SecondsJson {
                    min: total.min.as_secs(),
                    max: total.max.as_secs(),
                },
                time,
                untimed: r.has_untimed(),
                equipment: r.equipment(),
            }
        })
        .collect();
    super::output::json(&ListJson {
        format: 1,
        routines,
    })
}

/// `backease list`: one routine per line: id, name, steps, total time, equipment.
/// `lead_ins`: a plain `Duration` is the lead-in with the default times for moving.
pub fn table(lib: &Library, lead_ins: impl Into<LeadIns>) -> String {
    let lead_ins = lead_ins.into();
    let rows: Vec<[String; 5]> = lib
        .routines
        .iter()
        .map(|r| {
            let mut total = approx_total(r.total(lead_ins));
            if r.has_untimed() {
                total.push('+');
            }
            let steps = match r.steps.len() {
                1 => "1 step".to_string(),
                n => format!("{n} steps"),
            };
            let equipment = r.equipment();
            let equipment = if equipment.is_empty() {
                "-".to_string()
            } else {
                equipment.join(", ")
            };
            [
                escape(&r.id).into_owned(),
                escape(&r.name).into_owned(),
                steps,
                total,
                escape(&equipment).into_owned(),
            ]
        })
        .collect();
    let header = [
        "ID".to_string(),
        "NAME".to_string(),
        "STEPS".to_string(),
        "TIME".to_string(),
        "EQUIPMENT".to_string(),
    ];
    let column = |i: usize| {
        std::iter::once(&header)
            .chain(&rows)
            .map(|r| width(&r[i]))
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..4).map(column).collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {}",
            pad(&row[0], widths[0]),
            pad(&row[1], widths[1]),
            pad_left(&row[2], widths[2]),
            pad_left(&row[3], widths[3]),
            row[4],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::load;

    #[test]
    fn list_shows_every_shipped_routine_with_its_time_and_equipment() {
        let text = table(&load::shipped(), crate::routine::DEFAULT_LEAD_IN);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("ID"));
        assert_eq!(lines.len(), 1 + load::shipped().routines.len());
        let spa = lines
            .iter()
            .find(|l| l.starts_with("spa "))
            .expect("the spa routine is listed");
        assert!(spa.contains("Ball drape and bath"), "{spa}");
        assert!(spa.contains("4 steps"), "{spa}");
        assert!(spa.contains("34–40 min+"), "{spa}");
        assert!(spa.contains("exercise ball, foam roller, bath"), "{spa}");
        let decompress = lines
            .iter()
            .find(|l| l.starts_with("decompress "))
            .expect("decompress is listed");
        assert!(
            decompress.contains("min+"),
            "open-ended wall squat: {decompress}"
        );
    }
}
