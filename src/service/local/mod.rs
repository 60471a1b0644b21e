//! `LocalService`: the domain rules over the embedded store. Every call
//! checks the actor's roles and scope, then runs its SQL on a blocking
//! thread so the async caller (terminal or server) is never held up.

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use super::types::{DEFAULT_PAGE, MAX_PAGE};
use super::{
    AccountQuery, ActReport, Credentials, Entity, MessageQuery, Page, Service, ServiceError,
    ServiceResult, Statistics, StatusCounts,
};
use crate::domain::lifecycle::{self, Next};
use crate::domain::permissions::{self, MessageVisibility, Target};
use crate::domain::values::Email;
use crate::domain::{
    Account, AccountStatus, Act, Actor, Category, CategoryId, Field, Invalid, Message, MessageId,
    MessageRow, MessageStatus, OrgId, OrgNode, OrgPath, Organisation, Problem, Role, Roles,
    Template, TemplateDraft,
};
use crate::store::{
    self, OpenMode, Store, StoreError, accounts, categories, messages, orgs, templates, tokens,
};

mod admin;
mod onboarding;
mod site_fetch;

pub use admin::Settings;

#[derive(Clone, Debug)]
pub struct LocalService {
    store: Arc<Store>,
    /// Fixed "today" for reproducible tests; the real date otherwise.
    today: Option<NaiveDate>,
    settings: Arc<Settings>,
}

impl From<rusqlite::Error> for ServiceError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                ServiceError::Unavailable {
                    detail: "the store is busy".into(),
                }
            }
            _ => {
                tracing::error!(error = %e, "store error");
                ServiceError::Internal {
                    detail: e.to_string(),
                }
            }
        }
    }
}

fn not_found(entity: Entity, id: impl std::fmt::Display) -> ServiceError {
    ServiceError::NotFound {
        entity,
        id: id.to_string(),
    }
}

fn bad_cursor(cursor: &str) -> ServiceError {
    Invalid::new(
        Field::Cursor,
        Problem::Unknown {
            value: cursor.to_string(),
        },
    )
    .into()
}

/// Statuses the actor may list: messages in moderation are the platform
/// curators' business only. `requested` empty means every status, and so
/// does the answer.
fn visible_statuses(actor: &Actor, requested: &[MessageStatus]) -> Vec<MessageStatus> {
    if actor.is_platform_curator() {
        return requested.to_vec();
    }
    let all = if requested.is_empty() {
        &MessageStatus::ALL[..]
    } else {
        requested
    };
    all.iter()
        .copied()
        .filter(|s| *s != MessageStatus::Moderation)
        .collect()
}

/// True when the actor may see messages in `status` at all.
fn status_visible(actor: &Actor, status: MessageStatus) -> bool {
    !visible_statuses(actor, &[status]).is_empty()
}

/// The most messages one step may be taken on at once.
pub const MAX_MARKED: usize = 5_000;

fn clamp_limit(limit: u32) -> u32 {
    match limit {
        0 => DEFAULT_PAGE,
        n => n.min(MAX_PAGE),
    }
}

/// The org's path, or NotFound.
fn org_path(conn: &Connection, org: OrgId) -> ServiceResult<OrgPath> {
    orgs::path(conn, org)?.ok_or_else(|| not_found(Entity::Organisation, org))
}

/// Builds the actor for an account that may sign in.
fn actor_for(conn: &Connection, account: Account) -> ServiceResult<Actor> {
    // Only confirmed people work: a New account has not accepted its invitation yet.
    if account.status != AccountStatus::Confirmed {
        return Err(ServiceError::Unauthenticated);
    }
    let org = orgs::get(conn, account.org)?
        .ok_or_else(|| not_found(Entity::Organisation, account.org))?;
    Ok(Actor {
        account: account.id,
        name: account.short_name(),
        email: account.email.to_string(),
        org: account.org,
        org_path: org_path(conn, account.org)?,
        org_name: org.short_name,
        roles: account.roles,
        trained: account.trained_at.is_some(),
    })
}

