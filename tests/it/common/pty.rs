//! The real binary on a pseudo-terminal of the test's own, for what tmux cannot do: one
//! write of thousands of bytes at once (tmux hands keys over in small pieces), and reading
//! the process's CPU time. The terminal's output is drained by a thread so the program
//! never blocks on it; the process is killed in `Drop`.
#![allow(dead_code, unsafe_code)]

use std::fs::File;
use std::io::{Read as _, Write as _};
use std::os::fd::{FromRawFd as _, OwnedFd};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Pty {
    master: File,
    child: Child,
    output: Arc<Mutex<Vec<u8>>>,
    pub home: tempfile::TempDir,
}

impl Pty {
    /// Runs `backease --routines HOME/routines.ron ARGS` on a new 100x30 terminal, with a
    /// private HOME and data and config folders, `routines` written to that file and the
    /// trace in `HOME/trace.txt`.
    pub fn spawn(args: &[&str], routines: &str) -> Pty {
        Pty::spawn_with(args, routines, false)
    }

    /// As [`Pty::spawn`]; with `piped_stdout`, standard output is a pipe (read into
    /// [`Pty::output`] too) instead of the terminal, as in `backease | less`.
    pub fn spawn_with(args: &[&str], routines: &str, piped_stdout: bool) -> Pty {
        let home = tempfile::tempdir().expect("temp dir");
        std::fs::write(home.path().join("routines.ron"), routines).expect("routine file");
        // Spoken cues off: a speech engine's server must not outlive the test.
        let config = home.path().join("config");
        std::fs::create_dir_all(&config).expect("config dir");
        std::fs::write(
            config.join("preferences.ron"),
            "(voice: \"off\", checkin: false)\n",
        )
        .expect("prefs");
        let (mut master_fd, mut slave_fd) = (0, 0);
        let size = libc::winsize {
            ws_row: 30,
            ws_col: 100,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty writes two descriptors into the given integers; the name and
        // termios pointers may be null, and `size` is valid for the call.
        let rc = unsafe {
            libc::openpty(
                &mut master_fd,
                &mut slave_fd,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors were just opened by openpty and are owned here alone.
        let (master, slave) =
            unsafe { (File::from_raw_fd(master_fd), OwnedFd::from_raw_fd(slave_fd)) };
        let h = home.path();
        let mut command = Command::new(env!("CARGO_BIN_EXE_backease"));
        command
            .arg("--routines")
            .arg(h.join("routines.ron"))
            .args(args)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("TERM", "xterm-256color")
            .env("HOME", h)
            .env("BACKEASE_CONFIG_DIR", h.join("config"))
            .env("BACKEASE_DATA_DIR", h.join("data"))
            .env("BACKEASE_TRACE", h.join("trace.txt"))
            .stdin(Stdio::from(slave.try_clone().expect("dup")))
            .stdout(if piped_stdout {
                Stdio::piped()
            } else {
                Stdio::from(slave.try_clone().expect("dup"))
            })
            .stderr(Stdio::from(slave));
        let mut child = command.spawn().expect("spawn backease");
        let output = Arc::new(Mutex::new(Vec::new()));
        if let Some(mut out) = child.stdout.take() {
            let sink = Arc::clone(&output);
            // As it comes, so a test can wait for a line (plain mode writes to the pipe).
            std::thread::spawn(move || {
                let mut buf = [0u8; 65536];
                while let Ok(n) = out.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    sink.lock().expect("output").extend_from_slice(&buf[..n]);
                }
            });
        }
        let mut reader = master.try_clone().expect("dup master");
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().expect("output").extend_from_slice(&buf[..n]);
            }
        });
        Pty {
            master,
            child,
            output,
            home,
        }
    }

    pub fn write(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).expect("write to the terminal");
    }

    /// Everything the program has written so far, as text.
    pub fn output(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().expect("output")).into_owned()
    }

    pub fn trace(&self) -> String {
        std::fs::read_to_string(self.home.path().join("trace.txt")).unwrap_or_default()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// True if the terminal is in its normal (cooked) mode: line editing and echo on.
    pub fn cooked(&self) -> bool {
        use std::os::fd::AsRawFd as _;
        // SAFETY: termios is plain integers, for which all zero bytes are a valid value.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: tcgetattr writes into the struct we pass; the descriptor is open.
        let rc = unsafe { libc::tcgetattr(self.master.as_raw_fd(), &mut t) };
        assert_eq!(rc, 0, "tcgetattr: {}", std::io::Error::last_os_error());
        t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }

    /// User + system CPU time of the process so far.
    pub fn cpu(&self) -> Duration {
        cpu_of(self.child.id())
    }

    /// Polls until `check` holds, failing with the trace after `limit`.
    pub fn wait(&self, what: &str, limit: Duration, check: impl Fn(&Pty) -> bool) {
        let deadline = Instant::now() + limit;
        while !check(self) {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}\ntrace:\n{}",
                self.trace()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn signal(&self, signal: libc::c_int) {
        // SAFETY: kill with a live child's pid and a valid signal number.
        let rc = unsafe { libc::kill(self.child.id() as libc::pid_t, signal) };
        assert_eq!(rc, 0);
    }

    /// Waits for the process to exit and returns its status code (or 128 + signal).
    pub fn exit_code(&mut self, limit: Duration) -> i32 {
        use std::os::unix::process::ExitStatusExt as _;
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status
                    .code()
                    .unwrap_or_else(|| 128 + status.signal().unwrap_or(0));
            }
            assert!(Instant::now() < deadline, "backease did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// User + system CPU time of process `pid` from `/proc/PID/stat`.
pub fn cpu_of(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
    let after = stat.rsplit_once(')').expect("comm").1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 =
        fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime");
    // SAFETY: sysconf only reads a system constant.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as u64;
    Duration::from_millis(ticks * 1000 / hz.max(1))
}

pub fn exists(path: &Path) -> bool {
    path.exists()
}
