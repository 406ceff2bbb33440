//! History on disk: one RON file per run of a routine in `<data dir>/history/`, named
//! after the run's id: its start time in UTC, the machine's host name and a unique suffix
//! (`2026-11-21T14-03-05Z-laptop-4242-17.ron`, [`run_id`]), written atomically and never
//! rewritten (the last step refuses to replace a file: [`super::atomic::write_new`]).
//! Two instances at once write different files, so nothing is lost and no lock is
//! needed; a run's record written twice (a retry) finds its file there and stops
//! ([`write_once`]), so one run is one record. Two machines syncing one folder write
//! different names (the host is in them), and a run seen in two files (a sync tool's
//! conflict copy; the copy written with the summary's check-in answer,
//! `<run id>-after.ron`) is loaded once (`history::travel::dedupe`).
//!
//! The names are made here rather than left to `tempfile`'s random ones so that a
//! listing of the directory reads in time order; the process id and a counter keep two
//! instances' names apart, and a name that is taken anyway is never replaced.
//!
//! Reading takes every `*.ron` file in the directory, each a regular file of at most
//! [`HISTORY_LIMIT`] (anything else is named in a warning and skipped, never waited on
//! or read whole). A file that does not load (damaged, or written by a newer backease)
//! is never overwritten, deleted or moved: with history shared by Syncthing or git a
//! move would propagate and another machine would lose the record. It is left where it
//! is, skipped, and one warning naming the file, line and column says so; the other
//! records load as usual. A record that loads must also pass
//! [`SessionRecord::check`] (no control characters in any of its texts, its file name
//! included; times and holds within sane bounds), else it is skipped the same way.
//! Records already
//! parsed are taken from the index (`history_index`), checked against each file's
//! `stat`, so ten years of history cost a `stat` per file, not a parse.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use jiff::Zoned;
use jiff::tz::TimeZone;

use super::atomic::{is_temp, write_new};
use super::history_index::{Index, Key};
use super::paths;
use super::read::{HISTORY_LIMIT, read_bounded};
use crate::history::{SessionRecord, WallTime};

/// Where history lives, under the data directory.
pub const DIR_NAME: &str = "history";
/// Where earlier versions moved unreadable history files, inside the history
/// directory (nothing is moved any more; see the module doc).
pub const CORRUPT_DIR: &str = "corrupt";

/// A history file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("no data directory for history (set BACKEASE_DATA_DIR or HOME)")]
    NoDataDir,
    #[error("could not write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("could not turn the session into text: {0}")]
    Format(#[from] ron::Error),
}

/// What was read: the records (each with its `id`, oldest first) and a warning per file
/// that could not be read or was moved aside.
#[derive(Debug, Default)]
pub struct Loaded {
    pub records: Vec<SessionRecord>,
    pub warnings: Vec<String>,
}

/// The history directory: `<data dir>/history`.
pub fn dir() -> Option<PathBuf> {
    paths::data_dir().map(|d| d.join(DIR_NAME))
}

/// The wall clock now, with the local UTC offset (the shells' only clock for history).
pub fn now() -> WallTime {
    WallTime::from(&Zoned::now())
}

/// Saves a record in the platform history directory and returns its id.
pub fn record(record: &SessionRecord) -> Result<String, HistoryError> {
    let dir = dir().ok_or(HistoryError::NoDataDir)?;
    record_in(&dir, record)
}

/// Saves a record as a new file in `dir` under a fresh id and returns the id (the file
/// stem). For a record that may be retried, [`write_once`] with the run's id instead.
pub fn record_in(dir: &Path, record: &SessionRecord) -> Result<String, HistoryError> {
    let text = to_text(record)?;
    // A fresh name each try; an existing file (same second, a recycled process id) is
    // never replaced, even one written by another instance at the same moment.
    loop {
        let id = new_id(&record.ended);
        let path = dir.join(format!("{id}.ron"));
        match write_new(&path, text.as_bytes()) {
            Ok(()) => return Ok(id),
            // Only a file at that name means "try another name"; anything else (the
            // directory is a file, say) is the error to report.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && path.exists() => {}
            Err(source) => return Err(HistoryError::Write { path, source }),
        }
    }
}

/// Writes the record of the run `id` (see [`run_id`]) as `dir/<id>.ron`, once: if that
/// file is already there, the record was written by an earlier try and nothing is done.
/// So a retry (a launch after a failed save, two launches at once) never makes a second
/// record of one run.
pub fn write_once(dir: &Path, id: &str, record: &SessionRecord) -> Result<(), HistoryError> {
    let text = to_text(record)?;
    let path = dir.join(format!("{id}.ron"));
    match write_new(&path, text.as_bytes()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && path.is_file() => Ok(()),
        Err(source) => Err(HistoryError::Write { path, source }),
    }
}

/// A new run's id, fixed when it starts and used for its record's file name: its start
/// in UTC, the host, the process id and a counter (`2026-11-21T14-03-05Z-laptop-4242-17…`),
/// so names list in time order and two instances (or machines) never pick the same one.
pub fn run_id(started: &WallTime) -> String {
    new_id(started)
}

/// The record as its file holds it: pretty RON with a comment line on top.
pub fn to_text(record: &SessionRecord) -> Result<String, ron::Error> {
    let body = ron::ser::to_string_pretty(record, pretty())?;
    // The name goes into a comment line: no line breaks there.
    let name: String = record
        .routine_name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    Ok(format!(
        "// backease session: {name} on {}\n{body}\n",
        record.started.local_minute()
    ))
}

/// Pretty RON as people write it: no struct names, `Child's pose` not `Child\'s pose`.
pub(crate) fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .struct_names(false)
        .escape_strings(false)
}

