//! An index of parsed history records, so that reading ten years of history costs one
//! file read and a `stat` per record instead of opening and parsing every file.
//!
//! The index is `<history>/.index`: one line per record file, keyed by the file's name
//! and what `stat` says of it (size, modification and change times, inode). It is only a
//! cache and never trusted over the record files themselves: an entry is used only when
//! its file is still there with the same key; a file that is new or changed in any way is
//! read and parsed as before; entries of files that are gone are dropped. The index is
//! rewritten (atomically: [`super::atomic::write_atomic`]) only when something changed.
//! An index that cannot be read or does not parse, whatever is in it, counts as empty
//! and is rebuilt; two instances writing it at once each write a whole, true index.
//!
//! The format is tab-separated text, one line per record (see [`encode`]): faster to read
//! than RON by an order of magnitude, and still readable by a person. Tabs, line breaks
//! and backslashes in names are escaped.

use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::Offset;

use super::atomic::write_atomic;
use crate::history::{STIFFNESS_MAX, SessionRecord, StepOutcome, StepRecord, Stiffness, WallTime};

/// The index's file name, inside the history directory.
pub const FILE_NAME: &str = ".index";
/// The first line; an index with another is rebuilt.
const HEADER: &str = "backease history index 3";
/// The index is read with this bound (about 300 bytes a record: 100,000 records).
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// What `stat` says of a record file; any change means the file is read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub size: u64,
    pub modified_ns: i128,
    pub changed_ns: i128,
    pub inode: u64,
}

impl Key {
    pub fn of(meta: &Metadata) -> Key {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
            Key {
                size: meta.len(),
                modified_ns: ns(meta.mtime(), meta.mtime_nsec()),
                changed_ns: ns(meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let modified_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128);
            Key {
                size: meta.len(),
                modified_ns,
                changed_ns: 0,
                inode: 0,
            }
        }
    }
}

/// The index as read, and the one being built for the files there now.
#[derive(Debug, Default)]
pub struct Index {
    /// The entries read, by file name in order, and how far [`Index::take`] has come.
    old: Vec<(String, Key, SessionRecord)>,
    next_old: usize,
    /// The file name and key of each record handed out or added, in that order.
    new: Vec<(String, Key)>,
    /// Something differs from the index on disk: a file added, changed or gone.
    changed: bool,
    path: PathBuf,
}

impl Index {
    /// Reads the index of `dir` (an empty one if it is missing or does not parse).
    pub fn open(dir: &Path) -> Index {
        let path = dir.join(FILE_NAME);
        let old = super::read::read_bounded(&path, MAX_BYTES)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|text| decode(&text))
            .unwrap_or_default();
        Index {
            old,
            next_old: 0,
            new: Vec::new(),
            changed: false,
            path,
        }
    }

    /// The record of file `name` if the index has it with this very key. Asked in file
    /// name order (as the directory is read), so this is one walk through the index.
    pub fn take(&mut self, name: &str, key: Key) -> Option<SessionRecord> {
        while let Some((n, ..)) = self.old.get(self.next_old) {
            if n.as_str() >= name {
                break;
            }
            // A file the index has and the directory no longer does.
            self.changed = true;
            self.next_old += 1;
        }
        let (n, k, _) = self.old.get(self.next_old)?;
        if n != name {
            return None;
        }
        self.next_old += 1;
        if *k != key {
            self.changed = true;
            return None;
        }
        self.new.push((name.to_string(), key));
        let record = &mut self.old[self.next_old - 1].2;
        Some(std::mem::replace(record, empty_record()))
    }

    /// Adds a record just read from its file.
    pub fn put(&mut self, name: &str, key: Key) {
        self.changed = true;
        self.new.push((name.to_string(), key));
    }

    /// Writes the index when it differs from the one read (files gone count), given the
    /// records [`Index::take`] and [`Index::put`] were about, in that order. A failure to
    /// write costs only speed: the next read parses the files again.
    pub fn save(self, records: &[SessionRecord]) {
        let gone = self.next_old < self.old.len();
        if !(self.changed || gone) || records.len() != self.new.len() {
            return;
        }
        let _ = write_atomic(&self.path, encode(self.new.iter().zip(records)).as_bytes());
    }
}

fn empty_record() -> SessionRecord {
    let zero = WallTime::new(Timestamp::UNIX_EPOCH, Offset::UTC);
    SessionRecord {
        id: String::new(),
        routine: String::new(),
        routine_name: String::new(),
        started: zero,
        ended: zero,
        finished: false,
        continues: None,
        sped_up: false,
        stiffness: Stiffness::default(),
        steps: Vec::new(),
    }
}

