//! The file a running session's state is kept in: two slots of the same size, written
//! in turn, in place. A save rewrites the slot that does not hold the newest state with
//! one `pwrite` into space the file already has (no new file, no rename, no directory
//! change; on a full disk it still goes in), so the one that does is never touched: a
//! `kill -9` (or a power cut) in the middle of a save leaves a slot whose checksum does
//! not match, and the reader takes the other one, the state saved before.
//!
//! Each slot is text: a header line, the state as RON, then spaces up to the slot's end
//! and a line break:
//!
//! ```text
//! // backease session state · seq 00000000000000000007 · len 0000000812 · crc32 5a1f03c2
//! // backease: a session, kept until it is recorded and cannot be resumed
//! (routine: "five_stretches", …)
//! ```
//!
//! `seq` counts the saves (the newer slot has the larger one), `len` is the length of the
//! RON text after the header line and `crc32` (IEEE) covers `seq`, `len` and that text.
//! The file is twice the slot size; a slot is a whole number of 4 KiB pages, at least
//! twice the state's size, so a state that grows a little still fits. One that no longer
//! fits makes a new file with larger slots, written whole and renamed over the old one
//! ([`super::atomic::write_atomic`]). A file that does not begin with the header is read
//! whole as RON: the state files of earlier versions.
//!
//! Pure encoding and decoding, plus [`StateFile`], the one open file a run writes to.
//! Nothing here knows what a session is.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::Path;

use super::atomic::{write_atomic, write_atomic_unsynced};

/// How every slot begins.
pub const MAGIC: &[u8] = "// backease session state · seq ".as_bytes();
/// Slots are a whole number of these.
const PAGE: usize = 4096;

/// A slot's header line (fixed width, so the same for every save).
fn header(seq: u64, len: usize, crc: u32) -> String {
    format!(
        "{}{seq:020} · len {len:010} · crc32 {crc:08x}\n",
        String::from_utf8_lossy(MAGIC)
    )
}

/// The length of every header line.
fn header_len() -> usize {
    header(0, 0, 0).len()
}

/// The checksum of a slot: its `seq`, its `len` and its text.
fn checksum(seq: u64, body: &[u8]) -> u32 {
    let mut crc = Crc32::new();
    crc.update(&seq.to_le_bytes());
    crc.update(&(body.len() as u64).to_le_bytes());
    crc.update(body);
    crc.finish()
}

/// The slot size for a state of `len` bytes: room for it twice, in whole pages.
pub fn slot_size_for(len: usize) -> usize {
    ((header_len() + len + 1) * 2)
        .max(PAGE)
        .next_multiple_of(PAGE)
}

/// Slot `seq` holding `body`, `size` bytes long; `None` if it does not fit.
pub fn encode_slot(seq: u64, body: &[u8], size: usize) -> Option<Vec<u8>> {
    let head = header(seq, body.len(), checksum(seq, body));
    let used = head.len() + body.len();
    if used >= size {
        return None;
    }
    let mut slot = Vec::with_capacity(size);
    slot.extend_from_slice(head.as_bytes());
    slot.extend_from_slice(body);
    slot.resize(size - 1, b' ');
    slot.push(b'\n');
    Some(slot)
}

/// A slot that holds nothing yet: spaces and a line break (its space is taken all the
/// same, so the first save into it needs none).
fn empty_slot(size: usize) -> Vec<u8> {
    let mut slot = vec![b' '; size - 1];
    slot.push(b'\n');
    slot
}

/// A whole new file: `body` in slot 0 as save `seq`, slot 1 empty.
pub fn encode_file(seq: u64, body: &[u8]) -> Vec<u8> {
    let size = slot_size_for(body.len());
    let mut bytes = encode_slot(seq, body, size).unwrap_or_default();
    bytes.extend(empty_slot(size));
    bytes
}

