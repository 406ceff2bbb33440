//! Engine tests: tables of (action at time) -> cues, and properties over random
//! sequences of actions and time jumps.

use std::time::{Duration, Instant};

mod properties;

use super::*;
use crate::routine::{Exercise, Routine, TimeRange, Timing};

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// The cues without their moments, for tables that only list what happened.
trait Plain {
    fn plain(self) -> Vec<Cue>;
}

impl Plain for Vec<Due> {
    fn plain(self) -> Vec<Cue> {
        self.into_iter().map(|d| d.cue).collect()
    }
}

fn step(id: &str, timing: Timing) -> Exercise {
    Exercise {
        lead_in: Some(Duration::ZERO),
        ..Exercise::new(id, id, timing)
    }
}

/// A config that never drops cues as stale, for tables whose rows jump several seconds.
fn patient() -> Config {
    Config {
        stale_after: secs(3600),
        ..Config::default()
    }
}

fn hold(id: &str, s: u64) -> Exercise {
    step(id, Timing::Hold(TimeRange::secs(s, s)))
}

fn routine(steps: Vec<Exercise>) -> Routine {
    Routine {
        id: "r".into(),
        name: "R".into(),
        description: String::new(),
        safety: vec![],
        steps,
    }
}

#[derive(Debug, Clone, Copy)]
enum Act {
    Tick,
    Pause,
    Resume,
    Skip,
    Back,
    Restart,
    Adjust(i64),
    Confirm,
    Painful,
}

fn run(s: &mut Session, act: Act, now: Instant) -> Vec<Cue> {
    match act {
        Act::Tick => s.tick(now).plain(),
        Act::Pause => s.pause(now).plain(),
        Act::Resume => s.resume(now).plain(),
        Act::Skip => s.skip(now).plain(),
        Act::Back => s.back(now).plain(),
        Act::Restart => s.restart_step(now).plain(),
        Act::Adjust(d) => s.adjust(now, d).plain(),
        Act::Confirm => s.confirm(now).plain(),
        Act::Painful => s.mark_painful(now).plain(),
    }
}

/// Runs a table of (action, time in ms since start, expected cues).
fn table(r: Routine, config: Config, rows: &[(Act, u64, Vec<Cue>)]) -> Session {
    let t0 = Instant::now();
    let mut s = Session::new(r, config, t0);
    for (i, (act, at, want)) in rows.iter().enumerate() {
        let got = run(&mut s, *act, t0 + ms(*at));
        assert_eq!(&got, want, "row {i}: {act:?} at {at} ms");
    }
    s
}

use Cue::*;

#[test]
fn a_fixed_hold_counts_down_and_ends_at_its_deadline() {
    let r = routine(vec![hold("a", 10), hold("b", 5)]);
    let done = |step, held| StepEnd {
        step,
        outcome: Outcome::Done { held: secs(held) },
    };
    let s = table(
        r,
        patient(),
        &[
            (
                Act::Tick,
                0,
                vec![
                    StepStart { step: 0 },
                    HoldStart {
                        step: 0,
                        side: None,
                        rep: 1,
                    },
                ],
            ),
            (Act::Tick, 6_999, vec![]),
            (Act::Tick, 7_000, vec![Countdown(3)]),
            (Act::Tick, 8_500, vec![Countdown(2)]),
            (Act::Tick, 9_999, vec![Countdown(1)]),
            (
                Act::Tick,
                10_000,
                vec![
                    done(0, 10),
                    StepStart { step: 1 },
                    HoldStart {
                        step: 1,
                        side: None,
                        rep: 1,
                    },
                ],
            ),
            (Act::Tick, 10_001, vec![]),
            (
                Act::Tick,
                15_400,
                vec![
                    Countdown(3),
                    Countdown(2),
                    Countdown(1),
                    done(1, 5),
                    SessionComplete,
                ],
            ),
            (Act::Tick, 20_000, vec![]),
        ],
    );
    assert!(s.is_finished());
    assert_eq!(s.session_elapsed(Instant::now() + secs(999)), secs(15));
}