impl LocalService {
    /// A service over `store`, with mail going to `outbox/` beside it.
    pub fn new(store: Arc<Store>) -> Self {
        let settings = Arc::new(Settings::beside(store.path()));
        LocalService {
            store,
            today: None,
            settings,
        }
    }

    pub fn with_settings(mut self, settings: Settings) -> Self {
        self.settings = Arc::new(settings);
        self
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Nothing but confirming the training is allowed before it.
    fn gate(&self, actor: &Actor) -> ServiceResult<()> {
        if actor.trained {
            Ok(())
        } else {
            Err(ServiceError::TrainingRequired {
                url: self.settings.training_url.clone(),
            })
        }
    }

    pub fn open(path: &Path, mode: OpenMode) -> Result<Self, StoreError> {
        Ok(LocalService::new(Arc::new(Store::open(path, mode)?)))
    }

    /// Pins "today" (overdue counts, deadlines) for reproducible tests.
    pub fn with_today(mut self, today: NaiveDate) -> Self {
        self.today = Some(today);
        self
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Runs `f` on a reader connection off the async runtime.
    async fn read<T, F>(&self, f: F) -> ServiceResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, NaiveDate) -> ServiceResult<T> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        let today = self.today();
        tokio::task::spawn_blocking(move || f(&store.reader(), today))
            .await
            .map_err(|e| ServiceError::Internal {
                detail: e.to_string(),
            })?
    }

    /// Runs `f` in a write transaction on the writer, off the async runtime;
    /// it commits only when `f` succeeds.
    async fn write<T, F>(&self, f: F) -> ServiceResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Transaction, i64) -> ServiceResult<T> + Send + 'static,
    {
        self.write_or_discard(move |tx, now| f(tx, now).map(|value| (value, true)))
            .await
    }

    /// Like [`Self::write`], but `f` says whether to keep what it did:
    /// `(value, false)` rolls the transaction back (a dry run).
    async fn write_or_discard<T, F>(&self, f: F) -> ServiceResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Transaction, i64) -> ServiceResult<(T, bool)> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || {
            let mut conn = store.writer();
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let (value, keep) = f(&tx, store::now_secs())?;
            if keep {
                tx.commit()?;
            }
            Ok(value)
        })
        .await
        .map_err(|e| ServiceError::Internal {
            detail: e.to_string(),
        })?
    }

    /// Issues a bearer token for the account with this e-mail (run where
    /// the store is: `otklik token issue`). Returns the token, shown once.
    pub fn issue_token(&self, email: &str) -> ServiceResult<String> {
        let email = Email::parse(email)?;
        let conn = self.store.writer();
        let account =
            accounts::by_email(&conn, &email)?.ok_or_else(|| not_found(Entity::Account, &email))?;
        if account.status != AccountStatus::Confirmed {
            return Err(ServiceError::Forbidden);
        }
        Ok(tokens::issue(&conn, account.id, store::now_secs())?)
    }
}

