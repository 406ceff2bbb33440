//! `backease edit [--preferences|--plan]`: your routine file (or preferences, or plan) in your editor, as
//! `crontab -e` and `visudo` do it. The editor works on a draft next to the file
//! (`exercises.draft.ron`), started from the file or, when there is none yet, from a
//! commented template (`assets/`). When the editor exits the draft is checked with the
//! same parser every run uses; a clean draft replaces the file in one atomic rename, an
//! unchanged one changes nothing, and one with problems is listed as `FILE:LINE:COL:
//! message` with "Edit again? [Y/n]", reopening at the first problem's line (`+LINE`,
//! for the editors of [`TAKES_PLUS_LINE`]). Declined, the draft stays where it is (the
//! next `edit` opens it again) and the file in use is untouched.
//!
//! Nothing is lost ([`draft`]): a draft knows the version of the file it started from. A
//! kept draft identical to the file is dropped; one whose file changed since is not
//! opened blindly (start fresh, the old draft kept beside; see the difference; or edit it
//! anyway). A second `edit` of the same file works on a draft of its own, and the file is
//! replaced only if it is still the version the draft started from: of two edits at once
//! the second to save keeps its draft and is told.
//!
//! The loop talks to the world through [`Console`] (run the editor, say, ask), so its
//! decisions are tested with a fake; the real one is [`Terminal`].

use std::io::{self, BufRead as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;

mod draft;

use super::error::{Error, Result};
use super::output::Output;
use crate::cli::Cli;
use crate::routine::load;
use crate::store;
use crate::text::escape;

/// A new routine file starts as this: every step kind, built-in exercises (it checks
/// clean: a test says so).
pub const ROUTINES_TEMPLATE: &str = include_str!("../../assets/routines_template.ron");
/// A new preferences file starts as this: every preference, commented out.
pub const PREFERENCES_TEMPLATE: &str = include_str!("../../assets/preferences_template.ron");
/// A new plan starts as this: a small plan with every field explained.
pub const PLAN_TEMPLATE: &str = include_str!("../../assets/plan_template.ron");

/// Editors that open a file at a line given as `+LINE` before it (by program name).
pub const TAKES_PLUS_LINE: &[&str] = &[
    "vi",
    "vim",
    "nvim",
    "gvim",
    "view",
    "ex",
    "nano",
    "pico",
    "emacs",
    "emacsclient",
    "micro",
    "hx",
    "helix",
    "kak",
    "joe",
    "jed",
    "mg",
    "ne",
];

/// Which file is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Routines,
    Preferences,
    /// `plan.ron`, checked against the routines in use (the shipped ones and yours).
    Plan,
}

impl Kind {
    fn template(self) -> &'static str {
        match self {
            Kind::Routines => ROUTINES_TEMPLATE,
            Kind::Preferences => PREFERENCES_TEMPLATE,
            Kind::Plan => PLAN_TEMPLATE,
        }
    }

    /// The problems of `bytes` as the file at `shown` (`FILE:LINE:COL: message` each;
    /// the line of the first), or what a good file is ("ok: 3 exercises, 1 routine").
    pub fn check(self, shown: &str, bytes: &[u8]) -> std::result::Result<String, Problems> {
        match self {
            Kind::Routines => load::parse(shown, bytes, Some(&load::shipped()))
                .map(|lib| load::summary(&lib))
                .map_err(|e| Problems {
                    first_line: e.problems.iter().map(|p| p.line).find(|&l| l > 0),
                    text: e.to_string(),
                }),
            Kind::Plan => {
                let text = String::from_utf8_lossy(bytes);
                let library = store::routines::load_library_noting(None)
                    .map(|(library, _)| library)
                    .unwrap_or_else(|_| load::shipped());
                crate::plan::parse(&text, shown, &library)
                    .map(|p| format!("ok: {}, {} weeks", escape(&p.name), p.weeks))
                    .map_err(|e| Problems {
                        first_line: e.first_line(),
                        text: escape(&e.to_string()).into_owned(),
                    })
            }
            Kind::Preferences => {
                let text = String::from_utf8_lossy(bytes);
                match crate::prefs::parse(&text, Path::new(shown)) {
                    Ok(_) => Ok("ok".to_string()),
                    Err(e) => Err(Problems {
                        first_line: match &e {
                            crate::prefs::PrefsError::Invalid { line, .. } => Some(*line),
                            crate::prefs::PrefsError::Read { .. } => None,
                        },
                        text: escape(&e.to_string()).into_owned(),
                    }),
                }
            }
        }
    }
}