#[test]
fn lead_in_rests_reps_and_sides() {
    let mut st = step("bridge", Timing::Hold(TimeRange::secs(4, 4)));
    st.lead_in = Some(secs(5));
    st.reps = 2;
    st.rest = secs(3);
    st.sides = vec!["left".into(), "right".into()];
    st.switch = secs(2);
    let hs = |side, rep| HoldStart {
        step: 0,
        side: Some(side),
        rep,
    };
    let cd = || vec![Countdown(3), Countdown(2), Countdown(1)];
    let cat = |a: Vec<Cue>, b: Vec<Cue>| a.into_iter().chain(b).collect::<Vec<_>>();
    table(
        routine(vec![st]),
        patient(),
        &[
            (Act::Tick, 0, vec![StepStart { step: 0 }]),
            (Act::Tick, 4_000, vec![LeadIn(3), LeadIn(2), LeadIn(1)]),
            (Act::Tick, 5_000, vec![hs(0, 1)]),
            (
                Act::Tick,
                9_000,
                cat(
                    cd(),
                    vec![RepDone { step: 0, rep: 1 }, RestStart { step: 0 }],
                ),
            ),
            // rest of 3 s: ticks at 2 and 1 (a "3" would fall on its first instant)
            (Act::Tick, 12_000, vec![LeadIn(2), LeadIn(1), hs(0, 2)]),
            (
                Act::Tick,
                16_000,
                cat(cd(), vec![SwitchSides { step: 0, side: 1 }]),
            ),
            (Act::Tick, 18_000, vec![LeadIn(1), hs(1, 1)]),
            (
                Act::Tick,
                22_000,
                cat(
                    cd(),
                    vec![RepDone { step: 0, rep: 1 }, RestStart { step: 0 }],
                ),
            ),
            (Act::Tick, 25_000, vec![LeadIn(2), LeadIn(1), hs(1, 2)]),
            (
                Act::Tick,
                29_000,
                cat(
                    cd(),
                    vec![
                        StepEnd {
                            step: 0,
                            outcome: Outcome::Done { held: secs(16) },
                        },
                        SessionComplete,
                    ],
                ),
            ),
        ],
    );
}

#[test]
fn a_range_hold_cues_at_its_minimum_and_enter_then_ends_it() {
    let r = routine(vec![step("twist", Timing::Hold(TimeRange::secs(10, 15)))]);
    let s = table(
        r,
        Config::default(),
        &[
            (
                Act::Tick,
                0,
                vec![
                    StepStart { step: 0 },
                    HoldStart {
                        step: 0,
                        side: None,
                        rep: 1,
                    },
                ],
            ),
            (Act::Confirm, 5_000, vec![]),
            (
                Act::Tick,
                10_000,
                vec![RangeMinReached {
                    step: 0,
                    first: true,
                }],
            ),
            (
                Act::Confirm,
                11_500,
                vec![
                    StepEnd {
                        step: 0,
                        outcome: Outcome::Done { held: ms(11_500) },
                    },
                    SessionComplete,
                ],
            ),
        ],
    );
    assert_eq!(s.outcomes(), &[Outcome::Done { held: ms(11_500) }]);
}

#[test]
fn pause_keeps_the_remaining_time_exactly() {
    let t0 = Instant::now();
    let mut s = Session::new(routine(vec![hold("a", 60)]), Config::default(), t0);
    s.tick(t0).plain();
    s.tick(t0 + ms(10_250)).plain();
    s.pause(t0 + ms(10_250)).plain();
    assert_eq!(s.status(t0 + secs(500)).remaining, Some(ms(49_750)));
    assert_eq!(s.next_change(t0 + secs(500)), None);
    assert_eq!(s.tick(t0 + secs(500)).plain(), vec![]);
    s.resume(t0 + secs(1000)).plain();
    let st = s.status(t0 + secs(1000));
    assert_eq!(st.remaining, Some(ms(49_750)));
    assert!(st.session_elapsed == ms(10_250));
    // ends 49.75 s after the resume, to the nanosecond
    let end = t0 + secs(1000) + ms(49_750);
    assert!(
        !s.tick(end - Duration::from_nanos(1))
            .plain()
            .contains(&SessionComplete)
    );
    assert!(s.tick(end).plain().contains(&SessionComplete));
}

#[test]
fn a_twenty_minute_hold_ends_at_twenty_minutes_whatever_the_ticks() {
    for pattern in [1u64, 7, 333, 1000, 59_999] {
        let t0 = Instant::now();
        let mut s = Session::new(routine(vec![hold("bath", 1200)]), Config::default(), t0);
        let mut t = Duration::ZERO;
        let mut ended_at = None;
        while ended_at.is_none() && t < secs(1300) {
            let cues = s.tick(t0 + t).plain();
            if cues.iter().any(|c| matches!(c, StepEnd { .. })) {
                ended_at = Some(t);
            }
            // jittered ticks: the pattern plus a varying few ms
            t += ms(pattern + (t.as_millis() as u64 % 13));
        }
        let ended_at = ended_at.expect("the hold ends");
        // the step's outcome says exactly 20 minutes held, whatever the tick was
        assert_eq!(
            s.outcomes()[0],
            Outcome::Done { held: secs(1200) },
            "pattern {pattern}"
        );
        assert!(ended_at >= secs(1200), "pattern {pattern}");
        assert!(
            ended_at < secs(1200) + ms(pattern + 13),
            "pattern {pattern}"
        );
    }
}

