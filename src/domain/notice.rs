//! The notices a citizen gets at each stage of their message (the
//! regulations notify the applicant at every stage): which there are, the
//! texts the platform ships (`assets/notices/`), and the templates its
//! administrators write in their place.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::error::{Field, Invalid, Problem};

/// The stage a notice tells of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Notice {
    /// The message was registered (with its number and tracking link).
    Registered,
    /// It passed moderation.
    Accepted,
    /// It was rejected, with the reason.
    Rejected,
    /// It went to another organisation.
    Redirected,
    /// The answer was approved.
    Answered,
    /// It was closed as a repeat of another message.
    Duplicate,
    /// Not of a message: the link a citizen votes in a poll by.
    BallotLink,
}

impl Notice {
    pub const ALL: [Notice; 7] = [
        Notice::Registered,
        Notice::Accepted,
        Notice::Rejected,
        Notice::Redirected,
        Notice::Answered,
        Notice::Duplicate,
        Notice::BallotLink,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Notice::Registered => "registered",
            Notice::Accepted => "accepted",
            Notice::Rejected => "rejected",
            Notice::Redirected => "redirected",
            Notice::Answered => "answered",
            Notice::Duplicate => "duplicate",
            Notice::BallotLink => "ballot-link",
        }
    }

    pub fn parse(raw: &str) -> Result<Notice, Invalid> {
        let raw = raw.trim().to_lowercase();
        Notice::ALL
            .into_iter()
            .find(|n| n.key() == raw)
            .ok_or(Invalid::new(Field::Kind, Problem::Unknown { value: raw }))
    }
}

/// The words a notice may carry, each written `{name}` in a template.
pub const PLACEHOLDERS: [&str; 10] = [
    "number", "org", "link", "deadline", "reason", "answer", "of", "name", "poll", "closes",
];

/// The longest subject and body a template may have, in characters.
pub const MAX_SUBJECT: usize = 200;
pub const MAX_BODY: usize = 5_000;

/// A notice's text with its placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeTemplate {
    pub notice: Notice,
    pub subject: String,
    pub body: String,
    /// Written by the platform's administrators (not the shipped text).
    #[serde(default)]
    pub edited: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Shipped {
    subject: String,
    body: String,
}

fn shipped_set(source: &str, name: &str) -> BTreeMap<String, Shipped> {
    toml::from_str(source).unwrap_or_else(|e| panic!("assets/notices/{name}.toml: {e}"))
}

static RU: LazyLock<BTreeMap<String, Shipped>> =
    LazyLock::new(|| shipped_set(include_str!("../../assets/notices/ru.toml"), "ru"));
static EN: LazyLock<BTreeMap<String, Shipped>> =
    LazyLock::new(|| shipped_set(include_str!("../../assets/notices/en.toml"), "en"));

impl NoticeTemplate {
    /// The text the platform ships, in the language with this code.
    pub fn shipped(notice: Notice, lang: &str) -> NoticeTemplate {
        let set = if lang == "en" { &*EN } else { &*RU };
        // Every notice has a text in each language: a test reads them all.
        let text = &set[notice.key()];
        NoticeTemplate {
            notice,
            subject: text.subject.trim().to_string(),
            body: text.body.trim().to_string(),
            edited: false,
        }
    }

    /// Checks the lengths and that every `{…}` is a known placeholder.
    pub fn validate(&self) -> Result<(), Invalid> {
        for (field, text, max) in [
            (Field::Title, &self.subject, MAX_SUBJECT),
            (Field::Text, &self.body, MAX_BODY),
        ] {
            if text.trim().is_empty() {
                return Err(Invalid::new(field, Problem::Empty));
            }
            if text.chars().count() > max {
                return Err(Invalid::new(field, Problem::TooLong { max }));
            }
            for name in placeholders(text) {
                if !PLACEHOLDERS.contains(&name) {
                    return Err(Invalid::new(
                        field,
                        Problem::Unknown {
                            value: format!("{{{name}}}"),
                        },
                    ));
                }
            }
        }
        Ok(())
    }

    /// The subject and body with the values filled in; a placeholder with
    /// no value becomes empty.
    pub fn render(&self, values: &[(&str, &str)]) -> (String, String) {
        (fill(&self.subject, values), fill(&self.body, values))
    }
}

/// The names written `{name}` in a text.
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.split_once('}') {
            Some((name, tail)) if PLACEHOLDERS.contains(&name) => {
                let value = values.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
                out.push_str(value.unwrap_or(""));
                rest = tail;
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_ships_in_both_languages_with_known_placeholders() {
        for notice in Notice::ALL {
            for lang in ["ru", "en"] {
                let t = NoticeTemplate::shipped(notice, lang);
                t.validate()
                    .unwrap_or_else(|e| panic!("{notice:?} {lang}: {e}"));
                let says = match notice {
                    Notice::BallotLink => "{link}",
                    _ => "{number}",
                };
                assert!(t.body.contains(says), "{notice:?} {lang}");
            }
            assert_eq!(Notice::parse(notice.key()).unwrap(), notice);
        }
        assert!(Notice::parse("weather").is_err());
    }

    #[test]
    fn templates_fill_known_words_and_refuse_unknown_ones() {
        let t = NoticeTemplate {
            notice: Notice::Answered,
            subject: "№ {number}".into(),
            body: "{name}: {answer} {{ {link}".into(),
            edited: true,
        };
        t.validate().unwrap();
        let (subject, body) = t.render(&[("number", "42"), ("answer", "Яму засыпали")]);
        assert_eq!(subject, "№ 42");
        assert_eq!(body, ": Яму засыпали {{ ");
        let bad = NoticeTemplate {
            body: "{password}".into(),
            ..t.clone()
        };
        assert_eq!(bad.validate().unwrap_err().field, Field::Text);
        let empty = NoticeTemplate {
            subject: " ".into(),
            ..t
        };
        assert_eq!(empty.validate().unwrap_err().field, Field::Title);
    }
}
