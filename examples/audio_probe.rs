//! Drives the real audio player outside the terminal UI, for tests and measurements.
//!
//! `audio_probe play-all`            plays every sound once; prints status and counters.
//! `audio_probe latency [N]`          N cold starts (device closed) and N warm cues.
//! `audio_probe cpu SECONDS EVERY`    a cue every EVERY seconds for SECONDS; prints the
//!                                    process's CPU time (user + system) over that time.
//! `audio_probe hold SECONDS`        the cues of one hold: start, 3-2-1, step end; prints
//!                                    CPU time from the start to 3 s after the end.
//! `audio_probe lose-device`         plays, then acts as if the device vanished; plays again.
//! `audio_probe status`               prints the player's status and exits.
//! `audio_probe one KEY VOLUME`       plays one sound at VOLUME (0–100) and waits for its
//!                                    end (scripts/measure_speech_levels.sh --server).
//! `audio_probe speech-volume VOLUME` prints the speech engines' volume for VOLUME
//!                                    (`espeak_a=`, `spd_i=`) and nothing else: no player
//!                                    (scripts/measure_speech_levels.sh).
//! `audio_probe reopen N [GAP]`       N holds' ends, each after GAP seconds of silence (the
//!                                    device closes and opens again for each): a hold's
//!                                    bell, two countdown pips, the step end. Prints `due_ms=<ms> <key>`
//!                                    per cue, from the first cue's moment, and the stats.
//!
//! Every mode first prints `status=…` and `host=…` (cpal's host: `pulseaudio` when a
//! sound server is reached directly, else `alsa`).
//!
//! Output is `key=value` lines, read by scripts/audio_*.sh and tests/audio.rs.

use std::time::{Duration, Instant};

use backease::audio::{self, AudioSettings, Player, RodioPlayer};
use backease::cue::{AudioStatus, Sound};

fn main() {
    backease::audio::lend_pulse_cookie();
    // For showing what the silencing prevents: BACKEASE_PROBE_LOUD_ALSA=1 skips it.
    if std::env::var_os("BACKEASE_PROBE_LOUD_ALSA").is_none() {
        audio::silence_system_audio_logs();
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map(String::as_str).unwrap_or("status");
    if mode == "speech-volume" {
        let Some(volume) = args.get(1).and_then(|v| v.parse::<u8>().ok()) else {
            println!("error=speech-volume needs a volume (0-100)");
            std::process::exit(2);
        };
        println!(
            "espeak_a={} spd_i={}",
            backease::speech::espeak_amplitude(volume),
            backease::speech::spd_volume(volume)
        );
        return;
    }
    let (mut player, warnings) = audio::open_rodio(&AudioSettings::default());
    for w in warnings {
        println!("warning={w}");
    }
    println!("status={}", status_text(&player.status()));
    // Which of cpal's hosts the player's device comes from (the player asks the same).
    // (Lower case: the tests look for ALSA's own messages by their capitals.)
    println!(
        "host={}",
        rodio::cpal::default_host().id().name().to_lowercase()
    );
    match mode {
        "status" => {}
        "play-all" => play_all(&mut player),
        "latency" => {
            let n = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5);
            latency(&mut player, n);
        }
        "cpu" => {
            let secs = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(60.0);
            let every = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10.0);
            cpu(&mut player, secs, every);
        }
        "hold" => {
            let secs = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(60.0);
            hold(&mut player, secs);
        }
        "lose-device" => lose_device(&mut player),
        "one" => {
            let sound = args.get(1).and_then(|k| Sound::from_key(k));
            let volume = args.get(2).and_then(|v| v.parse().ok()).unwrap_or(80);
            let Some(sound) = sound else {
                println!("error=no sound named {:?}", args.get(1));
                std::process::exit(2);
            };
            player.set_volume(volume);
            let before = player.stats().cues_finished;
            player.play(sound);
            let finished = wait_until(Duration::from_secs(5), || {
                player.stats().cues_finished > before
            });
            println!("played={} volume={volume} finished={finished}", sound.key());
        }
        "reopen" => {
            let n = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20);
            let gap = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1.8);
            reopen(&mut player, n, gap);
        }
        other => {
            println!("error=unknown mode {other}");
            std::process::exit(2);
        }
    }
    print_stats(&mut player);
}