#[test]
fn a_walk_away_from_the_keys_hears_no_halfway_and_ends_with_a_chime() {
    let mut walk = hold("walk", 180);
    walk.position = Some(crate::routine::Position::Walking);
    walk.end = crate::routine::End::Chime;
    let r = routine(vec![walk, hold("next", 10)]);
    let t0 = Instant::now();
    let mut s = Session::new(r, patient(), t0);
    let mut heard = Vec::new();
    for k in 0..=180 {
        heard.extend(s.tick(t0 + secs(k)).plain());
    }
    assert!(
        !heard
            .iter()
            .any(|c| matches!(c, Halfway { .. } | OneMinuteLeft { .. })),
        "{heard:?}"
    );
    assert!(
        !heard.iter().any(|c| matches!(c, LongStepAlarm { .. })),
        "{heard:?}"
    );
    assert_eq!(s.current_step().id, "next", "{heard:?}");
}

#[test]
fn long_holds_cue_halfway_one_minute_and_an_alarm_until_enter() {
    let mut st = hold("drape", 600);
    st.lead_in = Some(Duration::ZERO);
    let r = routine(vec![st, hold("next", 10)]);
    let t0 = Instant::now();
    let mut s = Session::new(r, patient(), t0);
    s.tick(t0).plain();
    assert_eq!(s.tick(t0 + secs(300)).plain(), vec![Halfway { step: 0 }]);
    assert_eq!(
        s.tick(t0 + secs(540)).plain(),
        vec![OneMinuteLeft { step: 0 }]
    );
    let end = s.tick(t0 + secs(600)).plain();
    assert_eq!(
        end,
        vec![
            Countdown(3),
            Countdown(2),
            Countdown(1),
            StepEnd {
                step: 0,
                outcome: Outcome::Done { held: secs(600) }
            },
            LongStepAlarm { step: 0, count: 1 },
        ]
    );
    assert_eq!(s.status(t0 + secs(601)).phase, Phase::Alarm);
    assert_eq!(s.tick(t0 + secs(619)).plain(), vec![]);
    assert_eq!(
        s.tick(t0 + secs(620)).plain(),
        vec![LongStepAlarm { step: 0, count: 2 }]
    );
    assert_eq!(
        s.tick(t0 + secs(640)).plain(),
        vec![LongStepAlarm { step: 0, count: 3 }]
    );
    // Enter acknowledges: the next step starts, no second StepEnd for the long one.
    assert_eq!(
        s.confirm(t0 + secs(645)).plain(),
        vec![
            StepStart { step: 1 },
            HoldStart {
                step: 1,
                side: None,
                rep: 1
            }
        ]
    );
}

#[test]
fn the_alarm_gives_up_after_ten_minutes_but_the_step_still_waits() {
    let r = routine(vec![hold("bath", 1200)]);
    let t0 = Instant::now();
    let mut s = Session::new(r, Config::default(), t0);
    let mut alarms = 0;
    let mut t = secs(0);
    while t <= secs(1200 + 900) {
        alarms += s
            .tick(t0 + t)
            .iter()
            .filter(|c| matches!(c.cue, LongStepAlarm { .. }))
            .count();
        t += secs(1);
    }
    assert_eq!(alarms, 30, "one at the end, then every 20 s for 10 minutes");
    assert_eq!(s.status(t0 + t).phase, Phase::Alarm);
    assert!(!s.is_finished());
}