/// What a state file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contents<'a> {
    /// The newest whole slot: its text, save number and index (0 or 1).
    Slot {
        body: &'a [u8],
        seq: u64,
        slot: usize,
    },
    /// A file of an earlier version: all of it is the state.
    Whole(&'a [u8]),
    /// Slots, but neither holds a whole state (both torn or damaged).
    Damaged,
}

/// Reads a state file's bytes (see the module doc).
pub fn decode(bytes: &[u8]) -> Contents<'_> {
    let size = bytes.len() / 2;
    let slotted = bytes.starts_with(MAGIC)
        || (bytes.len().is_multiple_of(2)
            && bytes.get(size..).is_some_and(|b| b.starts_with(MAGIC)));
    if !slotted {
        return Contents::Whole(bytes);
    }
    if !bytes.len().is_multiple_of(2) {
        return Contents::Damaged;
    }
    (0..2)
        .filter_map(|slot| {
            let (seq, body) = decode_slot(&bytes[slot * size..(slot + 1) * size])?;
            Some(Contents::Slot { body, seq, slot })
        })
        .max_by_key(|c| match c {
            Contents::Slot { seq, .. } => *seq,
            _ => 0,
        })
        .unwrap_or(Contents::Damaged)
}

/// One slot's save number and text, if it is whole.
fn decode_slot(slot: &[u8]) -> Option<(u64, &[u8])> {
    let head = std::str::from_utf8(slot.get(..header_len())?).ok()?;
    let rest = head.strip_prefix(std::str::from_utf8(MAGIC).ok()?)?;
    let (seq, rest) = rest.split_once(" · len ")?;
    let (len, rest) = rest.split_once(" · crc32 ")?;
    let crc = rest.strip_suffix('\n')?;
    let seq: u64 = seq.parse().ok()?;
    let len: usize = len.parse().ok()?;
    let crc = u32::from_str_radix(crc, 16).ok()?;
    let body = slot.get(header_len()..header_len().checked_add(len)?)?;
    (checksum(seq, body) == crc).then_some((seq, body))
}

/// A run's state file, open for its saves (the run holds its lock meanwhile).
#[derive(Debug)]
pub struct StateFile {
    file: File,
    size: usize,
    /// The number of the last save written.
    seq: u64,
    /// The slot the next save goes to: the one not holding the newest state. It changes
    /// only once a save went in whole, so a failed save is retried in the same slot.
    next: usize,
}

impl StateFile {
    /// Writes a whole new state file at `path` (synced to disk or not) holding `body`,
    /// and opens it for the next saves.
    pub fn create(path: &Path, body: &[u8], synced: bool) -> io::Result<StateFile> {
        let bytes = encode_file(1, body);
        if synced {
            write_atomic(path, &bytes)?;
        } else {
            write_atomic_unsynced(path, &bytes)?;
        }
        let file = OpenOptions::new().write(true).open(path)?;
        Ok(StateFile {
            file,
            size: bytes.len() / 2,
            seq: 1,
            next: 1,
        })
    }

    /// Saves `body`: in place, in the slot that does not hold the newest state, then
    /// (when `synced`) waits for the disk. A state that no longer fits a slot makes a new
    /// file with larger slots ([`StateFile::create`]).
    pub fn save(&mut self, path: &Path, body: &[u8], synced: bool) -> io::Result<()> {
        let seq = self.seq + 1;
        let Some(slot) = encode_slot(seq, body, self.size) else {
            *self = StateFile::create(path, body, synced)?;
            return Ok(());
        };
        self.file
            .write_all_at(&slot, (self.next * self.size) as u64)?;
        if synced {
            self.file.sync_data()?;
        }
        self.seq = seq;
        self.next = 1 - self.next;
        Ok(())
    }
}

/// CRC-32 (IEEE 802.3, the one of zip and PNG), table-driven; the table is built at
/// compile time. A few lines rather than a crate for a few kilobytes every few seconds.
struct Crc32(u32);

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

