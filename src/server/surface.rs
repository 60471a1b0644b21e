//! The routes and handlers of every operation, generated from the table in
//! [`crate::service::surface`]: each handler reads the arguments from the
//! request as the table says, calls the request's session (signed in from
//! its bearer token; the gateway for public operations) and answers JSON.

use axum::extract::{FromRequest, FromRequestParts, MatchedPath, RawPathParams, Request, State};
use axum::routing::{MethodFilter, on};
use axum::{Json, Router};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::auth::Authenticated;
use super::{ApiError, AppState};
use crate::service::ServiceError;
use crate::service::surface::Pass;
use crate::service::surface::prelude::*;

/// The largest body of any request but an import.
const MAX_BODY: usize = 2 * 1024 * 1024;
/// How long an import waits for its turn before it is told to come back.
const HEAVY_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

fn malformed(detail: impl std::fmt::Display) -> ApiError {
    ApiError(ServiceError::Malformed {
        detail: detail.to_string(),
    })
}

/// The sentence of a `Malformed` refusal.
fn detail(e: ApiError) -> String {
    match e.0 {
        ServiceError::Malformed { detail } => detail,
        other => other.to_string(),
    }
}

/// One value read from a query string, a path segment, or missing.
#[derive(Deserialize)]
struct One<T> {
    v: T,
}

/// Reads `raw` (absent: `None`) as a `T` the way a query string is read.
fn from_text<T: DeserializeOwned>(raw: Option<&str>) -> Result<T, ApiError> {
    let encoded = match raw {
        Some(raw) => serde_urlencoded::to_string([("v", raw)]).map_err(malformed)?,
        None => String::new(),
    };
    serde_urlencoded::from_str::<One<T>>(&encoded)
        .map(|one| one.v)
        .map_err(malformed)
}

/// What a request carries, read once: the `{id}` of its path, its query
/// string and its body.
pub struct Wire {
    in_query: bool,
    id: Option<String>,
    query: String,
    body: Option<serde_json::Map<String, serde_json::Value>>,
    raw_body: axum::body::Bytes,
    /// A place among the heavy requests, held until the answer.
    _heavy: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl FromRequest<AppState> for Wire {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let (mut parts, body) = req.into_parts();
        let in_query =
            parts.method == axum::http::Method::GET || parts.method == axum::http::Method::DELETE;
        let id = RawPathParams::from_request_parts(&mut parts, state)
            .await
            .ok()
            .and_then(|p| p.iter().next().map(|(_, v)| v.to_string()));
        let query = parts.uri.query().unwrap_or("").to_string();
        let heavy = !in_query
            && parts
                .extensions
                .get::<MatchedPath>()
                .is_some_and(|p| p.as_str().ends_with("/onboarding"));
        let limit = if heavy {
            crate::api::MAX_IMPORT_BODY
        } else {
            MAX_BODY
        };
        // An import's body costs several times its size to read and plan:
        // a few at a time, the next waits (or is told to come back).
        let permit = if heavy {
            let waiting = std::sync::Arc::clone(&state.heavy).acquire_owned();
            match tokio::time::timeout(HEAVY_WAIT, waiting).await {
                Ok(Ok(p)) => Some(p),
                _ => {
                    return Err(ApiError(ServiceError::Unavailable {
                        detail: "busy with other imports: try again in a minute".into(),
                    }));
                }
            }
        } else {
            None
        };
        let too_large = || ApiError(ServiceError::TooLarge { max: limit as u64 });
        // Said at once when the request announces it; counted otherwise.
        let announced = parts
            .headers
            .get(axum::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if announced.is_some_and(|n| n > limit as u64) {
            return Err(too_large());
        }
        let raw_body = axum::body::to_bytes(body, limit).await.map_err(|e| {
            let over = std::error::Error::source(&e)
                .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
            if over { too_large() } else { malformed(e) }
        })?;
        Ok(Wire {
            in_query,
            id,
            query,
            body: None,
            raw_body,
            _heavy: permit,
        })
    }
}

impl Wire {
    /// The argument that fills `{id}`.
    pub fn id<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        from_text(self.id.as_deref())
    }

    /// The argument `name`: from the query string of a GET or DELETE, from
    /// the body's JSON object otherwise.
    pub fn field<T: DeserializeOwned>(&mut self, name: &str) -> Result<T, ApiError> {
        if self.in_query {
            let pairs: Vec<(String, String)> =
                serde_urlencoded::from_str(&self.query).map_err(malformed)?;
            let raw = pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str());
            return from_text(raw).map_err(|e| malformed(format!("{name}: {}", detail(e))));
        }
        let value = self
            .body_fields()?
            .remove(name)
            .unwrap_or(serde_json::Value::Null);
        serde_json::from_value(value).map_err(|e| malformed(format!("{name}: {e}")))
    }

    /// Like [`Wire::field`], with `default` when the request leaves it out.
    pub fn field_or<T: DeserializeOwned>(&mut self, name: &str, default: T) -> Result<T, ApiError> {
        let present = if self.in_query {
            let pairs: Vec<(String, String)> =
                serde_urlencoded::from_str(&self.query).map_err(malformed)?;
            pairs.iter().any(|(k, _)| k == name)
        } else {
            self.body_fields()?.get(name).is_some_and(|v| !v.is_null())
        };
        if present {
            self.field(name)
        } else {
            Ok(default)
        }
    }

    /// The body's JSON object, read once (an empty body has no fields).
    fn body_fields(&mut self) -> Result<&mut serde_json::Map<String, serde_json::Value>, ApiError> {
        if self.body.is_none() {
            let map = if self.raw_body.is_empty() {
                serde_json::Map::new()
            } else {
                serde_json::from_slice(&self.raw_body).map_err(malformed)?
            };
            self.body = Some(map);
        }
        Ok(self.body.get_or_insert_with(serde_json::Map::new))
    }

    /// The one argument that is the whole query string or body.
    pub fn whole<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        if self.in_query {
            return serde_urlencoded::from_str(&self.query).map_err(malformed);
        }
        let body: &[u8] = if self.raw_body.is_empty() {
            b"null"
        } else {
            &self.raw_body
        };
        serde_json::from_slice(body).map_err(malformed)
    }
}

