//! Platform paths: `~/.config/backease/` for routines and preferences,
//! `~/.local/share/backease/` for history (XDG on Linux; the platform's own elsewhere).
//! `BACKEASE_CONFIG_DIR` and `BACKEASE_DATA_DIR` override them (tests, portable installs).
//! One rule for every directory variable, ours and XDG's alike: an empty or relative
//! value counts as unset (the XDG Base Directory spec says a relative path is invalid and
//! is ignored; `directories` does so for `XDG_*`), so none of them ever depends on the
//! current directory.

use std::ffi::OsString;
use std::path::PathBuf;

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "backease")
}

/// The directory a `BACKEASE_*_DIR` variable names: `None` when it is unset, empty or
/// relative (see the module doc).
fn from_env(value: Option<OsString>) -> Option<PathBuf> {
    value
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
}

/// The directory for `exercises.ron` and `preferences.ron`.
pub fn config_dir() -> Option<PathBuf> {
    from_env(std::env::var_os("BACKEASE_CONFIG_DIR"))
        .or_else(|| project().map(|p| p.config_dir().to_path_buf()))
}

/// The directory for history and the session states.
pub fn data_dir() -> Option<PathBuf> {
    from_env(std::env::var_os("BACKEASE_DATA_DIR"))
        .or_else(|| project().map(|p| p.data_dir().to_path_buf()))
}

/// Desk mode's lock, state and day files (`backease remind`, `backease status`).
pub fn remind_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("remind"))
}

/// The user's own routine file, merged over the shipped library.
pub fn user_routines() -> Option<PathBuf> {
    config_dir().map(|d| d.join("exercises.ron"))
}

/// The preferences file.
pub fn preferences() -> Option<PathBuf> {
    config_dir().map(|d| d.join("preferences.ron"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_variable_is_unset_not_the_current_directory() {
        assert_eq!(from_env(None), None);
        assert_eq!(from_env(Some(OsString::new())), None);
        assert_eq!(
            from_env(Some("/tmp/b".into())),
            Some(PathBuf::from("/tmp/b"))
        );
        // Relative: ignored, as a relative XDG_DATA_HOME is.
        for relative in ["rel", "./rel", "../x", "~/b"] {
            assert_eq!(from_env(Some(relative.into())), None, "{relative}");
        }
    }
}