#[test]
fn a_laptop_that_slept_through_the_bath_gets_one_alarm_not_a_storm() {
    let mut bath = hold("bath", 1200);
    bath.lead_in = Some(secs(5));
    let r = routine(vec![hold("drape", 600), bath, hold("after", 30)]);
    let t0 = Instant::now();
    let mut s = Session::new(r, Config::default(), t0);
    s.tick(t0).plain();
    s.confirm(t0 + secs(600)).plain(); // acknowledge the drape's alarm on time
    let cues = s.tick(t0 + secs(600)).plain();
    assert!(cues.is_empty(), "{cues:?}");
    // Sleep for an hour: the bath ended 35 minutes ago, its alarm gave up long since.
    let cues = s.tick(t0 + secs(4200)).plain();
    let alarms = cues
        .iter()
        .filter(|c| matches!(c, LongStepAlarm { .. }))
        .count();
    let ends = cues.iter().filter(|c| matches!(c, StepEnd { .. })).count();
    assert_eq!((alarms, ends), (1, 1), "{cues:?}");
    assert_eq!(
        s.outcomes()[1],
        Outcome::Done { held: secs(1200) },
        "the bath counts as done, at its full length"
    );
    assert_eq!(s.status(t0 + secs(4200)).phase, Phase::Alarm);
}

#[test]
fn a_jump_across_short_steps_lands_with_one_step_end() {
    let r = routine(vec![
        hold("a", 10),
        hold("b", 10),
        hold("c", 10),
        hold("d", 100),
    ]);
    let t0 = Instant::now();
    let mut s = Session::new(r, Config::default(), t0);
    s.tick(t0).plain();
    let cues = s.tick(t0 + secs(45)).plain();
    assert_eq!(
        cues,
        vec![StepEnd {
            step: 2,
            outcome: Outcome::Done { held: secs(10) }
        }]
    );
    assert_eq!(s.step_index(), 3);
    assert_eq!(s.status(t0 + secs(45)).remaining, Some(secs(85)));
    assert!(
        s.outcomes()[..3]
            .iter()
            .all(|o| matches!(o, Outcome::Done { .. }))
    );
}

#[test]
fn skip_back_restart_and_adjust() {
    let r = routine(vec![hold("a", 20), hold("b", 20), hold("c", 20)]);
    let t0 = Instant::now();
    let mut s = Session::new(r, Config::default(), t0);
    s.tick(t0).plain();
    let cues = s.skip(t0 + secs(4)).plain();
    assert_eq!(
        cues[0],
        StepEnd {
            step: 0,
            outcome: Outcome::Skipped { held: secs(4) }
        }
    );
    assert_eq!(s.step_index(), 1);
    // back: step 0 again, from its start, outcome cleared
    s.back(t0 + secs(6)).plain();
    assert_eq!(s.step_index(), 0);
    assert_eq!(s.outcomes()[0], Outcome::Pending);
    assert_eq!(s.status(t0 + secs(6)).remaining, Some(secs(20)));
    // extend by 10 s, then shorten by 25 s: ends now
    s.adjust(t0 + secs(8), 10).plain();
    assert_eq!(s.status(t0 + secs(8)).remaining, Some(secs(28)));
    s.restart_step(t0 + secs(9)).plain();
    assert_eq!(s.status(t0 + secs(9)).remaining, Some(secs(20)));
    let cues = s.adjust(t0 + secs(10), -25).plain();
    assert_eq!(
        cues[0],
        StepEnd {
            step: 0,
            outcome: Outcome::Done { held: secs(1) }
        }
    );
    assert_eq!(s.step_index(), 1);
    // back on the first step restarts it
    s.back(t0 + secs(11)).plain();
    s.back(t0 + secs(12)).plain();
    assert_eq!(s.step_index(), 0);
    assert_eq!(s.status(t0 + secs(12)).remaining, Some(secs(20)));
}

#[test]
fn open_ended_holds_count_up_and_keep_their_time() {
    let mut wall = step("wall_squat", Timing::OpenEnded);
    wall.lead_in = Some(secs(3));
    let r = routine(vec![wall, step("posture", Timing::Untimed)]);
    let t0 = Instant::now();
    let mut s = Session::new(r, Config::default(), t0);
    s.tick(t0).plain();
    s.tick(t0 + secs(3)).plain();
    let st = s.status(t0 + secs(50));
    assert_eq!(
        (st.phase, st.remaining, st.elapsed),
        (Phase::OpenHold, None, secs(47))
    );
    assert_eq!(s.tick(t0 + secs(60)).plain(), vec![], "no end on its own");
    let cues = s.confirm(t0 + ms(65_500)).plain();
    assert_eq!(
        cues[0],
        StepEnd {
            step: 0,
            outcome: Outcome::Done { held: ms(62_500) }
        }
    );
    assert_eq!(s.status(t0 + secs(70)).phase, Phase::WaitForUser);
    assert_eq!(s.tick(t0 + secs(5000)).plain(), vec![]);
    let cues = s.confirm(t0 + secs(5001)).plain();
    assert!(cues.contains(&SessionComplete));
}

