//! One reader of the change sequence per process, shared by every follower
//! in it: on each commit it reads the new changes once, parses them once,
//! and broadcasts them. Each follower only filters what its person may see
//! (and reads the store itself only to catch up: after reconnecting, or
//! when it fell behind the broadcast).

use std::sync::{Arc, Mutex, Weak};

use tokio::sync::broadcast;

use super::*;

/// Changes read per look at the sequence.
const READ: u32 = 1_000;
/// Batches a slow follower may fall behind before it catches up from the store.
const CAPACITY: usize = 64;
/// After a failed read of the sequence, the pause before the next.
const RETRY: std::time::Duration = std::time::Duration::from_secs(1);

/// Changes after `from` up to `to` (ids may skip: a sequence's numbers
/// are not all used), as one look at the sequence found them.
#[derive(Debug)]
pub(super) struct Batch {
    pub from: i64,
    pub to: i64,
    pub changes: Vec<(i64, Change)>,
}

impl Batch {
    /// The sequence went back (the store was replaced): `to` < `from`.
    pub fn restarted(&self) -> bool {
        self.to < self.from
    }
}

#[derive(Default)]
pub(super) struct Hub {
    sender: Mutex<Option<broadcast::Sender<Arc<Batch>>>>,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub").finish_non_exhaustive()
    }
}

impl Hub {
    /// The batches from now on. The first follower starts the reader, from
    /// the sequence's end as it is before this returns (so that a
    /// follower, placed after it, misses nothing); it ends with the store.
    pub async fn subscribe<D: Database>(
        self: &Arc<Self>,
        store: &Arc<D>,
    ) -> ServiceResult<broadcast::Receiver<Arc<Batch>>> {
        if let Some(s) = self
            .sender
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            return Ok(s.subscribe());
        }
        let latest = store.changes();
        let reading = Arc::clone(store);
        let (_, start) = tokio::task::spawn_blocking(move || reading.read(|r| r.change_bounds()))
            .await
            .map_err(|e| ServiceError::Internal {
                detail: e.to_string(),
            })??;
        let mut sender = self.sender.lock().unwrap_or_else(|p| p.into_inner());
        // Another follower may have started it meanwhile.
        if let Some(s) = sender.as_ref() {
            return Ok(s.subscribe());
        }
        let (s, receiver) = broadcast::channel(CAPACITY);
        let reader = read_sequence(Arc::downgrade(store), latest, s.clone(), start);
        let hub = Arc::downgrade(self);
        tokio::spawn(async move {
            reader.await;
            // Gone with the store, or broken: followers see the broadcast
            // close (and reconnect); the next follower starts a new reader.
            if let Some(hub) = hub.upgrade() {
                *hub.sender.lock().unwrap_or_else(|p| p.into_inner()) = None;
            }
        });
        *sender = Some(s);
        Ok(receiver)
    }
}

/// Parses a change's body; one this build cannot read is skipped.
pub(super) fn parse(id: i64, body: &str) -> Option<Change> {
    let parsed = serde_json::from_str::<Change>(body);
    if parsed.is_err() {
        tracing::warn!(change = id, "a change this build cannot read; skipped");
    }
    parsed.ok()
}

/// Reads what each commit added and broadcasts it, until the store is gone.
async fn read_sequence<D: Database>(
    store: Weak<D>,
    mut latest: tokio::sync::watch::Receiver<i64>,
    sender: broadcast::Sender<Arc<Batch>>,
    mut cursor: i64,
) {
    while latest.changed().await.is_ok() {
        let seen = *latest.borrow_and_update();
        loop {
            let Some(s) = store.upgrade() else { return };
            let from = cursor;
            let read = tokio::task::spawn_blocking(move || {
                s.read(|r| {
                    Ok::<_, StoreError>((r.changes_after(from, READ)?, r.change_bounds()?.1))
                })
            })
            .await;
            let (rows, last) = match read {
                Ok(Ok(found)) => found,
                Ok(Err(e)) => {
                    // Read again shortly: the watcher says nothing until
                    // the next commit, which may be long in coming.
                    tracing::warn!(error = %e, "cannot read the change sequence; trying again");
                    tokio::time::sleep(RETRY).await;
                    continue;
                }
                Err(_) => return,
            };
            if rows.is_empty() {
                if last < cursor {
                    let _ = sender.send(Arc::new(Batch {
                        from: cursor,
                        to: last,
                        changes: Vec::new(),
                    }));
                    cursor = last;
                }
                break;
            }
            let to = rows.last().map_or(cursor, |(id, _)| *id);
            let changes = rows
                .into_iter()
                .filter_map(|(id, body)| parse(id, &body).map(|c| (id, c)))
                .collect();
            // Nobody listening is fine: followers come and go.
            let _ = sender.send(Arc::new(Batch {
                from: cursor,
                to,
                changes,
            }));
            cursor = to;
            if cursor >= seen {
                break;
            }
        }
    }
}
