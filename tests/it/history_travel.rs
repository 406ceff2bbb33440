//! Records that travel: two machines writing into one synced history folder never
//! collide and never count a session twice, a sync tool's conflict copy is one session,
//! and the copy carrying the summary's check-in answer replaces the record it copies.

use std::fs;
use std::time::Duration;

use backease::history::travel::host_tag;
use backease::history::{SessionRecord, StepOutcome, StepRecord, Stiffness, WallTime, sessions};
use backease::store::history::{load_from, record_in, to_text, write_once};

fn t(text: &str) -> WallTime {
    text.parse().expect("a time")
}

fn run(start: &str, end: &str, name: &str) -> SessionRecord {
    SessionRecord {
        id: String::new(),
        routine: "r".into(),
        routine_name: name.into(),
        started: t(start),
        ended: t(end),
        finished: true,
        continues: None,
        sped_up: false,
        stiffness: Stiffness::default(),
        steps: vec![StepRecord {
            exercise: "e".into(),
            name: "E".into(),
            outcome: StepOutcome::Done,
            held: Duration::from_secs(20),
            open_ended: false,
        }],
    }
}

#[test]
fn file_names_carry_this_machines_host() {
    let dir = tempfile::tempdir().expect("temp dir");
    let id = record_in(
        dir.path(),
        &run("2026-11-21T08:00:00Z", "2026-11-21T08:05:00Z", "A"),
    )
    .expect("saved");
    let host = backease::store::history::host();
    assert!(!host.is_empty() && host == host_tag(host), "{host:?}");
    assert!(
        id.starts_with(&format!("2026-11-21T08-05-00Z-{host}-")),
        "{id}"
    );
}

/// Two "machines": each writes its sessions into its own copy of the folder, as a sync
/// tool would before it syncs; then every file lands in one folder (the sync).
#[test]
fn two_machines_syncing_one_folder_never_conflict_or_double_count() {
    let desk = tempfile::tempdir().expect("desk");
    let laptop = tempfile::tempdir().expect("laptop");
    let synced = tempfile::tempdir().expect("synced");
    // The same second on both machines: the names still differ by host.
    let same = ("2026-11-21T08:00:00Z", "2026-11-21T08:05:00Z");
    let names = |dir: &std::path::Path, host: &str, runs: &[(&str, &str, &str)]| {
        runs.iter()
            .map(|(s, e, n)| {
                let id = format!("{}-{host}-1-0", s.replace(':', "-"));
                write_once(dir, &id, &run(s, e, n)).expect("written");
                id
            })
            .collect::<Vec<_>>()
    };
    let a = names(
        desk.path(),
        &host_tag("Desk PC"),
        &[
            (same.0, same.1, "desk"),
            ("2026-11-22T08:00:00Z", "2026-11-22T08:05:00Z", "desk 2"),
        ],
    );
    let b = names(
        laptop.path(),
        &host_tag("laptop.local"),
        &[(same.0, same.1, "laptop")],
    );
    assert!(
        a.iter().all(|x| !b.contains(x)),
        "no name in common: {a:?} {b:?}"
    );
    for dir in [desk.path(), laptop.path()] {
        for e in fs::read_dir(dir).expect("listing").flatten() {
            let to = synced.path().join(e.file_name());
            assert!(!to.exists(), "a conflict: {to:?}");
            fs::copy(e.path(), to).expect("synced");
        }
    }
    let loaded = load_from(synced.path());
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.records.len(), 3);
    // A sync tool's conflict copy (Syncthing's name) and the folder synced again (the
    // index is rebuilt or reused): still three sessions.
    let original = synced.path().join(format!("{}.ron", a[0]));
    let conflict = synced.path().join(format!(
        "{}.sync-conflict-20261121-090000-ABCDEFG.ron",
        a[0]
    ));
    fs::copy(&original, &conflict).expect("conflict copy");
    for _ in 0..2 {
        let loaded = load_from(synced.path());
        assert_eq!(loaded.records.len(), 3, "{:?}", loaded.records);
        assert_eq!(sessions(&loaded.records).len(), 3);
        assert!(
            loaded.records.iter().any(|r| r.id == a[0]),
            "the original's id names it"
        );
    }
}

#[test]
fn the_copy_with_the_answer_after_replaces_its_record_and_keeps_its_id() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut first = run(
        "2026-11-21T08:00:00+01:00",
        "2026-11-21T08:20:00+01:00",
        "R",
    );
    first.stiffness.before = Some(6);
    write_once(dir.path(), "run-1", &first).expect("record");
    let mut later = first.clone();
    later.stiffness.after = Some(3);
    write_once(dir.path(), "run-1-after", &later).expect("copy");
    // A later run resumes it: it counts once, with the answer after.
    let mut resumed = run(
        "2026-11-21T09:00:00+01:00",
        "2026-11-21T09:10:00+01:00",
        "R",
    );
    resumed.continues = Some("run-1".into());
    write_once(dir.path(), "run-2", &resumed).expect("resumed");
    let loaded = load_from(dir.path());
    assert_eq!(loaded.records.len(), 2, "{:?}", loaded.records);
    assert_eq!(loaded.records[0].id, "run-1");
    assert_eq!(
        loaded.records[0].stiffness,
        Stiffness {
            before: Some(6),
            after: Some(3)
        }
    );
    assert_eq!(
        sessions(&loaded.records).len(),
        1,
        "the resumed run supersedes it"
    );
    // The copy alone (its original not synced yet) still names its run.
    fs::remove_file(dir.path().join("run-1.ron")).expect("remove");
    let alone = load_from(dir.path());
    assert_eq!(alone.records[0].id, "run-1");
    assert_eq!(
        sessions(&alone.records).len(),
        1,
        "still superseded, not counted twice"
    );
    // The file text names the answers plainly.
    let text = to_text(&later).expect("text");
    assert!(
        text.contains("before: Some(6)") && text.contains("after: Some(3)"),
        "{text}"
    );
}

#[test]
fn an_old_record_without_the_check_in_still_reads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = "// backease session\n(\n    routine: \"r\",\n    routine_name: \"R\",\n    started: \"2026-01-02T08:00:00+01:00\",\n    ended: \"2026-01-02T08:10:00+01:00\",\n    finished: true,\n    steps: [],\n)\n";
    fs::write(dir.path().join("2026-01-02T07-10-00Z-4242-1.ron"), old).expect("old record");
    let loaded = load_from(dir.path());
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.records.len(), 1);
    assert!(loaded.records[0].stiffness.is_empty());
}
