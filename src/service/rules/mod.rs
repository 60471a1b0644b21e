//! The rules over the store port: every call checks the actor's roles
//! and scope, then runs in one transaction of a [`Database`] on a blocking
//! thread, so the async caller (terminal or server) is never held up.
//! `CoreService<AnyStore>` is the service in this process over either
//! store, [`LocalService`].
//!
//! One file per capability; each holds the `Rules` methods of its
//! operations and what only they use:
//! [`bootstrap`], [`tree`], [`queue`], [`lifecycle`], [`templates`],
//! [`accounts`], [`widget`], [`readiness`], [`intake`], [`pickers`],
//! [`onboarding`], [`calendar`], [`links`]; [`settings`] is what they know of their surroundings.

mod accounts;
mod addresses;
mod ballots;
mod bootstrap;
mod calendar;
mod changes;
mod citizen;
mod hub;
mod intake;
mod lifecycle;
mod links;
mod mail;
mod onboarding;
mod pickers;
mod polls;
mod queue;
mod readiness;
mod report;
mod settings;
mod site_fetch;
mod templates;
mod tree;
mod widget;

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::NaiveDate;

use super::surface::prelude::*;
use super::types::{DEFAULT_PAGE, MAX_PAGE};
use super::{Credentials, Entity, Gateway, KeptActor, Service, ServiceError, Session};
use crate::domain::change::Change;
use crate::domain::lifecycle::Next;
use crate::domain::permissions::{self, MessageVisibility, Target};
use crate::domain::values::Email;
use crate::domain::widget::{PartState, WidgetPart};
use crate::domain::{
    AccountStatus, Field, Invalid, MessageAction, MessageStatus, OrgPath, Problem, Role, Roles,
};
use crate::i18n::{I18n, Lang};
use crate::mail::Mailer;
use crate::service::MailOutcome;
use crate::store::records::{
    self, LifecycleState, LinkState, NewAccount, NewHistory, NewMessage, NewOrg,
};
use crate::store::{
    self, AnyStore, Cancel, Database, OpenMode, Reader, StoreError, Writer, parse_account_cursor,
};

pub use bootstrap::Suggestion;
pub use calendar::CalendarFollower;
pub use mail::{MailRun, MailWorker};
pub use settings::*;

/// The rules over a database `D`.
#[derive(Debug)]
pub struct CoreService<D: Database> {
    store: Arc<D>,
    /// Fixed "today" for reproducible tests; the real date otherwise.
    today: Option<NaiveDate>,
    settings: Arc<Settings>,
    /// The change sequence, read once for every follower in this process.
    hub: Arc<hub::Hub>,
    /// Wakes this process's mail worker when mail was queued for later.
    mail_nudge: Arc<tokio::sync::Notify>,
}

impl<D: Database> Clone for CoreService<D> {
    fn clone(&self) -> Self {
        CoreService {
            store: Arc::clone(&self.store),
            today: self.today,
            settings: Arc::clone(&self.settings),
            hub: Arc::clone(&self.hub),
            mail_nudge: Arc::clone(&self.mail_nudge),
        }
    }
}

/// The service in this process, over either store.
pub type LocalService = CoreService<AnyStore>;

/// The rules behind each operation of the surface, one method each. They
/// are reached through the `Gateway` and `Service` implementations
/// generated below, which confirm the training first where the table says so.
pub(crate) struct Rules<'a, D: Database>(&'a CoreService<D>);

impl<D: Database> std::ops::Deref for Rules<'_, D> {
    type Target = CoreService<D>;

    fn deref(&self) -> &CoreService<D> {
        self.0
    }
}

