//! The Service: one method per use case, every call made by an [`Actor`]
//! and checked against its roles and scope inside the service.
//!
//! - [`surface`]: the table of every operation (arguments, answer, HTTP
//!   method and path) that the trait, the client, the server's routes and
//!   the OpenAPI document are generated from
//! - [`answers`]: what administration calls answer
//! - [`rules`]: `CoreService`, the rules over the store port;
//!   `LocalService` is it over the embedded SQLite store
//! - [`remote`]: `RemoteService`, the same calls over HTTP to `otklik serve`
//! - [`error`]: `ServiceError`, shared by both
//! - [`types`]: queries, pages and counts (also the API's wire types)

pub mod answers;
pub mod error;
pub mod remote;
pub mod rules;
pub mod surface;
pub mod types;

use async_trait::async_trait;

use crate::domain::change::FeedItem;
pub use answers::{
    AccountSaved, ExecutorChoice, InvitationAccepted, MailOutcome, Platform, RedirectTarget,
};
pub use error::{Entity, ServiceError, ServiceResult};
pub use remote::{RemoteService, RemoteSession};
pub use rules::{CalendarFollower, CoreService, LocalService, LocalSession};
use surface::prelude::*;
pub use types::{
    AccountQuery, ActReport, Credentials, MessageQuery, Page, PeriodFigures, ReportRow, Statistics,
    StatisticsReport, StatusCounts, WeekShare,
};

/// Declares [`Service`] from the table in [`surface`].
macro_rules! declare_service {
    (
        extra: { gateway: { $($gateway:tt)* } service: { $($service:tt)* } }
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
        /// What comes before signing in: opening a [`Session`], and the few
        /// calls that need none.
        #[async_trait]
        pub trait Gateway: Send + Sync {
            $($gateway)*
            $(
                $(#[doc = $pdoc])*
                async fn $pname(&self, $($ppath: $ppty,)? $($parg: $paty),*) -> ServiceResult<$panswer>;
            )*
        }

        /// Every use case of a signed-in person, one method each, acting
        /// as them: the service checks each against their roles and scope.
        /// The signed-in calls answer the person as they now are, and the
        /// session keeps that.
        #[async_trait]
        pub trait Service: Send + Sync {
            /// The person this session acts as.
            fn actor(&self) -> Actor;
            $($service)*
            $(
                $(#[doc = $pdoc])*
                async fn $pname(&self, $($ppath: $ppty,)? $($parg: $paty),*) -> ServiceResult<$panswer>;
            )*
            $(
                $(#[doc = $sdoc])*
                async fn $sname(&self, $($spath: $spty,)? $($sarg: $saty),*) -> ServiceResult<$sanswer>;
            )*
            $(
                $(#[doc = $tdoc])*
                async fn $tname(&self, $($tpath: $tpty,)? $($targ: $taty),*) -> ServiceResult<$tanswer>;
            )*
        }
    };
}

/// The changes one person follows ([`Service::follow`]); dropping it stops
/// the following.
pub struct Feed(tokio::sync::mpsc::Receiver<ServiceResult<FeedItem>>);

impl Feed {
    pub fn new(receiver: tokio::sync::mpsc::Receiver<ServiceResult<FeedItem>>) -> Self {
        Feed(receiver)
    }

    /// The next item; `None` when the feed ended, an error when it broke.
    pub async fn next(&mut self) -> Option<ServiceResult<FeedItem>> {
        self.0.recv().await
    }
}

/// A signed-in person's way to the service.
pub type Session = std::sync::Arc<dyn Service>;

/// The person a session acts as, as the service last said.
#[derive(Debug)]
pub(crate) struct KeptActor(std::sync::RwLock<Actor>);

impl KeptActor {
    pub(crate) fn new(actor: Actor) -> Self {
        KeptActor(std::sync::RwLock::new(actor))
    }

    pub(crate) fn get(&self) -> Actor {
        match self.0.read() {
            Ok(a) => a.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub(crate) fn keep(&self, actor: Actor) {
        match self.0.write() {
            Ok(mut a) => *a = actor,
            Err(poisoned) => *poisoned.into_inner() = actor,
        }
    }
}

impl std::fmt::Debug for dyn Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("account", &self.actor().account)
            .finish()
    }
}

surface::operations!(declare_service {
    gateway: {
        /// A session for whom these credentials belong to. Archived accounts
        /// and those who have not accepted their invitation cannot sign in.
        async fn sign_in(&self, credentials: &Credentials) -> ServiceResult<Session>;
    }
    service: {
        /// The changes this person may see, as they are committed: from
        /// after `after` (a [`FeedItem::id`]), or from now.
        async fn follow(&self, after: Option<i64>) -> ServiceResult<Feed>;
        /// Creates a template (`id` None) or replaces one.
        async fn save_template(
            &self,
            id: Option<i64>,
            draft: &TemplateDraft,
        ) -> ServiceResult<Template> {
            match id {
                Some(id) => self.update_template(id, draft).await,
                None => self.create_template(draft).await,
            }
        }
        /// Archives (`true`) or restores an account.
        async fn set_archived(&self, id: AccountId, archived: bool) -> ServiceResult<AccountSaved> {
            if archived {
                self.archive_account(id).await
            } else {
                self.restore_account(id).await
            }
        }
    }
});
