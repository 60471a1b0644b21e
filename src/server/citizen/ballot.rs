//! A poll's pages as HTML: the organisation's list, the poll with the
//! request for a link (or its results once published), and the ballot:
//! each question a group of controls with its legend, the earlier answers
//! chosen again on a re-vote, the refused question named.

use super::fields::{described, error_line};
use crate::domain::clock;
use crate::domain::polls::{
    Answer, Audience, MAX_ANSWER, PollResults, PollRow, PollStatus, PublicPoll, QuestionKind,
};
use crate::domain::widget::escape_html as e;
use crate::i18n::I18n;

fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    clock::local(t).format("%d.%m.%Y %H:%M").to_string()
}

/// The summary on top of a refused page, linking to what to fix.
pub fn summary(i18n: &I18n, text: &str, anchor: &str) -> String {
    format!(
        "<div class=\"summary\" role=\"alert\" tabindex=\"-1\" id=\"errors\">\
         <h2>{}</h2><p><a href=\"#{anchor}\">{}</a></p></div>",
        e(&i18n.t("citizen-form-fix")),
        e(text),
    )
}

/// The organisation's polls, newest first, each a link to its page.
pub fn list(i18n: &I18n, polls: &[PollRow]) -> String {
    if polls.is_empty() {
        return format!("<p>{}</p>", e(&i18n.t("citizen-polls-none")));
    }
    let mut out = String::from("<ul class=\"polls\">");
    for p in polls {
        out.push_str(&format!(
            "<li><a href=\"/p/{}?lang={}\">{}</a> — {}, {} {}</li>",
            p.id,
            i18n.lang().code(),
            e(&p.title),
            e(&i18n.poll_status(p.status)),
            e(&i18n.t("polls-until")),
            e(&when(p.closes_at)),
        ));
    }
    out.push_str("</ul>");
    out
}

/// What the poll is: organisation, period, description, its questions.
fn about(i18n: &I18n, poll: &PublicPoll, with_questions: bool) -> String {
    let mut out = format!(
        "<p>{} · {} — {}</p><p>{}: {}</p>",
        e(&poll.org_name),
        e(&when(poll.opens_at)),
        e(&when(poll.closes_at)),
        e(&i18n.t("citizen-poll-status")),
        e(&i18n.poll_status(poll.status)),
    );
    if !poll.description.is_empty() {
        out.push_str(&format!("<p>{}</p>", e(&poll.description)));
    }
    if with_questions {
        out.push_str("<ol>");
        for q in &poll.questions {
            out.push_str(&format!("<li>{}</li>", e(&q.text)));
        }
        out.push_str("</ol>");
    }
    out
}

