//! `otklik serve`: the Service over JSON under `/api/v1`, for many clients.
//!
//! - [`auth`]: the bearer token → the request's `Session`
//! - [`surface`]: the routes and handlers of every operation, generated
//!   from the service's table
//! - [`openapi`]: `/api/v1/openapi.json`, from the same table
//! - [`events`]: `/api/v1/events`, the change feed as server-sent events
//! - [`invite`]: the invitation page (HTML)
//! - [`citizen`]: the citizens' side: the widget's script, the form, the
//!   tracking page (HTML, no script needed)
//! - [`ops`]: `/healthz`, `/readyz` and `/metrics` for operators
//!
//! Logs name the method, route template, status and time, never a query
//! string or a body (they may hold citizens' personal data).

mod auth;
mod citizen;
mod events;
mod html;
pub use events::STREAMS_PER_PERSON;
mod invite;
pub mod listen;
pub mod openapi;
pub mod ops;
mod surface;

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};

use crate::api;
use crate::service::rules::Settings;
use crate::service::{Gateway, LocalService, ServiceError};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// Signs each request's token in; the public calls go here too.
    pub gateway: Arc<dyn Gateway>,
    /// The language, addresses and training link of the pages served.
    pub settings: Arc<Settings>,
    /// The store, asked whether it is ready and how its pool is used.
    pub store: Arc<dyn ops::StoreState>,
    /// Counts of the requests answered.
    pub metrics: Arc<ops::Metrics>,
    /// Becomes true when the server stops: open streams end.
    pub stopping: tokio::sync::watch::Receiver<bool>,
    /// Places for heavy requests (imports) served at once.
    pub heavy: Arc<tokio::sync::Semaphore>,
    /// Places for the citizens' form served at once: a burst of posts
    /// waits its turn and leaves the rest of the machine to the staff.
    pub public: Arc<tokio::sync::Semaphore>,
    /// Change streams open, by person.
    pub streams: events::Streams,
}

/// Imports read and planned at once; the next waits its turn.
pub const MAX_HEAVY: usize = 2;

/// The citizens' form's requests served at once.
pub const MAX_PUBLIC: usize = 2;

/// A `ServiceError` as an HTTP response: its status and itself as JSON.
pub struct ApiError(pub ServiceError);

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (api::status_of(&self.0), axum::Json(self.0)).into_response()
    }
}

/// Any request the routes do not know, or a query string that cannot be
/// read, answered as a `ServiceError` too.
async fn unknown_route() -> ApiError {
    ApiError(ServiceError::NotFound {
        entity: crate::service::Entity::Route,
        id: String::new(),
    })
}

/// The server's routes over `service`, for a server that is never stopped.
pub fn router(service: LocalService) -> Router {
    app(service, tokio::sync::watch::channel(false).1)
}

/// The routes; streams end when `stopping` turns true.
fn app(service: LocalService, stopping: tokio::sync::watch::Receiver<bool>) -> Router {
    let metrics = Arc::new(ops::Metrics::default());
    let state = AppState {
        settings: Arc::new(service.settings().clone()),
        store: Arc::clone(service.store()) as Arc<dyn ops::StoreState>,
        metrics: Arc::clone(&metrics),
        gateway: Arc::new(service),
        stopping,
        heavy: Arc::new(tokio::sync::Semaphore::new(MAX_HEAVY)),
        public: Arc::new(tokio::sync::Semaphore::new(MAX_PUBLIC)),
        streams: Arc::default(),
    };
    surface::routes()
        .merge(events::routes())
        .merge(invite::routes())
        .merge(citizen::routes())
        .merge(openapi::routes())
        .merge(ops::routes())
        .fallback(unknown_route)
        .layer(middleware::from_fn(move |req, next| {
            log_request(Arc::clone(&metrics), req, next)
        }))
        .with_state(state)
}

/// A request that takes this long is logged even when requests are not.
const SLOW_REQUEST: std::time::Duration = std::time::Duration::from_secs(1);

async fn log_request(metrics: Arc<ops::Metrics>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let response = next.run(req).await;
    let took = started.elapsed();
    let status = response.status().as_u16();
    metrics.record(method.as_str(), &route, status, took);
    // Every request is counted in the metrics; a line only for a failed or
    // slow one (all of them at debug, `OTKLIK_LOG=info,otklik::request=debug`).
    let ms = took.as_millis() as u64;
    if status >= 500 {
        tracing::warn!(target: "otklik::request", %method, %route, status, ms, "request");
    } else if took >= SLOW_REQUEST {
        tracing::info!(target: "otklik::request", %method, %route, status, ms, "slow request");
    } else {
        tracing::debug!(target: "otklik::request", %method, %route, status, ms, "request");
    }
    response
}

/// Serves until the listener fails, or until SIGTERM or Ctrl-C: then it
/// takes no new connections, finishes the requests in flight and returns.
pub async fn serve(
    service: LocalService,
    listener: tokio::net::TcpListener,
) -> std::io::Result<()> {
    let (stop, stopping) = tokio::sync::watch::channel(false);
    listen::run(app(service, stopping), listener, stop_asked(), stop).await
}

async fn stop_asked() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
