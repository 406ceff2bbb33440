//! The schedule as tables: each row is something that happens (time passes, the machine
//! sleeps, the clock is set, an event) and what the schedule must say after it. Times are
//! local times in Europe/Berlin (from jiff's time zone database), which has both
//! daylight-saving days.

use super::*;
use crate::remind::hours::WorkingHours;

fn berlin() -> TimeZone {
    TimeZone::get("Europe/Berlin").expect("Europe/Berlin in the time zone database")
}

/// A local time in Berlin: `"2026-11-30 09:00"`.
fn local(text: &str) -> Timestamp {
    let dt: jiff::civil::DateTime = text.parse().expect("a civil date-time");
    dt.to_zoned(berlin()).expect("a time in Berlin").timestamp()
}

fn min(m: u64) -> Duration {
    Duration::from_secs(m * 60)
}

/// What happens in a row.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// Minutes pass, awake.
    Pass(u64),
    /// The machine sleeps this many minutes (the wall and boot clocks move, the
    /// monotonic clock does not).
    Sleep(u64),
    /// Someone sets the wall clock by this many minutes (negative: back).
    SetClock(i64),
    /// An event at the current moment.
    Do(Event),
}

/// What must hold after a row: the state's key, the minutes until it ends (a break due
/// or a pause's end; `None` for neither), and the changes reported.
#[derive(Debug)]
struct Expect {
    state: &'static str,
    minutes: Option<i64>,
    changes: &'static [&'static str],
}

const fn want(
    state: &'static str,
    minutes: Option<i64>,
    changes: &'static [&'static str],
) -> Expect {
    Expect {
        state,
        minutes,
        changes,
    }
}

fn change_name(c: &Change) -> &'static str {
    match c {
        Change::BecameDue => "due",
        Change::BreakTaken => "taken",
        Change::BreakNotTaken => "not taken",
        Change::NaturalBreak { away: None, .. } => "slept",
        Change::NaturalBreak { away: Some(_), .. } => "away",
        Change::ClockSet { .. } => "clock",
        Change::Ignored => "ignored",
        Change::NewDay => "new day",
    }
}

/// The clocks as the test moves them.
struct Clocks {
    reading: Reading,
}

impl Clocks {
    fn at(wall: Timestamp) -> Clocks {
        Clocks {
            reading: Reading {
                wall,
                boot: Duration::from_secs(1_000),
                mono: Duration::from_secs(1_000),
            },
        }
    }

    fn apply(&mut self, step: Step) {
        let r = &mut self.reading;
        match step {
            Step::Pass(m) => {
                r.wall = plus(r.wall, min(m));
                r.boot += min(m);
                r.mono += min(m);
            }
            Step::Sleep(m) => {
                r.wall = plus(r.wall, min(m));
                r.boot += min(m);
            }
            Step::SetClock(m) => {
                r.wall = r
                    .wall
                    .checked_add(SignedDuration::from_mins(m))
                    .expect("in range");
            }
            Step::Do(_) => {}
        }
    }
}

/// Runs `rows` from `start` (the reminder starting then) and checks each.
fn run(name: &str, rules: &Rules, start: &str, rows: &[(Step, Expect)]) -> Schedule {
    let start = local(start);
    let mut clocks = Clocks::at(start);
    let mut schedule = Schedule::new(rules.clone(), berlin(), start);
    schedule.handle(Event::Tick, clocks.reading);
    for (i, (step, expect)) in rows.iter().enumerate() {
        clocks.apply(*step);
        let event = match step {
            Step::Do(e) => *e,
            _ => Event::Tick,
        };
        let changes: Vec<&str> = schedule
            .handle(event, clocks.reading)
            .iter()
            .map(change_name)
            .collect();
        let now = clocks.reading.wall;
        let state = schedule.state(now);
        let minutes = match state {
            State::Waiting { due } => Some(due),
            State::Paused { until } => Some(until),
            State::OutsideHours { next } => next,
            State::Due { .. } | State::OnBreak { .. } => None,
        }
        .map(|t| t.duration_since(now).as_mins());
        let at = now.to_zoned(berlin()).strftime("%a %H:%M %Z");
        assert_eq!(
            (state.key(), minutes, changes.as_slice()),
            (expect.state, expect.minutes, expect.changes),
            "{name}: row {i} ({step:?}) at {at}"
        );
    }
    schedule
}

