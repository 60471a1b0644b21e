//! The citizen's side of a message: what the public form sends, what the
//! citizen is told after sending, and the stage the tracking page shows.
//! Nothing of the organisation's internal work (executors, notes, drafts)
//! is in these types.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::{Field, Invalid, Problem};
use super::ids::{CategoryId, MessageId, OrgId};
use super::message::{HistoryEntry, Message, MessageStatus};
use super::values::{Email, Phone};

/// The longest message text the public form takes, in characters.
pub const MAX_FORM_TEXT: usize = 5_000;
/// The longest name or address the public form takes, in characters.
pub const MAX_FORM_LINE: usize = 300;

/// A message as the public form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub org: OrgId,
    #[serde(default)]
    pub category: Option<CategoryId>,
    pub text: String,
    #[serde(default)]
    pub address: Option<String>,
    pub name: String,
    /// An e-mail address or a Russian phone number.
    pub contact: String,
    /// Consent to the processing of personal data (152-ФЗ).
    pub consent: bool,
    /// The network address the post came from; only its hash is kept, to
    /// count posts per address.
    #[serde(default)]
    pub client: String,
    /// The stamp the form was given ([`IntakeForm::stamp`]): when it was
    /// opened, signed by the service.
    #[serde(default)]
    pub stamp: String,
}

/// How the citizen is reached: the form's contact, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    Email(Email),
    Phone(Phone),
}

impl Contact {
    /// An e-mail when it has an `@`, a phone number otherwise.
    pub fn parse(raw: &str) -> Result<Contact, Invalid> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Invalid::new(Field::Contact, Problem::Empty));
        }
        let as_contact = |mut e: Invalid| {
            e.field = Field::Contact;
            e
        };
        if raw.contains('@') {
            Email::parse(raw).map(Contact::Email).map_err(as_contact)
        } else {
            Phone::parse(raw).map(Contact::Phone).map_err(as_contact)
        }
    }

    /// The form kept on the message.
    pub fn stored(&self) -> String {
        match self {
            Contact::Email(e) => e.as_str().to_string(),
            Contact::Phone(p) => p.as_str().to_string(),
        }
    }

    /// The contact as shown back to the person who gave it, most of it
    /// hidden: `iv***@mail.ru`, `+7 *** ***-**-67`.
    pub fn masked(&self) -> String {
        match self {
            Contact::Email(e) => {
                let (local, domain) = e.as_str().split_once('@').unwrap_or((e.as_str(), ""));
                let shown: String = local.chars().take(2).collect();
                format!("{shown}***@{domain}")
            }
            Contact::Phone(p) => {
                let digits: String = p.as_str().chars().filter(char::is_ascii_digit).collect();
                let last = &digits[digits.len().saturating_sub(2)..];
                format!("+7 *** ***-**-{last}")
            }
        }
    }

    /// The same for every spelling of one contact (counted, compared).
    pub fn key(&self) -> String {
        match self {
            Contact::Email(e) => e.key(),
            Contact::Phone(p) => p.as_str().to_string(),
        }
    }
}

impl Submission {
    /// Checks every field; the first wrong one is named. Answers the
    /// contact as it will be kept.
    pub fn validate(&self) -> Result<Contact, Invalid> {
        let text = self.text.trim();
        if text.is_empty() {
            return Err(Invalid::new(Field::Text, Problem::Empty));
        }
        if text.chars().count() > MAX_FORM_TEXT {
            return Err(Invalid::new(
                Field::Text,
                Problem::TooLong { max: MAX_FORM_TEXT },
            ));
        }
        if let Some(address) = &self.address
            && address.chars().count() > MAX_FORM_LINE
        {
            return Err(Invalid::new(
                Field::Address,
                Problem::TooLong { max: MAX_FORM_LINE },
            ));
        }
        let name = self.name.trim();
        if name.is_empty() {
            return Err(Invalid::new(Field::Name, Problem::Empty));
        }
        if name.chars().count() > MAX_FORM_LINE {
            return Err(Invalid::new(
                Field::Name,
                Problem::TooLong { max: MAX_FORM_LINE },
            ));
        }
        let contact = Contact::parse(&self.contact)?;
        if !self.consent {
            return Err(Invalid::new(Field::Consent, Problem::Required));
        }
        Ok(contact)
    }
}

/// What the public form shows of an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeForm {
    pub org: OrgId,
    pub name: String,
    /// The organisation's registered site: the only other origin that may
    /// frame the form or post to it.
    pub site: Option<String>,
    /// Takes messages now (as the platform configures which do).
    pub accepting: bool,
    /// The classifier, parents before their children.
    pub categories: Vec<super::message::Category>,
    /// When the form was opened, signed: sent back with the message, it
    /// shows the form was filled in by someone who took their time.
    pub stamp: String,
}

/// What the citizen is told once the message is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submitted {
    pub number: MessageId,
    /// The private tracking link's token, shown once (kept hashed).
    pub token: String,
    pub deadline: NaiveDate,
    /// It waits for moderation before the organisation sees it.
    pub moderated: bool,
}

