//! Reading and writing `plan.ron` in the config directory (issue 28). What a plan may say
//! and its checks are the core's ([`crate::plan::file`]); this finds the file, reads it
//! (bounded, regular files only, as every file backease opens) and says what went wrong.
//! A plan with a problem is reported and not followed; the file is never rewritten
//! because of it. `backease plan use` and `plan off` keep the file they replace as
//! `plan-previous.ron` (then `plan-previous-2.ron`, …), so a hand-written plan is never
//! lost.

use std::io;
use std::path::{Path, PathBuf};

use super::atomic::{write_atomic, write_new};
use super::paths;
use super::read::{PREFERENCES_LIMIT, ReadError, read_bounded};
use crate::plan::{self, Plan};
use crate::routine::Library;

/// The plan file's name in the config directory.
pub const FILE: &str = "plan.ron";
/// Where the plan a `plan use` or `plan off` replaced is kept.
pub const PREVIOUS: &str = "plan-previous.ron";

/// `plan.ron` in the config directory.
pub fn path() -> Option<PathBuf> {
    paths::config_dir().map(|d| d.join(FILE))
}

/// The plan in effect: `Ok(None)` without a file; `Err` with the message to show.
pub fn load(library: &Library) -> Result<Option<Plan>, String> {
    match path() {
        Some(path) => load_from(&path, library),
        None => Ok(None),
    }
}

/// Reads and checks `path`.
pub fn load_from(path: &Path, library: &Library) -> Result<Option<Plan>, String> {
    let shown = crate::text::escape(&path.display().to_string()).into_owned();
    let bytes = match read_bounded(path, PREFERENCES_LIMIT) {
        Ok(bytes) => bytes,
        Err(ReadError::NotFound) => return Ok(None),
        Err(e) => return Err(format!("could not read {shown}: {e}")),
    };
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{shown}: not UTF-8 text; the plan is not followed"))?;
    plan::parse(&text, &shown, library)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// Problems as (line, column, message).
pub type Problems = Vec<(usize, usize, String)>;

/// `backease check`'s view of the plan file at `path` against `library`: `None` when
/// there is none; a summary, or every problem as (line, column, message) (line 0: the
/// file could not be read).
pub fn check(path: &Path, library: &Library) -> Option<Result<String, Problems>> {
    let bytes = match read_bounded(path, PREFERENCES_LIMIT) {
        Ok(bytes) => bytes,
        Err(ReadError::NotFound) => return None,
        Err(e) => return Some(Err(vec![(0, 0, format!("could not read it: {e}"))])),
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Some(Err(vec![(0, 0, "not UTF-8 text".to_string())]));
    };
    let shown = crate::text::escape(&path.display().to_string()).into_owned();
    Some(
        plan::parse(&text, &shown, library)
            .map(|p| {
                format!(
                    "ok (plan {}, {} weeks)",
                    crate::text::escape(&p.name),
                    p.weeks
                )
            })
            .map_err(|e| e.problems),
    )
}

/// A shipped plan taken from today, and where the plan it replaced was kept.
#[derive(Debug, Clone)]
pub struct Taken {
    pub plan: Plan,
    pub kept: Option<PathBuf>,
}

/// `backease plan use ID` and the menu's plan picker: the shipped plan `id`, started
/// `today`, written as the plan in effect (a different file there kept as
/// [`PREVIOUS`], whatever it holds, problems included). `Err`: the message to show (no
/// such plan, with the ids there are; or the file could not be written, the old one left
/// as it was).
pub fn take_shipped(
    library: &Library,
    id: &str,
    today: jiff::civil::Date,
) -> Result<Taken, String> {
    let shipped = plan::shipped::plans(library);
    let Some(mut chosen) = shipped.iter().find(|p| p.id == id).cloned() else {
        let ids: Vec<&str> = shipped.iter().map(|p| p.id.as_str()).collect();
        let near = crate::routine::load::nearest_id(id, ids.iter().copied())
            .map_or(String::new(), |n| format!("did you mean {n:?}? "));
        return Err(format!(
            "there is no plan with id {}; {near}the plans are: {}",
            crate::text::excerpt(id),
            ids.join(", ")
        ));
    };
    chosen.start = Some(today);
    let kept = put(&chosen).map_err(|e| format!("could not write the plan: {e}"))?;
    Ok(Taken { plan: chosen, kept })
}

/// Writes `plan` as the plan in effect, keeping a different file there as
/// [`PREVIOUS`]. Returns where the old one went, if anywhere.
pub fn put(plan: &Plan) -> io::Result<Option<PathBuf>> {
    let path = path()
        .ok_or_else(|| io::Error::other("no config directory (set BACKEASE_CONFIG_DIR or HOME)"))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = plan::file::to_text(plan);
    let kept = keep_previous(&path, Some(text.as_bytes()))?;
    write_atomic(&path, text.as_bytes())?;
    Ok(kept)
}

/// Stops following the plan: the file moves to [`PREVIOUS`]. `Ok(None)`: there was none.
pub fn off() -> io::Result<Option<PathBuf>> {
    let Some(path) = path() else {
        return Ok(None);
    };
    keep_previous(&path, None)?.map_or(Ok(None), |kept| {
        std::fs::remove_file(&path)?;
        Ok(Some(kept))
    })
}

/// Copies the file at `path` to [`PREVIOUS`] beside it unless it already holds
/// `unless` (the same plan again).
fn keep_previous(path: &Path, unless: Option<&[u8]>) -> io::Result<Option<PathBuf>> {
    let old = match read_bounded(path, PREFERENCES_LIMIT) {
        Ok(bytes) => bytes,
        Err(ReadError::NotFound) => return Ok(None),
        Err(e) => return Err(io::Error::other(e.to_string())),
    };
    if Some(old.as_slice()) == unless {
        return Ok(None);
    }
    // A fresh name each time (`plan-previous.ron`, `plan-previous-2.ron`, …): an older
    // kept plan is never written over.
    for n in 1..1000 {
        let previous = if n == 1 {
            path.with_file_name(PREVIOUS)
        } else {
            path.with_file_name(format!("plan-previous-{n}.ron"))
        };
        match write_new(&previous, &old) {
            Ok(()) => return Ok(Some(previous)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                // The same plan kept already: once is enough.
                if read_bounded(&previous, PREFERENCES_LIMIT).is_ok_and(|b| b == old) {
                    return Ok(Some(previous));
                }
            }
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(
        "too many plan-previous files; remove some",
    ))
}
