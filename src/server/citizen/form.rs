//! The public form (docs/domain.md §6): shown for one organisation,
//! posted as a plain HTML form (no script needed), answered with the
//! message's number and its tracking link, or shown again with the
//! citizen's text kept and the wrong field named. Framed and posted only
//! from this server and the organisation's registered site.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;

use super::fields::{Values, render};
use super::{AppState, intake, language, sentence_page};
use crate::domain::citizen::{IntakeForm, Submission, Submitted};
use crate::domain::widget::escape_html;
use crate::domain::{CategoryId, Field, OrgId};
use crate::i18n::I18n;
use crate::server::html;
use crate::server::listen::ClientAddress;
use crate::service::ServiceError;

/// The largest post the form takes (its fields are bounded far below).
pub const MAX_POST: usize = 64 * 1024;

#[derive(Debug, Default, Deserialize)]
pub struct FormQuery {
    org: Option<String>,
    lang: Option<String>,
}

impl FormQuery {
    pub fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }
}

/// The form's fields as posted; `website` is the trap for robots (hidden
/// from people and from screen readers).
#[derive(Debug, Default, Deserialize)]
struct Posted {
    org: Option<String>,
    lang: Option<String>,
    stamp: Option<String>,
    category: Option<String>,
    text: Option<String>,
    address: Option<String>,
    name: Option<String>,
    contact: Option<String>,
    consent: Option<String>,
    website: Option<String>,
}

impl Posted {
    fn values(&self) -> Values {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        Values {
            category: self
                .category
                .as_deref()
                .and_then(|c| c.trim().parse().ok())
                .map(CategoryId),
            text: text(&self.text),
            address: text(&self.address),
            name: text(&self.name),
            contact: text(&self.contact),
            consent: self.consent.is_some(),
        }
    }
}

fn org_number(raw: Option<&str>) -> Option<OrgId> {
    raw.and_then(|o| o.trim().parse().ok()).map(OrgId)
}

/// This server's origin, as browsers write it.
pub(super) fn own_origin(public_url: &str) -> String {
    url::Url::parse(public_url)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default()
}

/// Who may frame the form: this server and the organisation's site.
fn frame_ancestors(form: &IntakeForm) -> String {
    match &form.site {
        Some(site) => format!("'self' {site}"),
        None => "'self'".into(),
    }
}

/// The form for `?org=N`.
pub async fn show(State(s): State<AppState>, Query(q): Query<FormQuery>) -> Response {
    let Ok(_turn) = Arc::clone(&s.public).acquire_owned().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let i18n = language(q.lang.as_deref(), s.settings.lang);
    match load(&s, org_number(q.org.as_deref())).await {
        Ok(form) => respond(&s, &i18n, &form, &Values::default(), None, StatusCode::OK),
        Err(e) => refusal(&i18n, &e),
    }
}

/// The organisation's form as the intake principal sees it.
async fn load(s: &AppState, org: Option<OrgId>) -> Result<IntakeForm, ServiceError> {
    let org = org.ok_or(ServiceError::NotFound {
        entity: crate::service::Entity::Organisation,
        id: String::new(),
    })?;
    intake(s).await?.intake_form(org).await
}

/// A page that says why there is no form (no such organisation…).
fn refusal(i18n: &I18n, e: &ServiceError) -> Response {
    sentence_page(
        i18n,
        crate::api::status_of(e),
        "citizen-form-title-plain",
        &i18n.error(e),
        "'self'",
    )
}

/// The form page, or the sentence that the organisation takes no messages.
fn respond(
    s: &AppState,
    i18n: &I18n,
    form: &IntakeForm,
    values: &Values,
    error: Option<(Option<Field>, String)>,
    status: StatusCode,
) -> Response {
    let title = i18n.tr("citizen-form-title", &[("org", form.name.as_str().into())]);
    let body = if form.accepting {
        render(i18n, form, values, error, &s.settings.intake.policy_url)
    } else {
        format!(
            "<p role=\"alert\">{}</p>",
            escape_html(&i18n.t("citizen-form-closed"))
        )
    };
    let mut response = (status, html::page(i18n, &title, &body)).into_response();
    html::protect(response.headers_mut(), &frame_ancestors(form));
    response
}

/// The origin of a cross-site post, if it is one the form takes: this
/// server's, or the organisation's registered site.
fn allowed_origin<'a>(
    origin: Option<&'a str>,
    own: &str,
    form: &IntakeForm,
) -> Result<Option<&'a str>, ()> {
    match origin {
        None | Some("null") => Ok(None),
        Some(o) if o == own => Ok(None),
        Some(o) if form.site.as_deref() == Some(o) => Ok(Some(o)),
        Some(_) => Err(()),
    }
}

/// Where a post came from: the connection's peer, or behind the
/// platform's own proxy the address it appended to `X-Forwarded-For`.
pub(super) fn client_address(
    s: &AppState,
    peer: Option<ClientAddress>,
    headers: &HeaderMap,
) -> String {
    let forwarded = || {
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<std::net::IpAddr>().ok())
            .next_back()
    };
    let ip = match (s.settings.intake.behind_proxy, peer) {
        (true, _) => forwarded().or(peer.map(|p| p.0)),
        (false, peer) => peer.map(|p| p.0),
    };
    ip.map_or_else(|| "unknown".into(), |ip| ip.to_string())
}

