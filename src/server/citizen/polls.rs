//! The citizens' side of the votes module: an organisation's polls
//! (`/polls?org=N`, what the polls widget opens), a poll's page with the
//! request for a ballot link (`/p/{id}`), and the ballot the link opens
//! (`/v/{token}`). Plain HTML that needs no script, through the intake
//! principal's session; framed only by this server and the organisation's
//! registered site (the ballot by nobody).

use std::sync::Arc;

use axum::Extension;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::ballot;
use super::form::{FormQuery, MAX_POST, client_address};
use super::{AppState, intake, language, sentence_page};
use crate::domain::polls::{BallotRequest, PublicPoll, Vote};
use crate::domain::{OrgId, PollId, Problem};
use crate::i18n::I18n;
use crate::server::html;
use crate::server::listen::ClientAddress;
use crate::service::ServiceError;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    org: Option<String>,
    lang: Option<String>,
}

/// Who may frame a page of `org`: this server and its registered site.
async fn ancestors(s: &AppState, org: OrgId) -> String {
    let site = match intake(s).await {
        Ok(session) => session.intake_form(org).await.ok().and_then(|f| f.site),
        Err(_) => None,
    };
    match site {
        Some(site) => format!("'self' {site}"),
        None => "'self'".into(),
    }
}

fn page(i18n: &I18n, status: StatusCode, title: &str, body: &str, frame: &str) -> Response {
    let mut response = (status, html::page(i18n, title, body)).into_response();
    html::protect(response.headers_mut(), frame);
    response
}

fn refusal(i18n: &I18n, e: &ServiceError, frame: &str) -> Response {
    sentence_page(
        i18n,
        crate::api::status_of(e),
        "citizen-polls-title-plain",
        &i18n.error(e),
        frame,
    )
}

/// `/polls?org=N`: the organisation's published polls.
pub async fn list(State(s): State<AppState>, Query(q): Query<ListQuery>) -> Response {
    let Ok(_turn) = Arc::clone(&s.public).acquire_owned().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let i18n = language(q.lang.as_deref(), s.settings.lang);
    let Some(org) = q
        .org
        .as_deref()
        .and_then(|o| o.trim().parse().ok())
        .map(OrgId)
    else {
        let e = ServiceError::NotFound {
            entity: crate::service::Entity::Organisation,
            id: String::new(),
        };
        return refusal(&i18n, &e, "'self'");
    };
    let found = match intake(&s).await {
        Ok(session) => {
            let form = session.intake_form(org).await;
            let polls = session.public_polls(org).await;
            form.and_then(|f| polls.map(|p| (f, p)))
        }
        Err(e) => Err(e),
    };
    match found {
        Ok((form, polls)) => {
            let frame = match &form.site {
                Some(site) => format!("'self' {site}"),
                None => "'self'".into(),
            };
            let title = i18n.tr("citizen-polls-title", &[("org", form.name.as_str().into())]);
            page(
                &i18n,
                StatusCode::OK,
                &title,
                &ballot::list(&i18n, &polls),
                &frame,
            )
        }
        Err(e) => refusal(&i18n, &e, "'self'"),
    }
}

async fn public_poll(s: &AppState, id: PollId) -> Result<PublicPoll, ServiceError> {
    intake(s).await?.public_poll(id).await
}

fn poll_id(raw: &str) -> PollId {
    PollId(raw.trim().parse().unwrap_or(0))
}

/// `/p/{id}`: the poll, and the request for a link while it takes votes.
pub async fn show(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<FormQuery>,
) -> Response {
    let Ok(_turn) = Arc::clone(&s.public).acquire_owned().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let i18n = language(q.lang(), s.settings.lang);
    match public_poll(&s, poll_id(&id)).await {
        Ok(poll) => {
            let frame = ancestors(&s, poll.org).await;
            let body = ballot::poll_page(&i18n, &poll, "", None, &s.settings.intake.policy_url);
            page(&i18n, StatusCode::OK, &poll.title, &body, &frame)
        }
        Err(e) => refusal(&i18n, &e, "'self'"),
    }
}

/// A post's fields, in order (a choice of several repeats its name): from
/// this server's own pages only, form-encoded, within the size limit.
async fn read_post(
    s: &AppState,
    headers: &HeaderMap,
    body: Body,
) -> Result<Vec<(String, String)>, Response> {
    if !same_origin(s, headers) {
        return Err(bad_post(s, StatusCode::FORBIDDEN));
    }
    let bytes = axum::body::to_bytes(body, MAX_POST)
        .await
        .map_err(|_| bad_post(s, StatusCode::PAYLOAD_TOO_LARGE))?;
    let form_encoded = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form_encoded {
        return Err(bad_post(s, StatusCode::BAD_REQUEST));
    }
    serde_urlencoded::from_bytes(&bytes).map_err(|_| bad_post(s, StatusCode::BAD_REQUEST))
}

fn field<'a>(posted: &'a [(String, String)], name: &str) -> Option<&'a str> {
    posted
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Only this server's own pages post here.
fn same_origin(s: &AppState, headers: &HeaderMap) -> bool {
    let own = super::form::own_origin(&s.settings.public_url);
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None | Some("null") => true,
        Some(o) => o == own,
    }
}

fn bad_post(s: &AppState, status: StatusCode) -> Response {
    let i18n = I18n::new(s.settings.lang);
    let key = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "citizen-form-too-large",
        StatusCode::FORBIDDEN => "citizen-form-foreign",
        _ => "citizen-form-malformed",
    };
    sentence_page(
        &i18n,
        status,
        "citizen-polls-title-plain",
        &i18n.t(key),
        "'self'",
    )
}