/// One lifecycle step inside a write transaction: permission, version,
/// transition table, what the step needs, then the change and its history.
fn apply_act(
    tx: &Connection,
    actor: &Actor,
    id: MessageId,
    version: i64,
    act: &Act,
    now: i64,
) -> ServiceResult<()> {
    act.validate()?;
    let state = messages::lifecycle_state(tx, id)?.ok_or_else(|| not_found(Entity::Message, id))?;
    let path = org_path(tx, state.org)?;
    let target = Target {
        org: state.org,
        path: &path,
    };
    let action = act.action();
    // A message the actor may not see (in moderation) is not theirs to act on either.
    if !permissions::may_act(actor, action, target, state.assignee)
        || !status_visible(actor, state.status)
    {
        return Err(ServiceError::Forbidden);
    }
    if state.version != version {
        return Err(ServiceError::Conflict {
            current: state.version,
        });
    }
    let to = match lifecycle::next(state.status, action) {
        Some(Next::To(status)) => status,
        Some(Next::Previous) => state.prev_status.unwrap_or(MessageStatus::New),
        None => {
            return Err(ServiceError::WrongStatus {
                status: state.status,
                action,
            });
        }
    };
    let mut next = messages::LifecycleState {
        status: to,
        ..state.clone()
    };
    match act {
        Act::Assign { executor } => {
            let ok = accounts::by_id(tx, *executor)?.is_some_and(|a| {
                a.org == state.org
                    && a.roles.has(Role::Executor)
                    && a.status == AccountStatus::Confirmed
            });
            if !ok {
                return Err(Invalid::new(Field::Assignee, Problem::NotAnExecutor).into());
            }
            next.assignee = Some(*executor);
        }
        Act::EditDraft { text } => next.draft = Some(text.clone()).filter(|t| !t.trim().is_empty()),
        Act::SubmitDraft => {
            if state.draft.as_deref().is_none_or(|d| d.trim().is_empty()) {
                return Err(Invalid::new(Field::Text, Problem::Empty).into());
            }
        }
        Act::Approve => {
            let answer = state.draft.clone().unwrap_or_default();
            messages::add_to_outbox(tx, id, &state.citizen_contact, &answer, now)?;
            next.answer = Some(answer);
        }
        Act::AskRedirect { target, .. } => {
            if *target == state.org {
                return Err(Invalid::new(Field::Target, Problem::SameOrganisation).into());
            }
            if orgs::get(tx, *target)?.is_none_or(|o| o.archived) {
                return Err(not_found(Entity::Organisation, target));
            }
            next.prev_status = Some(state.status);
            next.redirect_org = Some(*target);
        }
        Act::ApproveRedirect => {
            next.org = state
                .redirect_org
                .ok_or_else(|| not_found(Entity::Organisation, "—"))?;
            if orgs::get(tx, next.org)?.is_none_or(|o| o.archived) {
                return Err(not_found(Entity::Organisation, next.org));
            }
            next.assignee = None;
            next.draft = None;
            next.prev_status = None;
            next.redirect_org = None;
        }
        Act::DeclineRedirect { .. } => {
            next.prev_status = None;
            next.redirect_org = None;
        }
        Act::Accept | Act::Reject { .. } | Act::Return { .. } | Act::Close { .. } => {}
    }
    if !messages::save_lifecycle_state(tx, id, version, &next, now)? {
        let current = messages::lifecycle_state(tx, id)?
            .map(|s| s.version)
            .unwrap_or(version);
        return Err(ServiceError::Conflict { current });
    }
    messages::add_history(
        tx,
        &messages::NewHistory {
            message: id,
            at: now,
            actor: Some(actor.account),
            action: action.key(),
            from: Some(state.status),
            to: Some(to),
            comment: act.comment(),
        },
    )?;
    Ok(())
}

/// The subcategories of `category`, with itself.
fn category_and_children(all: &[Category], category: CategoryId) -> Vec<CategoryId> {
    std::iter::once(category)
        .chain(
            all.iter()
                .filter(|c| c.parent == Some(category))
                .map(|c| c.id),
        )
        .collect()
}

/// The store's filter for what `actor` asks of a queue: what they may see
/// of it (executors: their own messages; moderation: platform curators;
/// a subtree: curators above it). `None` when nothing can match.
fn message_filter(
    conn: &Connection,
    actor: &Actor,
    query: &MessageQuery,
    today: NaiveDate,
) -> ServiceResult<Option<messages::Filter>> {
    let path = org_path(conn, query.org)?;
    let target = Target {
        org: query.org,
        path: &path,
    };
    let subtree = if query.subtree {
        if !permissions::may_view_readiness(actor, target) || !actor.has(Role::Curator) {
            return Err(ServiceError::Forbidden);
        }
        Some((path.0.clone(), path.subtree_end()))
    } else {
        None
    };
    let assignee = match permissions::message_visibility(actor, target) {
        _ if subtree.is_some() => query.assignee,
        MessageVisibility::All => query.assignee,
        MessageVisibility::AssignedTo(me) if query.assignee.is_none_or(|a| a == me) => Some(me),
        _ => return Err(ServiceError::Forbidden),
    };
    let after = match query.after.as_deref() {
        Some(c) => Some(c.parse::<i64>().map_err(|_| bad_cursor(c))?),
        None => None,
    };
    let categories = match query.category {
        Some(c) => category_and_children(&categories::all(conn)?, c),
        None => Vec::new(),
    };
    let statuses = visible_statuses(actor, &query.statuses);
    if statuses.is_empty() && !query.statuses.is_empty() {
        return Ok(None);
    }
    Ok(Some(messages::Filter {
        org: query.org.0,
        subtree,
        unassigned: query.unassigned,
        due_by: query.due_by,
        source: query.source,
        statuses,
        categories,
        assignee,
        overdue_before: query.overdue.then_some(today),
        text: query.text.clone(),
        after,
        limit: clamp_limit(query.limit),
    }))
}

