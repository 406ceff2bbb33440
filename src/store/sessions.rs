//! The sessions of every window, each in its own file, each locked by the process that
//! runs it: `<data dir>/sessions/<run id>.ron` holds a run's [`ResumeState`] and
//! `<run id>.lock` its lock (an exclusive `flock`, held from the run's first save until
//! the process ends; the kernel lets go of it when the process dies, `kill -9` included).
//!
//! - A run saves its state at every step change and periodically in a long hold, so a
//!   kill loses at most a few seconds of it.
//! - A launch ([`Sessions::load`]) takes only states whose lock it can get: another
//!   window's live session is never taken for an abandoned one, and the states it takes
//!   stay locked while it offers them, so two windows never offer the same one.
//! - A run's history record is written under the run's id ([`history::write_once`]): a
//!   retry finds it there, so one run is one record however often it is retried. When it
//!   cannot be written (history not writable, disk full), the state stays with the
//!   record in it and the next launch that can writes it.
//! - A state goes only when its record is written and it cannot be resumed any more
//!   (finished, ended by the person, declined, taken up by a later run). Starting
//!   another routine, leaving the question unanswered or a routine missing from this
//!   launch's files keep it.
//! - The state is saved in place, into one of two slots of its file taken in turn
//!   ([`super::state_file`]): a save costs one write into space the file already has,
//!   a kill in the middle of one leaves the state saved before, and a full disk does not
//!   stop it.
//! - A run whose last state could be neither saved nor recorded leaves nothing behind
//!   that would later be taken for it: its stale state and lock go (see
//!   [`Held::give_up`]), and a lock file is never left without its state.
//!
//! A state file that does not load is moved aside (`<run id>.ron.corrupt`), never
//! overwritten. The single `resume.ron` of earlier versions is moved in on first load.
//! Files are read with [`super::read::read_bounded`] (bound:
//! [`super::read::RESUME_LIMIT`]).

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

use super::atomic::{is_temp, move_to_free_name};
use super::history::{self, HistoryError};
use super::paths;
use super::read::{RESUME_LIMIT, ReadError, read_bounded};
use super::resume::ResumeState;
use super::state_file::{self, Contents, StateFile};

/// The folder of session states, under the data directory.
pub const DIR_NAME: &str = "sessions";
/// The one state file of backease before 0.2, moved into [`DIR_NAME`] when found.
pub const LEGACY_FILE: &str = "resume.ron";

/// A session state could not be saved or removed.
#[derive(Debug, thiserror::Error)]
pub enum ResumeError {
    #[error("no data directory to keep the session in (set BACKEASE_DATA_DIR or HOME)")]
    NoDataDir,
    #[error("could not save the session to {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("could not remove {}: {source}", path.display())]
    Remove { path: PathBuf, source: io::Error },
    #[error("could not turn the session into text: {0}")]
    Format(#[from] ron::Error),
}

/// The session states and history of one data directory.
#[derive(Debug, Clone)]
pub struct Sessions {
    data_dir: PathBuf,
}

/// A run's state whose lock this process holds: nobody else touches it meanwhile. The
/// lock goes with the value (or the process).
#[derive(Debug)]
pub struct Held {
    pub state: ResumeState,
    dir: PathBuf,
    history: PathBuf,
    /// The state file as this process wrote it (none until its first save here: a state
    /// taken at launch is written anew, in slots, at its first save).
    file: Option<StateFile>,
    _lock: File,
}

/// What [`Sessions::load`] found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Abandoned sessions that may be resumed, newest first, each locked for this
    /// process. Their records are written (or a warning says why not).
    pub open: Vec<Held>,
    /// One line per problem: a file moved aside, a record not written yet.
    pub warnings: Vec<String>,
}

impl Sessions {
    /// The platform data directory's sessions.
    pub fn platform() -> Result<Sessions, ResumeError> {
        paths::data_dir()
            .map(|d| Sessions::in_dir(&d))
            .ok_or(ResumeError::NoDataDir)
    }

    /// The sessions of `data_dir` (history in `data_dir/history`).
    pub fn in_dir(data_dir: &Path) -> Sessions {
        Sessions {
            data_dir: data_dir.to_path_buf(),
        }
    }

