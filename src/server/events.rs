//! `GET /api/v1/events`: the changes the token's owner may see, as
//! server-sent events. Each event's `id` is its place in the store's
//! sequence, so a client that reconnects with `Last-Event-ID` (the header,
//! or `?after=`) gets what it missed — or a `reload` when too much passed.
//! The stream ends when the server stops.

use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use futures_util::Stream;
use serde::Deserialize;

use super::auth::Authenticated;
use super::{ApiError, AppState};
use crate::api;
use crate::domain::AccountId;
use crate::domain::change::FeedItem;
use crate::service::{Feed, ServiceError};

/// A comment line this often keeps proxies and the client's silence limit
/// from taking the stream for dead.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub fn routes() -> Router<AppState> {
    Router::new().route(api::EVENTS, get(events))
}

#[derive(Deserialize)]
struct After {
    after: Option<i64>,
}

async fn events(
    State(state): State<AppState>,
    Authenticated(session): Authenticated,
    headers: HeaderMap,
    Query(query): Query<After>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let after = match headers.get(api::LAST_EVENT_ID) {
        Some(value) => Some(
            value
                .to_str()
                .ok()
                .and_then(|v| v.trim().parse::<i64>().ok())
                .ok_or_else(|| {
                    ApiError(
                        crate::domain::Invalid::new(
                            crate::domain::Field::Cursor,
                            crate::domain::Problem::Unknown {
                                value: String::from_utf8_lossy(value.as_bytes()).into_owned(),
                            },
                        )
                        .into(),
                    )
                })?,
        ),
        None => query.after,
    };
    let account = session.actor().account;
    let slot = StreamSlot::take(&state.streams, account).ok_or_else(|| {
        ApiError(ServiceError::Unavailable {
            detail: format!("more than {STREAMS_PER_PERSON} change streams open for one person"),
        })
    })?;
    let feed = session.follow(after).await?;
    state.metrics.follower(1);
    let stream = futures_util::stream::unfold(
        Following {
            feed,
            stopping: state.stopping.clone(),
            metrics: std::sync::Arc::clone(&state.metrics),
            _slot: slot,
        },
        next_event,
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}

/// One open stream.
struct Following {
    feed: Feed,
    stopping: tokio::sync::watch::Receiver<bool>,
    metrics: std::sync::Arc<super::ops::Metrics>,
    _slot: StreamSlot,
}

/// Streams one person may hold open at once (a terminal or two, a
/// script): the rest of the server's connections stay for the others.
pub const STREAMS_PER_PERSON: usize = 8;

/// Open streams by person.
pub type Streams = std::sync::Arc<std::sync::Mutex<std::collections::HashMap<AccountId, usize>>>;

/// One of a person's stream places, given back when dropped.
struct StreamSlot {
    streams: Streams,
    account: AccountId,
}

impl StreamSlot {
    fn take(streams: &Streams, account: AccountId) -> Option<StreamSlot> {
        let mut open = streams.lock().unwrap_or_else(|p| p.into_inner());
        let n = open.entry(account).or_default();
        if *n >= STREAMS_PER_PERSON {
            return None;
        }
        *n += 1;
        Some(StreamSlot {
            streams: std::sync::Arc::clone(streams),
            account,
        })
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self.streams.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = open.get_mut(&self.account) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.account);
            }
        }
    }
}

impl Drop for Following {
    fn drop(&mut self) {
        self.metrics.follower(-1);
    }
}

async fn next_event(mut f: Following) -> Option<(Result<Event, Infallible>, Following)> {
    let item = tokio::select! {
        item = f.feed.next() => item?,
        () = stopped(&mut f.stopping) => return None,
    };
    let event = match item {
        Ok(item) => as_event(&item),
        Err(e) => {
            // The follower's person may no longer follow, or the store broke:
            // the client is told why and reconnects (or stops, refused).
            if !matches!(e, ServiceError::Unavailable { .. }) {
                tracing::info!(status = api::status_of(&e).as_u16(), "a change feed ended");
            }
            Event::default()
                .event("error")
                .json_data(&e)
                .unwrap_or_default()
        }
    };
    Some((Ok(event), f))
}

fn as_event(item: &FeedItem) -> Event {
    Event::default()
        .id(item.id().to_string())
        .json_data(item)
        .unwrap_or_default()
}

/// Resolves when the server is stopping (never, when nobody can stop it).
async fn stopped(stopping: &mut tokio::sync::watch::Receiver<bool>) {
    if stopping.wait_for(|stop| *stop).await.is_err() {
        std::future::pending::<()>().await;
    }
}
