//! History on disk and the numbers computed from it: round trips, a kill at every point
//! of a write, two writers at once, corrupt files moved aside, streaks across days and
//! time zones, totals, bests, the painful memory and the report. The session states
//! (resume, two windows, records kept for later) are tests/sessions.rs.

use crate::common::records;

use std::fs;
use std::path::{Path, PathBuf};

use backease::commands::history::report;
use backease::history::{
    SessionRecord, StepOutcome, best_open_hold, bests, painful_exercises, sessions, streak,
    streak_with_session_on, today_counts, totals,
};
use backease::session::Outcome;
use backease::store::atomic::{Step, write_steps};
use backease::store::history::{CORRUPT_DIR, load_from, record_in, to_text};
use jiff::civil::date;

/// A finished run of `stretches` with a wall squat of `squat` seconds.
use records::{ball, done, secs, stretches, t};

fn run(start: &str, end: &str, squat: u64) -> SessionRecord {
    SessionRecord::from_run(
        &stretches(),
        &[done(15), done(squat), done(15)],
        t(start),
        t(end),
        true,
    )
}

fn with_id(mut r: SessionRecord, id: &str) -> SessionRecord {
    r.id = id.into();
    r
}

fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

// ---- files -------------------------------------------------------------------------

#[test]
fn a_record_round_trips_and_reads_like_a_person_wrote_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let routine = stretches();
    let outcomes = [
        Outcome::Skipped { held: secs(6) },
        Outcome::Done { held: secs(102) },
        Outcome::Pending,
    ];
    let record = SessionRecord::from_run(
        &routine,
        &outcomes,
        t("2026-11-21T23:30:05+02:00"),
        t("2026-11-21T23:34:00+02:00"),
        false,
    );
    let id = record_in(dir.path(), &record).expect("saved");
    let text = fs::read_to_string(dir.path().join(format!("{id}.ron"))).expect("read");
    for piece in [
        "// backease session: Five gentle stretches on 2026-11-21 23:30",
        "routine: \"five_stretches\"",
        "started: \"2026-11-21T23:30:05+02:00\"",
        "finished: false",
        "outcome: EndedEarly",
        "held: \"1m42s\"",
        "open_ended: true",
        "outcome: NotReached",
    ] {
        assert!(text.contains(piece), "missing {piece:?} in\n{text}");
    }
    assert!(id.starts_with("2026-11-21T21-34-00Z-"), "{id}");
    let loaded = load_from(dir.path());
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.records, vec![with_id(record, &id)]);
    let back: Vec<Outcome> = loaded.records[0]
        .steps
        .iter()
        .map(|s| s.to_outcome())
        .collect();
    assert_eq!(back, outcomes);
}

#[test]
fn awkward_names_round_trip_and_stay_readable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut routine = stretches();
    // (A line break is a control character: records may not hold one, as routines
    // may not; see `records_with_control_characters_or_impossible_times_are_skipped_and_left`.)
    routine.name = "Child's \"pose\" \\ line break — ünïcode #1".into();
    let record = SessionRecord::from_run(
        &routine,
        &[done(15)],
        t("2026-11-21T08:00:00Z"),
        t("2026-11-21T08:01:00Z"),
        false,
    );
    let id = record_in(dir.path(), &record).expect("saved");
    let text = fs::read_to_string(dir.path().join(format!("{id}.ron"))).expect("read");
    assert!(
        text.starts_with("// backease session: Child's \"pose\" \\ line break"),
        "{text}"
    );
    assert!(text.contains("name: \"Child's pose\""), "{text}");
    let loaded = load_from(dir.path());
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.records, vec![with_id(record, &id)]);
}

#[test]
fn a_missing_history_directory_is_an_empty_history() {
    let dir = tempfile::tempdir().expect("temp dir");
    let loaded = load_from(&dir.path().join("nothing-here"));
    assert!(loaded.records.is_empty());
    assert!(loaded.warnings.is_empty());
}

