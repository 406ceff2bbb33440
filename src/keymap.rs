//! Keys to messages: one table, used by the terminal loop, by the tests, and by the help
//! overlay and footer hints ([`help`], [`hint`], [`session_hints`]), so what is shown is
//! what the keys do. Only key presses count (not repeats' releases). What a key means
//! depends on where the person is: typing a filter, answering a y/n question, in the
//! menu, the check-in question (digits answer, as on the summary), a session, the summary
//! or the progress screen; in a session, the footer offers a key only when it
//! does something in the phase on screen ([`When`], and Enter's meanings in
//! [`ENTER_DOES`], which the help lists in full).
//! Pure: no terminal I/O (crossterm's key types are plain data).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::{App, Msg, Running, Screen};
use crate::remind::schedule::{PauseFor, Reason};
use crate::remind::screen::Key as RemindKey;
use crate::session::Phase;

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
    /// The check-in question before the first step: digits answer.
    CheckIn,
    /// The progress screen.
    Progress,
    /// The menu's plan picker (`P`).
    Plans,
}

use Context::{CheckIn as I, Plans as L, Progress as P};
use Context::{Menu as M, Question as Q, Session as S, Summary as U, Typing as T};

const EVERYWHERE: &[Context] = &[M, T, Q, S, U];
const NOT_TYPING: &[Context] = &[M, Q, S, U];
const LISTS: &[Context] = &[M, T, L];
/// Where `j`, `k`, `g` and `G` move through a list (not while typing).
const LETTER_LISTS: &[Context] = &[M, L];

/// The table: in these contexts, this key (without Ctrl) is this message. Help and the
/// footer hints show the keys in this order (see [`keys`]).
const TABLE: &[(&[Context], KeyCode, Msg)] = &[
    (LISTS, KeyCode::Up, Msg::Up),
    (LISTS, KeyCode::Down, Msg::Down),
    (LETTER_LISTS, KeyCode::Char('j'), Msg::Down),
    (LETTER_LISTS, KeyCode::Char('k'), Msg::Up),
    (&[M], KeyCode::PageUp, Msg::PageUp),
    (&[M], KeyCode::PageDown, Msg::PageDown),
    (LISTS, KeyCode::Home, Msg::First),
    (LISTS, KeyCode::End, Msg::Last),
    (LETTER_LISTS, KeyCode::Char('g'), Msg::First),
    (LETTER_LISTS, KeyCode::Char('G'), Msg::Last),
    (&[M], KeyCode::Char('/'), Msg::Filter),
    (&[M], KeyCode::Char('f'), Msg::CanDo),
    (&[M], KeyCode::Char('*'), Msg::Favourite),
    (&[M], KeyCode::Char('P'), Msg::Plans),
    (&[T], KeyCode::Backspace, Msg::Backspace),
    (NOT_TYPING, KeyCode::Char('q'), Msg::Quit),
    (NOT_TYPING, KeyCode::Char('Q'), Msg::Quit),
    (EVERYWHERE, KeyCode::Enter, Msg::Enter),
    (EVERYWHERE, KeyCode::Esc, Msg::Cancel),
    (&[M, S, U, L], KeyCode::Char('?'), Msg::Help),
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
    (&[M, P], KeyCode::Char('h'), Msg::Progress),
    (&[I, P], KeyCode::Enter, Msg::Enter),
    (&[I], KeyCode::Char(' '), Msg::TogglePause),
    (&[I, P], KeyCode::Esc, Msg::Cancel),
    (&[I, P], KeyCode::Char('q'), Msg::Quit),
    (&[L], KeyCode::Enter, Msg::Enter),
    (&[L], KeyCode::Esc, Msg::Cancel),
    (&[L], KeyCode::Char('P'), Msg::Plans),
];