fn all_day() -> Rules {
    Rules {
        hours: WorkingHours::always(),
        ..Rules::default()
    }
}

#[test]
fn a_break_falls_due_after_the_interval_and_is_announced_once() {
    let s = run(
        "due",
        &all_day(),
        "2026-11-30 10:00",
        &[
            (Step::Pass(59), want("waiting", Some(1), &[])),
            (Step::Pass(1), want("due", None, &["due"])),
            (Step::Pass(5), want("due", None, &[])),
            (Step::Do(Event::BreakStarted), want("break", None, &[])),
            (Step::Pass(6), want("break", None, &[])),
            (
                Step::Do(Event::BreakEnded { taken: true }),
                want("waiting", Some(60), &["taken"]),
            ),
            (Step::Pass(60), want("due", None, &["due"])),
        ],
    );
    let day = s.saved().day;
    assert_eq!((day.due, day.taken), (2, 1));
    assert_eq!(
        s.saved().rotation,
        1,
        "the next break offers the next routine"
    );
}

#[test]
fn snoozes_put_the_break_off_and_are_counted() {
    let s = run(
        "snooze",
        &all_day(),
        "2026-11-30 10:00",
        &[
            (
                Step::Do(Event::Snooze),
                want("waiting", Some(60), &["ignored"]),
            ),
            (Step::Pass(60), want("due", None, &["due"])),
            (Step::Do(Event::Snooze), want("waiting", Some(10), &[])),
            (Step::Pass(9), want("waiting", Some(1), &[])),
            (Step::Pass(1), want("due", None, &["due"])),
            (Step::Do(Event::Snooze), want("waiting", Some(10), &[])),
            (Step::Pass(10), want("due", None, &["due"])),
        ],
    );
    assert_eq!(
        s.state(plus(local("2026-11-30 11:20"), min(0))),
        State::Due {
            since: local("2026-11-30 11:20"),
            snoozes: 2
        }
    );
    let day = s.saved().day;
    assert_eq!(
        (day.due, day.snoozed),
        (1, 2),
        "one break due, put off twice"
    );
}

#[test]
fn a_skip_starts_the_interval_again_without_a_break() {
    let s = run(
        "skip",
        &all_day(),
        "2026-11-30 10:00",
        &[
            (Step::Pass(60), want("due", None, &["due"])),
            (Step::Pass(3), want("due", None, &[])),
            (Step::Do(Event::Skip), want("waiting", Some(60), &[])),
            (Step::Pass(60), want("due", None, &["due"])),
        ],
    );
    let saved = s.saved();
    assert_eq!((saved.day.skipped, saved.day.taken), (1, 0));
    assert_eq!(
        saved.sitting_since.0,
        local("2026-11-30 10:00"),
        "still sitting"
    );
}

#[test]
fn pauses_hold_reminders_off_then_the_interval_goes_on_where_it_stopped() {
    run(
        "pause 30m",
        &all_day(),
        "2026-11-30 10:00",
        &[
            (Step::Pass(50), want("waiting", Some(10), &[])),
            (
                Step::Do(Event::Pause(PauseFor::HalfHour)),
                want("paused", Some(30), &[]),
            ),
            (Step::Pass(29), want("paused", Some(1), &[])),
            // The 50 minutes sat before the pause still count (issue 26).
            (Step::Pass(1), want("waiting", Some(10), &[])),
        ],
    );
    run(
        "pause 1h, ended early",
        &all_day(),
        "2026-11-30 10:00",
        &[
            (Step::Pass(60), want("due", None, &["due"])),
            (
                Step::Do(Event::Pause(PauseFor::Hour)),
                want("paused", Some(60), &[]),
            ),
            (Step::Pass(20), want("paused", Some(40), &[])),
            // Paused with the break due: resumed, it is due again at once.
            (Step::Do(Event::Unpause), want("due", None, &["due"])),
            (Step::Do(Event::Unpause), want("due", None, &["ignored"])),
        ],
    );
    run(
        "pause until tomorrow",
        &Rules::default(),
        "2026-11-30 14:00",
        &[
            // Until midnight (10 h), then outside hours until 09:00, due at 10:00.
            (
                Step::Do(Event::Pause(PauseFor::Tomorrow)),
                want("paused", Some(600), &[]),
            ),
            (Step::Pass(600), want("outside", Some(600), &["new day"])),
            (Step::Pass(540), want("waiting", Some(60), &[])),
        ],
    );
}

