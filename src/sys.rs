//! The only `unsafe` in backease: thin, safe wrappers over the few system calls the
//! standard library does not offer. Each block says why it is sound. The rest of the
//! crate denies `unsafe_code`; code here does nothing but make the call and check it.
//!
//! - [`poll`]: `ppoll(2)` with a nanosecond timeout (the loop's one wait), plain `poll(2)`
//!   where there is no `ppoll`.
//! - [`boot_clock`]: `clock_gettime` on the clock that counts time asleep.
//! - [`in_foreground`]: `tcgetpgrp`/`getpgrp`, to tell `fg` from `bg`.
//! - [`key_mode`], [`set_term_mode`]: `tcgetattr`/`tcsetattr`, keys without Enter for
//!   plain mode (the terminal otherwise as it was).
//! - [`clock_ticks_per_second`]: `sysconf(_SC_CLK_TCK)`, to read `/proc` start times.
//! - [`host_name`]: `gethostname(2)`, to keep history file names apart across machines.
//! - [`silence_alsa_errors`]: ALSA's error handler, so libasound never prints over the UI.
//! - [`set_env_while_single_threaded`]: `setenv`, only while no other thread can read the
//!   environment at the same time.
//! - [`terminate`]: `kill(2)` with SIGTERM, to stop the background reminder on `--uninstall`.
//! - [`Timer`]: a timerfd on the boot clock, for one precise wake-up per deadline (Linux).
#![allow(unsafe_code)]

use std::os::fd::RawFd;
use std::time::Duration;

/// One descriptor to wait on, and what happened to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollFd {
    pub fd: RawFd,
    /// Readable (`POLLIN`).
    pub readable: bool,
    /// Gone: hung up, in error or not open (`POLLHUP | POLLERR | POLLNVAL`).
    pub gone: bool,
}

impl PollFd {
    pub fn new(fd: RawFd) -> PollFd {
        PollFd {
            fd,
            readable: false,
            gone: false,
        }
    }
}

/// Waits until one of `fds` is readable or gone, a signal arrives, or `timeout` passes.
/// Returns how many descriptors are ready (0: the time passed), and fills in each one's
/// `readable` and `gone`.
pub fn poll<const N: usize>(fds: &mut [PollFd; N], timeout: Duration) -> std::io::Result<usize> {
    let mut raw: [libc::pollfd; N] = fds.map(|f| libc::pollfd {
        fd: f.fd,
        events: libc::POLLIN,
        revents: 0,
    });
    let n = poll_raw(&mut raw, timeout);
    if n < 0 {
        return Err(std::io::Error::last_os_error());
    }
    for (f, r) in fds.iter_mut().zip(&raw) {
        f.readable = r.revents & libc::POLLIN != 0;
        f.gone = r.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0;
    }
    Ok(n as usize)
}

/// `ppoll(2)` with a nanosecond timeout where there is one.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
fn poll_raw(fds: &mut [libc::pollfd], timeout: Duration) -> libc::c_int {
    let timeout = libc::timespec {
        tv_sec: timeout.as_secs().min(i32::MAX as u64) as libc::time_t,
        tv_nsec: timeout.subsec_nanos() as _,
    };
    // SAFETY: `fds` is a valid pollfd slice and `timeout` a valid timespec for the
    // duration of the call; a null signal mask leaves the mask as it is.
    unsafe {
        libc::ppoll(
            fds.as_mut_ptr(),
            fds.len() as libc::nfds_t,
            &timeout,
            std::ptr::null(),
        )
    }
}

/// Plain `poll(2)` elsewhere, rounded up to a whole millisecond so it never wakes early.
#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
fn poll_raw(fds: &mut [libc::pollfd], timeout: Duration) -> libc::c_int {
    let ms = timeout.as_nanos().div_ceil(1_000_000).min(i32::MAX as u128) as i32;
    // SAFETY: `fds` is a valid pollfd slice for the duration of the call.
    unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) }
}

