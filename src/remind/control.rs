//! The running reminder's door for other commands: a Unix socket, `remind/control.sock`,
//! on which `backease pause` and `backease resume` ask the reminder (in a window or in the
//! background) to pause or resume, and get back one line saying what it did. A shell: it
//! only carries text; the reminder's loop decides (`tui::desk`).
//!
//! The reminder binds the socket after taking its lock (so a stale socket left by a
//! killed one is removed safely) and a thread accepts on it: each connection's one line
//! becomes a [`Request`] sent to the loop over a channel, with a byte written to the
//! loop's wake-up socket so it answers at once; the loop's answer is written back. A
//! reminder that does not answer within [`ANSWER`] is reported as such by [`ask`].

use std::io::{BufRead, BufReader, Read as _, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

/// How long the asking side waits for the reminder's answer.
pub const ANSWER: Duration = Duration::from_secs(5);

/// What a command (or a notification's button) asks of the running reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// `backease pause LENGTH` (the text as given: the reminder reads it on its clock).
    Pause(String),
    Resume,
    /// A notification's action: `start`, `snooze` or `skip`.
    Action(String),
}

impl Ask {
    fn line(&self) -> String {
        match self {
            Ask::Pause(length) => format!("pause {length}"),
            Ask::Resume => "resume".into(),
            Ask::Action(a) => format!("action {a}"),
        }
    }

    fn parse(line: &str) -> Option<Ask> {
        let line = line.trim();
        match line.split_once(' ') {
            Some(("pause", length)) => Some(Ask::Pause(length.to_string())),
            Some(("action", a)) => Some(Ask::Action(a.to_string())),
            None if line == "resume" => Some(Ask::Resume),
            _ => None,
        }
    }
}

/// A request and where its answer goes.
#[derive(Debug)]
pub struct Request {
    pub ask: Ask,
    pub reply: Option<Sender<String>>,
}

/// The socket's path in the reminder's directory.
pub fn path(dir: &Path) -> PathBuf {
    dir.join("control.sock")
}

/// Binds the socket (the caller holds the reminder's lock) and starts the accepting
/// thread; requests arrive on the returned channel, each announced by a byte on `wake`.
/// Also returns a sender, so other threads (the notification's buttons) can use the same
/// way in.
pub fn listen(
    dir: &Path,
    wake: UnixStream,
) -> std::io::Result<(Sender<Request>, Receiver<Request>)> {
    let path = path(dir);
    let _ = std::fs::remove_file(&path);
    let listener = UnixListener::bind(&path)?;
    let (tx, rx) = mpsc::channel();
    let to_loop = tx.clone();
    std::thread::Builder::new()
        .name("remind-control".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                serve(stream, &to_loop, &wake);
            }
        })?;
    Ok((tx, rx))
}

/// Sends `ask` to the loop from another thread, waking it.
pub fn send(to_loop: &Sender<Request>, wake: &UnixStream, ask: Ask) {
    let _ = to_loop.send(Request { ask, reply: None });
    let _ = (&*wake).write(&[1]);
}

fn serve(stream: UnixStream, to_loop: &Sender<Request>, mut wake: &UnixStream) {
    let _ = stream.set_read_timeout(Some(ANSWER));
    let mut line = String::new();
    if BufReader::new((&stream).take(1024))
        .read_line(&mut line)
        .is_err()
    {
        return;
    }
    let answer = match Ask::parse(&line) {
        Some(ask) => {
            let (reply, answer) = mpsc::channel();
            if to_loop
                .send(Request {
                    ask,
                    reply: Some(reply),
                })
                .is_err()
            {
                return;
            }
            let _ = wake.write(&[1]);
            answer.recv_timeout(ANSWER).unwrap_or_else(|_| {
                "error: the reminder did not answer within 5 s (a break routine may be \
                     running in its window: try again when it ends)"
                    .into()
            })
        }
        None => "error: not a request".into(),
    };
    let _ = (&stream).write_all(format!("{answer}\n").as_bytes());
}

/// Asks the running reminder whose directory is `dir`; its one-line answer (an answer
/// starting `error: ` is returned as `Err`).
pub fn ask(dir: &Path, ask: &Ask) -> Result<String, String> {
    let path = path(dir);
    let mut stream = UnixStream::connect(&path).map_err(|e| {
        format!(
            "cannot reach the running reminder ({}): {e}",
            path.display()
        )
    })?;
    let _ = stream.set_read_timeout(Some(ANSWER + Duration::from_secs(1)));
    stream
        .write_all(format!("{}\n", ask.line()).as_bytes())
        .map_err(|e| format!("cannot reach the running reminder: {e}"))?;
    let mut answer = String::new();
    BufReader::new(&stream)
        .read_line(&mut answer)
        .map_err(|e| format!("the running reminder did not answer: {e}"))?;
    let answer = answer.trim().to_string();
    if answer.is_empty() {
        return Err("the running reminder did not answer".into());
    }
    match answer.strip_prefix("error: ") {
        Some(e) => Err(e.to_string()),
        None => Ok(answer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_reaches_the_loop_and_its_answer_comes_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (wake_tx, wake_rx) = UnixStream::pair().expect("pair");
        let (_tx, rx) = listen(dir.path(), wake_tx).expect("listening");
        let loop_side = std::thread::spawn(move || {
            let mut byte = [0u8; 1];
            std::io::Read::read(&mut &wake_rx, &mut byte).expect("woken");
            let request = rx.recv().expect("a request");
            assert_eq!(request.ask, Ask::Pause("30m".into()));
            request
                .reply
                .expect("a reply channel")
                .send("paused until 10:30".into())
                .expect("sent");
        });
        assert_eq!(
            ask(dir.path(), &Ask::Pause("30m".into())),
            Ok("paused until 10:30".into())
        );
        loop_side.join().expect("the loop side");
        let e = ask(&dir.path().join("nowhere"), &Ask::Resume).expect_err("no reminder");
        assert!(e.starts_with("cannot reach the running reminder"), "{e}");
    }

    #[test]
    fn lines_read_back_as_what_was_asked() {
        for a in [
            Ask::Pause("1h".into()),
            Ask::Resume,
            Ask::Action("snooze".into()),
        ] {
            assert_eq!(Ask::parse(&a.line()), Some(a));
        }
        assert_eq!(Ask::parse("rm -rf"), None);
    }
}
