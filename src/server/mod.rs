//! `otklik serve`: the Service over JSON under `/api/v1`, for many clients.
//!
//! - [`auth`]: the bearer token → `Actor` extractor
//! - [`routes`]: one handler per Service method
//!
//! Logs name the method, route template, status and time, never a query
//! string or a body (they may hold citizens' personal data).

mod admin_routes;
mod auth;
mod invite;
mod routes;

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{FromRequest, MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};

use crate::api;
use crate::service::{LocalService, ServiceError};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub service: Arc<LocalService>,
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

/// A JSON body; what cannot be read is a `Malformed` error in JSON like
/// every other, not axum's plain-text rejection.
pub struct Body<T>(pub T);

impl<T, S> FromRequest<S> for Body<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Body(value)),
            Err(rejection) => Err(ApiError(ServiceError::Malformed {
                detail: rejection.body_text(),
            })),
        }
    }
}

/// A query string; what cannot be read is a `Malformed` error in JSON.
pub struct Params<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for Params<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Params(value)),
            Err(rejection) => Err(ApiError(ServiceError::Malformed {
                detail: rejection.body_text(),
            })),
        }
    }
}

/// The number in a route (`/orgs/{id}`); one that is not a number is a
/// `Malformed` error in JSON.
pub struct Id(pub i64);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        match axum::extract::Path::<i64>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(id)) => Ok(Id(id)),
            Err(rejection) => Err(ApiError(ServiceError::Malformed {
                detail: rejection.body_text(),
            })),
        }
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
        service: Arc::new(service),
    };
    routes::routes()
        .merge(admin_routes::routes())
        .merge(invite::routes())
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
