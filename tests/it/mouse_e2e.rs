//! The mouse end to end: the real binary in tmux, clicked and scrolled with the SGR mouse
//! reports a terminal sends (written to the pane as bytes, `send-keys -H`). The menu takes
//! the mouse (tmux shows the pane's mouse modes on), a click selects a routine and a
//! second click starts it, the footer's "pause" and "end" hints and the question's "y"
//! are clicked (the summary follows), and on the way out the mouse is given back with
//! the terminal. With
//! `mouse: false` in the preferences the mouse is never taken.

use crate::common::tmux;

use tmux::{SOON, Tmux};

/// Column and row (0-based) of the first character of `text` on the screen.
fn find(t: &Tmux, text: &str) -> (usize, usize) {
    let screen = t.screen();
    for (row, line) in screen.lines().enumerate() {
        if let Some(byte) = line.find(text) {
            return (line[..byte].chars().count(), row);
        }
    }
    panic!("{text:?} is not on the screen:\n{screen}");
}

/// A left click at a 0-based cell: press and release, as SGR reports (1-based).
fn click(t: &Tmux, (column, row): (usize, usize)) {
    for end in ['M', 'm'] {
        let report = format!("\x1b[<0;{};{}{end}", column + 1, row + 1);
        send_bytes(t, &report);
    }
}

fn send_bytes(t: &Tmux, text: &str) {
    let hex: Vec<String> = text.bytes().map(|b| format!("{b:02x}")).collect();
    let mut args = vec!["send-keys", "-t", "e2e", "-H"];
    args.extend(hex.iter().map(String::as_str));
    t.tmux(&args);
}

/// The pane's mouse modes as tmux sees them: clicks (normal tracking), every movement
/// (all-motion tracking: never asked for, it would wake the program for each cell the
/// mouse crosses) and SGR reports.
fn mouse_modes(t: &Tmux) -> String {
    t.info("#{mouse_standard_flag}#{mouse_all_flag}#{mouse_sgr_flag}")
}

#[test]
fn the_menu_and_the_session_are_driven_by_clicks_and_the_mouse_is_given_back() {
    let t = Tmux::start();
    assert_eq!(
        mouse_modes(&t),
        "000",
        "the shell has not asked for the mouse"
    );
    t.run("--mute");
    t.wait_text("pick a routine");
    t.wait("the mouse to be taken", SOON, |t| mouse_modes(t) == "101");

    // The wheel moves the selection as the arrows do.
    let (x, y) = find(&t, "Five back stretches");
    send_bytes(&t, &format!("\x1b[<65;{};{}M", x + 1, y + 1));
    t.wait_text("Loosen the spine");

    // One click selects (the details show it); the second starts it.
    let row = find(&t, "E2E three steps");
    click(&t, row);
    t.wait_text("Three holds for the end-to-end tests.");
    assert!(t.screen().contains("pick a routine"), "not started yet");
    click(&t, row);
    t.wait_text("step 1 of 3");
    t.past_key_guard();

    // The footer's hints: pause, then end, then the question's "y".
    click(&t, find(&t, "pause"));
    t.wait_text("Paused");
    click(&t, find(&t, "q end"));
    t.wait_text("End the session?");
    click(&t, find(&t, "y end"));
    t.wait_text("ended early");
    t.keys(&["q"]);
    t.assert_terminal_normal();
    assert_eq!(mouse_modes(&t), "000", "the mouse was given back");
    assert_eq!(t.trace_lines("session_over").len(), 1, "{}", t.trace());
}

#[test]
fn with_mouse_false_the_mouse_stays_with_the_terminal() {
    let t = Tmux::start();
    std::fs::write(
        t.home().join("config/preferences.ron"),
        "(voice: \"off\", mouse: false)\n",
    )
    .expect("preferences");
    t.run("--mute");
    t.wait_text("pick a routine");
    // Drawn and waiting for keys, and the mouse never asked for.
    t.wait_text("Five back stretches");
    assert_eq!(mouse_modes(&t), "000");
    click(&t, find(&t, "Morning wake-up"));
    t.keys(&["Down"]);
    t.wait_text("Loosen the spine");
    t.keys(&["q"]);
    t.assert_terminal_normal();
}

/// Every way out gives the mouse back: a stop (Ctrl-Z) while stopped, and taken again
/// after `fg`; SIGTERM.
#[test]
fn a_stop_and_a_signal_give_the_mouse_back() {
    let t = Tmux::start();
    t.run("start e2e_long --mute");
    t.wait_text("E2E hold");
    t.wait("the mouse to be taken", SOON, |t| mouse_modes(t) == "101");
    let pid = t.app_pid();
    t.keys(&["C-z"]);
    t.wait("the stop", SOON, |_| Tmux::state(&pid) == Some('T'));
    t.wait("the mouse to be given back", SOON, |t| {
        mouse_modes(t) == "000"
    });
    t.keys(&["fg", "Enter"]);
    t.wait_text("Paused");
    t.wait("the mouse to be taken again", SOON, |t| {
        mouse_modes(t) == "101"
    });
    t.signal(&pid, "TERM");
    t.wait_gone(&pid);
    t.assert_terminal_normal();
    assert_eq!(mouse_modes(&t), "000");
}