#[test]
fn a_kill_at_any_moment_of_a_write_loses_no_earlier_record() {
    let dir = tempfile::tempdir().expect("temp dir");
    let earlier: Vec<String> = (0..3)
        .map(|i| {
            let r = run(
                &format!("2026-11-1{i}T08:00:00+01:00"),
                &format!("2026-11-1{i}T08:10:00+01:00"),
                60 + i,
            );
            record_in(dir.path(), &r).expect("saved")
        })
        .collect();
    let new = run("2026-11-20T08:00:00+01:00", "2026-11-20T08:10:00+01:00", 99);
    let bytes = to_text(&new).expect("text").into_bytes();
    let target = dir.path().join("2026-11-20T07-10-00Z-1-1.ron");
    // Stop after each step; after the write, also with the temporary file cut at every
    // length (what a kill mid-write leaves).
    let mut stops: Vec<(Step, Option<usize>)> = vec![(Step::Created, None), (Step::Synced, None)];
    stops.extend((0..=bytes.len()).map(|n| (Step::Written, Some(n))));
    for (stop, cut) in stops {
        write_steps(&target, &bytes, |step, tmp| {
            if step == stop {
                if let Some(n) = cut {
                    let f = fs::OpenOptions::new()
                        .write(true)
                        .open(tmp)
                        .expect("open tmp");
                    f.set_len(n as u64).expect("truncate");
                }
                return false;
            }
            true
        })
        .expect("interrupted write");
        let loaded = load_from(dir.path());
        assert!(
            loaded.warnings.is_empty(),
            "{stop:?} {cut:?}: {:?}",
            loaded.warnings
        );
        let ids: Vec<&str> = loaded.records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, earlier, "{stop:?} {cut:?}");
        assert!(!target.exists());
    }
    // The leftovers are only temporary files, and a complete write still lands.
    write_steps(&target, &bytes, |_, _| true).expect("write");
    let loaded = load_from(dir.path());
    assert_eq!(loaded.records.len(), 4);
    assert!(loaded.warnings.is_empty());
    assert_eq!(ron_files(dir.path()).len(), 4);
}

