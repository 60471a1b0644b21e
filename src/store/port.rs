//! The store port: what the rules need from a database, table by table.
//!
//! A [`Reader`] is one consistent snapshot; a [`Writer`] is one
//! serialisable write transaction (it reads what it wrote). Every method
//! answers [`StoreResult`]: `Busy` means the same work may be retried,
//! anything else is the implementation's failure and is logged, not shown.
//! Cursors are opaque strings the implementation makes and reads back.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::StoreResult;
use super::records::{
    BallotLink, BallotRequestRecord, Figures, Filter, LifecycleState, LinkState, MailScope,
    NewAccount, NewHistory, NewMessage, NewOrg, PeriodFact, PeriodQuery, PollRecord,
    SignInCandidate, SubtreeOrg,
};
use crate::domain::PollId;
use crate::domain::links::LinkKind;
use crate::domain::mail::{MailKind, MailState, MailStatus, QueuedMail};
use crate::domain::notice::Notice;
use crate::domain::polls::{PollDraft, PollStatus, TallyDelta};
use crate::domain::readiness::OrgFacts;
use crate::domain::values::{Email, SiteUrl};
use crate::domain::{
    Account, AccountId, AccountStatus, Category, CategoryId, Message, MessageId, MessageRow,
    MessageStatus, OrgId, OrgNode, OrgPath, Organisation, Role, Roles, Stages, Template,
    TemplateDraft, ValidAccount, ValidOrg, WidgetVariant,
};

/// A page of items and the cursor of the next one, if any.
pub type PageOf<T> = (Vec<T>, Option<String>);

pub trait OrgReads {
    /// How many organisations there are (0: an empty platform).
    fn org_count(&self) -> StoreResult<u64>;
    fn org_path(&self, id: OrgId) -> StoreResult<Option<OrgPath>>;
    fn org(&self, id: OrgId) -> StoreResult<Option<Organisation>>;
    /// Children of `parent` (the roots when `None`) with their counts;
    /// messages in moderation count only `with_moderation`.
    fn org_children(
        &self,
        parent: Option<OrgId>,
        today: NaiveDate,
        with_moderation: bool,
    ) -> StoreResult<Vec<OrgNode>>;
    fn org_node(
        &self,
        id: OrgId,
        today: NaiveDate,
        with_moderation: bool,
    ) -> StoreResult<Option<OrgNode>>;
    /// Organisations whose name contains `text` (case folded) or whose
    /// number is `text`.
    fn search_orgs(
        &self,
        text: &str,
        limit: u32,
        today: NaiveDate,
        with_moderation: bool,
    ) -> StoreResult<Vec<OrgNode>>;
    /// How many messages of `category` each organisation has had.
    fn orgs_handling(
        &self,
        category: CategoryId,
        with_moderation: bool,
    ) -> StoreResult<HashMap<OrgId, u64>>;
    /// The readiness deadline that holds for `path`: its own or the nearest
    /// ancestor's.
    fn readiness_deadline(&self, path: &OrgPath) -> StoreResult<Option<NaiveDate>>;
    /// The live organisations under `root` (inclusive), in tree order.
    fn subtree_orgs(&self, root: &OrgPath) -> StoreResult<Vec<SubtreeOrg>>;
    /// Readiness facts of every live organisation under `root` with its
    /// depth below it, in tree order (siblings by name).
    fn readiness_facts(&self, root: &OrgPath) -> StoreResult<Vec<(u32, OrgFacts)>>;
}

pub trait OrgWrites {
    /// Inserts an organisation under its parent and returns its number.
    fn insert_org(&self, org: &NewOrg, now: i64) -> StoreResult<OrgId>;
    fn update_org_details(&self, id: OrgId, org: &ValidOrg) -> StoreResult<()>;
    fn set_org_ready(&self, id: OrgId, ready: bool) -> StoreResult<()>;
    /// Archives the organisation at `at`, or brings it back with `None`.
    fn set_org_archived(&self, id: OrgId, at: Option<i64>) -> StoreResult<()>;
    fn set_widget_site_approved(&self, id: OrgId, approved: bool) -> StoreResult<()>;
    /// Records the widget as generated with these settings.
    fn set_widget(
        &self,
        id: OrgId,
        variant: WidgetVariant,
        banner: &str,
        now: i64,
    ) -> StoreResult<()>;
    /// Records a placement check of `site`, unless the site changed since.
    fn set_widget_found(&self, id: OrgId, site: &SiteUrl, found: bool, now: i64)
    -> StoreResult<()>;
    fn set_readiness_deadline(&self, id: OrgId, deadline: Option<NaiveDate>) -> StoreResult<()>;
}