/// The menu's footer hints, in the order shown: the messages, what the hint says, and
/// its rank. Rank 0 always stays; the others are placed lowest rank first (the most
/// used) while they fit, and those up to [`MENU_HINTS_BEFORE_STATE`] before the sound's
/// state takes more than its shortest form.
pub const MENU_HINTS: &[(&[Msg], &str, u8)] = &[
    (&[Msg::Up, Msg::Down], "move", 5),
    (&[Msg::Enter], "start", 0),
    (&[Msg::Filter], "filter", 1),
    (&[Msg::Progress], "progress", 3),
    (&[Msg::CanDo], "can do now", 2),
    (&[Msg::Favourite], "favourite", 4),
    (&[Msg::Plans], "plan", 6),
    (&[Msg::Help], "help", 0),
    (&[Msg::Quit], "quit", 0),
];

/// The menu hints' ranks that go before the sound's state (see [`MENU_HINTS`]).
pub const MENU_HINTS_BEFORE_STATE: u8 = 3;

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
    (M, &[Msg::PageUp, Msg::PageDown], "move a page up / down"),
    (M, &[Msg::First, Msg::Last], "first / last routine"),
    (M, &[Msg::Enter], "start the routine"),
    (M, &[Msg::Filter], "filter by name or step (Esc clears)"),
    (M, &[Msg::CanDo], "show what you can do now (cycles)"),
    (M, &[Msg::Favourite], "mark a favourite (shown first)"),
    (
        M,
        &[Msg::Mute, Msg::VolumeDown, Msg::VolumeUp],
        "mute, volume down, up",
    ),
    (M, &[Msg::Voice], "spoken cues on / off"),
    (M, &[Msg::Progress], "progress: calendar, trends, bests"),
    (M, &[Msg::Plans], "plans: take one to follow, or none"),
    (M, &[Msg::Help], "this help"),
    (M, &[Msg::Quit], "quit"),
    (S, &[Msg::TogglePause], "pause / resume"),
    // Expanded into a row for each thing Enter does (see `ENTER_DOES`).
    (S, &[Msg::Enter], ""),
    (S, &[Msg::Skip], "skip this step"),
    (S, &[Msg::Previous], "back to the previous step"),
    (S, &[Msg::Restart], "restart this step"),
    (
        S,
        &[Msg::Longer, Msg::Shorter],
        "longer / shorter countdown",
    ),
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
    (L, &[Msg::Up, Msg::Down], "move"),
    (L, &[Msg::First, Msg::Last], "first / last"),
    (L, &[Msg::Enter], "take the plan (a click on it too)"),
    (L, &[Msg::Cancel, Msg::Plans], "close"),
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
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
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
/// In a session Enter has a row for each thing it does ([`ENTER_DOES`]; the key is named
/// on the first).
pub fn help(ctx: Context) -> Vec<(String, &'static str)> {
    help_rows(ctx)
        .into_iter()
        .map(|(_, keys, what)| (keys, what))
        .collect()
}

/// [`help`] with the messages each row is about.
fn help_rows(ctx: Context) -> Vec<(&'static [Msg], String, &'static str)> {
    let mut rows = Vec::new();
    for (_, msgs, what) in HELP.iter().filter(|(c, _, _)| *c == ctx) {
        let keys = keys_of(ctx, msgs).join(" ");
        if what.is_empty() {
            // Enter's row: one line per thing it does, the key named on the first.
            for (i, (_, does, _)) in ENTER_DOES.iter().enumerate() {
                let key = if i == 0 { keys.clone() } else { String::new() };
                rows.push((*msgs, key, *does));
            }
        } else {
            rows.push((*msgs, keys, *what));
        }
    }
    rows
}

/// What Enter does in a session, by what is on screen: the help's words and the
/// footer's. The first that applies is the one on screen.
pub const ENTER_DOES: &[(EnterCase, &str, &str)] = &[
    (
        EnterCase::Hurt,
        "after \"this hurts\": go on to the next step",
        "go on when ready",
    ),
    (
        EnterCase::OpenHold,
        "end an open-ended hold (its time is kept)",
        "done",
    ),
    (EnterCase::Untimed, "confirm an untimed step", "done"),
    (
        EnterCase::RangeReleased,
        "release a range hold once its minimum is reached",
        "release",
    ),
    (EnterCase::Alarm, "acknowledge the alarm and go on", "go on"),
    (
        EnterCase::LeadIn,
        "cut a get-ready, rest or side switch short",
        "start now",
    ),
];

