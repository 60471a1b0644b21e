//! The Service: one method per use case, every call made by an [`Actor`]
//! and checked against its roles and scope inside the service.
//!
//! - [`admin`]: the administration half (accounts, invitations, training,
//!   organisations, widget, readiness), a supertrait of `Service`
//! - [`rules`]: `CoreService`, the rules over the store port;
//!   `LocalService` is it over the embedded SQLite store
//! - [`remote`]: `RemoteService`, the same calls over HTTP to `otklik serve`
//! - [`error`]: `ServiceError`, shared by both
//! - [`types`]: queries, pages and counts (also the API's wire types)

pub mod admin;
pub mod error;
pub mod remote;
pub mod rules;
pub mod types;

use async_trait::async_trait;

use crate::domain::{
    Account, Act, Actor, Category, CategoryId, Message, MessageId, MessageRow, OrgId, OrgNode,
    Organisation, Template, TemplateDraft,
};
pub use admin::{
    AccountSaved, Administration, ExecutorChoice, InvitationAccepted, MailOutcome, RedirectTarget,
};
pub use error::{Entity, ServiceError, ServiceResult};
pub use remote::RemoteService;
pub use rules::{CoreService, LocalService};
pub use types::{
    AccountQuery, ActReport, Credentials, MessageQuery, Page, Statistics, StatusCounts,
};

#[async_trait]
pub trait Service: Administration + Send + Sync {
    /// Who these credentials belong to. Archived accounts cannot sign in.
    async fn sign_in(&self, credentials: &Credentials) -> ServiceResult<Actor>;

    /// Children of `parent` (the roots when `None`), with their message counts.
    async fn org_children(
        &self,
        actor: &Actor,
        parent: Option<OrgId>,
    ) -> ServiceResult<Vec<OrgNode>>;

    /// The nodes from the root down to `org`, inclusive.
    async fn org_ancestors(&self, actor: &Actor, org: OrgId) -> ServiceResult<Vec<OrgNode>>;

    /// Organisations whose name contains `text` or whose number is `text`.
    async fn search_orgs(
        &self,
        actor: &Actor,
        text: &str,
        limit: u32,
    ) -> ServiceResult<Vec<OrgNode>>;

    /// All details of one organisation.
    async fn organisation(&self, actor: &Actor, org: OrgId) -> ServiceResult<Organisation>;

    /// Accounts of one organisation, by name.
    async fn accounts(
        &self,
        actor: &Actor,
        org: OrgId,
        query: &AccountQuery,
    ) -> ServiceResult<Page<Account>>;

    /// A page of an organisation's queue, newest first.
    async fn messages(
        &self,
        actor: &Actor,
        query: &MessageQuery,
    ) -> ServiceResult<Page<MessageRow>>;

    /// How many messages a query finds (paging ignored): the counts of the
    /// saved views.
    async fn count_messages(&self, actor: &Actor, query: &MessageQuery) -> ServiceResult<u64>;

    /// Counts per status (and overdue) of the messages the actor sees in `org`.
    async fn message_counts(&self, actor: &Actor, org: OrgId) -> ServiceResult<StatusCounts>;

    /// One message with its history.
    async fn message(&self, actor: &Actor, id: MessageId) -> ServiceResult<Message>;

    /// The classifier: categories and subcategories.
    async fn categories(&self, actor: &Actor) -> ServiceResult<Vec<Category>>;

    /// Moves a message one step along its lifecycle, if the actor may and
    /// the message is still at `version` (otherwise `Conflict`, and nothing
    /// is written). Every step is recorded in the history. Returns the
    /// message as it is now.
    async fn act(
        &self,
        actor: &Actor,
        id: MessageId,
        version: i64,
        act: &Act,
    ) -> ServiceResult<Message>;

    /// The same step on many messages (each at its version), in one go:
    /// each is done or refused on its own, as `act` would.
    async fn act_many(
        &self,
        actor: &Actor,
        items: &[(MessageId, i64)],
        act: &Act,
    ) -> ServiceResult<ActReport>;

    /// Figures of `org`'s messages, or of its whole subtree (curators above).
    async fn statistics(
        &self,
        actor: &Actor,
        org: OrgId,
        subtree: bool,
    ) -> ServiceResult<Statistics>;

    /// Templates for answering `org`'s messages: kept by it and by the
    /// organisations above it, those of `category` first.
    async fn templates(
        &self,
        actor: &Actor,
        org: OrgId,
        category: Option<CategoryId>,
    ) -> ServiceResult<Vec<Template>>;

    /// Creates a template (`id` None) or replaces one; administrators of
    /// the organisation that keeps it.
    async fn save_template(
        &self,
        actor: &Actor,
        id: Option<i64>,
        draft: &TemplateDraft,
    ) -> ServiceResult<Template>;

    async fn delete_template(&self, actor: &Actor, id: i64) -> ServiceResult<()>;
}