pub trait AccountReads {
    /// A page of `org`'s accounts by name after `after` (a cursor read by
    /// [`super::parse_account_cursor`]); `text` filters by name, e-mail or position.
    fn accounts_page(
        &self,
        org: OrgId,
        text: Option<&str>,
        after: Option<(i64, String)>,
        limit: u32,
    ) -> StoreResult<PageOf<Account>>;
    fn account(&self, id: AccountId) -> StoreResult<Option<Account>>;
    fn account_by_email(&self, email: &Email) -> StoreResult<Option<Account>>;
    /// A confirmed account with `role`: `preferred` (an e-mail) first, then
    /// the deepest organisation's.
    fn sign_in_candidate(
        &self,
        role: Role,
        preferred: &str,
    ) -> StoreResult<Option<SignInCandidate>>;
    /// Which categories each account of `org` handles.
    fn responsibilities(&self, org: OrgId) -> StoreResult<Vec<(AccountId, CategoryId)>>;
}

pub trait AccountWrites {
    /// Inserts an account, counting its first invitation as sent now.
    fn insert_account(&self, account: &NewAccount, now: i64) -> StoreResult<AccountId>;
    fn update_account(&self, id: AccountId, account: &ValidAccount) -> StoreResult<()>;
    fn set_account_roles(&self, id: AccountId, roles: Roles) -> StoreResult<()>;
    fn set_account_status(&self, id: AccountId, status: AccountStatus, now: i64)
    -> StoreResult<()>;
    /// Forgets that the account proved its address (the address changed).
    fn forget_confirmation(&self, id: AccountId) -> StoreResult<()>;
    /// Records the training, once.
    fn set_trained(&self, id: AccountId, now: i64) -> StoreResult<()>;
    /// Sets when the training was done, whatever was recorded (loading data).
    fn set_trained_at(&self, id: AccountId, at: i64) -> StoreResult<()>;
    /// Revokes every sign-in token of the account.
    fn revoke_tokens(&self, id: AccountId, now: i64) -> StoreResult<()>;
    fn add_responsibilities(
        &self,
        account: AccountId,
        categories: &[CategoryId],
    ) -> StoreResult<()>;
    fn set_responsibilities(
        &self,
        account: AccountId,
        categories: &[CategoryId],
    ) -> StoreResult<()>;
}

pub trait TokenReads {
    /// The account a live token belongs to.
    fn token_account(&self, token: &str) -> StoreResult<Option<AccountId>>;
}

pub trait TokenWrites {
    /// Issues a token and returns it: the only time it exists in clear.
    fn issue_token(&self, account: AccountId, now: i64) -> StoreResult<String>;
}

pub trait InvitationReads {
    /// The account a link was sent for, and where the link stands.
    fn find_invitation(&self, token: &str, now: i64)
    -> StoreResult<Option<(AccountId, LinkState)>>;
}

pub trait InvitationWrites {
    /// Revokes the account's open links and records a new one, returned in clear.
    fn issue_invitation(&self, account: AccountId, now: i64, ttl_secs: i64) -> StoreResult<String>;
    /// Counts one more invitation sent.
    fn note_invitation_resent(&self, account: AccountId, now: i64) -> StoreResult<()>;
    fn revoke_invitations(&self, account: AccountId, now: i64) -> StoreResult<()>;
    /// Uses an open link up; false when it was not open.
    fn use_up_invitation(&self, token: &str, now: i64) -> StoreResult<bool>;
}

pub trait MailReads {
    /// The mails due at `now`: waiting ones whose time has come, and those
    /// taken for sending before `stale_before` (their worker died). Oldest
    /// due first, at most `limit`.
    fn mail_due(&self, now: i64, stale_before: i64, limit: u32) -> StoreResult<Vec<i64>>;
    /// The latest mail of each of these accounts that has one.
    fn latest_mail(&self, accounts: &[AccountId]) -> StoreResult<HashMap<AccountId, QueuedMail>>;
    /// The mails of one account, newest first, at most `limit`.
    fn account_mails(&self, account: AccountId, limit: u32) -> StoreResult<Vec<QueuedMail>>;
    /// Where the latest mail of each account in `scope` stands, counted by
    /// state (cancelled ones left out), with the latest `lines` unsent.
    fn mail_status(&self, scope: MailScope, lines: u32) -> StoreResult<MailStatus>;
}

