//! The docs a person reads stay true to the tree: every relative link in README.md and
//! docs/*.md resolves to a file (and its `#anchor` to a heading there), and every
//! repository path named in backticks (`src/tui/paint.rs`, `scripts/frame_cost.sh`,
//! `assets/*.wav`) exists. The paths are read from the docs themselves, so moving a file
//! means changing the docs' text, never this test. Reads files only; runs no binary.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and every docs/*.md, sorted, as (path relative to the root, text).
fn documents() -> Vec<(PathBuf, String)> {
    let root = root();
    let mut paths = vec![PathBuf::from("README.md")];
    // No docs/ yet reads as none: the README's own links and paths are still checked.
    let mut found: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| PathBuf::from("docs").join(p.file_name().expect("a file name")))
        .collect();
    found.sort();
    paths.extend(found);
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(root.join(&p))
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, text)
        })
        .collect()
}

/// The lines outside fenced code blocks, with their 1-based numbers.
fn prose_lines(text: &str) -> Vec<(usize, &str)> {
    let mut fenced = false;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            out.push((i + 1, line));
        }
    }
    out
}

/// A line split into its inline code spans and the text between them (backticks of one
/// length only, which is all the docs use). A span may run on from the line before
/// (`in_code`) and on into the next; the second value says whether it does.
fn split_code(line: &str, in_code: bool) -> (Vec<&str>, String, bool) {
    let mut spans = Vec::new();
    let mut prose = String::new();
    let mut rest = line;
    if in_code {
        match rest.find('`') {
            Some(end) => rest = &rest[end + 1..],
            None => return (spans, prose, true),
        }
    }
    while let Some(start) = rest.find('`') {
        prose.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('`') {
            Some(end) => {
                spans.push(&after[..end]);
                rest = &after[end + 1..];
            }
            None => return (spans, prose, true),
        }
    }
    prose.push_str(rest);
    (spans, prose, false)
}

/// The targets of `[text](target)` links (and images) and of `[label]: target` lines.
fn link_targets(prose: &str) -> Vec<String> {
    let mut out = Vec::new();
    let trimmed = prose.trim_start();
    if trimmed.starts_with('[')
        && let Some(close) = trimmed.find("]: ")
    {
        out.push(
            trimmed[close + 3..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_string(),
        );
    }
    let mut rest = prose;
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let mut depth = 0usize;
        let mut end = after.len();
        for (i, c) in after.char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = i;
                    break;
                }
                ')' => depth -= 1,
                _ => {}
            }
        }
        let target = after[..end].split_whitespace().next().unwrap_or("");
        out.push(target.to_string());
        rest = &after[end.min(after.len())..];
    }
    out
}

/// GitHub's anchor for a heading: lower case, inline code marks and punctuation dropped
/// (letters, digits, `-` and `_` kept), spaces made hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Every anchor a document offers: its headings' slugs, a repeated one numbered `-1`, `-2`.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for (_, line) in prose_lines(text) {
        let Some(heading) = line.strip_prefix('#') else {
            continue;
        };
        let heading = heading.trim_start_matches('#');
        if !heading.starts_with(' ') {
            continue;
        }
        let base = slug(heading);
        let mut name = base.clone();
        let mut n = 0;
        while seen.contains(&name) {
            n += 1;
            name = format!("{base}-{n}");
        }
        seen.insert(name);
    }
    seen
}

