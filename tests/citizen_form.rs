//! The public form and the tracking page over real HTTP, without a
//! browser (as a browser without scripts, or a robot, sends them): the
//! page and its headers, a plain post, posts from a foreign site, the
//! trap, over-large and malformed posts, a refused field, the address
//! limit, CORS, and the tracking page. On the embedded store and on
//! PostgreSQL.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{Ctx, Kind, Param};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

const SITE: &str = "https://school5.test";

/// The form's hidden stamp on a page.
fn stamp_of(page: &str) -> String {
    let start = page.find("name=\"stamp\" value=\"").unwrap() + 20;
    page[start..][..page[start..].find('"').unwrap()].to_string()
}

fn header(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

fn count(ctx: &Ctx, org: i64) -> i64 {
    ctx.f.number(
        "SELECT count(*) FROM messages WHERE org_id = ?1",
        &[Param::Int(org)],
    )
}

struct Form<'a> {
    http: reqwest::Client,
    url: &'a str,
    org: i64,
    /// What the platform's proxy would append to `X-Forwarded-For`.
    forwarded: Option<&'a str>,
}

impl Form<'_> {
    async fn page(&self, lang: &str) -> (StatusCode, HeaderMap, String) {
        let r = self
            .http
            .get(format!("{}/form?org={}&lang={lang}", self.url, self.org))
            .send()
            .await
            .unwrap();
        let (status, headers) = (r.status(), r.headers().clone());
        (status, headers, r.text().await.unwrap())
    }

    /// Posts the fields over a freshly opened form's stamp.
    async fn post(
        &self,
        fields: &[(&str, &str)],
        origin: Option<&str>,
    ) -> (StatusCode, HeaderMap, String) {
        let (_, _, page) = self.page("ru").await;
        let org = self.org.to_string();
        let stamp = stamp_of(&page);
        let mut all: Vec<(&str, &str)> = vec![("org", &org), ("lang", "ru"), ("stamp", &stamp)];
        all.extend_from_slice(fields);
        let mut request = self
            .http
            .post(format!("{}/form", self.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(&all).unwrap());
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(address) = self.forwarded {
            request = request.header("x-forwarded-for", format!("10.0.0.1, {address}"));
        }
        let r = request.send().await.unwrap();
        let (status, headers) = (r.status(), r.headers().clone());
        (status, headers, r.text().await.unwrap())
    }
}

fn filled<'a>(contact: &'a str, text: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("text", text),
        ("address", "ул. Ленина, 5"),
        ("name", "Иванова Анна"),
        ("contact", contact),
        ("consent", "yes"),
        ("website", ""),
    ]
}

