//! The citizen's private page of a message: the stage in words, the
//! deadline and, once approved, the answer. Nothing of the organisation's
//! internal work is on it, and nothing may frame, cache or refer it on.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::form::FormQuery;
use super::{AppState, language, sentence_page};
use crate::domain::citizen::{Stage, Tracking};
use crate::domain::clock;
use crate::domain::widget::escape_html;
use crate::i18n::I18n;
use crate::server::html;

pub async fn show(
    State(s): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<FormQuery>,
) -> Response {
    let i18n = language(q.lang(), s.settings.lang);
    match s.gateway.track_message(&token).await {
        Ok(tracking) => {
            let title = i18n.tr(
                "citizen-track-title",
                &[("number", tracking.number.0.into())],
            );
            let mut response = (
                StatusCode::OK,
                html::page(&i18n, &title, &render(&i18n, &tracking)),
            )
                .into_response();
            html::protect(response.headers_mut(), "'none'");
            response
        }
        Err(crate::service::ServiceError::NotFound { .. }) => sentence_page(
            &i18n,
            StatusCode::NOT_FOUND,
            "citizen-track-unknown-title",
            &i18n.t("citizen-track-unknown"),
            "'none'",
        ),
        Err(e) => sentence_page(
            &i18n,
            crate::api::status_of(&e),
            "citizen-track-unknown-title",
            &i18n.error(&e),
            "'none'",
        ),
    }
}

/// The stage in the citizen's words.
fn stage(i18n: &I18n, t: &Tracking) -> String {
    let key = format!("citizen-stage-{}", t.stage.key());
    match &t.stage {
        Stage::Rejected { reason } | Stage::Closed { reason } => {
            i18n.tr(&key, &[("reason", reason.as_str().into())])
        }
        Stage::Duplicate { of } => i18n.tr(&key, &[("number", of.0.into())]),
        _ => i18n.t(&key),
    }
}

fn render(i18n: &I18n, t: &Tracking) -> String {
    let e = escape_html;
    let row =
        |label: &str, value: &str| format!("<dt>{}</dt><dd>{}</dd>", e(&i18n.t(label)), e(value));
    let mut out = String::from("<dl>");
    out.push_str(&row("citizen-track-stage", &stage(i18n, t)));
    if let Some(to) = &t.redirected_to {
        out.push_str(&row(
            "citizen-track-redirected",
            &i18n.tr(
                "citizen-track-redirected-to",
                &[("org", to.as_str().into())],
            ),
        ));
    }
    out.push_str(&row("citizen-track-org", &t.org_name));
    if !t.category_name.is_empty() {
        out.push_str(&row("citizen-track-category", &t.category_name));
    }
    out.push_str(&row(
        "citizen-track-received",
        &clock::local(t.received_at)
            .format("%d.%m.%Y %H:%M")
            .to_string(),
    ));
    out.push_str(&row(
        "citizen-track-deadline",
        &t.deadline.format("%d.%m.%Y").to_string(),
    ));
    out.push_str("</dl>");
    if let Some(answer) = &t.answer {
        let date = clock::local(answer.at).format("%d.%m.%Y").to_string();
        out.push_str(&format!(
            "<h2>{}</h2><p>{}</p><div class=\"answer\" id=\"answer\">{}</div>",
            e(&i18n.t("citizen-track-answer")),
            e(&i18n.tr(
                "citizen-track-answered",
                &[
                    ("org", answer.org_name.as_str().into()),
                    ("date", date.as_str().into()),
                ]
            )),
            e(&answer.text),
        ));
    }
    out
}
