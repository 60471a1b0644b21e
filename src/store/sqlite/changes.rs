//! The change sequence on the file, and its watcher: `PRAGMA data_version`
//! on a connection of its own tells, cheaply, whether any other connection
//! (this process's writer, or another process) committed since it last
//! looked.

use std::path::PathBuf;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, params};

use crate::store::StoreResult;
use crate::store::follow::{Watcher, Woken};
use crate::store::port::{CHANGES_KEPT, ChangeReads, ChangeWrites};

/// How often the watcher looks when nothing nudged it.
const POLL: Duration = Duration::from_millis(200);

impl ChangeReads for Connection {
    fn changes_after(&self, after: i64, limit: u32) -> StoreResult<Vec<(i64, String)>> {
        let mut statement =
            self.prepare_cached("SELECT id, body FROM changes WHERE id > ?1 ORDER BY id LIMIT ?2")?;
        let rows = statement.query_map(params![after, limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn change_bounds(&self) -> StoreResult<(i64, i64)> {
        Ok(bounds(self)?)
    }
}

fn bounds(conn: &Connection) -> rusqlite::Result<(i64, i64)> {
    conn.prepare_cached("SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM changes")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
}

impl ChangeWrites for Connection {
    fn record_change(&self, body: &str, now: i64) -> StoreResult<i64> {
        self.prepare_cached("INSERT INTO changes (at, body) VALUES (?1, ?2)")?
            .execute(params![now, body])?;
        let id = self.last_insert_rowid();
        if id % 1024 == 0 {
            self.prepare_cached("DELETE FROM changes WHERE id <= ?1")?
                .execute([id - CHANGES_KEPT])?;
        }
        Ok(id)
    }
}

/// Runs until the store is gone: publishes the latest change id whenever
/// the file changed.
pub(super) fn watch(path: PathBuf, watcher: Watcher) {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut seen = None;
    let mut conn = None;
    while watcher.alive() {
        if conn.is_none() {
            conn = Connection::open_with_flags(&path, flags)
                .inspect_err(|e| tracing::warn!(error = %e, "cannot follow the store's changes"))
                .ok();
        }
        if let Some(c) = &conn {
            let mut look = || -> rusqlite::Result<Option<i64>> {
                let version: i64 = c.query_row("PRAGMA data_version", [], |r| r.get(0))?;
                if seen == Some(version) {
                    return Ok(None);
                }
                seen = Some(version);
                Ok(Some(bounds(c)?.1))
            };
            match look() {
                Ok(Some(latest)) => {
                    if !watcher.publish(latest) {
                        return;
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "cannot follow the store's changes");
                    conn = None;
                    seen = None;
                }
            }
        }
        if watcher.wait(POLL) == Woken::Gone {
            return;
        }
    }
}
