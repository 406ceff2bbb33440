//! The menu's "what can I do now" filter (`f`) and favourites (`*`), through the real app
//! over the shipped library: what each filter leaves, favourites first and marked, the
//! cursor kept on the routine marked, the effect that keeps them, the help and footer
//! naming the keys. Snapshots at 80×24 and 120×40.

use crate::common;

use std::collections::BTreeSet;

use backease::app::{App, Effect, Msg, Screen};
use common::{Clock, render, text};

fn shipped() -> App {
    common::app_over(backease::routine::load::shipped())
}

fn shown(a: &App) -> Vec<String> {
    let Screen::Menu(menu) = &a.screen else {
        panic!("not the menu")
    };
    menu.visible(&a.library)
        .into_iter()
        .map(|i| a.library.routines[i].id.clone())
        .collect()
}

fn selected(a: &App) -> String {
    let Screen::Menu(menu) = &a.screen else {
        panic!("not the menu")
    };
    let i = menu.selected_routine(&a.library).expect("a routine");
    a.library.routines[i].id.clone()
}

#[test]
fn f_cycles_what_the_person_can_do_now() {
    let c = Clock::new();
    let mut a = shipped();
    let all = shown(&a);
    assert_eq!(all.len(), a.library.routines.len());
    a.update(Msg::CanDo, c.at(0));
    let screen = text(&render(&a, 80, 24));
    assert!(screen.contains("showing: no equipment"), "{screen}");
    assert!(shown(&a).iter().all(|id| {
        a.library
            .routine(id)
            .is_some_and(|r| r.equipment().is_empty())
    }));
    a.update(Msg::CanDo, c.at(0));
    assert_eq!(shown(&a), ["desk_break"]);
    assert!(text(&render(&a, 80, 24)).contains("showing: standing only"));
    a.update(Msg::CanDo, c.at(0));
    assert!(shown(&a).contains(&"five_stretches".to_string()));
    assert!(!shown(&a).contains(&"stiff_back".to_string()));
    a.update(Msg::CanDo, c.at(0));
    assert!(text(&render(&a, 80, 24)).contains("showing: under 5 min"));
    assert!(!shown(&a).contains(&"spa".to_string()));
    a.update(Msg::CanDo, c.at(0));
    assert_eq!(shown(&a), all);
    assert!(!text(&render(&a, 80, 24)).contains("showing:"));
}

#[test]
fn a_favourite_comes_first_marked_and_is_kept() {
    let c = Clock::new();
    let mut a = shipped();
    // Down to the bedtime routine (the last), mark it.
    for _ in 0..a.library.routines.len() {
        a.update(Msg::Down, c.at(0));
    }
    assert_eq!(selected(&a), "bedtime");
    let effects = a.update(Msg::Favourite, c.at(0));
    let kept: BTreeSet<String> = ["bedtime".to_string()].into();
    assert!(
        effects.contains(&Effect::Favourites(kept.clone())),
        "{effects:?}"
    );
    assert_eq!(shown(&a)[0], "bedtime");
    // The cursor stayed on it.
    assert_eq!(selected(&a), "bedtime");
    let screen = text(&render(&a, 80, 24));
    assert!(screen.contains("*Bedtime unwind"), "{screen}");
    // Kept across a session: back in the menu it is still first, the cursor on the
    // routine just done.
    a.update(Msg::Down, c.at(0));
    let done = selected(&a);
    a.update(Msg::Enter, c.at(0));
    a.update(Msg::Quit, c.at(1_000));
    a.update(Msg::Yes, c.at(1_100));
    a.update(Msg::Enter, c.at(2_000));
    assert_eq!(shown(&a)[0], "bedtime");
    assert_eq!(selected(&a), done);
    // Unmarking: the order is the file's again.
    a.update(Msg::Up, c.at(2_000));
    let effects = a.update(Msg::Favourite, c.at(2_000));
    assert!(effects.contains(&Effect::Favourites(BTreeSet::new())));
    assert_eq!(shown(&a)[0], "five_stretches");
}

#[test]
fn help_and_footer_name_the_keys() {
    let c = Clock::new();
    let mut a = shipped();
    let wide = text(&render(&a, 200, 50));
    assert!(wide.contains("f can do now"), "{wide}");
    assert!(wide.contains("* favourite"), "{wide}");
    a.update(Msg::Help, c.at(0));
    let help = text(&render(&a, 120, 40));
    assert!(help.contains("mark a favourite (shown first)"), "{help}");
    assert!(help.contains("show what you can do now"), "{help}");
}

#[test]
fn snapshots_of_the_menu_with_picks() {
    let c = Clock::new();
    let mut a = shipped();
    a.update(Msg::Down, c.at(0));
    a.update(Msg::Down, c.at(0));
    a.update(Msg::Favourite, c.at(0));
    let favourite = a;
    let mut floor = shipped();
    for _ in 0..3 {
        floor.update(Msg::CanDo, c.at(0));
    }
    for (name, app) in [("favourite", &favourite), ("floor", &floor)] {
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("menu_{name}_{w}x{h}"), text(&render(app, w, h)));
        }
    }
}
