//! The citizens' side of `otklik serve`: the widget's script, the form the
//! widget opens (`/form?org=N`, plain HTML that needs no script) and the
//! private tracking page (`/m/<token>`). The form acts through the intake
//! principal's session, never as a person; the tracking page through the
//! public `track_message`.
//!
//! - [`form`]: the form, its post, the answer with the tracking link
//! - [`fields`]: the form's fields as HTML
//! - [`track`]: the tracking page
//! - [`polls`]: the votes module's pages (the list, a poll, the ballot),
//!   [`ballot`] their HTML

mod ballot;
mod fields;
mod form;
mod polls;
mod track;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AppState;
use crate::i18n::{I18n, Lang};
use crate::service::{Credentials, ServiceError, Session};

/// The widget's script, served to the sites that carry the widget.
const WIDGET_JS: &str = include_str!("../../../assets/widget/widget.js");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/widget.js", get(widget_js))
        .route(
            "/form",
            get(form::show).post(form::post).options(form::preflight),
        )
        .route("/m/{token}", get(track::show))
        .route("/polls", get(polls::list))
        .route("/p/{id}", get(polls::show).post(polls::request))
        .route("/v/{token}", get(polls::ballot_page).post(polls::cast))
}

async fn widget_js() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        WIDGET_JS,
    )
        .into_response()
}

/// The page's language: `?lang=en|ru`, or the server's.
fn language(asked: Option<&str>, server: Lang) -> I18n {
    I18n::new(match asked {
        Some("en") => Lang::En,
        Some("ru") => Lang::Ru,
        _ => server,
    })
}

/// The public side's session.
async fn intake(state: &AppState) -> Result<Session, ServiceError> {
    state.gateway.sign_in(&Credentials::Intake).await
}

/// A page with one sentence, for what went wrong before a form could be shown.
fn sentence_page(
    i18n: &I18n,
    status: StatusCode,
    title_key: &str,
    text: &str,
    frame_ancestors: &str,
) -> Response {
    let body = format!(
        "<p role=\"alert\">{}</p>",
        crate::domain::widget::escape_html(text)
    );
    let mut response = (status, super::html::page(i18n, &i18n.t(title_key), &body)).into_response();
    super::html::protect(response.headers_mut(), frame_ancestors);
    response
}