#[test]
fn many_writers_at_once_lose_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let threads: Vec<_> = (0..8)
        .map(|w| {
            let dir = dir.path().to_path_buf();
            std::thread::spawn(move || {
                (0..25)
                    .map(|i| {
                        // All at the same second: names must still differ.
                        let mut r = run("2026-11-21T08:00:00Z", "2026-11-21T08:05:00Z", 30);
                        r.routine_name = format!("writer {w} run {i}");
                        record_in(&dir, &r).expect("saved")
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut ids: Vec<String> = threads
        .into_iter()
        .flat_map(|h| h.join().expect("writer thread"))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 200);
    let loaded = load_from(dir.path());
    assert!(loaded.warnings.is_empty());
    assert_eq!(loaded.records.len(), 200);
    let mut names: Vec<&str> = loaded
        .records
        .iter()
        .map(|r| r.routine_name.as_str())
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 200, "every record is distinct and whole");
}

/// Not a test on its own: the body of a writer process for the test below, which runs
/// it with `--ignored`.
#[test]
#[ignore = "the body of a writer process, run by two_processes_writing_at_once_lose_nothing"]
fn child_writer_process() {
    let dir = std::env::var_os("BACKEASE_TEST_WRITER_DIR")
        .expect("run by two_processes_writing_at_once_lose_nothing, which sets the directory");
    let tag = std::env::var("BACKEASE_TEST_WRITER_TAG").unwrap_or_default();
    for i in 0..50 {
        let mut r = run("2026-11-21T08:00:00Z", "2026-11-21T08:05:00Z", 30);
        r.routine_name = format!("{tag} {i}");
        record_in(Path::new(&dir), &r).expect("saved");
    }
}

#[test]
fn two_processes_writing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let exe = std::env::current_exe().expect("test binary");
    let children: Vec<_> = ["a", "b", "c"]
        .iter()
        .map(|tag| {
            std::process::Command::new(&exe)
                .args([
                    "--exact",
                    "history::child_writer_process",
                    "--ignored",
                    "--test-threads=1",
                ])
                .env("BACKEASE_TEST_WRITER_DIR", dir.path())
                .env("BACKEASE_TEST_WRITER_TAG", tag)
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("spawn writer")
        })
        .collect();
    for mut c in children {
        assert!(c.wait().expect("writer ran").success());
    }
    let loaded = load_from(dir.path());
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.records.len(), 150);
}

#[test]
fn an_unreadable_file_is_left_where_it_is_with_its_position_and_never_touched() {
    // Old code moved it into `corrupt/`: with history synced by Syncthing or git that
    // move propagates, and the machine that wrote it (a newer backease) loses it.
    let dir = tempfile::tempdir().expect("temp dir");
    let good = record_in(
        dir.path(),
        &run("2026-11-21T08:00:00Z", "2026-11-21T08:05:00Z", 30),
    )
    .expect("saved");
    let bad_name = "2026-11-20T08-00-00Z-7-7.ron";
    let bad_text = "(\n    routine: \"five_stretches\",\n    routine_name: 12,\n)\n";
    fs::write(dir.path().join(bad_name), bad_text).expect("write bad");

    for _ in 0..2 {
        let loaded = load_from(dir.path());
        assert_eq!(loaded.records.len(), 1);
        assert_eq!(loaded.records[0].id, good);
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
        let expected = format!(
            "{}:3:18: \"routine_name\" should be text in double quotes\n  this record is skipped \
             and left where it is (written by a newer backease, damaged, or edited by hand: \
             nothing was moved or deleted)",
            dir.path().join(bad_name).display(),
        );
        assert_eq!(loaded.warnings[0], expected);
        assert_eq!(
            fs::read_to_string(dir.path().join(bad_name)).expect("kept"),
            bad_text
        );
        assert!(!dir.path().join(CORRUPT_DIR).exists());
    }
}

#[test]
fn a_record_from_a_newer_version_stays_in_history() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = to_text(&run("2026-11-21T08:00:00Z", "2026-11-21T08:05:00Z", 30)).expect("text");
    // An outcome this version does not know, and a truncated file.
    assert!(text.contains("outcome: Done"), "{text}");
    let newer = text.replacen("outcome: Done", "outcome: Wobbled", 1);
    fs::write(dir.path().join("2026-11-21T08-00-00Z-new-1-1.ron"), &newer).expect("write");
    let half = &text[..text.len() / 2];
    fs::write(dir.path().join("x.ron"), half).expect("write");
    let loaded = load_from(dir.path());
    assert_eq!(loaded.warnings.len(), 2, "{:?}", loaded.warnings);
    assert!(
        loaded.warnings[1].starts_with(&format!("{}:", dir.path().join("x.ron").display())),
        "{:?}",
        loaded.warnings
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("2026-11-21T08-00-00Z-new-1-1.ron")).expect("kept"),
        newer
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("x.ron")).expect("kept"),
        half
    );
    assert!(!dir.path().join(CORRUPT_DIR).exists());
}