/// Why `target`, linked from `doc`, does not resolve; None when it does.
fn broken_link(doc: &Path, doc_text: &str, target: &str) -> Option<String> {
    if target.is_empty() {
        return Some("an empty link".into());
    }
    if target.contains("://") || target.starts_with("mailto:") {
        return None;
    }
    let (file, anchor) = match target.split_once('#') {
        Some((f, a)) => (f, Some(a)),
        None => (target, None),
    };
    let (path, text) = if file.is_empty() {
        (doc.to_path_buf(), doc_text.to_string())
    } else {
        let dir = doc.parent().unwrap_or(Path::new(""));
        let path = normalise(&dir.join(file));
        let full = root().join(&path);
        if !full.exists() {
            return Some(format!("{} does not exist", path.display()));
        }
        let text = if full.is_file() && path.extension().is_some_and(|x| x == "md") {
            std::fs::read_to_string(&full).unwrap_or_default()
        } else {
            String::new()
        };
        (path, text)
    };
    let anchor = anchor?;
    if anchors(&text).contains(anchor) {
        None
    } else {
        Some(format!("{} has no heading #{anchor}", path.display()))
    }
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Whether an inline code span names a file of this repository: no spaces, and either a
/// path whose first part is at the repository's root (`src/…`, `tests/…`, `.ci/run`), or
/// any path or file name of Rust, shell, Markdown or TOML (`crates/core/src/lib.rs`,
/// `paint.rs`, `STYLE.md`). Data paths (`history/.index`, `~/.config/…`) are not.
fn repository_path(span: &str, root: &Path) -> bool {
    if span.is_empty() || span.contains(char::is_whitespace) || span.contains("://") {
        return false;
    }
    if span.starts_with(['~', '/', '$', '-', '+', '<']) || span.contains("::") {
        return false;
    }
    let names_file = [".rs", ".sh", ".md", ".toml"]
        .iter()
        .any(|ext| span.ends_with(ext));
    if names_file
        && span
            .chars()
            .all(|c| c.is_alphanumeric() || "/._-*<>".contains(c))
    {
        return true;
    }
    match span.split_once('/') {
        Some((first, _)) => !first.is_empty() && root.join(first).exists(),
        None => false,
    }
}

/// `*` matches any run of characters within one name.
fn wildcard(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((head, tail)) => {
            let Some(rest) = name.strip_prefix(head) else {
                return false;
            };
            (0..=rest.len())
                .filter(|&i| rest.is_char_boundary(i))
                .any(|i| wildcard(tail, &rest[i..]))
        }
    }
}