fn new_id(at: &WallTime) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let utc = at
        .at
        .to_zoned(TimeZone::UTC)
        .strftime("%Y-%m-%dT%H-%M-%SZ")
        .to_string();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{utc}-{}-{}-{n}{nanos:09}", host(), std::process::id())
}

/// This machine's name as file names carry it ([`crate::history::travel::host_tag`]),
/// so two machines syncing one history folder never pick the same name.
pub fn host() -> &'static str {
    static HOST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOST.get_or_init(|| {
        let raw = crate::sys::host_name()
            .or_else(|| fs::read_to_string("/etc/hostname").ok())
            .unwrap_or_default();
        crate::history::travel::host_tag(raw.trim())
    })
}

/// When the newest record in `dir` ended, by the record's own time (never the file's
/// modification time: `git pull` or a copy gives an old record a fresh one). Records are
/// named by their start time, so the last names are the newest: the last few are read
/// (each a small bounded file), and the latest end among those that load and pass
/// [`SessionRecord::check`] against `now` is the answer. For desk mode and `status`,
/// which only need to know when a routine was last done (in this window or another).
pub fn newest_ended(dir: &Path, now: jiff::Timestamp) -> Option<jiff::Timestamp> {
    /// Enough to step over a conflict copy, a check-in's copy and a damaged file or two.
    const LOOK_AT: usize = 8;
    let mut names: Vec<std::ffi::OsString> = fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().ends_with(".ron"))
        .collect();
    names.sort_unstable();
    names
        .iter()
        .rev()
        .take(LOOK_AT)
        .filter(|n| !is_temp(Path::new(n)))
        .filter_map(|name| {
            let bytes = read_bounded(&dir.join(name), HISTORY_LIMIT).ok()?;
            let mut record: SessionRecord =
                ron::from_str(std::str::from_utf8(&bytes).ok()?).ok()?;
            record.id = Path::new(name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            record.check(now).ok()?;
            Some(record.ended.at)
        })
        .max()
}

/// Loads the platform history directory (see [`load_from`]).
pub fn load() -> Loaded {
    match dir() {
        Some(dir) => load_from(&dir),
        None => Loaded {
            records: Vec::new(),
            warnings: vec!["no data directory, so no history (set BACKEASE_DATA_DIR)".into()],
        },
    }
}

/// Reads every record in `dir`, oldest first. A missing directory is an empty history.
/// Unreadable files are left where they are, with a warning (see the module doc).
pub fn load_from(dir: &Path) -> Loaded {
    load_at(dir, jiff::Timestamp::now())
}

/// [`load_from`] with the time records are checked against ([`SessionRecord::check`]).
pub fn load_at(dir: &Path, now: jiff::Timestamp) -> Loaded {
    let mut loaded = Loaded::default();
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return loaded,
        Err(e) => {
            loaded
                .warnings
                .push(format!("could not read {}: {e}", dir.display()));
            return loaded;
        }
    };
    // One `stat` per file: the key the index checks its entry against (see
    // `history_index`). Anything but a regular file has no key and goes to the bounded
    // read below, which names what it is. (A symlink is followed; a plain file is looked
    // at through the directory.)
    let mut paths: Vec<(String, PathBuf, Option<Key>)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let path = e.path();
            if path.extension().is_none_or(|x| x != "ron") || is_temp(&path) {
                return None;
            }
            let meta = match e.file_type() {
                Ok(t) if t.is_file() => e.metadata().ok(),
                _ => fs::metadata(&path).ok(),
            };
            let key = meta.filter(|m| m.is_file()).map(|m| Key::of(&m));
            let name = e.file_name().to_string_lossy().into_owned();
            Some((name, path, key))
        })
        .collect();
    paths.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut index = Index::open(dir);
    for (name, path, key) in paths {
        if let Some(record) = key.and_then(|key| index.take(&name, key)) {
            match record.check(now) {
                Ok(()) => loaded.records.push(record),
                Err(problem) => loaded.warnings.push(left_in_place(&path, &problem)),
            }
            continue;
        }
        let text = match read_bounded(&path, HISTORY_LIMIT) {
            Ok(bytes) => bytes,
            // A FIFO, a device, a folder or a huge file is not a record: said and
            // skipped, never waited on or read, and left where it is.
            Err(e) => {
                loaded.warnings.push(format!(
                    "could not read {}: {e}",
                    crate::text::escape(&path.display().to_string())
                ));
                continue;
            }
        };
        let parsed = std::str::from_utf8(&text)
            .map_err(|e| format!("not UTF-8 text ({e})"))
            .and_then(|t| {
                ron::from_str::<SessionRecord>(t)
                    .map_err(|e| super::record_words::record_problem(&e, t))
            });
        let checked = parsed.and_then(|mut record| {
            record.id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            record.check(now).map_err(|p| format!(" {p}"))?;
            Ok(record)
        });
        match checked {
            Ok(record) => {
                if let Some(key) = key {
                    index.put(&name, key);
                }
                loaded.records.push(record);
            }
            Err(problem) => loaded.warnings.push(left_in_place(&path, &problem)),
        }
    }
    index.save(&loaded.records);
    // The same run twice (a sync tool's conflict copy, the summary's check-in answer
    // written later) counts once.
    loaded.records = crate::history::travel::dedupe(std::mem::take(&mut loaded.records));
    loaded.records.sort_by_key(|r| r.started.at);
    loaded
}

/// What is said of a record that cannot be shown: where it is, what is wrong (`problem`
/// starts with its `:line:column:`, or a space), and that it stays.
fn left_in_place(path: &Path, problem: &str) -> String {
    format!(
        "{}:{problem}\n  this record is skipped and left where it is (written by a newer \
         backease, damaged, or edited by hand: nothing was moved or deleted)",
        crate::text::escape(&path.display().to_string())
    )
}
