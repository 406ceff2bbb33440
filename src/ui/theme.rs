//! Colours and emphasis, one palette per background. Plain text uses the terminal's own
//! foreground and background; colour is an accent (the phase, the keys, the gauge), taken
//! from the palette for the background the terminal has ([`Background`]: reported by the
//! terminal or chosen with the `theme` preference), so that every pair of colours on the
//! screen reads (WCAG AA: 4.5:1 for text, 3:1 for the big digits and the shades) on a
//! dark and on a light terminal alike. The colours are xterm's 256-colour cube and grey
//! ramp, whose values are fixed (unlike the 16 named colours, which each terminal paints
//! its own way, and which a bold face turns bright), so the contrast is known and tested
//! ([`rgb`], [`Theme::styles`]). With colour off (`NO_COLOR`) only bold, dim and reverse
//! remain. Pure: never asks the terminal anything (that is `tui::background`).

use ratatui::style::{Color, Modifier, Style};

pub use crate::prefs::Background;
use crate::session::Phase;

/// How to paint; `color: false` means no colours at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    /// The background the colours are chosen for.
    pub background: Background,
}

/// One background's colours, as xterm 256-colour indices. The one table of colours.
struct Palette {
    /// What this palette assumes of the terminal's own colours (its "reset"), for the
    /// contrast checks: a slightly grey background on either side, to leave a margin.
    ground: u8,
    text: u8,
    get_ready: u8,
    hold: u8,
    rest: u8,
    switch_sides: u8,
    alarm: u8,
    wait: u8,
    /// Paused, and the quieter text (hints' separators, remarks).
    quiet: u8,
    /// Keys in hints.
    key: u8,
    /// Safety notes, questions, skipped.
    warning: u8,
    done: u8,
    /// The calendar's shades: a little done, and a lot.
    shade_some: u8,
    shade_much: u8,
}

const DARK: Palette = Palette {
    ground: 234,       // #1c1c1c
    text: 252,         // #d0d0d0
    get_ready: 220,    // #ffd700 gold
    hold: 77,          // #5fd75f green
    rest: 75,          // #5fafff blue
    switch_sides: 213, // #ff87ff magenta
    alarm: 203,        // #ff5f5f red
    wait: 80,          // #5fd7d7 cyan
    quiet: 246,        // #949494 grey
    key: 80,           // #5fd7d7 cyan
    warning: 220,      // #ffd700 gold
    done: 77,          // #5fd75f green
    shade_some: 34,    // #00af00
    shade_much: 119,   // #87ff5f
};

const LIGHT: Palette = Palette {
    ground: 255,       // #eeeeee
    text: 16,          // #000000
    get_ready: 94,     // #875f00 dark amber
    hold: 22,          // #005f00 dark green
    rest: 25,          // #005faf blue
    switch_sides: 127, // #af00af magenta
    alarm: 124,        // #af0000 red
    wait: 24,          // #005f87 teal
    quiet: 241,        // #626262 grey
    key: 24,           // #005f87 teal
    warning: 94,       // #875f00 dark amber
    done: 22,          // #005f00 dark green
    shade_some: 28,    // #008700
    shade_much: 22,    // #005f00
};

impl Theme {
    /// Colour for a dark background, or none.
    pub fn new(color: bool, background: Background) -> Theme {
        Theme { color, background }
    }

