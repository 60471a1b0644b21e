//! What operators see of `otklik serve`: liveness, readiness, metrics,
//! JSON logs and a graceful stop on SIGTERM.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::io::BufRead;
use std::process::Stdio;

use common::pg::TestDatabase;
use common::{Fixture, ServerProcess};

async fn get(url: &str) -> (u16, String) {
    let response = reqwest::get(url).await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_tells_its_health_readiness_and_figures() {
    let f = Fixture::build();
    let store = f.sqlite().path().display().to_string();
    let mut server = ServerProcess::spawn(
        &["--store", &store],
        &[("OTKLIK_LOG_FORMAT", "json")],
        Stdio::piped(),
    );
    assert_eq!(
        get(&format!("{}/healthz", server.url)).await,
        (200, "ok".into())
    );
    assert_eq!(get(&format!("{}/readyz", server.url)).await.0, 200);
    let (status, _) = get(&format!("{}/api/v1/orgs", server.url)).await;
    assert_eq!(status, 401, "no token");
    let (status, text) = get(&format!("{}/metrics", server.url)).await;
    assert_eq!(status, 200);
    assert!(
        text.contains(r#"otklik_requests_total{method="GET",route="/api/v1/orgs",status="401"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"otklik_request_seconds_bucket{method="GET",route="/readyz",le="+Inf"} 1"#),
        "{text}"
    );
    // SIGTERM: the server stops of itself, successfully.
    let status = server.terminate().expect("the server stops within 20 s");
    assert!(status.success(), "{status:?}");
    // Its log is JSON lines, naming routes and never a query string.
    let log: Vec<serde_json::Value> = std::io::BufReader::new(server.log().unwrap())
        .lines()
        .map_while(Result::ok)
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(&l).unwrap())
        .collect();
    let routes: Vec<&str> = log
        .iter()
        .filter_map(|e| e["fields"]["route"].as_str())
        .collect();
    assert!(routes.contains(&"/api/v1/orgs"), "{log:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_on_postgres_is_ready_only_with_its_schema() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let url = db.url.clone();
    let f = Fixture::build_in(Some(db));
    let server = ServerProcess::start_with(&["--database", &url]);
    assert_eq!(get(&format!("{}/readyz", server.url)).await.0, 200);
    let (_, text) = get(&format!("{}/metrics", server.url)).await;
    assert!(text.contains("otklik_db_connections_max 16"), "{text}");
    assert!(text.contains("otklik_db_connections_open "), "{text}");
    // Another build moved the schema on: this one is no longer ready.
    f.db.as_ref()
        .unwrap()
        .sql("UPDATE otklik_schema SET version = 99");
    let (status, text) = get(&format!("{}/readyz", server.url)).await;
    assert_eq!((status, text.as_str()), (503, "not ready"));
}
