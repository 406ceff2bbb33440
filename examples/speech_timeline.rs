//! The speech timeline, measured: every shipped routine run through the app with the
//! voice on (espeak-ng's pace) on a simulated clock, each phrase laid on the timeline at
//! the length espeak-ng really takes to say it (rendered with `--stdout` at the app's
//! rate), and counted: phrases still speaking at a hold's bell, a switch, a rep's or a
//! step's end; knocks played under speech; knocks that gave way to it.
//!
//! Usage: `cargo run --example speech_timeline [-- --unfitted] [--estimate] [--list]`
//! - `--unfitted`: the app without fitting (every phrase said whole, the get-ready as
//!   set, the 3-2-1 playing under speech): what the person heard before.
//! - `--estimate`: the core's estimate of each length instead of espeak-ng's.
//! - `--list`: every overlap, not only the counts.
//! - `--said`: every phrase, with its moment and length.
//! - `--plain`: as plain mode speaks (each step's safety notes after its start).
//!
//! `scripts/measure_speech_overlaps.sh` runs it both ways.

use std::time::Instant;

use backease::app::VoiceView;
use backease::app::timeline::{self, Overlap};
use backease::cue::speech::Pace;
use backease::routine::load;
use backease::session::Config;
use backease::speech::VoiceStatus;
use backease::speech::measure::Espeak;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let (unfitted, estimate, list) = (has("--unfitted"), has("--estimate"), has("--list"));
    let said = has("--said");
    let plain = has("--plain");
    let mut espeak = if estimate {
        None
    } else {
        match Espeak::find() {
            Some(e) => Some(e),
            None => {
                eprintln!("espeak-ng not found on PATH (or pass --estimate)");
                std::process::exit(2);
            }
        }
    };
    let library = load::shipped();
    let start = Instant::now();
    let (mut phrases, mut at_cue, mut knocks, mut given_way) = (0, 0, 0, 0);
    println!(
        "# {} phrases{}, lengths from {}",
        if unfitted { "unfitted" } else { "fitted" },
        if plain {
            " with the safety notes (plain mode)"
        } else {
            ""
        },
        if estimate {
            "the core's estimate"
        } else {
            "espeak-ng"
        }
    );
    for routine in &library.routines {
        let mut voice = VoiceView::from_status(&VoiceStatus::On("espeak-ng".into()));
        voice.fit = !unfitted;
        voice.safety = plain;
        let line = timeline::run(&library, Config::default(), &routine.id, voice, start)
            .expect("a shipped routine");
        let mut lengths = std::collections::HashMap::new();
        for said in &line.spoken {
            let d = match espeak.as_mut() {
                Some(e) => e.length(&said.text).unwrap_or_else(|err| {
                    eprintln!("espeak-ng: {err}");
                    std::process::exit(2);
                }),
                None => Pace::ESPEAK_NG.length(&said.text),
            };
            lengths.insert(said.text.clone(), d);
        }
        let o = line.overlaps(|text| lengths.get(text).copied().unwrap_or_default());
        println!(
            "{:<16} phrases={:3} speaking_at_cue={:3} knocks_under_speech={:3} knocks_given_way={:3}",
            routine.id,
            line.spoken.len(),
            o.at_cue.len(),
            o.knocks.len(),
            line.given_way.len()
        );
        if said {
            for s in &line.spoken {
                let t = s.at.saturating_duration_since(start).as_millis();
                let d = lengths
                    .get(&s.text)
                    .copied()
                    .unwrap_or_default()
                    .as_secs_f64();
                println!(
                    "    {:02}:{:02}.{:03} ({d:.1} s) {}",
                    t / 60_000,
                    t / 1000 % 60,
                    t % 1000,
                    s.text
                );
            }
        }
        if list {
            for x in o.at_cue.iter().chain(&o.knocks) {
                print_overlap(x);
            }
            for at in &line.given_way {
                let t = at.saturating_duration_since(start).as_millis();
                println!(
                    "    {:02}:{:02}.{:03} a knock gave way",
                    t / 60_000,
                    t / 1000 % 60,
                    t % 1000
                );
            }
        }
        phrases += line.spoken.len();
        at_cue += o.at_cue.len();
        knocks += o.knocks.len();
        given_way += line.given_way.len();
    }
    println!(
        "TOTAL            phrases={phrases:3} speaking_at_cue={at_cue:3} knocks_under_speech={knocks:3} knocks_given_way={given_way:3}"
    );
}

fn print_overlap(x: &Overlap) {
    let t = x.at.as_secs();
    println!(
        "    {:02}:{:02} {:?} still {:.1} s to go at {}",
        t / 60,
        t % 60,
        x.text,
        x.by.as_secs_f64(),
        x.sound
    );
}