    fn palette(&self) -> &'static Palette {
        match self.background {
            Background::Dark => &DARK,
            Background::Light => &LIGHT,
        }
    }

    fn fg(&self, pick: fn(&Palette) -> u8) -> Style {
        if self.color {
            Style::new().fg(Color::Indexed(pick(self.palette())))
        } else {
            Style::new()
        }
    }

    /// The colour that says which phase is on.
    pub fn phase_color(&self, phase: Phase, paused: bool) -> Style {
        if paused {
            return self.fg(|p| p.quiet);
        }
        match phase {
            Phase::GetReady => self.fg(|p| p.get_ready),
            Phase::Hold | Phase::OpenHold => self.fg(|p| p.hold),
            Phase::Rest => self.fg(|p| p.rest),
            Phase::SwitchSides => self.fg(|p| p.switch_sides),
            Phase::Alarm => self.fg(|p| p.alarm),
            Phase::WaitForUser => self.fg(|p| p.wait),
            Phase::Finished => Style::new(),
        }
    }

    /// The phase in words and the big digits: colour and bold.
    pub fn phase(&self, phase: Phase, paused: bool) -> Style {
        self.phase_color(phase, paused).add_modifier(Modifier::BOLD)
    }

    /// A band that must be seen (alarm, step end): reverse video, bold.
    pub fn band(&self, phase: Phase) -> Style {
        self.phase_color(phase, false)
            .add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Quieter text. A grey of known contrast with colour; the terminal's faint face
    /// (whose colour no one can tell in advance) without.
    pub fn dim(&self) -> Style {
        if self.color {
            self.fg(|p| p.quiet)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// Keys in the footer.
    pub fn key(&self) -> Style {
        self.fg(|p| p.key).add_modifier(Modifier::BOLD)
    }

    /// Safety notes.
    pub fn warning(&self) -> Style {
        self.fg(|p| p.warning).add_modifier(Modifier::BOLD)
    }

    /// The cursor in a list.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// A question waiting for y/n.
    pub fn question(&self) -> Style {
        self.fg(|p| p.warning)
            .add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn done(&self) -> Style {
        self.fg(|p| p.done)
    }

    pub fn skipped(&self) -> Style {
        self.fg(|p| p.warning)
    }

    pub fn painful(&self) -> Style {
        self.fg(|p| p.alarm).add_modifier(Modifier::BOLD)
    }

    /// A calendar day's shade, 0 (nothing done) to 4 (a lot): the glyph carries the
    /// level, the colour only helps.
    pub fn shade(&self, level: usize) -> Style {
        if !self.color {
            return Style::new();
        }
        match level {
            0 => self.dim(),
            1 | 2 => self.fg(|p| p.shade_some),
            _ => self.fg(|p| p.shade_much),
        }
    }

    /// Every style this theme gives, named, with the contrast it must reach: 4.5 for
    /// text, 3 for the big digits, bands and shades (large or non-text marks). What the
    /// contrast tests walk.
    pub fn styles(&self) -> Vec<(String, Style, f64)> {
        const TEXT: f64 = 4.5;
        const LARGE: f64 = 3.0;
        let phases = [
            Phase::GetReady,
            Phase::Hold,
            Phase::OpenHold,
            Phase::Rest,
            Phase::SwitchSides,
            Phase::Alarm,
            Phase::WaitForUser,
            Phase::Finished,
        ];
        let mut all = Vec::new();
        for phase in phases {
            for paused in [false, true] {
                let name = format!("{phase:?}{}", if paused { " paused" } else { "" });
                all.push((
                    format!("phase_color {name}"),
                    self.phase_color(phase, paused),
                    TEXT,
                ));
                all.push((format!("phase {name}"), self.phase(phase, paused), TEXT));
            }
            all.push((format!("band {phase:?}"), self.band(phase), TEXT));
        }
        for (name, style) in [
            ("title", self.title()),
            ("dim", self.dim()),
            ("key", self.key()),
            ("warning", self.warning()),
            (
                "warning reversed",
                self.warning().add_modifier(Modifier::REVERSED),
            ),
            ("selected", self.selected()),
            ("question", self.question()),
            ("done", self.done()),
            ("skipped", self.skipped()),
            ("painful", self.painful()),
        ] {
            all.push((name.to_string(), style, TEXT));
        }
        for level in 0..=4 {
            all.push((format!("shade {level}"), self.shade(level), LARGE));
        }
        all
    }

    /// The text and background colours a style gives, as sRGB, with the terminal's own
    /// colours ("reset") taken as this palette assumes them and reverse video applied.
    pub fn pair(&self, style: Style) -> ((u8, u8, u8), (u8, u8, u8)) {
        let p = self.palette();
        let resolve = |c: Option<Color>, default: u8| match c {
            None | Some(Color::Reset) => Some(rgb(default)),
            Some(Color::Indexed(i)) => Some(rgb(i)),
            Some(Color::Rgb(r, g, b)) => Some((r, g, b)),
            // A named colour: each terminal paints it its own way.
            Some(_) => None,
        };
        let fg = resolve(style.fg, p.text);
        let bg = resolve(style.bg, p.ground);
        let (Some(fg), Some(bg)) = (fg, bg) else {
            // Unknown: report the worst, so a test names the style.
            return ((0, 0, 0), (0, 0, 0));
        };
        if style.add_modifier.contains(Modifier::REVERSED) {
            (bg, fg)
        } else {
            (fg, bg)
        }
    }
}

/// The sRGB value of an xterm 256-colour index from 16 up (the 6×6×6 cube and the grey
/// ramp: the same in xterm, VTE, kitty, iTerm2, tmux and the rest); the first 16 are the
/// terminal's own and given as xterm's defaults.
pub fn rgb(index: u8) -> (u8, u8, u8) {
    const SYSTEM: [(u8, u8, u8); 16] = [
        (0, 0, 0),
        (205, 0, 0),
        (0, 205, 0),
        (205, 205, 0),
        (0, 0, 238),
        (205, 0, 205),
        (0, 205, 205),
        (229, 229, 229),
        (127, 127, 127),
        (255, 0, 0),
        (0, 255, 0),
        (255, 255, 0),
        (92, 92, 255),
        (255, 0, 255),
        (0, 255, 255),
        (255, 255, 255),
    ];
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match index {
        0..=15 => SYSTEM[usize::from(index)],
        16..=231 => {
            let i = usize::from(index - 16);
            (LEVELS[i / 36], LEVELS[i / 6 % 6], LEVELS[i % 6])
        }
        _ => {
            let v = 8 + 10 * (index - 232);
            (v, v, v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prefs::contrast_ratio;

    #[test]
    fn contrast_is_wcags() {
        assert!((contrast_ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio((255, 255, 255), (0, 0, 0)) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio((119, 119, 119), (119, 119, 119)) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1, just AA.
        let grey = contrast_ratio((0x76, 0x76, 0x76), (255, 255, 255));
        assert!((grey - 4.54).abs() < 0.01, "{grey}");
    }

    #[test]
    fn the_cube_and_the_ramp_are_xterms() {
        assert_eq!(rgb(16), (0, 0, 0));
        assert_eq!(rgb(231), (255, 255, 255));
        assert_eq!(rgb(220), (255, 215, 0));
        assert_eq!(rgb(24), (0, 95, 135));
        assert_eq!(rgb(232), (8, 8, 8));
        assert_eq!(rgb(255), (238, 238, 238));
    }

    /// Every style of both themes reads against the background that theme is for:
    /// the white on yellow, yellow on white and cyan keys on white fail this.
    #[test]
    fn every_style_reads_on_its_background() {
        let mut failures = Vec::new();
        for background in [Background::Dark, Background::Light] {
            let theme = Theme::new(true, background);
            let styles = theme.styles();
            assert!(styles.len() > 40, "{background:?}: {} styles", styles.len());
            for (name, style, least) in styles {
                let (fg, bg) = theme.pair(style);
                let ratio = contrast_ratio(fg, bg);
                if ratio < least {
                    failures.push(format!(
                        "{background:?} {name}: {fg:?} on {bg:?} is {ratio:.2}:1, below {least}:1"
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// The old theme (the named colours, painted as xterm paints them) fails on a white
    /// background: the check above can tell.
    #[test]
    fn named_yellow_on_white_is_caught() {
        let white = rgb(15);
        assert!(contrast_ratio(rgb(11), white) < 4.5, "bright yellow");
        assert!(contrast_ratio(rgb(3), white) < 4.5, "yellow");
        assert!(contrast_ratio(rgb(6), white) < 4.5, "cyan");
        let theme = Theme::new(true, Background::Light);
        let named = Style::new().fg(Color::Yellow);
        assert_eq!(
            theme.pair(named),
            ((0, 0, 0), (0, 0, 0)),
            "unknown is worst"
        );
    }

    #[test]
    fn the_palettes_differ_and_no_colour_has_none() {
        let dark = Theme::new(true, Background::Dark);
        let light = Theme::new(true, Background::Light);
        assert_ne!(
            dark.phase_color(Phase::GetReady, false),
            light.phase_color(Phase::GetReady, false)
        );
        for background in [Background::Dark, Background::Light] {
            for (name, style, _) in Theme::new(false, background).styles() {
                assert_eq!(style.fg, None, "{name}");
                assert_eq!(style.bg, None, "{name}");
            }
        }
    }
}
