//! Keys to messages: one table, used by the terminal loop, by the tests, and by the help
//! overlay and footer hints ([`help`], [`hint`]), so what is shown is what the keys do. Only key
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

/// The table: in these contexts, this key (without Ctrl) is this message. Help and the
/// footer hints show the keys in this order (see [`keys`]).
const TABLE: &[(&[Context], KeyCode, Msg)] = &[
    (LISTS, KeyCode::Up, Msg::Up),
    (LISTS, KeyCode::Down, Msg::Down),
    (&[M], KeyCode::Char('j'), Msg::Down),
    (&[M], KeyCode::Char('k'), Msg::Up),
    (&[M], KeyCode::PageUp, Msg::PageUp),
    (&[M], KeyCode::PageDown, Msg::PageDown),
    (&[M], KeyCode::Char('/'), Msg::Filter),
    (&[T], KeyCode::Backspace, Msg::Backspace),
    (NOT_TYPING, KeyCode::Char('q'), Msg::Quit),
    (NOT_TYPING, KeyCode::Char('Q'), Msg::Quit),
    (EVERYWHERE, KeyCode::Enter, Msg::Enter),
    (EVERYWHERE, KeyCode::Esc, Msg::Cancel),
    (&[M, S, U], KeyCode::Char('?'), Msg::Help),
    (&[M, S], KeyCode::Char('m'), Msg::Mute),
    (&[M, S], KeyCode::Char('v'), Msg::Voice),
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

/// Keys that work but are not shown: the shifted twin of a letter, `=` for `+`.
const ALIASES: &[KeyCode] = &[
    KeyCode::Char('Q'),
    KeyCode::Char('Y'),
    KeyCode::Char('N'),
    KeyCode::Char('='),
];

/// Ctrl with these letters, in every context.
const CTRL: &[(char, Msg)] = &[('z', Msg::Suspend), ('c', Msg::Interrupt)];

/// The help overlay, per context: which messages a row is about, and what it says.
/// [`help`] writes the keys next to it from the tables above.
const HELP: &[(Context, &[Msg], &str)] = &[
    (M, &[Msg::Up, Msg::Down], "move"),
    (M, &[Msg::Enter], "start the routine"),
    (M, &[Msg::Filter], "filter by name (Esc clears)"),
    (
        M,
        &[Msg::Mute, Msg::VolumeDown, Msg::VolumeUp],
        "mute, volume down, up",
    ),
    (M, &[Msg::Voice], "spoken cues on / off"),
    (M, &[Msg::Help], "this help"),
    (M, &[Msg::Quit], "quit"),
    (S, &[Msg::TogglePause], "pause / resume"),
    (S, &[Msg::Skip], "skip this step"),
    (S, &[Msg::Previous], "back to the previous step"),
    (S, &[Msg::Restart], "restart this step"),
    (S, &[Msg::Longer, Msg::Shorter], "longer / shorter hold"),
    (S, &[Msg::Enter], "done (open-ended and untimed steps)"),
    (S, &[Msg::Hurts], "this hurts: stop the step"),
    (
        S,
        &[Msg::Mute, Msg::VolumeDown, Msg::VolumeUp],
        "mute, volume down, up",
    ),
    (S, &[Msg::Voice], "spoken cues on / off"),
    (S, &[Msg::Quit, Msg::Cancel], "end the session (asks first)"),
    (S, &[Msg::Suspend], "suspend (the timer pauses)"),
    (S, &[Msg::Interrupt], "leave at once"),
    (U, &[Msg::Enter], "back to the menu"),
    (U, &[Msg::Quit], "quit"),
];

/// How a key is written in help and hints.
fn key_name(code: KeyCode) -> String {
    match code {
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Char(' ') => "Space".into(),
        KeyCode::Char(c) => c.to_string(),
        other => other.to_string(),
    }
}

/// The shown keys for `msg` in `ctx`, in table order (aliases left out).
pub fn keys(ctx: Context, msg: Msg) -> Vec<String> {
    keys_of(ctx, &[msg])
}

/// The shown keys for any of `msgs` in `ctx`, in table order (aliases left out).
fn keys_of(ctx: Context, msgs: &[Msg]) -> Vec<String> {
    let plain = TABLE
        .iter()
        .filter(|(contexts, code, m)| {
            msgs.contains(m) && contexts.contains(&ctx) && !ALIASES.contains(code)
        })
        .map(|(_, code, _)| key_name(*code));
    let ctrl = CTRL
        .iter()
        .filter(|(_, m)| msgs.contains(m))
        .map(|(c, _)| format!("Ctrl-{}", c.to_ascii_uppercase()));
    plain.chain(ctrl).collect()
}

/// The first key shown for each of `msgs` in `ctx`, joined by `join` (footer hints:
/// `↑↓`, `+/-`).
pub fn hint(ctx: Context, msgs: &[Msg], join: &str) -> String {
    msgs.iter()
        .filter_map(|m| keys(ctx, *m).into_iter().next())
        .collect::<Vec<_>>()
        .join(join)
}

/// The help overlay's rows for `ctx`: every key of the row's messages, and what it does.
pub fn help(ctx: Context) -> Vec<(String, &'static str)> {
    HELP.iter()
        .filter(|(c, _, _)| *c == ctx)
        .map(|(_, msgs, what)| (keys_of(ctx, msgs).join(" "), *what))
        .collect()
}

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
        return CTRL
            .iter()
            .find(|(c, _)| key.code == KeyCode::Char(*c))
            .map(|(_, msg)| *msg);
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

    #[test]
    fn help_shows_every_key_that_does_something_and_only_those() {
        for ctx in [Context::Menu, Context::Session, Context::Summary] {
            let rows = help(ctx);
            // Every row names at least one key, and each key it names means one of the
            // row's messages here.
            for (row, (keys_shown, _)) in HELP.iter().filter(|(c, ..)| *c == ctx).zip(&rows) {
                assert!(!keys_shown.is_empty(), "{ctx:?}: {row:?}");
                for key in keys_shown.split(' ') {
                    let means = row.1.iter().any(|m| keys(ctx, *m).iter().any(|k| k == key));
                    assert!(means, "{ctx:?}: {key} in {keys_shown}");
                }
            }
            // Every key of the table in this context is in the help, but for aliases and
            // these, left out on purpose: paging goes with moving; the menu's Esc is in
            // the filter row's words; the session's and summary's help do not list `?`
            // (it is open); the summary's lists only its two ways on.
            let unlisted = [
                (Context::Menu, Msg::PageUp),
                (Context::Menu, Msg::PageDown),
                (Context::Menu, Msg::Cancel),
                (Context::Session, Msg::Help),
                (Context::Summary, Msg::Cancel),
                (Context::Summary, Msg::Help),
            ];
            for (contexts, code, msg) in TABLE {
                if !contexts.contains(&ctx)
                    || ALIASES.contains(code)
                    || unlisted.contains(&(ctx, *msg))
                {
                    continue;
                }
                let name = key_name(*code);
                assert!(
                    rows.iter()
                        .any(|(k, _)| k.split(' ').any(|shown| shown == name)),
                    "{ctx:?}: {name} ({msg:?}) missing from help"
                );
            }
        }
        assert_eq!(
            help(Context::Session)[0],
            ("Space".to_string(), "pause / resume")
        );
        assert_eq!(hint(Context::Menu, &[Msg::Up, Msg::Down], ""), "↑↓");
        assert_eq!(
            hint(Context::Session, &[Msg::Longer, Msg::Shorter], "/"),
            "+/-"
        );
    }
}
