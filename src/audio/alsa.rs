//! Keeps ALSA quiet. libasound prints its errors ("ALSA lib confmisc.c:… cannot find card
//! '0'") straight to stderr, over the user's screen, unless a handler is installed. This
//! module installs one that drops them. Touches nothing else; no-op off Linux.

/// Routes ALSA's library errors to a handler that ignores them. Call once at start-up,
/// before anything opens an audio device; calling it again is harmless.
pub fn silence_system_audio_logs() {
    #[cfg(all(
        target_os = "linux",
        any(target_arch = "x86_64", target_arch = "aarch64")
    ))]
    linux::install();
}

// Other Linux targets keep ALSA's default handler: the SAFETY argument below is only made
// for the two calling conventions we build and test on.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod linux {
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
