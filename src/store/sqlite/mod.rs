//! The embedded SQLite store: opening and checking the file, migrations,
//! a small pool of connections (one writer, four readers), and the queries
//! grouped by table.
//!
//! - [`orgs`], [`accounts`], [`messages`], [`tokens`], [`invitations`],
//!   [`categories`], [`templates`], [`readiness`], [`responsibilities`]:
//!   queries, each a function over a `&Connection`
//! - [`port`]: the store port implemented on a connection by those queries
//! - [`search`]: the word-stem index
//! - `migrations/`: the schema, embedded and applied on open

pub mod accounts;
pub mod categories;
mod cells;
mod changes;
mod citizen;
pub mod copy;
pub mod inspect;
pub mod invitations;
mod links;
mod mail;
pub mod messages;
pub mod orgs;
mod plan;
mod polls;
mod port;
pub mod readiness;
pub mod responsibilities;
pub mod search;
pub mod templates;
pub mod tokens;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::store::follow::Follower;
use crate::store::{Cancel, Database, Reader, Writer};
pub use crate::store::{StoreError, now_secs, to_time};

/// `PRAGMA application_id` of every otklik store ("OTKL").
pub const APPLICATION_ID: i32 = 0x4F54_4B4C;

/// The schema, one migration per version; `user_version` is the last applied.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_citizen_contact.sql"),
    include_str!("migrations/0003_changes.sql"),
    include_str!("migrations/0004_mail_queue.sql"),
    include_str!("migrations/0005_history_subject.sql"),
    include_str!("migrations/0006_open_status.sql"),
    include_str!("migrations/0007_search_scope.sql"),
    include_str!("migrations/0008_links_and_drafts.sql"),
    include_str!("migrations/0009_citizen_side.sql"),
    include_str!("migrations/0010_polls.sql"),
];

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

const READERS: usize = 4;
/// How many virtual-machine steps a statement takes between two looks at
/// its read's cancel (an atomic load: the cost does not show).
const PROGRESS_STEPS: std::ffi::c_int = 1_000;

/// Whether opening may create a new store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    Existing,
    CreateIfMissing,
}

pub struct SqliteStore {
    path: PathBuf,
    // Fields drop in order: the readers first, so that the writer closes
    // last and checkpoints the WAL into the database (a read-only
    // connection cannot).
    readers: Vec<Mutex<Connection>>,
    writer: Mutex<Connection>,
    next_reader: AtomicUsize,
    follower: Arc<Follower>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

fn io_error(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// Looks at an existing file without writing to it: is it ours, and not newer?
fn check_existing(path: &Path) -> Result<(), StoreError> {
    let len = std::fs::metadata(path)
        .map_err(|e| io_error(path, e))?
        .len();
    if len == 0 {
        return Ok(()); // an empty file is an empty database
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| io_error(path, e))?;
    let not_ours = |_| StoreError::NotAStore(path.to_path_buf());
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(not_ours)?;
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(not_ours)?;
    if app_id != APPLICATION_ID && !(app_id == 0 && objects == 0) {
        return Err(StoreError::NotAStore(path.to_path_buf()));
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(not_ours)?;
    if version > schema_version() {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: version,
            known: schema_version(),
        });
    }
    Ok(())
}

/// Each connection's page cache, in KiB: with the writer and the readers
/// the store holds at most 5 × 8 MB of pages, whatever is read (the
/// system's file cache keeps the rest of a large store close).
const CACHE_KIB: u32 = 8_000;

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    search::register(conn)?;
    // The platform's day of a moment (seconds), as 'YYYY-MM-DD'.
    conn.create_scalar_function(
        "otklik_day",
        1,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8,
        |ctx| {
            let secs = ctx.get::<Option<i64>>(0)?;
            Ok(secs.map(|s| {
                crate::domain::clock::day_of_secs(s)
                    .format("%Y-%m-%d")
                    .to_string()
            }))
        },
    )?;
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -{CACHE_KIB};"
    ))
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate() {
        let version = i as i64 + 1;
        if version <= current {
            continue;
        }
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {version};"
        ))?;
        tx.commit()?;
    }
    Ok(())
}

