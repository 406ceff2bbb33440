//! systemd-logind's view of the session, over the system D-Bus: `IdleHint` with
//! `IdleSinceHint` (set by the desktop when nobody has touched the keyboard or mouse for a
//! while) and `LockedHint` (the screen is locked). The session is logind's `auto`: the one
//! this process belongs to, else the user's display session.
//!
//! zbus's blocking API; each reading is one `GetAll` call (well under a millisecond on a
//! local bus), made once a minute by the reminder. Properties are not cached, so nothing
//! listens on the bus in between.

use jiff::Timestamp;
use zbus::blocking::{Connection, Proxy, proxy::Builder};
use zbus::proxy::CacheProperties;

use super::{AwayNow, IdleSource};
use crate::remind::schedule::Away;

const SERVICE: &str = "org.freedesktop.login1";
/// logind's alias for the caller's session.
pub const SESSION_PATH: &str = "/org/freedesktop/login1/session/auto";
const INTERFACE: &str = "org.freedesktop.login1.Session";

/// logind, for this session.
pub struct Logind {
    proxy: Proxy<'static>,
    /// When the lock was first seen (logind gives no "locked since").
    locked_since: Option<Timestamp>,
}

impl Logind {
    /// On the system bus (`DBUS_SYSTEM_BUS_ADDRESS`, else the standard socket).
    pub fn system() -> Result<Logind, String> {
        // zbus's own words name the socket and the errno: too long for a one-line note.
        let conn = Connection::system().map_err(|_| "no system D-Bus".to_string())?;
        Logind::on(conn)
    }

    /// On the bus at `address` (tests run a private one).
    pub fn at(address: &str) -> Result<Logind, String> {
        let conn = zbus::blocking::connection::Builder::address(address)
            .and_then(|b| b.build())
            .map_err(|e| format!("cannot reach {address}: {e}"))?;
        Logind::on(conn)
    }

    fn on(conn: Connection) -> Result<Logind, String> {
        let proxy = Builder::new(&conn)
            .destination(SERVICE)
            .and_then(|b| b.path(SESSION_PATH))
            .and_then(|b| b.interface(INTERFACE))
            .map(|b| b.cache_properties(CacheProperties::No))
            .and_then(|b| b.build())
            .map_err(|e| format!("logind: {e}"))?;
        let mut logind = Logind {
            proxy,
            locked_since: None,
        };
        // Asked once now, so a bus without logind (a container) says so at the start.
        logind
            .read()
            .map_err(|_| "logind has no session for this terminal".to_string())?;
        Ok(logind)
    }

    /// (idle, idle since in µs of the wall clock, locked)
    fn read(&mut self) -> zbus::Result<(bool, u64, bool)> {
        let idle: bool = self.proxy.get_property("IdleHint")?;
        let since: u64 = self.proxy.get_property("IdleSinceHint")?;
        // Older logind has no LockedHint: not locked as far as we know.
        let locked: bool = self.proxy.get_property("LockedHint").unwrap_or(false);
        Ok((idle, since, locked))
    }
}

impl IdleSource for Logind {
    fn away(&mut self, now: Timestamp) -> Result<Option<AwayNow>, String> {
        let (idle, since_us, locked) = self.read().map_err(|e| format!("logind: {e}"))?;
        if locked {
            let since = *self.locked_since.get_or_insert(now);
            return Ok(Some(AwayNow {
                since,
                why: Away::Locked,
            }));
        }
        self.locked_since = None;
        if !idle {
            return Ok(None);
        }
        let since = i64::try_from(since_us)
            .ok()
            .filter(|us| *us > 0)
            .and_then(|us| Timestamp::from_microsecond(us).ok())
            .unwrap_or(now);
        Ok(Some(AwayNow {
            since: since.min(now),
            why: Away::Idle,
        }))
    }
}
