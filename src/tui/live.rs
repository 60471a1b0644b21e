//! Following the service's changes on a task of its own: the feed's items
//! gathered into one batch per short while (a burst of a thousand steps is
//! one refresh), a broken feed reported and opened again with backoff from
//! where it stopped. The UI loop only ever receives `Action::Live`.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;
use tokio::time::Instant;

use super::action::{Action, Live};
use crate::domain::change::FeedItem;
use crate::service::{ServiceError, Session};

/// After the first change of a batch, how long more are gathered.
const GATHER: Duration = Duration::from_millis(120);
/// Batches are at least this far apart: the screen refreshes at most a few
/// times a second however fast changes come.
const SPACING: Duration = Duration::from_millis(400);
/// The most changes in one batch; more means "read everything again".
const MAX_BATCH: usize = 1_000;
/// The first pause before opening a broken feed again, and the longest.
const FIRST_RETRY: Duration = Duration::from_secs(1);
const LONGEST_RETRY: Duration = Duration::from_secs(30);

/// Follows `session`'s changes until the task is aborted (sign-out, quit)
/// or the service refuses the person.
pub async fn follow(session: Session, tx: UnboundedSender<Action>) {
    let mut last: Option<i64> = None;
    let mut retry = FIRST_RETRY;
    let mut lost = false;
    loop {
        match session.follow(last).await {
            Ok(mut feed) => {
                if lost {
                    retry = FIRST_RETRY;
                    if tx.send(Action::Live(Live::Connected)).is_err() {
                        return;
                    }
                }
                let mut sent = Instant::now() - SPACING;
                loop {
                    let first = match feed.next().await {
                        Some(Ok(first)) => first,
                        Some(Err(e)) if refused(&e) => return,
                        _ => break,
                    };
                    let (batch, ended) = gather(&mut feed, first, sent).await;
                    last = Some(batch.last_id);
                    sent = Instant::now();
                    if tx.send(Action::Live(batch.live)).is_err() {
                        return;
                    }
                    if ended {
                        break;
                    }
                }
            }
            Err(e) if refused(&e) => return,
            Err(_) => {}
        }
        lost = true;
        if tx
            .send(Action::Live(Live::Lost {
                retry_secs: retry.as_secs(),
            }))
            .is_err()
        {
            return;
        }
        tokio::time::sleep(retry).await;
        retry = (retry * 2).min(LONGEST_RETRY);
    }
}

/// The service refuses this person the feed: trying again will not help.
fn refused(e: &ServiceError) -> bool {
    matches!(
        e,
        ServiceError::Unauthenticated
            | ServiceError::Forbidden
            | ServiceError::TrainingRequired { .. }
    )
}

struct Batch {
    live: Live,
    last_id: i64,
}

/// `first` and what follows within the gathering window; true when the
/// feed ended meanwhile.
async fn gather(feed: &mut crate::service::Feed, first: FeedItem, sent: Instant) -> (Batch, bool) {
    let mut changes = Vec::new();
    let mut reload = false;
    let mut last_id = first.id();
    let mut take = |item: FeedItem, changes: &mut Vec<_>, reload: &mut bool| {
        last_id = item.id();
        match item {
            FeedItem::Change { change, .. } if changes.len() < MAX_BATCH => changes.push(change),
            FeedItem::Change { .. } | FeedItem::Reload { .. } => *reload = true,
        }
    };
    take(first, &mut changes, &mut reload);
    let until = (Instant::now() + GATHER).max(sent + SPACING);
    let mut ended = false;
    loop {
        match tokio::time::timeout_at(until, feed.next()).await {
            Ok(Some(Ok(item))) => take(item, &mut changes, &mut reload),
            Ok(_) => {
                ended = true;
                break;
            }
            Err(_) => break,
        }
    }
    if reload {
        changes.clear();
    }
    (
        Batch {
            live: Live::Changes { changes, reload },
            last_id,
        },
        ended,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::change::Change;
    use crate::domain::{OrgId, OrgPath};

    fn org_changed(id: i64) -> FeedItem {
        FeedItem::Change {
            id,
            change: Change::Org {
                id: OrgId(id),
                path: OrgPath(format!("/1/{id}/")),
            },
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_is_one_batch_and_too_much_is_a_reload() {
        let (tx, rx) = tokio::sync::mpsc::channel(2_000);
        let mut feed = crate::service::Feed::new(rx);
        for id in 1..=999 {
            tx.send(Ok(org_changed(id))).await.unwrap();
        }
        let first = feed.next().await.unwrap().unwrap();
        let (batch, ended) = gather(&mut feed, first, Instant::now() - SPACING).await;
        assert!(!ended);
        assert_eq!(batch.last_id, 999);
        match batch.live {
            Live::Changes { changes, reload } => {
                assert_eq!(changes.len(), 999);
                assert!(!reload);
            }
            other => panic!("{other:?}"),
        }
        // More than a batch holds: read everything again instead.
        for id in 1000..=2100 {
            tx.send(Ok(org_changed(id))).await.unwrap();
        }
        let first = feed.next().await.unwrap().unwrap();
        let (batch, _) = gather(&mut feed, first, Instant::now()).await;
        assert_eq!(batch.last_id, 2100);
        assert!(
            matches!(batch.live, Live::Changes { reload: true, ref changes } if changes.is_empty())
        );
    }

    #[tokio::test(start_paused = true)]
    async fn batches_wait_for_their_spacing() {
        let (tx, rx) = tokio::sync::mpsc::channel(16);
        let mut feed = crate::service::Feed::new(rx);
        tx.send(Ok(org_changed(1))).await.unwrap();
        let first = feed.next().await.unwrap().unwrap();
        let started = Instant::now();
        // A batch was sent just now: this one waits out the spacing.
        let (batch, _) = gather(&mut feed, first, started).await;
        assert!(Instant::now() - started >= SPACING);
        assert_eq!(batch.last_id, 1);
    }
}
