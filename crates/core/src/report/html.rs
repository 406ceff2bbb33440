//! The report as one self-contained HTML page: no scripts, no network (a
//! Content-Security-Policy that allows neither), the charts as inline SVG, a style sheet
//! that reads on a phone (a single column from 320 px up; nothing wider than the screen)
//! and prints on A4 or Letter (`@page` margins, no dark backgrounds, tables and figures
//! kept whole). Every text from a file (routine and exercise names, the plan's, a
//! figure's alt text) goes through [`crate::text::markup`]. Pure: a string out.
//!
//! The charts carry their values as `data-` attributes (`data-week`, `data-value`), so a
//! test can read back what was drawn and compare it with the history.

use std::fmt::Write as _;

use jiff::civil::Date;

use super::{ABOUT_NUMBERS, MOST_DOTS, Report};
use crate::figure;
use crate::routine::Library;
use crate::routine::duration::short;
use crate::text::markup as m;

/// The section ids, in page order: every one is always there (with a sentence saying
/// there is nothing to show when there is not).
pub const SECTIONS: &[&str] = &[
    "numbers",
    "plan",
    "stiffness",
    "exercises",
    "hurts",
    "breaks",
    "figures",
];

const STYLE: &str = "\
*{box-sizing:border-box}\
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\
body{margin:0;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:#1a1a1a;background:#fff}\
main{max-width:52rem;margin:0 auto;padding:1rem}\
h1{font-size:1.5rem;margin:.2rem 0 .4rem}\
h2{font-size:1.2rem;margin:1.8rem 0 .5rem;padding-bottom:.2rem;border-bottom:1px solid #bbb}\
h3{font-size:1rem;margin:1rem 0 .3rem}\
p,li,td,th,figcaption,h1,h2,h3{overflow-wrap:anywhere}\
table{border-collapse:collapse;width:100%;font-size:.95rem;margin:.3rem 0}\
th,td{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #e0e0e0;vertical-align:top}\
th{font-weight:600;border-bottom:1px solid #999}\
.n{text-align:right;white-space:nowrap}\
.bar{background:#e6ecef;height:.75rem;min-width:2.5rem}\
.bar>span{display:block;height:100%;background:#1f6f8b}\
svg{max-width:100%;height:auto;display:block;overflow:hidden}\
.note{background:#f4f4ef;border-left:4px solid #8a8a7a;padding:.5rem .75rem}\
.muted{color:#555}\
.before{color:#a5361f}.after{color:#1f6f8b}\
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.75rem}\
figure{margin:0;border:1px solid #ddd;padding:.4rem;break-inside:avoid}\
figure svg{width:auto;max-width:100%;height:auto;max-height:10rem;margin:0 auto}\
figcaption{font-size:.85rem}\
ul{padding-left:1.2rem}td ul{margin:0}\
@media (max-width:30rem){body{font-size:15px}main{padding:.6rem}th,td{padding:.2rem .25rem}table{font-size:.88rem}}\
@media print{@page{margin:14mm}body{font-size:10.5pt}main{max-width:none;padding:0}h2{break-after:avoid}table,figure,svg,.note{break-inside:avoid}.figures{grid-template-columns:repeat(4,1fr)}}";

fn day(d: Date) -> String {
    d.strftime("%b %-d").to_string()
}

fn long_day(d: Date) -> String {
    d.strftime("%a %b %-d %Y").to_string()
}

fn tenths_text(t: u32) -> String {
    format!("{}.{}", t / 10, t % 10)
}

