//! The public form's fields as HTML: each with its label, hint and error
//! tied to its control (`aria-describedby`, `aria-invalid`), the summary
//! of what to fix on top, the classifier as grouped options, and the trap
//! for robots hidden from people and screen readers.

use crate::domain::citizen::{IntakeForm, MAX_FORM_LINE, MAX_FORM_TEXT};
use crate::domain::widget::escape_html;
use crate::domain::{Category, CategoryId, Field};
use crate::i18n::I18n;

/// What the citizen typed, shown again after a refusal.
#[derive(Debug, Default)]
pub(super) struct Values {
    pub category: Option<CategoryId>,
    pub text: String,
    pub address: String,
    pub name: String,
    pub contact: String,
    pub consent: bool,
}

/// The fields, with the one refused marked and the summary on top.
pub(super) fn render(
    i18n: &I18n,
    form: &IntakeForm,
    values: &Values,
    error: Option<(Option<Field>, String)>,
    policy_url: &str,
) -> String {
    let e = escape_html;
    let error_at = |field: Field| match &error {
        Some((Some(f), text)) if *f == field => Some(text.as_str()),
        _ => None,
    };
    let mut out = String::with_capacity(8 * 1024);
    if let Some((field, text)) = &error {
        let anchor = field.and_then(field_id).unwrap_or("f-text");
        out.push_str(&format!(
            "<div class=\"summary\" role=\"alert\" tabindex=\"-1\" id=\"errors\">\
             <h2>{}</h2><p><a href=\"#{anchor}\">{}</a></p></div>",
            e(&i18n.t("citizen-form-fix")),
            e(text),
        ));
    }
    out.push_str(&format!(
        "<p>{}</p><form method=\"post\" action=\"/form\" accept-charset=\"utf-8\">\
         <input type=\"hidden\" name=\"org\" value=\"{}\">\
         <input type=\"hidden\" name=\"lang\" value=\"{}\">\
         <input type=\"hidden\" name=\"stamp\" value=\"{}\">",
        e(&i18n.t("citizen-form-intro")),
        form.org,
        i18n.lang().code(),
        e(&form.stamp),
    ));
    // The category: top-level ones with their subcategories as groups.
    out.push_str(&field_open(
        i18n,
        "f-category",
        "citizen-form-category",
        None,
        error_at(Field::Category),
    ));
    out.push_str(&format!(
        "<select id=\"f-category\" name=\"category\"{}><option value=\"\">{}</option>{}</select></div>",
        described("f-category", false, error_at(Field::Category)),
        e(&i18n.t("citizen-form-category-none")),
        category_options(&form.categories, values.category),
    ));
    out.push_str(&field_open(
        i18n,
        "f-text",
        "citizen-form-text",
        Some(&i18n.tr("citizen-form-text-hint", &[("max", MAX_FORM_TEXT.into())])),
        error_at(Field::Text),
    ));
    out.push_str(&format!(
        "<textarea id=\"f-text\" name=\"text\" rows=\"8\" maxlength=\"{MAX_FORM_TEXT}\" required{}>{}</textarea></div>",
        described("f-text", true, error_at(Field::Text)),
        e(&values.text),
    ));
    for (id, name, label, hint, field, value, autocomplete) in [
        (
            "f-address",
            "address",
            "citizen-form-address",
            Some(i18n.t("citizen-form-address-hint")),
            Field::Address,
            &values.address,
            "street-address",
        ),
        (
            "f-name",
            "name",
            "citizen-form-name",
            None,
            Field::Name,
            &values.name,
            "name",
        ),
        (
            "f-contact",
            "contact",
            "citizen-form-contact",
            Some(i18n.t("citizen-form-contact-hint")),
            Field::Contact,
            &values.contact,
            "email",
        ),
    ] {
        let required = if field == Field::Address {
            ""
        } else {
            " required"
        };
        out.push_str(&field_open(
            i18n,
            id,
            label,
            hint.as_deref(),
            error_at(field),
        ));
        out.push_str(&format!(
            "<input type=\"text\" id=\"{id}\" name=\"{name}\" maxlength=\"{MAX_FORM_LINE}\" \
             autocomplete=\"{autocomplete}\" value=\"{}\"{required}{}></div>",
            e(value),
            described(id, hint.is_some(), error_at(field)),
        ));
    }
    let consent_error = error_at(Field::Consent);
    out.push_str(&format!(
        "<div class=\"field\"><label class=\"check\" for=\"f-consent\">\
         <input type=\"checkbox\" id=\"f-consent\" name=\"consent\" value=\"yes\" required{}{}>\
         <span>{} <a href=\"{}\" target=\"_blank\" rel=\"noopener\">{}</a></span></label>{}</div>",
        if values.consent { " checked" } else { "" },
        described("f-consent", false, consent_error),
        e(&i18n.t("citizen-form-consent")),
        e(policy_url),
        e(&i18n.t("citizen-form-policy")),
        error_line("f-consent", consent_error),
    ));
    // The trap: no label, out of sight, out of the tab order, hidden from
    // screen readers; a person never fills it in.
    out.push_str(
        "<div class=\"hp\" aria-hidden=\"true\"><input type=\"text\" name=\"website\" \
         tabindex=\"-1\" autocomplete=\"off\"></div>",
    );
    out.push_str(&format!(
        "<button type=\"submit\">{}</button></form>",
        e(&i18n.t("citizen-form-send"))
    ));
    out
}