#[test]
fn working_hours_edges() {
    // Monday 30 Nov 2026, 09:00–17:30 Mon–Fri.
    let rules = Rules::default();
    run(
        "before hours: the first break is an interval after the start",
        &rules,
        "2026-11-30 08:30",
        &[
            (Step::Pass(29), want("outside", Some(61), &[])),
            (Step::Pass(1), want("waiting", Some(60), &[])),
            (Step::Pass(60), want("due", None, &["due"])),
        ],
    );
    run(
        "a break interval crossing the end of the day is due the next morning",
        &rules,
        "2026-11-30 16:45",
        &[
            // 17:45 is past 17:30: tomorrow 10:00, 17h15m away.
            (Step::Pass(0), want("waiting", Some(17 * 60 + 15), &[])),
            (Step::Pass(44), want("waiting", Some(16 * 60 + 31), &[])),
            (Step::Pass(1), want("outside", Some(16 * 60 + 30), &[])),
        ],
    );
    run(
        "a break due exactly at the end of the day is not announced after hours",
        &rules,
        "2026-11-30 16:30",
        &[(Step::Pass(60), want("outside", Some(16 * 60 + 30), &[]))],
    );
    run(
        "a break due and ignored ends with the day; a snooze does not carry over",
        &rules,
        "2026-11-30 16:00",
        &[
            (Step::Pass(60), want("due", None, &["due"])),
            (Step::Pass(25), want("due", None, &[])),
            (Step::Do(Event::Snooze), want("waiting", Some(10), &[])),
            (Step::Pass(10), want("outside", Some(16 * 60 + 25), &[])),
            (
                Step::Pass(15 * 60 + 25),
                want("waiting", Some(60), &["new day"]),
            ),
        ],
    );
    run(
        "the weekend is outside hours; Monday starts fresh",
        &rules,
        "2026-12-04 17:00",
        &[
            (
                Step::Pass(30),
                want("outside", Some((2 * 24 + 16) * 60 + 30), &[]),
            ),
            (
                Step::Pass(24 * 60),
                want("outside", Some((24 + 16) * 60 + 30), &["new day"]),
            ),
        ],
    );
}

#[test]
fn time_asleep_counts_as_a_break_when_long_enough() {
    let s = run(
        "sleep",
        &all_day(),
        "2026-11-30 10:00",
        &[
            (Step::Pass(30), want("waiting", Some(30), &[])),
            // Four minutes asleep (under 5m): the sitting goes on.
            (Step::Sleep(4), want("waiting", Some(26), &[])),
            (Step::Pass(20), want("waiting", Some(6), &[])),
            (Step::Sleep(25), want("waiting", Some(60), &["slept"])),
            // Asleep past the due moment: nothing is announced on waking.
            (Step::Pass(50), want("waiting", Some(10), &[])),
            (Step::Sleep(90), want("waiting", Some(60), &["slept"])),
        ],
    );
    assert_eq!(s.saved().day.taken, 2);
    assert_eq!(s.saved().day.due, 0);
}

#[test]
fn idle_or_locked_long_enough_counts_once_and_the_timer_runs_from_the_return() {
    let start = local("2026-11-30 10:00");
    let away = |m: u64, why| Event::Away {
        since: plus(start, min(m)),
        why,
    };
    let s = run(
        "idle",
        &all_day(),
        "2026-11-30 10:00",
        &[
            (Step::Pass(40), want("waiting", Some(20), &[])),
            // Idle since 10:37: three minutes is not a break.
            (
                Step::Do(away(37, Away::Idle)),
                want("waiting", Some(20), &[]),
            ),
            (Step::Pass(2), want("waiting", Some(18), &[])),
            (
                Step::Do(away(37, Away::Idle)),
                want("waiting", Some(60), &["away"]),
            ),
            (Step::Pass(10), want("waiting", Some(50), &[])),
            // Still away: counted once, the timer moves with it.
            (
                Step::Do(away(37, Away::Idle)),
                want("waiting", Some(60), &[]),
            ),
            (Step::Pass(30), want("waiting", Some(30), &[])),
            (
                Step::Do(away(75, Away::Locked)),
                want("waiting", Some(60), &["away"]),
            ),
        ],
    );
    assert_eq!(s.saved().day.taken, 2);
}

