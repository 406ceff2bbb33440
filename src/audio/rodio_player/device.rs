//! Device and format choice: the default output device, in the clips' own format when it
//! takes it (else its default), the clips converted to that format once, and opening a
//! stream on it with the mixer as its callback. Nothing here runs while a cue plays.
//!
//! rodio decodes the sounds (see `audio::sounds`) and converts them here; the stream is
//! cpal's (re-exported by rodio).

use std::num::NonZero;
use std::sync::Arc;
use std::sync::mpsc::{self, Sender};
use std::time::Duration;

use rodio::buffer::SamplesBuffer;
use rodio::cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use rodio::cpal::{self, BufferSize};
use rodio::source::UniformSourceIterator;

use super::mixer::{Mix, Voice};
use super::thread::Command;
use super::{NO_DEVICE, PERIOD, Shared};
use crate::audio::sounds::{Playable, Samples};
use crate::cue::Sound;

/// The output format the clips need: the most channels and the highest rate among them
/// (the built-in sounds are 22,050 Hz mono).
fn format_for(clips: &[Playable]) -> (u16, u32) {
    let channels = clips.iter().map(|c| c.channels).max().unwrap_or(1).max(1);
    let rate = clips.iter().map(|c| c.sample_rate).max().unwrap_or(22_050);
    (channels, rate)
}

/// The device's configuration for exactly `want` (channels, rate), preferring f32
/// samples; `None` if it offers none, and then its default is used.
///
/// Why: the callback does work for every sample while the device is open (a few
/// seconds around each cue). At the clips' own 22,050 Hz mono that is a quarter of the
/// samples of 48 kHz stereo, and the clips need no conversion.
fn exact_config(device: &cpal::Device, want: (u16, u32)) -> Option<cpal::SupportedStreamConfig> {
    let (channels, rate) = want;
    let mut fits: Vec<_> = device
        .supported_output_configs()
        .ok()?
        .filter(|r| {
            r.channels() == channels && r.min_sample_rate() <= rate && rate <= r.max_sample_rate()
        })
        .collect();
    fits.sort_by_key(|r| r.sample_format() != cpal::SampleFormat::F32);
    fits.into_iter().next().map(|r| r.with_sample_rate(rate))
}

/// `clip`'s samples in `channels` × `rate` (the same samples, not a copy, if it already
/// is), cut to whole frames. rodio does the channel mapping and resampling, once per device.
fn convert(clip: &Playable, channels: u16, rate: u32) -> Samples {
    if clip.channels == channels && clip.sample_rate == rate {
        return clip.samples.clone();
    }
    let (Some(from_channels), Some(from_rate), Some(to_channels), Some(to_rate)) = (
        NonZero::new(clip.channels),
        NonZero::new(clip.sample_rate),
        NonZero::new(channels),
        NonZero::new(rate),
    ) else {
        return Samples::Decoded(Arc::from([]));
    };
    let source = SamplesBuffer::new(from_channels, from_rate, clip.samples.to_vec());
    let mut samples: Vec<f32> = UniformSourceIterator::new(source, to_channels, to_rate).collect();
    samples.truncate(samples.len() - samples.len() % usize::from(channels));
    Samples::Decoded(samples.into())
}

/// The device and how to feed it: found once, kept while it works.
pub(super) struct Target {
    device: cpal::Device,
    config: cpal::SupportedStreamConfig,
    /// The clips in the device's format, in [`Sound::ALL`] order.
    pub(super) clips: [Samples; Sound::COUNT],
}

impl Target {
    /// The default output device, in the clips' own format if it takes it (else its
    /// default), with the clips converted to that format.
    pub(super) fn find(clips: &[Playable; Sound::COUNT]) -> Result<Target, String> {
        let device = cpal::default_host()
            .default_output_device()
            .ok_or_else(|| NO_DEVICE.to_owned())?;
        let config = match exact_config(&device, format_for(clips)) {
            Some(config) => config,
            None => device
                .default_output_config()
                .map_err(|_| NO_DEVICE.to_owned())?,
        };
        let clips = clips
            .each_ref()
            .map(|c| convert(c, config.channels(), config.sample_rate()));
        Ok(Target {
            device,
            config,
            clips,
        })
    }

    /// How long `samples` of this device's format last.
    pub(super) fn length(&self, samples: usize) -> Duration {
        let per_second = f64::from(self.config.sample_rate()) * f64::from(self.config.channels());
        Duration::from_secs_f64(samples as f64 / per_second.max(1.0))
    }

    /// Opens a stream with a short period (the device's default if it refuses one) whose
    /// callback plays what is sent on the returned channel. `lost` hears of fatal errors,
    /// tagged with `number`.
    pub(super) fn open(
        &self,
        shared: &Arc<Shared>,
        lost: &Sender<Command>,
        number: u32,
    ) -> Result<Stream, String> {
        let rate = self.config.sample_rate();
        let period = ((f64::from(rate) * PERIOD.as_secs_f64()) as u32 & !1).max(64);
        let mut last_error = NO_DEVICE.to_owned();
        for buffer_size in [BufferSize::Fixed(period), BufferSize::Default] {
            let stream_config = cpal::StreamConfig {
                channels: self.config.channels(),
                sample_rate: rate,
                buffer_size,
            };
            let (voices, incoming) = mpsc::channel();
            let mix = Mix::new(incoming, Arc::clone(shared), &stream_config);
            match self.build(stream_config, mix, on_error(shared, lost, number)) {
                Ok(stream) if stream.play().is_ok() => {
                    return Ok(Stream {
                        _stream: stream,
                        voices,
                        number,
                    });
                }
                Ok(_) => last_error = NO_DEVICE.to_owned(),
                Err(e) => last_error = e,
            }
        }
        Err(last_error)
    }

