//! The change feed: what the rules record of every write, in the same
//! transaction, and the follower of it that delivers to one person only
//! what they may see.

use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use super::*;
use crate::domain::change::{FeedItem, Place};
use crate::service::Feed;

/// How many changes one read of the sequence takes.
const BATCH: u32 = 500;
/// A follower further behind than this reads everything again instead of
/// being replayed every change.
const MAX_REPLAY: i64 = 5_000;
/// How often a follower's person is read again (roles, status).
const RECHECK: Duration = Duration::from_secs(30);
/// Items waiting for a slow follower before the stream waits for it.
const BACKLOG: usize = 256;

/// Records `change` in the write transaction `tx`.
pub(super) fn record(tx: &dyn Writer, change: &Change, now: i64) -> ServiceResult<()> {
    let body = serde_json::to_string(change).map_err(|e| ServiceError::Internal {
        detail: format!("cannot record a change: {e}"),
    })?;
    tx.record_change(&body, now)?;
    Ok(())
}

/// An organisation changed (or was created).
pub(super) fn org_changed(tx: &dyn Writer, org: OrgId, now: i64) -> ServiceResult<()> {
    let path = org_path(tx, org)?;
    record(tx, &Change::Org { id: org, path }, now)
}

/// An account changed (or was created).
pub(super) fn account_changed(tx: &dyn Writer, id: AccountId, now: i64) -> ServiceResult<()> {
    let org = account(tx, id)?.org;
    let path = org_path(tx, org)?;
    record(tx, &Change::Account { id, org, path }, now)
}

/// The templates kept at `org` changed.
pub(super) fn templates_changed(tx: &dyn Writer, org: OrgId, now: i64) -> ServiceResult<()> {
    let path = org_path(tx, org)?;
    record(tx, &Change::Templates { org, path }, now)
}

fn place(tx: &dyn Reader, state: &LifecycleState) -> ServiceResult<Place> {
    Ok(Place {
        org: state.org,
        path: org_path(tx, state.org)?,
        status: state.status,
        assignee: state.assignee,
    })
}

/// A message came in (`was` None) or took a step from `was`.
pub(super) fn message_changed(
    tx: &dyn Writer,
    id: MessageId,
    was: Option<&LifecycleState>,
    now: i64,
) -> ServiceResult<()> {
    let state = tx
        .lifecycle_state(id)?
        .ok_or_else(|| not_found(Entity::Message, id))?;
    let change = Change::Message {
        id,
        version: state.version,
        now: place(tx, &state)?,
        was: was.map(|w| place(tx, w)).transpose()?,
    };
    record(tx, &change, now)
}

impl<D: Database> CoreService<D> {
    /// The changes `actor` may see, from after `after` (or from now: the
    /// place is taken before this returns), as they are committed, until
    /// the feed is dropped. A follower too far behind, or one whose
    /// sequence is not this store's, is told to reload first.
    pub async fn follow(&self, actor: Actor, after: Option<i64>) -> ServiceResult<Feed> {
        let latest = self.store.changes();
        let (oldest, last) = self.read(|conn, _| Ok(conn.change_bounds()?)).await?;
        let (sender, receiver) = mpsc::channel(BACKLOG);
        let cursor = match after {
            None => last,
            Some(a) if a > last || a + 1 < oldest || last - a > MAX_REPLAY => {
                reload(&sender, last).await?;
                last
            }
            Some(a) => a,
        };
        let core = self.clone();
        tokio::spawn(async move {
            if let Err(e) = core.deliver(actor, cursor, latest, &sender).await {
                let _ = sender.send(Err(e)).await;
            }
        });
        Ok(Feed::new(receiver))
    }

    async fn deliver(
        &self,
        mut actor: Actor,
        mut cursor: i64,
        mut latest: tokio::sync::watch::Receiver<i64>,
        sender: &mpsc::Sender<ServiceResult<FeedItem>>,
    ) -> ServiceResult<()> {
        let mut checked = Instant::now();
        loop {
            if checked.elapsed() >= RECHECK {
                actor = self.recheck(&actor).await?;
                checked = Instant::now();
            }
            let from = cursor;
            let (batch, last) = self
                .read(move |conn, _| {
                    Ok((conn.changes_after(from, BATCH)?, conn.change_bounds()?.1))
                })
                .await?;
            if batch.is_empty() {
                if last < cursor {
                    // The sequence started over (the store was replaced).
                    reload(sender, last).await?;
                    cursor = last;
                    continue;
                }
                tokio::select! {
                    changed = latest.changed() => changed.map_err(|_| gone())?,
                    () = sender.closed() => return Ok(()),
                    () = tokio::time::sleep(RECHECK) => {}
                }
                continue;
            }
            for (id, body) in batch {
                cursor = id;
                let Ok(change) = serde_json::from_str::<Change>(&body) else {
                    tracing::warn!(change = id, "a change this build cannot read; skipped");
                    continue;
                };
                if let Some(seen) = change.seen_by(&actor) {
                    let item = FeedItem::Change { id, change: seen };
                    if sender.send(Ok(item)).await.is_err() {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// The person as they are now: one who may no longer sign in stops
    /// following.
    async fn recheck(&self, actor: &Actor) -> ServiceResult<Actor> {
        let id = actor.account;
        self.read(move |conn, _| actor_for(conn, account(conn, id)?))
            .await
    }
}

async fn reload(sender: &mpsc::Sender<ServiceResult<FeedItem>>, id: i64) -> ServiceResult<()> {
    sender
        .send(Ok(FeedItem::Reload { id }))
        .await
        .map_err(|_| gone())
}

/// The follower or the store went away: the stream ends.
fn gone() -> ServiceError {
    ServiceError::Unavailable {
        detail: "the change feed ended".into(),
    }
}