/// The owned type an argument is read into.
macro_rules! owned {
    ($t:ty) => {
        $t
    };
    ($t:ty => $o:ty) => {
        $o
    };
}

/// Reads an operation's arguments from the wire.
macro_rules! read_args {
    ($wire:ident; whole; $( $arg:ident : [$($ty:tt)*] [$($def:expr)?] ),*) => {
        $( let $arg: owned!($($ty)*) = $wire.whole()?; )*
    };
    ($wire:ident; ; $( $arg:ident : [$($ty:tt)*] [$($def:expr)?] ),*) => {
        $( let $arg: owned!($($ty)*) = read_field!($wire, $arg $(, $def)?); )*
    };
}

/// One argument by name; a missing one takes the table's default, if any.
macro_rules! read_field {
    ($wire:ident, $arg:ident) => {
        $wire.field(stringify!($arg))?
    };
    ($wire:ident, $arg:ident, $def:expr) => {
        $wire.field_or(stringify!($arg), $def)?
    };
}

/// The routes of every operation of the table.
macro_rules! server_routes {
    (
        extra: { }
        public { $(
            $(#[doc = $pdoc:literal])*
            fn $pname:ident ( $([$ppath:ident : $ppty:ty])? $($parg:ident : $paty:ty $(=> $pown:ty)? $(= $pdef:expr)?),* )
                $($pwhole:ident)? -> $panswer:ty = $pmethod:ident $purl:literal;
        )* }
        signed_in { $(
            $(#[doc = $sdoc:literal])*
            fn $sname:ident ( $([$spath:ident : $spty:ty])? $($sarg:ident : $saty:ty $(=> $sown:ty)? $(= $sdef:expr)?),* )
                $($swhole:ident)? -> $sanswer:ty = $smethod:ident $surl:literal;
        )* }
        trained { $(
            $(#[doc = $tdoc:literal])*
            fn $tname:ident ( $([$tpath:ident : $tpty:ty])? $($targ:ident : $taty:ty $(=> $town:ty)? $(= $tdef:expr)?),* )
                $($twhole:ident)? -> $tanswer:ty = $tmethod:ident $turl:literal;
        )* }
    ) => {
        mod handlers {
            use super::*;

            $(
                #[allow(unused_mut, unused_variables)]
                pub async fn $pname(
                    State(s): State<AppState>,
                    mut wire: Wire,
                ) -> Result<Json<$panswer>, ApiError> {
                    $( let $ppath: $ppty = wire.id()?; )?
                    read_args!(wire; $($pwhole)?; $($parg : [$paty $(=> $pown)?] [$($pdef)?]),*);
                    Ok(Json(s.gateway.$pname($($ppath,)? $(Pass::pass(&$parg)),*).await?))
                }
            )*
            $(
                #[allow(unused_mut, unused_variables)]
                pub async fn $sname(
                    Authenticated(session): Authenticated,
                    mut wire: Wire,
                ) -> Result<Json<$sanswer>, ApiError> {
                    $( let $spath: $spty = wire.id()?; )?
                    read_args!(wire; $($swhole)?; $($sarg : [$saty $(=> $sown)?] [$($sdef)?]),*);
                    Ok(Json(session.$sname($($spath,)? $(Pass::pass(&$sarg)),*).await?))
                }
            )*
            $(
                #[allow(unused_mut, unused_variables)]
                pub async fn $tname(
                    Authenticated(session): Authenticated,
                    mut wire: Wire,
                ) -> Result<Json<$tanswer>, ApiError> {
                    $( let $tpath: $tpty = wire.id()?; )?
                    read_args!(wire; $($twhole)?; $($targ : [$taty $(=> $town)?] [$($tdef)?]),*);
                    Ok(Json(session.$tname($($tpath,)? $(Pass::pass(&$targ)),*).await?))
                }
            )*
        }

        /// Every operation of the table, at its method and path.
        pub fn routes() -> Router<AppState> {
            Router::new()
                $( .route($purl, on(MethodFilter::$pmethod, handlers::$pname)) )*
                $( .route($surl, on(MethodFilter::$smethod, handlers::$sname)) )*
                $( .route($turl, on(MethodFilter::$tmethod, handlers::$tname)) )*
        }
    };
}

crate::service::surface::operations!(server_routes);
