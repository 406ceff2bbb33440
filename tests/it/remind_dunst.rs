//! The background reminder against a real notification daemon: dunst on a private
//! `dbus-daemon`, drawing on a private Xvfb display (`-displayfd`, so it never meets
//! another's). dunst's context menu (`dunstctl context`, with a `dmenu` script that picks
//! the line asked for) presses Snooze and then Start, as a person choosing a button would.
//! Where dunst, dunstctl or Xvfb is missing the test says so and passes only then (CI
//! does not install them; `tests/it/remind_background.rs` tests the same protocol against
//! a fake server). Must not touch: the real display and session bus, the real home, any
//! process it did not start (each is killed when the test ends).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::tmux::{BIN, SOON};
use crate::remind_idle::private_bus;
use crate::remind_install::Home;

/// Children killed when the test ends, passed or not.
struct Kill(Vec<Child>);

impl Drop for Kill {
    fn drop(&mut self) {
        for child in self.0.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn installed(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

fn wait_for(what: &str, check: impl Fn() -> bool) {
    let end = Instant::now() + SOON;
    while !check() {
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn dunst_shows_the_buttons_and_its_context_menu_presses_snooze_and_start() {
    let missing: Vec<&str> = ["dunst", "dunstctl", "Xvfb", "dbus-daemon"]
        .into_iter()
        .filter(|p| !installed(p))
        .collect();
    if !missing.is_empty() {
        println!(
            "SKIPPED: {} not installed (Debian: dunst, xvfb, dbus-daemon); the fake server's \
             test in remind_background.rs covers the protocol",
            missing.join(", ")
        );
        return;
    }
    let bus = private_bus();
    let mut kill = Kill(Vec::new());
    let mut xvfb = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "640x480x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb");
    let mut display = String::new();
    BufReader::new(xvfb.stdout.take().expect("stdout"))
        .read_line(&mut display)
        .expect("the display number");
    kill.0.push(xvfb);
    let display = format!(":{}", display.trim());

    let home = Home::new();
    let dir = home.path();
    let pick = dir.join("pick");
    let offered = dir.join("offered");
    let dmenu = dir.join("dmenu.sh");
    std::fs::write(
        &dmenu,
        format!(
            "#!/bin/sh\ncat > '{}'\ngrep -F \"$(cat '{}')\" '{}' | head -n 1\n",
            offered.display(),
            pick.display(),
            offered.display()
        ),
    )
    .expect("dmenu script");
    let term = dir.join("term.sh");
    let opened = dir.join("opened.txt");
    std::fs::write(
        &term,
        format!("#!/bin/sh\necho \"$@\" >> '{}'\n", opened.display()),
    )
    .expect("terminal script");
    Command::new("chmod")
        .arg("+x")
        .args([&dmenu, &term])
        .status()
        .expect("chmod");
    std::fs::write(
        dir.join("dunstrc"),
        format!("[global]\n    dmenu = {}\n", dmenu.display()),
    )
    .expect("dunstrc");
    kill.0.push(
        Command::new("dunst")
            .arg("-config")
            .arg(dir.join("dunstrc"))
            .env("DISPLAY", &display)
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dunst"),
    );
    let dunstctl = |args: &[&str]| {
        Command::new("dunstctl")
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    };
    wait_for("dunst on the bus", || {
        dunstctl(&["count", "displayed"]).trim() == "0"
    });
    std::fs::write(
        dir.join("cfg/preferences.ron"),
        format!(
            "(voice: \"off\", mute: true, remind_every: \"1m\", remind_hours: \"00:00-24:00\", \
             remind_days: \"every day\", remind_snooze: \"1m\", terminal: \"{}\")\n",
            term.display()
        ),
    )
    .expect("preferences");
    kill.0.push(
        Command::new(BIN)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", dir)
            .env("BACKEASE_CONFIG_DIR", dir.join("cfg"))
            .env("BACKEASE_DATA_DIR", dir.join("data"))
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .args(["--speed", "30", "remind", "--background"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("log.txt")).expect("log"))
            .spawn()
            .expect("the reminder"),
    );
    let log = || std::fs::read_to_string(dir.join("log.txt")).unwrap_or_default();
    let day = || {
        std::fs::read_dir(dir.join("data/remind/days"))
            .ok()
            .and_then(|mut d| d.next())
            .and_then(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .unwrap_or_default()
    };
    wait_for("the notification on dunst", || {
        dunstctl(&["count", "displayed"]).trim() == "1"
    });
    assert!(log().contains("through dunst "), "{}", log());

    std::fs::write(&pick, "#Snooze").expect("pick");
    dunstctl(&["context"]);
    wait_for("the snooze", || day().contains("snoozed: 1"));
    let menu = std::fs::read_to_string(&offered).expect("the menu dunst offered");
    for button in [
        "#Start (Time for a break)",
        "#Snooze (Time for a break)",
        "#Skip (Time for a break)",
    ] {
        assert!(menu.contains(button), "{button}\n{menu}");
    }

    wait_for("the snoozed break on dunst", || {
        log().matches("(a break is due)").count() >= 2
            && dunstctl(&["count", "displayed"]).trim() == "1"
    });
    std::fs::write(&pick, "#Start").expect("pick");
    dunstctl(&["context"]);
    // The script's shell makes the file, then writes the line: wait for the line.
    wait_for("the routine opened", || {
        std::fs::read_to_string(&opened).is_ok_and(|l| l.ends_with('\n'))
    });
    let line = std::fs::read_to_string(&opened).expect("opened");
    assert!(line.ends_with(" start desk_break\n"), "{line}");
}
