//! Strings people read, from Fluent files in `assets/i18n/` (Russian by
//! default, English with `--lang en`), with real plural forms.
//! Errors of the domain and the service become sentences here.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

use crate::domain::{AccountStatus, Invalid, MessageStatus, OrgKind, Problem, Role};
use crate::service::ServiceError;

mod sentences;

const RU: &str = include_str!("../../assets/i18n/ru.ftl");
const EN: &str = include_str!("../../assets/i18n/en.ftl");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ru,
    En,
}

impl Lang {
    pub fn source(self) -> &'static str {
        match self {
            Lang::Ru => RU,
            Lang::En => EN,
        }
    }

    /// The language's code, as in `--lang` and HTML.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    fn id(self) -> unic_langid::LanguageIdentifier {
        match self {
            Lang::Ru => unic_langid::langid!("ru"),
            Lang::En => unic_langid::langid!("en"),
        }
    }
}

pub struct I18n {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "I18n({:?})", self.lang)
    }
}

/// An argument for a message: text or number.
pub enum Arg<'a> {
    Str(&'a str),
    Num(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(s)
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Str(s)
    }
}
impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Num(n.into())
    }
}
impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}
impl From<u64> for Arg<'_> {
    fn from(n: u64) -> Self {
        Arg::Num(n as i64)
    }
}
impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Num(n as i64)
    }
}

impl I18n {
    pub fn new(lang: Lang) -> Self {
        let mut bundle = FluentBundle::new_concurrent(vec![lang.id()]);
        // Unicode isolation marks show up as garbage in a terminal.
        bundle.set_use_isolating(false);
        match FluentResource::try_new(lang.source().to_string()) {
            Ok(resource) => {
                if let Err(errors) = bundle.add_resource(resource) {
                    tracing::error!(?errors, "duplicate messages in the {lang:?} strings");
                }
            }
            Err((resource, errors)) => {
                tracing::error!(?errors, "syntax errors in the {lang:?} strings");
                let _ = bundle.add_resource(resource);
            }
        }
        I18n { lang, bundle }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message `key`; the key itself when it is missing (a test checks none is).
    pub fn t(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// The message `key` with arguments.
    pub fn tr(&self, key: &str, args: &[(&str, Arg)]) -> String {
        let mut fa = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Str(s) => fa.set(*name, FluentValue::from(*s)),
                Arg::Num(n) => fa.set(*name, FluentValue::from(*n)),
            }
        }
        self.format(key, Some(&fa))
    }

    fn format(&self, key: &str, args: Option<&FluentArgs>) -> String {
        let Some(pattern) = self.bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_string();
        };
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    pub fn role(&self, role: Role) -> String {
        self.t(&format!("role-{}", role.key()))
    }

    /// Short form for tables ("Коор").
    pub fn role_short(&self, role: Role) -> String {
        self.t(&format!("role-short-{}", role.key()))
    }

    pub fn account_status(&self, status: AccountStatus) -> String {
        self.t(&format!("account-status-{}", status.key()))
    }

    /// What a history line did, with whom it was given to or where it was
    /// sent when the line says.
    pub fn history_action(&self, h: &crate::domain::HistoryEntry) -> String {
        match &h.subject {
            Some(subject) => self.tr(
                &format!("history-{}-to", h.action),
                &[("subject", subject.as_str().into())],
            ),
            None => self.t(&format!("history-{}", h.action)),
        }
    }

    pub fn mail_state(&self, state: crate::domain::mail::MailState) -> String {
        self.t(&format!("mail-state-{}", state.key()))
    }

    pub fn message_status(&self, status: MessageStatus) -> String {
        self.t(&format!("message-status-{}", status.key()))
    }

    /// One message's status ("Новое"); [`I18n::message_status`] names a tab ("Новые").
    pub fn message_state(&self, status: MessageStatus) -> String {
        self.t(&format!("message-state-{}", status.key()))
    }

    /// "3 дн.", "сегодня", "−2 дн.", or the date once closed.
    pub fn due(&self, due: crate::domain::message::Due, deadline: chrono::NaiveDate) -> String {
        use crate::domain::message::Due;
        match due {
            Due::Closed => deadline.format("%d.%m.%Y").to_string(),
            Due::Left(0) => self.t("due-today"),
            Due::Left(n) => self.tr("days-left", &[("n", n.into())]),
            Due::Overdue(n) => self.tr("days-overdue", &[("n", n.into())]),
        }
    }

    pub fn org_kind(&self, kind: OrgKind) -> String {
        self.t(&format!("org-kind-{}", kind.key()))
    }

    /// A poll's status in words.
    pub fn poll_status(&self, status: crate::domain::polls::PollStatus) -> String {
        self.t(&format!("poll-status-{}", status.key()))
    }

