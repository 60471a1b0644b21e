//! `RemoteService`: every Service call as an HTTP request to `otklik serve`.
//! Errors come back as the same `ServiceError`, so callers cannot tell the
//! backends apart; a server that cannot be reached is `Unavailable`.

use std::time::Duration;

use async_trait::async_trait;
use reqwest::{Client, RequestBuilder, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::surface::prelude::*;
use super::{Credentials, Gateway, KeptActor, Service, ServiceError, Session};
use crate::api;

mod feed;

/// The largest answer read from a server (a page of 500 rows is far below).
const MAX_ANSWER: usize = 64 * 1024 * 1024;

/// A stream silent this long is taken for lost.
const STREAM_SILENCE: Duration = Duration::from_secs(40);

#[derive(Debug, Clone)]
pub struct RemoteService {
    base: String,
    token: String,
    client: Client,
    /// For streams that stay open: no limit on the whole answer, only on
    /// silence (the server speaks at least every few seconds).
    streams: Client,
}

impl RemoteService {
    /// `base` is the server's address, e.g. `http://127.0.0.1:8080`.
    pub fn new(base: &str, token: &str) -> ServiceResult<Self> {
        let base = base.trim().trim_end_matches('/').to_string();
        url::Url::parse(&base).map_err(|e| ServiceError::Unavailable {
            detail: format!("{base}: {e}"),
        })?;
        let client = Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("otklik/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ServiceError::Internal {
                detail: e.to_string(),
            })?;
        let streams = Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .read_timeout(STREAM_SILENCE)
            .user_agent(concat!("otklik/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ServiceError::Internal {
                detail: e.to_string(),
            })?;
        Ok(RemoteService {
            base,
            token: token.trim().to_string(),
            client,
            streams,
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The token this connection signs its requests with.
    pub fn token(&self) -> &str {
        &self.token
    }

    async fn call<T: DeserializeOwned>(&self, request: RequestBuilder) -> ServiceResult<T> {
        let response = request.send().await.map_err(|e| self.unreachable(e))?;
        if !response.status().is_success() {
            return Err(self.refusal(response).await);
        }
        let body = self.body(response).await?;
        serde_json::from_slice(&body).map_err(|e| ServiceError::Internal {
            detail: format!("unexpected answer from {}: {e}", self.base),
        })
    }

    /// The whole body, at most MAX_ANSWER: a broken or hostile server
    /// cannot exhaust memory.
    async fn body(&self, mut response: reqwest::Response) -> ServiceResult<Vec<u8>> {
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.unreachable(e))? {
            if body.len() + chunk.len() > MAX_ANSWER {
                return Err(ServiceError::Unavailable {
                    detail: format!(
                        "{}: the answer is larger than {MAX_ANSWER} bytes",
                        self.base
                    ),
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    /// The service's error an unsuccessful answer carries.
    async fn refusal(&self, response: reqwest::Response) -> ServiceError {
        let status = response.status();
        let body = match self.body(response).await {
            Ok(body) => body,
            Err(e) => return e,
        };
        serde_json::from_slice::<ServiceError>(&body).unwrap_or_else(|_| match status {
            StatusCode::UNAUTHORIZED => ServiceError::Unauthenticated,
            StatusCode::FORBIDDEN => ServiceError::Forbidden,
            s => ServiceError::Unavailable {
                detail: format!("{}: HTTP {s}", self.base),
            },
        })
    }

    fn unreachable(&self, e: reqwest::Error) -> ServiceError {
        let reason = if e.is_timeout() {
            "timed out".to_string()
        } else if e.is_connect() {
            "cannot connect".to_string()
        } else {
            // Without the URL: its query string may hold a citizen's name.
            e.without_url().to_string()
        };
        ServiceError::Unavailable {
            detail: format!("{}: {reason}", self.base),
        }
    }

    /// Is a server answering at `base`? (`GET /healthz`)
    pub async fn health(&self) -> ServiceResult<()> {
        let response = self
            .client
            .get(format!("{}{}", self.base, api::HEALTH))
            .send()
            .await
            .map_err(|e| self.unreachable(e))?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(ServiceError::Unavailable {
                detail: format!("{}: HTTP {}", self.base, response.status()),
            })
        }
    }
}

/// What an operation sends besides its path.
enum Payload {
    None,
    /// The arguments by name: a query string for GET and DELETE, a JSON object otherwise.
    Keyed(serde_json::Map<String, serde_json::Value>),
    /// The one argument that is the whole query string or body.
    Whole(serde_json::Value),
}

fn to_value(value: impl Serialize) -> ServiceResult<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| ServiceError::Internal {
        detail: format!("cannot encode a request: {e}"),
    })
}

/// A JSON value as a query-string value; `None` leaves the key out.
fn query_value(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

impl RemoteService {
    /// One operation of the table: `{id}` of `path` filled from `id`, the
    /// payload in the query string (GET, DELETE) or the body.
    async fn operation<T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        id: Option<serde_json::Value>,
        payload: Payload,
    ) -> ServiceResult<T> {
        let path = match id.as_ref().and_then(query_value) {
            Some(id) => path.replace("{id}", &id),
            None => path.to_string(),
        };
        let in_query = method == reqwest::Method::GET || method == reqwest::Method::DELETE;
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        let fields = match payload {
            Payload::None => None,
            Payload::Keyed(map) => Some(serde_json::Value::Object(map)),
            Payload::Whole(value) => Some(value),
        };
        match (in_query, fields) {
            (true, Some(serde_json::Value::Object(map))) => {
                let pairs: Vec<(String, String)> = map
                    .iter()
                    .filter_map(|(k, v)| query_value(v).map(|v| (k.clone(), v)))
                    .collect();
                request = request.query(&pairs);
            }
            (true, _) => {}
            (false, Some(body)) => request = request.json(&body),
            (false, None) => request = request.json(&()),
        }
        self.call(request).await
    }
}

/// What an operation sends besides its path, from its arguments.
macro_rules! remote_payload {
    (whole; $($arg:ident),*) => {
        Payload::Whole(to_value(($($arg),*))?)
    };
    (; ) => {
        Payload::None
    };
    (; $($arg:ident),+) => {{
        let mut map = serde_json::Map::new();
        $( map.insert(stringify!($arg).to_string(), to_value(&$arg)?); )+
        Payload::Keyed(map)
    }};
}

/// Implements [`Service`] over HTTP from the table in [`super::surface`].
macro_rules! remote_service {
    (
        extra: { $($extra:tt)* }
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
        #[async_trait]
        impl Gateway for RemoteService {
            $($extra)*
            $(
                async fn $pname(&self, $($ppath: $ppty,)? $($parg: $paty),*) -> ServiceResult<$panswer> {
                    let id: Option<serde_json::Value> = None $(.or(Some(to_value($ppath)?)))?;
                    let payload = remote_payload!($($pwhole)?; $($parg),*);
                    self.operation(reqwest::Method::$pmethod, $purl, id, payload).await
                }
            )*
        }

        // The server acts as the token's owner: the actor kept here is only
        // what the server last said of them.
        #[async_trait]
        impl Service for RemoteSession {
            fn actor(&self) -> Actor {
                self.actor.get()
            }
            async fn follow(&self, after: Option<i64>) -> ServiceResult<super::Feed> {
                self.follow_events(after).await
            }
            $(
                async fn $pname(&self, $($ppath: $ppty,)? $($parg: $paty),*) -> ServiceResult<$panswer> {
                    let id: Option<serde_json::Value> = None $(.or(Some(to_value($ppath)?)))?;
                    let payload = remote_payload!($($pwhole)?; $($parg),*);
                    self.remote.operation(reqwest::Method::$pmethod, $purl, id, payload).await
                }
            )*
            $(
                async fn $sname(&self, $($spath: $spty,)? $($sarg: $saty),*) -> ServiceResult<$sanswer> {
                    let id: Option<serde_json::Value> = None $(.or(Some(to_value($spath)?)))?;
                    let payload = remote_payload!($($swhole)?; $($sarg),*);
                    let now: Actor = self.remote.operation(reqwest::Method::$smethod, $surl, id, payload).await?;
                    self.actor.keep(now.clone());
                    Ok(now)
                }
            )*
            $(
                async fn $tname(&self, $($tpath: $tpty,)? $($targ: $taty),*) -> ServiceResult<$tanswer> {
                    let id: Option<serde_json::Value> = None $(.or(Some(to_value($tpath)?)))?;
                    let payload = remote_payload!($($twhole)?; $($targ),*);
                    self.remote.operation(reqwest::Method::$tmethod, $turl, id, payload).await
                }
            )*
        }
    };
}

/// A person signed in to a server: every call carries their token.
pub struct RemoteSession {
    remote: RemoteService,
    actor: KeptActor,
}

impl RemoteSession {
    /// The server this session talks to.
    pub fn remote(&self) -> &RemoteService {
        &self.remote
    }
}

impl RemoteService {
    /// A session with this client's token for `actor`, as the caller
    /// believes them to be; the server decides by the token alone.
    pub fn session(&self, actor: Actor) -> Session {
        std::sync::Arc::new(RemoteSession {
            remote: self.clone(),
            actor: KeptActor::new(actor),
        })
    }
}

super::surface::operations!(remote_service {
    async fn sign_in(&self, credentials: &Credentials) -> ServiceResult<Session> {
        match credentials {
            Credentials::Token(token) => {
                let remote = RemoteService {
                    token: token.trim().to_string(),
                    ..self.clone()
                };
                let request = remote.client.get(format!("{}/api/v1/me", remote.base)).bearer_auth(&remote.token);
                let actor: Actor = remote.call(request).await?;
                Ok(remote.session(actor))
            }
            Credentials::Email(_) | Credentials::Intake => Err(ServiceError::Unauthenticated),
        }
    }
});