#[test]
fn painful_records_and_pauses_on_the_step_until_going_on() {
    let r = routine(vec![hold("a", 20), hold("b", 20)]);
    let t0 = Instant::now();
    let mut s = Session::new(r, Config::default(), t0);
    s.tick(t0).plain();
    let cues = s.mark_painful(t0 + secs(7)).plain();
    assert_eq!(
        cues[0],
        StepEnd {
            step: 0,
            outcome: Outcome::Painful { held: secs(7) }
        }
    );
    assert!(s.is_paused());
    // Issue 13: the session waits on the step that hurt (its notes are read there, last
    // step or not), and goes on to the next one only when asked.
    let st = s.status(t0 + secs(100));
    assert_eq!((st.step, st.remaining), (0, Some(secs(13))));
    s.go_on(t0 + secs(100)).plain();
    let st = s.status(t0 + secs(100));
    assert_eq!(
        (st.step, st.paused, st.remaining),
        (1, false, Some(secs(20)))
    );
    assert_eq!(s.outcomes()[0], Outcome::Painful { held: secs(7) });
}

#[test]
fn next_change_is_the_next_whole_second_or_cue() {
    let r = routine(vec![hold("a", 10)]);
    let t0 = Instant::now();
    let mut s = Session::new(r, Config::default(), t0);
    s.tick(t0).plain();
    assert_eq!(s.next_change(t0), Some(t0 + secs(1)));
    // Asked later without a tick in between (a stop, a high --speed): the cues and the
    // deadline not yet acted on come first, even when already past, so the shell ticks
    // at once instead of sleeping past them (issue 12, item 1).
    assert_eq!(s.next_change(t0 + secs(30)), Some(t0 + secs(7)));
    s.tick(t0 + ms(1_400)).plain();
    assert_eq!(s.next_change(t0 + ms(1_400)), Some(t0 + secs(2)));
    s.tick(t0 + ms(9_999)).plain();
    assert_eq!(s.next_change(t0 + ms(9_999)), Some(t0 + secs(10)));
    s.tick(t0 + secs(12)).plain();
    assert_eq!(s.next_change(t0 + secs(12)), None, "finished");
}

#[test]
fn status_reports_ranges_for_time_left() {
    let r = routine(vec![
        step("a", Timing::Hold(TimeRange::secs(10, 15))),
        step("b", Timing::Hold(TimeRange::secs(600, 900))),
    ]);
    let t0 = Instant::now();
    let s = Session::new(r, Config::default(), t0);
    let st = s.status(t0 + secs(4));
    assert_eq!(st.until_min, Some(secs(6)));
    assert_eq!(st.remaining, Some(secs(11)));
    assert_eq!(st.session_remaining, TimeRange::secs(606, 911));
    assert_eq!(st.step, 0);
    assert_eq!(st.steps, 2);
}

#[test]
fn stopping_midway_counts_the_current_step_as_stopped_there() {
    let r = routine(vec![hold("a", 5), hold("b", 60), hold("c", 5)]);
    let t0 = Instant::now();
    let mut s = Session::new(r, Config::default(), t0);
    s.tick(t0).plain();
    s.tick(t0 + secs(5)).plain();
    s.pause(t0 + secs(25)).plain();
    assert_eq!(
        s.outcomes_if_stopped(t0 + secs(99)),
        vec![
            Outcome::Done { held: secs(5) },
            // Issue 13: stopped here with its time held, not skipped.
            Outcome::Stopped { held: secs(20) },
            Outcome::Pending
        ]
    );
    // The session itself is untouched: resuming carries on with step 2 still to do.
    assert_eq!(s.outcomes()[1], Outcome::Pending);
}

#[test]
fn cues_carry_the_moment_they_fell_due_not_the_moment_of_the_tick() {
    let r = routine(vec![hold("a", 10), hold("b", 5)]);
    let t0 = Instant::now();
    let mut s = Session::new(r, Config::default(), t0);
    s.tick(t0);
    // A tick 500 ms late: the step end and the next hold start are due at 10 s.
    let due = s.tick(t0 + ms(10_500));
    let end = due
        .iter()
        .find(|d| matches!(d.cue, StepEnd { step: 0, .. }))
        .expect("step end");
    assert_eq!(end.at, t0 + secs(10));
    assert!(due.iter().all(|d| d.at <= t0 + ms(10_500)));
    // A control's cues are due when it happened.
    let skipped = s.skip(t0 + ms(11_000));
    assert!(
        skipped.iter().all(|d| d.at == t0 + ms(11_000)),
        "{skipped:?}"
    );
}

