//! `backease show EXERCISE`: the exercise's description, cues and figure(s) as text,
//! each picture with what it is for and its alt text; `--svg DIR` writes each picture as a
//! standalone SVG (the same pose data, as lines and circles); `--all` does it for every
//! exercise. The text is a plain function of the library ([`text`]); writing files is the
//! only I/O, and an SVG never replaces a file that is not one.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::error::{Error, Result};
use super::inputs::library_noting;
use super::output::Output;
use crate::cli::Cli;
use crate::figure::Dots;
use crate::figure::{frame, pictures, svg};
use crate::routine::{Exercise, Library};
use crate::text::escape;
use crate::ui::figure::text as figure_text;

/// Rows of a figure printed by `show`.
const ROWS: u16 = 9;

/// `backease show [EXERCISE | --all] [--svg DIR] [--blocks]`.
pub fn run(
    cli: &Cli,
    exercise: Option<&str>,
    all: bool,
    svg_dir: Option<&Path>,
    blocks: bool,
) -> Result<Output> {
    let (library, notices) = library_noting(cli)?;
    let chosen: Vec<&Exercise> = match (exercise, all) {
        (Some(id), _) => vec![find(&library, id)?],
        (None, _) => library.exercises.iter().collect(),
    };
    let dots = if blocks {
        Dots::HalfBlock
    } else {
        Dots::Braille
    };
    let mut out = String::new();
    for (i, ex) in chosen.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&text(ex, dots));
    }
    let mut output = Output::text(out);
    if let Some(dir) = svg_dir {
        for ex in &chosen {
            for path in write_svgs(ex, dir)? {
                output
                    .stderr
                    .push_str(&format!("wrote {}\n", escape(&path.display().to_string())));
            }
        }
    }
    for notice in notices {
        output.stderr.push_str(&format!("note: {notice}\n"));
    }
    Ok(output)
}

/// The exercise with id `id`, or the error naming the nearest id.
pub fn find<'a>(library: &'a Library, id: &str) -> Result<&'a Exercise> {
    library.exercise(id).ok_or_else(|| Error::UnknownExercise {
        id: id.to_string(),
        near: crate::routine::load::nearest_id(id, library.exercises.iter().map(|e| e.id.as_str()))
            .map(str::to_string),
    })
}

/// File name of picture `k` of `ex` tagged `tag`: `cat_cow-1-cow-arch-down.svg`.
pub fn file_name(ex: &Exercise, k: usize, tag: &str) -> String {
    let mut slug = String::new();
    for c in tag.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    format!("{}-{}-{}.svg", ex.id, k + 1, slug.trim_matches('-'))
}

fn write_svgs(ex: &Exercise, dir: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let pictures = pictures(ex);
    let frame = frame(pictures.iter().map(|(_, p)| p));
    for (k, (tag, pose)) in pictures.iter().enumerate() {
        let path = dir.join(file_name(ex, k, tag));
        let doc = svg::document(pose, frame, &format!("{} ({tag})", ex.name));
        crate::store::figures::write_svg(&path, &doc).map_err(|message| Error::Show { message })?;
        written.push(path);
    }
    Ok(written)
}

/// What `show` prints for one exercise: name, description, cues, then each picture with
/// what it is for and its alt text.
pub fn text(ex: &Exercise, dots: Dots) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", escape(&ex.name), escape(&ex.id));
    let _ = writeln!(out, "{}", escape(&ex.timing_label()));
    if !ex.description.is_empty() {
        let _ = writeln!(out, "\n{}", escape(&ex.description));
    }
    if !ex.cues.is_empty() {
        out.push('\n');
        for (i, cue) in ex.cues.iter().enumerate() {
            let _ = writeln!(out, "{}. {}", i + 1, escape(cue));
        }
    }
    let pictures = pictures(ex);
    let frame = frame(pictures.iter().map(|(_, p)| p));
    if pictures.is_empty() {
        let _ = writeln!(out, "\n(no figure)");
    }
    for (tag, pose) in &pictures {
        let _ = writeln!(out, "\n{}: {}", escape(tag), escape(&pose.alt));
        for row in figure_text(pose, frame, ROWS, dots) {
            let _ = writeln!(out, "  {row}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::load::shipped;

    #[test]
    fn every_exercise_prints_its_cues_pictures_and_words() {
        let lib = shipped();
        for ex in &lib.exercises {
            let shown = text(ex, Dots::Braille);
            for cue in &ex.cues {
                assert!(shown.contains(&escape(cue).into_owned()), "{}", ex.id);
            }
            for (tag, pose) in pictures(ex) {
                assert!(shown.contains(&format!("{tag}: {}", pose.alt)), "{}", ex.id);
            }
            assert!(
                shown
                    .chars()
                    .any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)),
                "{}",
                ex.id
            );
            let blocks = text(ex, Dots::HalfBlock);
            assert!(blocks.contains('▀') || blocks.contains('▄') || blocks.contains('█'));
        }
    }

    #[test]
    fn an_unknown_exercise_names_the_nearest() {
        let lib = shipped();
        let e = find(&lib, "cat_cwo").expect_err("no such exercise");
        assert_eq!(e.exit_code(), 1);
        assert_eq!(
            e.to_string(),
            "backease: there is no exercise with id \"cat_cwo\"; did you mean \"cat_cow\"?"
        );
        let e = find(&lib, "zzzzzzzzzzzzzz").expect_err("no such exercise");
        assert!(e.to_string().contains("backease show --all"), "{e}");
    }

    #[test]
    fn svgs_are_written_and_only_replace_svgs() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let lib = shipped();
        let ex = lib.exercise("cat_cow").expect("shipped");
        let written = write_svgs(ex, dir.path()).expect("written");
        let names: Vec<String> = written
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        assert_eq!(
            names,
            ["cat_cow-1-cat-round-up.svg", "cat_cow-2-cow-arch-down.svg"]
        );
        // Again: the SVGs are replaced.
        write_svgs(ex, dir.path()).expect("written again");
        // A file of the user's at that name is left alone, and said so.
        std::fs::write(&written[0], "my notes").expect("a file");
        let e = write_svgs(ex, dir.path()).expect_err("not replaced");
        assert!(
            e.to_string()
                .contains("is not an SVG picture; not replaced"),
            "{e}"
        );
        assert_eq!(
            std::fs::read_to_string(&written[0]).expect("kept"),
            "my notes"
        );
    }
}
