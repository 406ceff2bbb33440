//! Records that travel between machines: history folders synced with Syncthing or kept
//! in git. Each machine names its files with its own host ([`host_tag`]), so two machines
//! never write the same name; and the same run seen twice (a sync tool's conflict copy,
//! a folder copied in twice, a record re-written with the summary's check-in answer) is
//! counted once ([`dedupe`]). Pure: the host name is a parameter.

use std::collections::HashMap;

use jiff::Timestamp;

use super::record::SessionRecord;

/// The longest host tag in a file name.
pub const HOST_TAG_MAX: usize = 24;

/// A host name as it goes into a file name: lowercase ASCII letters and digits, anything
/// else a `-` (no runs of them, none at the ends), at most [`HOST_TAG_MAX`] characters;
/// `"host"` when nothing is left. Safe on every file system and in a URL.
pub fn host_tag(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= HOST_TAG_MAX {
            break;
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "host".to_string()
    } else {
        out.to_string()
    }
}

/// Where to look for a record's twins: the routine and the instants it started and
/// ended (whole seconds in the files).
fn run_key(r: &SessionRecord) -> (String, Timestamp, Timestamp) {
    (r.routine.clone(), r.started.at, r.ended.at)
}

/// Two records of the same run: equal in everything but their ids and the check-in
/// answer after (one may have it, the copy written when it was given).
fn same_run(a: &SessionRecord, b: &SessionRecord) -> bool {
    a.routine == b.routine
        && a.routine_name == b.routine_name
        && a.started == b.started
        && a.ended == b.ended
        && a.finished == b.finished
        && a.continues == b.continues
        && a.sped_up == b.sped_up
        && a.steps == b.steps
        && a.stiffness.before == b.stiffness.before
        && (a.stiffness.after.is_none()
            || b.stiffness.after.is_none()
            || a.stiffness.after == b.stiffness.after)
}

/// Every run once. One run id ([`run_id`]) is one session: of records with the same
/// run id (a Syncthing conflict copy that differs, the copy with the check-in's answer),
/// the newer or the longer one is kept ([`wins`]). Then, of records of the same run
/// under different ids ([`same_run`]: a folder copied in twice), the one with the most
/// check-in answers is kept (the summary's answer comes in a later copy), under the
/// shortest of their ids (the original file's, which a resumed run's `continues`
/// names). Order is kept otherwise.
pub fn dedupe(records: Vec<SessionRecord>) -> Vec<SessionRecord> {
    let mut by_run: HashMap<String, usize> = HashMap::new();
    let mut one_per_run: Vec<SessionRecord> = Vec::with_capacity(records.len());
    for mut r in records {
        let base = run_id(&r.id);
        if base.len() != r.id.len() {
            r.id = base.to_string();
        }
        if r.id.is_empty() {
            one_per_run.push(r);
            continue;
        }
        match by_run.get(&r.id) {
            Some(&i) => {
                if wins(&r, &one_per_run[i]) {
                    one_per_run[i] = r;
                }
            }
            None => {
                by_run.insert(r.id.clone(), one_per_run.len());
                one_per_run.push(r);
            }
        }
    }
    let records = one_per_run.into_iter();
    let mut seen: HashMap<(String, Timestamp, Timestamp), Vec<usize>> = HashMap::new();
    let mut out: Vec<SessionRecord> = Vec::with_capacity(records.len());
    for r in records {
        let twins = seen.entry(run_key(&r)).or_default();
        match twins.iter().copied().find(|&i| same_run(&out[i], &r)) {
            None => {
                twins.push(out.len());
                out.push(r);
            }
            Some(i) => {
                let kept = &mut out[i];
                let id = shorter(&kept.id, &r.id).to_string();
                if r.stiffness.answers() > kept.stiffness.answers() {
                    *kept = r;
                }
                kept.id = id;
            }
        }
    }
    out
}

/// Of two records of one run, whether `a` is the one to keep over `b`: the newer (it
/// ended later), else the longer (more steps recorded, then more steps done), else the
/// one with more check-in answers. Equal on all of these, the first one read stays.
pub fn wins(a: &SessionRecord, b: &SessionRecord) -> bool {
    let rank = |r: &SessionRecord| (r.ended.at, r.steps.len(), r.done(), r.stiffness.answers());
    rank(a) > rank(b)
}