/// Records arrive by sync: a text with a control or bidi character (the file name
/// included, which becomes `run`), a time before 2000 or far in the future, a session
/// longer than a day or ending before it starts, a hold of 99999999h: each is skipped
/// with a warning naming the file and the field, and left where it is.
#[test]
fn records_with_control_characters_or_impossible_times_are_skipped_and_left() {
    let plain = run("2026-11-21T08:00:00Z", "2026-11-21T08:05:00Z", 30);
    let text = to_text(&plain).expect("text");
    let esc = "\u{1b}]0;pwned\u{7}";
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "2026-11-21T08-00-00Z-a-1-1.ron",
            text.replace("Five gentle stretches", &format!("Five{esc}")),
            "routine_name: holds the control character U+001B",
        ),
        (
            "2026-11-21T08-00-00Z-a-1-2.ron",
            text.replace("Cat-cow", "Cat\u{202e}woc"),
            "steps: name: holds the control character U+202E",
        ),
        (
            "2026-11-21T08-00-00Z-a-\u{1b}[2J-3.ron",
            text.clone(),
            "file name: holds the control character U+001B",
        ),
        (
            "2026-11-21T08-00-00Z-a-1-4.ron",
            text.replace("2026-11-21T08:00:00", "1970-01-01T00:00:00")
                .replace("2026-11-21T08:05:00", "1970-01-01T00:05:00"),
            "is before 2000",
        ),
        (
            "2026-11-21T08-00-00Z-a-1-5.ron",
            text.replace("2026-11-21T08:05:00", "2300-01-01T00:00:00"),
            "more than a day after it started",
        ),
        (
            "2026-11-21T08-00-00Z-a-1-6.ron",
            text.replace("2026-11-21T08:00:00", "2300-01-01T00:00:00")
                .replace("2026-11-21T08:05:00", "2300-01-01T00:05:00"),
            "is in the future",
        ),
        (
            "2026-11-21T08-00-00Z-a-1-7.ron",
            text.replace("2026-11-21T08:05:00", "2026-11-21T07:05:00"),
            "is before it started",
        ),
        (
            "2026-11-21T08-00-00Z-a-1-8.ron",
            text.replacen("held: \"15s\"", "held: \"99999999h\"", 1),
            "is more than a day",
        ),
    ];
    for (name, text, words) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(name);
        fs::write(&path, &text).expect("write");
        let loaded = load_from(dir.path());
        assert!(loaded.records.is_empty(), "{name}: {:?}", loaded.records);
        assert_eq!(loaded.warnings.len(), 1, "{name}: {:?}", loaded.warnings);
        let w = &loaded.warnings[0];
        assert!(w.contains(words), "{name}: {w}");
        assert!(w.contains("left where it is"), "{name}: {w}");
        assert!(
            !w.contains('\u{1b}'),
            "{name}: the warning is escaped: {w:?}"
        );
        assert_eq!(fs::read_to_string(&path).expect("kept"), text, "{name}");
    }
}

// ---- numbers -----------------------------------------------------------------------

#[test]
fn streaks_count_local_days_in_the_offset_of_the_time() {
    let records = vec![
        // 23:30 in UTC+2 on the 21st is 21:30 UTC: the 21st.
        run("2026-11-21T23:30:00+02:00", "2026-11-21T23:40:00+02:00", 30),
        // 00:30 in UTC+2 on the 22nd is 22:30 UTC on the 21st, but locally the 22nd.
        run("2026-11-22T00:30:00+02:00", "2026-11-22T00:40:00+02:00", 30),
        // 23:30 in UTC-5 on the 20th is 04:30 UTC on the 21st, but locally the 20th.
        run("2026-11-20T23:30:00-05:00", "2026-11-20T23:40:00-05:00", 30),
    ];
    assert_eq!(streak(&records, date(2026, 11, 22)), 3);
    // Yesterday still keeps it alive; a whole day without breaks it.
    assert_eq!(streak(&records, date(2026, 11, 23)), 3);
    assert_eq!(streak(&records, date(2026, 11, 24)), 0);
    // Counted from the latest day, not beyond today.
    assert_eq!(streak(&records, date(2026, 11, 21)), 2);
    assert_eq!(streak(&[], date(2026, 11, 21)), 0);
    // The summary's streak, once today's session counts: kept, extended, or new.
    assert_eq!(streak_with_session_on(&records, date(2026, 11, 22)), 3);
    assert_eq!(streak_with_session_on(&records, date(2026, 11, 23)), 4);
    assert_eq!(streak_with_session_on(&records, date(2026, 11, 25)), 1);
    assert_eq!(streak_with_session_on(&[], date(2026, 11, 25)), 1);
    // Had the first one been counted in UTC, two sessions would share the 21st and the
    // 20th would be empty.
    let utc: Vec<_> = records
        .iter()
        .map(|r| r.started.at.to_zoned(jiff::tz::TimeZone::UTC).date())
        .collect();
    assert_eq!(
        utc,
        vec![date(2026, 11, 21), date(2026, 11, 21), date(2026, 11, 21)]
    );
}