#[test]
fn a_routine_recorded_in_another_window_is_a_break() {
    let start = local("2026-11-30 10:00");
    let s = run(
        "recorded",
        &all_day(),
        "2026-11-30 10:00",
        &[
            // Older than the sitting: not a new break.
            (Step::Pass(30), want("waiting", Some(30), &[])),
            (
                Step::Do(Event::Recorded(
                    plus(start, min(0)).checked_sub(min(5)).expect("t"),
                )),
                want("waiting", Some(30), &[]),
            ),
            (
                Step::Do(Event::Recorded(plus(start, min(25)))),
                want("waiting", Some(55), &["taken"]),
            ),
            (
                Step::Do(Event::Recorded(plus(start, min(25)))),
                want("waiting", Some(55), &[]),
            ),
        ],
    );
    assert_eq!(s.saved().day.taken, 1);
}

#[test]
fn daylight_saving_days_keep_real_hours_and_local_working_hours() {
    let rules = Rules {
        hours: WorkingHours {
            days: 0b111_1111,
            ..WorkingHours::default()
        },
        ..Rules::default()
    };
    // Spring forward, Sunday 29 March 2026: 09:00 is CEST (+02), the night had 23 hours.
    run(
        "spring forward",
        &rules,
        "2026-03-28 17:00",
        &[
            (Step::Pass(60), want("outside", Some(15 * 60), &[])),
            // 18:00 CET to 09:00 CEST is 14 real hours.
            (
                Step::Pass(14 * 60 - 1),
                want("outside", Some(61), &["new day"]),
            ),
            (Step::Pass(1), want("waiting", Some(60), &[])),
        ],
    );
    // Fall back, Sunday 25 October 2026: the night had 25 hours.
    run(
        "fall back",
        &rules,
        "2026-10-24 17:00",
        &[
            (Step::Pass(60), want("outside", Some(17 * 60), &[])),
            // 18:00 CEST to 09:00 CET is 16 real hours.
            (Step::Pass(16 * 60), want("waiting", Some(60), &["new day"])),
        ],
    );
    // All day: a break an hour after 01:30 on the spring-forward night is at 03:30 CEST,
    // one real hour; after 02:30 CEST on the fall-back night, at 02:30 CET.
    let always = all_day();
    let tz = berlin();
    let next = |from: &str| {
        let due = always
            .hours
            .next_due(local(from), always.interval, &tz)
            .expect("due");
        due.to_zoned(tz.clone()).strftime("%H:%M %Z").to_string()
    };
    assert_eq!(next("2026-03-29 01:30"), "03:30 CEST");
    assert_eq!(next("2026-10-25 01:30"), "02:30 CEST");
    let first_half_past_two = local("2026-10-25 02:30");
    let due = always
        .hours
        .next_due(first_half_past_two, always.interval, &tz)
        .expect("due");
    assert_eq!(
        due.to_zoned(tz.clone()).strftime("%H:%M %Z").to_string(),
        "02:30 CET"
    );
    // Hours that begin in the skipped hour are read in the offset before the gap, as
    // calendars do: 02:30 is 03:30 CEST.
    let night = WorkingHours {
        start: 2 * 60 + 30,
        end: 10 * 60,
        days: 0b111_1111,
    };
    let (start, _) = night
        .period("2026-03-29".parse().expect("date"), &tz)
        .expect("a working day");
    assert_eq!(
        start.to_zoned(tz).strftime("%H:%M %Z").to_string(),
        "03:30 CEST"
    );
}

#[test]
fn a_clock_set_forward_or_back_keeps_the_time_left() {
    run(
        "forward",
        &all_day(),
        "2026-11-30 10:00",
        &[
            (Step::Pass(10), want("waiting", Some(50), &[])),
            (Step::SetClock(180), want("waiting", Some(50), &["clock"])),
            (Step::Pass(50), want("due", None, &["due"])),
        ],
    );
    let s = run(
        "back",
        &all_day(),
        "2026-11-30 10:00",
        &[
            (Step::Pass(20), want("waiting", Some(40), &[])),
            (Step::SetClock(-60), want("waiting", Some(40), &["clock"])),
            // Drift under two minutes is not a change of the clock.
            (Step::SetClock(1), want("waiting", Some(39), &[])),
            (Step::Pass(39), want("due", None, &["due"])),
        ],
    );
    assert_eq!(
        s.saved().sitting_since.0,
        local("2026-11-30 09:00"),
        "sitting since moved with the clock"
    );
}

