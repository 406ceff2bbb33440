//! The interactive commands, the menu (`backease`) and `backease start ROUTINE`: gathers
//! the preferences, the audio player, history, the resume offer and notifications from
//! the shells, hands them to the terminal UI (or, for `start --plain` and `start` without
//! a terminal, to plain mode: `crate::plain`), and returns once the person quits. The
//! UI's hooks (each session's state and record, notifications) are `store::hooks::StoreHooks`;
//! what they could not keep is said on standard error once the terminal is back.
//!
//! Shell code: it may touch files, the clock and the desktop; the core never imports it.

use super::error::{Error, Result};
use super::inputs::{library_noting, preferences};
use super::output::Output;
use crate::app::{App, AudioView, ResumeOffer, VoiceView};
use crate::audio::{self, AudioSettings, Player};
use crate::cli::Cli;
use crate::notify;
use crate::prefs::Colors;
use crate::speech;
use crate::store;
use crate::store::hooks::{StoreHooks, read_history};

/// Reads the library, then runs [`interactive`]. `plain`: `start --plain`.
pub fn run(cli: &Cli, start: Option<String>, plain: bool) -> Result<Output> {
    let plain = start.is_some() && (plain || !on_a_terminal());
    let (library, notices) = library_noting(cli)?;
    if let Some(id) = &start
        && library.routine(id).is_none()
        && !notices.is_empty()
    {
        return Err(Error::UnknownRoutine {
            id: id.clone(),
            notices,
        });
    }
    interactive(cli, library, notices, start, plain, false)
}

/// Both standard input and output are terminals, and not `TERM=dumb`: `start` can take
/// the full screen. Else it runs in plain mode (the menu refuses, in `tui::run`).
fn on_a_terminal() -> bool {
    use std::io::IsTerminal as _;
    std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
        && !crate::tui::dumb_terminal()
}