    /// The folder of state files.
    pub fn dir(&self) -> PathBuf {
        self.data_dir.join(DIR_NAME)
    }

    fn history(&self) -> PathBuf {
        self.data_dir.join(history::DIR_NAME)
    }

    /// Starts keeping a new run: gives it its id ([`history::run_id`]), takes its lock
    /// and saves its state.
    pub fn begin(&self, mut state: ResumeState) -> Result<Held, ResumeError> {
        let dir = self.dir();
        state.id = history::run_id(&state.started);
        let lock_path = lock_path(&dir, &state.id);
        let lock = fs::create_dir_all(&dir)
            .and_then(|()| lock_file(&lock_path))
            .and_then(|file| match file.try_lock() {
                Ok(()) => Ok(file),
                Err(TryLockError::WouldBlock) => Err(io::Error::from(io::ErrorKind::WouldBlock)),
                Err(TryLockError::Error(e)) => Err(e),
            })
            .map_err(|source| ResumeError::Write {
                path: lock_path,
                source,
            })?;
        let mut held = Held {
            state,
            dir,
            history: self.history(),
            file: None,
            _lock: lock,
        };
        if let Err(e) = held.save() {
            // No state, no lock file: nothing is left for a launch to wonder about (we
            // still hold the lock, so nobody else is using the name).
            let _ = fs::remove_file(self::lock_path(&held.dir, &held.state.id));
            return Err(e);
        }
        Ok(held)
    }

    /// Writes the record of a run whose state could not be kept (a fresh id if it has
    /// none): the last chance not to lose it.
    pub fn record_only(&self, mut state: ResumeState) -> Result<(), HistoryError> {
        if state.id.is_empty() {
            state.id = history::run_id(&state.started);
        }
        history::write_once(&self.history(), &state.id, &state.as_record())
    }

    /// Takes every abandoned session (see the module doc): writes the records not yet
    /// written, removes the states that are done with, and returns the ones to offer,
    /// locked. Live sessions of other windows are left alone.
    pub fn load(&self) -> Loaded {
        let mut loaded = Loaded::default();
        self.adopt_legacy(&mut loaded.warnings);
        let dir = self.dir();
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return loaded,
            Err(e) => {
                let warning = format!("could not read {}: {e}", dir.display());
                loaded.warnings.push(warning);
                return loaded;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron") && !is_temp(p))
            .collect();
        paths.sort();
        for path in paths {
            if let Some(held) = self.take(&path, &mut loaded.warnings) {
                loaded.open.push(held);
            }
        }
        loaded
            .open
            // Saved times are whole seconds; within one, the later start (the id) first.
            .sort_by(|a, b| (b.state.saved.at, &b.state.id).cmp(&(a.state.saved.at, &a.state.id)));
        loaded
    }

    /// One state file: locked, read, its record written; `Some` if it may be offered.
    fn take(&self, path: &Path, warnings: &mut Vec<String>) -> Option<Held> {
        let id = path.file_stem()?.to_string_lossy().into_owned();
        let dir = self.dir();
        let lock = match lock_file(&lock_path(&dir, &id)) {
            Ok(file) => file,
            Err(e) => {
                warnings.push(format!("could not lock {}: {e}", path.display()));
                return None;
            }
        };
        match try_lock_settled(&lock) {
            Ok(()) => {}
            // Another window's session, alive: not ours to touch.
            Err(TryLockError::WouldBlock) => return None,
            Err(TryLockError::Error(e)) => {
                warnings.push(format!("could not lock {}: {e}", path.display()));
                return None;
            }
        }
        let mut state = match read_state(path) {
            Ok(state) => state,
            // Finished by its window between the listing and the lock.
            Err(StateProblem::Gone) => {
                let _ = fs::remove_file(lock_path(&dir, &id));
                return None;
            }
            Err(StateProblem::Unreadable(warning)) => {
                if !path.exists() {
                    // Moved aside: its lock file goes too (we hold it).
                    let _ = fs::remove_file(lock_path(&dir, &id));
                }
                warnings.push(warning);
                return None;
            }
        };
        state.id = id;
        let mut held = Held {
            state,
            dir,
            history: self.history(),
            file: None,
            _lock: lock,
        };
        if let Err(e) = held.record() {
            warnings.push(format!(
                "{} from {} is not in history yet ({e}); it is kept and written at the next \
                 launch that can",
                held.state.routine_name,
                held.state.started.local_minute()
            ));
        }
        if held.state.open {
            return Some(held);
        }
        if held.state.recorded.is_some()
            && let Err(e) = held.forget()
        {
            warnings.push(e.to_string());
        }
        None
    }

    /// Moves the `resume.ron` of an earlier version into the sessions folder (one
    /// no-clobber rename, so two launches at once cannot both take it).
    fn adopt_legacy(&self, warnings: &mut Vec<String>) {
        let legacy = self.data_dir.join(LEGACY_FILE);
        let state = match read_state(&legacy) {
            Ok(state) => state,
            Err(StateProblem::Gone) => return,
            Err(StateProblem::Unreadable(warning)) => return warnings.push(warning),
        };
        let id = state
            .recorded
            .clone()
            .unwrap_or_else(|| history::run_id(&state.started));
        let dir = self.dir();
        let moved = fs::create_dir_all(&dir).and_then(|()| {
            move_to_free_name(&legacy, |n| match n {
                0 => dir.join(format!("{id}.ron")),
                n => dir.join(format!("{id}-{n}.ron")),
            })
        });
        if let Err(e) = moved
            && e.kind() != io::ErrorKind::NotFound
        {
            warnings.push(format!("could not move {}: {e}", legacy.display()));
        }
    }
}

impl Held {
    /// Saves the state and waits for the disk: step changes and the end of a run.
    pub fn save(&mut self) -> Result<(), ResumeError> {
        self.write(true)
    }