/// The situations in which Enter does something in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnterCase {
    /// The "this hurts" note is up.
    Hurt,
    OpenHold,
    Untimed,
    /// A range hold past its minimum.
    RangeReleased,
    /// A long step's alarm.
    Alarm,
    /// Get ready, rest or switch sides.
    LeadIn,
}

impl EnterCase {
    fn applies(self, run: &Running) -> bool {
        let s = &run.status;
        match self {
            EnterCase::Hurt => run.hurt.is_some(),
            EnterCase::OpenHold => s.phase == Phase::OpenHold,
            EnterCase::Untimed => s.phase == Phase::WaitForUser,
            EnterCase::RangeReleased => {
                s.phase == Phase::Hold
                    && s.length.is_some_and(|l| l.is_range())
                    && s.until_min.is_none()
            }
            EnterCase::Alarm => s.phase == Phase::Alarm,
            EnterCase::LeadIn => {
                matches!(s.phase, Phase::GetReady | Phase::Rest | Phase::SwitchSides)
            }
        }
    }
}

/// What Enter does now in this session, in the footer's words; `None` when nothing.
pub fn enter_does(run: &Running) -> Option<&'static str> {
    ENTER_DOES
        .iter()
        .find(|(case, _, _)| case.applies(run))
        .map(|(_, _, hint)| *hint)
}

/// When a session key does something (and so is offered in the footer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Whenever the session is on screen.
    Always,
    /// Enter, when it does something ([`ENTER_DOES`]).
    Enter,
    /// The clock is running (Space pauses).
    Running,
    /// The clock is paused (Space resumes).
    Paused,
    /// The segment counts down: `+`/`-` change its length.
    Countdown,
    /// The "this hurts" note is not up already.
    NotHurt,
    /// The "this hurts" note is up (its own short list of keys).
    Hurt,
}

impl When {
    fn holds(self, run: &Running) -> bool {
        let s = &run.status;
        let hurt = run.hurt.is_some();
        match self {
            When::Always => true,
            When::Enter => enter_does(run).is_some(),
            When::Running => !hurt && !s.paused,
            When::Paused => !hurt && s.paused,
            When::Countdown => !hurt && s.length.is_some() && s.phase != Phase::Finished,
            When::NotHurt => !hurt,
            When::Hurt => hurt,
        }
    }
}

/// The session footer: which keys, joined how, when they do something, and the words
/// (`""` for Enter: its words come from [`ENTER_DOES`]).
/// In order of importance: a narrow footer leaves off the last ones first, so what stops
/// the step (`x`), ends the session and opens the help go before back, restart and time.
const SESSION_HINTS: &[(&[Msg], &str, When, &str)] = &[
    (&[Msg::Enter], "", When::Enter, ""),
    (&[Msg::TogglePause], "", When::Running, "pause"),
    (&[Msg::TogglePause], "", When::Paused, "resume"),
    (&[Msg::Skip], "", When::Always, "skip"),
    (&[Msg::Hurts], "", When::NotHurt, "hurts"),
    (&[Msg::Quit], "", When::Always, "end"),
    (&[Msg::Help], "", When::NotHurt, "help"),
    (&[Msg::Previous], "", When::NotHurt, "back"),
    (&[Msg::Restart], "", When::NotHurt, "restart"),
    (&[Msg::Longer, Msg::Shorter], "/", When::Countdown, "time"),
];

/// The session footer's hints for what is on screen now: only keys that do something.
pub fn session_hints(run: &Running) -> Vec<(String, &'static str)> {
    session_hint_rows(run)
        .into_iter()
        .map(|(msgs, join, what)| (hint(Context::Session, msgs, join), what))
        .collect()
}

/// The rows behind [`session_hints`]: each key's messages, how their keys are joined,
/// and what it does now.
pub fn session_hint_rows(run: &Running) -> Vec<(&'static [Msg], &'static str, &'static str)> {
    SESSION_HINTS
        .iter()
        .filter(|(_, _, when, _)| when.holds(run))
        .map(|&(msgs, join, _, what)| {
            let what = if msgs == [Msg::Enter] {
                enter_does(run).unwrap_or_default()
            } else {
                what
            };
            (msgs, join, what)
        })
        .collect()
}

