//! What operators see of `otklik serve`: liveness, readiness, metrics,
//! JSON logs and a graceful stop on SIGTERM.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::io::BufRead;
use std::process::Stdio;

use common::pg::TestDatabase;
use common::{Fixture, ServerProcess};
use otklik::service::Gateway;

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
        &[
            ("OTKLIK_LOG_FORMAT", "json"),
            ("OTKLIK_LOG", "info,otklik::request=debug"),
        ],
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
    // Asked for every request, its log is JSON lines naming routes, never
    // a query string.
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

/// A proxy that holds each request for `delay`, telling `arrived` when one
/// has come, then answers with an empty page.
fn slow_proxy(delay: std::time::Duration) -> (u16, std::sync::mpsc::Receiver<()>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (arrived, told) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut head = [0u8; 4096];
            let _ = stream.read(&mut head);
            let _ = arrived.send(());
            std::thread::sleep(delay);
            let body = "<html><body>Школа</body></html>";
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (port, told)
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_lets_the_request_in_flight_finish() {
    let f = Fixture::build();
    f.exec(
        "UPDATE orgs SET site = 'http://school5.test' WHERE id = ?1",
        &[f.org.school_a.0.into()],
    );
    let (port, arrived) = slow_proxy(std::time::Duration::from_millis(1500));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("site_proxy = \"http://127.0.0.1:{port}\"\n"),
    )
    .unwrap();
    let store = f.sqlite().path().display().to_string();
    let mut server =
        ServerProcess::start_with(&["--store", &store, "--config", &config.display().to_string()]);
    let token = f.service.issue_token(&f.who.a_admin.email).unwrap();
    let session = otklik::service::RemoteService::new(&server.url, &token)
        .unwrap()
        .sign_in(&otklik::service::Credentials::Token(token.clone()))
        .await
        .unwrap();
    let org = f.org.school_a;
    let check = tokio::spawn(async move { session.check_widget(org).await });
    // The check is waiting on the site: the request is in flight. Stop now.
    tokio::task::spawn_blocking(move || {
        arrived
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the check reaches the site");
        server.terminate()
    })
    .await
    .unwrap()
    .map(|status| assert!(status.success(), "{status:?}"))
    .expect("the server stops once the request is answered");
    let answered = check.await.unwrap();
    assert!(
        answered.is_ok(),
        "the request in flight was answered: {answered:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_invitation_page_is_guarded_and_any_case_of_bearer_is_taken() {
    let f = Fixture::build();
    let store = f.sqlite().path().display().to_string();
    let server = ServerProcess::start_with(&["--store", &store]);
    let page = reqwest::get(format!("{}/invite/inv_unknown", server.url))
        .await
        .unwrap();
    let header = |name: &str| {
        page.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert!(header("content-security-policy").contains("frame-ancestors 'none'"));
    assert!(header("content-security-policy").contains("default-src 'none'"));
    assert_eq!(header("x-frame-options"), "DENY");
    assert_eq!(header("referrer-policy"), "no-referrer");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("cache-control"), "no-store");
    // RFC 7235: the scheme is case-insensitive.
    let token = f.service.issue_token(&f.who.a_coordinator.email).unwrap();
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let me = reqwest::Client::new()
            .get(format!("{}/api/v1/me", server.url))
            .header("Authorization", format!("{scheme} {token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(me.status().as_u16(), 200, "{scheme}");
    }
    let other = reqwest::Client::new()
        .get(format!("{}/api/v1/me", server.url))
        .header("Authorization", format!("Basic {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status().as_u16(), 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn by_default_only_slow_or_failed_requests_are_logged_to_a_daily_file() {
    let f = Fixture::build();
    f.exec(
        "UPDATE orgs SET site = 'http://school5.test' WHERE id = ?1",
        &[f.org.school_a.0.into()],
    );
    let (port, _arrived) = slow_proxy(std::time::Duration::from_millis(1200));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("site_proxy = \"http://127.0.0.1:{port}\"\n"),
    )
    .unwrap();
    let logs = dir.path().join("logs");
    let log_file = logs.join("serve.log").display().to_string();
    let store = f.sqlite().path().display().to_string();
    let mut server = ServerProcess::spawn(
        &["--store", &store, "--config", &config.display().to_string()],
        &[("OTKLIK_LOG_FILE", &log_file)],
        Stdio::piped(),
    );
    for _ in 0..50 {
        assert_eq!(get(&format!("{}/healthz", server.url)).await.0, 200);
    }
    let token = f.service.issue_token(&f.who.a_admin.email).unwrap();
    let session = otklik::service::RemoteService::new(&server.url, &token)
        .unwrap()
        .sign_in(&otklik::service::Credentials::Token(token.clone()))
        .await
        .unwrap();
    // The site answers after 1.2 s: a slow request.
    session.check_widget(f.org.school_a).await.unwrap();
    assert!(server.terminate().is_some_and(|s| s.success()));

    // Nothing on stderr; one file of today's date in the folder asked for.
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut server.log().unwrap(), &mut stderr).unwrap();
    assert!(!stderr.contains("request"), "{stderr}");
    let files: Vec<_> = std::fs::read_dir(&logs)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let today = chrono::Utc::now().format("%Y-%m-%d");
    assert_eq!(files, vec![format!("serve.{today}.log")]);
    let log = std::fs::read_to_string(logs.join(&files[0])).unwrap();
    let slow: Vec<&str> = log.lines().filter(|l| l.contains("slow request")).collect();
    assert_eq!(slow.len(), 1, "{log}");
    assert!(slow[0].contains("/api/v1/orgs/{id}/widget/check"), "{log}");
    assert!(
        !log.contains("/healthz"),
        "fast requests are not lines: {log}"
    );
    assert!(
        log.contains("listening"),
        "the rest of the log is there: {log}"
    );
}
