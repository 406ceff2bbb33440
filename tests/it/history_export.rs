//! The exports round-trip: `backease history --json` and `--csv` parsed back give the
//! records (every field the format carries), including names with quotes, commas, line
//! breaks and non-ASCII text, and the check-in's answers; filters keep what they say.

use std::time::Duration;

use backease::cli::HistoryArgs;
use backease::commands::history::{CSV_COLUMNS, csv, json, select};
use backease::history::export::{
    CsvRow, Export, FORMAT, VERSION, csv_row, csv_text, import_record,
};
use backease::history::{SessionRecord, StepOutcome, StepRecord, Stiffness, WallTime};

fn t(text: &str) -> WallTime {
    text.parse().expect("a time")
}

fn record(id: &str, routine: &str, name: &str, start: &str, end: &str) -> SessionRecord {
    SessionRecord {
        id: id.into(),
        routine: routine.into(),
        routine_name: name.into(),
        started: t(start),
        ended: t(end),
        finished: false,
        continues: Some("earlier-run".into()),
        sped_up: false,
        stiffness: Stiffness {
            before: Some(7),
            after: Some(2),
        },
        steps: vec![
            StepRecord {
                exercise: "wall_sit".into(),
                name: "Wall \"sit\", long\nhold".into(),
                outcome: StepOutcome::EndedEarly,
                held: Duration::from_secs(102),
                open_ended: true,
            },
            StepRecord {
                exercise: "twist".into(),
                name: "Drehung 界".into(),
                outcome: StepOutcome::Painful,
                held: Duration::from_secs(5),
                open_ended: false,
            },
            StepRecord {
                exercise: "end".into(),
                name: String::new(),
                outcome: StepOutcome::NotReached,
                held: Duration::ZERO,
                open_ended: false,
            },
        ],
    }
}

fn records() -> Vec<SessionRecord> {
    let mut plain = record(
        "2026-11-20T07-00-00Z-desk-1-1",
        "ball",
        "Ball, drape \"and\" bath",
        "2026-11-20T08:00:00+01:00",
        "2026-11-20T08:41:07+01:00",
    );
    plain.finished = true;
    plain.continues = None;
    plain.stiffness = Stiffness::default();
    let mut fast = record(
        "2026-11-28T20-00-00Z-laptop-2-9",
        "stretch",
        "Stretch\r\nwith, commas",
        "2026-11-28T23:30:00-05:00",
        "2026-11-28T23:35:00-05:00",
    );
    fast.sped_up = true;
    vec![
        plain,
        fast,
        record(
            "2026-11-29T06-00-00Z-laptop-3-4",
            "stretch",
            "Stretch",
            "2026-11-29T07:00:00+01:00",
            "2026-11-29T07:10:00+01:00",
        ),
    ]
}

#[test]
fn the_json_export_parses_back_into_the_records() {
    let rs = records();
    let text = json(&rs);
    let back: Export = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(back.format, FORMAT);
    assert_eq!(back.version, VERSION);
    let again: Vec<SessionRecord> = back
        .records
        .iter()
        .map(|r| import_record(r).expect("known outcomes"))
        .collect();
    assert_eq!(again, rs);
    // Field names and units as the README documents them.
    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let first = &value["records"][0];
    assert_eq!(first["run"], "2026-11-20T07-00-00Z-desk-1-1");
    assert_eq!(first["date"], "2026-11-20");
    assert_eq!(first["started"], "2026-11-20T08:00:00+01:00");
    assert_eq!(first["seconds"], 41 * 60 + 7);
    assert_eq!(first["stiffness_before"], serde_json::Value::Null);
    assert_eq!(first["steps"][0]["outcome"], "ended_early");
    assert_eq!(first["steps"][0]["held_seconds"], 102);
    assert_eq!(value["records"][2]["stiffness_after"], 2);
    // The local day of a late evening west of UTC stays that evening's day.
    assert_eq!(value["records"][1]["date"], "2026-11-28");
}