/// The context the app is in now.
pub fn context(app: &App) -> Context {
    if app.is_asking() {
        return Context::Question;
    }
    match &app.screen {
        Screen::Menu(m) if m.plans.is_some() => Context::Plans,
        Screen::Menu(m) if m.filtering => Context::Typing,
        Screen::Menu(_) => Context::Menu,
        Screen::Session(_) => Context::Session,
        Screen::Summary(_) => Context::Summary,
        Screen::CheckIn(_) => Context::CheckIn,
        Screen::Progress(_) => Context::Progress,
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
    // The check-in's answer: a digit, before the first step and on the summary.
    if matches!(ctx, Context::CheckIn | Context::Summary)
        && let KeyCode::Char(c @ '0'..='9') = key.code
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

/// Desk mode's keys (`backease remind`): the key, what it asks for, and the help's words,
/// in the order help and the footer show them. `PAUSE_FOR` are the choices once `p` has
/// opened the pause menu.
pub const REMIND: &[(KeyCode, RemindKey, &str)] = &[
    (
        KeyCode::Enter,
        RemindKey::Start,
        "start the break routine now",
    ),
    (
        KeyCode::Char('s'),
        RemindKey::Snooze,
        "snooze the break that is due",
    ),
    (
        KeyCode::Char('k'),
        RemindKey::Skip,
        "skip this break (the timer starts again)",
    ),
    (
        KeyCode::Char('p'),
        RemindKey::Pause,
        "pause reminders (30 min, 1 h, until tomorrow); p again resumes",
    ),
    (KeyCode::Char('?'), RemindKey::Help, "this help"),
    (KeyCode::Char('q'), RemindKey::Quit, "quit"),
    (KeyCode::Esc, RemindKey::Cancel, "close"),
];

/// The pause menu's choices.
pub const PAUSE_FOR: &[(KeyCode, PauseFor)] = &[
    (KeyCode::Char('1'), PauseFor::HalfHour),
    (KeyCode::Char('2'), PauseFor::Hour),
    (KeyCode::Char('3'), PauseFor::Tomorrow),
];

/// The answers to "why?" after a skip or a second snooze (none of them a key of the
/// reminder's own, so a stray key never answers by accident).
pub const REASONS: &[(KeyCode, Reason)] = &[
    (KeyCode::Char('b'), Reason::Busy),
    (KeyCode::Char('h'), Reason::InPain),
    (KeyCode::Char('n'), Reason::NotNow),
    (KeyCode::Char('a'), Reason::Away),
];

/// What a key asks of the reminder; Ctrl-C quits.
pub fn remind_key(key: KeyEvent) -> Option<RemindKey> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return (key.code == KeyCode::Char('c')).then_some(RemindKey::Quit);
    }
    let code = match key.code {
        KeyCode::Char(c) => KeyCode::Char(c.to_ascii_lowercase()),
        other => other,
    };
    REMIND
        .iter()
        .find(|(k, _, _)| *k == code)
        .map(|(_, what, _)| *what)
        .or_else(|| {
            PAUSE_FOR
                .iter()
                .find(|(k, _)| *k == code)
                .map(|(_, p)| RemindKey::PauseFor(*p))
        })
        .or_else(|| {
            REASONS
                .iter()
                .find(|(k, _)| *k == code)
                .map(|(_, r)| RemindKey::Reason(*r))
        })
}

/// The shown key for `what` (`"Enter"`, `"s"`).
pub fn remind_key_name(what: RemindKey) -> String {
    let plain = REMIND
        .iter()
        .find(|(_, w, _)| *w == what)
        .map(|(k, _, _)| *k);
    let choice = PAUSE_FOR
        .iter()
        .find(|(_, p)| RemindKey::PauseFor(*p) == what)
        .map(|(k, _)| *k);
    let answer = REASONS
        .iter()
        .find(|(_, r)| RemindKey::Reason(*r) == what)
        .map(|(k, _)| *k);
    plain
        .or(choice)
        .or(answer)
        .map(key_name)
        .unwrap_or_default()
}

