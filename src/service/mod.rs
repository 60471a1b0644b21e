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

pub use answers::{AccountSaved, ExecutorChoice, InvitationAccepted, MailOutcome, RedirectTarget};
pub use error::{Entity, ServiceError, ServiceResult};
pub use remote::RemoteService;
pub use rules::{CoreService, LocalService};
use surface::prelude::*;
pub use types::{
    AccountQuery, ActReport, Credentials, MessageQuery, Page, Statistics, StatusCounts,
};

/// Declares [`Service`] from the table in [`surface`].
macro_rules! declare_service {
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
        /// Every use case, one method each. Each takes the acting person
        /// (but for the few that come before signing in) and is checked
        /// against their roles and scope inside the service.
        #[async_trait]
        pub trait Service: Send + Sync {
            $($extra)*
            $(
                $(#[doc = $pdoc])*
                async fn $pname(&self, $($ppath: $ppty,)? $($parg: $paty),*) -> ServiceResult<$panswer>;
            )*
            $(
                $(#[doc = $sdoc])*
                async fn $sname(&self, actor: &Actor, $($spath: $spty,)? $($sarg: $saty),*)
                    -> ServiceResult<$sanswer>;
            )*
            $(
                $(#[doc = $tdoc])*
                async fn $tname(&self, actor: &Actor, $($tpath: $tpty,)? $($targ: $taty),*)
                    -> ServiceResult<$tanswer>;
            )*
        }
    };
}

surface::operations!(declare_service {
    /// Who these credentials belong to. Archived accounts cannot sign in.
    async fn sign_in(&self, credentials: &Credentials) -> ServiceResult<Actor>;
});