pub trait MailWrites {
    /// Queues a mail to the account, due now; its earlier waiting mails are
    /// cancelled (this one says all they would have).
    fn queue_mail(&self, kind: MailKind, account: AccountId, now: i64) -> StoreResult<i64>;
    /// Takes a due mail (as [`MailReads::mail_due`] says) for one more
    /// attempt; `None` when it is not due any more: another worker took it.
    fn claim_mail(&self, id: i64, now: i64, stale_before: i64) -> StoreResult<Option<QueuedMail>>;
    /// Records how attempt number `attempt` ended (`at`: when it did, or
    /// when to try again), unless the mail was cancelled or taken over by a
    /// later attempt meanwhile.
    fn finish_mail(
        &self,
        id: i64,
        attempt: u32,
        state: MailState,
        at: i64,
        error: Option<&str>,
    ) -> StoreResult<()>;
    /// Cancels the account's mails not sent yet (waiting, or being sent).
    fn cancel_mail(&self, account: AccountId, now: i64) -> StoreResult<()>;
}

pub trait CitizenReads {
    /// The message a tracking link's token opens.
    fn tracked_message(&self, token: &str) -> StoreResult<Option<MessageId>>;
    /// The posts counted under `key` in the period that started at
    /// `since`, and the message the key stands for (a duplicate's).
    fn intake_count(&self, key: &str, since: i64) -> StoreResult<(u32, Option<MessageId>)>;
    /// The notices queued for the citizen of a message, oldest first.
    fn citizen_notices(&self, id: MessageId) -> StoreResult<Vec<(Notice, MailState)>>;
}

pub trait CitizenWrites {
    /// A new tracking link to the message: its token, kept hashed.
    fn issue_tracking(&self, id: MessageId, now: i64) -> StoreResult<String>;
    /// Counts one more post under `key` in the period that started at
    /// `since` (a new period counts from one); answers the count.
    fn count_intake(&self, key: &str, since: i64, message: Option<MessageId>) -> StoreResult<u32>;
    /// Forgets the counts of periods that started before `before`.
    fn forget_intake(&self, before: i64) -> StoreResult<()>;
    /// Queues a notice to the message's citizen, due now.
    fn queue_notice(&self, notice: Notice, id: MessageId, now: i64) -> StoreResult<i64>;
}

pub trait PollReads {
    /// A page of `org`'s polls, newest first, before `before` (from the
    /// newest when `None`).
    fn polls_page(
        &self,
        org: OrgId,
        before: Option<PollId>,
        limit: u32,
    ) -> StoreResult<PageOf<PollRecord>>;
    fn poll(&self, id: PollId) -> StoreResult<Option<PollRecord>>;
    /// The kept counts: question, slot, votes.
    fn poll_tallies(&self, id: PollId) -> StoreResult<Vec<(u32, i64, u64)>>;
    /// The answers kept under a voter's `reference`, as stored.
    fn poll_ballot(&self, id: PollId, reference: &str) -> StoreResult<Option<String>>;
    /// Up to `limit` ballots' answers, as stored, in no particular order.
    fn poll_ballots(&self, id: PollId, limit: u32) -> StoreResult<Vec<String>>;
    fn ballot_request(&self, id: i64) -> StoreResult<Option<BallotRequestRecord>>;
    /// Published polls closed by their time at `now` whose ballots are not
    /// sealed yet, at most `limit`.
    fn polls_to_seal(&self, now: i64, limit: u32) -> StoreResult<Vec<PollId>>;
    /// The ballot link a token opens.
    fn ballot_link(&self, token: &str) -> StoreResult<Option<BallotLink>>;
}