#[async_trait]
impl Service for LocalService {
    async fn sign_in(&self, credentials: &Credentials) -> ServiceResult<Actor> {
        let credentials = credentials.clone();
        self.read(move |conn, _| {
            let account = match &credentials {
                Credentials::Email(raw) => {
                    let email = Email::parse(raw)?;
                    accounts::by_email(conn, &email)?
                }
                Credentials::Token(token) => match tokens::account_of(conn, token)? {
                    Some(id) => accounts::by_id(conn, id)?,
                    None => None,
                },
            };
            actor_for(conn, account.ok_or(ServiceError::Unauthenticated)?)
        })
        .await
    }

    async fn org_children(
        &self,
        actor: &Actor,
        parent: Option<OrgId>,
    ) -> ServiceResult<Vec<OrgNode>> {
        self.gate(actor)?;
        let moderation = actor.is_platform_curator();
        self.read(move |conn, today| {
            if let Some(p) = parent {
                org_path(conn, p)?;
            }
            Ok(orgs::children(conn, parent, today, moderation)?)
        })
        .await
    }

    async fn org_ancestors(&self, actor: &Actor, org: OrgId) -> ServiceResult<Vec<OrgNode>> {
        self.gate(actor)?;
        let moderation = actor.is_platform_curator();
        self.read(move |conn, today| {
            org_path(conn, org)?
                .ids()
                .into_iter()
                .map(|id| {
                    orgs::node_by_id(conn, id, today, moderation)?
                        .ok_or_else(|| not_found(Entity::Organisation, id))
                })
                .collect()
        })
        .await
    }

    async fn search_orgs(
        &self,
        actor: &Actor,
        text: &str,
        limit: u32,
    ) -> ServiceResult<Vec<OrgNode>> {
        self.gate(actor)?;
        let text = text.to_string();
        let limit = clamp_limit(limit);
        let moderation = actor.is_platform_curator();
        self.read(move |conn, today| Ok(orgs::search(conn, &text, limit, today, moderation)?))
            .await
    }

    async fn organisation(&self, actor: &Actor, org: OrgId) -> ServiceResult<Organisation> {
        self.gate(actor)?;
        self.read(move |conn, _| {
            orgs::get(conn, org)?.ok_or_else(|| not_found(Entity::Organisation, org))
        })
        .await
    }

    async fn accounts(
        &self,
        actor: &Actor,
        org: OrgId,
        query: &AccountQuery,
    ) -> ServiceResult<Page<Account>> {
        self.gate(actor)?;
        let (actor, query) = (actor.clone(), query.clone());
        self.read(move |conn, _| {
            let path = org_path(conn, org)?;
            if !permissions::may_view_accounts(&actor, Target { org, path: &path }) {
                return Err(ServiceError::Forbidden);
            }
            let after = query
                .after
                .as_deref()
                .map(|c| accounts::parse_cursor(c).ok_or_else(|| bad_cursor(c)))
                .transpose()?;
            let (items, next) = accounts::page(
                conn,
                org,
                query.text.as_deref(),
                after,
                clamp_limit(query.limit),
            )?;
            Ok(Page { items, next })
        })
        .await
    }