/// The menu, or `backease start ROUTINE` (full screen, or in plain mode: `plain`); `desk`:
/// a break started from desk mode, whose summary and check-in lead back to it.
pub fn interactive(
    cli: &Cli,
    library: crate::routine::Library,
    library_notices: Vec<String>,
    start: Option<String>,
    plain: bool,
    desk: bool,
) -> Result<Output> {
    // First, before anything can touch ALSA: nothing of it may reach the screen.
    audio::silence_system_audio_logs();
    // History is read on its own thread, handed to the app after its first frame (see
    // `Hooks::history`): a long history does not hold up the launch.
    let history = {
        let library = library.clone();
        std::thread::Builder::new()
            .name("history".into())
            .spawn(move || read_history(&library))
    };
    let (prefs, prefs_notice) = preferences(cli);
    let mut notices: Vec<String> = library_notices;
    notices.extend(prefs_notice);

    let settings = AudioSettings {
        volume: prefs.volume(),
        muted: prefs.mute(),
        custom: prefs.sound_files(),
    };
    let (player, warnings) = audio::open(&settings);
    notices.extend(warnings);
    // Finds the engine on PATH; runs nothing until the first phrase.
    let speaker = speech::open(&prefs.voice(), settings.volume, settings.muted);
    let mut voice = VoiceView::from_status(&speaker.status());
    // Plain mode's lines scroll away: the voice says a step's safety notes too.
    voice.safety = plain;
    notices.extend(voice.notice());

    // Said once, then dropped: worth knowing, not worth a row on every screen.
    let mut passing = Vec::new();
    if prefs.notifications()
        && let Err(note) = notify::availability()
    {
        passing.push(note);
    }

    // Abandoned sessions (other windows' live ones are left alone): their records are
    // written now; one is offered, the rest stay locked and untouched until exit.
    let sessions = store::sessions::Sessions::platform().ok();
    let loaded = sessions.as_ref().map(|s| s.load()).unwrap_or_default();
    notices.extend(loaded.warnings);
    let mut offer = None;
    let mut offered = None;
    let mut kept = Vec::new();
    for held in loaded.open {
        // A direct `start` goes straight to its routine; the offer waits for the menu.
        if offered.is_some() || start.is_some() {
            kept.push(held);
            continue;
        }
        match held.state.check(&library) {
            Ok(ok) => {
                offer = Some(ResumeOffer {
                    routine_id: ok.routine.id.clone(),
                    step: ok.step,
                    outcomes: ok.outcomes,
                });
                // The step offered (earlier than the saved one if the routine changed):
                // a run from there takes this session up.
                let mut held = held;
                held.state.step = ok.step;
                offered = Some(held);
            }
            // Not in the routines loaded now (a `--routines` file left out): kept, and
            // offered again by a launch that has it.
            Err(why) if library.routine(&held.state.routine).is_none() => {
                notices.push(why);
                kept.push(held);
            }
            // Nothing left to do in it as the routine is now: recorded, so done with.
            Err(why) => {
                notices.push(why);
                if let Err(e) = held.close() {
                    notices.push(e.to_string());
                }
            }
        }
    }

    // Favourites: a file that does not read is reported and never written over.
    let (favourites, favourites_kept) = match store::favourites::load() {
        Ok(set) => (set, true),
        Err(why) => {
            notices.push(why);
            (Default::default(), false)
        }
    };

    let color = match prefs.colors() {
        Colors::Auto => None,
        Colors::Always => Some(true),
        Colors::Never => Some(false),
    };
    let mut hooks = StoreHooks::new(
        library.clone(),
        prefs.notifications(),
        sessions,
        offered,
        kept,
    )
    .keeping_favourites(favourites_kept);
    // Should the thread not start, history is read here, before the first frame.
    let mut early = None;
    match history {
        // A routine started from the command line asks, as the menu does, whether to skip
        // what hurt last time: that needs history before it starts (issue 26).
        Ok(thread) if start.is_some() => {
            let (history, records) = thread.join().unwrap_or_else(|_| read_history(&library));
            hooks = hooks.with_records(records);
            early = Some(history);
        }
        Ok(thread) => hooks = hooks.with_history(thread),
        Err(_) => {
            let (history, records) = read_history(&library);
            hooks = hooks.with_records(records);
            early = Some(history);
        }
    }
    let terminal = |error: anyhow::Error| Error::Terminal { error };
    // Before the app is built, so an unwritable trace file is the first error reported.
    let trace = crate::tui::trace::Trace::from_env().map_err(|e| terminal(e.into()))?;
    let mut player = player as Box<dyn Player>;
    let audio = AudioView::from_status(&player.status(), player.volume());
    let mut config = prefs.session_config();
    if plain {
        // Late cues are dropped as a laptop's sleep would make them (the engine's
        // `stale_after`): in real time, as the step-end flash is, so a log sped up with
        // `--speed` misses no moment to a busy machine.
        config.stale_after = config.stale_after.mul_f64(cli.speed);
    }
    // Asked of the terminal only for the full screen with colour (plain mode has none).
    let background = if plain || !crate::tui::colors(color) {
        Default::default()
    } else {
        crate::tui::background::background(prefs.theme())
    };
    let app = App::new(library, config, audio)
        .with_voice(voice)
        .with_notices(notices)
        .with_passing(passing)
        .with_favourites(favourites)
        .with_notes_shown(store::notes_shown::shown_on(
            store::history::now().local_date(),
        ))
        .with_color(crate::tui::colors(color))
        .with_dots(crate::figure::Dots::for_term(
            std::env::var("TERM").ok().as_deref(),
        ))
        .with_background(background)
        .with_checkin(prefs.checkin())
        .with_desk_break(desk)
        .with_mouse(prefs.mouse())
        .with_resume_offer(offer)
        .at_speed(cli.speed)
        .map(|mut app| {
            if let Some(history) = early {
                app.learned(crate::app::Learned::History(history));
            }
            app
        })
        .and_then(|app| match &start {
            Some(id) => app.starting(id, std::time::Instant::now()),
            None => Ok(app),
        })
        .map_err(|e| terminal(e.into()))?;
    let exit = if plain {
        crate::plain::run(app, player.as_mut(), speaker, &mut hooks, cli.speed, trace)
    } else {
        crate::tui::run(app, player.as_mut(), speaker, &mut hooks, cli.speed, trace)
    };
    // The terminal is back: what could not be kept is said where it stays visible.
    let stderr: String = hooks
        .take_problems()
        .iter()
        .map(|p| format!("backease: {p}\n"))
        .collect();
    let exit = exit.map_err(terminal)?;
    let code = match exit {
        crate::tui::Exit::Quit => 0,
        crate::tui::Exit::Signal(signal) => u8::try_from(128 + signal).unwrap_or(u8::MAX),
    };
    Ok(Output {
        code,
        stderr,
        ..Output::default()
    })
}