/// What is wrong with a draft: the lines to print, and where to reopen the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems {
    pub text: String,
    pub first_line: Option<usize>,
}

/// The editor's command: `$VISUAL`, else `$EDITOR`, else `vi`, split at whitespace (as
/// git does) into the program and its own arguments.
pub fn editor_command(visual: Option<&str>, editor: Option<&str>) -> Vec<String> {
    [visual, editor]
        .into_iter()
        .flatten()
        .map(|v| v.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .find(|words| !words.is_empty())
        .unwrap_or_else(|| vec!["vi".to_string()])
}

/// The whole command line for editing `file`, at `line` when the editor takes `+LINE`.
pub fn editor_argv(editor: &[String], file: &Path, line: Option<usize>) -> Vec<String> {
    let mut argv = editor.to_vec();
    let program = editor
        .first()
        .and_then(|p| Path::new(p).file_name())
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if let Some(line) = line
        && TAKES_PLUS_LINE.contains(&program)
    {
        argv.push(format!("+{line}"));
    }
    argv.push(file.display().to_string());
    argv
}

/// The draft beside `file`: `exercises.ron` → `exercises.draft.ron`.
pub fn draft_path(file: &Path) -> PathBuf {
    draft::nth(file, 0)
}

/// The world as the edit loop sees it.
pub trait Console {
    /// Runs the editor; `Ok(true)` when it exited with success.
    fn edit(&mut self, argv: &[String]) -> io::Result<bool>;
    /// Says something on standard error.
    fn say(&mut self, text: &str);
    /// Asks a question; `None` when there is no answer to read (input closed).
    fn ask(&mut self, question: &str) -> Option<String>;
}

/// The real console: the editor on this terminal, questions on standard error, answers
/// from standard input.
pub struct Terminal;

impl Console for Terminal {
    fn edit(&mut self, argv: &[String]) -> io::Result<bool> {
        let (program, args) = argv
            .split_first()
            .ok_or_else(|| io::Error::other("no editor"))?;
        Command::new(program)
            .args(args)
            .status()
            .map(|s| s.success())
    }

    fn say(&mut self, text: &str) {
        let _ = writeln!(io::stderr(), "{text}");
    }

    fn ask(&mut self, question: &str) -> Option<String> {
        let _ = write!(io::stderr(), "{question}");
        let _ = io::stderr().flush();
        let mut line = String::new();
        match io::stdin().lock().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line),
        }
    }
}

/// `backease edit`: the user's routine file (or the `--routines FILE` given), or with
/// `--preferences` the preferences file.
pub fn run(cli: &Cli, preferences: bool, plan: bool) -> Result<Output> {
    let (kind, file) = if preferences {
        (Kind::Preferences, store::paths::preferences())
    } else if plan {
        (Kind::Plan, store::plan::path())
    } else {
        (
            Kind::Routines,
            cli.routines.clone().or_else(store::paths::user_routines),
        )
    };
    let file = file.ok_or_else(|| Error::Edit {
        message: "no config directory to keep the file in (set BACKEASE_CONFIG_DIR or HOME)"
            .to_string(),
    })?;
    let editor = editor_command(
        std::env::var("VISUAL").ok().as_deref(),
        std::env::var("EDITOR").ok().as_deref(),
    );
    edit(kind, &file, &editor, &mut Terminal)
}

