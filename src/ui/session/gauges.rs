//! The two gauges: the step's (its bar, range mark and what the person may do) and the
//! session's (how far along, and the time left in the words the menu uses). Each label
//! has shorter forms for narrow panes; the bar keeps a few columns. Pure drawing.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::super::text::{fit, width};
use super::super::{Bar, Theme};
use crate::app::Running;
use crate::routine::TimeRange;
use crate::routine::duration::{approx_open, clock};
use crate::session::{Phase, Status};

/// Columns a bar keeps beside its label when there is a bar at all.
const MIN_BAR: usize = 8;

/// "in 9 s", "in 9:59": as the countdown shows it (whole seconds rounded up).
fn release_in(left: Duration) -> String {
    let secs = left.as_nanos().div_ceil(1_000_000_000) as u64;
    if secs < 60 {
        format!("in {secs} s")
    } else {
        format!("in {}", clock(Duration::from_secs(secs)))
    }
}

/// The step gauge's label, longest form first.
fn step_labels(s: &Status) -> Vec<String> {
    match (s.phase, s.length) {
        (Phase::Hold, Some(len)) if len.is_range() => match s.until_min {
            Some(left) => vec![
                format!("{len} · release {}", release_in(left)),
                format!("release {}", release_in(left)),
            ],
            None => vec![
                format!("{len} · you may release (Enter)"),
                "you may release (Enter)".to_string(),
                "release: Enter".to_string(),
            ],
        },
        (_, Some(len)) => vec![TimeRange::fixed(len.max).to_string()],
        (Phase::OpenHold, None) => vec![
            "counting up · Enter when done".to_string(),
            "Enter when done".to_string(),
        ],
        (Phase::WaitForUser, None) => vec![
            "no timer · Enter when done".to_string(),
            "Enter when done".to_string(),
        ],
        (Phase::Alarm, None) => vec![format!("over by {}", clock(s.elapsed))],
        _ => Vec::new(),
    }
}

/// A bar on the left and the first of `labels` that fits on the right (the last one cut
/// with `…` if none does). Without a bar the label has the whole row.
fn gauge_row(bar: Option<Bar>, labels: &[String], theme: &Theme, area: Rect, buf: &mut Buffer) {
    let room = usize::from(area.width);
    let keep = if bar.is_some() {
        MIN_BAR.min(room / 3)
    } else {
        0
    };
    // One space before the label.
    let label_room = room.saturating_sub(keep + 1);
    let label = labels
        .iter()
        .find(|l| width(l) <= label_room)
        .cloned()
        .or_else(|| labels.last().map(|l| fit(l, label_room)))
        .unwrap_or_default();
    let label = if label.is_empty() {
        label
    } else {
        format!(" {label}")
    };
    let label_w = u16::try_from(width(&label)).unwrap_or(area.width);
    let [bar_area, label_area] = split_right(area, label_w);
    if let Some(bar) = bar {
        bar.render(bar_area, buf);
    }
    Line::styled(label, theme.dim()).render(label_area, buf);
}

/// `area` as a part on the left and `right` columns (at most all of them) on the right:
/// what `Layout::horizontal([Min(0), Length(right)])` gives, worked out directly (a gauge
/// is drawn every second; the layout solver and its cache are not needed for this).
fn split_right(area: Rect, right: u16) -> [Rect; 2] {
    let right = right.min(area.width);
    let left = area.width - right;
    [
        Rect {
            width: left,
            ..area
        },
        Rect {
            x: area.x + left,
            width: right,
            ..area
        },
    ]
}

pub(super) fn step_gauge(s: &Status, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let bar = s.length.map(|len| {
        let max = len.max.as_secs_f64().max(0.001);
        Bar {
            ratio: s.elapsed.as_secs_f64() / max,
            mark: len.is_range().then(|| len.min.as_secs_f64() / max),
            filled: theme.phase_color(s.phase, s.paused),
            empty: theme.dim(),
        }
    });
    gauge_row(bar, &step_labels(s), theme, area, buf);
}

/// True while some step still to come, or the one going on, is the person's to time
/// (open-ended or untimed): the time left is then a lower bound, shown with `+`.
pub(super) fn open_ended(run: &Running) -> bool {
    let s = &run.status;
    if s.phase == Phase::Finished {
        return false;
    }
    let steps = &run.routine().steps;
    let current = steps.get(s.step).is_some_and(|step| !step.is_timed());
    current || steps.iter().skip(s.step + 1).any(|step| !step.is_timed())
}

/// The session's time left in the menu's words: "4–5 min+ left", "20 s left"; seconds
/// rounded up as the countdown rounds them ("1 s left" until the end, not "0 s").
pub fn time_left(run: &Running) -> String {
    let up = |d: Duration| Duration::from_secs(d.as_nanos().div_ceil(1_000_000_000) as u64);
    let r = run.status.session_remaining;
    let remaining = TimeRange::range(up(r.min), up(r.max));
    let open = open_ended(run);
    let left = approx_open(remaining, open);
    if open && remaining.max.is_zero() {
        left
    } else {
        format!("{left} left")
    }
}

