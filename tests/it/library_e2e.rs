//! The library's state files with the real binary in tmux: a favourite marked in the menu
//! is first after a relaunch (and a favourites file that does not read is reported and
//! never written over); a routine's own safety notes show on its first run of the day and
//! not on the next.

use crate::common::tmux;

use tmux::Tmux;

#[test]
fn a_favourite_is_first_after_a_relaunch() {
    let t = Tmux::start();
    let file = t.home().join("config").join("favourites.ron");
    t.run("--mute");
    t.wait_text("pick a routine");
    t.keys(&["Down"]);
    t.keys(&["*"]);
    t.wait_text("*Morning wake-up");
    t.keys(&["q"]);
    t.assert_terminal_normal();
    let kept = std::fs::read_to_string(&file).expect("favourites kept");
    assert!(kept.contains("\"morning\""), "{kept}");
    t.keys(&["clear", "Enter"]);
    t.run("--mute");
    t.wait_text("pick a routine");
    let first = t.screen().lines().nth(2).unwrap_or_default().to_string();
    assert!(first.starts_with("*Morning wake-up"), "{}", t.screen());
    t.keys(&["q"]);
    t.assert_terminal_normal();
}

#[test]
fn a_favourites_file_that_does_not_read_is_left_as_it_is() {
    let t = Tmux::start();
    let file = t.home().join("config").join("favourites.ron");
    std::fs::write(&file, "my favourites: hips\n").expect("a file of the person's");
    t.run("--mute");
    t.wait_text("favourites.ron:1:");
    t.keys(&["*"]);
    t.wait_text("*Five back stretches");
    t.keys(&["q"]);
    t.assert_terminal_normal();
    assert_eq!(
        std::fs::read_to_string(&file).expect("still there"),
        "my favourites: hips\n"
    );
}

#[test]
fn a_routines_safety_notes_show_on_its_first_run_of_the_day_only() {
    let t = Tmux::start();
    t.run("start desk_break --mute");
    t.wait_text("step 1 of 5");
    t.wait_text("sciatica");
    t.past_key_guard();
    t.keys(&["q"]);
    t.wait_text("End the session now?");
    t.keys(&["y"]);
    t.wait_text("ended early");
    t.keys(&["q"]);
    t.assert_terminal_normal();
    t.keys(&["clear", "Enter"]);
    t.run("start desk_break --mute");
    t.wait_text("step 1 of 5");
    t.wait_text("Shoulder roll");
    assert!(!t.screen().contains("sciatica"), "{}", t.screen());
    t.keys(&["C-c"]);
    t.assert_terminal_normal();
}
