//! Property tests over what comes from outside: any bytes as a workbook or
//! a CSV file (random, and a real form with bytes changed), and any JSON as
//! the body of every operation the server takes a body for. Nothing may
//! panic; the reader answers rows or a `SheetError`, the server a
//! refusal that is not a fault (no 5xx). A bounded number of cases, so the
//! run stays within seconds; a failure proptest finds is kept in
//! `tests/fuzz.proptest-regressions` and tried first ever after.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use proptest::prelude::*;
use tower::ServiceExt;

/// Failures found are kept beside this file and tried first ever after.
fn persistence() -> Option<Box<dyn proptest::test_runner::FailurePersistence>> {
    Some(Box::new(
        proptest::test_runner::FileFailurePersistence::Direct("tests/fuzz.proptest-regressions"),
    ))
}

/// Reads `bytes` as a file named `name`; whatever it is, no panic.
fn read(dir: &std::path::Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let _ = otklik::sheets::read_form(&path, &mut |_, _| {});
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: persistence(), ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_are_read_or_refused(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        ext in prop::sample::select(vec!["xlsx", "csv", "ods", "xls", "txt", "bin"]),
    ) {
        let dir = tempfile::tempdir().unwrap();
        read(dir.path(), &format!("f.{ext}"), &bytes);
    }

    #[test]
    fn a_damaged_form_is_read_or_refused(
        changes in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..24),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = common::clean_form();
        for (at, b) in changes {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        if truncate {
            let len = cut.index(bytes.len());
            bytes.truncate(len);
        }
        let dir = tempfile::tempdir().unwrap();
        read(dir.path(), "form.xlsx", &bytes);
    }

    #[test]
    fn any_csv_text_is_read_or_refused(text in "[а-яА-Яa-z0-9;,\"'=+@\\-\\r\\n\\t «»№]{0,400}") {
        let dir = tempfile::tempdir().unwrap();
        let with_header = format!("Наименование организации;ФИО;E-mail;Роль\n{text}");
        read(dir.path(), "f.csv", with_header.as_bytes());
        read(dir.path(), "g.csv", text.as_bytes());
    }
}

/// Any JSON value, a few levels deep.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        "[a-zа-я0-9_@. -]{0,12}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map(
                prop::sample::select(vec![
                    "rows", "draft", "act", "items", "version", "roles", "email", "surname",
                    "name", "org", "text", "dry_run", "days", "stages", "ready", "executor",
                    "kind", "category", "id", "after", "limit",
                ])
                .prop_map(String::from),
                inner,
                0..6,
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: persistence(), ..ProptestConfig::default() })]

    #[test]
    fn any_json_body_is_answered_without_a_fault(body in json(), raw in any::<bool>()) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let f = common::Fixture::build();
        let token = f.service.issue_token(&f.who.city_admin.email).unwrap();
        let app = otklik::server::router(f.service.clone());
        let mut text = body.to_string().into_bytes();
        if raw {
            // Not always JSON (nor UTF-8): cut it anywhere.
            text.truncate(text.len() / 2 + 1);
        }
        runtime.block_on(async {
            for (method, path) in otklik::server::openapi::served() {
                if matches!(method, "GET" | "DELETE") {
                    continue;
                }
                let path = path
                    .replace("{id}", &f.org.school_a.0.to_string())
                    .replace("{token}", "inv_none");
                let request = Request::builder()
                    .method(method)
                    .uri(&path)
                    .header("authorization", format!("Bearer {token}"))
                    .header("content-type", "application/json")
                    .body(Body::from(text.clone()))
                    .unwrap();
                let status = app.clone().oneshot(request).await.unwrap().status();
                prop_assert!(
                    !status.is_server_error() || status == StatusCode::SERVICE_UNAVAILABLE,
                    "{method} {path} with {}: {status}",
                    String::from_utf8_lossy(&text)
                );
            }
            Ok(())
        })?;
    }
}