    async fn messages(
        &self,
        actor: &Actor,
        query: &MessageQuery,
    ) -> ServiceResult<Page<MessageRow>> {
        self.gate(actor)?;
        let (actor, query) = (actor.clone(), query.clone());
        self.read(move |conn, today| {
            let Some(filter) = message_filter(conn, &actor, &query, today)? else {
                return Ok(Page {
                    items: Vec::new(),
                    next: None,
                });
            };
            let (items, next) = messages::page(conn, &filter)?;
            Ok(Page { items, next })
        })
        .await
    }

    async fn count_messages(&self, actor: &Actor, query: &MessageQuery) -> ServiceResult<u64> {
        self.gate(actor)?;
        let (actor, query) = (actor.clone(), query.clone());
        self.read(move |conn, today| {
            Ok(match message_filter(conn, &actor, &query, today)? {
                Some(filter) => messages::count(conn, &filter)?,
                None => 0,
            })
        })
        .await
    }

    async fn message_counts(&self, actor: &Actor, org: OrgId) -> ServiceResult<StatusCounts> {
        self.gate(actor)?;
        let actor = actor.clone();
        self.read(move |conn, today| {
            let path = org_path(conn, org)?;
            let (by_status, overdue) =
                match permissions::message_visibility(&actor, Target { org, path: &path }) {
                    MessageVisibility::All => (
                        messages::counts(conn, org)?,
                        messages::overdue_count(
                            conn,
                            org,
                            None,
                            today,
                            actor.is_platform_curator(),
                        )?,
                    ),
                    MessageVisibility::AssignedTo(me) => (
                        messages::counts_for_assignee(conn, org, me)?,
                        messages::overdue_count(
                            conn,
                            org,
                            Some(me),
                            today,
                            actor.is_platform_curator(),
                        )?,
                    ),
                    MessageVisibility::None => return Err(ServiceError::Forbidden),
                };
            let by_status = by_status
                .into_iter()
                .filter(|(s, _)| status_visible(&actor, *s))
                .collect();
            Ok(StatusCounts { by_status, overdue })
        })
        .await
    }

    async fn message(&self, actor: &Actor, id: MessageId) -> ServiceResult<Message> {
        self.gate(actor)?;
        let actor = actor.clone();
        self.read(move |conn, _| {
            // One snapshot: the message, its history and the check agree.
            let snapshot = conn.unchecked_transaction()?;
            let message =
                messages::get(&snapshot, id)?.ok_or_else(|| not_found(Entity::Message, id))?;
            let path = org_path(&snapshot, message.org)?;
            let target = Target {
                org: message.org,
                path: &path,
            };
            if !permissions::may_view_message(&actor, target, message.assignee)
                || !status_visible(&actor, message.status)
            {
                return Err(ServiceError::Forbidden);
            }
            Ok(message)
        })
        .await
    }

    async fn categories(&self, actor: &Actor) -> ServiceResult<Vec<Category>> {
        self.gate(actor)?;
        self.read(|conn, _| Ok(categories::all(conn)?)).await
    }

    async fn templates(
        &self,
        actor: &Actor,
        org: OrgId,
        category: Option<CategoryId>,
    ) -> ServiceResult<Vec<Template>> {
        self.gate(actor)?;
        let actor = actor.clone();
        self.read(move |conn, _| {
            let path = org_path(conn, org)?;
            if !permissions::may_view_accounts(&actor, Target { org, path: &path }) {
                return Err(ServiceError::Forbidden);
            }
            Ok(templates::for_path(conn, &path, category)?)
        })
        .await
    }

