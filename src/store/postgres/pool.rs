//! A small pool of connections to one database, opened as needed up to a
//! bound; a broken connection is dropped, not handed out again.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

use postgres::{Client, Config, NoTls, Statement};

use crate::store::{StoreError, StoreResult};

/// How many connections one process keeps open at most.
const MAX_CONNECTIONS: usize = 16;
/// How long a transaction waits for a free connection before it is told
/// the store is busy.
const WAIT: Duration = Duration::from_secs(30);

pub struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
}

struct Slots {
    idle: Vec<Conn>,
    open: usize,
}

pub struct Pool {
    config: Config,
    location: String,
    slots: Mutex<Slots>,
    freed: Condvar,
}

/// A connection taken from the pool; it goes back when dropped.
pub struct Pooled<'p> {
    pool: &'p Pool,
    conn: Option<Conn>,
    /// Closed when given back instead of kept for the next one.
    discard: bool,
}

impl Pooled<'_> {
    pub fn client(&mut self) -> &mut Client {
        &mut self.conn.as_mut().expect("held until dropped").client
    }

    pub fn parts(&mut self) -> (&mut Client, &mut HashMap<String, Statement>) {
        let conn = self.conn.as_mut().expect("held until dropped");
        (&mut conn.client, &mut conn.statements)
    }

    /// Close this connection when it is given back.
    pub fn discard(&mut self) {
        self.discard = true;
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else { return };
        let mut slots = self.pool.lock();
        if self.discard || conn.client.is_closed() {
            slots.open -= 1;
        } else {
            slots.idle.push(conn);
        }
        drop(slots);
        self.pool.freed.notify_one();
    }
}

impl Drop for Pool {
    /// Closing a connection blocks on the driver: done off the runtime.
    fn drop(&mut self) {
        let idle = std::mem::take(&mut self.lock().idle);
        super::off_runtime(move || drop(idle));
    }
}

impl Pool {
    /// A pool for `url`; one connection is made at once, so that a wrong
    /// address or password is told now.
    pub fn new(url: &str, location: &str) -> StoreResult<Pool> {
        let mut config = Config::from_str(url).map_err(|e| StoreError::Unreachable {
            location: location.to_string(),
            detail: e.to_string(),
        })?;
        config.application_name("otklik");
        // Short queries: compiling them (JIT) costs more than it saves.
        config.options("-c jit=off");
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        let pool = Pool {
            config,
            location: location.to_string(),
            slots: Mutex::new(Slots {
                idle: Vec::new(),
                open: 0,
            }),
            freed: Condvar::new(),
        };
        Ok(pool)
    }

    /// Where and how connections are made (for a connection of one's own).
    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn usage(&self) -> crate::store::PoolUsage {
        let slots = self.lock();
        crate::store::PoolUsage {
            open: slots.open,
            idle: slots.idle.len(),
            max: MAX_CONNECTIONS,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Slots> {
        self.slots.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn connect(&self) -> StoreResult<Conn> {
        let client = self
            .config
            .connect(NoTls)
            .map_err(|e| connect_error(&self.location, e))?;
        Ok(Conn {
            client,
            statements: HashMap::new(),
        })
    }

    pub fn get(&self) -> StoreResult<Pooled<'_>> {
        let mut slots = self.lock();
        loop {
            if let Some(conn) = slots.idle.pop() {
                return Ok(Pooled {
                    pool: self,
                    conn: Some(conn),
                    discard: false,
                });
            }
            if slots.open < MAX_CONNECTIONS {
                slots.open += 1;
                drop(slots);
                return match self.connect() {
                    Ok(conn) => Ok(Pooled {
                        pool: self,
                        conn: Some(conn),
                        discard: false,
                    }),
                    Err(e) => {
                        self.lock().open -= 1;
                        self.freed.notify_one();
                        Err(e)
                    }
                };
            }
            let (next, waited) = self
                .freed
                .wait_timeout(slots, WAIT)
                .unwrap_or_else(|p| p.into_inner());
            slots = next;
            if waited.timed_out() && slots.idle.is_empty() && slots.open >= MAX_CONNECTIONS {
                return Err(StoreError::Busy);
            }
        }
    }
}

/// What a failed connection means to the person who gave the URL.
fn connect_error(location: &str, e: postgres::Error) -> StoreError {
    use postgres::error::SqlState;
    let detail = match e.as_db_error() {
        Some(db) => db.message().to_string(),
        // The driver's own words say little ("error connecting to
        // server"); its cause says what happened.
        None => match std::error::Error::source(&e) {
            Some(cause) => cause.to_string(),
            None => e.to_string(),
        },
    };
    match e.code() {
        Some(c)
            if *c == SqlState::INVALID_PASSWORD
                || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
        {
            StoreError::SignInRefused {
                location: location.to_string(),
                detail,
            }
        }
        Some(c) if *c == SqlState::INVALID_CATALOG_NAME => StoreError::Missing(location.into()),
        _ => StoreError::Unreachable {
            location: location.to_string(),
            detail,
        },
    }
}