    /// The stream for the device's sample format, with `mix` as its callback.
    fn build(
        &self,
        config: cpal::StreamConfig,
        mix: Mix,
        on_error: impl FnMut(cpal::Error) + Send + 'static,
    ) -> Result<cpal::Stream, String> {
        macro_rules! build {
            ($($format:ident => $sample:ty),* $(,)?) => {
                match self.config.sample_format() {
                    $(cpal::SampleFormat::$format => {
                        let mut mix = mix;
                        self.device.build_output_stream::<$sample, _, _>(
                            config,
                            move |out: &mut [$sample], info: &cpal::OutputCallbackInfo| {
                                let t = info.timestamp();
                                // What the device says it has queued; a wild figure is not believed.
                                let ahead = t.playback.duration_since(t.callback).min(Duration::from_secs(1));
                                mix.fill(out, ahead)
                            },
                            on_error,
                            None,
                        )
                    })*
                    other => return Err(format!("{NO_DEVICE} (sample format {other})")),
                }
            };
        }
        let stream = build!(
            F32 => f32, F64 => f64, I8 => i8, I16 => i16, I24 => cpal::I24, I32 => i32,
            I64 => i64, U8 => u8, U16 => u16, U24 => cpal::U24, U32 => u32, U64 => u64,
        );
        stream.map_err(|_| NO_DEVICE.to_owned())
    }
}

/// The device's error callback: counts every error; a fatal one tells the audio thread.
fn on_error(
    shared: &Arc<Shared>,
    lost: &Sender<Command>,
    number: u32,
) -> impl FnMut(cpal::Error) + Send + 'static {
    let shared = Arc::clone(shared);
    let lost = lost.clone();
    move |err: cpal::Error| {
        shared.stats().device_errors += 1;
        match err.kind() {
            cpal::ErrorKind::Xrun | cpal::ErrorKind::DeviceChanged => {}
            _ => {
                let _ = lost.send(Command::Lost(Some(number)));
            }
        }
    }
}

/// An open stream: dropping it stops the device.
pub(super) struct Stream {
    _stream: cpal::Stream,
    /// Cues for the callback.
    pub(super) voices: Sender<Voice>,
    /// Which opening this is, to match the device's error reports.
    pub(super) number: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clip(channels: u16, sample_rate: u32, samples: Vec<f32>) -> Playable {
        Playable {
            channels,
            sample_rate,
            samples: Samples::Decoded(Arc::from(samples)),
        }
    }

    #[test]
    fn the_device_format_is_what_the_clips_need_and_no_more() {
        let clip = |channels, rate| clip(channels, rate, vec![0.0; 4]);
        assert_eq!(format_for(&[clip(1, 22_050), clip(1, 22_050)]), (1, 22_050));
        // A person's own stereo 44.1 kHz sound raises both.
        assert_eq!(format_for(&[clip(1, 22_050), clip(2, 44_100)]), (2, 44_100));
        assert_eq!(format_for(&[clip(2, 8_000), clip(1, 48_000)]), (2, 48_000));
        assert_eq!(format_for(&[]), (1, 22_050));
        assert_eq!(format_for(&[clip(0, 22_050)]), (1, 22_050));
    }

    #[test]
    fn clips_already_in_the_device_format_are_shared_and_others_converted() {
        let mono = clip(
            1,
            22_050,
            (0..2_205).map(|i| (i as f32 / 100.0).sin()).collect(),
        );
        let same = convert(&mono, 1, 22_050);
        let (Samples::Decoded(same), Samples::Decoded(kept)) = (&same, &mono.samples) else {
            panic!("decoded samples stay decoded");
        };
        assert!(Arc::ptr_eq(same, kept), "no copy");
        // A built-in sound already in the device's format stays where the binary holds it.
        let chime = Playable::built_in(Sound::StepEnd);
        let kept = convert(&chime, chime.channels, chime.sample_rate);
        let (Samples::Pcm16(kept), Samples::Pcm16(chime)) = (&kept, &chime.samples) else {
            panic!("a built-in sound in the device's format is not decoded");
        };
        assert!(std::ptr::eq(*kept, *chime), "no copy");

        // 0.1 s of mono at 22,050 Hz is 0.1 s of stereo at 44,100 Hz: 4 times the samples,
        // in whole frames, both channels alike.
        let stereo = convert(&mono, 2, 44_100).to_vec();
        assert_eq!(stereo.len() % 2, 0);
        assert!(
            stereo.len().abs_diff(4 * 2_205) <= 8,
            "{} samples",
            stereo.len()
        );
        assert!(stereo.chunks(2).all(|f| f[0] == f[1]));
        let peak = stereo.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!(peak > 0.9 && peak <= 1.01, "peak {peak}");

        let odd = convert(&clip(2, 8_000, vec![0.5; 7]), 2, 8_000);
        assert_eq!(odd.len(), 7, "same format: untouched");
        assert!(convert(&clip(0, 8_000, vec![0.5; 4]), 1, 8_000).is_empty());
    }
}
