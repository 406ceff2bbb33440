//! The sessions of every window (`store::sessions`): a state per run, locked while it
//! lives; records written once whatever is retried; a record that cannot be written kept
//! for the next launch; states kept until the person says no; corrupt files moved aside.

use crate::common::records;

use std::fs;
use std::path::{Path, PathBuf};

use backease::history::{SessionRecord, StepOutcome, best_open_hold};
use backease::routine::{Library, TimeRange, Timing};
use backease::session::Outcome;
use backease::store::atomic::{Step, write_steps};
use backease::store::history::load_from;
use backease::store::resume::ResumeState;
use backease::store::sessions::{DIR_NAME, LEGACY_FILE, Sessions, state_text};
use backease::store::state_file::{self, Contents};

use records::{ball, done, exercise, secs, stretches, t};

fn library() -> Library {
    Library {
        exercises: vec![],
        routines: vec![stretches(), ball()],
        ..Library::default()
    }
}

fn killed_stretches() -> ResumeState {
    ResumeState::new(
        &stretches(),
        2,
        &[done(15), done(80)],
        t("2026-11-21T20:00:00+01:00"),
        t("2026-11-21T20:03:00+01:00"),
    )
}

fn history(data: &Path) -> Vec<SessionRecord> {
    load_from(&data.join("history")).records
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn a_state_round_trips_and_a_clean_quit_is_not_recorded_twice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sessions = Sessions::in_dir(dir.path());
    let state = ResumeState::new(
        &ball(),
        1,
        &[done(0)],
        t("2026-11-21T20:00:00+01:00"),
        t("2026-11-21T20:04:00+01:00"),
    );
    assert_eq!(state.prompt(), "Resume Ball drape and bath at step 2 of 3?");
    // A clean quit: the run is recorded under its id, its state kept to offer.
    let mut held = sessions.begin(state).expect("begin");
    held.record().expect("record");
    let saved = held.state.clone();
    assert_eq!(saved.recorded.as_deref(), Some(saved.id.as_str()));
    drop(held);
    let loaded = sessions.load();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.open.len(), 1);
    assert_eq!(loaded.open[0].state, saved);
    assert_eq!(history(dir.path()).len(), 1);
    assert_eq!(history(dir.path())[0].id, saved.id);
    let lib = library();
    let ok = loaded.open[0].state.check(&lib).expect("resumable");
    assert_eq!(ok.routine.id, "ball_bath");
    assert_eq!(ok.step, 1);
    assert_eq!(
        ok.outcomes,
        vec![done(0), Outcome::Pending, Outcome::Pending]
    );
    // Declined: recorded already, so it goes, lock file and all.
    for held in loaded.open {
        held.close().expect("close");
    }
    assert!(sessions.load().open.is_empty());
    assert_eq!(files(&dir.path().join(DIR_NAME)), Vec::<String>::new());
    assert_eq!(history(dir.path()).len(), 1);
}

#[test]
fn a_killed_session_is_recorded_once_on_the_next_load() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sessions = Sessions::in_dir(dir.path());
    let held = sessions.begin(killed_stretches()).expect("begin");
    let id = held.state.id.clone();
    drop(held); // kill -9: the kernel releases the lock
    let first = sessions.load();
    assert!(first.warnings.is_empty(), "{:?}", first.warnings);
    assert_eq!(first.open.len(), 1);
    assert_eq!(first.open[0].state.recorded.as_deref(), Some(id.as_str()));
    drop(first);
    let records = history(dir.path());
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].id, id);
    assert!(!records[0].finished);
    assert_eq!(records[0].spent(), secs(180));
    assert_eq!(best_open_hold(&records, "wall_squat"), Some(secs(80)));
    // Loading again does not record it again.
    let second = sessions.load();
    assert_eq!(second.open[0].state.recorded.as_deref(), Some(id.as_str()));
    assert_eq!(history(dir.path()).len(), 1);
}

/// Class: a retry of a record write (the state could not be updated after the record
/// went in, launch after launch) wrote one more record each time. Checked against the
/// old code: `load_in` wrote a fresh-named record at every launch (3 records).
#[test]
fn a_record_is_written_once_however_often_it_is_retried() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sessions = Sessions::in_dir(dir.path());
    let held = sessions.begin(killed_stretches()).expect("begin");
    let path = held.path();
    drop(held);
    let before = fs::read(&path).expect("state");
    for launch in 1..=3 {
        drop(sessions.load());
        // As if saving "recorded" had failed: the state is as it was.
        fs::write(&path, &before).expect("restore");
        assert_eq!(history(dir.path()).len(), 1, "launch {launch}");
    }
}

