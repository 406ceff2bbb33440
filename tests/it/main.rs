//! The one integration test binary: every feature's tests as a module, the helpers in
//! `common` compiled once. End-to-end tests drive the real binary (`CARGO_BIN_EXE_backease`)
//! in tmux or on a pseudo-terminal; the rest drive the library in-process.

mod common;

mod app_flow;
mod app_keys;
mod app_records;
mod architecture;
mod audio;
// First among the slow ones by name (libtest starts tests in the order of their names): a
// minute of real time, which then runs beside all the rest.
mod audio_session;
mod discover;
mod docs_links;
mod e2e;
mod e2e_away;
mod e2e_checkin;
mod e2e_clock;
mod e2e_exits;
mod e2e_remind;
mod e2e_sessions;
mod e2e_voice;
mod edit_e2e;
mod end_policy;
mod every_problem;
mod files;
mod history;
mod history_export;
mod history_index;
mod history_text;
mod history_travel;
mod hostile;
mod hostile_sounds;
mod json;
mod library;
mod library_e2e;
mod library_menu;
mod library_screens;
mod load;
mod messages;
mod mouse_e2e;
mod notify;
mod output_text;
mod phrases;
mod plain;
mod plan_e2e;
mod plan_picker;
mod plan_screens;
mod prefs;
mod progress_checkin;
mod progress_plain;
mod progress_screens;
mod remind_background;
mod remind_dunst;
mod remind_idle;
mod remind_install;
mod remind_prefs;
mod remind_screens;
mod remind_status;
mod report_browser;
mod saving;
mod screens_keep_what_matters;
mod sessions;
mod silent_cues;
mod sound_levels;
mod sound_weight;
mod speech;
mod speech_timeline;
mod ui_screens;
mod voice_flow;
