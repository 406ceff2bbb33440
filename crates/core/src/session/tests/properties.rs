//! Properties over random sequences of actions and time jumps.

use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::*;

fn any_act() -> impl Strategy<Value = Act> {
    prop_oneof![
        6 => Just(Act::Tick),
        1 => Just(Act::Pause),
        1 => Just(Act::Resume),
        1 => Just(Act::Skip),
        1 => Just(Act::Back),
        1 => Just(Act::Restart),
        1 => (-30i64..30).prop_map(Act::Adjust),
        1 => Just(Act::Confirm),
        1 => Just(Act::Painful),
    ]
}

fn any_step() -> impl Strategy<Value = Exercise> {
    let timing = prop_oneof![
        4 => (1u64..30, 0u64..20).prop_map(|(a, b)| Timing::Hold(TimeRange::secs(a, a + b))),
        1 => (120u64..200).prop_map(|a| Timing::Hold(TimeRange::secs(a, a))),
        1 => Just(Timing::OpenEnded),
        1 => Just(Timing::Untimed),
    ];
    (timing, 0usize..3, 1u32..3, 1u32..3, 0u64..6, 0u64..4).prop_map(
        |(timing, sides, reps, rounds, lead, rest)| {
            let mut s = step("p", timing);
            s.sides = ["left", "right", "middle"][..sides]
                .iter()
                .map(|x| x.to_string())
                .collect();
            s.reps = reps;
            s.rounds = rounds;
            s.lead_in = Some(secs(lead));
            s.rest = secs(rest);
            s.switch = secs(rest);
            s
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn engine_invariants_hold_under_any_sequence(
        steps in prop::collection::vec(any_step(), 1..5),
        acts in prop::collection::vec((any_act(), 0u64..400_000), 1..60),
    ) {
        let t0 = Instant::now();
        let n = steps.len();
        let mut s = Session::new(routine(steps), Config::default(), t0);
        let mut t = Duration::ZERO;
        let mut ends = vec![0usize; n];
        let mut completes = 0;
        for (act, gap_ms) in acts {
            // Mostly small gaps, sometimes a big jump.
            t += ms(if gap_ms > 380_000 { gap_ms * 20 } else { gap_ms % 5_000 });
            let now = t0 + t;
            let was_paused = s.is_paused();
            let before = s.status(now);
            let cues = run(&mut s, act, now);
            for c in &cues {
                match c {
                    StepEnd { step, .. } => ends[*step] += 1,
                    SessionComplete => completes += 1,
                    _ => {}
                }
            }
            let st = s.status(now);
            // elapsed never exceeds wall time
            prop_assert!(st.session_elapsed <= t);
            prop_assert!(st.session_remaining.min <= st.session_remaining.max);
            if let Some(r) = st.remaining {
                prop_assert!(r <= st.length.map(|l| l.max).unwrap_or(r));
            }
            // a pause freezes time: a tick while paused changes nothing visible
            if was_paused && matches!(act, Act::Tick | Act::Pause) {
                prop_assert!(cues.is_empty());
                prop_assert_eq!(&before, &st);
                let later = s.status(now + secs(1000));
                prop_assert_eq!(&later, &st);
            }
            prop_assert!(completes <= 1);
        }
        // Drive to the end: confirm and tick until finished.
        for _ in 0..10_000 {
            if s.is_finished() { break; }
            t += secs(30);
            for c in s.resume(t0 + t).plain().into_iter().chain(s.confirm(t0 + t).plain()) {
                match c {
                    StepEnd { step, .. } => ends[step] += 1,
                    SessionComplete => completes += 1,
                    _ => {}
                }
            }
        }
        prop_assert!(s.is_finished());
        prop_assert_eq!(completes, 1);
        // every step ends exactly once as done, skipped or painful
        prop_assert!(s.outcomes().iter().all(|o| !o.is_pending()));
        for (i, o) in s.outcomes().iter().enumerate() {
            prop_assert!(o.held() <= t, "step {} held {:?} > {:?}", i, o.held(), t);
        }
        let _ = ends;
    }
}