    /// "ИНН: неверная контрольная цифра…"
    pub fn invalid(&self, e: &Invalid) -> String {
        let field = self.t(&format!("field-{}", e.field.key()));
        format!("{field}: {}", self.problem(&e.problem))
    }

    /// Why a value was refused, without naming the field (shown at it).
    pub fn problem(&self, problem: &Problem) -> String {
        match problem {
            Problem::WrongLength { expected, got } => self.tr(
                "invalid-wrong-length",
                &[("expected", expected.into()), ("got", (*got).into())],
            ),
            Problem::TooLong { max } => self.tr("invalid-too-long", &[("max", (*max).into())]),
            Problem::Unknown { value } => self.tr("invalid-unknown", &[("value", value.into())]),
            Problem::Taken { archived: true } => self.t("invalid-taken-archived"),
            Problem::StagesSum { days } => {
                self.tr("invalid-stages-sum", &[("days", (*days).into())])
            }
            Problem::OutOfRange { min, max } => self.tr(
                "invalid-out-of-range",
                &[("min", (*min).into()), ("max", (*max).into())],
            ),
            Problem::BadPeriod { max_days } => {
                self.tr("invalid-bad-period", &[("max_days", (*max_days).into())])
            }
            Problem::AlreadyReceived { number } => {
                self.tr("invalid-already-received", &[("number", (*number).into())])
            }
            Problem::DuplicateInFile { line } => {
                self.tr("invalid-duplicate-in-file", &[("line", (*line).into())])
            }
            Problem::InQuestion { number, problem } => self.tr(
                "invalid-in-question",
                &[
                    ("number", (*number).into()),
                    ("problem", self.problem(problem).as_str().into()),
                ],
            ),
            Problem::PollStep { status } => self.tr(
                "invalid-poll-step",
                &[("status", self.poll_status(*status).as_str().into())],
            ),
            other => self.t(&format!("invalid-{}", problem_key(other))),
        }
    }

    /// A service error as one sentence for the user.
    pub fn error(&self, e: &ServiceError) -> String {
        match e {
            ServiceError::NotFound { entity, id } => self.tr(
                "error-not-found",
                &[
                    (
                        "entity",
                        self.t(&format!("entity-{}", entity.key())).as_str().into(),
                    ),
                    ("id", id.into()),
                ],
            ),
            ServiceError::Forbidden => self.t("error-forbidden"),
            ServiceError::Conflict { .. } => self.t("error-conflict"),
            ServiceError::Invalid(i) => self.invalid(i),
            ServiceError::WrongStatus { status, .. } => self.tr(
                "error-wrong-status",
                &[("status", self.message_state(*status).as_str().into())],
            ),
            ServiceError::Unauthenticated => self.t("error-unauthenticated"),
            ServiceError::TrainingRequired { url } => {
                self.tr("error-training-required", &[("url", url.into())])
            }
            ServiceError::Malformed { detail } => {
                self.tr("error-malformed", &[("detail", detail.into())])
            }
            ServiceError::TooLarge { max } => {
                self.tr("error-too-large", &[("max", (max / 1024 / 1024).into())])
            }
            ServiceError::TooManyRequests { retry_after_secs } => self.tr(
                "error-too-many-requests",
                &[("minutes", retry_after_secs.div_ceil(60).into())],
            ),
            ServiceError::Unavailable { detail } => {
                self.tr("error-unavailable", &[("detail", detail.into())])
            }
            ServiceError::Internal { detail } => {
                self.tr("error-internal", &[("detail", detail.into())])
            }
        }
    }
}

fn problem_key(p: &Problem) -> &'static str {
    match p {
        Problem::Empty => "empty",
        Problem::NotDigits => "not-digits",
        Problem::WrongLength { .. } => "wrong-length",
        Problem::BadChecksum => "bad-checksum",
        Problem::NotRussianPhone => "not-russian-phone",
        Problem::EmailShape => "email-shape",
        Problem::BadDomain => "bad-domain",
        Problem::NotHttp => "not-http",
        Problem::NotMainPage => "not-main-page",
        Problem::NotUrl => "not-url",
        Problem::TooLong { .. } => "too-long",
        Problem::NoRoles => "no-roles",
        Problem::Unknown { .. } => "unknown",
        Problem::NotAnExecutor => "not-an-executor",
        Problem::SameOrganisation => "same-organisation",
        Problem::Taken { .. } => "taken",
        Problem::Expired => "expired",
        Problem::BadPeriod { .. } => "bad-period",
        Problem::AlreadyUsed => "already-used",
        Problem::NotInvitedAddress => "not-invited-address",
        Problem::NotDate => "not-date",
        Problem::UnknownLink => "unknown-link",
        Problem::AlreadyConfirmed => "already-confirmed",
        Problem::Archived => "archived",
        Problem::DuplicateInFile { .. } => "duplicate-in-file",
        Problem::StagesSum { .. } => "stages-sum",
        Problem::OutOfRange { .. } => "out-of-range",
        Problem::NeedSurnameAndName => "need-surname-and-name",
        Problem::OwnRoles => "own-roles",
        Problem::SameMessage => "same-message",
        Problem::NotAnswerable => "not-answerable",
        Problem::DuplicateLinkStays => "duplicate-link-stays",
        Problem::NotLinked => "not-linked",
        Problem::Required => "required",
        Problem::AlreadyReceived { .. } => "already-received",
        Problem::NotAccepting => "not-accepting",
        Problem::FormExpired => "form-expired",
        Problem::TooFast => "too-fast",
        Problem::InQuestion { .. } => "in-question",
        Problem::PollStep { .. } => "poll-step",
        Problem::PollNotOpen => "poll-not-open",
        Problem::PeriodOver => "period-over",
    }
}