    async fn save_template(
        &self,
        actor: &Actor,
        id: Option<i64>,
        draft: &TemplateDraft,
    ) -> ServiceResult<Template> {
        self.gate(actor)?;
        let (actor, draft) = (actor.clone(), draft.clone());
        self.write(move |tx, now| {
            draft.validate()?;
            let administers = |org: OrgId| -> ServiceResult<bool> {
                let path = org_path(tx, org)?;
                Ok(permissions::may_administer(
                    &actor,
                    Target { org, path: &path },
                ))
            };
            if !administers(draft.org)? {
                return Err(ServiceError::Forbidden);
            }
            if let Some(c) = draft.category
                && !categories::all(tx)?.iter().any(|x| x.id == c)
            {
                return Err(not_found(Entity::Category, c));
            }
            let id = match id {
                Some(id) => {
                    let old =
                        templates::get(tx, id)?.ok_or_else(|| not_found(Entity::Template, id))?;
                    if !administers(old.org)? {
                        return Err(ServiceError::Forbidden);
                    }
                    templates::update(tx, id, &draft, now)?;
                    id
                }
                None => templates::insert(tx, &draft, now)?,
            };
            templates::get(tx, id)?.ok_or_else(|| not_found(Entity::Template, id))
        })
        .await
    }

    async fn delete_template(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        self.gate(actor)?;
        let actor = actor.clone();
        self.write(move |tx, _| {
            let old = templates::get(tx, id)?.ok_or_else(|| not_found(Entity::Template, id))?;
            let path = org_path(tx, old.org)?;
            if !permissions::may_administer(
                &actor,
                Target {
                    org: old.org,
                    path: &path,
                },
            ) {
                return Err(ServiceError::Forbidden);
            }
            Ok(templates::delete(tx, id)?)
        })
        .await
    }

    async fn act_many(
        &self,
        actor: &Actor,
        items: &[(MessageId, i64)],
        act: &Act,
    ) -> ServiceResult<ActReport> {
        self.gate(actor)?;
        let (by, items, act) = (actor.clone(), items.to_vec(), act.clone());
        act.validate()?;
        // One write transaction holds the store: keep it short.
        if items.len() > MAX_MARKED {
            return Err(Invalid::new(Field::Limit, Problem::TooLong { max: MAX_MARKED }).into());
        }
        self.write(move |tx, now| {
            let mut report = ActReport::default();
            for (id, version) in items {
                // Each message on its own: a refusal undoes only its own writes.
                tx.execute_batch("SAVEPOINT one")?;
                match apply_act(tx, &by, id, version, &act, now) {
                    Ok(()) => {
                        tx.execute_batch("RELEASE one")?;
                        report.done.push(id);
                    }
                    Err(e @ (ServiceError::Internal { .. } | ServiceError::Unavailable { .. })) => {
                        return Err(e);
                    }
                    Err(e) => {
                        tx.execute_batch("ROLLBACK TO one; RELEASE one")?;
                        report.refused.push((id, e));
                    }
                }
            }
            Ok(report)
        })
        .await
    }

    async fn statistics(
        &self,
        actor: &Actor,
        org: OrgId,
        subtree: bool,
    ) -> ServiceResult<Statistics> {
        self.gate(actor)?;
        let actor = actor.clone();
        self.read(move |conn, today| {
            let path = org_path(conn, org)?;
            let target = Target { org, path: &path };
            // The whole subtree is for curators above; one organisation for whoever sees all of its queue.
            let allowed = if subtree {
                actor.has(Role::Curator) && actor.org_path.contains(&path)
            } else {
                permissions::message_visibility(&actor, target) == MessageVisibility::All
            };
            if !allowed {
                return Err(ServiceError::Forbidden);
            }
            let end = if subtree {
                path.subtree_end()
            } else {
                format!("{}\u{1}", path.0)
            };
            let f = messages::figures(conn, (&path.0, &end), today, actor.is_platform_curator())?;
            Ok(Statistics {
                subtree,
                by_status: f.by_status,
                overdue: f.overdue,
                answered: f.answered,
                answered_on_time: f.answered_on_time,
                by_category: f.by_category,
            })
        })
        .await
    }

