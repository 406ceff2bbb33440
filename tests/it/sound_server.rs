//! Sound where it is heard: a private PulseAudio server with a null sink, its monitor
//! recorded while the real player (the `audio_probe` example, in a child process) plays
//! the cues of twenty holds' ends with quiet stretches between them (the stretches in
//! which the player used to close the device and open it again for the next cue). Every
//! cue must arrive, at its due moment: the recording's onsets are lined up with the due
//! times the probe prints, by a straight line (the offset, and the sink's clock drifting
//! against the system's by a fraction of a per cent), and no cue may stray more than 30 ms
//! from it; the first cue of each burst (the one after a quiet stretch) keeps time with
//! the rest.
//!
//! Needs `pulseaudio` and `parec` (Debian: `pulseaudio`, `pulseaudio-utils`; `.ci/packages`
//! installs them). Without them the test fails when `CI` is set, and otherwise says loudly
//! that it did not run. Each run starts its own server on its own socket in a temporary
//! directory, so it runs beside other tests and never touches the person's own server.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const RATE: f64 = 44_100.0;
const HOLDS: usize = 20;

/// The probe example, built next to this test binary (built here if not).
fn probe() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps");
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args(["build", "--quiet", "--example", "audio_probe"]);
    if dir.ends_with("release") {
        cmd.arg("--release");
    }
    assert!(
        cmd.status().expect("run cargo").success(),
        "could not build the audio probe"
    );
    dir.join("examples").join("audio_probe")
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
}

