//! What the menu shows first and what it leaves out, by what the person can do now
//! ([`CanDo`]: no equipment, standing only at the office, on the floor, under five
//! minutes) and by their favourites (article 004's "movement toolbox": marked routines
//! come first). Also the favourites file's text. Pure: the store reads and writes the
//! file.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::routine::body::Level;
use crate::routine::{LeadIns, Routine};

/// The menu's "what can I do now" filter, cycled with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CanDo {
    #[default]
    All,
    /// Nothing to fetch: the routine lists no equipment.
    NoEquipment,
    /// At the office: every step standing, sitting or walking.
    Standing,
    /// Already on the floor: no step standing up (or in the bath).
    Floor,
    /// Five minutes or less, at most.
    Short,
}

/// "Under five minutes" means a planned total of at most this.
pub const SHORT: Duration = Duration::from_secs(5 * 60);

impl CanDo {
    /// In the order the key cycles through them.
    pub const ALL: [CanDo; 5] = [
        CanDo::All,
        CanDo::NoEquipment,
        CanDo::Standing,
        CanDo::Floor,
        CanDo::Short,
    ];

    /// The next filter (after the last, all routines again).
    pub fn next(self) -> CanDo {
        let i = CanDo::ALL.iter().position(|c| *c == self).unwrap_or(0);
        CanDo::ALL[(i + 1) % CanDo::ALL.len()]
    }

    /// As the menu's header shows it; `None` for all routines.
    pub fn label(self) -> Option<&'static str> {
        match self {
            CanDo::All => None,
            CanDo::NoEquipment => Some("no equipment"),
            CanDo::Standing => Some("standing only"),
            CanDo::Floor => Some("on the floor"),
            CanDo::Short => Some("under 5 min"),
        }
    }

    /// Whether `routine` is one the person can do now. A step whose position the file
    /// does not give counts as neither standing nor on the floor.
    pub fn allows(self, routine: &Routine, lead_ins: &LeadIns) -> bool {
        let levels = || routine.steps.iter().map(|s| s.position.map(|p| p.level()));
        match self {
            CanDo::All => true,
            CanDo::NoEquipment => routine.equipment().is_empty(),
            CanDo::Standing => levels().all(|l| l == Some(Level::Upright)),
            CanDo::Floor => {
                levels().all(|l| matches!(l, Some(Level::Floor | Level::Any)))
                    && levels().any(|l| l == Some(Level::Floor))
            }
            CanDo::Short => routine.total(*lead_ins).max <= SHORT,
        }
    }
}

/// The menu's picks: the filter and the favourites. Kept apart from the rest of the menu.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picks {
    pub can_do: CanDo,
    /// Routine ids marked as favourites.
    pub favourites: BTreeSet<String>,
    /// The get-ready lengths "under 5 min" counts (the app's config).
    pub lead_ins: LeadIns,
}

impl Picks {
    /// `order` (indices into `routines`) with what [`CanDo`] leaves out removed and the
    /// favourites first, each group in its order.
    pub fn arrange(&self, routines: &[Routine], order: Vec<usize>) -> Vec<usize> {
        let lead_ins = &self.lead_ins;
        let (mut first, rest): (Vec<usize>, Vec<usize>) = order
            .into_iter()
            .filter(|&i| {
                routines
                    .get(i)
                    .is_some_and(|r| self.can_do.allows(r, lead_ins))
            })
            .partition(|&i| {
                routines
                    .get(i)
                    .is_some_and(|r| self.favourites.contains(&r.id))
            });
        first.extend(rest);
        first
    }

    /// Marks `id` a favourite, or unmarks it; true when it is one now.
    pub fn toggle(&mut self, id: &str) -> bool {
        if self.favourites.remove(id) {
            false
        } else {
            self.favourites.insert(id.to_string());
            true
        }
    }

    pub fn is_favourite(&self, id: &str) -> bool {
        self.favourites.contains(id)
    }
}

/// The favourites file as text: a comment saying what it is, then the ids.
pub fn favourites_text(ids: &BTreeSet<String>) -> String {
    let list: Vec<&String> = ids.iter().collect();
    format!(
        "// Your favourite routines: marked with * in backease's menu, shown first.\n{}\n",
        ron::to_string(&list).unwrap_or_else(|_| "[]".to_string())
    )
}

/// Reads the favourites file's text: the ids, or what is wrong (the file is then left
/// as it is).
pub fn parse_favourites(text: &str) -> Result<BTreeSet<String>, String> {
    if text.trim().is_empty() {
        return Ok(BTreeSet::new());
    }
    ron::from_str::<Vec<String>>(text)
        .map(|ids| ids.into_iter().collect())
        .map_err(|e| {
            format!(
                "{}:{}: {} (expected a list like [\"desk_break\", \"hips\"])",
                e.span.start.line, e.span.start.col, e.code
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::load;

    fn ids(lib: &crate::routine::Library, picks: &Picks) -> Vec<String> {
        let order = (0..lib.routines.len()).collect();
        picks
            .arrange(&lib.routines, order)
            .into_iter()
            .map(|i| lib.routines[i].id.clone())
            .collect()
    }

    #[test]
    fn each_filter_keeps_what_the_person_can_do_now() {
        let lib = load::shipped();
        let mut picks = Picks::default();
        assert_eq!(ids(&lib, &picks).len(), lib.routines.len());
        picks.can_do = CanDo::Standing;
        assert_eq!(ids(&lib, &picks), ["desk_break"]);
        picks.can_do = CanDo::Floor;
        let floor = ids(&lib, &picks);
        assert!(floor.contains(&"five_stretches".to_string()), "{floor:?}");
        assert!(!floor.contains(&"desk_break".to_string()), "{floor:?}");
        assert!(!floor.contains(&"stiff_back".to_string()), "{floor:?}");
        picks.can_do = CanDo::NoEquipment;
        let none = ids(&lib, &picks);
        assert!(none.contains(&"five_stretches".to_string()), "{none:?}");
        assert!(!none.contains(&"spa".to_string()), "{none:?}");
        picks.can_do = CanDo::Short;
        for id in ids(&lib, &picks) {
            let r = lib.routine(&id).expect("listed");
            assert!(r.total(LeadIns::default()).max <= SHORT, "{id}");
        }
        // The key cycles through them all and back.
        let mut c = CanDo::All;
        for _ in 0..CanDo::ALL.len() {
            c = c.next();
        }
        assert_eq!(c, CanDo::All);
    }

    #[test]
    fn favourites_come_first_in_their_order() {
        let lib = load::shipped();
        let mut picks = Picks::default();
        assert!(picks.toggle("bedtime"));
        assert!(picks.toggle("desk_break"));
        let got = ids(&lib, &picks);
        assert_eq!(&got[..2], ["desk_break", "bedtime"]);
        assert_eq!(got.len(), lib.routines.len());
        assert!(!picks.toggle("bedtime"));
        assert!(!picks.is_favourite("bedtime"));
        // A favourite the filter leaves out stays out.
        picks.can_do = CanDo::Floor;
        assert!(!ids(&lib, &picks).contains(&"desk_break".to_string()));
    }

    #[test]
    fn the_favourites_file_reads_back_and_says_what_is_wrong() {
        let set: BTreeSet<String> = ["hips".to_string(), "spa".to_string()].into();
        assert_eq!(parse_favourites(&favourites_text(&set)), Ok(set));
        assert_eq!(parse_favourites(""), Ok(BTreeSet::new()));
        let err = parse_favourites("[\"hips\", 3]").expect_err("not text");
        assert!(err.starts_with("1:"), "{err}");
    }
}