/// A post of the form.
pub async fn post(
    State(s): State<AppState>,
    client: Option<Extension<ClientAddress>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Ok(_turn) = Arc::clone(&s.public).acquire_owned().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let server_i18n = I18n::new(s.settings.lang);
    let Ok(bytes) = axum::body::to_bytes(body, MAX_POST).await else {
        return sentence_page(
            &server_i18n,
            StatusCode::PAYLOAD_TOO_LARGE,
            "citizen-form-title-plain",
            &server_i18n.t("citizen-form-too-large"),
            "'self'",
        );
    };
    let form_encoded = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("application/x-www-form-urlencoded"));
    let posted: Posted = match serde_urlencoded::from_bytes(&bytes) {
        Ok(p) if form_encoded => p,
        _ => {
            return sentence_page(
                &server_i18n,
                StatusCode::BAD_REQUEST,
                "citizen-form-title-plain",
                &server_i18n.t("citizen-form-malformed"),
                "'self'",
            );
        }
    };
    let i18n = language(posted.lang.as_deref(), s.settings.lang);
    let form = match load(&s, org_number(posted.org.as_deref())).await {
        Ok(form) => form,
        Err(e) => return refusal(&i18n, &e),
    };
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let cors = match allowed_origin(origin, &own_origin(&s.settings.public_url), &form) {
        Ok(cors) => cors.map(str::to_string),
        Err(()) => {
            return sentence_page(
                &i18n,
                StatusCode::FORBIDDEN,
                "citizen-form-title-plain",
                &i18n.t("citizen-form-foreign"),
                "'self'",
            );
        }
    };
    let values = posted.values();
    if posted.website.as_deref().is_some_and(|w| !w.is_empty()) {
        return sentence_page(
            &i18n,
            StatusCode::BAD_REQUEST,
            "citizen-form-title-plain",
            &i18n.t("citizen-form-refused"),
            "'self'",
        );
    }
    let submission = Submission {
        org: form.org,
        category: values.category,
        text: values.text.clone(),
        address: Some(values.address.clone()).filter(|a| !a.trim().is_empty()),
        name: values.name.clone(),
        contact: values.contact.clone(),
        consent: values.consent,
        client: client_address(&s, client.map(|Extension(a)| a), &headers),
        stamp: posted.stamp.clone().unwrap_or_default(),
    };
    let result = match intake(&s).await {
        Ok(session) => session.submit_message(&submission).await,
        Err(e) => Err(e),
    };
    let mut response = match result {
        Ok(done) => submitted(&s, &i18n, &form, &done),
        Err(e) => {
            let status = crate::api::status_of(&e);
            let error = match &e {
                ServiceError::Invalid(invalid) => (Some(invalid.field), i18n.invalid(invalid)),
                other => (None, i18n.error(other)),
            };
            // The citizen's words stay; a fresh stamp comes with the form.
            let again = load(&s, Some(form.org)).await.unwrap_or(form);
            let mut response = respond(&s, &i18n, &again, &values, Some(error), status);
            if let ServiceError::TooManyRequests { retry_after_secs } = e
                && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
            {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            response
        }
    };
    if let Some(origin) = cors
        && let Ok(v) = HeaderValue::from_str(&origin)
    {
        response
            .headers_mut()
            .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

/// The answer to a message taken: its number, the deadline, the link.
fn submitted(s: &AppState, i18n: &I18n, form: &IntakeForm, done: &Submitted) -> Response {
    let link = s.settings.tracking_link(&done.token);
    let e = escape_html;
    let deadline = done.deadline.format("%d.%m.%Y").to_string();
    let mut body = format!(
        "<p role=\"status\">{}</p><p>{}</p>",
        e(&i18n.tr(
            "citizen-sent-number",
            &[
                ("number", done.number.0.into()),
                ("org", form.name.as_str().into())
            ]
        )),
        e(&i18n.tr(
            "citizen-sent-deadline",
            &[("date", deadline.as_str().into())]
        )),
    );
    if done.moderated {
        body.push_str(&format!("<p>{}</p>", e(&i18n.t("citizen-sent-moderated"))));
    }
    body.push_str(&format!(
        "<p>{}</p><p><a id=\"tracking\" href=\"{}\" target=\"_blank\" rel=\"noopener\">{}</a></p>",
        e(&i18n.t("citizen-sent-keep")),
        e(&link),
        e(&link),
    ));
    let title = i18n.t("citizen-sent-title");
    let mut response = (StatusCode::OK, html::page(i18n, &title, &body)).into_response();
    html::protect(response.headers_mut(), &frame_ancestors(form));
    response
}

/// A CORS preflight: only the organisation's registered site may post
/// from a script.
pub async fn preflight(
    State(s): State<AppState>,
    Query(q): Query<FormQuery>,
    headers: HeaderMap,
) -> Response {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let site = load(&s, org_number(q.org.as_deref()))
        .await
        .ok()
        .and_then(|f| f.site);
    match (origin, site) {
        (Some(origin), Some(site)) if origin == site => (
            StatusCode::NO_CONTENT,
            [
                (header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.to_string()),
                (header::ACCESS_CONTROL_ALLOW_METHODS, "POST".into()),
                (header::ACCESS_CONTROL_ALLOW_HEADERS, "content-type".into()),
                (header::ACCESS_CONTROL_MAX_AGE, "600".into()),
                (header::VARY, "Origin".into()),
            ],
        )
            .into_response(),
        _ => (StatusCode::FORBIDDEN, Json(ServiceError::Forbidden)).into_response(),
    }
}