/// The time on the clock that keeps counting while the machine sleeps: CLOCK_BOOTTIME on
/// Linux, CLOCK_MONOTONIC on macOS (which counts sleep there); `None` elsewhere or if the
/// clock cannot be read.
pub fn boot_clock() -> Option<Duration> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    return clock_gettime(libc::CLOCK_BOOTTIME);
    #[cfg(target_os = "macos")]
    return clock_gettime(libc::CLOCK_MONOTONIC);
    #[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
    return None;
}

#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
fn clock_gettime(clock: libc::clockid_t) -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for the call to write into.
    if unsafe { libc::clock_gettime(clock, &mut ts) } != 0 {
        return None;
    }
    Some(Duration::new(
        u64::try_from(ts.tv_sec).ok()?,
        u32::try_from(ts.tv_nsec).ok()?,
    ))
}

/// Sends SIGTERM to the process `pid` (the background reminder, whose pid its lock holds).
pub fn terminate(pid: u32) -> std::io::Result<()> {
    let pid = libc::pid_t::try_from(pid)
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| std::io::Error::other("not a process id"))?;
    // SAFETY: kill only asks the kernel to deliver a signal; a positive pid names one
    // process (never a group), and a wrong one fails with ESRCH or EPERM.
    if unsafe { libc::kill(pid, libc::SIGTERM) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// True while this process is in the terminal's foreground process group (so it may
/// change the terminal's mode). After `bg` it is not. With no terminal on stdin there is
/// nothing to fight over, and it counts as foreground.
pub fn in_foreground() -> bool {
    // SAFETY: tcgetpgrp and getpgrp only read kernel state; tcgetpgrp on a descriptor that
    // is not a terminal returns -1.
    let (tty, ours) = unsafe { (libc::tcgetpgrp(libc::STDIN_FILENO), libc::getpgrp()) };
    tty == -1 || tty == ours
}

/// A terminal's settings, as saved by [`key_mode`] to be put back with [`set_term_mode`].
#[derive(Clone, Copy)]
pub struct TermMode(libc::termios);

impl std::fmt::Debug for TermMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TermMode")
    }
}

