//! The administration half of the Service (docs/domain.md §2, §3, §5, §6):
//! accounts and their invitations, training, organisations, the widget,
//! readiness and who handles which categories. Every call is checked
//! against the actor's roles and scope inside the service.

use async_trait::async_trait;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ServiceResult;
use crate::domain::onboarding::{FormRow, ImportReport};
use crate::domain::{
    Account, AccountDraft, AccountId, Actor, Category, CategoryId, IncomingMessage, Message,
    MessageId, OrgChange, OrgDraft, OrgId, OrgNode, Organisation, Readiness, Stages, WidgetCheck,
    WidgetSettings,
};

/// Whether an invitation mail went out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mail", rename_all = "kebab-case")]
pub enum MailOutcome {
    Sent,
    /// The account is saved; the mail was not sent (resend later).
    Failed {
        detail: String,
    },
}

/// An account as saved, with the invitation mail it caused (if any).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSaved {
    pub account: Account,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<MailOutcome>,
}

/// An accepted invitation: the confirmed account and its sign-in token
/// (shown once; only its hash is kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationAccepted {
    pub account: Account,
    pub token: String,
}

/// An executor as the assignment picker offers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutorChoice {
    pub account: Account,
    /// Handles the message's category.
    pub responsible: bool,
    /// Open messages assigned to them now.
    pub load: u64,
}

/// An organisation a message may be redirected to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedirectTarget {
    pub node: OrgNode,
    /// Messages of the message's category it has had: those who handle
    /// the category come first.
    pub handled: u64,
}

#[async_trait]
pub trait Administration: Send + Sync {
    /// The account with this e-mail (archived ones too), for those who may see it.
    async fn find_account(&self, actor: &Actor, email: &str) -> ServiceResult<Account>;

    /// Creates an account in `org` (status New) and sends its invitation.
    async fn create_account(
        &self,
        actor: &Actor,
        org: OrgId,
        draft: &AccountDraft,
    ) -> ServiceResult<AccountSaved>;

    /// Replaces an account's details. A new e-mail address puts the
    /// account back to New and sends a fresh invitation there.
    async fn update_account(
        &self,
        actor: &Actor,
        id: AccountId,
        draft: &AccountDraft,
    ) -> ServiceResult<AccountSaved>;

    /// Archives (sign-in and links stop working) or restores an account.
    /// Restoring an account that never confirmed sends a new invitation.
    async fn set_archived(
        &self,
        actor: &Actor,
        id: AccountId,
        archived: bool,
    ) -> ServiceResult<AccountSaved>;

    /// Sends a new invitation; the earlier links stop working.
    async fn resend_invitation(&self, actor: &Actor, id: AccountId) -> ServiceResult<AccountSaved>;

    /// Accepts an invitation by proving the invited address: the account
    /// becomes Confirmed and gets a sign-in token. No actor: the person
    /// has not signed in yet.
    async fn accept_invitation(
        &self,
        token: &str,
        email: &str,
    ) -> ServiceResult<InvitationAccepted>;

    /// Where the training materials are (no sign-in needed).
    async fn training_url(&self) -> ServiceResult<String>;

    /// Records "Мною пройдено обучение" for the actor; the only call
    /// allowed before it.
    async fn confirm_training(&self, actor: &Actor) -> ServiceResult<Actor>;

    /// Creates a child cabinet under `parent`.
    async fn create_org(
        &self,
        actor: &Actor,
        parent: OrgId,
        draft: &OrgDraft,
    ) -> ServiceResult<Organisation>;

    /// Changes details and flags, each as the rules allow the actor.
    async fn update_org(
        &self,
        actor: &Actor,
        id: OrgId,
        change: &OrgChange,
    ) -> ServiceResult<Organisation>;

    /// Generates the widget code with these settings and records it.
    async fn widget_code(
        &self,
        actor: &Actor,
        org: OrgId,
        settings: &WidgetSettings,
    ) -> ServiceResult<String>;

    /// Reads the organisation's registered main page and reports each
    /// part of the widget; the outcome is recorded for readiness.
    async fn check_widget(&self, actor: &Actor, org: OrgId) -> ServiceResult<WidgetCheck>;

    /// Readiness of `org`'s subtree.
    async fn readiness(&self, actor: &Actor, org: OrgId) -> ServiceResult<Readiness>;

    /// Sets (or clears) the date `org`'s subtree is to be ready by.
    async fn set_readiness_deadline(
        &self,
        actor: &Actor,
        org: OrgId,
        deadline: Option<NaiveDate>,
    ) -> ServiceResult<Organisation>;

    /// Which categories each account of `org` handles.
    async fn responsibilities(
        &self,
        actor: &Actor,
        org: OrgId,
    ) -> ServiceResult<Vec<(AccountId, CategoryId)>>;

    /// Replaces the categories an account handles.
    async fn set_responsibilities(
        &self,
        actor: &Actor,
        account: AccountId,
        categories: &[CategoryId],
    ) -> ServiceResult<()>;

    /// Checks the onboarding form's rows for `org`'s subtree and, when
    /// every row is right and this is not a dry run, writes them in one go
    /// and invites the people it created.
    async fn import_onboarding(
        &self,
        actor: &Actor,
        org: OrgId,
        rows: &[FormRow],
        dry_run: bool,
    ) -> ServiceResult<ImportReport>;

    /// The people of `org`'s subtree in the onboarding form's columns.
    async fn export_onboarding(&self, actor: &Actor, org: OrgId) -> ServiceResult<Vec<FormRow>>;

    /// Sets a category's deadline in working days and its stage budgets
    /// (platform administrators); messages received from now on follow it.
    async fn set_category_deadline(
        &self,
        actor: &Actor,
        category: CategoryId,
        days: u32,
        stages: Option<Stages>,
    ) -> ServiceResult<Category>;

    /// Whether new messages go to moderation first (platform curators see it).
    async fn moderation(&self, actor: &Actor) -> ServiceResult<bool>;

    /// Switches moderation on or off (platform curators); when off, messages
    /// arrive as New in their organisation's queue.
    async fn set_moderation(&self, actor: &Actor, on: bool) -> ServiceResult<bool>;

    /// A citizen's message arriving through the platform's intake (which
    /// acts as a platform curator): in moderation, or New when it is off.
    async fn receive_message(
        &self,
        actor: &Actor,
        incoming: &IncomingMessage,
    ) -> ServiceResult<Message>;

    /// Organisations matching `text` (name or number) a message may be
    /// redirected to, those handling its category first; with no text, the
    /// organisations that handle it most.
    async fn redirect_targets(
        &self,
        actor: &Actor,
        message: MessageId,
        text: &str,
    ) -> ServiceResult<Vec<RedirectTarget>>;

    /// The executors a message may be given to: those handling its
    /// category first, then the least loaded.
    async fn executor_choices(
        &self,
        actor: &Actor,
        message: MessageId,
    ) -> ServiceResult<Vec<ExecutorChoice>>;
}