/// Implements [`Gateway`] for the rules and [`Service`] for a session over
/// them, from the table in [`crate::service::surface`]: the one place the
/// training gate sits.
macro_rules! local_service {
    (
        extra: { $($extra:tt)* }
        public { $(
            $(#[doc = $pdoc:literal])*
            fn $pname:ident ( $([$ppath:ident : $ppty:ty])? $($parg:ident : $paty:ty $(=> $pown:ty)? $(= $pdef:expr)?),* )
                $($pwhole:ident)? -> $panswer:ty = $pmethod:ident $purl:literal;
        )* }
        signed_in { $(
            $(#[doc = $sdoc:literal])*
            fn $sname:ident ( $([$spath:ident : $spty:ty])? $($sarg:ident : $saty:ty $(=> $sown:ty)? $(= $sdef:expr)?),* )
                $($swhole:ident)? -> $sanswer:ty = $smethod:ident $surl:literal;
        )* }
        trained { $(
            $(#[doc = $tdoc:literal])*
            fn $tname:ident ( $([$tpath:ident : $tpty:ty])? $($targ:ident : $taty:ty $(=> $town:ty)? $(= $tdef:expr)?),* )
                $($twhole:ident)? -> $tanswer:ty = $tmethod:ident $turl:literal;
        )* }
    ) => {
        #[async_trait]
        impl<D: Database> Gateway for CoreService<D> {
            $($extra)*
            $(
                async fn $pname(&self, $($ppath: $ppty,)? $($parg: $paty),*) -> ServiceResult<$panswer> {
                    Rules(self).$pname($($ppath,)? $($parg),*).await
                }
            )*
        }

        #[async_trait]
        impl<D: Database> Service for LocalSession<D> {
            fn actor(&self) -> Actor {
                self.actor.get()
            }
            async fn follow(&self, after: Option<i64>) -> ServiceResult<crate::service::Feed> {
                let actor = self.actor();
                self.core.gate(&actor, "follow")?;
                self.core.follow(actor, after).await
            }
            $(
                async fn $pname(&self, $($ppath: $ppty,)? $($parg: $paty),*) -> ServiceResult<$panswer> {
                    Rules(&self.core).$pname($($ppath,)? $($parg),*).await
                }
            )*
            $(
                async fn $sname(&self, $($spath: $spty,)? $($sarg: $saty),*) -> ServiceResult<$sanswer> {
                    if self.actor().intake {
                        return Err(ServiceError::Forbidden);
                    }
                    let now = Rules(&self.core).$sname(&self.actor(), $($spath,)? $($sarg),*).await?;
                    self.actor.keep(now.clone());
                    Ok(now)
                }
            )*
            $(
                async fn $tname(&self, $($tpath: $tpty,)? $($targ: $taty),*) -> ServiceResult<$tanswer> {
                    let actor = self.actor();
                    self.core.gate(&actor, stringify!($tname))?;
                    Rules(&self.core).$tname(&actor, $($tpath,)? $($targ),*).await
                }
            )*
        }
    };
}

/// What the intake principal may call (`Credentials::Intake`).
const INTAKE_OPERATIONS: [&str; 7] = [
    "intake_form",
    "submit_message",
    "public_poll",
    "public_polls",
    "request_ballot",
    "ballot",
    "cast_vote",
];

/// A person signed in to the rules directly (the embedded store, or the
/// server for one request).
pub struct LocalSession<D: Database> {
    core: CoreService<D>,
    actor: KeptActor,
}

crate::service::surface::operations!(local_service {
    async fn sign_in(&self, credentials: &Credentials) -> ServiceResult<Session> {
        let actor = Rules(self).sign_in(credentials).await?;
        Ok(std::sync::Arc::new(LocalSession {
            core: self.clone(),
            actor: KeptActor::new(actor),
        }))
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
        intake: false,
    })
}

impl LocalService {
    /// A service over `store`, with mail going to `outbox/` beside the
    /// embedded store's file (or in the working folder for a database).
    pub fn new(store: Arc<AnyStore>) -> Self {
        let settings = Settings::beside(store.path().unwrap_or(Path::new("otklik")));
        CoreService::over(store, settings)
    }

    /// Opens the store at `location`: a file's path or a `postgres://` URL.
    pub fn open(location: impl AsRef<Path>, mode: OpenMode) -> Result<Self, StoreError> {
        let location = location.as_ref().to_string_lossy();
        Ok(LocalService::new(Arc::new(AnyStore::open(
            &location, mode,
        )?)))
    }
}

impl<D: Database> CoreService<D> {
    /// The rules over `store`, with these settings.
    pub fn over(store: Arc<D>, settings: Settings) -> Self {
        CoreService {
            store,
            today: None,
            settings: Arc::new(settings),
            hub: Arc::default(),
            mail_nudge: Arc::default(),
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
    /// The training gate, and the public side's one door: the intake
    /// principal may call only the operations it exists for.
    fn gate(&self, actor: &Actor, operation: &str) -> ServiceResult<()> {
        if actor.intake {
            return if INTAKE_OPERATIONS.contains(&operation) {
                Ok(())
            } else {
                Err(ServiceError::Forbidden)
            };
        }
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
        self.today.unwrap_or_else(crate::domain::clock::today)
    }

    /// Runs `f` on one snapshot, off the async runtime. Dropped before the
    /// answer comes (a client that went away, a superseded request), the
    /// future cancels the read, which stops in the store.
    async fn read<T, F>(&self, f: F) -> ServiceResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Reader, NaiveDate) -> ServiceResult<T> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        let today = self.today();
        let cancel = Cancel::new();
        let given_up = cancel.fire_on_drop();
        let answer =
            tokio::task::spawn_blocking(move || store.read_cancellable(&cancel, |r| f(r, today)))
                .await;
        given_up.disarm();
        answer.map_err(|e| ServiceError::Internal {
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

impl Settings {
    /// Defaults for an embedded store: mail into `outbox/` beside it.
    pub fn beside(store: &Path) -> Self {
        let dir = store
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Settings {
            public_url: DEFAULT_PUBLIC_URL.into(),
            invitation_days: DEFAULT_INVITATION_DAYS,
            training_url: DEFAULT_TRAINING_URL.into(),
            mailer: Mailer::files(dir.join("outbox")),
            lang: Lang::default(),
            site_proxy: None,
            mail_in_background: false,
            mail_claim_secs: DEFAULT_MAIL_CLAIM_SECS,
            sms: Arc::new(crate::sms::SmsFiles(dir.join("outbox"))),
            intake: IntakeSettings::default(),
        }
    }

    fn invitation_link(&self, token: &str) -> String {
        format!("{}/invite/{token}", self.public_url.trim_end_matches('/'))
    }

    /// The citizen's private page of a message: `<public_url>/m/<token>`.
    pub fn tracking_link(&self, token: &str) -> String {
        format!("{}/m/{token}", self.public_url.trim_end_matches('/'))
    }

    /// The address of the ballot a ballot link's token opens.
    pub fn ballot_link(&self, token: &str) -> String {
        format!("{}/v/{token}", self.public_url.trim_end_matches('/'))
    }
}

/// The organisation's path, if the actor administers it.
fn administered(conn: &dyn Reader, actor: &Actor, org: OrgId) -> ServiceResult<OrgPath> {
    let path = org_path(conn, org)?;
    if !permissions::may_administer(actor, Target { org, path: &path }) {
        return Err(ServiceError::Forbidden);
    }
    Ok(path)
}

/// The account, if the actor administers its organisation.
fn administered_account(conn: &dyn Reader, actor: &Actor, id: AccountId) -> ServiceResult<Account> {
    let account = conn
        .account(id)?
        .ok_or_else(|| not_found(Entity::Account, id))?;
    administered(conn, actor, account.org)?;
    Ok(account)
}

fn live_org(conn: &dyn Reader, org: OrgId) -> ServiceResult<Organisation> {
    match conn.org(org)? {
        Some(o) if !o.archived => Ok(o),
        _ => Err(not_found(Entity::Organisation, org)),
    }
}

/// The address must not belong to another account, archived ones included.
fn address_free(conn: &dyn Reader, email: &Email, except: Option<AccountId>) -> ServiceResult<()> {
    match conn.account_by_email(email)? {
        Some(other) if Some(other.id) != except => Err(Invalid::new(
            Field::Email,
            Problem::Taken {
                archived: other.status == AccountStatus::Archived,
            },
        )
        .into()),
        _ => Ok(()),
    }
}

fn account(conn: &dyn Reader, id: AccountId) -> ServiceResult<Account> {
    conn.account(id)?
        .ok_or_else(|| not_found(Entity::Account, id))
}
