//! Colours and emphasis. Text uses the terminal's own foreground and background, so it
//! reads on dark and light themes alike; colour is only an accent (the phase, the
//! gauge). With colour off (`NO_COLOR`) only bold, dim and reverse remain. Pure.

use ratatui::style::{Color, Modifier, Style};

use crate::session::Phase;

/// How to paint; `color: false` means no colours at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// The colour that says which phase is on.
    pub fn phase_color(&self, phase: Phase, paused: bool) -> Style {
        if paused {
            return self.fg(Color::DarkGray);
        }
        self.fg(match phase {
            Phase::GetReady => Color::Yellow,
            Phase::Hold | Phase::OpenHold => Color::Green,
            Phase::Rest => Color::Blue,
            Phase::SwitchSides => Color::Magenta,
            Phase::Alarm => Color::Red,
            Phase::WaitForUser => Color::Cyan,
            Phase::Finished => Color::Reset,
        })
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

    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    /// Keys in the footer.
    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Safety notes.
    pub fn warning(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// The cursor in a list.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// A question waiting for y/n.
    pub fn question(&self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn done(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn skipped(&self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn painful(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
}
