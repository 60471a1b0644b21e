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
                    let Some(Ok(first)) = feed.next().await else {
                        break;
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
            Err(ServiceError::Unauthenticated | ServiceError::Forbidden) => return,
            Err(ServiceError::TrainingRequired { .. }) => return,
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
