//! Taking connections: at most [`MAX_CONNECTIONS`] at once (the next waits
//! to be accepted, the process never runs out of descriptors); a connection
//! that has not sent a whole request head within [`HEAD_TIMEOUT`] — the
//! first one, or the next on a kept-alive connection — is closed, so a
//! client sending a byte a second holds nothing for long. On stop: no new
//! connections, open ones finish their request (change streams end), and
//! after [`DRAIN`] the rest are dropped.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 512;
/// The time a client has to send a request's head.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(30);
/// How long open connections may take to finish once the server stops.
const DRAIN: Duration = Duration::from_secs(20);

/// The network address a request came from (the public form counts
/// posts by it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub std::net::IpAddr);

/// Serves `app` on `listener` until `stop` resolves; then tells the
/// routes (`stopping`) and drains.
pub async fn run(
    app: Router,
    listener: TcpListener,
    stop: impl std::future::Future<Output = ()>,
    stopping: watch::Sender<bool>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut connections = JoinSet::new();
    tokio::pin!(stop);
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(s) => s,
                Err(_) => break,
            },
            () = &mut stop => break,
        };
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of descriptors or a connection reset before it
                    // was taken: wait a moment and go on.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = tcp.set_nodelay(true);
        let app = app.clone();
        let mut ending = stopping.subscribe();
        connections.spawn(async move {
            let _slot = slot;
            let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                let mut req = req.map(Body::new);
                req.extensions_mut().insert(ClientAddress(peer.ip()));
                app.clone().oneshot(req)
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .serve_connection(TokioIo::new(tcp), service)
                .with_upgrades();
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                () = async { let _ = ending.wait_for(|stop| *stop).await; } => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
        while connections.try_join_next().is_some() {}
    }
    tracing::info!("stopping: finishing the requests in flight");
    let _ = stopping.send(true);
    drop(listener);
    let drained = tokio::time::timeout(DRAIN, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            left = connections.len(),
            "connections still open at the stop, dropped"
        );
    }
    Ok(())
}