    /// Saves the state without waiting for the disk: the saves every few seconds of a
    /// hold. A kill at any moment still leaves this state or the one before whole; only
    /// a power cut may lose the last few seconds.
    pub fn checkpoint(&mut self) -> Result<(), ResumeError> {
        self.write(false)
    }

    fn write(&mut self, synced: bool) -> Result<(), ResumeError> {
        let text = state_text(&self.state)?;
        let path = self.path();
        let written = match &mut self.file {
            Some(file) => file.save(&path, text.as_bytes(), synced),
            None => StateFile::create(&path, text.as_bytes(), synced).map(|f| {
                self.file = Some(f);
            }),
        };
        written.map_err(|source| ResumeError::Write { path, source })
    }

    /// Writes the run's history record unless it is written already (under the run's
    /// id, so a retry never writes a second one), then notes it in the state (saved
    /// when it can be; if not, the next try finds the record there).
    pub fn record(&mut self) -> Result<(), HistoryError> {
        if self.state.recorded.is_some() {
            return Ok(());
        }
        history::write_once(&self.history, &self.state.id, &self.state.as_record())?;
        self.state.recorded = Some(self.state.id.clone());
        let _ = self.save();
        Ok(())
    }

    /// Removes the state and its lock file: the run is recorded and over for good.
    pub fn forget(self) -> Result<(), ResumeError> {
        let path = self.dir.join(format!("{}.ron", self.state.id));
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(ResumeError::Remove { path, source }),
        }
        // Still locked by us: nobody takes the run meanwhile.
        let _ = fs::remove_file(lock_path(&self.dir, &self.state.id));
        Ok(())
    }

    /// The run cannot be resumed any more (declined, or taken up by a later run): gone
    /// if its record is written, else kept closed until a launch can write it.
    pub fn close(mut self) -> Result<(), ResumeError> {
        self.state.open = false;
        if self.record().is_ok() {
            self.forget()
        } else {
            self.save()
        }
    }

    /// The state file's path.
    pub fn path(&self) -> PathBuf {
        self.dir.join(format!("{}.ron", self.state.id))
    }

