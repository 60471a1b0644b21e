//! The page an invitation mail links to: the person types the address the
//! invitation was sent to, and gets the account confirmed with a sign-in
//! token and the command that stores it. Plain HTML, no scripts.

use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;

use super::AppState;
use crate::api::paths;
use crate::domain::widget::escape_html;
use crate::i18n::I18n;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(paths::INVITE_PAGE, get(form).post(accept))
        .layer(axum::middleware::map_response(protect))
}

/// The page shows a sign-in token: nothing may frame it, cache it, send
/// its address on, guess its type or run anything in it.
async fn protect(mut response: axum::response::Response) -> axum::response::Response {
    super::html::protect(response.headers_mut(), "'none'");
    response
}

#[derive(Debug, Deserialize)]
struct AcceptForm {
    email: String,
}

fn page(i18n: &I18n, body: &str) -> Html<String> {
    super::html::page(i18n, &i18n.t("invite-page-title"), body)
}

fn the_form(i18n: &I18n, error: Option<&str>, email: &str) -> String {
    let error = error
        .map(|e| format!("<p class=\"error\">{}</p>", escape_html(e)))
        .unwrap_or_default();
    format!(
        "<p>{intro}</p>{error}<form method=\"post\"><label>{label}<br>\
         <input type=\"email\" name=\"email\" required autofocus value=\"{email}\"></label>\
         <br><button type=\"submit\">{confirm}</button></form>",
        intro = escape_html(&i18n.t("invite-page-intro")),
        label = escape_html(&i18n.t("invite-page-email")),
        email = escape_html(email),
        confirm = escape_html(&i18n.t("invite-page-confirm")),
    )
}

async fn form(State(s): State<AppState>) -> Html<String> {
    let i18n = I18n::new(s.settings.lang);
    page(&i18n, &the_form(&i18n, None, ""))
}

async fn accept(
    State(s): State<AppState>,
    Path(token): Path<String>,
    Form(form): Form<AcceptForm>,
) -> (axum::http::StatusCode, Html<String>) {
    let settings = &s.settings;
    let i18n = I18n::new(settings.lang);
    match s.gateway.accept_invitation(&token, &form.email).await {
        Ok(accepted) => {
            let login = format!("otklik login {}", settings.public_url.trim_end_matches('/'));
            let body = format!(
                "<p>{done}</p><p>{token_label}<br><code>{token}</code></p>\
                 <p>{login_label}<br><code>{login}</code></p>\
                 <p>{training} <a href=\"{url}\">{url}</a></p>",
                done = escape_html(&i18n.tr(
                    "invite-page-done",
                    &[("name", accepted.account.full_name().as_str().into())]
                )),
                token_label = escape_html(&i18n.t("invite-page-token")),
                token = escape_html(&accepted.token),
                login_label = escape_html(&i18n.t("invite-page-login")),
                login = escape_html(&login),
                training = escape_html(&i18n.t("invite-page-training")),
                url = escape_html(&settings.training_url),
            );
            (axum::http::StatusCode::OK, page(&i18n, &body))
        }
        Err(e) => (
            crate::api::status_of(&e),
            page(&i18n, &the_form(&i18n, Some(&i18n.error(&e)), &form.email)),
        ),
    }
}
