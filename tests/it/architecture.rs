//! The house's rules, checked against the code: the core crate (`crates/core`) depends on
//! data crates only (no terminal, audio, file or D-Bus crate can reach it), and outside its
//! tests it never reads the clock, the environment or the file system.

use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The names under `[dependencies]` in a manifest's text.
fn dependencies(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut inside = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == "[dependencies]";
            continue;
        }
        if inside
            && !line.is_empty()
            && !line.starts_with('#')
            && let Some((name, _)) = line.split_once('=')
        {
            names.push(name.trim().to_string());
        }
    }
    names
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read the core's sources") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_core_crate_depends_on_serde_ron_and_jiff_only() {
    let manifest = std::fs::read_to_string(Path::new(ROOT).join("crates/core/Cargo.toml"))
        .expect("crates/core/Cargo.toml");
    let mut deps = dependencies(&manifest);
    deps.sort();
    assert_eq!(deps, ["jiff", "ron", "serde"]);
    // And the binary crate depends on it (not the other way round: the core's manifest
    // names no `backease` dependency, checked above).
    let top = std::fs::read_to_string(Path::new(ROOT).join("Cargo.toml")).expect("Cargo.toml");
    assert!(dependencies(&top).iter().any(|d| d == "backease-core"));
}

#[test]
fn the_core_never_reads_the_clock_the_environment_or_files_outside_its_tests() {
    let mut files = Vec::new();
    rust_files(&Path::new(ROOT).join("crates/core/src"), &mut files);
    assert!(files.len() > 50, "found {} files", files.len());
    let forbidden = [
        "Instant::now()",
        "SystemTime::now()",
        "Timestamp::now()",
        "std::fs",
        "std::env",
        "std::process",
        "std::net",
        "std::thread",
        "std::io::stdin",
        "println!",
        "eprintln!",
    ];
    let mut found = Vec::new();
    for file in &files {
        let name = file.to_string_lossy();
        if name.ends_with("tests.rs") || name.contains("/tests/") {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("a source file");
        // Only the code before the file's test module.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            let line = line.trim_start();
            if line.starts_with("//") {
                continue;
            }
            for word in forbidden {
                if line.contains(word) {
                    found.push(format!("{name}:{}: {word}", n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "the core touches the world:\n{}",
        found.join("\n")
    );
}