/// The edit loop (see the module doc).
pub fn edit(
    kind: Kind,
    file: &Path,
    editor: &[String],
    console: &mut impl Console,
) -> Result<Output> {
    let fail = |message: String| Error::Edit { message };
    let shown = |p: &Path| escape(&p.display().to_string()).into_owned();
    let in_use = read_in_use(file)?;
    // What the draft starts from, and what the file must still be when it is saved.
    let before = in_use
        .clone()
        .unwrap_or_else(|| kind.template().as_bytes().to_vec());
    let (held, busy) = draft::take(file)
        .map_err(|e| fail(format!("{}: cannot lock its draft: {e}", shown(file))))?;
    let draft = held.path.clone();
    if let Some(busy) = busy {
        console.say(&format!(
            "Another `backease edit` has {} open: this one works on its own draft, {}",
            shown(&busy),
            shown(&draft)
        ));
    }
    let write_fresh = |draft: &Path| {
        draft::start(draft, &before)
            .map_err(|e| fail(format!("{}: cannot write the draft: {e}", shown(draft))))
    };
    match store::read::read_bounded(&draft, load::MAX_FILE_BYTES as u64) {
        Ok(kept) => {
            if !reopen(file, &draft, &kept, &before, console)? {
                write_fresh(&draft)?;
            }
        }
        Err(e) if e.is_not_found() => write_fresh(&draft)?,
        Err(e) => return Err(fail(format!("{}: {e}", shown(&draft)))),
    }
    let mut line = None;
    loop {
        let argv = editor_argv(editor, &draft, line);
        match console.edit(&argv) {
            Ok(true) => {}
            Ok(false) => {
                return Err(fail(format!(
                    "the editor ({}) did not exit cleanly; {} is unchanged, your draft is kept at {}",
                    escape(&argv.join(" ")),
                    shown(file),
                    shown(&draft)
                )));
            }
            Err(e) => {
                return Err(fail(format!(
                    "could not start the editor `{}`: {e}; set VISUAL or EDITOR (your draft is at {})",
                    escape(&editor.join(" ")),
                    shown(&draft)
                )));
            }
        }
        let bytes = store::read::read_bounded(&draft, load::MAX_FILE_BYTES as u64)
            .map_err(|e| fail(format!("{}: {e}", shown(&draft))))?;
        if bytes == before {
            draft::remove(&draft);
            let note = if in_use.is_some() {
                ""
            } else {
                " (not created)"
            };
            return Ok(Output::text(format!("{}: no changes{note}\n", shown(file))));
        }
        // Problems name the draft: its lines are the ones they point at.
        match kind.check(&shown(&draft), &bytes) {
            Ok(summary) => {
                // Replaced only if it is still the version the draft started from: a
                // change made meanwhile (another edit, a sync, git) is never lost.
                let _saving = draft::save_lock(file)
                    .map_err(|e| fail(format!("{}: cannot lock it: {e}", shown(file))))?;
                if read_in_use(file)? != in_use {
                    return Err(fail(format!(
                        "{} changed while you were editing (another edit or program saved it): \
                         it is not overwritten; your draft is kept at {} (`backease edit` \
                         opens it again and offers to show the difference)",
                        shown(file),
                        shown(&draft)
                    )));
                }
                store::atomic::write_atomic(file, &bytes).map_err(|e| {
                    fail(format!(
                        "{}: cannot write it: {e}; your draft is kept at {}",
                        shown(file),
                        shown(&draft)
                    ))
                })?;
                draft::remove(&draft);
                return Ok(Output::text(format!("{}: saved, {summary}\n", shown(file))));
            }
            Err(problems) => {
                console.say(&problems.text);
                let again = console
                    .ask("Edit again? [Y/n] ")
                    .map(|a| !matches!(a.trim().to_lowercase().as_str(), "n" | "no"));
                if again == Some(true) {
                    line = problems.first_line;
                    continue;
                }
                return Err(fail(format!(
                    "{} is unchanged; your draft is kept at {} (`backease edit` opens it again)",
                    shown(file),
                    shown(&draft)
                )));
            }
        }
    }
}