impl Crc32 {
    fn new() -> Crc32 {
        Crc32(0xFFFF_FFFF)
    }

    fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = CRC_TABLE[((self.0 ^ u32::from(b)) & 0xFF) as usize] ^ (self.0 >> 8);
        }
    }

    fn finish(&self) -> u32 {
        !self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_is_crc32_ieee() {
        let mut crc = Crc32::new();
        crc.update(b"123456789");
        assert_eq!(crc.finish(), 0xCBF4_3926);
    }

    #[test]
    fn the_newest_whole_slot_is_read_and_a_torn_one_never() {
        let old = b"(step: 1)".as_slice();
        let new = b"(step: 2, longer)".as_slice();
        let file = encode_file(1, old);
        let size = file.len() / 2;
        assert_eq!(size, PAGE);
        assert_eq!(
            decode(&file),
            Contents::Slot {
                body: old,
                seq: 1,
                slot: 0
            }
        );
        let slot = encode_slot(2, new, size).expect("fits");
        // A save cut after every byte: the old state until the new one is whole.
        for n in 0..=slot.len() {
            let mut cut = file.clone();
            cut[size..size + n].copy_from_slice(&slot[..n]);
            let whole = cut[size..] == slot[..];
            let expected = if whole {
                Contents::Slot {
                    body: new,
                    seq: 2,
                    slot: 1,
                }
            } else {
                Contents::Slot {
                    body: old,
                    seq: 1,
                    slot: 0,
                }
            };
            assert_eq!(decode(&cut), expected, "cut at {n}");
        }
        // A byte flipped in the newer slot's text: the older one is read.
        let mut both = file.clone();
        both[size..].copy_from_slice(&slot);
        both[size + header_len() + 3] ^= 0x20;
        assert_eq!(
            decode(&both),
            Contents::Slot {
                body: old,
                seq: 1,
                slot: 0
            }
        );
        // Both damaged: said so, not taken for an older version's file.
        both[header_len() + 2] ^= 0x20;
        assert_eq!(decode(&both), Contents::Damaged);
        // An earlier version's file is read whole.
        assert_eq!(decode(b"(step: 1)"), Contents::Whole(b"(step: 1)"));
    }

    #[test]
    fn saves_take_the_slots_in_turn_and_a_failed_one_is_retried_in_the_same_slot() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("run.ron");
        let mut file = StateFile::create(&path, b"(one)", true).expect("create");
        let len = std::fs::metadata(&path).expect("meta").len();
        for (n, body) in [b"(two)", b"(3re)", b"(4ur)"].iter().enumerate() {
            file.save(&path, *body, n % 2 == 0).expect("save");
            let bytes = std::fs::read(&path).expect("read");
            let Contents::Slot {
                body: read,
                seq,
                slot,
            } = decode(&bytes)
            else {
                panic!("not slotted")
            };
            assert_eq!(
                (read, seq, slot),
                (body.as_slice(), n as u64 + 2, (n + 1) % 2)
            );
            // In place: the file neither grows nor is replaced.
            assert_eq!(bytes.len() as u64, len);
        }
        // A state too big for its slot: a new file with larger slots, read the same.
        let big = vec![b'x'; 3 * PAGE];
        file.save(&path, &big, false).expect("grow");
        let bytes = std::fs::read(&path).expect("read");
        assert!(matches!(decode(&bytes), Contents::Slot { body, .. } if body == big.as_slice()));
        file.save(&path, b"(small again)", false).expect("save");
        let bytes = std::fs::read(&path).expect("read");
        assert!(matches!(decode(&bytes), Contents::Slot { body, .. } if body == b"(small again)"));
        // A failed save leaves `next` where it was.
        let next = file.next;
        let seq = file.seq;
        file.file = OpenOptions::new()
            .read(true)
            .open(&path)
            .expect("read-only");
        assert!(file.save(&path, b"(lost)", false).is_err());
        assert_eq!((file.next, file.seq), (next, seq));
    }
}