/// Class: another window's live session taken for an abandoned one. Checked against the
/// old code: one `resume.ron` for all windows, recorded by any launch that found it.
#[test]
fn a_live_session_of_another_window_is_never_taken_or_touched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let window_a = Sessions::in_dir(dir.path());
    let window_b = Sessions::in_dir(dir.path());
    let a = window_a.begin(killed_stretches()).expect("A begins");
    let a_file = fs::read(a.path()).expect("A's state");
    // B launches while A runs: nothing to offer, nothing recorded, A's state as it was.
    let loaded = window_b.load();
    assert!(loaded.open.is_empty());
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(history(dir.path()).len(), 0);
    assert_eq!(fs::read(a.path()).expect("A's state"), a_file);
    // B runs its own session: its own state, next to A's.
    let b_state = ResumeState::new(
        &ball(),
        0,
        &[],
        t("2026-11-21T20:01:00+01:00"),
        t("2026-11-21T20:01:00+01:00"),
    );
    let mut b = window_b.begin(b_state).expect("B begins");
    assert_ne!(a.path(), b.path());
    // B finishes: its record and its state only.
    b.state.finished = true;
    b.record().expect("B recorded");
    b.forget().expect("B done");
    assert_eq!(fs::read(a.path()).expect("A's state"), a_file);
    let records = history(dir.path());
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].routine, "ball_bath");
    // A dies: now it is abandoned, and B's next launch takes it, once.
    drop(a);
    let loaded = window_b.load();
    assert_eq!(loaded.open.len(), 1);
    assert_eq!(loaded.open[0].state.routine, "five_stretches");
    // While B holds it (offering it), a third window does not take it either.
    assert!(Sessions::in_dir(dir.path()).load().open.is_empty());
    assert_eq!(history(dir.path()).len(), 2);
}

/// Class: a finished session whose record cannot be written was dropped. Checked
/// against the old code: the hooks ignored the error and cleared the resume file.
#[test]
fn a_record_that_cannot_be_written_is_kept_and_written_by_the_next_launch_that_can() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sessions = Sessions::in_dir(dir.path());
    // The history directory is a file: nothing can be written there.
    let blocker = dir.path().join("history");
    fs::write(&blocker, "not a folder").expect("block");
    let mut state = ResumeState::new(
        &stretches(),
        3,
        &[done(15), done(80), done(15)],
        t("2026-11-21T20:00:00+01:00"),
        t("2026-11-21T20:03:00+01:00"),
    );
    state.finished = true;
    state.open = false;
    let mut held = sessions.begin(state).expect("begin");
    let err = held.record().expect_err("history is a file");
    assert!(
        err.to_string()
            .starts_with(&format!("could not write {}", blocker.display())),
        "{err}"
    );
    held.save().expect("kept");
    drop(held);
    // A launch that still cannot: says so, keeps it, offers nothing (it is finished).
    let loaded = sessions.load();
    assert!(loaded.open.is_empty());
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert!(
        loaded.warnings[0]
            .starts_with("Five gentle stretches from 2026-11-21 20:00 is not in history yet"),
        "{}",
        loaded.warnings[0]
    );
    assert_eq!(files(&dir.path().join(DIR_NAME)).len(), 2, "state and lock");
    // The next launch that can writes it, finished, and lets the state go.
    fs::remove_file(&blocker).expect("unblock");
    let loaded = sessions.load();
    assert!(loaded.open.is_empty());
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let records = history(dir.path());
    assert_eq!(records.len(), 1);
    assert!(records[0].finished);
    assert_eq!(records[0].steps[2].outcome, StepOutcome::Done);
    assert_eq!(files(&dir.path().join(DIR_NAME)), Vec::<String>::new());
}

#[test]
fn a_state_closed_before_its_record_could_be_written_stays_until_it_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sessions = Sessions::in_dir(dir.path());
    let blocker = dir.path().join("history");
    fs::write(&blocker, "not a folder").expect("block");
    drop(sessions.begin(killed_stretches()).expect("begin"));
    let mut loaded = sessions.load();
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    // The person says no: it is not offered again, but its record is still owed.
    loaded.open.remove(0).close().expect("closed, kept");
    fs::remove_file(&blocker).expect("unblock");
    let loaded = sessions.load();
    assert!(loaded.open.is_empty());
    assert_eq!(history(dir.path()).len(), 1);
    assert_eq!(files(&dir.path().join(DIR_NAME)), Vec::<String>::new());
}

