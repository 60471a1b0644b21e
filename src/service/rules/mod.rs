//! The rules over the store port: every call checks the actor's roles
//! and scope, then runs in one transaction of a [`Database`] on a blocking
//! thread, so the async caller (terminal or server) is never held up.
//! `CoreService<SqliteStore>` is the embedded store's service,
//! [`LocalService`].

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::NaiveDate;

use super::surface::prelude::*;
use super::types::{DEFAULT_PAGE, MAX_PAGE};
use super::{Credentials, Entity, Service, ServiceError};
use crate::domain::lifecycle::{self, Next};
use crate::domain::permissions::{self, MessageVisibility, Target};
use crate::domain::values::Email;
use crate::domain::{
    Account, AccountStatus, Act, Actor, Category, CategoryId, Field, Invalid, Message, MessageId,
    MessageRow, MessageStatus, OrgId, OrgNode, OrgPath, Organisation, Problem, Role, Roles,
    Template, TemplateDraft,
};
use crate::store::records::{self, LifecycleState, NewAccount, NewHistory, NewOrg};
use crate::store::{
    self, Database, OpenMode, Reader, SqliteStore, StoreError, Writer, parse_account_cursor,
};

mod admin;
mod onboarding;
mod site_fetch;

pub use admin::Settings;

/// The rules over a database `D`.
#[derive(Debug)]
pub struct CoreService<D: Database> {
    store: Arc<D>,
    /// Fixed "today" for reproducible tests; the real date otherwise.
    today: Option<NaiveDate>,
    settings: Arc<Settings>,
}

impl<D: Database> Clone for CoreService<D> {
    fn clone(&self) -> Self {
        CoreService {
            store: Arc::clone(&self.store),
            today: self.today,
            settings: Arc::clone(&self.settings),
        }
    }
}

/// The service of the embedded store.
pub type LocalService = CoreService<SqliteStore>;

/// The rules behind each operation of the surface, one method each. They
/// are reached through the `Service` implementation generated below, which
/// confirms the training first where the table says so.
pub(crate) struct Rules<'a, D: Database>(&'a CoreService<D>);

impl<D: Database> std::ops::Deref for Rules<'_, D> {
    type Target = CoreService<D>;
    fn deref(&self) -> &CoreService<D> {
        self.0
    }
}

