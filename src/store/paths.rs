//! Platform paths: `~/.config/backease/` for routines and preferences,
//! `~/.local/share/backease/` for history (XDG on Linux; the platform's own elsewhere).
//! `BACKEASE_CONFIG_DIR` and `BACKEASE_DATA_DIR` override them (tests, portable installs).

use std::path::PathBuf;

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "backease")
}

/// The directory for `exercises.ron` and `preferences.ron`.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("BACKEASE_CONFIG_DIR") {
        return Some(PathBuf::from(dir));
    }
    project().map(|p| p.config_dir().to_path_buf())
}

/// The directory for history and the resume state.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("BACKEASE_DATA_DIR") {
        return Some(PathBuf::from(dir));
    }
    project().map(|p| p.data_dir().to_path_buf())
}

/// The user's own routine file, merged over the shipped library.
pub fn user_routines() -> Option<PathBuf> {
    config_dir().map(|d| d.join("exercises.ron"))
}

/// The preferences file.
pub fn preferences() -> Option<PathBuf> {
    config_dir().map(|d| d.join("preferences.ron"))
}
