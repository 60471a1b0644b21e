//! The citizens' pages of a poll over real HTTP, as a browser without
//! scripts sends them: the organisation's list, the poll's page, the
//! request for a link (consent, the trap, a foreign site, a wrong contact),
//! the ballot the mailed link opens, a refused ballot shown again with the
//! question named, a vote, a re-vote, and the results once published. On
//! the embedded store and on PostgreSQL.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use chrono::{Duration, Utc};
use common::{Ctx, Kind};
use otklik::domain::polls::{Audience, PollAction, PollDraft, PollStatus, Question, QuestionKind};
use reqwest::StatusCode;

const PUBLIC: &str = "https://otklik.example.ru";

async fn published(ctx: &Ctx) -> i64 {
    let (admin, _) = ctx.service_as(&ctx.f.who.a_admin.email).await;
    let (leader, _) = ctx.service_as(&ctx.f.who.a_leader.email).await;
    let draft = PollDraft {
        title: "Новая спортплощадка".into(),
        description: "Выберите, что поставить".into(),
        questions: vec![
            Question {
                text: "Что поставить?".into(),
                kind: QuestionKind::Multiple { max: 2 },
                options: vec!["Турники".into(), "Брусья".into(), "Горку".into()],
            },
            Question {
                text: "Ваше предложение".into(),
                kind: QuestionKind::FreeText,
                options: vec![],
            },
        ],
        opens_at: Utc::now() - Duration::minutes(5),
        closes_at: Utc::now() + Duration::days(5),
        audience: Audience::Residents,
    };
    let poll = admin.create_poll(ctx.f.org.school_a, &draft).await.unwrap();
    let poll = admin
        .poll_act(poll.id, poll.version, PollAction::Submit)
        .await
        .unwrap();
    leader
        .poll_act(poll.id, poll.version, PollAction::Approve)
        .await
        .unwrap();
    poll.id.0
}

async fn post(
    http: &reqwest::Client,
    url: String,
    fields: &[(&str, &str)],
    origin: Option<&str>,
) -> (StatusCode, String) {
    let mut request = http
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(fields).unwrap());
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    let r = request.send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn get(http: &reqwest::Client, url: String) -> (StatusCode, String) {
    let r = http.get(url).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn the_poll_pages_over_http(mut ctx: Ctx) {
    ctx.configure(|s| s.public_url = PUBLIC.into()).await;
    let poll = published(&ctx).await;
    let url = ctx.url().to_string();
    let http = reqwest::Client::new();
    let school = ctx.f.org.school_a.0;

    let (status, list) = get(&http, format!("{url}/polls?org={school}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list.contains(&format!("href=\"/p/{poll}?lang=ru\"")),
        "{list}"
    );
    assert!(list.contains("Новая спортплощадка"), "{list}");
    let (status, _) = get(&http, format!("{url}/polls?org=999999")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, page) = get(&http, format!("{url}/p/{poll}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Что поставить?") && page.contains("name=\"contact\""),
        "{page}"
    );
    assert!(
        page.contains("aria-hidden=\"true\"><input type=\"text\" name=\"website\" tabindex=\"-1\"")
    );

    let link_url = format!("{url}/p/{poll}");
    let asked = |contact: &'static str, consent: bool| {
        let mut fields = vec![("lang", "ru"), ("contact", contact), ("website", "")];
        if consent {
            fields.push(("consent", "yes"));
        }
        fields
    };
    // No consent, a contact that is neither, a foreign site, the trap: refused, nothing queued.
    let (status, page) = post(
        &http,
        link_url.clone(),
        &asked("anna@example.ru", false),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("Согласие"), "{page}");
    assert!(
        page.contains("value=\"anna@example.ru\""),
        "what was typed stays: {page}"
    );
    let (status, page) = post(&http, link_url.clone(), &asked("не почта", true), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("aria-invalid=\"true\""), "{page}");
    let (status, _) = post(
        &http,
        link_url.clone(),
        &asked("anna@example.ru", true),
        Some("https://evil.test"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut trapped = asked("anna@example.ru", true);
    trapped[2] = ("website", "http://spam.test");
    let (status, _) = post(&http, link_url.clone(), &trapped, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(ctx.f.number("SELECT count(*) FROM ballot_requests", &[]), 0);

    let (status, page) = post(
        &http,
        link_url.clone(),
        &asked("Anna@Example.ru", true),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("An***@example.ru"), "{page}");
    ctx.f.service.send_due_mail().await.unwrap();
    let token = common::ballot_tokens(&ctx.outbox(), PUBLIC).pop().unwrap();

    let ballot_url = format!("{url}/v/{token}");
    let (status, page) = get(&http, ballot_url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("type=\"checkbox\" id=\"q0-0\" name=\"q0\""),
        "{page}"
    );
    assert!(page.contains("name=\"resident\""), "{page}");
    // Three of at most two: the question is named, the choices stay.
    let (status, page) = post(
        &http,
        ballot_url.clone(),
        &[
            ("lang", "ru"),
            ("q0", "0"),
            ("q0", "1"),
            ("q0", "2"),
            ("resident", "yes"),
        ],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("вопрос 1"), "{page}");
    assert!(
        page.contains("id=\"q0-2\" name=\"q0\" value=\"2\" checked"),
        "{page}"
    );
    // Not declared a resident.
    let (status, page) = post(
        &http,
        ballot_url.clone(),
        &[("lang", "ru"), ("q0", "0")],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    let (status, page) = post(
        &http,
        ballot_url.clone(),
        &[
            ("lang", "ru"),
            ("q0", "0"),
            ("q0", "2"),
            ("q1", "Лавочки"),
            ("resident", "yes"),
        ],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Ваш голос учтён"), "{page}");
    // The same link again: the earlier answers, and a re-vote replaces them.
    let (_, page) = get(&http, ballot_url.clone()).await;
    assert!(page.contains("Вы уже голосовали"), "{page}");
    assert!(
        page.contains("id=\"q0-2\" name=\"q0\" value=\"2\" checked"),
        "{page}"
    );
    let (status, page) = post(
        &http,
        ballot_url.clone(),
        &[("lang", "ru"), ("q0", "1"), ("resident", "yes")],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ваш голос изменён"), "{page}");

    let (admin, _) = ctx.service_as(&ctx.f.who.a_admin.email).await;
    let id = otklik::domain::PollId(poll);
    let results = admin.poll_results(id).await.unwrap();
    assert_eq!(results.ballots, 1);
    assert_eq!(results.questions[0].result.counts, vec![0, 1, 0]);
    assert!(
        results.questions[1].texts.is_empty(),
        "the re-vote left the text out"
    );

    // Closed and published: the page shows the results, the link is gone.
    let now = admin.poll(id).await.unwrap();
    let closed = admin
        .poll_act(id, now.version, PollAction::Close)
        .await
        .unwrap();
    let done = admin
        .poll_act(id, closed.version, PollAction::PublishResults)
        .await
        .unwrap();
    assert_eq!(done.status, PollStatus::ResultsPublished);
    let (status, page) = get(&http, format!("{url}/p/{poll}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Итоги") && page.contains("<td>Брусья</td><td>1</td><td>100.0</td>"),
        "{page}"
    );
    let (status, _) = get(&http, ballot_url).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_poll_pages_over_http_on_the_embedded_store() {
    the_poll_pages_over_http(Ctx::new(Kind::Remote).await).await;
}

#[tokio::test]
async fn the_poll_pages_over_http_on_postgres() {
    let Some(ctx) = Ctx::on_postgres().await else {
        return;
    };
    the_poll_pages_over_http(ctx).await;
}
