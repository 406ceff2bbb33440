//! Parse + validate timings: the shipped library and a generated file of 10,000
//! exercises and 1,000 routines. Run with `cargo bench --bench load`.
//! Targets (release): shipped < 5 ms, large < 200 ms.

use std::fmt::Write;
use std::time::{Duration, Instant};

use backease::routine::load::{MAX_FILE_BYTES, SHIPPED, parse, summary};

/// A valid file with `exercises` exercises and `routines` routines of 8 steps each.
fn generated(exercises: usize, routines: usize) -> String {
    let mut s = String::from("(\n    exercises: [\n");
    for i in 0..exercises {
        let _ = writeln!(
            s,
            "        (id: \"ex_{i}\", name: \"Exercise {i}\", description: \"Lie down and breathe.\", \
             cues: [\"One.\", \"Two.\"], hold: \"10-15s\", sides: [\"left\", \"right\"], reps: 2, rest: \"3s\"),"
        );
    }
    s.push_str("    ],\n    routines: [\n");
    for r in 0..routines {
        let _ = write!(
            s,
            "        (id: \"routine_{r}\", name: \"Routine {r}\", steps: ["
        );
        for k in 0..8 {
            let _ = write!(
                s,
                "(exercise: \"ex_{}\", hold: \"20s\"), ",
                (r * 8 + k) % exercises
            );
        }
        s.push_str("]),\n");
    }
    s.push_str("    ],\n)\n");
    s
}

fn time(label: &str, text: &str, runs: usize, target: Duration) {
    let mut times = Vec::with_capacity(runs);
    let mut result = String::new();
    for _ in 0..runs {
        let start = Instant::now();
        let lib = parse("bench.ron", std::hint::black_box(text.as_bytes()), None);
        times.push(start.elapsed());
        result = match lib {
            Ok(lib) => summary(&lib),
            Err(e) => panic!("{label} does not load:\n{e}"),
        };
    }
    times.sort();
    let median = times[times.len() / 2];
    let worst = times[times.len() - 1];
    let verdict = if median <= target {
        "ok"
    } else {
        "OVER TARGET"
    };
    println!(
        "{label:<40} {:>8.1} KiB  median {:>9.3} ms  worst {:>9.3} ms  target {:>4} ms  {verdict}  ({result})",
        text.len() as f64 / 1024.0,
        median.as_secs_f64() * 1000.0,
        worst.as_secs_f64() * 1000.0,
        target.as_millis(),
    );
}

fn main() {
    time("shipped library", SHIPPED, 50, Duration::from_millis(5));
    let large = generated(10_000, 1_000);
    assert!(
        large.len() <= MAX_FILE_BYTES,
        "generated file over the size limit"
    );
    time(
        "10,000 exercises + 1,000 routines",
        &large,
        9,
        Duration::from_millis(200),
    );
}
