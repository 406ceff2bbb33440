//! `backease plan [--json]`, `backease plan use ID`, `backease plan off` (issue 28): the
//! shipped plans with their ids, the plan in use (today's part, the weeks kept, this
//! week's holds), taking a shipped plan from today, and stopping. The text is built by
//! plain functions of the data ([`text`]); the plan's logic is the core's
//! ([`crate::plan`]); the file is `store::plan`'s.

use jiff::civil::Date;
use serde::Serialize;

use super::error::{Error, Result};
use super::inputs::library_noting;
use super::output::{Output, json};
use crate::cli::Cli;
use crate::history::SessionRecord;
use crate::plan::{self, Hold, Plan, Today, WeekKept};
use crate::routine::Library;
use crate::store;
use crate::text::escape;

/// What `backease plan` shows, as data (also its `--json`).
#[derive(Debug, Serialize)]
pub struct Listing {
    pub format: u32,
    pub plans: Vec<PlanJson>,
    /// The plan in use, with where it is today.
    pub in_use: Option<InUse>,
    /// Why the plan file is not followed (its problems, one per line).
    pub problem: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PlanJson {
    pub id: String,
    pub name: String,
    pub about: String,
    pub weeks: u32,
    pub start: Option<String>,
    pub routines: Vec<ItemJson>,
}

#[derive(Debug, Serialize)]
pub struct ItemJson {
    pub routine: String,
    pub name: String,
    pub when: String,
    pub from_week: u32,
}

#[derive(Debug, Serialize)]
pub struct InUse {
    pub plan: PlanJson,
    pub today: Today,
    pub weeks: Vec<WeekKept>,
    pub holds: Vec<Hold>,
}

pub fn plan_json(p: &Plan, library: &Library) -> PlanJson {
    PlanJson {
        id: p.id.clone(),
        name: p.name.clone(),
        about: p.about.clone(),
        weeks: p.weeks,
        start: p.start.map(|d| d.to_string()),
        routines: p
            .items
            .iter()
            .map(|i| ItemJson {
                routine: i.routine.clone(),
                name: library
                    .routine(&i.routine)
                    .map_or_else(|| i.routine.clone(), |r| r.name.clone()),
                when: i.when.text(),
                from_week: i.from_week,
            })
            .collect(),
    }
}

/// The listing as of `today`, from the library, the plan file's outcome and history.
pub fn listing(
    library: &Library,
    in_use: &std::result::Result<Option<Plan>, String>,
    records: &[SessionRecord],
    today: Date,
) -> Listing {
    let (in_use, problem) = match in_use {
        Ok(Some(p)) => (
            Some(InUse {
                plan: plan_json(p, library),
                today: plan::today(p, library, records, today),
                weeks: plan::weeks_kept(p, records, today),
                holds: plan::holds(p, library, records, today),
            }),
            None,
        ),
        Ok(None) => (None, None),
        Err(e) => (None, Some(e.clone())),
    };
    Listing {
        format: 1,
        plans: plan::shipped::plans(library)
            .iter()
            .map(|p| plan_json(p, library))
            .collect(),
        in_use,
        problem,
    }
}

fn day(text: &str) -> String {
    text.parse::<Date>().map_or_else(
        |_| text.to_string(),
        |d| d.strftime("%a %b %-d").to_string(),
    )
}

/// `backease plan` as text.
pub fn text(l: &Listing) -> String {
    let mut out = String::from("Plans to start from (`backease plan use ID`):\n");
    let id_w = l
        .plans
        .iter()
        .map(|p| p.id.chars().count())
        .max()
        .unwrap_or(0);
    for p in &l.plans {
        out.push_str(&format!(
            "  {:<id_w$}  {} · {} weeks\n",
            escape(&p.id),
            escape(&p.name),
            p.weeks
        ));
        for i in &p.routines {
            let from = if i.from_week > 1 {
                format!(" from week {}", i.from_week)
            } else {
                String::new()
            };
            out.push_str(&format!(
                "  {:<id_w$}    {} {}{from}\n",
                "",
                escape(&i.name),
                i.when
            ));
        }
    }
    if let Some(problem) = &l.problem {
        out.push_str(&format!(
            "\nYour plan is not followed until it is fixed (`backease edit --plan`):\n{}\n",
            escape(problem)
        ));
    }
    let Some(u) = &l.in_use else {
        if l.problem.is_none() {
            out.push_str("\nNo plan in use.\n");
        }
        return out;
    };
    out.push_str(&format!("\nIn use: {}", escape(&u.plan.name)));
    match &u.today {
        Today::Running { week, weeks, .. } => {
            out.push_str(&format!(", week {week} of {weeks}\n"));
            out.push_str(&format!("Today: {}\n", escape(&u.today.line(false))));
        }
        other => out.push_str(&format!(" ({})\n", other.line(false))),
    }
    if !u.weeks.is_empty() {
        out.push_str("Kept, week by week:\n");
        for w in &u.weeks {
            out.push_str(&format!(
                "  week {:<2} {:>10} – {:<10} {:>3} of {:<3} {:>5}{}\n",
                w.week,
                day(&w.first.to_string()),
                day(&w.last.to_string()),
                w.done,
                w.planned,
                w.percent()
                    .map_or_else(|| "–".to_string(), |p| format!("{p}%")),
                if w.current { "  (so far)" } else { "" }
            ));
        }
    }
    if !u.holds.is_empty() {
        out.push_str("Holds this week:\n");
        let mut seen = Vec::new();
        for h in &u.holds {
            if seen.contains(&h.exercise) {
                continue;
            }
            seen.push(h.exercise.clone());
            out.push_str(&format!(
                "  {} ({}): {}\n",
                escape(&h.name),
                h.range,
                escape(&h.note)
            ));
        }
    }
    out
}

/// `backease plan [--json]`.
pub fn run(cli: &Cli, as_json: bool) -> Result<Output> {
    let (library, notices) = library_noting(cli)?;
    let in_use = store::plan::load(&library);
    let loaded = store::history::load();
    let today = store::history::now().local_date();
    let l = listing(&library, &in_use, &loaded.records, today);
    let mut out = Output::text(if as_json { json(&l) } else { text(&l) });
    for notice in notices {
        out.stderr.push_str(&format!("note: {notice}\n"));
    }
    Ok(out)
}

/// `backease plan use ID`: the shipped plan from today (`store::plan::take_shipped`,
/// which the menu's plan picker uses too).
pub fn use_plan(cli: &Cli, id: &str) -> Result<Output> {
    let (library, _) = library_noting(cli)?;
    let today = store::history::now().local_date();
    let store::plan::Taken { plan: chosen, kept } = store::plan::take_shipped(&library, id, today)
        .map_err(|message| Error::Plan { message })?;
    let mut text = format!(
        "Following {} from today ({}) for {} weeks. `backease` opens on today's part; \
         `backease plan` shows it.\n",
        escape(&chosen.name),
        today.strftime("%a %b %-d"),
        chosen.weeks
    );
    if let Some(kept) = kept {
        text.push_str(&format!(
            "The plan you had is kept in {}.\n",
            escape(&kept.display().to_string())
        ));
    }
    Ok(Output::text(text))
}

/// `backease plan off`.
pub fn off() -> Result<Output> {
    let kept = store::plan::off().map_err(|e| Error::Plan {
        message: format!("could not stop the plan: {e}"),
    })?;
    Ok(Output::text(match kept {
        Some(kept) => format!(
            "No plan followed now. The plan is kept in {} (copy it back to plan.ron to \
             follow it again).\n",
            escape(&kept.display().to_string())
        ),
        None => "No plan was in use.\n".to_string(),
    }))
}
