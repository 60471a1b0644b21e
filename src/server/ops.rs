//! What operators and load balancers ask a server: `/healthz` (the process
//! answers), `/readyz` (its database answers and has this build's schema)
//! and `/metrics` (Prometheus text: requests by route and status, their
//! latency, the database pool).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

use super::AppState;
use crate::store::{Database, PoolUsage};

pub const READY: &str = "/readyz";
pub const METRICS: &str = "/metrics";

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct Route {
    /// Requests by status code.
    by_status: BTreeMap<u16, u64>,
    /// Requests at or under each bucket's bound (not cumulative here).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    seconds: f64,
}

/// What the server counts of the requests it answers.
#[derive(Default)]
pub struct Metrics {
    routes: Mutex<BTreeMap<(String, String), Route>>,
    /// Change streams open now.
    followers: std::sync::atomic::AtomicI64,
}

impl Metrics {
    pub fn record(&self, method: &str, route: &str, status: u16, took: Duration) {
        let secs = took.as_secs_f64();
        let mut routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        let r = routes
            .entry((method.to_string(), route.to_string()))
            .or_default();
        *r.by_status.entry(status).or_default() += 1;
        if let Some(i) = BUCKETS.iter().position(|b| secs <= *b) {
            r.buckets[i] += 1;
        }
        r.count += 1;
        r.seconds += secs;
    }

    /// A change stream opened (`1`) or closed (`-1`).
    pub fn follower(&self, delta: i64) {
        self.followers
            .fetch_add(delta, std::sync::atomic::Ordering::Relaxed);
    }

    /// The Prometheus text exposition of the counts and `pool`.
    pub fn render(&self, pool: Option<PoolUsage>) -> String {
        let routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = String::new();
        out += "# HELP otklik_requests_total Requests answered, by route and status.\n";
        out += "# TYPE otklik_requests_total counter\n";
        for ((method, route), r) in routes.iter() {
            for (status, n) in &r.by_status {
                let _ = writeln!(
                    out,
                    "otklik_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out += "# HELP otklik_request_seconds Time to answer, by route.\n";
        out += "# TYPE otklik_request_seconds histogram\n";
        for ((method, route), r) in routes.iter() {
            let labels = format!("method=\"{method}\",route=\"{route}\"");
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(r.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "otklik_request_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "otklik_request_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                r.count
            );
            let _ = writeln!(out, "otklik_request_seconds_sum{{{labels}}} {}", r.seconds);
            let _ = writeln!(out, "otklik_request_seconds_count{{{labels}}} {}", r.count);
        }
        let followers = self.followers.load(std::sync::atomic::Ordering::Relaxed);
        let _ = writeln!(
            out,
            "# HELP otklik_followers Change streams open.\n# TYPE otklik_followers gauge\notklik_followers {followers}"
        );
        if let Some(p) = pool {
            for (name, help, value) in [
                (
                    "otklik_db_connections_open",
                    "Database connections open.",
                    p.open,
                ),
                (
                    "otklik_db_connections_idle",
                    "Open connections not in use.",
                    p.idle,
                ),
                (
                    "otklik_db_connections_max",
                    "Connections the pool opens at most.",
                    p.max,
                ),
            ] {
                let _ = writeln!(
                    out,
                    "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}"
                );
            }
        }
        out
    }
}

/// How a server's store is asked for its state, whichever store it is.
pub trait StoreState: Send + Sync {
    fn ready(&self) -> Result<(), String>;
    fn pool_usage(&self) -> Option<PoolUsage>;
}

impl<D: Database> StoreState for D {
    fn ready(&self) -> Result<(), String> {
        Database::ready(self).map_err(|e| e.to_string())
    }
    fn pool_usage(&self) -> Option<PoolUsage> {
        Database::pool_usage(self)
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::api::HEALTH, axum::routing::get(|| async { "ok" }))
        .route(READY, axum::routing::get(ready))
        .route(METRICS, axum::routing::get(metrics))
}

async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    let store: Arc<dyn StoreState> = Arc::clone(&state.store);
    match tokio::task::spawn_blocking(move || store.ready()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready".to_string()),
        Ok(Err(e)) => {
            // The detail is for the log; the answer only says "not ready".
            tracing::warn!(error = %e, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "not ready".to_string())
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "not ready".to_string()),
    }
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let text = state.metrics.render(state.store.pool_usage());
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text)
}
