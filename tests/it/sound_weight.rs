//! What the player holds in memory while its stream is open on a real sound server (a
//! private PulseAudio, `common::pulse`). The player is opened in a child process of its
//! own (`common::run_in_child`: nothing else runs there), and the process's anonymous
//! resident memory is read before the player opens and after its stream has played a
//! second of samples, the server asking for them every period meanwhile.
//!
//! Before 2026-12-07 (afternoon) this grew by about 1.8 MB: the built-in cues decoded to
//! `f32` (0.75 MB; now read where the binary holds them, `audio::sounds::Samples`), and
//! the PulseAudio client's read buffer, 1 MiB zero-filled at every read (now patched:
//! vendor/pulseaudio/PATCHED.md). What is left is the client's and the threads' own.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::time::{Duration, Instant};

use backease::audio::{AudioSettings, AudioStatus, Player};

use crate::common::{self, pulse};

/// At most this much more anonymous memory with the stream open (kB). The player adds
/// about 250 kB now; 1,200 kB with the unpatched client, 1,950 kB with the cues decoded too.
const MAX_GROWTH_KB: u64 = 700;

#[test]
fn the_player_holds_little_memory_with_its_stream_open() {
    if !pulse::tools_present("SOUND WEIGHT TEST") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (_server, address) = pulse::start_server(dir.path());
    // The cookie `audio::lend_pulse_cookie` lends in `main` (it cannot in a test process,
    // which has more than one thread): 256 zero bytes.
    let cookie = dir.path().join("cookie");
    std::fs::write(&cookie, [0u8; 256]).expect("cookie");
    common::run_in_child(
        "sound_weight::player_memory_in_a_child",
        &[
            ("PULSE_SERVER", OsStr::new(&address)),
            ("PULSE_COOKIE", cookie.as_os_str()),
            ("XDG_RUNTIME_DIR", dir.path().as_os_str()),
            ("HOME", dir.path().as_os_str()),
        ],
        &[],
    );
}

/// This process's anonymous resident memory, in kB (`RssAnon` in /proc/self/status).
fn rss_anon_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("RssAnon:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("RssAnon in /proc/self/status")
}

#[test]
#[ignore = "run in a child process by the_player_holds_little_memory_with_its_stream_open"]
fn player_memory_in_a_child() {
    let before = rss_anon_kb();
    let (player, warnings) = backease::audio::open_rodio(&AudioSettings {
        volume: 80,
        muted: false,
        custom: BTreeMap::new(),
    });
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(player.status(), AudioStatus::On, "the server is reached");
    // Open, and the server asking for samples (a stream just opened on an idle sink
    // waits up to a second or two for its first request: docs/sound.md).
    let deadline = Instant::now() + Duration::from_secs(10);
    while !player.stream_open() || player.samples_pulled() == 0 {
        assert!(
            Instant::now() < deadline,
            "the stream did not open and run in 10 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Then 22,050 samples more taken (a second in the cues' own format, 22,050 Hz mono;
    // less in any other): the server's requests, every period, are what the client reads.
    let pulled = player.samples_pulled();
    while player.samples_pulled() < pulled + 22_050 {
        assert!(
            Instant::now() < deadline,
            "the server asked for {} samples in 10 s: the stream is not running",
            player.samples_pulled()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let grown = rss_anon_kb().saturating_sub(before);
    eprintln!("anonymous memory: {before} kB before the player, {grown} kB more with it");
    assert!(
        grown <= MAX_GROWTH_KB,
        "the player with its stream open added {grown} kB of anonymous memory (at most \
         {MAX_GROWTH_KB})"
    );
    drop(player);
}
