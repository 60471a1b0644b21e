//! Either store, chosen by where the data is: a file path opens the
//! embedded store, a `postgres://` URL the database server.

use std::path::Path;

use super::postgres::{self, PgStore};
use super::{Cancel, Database, OpenMode, Reader, SqliteStore, StoreError, StoreResult, Writer};

/// One per process, behind an `Arc`: the variants' sizes do not matter.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum AnyStore {
    Sqlite(SqliteStore),
    Postgres(Box<PgStore>),
}

impl AnyStore {
    /// Opens the store at `location`: a PostgreSQL URL or a file's path
    /// (created with [`OpenMode::CreateIfMissing`]; a database is always
    /// set up when empty).
    pub fn open(location: &str, mode: OpenMode) -> StoreResult<AnyStore> {
        if postgres::is_url(location) {
            Ok(AnyStore::Postgres(Box::new(PgStore::open(location)?)))
        } else {
            Ok(AnyStore::Sqlite(SqliteStore::open(
                Path::new(location),
                mode,
            )?))
        }
    }

    /// The embedded store, when this is one.
    pub fn sqlite(&self) -> Option<&SqliteStore> {
        match self {
            AnyStore::Sqlite(s) => Some(s),
            AnyStore::Postgres(_) => None,
        }
    }

    /// The file of the embedded store; `None` for a database server.
    pub fn path(&self) -> Option<&Path> {
        self.sqlite().map(SqliteStore::path)
    }
}

impl From<SqliteStore> for AnyStore {
    fn from(s: SqliteStore) -> Self {
        AnyStore::Sqlite(s)
    }
}

impl From<PgStore> for AnyStore {
    fn from(s: PgStore) -> Self {
        AnyStore::Postgres(Box::new(s))
    }
}

impl Database for AnyStore {
    fn read_cancellable<T, E>(
        &self,
        cancel: &Cancel,
        f: impl FnOnce(&dyn Reader) -> Result<T, E> + Send,
    ) -> Result<T, E>
    where
        T: Send,
        E: From<StoreError> + Send,
    {
        match self {
            AnyStore::Sqlite(s) => s.read_cancellable(cancel, f),
            AnyStore::Postgres(p) => p.read_cancellable(cancel, f),
        }
    }

    fn write<T, E>(
        &self,
        f: impl FnOnce(&dyn Writer) -> Result<(T, bool), E> + Send,
    ) -> Result<T, E>
    where
        T: Send,
        E: From<StoreError> + Send,
    {
        match self {
            AnyStore::Sqlite(s) => s.write(f),
            AnyStore::Postgres(p) => p.write(f),
        }
    }

    fn bulk_write<T, E>(&self, f: impl FnOnce(&dyn Writer) -> Result<T, E> + Send) -> Result<T, E>
    where
        T: Send,
        E: From<StoreError> + Send,
    {
        match self {
            AnyStore::Sqlite(s) => s.bulk_write(f),
            AnyStore::Postgres(p) => p.bulk_write(f),
        }
    }

    fn changes(&self) -> tokio::sync::watch::Receiver<i64> {
        match self {
            AnyStore::Sqlite(s) => s.changes(),
            AnyStore::Postgres(p) => p.changes(),
        }
    }

    fn location(&self) -> String {
        match self {
            AnyStore::Sqlite(s) => s.location(),
            AnyStore::Postgres(p) => p.location(),
        }
    }

    fn ready(&self) -> StoreResult<()> {
        match self {
            AnyStore::Sqlite(s) => s.ready(),
            AnyStore::Postgres(p) => p.ready(),
        }
    }

    fn pool_usage(&self) -> Option<super::PoolUsage> {
        match self {
            AnyStore::Sqlite(s) => s.pool_usage(),
            AnyStore::Postgres(p) => p.pool_usage(),
        }
    }
}
