//! End to end: the timer never stops counting and never spins, whatever wakes it.
//! The real binary on a pseudo-terminal of the test's own (`common/pty.rs`), because these
//! cases need one large write at once and the process's CPU time.

#[path = "common/pty.rs"]
mod pty;

use std::time::Duration;

use pty::Pty;

const SOON: Duration = Duration::from_secs(20);

/// Short holds so a step ends within seconds at a modest speed.
const ROUTINES: &str = r#"(
    exercises: [
        (id: "c_one", name: "Clock one", hold: "2s", lead_in: "0s"),
        (id: "c_two", name: "Clock two", hold: "2s", lead_in: "0s"),
        (id: "c_three", name: "Clock three", hold: "2s", lead_in: "0s"),
        (id: "c_long", name: "Clock long", hold: "10m", lead_in: "0s"),
    ],
    routines: [
        (id: "c_steps", name: "Clock steps", steps: [
            (exercise: "c_one"), (exercise: "c_two"), (exercise: "c_three"),
        ]),
        (id: "c_long", name: "Clock long", steps: [(exercise: "c_long")]),
    ],
)"#;

fn steps_ended(p: &Pty) -> usize {
    p.trace()
        .lines()
        .filter(|l| l.starts_with("step_end "))
        .count()
}

fn start(args: &[&str]) -> Pty {
    let mut full = vec!["--mute"];
    full.extend_from_slice(args);
    Pty::spawn(&full, ROUTINES)
}

/// A paste of thousands of bytes arrives in one read-sized piece after another: every
/// piece is consumed, no core spins, and the countdown goes on.
#[test]
fn a_large_paste_is_consumed_without_spinning_and_time_goes_on() {
    let mut p = start(&["start", "c_long"]);
    p.wait("the first frame", SOON, |p| {
        p.trace().contains("first_frame_ms")
    });
    // Keys that do nothing in a session, 5,000 of them in one write (over four of
    // crossterm's 1,024-byte reads).
    p.write(&[b'z'; 5000]);
    std::thread::sleep(Duration::from_millis(500));
    let before = p.cpu();
    std::thread::sleep(Duration::from_secs(2));
    let spent = p.cpu().saturating_sub(before);
    assert!(
        spent < Duration::from_millis(300),
        "{spent:?} of CPU in 2 s after the paste: the loop spins"
    );
    // Still alive and still listening: q then y ends the session.
    p.write(b"q");
    p.write(b"y");
    p.wait("the session recorded", SOON, |p| {
        p.trace().contains("session_over routine=c_long")
    });
}

/// After the paste, a step still ends on time: the buffered keys neither froze the clock
/// nor were left to act later.
#[test]
fn steps_end_on_time_after_a_flood_of_keys() {
    let mut p = start(&["--speed", "2", "start", "c_steps"]);
    p.wait("the first frame", SOON, |p| {
        p.trace().contains("first_frame_ms")
    });
    p.write(&[b'z'; 3000]);
    p.wait("all three steps to end", SOON, |p| steps_ended(p) >= 3);
}
