//! The plain HTML pages the server shows people (the invitation page, the
//! citizens' form and tracking page): one shell, one style sheet with
//! WCAG 2.1 AA contrast and a visible focus, and the headers that keep
//! them from being framed, cached or read by other sites.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Html;

use crate::domain::widget::escape_html;
use crate::i18n::I18n;

/// Dark text on white (16:1), links and buttons #0d4cd3 (6.9:1 on white,
/// and white on it), errors #b00020 (7.4:1), a 3 px focus ring.
const STYLE: &str = "body{font-family:system-ui,sans-serif;color:#1a1a1a;background:#fff;\
max-width:42em;margin:0 auto;padding:1em 1.2em;line-height:1.5;font-size:1.05em}\
a{color:#0d4cd3;overflow-wrap:anywhere}h1{font-size:1.5em;line-height:1.25}\
label,legend{display:block;font-weight:600;margin-top:1.1em}\
input,select,textarea{font:inherit;padding:.45em;width:100%;box-sizing:border-box;\
border:2px solid #595959;border-radius:4px;background:#fff;color:#1a1a1a}\
input[type=checkbox],input[type=radio]{width:1.3em;height:1.3em;margin:0 .5em 0 0;\
vertical-align:middle;flex:none}\
.check{display:flex;align-items:flex-start;font-weight:400;margin-top:.5em}\
fieldset{border:2px solid #595959;border-radius:4px;margin:1.2em 0;padding:.4em 1em .8em}\
legend{margin-top:0;padding:0 .3em}\
table{border-collapse:collapse;margin:1em 0}caption{text-align:left;font-weight:600}\
th,td{border:1px solid #595959;padding:.3em .7em;text-align:left}\
button{font:inherit;font-weight:600;padding:.6em 1.6em;margin-top:1.4em;background:#0d4cd3;\
color:#fff;border:0;border-radius:6px;cursor:pointer}\
:focus-visible{outline:3px solid #0d4cd3;outline-offset:2px}\
.hint{color:#4a4a4a;margin:.2em 0;font-size:.95em}\
.error{color:#b00020;font-weight:600;margin:.3em 0}\
[aria-invalid=true]{border-color:#b00020}\
.summary{border:3px solid #b00020;padding:.2em 1em;margin:1em 0}\
.summary:focus{outline:3px solid #0d4cd3}\
.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3em 1em}dt{font-weight:600}dd{margin:0}\
.answer{border-left:4px solid #0d4cd3;padding:.2em 1em;white-space:pre-wrap}\
code{background:#f2f2f2;padding:.1em .3em;word-break:break-all}";

/// A whole page: `title` in the head and as its heading.
pub fn page(i18n: &I18n, title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head>\
         <body><main>\n<h1>{title}</h1>\n{body}\n</main></body></html>\n",
        lang = i18n.lang().code(),
        title = escape_html(title),
    ))
}

/// Headers for a page that only this server, and `frame_ancestors` (a
/// list of origins, or `'none'`), may show in a frame.
pub fn protect(headers: &mut HeaderMap, frame_ancestors: &str) {
    let policy = format!(
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; \
         frame-ancestors {frame_ancestors}; base-uri 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    if frame_ancestors == "'none'" {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    for (name, value) in [
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
}
