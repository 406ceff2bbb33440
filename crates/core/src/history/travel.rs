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

/// Every run once. Of records of the same run ([`same_run`]), the one with the most
/// check-in answers is kept (the summary's answer comes in a later copy), under the
/// shortest of their ids (the original file's, which a resumed run's `continues`
/// names). Order is kept otherwise.
pub fn dedupe(records: Vec<SessionRecord>) -> Vec<SessionRecord> {
    let records = records.into_iter().map(|mut r| {
        let base = run_id(&r.id);
        if base.len() != r.id.len() {
            r.id = base.to_string();
        }
        r
    });
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

    #[test]
    fn the_shorter_id_names_the_run() {
        assert_eq!(shorter("a-after", "a"), "a");
        assert_eq!(shorter("", "b"), "b");
        assert_eq!(shorter("b", "a"), "a");
    }
}