#[test]
fn the_csv_export_parses_back_row_for_row() {
    let rs = records();
    let text = csv(&rs);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, CSV_COLUMNS);
    let rows: Vec<CsvRow> = reader
        .deserialize()
        .collect::<Result<_, _>>()
        .expect("rows parse");
    assert_eq!(rows.len(), rs.len());
    for (row, r) in rows.iter().zip(&rs) {
        assert_eq!(row, &csv_row(r));
        assert_eq!(row.run, r.id);
        assert_eq!(
            row.routine_name,
            csv_text(&r.routine_name),
            "quotes and commas as written, line breaks escaped"
        );
        assert!(!row.routine_name.contains(['\r', '\n']));
        assert_eq!(row.started.parse::<WallTime>().expect("a time"), r.started);
        assert_eq!(row.ended.parse::<WallTime>().expect("a time"), r.ended);
        assert_eq!(row.seconds, r.spent().as_secs());
        assert_eq!(
            (row.stiffness_before, row.stiffness_after),
            (r.stiffness.before, r.stiffness.after)
        );
        assert_eq!(row.continues, r.continues);
        assert_eq!((row.finished, row.sped_up), (r.finished, r.sped_up));
        assert_eq!(
            (row.steps, row.done, row.skipped, row.painful),
            (3, 0, 1, 1)
        );
    }
    // An empty history is a header alone, still the same columns.
    let empty = csv(&[]);
    assert_eq!(empty.trim_end(), CSV_COLUMNS.join(","));
    let empty_json: Export = serde_json::from_str(&json(&[])).expect("valid JSON");
    assert!(empty_json.records.is_empty());
}

#[test]
fn since_and_routine_keep_what_they_say() {
    let rs = records();
    let args = |since: Option<&str>, routine: Option<&str>| HistoryArgs {
        since: since.map(|d| d.parse().expect("a date")),
        routine: routine.map(String::from),
        ..HistoryArgs::default()
    };
    let ids = |a: &HistoryArgs| -> Vec<String> {
        select(rs.clone(), a).into_iter().map(|r| r.id).collect()
    };
    assert_eq!(ids(&args(None, None)).len(), 3);
    // The local day counts: 23:30 on the 28th in UTC-5 is on the 28th.
    assert_eq!(ids(&args(Some("2026-11-28"), None)).len(), 2);
    assert_eq!(ids(&args(Some("2026-11-29"), None)).len(), 1);
    assert_eq!(
        ids(&args(None, Some("ball"))),
        ["2026-11-20T07-00-00Z-desk-1-1"]
    );
    assert!(ids(&args(Some("2026-11-21"), Some("ball"))).is_empty());
    assert!(ids(&args(None, Some("nope"))).is_empty());
}

/// Records arrive by sync from anywhere: no cell of the CSV carries a raw control or bidi
/// character (ESC/OSC would retitle or clear the terminal `history --csv` prints to), and
/// no text cell starts a spreadsheet formula (OWASP: `=`, `+`, `-`, `@`, tab, CR get a
/// `'` first). Old code printed both as they were.
#[test]
fn csv_cells_carry_no_control_characters_and_start_no_formula() {
    let hostile = [
        "=HYPERLINK(\"http://evil\",\"x\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\tTab",
        "\rReturn",
        "\u{1b}]0;pwned\u{7}\u{1b}[2J",
        "abc\u{202e}cba",
        "abc\u{61c}def",
        "fine name",
    ];
    let rs: Vec<SessionRecord> = hostile
        .iter()
        .map(|name| {
            let mut r = record(
                name,
                name,
                name,
                "2026-11-29T07:00:00+01:00",
                "2026-11-29T07:10:00+01:00",
            );
            r.continues = Some((*name).to_string());
            r
        })
        .collect();
    let text = csv(&rs);
    assert!(
        !text
            .chars()
            .any(|c| backease::text::is_unsafe(c) && c != '\n'),
        "{text:?}"
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<CsvRow> = reader
        .deserialize()
        .collect::<Result<_, _>>()
        .expect("rows parse");
    for (row, name) in rows.iter().zip(hostile) {
        for cell in [&row.run, &row.routine, &row.routine_name] {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
        let formula = name.starts_with(['=', '+', '-', '@', '\t', '\r']);
        assert_eq!(row.routine_name.starts_with('\''), formula, "{name:?}");
        assert_eq!(row.continues.as_deref(), Some(row.routine_name.as_str()));
    }
    assert_eq!(rows[0].routine_name, "'=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(rows[9].routine_name, "fine name");
}
