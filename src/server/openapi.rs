//! `GET /api/v1/openapi.json`: the API described from the same table the
//! routes are generated from, plus the few pages written by hand. Types are
//! named (the Rust types the JSON is), not spelled out as schemas.

use axum::Json;
use axum::Router;
use serde_json::{Value, json};

use super::AppState;

/// Where the document is served.
pub const PATH: &str = "/api/v1/openapi.json";

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No sign-in.
    Public,
    /// A signed-in person, also before the training.
    SignedIn,
    /// A signed-in person who has confirmed the training.
    Trained,
}

/// One operation as the document describes it.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    pub name: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    pub summary: &'static str,
    pub access: Access,
    /// The argument that fills `{id}`, with its type.
    pub id: Option<(&'static str, &'static str)>,
    /// The other arguments: name, type, and whether a request must give it
    /// (those with a default in the table may be left out).
    pub args: &'static [(&'static str, &'static str, bool)],
    /// The one argument is the whole query string or body.
    pub whole: bool,
    pub answer: &'static str,
}

macro_rules! id_arg {
    () => {
        None
    };
    ($name:ident : $ty:ty) => {
        Some((stringify!($name), stringify!($ty)))
    };
}

/// Whether an argument must be given: not when the table has its default.
macro_rules! required {
    () => {
        true
    };
    ($def:expr) => {
        false
    };
}

macro_rules! describe {
    ($access:expr; $(#[doc = $doc:literal])*; $name:ident; $($path:ident : $pty:ty)?;
     $($arg:ident : $aty:ty [$($def:expr)?]),*; $($whole:ident)?; $answer:ty; $method:ident; $url:literal) => {
        Operation {
            name: stringify!($name),
            method: stringify!($method),
            path: $url,
            summary: concat!($($doc),*),
            access: $access,
            id: id_arg!($($path : $pty)?),
            args: &[$((stringify!($arg), stringify!($aty), required!($($def)?))),*],
            whole: !stringify!($($whole)?).is_empty(),
            answer: stringify!($answer),
        }
    };
}

macro_rules! openapi_operations {
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
        /// Every operation of the service's table.
        pub const OPERATIONS: &[Operation] = &[
            $( describe!(Access::Public; $(#[doc = $pdoc])*; $pname; $($ppath : $ppty)?;
                $($parg : $paty [$($pdef)?]),*; $($pwhole)?; $panswer; $pmethod; $purl), )*
            $( describe!(Access::SignedIn; $(#[doc = $sdoc])*; $sname; $($spath : $spty)?;
                $($sarg : $saty [$($sdef)?]),*; $($swhole)?; $sanswer; $smethod; $surl), )*
            $( describe!(Access::Trained; $(#[doc = $tdoc])*; $tname; $($tpath : $tpty)?;
                $($targ : $taty [$($tdef)?]),*; $($twhole)?; $tanswer; $tmethod; $turl), )*
        ];
    };
}

crate::service::surface::operations!(openapi_operations);

/// The routes the server serves besides the table's: (method, path, summary).
pub const PAGES: &[(&str, &str, &str)] = &[
    ("GET", crate::api::HEALTH, "Alive: answers `ok`."),
    (
        "GET",
        super::ops::READY,
        "Ready: the database answers and has this build's schema (503 if not).",
    ),
    (
        "GET",
        super::ops::METRICS,
        "Prometheus text: requests by route and status, latency, the database pool.",
    ),
    (
        "GET",
        crate::api::paths::INVITE_PAGE,
        "The invitation page (HTML): a form for the invited address.",
    ),
    (
        "POST",
        crate::api::paths::INVITE_PAGE,
        "Accepts the invitation (HTML form): confirms the account, shows its sign-in token.",
    ),
    (
        "GET",
        crate::api::EVENTS,
        "The changes the token's owner may see, as server-sent events (`text/event-stream`): \
         each event's data is a `FeedItem`, its id the place in the sequence; reconnect with \
         `Last-Event-ID` (or `?after=`) to get what was missed, or a `reload`.",
    ),
    ("GET", PATH, "This document."),
];

/// Every (method, path) the server answers.
pub fn served() -> Vec<(&'static str, &'static str)> {
    OPERATIONS
        .iter()
        .map(|o| (o.method, o.path))
        .chain(PAGES.iter().map(|(m, p, _)| (*m, *p)))
        .collect()
}

fn described(o: &Operation) -> Value {
    let in_query = o.method == "GET" || o.method == "DELETE";
    let mut parameters = Vec::new();
    if let Some((name, ty)) = o.id {
        parameters.push(json!({
            "name": "id", "in": "path", "required": true,
            "description": format!("`{name}`: {ty}"),
            "schema": { "type": "string" },
        }));
    }
    let mut operation = json!({
        "operationId": o.name,
        "summary": o.summary.trim(),
        "responses": {
            "200": {
                "description": format!("`{}`", o.answer),
                "content": { "application/json": { "schema": {} } },
            },
            "default": {
                "description": "The service's refusal, the same on every backend.",
                "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/ServiceError" }
                } },
            },
        },
    });
    if in_query {
        for (name, ty, required) in o.args {
            parameters.push(if o.whole {
                json!({
                    "name": name, "in": "query", "style": "form", "explode": true,
                    "description": format!("`{ty}`, its fields as parameters"),
                    "schema": { "type": "object" },
                })
            } else {
                json!({
                    "name": name, "in": "query", "required": required,
                    "description": format!("`{ty}`"),
                    "schema": {},
                })
            });
        }
    } else if !o.args.is_empty() {
        let schema = if o.whole {
            json!({ "description": format!("`{}`", o.args[0].1) })
        } else {
            let properties: serde_json::Map<String, Value> = o
                .args
                .iter()
                .map(|(name, ty, _)| {
                    (
                        name.to_string(),
                        json!({ "description": format!("`{ty}`") }),
                    )
                })
                .collect();
            let required: Vec<&str> = o
                .args
                .iter()
                .filter(|(_, _, required)| *required)
                .map(|(name, _, _)| *name)
                .collect();
            json!({ "type": "object", "properties": properties, "required": required })
        };
        operation["requestBody"] = json!({
            "required": true,
            "content": { "application/json": { "schema": schema } },
        });
    }
    operation["parameters"] = Value::Array(parameters);
    operation["security"] = match o.access {
        Access::Public => json!([]),
        Access::SignedIn | Access::Trained => json!([{ "bearer": [] }]),
    };
    if o.access == Access::Trained {
        operation["description"] =
            json!("Answers `training-required` until the person has confirmed the training.");
    }
    operation
}

