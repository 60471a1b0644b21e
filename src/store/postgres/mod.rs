//! The store on a PostgreSQL server: several `otklik serve` processes share
//! one database.
//!
//! - a small pool of connections, each with its prepared statements
//! - the store check and the migrations (`migrations/`, applied on open)
//! - [`Database`] over it: a read is one `REPEATABLE READ` snapshot; a
//!   write takes one database-wide advisory lock first, so that writes are
//!   serial across every process, as in the embedded store (one writer,
//!   readers beside it), and each statement sees every earlier commit
//! - the port itself, table by table: [`orgs`], [`accounts`], [`messages`],
//!   [`catalog`] (categories, templates, meta, readiness)

mod accounts;
mod bulk;
mod catalog;
mod cells;
mod changes;
mod citizen;
pub mod copy;
mod links;
mod mail;
mod messages;
mod orgs;
mod polls;
mod pool;

use std::cell::RefCell;
use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::{NoTls, Row, Statement, Transaction};

use self::pool::Pool;
use crate::store::follow::Follower;
use crate::store::{Cancel, Database, Reader, StoreError, StoreResult, Writer};

/// The schema, one migration per version; `otklik_schema.version` is the last applied.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_live_children.sql"),
    include_str!("migrations/0003_changes.sql"),
    include_str!("migrations/0004_mail_queue.sql"),
    include_str!("migrations/0005_history_subject.sql"),
    include_str!("migrations/0006_open_status.sql"),
    include_str!("migrations/0007_links_and_drafts.sql"),
    include_str!("migrations/0008_citizen_side.sql"),
    include_str!("migrations/0009_polls.sql"),
];

/// The advisory lock every write transaction holds ("OTKL").
const WRITE_LOCK: i64 = 0x4F54_4B4C;

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Whether `location` names a PostgreSQL database rather than a file.
pub fn is_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// The URL without its password, as messages show it.
pub fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

pub struct PgStore {
    pool: Pool,
    location: String,
    follower: std::sync::Arc<Follower>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("location", &self.location)
            .finish()
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        use postgres::error::SqlState;
        match e.code() {
            Some(c)
                if *c == SqlState::T_R_SERIALIZATION_FAILURE
                    || *c == SqlState::T_R_DEADLOCK_DETECTED
                    || *c == SqlState::LOCK_NOT_AVAILABLE
                    || *c == SqlState::ADMIN_SHUTDOWN
                    || *c == SqlState::CANNOT_CONNECT_NOW =>
            {
                StoreError::Busy
            }
            Some(c) if *c == SqlState::QUERY_CANCELED => StoreError::Cancelled,
            _ if e.is_closed() => StoreError::Busy,
            _ => StoreError::Failed {
                detail: e.to_string(),
            },
        }
    }
}

impl PgStore {
    /// Connects to the database at `url`, checks that it is an otklik
    /// database (or an empty one) not newer than this build, and brings its
    /// schema up to date. Anything else is refused before a write.
    pub fn open(url: &str) -> StoreResult<PgStore> {
        let location = redacted(url);
        let pool = Pool::new(url, &location)?;
        let store = PgStore {
            pool,
            location,
            follower: Follower::new(),
        };
        off_runtime(|| store.migrate())?;
        Ok(store)
    }

