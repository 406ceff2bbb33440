//! A private PulseAudio server for the tests that listen to what is played: one null sink,
//! `rec`, on a socket in a temporary directory (never the person's own server), and its
//! monitor recorded with `parec` (mono, 16-bit, 44.1 kHz). Needs `pulseaudio`, `pactl` and
//! `parec` (Debian: `pulseaudio`, `pulseaudio-utils`; `.ci/packages` installs them).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The recording's sample rate.
pub const RATE: f64 = 44_100.0;

/// A child process killed (and reaped) when dropped.
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
}

/// True when the server and its tools are installed. When they are not: panics when `CI`
/// is set (a test that cannot run must not pass there), else says loudly that `what` did
/// not run and returns false.
pub fn tools_present(what: &str) -> bool {
    let missing: Vec<&str> = ["pulseaudio", "parec", "pactl"]
        .into_iter()
        .filter(|p| !on_path(p))
        .collect();
    if missing.is_empty() {
        return true;
    }
    let note = format!(
        "{what} NOT RUN: {} not installed (Debian: apt-get install pulseaudio \
         pulseaudio-utils; or run .ci/packages)",
        missing.join(", ")
    );
    if std::env::var_os("CI").is_some() {
        panic!("{note}");
    }
    eprintln!("\n*** {note} ***\n");
    false
}

/// A private PulseAudio with one null sink, `rec`, in `dir`; its address for `PULSE_SERVER`.
pub fn start_server(dir: &Path) -> (Killed, String) {
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

/// Records the null sink's monitor into `file` (raw mono s16le at [`RATE`]) until dropped.
pub fn record(address: &str, file: &Path) -> Killed {
    let parec = Command::new("parec")
        .args([
            "-d",
            "rec.monitor",
            "--format=s16le",
            "--rate=44100",
            "--channels=1",
            "--raw",
        ])
        .env("PULSE_SERVER", address)
        .stdout(std::fs::File::create(file).expect("recording file"))
        .stderr(Stdio::null())
        .spawn()
        .expect("start parec");
    Killed(parec)
}

/// A recording's samples, in -1..1.
pub fn samples(file: &Path) -> Vec<f64> {
    std::fs::read(file)
        .expect("read the recording")
        .chunks_exact(2)
        .map(|b| f64::from(i16::from_le_bytes([b[0], b[1]])) / 32_768.0)
        .collect()
}

/// Least squares: `y = a + b x`.
pub fn fit(points: &[(f64, f64)]) -> (f64, f64) {
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let b = sxy / sxx;
    (my - b * mx, b)
}