/// The reminder's help rows: key and what it does.
pub fn remind_help() -> Vec<(String, &'static str)> {
    REMIND
        .iter()
        .map(|(k, _, what)| (key_name(*k), *what))
        .collect()
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
        for ctx in [
            Context::Menu,
            Context::Session,
            Context::Summary,
            Context::Plans,
        ] {
            let rows = help(ctx);
            // Every row names at least one key, and each key it names means one of the
            // row's messages here.
            // (Enter's further rows, one per thing it does, name no key again.)
            for (msgs, keys_shown, what) in help_rows(ctx) {
                if keys_shown.is_empty() {
                    assert!(ENTER_DOES.iter().any(|(_, does, _)| *does == what));
                    continue;
                }
                for key in keys_shown.split(' ') {
                    let means = msgs.iter().any(|m| keys(ctx, *m).iter().any(|k| k == key));
                    assert!(means, "{ctx:?}: {key} in {keys_shown}");
                }
            }
            // Every key of the table in this context is in the help, but for aliases and
            // these, left out on purpose: the menu's Esc is in the filter row's words; the
            // session's and summary's help do not list `?` (it is open); the summary's
            // lists only its two ways on. (Issue 13: PgUp/PgDn are listed now.)
            let unlisted = [
                (Context::Menu, Msg::Cancel),
                (Context::Session, Msg::Help),
                (Context::Summary, Msg::Cancel),
                (Context::Summary, Msg::Help),
                (Context::Plans, Msg::Help),
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

    #[test]
    fn help_says_everything_enter_does_and_the_menu_pages() {
        // Issue 13, item 6: Enter is not only for open-ended and untimed steps.
        let rows = help(Context::Session);
        let first = rows.iter().position(|(_, w)| *w == ENTER_DOES[0].1);
        assert_eq!(first.map(|i| rows[i].0.as_str()), Some("Enter"));
        let words: Vec<&str> = rows.iter().map(|(_, w)| *w).collect();
        for needle in [
            "end an open-ended hold",
            "confirm an untimed step",
            "release a range hold once its minimum is reached",
            "acknowledge the alarm",
            "cut a get-ready",
        ] {
            assert!(
                words.iter().any(|w| w.contains(needle)),
                "{needle}: {words:?}"
            );
        }
        assert!(
            help(Context::Menu).iter().any(|(k, _)| k == "PgUp PgDn"),
            "{:?}",
            help(Context::Menu)
        );
    }

    #[test]
    fn keys_come_from_keymap_s_table() {
        use crate::remind::schedule::{PauseFor, Reason};
        use crate::remind::screen::Key;
        let key = |code, modifiers| remind_key(KeyEvent::new(code, modifiers));
        let none = KeyModifiers::NONE;
        assert_eq!(key(KeyCode::Enter, none), Some(Key::Start));
        assert_eq!(key(KeyCode::Char('s'), none), Some(Key::Snooze));
        assert_eq!(
            key(KeyCode::Char('S'), KeyModifiers::SHIFT),
            Some(Key::Snooze)
        );
        assert_eq!(key(KeyCode::Char('k'), none), Some(Key::Skip));
        assert_eq!(key(KeyCode::Char('p'), none), Some(Key::Pause));
        // The answers to "why?" (issue 27), none of them a key of the reminder's own.
        assert_eq!(
            key(KeyCode::Char('b'), none),
            Some(Key::Reason(Reason::Busy))
        );
        assert_eq!(
            key(KeyCode::Char('h'), none),
            Some(Key::Reason(Reason::InPain))
        );
        assert_eq!(remind_key_name(Key::Reason(Reason::Away)), "a");
        for (code, _) in REASONS {
            assert!(REMIND.iter().all(|(k, _, _)| k != code), "{code:?}");
        }
        assert_eq!(
            key(KeyCode::Char('2'), none),
            Some(Key::PauseFor(PauseFor::Hour))
        );
        assert_eq!(
            key(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Key::Quit)
        );
        assert_eq!(key(KeyCode::Char('x'), none), None);
        assert_eq!(remind_key_name(Key::PauseFor(PauseFor::Tomorrow)), "3");
        let help = remind_help();
        assert_eq!(
            help[0],
            ("Enter".to_string(), "start the break routine now")
        );
        assert!(help.iter().any(|(k, _)| k == "q"));
    }
}