/// The page for `report`; `library` gives the exercises' figures.
pub fn page(report: &Report, library: &Library) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = format!(
        "Back exercise report, {} – {}",
        long_day(report.since),
        long_day(report.until)
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"color-scheme\" content=\"light\">\n\
         <meta name=\"generator\" content=\"backease\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        m(&title)
    );
    let _ = write!(
        out,
        "<header>\n<h1>Back exercise report</h1>\n<p>{} to {}: {} session{}, {} in all. Made by backease, a home exercise timer.</p>\n</header>\n",
        m(&long_day(report.since)),
        m(&long_day(report.until)),
        report.sessions,
        if report.sessions == 1 { "" } else { "s" },
        m(&short(std::time::Duration::from_secs(report.minutes * 60)))
    );
    let _ = write!(
        out,
        "<section id=\"numbers\">\n<p class=\"note\"><strong>What these numbers are.</strong> {}</p>\n</section>\n",
        m(ABOUT_NUMBERS)
    );
    plan(&mut out, report);
    stiffness(&mut out, report);
    exercises(&mut out, report);
    hurts(&mut out, report);
    breaks(&mut out, report);
    figures(&mut out, report, library);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn plan(out: &mut String, r: &Report) {
    out.push_str("<section id=\"plan\">\n<h2>The plan, and how much of it was kept</h2>\n");
    let Some(p) = &r.plan else {
        out.push_str("<p>No plan was in use.</p>\n</section>\n");
        return;
    };
    let _ = write!(
        out,
        "<p><strong>{}</strong>, {} weeks{}.",
        m(&p.name),
        p.weeks,
        p.start
            .map(|d| format!(" from {}", m(&long_day(d))))
            .unwrap_or_default()
    );
    if !p.about.is_empty() {
        let _ = write!(out, " {}", m(&p.about));
    }
    out.push_str("</p>\n<ul>\n");
    for line in &p.routines {
        let _ = writeln!(out, "<li>{}</li>", m(line));
    }
    out.push_str("</ul>\n");
    if p.kept.is_empty() {
        out.push_str("<p>The plan had not started by the report's last day.</p>\n");
    } else {
        out.push_str(
            "<table class=\"kept\">\n<thead><tr><th>Week</th><th>Days</th><th class=\"n\">Done of planned</th><th class=\"n\">Kept</th><th>&#160;</th></tr></thead>\n<tbody>\n",
        );
        for w in &p.kept {
            let pct = w.percent();
            let _ = writeln!(
                out,
                "<tr data-week=\"{}\" data-planned=\"{}\" data-done=\"{}\"><td>{}{}</td><td>{} – {}</td><td class=\"n\">{} of {}</td><td class=\"n\">{}</td><td><div class=\"bar\"><span style=\"width:{}%\"></span></div></td></tr>",
                w.week,
                w.planned,
                w.done,
                w.week,
                if w.current { " (so far)" } else { "" },
                m(&day(w.first)),
                m(&day(w.last)),
                w.done,
                w.planned,
                pct.map_or_else(|| "–".to_string(), |p| format!("{p}%")),
                pct.unwrap_or(0).min(100)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if !p.holds.is_empty() {
        out.push_str("<h3>Holds under the plan</h3>\n<p class=\"muted\">A range step starts at its short end and moves toward the long end a notch a week only while no discomfort is reported; a “this hurts” moves it back.</p>\n<table class=\"holds\">\n<thead><tr><th>Exercise</th><th>Range</th><th>Week by week</th></tr></thead>\n<tbody>\n");
        let mut seen: Vec<&str> = Vec::new();
        for h in &p.holds {
            if seen.contains(&h.exercise.as_str()) {
                continue;
            }
            seen.push(&h.exercise);
            let weeks: Vec<String> = h
                .weeks
                .iter()
                .map(|c| {
                    format!(
                        "<li>week {}: {} ({})</li>",
                        c.week,
                        m(&short(c.hold)),
                        m(&c.why)
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td><ul>{}</ul></td></tr>",
                m(&h.name),
                m(&h.range.to_string()),
                weeks.join("")
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

/// The chart's size in its own units (it scales to the page's width).
const W: f64 = 640.0;
const H: f64 = 260.0;
const LEFT: f64 = 34.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 34.0;

fn stiffness(out: &mut String, r: &Report) {
    out.push_str("<section id=\"stiffness\">\n<h2>Stiffness before and after sessions</h2>\n");
    let answered: Vec<&super::WeekAverage> = r.weeks.iter().filter(|w| w.answered > 0).collect();
    if answered.is_empty() {
        out.push_str("<p>No check-in answers in these weeks.</p>\n</section>\n");
        return;
    }
    let n = r.weeks.len().max(1);
    let step = (W - LEFT - RIGHT) / n as f64;
    let x = |i: usize| LEFT + step * (i as f64 + 0.5);
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - v / 9.0);
    let _ = write!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-labelledby=\"chart-title\">\n<title id=\"chart-title\">Weekly average stiffness, before (red) and after (blue) sessions, 0 fine to 9 very stiff</title>\n"
    );
    for v in [0u8, 3, 6, 9] {
        let yy = y(f64::from(v));
        let _ = writeln!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{yy:.1}\" x2=\"{:.1}\" y2=\"{yy:.1}\" stroke=\"#ddd\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"end\" fill=\"#555\">{v}</text>",
            W - RIGHT,
            LEFT - 6.0,
            yy + 4.0
        );
    }
    // Week labels: at most eight, evenly spaced.
    let every = n.div_ceil(8).max(1);
    for (i, w) in r.weeks.iter().enumerate() {
        if i % every == 0 {
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"middle\" fill=\"#555\">{}</text>",
                x(i),
                H - 12.0,
                m(&day(w.monday))
            );
        }
    }
    // Single sessions, faint, when there are not too many.
    if r.checkins.len() <= MOST_DOTS {
        for c in &r.checkins {
            let monday = crate::history::progress::monday_of(c.date);
            let Some(i) = r.weeks.iter().position(|w| w.monday == monday) else {
                continue;
            };
            let dx = (f64::from(c.date.weekday().to_monday_zero_offset()) - 3.0) * step / 9.0;
            for (value, class, colour) in [
                (c.before, "before", "#a5361f"),
                (c.after, "after", "#1f6f8b"),
            ] {
                if let Some(v) = value {
                    let _ = writeln!(
                        out,
                        "<circle class=\"dot {class}\" data-date=\"{}\" data-value=\"{v}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{colour}\" fill-opacity=\"0.3\"/>",
                        c.date,
                        x(i) + dx,
                        y(f64::from(v))
                    );
                }
            }
        }
    }
    for (class, colour, pick) in [("before", "#a5361f", 0usize), ("after", "#1f6f8b", 1usize)] {
        let points: Vec<(usize, u32, Date)> = r
            .weeks
            .iter()
            .enumerate()
            .filter_map(|(i, w)| {
                let t = if pick == 0 {
                    w.before_tenths
                } else {
                    w.after_tenths
                };
                t.map(|t| (i, t, w.monday))
            })
            .collect();
        let line: Vec<String> = points
            .iter()
            .map(|&(i, t, _)| format!("{:.1},{:.1}", x(i), y(f64::from(t) / 10.0)))
            .collect();
        let _ = writeln!(
            out,
            "<polyline class=\"avg {class}\" points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"/>",
            line.join(" ")
        );
        for (i, t, monday) in points {
            let _ = writeln!(
                out,
                "<circle class=\"avg {class}\" data-week=\"{monday}\" data-value=\"{}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4.5\" fill=\"{colour}\"/>",
                tenths_text(t),
                x(i),
                y(f64::from(t) / 10.0)
            );
        }
    }
    out.push_str("</svg>\n<p class=\"muted\">Lines: the weekly averages, <span class=\"before\">● before</span> and <span class=\"after\">● after</span> a session; faint dots: single sessions. Higher is stiffer.</p>\n");
    out.push_str("<table class=\"weekly\">\n<thead><tr><th>Week of</th><th class=\"n\">Sessions</th><th class=\"n\">Before</th><th class=\"n\">After</th></tr></thead>\n<tbody>\n");
    for w in &r.weeks {
        let cell = |t: Option<u32>| t.map_or_else(|| "–".to_string(), tenths_text);
        let _ = writeln!(
            out,
            "<tr data-week=\"{}\"><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            w.monday,
            m(&day(w.monday)),
            w.sessions,
            cell(w.before_tenths),
            cell(w.after_tenths)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn exercises(out: &mut String, r: &Report) {
    out.push_str("<section id=\"exercises\">\n<h2>Exercises done</h2>\n");
    if r.exercises.is_empty() {
        out.push_str("<p>No exercises were done in these weeks.</p>\n</section>\n");
        return;
    }
    out.push_str("<p class=\"muted\">Holds: the time held per rep and side, averaged over the week’s sessions where the exercise ran to its end.</p>\n<table class=\"exercises\">\n<thead><tr><th>Exercise</th><th class=\"n\">Sessions</th><th class=\"n\">Hurt</th><th>Holds by week</th></tr></thead>\n<tbody>\n");
    for e in &r.exercises {
        let holds: Vec<String> = e
            .holds
            .iter()
            .map(|h| {
                format!(
                    "{} {}",
                    m(&day(h.monday)),
                    m(&short(std::time::Duration::from_secs(h.seconds)))
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<tr data-exercise=\"{}\"><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            m(&e.exercise),
            m(&e.name),
            e.times,
            e.hurt,
            if holds.is_empty() {
                "–".to_string()
            } else {
                holds.join(" · ")
            }
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn hurts(out: &mut String, r: &Report) {
    out.push_str("<section id=\"hurts\">\n<h2>“This hurts” marks</h2>\n");
    if r.hurts.is_empty() {
        out.push_str("<p>None in these weeks.</p>\n</section>\n");
        return;
    }
    out.push_str("<table class=\"hurts\">\n<thead><tr><th>Date</th><th>Exercise</th><th>Routine</th></tr></thead>\n<tbody>\n");
    for h in &r.hurts {
        let _ = writeln!(
            out,
            "<tr data-date=\"{}\" data-exercise=\"{}\"><td>{}</td><td>{}</td><td>{}</td></tr>",
            h.date,
            m(&h.exercise),
            m(&long_day(h.date)),
            m(&h.name),
            m(&h.routine_name)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn breaks(out: &mut String, r: &Report) {
    out.push_str("<section id=\"breaks\">\n<h2>Desk-mode breaks</h2>\n");
    let b = &r.breaks;
    if b.weeks.is_empty() {
        out.push_str("<p>Desk mode (<code>backease remind</code>) was not used in these weeks.</p>\n</section>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<p>{} breaks fell due: {} taken, {} snoozed, {} skipped.</p>",
        b.due, b.taken, b.snoozed, b.skipped
    );
    out.push_str("<table class=\"breaks\">\n<thead><tr><th>Week of</th><th class=\"n\">Due</th><th class=\"n\">Taken</th><th class=\"n\">Snoozed</th><th class=\"n\">Skipped</th></tr></thead>\n<tbody>\n");
    for w in &b.weeks {
        let _ = writeln!(
            out,
            "<tr data-week=\"{}\"><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            w.monday,
            m(&day(w.monday)),
            w.due,
            w.taken,
            w.snoozed,
            w.skipped
        );
    }
    out.push_str("</tbody>\n</table>\n");
    if b.reasons.is_empty() {
        out.push_str("<p class=\"muted\">No reason was given for a snooze or a skip.</p>\n");
    } else {
        out.push_str(
            "<p>Why a break was put off (asked after a skip or a second snooze; optional):</p>\n<ul>\n",
        );
        for reason in &b.reasons {
            let _ = writeln!(out, "<li>{}</li>", m(reason));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn figures(out: &mut String, r: &Report, library: &Library) {
    out.push_str("<section id=\"figures\">\n<h2>The exercises</h2>\n");
    let with: Vec<&crate::routine::Exercise> = r
        .exercises
        .iter()
        .filter_map(|e| library.exercise(&e.exercise))
        .filter(|x| !x.figure.is_empty())
        .collect();
    if with.is_empty() {
        out.push_str("<p>No figures for the exercises done.</p>\n</section>\n");
        return;
    }
    out.push_str("<div class=\"figures\">\n");
    for x in with {
        let Some((what, pose)) = figure::pictures(x).into_iter().next() else {
            continue;
        };
        let frame = figure::frame(x.figure.iter());
        let svg = figure::svg::document(&pose, frame, &format!("{} ({what})", x.name));
        let _ = write!(
            out,
            "<figure data-exercise=\"{}\">\n{}<figcaption><strong>{}</strong>: {}</figcaption>\n</figure>\n",
            m(&x.id),
            svg,
            m(&x.name),
            m(&x.description)
        );
    }
    out.push_str("</div>\n</section>\n");
}