/// Every file in the tree, as a path from the root with `/` (build output and git's own
/// files left out).
fn file_names(root: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if path.is_dir() {
                if name != "target" && name != ".git" {
                    todo.push(path);
                }
            } else if let Ok(relative) = path.strip_prefix(root) {
                names.insert(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    names
}

/// Whether a named path exists: `<key>` and `*` are wildcards in its last part; a path
/// that does not start at the root (`paint.rs`, `cue/phrase.rs` in a module's row) names
/// a file somewhere in the tree whose path ends so.
fn path_exists(span: &str, root: &Path, names: &BTreeSet<String>) -> bool {
    let mut pattern = String::new();
    let mut in_angle = false;
    for c in span.chars() {
        match c {
            '<' => {
                in_angle = true;
                pattern.push('*');
            }
            '>' => in_angle = false,
            c if !in_angle => pattern.push(c),
            _ => {}
        }
    }
    let rooted = pattern
        .split('/')
        .next()
        .is_some_and(|first| !first.is_empty() && root.join(first).exists());
    let pattern = pattern.trim_end_matches('/');
    if !rooted {
        return names
            .iter()
            .any(|n| n == pattern || n.ends_with(&format!("/{pattern}")));
    }
    let Some((dir, name)) = pattern.rsplit_once('/') else {
        return root.join(pattern).exists();
    };
    if !pattern.contains('*') {
        return root.join(pattern).exists();
    }
    if dir.contains('*') {
        return false;
    }
    std::fs::read_dir(root.join(dir)).is_ok_and(|entries| {
        entries
            .filter_map(|e| e.ok())
            .any(|e| wildcard(name, &e.file_name().to_string_lossy()))
    })
}

/// Every problem of one document, as `FILE:LINE: message`, and how many links and paths
/// it checked.
fn problems(doc: &Path, text: &str, root: &Path) -> (Vec<String>, usize, usize) {
    let names = file_names(root);
    let mut out = Vec::new();
    let (mut links, mut paths) = (0, 0);
    let mut in_code = false;
    for (number, line) in prose_lines(text) {
        // A code span never runs on past a paragraph or into a table row.
        if line.trim().is_empty() || line.starts_with('|') || line.starts_with('#') {
            in_code = false;
        }
        let (spans, prose, open) = split_code(line, in_code);
        in_code = open;
        for target in link_targets(&prose) {
            links += 1;
            if let Some(why) = broken_link(doc, text, &target) {
                out.push(format!(
                    "{}:{number}: link ({target}): {why}",
                    doc.display()
                ));
            }
        }
        for span in spans {
            if !repository_path(span, root) {
                continue;
            }
            paths += 1;
            if !path_exists(span, root, &names) {
                out.push(format!(
                    "{}:{number}: `{span}` is not in the repository",
                    doc.display()
                ));
            }
        }
    }
    (out, links, paths)
}

#[test]
fn every_link_and_every_path_named_in_the_docs_exists() {
    let root = root();
    let mut all = Vec::new();
    let (mut links, mut paths) = (0, 0);
    let docs = documents();
    for (doc, text) in &docs {
        let (found, l, p) = problems(doc, text, &root);
        all.extend(found);
        links += l;
        paths += p;
    }
    assert!(
        all.is_empty(),
        "{} problems:\n{}",
        all.len(),
        all.join("\n")
    );
    assert!(docs.len() > 5, "README.md and docs/*.md: {}", docs.len());
    assert!(links > 20, "only {links} links found: the parser lost them");
    assert!(
        paths > 20,
        "only {paths} repository paths found: the parser lost them"
    );
}

#[test]
fn the_readme_lists_every_document_and_stays_short() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let lines = readme.lines().count();
    assert!(
        lines < 300,
        "README.md has {lines} lines: move the detail into docs/"
    );
    for (doc, _) in documents().iter().skip(1) {
        let link = format!("({})", doc.display());
        assert!(readme.contains(&link), "README.md does not link {link}");
    }
    for phrase in ["cargo run --release", "cargo test", "Not medical advice"] {
        assert!(readme.contains(phrase), "README.md lost {phrase:?}");
    }
}

#[test]
fn the_checker_finds_a_broken_link_a_missing_anchor_and_a_moved_file() {
    let root = root();
    let text = "# Top\n\n## Keys at a glance\n\n\
        [ok](#keys-at-a-glance) [ok](Cargo.toml) [gone](docs/nothing.md)\n\
        [no heading](#nothing) [web](https://example.org/x)\n\
        `src/lib.rs` `src/ui/session.rs` `assets/*.wav` `assets/<key>.wav` `assets/*.mp9`\n\
        `STYLE.md` `history/.index` `~/.config/backease/exercises.ron` `cue::output`\n\
        `src/` `tui/paint.rs` `paint.rs` `ui/nowhere.rs` `a span run\n\
        on` `src/not_here.rs` [ok](#top)\n\
        ```\n[in code](missing.md) `src/in_code.rs`\n```\n";
    let (found, links, paths) = problems(Path::new("README.md"), text, &root);
    assert_eq!(links, 6, "{found:#?}");
    assert_eq!(paths, 11, "{found:#?}");
    let expected = [
        "README.md:5: link (docs/nothing.md): docs/nothing.md does not exist",
        "README.md:6: link (#nothing): README.md has no heading #nothing",
        "README.md:7: `src/ui/session.rs` is not in the repository",
        "README.md:7: `assets/*.mp9` is not in the repository",
        "README.md:8: `STYLE.md` is not in the repository",
        "README.md:9: `ui/nowhere.rs` is not in the repository",
        "README.md:10: `src/not_here.rs` is not in the repository",
    ];
    assert_eq!(found, expected);
}

#[test]
fn anchors_are_github_slugs_numbered_when_repeated() {
    let text = "# backease\n## Editing with `backease edit`\n## Cues\n### Cues\n\
        ## Your history: progress, export, sharing\n```\n# not a heading\n```\n";
    let found: Vec<String> = anchors(text).into_iter().collect();
    assert_eq!(
        found,
        [
            "backease",
            "cues",
            "cues-1",
            "editing-with-backease-edit",
            "your-history-progress-export-sharing",
        ]
    );
}
