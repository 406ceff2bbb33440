//! The command surface a newcomer discovers from the shell: `--version`, the completion
//! scripts (bash loaded with `bash -n` and asked to complete a subcommand and a routine
//! id, your own routines' ids and the subcommands' flags) and the manual page (read with
//! `man -l`, each command with its options; `man routines`, the routine file format, as
//! section 5). The real binary, no terminal needed.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_backease");

fn backease(args: &[&str]) -> String {
    let out = Command::new(BIN).args(args).output().expect("run backease");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn version_names_the_program_and_its_version() {
    assert_eq!(
        backease(&["--version"]).trim(),
        format!("backease {}", env!("CARGO_PKG_VERSION"))
    );
}

/// What bash offers for the words typed so far (the last one being completed).
fn complete(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let line = words.join(" ");
    let program = format!(
        "source {script}; COMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE='{line}'; \
         COMP_POINT=${{#COMP_LINE}}; _backease backease '{cur}' '{prev}'; \
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script = script.display(),
        words = words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" "),
        cword = words.len() - 1,
        cur = words[words.len() - 1],
        prev = words[words.len() - 2],
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .expect("bash runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_bash_script_loads_and_completes_a_subcommand_and_a_routine_id() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("backease.bash");
    std::fs::write(&script, backease(&["completions", "bash"])).expect("write");
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .expect("bash -n");
    assert!(syntax.success(), "bash -n found a syntax error");
    // "st" is also `status` (desk mode) now; "star" picks `start` alone.
    assert_eq!(complete(&script, &["backease", "star"]), ["start"]);
    let st = complete(&script, &["backease", "st"]);
    assert!(
        st.contains(&"start".to_string()) && st.contains(&"status".to_string()),
        "{st:?}"
    );
    assert_eq!(
        complete(&script, &["backease", "start", "five"]),
        ["five_stretches"]
    );
    let all = complete(&script, &["backease", "start", ""]);
    assert!(all.contains(&"desk_break".to_string()), "{all:?}");
}

/// The ids complete wherever `start` is in the line, the person's own routines
/// (`~/.config/backease/exercises.ron`) among them, and so do the subcommands' flags.
#[test]
fn bash_completes_your_own_routines_and_the_flags() {
    let home = tempfile::tempdir().expect("temp dir");
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).expect("mkdir");
    std::fs::write(
        config.join("exercises.ron"),
        r#"(
    exercises: [(id: "wall_lean", name: "Wall lean", hold: "30s")],
    routines: [(id: "my_own_routine", name: "Mine", steps: [(exercise: "wall_lean")])],
)"#,
    )
    .expect("write");
    let out = Command::new(BIN)
        .args(["completions", "bash"])
        .env("HOME", home.path())
        .env("BACKEASE_CONFIG_DIR", &config)
        .env("BACKEASE_DATA_DIR", home.path().join("data"))
        .output()
        .expect("run backease");
    assert!(out.status.success());
    let script = home.path().join("backease.bash");
    std::fs::write(&script, &out.stdout).expect("write");
    assert_eq!(
        complete(&script, &["backease", "start", "my_"]),
        ["my_own_routine"]
    );
    assert_eq!(
        complete(&script, &["backease", "--mute", "start", "five"]),
        ["five_stretches"]
    );
    assert_eq!(complete(&script, &["backease", "list", "--j"]), ["--json"]);
    assert_eq!(complete(&script, &["backease", "check", "--j"]), ["--json"]);
    assert_eq!(
        complete(&script, &["backease", "completions", "fi"]),
        ["fish"]
    );
}

#[test]
fn every_shell_gets_a_script() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let text = backease(&["completions", shell]);
        assert!(text.contains("completions"), "{shell}");
    }
    let bad = Command::new(BIN)
        .args(["completions", "tcsh"])
        .output()
        .expect("run");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("possible values"));
}

#[test]
fn the_manual_page_reads_with_man() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("backease.1");
    std::fs::write(&page, backease(&["man"])).expect("write");
    let out = Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .expect("man is installed (Debian: apt-get install man-db)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for word in [
        "NAME",
        "SYNOPSIS",
        "--speed",
        "completions",
        "history",
        // Each command with its own options.
        "BACKEASE START",
        "backease start [OPTIONS] <ROUTINE>",
        "--plain",
        "BACKEASE CHECK",
        "--json",
    ] {
        assert!(text.contains(word), "{word} missing:\n{text}");
    }
}

#[test]
fn the_routine_file_format_reads_with_man_as_section_5() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("backease-routines.5");
    std::fs::write(&page, backease(&["man", "routines"])).expect("write");
    let out = Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .expect("man is installed (Debian: apt-get install man-db)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for words in [
        "BACKEASE-ROUTINES(5)",
        "NAME",
        "EXERCISE FIELDS",
        "ROUTINE FIELDS",
        "id: \"neck_tilt\",",
        "lead_in_up_down",
        "backease(1)",
    ] {
        assert!(text.contains(words), "{words} missing:\n{text}");
    }
    for markdown in ["```", "](", "|---", "\\f"] {
        assert!(!text.contains(markdown), "{markdown} left:\n{text}");
    }
    // Anything but a known topic is refused by name.
    let bad = Command::new(BIN)
        .args(["man", "routine"])
        .output()
        .expect("run");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("routines"));
}