impl SqliteStore {
    /// Opens (or, with [`OpenMode::CreateIfMissing`], creates) the store at
    /// `path`. A file that is not an otklik store, or is newer than this
    /// build, is refused before anything is written to it.
    pub fn open(path: &Path, mode: OpenMode) -> Result<SqliteStore, StoreError> {
        if path.exists() {
            check_existing(path)?;
        } else if mode == OpenMode::Existing {
            return Err(StoreError::Missing(path.to_path_buf()));
        } else {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                crate::config::private_dir(dir).map_err(|e| io_error(dir, e))?;
            }
            // The store holds personal data: its owner's only (SQLite gives
            // its journal files the same mode).
            crate::config::create_private(path, true).map_err(|e| io_error(path, e))?;
        }
        let mut writer = Connection::open(path).map_err(|e| io_error(path, e))?;
        let setup = |conn: &mut Connection| -> rusqlite::Result<()> {
            conn.pragma_update(None, "journal_mode", "WAL")?;
            configure(conn)?;
            migrate(conn)
        };
        setup(&mut writer).map_err(|e| io_error(path, e))?;
        let readers = (0..READERS)
            .map(|_| {
                let conn = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                configure(&conn)?;
                Ok(Mutex::new(conn))
            })
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| io_error(path, e))?;
        Ok(SqliteStore {
            path: path.to_path_buf(),
            writer: Mutex::new(writer),
            readers,
            next_reader: AtomicUsize::new(0),
            follower: Follower::new(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A connection for reading (WAL lets readers run beside the writer).
    pub fn reader(&self) -> MutexGuard<'_, Connection> {
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        for i in 0..self.readers.len() {
            if let Ok(guard) = self.readers[(start + i) % self.readers.len()].try_lock() {
                return guard;
            }
        }
        let slot = &self.readers[start % self.readers.len()];
        slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The one connection that writes.
    pub fn writer(&self) -> MutexGuard<'_, Connection> {
        self.writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// True when the store holds no organisation yet.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        let n: i64 = self
            .reader()
            .query_row("SELECT count(*) FROM orgs", [], |r| r.get(0))?;
        Ok(n == 0)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy
            }
            Some(rusqlite::ErrorCode::OperationInterrupted) => StoreError::Cancelled,
            _ => StoreError::Failed {
                detail: e.to_string(),
            },
        }
    }
}

impl Database for SqliteStore {
    fn read_cancellable<T, E>(
        &self,
        cancel: &Cancel,
        f: impl FnOnce(&dyn Reader) -> Result<T, E> + Send,
    ) -> Result<T, E>
    where
        T: Send,
        E: From<StoreError> + Send,
    {
        if cancel.is_fired() {
            return Err(StoreError::Cancelled.into());
        }
        let conn = self.reader();
        // Every thousand steps of a statement SQLite asks whether to go
        // on; a fired cancel says no and the statement stops, interrupted.
        let asked = cancel.clone();
        conn.progress_handler(PROGRESS_STEPS, Some(move || asked.is_fired()))
            .map_err(StoreError::from)?;
        let read = || -> Result<T, E> {
            // A deferred transaction: every read inside sees one snapshot.
            let snapshot = conn.unchecked_transaction().map_err(StoreError::from)?;
            let value = f(&*snapshot)?;
            snapshot.finish().map_err(StoreError::from)?;
            Ok(value)
        };
        let value = read();
        let cleared = conn.progress_handler(0, None::<fn() -> bool>);
        let value = value?;
        cleared.map_err(StoreError::from)?;
        Ok(value)
    }

    fn write<T, E>(
        &self,
        f: impl FnOnce(&dyn Writer) -> Result<(T, bool), E> + Send,
    ) -> Result<T, E>
    where
        T: Send,
        E: From<StoreError> + Send,
    {
        let mut conn = self.writer();
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let (value, keep) = f(&*tx)?;
        if keep {
            tx.commit().map_err(StoreError::from)?;
            self.follower.nudge();
        }
        Ok(value)
    }

    fn bulk_write<T, E>(&self, f: impl FnOnce(&dyn Writer) -> Result<T, E> + Send) -> Result<T, E>
    where
        T: Send,
        E: From<StoreError> + Send,
    {
        let mut conn = self.writer();
        // While loading: a larger page cache for the growing indexes, and
        // statement journals (one per insert, the triggers need them) kept
        // in memory instead of a temporary file. Both are per connection,
        // change nothing on disk and are restored afterwards.
        let tune = |conn: &Connection| -> rusqlite::Result<(i64, i64)> {
            let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
            let temp: i64 = conn.query_row("PRAGMA temp_store", [], |r| r.get(0))?;
            conn.execute_batch("PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;")?;
            Ok((cache, temp))
        };
        let (cache, temp) = tune(&conn).map_err(StoreError::from)?;
        let load = |conn: &mut Connection| -> Result<T, E> {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(StoreError::from)?;
            // The search index is filled once at the end, not row by row.
            search::suspend_indexing(&tx).map_err(StoreError::from)?;
            let value = f(&*tx)?;
            search::rebuild_index(&tx).map_err(StoreError::from)?;
            tx.commit().map_err(StoreError::from)?;
            Ok(value)
        };
        let result = load(&mut conn);
        let restored = conn.execute_batch(&format!(
            "PRAGMA cache_size = {cache}; PRAGMA temp_store = {temp};"
        ));
        let value = result?;
        restored.map_err(StoreError::from)?;
        self.follower.nudge();
        Ok(value)
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn changes(&self) -> tokio::sync::watch::Receiver<i64> {
        let path = self.path.clone();
        self.follower
            .subscribe(move |watcher| changes::watch(path, watcher))
    }

    fn ready(&self) -> Result<(), StoreError> {
        let version: i64 = self
            .reader()
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        schema_is_current(&self.path, version)
    }
}

/// A schema other than this build's: refused as newer, failed as older.
fn schema_is_current(path: &Path, version: i64) -> Result<(), StoreError> {
    match version.cmp(&schema_version()) {
        std::cmp::Ordering::Equal => Ok(()),
        std::cmp::Ordering::Greater => Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: version,
            known: schema_version(),
        }),
        std::cmp::Ordering::Less => Err(StoreError::Failed {
            detail: format!("schema version {version}, not yet brought up to date"),
        }),
    }
}