fn status_text(status: &AudioStatus) -> String {
    match status {
        AudioStatus::On => "on".into(),
        AudioStatus::Muted => "muted".into(),
        AudioStatus::Off(reason) => format!("off: {reason}"),
    }
}

/// Waits (polling, with a deadline) until `done` holds.
fn wait_until(deadline: Duration, mut done: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + deadline;
    while Instant::now() < end {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    done()
}

fn play_all(player: &mut RodioPlayer) {
    for sound in Sound::ALL {
        let before = player.stats().cues_finished;
        player.play(sound);
        let on = player.status() == AudioStatus::On;
        let finished = on
            && wait_until(Duration::from_secs(5), || {
                player.stats().cues_finished > before
            });
        println!("played={} finished={finished}", sound.key());
    }
    // Every cue has been handled one way or another before the counters are read.
    wait_until(Duration::from_secs(5), || {
        let s = player.stats();
        let handled = s.cues_started + s.cues_without_device + s.cues_dropped;
        handled as usize >= Sound::ALL.len()
    });
    println!("status_after={}", status_text(&player.status()));
}

fn latency(player: &mut RodioPlayer, n: usize) {
    for i in 0..n {
        // Cold: wait for the device to close, then play.
        wait_until(Duration::from_secs(10), || !player.stream_open());
        let before = player.stats().latencies.len();
        player.play(Sound::ALL[i % Sound::ALL.len()]);
        wait_until(Duration::from_secs(2), || {
            player.stats().latencies.len() > before
        });
        if let Some(l) = player.stats().latencies.get(before) {
            println!("cold_ms={:.2}", l.as_secs_f64() * 1e3);
        }
        // Warm: the device is open now; play again after a gap.
        std::thread::sleep(Duration::from_millis(300));
        let before = player.stats().latencies.len();
        player.play(Sound::Countdown);
        wait_until(Duration::from_secs(2), || {
            player.stats().latencies.len() > before
        });
        if let Some(l) = player.stats().latencies.get(before) {
            println!("warm_ms={:.2}", l.as_secs_f64() * 1e3);
        }
    }
}

fn cpu_time() -> Duration {
    // SAFETY: rusage is plain integers, for which all zero bytes are a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we pass; RUSAGE_SELF is valid.
    let _ = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

fn cpu(player: &mut RodioPlayer, secs: f64, every: f64) {
    let start = Instant::now();
    let cpu0 = cpu_time();
    let total = Duration::from_secs_f64(secs);
    let every = Duration::from_secs_f64(every);
    let mut next = start;
    let mut i = 0;
    let mut open_samples = 0u32;
    let mut samples = 0u32;
    while start.elapsed() < total {
        if Instant::now() >= next {
            player.play(Sound::ALL[i % Sound::ALL.len()]);
            i += 1;
            next += every;
        }
        samples += 1;
        if player.stream_open() {
            open_samples += 1;
        }
        let wait = next
            .min(start + total)
            .saturating_duration_since(Instant::now());
        std::thread::sleep(wait.min(Duration::from_millis(100)));
    }
    let wall = start.elapsed();
    let used = cpu_time() - cpu0;
    println!("cues={i}");
    println!("wall_s={:.2}", wall.as_secs_f64());
    println!("cpu_ms={:.1}", used.as_secs_f64() * 1e3);
    println!(
        "cpu_percent_of_one_core={:.3}",
        100.0 * used.as_secs_f64() / wall.as_secs_f64()
    );
    println!(
        "stream_open_fraction={:.2}",
        f64::from(open_samples) / f64::from(samples.max(1))
    );
}

fn hold(player: &mut RodioPlayer, secs: f64) {
    let start = Instant::now();
    let cpu0 = cpu_time();
    let at = |s: f64| start + Duration::from_secs_f64(s.max(0.0));
    let plan = [
        (0.0, Sound::HoldStart),
        (secs - 3.0, Sound::Countdown),
        (secs - 2.0, Sound::Countdown),
        (secs - 1.0, Sound::Countdown),
        (secs, Sound::StepEnd),
    ];
    for (t, sound) in plan {
        std::thread::sleep(at(t).saturating_duration_since(Instant::now()));
        player.play(sound);
    }
    std::thread::sleep(at(secs + 3.0).saturating_duration_since(Instant::now()));
    let wall = start.elapsed();
    let used = cpu_time() - cpu0;
    println!("wall_s={:.2}", wall.as_secs_f64());
    println!("cpu_ms={:.1}", used.as_secs_f64() * 1e3);
    println!(
        "cpu_percent_of_one_core={:.3}",
        100.0 * used.as_secs_f64() / wall.as_secs_f64()
    );
    println!("stream_open_at_end={}", player.stream_open());
}

/// The cues around each hold's end, with the device closed in between (the gap is longer
/// than the linger after the bell). A cue due at a moment is played at that moment.
fn reopen(player: &mut RodioPlayer, n: usize, gap: f64) {
    // The player opens the device as it starts; a session's first cue comes seconds later.
    wait_until(Duration::from_secs(3), || player.samples_pulled() > 10_000);
    let start = Instant::now() + Duration::from_millis(200);
    let burst = [
        (0.0, Sound::HoldStart),
        (1.5, Sound::Countdown),
        (2.5, Sound::Countdown),
        (3.5, Sound::StepEnd),
    ];
    let span = 3.5 + Sound::StepEnd.length().as_secs_f64() + gap;
    for i in 0..n {
        for (t, sound) in burst {
            let due = start + Duration::from_secs_f64(i as f64 * span + t);
            std::thread::sleep(due.saturating_duration_since(Instant::now()));
            player.play(sound);
            println!(
                "due_ms={:.1} {}",
                due.duration_since(start).as_secs_f64() * 1e3,
                sound.key()
            );
        }
    }
    let end = start + Duration::from_secs_f64(n as f64 * span);
    std::thread::sleep(end.saturating_duration_since(Instant::now()));
    println!("status_after={}", status_text(&player.status()));
}

fn lose_device(player: &mut RodioPlayer) {
    player.play(Sound::HoldStart);
    wait_until(Duration::from_secs(2), || player.stream_open());
    player.simulate_device_lost();
    wait_until(Duration::from_secs(2), || !player.stream_open());
    println!("status_after_loss={}", status_text(&player.status()));
    // The session goes on: later cues are accepted and dropped quietly.
    player.play(Sound::StepEnd);
    std::thread::sleep(Duration::from_millis(200));
    println!("stream_open_after_loss={}", player.stream_open());
}

fn print_stats(player: &mut RodioPlayer) {
    for m in player.take_missed() {
        println!("missed={} {}", m.sound.key(), m.reason);
    }
    let s = player.stats();
    println!("cues_started={}", s.cues_started);
    println!("cues_finished={}", s.cues_finished);
    println!("cues_dropped={}", s.cues_dropped);
    println!("cues_without_device={}", s.cues_without_device);
    println!("cues_late={}", s.cues_late);
    println!("streams_opened={}", s.streams_opened);
    println!("streams_closed={}", s.streams_closed);
    println!("open_failures={}", s.open_failures);
    println!("device_errors={}", s.device_errors);
    println!("samples_pulled={}", player.samples_pulled());
    if let Some(max) = s.latencies.iter().max() {
        println!("max_latency_ms={:.2}", max.as_secs_f64() * 1e3);
    }
}
