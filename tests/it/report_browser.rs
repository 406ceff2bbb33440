//! `backease report` end to end, in a real browser (issue 28): a history, a plan and desk
//! mode's days are written to a private home, the real binary writes the page, and
//! headless Chromium (Debian's `chromium`, installed by `.ci/packages`) renders it.
//!
//! How "nothing overflows" is checked: the page itself carries no script (its
//! Content-Security-Policy forbids one), so the test renders an *instrumented copy*: the
//! same page with its CSP line removed and a small probe script appended, which, after
//! layout at the window's width, lists the viewport's width, the document's scroll width
//! and every element whose box reaches past the viewport's right edge, and writes that
//! to the page around it, which `chromium --dump-dom` prints. Headless chromium will not
//! make a window narrower than 500 px, so the page is laid out in an iframe of the width
//! wanted (the iframe is the page's viewport: its media queries and layout see that
//! width). At 390 px (a phone), 680 px (the
//! printable width of A4 and Letter with 14 mm margins) and 794 px (A4 at 96 dpi) the
//! scroll width must equal the viewport's and no element may stick out. The page as
//! shipped is screenshotted at each width (in `CARGO_TARGET_TMPDIR/report-shots/`, to be
//! looked at), and printed to PDF on A4 and on Letter (the paper size set by an `@page`
//! rule in a copy) to check the pages come out that size. The charts' values are read
//! back from the page (`data-` attributes) and compared with averages computed here from
//! the records written.
//!
//! Also here, without a browser: the command never writes over a file at its default
//! name that is not an earlier report, and `--json` carries the same content.
//!
//! Chromium runs with a user-data directory of its own under /tmp (removed after), and no
//! network is needed. Without chromium the tests say so on standard error and stop,
//! unless `CI` is set: then they fail (CI installs it).

use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use backease::history::Stiffness;
use jiff::civil::Date;

use crate::plan_e2e::record;

/// The chromium binary, or `None` (with the reason said) when this machine has none.
fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser"] {
        for dir in ["/usr/bin", "/usr/local/bin", "/snap/bin"] {
            let p = Path::new(dir).join(name);
            if p.exists() {
                return Some(p);
            }
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "chromium is not installed: CI must have it (.ci/packages installs it)"
    );
    eprintln!(
        "SKIPPED: chromium is not installed, so the report is not rendered in a browser \
         (Debian: apt-get install chromium)"
    );
    None
}

/// How long one run of headless chromium may take: a page renders in a few seconds, but
/// now and then chromium hangs for good (seen with `--virtual-time-budget` on a loaded
/// machine); such a run is ended and made again, once.
const CHROMIUM_DEADLINE: Duration = Duration::from_secs(60);

/// Runs headless chromium with `args` and the page `url`; its standard output.
fn run_chromium(bin: &Path, args: &[String], url: &str) -> String {
    for _ in 0..2 {
        if let Some(out) = run_chromium_once(bin, args, url) {
            return out;
        }
        eprintln!("chromium hung for {CHROMIUM_DEADLINE:?} on {url}: ended, and run again");
    }
    panic!("chromium hung twice on {url} ({args:?})");
}