pub trait PollWrites {
    /// A new poll of `org`, at version 1, with its ballot key.
    fn insert_poll(
        &self,
        org: OrgId,
        draft: &PollDraft,
        status: PollStatus,
        ballot_key: &str,
        by: AccountId,
        now: i64,
    ) -> StoreResult<PollId>;
    /// Writes the status and the draft if the poll is still at `version`
    /// (and bumps it); false when it is not.
    fn save_poll(
        &self,
        id: PollId,
        version: i64,
        status: PollStatus,
        draft: &PollDraft,
        now: i64,
    ) -> StoreResult<bool>;
    /// Keeps `answers` under the voter's `reference` (replacing what was
    /// kept there when `replaces`) and moves the kept counts by `delta`.
    fn put_ballot(
        &self,
        id: PollId,
        reference: &str,
        answers: &str,
        replaces: bool,
        delta: &[TallyDelta],
    ) -> StoreResult<()>;
    /// Erases the ballot key, every ballot's reference, the poll's ballot
    /// links and its voters' hashes and contacts: nothing links a ballot
    /// to a person any more.
    fn seal_ballots(&self, id: PollId) -> StoreResult<()>;
    /// Records a citizen's request to vote and queues their link, due now;
    /// answers the request's number.
    fn request_ballot(&self, id: PollId, contact: &str, voter: &str, now: i64) -> StoreResult<i64>;
    /// A new ballot link for the request, working until `expires_at`: its
    /// token, kept hashed.
    fn issue_ballot_link(
        &self,
        request: i64,
        id: PollId,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<String>;
    /// Erases the contact a request's link went to.
    fn forget_ballot_contact(&self, request: i64) -> StoreResult<()>;
}

pub trait CategoryReads {
    /// The whole classifier, parents before their children.
    fn categories(&self) -> StoreResult<Vec<Category>>;
}

pub trait CategoryWrites {
    fn insert_category(
        &self,
        parent: Option<CategoryId>,
        name: &str,
        deadline_days: u32,
    ) -> StoreResult<CategoryId>;
    fn set_category_deadline(&self, id: CategoryId, days: u32) -> StoreResult<()>;
    fn set_category_stages(&self, id: CategoryId, stages: Option<Stages>) -> StoreResult<()>;
}

pub trait TemplateReads {
    /// Templates kept by the organisations on `path`, those of `category` first.
    fn templates_for(
        &self,
        path: &OrgPath,
        category: Option<CategoryId>,
    ) -> StoreResult<Vec<Template>>;
    fn template(&self, id: i64) -> StoreResult<Option<Template>>;
}

pub trait TemplateWrites {
    fn insert_template(&self, draft: &TemplateDraft, now: i64) -> StoreResult<i64>;
    fn update_template(&self, id: i64, draft: &TemplateDraft, now: i64) -> StoreResult<()>;
    fn delete_template(&self, id: i64) -> StoreResult<()>;
}

pub trait MessageReads {
    fn count_messages(&self, filter: &Filter) -> StoreResult<u64>;
    /// What `filter` finds, per status (statuses with none left out).
    fn count_messages_by_status(&self, filter: &Filter) -> StoreResult<Vec<(MessageStatus, u64)>>;
    /// A keyset page, newest first.
    fn messages_page(&self, filter: &Filter) -> StoreResult<PageOf<MessageRow>>;
    /// Kept counts of `org`'s messages per status.
    fn status_counts(&self, org: OrgId) -> StoreResult<Vec<(MessageStatus, u64)>>;
    fn status_counts_for_assignee(
        &self,
        org: OrgId,
        assignee: AccountId,
    ) -> StoreResult<Vec<(MessageStatus, u64)>>;
    fn overdue_count(
        &self,
        org: OrgId,
        assignee: Option<AccountId>,
        today: NaiveDate,
        with_moderation: bool,
    ) -> StoreResult<u64>;
    /// Open messages per executor of `org`.
    fn open_load(&self, org: OrgId) -> StoreResult<HashMap<AccountId, u64>>;
    /// One message with its history.
    fn message(&self, id: MessageId) -> StoreResult<Option<Message>>;
    /// Up to `limit` steps of a message's history before step `before`
    /// (its newest when `None`), oldest first, and how many are earlier still.
    fn message_history(
        &self,
        id: MessageId,
        before: Option<i64>,
        limit: u32,
    ) -> StoreResult<crate::domain::HistoryPage>;
    fn lifecycle_state(&self, id: MessageId) -> StoreResult<Option<LifecycleState>>;
    /// The messages linked to `id`, by number, at most `limit`.
    fn message_links(&self, id: MessageId, limit: u32) -> StoreResult<Vec<(MessageId, LinkKind)>>;
    /// The draft texts left by the steps of `id`'s history from step `from` on.
    fn history_drafts(&self, id: MessageId, from: i64) -> StoreResult<Vec<(i64, String)>>;
    /// A page of the messages a statistics report counts, in id order.
    fn period_facts(&self, query: &PeriodQuery) -> StoreResult<Vec<PeriodFact>>;
    /// Figures of the organisations whose paths lie in `[from, to)`.
    fn figures(
        &self,
        paths: (&str, &str),
        today: NaiveDate,
        with_moderation: bool,
    ) -> StoreResult<Figures>;
}

pub trait MessageWrites {
    fn insert_message(&self, message: &NewMessage) -> StoreResult<MessageId>;
    fn add_history(&self, line: &NewHistory) -> StoreResult<()>;
    /// Links `id` to `other` as `kind` (and `other` to `id` the other way
    /// round), replacing a link they had.
    fn link_messages(
        &self,
        id: MessageId,
        other: MessageId,
        kind: LinkKind,
        by: AccountId,
        now: i64,
    ) -> StoreResult<()>;
    /// Removes the link between two messages; false when there was none.
    fn unlink_messages(&self, id: MessageId, other: MessageId) -> StoreResult<bool>;
    /// Writes the next state if the message is still at `version` (and
    /// bumps it); false when it is not.
    fn save_lifecycle_state(
        &self,
        id: MessageId,
        version: i64,
        next: &LifecycleState,
        now: i64,
    ) -> StoreResult<bool>;
    /// For messages loaded already answered: when, and whether on time, from
    /// their history (what approving records as it happens).
    fn fill_answer_times(&self) -> StoreResult<()>;
    /// Marks a message as waiting for a redirect to `target` (loading history).
    fn set_redirect_request(
        &self,
        id: MessageId,
        from: MessageStatus,
        target: OrgId,
    ) -> StoreResult<()>;
}

pub trait MetaReads {
    fn meta(&self, key: &str) -> StoreResult<Option<String>>;
}

pub trait MetaWrites {
    fn set_meta(&self, key: &str, value: &str) -> StoreResult<()>;
}

pub trait ChangeReads {
    /// Changes recorded after `after`, oldest first, at most `limit`: their
    /// ids and bodies.
    fn changes_after(&self, after: i64, limit: u32) -> StoreResult<Vec<(i64, String)>>;
    /// The id of the oldest change still kept and of the latest (0 and 0
    /// when none was recorded yet).
    fn change_bounds(&self) -> StoreResult<(i64, i64)>;
}

pub trait ChangeWrites {
    /// Records a change (`body` is what the rules made of it), seen by
    /// others when the transaction commits; the oldest are pruned now and
    /// then, [`CHANGES_KEPT`] stay.
    fn record_change(&self, body: &str, now: i64) -> StoreResult<i64>;
}

/// How many of the latest changes a store keeps for followers that
/// reconnect; one who missed more reads everything again.
pub const CHANGES_KEPT: i64 = 100_000;

/// Everything a read transaction offers.
pub trait Reader:
    OrgReads
    + AccountReads
    + TokenReads
    + InvitationReads
    + MailReads
    + CitizenReads
    + PollReads
    + CategoryReads
    + TemplateReads
    + MessageReads
    + MetaReads
    + ChangeReads
{
}

impl<T> Reader for T where
    T: OrgReads
        + AccountReads
        + TokenReads
        + InvitationReads
        + MailReads
        + CitizenReads
        + PollReads
        + CategoryReads
        + TemplateReads
        + MessageReads
        + MetaReads
        + ChangeReads
        + ?Sized
{
}

/// Everything a write transaction offers: the reads, the writes, and
/// nested steps that can be undone alone.
pub trait Writer:
    Reader
    + OrgWrites
    + AccountWrites
    + TokenWrites
    + InvitationWrites
    + MailWrites
    + CitizenWrites
    + PollWrites
    + CategoryWrites
    + TemplateWrites
    + MessageWrites
    + MetaWrites
    + ChangeWrites
{
    /// Starts a nested step: [`Writer::undo_step`] undoes only what was
    /// written since, [`Writer::keep_step`] keeps it.
    fn begin_step(&self) -> StoreResult<()>;
    fn keep_step(&self) -> StoreResult<()>;
    fn undo_step(&self) -> StoreResult<()>;
}
