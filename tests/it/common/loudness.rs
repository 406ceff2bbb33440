//! Loudness as a person hears it: ITU-R BS.1770-4 integrated loudness of mono samples
//! (K-weighting, 400 ms blocks every 100 ms, gates at -70 LUFS and 10 LU below). A clip
//! shorter than one block is measured as one block, the clip followed by silence up to
//! 400 ms (what ffmpeg's `ebur128` reports for the clip padded so). Used on the sound
//! files (`sound_levels`) and on recordings of them (`audio_session`). The meter is the
//! sound generator's (`examples/gen_sounds.rs`), which sets each sound's level with it: one
//! meter makes the sounds and checks them.

pub use super::gen_sounds::integrated_lufs;