/// The message ids of a Fluent source, for the test that both languages agree.
pub fn message_ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|l| !l.starts_with([' ', '#', '\t', '.', '[', '*', '}']) && l.contains(" ="))
        .filter_map(|l| l.split(" =").next())
        .map(|k| k.trim().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Field;

    #[test]
    fn both_languages_have_the_same_keys() {
        let mut ru = message_ids(RU);
        let mut en = message_ids(EN);
        ru.sort();
        en.sort();
        let only_ru: Vec<_> = ru.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !ru.contains(k)).collect();
        assert!(
            only_ru.is_empty() && only_en.is_empty(),
            "ru only: {only_ru:?}; en only: {only_en:?}"
        );
        assert!(ru.len() > 50);
    }

    #[test]
    fn no_message_is_defined_twice() {
        for (lang, source) in [("ru", RU), ("en", EN)] {
            let mut ids = message_ids(source);
            ids.sort();
            let twice: Vec<_> = ids
                .windows(2)
                .filter(|w| w[0] == w[1])
                .map(|w| &w[0])
                .collect();
            assert!(twice.is_empty(), "{lang}: defined twice: {twice:?}");
        }
    }

    #[test]
    fn both_sources_parse_cleanly() {
        for lang in [Lang::Ru, Lang::En] {
            assert!(
                FluentResource::try_new(lang.source().to_string()).is_ok(),
                "{lang:?}"
            );
        }
    }

    #[test]
    fn russian_plurals() {
        let i = I18n::new(Lang::Ru);
        let n = |n: i64| i.tr("messages-count", &[("n", n.into())]);
        assert_eq!(n(1), "1 сообщение");
        assert_eq!(n(2), "2 сообщения");
        assert_eq!(n(5), "5 сообщений");
        assert_eq!(n(21), "21 сообщение");
        assert_eq!(n(11), "11 сообщений");
        let e = I18n::new(Lang::En);
        assert_eq!(e.tr("messages-count", &[("n", 1i64.into())]), "1 message");
        assert_eq!(e.tr("messages-count", &[("n", 3i64.into())]), "3 messages");
    }

    #[test]
    fn every_enum_has_words() {
        for lang in [Lang::Ru, Lang::En] {
            let i = I18n::new(lang);
            let check = |key: String| assert!(i.bundle.has_message(&key), "{lang:?} lacks {key}");
            Role::ALL.iter().for_each(|r| {
                check(format!("role-{}", r.key()));
                check(format!("role-short-{}", r.key()));
            });
            AccountStatus::ALL
                .iter()
                .for_each(|s| check(format!("account-status-{}", s.key())));
            MessageStatus::ALL
                .iter()
                .for_each(|s| check(format!("message-status-{}", s.key())));
            OrgKind::ALL
                .iter()
                .for_each(|k| check(format!("org-kind-{}", k.key())));
            for p in [
                Problem::Empty,
                Problem::NotDigits,
                Problem::BadChecksum,
                Problem::NotRussianPhone,
                Problem::EmailShape,
                Problem::BadDomain,
                Problem::NotHttp,
                Problem::NotMainPage,
                Problem::NotUrl,
                Problem::NoRoles,
            ] {
                check(format!("invalid-{}", problem_key(&p)));
            }
            for f in [
                Field::Inn,
                Field::Ogrn,
                Field::Phone,
                Field::Email,
                Field::Site,
                Field::Cursor,
            ] {
                check(format!("field-{}", f.key()));
            }
        }
    }

    #[test]
    fn errors_name_the_field() {
        let e = crate::domain::values::Inn::parse("7707083894").unwrap_err();
        assert_eq!(
            I18n::new(Lang::Ru).invalid(&e),
            "ИНН: неверная контрольная цифра — проверьте номер"
        );
        assert_eq!(
            I18n::new(Lang::En).invalid(&e),
            "INN: the check digit is wrong — check the number"
        );
    }
}