#[test]
fn a_restart_carries_on_and_ends_a_break_left_running() {
    let start = local("2026-11-30 10:00");
    let mut clocks = Clocks::at(start);
    let mut s = Schedule::new(all_day(), berlin(), start);
    s.handle(Event::Tick, clocks.reading);
    clocks.apply(Step::Pass(60));
    assert_eq!(
        s.handle(Event::Tick, clocks.reading),
        vec![Change::BecameDue]
    );
    s.handle(Event::BreakStarted, clocks.reading);
    // The process ends in the break; a new one starts from the saved state.
    let saved = *s.saved();
    let text = ron::to_string(&saved).expect("saved as text");
    let back: Saved = ron::from_str(&text).expect("read back");
    assert_eq!(back, saved);
    let mut again = Schedule::resume(all_day(), berlin(), back);
    clocks.apply(Step::Pass(7));
    assert_eq!(
        again.handle(Event::Tick, clocks.reading),
        vec![Change::BreakTaken]
    );
    assert_eq!(
        again.state(clocks.reading.wall),
        State::Waiting {
            due: plus(clocks.reading.wall, min(60))
        }
    );
    assert_eq!((again.saved().day.due, again.saved().day.taken), (1, 1));
}

#[test]
fn the_next_change_is_the_due_moment_or_an_edge_of_the_day() {
    let tz = berlin();
    let s = Schedule::new(Rules::default(), tz, local("2026-11-30 17:00"));
    // Due tomorrow, but the day ends first.
    assert_eq!(
        s.next_change(local("2026-11-30 17:00")),
        Some(local("2026-11-30 17:30"))
    );
    assert_eq!(
        s.next_change(local("2026-11-30 20:00")),
        Some(local("2026-12-01 09:00"))
    );
    let s = Schedule::new(all_day(), berlin(), local("2026-11-30 10:00"));
    assert_eq!(
        s.next_change(local("2026-11-30 10:05")),
        Some(local("2026-11-30 11:00"))
    );
}

#[test]
fn a_break_ended_without_a_routine_done_is_still_due_and_not_counted() {
    let s = run(
        "break not taken",
        &all_day(),
        "2026-11-30 10:00",
        &[
            (Step::Pass(60), want("due", None, &["due"])),
            (Step::Do(Event::BreakStarted), want("break", None, &[])),
            // Esc at the check-in, or a quit 25 s in.
            (
                Step::Do(Event::BreakEnded { taken: false }),
                want("due", None, &["not taken"]),
            ),
            (Step::Pass(5), want("due", None, &[])),
        ],
    );
    let day = s.saved().day;
    assert_eq!((day.due, day.taken), (1, 0));
    assert_eq!(s.saved().rotation, 0, "the same routine is offered again");
}

#[test]
fn skip_with_nothing_due_is_not_a_skip() {
    let s = run(
        "skip early",
        &all_day(),
        "2026-11-30 10:00",
        &[
            (Step::Pass(30), want("waiting", Some(30), &[])),
            (
                Step::Do(Event::Skip),
                want("waiting", Some(30), &["ignored"]),
            ),
        ],
    );
    assert_eq!(s.saved().day.skipped, 0);
}

