//! What goes into the store and the shapes of what comes back that are not
//! domain types: the port's records, shared by every implementation.

use chrono::NaiveDate;

use crate::domain::values::{Email, Inn, Ogrn, Phone, SiteUrl};
use crate::domain::{
    AccountId, AccountStatus, CategoryId, MessageId, MessageKind, MessageSource, MessageStatus,
    OrgId, OrgKind, Roles, ValidAccount,
};

/// What a new organisation is made of.
#[derive(Debug, Clone)]
pub struct NewOrg {
    pub parent: Option<OrgId>,
    pub name: String,
    pub short_name: String,
    pub kind: OrgKind,
    pub ogrn: Option<Ogrn>,
    pub inn: Option<Inn>,
    pub site: Option<SiteUrl>,
}

/// What a new account is made of.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub org: OrgId,
    pub surname: String,
    pub first_name: String,
    pub patronymic: String,
    pub email: Email,
    pub phone: Option<Phone>,
    pub position: String,
    pub roles: Roles,
    pub status: AccountStatus,
    /// Has confirmed the training already (accounts brought over from elsewhere).
    pub trained: bool,
}

impl NewAccount {
    pub fn from_valid(org: OrgId, a: &ValidAccount, status: AccountStatus) -> Self {
        NewAccount {
            org,
            surname: a.surname.clone(),
            first_name: a.first_name.clone(),
            patronymic: a.patronymic.clone(),
            email: a.email.clone(),
            phone: Some(a.phone.clone()),
            position: a.position.clone(),
            roles: a.roles,
            status,
            trained: false,
        }
    }
}

/// Whose mail a status covers: one organisation's accounts, or those of
/// the organisations whose paths lie in `[from, to)`.
#[derive(Debug, Clone, Copy)]
pub enum MailScope<'a> {
    Org(OrgId),
    Paths(&'a str, &'a str),
}

/// Where a link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Open,
    Used,
    Revoked,
    Expired,
}

/// What a queue page is filtered by; `assignee` is also how an executor's
/// view is confined to their own messages.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub org: i64,
    /// Instead of `org` alone: every organisation whose path is in this range.
    pub subtree: Option<(String, String)>,
    pub unassigned: bool,
    pub due_by: Option<NaiveDate>,
    pub source: Option<MessageSource>,
    pub statuses: Vec<MessageStatus>,
    pub categories: Vec<CategoryId>,
    pub assignee: Option<AccountId>,
    pub overdue_before: Option<NaiveDate>,
    pub text: Option<String>,
    /// Only the messages of the citizen with this contact.
    pub citizen_contact: Option<String>,
    pub after: Option<i64>,
    pub limit: u32,
}

/// What a statistics report needs of one message received in its period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodFact {
    pub id: i64,
    /// Its organisation's path (the page's cursor, with the id).
    pub path: String,
    pub org: OrgId,
    pub org_name: String,
    /// The top-level category's name ("" for none).
    pub category: String,
    pub status: MessageStatus,
    pub received_at: i64,
    pub deadline: NaiveDate,
    pub answered_at: Option<i64>,
    pub answered_on_time: bool,
}

/// Which messages a statistics report reads, a page at a time.
#[derive(Debug, Clone, Copy)]
pub struct PeriodQuery<'a> {
    /// Organisations whose paths lie in `[from, to)`.
    pub paths: (&'a str, &'a str),
    /// Received in `[from, to)`, seconds.
    pub received: (i64, i64),
    pub with_moderation: bool,
    /// After this message (its organisation's path, its id), in that
    /// order: one walk down the organisations' index, each organisation's
    /// messages by id. `("", 0)` for the first page.
    pub after: (&'a str, i64),
    pub limit: u32,
}

/// A message as it arrives (demo data, later the intake).
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub org: OrgId,
    pub category: Option<CategoryId>,
    pub kind: MessageKind,
    pub source: MessageSource,
    pub citizen_name: String,
    pub citizen_contact: String,
    pub text: String,
    pub address: Option<String>,
    pub received_at: i64,
    pub deadline: NaiveDate,
    pub status: MessageStatus,
    pub assignee: Option<AccountId>,
    pub draft: Option<String>,
    pub answer: Option<String>,
}

/// One line of history.
pub struct NewHistory<'a> {
    pub message: MessageId,
    pub at: i64,
    pub actor: Option<AccountId>,
    pub action: &'a str,
    pub from: Option<MessageStatus>,
    pub to: Option<MessageStatus>,
    pub comment: Option<&'a str>,
    /// Whom or where the line is about: the executor given the message
    /// (an account), the organisation a redirect names, the other message
    /// of a duplicate or a link.
    pub subject: Option<i64>,
    /// The draft text an edit of the draft left.
    pub draft: Option<&'a str>,
}

/// What the lifecycle looks at and changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LifecycleState {
    pub org: OrgId,
    pub status: MessageStatus,
    pub assignee: Option<AccountId>,
    pub draft: Option<String>,
    pub answer: Option<String>,
    pub version: i64,
    pub prev_status: Option<MessageStatus>,
    pub redirect_org: Option<OrgId>,
    pub citizen_contact: String,
}

/// Figures of the messages of the organisations whose paths lie in
/// `[from, to)` (one organisation or a subtree).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    pub by_status: Vec<(MessageStatus, u64)>,
    pub overdue: u64,
    pub answered: u64,
    pub answered_on_time: u64,
    /// Top-level categories by number of messages, most first.
    pub by_category: Vec<(String, u64)>,
}

/// An organisation of a subtree, as the import matches rows against it.
#[derive(Debug, Clone)]
pub struct SubtreeOrg {
    pub id: OrgId,
    pub ogrn: Option<String>,
    pub inn: Option<String>,
    pub name: String,
    pub short_name: String,
}

/// A confirmed account with one role, as the sign-in list offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInCandidate {
    pub email: String,
    pub surname: String,
    pub first_name: String,
    pub patronymic: String,
    pub org_short_name: String,
}

/// A poll as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollRecord {
    pub id: crate::domain::PollId,
    pub org: OrgId,
    /// As written (a published poll past its time is still `Published` here).
    pub status: crate::domain::polls::PollStatus,
    pub version: i64,
    pub draft: crate::domain::polls::PollDraft,
    pub ballots: u64,
    /// The key ballots are found under while the poll takes votes.
    pub ballot_key: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// A ballot link as stored: the request it answers, its poll, the voter
/// (erased once the poll closed) and until when it works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BallotLink {
    pub request: i64,
    pub poll: crate::domain::PollId,
    pub voter: Option<String>,
    pub expires_at: i64,
}

/// A request to vote as stored: its poll, the contact (until the link is
/// sent) and the voter's keyed hash (until the poll closes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BallotRequestRecord {
    pub poll: crate::domain::PollId,
    pub contact: Option<String>,
    pub voter: Option<String>,
}
