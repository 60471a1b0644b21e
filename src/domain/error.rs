//! Validation errors: which field is wrong and why, as data the interface
//! turns into a sentence in the user's language (`i18n`).

use serde::{Deserialize, Serialize};

/// A field the user fills in. Its name is localised by `field-<kebab-name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Inn,
    Ogrn,
    Phone,
    Email,
    Site,
    Name,
    ShortName,
    Surname,
    FirstName,
    Patronymic,
    Position,
    Roles,
    Parent,
    Organisation,
    Category,
    Text,
    Reason,
    Comment,
    Title,
    Assignee,
    Target,
    Cursor,
    Limit,
    Token,
    Store,
    Kind,
    Variant,
    Banner,
    Deadline,
    /// An invitation link.
    Invitation,
    Days,
    Stages,
    /// A report's period (its first and last day).
    Period,
    /// The citizen's e-mail or phone for the answer.
    Contact,
    /// A message's status (in a query).
    Status,
    /// Where a message came from (in a query).
    Source,
    /// The other message of a link (a duplicate's original, a related one).
    Link,
    /// Where the citizen's message is about (the public form).
    Address,
    /// Consent to the processing of personal data (the public form).
    Consent,
    /// The public form as a whole (its stamp).
    Form,
    /// A poll's question (its text, its bounds), or the list of them.
    Question,
    /// A question's answer options.
    Options,
    /// A citizen's answers to a poll.
    Ballot,
    /// Who a poll asks (residents declare they live there).
    Audience,
    /// A poll as a whole (its status).
    Poll,
}

impl Field {
    /// The stable kebab-case name used on the wire and in message keys.
    pub fn key(self) -> &'static str {
        match self {
            Field::Inn => "inn",
            Field::Ogrn => "ogrn",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Site => "site",
            Field::Name => "name",
            Field::ShortName => "short-name",
            Field::Surname => "surname",
            Field::FirstName => "first-name",
            Field::Patronymic => "patronymic",
            Field::Position => "position",
            Field::Roles => "roles",
            Field::Parent => "parent",
            Field::Organisation => "organisation",
            Field::Category => "category",
            Field::Text => "text",
            Field::Status => "status",
            Field::Source => "source",
            Field::Reason => "reason",
            Field::Comment => "comment",
            Field::Title => "title",
            Field::Assignee => "assignee",
            Field::Target => "target",
            Field::Cursor => "cursor",
            Field::Limit => "limit",
            Field::Token => "token",
            Field::Store => "store",
            Field::Kind => "kind",
            Field::Variant => "variant",
            Field::Banner => "banner",
            Field::Deadline => "deadline",
            Field::Invitation => "invitation",
            Field::Days => "days",
            Field::Stages => "stages",
            Field::Period => "period",
            Field::Contact => "contact",
            Field::Link => "link",
            Field::Address => "address",
            Field::Consent => "consent",
            Field::Form => "form",
            Field::Question => "question",
            Field::Options => "options",
            Field::Ballot => "ballot",
            Field::Audience => "audience",
            Field::Poll => "poll",
        }
    }
}

