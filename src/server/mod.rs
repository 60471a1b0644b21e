//! `otklik serve`: the Service over JSON under `/api/v1`, for many clients.
//!
//! - [`auth`]: the bearer token → the request's `Session`
//! - [`surface`]: the routes and handlers of every operation, generated
//!   from the service's table
//! - [`openapi`]: `/api/v1/openapi.json`, from the same table
//! - [`invite`]: the invitation page (HTML)
//!
//! Logs name the method, route template, status and time, never a query
//! string or a body (they may hold citizens' personal data).

mod auth;
mod invite;
pub mod openapi;
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
}

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

pub fn router(service: LocalService) -> Router {
    let state = AppState {
        settings: Arc::new(service.settings().clone()),
        gateway: Arc::new(service),
    };
    surface::routes()
        .merge(invite::routes())
        .merge(openapi::routes())
        .fallback(unknown_route)
        .route(api::HEALTH, axum::routing::get(|| async { "ok" }))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

async fn log_request(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let response = next.run(req).await;
    tracing::info!(
        %method,
        %route,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

/// Serves until the listener fails or Ctrl-C.
pub async fn serve(
    service: LocalService,
    listener: tokio::net::TcpListener,
) -> std::io::Result<()> {
    axum::serve(listener, router(service))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