#[test]
fn a_kill_while_saving_the_state_keeps_the_previous_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sessions = Sessions::in_dir(dir.path());
    let old = ResumeState::new(
        &stretches(),
        1,
        &[done(15)],
        t("2026-11-21T20:00:00Z"),
        t("2026-11-21T20:01:00Z"),
    );
    let mut held = sessions.begin(old).expect("begin");
    held.record().expect("record");
    let old = held.state.clone();
    let path = held.path();
    drop(held);
    let mut new = ResumeState::new(
        &stretches(),
        2,
        &[done(15), done(40)],
        t("2026-11-21T20:00:00Z"),
        t("2026-11-21T20:02:00Z"),
    );
    new.recorded = old.recorded.clone();
    let bytes = ron::ser::to_string_pretty(&new, ron::ser::PrettyConfig::new())
        .expect("text")
        .into_bytes();
    for n in 0..=bytes.len() {
        write_steps(&path, &bytes, |step, tmp| {
            if step == Step::Written {
                let f = fs::OpenOptions::new().write(true).open(tmp).expect("open");
                f.set_len(n as u64).expect("truncate");
                return false;
            }
            true
        })
        .expect("interrupted");
        let loaded = sessions.load();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(loaded.open.len(), 1, "cut at {n}");
        assert_eq!(loaded.open[0].state, old, "cut at {n}");
    }
}

/// Issue 22: the saves of a running session go into one of two slots of its file, in
/// place, in turn. Class: a kill in the middle of a save must leave the state saved
/// before, whatever byte it stops at, and a save that went in whole is the one read.
#[test]
fn a_kill_in_the_middle_of_an_in_place_save_keeps_the_previous_state() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sessions = Sessions::in_dir(dir.path());
    let mut held = sessions.begin(killed_stretches()).expect("begin");
    // A few saves in place: the file keeps its size and its inode (not replaced).
    let path = held.path();
    let meta = || {
        use std::os::unix::fs::MetadataExt as _;
        let m = fs::metadata(&path).expect("state");
        (m.len(), m.ino())
    };
    let first = meta();
    for step in 3..=4 {
        held.state.step = step;
        held.checkpoint().expect("checkpoint");
        assert_eq!(meta(), first, "step {step}: written in place");
    }
    let old = held.state.clone();
    let mut new = old.clone();
    new.step = 5;
    let before = fs::read(&path).expect("state");
    drop(held); // the kill
    // The next save goes to the slot that does not hold the newest state.
    let Contents::Slot { seq, slot, .. } = state_file::decode(&before) else {
        panic!("not in slots")
    };
    let size = before.len() / 2;
    let other = (1 - slot) * size;
    let text = state_text(&new).expect("text");
    let next = state_file::encode_slot(seq + 1, text.as_bytes(), size).expect("fits");
    // Cut every few bytes through the header and the text, at each byte around where
    // they end, and after the whole slot (the padding after them is the same bytes).
    let used = next
        .iter()
        .rposition(|b| *b != b' ' && *b != b'\n')
        .expect("text")
        + 1;
    let cuts = (0..used)
        .step_by(5)
        .chain([used - 1, used, used + 1, next.len()]);
    for n in cuts {
        let mut cut = before.clone();
        cut[other..other + n].copy_from_slice(&next[..n]);
        fs::write(&path, &cut).expect("cut save");
        let loaded = sessions.load();
        assert!(
            loaded.warnings.is_empty(),
            "cut at {n}: {:?}",
            loaded.warnings
        );
        assert_eq!(loaded.open.len(), 1, "cut at {n}");
        // Whole once the header and the text are in (the padding is the same bytes).
        let expected = if cut[other..other + size] == next[..] {
            &new
        } else {
            &old
        };
        let mut got = loaded.open[0].state.clone();
        got.recorded = None;
        assert_eq!(&got, expected, "cut at {n}");
        fs::write(&path, &before).expect("restore");
        drop(loaded);
        // Loading recorded it (once): forget that, to load the cut again.
        for f in files(&dir.path().join("history")) {
            fs::remove_file(dir.path().join("history").join(f)).expect("unrecord");
        }
    }
}

#[test]
fn a_corrupt_state_file_is_moved_aside_with_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sessions = Sessions::in_dir(dir.path());
    // The one file of earlier versions, corrupt: moved aside where it was.
    let path = dir.path().join(LEGACY_FILE);
    fs::write(&path, "(routine: \"ball_bath\", step: 1").expect("write");
    let loaded = sessions.load();
    assert!(loaded.open.is_empty());
    assert_eq!(loaded.warnings.len(), 1);
    let warning = &loaded.warnings[0];
    assert!(
        warning.starts_with(&format!("{}:1:", path.display())),
        "{warning}"
    );
    assert!(warning.contains("resume.ron.corrupt"), "{warning}");
    assert_eq!(
        fs::read_to_string(dir.path().join("resume.ron.corrupt")).expect("kept"),
        "(routine: \"ball_bath\", step: 1"
    );
    // A second corrupt file does not replace the first.
    fs::write(&path, "garbage").expect("write");
    let again = sessions.load();
    assert!(again.warnings[0].contains("resume.ron.corrupt.1"));
    assert_eq!(
        fs::read_to_string(dir.path().join("resume.ron.corrupt")).expect("kept"),
        "(routine: \"ball_bath\", step: 1"
    );
    // A corrupt state in the sessions folder likewise.
    fs::create_dir_all(dir.path().join(DIR_NAME)).expect("folder");
    let bad: PathBuf = dir.path().join(DIR_NAME).join("x.ron");
    fs::write(&bad, "(((").expect("write");
    let loaded = sessions.load();
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert!(loaded.warnings[0].contains("x.ron.corrupt"));
    assert_eq!(
        fs::read_to_string(dir.path().join(DIR_NAME).join("x.ron.corrupt")).expect("kept"),
        "((("
    );
}