/// The run a file's id is of: the id less what a copy adds to it (`-after`, the copy
/// with the check-in's answer; `.sync-conflict-…`, Syncthing's conflict copy), so a copy
/// whose original has not arrived yet still names its run (a resumed run's `continues`).
pub fn run_id(id: &str) -> &str {
    let id = id.split(".sync-conflict-").next().unwrap_or(id);
    id.strip_suffix("-after").unwrap_or(id)
}

/// The shorter of two ids (the smaller if equally long); an empty id loses.
fn shorter<'a>(a: &'a str, b: &'a str) -> &'a str {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b,
        (_, true) => a,
        _ if (b.len(), b) < (a.len(), a) => b,
        _ => a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_tags_are_safe_short_and_never_empty() {
        for (raw, tag) in [
            ("Desk-PC", "desk-pc"),
            ("laptop.local", "laptop-local"),
            ("my machine/../x", "my-machine-x"),
            ("", "host"),
            ("...", "host"),
            ("ünïcode", "n-code"),
            ("a\u{1b}[2Jb", "a-2jb"),
            (
                "averyveryveryverylonghostnameindeed",
                "averyveryveryverylonghos",
            ),
        ] {
            assert_eq!(host_tag(raw), tag, "{raw:?}");
            assert!(host_tag(raw).len() <= HOST_TAG_MAX);
        }
    }

    #[test]
    fn a_copys_id_names_its_run() {
        assert_eq!(
            run_id("2026-11-21T08-00-00Z-desk-1-2-after"),
            "2026-11-21T08-00-00Z-desk-1-2"
        );
        assert_eq!(
            run_id("2026-11-21T08-00-00Z-desk-1-2.sync-conflict-20261121-090000-ABCDEFG"),
            "2026-11-21T08-00-00Z-desk-1-2"
        );
        assert_eq!(run_id("plain"), "plain");
    }

    fn record(id: &str, ended: &str, done: usize) -> SessionRecord {
        use crate::history::{StepOutcome, StepRecord, Stiffness, WallTime};
        let at = |t: &str| WallTime::new(t.parse().expect("time"), jiff::tz::Offset::UTC);
        SessionRecord {
            id: id.to_string(),
            routine: "r".into(),
            routine_name: "R".into(),
            started: at("2026-11-21T08:00:00Z"),
            ended: at(ended),
            finished: done == 2,
            continues: None,
            sped_up: false,
            stiffness: Stiffness::default(),
            steps: (0..2)
                .map(|i| StepRecord {
                    exercise: format!("e{i}"),
                    name: format!("E{i}"),
                    outcome: if i < done {
                        StepOutcome::Done
                    } else {
                        StepOutcome::NotReached
                    },
                    held: std::time::Duration::from_secs(30),
                    open_ended: false,
                })
                .collect(),
        }
    }

    #[test]
    fn one_run_id_is_one_session_and_the_newer_or_longer_record_wins() {
        let run = "2026-11-21T08-00-00Z-desk-1-2";
        let conflict = format!("{run}.sync-conflict-20261121-090000-ABCDEFG");
        let stopped = record(run, "2026-11-21T08:01:00Z", 1);
        let finished = record(&conflict, "2026-11-21T08:02:00Z", 2);
        // In either order: one session, the newer (finished) record, under the run's id.
        for records in [
            vec![stopped.clone(), finished.clone()],
            vec![finished.clone(), stopped.clone()],
        ] {
            let kept = dedupe(records);
            assert_eq!(kept.len(), 1, "{kept:?}");
            assert_eq!(kept[0].id, run);
            assert_eq!(kept[0].done(), 2);
        }
        // Ended at the same instant: the one with more done.
        let same_end = record(&conflict, "2026-11-21T08:01:00Z", 2);
        let kept = dedupe(vec![stopped.clone(), same_end]);
        assert_eq!((kept.len(), kept[0].done()), (1, 2));
        // Different runs stay apart.
        let other = record("2026-11-21T08-00-00Z-desk-1-3", "2026-11-21T08:01:30Z", 1);
        assert_eq!(dedupe(vec![stopped, other]).len(), 2);
    }

    #[test]
    fn the_shorter_id_names_the_run() {
        assert_eq!(shorter("a-after", "a"), "a");
        assert_eq!(shorter("", "b"), "b");
        assert_eq!(shorter("b", "a"), "a");
    }
}
