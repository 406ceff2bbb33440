//! Any text as a preferences file: parsing must never panic or hang, and an error must
//! point inside the file with a message safe to print.

#![no_main]

use std::path::Path;

use backease::store::prefs::{PrefsError, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The shell reads the file as UTF-8 and reports other bytes before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse(text, Path::new("/fuzz/preferences.ron")) {
        Ok(prefs) => {
            // What `backease config` prints must be safe to print.
            for (_, value, _) in prefs.effective() {
                assert!(!value.chars().any(char::is_control), "{value:?}");
            }
        }
        Err(PrefsError::Invalid {
            line,
            column,
            message,
            ..
        }) => {
            let lines = text.split('\n').count();
            assert!(line >= 1 && line <= lines, "line {line} of {lines}");
            assert!(column >= 1, "column {column}");
            assert!(!message.chars().any(char::is_control), "{message:?}");
        }
        Err(e) => panic!("parse gave a read error: {e}"),
    }
});