/// Implements [`Service`] over the rules from the table in
/// [`crate::service::surface`]: the one place the training gate sits.
macro_rules! local_service {
    (
        extra: { $($extra:tt)* }
        public { $(
            $(#[doc = $pdoc:literal])*
            fn $pname:ident ( $([$ppath:ident : $ppty:ty])? $($parg:ident : $paty:ty $(=> $pown:ty)?),* )
                $($pwhole:ident)? -> $panswer:ty = $pmethod:ident $purl:literal;
        )* }
        signed_in { $(
            $(#[doc = $sdoc:literal])*
            fn $sname:ident ( $([$spath:ident : $spty:ty])? $($sarg:ident : $saty:ty $(=> $sown:ty)?),* )
                $($swhole:ident)? -> $sanswer:ty = $smethod:ident $surl:literal;
        )* }
        trained { $(
            $(#[doc = $tdoc:literal])*
            fn $tname:ident ( $([$tpath:ident : $tpty:ty])? $($targ:ident : $taty:ty $(=> $town:ty)?),* )
                $($twhole:ident)? -> $tanswer:ty = $tmethod:ident $turl:literal;
        )* }
    ) => {
        #[async_trait]
        impl<D: Database> Service for CoreService<D> {
            $($extra)*
            $(
                async fn $pname(&self, $($ppath: $ppty,)? $($parg: $paty),*) -> ServiceResult<$panswer> {
                    Rules(self).$pname($($ppath,)? $($parg),*).await
                }
            )*
            $(
                async fn $sname(&self, actor: &Actor, $($spath: $spty,)? $($sarg: $saty),*) -> ServiceResult<$sanswer> {
                    Rules(self).$sname(actor, $($spath,)? $($sarg),*).await
                }
            )*
            $(
                async fn $tname(&self, actor: &Actor, $($tpath: $tpty,)? $($targ: $taty),*) -> ServiceResult<$tanswer> {
                    self.gate(actor)?;
                    Rules(self).$tname(actor, $($tpath,)? $($targ),*).await
                }
            )*
        }
    };
}

crate::service::surface::operations!(local_service {
    async fn sign_in(&self, credentials: &Credentials) -> ServiceResult<Actor> {
        Rules(self).sign_in(credentials).await
    }
});

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
fn org_path(conn: &dyn Reader, org: OrgId) -> ServiceResult<OrgPath> {
    conn.org_path(org)?
        .ok_or_else(|| not_found(Entity::Organisation, org))
}

/// Builds the actor for an account that may sign in.
fn actor_for(conn: &dyn Reader, account: Account) -> ServiceResult<Actor> {
    // Only confirmed people work: a New account has not accepted its invitation yet.
    if account.status != AccountStatus::Confirmed {
        return Err(ServiceError::Unauthenticated);
    }
    let org = conn
        .org(account.org)?
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
    /// A service over the embedded `store`, with mail going to `outbox/` beside it.
    pub fn new(store: Arc<SqliteStore>) -> Self {
        let settings = Settings::beside(store.path());
        CoreService::over(store, settings)
    }

    pub fn open(path: &Path, mode: OpenMode) -> Result<Self, StoreError> {
        Ok(LocalService::new(Arc::new(SqliteStore::open(path, mode)?)))
    }
}

impl<D: Database> CoreService<D> {
    /// The rules over `store`, with these settings.
    pub fn over(store: Arc<D>, settings: Settings) -> Self {
        CoreService {
            store,
            today: None,
            settings: Arc::new(settings),
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

    /// Pins "today" (overdue counts, deadlines) for reproducible tests.
    pub fn with_today(mut self, today: NaiveDate) -> Self {
        self.today = Some(today);
        self
    }

    pub fn store(&self) -> &Arc<D> {
        &self.store
    }

    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Runs `f` on one snapshot, off the async runtime.
    async fn read<T, F>(&self, f: F) -> ServiceResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Reader, NaiveDate) -> ServiceResult<T> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        let today = self.today();
        tokio::task::spawn_blocking(move || store.read(|r| f(r, today)))
            .await
            .map_err(|e| ServiceError::Internal {
                detail: e.to_string(),
            })?
    }

    /// Runs `f` in a write transaction, off the async runtime; it commits
    /// only when `f` succeeds.
    async fn write<T, F>(&self, f: F) -> ServiceResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Writer, i64) -> ServiceResult<T> + Send + 'static,
    {
        self.write_or_discard(move |tx, now| f(tx, now).map(|value| (value, true)))
            .await
    }

    /// Like [`Self::write`], but `f` says whether to keep what it did:
    /// `(value, false)` rolls the transaction back (a dry run).
    async fn write_or_discard<T, F>(&self, f: F) -> ServiceResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Writer, i64) -> ServiceResult<(T, bool)> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || store.write(|tx| f(tx, store::now_secs())))
            .await
            .map_err(|e| ServiceError::Internal {
                detail: e.to_string(),
            })?
    }

    /// Issues a bearer token for the account with this e-mail (run where
    /// the store is: `otklik token issue`). Returns the token, shown once.
    pub fn issue_token(&self, email: &str) -> ServiceResult<String> {
        let email = Email::parse(email)?;
        self.store.write(|tx| {
            let account = tx
                .account_by_email(&email)?
                .ok_or_else(|| not_found(Entity::Account, &email))?;
            if account.status != AccountStatus::Confirmed {
                return Err(ServiceError::Forbidden);
            }
            Ok((tx.issue_token(account.id, store::now_secs())?, true))
        })
    }
}