    fn migrate(&self) -> StoreResult<()> {
        let mut conn = self.pool.get()?;
        let client = conn.client();
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
        let ours = tx
            .query_one("SELECT to_regclass('otklik_schema') IS NOT NULL", &[])?
            .try_get::<_, bool>(0)?;
        let current = if ours {
            tx.query_one("SELECT coalesce(max(version), 0) FROM otklik_schema", &[])?
                .try_get::<_, i64>(0)?
        } else {
            let tables: i64 = tx
                .query_one(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
                    &[],
                )?
                .try_get(0)?;
            if tables > 0 {
                return Err(StoreError::NotAStore(self.location.clone().into()));
            }
            0
        };
        if current > schema_version() {
            return Err(StoreError::Newer {
                path: self.location.clone().into(),
                found: current,
                known: schema_version(),
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate() {
            let version = i as i64 + 1;
            if version <= current {
                continue;
            }
            tx.batch_execute(sql)?;
            tx.execute("DELETE FROM otklik_schema", &[])?;
            tx.execute(
                "INSERT INTO otklik_schema (version) VALUES ($1)",
                &[&version],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn transact<T, E>(
        &self,
        mode: Mode,
        f: impl FnOnce(&PgTx) -> Result<(T, bool), E> + Send,
    ) -> Result<T, E>
    where
        T: Send,
        E: From<StoreError> + Send,
    {
        let cancel = match mode {
            Mode::Read(cancel) if cancel.is_fired() => return Err(StoreError::Cancelled.into()),
            Mode::Read(cancel) => Some(cancel.clone()),
            Mode::Write | Mode::Bulk => None,
        };
        off_runtime(|| {
            let mut conn = self.pool.get()?;
            // Firing asks the server to cancel the statement running on this
            // connection; the request goes on a connection of its own, from
            // a thread of its own (the one firing may drive a runtime).
            let server_side = conn.client().cancel_token();
            let hooked = match &cancel {
                Some(cancel) => Some(
                    cancel
                        .on_fire(move || {
                            std::thread::spawn(move || server_side.cancel_query(NoTls));
                        })
                        .ok_or(StoreError::Cancelled)?,
                ),
                None => None,
            };
            let value = Self::run(&mut conn, mode, cancel.clone(), f);
            drop(hooked);
            // A cancel request may still be on its way: it must not reach
            // whatever this connection runs next.
            if cancel.is_some_and(|c| c.is_fired()) {
                conn.discard();
            }
            value
        })
    }

    /// One transaction of `mode` on `conn`.
    fn run<T, E>(
        conn: &mut pool::Pooled<'_>,
        mode: Mode,
        cancel: Option<Cancel>,
        f: impl FnOnce(&PgTx) -> Result<(T, bool), E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let (client, statements) = conn.parts();
        let mut tx = match mode {
            // One snapshot, in one round trip.
            Mode::Read(_) => client
                .build_transaction()
                .isolation_level(postgres::IsolationLevel::RepeatableRead)
                .read_only(true)
                .start(),
            Mode::Write | Mode::Bulk => client.transaction(),
        }
        .map_err(StoreError::from)?;
        if !matches!(mode, Mode::Read(_)) {
            tx.batch_execute(&format!("SELECT pg_advisory_xact_lock({WRITE_LOCK})"))
                .map_err(StoreError::from)?;
        }
        let bulk = match mode {
            Mode::Bulk => Some(bulk::Buffers::begin(&mut tx)?),
            Mode::Read(_) | Mode::Write => None,
        };
        let pg = PgTx {
            tx: RefCell::new(tx),
            statements: RefCell::new(statements),
            bulk,
            cancel,
        };
        let (value, keep) = f(&pg)?;
        if keep {
            pg.end_bulk()?;
        }
        let tx = pg.tx.into_inner();
        if keep {
            tx.commit().map_err(StoreError::from)?;
        } else {
            tx.rollback().map_err(StoreError::from)?;
        }
        Ok(value)
    }
}

impl Database for PgStore {
    fn read_cancellable<T, E>(
        &self,
        cancel: &Cancel,
        f: impl FnOnce(&dyn Reader) -> Result<T, E> + Send,
    ) -> Result<T, E>
    where
        T: Send,
        E: From<StoreError> + Send,
    {
        self.transact(Mode::Read(cancel), |tx| f(tx).map(|v| (v, false)))
    }

    fn write<T, E>(
        &self,
        f: impl FnOnce(&dyn Writer) -> Result<(T, bool), E> + Send,
    ) -> Result<T, E>
    where
        T: Send,
        E: From<StoreError> + Send,
    {
        self.transact(Mode::Write, |tx| f(tx))
    }

    /// Messages and history lines go in by `COPY`, the counting trigger
    /// is off while loading and the counts are made once at the end.
    fn bulk_write<T, E>(&self, f: impl FnOnce(&dyn Writer) -> Result<T, E> + Send) -> Result<T, E>
    where
        T: Send,
        E: From<StoreError> + Send,
    {
        self.transact(Mode::Bulk, |tx| f(tx).map(|v| (v, true)))
    }

    fn location(&self) -> String {
        self.location.clone()
    }

    fn changes(&self) -> tokio::sync::watch::Receiver<i64> {
        let config = self.pool.config().clone();
        self.follower
            .subscribe(move |watcher| changes::watch(config, watcher))
    }

    fn ready(&self) -> StoreResult<()> {
        off_runtime(|| {
            let mut conn = self.pool.get()?;
            let version: i64 = conn
                .client()
                .query_one("SELECT coalesce(max(version), 0) FROM otklik_schema", &[])?
                .try_get(0)?;
            if version == schema_version() {
                Ok(())
            } else {
                Err(StoreError::Newer {
                    path: self.location.clone().into(),
                    found: version,
                    known: schema_version(),
                })
            }
        })
    }

    fn pool_usage(&self) -> Option<crate::store::PoolUsage> {
        Some(self.pool.usage())
    }
}

/// What a transaction is for.
#[derive(Clone, Copy)]
enum Mode<'c> {
    /// A read, stopped when its cancel fires.
    Read(&'c Cancel),
    Write,
    /// A write that loads much at once.
    Bulk,
}

/// One transaction on a pooled connection, with that connection's
/// prepared statements.
pub struct PgTx<'a> {
    tx: RefCell<Transaction<'a>>,
    statements: RefCell<&'a mut HashMap<String, Statement>>,
    /// Rows gathered for `COPY` while loading in bulk.
    bulk: Option<bulk::Buffers>,
    /// A read's cancel: once fired, no further statement runs.
    cancel: Option<Cancel>,
}

type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

impl PgTx<'_> {
    fn statement(&self, sql: &str) -> StoreResult<Statement> {
        if self.cancel.as_ref().is_some_and(Cancel::is_fired) {
            return Err(StoreError::Cancelled);
        }
        self.flush_bulk()?;
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let prepared = self.tx.borrow_mut().prepare(sql)?;
        self.statements
            .borrow_mut()
            .insert(sql.to_string(), prepared.clone());
        Ok(prepared)
    }

    fn rows(&self, sql: &str, params: Params) -> StoreResult<Vec<Row>> {
        let statement = self.statement(sql)?;
        Ok(self.tx.borrow_mut().query(&statement, params)?)
    }

    fn row(&self, sql: &str, params: Params) -> StoreResult<Option<Row>> {
        let statement = self.statement(sql)?;
        Ok(self.tx.borrow_mut().query_opt(&statement, params)?)
    }

    /// The first column of the one row `sql` answers.
    fn value<T: for<'r> postgres::types::FromSql<'r>>(
        &self,
        sql: &str,
        params: Params,
    ) -> StoreResult<T> {
        let statement = self.statement(sql)?;
        let row = self.tx.borrow_mut().query_one(&statement, params)?;
        Ok(row.try_get(0)?)
    }

    fn exec(&self, sql: &str, params: Params) -> StoreResult<u64> {
        let statement = self.statement(sql)?;
        Ok(self.tx.borrow_mut().execute(&statement, params)?)
    }

    /// Statements that take no parameters, run as they are (no preparing).
    fn batch(&self, sql: &str) -> StoreResult<()> {
        self.flush_bulk()?;
        Ok(self.tx.borrow_mut().batch_execute(sql)?)
    }
}

impl Writer for PgTx<'_> {
    fn begin_step(&self) -> StoreResult<()> {
        self.batch("SAVEPOINT step")
    }
    fn keep_step(&self) -> StoreResult<()> {
        self.batch("RELEASE step")
    }
    fn undo_step(&self) -> StoreResult<()> {
        self.batch("ROLLBACK TO step; RELEASE step")
    }
}

/// Runs `work` where the blocking driver may run: not on a thread that
/// drives an async runtime (the driver would refuse to nest one).
pub(crate) fn off_runtime<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current().map(|h| h.runtime_flavor()) {
        Err(_) => work(),
        Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(work),
        Ok(_) => std::thread::scope(|s| match s.spawn(work).join() {
            Ok(value) => value,
            Err(panic) => std::panic::resume_unwind(panic),
        }),
    }
}

/// Counts from the database are never negative; as the port's `u64`.
fn count(n: i64) -> u64 {
    n.max(0) as u64
}