/// The whole document.
pub fn document() -> Value {
    let mut paths = serde_json::Map::new();
    for o in OPERATIONS {
        let entry = paths.entry(o.path).or_insert_with(|| json!({}));
        entry[o.method.to_lowercase()] = described(o);
    }
    for (method, path, summary) in PAGES {
        let entry = paths.entry(*path).or_insert_with(|| json!({}));
        entry[method.to_lowercase()] = json!({
            "summary": summary,
            "security": [],
            "responses": { "200": { "description": "OK" } },
        });
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "otklik",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The back office of a citizens' feedback platform. Every call \
                but the public ones carries `Authorization: Bearer <token>`.",
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "ServiceError": {
                    "type": "object",
                    "description": "`ServiceError`: `{\"error\": kind, …}` with the kind's details.",
                },
            },
        },
        "paths": paths,
    })
}

pub fn routes() -> Router<AppState> {
    Router::new().route(PATH, axum::routing::get(|| async { Json(document()) }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_described_once() {
        let doc = document();
        let mut seen = std::collections::HashSet::new();
        for (method, path) in served() {
            assert!(seen.insert((method, path)), "{method} {path} twice");
            assert!(
                doc["paths"][path][method.to_lowercase()].is_object(),
                "{method} {path} is not in the document"
            );
        }
        let described: usize = doc["paths"]
            .as_object()
            .map(|p| {
                p.values()
                    .map(|m| m.as_object().map_or(0, |m| m.len()))
                    .sum()
            })
            .unwrap_or(0);
        assert_eq!(described, seen.len());
        assert!(OPERATIONS.iter().all(|o| !o.summary.trim().is_empty()));
        // What has a default in the table may be left out; the rest is required.
        let param = |path: &str, name: &str| {
            doc["paths"][path]["get"]["parameters"]
                .as_array()
                .and_then(|ps| ps.iter().find(|p| p["name"] == name).cloned())
                .unwrap_or_default()
        };
        assert_eq!(
            param("/api/v1/orgs/{id}/statistics", "subtree")["required"],
            false
        );
        assert_eq!(
            param("/api/v1/accounts/by-email", "email")["required"],
            true
        );
        let import = &doc["paths"]["/api/v1/orgs/{id}/onboarding"]["post"]["requestBody"];
        assert_eq!(
            import["content"]["application/json"]["schema"]["required"],
            serde_json::json!(["rows"])
        );
    }
}