/// The poll's page: the request for a link while it takes votes, the
/// results once published, a sentence otherwise.
pub fn poll_page(
    i18n: &I18n,
    poll: &PublicPoll,
    contact: &str,
    error: Option<&str>,
    policy_url: &str,
) -> String {
    let mut out = String::new();
    if let Some(text) = error {
        out.push_str(&summary(i18n, text, "f-contact"));
    }
    out.push_str(&about(i18n, poll, poll.results.is_none()));
    if let Some(results) = &poll.results {
        out.push_str(&results_html(i18n, results));
        return out;
    }
    if !poll.open {
        let key = if poll.status == PollStatus::Published && poll.opens_at > chrono::Utc::now() {
            "citizen-poll-not-yet"
        } else {
            "citizen-poll-over"
        };
        out.push_str(&format!("<p role=\"status\">{}</p>", e(&i18n.t(key))));
        return out;
    }
    out.push_str(&format!(
        "<h2>{}</h2><p>{}</p><form method=\"post\" action=\"/p/{}\" accept-charset=\"utf-8\">\
         <input type=\"hidden\" name=\"lang\" value=\"{}\">\
         <div class=\"field\"><label for=\"f-contact\">{}</label>\
         <p class=\"hint\" id=\"f-contact-hint\">{}</p>{}\
         <input type=\"text\" id=\"f-contact\" name=\"contact\" maxlength=\"200\" autocomplete=\"email\" \
         required value=\"{}\"{}></div>\
         <div class=\"field\"><label class=\"check\" for=\"f-consent\">\
         <input type=\"checkbox\" id=\"f-consent\" name=\"consent\" value=\"yes\" required>\
         <span>{} <a href=\"{}\" target=\"_blank\" rel=\"noopener\">{}</a></span></label></div>\
         <div class=\"hp\" aria-hidden=\"true\"><input type=\"text\" name=\"website\" tabindex=\"-1\" \
         autocomplete=\"off\"></div><button type=\"submit\">{}</button></form>",
        e(&i18n.t("citizen-poll-vote")),
        e(&i18n.t("citizen-poll-link-intro")),
        poll.id,
        i18n.lang().code(),
        e(&i18n.t("citizen-form-contact")),
        e(&i18n.t("citizen-form-contact-hint")),
        error_line("f-contact", error),
        e(contact),
        described("f-contact", true, error),
        e(&i18n.t("citizen-form-consent")),
        e(policy_url),
        e(&i18n.t("citizen-form-policy")),
        e(&i18n.t("citizen-poll-send-link")),
    ));
    out
}

/// The results as a table per question: votes and share of those who answered.
pub fn results_html(i18n: &I18n, r: &PollResults) -> String {
    let mut out = format!(
        "<h2>{}</h2><p>{}</p>",
        e(&i18n.t("citizen-poll-results")),
        e(&i18n.tr("poll-ballots-line", &[("count", r.ballots.into())]))
    );
    for (n, q) in r.questions.iter().enumerate() {
        if q.question.kind == QuestionKind::FreeText {
            continue;
        }
        out.push_str(&format!(
            "<table><caption>{}. {}</caption><thead><tr><th scope=\"col\">{}</th>\
             <th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            n + 1,
            e(&q.question.text),
            e(&i18n.t("poll-col-answer")),
            e(&i18n.t("poll-col-votes")),
            e(&i18n.t("poll-col-share")),
        ));
        for (slot, label) in PollResults::labels(&q.question).iter().enumerate() {
            let share = q.result.share_permille(slot);
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}.{}</td></tr>",
                e(label),
                q.result.counts.get(slot).copied().unwrap_or(0),
                share / 10,
                share % 10,
            ));
        }
        out.push_str("</tbody></table>");
    }
    out
}