/// A clock set back a day or two: the sessions it finds "in the future" still make the
/// streak (old code: "none running (the last session was before yesterday)").
#[test]
fn a_clock_set_back_keeps_the_streak() {
    let records = vec![
        run("2026-11-21T08:00:00Z", "2026-11-21T08:05:00Z", 30),
        run("2026-11-22T08:00:00Z", "2026-11-22T08:05:00Z", 30),
    ];
    // The clock says the 19th or the 20th: both sessions are "in the future".
    for today in [date(2026, 11, 19), date(2026, 11, 20)] {
        assert_eq!(streak(&records, today), 2, "{today}");
        assert!(today_counts(&records, today), "{today}");
    }
    assert_eq!(streak(&records, date(2026, 11, 23)), 2);
    assert!(!today_counts(&records, date(2026, 11, 23)));
    assert_eq!(streak(&records, date(2026, 11, 24)), 0);
}

#[test]
fn a_gap_ends_a_streak_and_several_sessions_a_day_count_once() {
    let records = vec![
        run("2026-11-01T08:00:00Z", "2026-11-01T08:10:00Z", 30),
        run("2026-11-03T08:00:00Z", "2026-11-03T08:10:00Z", 30),
        run("2026-11-03T18:00:00Z", "2026-11-03T18:10:00Z", 30),
        run("2026-11-04T08:00:00Z", "2026-11-04T08:10:00Z", 30),
    ];
    assert_eq!(streak(&records, date(2026, 11, 4)), 2);
    // Across a month boundary.
    let month = vec![
        run("2026-10-31T21:00:00+01:00", "2026-10-31T21:10:00+01:00", 30),
        run("2026-11-01T07:00:00+01:00", "2026-11-01T07:10:00+01:00", 30),
    ];
    assert_eq!(streak(&month, date(2026, 11, 1)), 2);
}

#[test]
fn bests_take_the_longest_open_hold_not_a_painful_one() {
    let mut painful = run("2026-11-05T08:00:00Z", "2026-11-05T08:10:00Z", 0);
    painful.steps[1].outcome = StepOutcome::Painful;
    painful.steps[1].held = secs(200);
    let records = vec![
        run("2026-11-01T08:00:00Z", "2026-11-01T08:10:00Z", 70),
        run("2026-11-02T08:00:00Z", "2026-11-02T08:10:00Z", 102),
        run("2026-11-03T08:00:00Z", "2026-11-03T08:10:00Z", 90),
        run("2026-11-04T08:00:00Z", "2026-11-04T08:10:00Z", 102),
        painful,
    ];
    assert_eq!(best_open_hold(&records, "wall_squat"), Some(secs(102)));
    assert_eq!(
        best_open_hold(&records, "cat_cow"),
        None,
        "timed holds are not bests"
    );
    assert_eq!(best_open_hold(&records, "nothing"), None);
    let b = bests(&records);
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].name, "Wall squat");
    assert_eq!(b[0].on, date(2026, 11, 2), "the day it was first set");
}

#[test]
fn totals_count_a_resumed_session_once_and_all_its_time() {
    let first_part = with_id(
        SessionRecord::from_run(
            &ball(),
            &[done(0), Outcome::Pending],
            t("2026-11-21T20:00:00+01:00"),
            t("2026-11-21T20:05:00+01:00"),
            false,
        ),
        "part1",
    );
    let second_part = with_id(
        SessionRecord::from_run(
            &ball(),
            &[done(0), done(700), done(1200)],
            t("2026-11-21T21:00:00+01:00"),
            t("2026-11-21T21:35:00+01:00"),
            true,
        )
        .continuing(Some("part1".into())),
        "part2",
    );
    let records = vec![
        first_part,
        second_part,
        with_id(
            run("2026-11-20T08:00:00Z", "2026-11-20T08:06:00Z", 30),
            "s1",
        ),
        with_id(
            run("2026-11-21T08:00:00Z", "2026-11-21T08:04:30Z", 30),
            "s2",
        ),
    ];
    let counted: Vec<&str> = sessions(&records).iter().map(|r| r.id.as_str()).collect();
    assert_eq!(counted, vec!["s1", "s2", "part2"]);
    let totals = totals(&records);
    assert_eq!(totals.len(), 2);
    assert_eq!(totals[0].name, "Five gentle stretches");
    assert_eq!((totals[0].sessions, totals[0].finished), (2, 2));
    assert_eq!(totals[0].time, secs(6 * 60 + 4 * 60 + 30));
    assert_eq!(totals[1].name, "Ball drape and bath");
    assert_eq!((totals[1].sessions, totals[1].finished), (1, 1));
    assert_eq!(totals[1].time, secs(5 * 60 + 35 * 60));
}

