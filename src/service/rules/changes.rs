//! The change feed: what the rules record of every write, in the same
//! transaction, and the follower of it that delivers to one person only
//! what they may see.

use std::time::{Duration, Instant};

use std::sync::Arc;

use tokio::sync::{broadcast, mpsc};

use super::hub;
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

/// A poll changed: created, stepped, or voted in.
pub(super) fn poll_changed(
    tx: &dyn Writer,
    poll: &crate::store::records::PollRecord,
    now: i64,
) -> ServiceResult<()> {
    let path = org_path(tx, poll.org)?;
    let change = Change::Poll {
        id: poll.id,
        org: poll.org,
        path,
        version: poll.version,
        ballots: poll.ballots,
    };
    record(tx, &change, now)
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

/// How far back in the sequence a refused step looks for the change that
/// overtook it.
const OVERTAKEN_WITHIN: i64 = 1_000;

/// Was `actor` allowed to take `action` on message `id` at `version`? Told
/// by the change that took it from there (it carries the place before),
/// if it is among the latest [`OVERTAKEN_WITHIN`]: a race just lost.
pub(super) fn allowed_at(
    tx: &dyn Writer,
    actor: &Actor,
    action: MessageAction,
    id: MessageId,
    version: i64,
) -> ServiceResult<bool> {
    let (_, last) = tx.change_bounds()?;
    let recent = tx.changes_after(last - OVERTAKEN_WITHIN, OVERTAKEN_WITHIN as u32)?;
    let before = recent
        .iter()
        .rev()
        .find_map(|(at, body)| match hub::parse(*at, body)? {
            Change::Message {
                id: m,
                version: v,
                was: Some(was),
                ..
            } if m == id && v == version + 1 => Some(was),
            _ => None,
        });
    Ok(before.is_some_and(|was| {
        let target = Target {
            org: was.org,
            path: &was.path,
        };
        permissions::may_act(actor, action, target, was.assignee)
            && status_visible(actor, was.status)
    }))
}

impl<D: Database> CoreService<D> {
    /// The changes `actor` may see, from after `after` (or from now: the
    /// place is taken before this returns), as they are committed, until
    /// the feed is dropped. A follower too far behind, or one whose
    /// sequence is not this store's, is told to reload first.
    pub async fn follow(&self, actor: Actor, after: Option<i64>) -> ServiceResult<Feed> {
        let live = self.hub.subscribe(&self.store).await?;
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
            let mut subscriber = Subscriber {
                actor,
                cursor,
                checked: Instant::now(),
                sender,
            };
            if let Err(e) = core.deliver(&mut subscriber, last, live).await {
                let _ = subscriber.sender.send(Err(e)).await;
            }
        });
        Ok(Feed::new(receiver))
    }

    async fn deliver(
        &self,
        f: &mut Subscriber,
        last: i64,
        mut live: broadcast::Receiver<Arc<hub::Batch>>,
    ) -> ServiceResult<()> {
        // What was missed before now, then the broadcast.
        self.catch_up(f, last).await?;
        loop {
            if f.checked.elapsed() >= RECHECK {
                f.actor = self.recheck(&f.actor).await?;
                f.checked = Instant::now();
            }
            let batch = tokio::select! {
                batch = live.recv() => batch,
                () = f.sender.closed() => return Ok(()),
                () = tokio::time::sleep(RECHECK) => continue,
            };
            let batch = match batch {
                Ok(b) => b,
                // Fell behind the broadcast: read up to now from the store
                // (what the broadcast then repeats is passed over).
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let (_, last) = self.read(|conn, _| Ok(conn.change_bounds()?)).await?;
                    self.catch_up(f, last).await?;
                    continue;
                }
                Err(broadcast::error::RecvError::Closed) => return Err(gone()),
            };
            if batch.restarted() {
                reload(&f.sender, batch.to).await?;
                f.cursor = batch.to;
                continue;
            }
            if f.cursor < batch.from {
                self.catch_up(f, batch.from).await?;
            }
            for (id, change) in batch.changes.iter().filter(|(id, _)| *id > f.cursor) {
                // Their own roles or status changed: judge by them as they are now.
                if matches!(change, Change::Account { id, .. } if *id == f.actor.account) {
                    f.actor = self.recheck(&f.actor).await?;
                    f.checked = Instant::now();
                }
                if !f.send(*id, change).await {
                    return Ok(());
                }
            }
            f.cursor = f.cursor.max(batch.to);
        }
    }

    /// Reads the changes after the follower's place up to `upto` from the
    /// store; too many, and it is told to reload instead.
    async fn catch_up(&self, f: &mut Subscriber, upto: i64) -> ServiceResult<()> {
        // Past the end: the sequence started over (its restart lost in a lag).
        if upto - f.cursor > MAX_REPLAY || upto < f.cursor {
            reload(&f.sender, upto).await?;
            f.cursor = upto;
            return Ok(());
        }
        while f.cursor < upto {
            let from = f.cursor;
            let rows = self
                .read(move |conn, _| Ok(conn.changes_after(from, BATCH)?))
                .await?;
            for (id, body) in rows.into_iter().take_while(|(id, _)| *id <= upto) {
                f.cursor = id;
                if let Some(change) = hub::parse(id, &body)
                    && !f.send(id, &change).await
                {
                    return Ok(());
                }
            }
            if f.cursor == from {
                break; // nothing more up to `upto`
            }
        }
        f.cursor = f.cursor.max(upto);
        Ok(())
    }

    /// The person as they are now: one who may no longer sign in stops
    /// following.
    async fn recheck(&self, actor: &Actor) -> ServiceResult<Actor> {
        let id = actor.account;
        let now = self
            .read(move |conn, _| actor_for(conn, account(conn, id)?))
            .await?;
        self.gate(&now, "follow")?;
        Ok(now)
    }
}

/// One subscriber to the feed: who, where in the sequence, and where their
/// items go (not the store's `follow::Follower`, the latest id they all read).
struct Subscriber {
    actor: Actor,
    cursor: i64,
    checked: Instant,
    sender: mpsc::Sender<ServiceResult<FeedItem>>,
}

impl Subscriber {
    /// Sends what the person may learn of `change`; false when they left.
    async fn send(&self, id: i64, change: &Change) -> bool {
        match change.seen_by(&self.actor) {
            Some(seen) => {
                let item = FeedItem::Change { id, change: seen };
                self.sender.send(Ok(item)).await.is_ok()
            }
            None => true,
        }
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
