//! The store: the port the rules are written against, and its
//! implementations.
//!
//! - [`port`]: the per-table traits, gathered in [`Reader`] (one consistent
//!   snapshot) and [`Writer`] (one serialisable write transaction)
//! - [`records`]: what goes in (new organisations, accounts, messages,
//!   history lines) and the few shapes that come back besides domain types
//! - [`secrets`]: tokens and invitation links, generated here and kept hashed
//! - [`keys`]: folded names, sort keys, word stems, page cursors — kept
//!   alike by every store
//! - [`sqlite`]: the embedded store (one file, WAL, FTS5)
//! - [`postgres`]: the store on a PostgreSQL server, shared by several
//!   server processes
//! - [`follow`]: the latest committed change, as every store learns of it
//! - [`any`]: either of them, as the command line or the configuration names it
//! - [`cancel`]: a read nobody waits for any more stops
//!
//! Only `sqlite` and `postgres` know SQL or a driver.
//!
//! A [`Database`] hands out transactions; the rules (`service::rules`) run
//! in them and never see a driver type. Errors come back as [`StoreError`].

pub mod any;
pub mod cancel;
pub mod citizen;
pub mod copy;
pub mod follow;
pub mod keys;
pub mod mail;
pub mod polls;
pub mod port;
pub mod postgres;
pub mod records;
pub mod rows;
pub mod secrets;
pub mod sqlite;

use std::path::PathBuf;

pub use any::AnyStore;
pub use cancel::Cancel;
pub use port::{
    AccountReads, AccountWrites, CHANGES_KEPT, CategoryReads, CategoryWrites, ChangeReads,
    ChangeWrites, CitizenReads, CitizenWrites, InvitationReads, InvitationWrites, MailReads,
    MailWrites, MessageReads, MessageWrites, MetaReads, MetaWrites, OrgReads, OrgWrites, PageOf,
    PollReads, PollWrites, Reader, TemplateReads, TemplateWrites, TokenReads, TokenWrites, Writer,
};
pub use sqlite::{OpenMode, SqliteStore, schema_version};

/// The embedded store under its everyday name.
pub type Store = SqliteStore;

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no store at {0}")]
    Missing(PathBuf),
    #[error("{0} is not an otklik store")]
    NotAStore(PathBuf),
    #[error("{path} was written by a newer otklik (store version {found}, this one knows {known})")]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{path}: {detail}")]
    Io { path: PathBuf, detail: String },
    /// A database server that does not answer (or a URL it cannot be).
    #[error("cannot reach the database {location}: {detail}")]
    Unreachable { location: String, detail: String },
    /// The database server refused the user or the password.
    #[error("the database {location} refused the sign-in: {detail}")]
    SignInRefused { location: String, detail: String },
    /// Another writer holds the store, or the transaction lost a race it
    /// may win if run again.
    #[error("the store is busy")]
    Busy,
    /// The read was given up: nobody waited for it any more.
    #[error("the read was cancelled")]
    Cancelled,
    /// The implementation failed; `detail` is for the log only.
    #[error("store failure: {detail}")]
    Failed { detail: String },
}

/// A database the rules can run on.
///
/// `read` runs `f` on one consistent snapshot. `write` runs `f` in one
/// serialisable write transaction and commits only when `f` answers
/// `Ok((value, true))`; `Ok((value, false))` and any error roll it back.
/// Both block: callers on an async runtime run them on a blocking thread.
pub trait Database: Send + Sync + 'static {
    fn read<T, E>(&self, f: impl FnOnce(&dyn Reader) -> Result<T, E> + Send) -> Result<T, E>
    where
        T: Send,
        E: From<StoreError> + Send,
    {
        self.read_cancellable(&Cancel::new(), f)
    }

    /// A read that stops, with [`StoreError::Cancelled`], once `cancel`
    /// fires: the statement running is interrupted and no next one runs.
    fn read_cancellable<T, E>(
        &self,
        cancel: &Cancel,
        f: impl FnOnce(&dyn Reader) -> Result<T, E> + Send,
    ) -> Result<T, E>
    where
        T: Send,
        E: From<StoreError> + Send;

    fn write<T, E>(
        &self,
        f: impl FnOnce(&dyn Writer) -> Result<(T, bool), E> + Send,
    ) -> Result<T, E>
    where
        T: Send,
        E: From<StoreError> + Send;

    /// A write that loads much at once (demo data): the implementation may
    /// tune itself and defer its indexes until the end; what it holds when
    /// done is what a plain `write` would have left.
    fn bulk_write<T, E>(&self, f: impl FnOnce(&dyn Writer) -> Result<T, E> + Send) -> Result<T, E>
    where
        T: Send,
        E: From<StoreError> + Send,
    {
        self.write(|w| f(w).map(|value| (value, true)))
    }

    /// Where the data is, for messages (a file's path, a server's address).
    fn location(&self) -> String;

    /// The id of the latest committed change, kept current wherever the
    /// change was made ([`follow`]).
    fn changes(&self) -> tokio::sync::watch::Receiver<i64>;

    /// Whether the store answers and its schema is the one this build
    /// writes (a server's readiness).
    fn ready(&self) -> StoreResult<()>;

    /// Connections open, idle and at most, where there is a pool.
    fn pool_usage(&self) -> Option<PoolUsage> {
        None
    }
}

/// How a pool of connections is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUsage {
    pub open: usize,
    pub idle: usize,
    pub max: usize,
}

/// The position an accounts cursor names; `None` when it is not one of ours.
pub fn parse_account_cursor(c: &str) -> Option<(i64, String)> {
    let (id, key) = c.split_once(':')?;
    Some((id.parse().ok()?, key.to_string()))
}

/// Now, as stored: Unix seconds.
pub fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

pub fn to_time(secs: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default()
}