/// Reads a value from the `meta` table.
pub fn meta_get(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
}

/// Writes a value to the `meta` table.
pub fn meta_set(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreResult;

    #[test]
    fn closing_leaves_no_write_ahead_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let store = SqliteStore::open(&path, OpenMode::CreateIfMissing).unwrap();
        meta_set(&store.writer(), "k", "v").unwrap();
        assert_eq!(
            meta_get(&store.reader(), "k").unwrap().as_deref(),
            Some("v")
        );
        drop(store);
        assert!(!dir.path().join("s.db-wal").exists());
        let again = SqliteStore::open(&path, OpenMode::Existing).unwrap();
        assert_eq!(
            meta_get(&again.reader(), "k").unwrap().as_deref(),
            Some("v")
        );
    }

    #[test]
    fn opening_checks_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.db");
        assert!(matches!(
            SqliteStore::open(&missing, OpenMode::Existing),
            Err(StoreError::Missing(_))
        ));
        assert!(!missing.exists());
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "not a database at all, just some text").unwrap();
        assert!(matches!(
            SqliteStore::open(&text, OpenMode::CreateIfMissing),
            Err(StoreError::NotAStore(_))
        ));
        assert_eq!(
            std::fs::read_to_string(&text).unwrap(),
            "not a database at all, just some text"
        );
    }

    fn meta_of(store: &SqliteStore, key: &str) -> Option<String> {
        store.read(|r| r.meta(key)).expect("read")
    }

    #[test]
    fn a_write_keeps_what_it_says_and_nothing_of_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("s.db"), OpenMode::CreateIfMissing).unwrap();
        // Kept.
        store
            .write(|w| -> StoreResult<_> { Ok((w.set_meta("a", "1")?, true)) })
            .unwrap();
        // Discarded: a dry run.
        store
            .write(|w| -> StoreResult<_> { Ok((w.set_meta("b", "2")?, false)) })
            .unwrap();
        // Failed half-way: nothing of it stays.
        let failed = store.write(|w| -> StoreResult<((), bool)> {
            w.set_meta("c", "3")?;
            Err(StoreError::Failed {
                detail: "on purpose".into(),
            })
        });
        assert!(failed.is_err());
        assert_eq!(meta_of(&store, "a").as_deref(), Some("1"));
        assert_eq!(meta_of(&store, "b"), None);
        assert_eq!(meta_of(&store, "c"), None);
        // A step undone alone; the transaction goes on and commits.
        store
            .write(|w| -> StoreResult<_> {
                w.set_meta("d", "4")?;
                w.begin_step()?;
                w.set_meta("e", "5")?;
                w.undo_step()?;
                w.begin_step()?;
                w.set_meta("f", "6")?;
                w.keep_step()?;
                Ok(((), true))
            })
            .unwrap();
        assert_eq!(meta_of(&store, "d").as_deref(), Some("4"));
        assert_eq!(meta_of(&store, "e"), None);
        assert_eq!(meta_of(&store, "f").as_deref(), Some("6"));
    }

    #[test]
    fn a_read_sees_one_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("s.db"), OpenMode::CreateIfMissing).unwrap();
        store
            .write(|w| -> StoreResult<_> { Ok((w.set_meta("k", "before")?, true)) })
            .unwrap();
        let (first, second) = store
            .read(|r| -> StoreResult<_> {
                let first = r.meta("k")?;
                // Another writer commits while this read is open.
                meta_set(&store.writer(), "k", "after").map_err(StoreError::from)?;
                Ok((first, r.meta("k")?))
            })
            .unwrap();
        assert_eq!(first.as_deref(), Some("before"));
        assert_eq!(second.as_deref(), Some("before"));
        assert_eq!(meta_of(&store, "k").as_deref(), Some("after"));
    }

    #[test]
    fn a_driver_failure_reaches_a_client_as_a_reference_only() {
        let e = StoreError::from(rusqlite::Error::InvalidQuery);
        let detail = e.to_string();
        let answered = crate::service::ServiceError::from(e);
        match answered {
            crate::service::ServiceError::Internal { detail: said } => {
                assert!(said.starts_with("reference "), "{said}");
                assert!(!said.contains(&detail), "{said}");
            }
            other => panic!("{other:?}"),
        }
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        assert!(matches!(
            crate::service::ServiceError::from(StoreError::from(busy)),
            crate::service::ServiceError::Unavailable { .. }
        ));
    }
}