/// A child process killed (and reaped) when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private PulseAudio with one null sink, `rec`, in `dir`.
fn start_server(dir: &Path) -> (Killed, String) {
    let socket = dir.join("native");
    let child = Command::new("pulseaudio")
        .args([
            "-n",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--system=false",
            "--disable-shm",
            "-L",
            "module-null-sink sink_name=rec",
            "-L",
        ])
        .arg(format!(
            "module-native-protocol-unix auth-anonymous=1 socket={}",
            socket.display()
        ))
        .env("XDG_RUNTIME_DIR", dir)
        .env("HOME", dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start pulseaudio");
    let server = Killed(child);
    let address = format!("unix:{}", socket.display());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let ready = Command::new("pactl")
            .arg("info")
            .env("PULSE_SERVER", &address)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ready {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the private PulseAudio server at {address} did not answer within 20 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (server, address)
}

/// The onsets in a mono 16-bit recording: the start of each sound after 100 ms of quiet
/// (quiet: every sample of a 1 ms window under -40 dBFS), in seconds.
fn onsets(samples: &[i16]) -> Vec<f64> {
    let window = (RATE / 1_000.0) as usize;
    let mut found = Vec::new();
    let mut last_loud: Option<f64> = None;
    for (i, chunk) in samples.chunks(window).enumerate() {
        let t = (i * window) as f64 / RATE;
        let loud = chunk
            .iter()
            .any(|s| f64::from(s.unsigned_abs()) / 32_768.0 > 0.01);
        if loud {
            if last_loud.is_none_or(|l| t - l > 0.1) {
                found.push(t);
            }
            last_loud = Some(t);
        }
    }
    found
}

/// Least squares: `y = a + b x`.
fn fit(points: &[(f64, f64)]) -> (f64, f64) {
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let b = sxy / sxx;
    (my - b * mx, b)
}

#[test]
fn every_cue_of_twenty_holds_arrives_on_time_on_a_real_sound_server() {
    let missing: Vec<&str> = ["pulseaudio", "parec", "pactl"]
        .into_iter()
        .filter(|p| !on_path(p))
        .collect();
    if !missing.is_empty() {
        let note = format!(
            "SOUND SERVER TEST NOT RUN: {} not installed (Debian: apt-get install pulseaudio \
             pulseaudio-utils; or run .ci/packages)",
            missing.join(", ")
        );
        if std::env::var_os("CI").is_some() {
            panic!("{note}");
        }
        eprintln!("\n*** {note} ***\n");
        return;
    }
    let probe = probe();
    // A cue lost or a sound nobody asked for fails at once. Lateness is measured again up
    // to twice more: on a shared two-core machine a test running beside this one can hold
    // up one callback, which says nothing about the player.
    let mut late = Vec::new();
    for _ in 0..3 {
        match record_twenty_holds(&probe) {
            Ok(summary) => {
                eprintln!("{summary}");
                return;
            }
            Err(why) => late.push(why),
        }
    }
    panic!("late in three recordings:\n{}", late.join("\n"));
}

/// One recording: every cue must arrive (else it panics); `Err` says which cue was off
/// its moment by more than 30 ms, or how far the first cue after a quiet stretch was off
/// the rest.
fn record_twenty_holds(probe: &Path) -> Result<String, String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_server, address) = start_server(dir.path());
    let recording = dir.path().join("rec.raw");

    let parec = Command::new("parec")
        .args([
            "-d",
            "rec.monitor",
            "--format=s16le",
            "--rate=44100",
            "--channels=1",
            "--raw",
        ])
        .env("PULSE_SERVER", &address)
        .stdout(std::fs::File::create(&recording).expect("recording file"))
        .stderr(Stdio::null())
        .spawn()
        .expect("start parec");
    let parec = Killed(parec);
    std::thread::sleep(Duration::from_millis(300));

    let out = Command::new(probe)
        .args(["reopen", &HOLDS.to_string()])
        .env("PULSE_SERVER", &address)
        .env("XDG_RUNTIME_DIR", dir.path())
        .env("HOME", dir.path())
        .output()
        .expect("run the audio probe");
    std::thread::sleep(Duration::from_millis(300));
    drop(parec);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "probe failed: {out:?}");
    assert!(out.stderr.is_empty(), "the probe printed: {out:?}");
    assert!(stdout.contains("status=on"), "{stdout}");
    // Straight to the server (cpal's own client), not through ALSA's pulse plugin, even
    // with no cookie file in HOME (`audio::lend_pulse_cookie`).
    assert!(stdout.contains("host=pulseaudio"), "{stdout}");

    let due: Vec<(f64, String)> = stdout
        .lines()
        .filter_map(|l| {
            let (ms, key) = l.strip_prefix("due_ms=")?.split_once(' ')?;
            Some((ms.parse::<f64>().ok()? / 1_000.0, key.to_string()))
        })
        .collect();
    assert_eq!(due.len(), HOLDS * 4, "{stdout}");

    let bytes = std::fs::read(&recording).expect("read the recording");
    let samples: Vec<i16> = bytes
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    let heard = onsets(&samples);

    // The first guess at the line from due times to the recording: through the first and
    // the last onset (the sink's clock drifts against the system's: 0.2 % is a quarter of
    // a second over this run). Each cue's onset is then looked for within 100 ms of where
    // the line through the cues matched so far puts it, in time order.
    let (Some(first), Some(last)) = (heard.first(), heard.last()) else {
        panic!("nothing was recorded: no cue reached the sink\n{stdout}");
    };
    let (d0, d1) = (due[0].0, due[due.len() - 1].0);
    let slope = (last - first) / (d1 - d0);
    let mut line = (first - slope * d0, slope);
    let mut points: Vec<(f64, f64, &str)> = Vec::new();
    let mut lost = Vec::new();
    for (d, key) in &due {
        let expected = line.0 + line.1 * d;
        match heard.iter().find(|o| (*o - expected).abs() < 0.1) {
            Some(o) => {
                points.push((*d, *o, key.as_str()));
                if points.len() >= 8 {
                    let xy: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.1)).collect();
                    line = fit(&xy);
                }
            }
            None => lost.push(format!("{key} due at {d:.3} s")),
        }
    }
    assert!(
        lost.is_empty(),
        "{} of {} cues never reached the sink: {lost:?}\n{} onsets in {:.1} s recorded: \
         {heard:?}\n{stdout}",
        lost.len(),
        due.len(),
        heard.len(),
        samples.len() as f64 / RATE
    );
    assert_eq!(
        heard.len(),
        due.len(),
        "a sound no cue asked for: {heard:?}"
    );

    let xy: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.1)).collect();
    let (a, b) = fit(&xy);
    assert!(
        (b - 1.0).abs() < 0.005,
        "the sink's clock runs {b}x the system's"
    );
    let residual = |p: &(f64, f64, &str)| (p.1 - (a + b * p.0)) * 1_000.0;
    let residuals: Vec<String> = points
        .iter()
        .map(|p| format!("{} {:+.1}", p.2, residual(p)))
        .collect();
    let worst = points
        .iter()
        .map(|p| (residual(p).abs(), p.0, p.2))
        .fold((0.0, 0.0, ""), |w, r| if r.0 > w.0 { r } else { w });
    if worst.0 > 30.0 {
        return Err(format!(
            "{} due at {:.3} s is {:.1} ms off its moment: {residuals:?}",
            worst.2, worst.1, worst.0
        ));
    }
    // The first cue after each quiet stretch keeps time with the rest (within 15 ms, and
    // not early).
    let mean = |first: bool| {
        let r: Vec<f64> = points
            .iter()
            .filter(|p| (p.2 == "hold_start") == first)
            .map(residual)
            .collect();
        r.iter().sum::<f64>() / r.len() as f64
    };
    let (first, rest) = (mean(true), mean(false));
    if (first - rest).abs() > 15.0 {
        return Err(format!(
            "the first cue after a quiet stretch is {:.1} ms off the rest",
            first - rest
        ));
    }
    Ok(format!(
        "{} cues, none lost; worst {:.1} ms from due; first after quiet {first:+.1} ms, rest \
         {rest:+.1} ms; sink clock {b:.5}x",
        due.len(),
        worst.0
    ))
}