/// Where a message stands, in the citizen's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "kebab-case")]
pub enum Stage {
    /// на модерации
    Moderation,
    /// принято
    Accepted,
    /// в работе
    InWork,
    /// на согласовании
    OnApproval,
    /// ответ дан
    Answered,
    /// отклонено — с причиной
    Rejected { reason: String },
    /// закрыто — с причиной
    Closed { reason: String },
    /// закрыто как повторное: the answer comes under the other number
    Duplicate { of: MessageId },
}

impl Stage {
    pub fn key(&self) -> &'static str {
        match self {
            Stage::Moderation => "moderation",
            Stage::Accepted => "accepted",
            Stage::InWork => "in-work",
            Stage::OnApproval => "on-approval",
            Stage::Answered => "answered",
            Stage::Rejected { .. } => "rejected",
            Stage::Closed { .. } => "closed",
            Stage::Duplicate { .. } => "duplicate",
        }
    }
}

/// The answer as the citizen reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicAnswer {
    pub text: String,
    pub at: DateTime<Utc>,
    pub org_name: String,
}

/// The tracking page's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracking {
    pub number: MessageId,
    pub received_at: DateTime<Utc>,
    pub org_name: String,
    pub category_name: String,
    pub stage: Stage,
    /// The organisation it was last redirected to.
    pub redirected_to: Option<String>,
    pub deadline: NaiveDate,
    pub answer: Option<PublicAnswer>,
}

/// The latest step of `action` in the history, newest first.
fn latest<'a>(history: &'a [HistoryEntry], action: &str) -> Option<&'a HistoryEntry> {
    history.iter().rev().find(|h| h.action == action)
}

impl Tracking {
    /// What the citizen may know of `message`; `duplicate_of` is the
    /// message a duplicate was closed in favour of.
    pub fn of(message: &Message, duplicate_of: Option<MessageId>) -> Tracking {
        let history = &message.history;
        let reason = |action: &str| {
            latest(history, action)
                .and_then(|h| h.comment.clone())
                .unwrap_or_default()
        };
        let stage = match message.status {
            MessageStatus::Moderation => Stage::Moderation,
            MessageStatus::New => Stage::Accepted,
            MessageStatus::InWork | MessageStatus::RedirectRequested => Stage::InWork,
            MessageStatus::OnApproval => Stage::OnApproval,
            MessageStatus::Answered => Stage::Answered,
            MessageStatus::Rejected => Stage::Rejected {
                reason: reason("reject"),
            },
            MessageStatus::Closed => match duplicate_of {
                Some(of) => Stage::Duplicate { of },
                None => Stage::Closed {
                    reason: reason("close"),
                },
            },
        };
        let redirected_to = latest(history, "approve-redirect").map(|_| message.org_name.clone());
        let answer = match (message.status, &message.answer) {
            (MessageStatus::Answered, Some(text)) => Some(PublicAnswer {
                text: text.clone(),
                at: latest(history, "approve")
                    .map(|h| h.at)
                    .unwrap_or(message.received_at),
                org_name: message.org_name.clone(),
            }),
            _ => None,
        };
        Tracking {
            number: message.id,
            received_at: message.received_at,
            org_name: message.org_name.clone(),
            category_name: message.category_name.clone(),
            stage,
            redirected_to,
            deadline: message.deadline,
            answer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submission() -> Submission {
        Submission {
            org: OrgId(5),
            category: None,
            text: "Во дворе яма".into(),
            address: None,
            name: "Иванов Иван".into(),
            contact: "ivanov@example.ru".into(),
            consent: true,
            client: "127.0.0.1".into(),
            stamp: String::new(),
        }
    }

    #[test]
    fn contacts_are_mail_or_phone_and_the_wrong_field_is_named() {
        assert!(matches!(
            Contact::parse(" 8 (912) 345-67-89 "),
            Ok(Contact::Phone(p)) if p.as_str() == "+79123456789"
        ));
        assert!(matches!(
            Contact::parse("Ivanov@Example.ru"),
            Ok(Contact::Email(_))
        ));
        assert_eq!(Contact::parse("ivanov@").unwrap_err().field, Field::Contact);
        assert_eq!(Contact::parse("12").unwrap_err().field, Field::Contact);

        assert!(submission().validate().is_ok());
        let field = |change: fn(&mut Submission)| {
            let mut s = submission();
            change(&mut s);
            s.validate().unwrap_err().field
        };
        assert_eq!(field(|s| s.text = "  ".into()), Field::Text);
        assert_eq!(
            field(|s| s.text = "я".repeat(MAX_FORM_TEXT + 1)),
            Field::Text
        );
        assert_eq!(field(|s| s.name = String::new()), Field::Name);
        assert_eq!(field(|s| s.contact = "почта".into()), Field::Contact);
        assert_eq!(field(|s| s.consent = false), Field::Consent);
        assert_eq!(
            field(|s| s.address = Some("д".repeat(MAX_FORM_LINE + 1))),
            Field::Address
        );
    }
}