/// The element ids of the fields a refusal can name.
fn field_id(field: Field) -> Option<&'static str> {
    Some(match field {
        Field::Category => "f-category",
        Field::Text => "f-text",
        Field::Address => "f-address",
        Field::Name => "f-name",
        Field::Contact => "f-contact",
        Field::Consent => "f-consent",
        _ => return None,
    })
}

/// A field's label, hint and error line, before its control.
pub(super) fn field_open(
    i18n: &I18n,
    id: &str,
    label: &str,
    hint: Option<&str>,
    error: Option<&str>,
) -> String {
    let hint = hint
        .map(|h| format!("<p class=\"hint\" id=\"{id}-hint\">{}</p>", escape_html(h)))
        .unwrap_or_default();
    format!(
        "<div class=\"field\"><label for=\"{id}\">{}</label>{hint}{}",
        escape_html(&i18n.t(label)),
        error_line(id, error),
    )
}

pub(super) fn error_line(id: &str, error: Option<&str>) -> String {
    error
        .map(|text| {
            format!(
                "<p class=\"error\" id=\"{id}-error\">{}</p>",
                escape_html(text)
            )
        })
        .unwrap_or_default()
}

/// `aria-describedby` (the hint, the error) and `aria-invalid` of a control.
pub(super) fn described(id: &str, hint: bool, error: Option<&str>) -> String {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error.is_some() {
        ids.push(format!("{id}-error"));
    }
    let mut out = String::new();
    if !ids.is_empty() {
        out.push_str(&format!(" aria-describedby=\"{}\"", ids.join(" ")));
    }
    if error.is_some() {
        out.push_str(" aria-invalid=\"true\"");
    }
    out
}

/// The classifier as options: a top-level category with subcategories is
/// a group of them, one without is an option itself.
fn category_options(categories: &[Category], chosen: Option<CategoryId>) -> String {
    let option = |c: &Category| {
        format!(
            "<option value=\"{}\"{}>{}</option>",
            c.id.0,
            if chosen == Some(c.id) {
                " selected"
            } else {
                ""
            },
            escape_html(&c.name)
        )
    };
    let mut out = String::new();
    for top in categories.iter().filter(|c| c.parent.is_none()) {
        let children: Vec<&Category> = categories
            .iter()
            .filter(|c| c.parent == Some(top.id))
            .collect();
        if children.is_empty() {
            out.push_str(&option(top));
        } else {
            out.push_str(&format!("<optgroup label=\"{}\">", escape_html(&top.name)));
            children.into_iter().for_each(|c| out.push_str(&option(c)));
            out.push_str("</optgroup>");
        }
    }
    out
}