/// Puts the terminal on `fd` in key-at-a-time mode: no line editing (`ICANON`) and no
/// echo; everything else (Ctrl-C and Ctrl-Z as signals, output as it was) unchanged.
/// Returns the settings before, to put back with [`set_term_mode`].
pub fn key_mode(fd: RawFd) -> std::io::Result<TermMode> {
    // SAFETY: termios is plain integers, for which all zero bytes are a valid value.
    let mut saved: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: tcgetattr writes into the struct we own; a bad descriptor is an error return.
    if unsafe { libc::tcgetattr(fd, &mut saved) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let mut keys = saved;
    keys.c_lflag &= !(libc::ICANON | libc::ECHO);
    keys.c_cc[libc::VMIN] = 1;
    keys.c_cc[libc::VTIME] = 0;
    set_term_mode(fd, &TermMode(keys))?;
    Ok(TermMode(saved))
}

/// Sets the terminal on `fd` to `mode` (one [`key_mode`] returned).
pub fn set_term_mode(fd: RawFd, mode: &TermMode) -> std::io::Result<()> {
    // SAFETY: tcsetattr only reads the struct, valid for the call.
    if unsafe { libc::tcsetattr(fd, libc::TCSANOW, &mode.0) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// Drops what the terminal on `fd` has sent and nobody has read yet (`tcflush`
/// `TCIFLUSH`): an answer to a question that came too late to be waited for.
pub fn discard_input(fd: RawFd) -> std::io::Result<()> {
    // SAFETY: tcflush takes a descriptor and a constant; a bad descriptor is an error return.
    if unsafe { libc::tcflush(fd, libc::TCIFLUSH) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// The kernel's clock ticks per second (for `/proc/*/stat` times).
pub fn clock_ticks_per_second() -> Option<u64> {
    // SAFETY: sysconf only reads a system constant.
    let n = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    u64::try_from(n).ok().filter(|n| *n > 0)
}

/// The machine's host name as `gethostname(2)` gives it (raw bytes, lossily as text);
/// `None` when it fails or is empty.
pub fn host_name() -> Option<String> {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for `buf.len()` bytes; gethostname writes at most that
    // many and we read only up to the first NUL within the buffer.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return None;
    }
    let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
    let name = String::from_utf8_lossy(&buf[..end]).into_owned();
    (!name.is_empty()).then_some(name)
}

/// Sets an environment variable if this process has one thread (`/proc/self/task` holds
/// one entry), so nothing can read the environment while it changes; returns whether it
/// did. For `main`'s first lines (`audio::lend_pulse_cookie`).
pub fn set_env_while_single_threaded(key: &str, value: &std::ffi::OsStr) -> bool {
    let threads = std::fs::read_dir("/proc/self/task").map(Iterator::count);
    if !matches!(threads, Ok(1)) {
        return false;
    }
    // SAFETY: `set_var` is unsound only when another thread reads or writes the
    // environment at the same time; the process has one thread (checked just above, and
    // this thread starts none before the call returns).
    unsafe { std::env::set_var(key, value) };
    true
}

/// Routes ALSA's library errors ("ALSA lib confmisc.c:… cannot find card '0'"), which it
/// otherwise prints straight over the user's screen, to a handler that drops them. Call
/// once before anything opens an audio device; calling it again is harmless. A no-op off
/// Linux and on Linux targets other than the two whose calling conventions are argued for
/// below.
pub fn silence_alsa_errors() {
    #[cfg(all(
        target_os = "linux",
        any(target_arch = "x86_64", target_arch = "aarch64")
    ))]
    alsa::install();
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod alsa {
    use std::ffi::{c_char, c_int};
    use std::sync::Once;

    /// The handler: it ignores everything ALSA tells it.
    extern "C" fn ignore_alsa_error(
        _file: *const c_char,
        _line: c_int,
        _function: *const c_char,
        _err: c_int,
        _fmt: *const c_char,
    ) {
    }

    /// The non-variadic signature of `ignore_alsa_error`.
    type NonVariadic = extern "C" fn(*const c_char, c_int, *const c_char, c_int, *const c_char);

    /// The variadic handler type ALSA expects (stable Rust cannot define a variadic fn).
    type Variadic =
        unsafe extern "C" fn(*const c_char, c_int, *const c_char, c_int, *const c_char, ...);

    pub(super) fn install() {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            // SAFETY: ALSA calls the handler as a C variadic function. Under the SysV x86-64
            // and AAPCS64 (Linux aarch64) calling conventions, the fixed arguments of a
            // variadic call are passed exactly as for a non-variadic call (same registers,
            // same order); the variadic part only adds arguments after them (and, on x86-64,
            // a vector-register count in %al that a non-variadic callee never reads). A
            // callee that takes the five fixed arguments and ignores them therefore reads
            // nothing it should not, and the caller cleans up its own arguments. The
            // function pointers have the same size and representation.
            let handler: Variadic =
                unsafe { std::mem::transmute::<NonVariadic, Variadic>(ignore_alsa_error) };
            // SAFETY: plain FFI call with a valid function pointer that lives forever.
            // The return value is 0 on success; there is nothing to do if it failed.
            let _ = unsafe { alsa_sys::snd_lib_error_set_handler(Some(handler)) };
        });
    }
}

/// A one-shot timer as a descriptor to poll (Linux's timerfd), on the clock that counts
/// time asleep. It fires within the timer slack (50 µs) of its moment, never before:
/// unlike a `poll` timeout, which Linux lets oversleep by 0.1% of its length (1 ms on a
/// one-second wait), so one wake-up is precise enough and no second, short wait is needed.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[derive(Debug)]
pub struct Timer(std::fs::File);