/// Why a value was refused. Each variant has a message `invalid-<kebab-name>`
/// in every language; the fields become the message's arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Problem {
    #[error("must not be empty")]
    Empty,
    #[error("must contain digits only")]
    NotDigits,
    #[error("must have {expected} digits, has {got}")]
    WrongLength { expected: String, got: usize },
    #[error("the check digit does not match")]
    BadChecksum,
    #[error("not a Russian phone number")]
    NotRussianPhone,
    #[error("the e-mail must look like name@domain.tld")]
    EmailShape,
    #[error("the domain is not valid")]
    BadDomain,
    #[error("must start with http:// or https://")]
    NotHttp,
    #[error("must be the site's main page, without a path, query or fragment")]
    NotMainPage,
    #[error("is not a web address")]
    NotUrl,
    #[error("is too long: at most {max} characters")]
    TooLong { max: usize },
    #[error("choose at least one role")]
    NoRoles,
    #[error("unknown value {value}")]
    Unknown { value: String },
    /// The account cannot be given messages (not a confirmed executor here).
    #[error("not a confirmed executor of this organisation")]
    NotAnExecutor,
    /// A redirect to the organisation the message is already in.
    #[error("the message is already there")]
    SameOrganisation,
    /// The e-mail belongs to another account (possibly archived: restore it).
    #[error("already used by another account")]
    Taken { archived: bool },
    /// An invitation link past its expiry.
    #[error("the link has expired")]
    Expired,
    /// A period whose last day comes before its first, or too long.
    #[error("the period must end on or after its first day, within {max_days} days")]
    BadPeriod { max_days: u32 },
    /// An invitation link that was accepted already or replaced by a newer one.
    #[error("the link has been used or replaced")]
    AlreadyUsed,
    /// The address given is not the one the invitation was sent to.
    #[error("the invitation was sent to another address")]
    NotInvitedAddress,
    /// An invitation link that was never issued.
    #[error("no such invitation link")]
    UnknownLink,
    /// An invitation for an account that has confirmed already.
    #[error("the account is confirmed already")]
    AlreadyConfirmed,
    /// The account is archived: restore it first.
    #[error("the account is archived")]
    Archived,
    /// The same e-mail for another person on an earlier row of the file.
    #[error("the address is another person's on row {line}")]
    DuplicateInFile { line: u32 },
    /// A full name needs at least a surname and a first name.
    #[error("give the surname and the first name")]
    NeedSurnameAndName,
    /// Stage budgets that do not add up to the whole deadline.
    #[error("the stages must add up to {days} working days")]
    StagesSum { days: u32 },
    /// A number outside what is allowed.
    #[error("must be from {min} to {max}")]
    OutOfRange { min: u32, max: u32 },
    /// A date that cannot be read.
    #[error("not a date (YYYY-MM-DD)")]
    NotDate,
    /// Nobody changes their own roles: another administrator does.
    #[error("you cannot change your own roles; another administrator can")]
    OwnRoles,
    /// A message linked to itself.
    #[error("a message cannot be linked to itself")]
    SameMessage,
    /// The message a duplicate points to will give no answer (rejected or closed).
    #[error("that message will not be answered: it is rejected or closed")]
    NotAnswerable,
    /// A link that is part of a duplicate's closure stays.
    #[error("a duplicate's link stays with its closure")]
    DuplicateLinkStays,
    /// Unlinking messages that are not linked.
    #[error("the messages are not linked")]
    NotLinked,
    /// A box that must be ticked (consent).
    #[error("is required")]
    Required,
    /// The same message from the same person was received already.
    #[error("this message was received already as No. {number}")]
    AlreadyReceived { number: i64 },
    /// The organisation does not take messages through the public form.
    #[error("the organisation does not take messages here yet")]
    NotAccepting,
    /// A form whose stamp is not ours or too old: reload it.
    #[error("the form is out of date: reload the page")]
    FormExpired,
    /// A form sent sooner than a person fills it in.
    #[error("sent too quickly: check the form and send it again")]
    TooFast,
    /// A problem with one of a poll's questions (numbered from 1).
    #[error("question {number}: {problem}")]
    InQuestion { number: u32, problem: Box<Problem> },
    /// A poll's step its status does not allow.
    #[error("not possible while the poll is {}", status.key())]
    PollStep {
        status: crate::domain::polls::PollStatus,
    },
    /// A vote outside the poll's period, or after it was closed.
    #[error("the poll is not open for votes")]
    PollNotOpen,
    /// A period that is over already.
    #[error("the period is over already")]
    PeriodOver,
}

impl Problem {
    /// This problem as one of question `index`'s (from 0).
    pub fn in_question(self, index: usize) -> Problem {
        Problem::InQuestion {
            number: index as u32 + 1,
            problem: Box::new(self),
        }
    }
}

/// A refused value: the field and the problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}: {problem}", field.key())]
pub struct Invalid {
    pub field: Field,
    pub problem: Problem,
}

impl Invalid {
    pub fn new(field: Field, problem: Problem) -> Self {
        Invalid { field, problem }
    }
}
