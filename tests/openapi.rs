//! `GET /api/v1/openapi.json` against a real server: it describes every
//! route the server has, and every route it describes answers.

mod common;

use common::Kind;
use otklik::server::openapi;
use otklik::service::{Entity, ServiceError};

#[tokio::test]
async fn the_document_describes_every_route_and_each_answers() {
    let ctx = common::Ctx::new(Kind::Remote).await;
    let token = ctx
        .f
        .service
        .issue_token(&ctx.f.who.city_admin.email)
        .unwrap();
    let client = reqwest::Client::new();
    let doc: serde_json::Value = client
        .get(format!("{}{}", ctx.url(), openapi::PATH))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    let paths = doc["paths"].as_object().expect("paths");
    let served = openapi::served();
    let described: usize = paths
        .values()
        .map(|p| p.as_object().map_or(0, |m| m.len()))
        .sum();
    assert_eq!(
        described,
        served.len(),
        "the document and the routes differ"
    );
    assert!(served.len() >= 45, "{} routes", served.len());
    for (method, path) in served {
        let op = &paths[path][method.to_lowercase()];
        assert!(op.is_object(), "{method} {path} is not described");
        // A number nobody has: the route must answer, whatever the service says.
        let url = format!(
            "{}{}",
            ctx.url(),
            path.replace("{id}", "999999")
                .replace("{token}", "inv_none")
        );
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = client
            .request(method.clone(), &url)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        let status = response.status();
        assert_ne!(status, 405, "{method} {path}: method not allowed");
        if path == otklik::api::EVENTS {
            // A stream that stays open: its head answers.
            assert_eq!(status, 200, "{method} {path}");
            let kind = response.headers()[reqwest::header::CONTENT_TYPE].clone();
            assert_eq!(kind, "text/event-stream", "{method} {path}");
            continue;
        }
        let body = response.text().await.unwrap();
        if let Ok(e) = serde_json::from_str::<ServiceError>(&body) {
            assert!(
                !matches!(
                    e,
                    ServiceError::NotFound {
                        entity: Entity::Route,
                        ..
                    }
                ),
                "{method} {path}: no such route"
            );
        }
    }
    // And a path the document does not have is not served.
    let response = client
        .get(format!("{}/api/v1/no-such-thing", ctx.url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn arguments_left_out_take_their_defaults() {
    let ctx = common::Ctx::new(Kind::Remote).await;
    let f = &ctx.f;
    let token = f.service.issue_token(&f.who.a_coordinator.email).unwrap();
    let client = reqwest::Client::new();
    let get = |path: String| {
        client
            .get(format!("{}{path}", ctx.url()))
            .bearer_auth(&token)
            .send()
    };
    // `subtree` means false, `limit` the default page.
    let figures = get(format!("/api/v1/orgs/{}/statistics", f.org.school_a))
        .await
        .unwrap();
    assert_eq!(figures.status(), 200);
    let found: Vec<otklik::domain::OrgNode> = get("/api/v1/orgs/search?q=5".into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(found.iter().any(|n| n.id == f.org.school_a), "{found:?}");
    // An argument with no default is named when it is missing.
    let response = get("/api/v1/accounts/by-email".into()).await.unwrap();
    assert_eq!(response.status(), 400);
    let e: ServiceError = response.json().await.unwrap();
    match e {
        ServiceError::Malformed { detail } => assert!(detail.starts_with("email:"), "{detail}"),
        other => panic!("{other:?}"),
    }
}
