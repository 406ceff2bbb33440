//! End to end: the timer never stops counting and never spins, whatever wakes it.
//! The real binary on a pseudo-terminal of the test's own (`common/pty.rs`), because these
//! cases need one large write at once and the process's CPU time.

use crate::common::pty;

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

/// How many steps have ended: one past the highest step index in a `step_end` trace
/// line (after a jump, the engine reports only the last of the steps that ended in it).
fn steps_ended(p: &Pty) -> usize {
    p.trace()
        .lines()
        .filter_map(|l| l.strip_prefix("step_end step="))
        .filter_map(|rest| rest.split_whitespace().next()?.parse::<usize>().ok())
        .map(|step| step + 1)
        .max()
        .unwrap_or(0)
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

/// Stopped (SIGSTOP) over step ends and continued: the steps that ended meanwhile are
/// acted on at once, without a key (the loop used to sleep for an hour in ppoll).
#[test]
fn a_stop_over_step_ends_is_caught_up_at_once_when_continued() {
    let p = start(&["start", "c_steps"]);
    p.wait("the first frame", SOON, |p| {
        p.trace().contains("first_frame_ms")
    });
    p.signal(libc::SIGSTOP);
    std::thread::sleep(Duration::from_secs(5));
    p.signal(libc::SIGCONT);
    p.wait("the steps that ended while stopped", SOON, |p| {
        steps_ended(p) >= 2
    });
    p.wait("the routine to finish on its own", SOON, |p| {
        p.trace()
            .contains("session_over routine=c_steps step=2 finished=true")
    });
}

/// At any speed, moments that are already due when the loop looks are acted on:
/// from the very first step at --speed 1000, and with no rest between reps at --speed 100.
#[test]
fn high_speeds_and_zero_rests_never_strand_a_due_moment() {
    let p = start(&["--speed", "1000", "start", "c_steps"]);
    p.wait("all three steps at --speed 1000", SOON, |p| {
        steps_ended(p) >= 3
    });
    let reps = r#"(
        exercises: [(id: "c_reps", name: "Clock reps", hold: "1s", reps: 5, rest: "0s",
                     lead_in: "0s", sides: ["left", "right"], switch: "0s")],
        routines: [(id: "c_reps", name: "Clock reps", steps: [(exercise: "c_reps")])],
    )"#;
    let q = Pty::spawn(&["--mute", "--speed", "100", "start", "c_reps"], reps);
    q.wait("the step of zero rests to end", SOON, |q| {
        steps_ended(q) >= 1
    });
}

/// Sped up 10,000 times with an open hold (a count-up that changes every virtual
/// second), the redraw rate is capped in real time: the process stays far from a core.
#[test]
fn a_sped_up_open_hold_does_not_redraw_faster_than_a_person_reads() {
    let open = r#"(
        exercises: [(id: "c_open", name: "Clock open", hold: "open", lead_in: "0s")],
        routines: [(id: "c_open", name: "Clock open", steps: [(exercise: "c_open")])],
    )"#;
    let p = Pty::spawn(&["--mute", "--speed", "10000", "start", "c_open"], open);
    p.wait("the first frame", SOON, |p| {
        p.trace().contains("first_frame_ms")
    });
    let before = p.cpu();
    std::thread::sleep(Duration::from_secs(3));
    let spent = p.cpu().saturating_sub(before);
    // Uncapped it took 42% of a core (1.26 s in 3 s); capped at 50 frames a second it
    // takes a few percent.
    assert!(
        spent < Duration::from_millis(600),
        "{spent:?} of CPU in 3 s at --speed 10000"
    );
}