/// One run of chromium, in a process group of its own (it starts several processes, which
/// hold its output open): `None` when it had to be ended at the deadline.
fn run_chromium_once(bin: &Path, args: &[String], url: &str) -> Option<String> {
    let profile = tempfile::Builder::new()
        .prefix("h28-chromium-")
        .tempdir_in("/tmp")
        .expect("profile dir");
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--run-all-compositor-stages-before-draw",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("run chromium");
    let read = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = read(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = read(child.stderr.take().map(|p| Box::new(p) as _));
    let deadline = Instant::now() + CHROMIUM_DEADLINE;
    let status = loop {
        if let Some(status) = child.try_wait().expect("chromium's status") {
            break Some(status);
        }
        if Instant::now() >= deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    // Whatever it left running (its helper processes) goes with the group.
    // SAFETY: kill with the group chromium leads (its pid) and a valid signal number.
    #[allow(unsafe_code)]
    unsafe {
        libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL);
    }
    let _ = child.wait();
    let (stdout, stderr) = (
        stdout.join().expect("chromium's output"),
        stderr.join().expect("chromium's errors"),
    );
    let status = status?;
    assert!(status.success(), "chromium failed: {stderr}");
    Some(stdout)
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn days_ago(n: i64) -> Date {
    jiff::Zoned::now()
        .date()
        .checked_sub(jiff::Span::new().days(n))
        .expect("a date")
}

fn felt(before: u8, after: u8) -> Stiffness {
    Stiffness {
        before: Some(before),
        after: Some(after),
    }
}

/// The probe appended to the instrumented copy (see the module doc).
const PROBE: &str = r#"<script>
(function () {
  var root = document.documentElement, w = root.clientWidth, out = [];
  out.push('viewport ' + w + ' scroll ' + root.scrollWidth);
  var all = document.querySelectorAll('main *');
  for (var i = 0; i < all.length; i++) {
    // Inside a picture its own box counts: an SVG clips what it holds.
    var svg = all[i].closest('svg');
    if (svg && svg !== all[i]) continue;
    var r = all[i].getBoundingClientRect();
    if (r.width > 0 && (r.right > w + 0.5 || r.left < -0.5)) {
      out.push('over ' + all[i].tagName + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
    }
  }
  out.push('elements img ' + document.querySelectorAll('img').length + ' script ' +
    document.querySelectorAll('script').length + ' iframe ' + document.querySelectorAll('iframe').length);
  var sections = document.querySelectorAll('section');
  for (var j = 0; j < sections.length; j++) {
    out.push('section ' + sections[j].id + ' ' + Math.round(sections[j].getBoundingClientRect().height));
  }
  parent.postMessage(out.join('\n'), '*');
})();
</script>
</body>"#;

/// Headless chromium lays a page out at least this wide, whatever `--window-size` says;
/// narrower widths are given to the page through an iframe of that width.
const MIN_WINDOW: u32 = 500;

/// A page holding `page` in an iframe `width` px wide (its viewport: media queries and
/// layout see that width), and a `<pre id="probe">` that takes what the page posts.
fn framed(dir: &Path, page: &Path, width: u32, name: &str) -> PathBuf {
    let path = dir.join(format!("{name}-frame-{width}.html"));
    std::fs::write(
        &path,
        format!(
            "<!DOCTYPE html><html><body style=\"margin:0\">\
             <iframe src=\"{}\" style=\"width:{width}px;height:2400px;border:0;display:block\"></iframe>\
             <pre id=\"probe\"></pre>\
             <script>addEventListener('message', function (e) {{ document.getElementById('probe').textContent = e.data; }});</script>\
             </body></html>",
            url(page)
        ),
    )
    .expect("write the frame");
    path
}

/// The page as laid out `width` px wide: the probe's lines.
fn probe(bin: &Path, page: &str, dir: &Path, width: u32) -> Vec<String> {
    let csp = page
        .lines()
        .find(|l| l.contains("Content-Security-Policy"))
        .expect("the page has a CSP");
    let copy = page.replace(csp, "").replace("</body>", PROBE);
    let path = dir.join(format!("probe-{width}.html"));
    std::fs::write(&path, copy).expect("write the copy");
    let frame = framed(dir, &path, width, "probe");
    let dom = run_chromium(
        bin,
        &[
            format!("--window-size={},1600", width.max(MIN_WINDOW) + 20),
            "--virtual-time-budget=10000".into(),
            "--dump-dom".into(),
        ],
        &url(&frame),
    );
    let start = dom.find("<pre id=\"probe\"").expect("the probe ran");
    let body = &dom[start..];
    let body = &body[body.find('>').expect("tag") + 1..body.find("</pre>").expect("end")];
    body.lines().map(str::to_string).collect()
}

/// The numbers after `data-week="WEEK" data-value="` for the chart's `class` line.
fn chart_value(page: &str, class: &str, week: Date) -> Option<String> {
    let key = format!("class=\"avg {class}\" data-week=\"{week}\" data-value=\"");
    let at = page.find(&key)? + key.len();
    Some(page[at..].split('"').next()?.to_string())
}

#[test]
fn the_report_renders_whole_at_phone_and_paper_widths_with_the_historys_values() {
    let _cpu = crate::common::lanes::cpu();
    let Some(bin) = chromium() else {
        return;
    };
    let home = tempfile::tempdir().expect("temp dir");
    let h = home.path();
    let data = h.join("data");
    let config = h.join("config");
    std::fs::create_dir_all(&config).expect("config");
    // A plan that started 14 days ago: five stretches every day, core twice a week.
    std::fs::write(
        config.join("plan.ron"),
        format!(
            "(name: \"Physio's <plan> & mine\", weeks: 6, start: \"{}\", routines: [\n\
             (routine: \"five_stretches\", days: \"every day\"),\n\
             (routine: \"core\", times_a_week: 2),\n])\n",
            days_ago(14)
        ),
    )
    .expect("plan");
    // A routine file of the person's that gives the bridge markup for a name and a
    // description: the page shows it as text.
    std::fs::write(
        config.join("exercises.ron"),
        r#"(exercises: [(
            id: "glute_bridge",
            figure: ["hook_lying", "bridge_up"],
            name: "Bridge <img src=x onerror=alert(1)>",
            description: "</figcaption><script>alert(2)</script><iframe src=\"https://example.com\"></iframe> & 'quoted'",
            hold: "15s",
            reps: 5,
        )])"#,
    )
    .expect("routine file");
    // Sessions, with the check-in: (days ago, routine, before, after, hurt).
    let sessions: &[(i64, &str, u8, u8, &[&str])] = &[
        (14, "five_stretches", 7, 5, &[]),
        (13, "five_stretches", 6, 5, &[]),
        (12, "core", 6, 4, &[]),
        (11, "five_stretches", 5, 4, &["supine_twist"]),
        (7, "five_stretches", 5, 3, &[]),
        (6, "core", 4, 3, &[]),
        (5, "five_stretches", 4, 2, &[]),
        (2, "five_stretches", 3, 2, &[]),
        (1, "core", 3, 1, &[]),
    ];
    for (ago, routine, b, a, hurt) in sessions {
        record(&data, routine, days_ago(*ago), hurt, felt(*b, *a));
    }
    // Desk mode's days.
    let days = data.join("remind/days");
    std::fs::create_dir_all(&days).expect("days");
    for (ago, due, taken, snoozed, skipped) in [(6, 7, 5, 1, 1), (5, 6, 6, 0, 0)] {
        let d = days_ago(ago);
        std::fs::write(
            days.join(format!("{d}.ron")),
            format!("(date: \"{d}\", due: {due}, taken: {taken}, snoozed: {snoozed}, skipped: {skipped})"),
        )
        .expect("day");
    }
    let out_file = h.join("report.html");
    let run = Command::new(crate::common::tmux::BIN)
        .args(["report", "--since", "3w", "--out"])
        .arg(&out_file)
        .env("BACKEASE_CONFIG_DIR", &config)
        .env("BACKEASE_DATA_DIR", &data)
        .env("HOME", h)
        .output()
        .expect("run backease report");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let page = std::fs::read_to_string(&out_file).expect("the page");
    assert!(!page.contains("<plan>"), "the plan's name is escaped");
    assert!(page.contains("Physio&#39;s &lt;plan&gt; &amp; mine"));
    assert!(page.contains("<strong>Bridge &lt;img src=x onerror=alert(1)&gt;</strong>"));
    assert!(page.contains("&lt;/figcaption&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));

    // The chart's weekly averages are the records' (computed here, independently).
    let mut weeks: std::collections::BTreeMap<Date, (u32, u32, u32)> = Default::default();
    for (ago, _, b, a, _) in sessions {
        let d = days_ago(*ago);
        let monday = d
            .checked_sub(jiff::Span::new().days(i64::from(d.weekday().to_monday_zero_offset())))
            .expect("monday");
        let w = weeks.entry(monday).or_default();
        w.0 += u32::from(*b);
        w.1 += u32::from(*a);
        w.2 += 1;
    }
    for (monday, (b, a, n)) in &weeks {
        let tenths = |sum: u32| {
            let t = (sum * 10 + n / 2) / n;
            format!("{}.{}", t / 10, t % 10)
        };
        assert_eq!(
            chart_value(&page, "before", *monday),
            Some(tenths(*b)),
            "{monday}"
        );
        assert_eq!(
            chart_value(&page, "after", *monday),
            Some(tenths(*a)),
            "{monday}"
        );
    }
    // The weeks kept: week 1 had 7 stretches planned (4 done... of the 7 days, those with
    // a session) and core twice (done once).
    let week1_done = sessions
        .iter()
        .filter(|s| s.0 > 7 && s.1 == "five_stretches")
        .count()
        + 1;
    assert!(
        page.contains(&format!(
            "data-week=\"1\" data-planned=\"9\" data-done=\"{week1_done}\""
        )),
        "week 1 of the plan"
    );
    // The "this hurts" mark, with its date and exercise; the breaks.
    assert!(page.contains(&format!(
        "data-date=\"{}\" data-exercise=\"supine_twist\"",
        days_ago(11)
    )));
    assert!(page.contains("13 breaks fell due: 11 taken, 1 snoozed, 1 skipped."));

    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-shots");
    std::fs::create_dir_all(&shots).expect("shots dir");
    for width in [390, 680, 794] {
        let lines = probe(&bin, &page, h, width);
        assert_eq!(
            lines.first().map(String::as_str),
            Some(format!("viewport {width} scroll {width}").as_str()),
            "at {width} px the page is wider than the window:\n{}",
            lines.join("\n")
        );
        // The routine file's markup stayed text: no image, no frame, and no script but
        // the probe.
        assert!(
            lines
                .iter()
                .any(|l| l == "elements img 0 script 1 iframe 0"),
            "{lines:?}"
        );
        let over: Vec<&String> = lines.iter().filter(|l| l.starts_with("over ")).collect();
        assert!(over.is_empty(), "at {width} px these stick out: {over:?}");
        for id in backease::report::html::SECTIONS {
            let line = lines
                .iter()
                .find(|l| l.starts_with(&format!("section {id} ")))
                .unwrap_or_else(|| panic!("no section {id} at {width} px"));
            let height: u32 = line
                .rsplit(' ')
                .next()
                .and_then(|h| h.parse().ok())
                .unwrap_or(0);
            assert!(height > 20, "section {id} is empty at {width} px: {line}");
        }
        // The page as shipped, in a frame of the width (the window is at least 500 px:
        // a narrower frame shows white beside it).
        let shot = shots.join(format!("report-{width}.png"));
        let frame = framed(h, &out_file, width, "shot");
        let window = width.max(MIN_WINDOW);
        run_chromium(
            &bin,
            &[
                format!("--window-size={window},2400"),
                "--virtual-time-budget=5000".into(),
                format!("--screenshot={}", shot.display()),
            ],
            &url(&frame),
        );
        let png = std::fs::read(&shot).expect("a screenshot");
        assert_eq!(&png[1..4], b"PNG");
        // The PNG's own width (bytes 16..20 of the IHDR chunk) is the window's.
        let png_w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        assert_eq!(png_w, window);
    }

    // Printed on A4 and on Letter: the pages are that paper's size.
    for (paper, size) in [("A4", (595.3, 841.9)), ("letter", (612.0, 792.0))] {
        let copy = h.join(format!("print-{paper}.html"));
        std::fs::write(
            &copy,
            page.replace("</style>", &format!("@page{{size:{paper}}}</style>")),
        )
        .expect("copy");
        let pdf = shots.join(format!("report-{paper}.pdf"));
        run_chromium(
            &bin,
            &[
                "--no-pdf-header-footer".into(),
                format!("--print-to-pdf={}", pdf.display()),
            ],
            &url(&copy),
        );
        let bytes = std::fs::read(&pdf).expect("a PDF");
        assert!(bytes.starts_with(b"%PDF"), "{paper}");
        let text = String::from_utf8_lossy(&bytes);
        // Every page's box, in points (chromium rounds to its own units: within 1 pt).
        let boxes: Vec<(f64, f64)> = text
            .split("/MediaBox [")
            .skip(1)
            .filter_map(|rest| {
                let n: Vec<f64> = rest
                    .split(']')
                    .next()?
                    .split_whitespace()
                    .filter_map(|v| v.parse().ok())
                    .collect();
                (n.len() == 4).then(|| (n[2] - n[0], n[3] - n[1]))
            })
            .collect();
        assert!(!boxes.is_empty(), "{paper}: no pages");
        for (w, h) in &boxes {
            assert!(
                (w - size.0).abs() < 1.0 && (h - size.1).abs() < 1.0,
                "{paper}: a page of {w} × {h} pt"
            );
        }
        assert!(boxes.len() < 12, "{paper}: {} pages", boxes.len());
    }
}

#[test]
fn the_report_never_writes_over_a_file_that_is_not_one_and_json_says_the_same() {
    let home = tempfile::tempdir().expect("temp dir");
    let h = home.path();
    let data = h.join("data");
    record(&data, "core", days_ago(2), &["glute_bridge"], felt(5, 3));
    let run = |args: &[&str]| {
        let out = Command::new(crate::common::tmux::BIN)
            .args(args)
            .current_dir(h)
            .env("BACKEASE_CONFIG_DIR", h.join("config"))
            .env("BACKEASE_DATA_DIR", &data)
            .env("HOME", h)
            .output()
            .expect("run backease");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.code(),
        )
    };
    let name = format!("backease-report-{}.html", days_ago(0));
    std::fs::write(h.join(&name), "my notes\n").expect("a file of mine");
    let (_, err, code) = run(&["report"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("is not a backease report"), "{err}");
    assert_eq!(
        std::fs::read_to_string(h.join(&name)).expect("kept"),
        "my notes\n"
    );
    // An earlier report is replaced.
    std::fs::remove_file(h.join(&name)).expect("removed");
    assert_eq!(run(&["report"]).2, Some(0));
    assert_eq!(run(&["report"]).2, Some(0));
    // The JSON: the same content.
    let (json, _, code) = run(&["report", "--json", "--since", "1w"]);
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["format"], "backease-report");
    assert_eq!(v["sessions"], 1);
    assert_eq!(v["hurts"][0]["exercise"], "glute_bridge");
    assert_eq!(v["checkins"][0]["before"], 5);
    assert!(v["plan"].is_null());
}