#[test]
fn painful_memory_follows_the_latest_attempt_of_each_exercise() {
    let routine = stretches();
    let hurt = |start: &str, outcomes: &[Outcome]| {
        SessionRecord::from_run(&routine, outcomes, t(start), t(start), false)
    };
    let p = Outcome::Painful { held: secs(3) };
    let records = vec![
        hurt("2026-11-01T08:00:00Z", &[p, done(30), p]),
        // Cat-cow went fine since; the session stopped before child's pose.
        hurt("2026-11-02T08:00:00Z", &[done(15), p]),
        // Another routine does not count.
        SessionRecord::from_run(
            &ball(),
            &[p],
            t("2026-11-03T08:00:00Z"),
            t("2026-11-03T08:00:00Z"),
            false,
        ),
    ];
    assert_eq!(
        painful_exercises(&records, "five_stretches"),
        vec!["wall_squat".to_string(), "child_pose".to_string()]
    );
    assert_eq!(
        painful_exercises(&records, "ball_bath"),
        vec!["setup".to_string()]
    );
    assert!(painful_exercises(&records, "other").is_empty());
}

#[test]
fn the_history_report_reads_well() {
    let mut stopped = SessionRecord::from_run(
        &ball(),
        &[done(0), Outcome::Skipped { held: secs(30) }],
        t("2026-11-22T07:30:00+01:00"),
        t("2026-11-22T07:42:10+01:00"),
        false,
    );
    stopped.id = "b".into();
    let records = vec![
        with_id(
            run("2026-11-20T23:30:00+02:00", "2026-11-20T23:36:00+02:00", 70),
            "a0",
        ),
        with_id(
            run(
                "2026-11-21T08:00:00+01:00",
                "2026-11-21T08:06:20+01:00",
                102,
            ),
            "a1",
        ),
        stopped,
    ];
    let text = report(&records, date(2026, 11, 22), &[]);
    // Issue 13: `stopped` (written before `Stopped` existed) stopped on step 2, which it
    // noted as ended early: it was "stopped at step 3 of 3" (one too high) and counted
    // as skipped. Bests read like the summary's (`1 min 42 s`, not `1:42`).
    let expected = "\
Streak: 3 days in a row (including today)

Recent sessions (newest first)
  2026-11-22 07:30  Ball drape and bath     1 done,  0 skipped     12 min  stopped at step 2 of 3
  2026-11-21 08:00  Five gentle stretches   3 done,  0 skipped      6 min  finished
  2026-11-20 23:30  Five gentle stretches   3 done,  0 skipped      6 min  finished

Totals per routine
  Five gentle stretches  2 sessions (2 finished)     12 min
  Ball drape and bath    1 session (0 finished)      12 min

Personal bests (open-ended holds)
  Wall squat  1 min 42 s  on 2026-11-21
";
    assert_eq!(text, expected);
    assert_eq!(
        report(&[], date(2026, 11, 22), &["x.ron:1:1: bad".into()]),
        "warning: x.ron:1:1: bad\n\nNo sessions yet. Start one with `backease` (the menu) or `backease start ROUTINE`.\n"
    );
    let later = report(&records, date(2026, 11, 23), &[]);
    assert!(
        later.starts_with("Streak: 3 days in a row (a session today keeps it going)\n"),
        "{later}"
    );
}