/// One lifecycle step inside a write transaction: permission, version,
/// transition table, what the step needs, then the change and its history.
fn apply_act(
    tx: &dyn Writer,
    actor: &Actor,
    id: MessageId,
    version: i64,
    act: &Act,
    now: i64,
) -> ServiceResult<()> {
    act.validate()?;
    let state = tx
        .lifecycle_state(id)?
        .ok_or_else(|| not_found(Entity::Message, id))?;
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
    let mut next = LifecycleState {
        status: to,
        ..state.clone()
    };
    match act {
        Act::Assign { executor } => {
            let ok = tx.account(*executor)?.is_some_and(|a| {
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
            tx.add_to_outbox(id, &state.citizen_contact, &answer, now)?;
            next.answer = Some(answer);
        }
        Act::AskRedirect { target, .. } => {
            if *target == state.org {
                return Err(Invalid::new(Field::Target, Problem::SameOrganisation).into());
            }
            if tx.org(*target)?.is_none_or(|o| o.archived) {
                return Err(not_found(Entity::Organisation, target));
            }
            next.prev_status = Some(state.status);
            next.redirect_org = Some(*target);
        }
        Act::ApproveRedirect => {
            next.org = state
                .redirect_org
                .ok_or_else(|| not_found(Entity::Organisation, "—"))?;
            if tx.org(next.org)?.is_none_or(|o| o.archived) {
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
    if !tx.save_lifecycle_state(id, version, &next, now)? {
        let current = tx
            .lifecycle_state(id)?
            .map(|s| s.version)
            .unwrap_or(version);
        return Err(ServiceError::Conflict { current });
    }
    tx.add_history(&NewHistory {
        message: id,
        at: now,
        actor: Some(actor.account),
        action: action.key(),
        from: Some(state.status),
        to: Some(to),
        comment: act.comment(),
    })?;
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
    conn: &dyn Reader,
    actor: &Actor,
    query: &MessageQuery,
    today: NaiveDate,
) -> ServiceResult<Option<records::Filter>> {
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
        Some(c) => category_and_children(&conn.categories()?, c),
        None => Vec::new(),
    };
    let statuses = visible_statuses(actor, &query.statuses);
    if statuses.is_empty() && !query.statuses.is_empty() {
        return Ok(None);
    }
    Ok(Some(records::Filter {
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

impl<D: Database> Rules<'_, D> {
    pub(crate) async fn whoami(&self, actor: &Actor) -> ServiceResult<Actor> {
        Ok(actor.clone())
    }

    pub(crate) async fn sign_in(&self, credentials: &Credentials) -> ServiceResult<Actor> {
        let credentials = credentials.clone();
        self.read(move |conn, _| {
            let account = match &credentials {
                Credentials::Email(raw) => {
                    let email = Email::parse(raw)?;
                    conn.account_by_email(&email)?
                }
                Credentials::Token(token) => match conn.token_account(token)? {
                    Some(id) => conn.account(id)?,
                    None => None,
                },
            };
            actor_for(conn, account.ok_or(ServiceError::Unauthenticated)?)
        })
        .await
    }

    pub(crate) async fn org_children(
        &self,
        actor: &Actor,
        parent: Option<OrgId>,
    ) -> ServiceResult<Vec<OrgNode>> {
        let moderation = actor.is_platform_curator();
        self.read(move |conn, today| {
            if let Some(p) = parent {
                org_path(conn, p)?;
            }
            Ok(conn.org_children(parent, today, moderation)?)
        })
        .await
    }

    pub(crate) async fn org_ancestors(
        &self,
        actor: &Actor,
        org: OrgId,
    ) -> ServiceResult<Vec<OrgNode>> {
        let moderation = actor.is_platform_curator();
        self.read(move |conn, today| {
            org_path(conn, org)?
                .ids()
                .into_iter()
                .map(|id| {
                    conn.org_node(id, today, moderation)?
                        .ok_or_else(|| not_found(Entity::Organisation, id))
                })
                .collect()
        })
        .await
    }

    pub(crate) async fn search_orgs(
        &self,
        actor: &Actor,
        text: &str,
        limit: u32,
    ) -> ServiceResult<Vec<OrgNode>> {
        let text = text.to_string();
        let limit = clamp_limit(limit);
        let moderation = actor.is_platform_curator();
        self.read(move |conn, today| Ok(conn.search_orgs(&text, limit, today, moderation)?))
            .await
    }

    pub(crate) async fn organisation(
        &self,
        _actor: &Actor,
        org: OrgId,
    ) -> ServiceResult<Organisation> {
        self.read(move |conn, _| {
            conn.org(org)?
                .ok_or_else(|| not_found(Entity::Organisation, org))
        })
        .await
    }

    pub(crate) async fn accounts(
        &self,
        actor: &Actor,
        org: OrgId,
        query: &AccountQuery,
    ) -> ServiceResult<Page<Account>> {
        let (actor, query) = (actor.clone(), query.clone());
        self.read(move |conn, _| {
            let path = org_path(conn, org)?;
            if !permissions::may_view_accounts(&actor, Target { org, path: &path }) {
                return Err(ServiceError::Forbidden);
            }
            let after = query
                .after
                .as_deref()
                .map(|c| parse_account_cursor(c).ok_or_else(|| bad_cursor(c)))
                .transpose()?;
            let (items, next) =
                conn.accounts_page(org, query.text.as_deref(), after, clamp_limit(query.limit))?;
            Ok(Page { items, next })
        })
        .await
    }

    pub(crate) async fn messages(
        &self,
        actor: &Actor,
        query: &MessageQuery,
    ) -> ServiceResult<Page<MessageRow>> {
        let (actor, query) = (actor.clone(), query.clone());
        self.read(move |conn, today| {
            let Some(filter) = message_filter(conn, &actor, &query, today)? else {
                return Ok(Page {
                    items: Vec::new(),
                    next: None,
                });
            };
            let (items, next) = conn.messages_page(&filter)?;
            Ok(Page { items, next })
        })
        .await
    }

    pub(crate) async fn count_messages(
        &self,
        actor: &Actor,
        query: &MessageQuery,
    ) -> ServiceResult<u64> {
        let (actor, query) = (actor.clone(), query.clone());
        self.read(move |conn, today| {
            Ok(match message_filter(conn, &actor, &query, today)? {
                Some(filter) => conn.count_messages(&filter)?,
                None => 0,
            })
        })
        .await
    }

    pub(crate) async fn message_counts(
        &self,
        actor: &Actor,
        org: OrgId,
    ) -> ServiceResult<StatusCounts> {
        let actor = actor.clone();
        self.read(move |conn, today| {
            let path = org_path(conn, org)?;
            let (by_status, overdue) =
                match permissions::message_visibility(&actor, Target { org, path: &path }) {
                    MessageVisibility::All => (
                        conn.status_counts(org)?,
                        conn.overdue_count(org, None, today, actor.is_platform_curator())?,
                    ),
                    MessageVisibility::AssignedTo(me) => (
                        conn.status_counts_for_assignee(org, me)?,
                        conn.overdue_count(org, Some(me), today, actor.is_platform_curator())?,
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

    pub(crate) async fn message(&self, actor: &Actor, id: MessageId) -> ServiceResult<Message> {
        let actor = actor.clone();
        self.read(move |conn, _| {
            // One snapshot: the message, its history and the check agree.
            let message = conn
                .message(id)?
                .ok_or_else(|| not_found(Entity::Message, id))?;
            let path = org_path(conn, message.org)?;
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

    pub(crate) async fn categories(&self, _actor: &Actor) -> ServiceResult<Vec<Category>> {
        self.read(|conn, _| Ok(conn.categories()?)).await
    }

    pub(crate) async fn templates(
        &self,
        actor: &Actor,
        org: OrgId,
        category: Option<CategoryId>,
    ) -> ServiceResult<Vec<Template>> {
        let actor = actor.clone();
        self.read(move |conn, _| {
            let path = org_path(conn, org)?;
            if !permissions::may_view_accounts(&actor, Target { org, path: &path }) {
                return Err(ServiceError::Forbidden);
            }
            Ok(conn.templates_for(&path, category)?)
        })
        .await
    }

    pub(crate) async fn save_template(
        &self,
        actor: &Actor,
        id: Option<i64>,
        draft: &TemplateDraft,
    ) -> ServiceResult<Template> {
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
                && !tx.categories()?.iter().any(|x| x.id == c)
            {
                return Err(not_found(Entity::Category, c));
            }
            let id = match id {
                Some(id) => {
                    let old = tx
                        .template(id)?
                        .ok_or_else(|| not_found(Entity::Template, id))?;
                    if !administers(old.org)? {
                        return Err(ServiceError::Forbidden);
                    }
                    tx.update_template(id, &draft, now)?;
                    id
                }
                None => tx.insert_template(&draft, now)?,
            };
            tx.template(id)?
                .ok_or_else(|| not_found(Entity::Template, id))
        })
        .await
    }

    pub(crate) async fn delete_template(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        let actor = actor.clone();
        self.write(move |tx, _| {
            let old = tx
                .template(id)?
                .ok_or_else(|| not_found(Entity::Template, id))?;
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
            Ok(tx.delete_template(id)?)
        })
        .await
    }

    pub(crate) async fn act_many(
        &self,
        actor: &Actor,
        items: &[(MessageId, i64)],
        act: &Act,
    ) -> ServiceResult<ActReport> {
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
                tx.begin_step()?;
                match apply_act(tx, &by, id, version, &act, now) {
                    Ok(()) => {
                        tx.keep_step()?;
                        report.done.push(id);
                    }
                    Err(e @ (ServiceError::Internal { .. } | ServiceError::Unavailable { .. })) => {
                        return Err(e);
                    }
                    Err(e) => {
                        tx.undo_step()?;
                        report.refused.push((id, e));
                    }
                }
            }
            Ok(report)
        })
        .await
    }

    pub(crate) async fn statistics(
        &self,
        actor: &Actor,
        org: OrgId,
        subtree: bool,
    ) -> ServiceResult<Statistics> {
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
            let f = conn.figures((&path.0, &end), today, actor.is_platform_curator())?;
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

    pub(crate) async fn act(
        &self,
        actor: &Actor,
        id: MessageId,
        version: i64,
        act: &Act,
    ) -> ServiceResult<Message> {
        let (by, act) = (actor.clone(), act.clone());
        // The message as this step left it, read in the same transaction.
        self.write(move |tx, now| {
            apply_act(tx, &by, id, version, &act, now)?;
            tx.message(id)?
                .ok_or_else(|| not_found(Entity::Message, id))
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

impl<D: Database> CoreService<D> {
    /// One confirmed account per role to offer at sign-in, deepest
    /// organisation first (an institution's staff before the city's).
    pub fn sign_in_suggestions(&self) -> ServiceResult<Vec<Suggestion>> {
        self.store.read(|conn| {
            let mut out = Vec::new();
            let last = conn.meta(LAST_ACTOR)?;
            for role in Role::ALL {
                let found = conn.sign_in_candidate(role, last.as_deref().unwrap_or(""))?;
                out.extend(found.map(|c| Suggestion {
                    role,
                    email: c.email,
                    name: crate::domain::account::full_name(
                        &c.surname,
                        &c.first_name,
                        &c.patronymic,
                    ),
                    org_name: c.org_short_name,
                }));
            }
            Ok(out)
        })
    }

    /// Remembers whom this machine last signed in as (the next start offers it).
    pub fn remember_actor(&self, email: &str) -> ServiceResult<()> {
        self.store
            .write(|tx| Ok((tx.set_meta(LAST_ACTOR, email)?, true)))
    }

    pub fn last_actor(&self) -> ServiceResult<Option<String>> {
        self.store.read(|conn| Ok(conn.meta(LAST_ACTOR)?))
    }

    /// True when the store holds no organisation yet.
    pub fn is_empty(&self) -> ServiceResult<bool> {
        self.store.read(|conn| Ok(conn.org_count()? == 0))
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
        self.store.write(|tx| {
            let orgs_count = tx.org_count()?;
            if orgs_count > 0 {
                return Err(ServiceError::Conflict {
                    current: orgs_count as i64,
                });
            }
            let now = store::now_secs();
            let org = tx.insert_org(
                &NewOrg {
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
            tx.insert_account(
                &NewAccount {
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
            Ok((email, true))
        })
    }
}
