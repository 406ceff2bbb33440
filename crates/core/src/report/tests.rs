//! The report's content from records (weekly averages, holds per rep, "this hurts"
//! marks, breaks by week, the span) and its page (every section, everything escaped,
//! no script, the chart's values as drawn).

use std::time::Duration;

use jiff::civil::{Date, date};

use super::*;
use crate::history::{SessionRecord, StepOutcome, StepRecord, Stiffness, WallTime};
use crate::remind::schedule::Day;
use crate::routine::load::shipped;

fn session(
    routine: &str,
    name: &str,
    day: Date,
    steps: &[(&str, StepOutcome, u64)],
    felt: (Option<u8>, Option<u8>),
) -> SessionRecord {
    let at = |m: u8| -> WallTime { format!("{day}T08:{m:02}:00+01:00").parse().expect("time") };
    SessionRecord {
        id: format!("{routine}-{day}"),
        routine: routine.into(),
        routine_name: name.into(),
        started: at(0),
        ended: at(10),
        finished: true,
        continues: None,
        sped_up: false,
        stiffness: Stiffness {
            before: felt.0,
            after: felt.1,
        },
        steps: steps
            .iter()
            .map(|(id, outcome, held)| StepRecord {
                exercise: (*id).into(),
                name: format!("{id} name"),
                outcome: *outcome,
                held: Duration::from_secs(*held),
                open_ended: false,
            })
            .collect(),
    }
}

fn records() -> Vec<SessionRecord> {
    use StepOutcome::*;
    vec![
        // Before the span: left out.
        session(
            "core",
            "Core",
            date(2026, 11, 1),
            &[("glute_bridge", Done, 75)],
            (Some(9), Some(9)),
        ),
        // Week of Nov 23: 6 → 4 and 4 → 3.
        session(
            "core",
            "Core",
            date(2026, 11, 24),
            &[("glute_bridge", Done, 75)],
            (Some(6), Some(4)),
        ),
        session(
            "core",
            "Core",
            date(2026, 11, 26),
            &[("glute_bridge", Done, 50), ("supine_twist", Painful, 6)],
            (Some(4), Some(3)),
        ),
        // Week of Nov 30: before only.
        session(
            "<script>x</script>",
            "<b>Mine</b> & \"yours\"",
            date(2026, 12, 1),
            &[("cat_cow", Done, 60), ("knee_to_chest", Painful, 3)],
            (Some(5), None),
        ),
    ]
}

fn report() -> Report {
    let lib = shipped();
    let mut day = Day::new(date(2026, 11, 25));
    day.due = 6;
    day.taken = 4;
    day.snoozed = 1;
    day.skipped = 1;
    day.reasons.add(crate::remind::schedule::Reason::Busy);
    day.reasons.add(crate::remind::schedule::Reason::InPain);
    day.reasons.add(crate::remind::schedule::Reason::Busy);
    build(Inputs {
        library: &lib,
        plan: None,
        records: &records(),
        days: &[day],
        since: date(2026, 11, 20),
        today: date(2026, 12, 3),
    })
}

#[test]
fn the_content_is_what_the_records_say() {
    let r = report();
    assert_eq!(r.sessions, 3);
    assert_eq!(r.minutes, 30);
    let weeks: Vec<(Date, Option<u32>, Option<u32>)> = r
        .weeks
        .iter()
        .map(|w| (w.monday, w.before_tenths, w.after_tenths))
        .collect();
    assert_eq!(
        weeks,
        [
            (date(2026, 11, 16), None, None),
            (date(2026, 11, 23), Some(50), Some(35)),
            (date(2026, 11, 30), Some(50), None),
        ]
    );
    // The bridge: 5 reps of 15 s; 75 s held is 15 s a rep, 50 s is 10 s: 12.5 → 13 s.
    let bridge = r
        .exercises
        .iter()
        .find(|e| e.exercise == "glute_bridge")
        .expect("done");
    assert_eq!(bridge.times, 2);
    assert_eq!(bridge.holds.len(), 1);
    assert_eq!(bridge.holds[0].seconds, 13);
    assert!(bridge.figure_alt.is_some());
    assert_eq!(r.hurts.len(), 2);
    assert_eq!(
        (r.hurts[0].date, r.hurts[0].exercise.as_str()),
        (date(2026, 11, 26), "supine_twist")
    );
    assert_eq!(
        (
            r.breaks.due,
            r.breaks.taken,
            r.breaks.snoozed,
            r.breaks.skipped
        ),
        (6, 4, 1, 1)
    );
    assert_eq!(r.breaks.weeks.len(), 1);
}

#[test]
fn the_page_has_every_section_escapes_everything_and_runs_nothing() {
    let page = html::page(&report(), &shipped());
    for id in html::SECTIONS {
        assert!(page.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    assert!(!page.to_lowercase().contains("<script"), "a script tag");
    assert!(!page.contains("<b>Mine"), "unescaped markup");
    assert!(page.contains("&lt;b&gt;Mine&lt;/b&gt; &amp; &quot;yours&quot;"));
    assert!(page.contains("default-src 'none'"));
    assert!(
        !page.contains("http://")
            || page.matches("http://").count()
                == page.matches("xmlns=\"http://www.w3.org/2000/svg\"").count(),
        "a link out"
    );
    // The chart's weekly points carry the averages.
    assert!(page.contains("class=\"avg before\" data-week=\"2026-11-23\" data-value=\"5.0\""));
    assert!(page.contains("class=\"avg after\" data-week=\"2026-11-23\" data-value=\"3.5\""));
    assert!(page.contains("<figure data-exercise=\"glute_bridge\">"));
}

#[test]
fn since_reads_weeks_days_and_dates() {
    let today = date(2026, 12, 7);
    assert_eq!(parse_since("6w", today), Ok(date(2026, 10, 27)));
    assert_eq!(parse_since("1d", today), Ok(today));
    assert_eq!(parse_since("2026-10-01", today), Ok(date(2026, 10, 1)));
    for bad in ["6", "w", "-2w", "0d", "2026/10/01", "lots"] {
        assert!(parse_since(bad, today).is_err(), "{bad}");
    }
}

#[test]
fn the_reasons_given_for_putting_a_break_off_are_counted_and_shown() {
    let r = report();
    assert_eq!(r.breaks.reasons, ["busy: 2", "in pain: 1"]);
    let page = crate::report::html::page(&r, &shipped());
    assert!(page.contains("<li>busy: 2</li>"), "{page}");
    assert!(page.contains("<li>in pain: 1</li>"), "{page}");
    assert!(!page.contains("No reason was given"));
}