    /// The run's last state could be neither saved nor recorded: what its file holds is
    /// stale (an earlier step), and a later launch would record that and offer it as the
    /// run. So the file and its lock go (removing needs no space), which may make room
    /// for the record after all: it is tried once more, then the state once more. `Ok`
    /// says where the run went; `Err` that it is lost (and nothing stale is left).
    pub fn give_up(mut self) -> Result<Kept, ResumeError> {
        let path = self.path();
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(ResumeError::Remove { path, source }),
        }
        self.file = None;
        // One that may still be resumed is worth its whole state first.
        let mut failed = None;
        if self.state.open {
            match self.save() {
                Ok(()) => return Ok(Kept::Saved(Box::new(self))),
                Err(e) => failed = Some(e),
            }
        }
        if self.record().is_ok() {
            let _ = self.forget();
            return Ok(Kept::Recorded);
        }
        let failed = match failed {
            Some(e) => e,
            None => match self.save() {
                Ok(()) => return Ok(Kept::Saved(Box::new(self))),
                Err(e) => e,
            },
        };
        let _ = fs::remove_file(&path);
        let _ = fs::remove_file(lock_path(&self.dir, &self.state.id));
        Err(failed)
    }
}

/// Where [`Held::give_up`] put a run after all.
#[derive(Debug)]
pub enum Kept {
    /// Its record is written (and its state gone).
    Recorded,
    /// Its state is saved whole, to be recorded later.
    Saved(Box<Held>),
}

/// A state as its slot holds it: a comment line, then pretty RON.
pub fn state_text(state: &ResumeState) -> Result<String, ron::Error> {
    Ok(format!(
        "// backease: a session, kept until it is recorded and cannot be resumed\n{}\n",
        ron::ser::to_string_pretty(state, history::pretty())?
    ))
}

fn lock_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.lock"))
}

/// Opens (creating if needed) a lock file; its contents are never read or written. Not
/// blocking, and only a regular file (`read::open_regular`).
fn lock_file(path: &Path) -> io::Result<File> {
    super::read::open_regular(
        path,
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false),
    )
}

enum StateProblem {
    Gone,
    /// The warning to show: the file could not be read (it stays) or did not load (it
    /// was moved aside).
    Unreadable(String),
}

fn read_state(path: &Path) -> Result<ResumeState, StateProblem> {
    let bytes = match read_bounded(path, RESUME_LIMIT) {
        Ok(bytes) => bytes,
        Err(ReadError::NotFound) => return Err(StateProblem::Gone),
        Err(e) => {
            return Err(StateProblem::Unreadable(format!(
                "could not read {}: {e}",
                path.display()
            )));
        }
    };
    let text = match state_file::decode(&bytes) {
        Contents::Slot { body, .. } | Contents::Whole(body) => Ok(body),
        Contents::Damaged => Err("neither of its two slots holds a whole state".to_string()),
    };
    text.and_then(|b| std::str::from_utf8(b).map_err(|e| format!("not UTF-8 text ({e})")))
        .and_then(|t| {
            ron::from_str::<ResumeState>(t).map_err(|e| format!("{}: {}", e.span.start, e.code))
        })
        // What a record may claim bounds a saved session too (issue 25): one "saved in
        // 2300" would resume into a record of millions of hours.
        .and_then(
            |state| match state.as_record().check(jiff::Timestamp::now()) {
                Ok(()) => Ok(state),
                Err(problem) => Err(format!(" {problem}")),
            },
        )
        .map_err(|problem| StateProblem::Unreadable(move_aside(path, &problem)))
}

fn move_aside(path: &Path, problem: &str) -> String {
    let what = format!("{}:{problem}", path.display());
    let moved = move_to_free_name(path, |n| match n {
        0 => path.with_extension("ron.corrupt"),
        n => path.with_extension(format!("ron.corrupt.{n}")),
    });
    match moved {
        Ok(target) => format!(
            "{what}\n  the saved session could not be read and was moved to {}; \
             it cannot be resumed",
            target.display()
        ),
        Err(e) => {
            format!("{what}\n  the saved session could not be read (moving it aside failed: {e})")
        }
    }
}

/// Takes `lock` without waiting, asking again a few times over 50 ms before saying it is
/// held. A lock released a moment ago can still look held: a process this one (or the
/// window that held it) is starting has a copy of the descriptor from the fork until its
/// exec closes it. Another window's running session holds its lock for good.
fn try_lock_settled(lock: &fs::File) -> Result<(), TryLockError> {
    for _ in 0..5 {
        match lock.try_lock() {
            Err(TryLockError::WouldBlock) => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            other => return other,
        }
    }
    lock.try_lock()
}