#[test]
fn a_break_is_taken_only_with_a_minute_of_a_real_routine_done() {
    use crate::history::{SessionRecord, StepOutcome, StepRecord, WallTime};
    let since = local("2026-11-30 11:00");
    let wall = |s: i64| WallTime::new(since + SignedDuration::from_secs(s), jiff::tz::Offset::UTC);
    let record = |spent_s: u64, done: bool, sped_up: bool| SessionRecord {
        id: "x".into(),
        routine: "desk_break".into(),
        routine_name: "Desk break".into(),
        started: wall(1),
        ended: wall(1 + spent_s as i64),
        finished: done,
        continues: None,
        sped_up,
        stiffness: Default::default(),
        steps: vec![StepRecord {
            exercise: "e".into(),
            name: "E".into(),
            outcome: if done {
                StepOutcome::Done
            } else {
                StepOutcome::Skipped
            },
            held: Duration::from_secs(spent_s),
            open_ended: false,
        }],
    };
    assert!(break_taken(&[record(90, true, false)], since));
    assert!(
        !break_taken(&[], since),
        "Esc at the check-in: nothing recorded"
    );
    assert!(
        !break_taken(&[record(25, true, false)], since),
        "quit after 25 s"
    );
    assert!(
        !break_taken(&[record(90, false, false)], since),
        "nothing done"
    );
    assert!(
        !break_taken(&[record(90, true, true)], since),
        "a sped-up demo"
    );
    let earlier = SessionRecord {
        started: WallTime::new(since - SignedDuration::from_mins(10), jiff::tz::Offset::UTC),
        ended: WallTime::new(since - SignedDuration::from_mins(5), jiff::tz::Offset::UTC),
        ..record(300, true, false)
    };
    assert!(
        !break_taken(std::slice::from_ref(&earlier), since),
        "done before the break"
    );
    // Done in another window: only a real break counts.
    assert_eq!(
        newest_break(&[record(25, true, false), record(90, true, true)]),
        None
    );
    assert_eq!(
        newest_break(&[earlier.clone(), record(25, true, false)]),
        Some(earlier.ended.at)
    );
}

#[test]
fn a_break_falling_due_during_a_pause_is_announced_once_when_it_ends() {
    // 1 h interval, 50 min sat, then `backease pause 3h`: every minute of the pause and
    // the hour after it is a wake-up; the break falls due once, 10 min after the pause,
    // and is announced once, however many intervals the pause spanned.
    let rules = all_day();
    let start = local("2026-11-30 10:00");
    let mut s = Schedule::new(rules, berlin(), start);
    let at = |m: u64| Reading {
        wall: plus(start, min(m)),
        boot: min(1000 + m),
        mono: min(1000 + m),
    };
    s.handle(Event::Tick, at(0));
    s.handle(Event::Tick, at(50));
    s.handle(Event::Pause(parse_pause("3h").expect("3h")), at(50));
    let mut announced = Vec::new();
    for m in 51..=300 {
        if s.handle(Event::Tick, at(m)).contains(&Change::BecameDue) {
            announced.push(m);
        }
    }
    assert_eq!(announced, [50 + 180 + 10]);
    // Paused while due: one announcement when the pause ends, none during it.
    let mut s = Schedule::new(all_day(), berlin(), start);
    s.handle(Event::Tick, at(0));
    assert!(s.handle(Event::Tick, at(60)).contains(&Change::BecameDue));
    s.handle(Event::Pause(parse_pause("90m").expect("90m")), at(61));
    let mut announced = Vec::new();
    for m in 62..=400 {
        if s.handle(Event::Tick, at(m)).contains(&Change::BecameDue) {
            announced.push(m);
        }
    }
    assert_eq!(announced, [61 + 90]);
    assert_eq!(s.saved().day.due, 2, "the same break, counted again once");
}

#[test]
fn pause_lengths_from_the_command_line() {
    assert_eq!(parse_pause("30m"), Ok(PauseFor::For(min(30))));
    assert_eq!(parse_pause("1h"), Ok(PauseFor::For(min(60))));
    assert_eq!(
        parse_pause("90s"),
        Ok(PauseFor::For(Duration::from_secs(90)))
    );
    assert_eq!(parse_pause("1h30m"), Ok(PauseFor::For(min(90))));
    assert_eq!(parse_pause("today"), Ok(PauseFor::Tomorrow));
    assert_eq!(parse_pause("Today"), Ok(PauseFor::Tomorrow));
    let e = parse_pause("soon").expect_err("not a length");
    assert!(e.contains("30m, 1h, 90s"), "{e}");
    let e = parse_pause("30").expect_err("no unit");
    assert!(e.contains("not a length"), "{e}");
    let e = parse_pause("25h").expect_err("too long");
    assert!(e.contains("1 minute to 24 hours"), "{e}");
    assert!(parse_pause("30s").is_err(), "too short");
}