pub(super) fn session_gauge(run: &Running, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let s = &run.status;
    let left = time_left(run);
    let total = s.session_elapsed + s.session_remaining.max;
    let mut ratio = s.session_elapsed.as_secs_f64() / total.as_secs_f64().max(0.001);
    if open_ended(run) {
        // Open steps count no time, so time alone would fill the bar before they are
        // done: never past the end of the step going on, nor past the steps behind
        // while that step is itself open.
        let current_open = run
            .routine()
            .steps
            .get(s.step)
            .is_some_and(|step| !step.is_timed());
        let reached = s.step + usize::from(!current_open);
        ratio = ratio.min(reached as f64 / s.steps.max(1) as f64);
    }
    let bar = Bar {
        ratio,
        mark: None,
        filled: theme.dim(),
        empty: theme.dim(),
    };
    let labels = [format!("session · {left}"), left];
    gauge_row(Some(bar), &labels, theme, area, buf);
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use ratatui::layout::{Constraint, Layout};

    use super::*;
    use crate::routine::duration::approx_total;
    use crate::routine::{Exercise, Routine, Timing};
    use crate::session::Config;

    /// The gauge's split is the layout solver's, at every width and label width.
    #[test]
    fn the_split_is_the_layouts() {
        for width in 0..=130u16 {
            for right in 0..=width + 3 {
                let area = Rect::new(3, 7, width, 2);
                let layout =
                    Layout::horizontal([Constraint::Min(0), Constraint::Length(right)]).areas(area);
                assert_eq!(split_right(area, right), layout, "{width} {right}");
            }
        }
    }

    fn hold(name: &str, min: u64, max: u64) -> Exercise {
        Exercise::new(name, name, Timing::Hold(TimeRange::secs(min, max)))
    }

    fn routine(steps: Vec<Exercise>) -> Routine {
        Routine {
            id: "r".into(),
            name: "R".into(),
            description: String::new(),
            safety: Vec::new(),
            steps,
        }
    }

    /// What happens at a moment (ms from the start): time passes, or Enter.
    enum At {
        Tick(u64),
        Enter(u64),
    }

    /// The time left after each moment, as the session screen says it.
    fn labels(r: Routine, moments: &[At]) -> Vec<String> {
        let t0 = Instant::now();
        let mut run = Running::new(r, Config::default(), t0, 0, &[], Vec::new());
        let mut out = vec![time_left(&run)];
        for m in moments {
            let now = match *m {
                At::Tick(ms) | At::Enter(ms) => t0 + Duration::from_millis(ms),
            };
            run.session.tick(now);
            if let At::Enter(_) = m {
                run.session.confirm(now);
            }
            run.status = run.session.status(now);
            out.push(time_left(&run));
        }
        out
    }

    #[test]
    fn time_left_is_one_format_and_true_at_every_moment() {
        use At::{Enter, Tick};
        let mut range = hold("range", 10, 15);
        range.reps = 2;
        range.rest = Duration::from_secs(4);
        let open = Exercise::new("open", "Open", Timing::OpenEnded);
        let untimed = Exercise::new("untimed", "Untimed", Timing::Untimed);
        // (routine, moments, what the screen says at the start and after each moment)
        let table: Vec<(Routine, Vec<At>, Vec<&str>)> = vec![
            (
                // 5 s get ready + 20 s.
                routine(vec![hold("fixed", 20, 20)]),
                vec![Tick(10_000), Tick(24_500), Tick(60_000)],
                vec!["25 s left", "15 s left", "1 s left", "0 s left"],
            ),
            (
                // 5 + 10–15, rest 4, 10–15: a range may end at its minimum, so once that
                // has passed the hold may end at any moment.
                routine(vec![range]),
                vec![Tick(5_000), Tick(16_000), Tick(21_000)],
                vec![
                    "29–39 s left",
                    "24–34 s left",
                    "14–23 s left",
                    "13–18 s left",
                ],
            ),
            (
                // An open-ended hold in the middle: "+" until it is behind.
                routine(vec![hold("a", 20, 20), open.clone(), hold("b", 10, 10)]),
                vec![Tick(25_000), Tick(30_000), Tick(90_000), Enter(90_000)],
                vec![
                    "45 s+ left",
                    "20 s+ left",
                    "15 s+ left",
                    "15 s+ left",
                    "15 s left",
                ],
            ),
            (
                // Nothing timed left but an untimed step: no "0 s left" over it.
                routine(vec![hold("a", 60, 60), untimed.clone()]),
                vec![Tick(30_000), Tick(65_000)],
                vec!["1 min+ left", "35 s+ left", "untimed from here"],
            ),
            (
                // An open hold as the last step: no "00:00 left" while it runs.
                routine(vec![hold("a", 20, 20), open]),
                vec![Tick(25_000), Tick(31_000), Tick(300_000)],
                vec![
                    "30 s+ left",
                    "5 s+ left",
                    "untimed from here",
                    "untimed from here",
                ],
            ),
            (
                // Long ranges in minutes; a range across the minute in both units.
                routine(vec![hold("long", 600, 900), hold("short", 45, 120)]),
                // The alarm after a long hold waits for Enter; the next step's range is
                // past its minimum a minute later.
                vec![Tick(600_000), Tick(905_000), Enter(905_000), Tick(965_000)],
                vec![
                    "11–17 min left",
                    "55 s–7 min left",
                    "50 s–2 min left",
                    "50 s–2 min left",
                    "0 s–1 min left",
                ],
            ),
        ];
        for (r, moments, want) in table {
            let id: Vec<String> = r.steps.iter().map(|s| s.id.clone()).collect();
            let menu = {
                let mut t = approx_total(r.total(crate::routine::DEFAULT_LEAD_IN));
                if r.has_untimed() {
                    t.push('+');
                }
                t
            };
            let got = labels(r, &moments);
            assert_eq!(got, want, "{id:?}");
            // At the start the session says what the menu and `list` say.
            assert_eq!(got[0], format!("{menu} left"), "{id:?}");
        }
    }
}
