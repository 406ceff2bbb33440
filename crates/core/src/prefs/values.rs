//! The kinds of value a preference takes beyond numbers and lengths: colours, theme and
//! background (with the contrast arithmetic the themes are checked by), and the voice.
//! Part of [`crate::prefs`]; pure.

use std::fmt;
/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Colors {
    /// Colour when the output is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}

impl fmt::Display for Colors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Colors::Auto => "auto",
            Colors::Always => "always",
            Colors::Never => "never",
        })
    }
}

/// Which background the colours are chosen for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// The background the terminal reports (OSC 11); dark when it does not say.
    #[default]
    Auto,
    Dark,
    Light,
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Theme::Auto => "auto",
            Theme::Dark => "dark",
            Theme::Light => "light",
        })
    }
}

/// The terminal's background, as reported or chosen: what the screen's colours must
/// read against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Background {
    #[default]
    Dark,
    Light,
}

impl Background {
    /// Light when the colour's relative luminance (sRGB, 0 to 1) is above the middle
    /// grey's, where black and white text read equally well.
    pub fn of_rgb(r: u8, g: u8, b: u8) -> Background {
        if relative_luminance(r, g, b) > 0.179 {
            Background::Light
        } else {
            Background::Dark
        }
    }
}

/// WCAG 2's relative luminance of an sRGB colour, 0 (black) to 1 (white).
pub fn relative_luminance(r: u8, g: u8, b: u8) -> f64 {
    fn channel(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// WCAG 2's contrast ratio of two sRGB colours, 1 (the same) to 21 (black on white).
pub fn contrast_ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let la = relative_luminance(a.0, a.1, a.2);
    let lb = relative_luminance(b.0, b.1, b.2);
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Whether and how cues are spoken.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Voice {
    /// The desktop's speech engine when there is one (speech-dispatcher, espeak-ng,
    /// espeak, macOS `say`); silent with a note when there is none.
    #[default]
    Auto,
    Off,
    /// A command of the person's own, split at spaces; the phrase is its last argument.
    Command(String),
}

impl fmt::Display for Voice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Voice::Auto => f.write_str("auto"),
            Voice::Off => f.write_str("off"),
            Voice::Command(command) => f.write_str(command),
        }
    }
}
