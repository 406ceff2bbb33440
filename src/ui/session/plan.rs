//! How the step pane shares its rows, decided before anything is drawn.
//!
//! Always shown, whatever the size (from 40×12 up): the step's name, the phase with its
//! side and whether it is paused, the time (the digits shrink to one row of plain text
//! before anything here goes), the step's gauge with its range or "Enter when done", and
//! the safety notes. The footer (how to stop, "this hurts" and help) is the screen's.
//!
//! The rest is added while rows remain, most useful first, so on a smaller terminal the
//! last of these are the first to give way:
//!
//! 1. the first cue (with a "… more" row when there are others),
//!    then during a get-ready the description (what the person reads before the step;
//!    as many of its rows as fit, the last cut with `…`),
//! 2. the session's time left, then "up next",
//! 3. the digits in half blocks (3 rows), then the exercise's figure at its smallest (so
//!    it gives way before the digits shrink to one row), then the side in big letters (3 rows, when
//!    the step has sides and the label or its "left"/"right" fits the width),
//! 4. every cue (or as many whole cues as fit, and "… more"),
//! 5. the digits at scale 1 (5 rows), then the figure as large as it may be,
//! 6. blank rows between the parts,
//! 7. the digits at scale 2, 3… (5 rows more each, up to half the pane and as wide as it
//!    allows),
//! 8. the exercise's description (outside a get-ready).
//!
//! What is left over is spread as space around the clock and above "up next". (The list
//! of steps beside the pane gives way first of all: it is shown only from 100 columns.)
//! Pure arithmetic on row counts.

/// What the pane could show, in rows (each already wrapped to the pane's width).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needs {
    /// Rows of safety notes.
    pub safety: usize,
    /// Rows of each cue.
    pub cues: Vec<usize>,
    /// Rows of the description (0 when there is none).
    pub description: usize,
    /// Heights of the clock's sizes that fit the width, smallest first (`[1, 3, 5, 10]`).
    pub clock: Vec<u16>,
    /// Whether the step has a gauge row (not for an untimed step).
    pub gauge: bool,
    /// Rows of the side in big letters (0: none to show).
    pub banner: u16,
    /// A get-ready: the description comes right after the first cue, cut to fit.
    pub description_first: bool,
    /// Rows the figure may take: the fewest it is drawn in and the most (0, 0: none).
    pub figure: (u16, u16),
}

/// Rows given to each part, top to bottom.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub top_gap: u16,
    pub name: u16,
    pub phase: u16,
    pub banner: u16,
    pub figure: u16,
    pub above_clock: u16,
    pub clock: u16,
    pub below_clock: u16,
    pub gauge: u16,
    pub below_gauge: u16,
    pub description: u16,
    /// Rows for the cues, "… more" included (see [`cue_rows`]).
    pub cues: u16,
    pub safety: u16,
    pub filler: u16,
    pub up_next: u16,
    pub session: u16,
}

impl Plan {
    /// The rows in order, for a vertical layout.
    pub fn rows(&self) -> [u16; 16] {
        [
            self.top_gap,
            self.name,
            self.phase,
            self.banner,
            self.figure,
            self.above_clock,
            self.clock,
            self.below_clock,
            self.gauge,
            self.below_gauge,
            self.description,
            self.cues,
            self.safety,
            self.filler,
            self.up_next,
            self.session,
        ]
    }
}

/// How many whole cues fit in `budget` rows and the rows they take: all of them when they
/// fit; else as many whole ones as fit with one row left for "… more"; else the first cue
/// cut to the budget (its last row ends in `…`).
pub fn cue_rows(cues: &[usize], budget: usize) -> (usize, usize) {
    let total: usize = cues.iter().sum();
    if total <= budget {
        return (cues.len(), total);
    }
    let mut rows = 0;
    let mut whole = 0;
    for &r in cues {
        if rows + r + 1 > budget {
            break;
        }
        rows += r;
        whole += 1;
    }
    if whole > 0 {
        (whole, rows + 1)
    } else {
        (0, budget)
    }
}

/// Rows not given yet.
struct Left(u16);

impl Left {
    /// Takes `rows` if that many are left.
    fn take(&mut self, rows: u16) -> bool {
        if rows <= self.0 {
            self.0 -= rows;
            true
        } else {
            false
        }
    }
}