/// The file in use; `None` when there is none yet.
fn read_in_use(file: &Path) -> Result<Option<Vec<u8>>> {
    match store::read::read_bounded(file, load::MAX_FILE_BYTES as u64) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(Error::Edit {
            message: format!("{}: {e}", escape(&file.display().to_string())),
        }),
    }
}

/// A draft kept from last time (`kept`), with the file now `current`: `Ok(true)` to
/// edit it again, `Ok(false)` to start a fresh draft from the file (the kept one is
/// gone or moved aside), an error to leave both as they are. A draft identical to the
/// file is dropped; one started from the file as it still is opens again; one started
/// from another version (the file changed since, or nobody knows) is not opened
/// blindly: the person chooses.
fn reopen(
    file: &Path,
    draft: &Path,
    kept: &[u8],
    current: &[u8],
    console: &mut impl Console,
) -> Result<bool> {
    let fail = |message: String| Error::Edit { message };
    let shown = |p: &Path| escape(&p.display().to_string()).into_owned();
    if kept == current {
        draft::remove(draft);
        return Ok(false);
    }
    if draft::base(draft).as_deref() == Some(current) {
        console.say(&format!(
            "Opening your draft from last time: {} (delete it to start from {})",
            shown(draft),
            shown(file)
        ));
        return Ok(true);
    }
    console.say(&format!(
        "{} changed since your draft from last time ({}) was started: saving the draft \
         would undo those changes.",
        shown(file),
        shown(draft)
    ));
    loop {
        let answer = console.ask(
            "f: start fresh from the file (the draft is kept beside it) · d: show the \
             difference · e: edit the old draft anyway · q: leave both as they are [f/d/e/Q] ",
        );
        match answer
            .as_deref()
            .map(|a| a.trim().to_lowercase())
            .as_deref()
        {
            Some("f" | "fresh") => {
                let aside = draft::move_aside(file, draft)
                    .map_err(|e| fail(format!("{}: cannot move it aside: {e}", shown(draft))))?;
                console.say(&format!("Your old draft is kept at {}", shown(&aside)));
                return Ok(false);
            }
            Some("d" | "diff") => console.say(&draft::difference(
                &shown(file),
                current,
                &shown(draft),
                kept,
            )),
            Some("e" | "edit") => {
                // Chosen knowingly: the draft now stands on the file as it is.
                draft::rebase(draft, current)
                    .map_err(|e| fail(format!("{}: {e}", shown(draft))))?;
                return Ok(true);
            }
            _ => {
                return Err(fail(format!(
                    "nothing changed: {} and your draft {} are as they were",
                    shown(file),
                    shown(draft)
                )));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A console whose "editor" writes the next of `writes` into the file, and which
    /// answers with the next of `answers`.
    /// An editor write that stands for an editor exiting with a failure (nothing written).
    const FAILS: &str = "<the editor fails>";

    struct Fake {
        writes: Vec<&'static str>,
        answers: Vec<&'static str>,
        argvs: Vec<Vec<String>>,
        said: String,
        /// Runs while the editor is open (another person, another program).
        meanwhile: Option<Box<dyn FnMut()>>,
    }

    impl Console for Fake {
        fn edit(&mut self, argv: &[String]) -> io::Result<bool> {
            self.argvs.push(argv.to_vec());
            if let Some(mut meanwhile) = self.meanwhile.take() {
                meanwhile();
            }
            if !self.writes.is_empty() {
                let text = self.writes.remove(0);
                if text == FAILS {
                    return Ok(false);
                }
                let file = argv.last().expect("a file");
                std::fs::write(file, text)?;
            }
            Ok(true)
        }
        fn say(&mut self, text: &str) {
            self.said.push_str(text);
            self.said.push('\n');
        }
        fn ask(&mut self, question: &str) -> Option<String> {
            self.said.push_str(question);
            (!self.answers.is_empty()).then(|| self.answers.remove(0).to_string())
        }
    }

    fn fake(writes: &[&'static str], answers: &[&'static str]) -> Fake {
        Fake {
            writes: writes.to_vec(),
            answers: answers.to_vec(),
            argvs: Vec::new(),
            said: String::new(),
            meanwhile: None,
        }
    }

    const GOOD: &str =
        "(routines: [(id: \"mine\", name: \"Mine\", steps: [(exercise: \"cat_cow\")])])";
    const BAD: &str =
        "(routines: [(id: \"mine\", name: \"Mine\",\n steps: [(exercise: \"cat_kow\")])])";

    #[test]
    fn the_templates_check_clean() {
        assert!(
            Kind::Routines
                .check("t", ROUTINES_TEMPLATE.as_bytes())
                .is_ok()
        );
        assert!(
            Kind::Preferences
                .check("t", PREFERENCES_TEMPLATE.as_bytes())
                .is_ok()
        );
        assert!(Kind::Plan.check("t", PLAN_TEMPLATE.as_bytes()).is_ok());
        // A plan naming a routine that is not there: its line, for the editor.
        let bad = Kind::Plan
            .check(
                "plan.ron",
                b"(name: \"P\", weeks: 2,\n routines: [(routine: \"mornin\", days: \"mon\")])",
            )
            .expect_err("no such routine");
        assert_eq!(bad.first_line, Some(2));
        assert!(
            bad.text.contains("did you mean \"morning\"?"),
            "{}",
            bad.text
        );
    }

    #[test]
    fn the_editor_is_visual_then_editor_then_vi_with_its_arguments() {
        assert_eq!(
            editor_command(Some("code --wait"), Some("nano")),
            ["code", "--wait"]
        );
        assert_eq!(editor_command(Some("  "), Some("nano -w")), ["nano", "-w"]);
        assert_eq!(editor_command(None, None), ["vi"]);
        let f = Path::new("/c/exercises.draft.ron");
        assert_eq!(
            editor_argv(&["/usr/bin/vim".into()], f, Some(7)),
            ["/usr/bin/vim", "+7", "/c/exercises.draft.ron"]
        );
        assert_eq!(
            editor_argv(&["code".into(), "--wait".into()], f, Some(7)),
            ["code", "--wait", "/c/exercises.draft.ron"]
        );
        assert_eq!(
            editor_argv(&["nano".into()], f, None),
            ["nano", "/c/exercises.draft.ron"]
        );
        assert_eq!(draft_path(Path::new("/c/exercises.ron")), f);
    }

    #[test]
    fn a_clean_draft_replaces_the_file_a_bad_one_never_does() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("exercises.ron");
        // No file yet: the template is the draft; a good edit creates the file.
        let mut c = fake(&[GOOD], &[]);
        let out = edit(Kind::Routines, &file, &["vi".into()], &mut c).expect("saved");
        assert!(out.stdout.contains("saved"), "{}", out.stdout);
        assert_eq!(std::fs::read_to_string(&file).expect("file"), GOOD);
        assert!(!draft_path(&file).exists());
        // A bad edit, edited again at its line, then fixed.
        let fixed: &'static str = GOOD.replace("Mine", "Mine too").leak();
        let mut c = fake(&[BAD, fixed], &["y"]);
        let out = edit(Kind::Routines, &file, &["vim".into()], &mut c).expect("saved");
        assert!(out.stdout.contains("saved"));
        assert!(c.said.contains(":2:"), "{}", c.said);
        assert!(c.said.contains("did you mean \"cat_cow\"?"), "{}", c.said);
        assert_eq!(c.argvs[1][1], "+2");
        // Declined: the file in use stays, the draft is kept and named.
        let before = std::fs::read_to_string(&file).expect("file");
        let mut c = fake(&[BAD], &["n"]);
        let err = edit(Kind::Routines, &file, &["vi".into()], &mut c).expect_err("declined");
        assert!(err.to_string().contains("draft is kept at"), "{err}");
        assert_eq!(std::fs::read_to_string(&file).expect("file"), before);
        assert_eq!(
            std::fs::read_to_string(draft_path(&file)).expect("draft"),
            BAD
        );
        // The next edit opens that draft again; leaving it unchanged from the file in
        // use is "no changes".
        let same: &'static str = before.clone().leak();
        let mut c = fake(&[same], &[]);
        let out = edit(Kind::Routines, &file, &["vi".into()], &mut c).expect("no changes");
        assert!(c.said.contains("draft from last time"), "{}", c.said);
        assert!(out.stdout.contains("no changes"), "{}", out.stdout);
        // Input closed at the question: the same as no.
        let mut c = fake(&[BAD], &[]);
        assert!(edit(Kind::Routines, &file, &["vi".into()], &mut c).is_err());
        assert_eq!(std::fs::read_to_string(&file).expect("file"), before);
    }

    #[test]
    fn preferences_are_checked_the_same_way() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("preferences.ron");
        let mut c = fake(&["(volume: 300)", "(volume: 30)"], &[""]);
        let out = edit(Kind::Preferences, &file, &["nano".into()], &mut c).expect("saved");
        assert!(out.stdout.contains("saved"), "{}", out.stdout);
        assert!(c.said.contains("volume"), "{}", c.said);
        assert_eq!(c.argvs[1][1], "+1");
        assert_eq!(
            std::fs::read_to_string(&file).expect("file"),
            "(volume: 30)"
        );
        // The template left as it is: nothing created.
        let other = dir.path().join("other.ron");
        let mut c = fake(&[], &[]);
        let out = edit(Kind::Preferences, &other, &["nano".into()], &mut c).expect("no changes");
        assert!(
            out.stdout.contains("no changes (not created)"),
            "{}",
            out.stdout
        );
        assert!(!other.exists());
    }

    /// GOOD with another routine name.
    fn good(name: &str) -> &'static str {
        GOOD.replace("Mine", name).leak()
    }

    #[test]
    fn a_kept_draft_never_overwrites_a_file_changed_since() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("exercises.ron");
        std::fs::write(&file, GOOD).expect("file");
        // The editor fails: the draft (the file as it was) is kept.
        let mut c = fake(&[FAILS], &[]);
        assert!(edit(Kind::Routines, &file, &["vi".into()], &mut c).is_err());
        assert_eq!(
            std::fs::read_to_string(draft_path(&file)).expect("draft"),
            GOOD
        );
        // Then the file is changed by hand (git, a sync, another window).
        let by_hand = good("By hand");
        std::fs::write(&file, by_hand).expect("file");
        // The next edit saves the old draft as it is: it used to replace the file.
        let mut c = fake(&[], &["q"]);
        let err = edit(Kind::Routines, &file, &["vi".into()], &mut c).expect_err("asked");
        assert!(c.said.contains("changed since your draft"), "{}", c.said);
        assert!(err.to_string().contains("nothing changed"), "{err}");
        assert!(c.argvs.is_empty(), "no editor before the answer");
        assert_eq!(std::fs::read_to_string(&file).expect("file"), by_hand);
        // Input closed at the question: the same.
        let mut c = fake(&[], &[]);
        assert!(edit(Kind::Routines, &file, &["vi".into()], &mut c).is_err());
        assert_eq!(std::fs::read_to_string(&file).expect("file"), by_hand);
        // The difference, then a fresh start: the old draft is kept beside the file.
        let mut c = fake(&[good("Fresh")], &["d", "f"]);
        let out = edit(Kind::Routines, &file, &["vi".into()], &mut c).expect("saved");
        assert!(out.stdout.contains("saved"), "{}", out.stdout);
        assert!(c.said.contains("-    1 | "), "{}", c.said);
        assert!(c.said.contains("By hand"), "{}", c.said);
        let aside = dir.path().join("exercises.draft-old-1.ron");
        assert_eq!(std::fs::read_to_string(&aside).expect("aside"), GOOD);
        assert!(c.said.contains("exercises.draft-old-1.ron"), "{}", c.said);
        assert_eq!(std::fs::read_to_string(&file).expect("file"), good("Fresh"));
    }

    #[test]
    fn a_kept_draft_identical_to_the_file_is_dropped_and_one_edited_on_purpose_is_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("exercises.ron");
        std::fs::write(&file, GOOD).expect("file");
        let mut c = fake(&[FAILS], &[]);
        assert!(edit(Kind::Routines, &file, &["vi".into()], &mut c).is_err());
        // Nothing changed anywhere: the kept draft is just the file, opened fresh.
        let mut c = fake(&[good("Next")], &[]);
        edit(Kind::Routines, &file, &["vi".into()], &mut c).expect("saved");
        assert!(!c.said.contains("draft from last time"), "{}", c.said);
        assert_eq!(std::fs::read_to_string(&file).expect("file"), good("Next"));
        // "e": a draft of unknown origin, chosen knowingly, is edited and saved.
        std::fs::write(draft_path(&file), good("Old draft")).expect("draft");
        std::fs::write(&file, good("Newer")).expect("file");
        let mut c = fake(&[], &["e"]);
        edit(Kind::Routines, &file, &["vi".into()], &mut c).expect("saved");
        assert_eq!(c.argvs.len(), 1, "the editor opened the old draft");
        assert_eq!(
            std::fs::read_to_string(&file).expect("file"),
            good("Old draft")
        );
    }

    #[test]
    fn two_edits_at_once_lose_neither_persons_work() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("exercises.ron");
        std::fs::write(&file, GOOD).expect("file");
        let other = file.clone();
        let said = std::rc::Rc::new(std::cell::RefCell::new(String::new()));
        let said_inner = said.clone();
        let mut first = fake(&[good("First")], &[]);
        // While the first editor is open, a second `edit` of the same file saves.
        first.meanwhile = Some(Box::new(move || {
            let mut second = fake(&[good("Second")], &[]);
            let out = edit(Kind::Routines, &other, &["vi".into()], &mut second).expect("saved");
            assert!(out.stdout.contains("saved"), "{}", out.stdout);
            said_inner.borrow_mut().push_str(&second.said);
            assert_eq!(
                second.argvs[0].last().map(String::as_str),
                Some(
                    other
                        .with_file_name("exercises.draft-2.ron")
                        .to_str()
                        .expect("utf-8")
                )
            );
        }));
        let err = edit(Kind::Routines, &file, &["vi".into()], &mut first).expect_err("refused");
        assert!(
            said.borrow().contains("Another `backease edit`"),
            "{}",
            said.borrow()
        );
        assert!(
            err.to_string().contains("changed while you were editing"),
            "{err}"
        );
        // The second person's save stands; the first person's work is in the draft.
        assert_eq!(
            std::fs::read_to_string(&file).expect("file"),
            good("Second")
        );
        assert_eq!(
            std::fs::read_to_string(draft_path(&file)).expect("draft"),
            good("First")
        );
        // And the next edit offers the choice rather than opening it blindly.
        let mut c = fake(&[], &["q"]);
        assert!(edit(Kind::Routines, &file, &["vi".into()], &mut c).is_err());
        assert!(c.said.contains("changed since your draft"), "{}", c.said);
    }
}
