//! History's index (`history/.index`) makes a long history cheap to read, and is never
//! trusted over the record files: a file changed in any way (even with its modification
//! time put back), removed, or added is seen as it is; an index that is broken, forged
//! or names files that are not there changes nothing (issue 12, "Scale").

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use backease::history::{SessionRecord, StepOutcome, StepRecord, WallTime};
use backease::store::history::{load_from, record_in, to_text};
use backease::store::history_index::FILE_NAME;

fn t(text: &str) -> WallTime {
    text.parse().expect("a valid time")
}

fn record(name: &str, day: u32) -> SessionRecord {
    SessionRecord {
        id: String::new(),
        routine: "r".into(),
        routine_name: name.into(),
        started: t(&format!("2026-11-{day:02}T08:00:00+01:00")),
        ended: t(&format!("2026-11-{day:02}T08:10:00+01:00")),
        finished: true,
        continues: None,
        sped_up: false,
        stiffness: Default::default(),
        steps: vec![StepRecord {
            exercise: "wall_sit".into(),
            name: "Wall sit".into(),
            outcome: StepOutcome::Done,
            held: Duration::from_secs(42),
            open_ended: true,
        }],
    }
}

fn names(dir: &Path) -> Vec<String> {
    load_from(dir)
        .records
        .into_iter()
        .map(|r| r.routine_name)
        .collect()
}

#[test]
fn the_index_is_never_trusted_over_the_record_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = record_in(dir.path(), &record("Alpha", 1)).expect("saved");
    let b = record_in(dir.path(), &record("Bravo", 2)).expect("saved");
    assert_eq!(names(dir.path()), ["Alpha", "Bravo"]);
    let index = dir.path().join(FILE_NAME);
    assert!(index.exists(), "the first read writes the index");

    // Changed in place, same size, modification time put back: read again.
    let path_a = dir.path().join(format!("{a}.ron"));
    let modified = fs::metadata(&path_a)
        .and_then(|m| m.modified())
        .expect("mtime");
    let text = fs::read_to_string(&path_a).expect("read");
    fs::write(&path_a, text.replace("Alpha", "Alpho")).expect("rewrite");
    fs::File::options()
        .write(true)
        .open(&path_a)
        .and_then(|f| f.set_modified(modified))
        .expect("put the time back");
    assert_eq!(names(dir.path()), ["Alpho", "Bravo"]);

    // Removed: gone; added: there.
    fs::remove_file(dir.path().join(format!("{b}.ron"))).expect("remove");
    record_in(dir.path(), &record("Charlie", 3)).expect("saved");
    assert_eq!(names(dir.path()), ["Alpho", "Charlie"]);
    assert_eq!(names(dir.path()), ["Alpho", "Charlie"], "from the index");

    // A forged entry for a file that is not there, in an index otherwise good.
    let good = fs::read_to_string(&index).expect("the index");
    let line = good.lines().nth(1).expect("an entry");
    let forged = line.replacen(&format!("{a}.ron"), "2026-11-09T00-00-00Z-1-1.ron", 1);
    fs::write(
        &index,
        format!("{good}{}\n", forged.replace("Alpho", "Ghost")),
    )
    .expect("forge");
    assert_eq!(names(dir.path()), ["Alpho", "Charlie"]);

    // Broken indexes: each is ignored, and rebuilt.
    for junk in [
        String::new(),
        "not an index".to_string(),
        good.replace('\t', " "),
        good[..good.len() / 2].to_string(),
        "\u{0}".repeat(10_000),
    ] {
        fs::write(&index, &junk).expect("break the index");
        assert_eq!(names(dir.path()), ["Alpho", "Charlie"], "index {junk:.40?}");
        assert!(fs::read_to_string(&index).is_ok_and(|t| t.lines().count() == 3));
    }
    // A corrupt record is still skipped with a warning, index or not.
    fs::write(dir.path().join("2026-11-10T00-00-00Z-1-2.ron"), "(").expect("write");
    let loaded = load_from(dir.path());
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert_eq!(loaded.records.len(), 2);
}

/// Min of a few runs of `f`, in time.
fn fastest(mut f: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn a_long_history_is_read_from_the_index_without_parsing_each_file() {
    let _cpu = crate::common::lanes::cpu();
    let dir = tempfile::tempdir().expect("temp dir");
    let n = 2_000;
    for i in 0..n {
        // Written directly (as `record_in` would, without its fsync per file).
        let mut r = record(&format!("Routine {}", i % 7), 1 + i % 28);
        r.steps = vec![r.steps[0].clone(); 8];
        // Each a run of its own (a minute apart): identical records are one run copied
        // twice, which loading counts once (`history::travel::dedupe`).
        let later = |t: backease::history::WallTime| {
            let at =
                t.at.checked_add(jiff::SignedDuration::from_mins(i64::from(i)))
                    .expect("in range");
            backease::history::WallTime::new(at, t.offset)
        };
        r.started = later(r.started);
        r.ended = later(r.ended);
        let text = to_text(&r).expect("text");
        fs::write(
            dir.path()
                .join(format!("2026-11-01T00-00-00Z-1-{i:05}.ron")),
            text,
        )
        .expect("write");
    }
    let index = dir.path().join(FILE_NAME);
    let first = load_from(dir.path());
    assert_eq!(first.records.len(), n as usize);
    let parsing = fastest(|| {
        let _ = fs::remove_file(&index);
        assert_eq!(load_from(dir.path()).records.len(), n as usize);
    });
    let indexed = fastest(|| {
        assert_eq!(load_from(dir.path()).records, first.records);
    });
    // Measured: about a fifth on this machine (debug build); a half leaves room for a
    // busy machine.
    assert!(
        indexed * 2 < parsing,
        "indexed {indexed:?}, parsing every file {parsing:?}"
    );
}
