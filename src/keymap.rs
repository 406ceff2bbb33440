//! Keys to messages: one table, used by the terminal loop and by the tests. Only key
//! presses count (not repeats' releases). What a key means depends on where the person
//! is: typing a filter, answering a y/n question, in the menu, a session or the summary.
//! Pure: no terminal I/O (crossterm's key types are plain data).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::{App, Msg, Screen};

/// Where keys are going.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Menu,
    /// Typing into the menu's filter: letters are text.
    Typing,
    /// A y/n question is on screen.
    Question,
    Session,
    Summary,
}

use Context::{Menu as M, Question as Q, Session as S, Summary as U, Typing as T};

const EVERYWHERE: &[Context] = &[M, T, Q, S, U];
const NOT_TYPING: &[Context] = &[M, Q, S, U];
const LISTS: &[Context] = &[M, T];

/// The table: in these contexts, this key (without Ctrl) is this message.
const TABLE: &[(&[Context], KeyCode, Msg)] = &[
    (LISTS, KeyCode::Up, Msg::Up),
    (LISTS, KeyCode::Down, Msg::Down),
    (&[M], KeyCode::Char('k'), Msg::Up),
    (&[M], KeyCode::Char('j'), Msg::Down),
    (&[M], KeyCode::PageUp, Msg::PageUp),
    (&[M], KeyCode::PageDown, Msg::PageDown),
    (&[M], KeyCode::Char('/'), Msg::Filter),
    (&[T], KeyCode::Backspace, Msg::Backspace),
    (EVERYWHERE, KeyCode::Enter, Msg::Enter),
    (EVERYWHERE, KeyCode::Esc, Msg::Cancel),
    (NOT_TYPING, KeyCode::Char('q'), Msg::Quit),
    (NOT_TYPING, KeyCode::Char('Q'), Msg::Quit),
    (&[M, S, U], KeyCode::Char('?'), Msg::Help),
    (&[M, S], KeyCode::Char('m'), Msg::Mute),
    (&[M, S], KeyCode::Char('['), Msg::VolumeDown),
    (&[M, S], KeyCode::Char(']'), Msg::VolumeUp),
    (&[Q], KeyCode::Char('y'), Msg::Yes),
    (&[Q], KeyCode::Char('Y'), Msg::Yes),
    (&[Q], KeyCode::Char('n'), Msg::No),
    (&[Q], KeyCode::Char('N'), Msg::No),
    (&[S], KeyCode::Char(' '), Msg::TogglePause),
    (&[S], KeyCode::Char('n'), Msg::Skip),
    (&[S], KeyCode::Right, Msg::Skip),
    (&[S], KeyCode::Char('p'), Msg::Previous),
    (&[S], KeyCode::Left, Msg::Previous),
    (&[S], KeyCode::Char('r'), Msg::Restart),
    (&[S], KeyCode::Char('+'), Msg::Longer),
    (&[S], KeyCode::Char('='), Msg::Longer),
    (&[S], KeyCode::Char('-'), Msg::Shorter),
    (&[S], KeyCode::Char('x'), Msg::Hurts),
];

/// The context the app is in now.
pub fn context(app: &App) -> Context {
    if app.is_asking() {
        return Context::Question;
    }
    match &app.screen {
        Screen::Menu(m) if m.filtering => Context::Typing,
        Screen::Menu(_) => Context::Menu,
        Screen::Session(_) => Context::Session,
        Screen::Summary(_) => Context::Summary,
    }
}

/// The message for a key in a context; `None` for keys that mean nothing there.
pub fn msg_for(key: KeyEvent, ctx: Context) -> Option<Msg> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') => Some(Msg::Interrupt),
            KeyCode::Char('z') => Some(Msg::Suspend),
            _ => None,
        };
    }
    if key.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    if ctx == Context::Typing
        && let KeyCode::Char(c) = key.code
    {
        return Some(Msg::Char(c));
    }
    TABLE
        .iter()
        .find(|(contexts, code, _)| *code == key.code && contexts.contains(&ctx))
        .map(|(_, _, msg)| *msg)
}

/// The message for a key given the app's state.
pub fn msg_for_app(key: KeyEvent, app: &App) -> Option<Msg> {
    msg_for(key, context(app))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn the_same_key_means_different_things_by_context() {
        let n = key(KeyCode::Char('n'));
        assert_eq!(msg_for(n, Context::Session), Some(Msg::Skip));
        assert_eq!(msg_for(n, Context::Question), Some(Msg::No));
        assert_eq!(msg_for(n, Context::Typing), Some(Msg::Char('n')));
        assert_eq!(msg_for(n, Context::Menu), None);
        let q = key(KeyCode::Char('q'));
        assert_eq!(msg_for(q, Context::Typing), Some(Msg::Char('q')));
        assert_eq!(msg_for(q, Context::Session), Some(Msg::Quit));
    }

    #[test]
    fn ctrl_keys_and_releases() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for ctx in [Context::Menu, Context::Typing, Context::Session] {
            assert_eq!(msg_for(ctrl_c, ctx), Some(Msg::Interrupt));
        }
        let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
        assert_eq!(msg_for(ctrl_z, Context::Session), Some(Msg::Suspend));
        let mut release = key(KeyCode::Char(' '));
        release.kind = KeyEventKind::Release;
        assert_eq!(msg_for(release, Context::Session), None);
        assert_eq!(
            msg_for(key(KeyCode::Char(' ')), Context::Session),
            Some(Msg::TogglePause)
        );
        assert_eq!(
            msg_for(key(KeyCode::Left), Context::Session),
            Some(Msg::Previous)
        );
    }
}
