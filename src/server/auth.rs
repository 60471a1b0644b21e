//! Every API call carries `Authorization: Bearer <token>`; the token is
//! resolved to its account on each request, so archiving an account or
//! revoking a token takes effect at once.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::{ApiError, AppState};
use crate::service::{Credentials, ServiceError, Session};

/// The session of the request's bearer token.
pub struct Authenticated(pub Session);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            // The scheme's name is case-insensitive (RFC 7235).
            .and_then(|v| v.trim_start().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .filter(|t| !t.is_empty())
            .ok_or(ApiError(ServiceError::Unauthenticated))?;
        let session = state
            .gateway
            .sign_in(&Credentials::Token(token.to_string()))
            .await?;
        Ok(Authenticated(session))
    }
}