#[test]
fn the_state_of_an_earlier_version_is_taken_over_and_recorded_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let legacy = "(routine: \"five_stretches\", routine_name: \"Five gentle stretches\", \
         step: 2, steps: [(exercise: \"cat_cow\", name: \"Cat-cow\", outcome: Done, held: \"15s\"), \
         (exercise: \"wall_squat\", name: \"Wall squat\", outcome: Done, held: \"1m20s\", open_ended: true), \
         (exercise: \"child_pose\", name: \"Child's pose\", outcome: NotReached, held: \"0s\")], \
         started: \"2026-11-21T20:00:00+01:00\", saved: \"2026-11-21T20:03:00+01:00\")";
    fs::write(dir.path().join(LEGACY_FILE), legacy).expect("write");
    let sessions = Sessions::in_dir(dir.path());
    let loaded = sessions.load();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.open.len(), 1);
    assert_eq!(loaded.open[0].state.step, 2);
    assert!(!dir.path().join(LEGACY_FILE).exists());
    drop(loaded);
    drop(sessions.load());
    assert_eq!(history(dir.path()).len(), 1);
}

#[test]
fn resuming_copes_with_a_routine_that_changed_or_is_gone() {
    let state = ResumeState::new(
        &ball(),
        2,
        &[done(0), done(700)],
        t("2026-11-21T20:00:00Z"),
        t("2026-11-21T20:12:00Z"),
    );
    // Gone (a `--routines` file left out): said whole within 80 columns (the old
    // message was cut off there).
    let empty = Library::default();
    let gone = state.check(&empty).expect_err("gone");
    assert!(gone.chars().count() < 80, "{gone}");
    assert_eq!(
        gone,
        "Cannot resume Ball drape and bath: its routine is not loaded (kept for later)"
    );
    // Fewer steps: the bath was removed, nothing left to do.
    let mut short = library();
    short.routines[1].steps.truncate(2);
    assert_eq!(
        state.check(&short).expect_err("nothing left"),
        "Ball drape and bath has no steps left to do (it has 2 now), so there is nothing to resume"
    );
    // A step replaced: its outcome does not carry over, and resuming starts there.
    let mut changed = library();
    changed.routines[1].steps[1] = exercise(
        "foam_roll",
        "Foam roller",
        Timing::Hold(TimeRange::secs(60, 60)),
    );
    let r = state.check(&changed).expect("resumable");
    assert_eq!(r.step, 1);
    assert_eq!(
        r.outcomes,
        vec![done(0), Outcome::Pending, Outcome::Pending]
    );
}

/// Issue 25, item 10: a saved session that claims an impossible time (saved "in 2300", or
/// a day-long run) is not offered: it would resume into a record of millions of hours that
/// led "Recent sessions". It is moved aside with the reason, never resumed or recorded.
#[test]
fn a_saved_session_from_the_future_or_a_day_long_is_not_offered() {
    for (started, saved, why) in [
        (
            "2300-01-01T08:00:00Z",
            "2300-01-01T08:05:00Z",
            "in the future",
        ),
        (
            "2026-11-01T08:00:00Z",
            "2026-11-21T08:00:00Z",
            "more than a day",
        ),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let sessions = Sessions::in_dir(dir.path());
        let state = ResumeState::new(&stretches(), 1, &[done(15)], t(started), t(saved));
        let path = {
            let held = sessions.begin(state).expect("begin");
            held.path()
        };
        let loaded = sessions.load();
        assert!(loaded.open.is_empty(), "{why}: offered");
        assert!(
            loaded.warnings.iter().any(|w| w.contains(why)),
            "{why}: {:?}",
            loaded.warnings
        );
        assert!(!path.exists(), "{why}: moved aside");
        assert!(
            load_from(&dir.path().join("history")).records.is_empty(),
            "{why}: recorded"
        );
    }
}