fn rows16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// Shares `height` rows between the parts, in the order the module doc gives.
pub fn plan(height: u16, needs: &Needs) -> Plan {
    let mut left = Left(height);
    let mut p = Plan::default();
    let sizes = if needs.clock.is_empty() {
        vec![1]
    } else {
        needs.clock.clone()
    };
    // The clock grows one size at a time when the size is `rows` tall and rows are left.
    let mut size = 0;
    let mut grow = |p: &mut Plan, left: &mut Left, limit: u16| -> bool {
        match sizes.get(size + 1) {
            Some(&next) if next <= limit && left.take(next - p.clock) => {
                p.clock = next;
                size += 1;
                true
            }
            _ => false,
        }
    };
    // Always: name, phase, the clock's smallest size, the gauge, the safety notes.
    for (part, rows) in [
        (&mut p.name, 1),
        (&mut p.phase, 1),
        (&mut p.clock, needs.clock.first().copied().unwrap_or(1)),
        (&mut p.gauge, u16::from(needs.gauge)),
    ] {
        if left.take(rows) {
            *part = rows;
        }
    }
    p.safety = rows16(needs.safety).min(left.0);
    left.take(p.safety);

    // 1. The first cue, and a row saying more follow.
    if let Some(&first) = needs.cues.first() {
        let want = first + usize::from(needs.cues.len() > 1);
        let (_, rows) = cue_rows(&needs.cues, want.min(usize::from(left.0)));
        p.cues = rows16(rows);
        left.take(p.cues);
    }
    // 1b. In a get-ready, the description (as much as fits), then the side in big letters.
    if needs.description_first {
        p.description = rows16(needs.description).min(left.0);
        left.take(p.description);
    }
    // 2. The session's time left, then up next.
    p.session = u16::from(left.take(1));
    p.up_next = u16::from(left.take(1));
    // 3. The digits in half blocks (or scale 1 where half blocks do not fit the width),
    // then the side in big letters.
    grow(&mut p, &mut left, 5);
    // The figure at its smallest: after the digits' half blocks, so it gives way
    // before they shrink to one row; before the side in big letters (the figure shows
    // the side too, mirrored).
    let (fewest, most) = needs.figure;
    if fewest > 0 && left.take(fewest) {
        p.figure = fewest;
    }
    if left.take(needs.banner) {
        p.banner = needs.banner;
    }
    // 4. Every cue, or as many whole ones as fit.
    let budget = usize::from(p.cues) + usize::from(left.0);
    let rows = rows16(cue_rows(&needs.cues, budget).1);
    if rows > p.cues && left.take(rows - p.cues) {
        p.cues = rows;
    }
    // 5. The digits at scale 1, then the figure as large as it may be.
    grow(&mut p, &mut left, 5);
    if p.figure > 0 {
        let more = most.saturating_sub(p.figure).min(left.0);
        left.take(more);
        p.figure += more;
    }
    // 6. Blank rows between the parts.
    for gap in [
        &mut p.top_gap,
        &mut p.above_clock,
        &mut p.below_clock,
        &mut p.below_gauge,
    ] {
        *gap = u16::from(left.take(1));
    }
    // 7. Bigger digits, up to half the pane.
    while grow(&mut p, &mut left, height / 2) {}
    // 8. The description.
    let description = rows16(needs.description);
    if !needs.description_first && left.take(description) {
        p.description = description;
    }
    // Left over: space around the clock and above "up next".
    let third = left.0 / 3;
    p.above_clock += third;
    p.below_gauge += third;
    p.filler = left.0 - 2 * third;
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needs(safety: usize, cues: &[usize]) -> Needs {
        Needs {
            safety,
            cues: cues.to_vec(),
            description: 2,
            clock: vec![1, 3, 5, 10, 15, 20],
            gauge: true,
            banner: 0,
            description_first: false,
            figure: (0, 0),
        }
    }

    #[test]
    fn a_get_ready_shows_the_description_early_and_cut_to_fit() {
        let mut n = needs(2, &[1, 1, 1]);
        n.description = 6;
        n.description_first = true;
        n.banner = 3;
        // 40×12 (10 rows): name, phase, clock, gauge, safety 2, the first cue and "…
        // more", then two rows of the description; no room for the banner.
        let p = plan(10, &n);
        assert_eq!((p.cues, p.description, p.banner), (2, 2, 0));
        // 80×24 (22 rows): all of it, the banner, and the digits still at half blocks.
        let p = plan(22, &n);
        assert_eq!((p.description, p.banner), (6, 3));
        assert!(p.clock >= 3, "{p:?}");
        // Outside a get-ready the description is the first to go.
        n.description_first = false;
        assert_eq!(plan(22, &n).description, 0);
    }

    #[test]
    fn every_row_is_given_and_no_more() {
        for h in 0..60 {
            let mut early = needs(3, &[1, 2]);
            early.description_first = true;
            early.banner = 3;
            for n in [
                needs(0, &[]),
                needs(3, &[1, 1, 1]),
                needs(12, &[2, 3, 1, 1]),
                early.clone(),
            ] {
                let p = plan(h, &n);
                let total: u16 = p.rows().iter().sum();
                assert!(total <= h.max(4), "{h}: {p:?}");
                if total > 4 {
                    assert_eq!(total, h, "{h}: {p:?}");
                }
            }
        }
    }

    #[test]
    fn safety_and_the_time_stay_while_the_rest_gives_way() {
        // 40×12: ten rows between header and footer. Desk break's two safety notes take
        // six rows at 38 columns: the cues and the session's time give way, not they.
        let n = needs(6, &[1, 2, 2]);
        let p = plan(10, &n);
        assert_eq!(
            (p.name, p.phase, p.clock, p.gauge, p.safety),
            (1, 1, 1, 1, 6)
        );
        assert_eq!(p.cues, 0);
        // Two rows more: the first cue and "… more".
        let p = plan(12, &n);
        assert_eq!((p.cues, p.session, p.up_next), (2, 0, 0));
        // 80×24 (22 rows): everything, the digits at scale 1 rather than 2.
        let p = plan(22, &needs(3, &[1, 1, 1]));
        assert_eq!((p.cues, p.safety, p.session, p.up_next), (3, 3, 1, 1));
        assert_eq!(p.clock, 5);
        // 200×50 (48 rows): scale 4 (20 rows, less than half), and the description.
        let p = plan(48, &needs(2, &[1, 1]));
        assert_eq!((p.clock, p.description, p.cues), (20, 2, 2));
        assert!(p.top_gap > 0 && p.below_clock > 0);
    }

    #[test]
    fn later_cues_give_way_before_the_digits_go_below_half_blocks() {
        // 60×20 with long cues: half blocks, as many whole cues as fit and "… more".
        let n = needs(2, &[2, 2, 2, 2]);
        let p = plan(15, &n);
        assert_eq!(p.clock, 3);
        assert_eq!(cue_rows(&n.cues, usize::from(p.cues)), (2, 5));
        assert_eq!(p.cues, 5);
    }

    #[test]
    fn the_figure_gives_way_before_the_digits_shrink_and_takes_nothing_protected() {
        for h in 0..60 {
            for base in [needs(3, &[1, 2, 1]), needs(6, &[2, 2]), needs(0, &[1])] {
                let without = plan(h, &base);
                let mut n = base.clone();
                n.figure = (4, 12);
                let with = plan(h, &n);
                let kept = |p: &Plan| (p.name, p.phase, p.gauge, p.safety);
                assert_eq!(kept(&with), kept(&without), "{h}");
                assert!(with.clock >= without.clock.min(3), "{h}: {with:?}");
                if with.figure > 0 {
                    assert!(
                        with.clock >= 3 && (4..=12).contains(&with.figure),
                        "{h}: {with:?}"
                    );
                }
                assert!(with.rows().iter().sum::<u16>() <= h.max(4), "{h}");
            }
        }
        // 80x24 (22 rows): the figure shows, the digits in half blocks at least.
        let mut n = needs(3, &[1, 1, 1]);
        n.figure = (4, 10);
        assert!(plan(22, &n).figure >= 4);
    }

    #[test]
    fn cue_rows_keeps_whole_cues_and_a_row_for_more() {
        assert_eq!(cue_rows(&[1, 2, 1], 4), (3, 4));
        assert_eq!(cue_rows(&[1, 2, 1], 3), (1, 2));
        assert_eq!(cue_rows(&[1, 2, 1], 2), (1, 2));
        assert_eq!(cue_rows(&[3, 1], 2), (0, 2));
        assert_eq!(cue_rows(&[], 5), (0, 0));
        assert_eq!(cue_rows(&[2], 1), (0, 1));
    }
}
