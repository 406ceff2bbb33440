//! Writing a figure's SVG (`backease show --svg DIR`): put in place whole (written beside,
//! then renamed), and never over a file that is not an SVG this command could have
//! written. Errors come back as a sentence naming the file.

use std::path::Path;

use super::atomic::write_atomic;

/// Writes `doc` to `path`; an existing file there is replaced only when it is an SVG.
pub fn write_svg(path: &Path, doc: &str) -> Result<(), String> {
    let shown = || crate::text::escape(&path.display().to_string()).into_owned();
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        let svg = meta.is_file()
            && std::fs::read(path)
                .map(|b| b.starts_with(b"<svg") || b.starts_with(b"<?xml"))
                .unwrap_or(false);
        if !svg {
            return Err(format!(
                "{} exists and is not an SVG picture; not replaced",
                shown()
            ));
        }
    }
    write_atomic(path, doc.as_bytes()).map_err(|e| format!("cannot write {}: {e}", shown()))
}