#[cfg(any(target_os = "linux", target_os = "android"))]
impl Timer {
    pub fn new() -> std::io::Result<Timer> {
        use std::os::fd::FromRawFd as _;
        // SAFETY: timerfd_create takes a clock id and flags and returns a new descriptor,
        // or -1 with errno set.
        let fd = unsafe {
            libc::timerfd_create(libc::CLOCK_BOOTTIME, libc::TFD_NONBLOCK | libc::TFD_CLOEXEC)
        };
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: `fd` was just opened above and nothing else owns it.
        Ok(Timer(unsafe { std::fs::File::from_raw_fd(fd) }))
    }

    /// Fires `after` from now (replacing any earlier setting).
    pub fn set(&self, after: Duration) -> std::io::Result<()> {
        use std::os::fd::AsRawFd as _;
        // A zero value would disarm the timer instead of firing at once.
        let after = after.max(Duration::from_nanos(1));
        let spec = libc::itimerspec {
            it_interval: libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            },
            it_value: libc::timespec {
                tv_sec: after.as_secs().min(i32::MAX as u64) as libc::time_t,
                tv_nsec: after.subsec_nanos() as _,
            },
        };
        // SAFETY: a valid timerfd, a valid itimerspec for the call, and a null old value.
        let rc =
            unsafe { libc::timerfd_settime(self.0.as_raw_fd(), 0, &spec, std::ptr::null_mut()) };
        if rc != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }

    /// Takes a firing (so the descriptor is not readable again until the next one).
    pub fn clear(&self) {
        use std::io::Read as _;
        let mut expirations = [0u8; 8];
        let _ = (&self.0).read(&mut expirations);
    }

    pub fn fd(&self) -> RawFd {
        use std::os::fd::AsRawFd as _;
        self.0.as_raw_fd()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;
    use std::os::fd::AsRawFd as _;
    use std::os::unix::net::UnixStream;

    #[test]
    fn poll_reports_a_readable_socket_and_a_closed_peer() {
        let (mut a, b) = UnixStream::pair().expect("socket pair");
        let mut fds = [PollFd::new(b.as_raw_fd())];
        assert_eq!(poll(&mut fds, Duration::ZERO).expect("poll"), 0);
        assert!(!fds[0].readable);
        a.write_all(b"x").expect("write");
        assert_eq!(poll(&mut fds, Duration::from_secs(5)).expect("poll"), 1);
        assert!(fds[0].readable && !fds[0].gone);
        drop(a);
        poll(&mut fds, Duration::from_secs(5)).expect("poll");
        assert!(fds[0].gone, "{:?}", fds[0]);
    }

    #[test]
    fn the_boot_clock_moves_forward() {
        if cfg!(any(target_os = "linux", target_os = "macos")) {
            let a = boot_clock().expect("readable");
            let b = boot_clock().expect("readable");
            assert!(b >= a);
        }
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn a_timer_fires_once_at_its_moment_never_before() {
        let timer = Timer::new().expect("timerfd");
        let start = std::time::Instant::now();
        timer.set(Duration::from_millis(30)).expect("set");
        let mut fds = [PollFd::new(timer.fd())];
        assert_eq!(poll(&mut fds, Duration::from_secs(5)).expect("poll"), 1);
        assert!(start.elapsed() >= Duration::from_millis(30));
        timer.clear();
        assert_eq!(poll(&mut fds, Duration::ZERO).expect("poll"), 0, "cleared");
        timer.set(Duration::ZERO).expect("at once");
        assert_eq!(poll(&mut fds, Duration::from_secs(5)).expect("poll"), 1);
    }

    #[test]
    fn there_are_clock_ticks() {
        assert!(clock_ticks_per_second().expect("sysconf") >= 1);
    }
}
