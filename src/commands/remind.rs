//! `backease remind`: desk mode's reminder, in a terminal of its own (a tmux window, a
//! tab), or with `--background` in none. Takes the one reminder's lock (`remind::files`),
//! reads the preferences and the routines the breaks offer, carries on from the saved
//! state, and hands the reminder to the runtime (`tui::run_desk`, `tui::desk`) with the
//! world it reaches (files, idle source, player, voice, history, and the break routine
//! run through the normal session, `interactive`). `--install`, `--uninstall` and
//! `--status` are `remind::install`'s.
//!
//! Wiring only: no loop, no terminal handling here.

use std::io::{self, IsTerminal as _};

use jiff::tz::TimeZone;

use super::error::{Error, Result};
use super::inputs::{library, preferences};
use super::output::Output;
use crate::audio::{self, AudioSettings};
use crate::cli::{Cli, RemindArgs};
use crate::remind::files::{Files, background_whereabouts, whereabouts};
use crate::remind::idle;
use crate::remind::schedule::Schedule;
use crate::remind::screen::{Offer, Reminder};
use crate::routine::duration::approx_total;
use crate::tui::desk::{BreakOutcome, DeskClock, World};

fn fail(message: String) -> Error {
    Error::Terminal {
        error: anyhow::anyhow!(message),
    }
}

/// The routine offered after the answer "in pain".
pub const GENTLE: &str = "easing_in";

/// `backease remind [--install|--uninstall|--status|--background]`.
pub fn dispatch(cli: &Cli, args: &RemindArgs) -> Result<Output> {
    use crate::remind::install;
    if (args.dry_run || args.force) && !(args.install || args.uninstall) {
        return Err(Error::Remind {
            message: "--dry-run and --force go with --install or --uninstall".into(),
        });
    }
    let setup = || install::Setup::from_env().map_err(|message| Error::Remind { message });
    let said = |text: std::result::Result<String, String>| {
        text.map(|stdout| Output {
            stdout,
            ..Output::default()
        })
        .map_err(|message| Error::Remind { message })
    };
    if args.install {
        return said(install::install(&setup()?, args.dry_run, args.force));
    }
    if args.uninstall {
        return said(install::uninstall(&setup()?, args.dry_run, args.force));
    }
    if args.status {
        return said(Ok(install::status(&setup()?)));
    }
    run(cli, args.background)
}

pub fn run(cli: &Cli, headless: bool) -> Result<Output> {
    let files =
        Files::platform().ok_or_else(|| fail("no data directory (set HOME)".to_string()))?;
    // First: a second reminder is told where the first runs, whatever else is wrong.
    let here = if headless {
        background_whereabouts()
    } else {
        whereabouts()
    };
    let _lock = match files.lock(&here) {
        Ok(lock) => lock,
        // In the background (started at login, perhaps twice): a note in the log and a
        // clean exit, so systemd does not start it again and again.
        Err(e) if headless => {
            return Ok(Output {
                stderr: format!("backease remind: {e}\n"),
                ..Output::default()
            });
        }
        Err(e) => return Err(fail(e)),
    };
    let library = library(cli)?;
    let (prefs, prefs_notice) = preferences(cli);
    let offer_of = |r: &crate::routine::Routine| {
        let total = r.total(prefs.lead_in());
        let mut length = approx_total(total);
        if r.has_untimed() {
            length.push('+');
        }
        Offer {
            id: r.id.clone(),
            name: crate::text::escape(&r.name).into_owned(),
            length,
            seconds: total.max.as_secs(),
        }
    };
    let mut offers = Vec::new();
    for id in prefs.remind_routines() {
        let Some(r) = library.routine(&id) else {
            let ids: Vec<&str> = library.routines.iter().map(|r| r.id.as_str()).collect();
            let file = crate::store::paths::preferences()
                .map_or_else(|| "preferences".to_string(), |p| p.display().to_string());
            return Err(fail(format!(
                "{file}: remind_routine: no routine {id:?}; the ids are: {}",
                ids.join(", ")
            )));
        };
        offers.push(offer_of(r));
    }
    // After "in pain" the next break offers the gentlest routine: the shipped
    // "Easing back in" (upright, slow, a few minutes), where the library has it.
    let gentle = library.routine(GENTLE).map(offer_of);
    if !headless
        && (!(io::stdin().is_terminal() && io::stdout().is_terminal())
            || crate::tui::dumb_terminal())
    {
        return Err(fail(
            "remind needs a terminal that can draw the full screen (not TERM=dumb): run it \
             in a tmux window or a tab, or without one: `backease remind --background` \
             (`backease remind --install` starts it with your session); `backease status` \
             works anywhere"
                .into(),
        ));
    }
    audio::silence_system_audio_logs();

    let clock = DeskClock::real(cli.speed);
    let now = clock.reading();
    let tz = TimeZone::system();
    let rules = prefs.remind_rules();
    let (loaded, load_note) = files.load();
    let schedule = match loaded {
        Some(state) => Schedule::resume(rules, tz, state.saved),
        None => Schedule::new(rules, tz, now.wall),
    };
    let mut reminder = Reminder::new(schedule, offers, now.wall);
    reminder.elsewhere = headless;
    reminder.gentle = gentle;
    reminder.notes.extend(prefs_notice);
    reminder.notes.extend(load_note);
    let (idle, idle_note) = idle::open();
    reminder.idle_note = idle_note;

    let world = World {
        files,
        idle,
        open_player: World::player_opener(AudioSettings {
            volume: prefs.volume(),
            muted: prefs.mute(),
            custom: prefs.sound_files(),
        }),
        speaker: crate::speech::open(&prefs.voice(), prefs.volume(), prefs.mute()),
        notifications: prefs.notifications(),
        history: crate::store::history::dir(),
        break_routine: Box::new(move |id: &str| {
            let out = super::interactive::interactive(
                cli,
                library.clone(),
                Vec::new(),
                Some(id.into()),
                false,
                true,
            )
            .map_err(|e| e.to_string())?;
            Ok(BreakOutcome {
                notes: out.stderr.lines().map(str::to_string).collect(),
                code: out.code,
            })
        }),
        background: if headless {
            crate::prefs::Background::Dark
        } else {
            crate::tui::background::background(prefs.theme())
        },
        color: crate::tui::colors(None),
        pause_while: prefs.remind_pause_while(),
        terminal: prefs.terminal(),
        ask_do_not_disturb: true,
    };
    let code = if headless {
        crate::tui::run_desk_headless(&mut reminder, clock, world)
    } else {
        crate::tui::run_desk(&mut reminder, clock, world)
    }
    .map_err(|error| Error::Terminal { error })?;
    Ok(Output {
        code,
        ..Output::default()
    })
}
