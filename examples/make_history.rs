//! Writes `N` history records into `DIR`, one session a day going back from today, as
//! the app writes them (`store::history::record_in`): for the history benchmark
//! (`scripts/bench.sh`, `scripts/make_history.sh`).
//!
//!     cargo run --release --example make_history -- DIR 10000
//!
//! With `--full` each record also has a check-in (before and after) and every 40th
//! session marks a step "this hurts": for the plan and report measures
//! (`scripts/measure_plan_report.sh`).

use std::time::Duration;

use backease::history::{SessionRecord, WallTime};
use backease::routine::load::shipped;
use backease::session::Outcome;
use backease::store::history::record_in;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(n)) = (args.next(), args.next().and_then(|n| n.parse::<i64>().ok()))
    else {
        eprintln!("usage: make_history DIR N");
        std::process::exit(2);
    };
    let full = args.next().as_deref() == Some("--full");
    let dir = std::path::PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("make_history: {}: {e}", dir.display());
        std::process::exit(1);
    }
    let library = shipped();
    let today = jiff::Zoned::now().date();
    for i in 0..n {
        let routine = &library.routines[i as usize % library.routines.len()];
        let outcomes: Vec<Outcome> = routine
            .steps
            .iter()
            .enumerate()
            .map(|(k, _)| match (i + k as i64) % 7 {
                3 if full && k == 1 && i % 40 == 0 => Outcome::Painful {
                    held: Duration::from_secs(6),
                },
                0 => Outcome::Skipped {
                    held: Duration::from_secs(4),
                },
                _ => Outcome::Done {
                    held: Duration::from_secs(20 + (i as u64 * 7 + k as u64) % 90),
                },
            })
            .collect();
        let day = today.saturating_sub(jiff::Span::new().days(n - i));
        let at = |h: i8, m: i8| -> WallTime {
            format!("{day}T{h:02}:{m:02}:00+01:00")
                .parse()
                .expect("a valid time")
        };
        let mut record = SessionRecord::from_run(routine, &outcomes, at(7, 30), at(7, 52), true);
        if full {
            let before = 3 + (i % 5) as u8;
            record = record.with_stiffness(backease::history::Stiffness {
                before: Some(before),
                after: Some(before.saturating_sub((i % 3) as u8)),
            });
        }
        if let Err(e) = record_in(&dir, &record) {
            eprintln!("make_history: {e}");
            std::process::exit(1);
        }
    }
}