fn with_retry(mut response: Response, e: &ServiceError) -> Response {
    if let ServiceError::TooManyRequests { retry_after_secs } = e
        && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

/// A request for a ballot link.
pub async fn request(
    State(s): State<AppState>,
    Path(id): Path<String>,
    client: Option<Extension<ClientAddress>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Ok(_turn) = Arc::clone(&s.public).acquire_owned().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let posted = match read_post(&s, &headers, body).await {
        Ok(p) => p,
        Err(refused) => return refused,
    };
    let i18n = language(field(&posted, "lang"), s.settings.lang);
    let poll = match public_poll(&s, poll_id(&id)).await {
        Ok(poll) => poll,
        Err(e) => return refusal(&i18n, &e, "'self'"),
    };
    let frame = ancestors(&s, poll.org).await;
    if field(&posted, "website").is_some_and(|w| !w.is_empty()) {
        return sentence_page(
            &i18n,
            StatusCode::BAD_REQUEST,
            "citizen-polls-title-plain",
            &i18n.t("citizen-form-refused"),
            &frame,
        );
    }
    let contact = field(&posted, "contact").unwrap_or_default().to_string();
    let refused = |e: &ServiceError| {
        let text = match e {
            ServiceError::Invalid(invalid) => i18n.invalid(invalid),
            other => i18n.error(other),
        };
        let body = ballot::poll_page(
            &i18n,
            &poll,
            &contact,
            Some(&text),
            &s.settings.intake.policy_url,
        );
        with_retry(
            page(&i18n, crate::api::status_of(e), &poll.title, &body, &frame),
            e,
        )
    };
    if field(&posted, "consent").is_none() {
        let e = ServiceError::Invalid(crate::domain::Invalid::new(
            crate::domain::Field::Consent,
            Problem::Required,
        ));
        return refused(&e);
    }
    let asked = BallotRequest {
        poll: poll.id,
        contact: contact.clone(),
        client: client_address(&s, client.map(|Extension(a)| a), &headers),
    };
    let result = match intake(&s).await {
        Ok(session) => session.request_ballot(&asked).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(sent) => {
            let body = format!(
                "<p role=\"status\">{}</p><p>{}</p>",
                crate::domain::widget::escape_html(&i18n.tr(
                    "citizen-poll-link-sent",
                    &[("to", sent.sent_to.as_str().into())]
                )),
                crate::domain::widget::escape_html(&i18n.t("citizen-poll-link-keep")),
            );
            page(&i18n, StatusCode::OK, &poll.title, &body, &frame)
        }
        Err(e) => refused(&e),
    }
}

/// `/v/{token}`: the ballot, with the earlier answers on a re-vote.
pub async fn ballot_page(
    State(s): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<FormQuery>,
) -> Response {
    let Ok(_turn) = Arc::clone(&s.public).acquire_owned().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let i18n = language(q.lang(), s.settings.lang);
    let found = match intake(&s).await {
        Ok(session) => session.ballot(&token).await,
        Err(e) => Err(e),
    };
    match found {
        Ok(view) => {
            let body =
                ballot::ballot_form(&i18n, &view.poll, &token, view.answers.as_deref(), None);
            page(&i18n, StatusCode::OK, &view.poll.title, &body, "'none'")
        }
        Err(e) => refusal(&i18n, &e, "'none'"),
    }
}

/// A vote.
pub async fn cast(
    State(s): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Ok(_turn) = Arc::clone(&s.public).acquire_owned().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let posted = match read_post(&s, &headers, body).await {
        Ok(p) => p,
        Err(refused) => return refused,
    };
    let i18n = language(field(&posted, "lang"), s.settings.lang);
    let session = match intake(&s).await {
        Ok(session) => session,
        Err(e) => return refusal(&i18n, &e, "'none'"),
    };
    let view = match session.ballot(&token).await {
        Ok(view) => view,
        Err(e) => return refusal(&i18n, &e, "'none'"),
    };
    let answers = ballot::answers_from(&view.poll, &posted);
    let vote = Vote {
        token: token.clone(),
        answers: answers.clone(),
        resident: field(&posted, "resident").is_some(),
    };
    match session.cast_vote(&vote).await {
        Ok(cast) => {
            let key = if cast.replaced {
                "citizen-ballot-replaced"
            } else {
                "citizen-ballot-taken"
            };
            let body = format!(
                "<p role=\"status\" id=\"taken\">{}</p><p>{}</p>",
                crate::domain::widget::escape_html(&i18n.t(key)),
                crate::domain::widget::escape_html(&i18n.t("citizen-ballot-change")),
            );
            page(&i18n, StatusCode::OK, &view.poll.title, &body, "'none'")
        }
        Err(e) => {
            let (question, text) = match &e {
                ServiceError::Invalid(invalid) => {
                    let at = match &invalid.problem {
                        Problem::InQuestion { number, .. } => number.saturating_sub(1) as usize,
                        _ => 0,
                    };
                    (at, i18n.invalid(invalid))
                }
                other => (0, i18n.error(other)),
            };
            let body = ballot::ballot_form(
                &i18n,
                &view.poll,
                &token,
                Some(&answers),
                Some((question, &text)),
            );
            with_retry(
                page(
                    &i18n,
                    crate::api::status_of(&e),
                    &view.poll.title,
                    &body,
                    "'none'",
                ),
                &e,
            )
        }
    }
}