    async fn act(
        &self,
        actor: &Actor,
        id: MessageId,
        version: i64,
        act: &Act,
    ) -> ServiceResult<Message> {
        self.gate(actor)?;
        let (by, act) = (actor.clone(), act.clone());
        // The message as this step left it, read in the same transaction.
        self.write(move |tx, now| {
            apply_act(tx, &by, id, version, &act, now)?;
            messages::get(tx, id)?.ok_or_else(|| not_found(Entity::Message, id))
        })
        .await
    }
}

/// An account offered at sign-in on the embedded store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub role: Role,
    pub email: String,
    pub name: String,
    pub org_name: String,
}

const LAST_ACTOR: &str = "last-actor";

impl LocalService {
    /// One confirmed account per role to offer at sign-in, deepest
    /// organisation first (an institution's staff before the city's).
    pub fn sign_in_suggestions(&self) -> ServiceResult<Vec<Suggestion>> {
        let conn = self.store.reader();
        let mut out = Vec::new();
        let last = store::meta_get(&conn, LAST_ACTOR)?;
        for role in Role::ALL {
            let bit = Roles::empty().with(role).bits();
            let row = conn
                .query_row(
                    "SELECT a.email, a.surname, a.first_name, a.patronymic, o.short_name
                     FROM accounts a JOIN orgs o ON o.id = a.org_id
                     WHERE a.roles & ?1 != 0 AND a.status = 'confirmed'
                     ORDER BY a.email_key = lower(?2) DESC, length(o.path) DESC, a.id LIMIT 1",
                    rusqlite::params![bit, last.as_deref().unwrap_or("")],
                    |r| {
                        Ok(Suggestion {
                            role,
                            email: r.get(0)?,
                            name: crate::domain::account::full_name(
                                &r.get::<_, String>(1)?,
                                &r.get::<_, String>(2)?,
                                &r.get::<_, String>(3)?,
                            ),
                            org_name: r.get(4)?,
                        })
                    },
                )
                .optional()?;
            out.extend(row);
        }
        Ok(out)
    }

    /// Remembers whom this machine last signed in as (the next start offers it).
    pub fn remember_actor(&self, email: &str) -> ServiceResult<()> {
        Ok(store::meta_set(&self.store.writer(), LAST_ACTOR, email)?)
    }

    pub fn last_actor(&self) -> ServiceResult<Option<String>> {
        Ok(store::meta_get(&self.store.reader(), LAST_ACTOR)?)
    }

    /// Starts an empty platform: the root organisation and its first
    /// administrator (also its curator), confirmed. Only on an empty store.
    pub fn create_platform(
        &self,
        org_name: &str,
        surname: &str,
        first_name: &str,
        email: &str,
    ) -> ServiceResult<Email> {
        let required = |field, value: &str| {
            if value.trim().is_empty() {
                Err(Invalid::new(field, Problem::Empty))
            } else {
                Ok(value.trim().to_string())
            }
        };
        let org_name = required(Field::Name, org_name)?;
        let surname = required(Field::Surname, surname)?;
        let first_name = required(Field::FirstName, first_name)?;
        let email = Email::parse(email)?;
        let mut conn = self.store.writer();
        let tx = conn.transaction()?;
        let orgs_count: i64 = tx.query_row("SELECT count(*) FROM orgs", [], |r| r.get(0))?;
        if orgs_count > 0 {
            return Err(ServiceError::Conflict {
                current: orgs_count,
            });
        }
        let now = store::now_secs();
        let org = orgs::insert(
            &tx,
            &orgs::NewOrg {
                parent: None,
                name: org_name.clone(),
                short_name: org_name,
                kind: crate::domain::OrgKind::Platform,
                ogrn: None,
                inn: None,
                site: None,
            },
            now,
        )?;
        accounts::insert(
            &tx,
            &accounts::NewAccount {
                org,
                surname,
                first_name,
                patronymic: String::new(),
                email: email.clone(),
                phone: None,
                position: String::new(),
                roles: Roles::empty().with(Role::Admin).with(Role::Curator),
                status: AccountStatus::Confirmed,
                trained: false,
            },
            now,
        )?;
        tx.commit()?;
        Ok(email)
    }
}
