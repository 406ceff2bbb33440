//! `backease edit` end to end: the real binary in tmux with a stand-in editor, a shell
//! script named `vim` that records its arguments and writes the next prepared text into
//! the file it is given. A new file starts from the template; a draft with a problem is
//! listed as FILE:LINE:COL with "Edit again? [Y/n]" and reopened at that line (`+LINE`);
//! only a clean draft replaces the file; declining keeps the draft and the file in use;
//! `--preferences` the same for preferences.

use crate::common::tmux;

use std::path::{Path, PathBuf};

use tmux::{BIN, Tmux};

const GOOD: &str =
    "(routines: [(id: \"mine\", name: \"Mine\", steps: [(exercise: \"cat_cow\")])])\n";
const BAD: &str =
    "(routines: [(id: \"mine\", name: \"Mine\",\n    steps: [(exercise: \"cat_kow\")])])\n";

/// Writes the stand-in editor into `home/bin/vim`: each call appends its arguments to
/// `home/editor_args.txt` and copies `home/write_N.txt` (N counts the calls) over the
/// file it was given, when there is one.
fn stand_in_editor(home: &Path) -> PathBuf {
    let bin = home.join("bin");
    std::fs::create_dir_all(&bin).expect("bin");
    let script = bin.join("vim");
    let h = home.display();
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n\
             echo \"$*\" >> {h}/editor_args.txt\n\
             n=$(cat {h}/calls 2>/dev/null || echo 0); n=$((n+1)); echo $n > {h}/calls\n\
             for last; do :; done\n\
             if [ -f {h}/write_$n.txt ]; then cp {h}/write_$n.txt \"$last\"; fi\n"
        ),
    )
    .expect("script");
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    script
}

fn prepare(home: &Path, n: usize, text: &str) {
    std::fs::write(home.join(format!("write_{n}.txt")), text).expect("prepared text");
}

fn args(home: &Path) -> Vec<String> {
    std::fs::read_to_string(home.join("editor_args.txt"))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Clears the pane and waits until the last command's exit status is gone from it.
fn clear(t: &Tmux) {
    t.keys(&["clear", "Enter"]);
    t.wait("the screen to clear", tmux::SOON, |t| {
        !t.screen().contains("exit=")
    });
}

/// Types `VISUAL="EDITOR --flag" backease edit EXTRA; echo "exit=$?"`.
fn run_edit(t: &Tmux, editor: &Path, extra: &str) {
    t.keys(&[
        &format!(
            "VISUAL=\"{} --flag\" {BIN} edit {extra}; echo \"exit=$?\"",
            editor.display()
        ),
        "Enter",
    ]);
}

#[test]
fn a_bad_edit_is_offered_again_at_its_line_and_only_a_clean_one_is_saved() {
    let t = Tmux::start();
    let home = t.home().to_path_buf();
    let editor = stand_in_editor(&home);
    let file = home.join("config").join("exercises.ron");
    let draft = home.join("config").join("exercises.draft.ron");
    prepare(&home, 1, BAD);
    prepare(&home, 2, GOOD);
    run_edit(&t, &editor, "");
    t.wait_text("Edit again? [Y/n]");
    let screen = t.screen();
    // FILE:LINE:COL: message, the file being the draft (its lines are the ones meant).
    assert!(
        screen.contains("exercises.draft.ron:2:") && screen.contains("did you mean \"cat_cow\"?"),
        "{screen}"
    );
    // Nothing in use yet: the file was never written.
    assert!(!file.exists());
    t.keys(&["Enter"]);
    t.wait_text("exit=0");
    assert!(t.screen().contains("saved, ok:"), "{}", t.screen());
    assert_eq!(std::fs::read_to_string(&file).expect("saved"), GOOD);
    assert!(!draft.exists(), "the draft is gone once saved");
    let calls = args(&home);
    // The editor's own argument first; the first call opened the draft (of the
    // template), the second at the problem's line.
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!(calls[0], format!("--flag {}", draft.display()));
    assert_eq!(calls[1], format!("--flag +2 {}", draft.display()));
}

#[test]
fn declining_keeps_the_draft_and_the_file_in_use() {
    let t = Tmux::start();
    let home = t.home().to_path_buf();
    let editor = stand_in_editor(&home);
    let file = home.join("config").join("exercises.ron");
    let draft = home.join("config").join("exercises.draft.ron");
    std::fs::write(&file, GOOD).expect("a file in use");
    prepare(&home, 1, BAD);
    run_edit(&t, &editor, "");
    t.wait_text("Edit again? [Y/n]");
    t.keys(&["n", "Enter"]);
    t.wait_text("exit=1");
    let screen = t.screen();
    assert!(screen.contains("draft is kept at"), "{screen}");
    assert!(screen.contains("exercises.draft.ron"), "{screen}");
    assert_eq!(std::fs::read_to_string(&file).expect("in use"), GOOD);
    assert_eq!(std::fs::read_to_string(&draft).expect("draft"), BAD);
    // The file in use still loads: a list works.
    clear(&t);
    t.keys(&[&format!("{BIN} list; echo \"exit=$?\""), "Enter"]);
    t.wait_text("exit=0");
    assert!(t.screen().contains("mine"), "{}", t.screen());
    // The next edit opens the kept draft; leaving the editor without a change to the
    // file in use ends with "no changes".
    prepare(&home, 2, GOOD);
    clear(&t);
    run_edit(&t, &editor, "");
    t.wait_text("exit=0");
    let screen = t.screen();
    assert!(screen.contains("draft from last time"), "{screen}");
    assert!(screen.contains("no changes"), "{screen}");
    assert!(!draft.exists());
}

#[test]
fn preferences_are_edited_the_same_way() {
    let t = Tmux::start();
    let home = t.home().to_path_buf();
    let editor = stand_in_editor(&home);
    let prefs = home.join("config").join("preferences.ron");
    let before = std::fs::read_to_string(&prefs).expect("the test's preferences");
    prepare(&home, 1, "(voice: \"off\", volume: 300)\n");
    prepare(&home, 2, "(voice: \"off\", volume: 30)\n");
    run_edit(&t, &editor, "--preferences");
    t.wait_text("Edit again? [Y/n]");
    assert!(
        t.screen().contains("preferences.draft.ron:1:"),
        "{}",
        t.screen()
    );
    assert_eq!(std::fs::read_to_string(&prefs).expect("prefs"), before);
    t.keys(&["y", "Enter"]);
    t.wait_text("exit=0");
    assert_eq!(
        std::fs::read_to_string(&prefs).expect("prefs"),
        "(voice: \"off\", volume: 30)\n"
    );
    let calls = args(&home);
    assert!(calls[1].starts_with("--flag +1 "), "{calls:?}");
}

#[test]
fn an_editor_that_fails_changes_nothing() {
    let t = Tmux::start();
    let home = t.home().to_path_buf();
    let file = home.join("config").join("exercises.ron");
    t.keys(&[
        &format!("VISUAL=false {BIN} edit; echo \"exit=$?\""),
        "Enter",
    ]);
    t.wait_text("exit=1");
    assert!(
        t.screen().contains("did not exit cleanly"),
        "{}",
        t.screen()
    );
    assert!(!file.exists());
    clear(&t);
    t.keys(&[
        &format!("VISUAL=/no/such/editor {BIN} edit; echo \"exit=$?\""),
        "Enter",
    ]);
    t.wait_text("exit=1");
    assert!(
        t.screen().contains("could not start the editor"),
        "{}",
        t.screen()
    );
}
