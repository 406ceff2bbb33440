//! Any bytes as a routine file: parsing must never panic, hang or blow up memory, an
//! error must point inside the file, and nothing that loads may carry a control character
//! (text from a routine file reaches the terminal).

#![no_main]

use std::sync::OnceLock;

use backease::routine::Library;
use backease::routine::load::{LoadError, parse, shipped};
use libfuzzer_sys::fuzz_target;

fn base() -> &'static Library {
    static SHIPPED: OnceLock<Library> = OnceLock::new();
    SHIPPED.get_or_init(shipped)
}

fuzz_target!(|data: &[u8]| {
    for with_base in [Some(base()), None] {
        match parse("fuzz.ron", data, with_base) {
            Ok(lib) => assert_plain(&lib),
            Err(e) => assert_located(data, &e),
        }
    }
});

/// Every problem points at a line of the file (or at the whole file), and its message is
/// safe to print.
fn assert_located(data: &[u8], e: &LoadError) {
    assert!(!e.problems.is_empty());
    let lines = data.split(|&b| b == b'\n').count();
    for p in &e.problems {
        assert!(p.line <= lines, "line {} of {lines}: {e}", p.line);
        assert!(p.line == 0 || p.column >= 1, "column 0: {e}");
        assert!(!p.message.chars().any(char::is_control), "{e:?}");
    }
}

/// No text of a loaded library can drive the terminal.
fn assert_plain(lib: &Library) {
    let steps = lib.routines.iter().flat_map(|r| r.steps.iter());
    for e in lib.exercises.iter().chain(steps) {
        let texts = [&e.id, &e.name, &e.description]
            .into_iter()
            .chain(&e.cues)
            .chain(&e.sides)
            .chain(&e.equipment)
            .chain(&e.safety);
        for t in texts {
            assert!(!t.chars().any(char::is_control), "{t:?}");
        }
    }
    for r in &lib.routines {
        for t in [&r.id, &r.name, &r.description].into_iter().chain(&r.safety) {
            assert!(!t.chars().any(char::is_control), "{t:?}");
        }
    }
}