/// The ballot: every question as a group, the earlier answers chosen.
pub fn ballot_form(
    i18n: &I18n,
    poll: &PublicPoll,
    token: &str,
    answers: Option<&[Answer]>,
    error: Option<(usize, &str)>,
) -> String {
    let mut out = String::new();
    if let Some((question, text)) = error {
        out.push_str(&summary(i18n, text, &format!("q{question}")));
    }
    out.push_str(&about(i18n, poll, false));
    if answers.is_some() {
        out.push_str(&format!("<p>{}</p>", e(&i18n.t("citizen-ballot-again"))));
    }
    out.push_str(&format!(
        "<form method=\"post\" action=\"/v/{}\" accept-charset=\"utf-8\">\
         <input type=\"hidden\" name=\"lang\" value=\"{}\">",
        e(token),
        i18n.lang().code()
    ));
    for (n, q) in poll.questions.iter().enumerate() {
        let given = answers.and_then(|a| a.get(n));
        let wrong = error.filter(|(at, _)| *at == n).map(|(_, t)| t);
        let hint = match q.kind {
            QuestionKind::Multiple { max } => {
                i18n.tr("citizen-ballot-up-to", &[("max", u32::from(max).into())])
            }
            _ => String::new(),
        };
        out.push_str(&format!(
            "<fieldset id=\"q{n}\"{}><legend>{}. {}</legend>{}{}",
            if wrong.is_some() {
                " aria-invalid=\"true\""
            } else {
                ""
            },
            n + 1,
            e(&q.text),
            if hint.is_empty() {
                String::new()
            } else {
                format!("<p class=\"hint\">{}</p>", e(&hint))
            },
            error_line(&format!("q{n}"), wrong),
        ));
        let chosen = |slot: usize| match given {
            Some(Answer::Choice { chosen }) => chosen.contains(&slot),
            _ => false,
        };
        match q.kind {
            QuestionKind::Single | QuestionKind::Multiple { .. } => {
                let kind = if q.kind == QuestionKind::Single {
                    "radio"
                } else {
                    "checkbox"
                };
                for (slot, option) in q.options.iter().enumerate() {
                    out.push_str(&format!(
                        "<label class=\"check\" for=\"q{n}-{slot}\"><input type=\"{kind}\" id=\"q{n}-{slot}\" \
                         name=\"q{n}\" value=\"{slot}\"{}><span>{}</span></label>",
                        if chosen(slot) { " checked" } else { "" },
                        e(option),
                    ));
                }
            }
            QuestionKind::FreeText => {
                let text = match given {
                    Some(Answer::Text { text }) => text.as_str(),
                    _ => "",
                };
                out.push_str(&format!(
                    "<label for=\"q{n}-text\">{}</label><textarea id=\"q{n}-text\" name=\"q{n}\" rows=\"4\" \
                     maxlength=\"{MAX_ANSWER}\">{}</textarea>",
                    e(&i18n.t("citizen-ballot-own")),
                    e(text),
                ));
            }
            QuestionKind::Scale { min, max } => {
                let point = match given {
                    Some(Answer::Point { point }) => Some(*point),
                    _ => None,
                };
                for p in min..=max {
                    out.push_str(&format!(
                        "<label class=\"check\" for=\"q{n}-{p}\"><input type=\"radio\" id=\"q{n}-{p}\" \
                         name=\"q{n}\" value=\"{p}\"{}><span>{p}</span></label>",
                        if point == Some(p) { " checked" } else { "" },
                    ));
                }
            }
        }
        out.push_str("</fieldset>");
    }
    if poll.audience == Audience::Residents {
        out.push_str(&format!(
            "<div class=\"field\"><label class=\"check\" for=\"f-resident\">\
             <input type=\"checkbox\" id=\"f-resident\" name=\"resident\" value=\"yes\">\
             <span>{}</span></label></div>",
            e(&i18n.tr(
                "citizen-ballot-resident",
                &[("org", poll.org_name.as_str().into())]
            )),
        ));
    }
    out.push_str(&format!(
        "<button type=\"submit\">{}</button></form>",
        e(&i18n.t("citizen-ballot-send"))
    ));
    out
}

/// The answers as posted: `q<n>` once per choice (or the text, the point).
pub fn answers_from(poll: &PublicPoll, posted: &[(String, String)]) -> Vec<Answer> {
    poll.questions
        .iter()
        .enumerate()
        .map(|(n, q)| {
            let name = format!("q{n}");
            let values: Vec<&str> = posted
                .iter()
                .filter(|(k, _)| *k == name)
                .map(|(_, v)| v.as_str())
                .collect();
            match q.kind {
                QuestionKind::FreeText => match values.first().map(|t| t.trim()) {
                    Some(text) if !text.is_empty() => Answer::Text {
                        text: text.to_string(),
                    },
                    _ => Answer::Skipped,
                },
                QuestionKind::Scale { .. } => match values.first().and_then(|v| v.parse().ok()) {
                    Some(point) => Answer::Point { point },
                    None => Answer::Skipped,
                },
                _ => {
                    let chosen: Vec<usize> = values.iter().filter_map(|v| v.parse().ok()).collect();
                    if chosen.is_empty() {
                        Answer::Skipped
                    } else {
                        Answer::Choice { chosen }
                    }
                }
            }
        })
        .collect()
}