async fn the_form_over_http(mut ctx: Ctx) {
    let school = ctx.f.org.school_a;
    ctx.f.exec(
        "UPDATE orgs SET site = ?1, widget_site_approved = ?2 WHERE id = ?3",
        &[
            Param::Text(format!("{SITE}/")),
            Param::Bool(true),
            Param::Int(school.0),
        ],
    );
    ctx.configure(|s| {
        s.intake.min_fill_secs = 0;
        s.intake.per_address_hour = 4;
    })
    .await;
    let url = ctx.url().to_string();
    let form = Form {
        http: reqwest::Client::new(),
        url: &url,
        org: school.0,
        forwarded: Some("198.51.100.1"),
    };

    // The widget's script.
    let script = form
        .http
        .get(format!("{url}/widget.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), StatusCode::OK);
    assert!(header(script.headers(), "content-type").starts_with("text/javascript"));
    assert!(script.text().await.unwrap().contains("window.Widget"));

    // The page: labelled fields, the trap hidden from people and readers,
    // framed only by the server and the school's site.
    let (status, headers, page) = form.page("ru").await;
    assert_eq!(status, StatusCode::OK);
    let policy = header(&headers, "content-security-policy");
    assert!(
        policy.contains(&format!("frame-ancestors 'self' {SITE};")),
        "{policy}"
    );
    assert!(page.contains("<html lang=\"ru\">"));
    for id in [
        "f-category",
        "f-text",
        "f-address",
        "f-name",
        "f-contact",
        "f-consent",
    ] {
        assert!(
            page.contains(&format!("for=\"{id}\"")) && page.contains(&format!("id=\"{id}\"")),
            "{id} has no label"
        );
    }
    assert!(page.contains(
        "<div class=\"hp\" aria-hidden=\"true\"><input type=\"text\" name=\"website\" tabindex=\"-1\""
    ));
    assert!(page.contains("<optgroup label=\"Дороги\">"), "{page}");
    let (_, _, english) = form.page("en").await;
    assert!(english.contains("<html lang=\"en\">") && english.contains("Your message"));
    let nowhere = form
        .http
        .get(format!("{url}/form?org=999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(nowhere.status(), StatusCode::NOT_FOUND);

    // A plain post, as a browser without scripts sends it.
    let before = count(&ctx, school.0);
    let (status, _, done) = form
        .post(&filled("anna@mail.ru", "Во дворе яма"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert!(done.contains("зарегистрировано под номером"), "{done}");
    assert_eq!(count(&ctx, school.0), before + 1);
    let link = {
        let start = done
            .find("href=\"https://")
            .or(done.find("href=\"http://"))
            .unwrap()
            + 6;
        done[start..][..done[start..].find('"').unwrap()].to_string()
    };
    let path = &link[link.find("/m/").unwrap()..];
    let tracking = form.http.get(format!("{url}{path}")).send().await.unwrap();
    assert_eq!(tracking.status(), StatusCode::OK);
    let headers = tracking.headers().clone();
    assert!(header(&headers, "content-security-policy").contains("frame-ancestors 'none'"));
    assert_eq!(header(&headers, "cache-control"), "no-store");
    assert_eq!(header(&headers, "referrer-policy"), "no-referrer");
    let text = tracking.text().await.unwrap();
    assert!(text.contains("на модерации"), "{text}");
    assert!(!text.contains("anna@mail.ru"), "the contact is not shown");
    let unknown = form
        .http
        .get(format!("{url}/m/trk_0000"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    // From the school's site: taken, with CORS for it; from elsewhere: not.
    let (status, headers, _) = form
        .post(&filled("boris@mail.ru", "Нет света"), Some(SITE))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, "access-control-allow-origin"), SITE);
    let before = count(&ctx, school.0);
    let (status, headers, page) = form
        .post(&filled("eve@mail.ru", "Чужой"), Some("https://evil.test"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{page}");
    assert_eq!(header(&headers, "access-control-allow-origin"), "");
    assert!(page.contains("только с сайта организации"), "{page}");
    let preflight = |origin: &'static str| {
        let http = form.http.clone();
        let target = format!("{url}/form?org={}", school.0);
        async move {
            http.request(reqwest::Method::OPTIONS, target)
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .send()
                .await
                .unwrap()
        }
    };
    let ok = preflight(SITE).await;
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(ok.headers(), "access-control-allow-origin"), SITE);
    assert_eq!(
        preflight("https://evil.test").await.status(),
        StatusCode::FORBIDDEN
    );

    // The trap, an over-large post, something that is not a form.
    let mut trapped = filled("bot@mail.ru", "Купите");
    trapped.retain(|(k, _)| *k != "website");
    trapped.push(("website", "http://spam.test"));
    let (status, _, _) = form.post(&trapped, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let huge = "я".repeat(40_000);
    let (status, _, page) = form.post(&filled("big@mail.ru", &huge), None).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{page}");
    let json = form
        .http
        .post(format!("{url}/form"))
        .header("content-type", "application/json")
        .body("{\"org\": 1}")
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), StatusCode::BAD_REQUEST);
    assert_eq!(count(&ctx, school.0), before);

    // A refused field: named at the field, the citizen's words kept.
    let mut no_text = filled("anna2@mail.ru", "");
    no_text.retain(|(k, _)| *k != "name");
    no_text.push(("name", "Иванова <Анна>"));
    let (status, _, page) = form.post(&no_text, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("aria-describedby=\"f-text-hint f-text-error\" aria-invalid=\"true\""));
    assert!(
        page.contains("value=\"Иванова &lt;Анна&gt;\""),
        "kept and escaped"
    );
    assert!(page.contains("<a href=\"#f-text\">"));

    // Two posts were taken from this address; two more fill its hour,
    // and the form says when to come back, the words kept.
    for (contact, text) in [("late@mail.ru", "Третье"), ("later@mail.ru", "Четвёртое")]
    {
        let (status, _, page) = form.post(&filled(contact, text), None).await;
        assert_eq!(status, StatusCode::OK, "{page}");
    }
    let (status, headers, page) = form
        .post(&filled("latest@mail.ru", "Пятое за час"), None)
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{page}");
    let retry: u64 = header(&headers, "retry-after").parse().unwrap();
    assert!((1..=3600).contains(&retry));
    assert!(page.contains("Слишком много сообщений"), "{page}");
    assert!(page.contains("Пятое за час"));

    // Behind the platform's own proxy, each citizen's address counts (the
    // one the proxy appended), not the proxy's.
    ctx.configure(|s| s.intake.behind_proxy = true).await;
    let url = ctx.url().to_string();
    let behind = Form {
        url: &url,
        forwarded: Some("198.51.100.2"),
        ..form
    };
    let (status, _, page) = behind
        .post(&filled("citizen@mail.ru", "Из-за прокси"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
}

#[tokio::test]
async fn the_form_over_http_on_the_embedded_store() {
    the_form_over_http(Ctx::new(Kind::Remote).await).await;
}

#[tokio::test]
async fn the_form_over_http_on_postgres() {
    let Some(ctx) = Ctx::on_postgres().await else {
        return;
    };
    the_form_over_http(ctx).await;
}