/// Every shipped routine, run by the engine with nobody touching a key (Enter only where a
/// step waits for it), takes exactly the total the menu shows: what `Exercise::total`
/// adds up is what the engine walks through, segment by segment.
#[test]
fn every_shipped_routine_takes_the_total_the_menu_shows() {
    let library = crate::routine::load::shipped();
    assert!(!library.routines.is_empty());
    for routine in &library.routines {
        let config = Config::default();
        let total = routine.total(config.lead_in);
        let t0 = Instant::now();
        let mut s = Session::new(routine.clone(), config, t0);
        let mut now = t0;
        s.tick(now);
        for _ in 0..10_000 {
            if s.is_finished() {
                break;
            }
            match s.next_change(now) {
                Some(at)
                    if s.current_segment()
                        .is_some_and(|seg| seg.length().is_some()) =>
                {
                    now = at;
                    s.tick(now);
                }
                // Untimed, open-ended or the alarm: the person presses Enter at once.
                _ => {
                    s.confirm(now);
                }
            }
        }
        assert!(s.is_finished(), "{}", routine.id);
        assert_eq!(
            s.finished_at().map(|end| end - t0),
            Some(total.max),
            "{}",
            routine.id
        );
    }
}

#[test]
fn with_the_voice_listened_to_a_get_ready_is_long_enough_for_the_spoken_start() {
    use crate::cue::speech::{self, Listening, Pace};
    let mut long_name = step("figure_four", Timing::Hold(TimeRange::secs(10, 15)));
    long_name.name = "Figure four hip stretch, on your back".into();
    long_name.lead_in = Some(secs(5));
    long_name.sides = vec![
        "left foot on right thigh".into(),
        "right foot on left thigh".into(),
    ];
    let mut short = step("tilt", Timing::Hold(TimeRange::secs(5, 5)));
    short.lead_in = Some(secs(5));
    let r = routine(vec![short, long_name]);
    let t0 = Instant::now();
    let listening = Listening::at(Pace::ESPEAK_NG);
    let said = speech::lead_in_to_say(&r, 1, listening);
    assert!(
        said > secs(5),
        "{said:?}: the intro with its 3-2-1 does not fit in 5 s"
    );
    // A short intro fits the get-ready as set.
    assert!(speech::lead_in_to_say(&r, 0, listening) < secs(5));

    for (listening, get_ready) in [(None, secs(5)), (Some(listening), said)] {
        let config = Config {
            speech: listening,
            ..patient()
        };
        let mut s = Session::new(r.clone(), config, t0);
        s.tick(t0);
        // Step 1 starts when step 0 (5 s get-ready, 5 s hold) ends.
        let at = t0 + secs(10);
        let cues = s.tick(at).plain();
        assert!(cues.contains(&Cue::StepStart { step: 1 }), "{cues:?}");
        let ahead = s.ahead(at);
        assert_eq!(ahead.bell, Some(at + get_ready), "{listening:?}");
        assert_eq!(
            ahead.knocks,
            Some(at + get_ready - secs(3)),
            "{listening:?}"
        );
        // Turning the voice off changes the steps to come, not the one running.
        s.set_speech(None);
        assert_eq!(s.ahead(at).bell, Some(at + get_ready));
    }
}

#[test]
fn ahead_is_the_end_of_the_segment_and_its_first_knock_still_to_come() {
    let r = routine(vec![
        step("a", Timing::Hold(TimeRange::secs(10, 10))),
        step("b", Timing::Untimed),
    ]);
    let t0 = Instant::now();
    let mut s = Session::new(r, patient(), t0);
    s.tick(t0);
    let a = s.ahead(t0);
    assert_eq!(
        (a.bell, a.knocks),
        (Some(t0 + secs(10)), Some(t0 + secs(7)))
    );
    // Once the 3 has knocked, the 2 is next.
    s.tick(t0 + secs(7) + ms(500));
    assert_eq!(s.ahead(t0 + secs(7) + ms(500)).knocks, Some(t0 + secs(8)));
    // An untimed step: nothing ahead but the person.
    s.tick(t0 + secs(10));
    assert_eq!(s.ahead(t0 + secs(10)), crate::cue::speech::Ahead::default());
}