/// The index text: the header, then per record a line of tab-separated fields: file
/// name, size, modified and changed times (ns), inode; routine, routine name, started
/// and ended (seconds, nanoseconds, UTC offset seconds each), finished (0/1), sped up (0/1), the id it
/// continues (`-` none, `+id`), the stiffness before and after (`-` none, a digit), the
/// number of steps; then per step its exercise, name,
/// outcome (D, S, E, P, N, T for stopped), held (ns) and open-ended (0/1).
pub fn encode<'a>(
    records: impl ExactSizeIterator<Item = (&'a (String, Key), &'a SessionRecord)>,
) -> String {
    let mut out = String::with_capacity(64 + records.len() * 320);
    out.push_str(HEADER);
    out.push('\n');
    for ((name, key), r) in records {
        let mut fields: Vec<String> = vec![
            escape(name),
            key.size.to_string(),
            key.modified_ns.to_string(),
            key.changed_ns.to_string(),
            key.inode.to_string(),
            escape(&r.routine),
            escape(&r.routine_name),
        ];
        for t in [&r.started, &r.ended] {
            fields.push(t.at.as_second().to_string());
            fields.push(t.at.subsec_nanosecond().to_string());
            fields.push(t.offset.seconds().to_string());
        }
        fields.push(u8::from(r.finished).to_string());
        fields.push(u8::from(r.sped_up).to_string());
        fields.push(match &r.continues {
            None => "-".to_string(),
            Some(id) => format!("+{}", escape(id)),
        });
        for answer in [r.stiffness.before, r.stiffness.after] {
            fields.push(answer.map_or_else(|| "-".to_string(), |v| v.to_string()));
        }
        fields.push(r.steps.len().to_string());
        for s in &r.steps {
            fields.push(escape(&s.exercise));
            fields.push(escape(&s.name));
            fields.push(outcome_letter(s.outcome).to_string());
            fields.push(s.held.as_nanos().to_string());
            fields.push(u8::from(s.open_ended).to_string());
        }
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    out
}

/// The index's records in file name order, or `None` if anything in it is not as
/// [`encode`] writes it.
pub fn decode(text: &str) -> Option<Vec<(String, Key, SessionRecord)>> {
    let mut lines = text.split('\n');
    if lines.next()? != HEADER {
        return None;
    }
    let mut out = Vec::new();
    for line in lines {
        if line.is_empty() {
            continue;
        }
        let mut f = line.split('\t');
        let mut next = || f.next();
        let name = unescape(next()?)?;
        let key = Key {
            size: next()?.parse().ok()?,
            modified_ns: next()?.parse().ok()?,
            changed_ns: next()?.parse().ok()?,
            inode: next()?.parse().ok()?,
        };
        let routine = unescape(next()?)?;
        let routine_name = unescape(next()?)?;
        let mut time = || -> Option<WallTime> {
            let secs: i64 = next()?.parse().ok()?;
            let nanos: i32 = next()?.parse().ok()?;
            let offset: i32 = next()?.parse().ok()?;
            Some(WallTime::new(
                Timestamp::new(secs, nanos).ok()?,
                Offset::from_seconds(offset).ok()?,
            ))
        };
        let started = time()?;
        let ended = time()?;
        let finished = flag(next()?)?;
        let sped_up = flag(next()?)?;
        let continues = match next()? {
            "-" => None,
            id => Some(unescape(id.strip_prefix('+')?)?),
        };
        let mut answer = || -> Option<Option<u8>> {
            match next()? {
                "-" => Some(None),
                v => Some(Some(v.parse().ok().filter(|v| *v <= STIFFNESS_MAX)?)),
            }
        };
        let stiffness = Stiffness {
            before: answer()?,
            after: answer()?,
        };
        let count: usize = next()?.parse().ok()?;
        // Each step has five fields: a count larger than the line is a broken index.
        if count > line.len() / 5 {
            return None;
        }
        let mut steps = Vec::with_capacity(count);
        for _ in 0..count {
            let exercise = unescape(next()?)?;
            let name = unescape(next()?)?;
            let outcome = outcome_of(next()?)?;
            let held: u64 = next()?.parse().ok()?;
            let open_ended = flag(next()?)?;
            steps.push(StepRecord {
                exercise,
                name,
                outcome,
                held: Duration::from_nanos(held),
                open_ended,
            });
        }
        if next().is_some() {
            return None;
        }
        let id = name.strip_suffix(".ron").unwrap_or(&name).to_string();
        let record = SessionRecord {
            id,
            routine,
            routine_name,
            started,
            ended,
            finished,
            continues,
            sped_up,
            stiffness,
            steps,
        };
        out.push((name, key, record));
    }
    // Written in order; sorted anyway, so a reordered index is only slower.
    if !out.is_sorted_by(|a, b| a.0 < b.0) {
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.dedup_by(|a, b| a.0 == b.0);
    }
    Some(out)
}

fn flag(text: &str) -> Option<bool> {
    match text {
        "0" => Some(false),
        "1" => Some(true),
        _ => None,
    }
}

fn outcome_letter(o: StepOutcome) -> char {
    match o {
        StepOutcome::Done => 'D',
        StepOutcome::Skipped => 'S',
        StepOutcome::EndedEarly => 'E',
        StepOutcome::Painful => 'P',
        StepOutcome::NotReached => 'N',
        StepOutcome::Stopped => 'T',
    }
}

fn outcome_of(text: &str) -> Option<StepOutcome> {
    Some(match text {
        "D" => StepOutcome::Done,
        "S" => StepOutcome::Skipped,
        "E" => StepOutcome::EndedEarly,
        "P" => StepOutcome::Painful,
        "N" => StepOutcome::NotReached,
        "T" => StepOutcome::Stopped,
        _ => return None,
    })
}

/// A field with its tabs, line breaks and backslashes escaped.
fn escape(text: &str) -> String {
    if !text.contains(['\\', '\t', '\n', '\r']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(field: &str) -> Option<String> {
    if !field.contains('\\') {
        return Some(field.to_string());
    }
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            _ => return None,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str) -> SessionRecord {
        let t = |s: &str| s.parse::<WallTime>().expect("a time");
        SessionRecord {
            id: "2026-11-21T08-00-00Z-1-1".into(),
            routine: "r".into(),
            routine_name: name.into(),
            started: t("2026-11-21T08:00:00+05:30"),
            ended: t("2026-11-21T08:10:00+05:30"),
            finished: false,
            continues: Some("2026-11-20T08-00-00Z-1-0".into()),
            sped_up: true,
            stiffness: Stiffness {
                before: Some(7),
                after: None,
            },
            steps: vec![
                StepRecord {
                    exercise: "a".into(),
                    name: name.into(),
                    outcome: StepOutcome::Stopped,
                    held: Duration::from_millis(1_500),
                    open_ended: true,
                },
                StepRecord {
                    exercise: "b".into(),
                    name: String::new(),
                    outcome: StepOutcome::NotReached,
                    held: Duration::ZERO,
                    open_ended: false,
                },
            ],
        }
    }

    fn key() -> Key {
        Key {
            size: 1_234,
            modified_ns: 1_700_000_000_123_456_789,
            changed_ns: -5,
            inode: 42,
        }
    }

    #[test]
    fn records_round_trip_through_the_index_whatever_their_names() {
        for name in [
            "Plain",
            "tab\there",
            "line\nbreak\r",
            "back\\slash\\t",
            "",
            "\u{1b}[2J 界",
        ] {
            let r = record(name);
            let file = format!("{}.ron", r.id);
            let text = encode([(file.clone(), key())].iter().zip([&r]));
            assert_eq!(text.lines().count(), 2, "one line per record: {text:?}");
            let back = decode(&text).expect("the index decodes");
            assert_eq!(back, vec![(file, key(), r)], "{name:?}");
        }
    }

    #[test]
    fn a_broken_index_is_none_not_a_wrong_record() {
        let r = record("R");
        let text = encode([("x.ron".to_string(), key())].iter().zip([&r]));
        assert!(decode(&text).is_some());
        assert!(decode("").is_none());
        assert!(decode("backease history index 0\n").is_none());
        // Every cut of the line, and every field changed to junk, is refused.
        let line = text.lines().nth(1).expect("a record line");
        for cut in (0..line.len()).filter(|&i| line.is_char_boundary(i)) {
            let broken = format!("{HEADER}\n{}\n", &line[..cut]);
            let decoded = decode(&broken);
            assert!(
                decoded.as_ref().is_none_or(|m| m.is_empty()),
                "cut at {cut}: {decoded:?}"
            );
        }
        let fields: Vec<&str> = line.split('\t').collect();
        for i in 1..fields.len() {
            let mut bad = fields.clone();
            bad[i] = "x\\q";
            let broken = format!("{HEADER}\n{}\n", bad.join("\t"));
            assert!(decode(&broken).is_none(), "field {i} as junk");
        }
    }
}
