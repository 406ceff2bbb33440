//! Desk mode's preferences: the values in effect and a located message for every mistake.

use std::path::Path;
use std::time::Duration;

use backease::prefs::parse;
use backease::remind::hours::WorkingHours;

const FILE: &str = "/home/me/.config/backease/preferences.ron";

#[test]
fn defaults_and_set_values() {
    let prefs = parse("", Path::new(FILE)).expect("empty file");
    let rules = prefs.remind_rules();
    assert_eq!(rules.interval, Duration::from_secs(3600));
    assert_eq!(rules.snooze, Duration::from_secs(600));
    assert_eq!(rules.away, Duration::from_secs(300));
    assert_eq!(rules.hours, WorkingHours::default());
    assert_eq!(prefs.remind_routines(), vec!["desk_break".to_string()]);

    let text = r#"(
    remind_every: "45m",
    remind_hours: "08:00-24:00",
    remind_days: "sat,sun",
    remind_routine: ["desk_break", "stiff_back"],
    remind_snooze: "5m",
    remind_away: "2m",
)"#;
    let prefs = parse(text, Path::new(FILE)).expect("valid");
    let rules = prefs.remind_rules();
    assert_eq!(rules.interval, Duration::from_secs(45 * 60));
    assert_eq!(rules.hours.to_string(), "08:00-24:00 sat,sun");
    assert_eq!(
        (rules.snooze, rules.away),
        (Duration::from_secs(300), Duration::from_secs(120))
    );
    assert_eq!(prefs.remind_routines(), vec!["desk_break", "stiff_back"]);
    let one = parse("(remind_routine: \"core\")", Path::new(FILE)).expect("one id");
    assert_eq!(one.remind_routines(), vec!["core"]);
}

#[test]
fn each_mistake_names_file_line_column_and_field() {
    let cases = [
        (
            "remind_every: \"30s\"",
            19,
            "remind_every: 30 s is out of range; use 1 min to 8 h",
        ),
        (
            "remind_every: 60",
            19,
            "remind_every: expected a duration in quotes",
        ),
        (
            "remind_snooze: \"3h\"",
            20,
            "remind_snooze: 3 h is out of range; use 1 min to 2 h",
        ),
        (
            "remind_away: \"0s\"",
            18,
            "remind_away: 0 s is out of range",
        ),
        (
            "remind_hours: \"17:30-09:00\"",
            19,
            "remind_hours: \"17:30-09:00\" ends before it starts",
        ),
        (
            "remind_hours: \"9-5\"",
            19,
            "remind_hours: \"9\" is not a time of day",
        ),
        (
            "remind_hours: \"09:00-24:30\"",
            19,
            "remind_hours: \"24:30\" is not a time of day (00:00 to 24:00)",
        ),
        (
            "remind_days: \"weekdays\"",
            18,
            "remind_days: \"weekdays\" is not a day",
        ),
        (
            "remind_days: \"mon,,fri\"",
            18,
            "remind_days: \"mon,,fri\": a day is missing",
        ),
        (
            "remind_routine: []",
            21,
            "remind_routine: the list is empty",
        ),
        (
            "remind_routine: 7",
            21,
            "remind_routine: expected a routine id in quotes",
        ),
        (
            "remind_routine: [\"a\", 7]",
            27,
            "remind_routine: expected a routine id in quotes",
        ),
        (
            "remind_routine: \"desk break\"",
            21,
            "remind_routine: \"desk break\" is not a routine id",
        ),
        (
            "remind_routine: \"\\u{1b}[2J\"",
            27,
            "remind_routine: the id contains a control character",
        ),
    ];
    for (line, column, message) in cases {
        let text = format!("(\n    {line},\n)");
        let e = parse(&text, Path::new(FILE)).expect_err(line).to_string();
        // ron points at the value, just inside its opening quote or bracket, or (for a
        // number) at the space before it.
        let at = [column - 1, column, column + 1].map(|c| format!("{FILE}:2:{c}: "));
        assert!(at.iter().any(|at| e.starts_with(at)), "{line}: {e}");
        assert!(e.contains(message), "{line}: {e}");
    }
}
