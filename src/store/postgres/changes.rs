//! The change sequence in the database, and its watcher: a connection of
//! its own that `LISTEN`s; every write that records a change sends a
//! `NOTIFY` that PostgreSQL delivers at commit, to every server process.

use std::time::Duration;

use postgres::Config;
use postgres::fallible_iterator::FallibleIterator;

use super::PgTx;
use crate::store::StoreResult;
use crate::store::follow::{Watcher, Woken};
use crate::store::port::{CHANGES_KEPT, ChangeReads, ChangeWrites};

const CHANNEL: &str = "otklik_changes";
/// How long one wait for a notification lasts before the watcher looks
/// whether the store is still there (and, as a safety net, at the table).
const WAIT: Duration = Duration::from_secs(1);
/// After a lost connection, the pause before connecting again.
const RETRY: Duration = Duration::from_secs(2);

impl ChangeReads for PgTx<'_> {
    fn changes_after(&self, after: i64, limit: u32) -> StoreResult<Vec<(i64, String)>> {
        let rows = self.rows(
            "SELECT id, body FROM changes WHERE id > $1 ORDER BY id LIMIT $2",
            &[&after, &i64::from(limit)],
        )?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    fn change_bounds(&self) -> StoreResult<(i64, i64)> {
        let row = self
            .row(
                "SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM changes",
                &[],
            )?
            .ok_or_else(|| crate::store::StoreError::Failed {
                detail: "no bounds of changes".into(),
            })?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }
}

impl ChangeWrites for PgTx<'_> {
    fn record_change(&self, body: &str, now: i64) -> StoreResult<i64> {
        let id: i64 = self.value(
            "INSERT INTO changes (at, body) VALUES ($1, $2) RETURNING id",
            &[&now, &body],
        )?;
        self.exec("SELECT pg_notify($1, $2)", &[&CHANNEL, &id.to_string()])?;
        if id % 1024 == 0 {
            self.exec(
                "DELETE FROM changes WHERE id <= $1",
                &[&(id - CHANGES_KEPT)],
            )?;
        }
        Ok(id)
    }
}

/// The latest change id in the table.
fn latest(client: &mut postgres::Client) -> Result<i64, postgres::Error> {
    client
        .query_one("SELECT coalesce(max(id), 0) FROM changes", &[])?
        .try_get(0)
}

/// Runs until the store is gone: publishes each notified change id, and
/// the table's latest after every (re)connection and every quiet second.
pub(super) fn watch(config: Config, watcher: Watcher) {
    while watcher.alive() {
        match listen(&config, &watcher) {
            Ok(()) => return,
            Err(e) => {
                tracing::warn!(error = %e, "lost the database's notifications; connecting again");
                if watcher.wait(RETRY) == Woken::Gone {
                    return;
                }
            }
        }
    }
}

/// One connection's life; `Ok` when the store is gone.
fn listen(config: &Config, watcher: &Watcher) -> Result<(), postgres::Error> {
    let mut client = config.connect(postgres::NoTls)?;
    client.batch_execute(&format!("LISTEN {CHANNEL}"))?;
    loop {
        // Listening first, then reading the table: nothing falls between.
        if !watcher.publish(latest(&mut client)?) {
            return Ok(());
        }
        let mut notifications = client.notifications();
        let mut waiting = notifications.timeout_iter(WAIT);
        while let Some(n) = waiting.next()? {
            if let Ok(id) = n.payload().parse::<i64>()
                && !watcher.publish(id)
            {
                return Ok(());
            }
        }
        if !watcher.alive() {
            return Ok(());
        }
    }
}
