//! From the options to a Service and the person acting through it.

use std::sync::Arc;

use crate::store::Database;

use super::{Context, Failure};
use crate::service::{Credentials, Gateway, LocalService, RemoteService, Session};
use crate::store::OpenMode;

/// Where the data lives.
#[derive(Clone)]
pub enum Connection {
    Local(LocalService),
    Remote(RemoteService),
}

impl Connection {
    pub fn gateway(&self) -> Arc<dyn Gateway> {
        match self {
            Connection::Local(s) => Arc::new(s.clone()),
            Connection::Remote(s) => Arc::new(s.clone()),
        }
    }

    /// "локальное хранилище ~/…/otklik.db" for the status line.
    pub fn describe(&self, ctx: &crate::i18n::I18n) -> String {
        match self {
            Connection::Local(s) => ctx.tr(
                "status-local",
                &[("path", s.store().location().as_str().into())],
            ),
            Connection::Remote(s) => ctx.tr("status-remote", &[("url", s.base().into())]),
        }
    }
}

/// Opens the store or prepares the server connection named by the options.
pub fn connect(ctx: &Context, mode: OpenMode) -> Result<Connection, Failure> {
    match ctx.server() {
        Some(url) => {
            let token = ctx.token_for(&url)?;
            Ok(Connection::Remote(RemoteService::new(&url, &token)?))
        }
        None => Ok(Connection::Local(ctx.open_local(mode)?)),
    }
}

/// Signs in: the token's owner on a server, `--as` on the embedded store.
pub async fn sign_in(ctx: &Context, conn: &Connection) -> Result<Session, Failure> {
    let credentials = match conn {
        Connection::Remote(remote) => Credentials::Token(remote.token().to_string()),
        Connection::Local(_) => Credentials::Email(
            ctx.as_email()
                .ok_or_else(|| Failure::message("need-actor", &[]))?,
        ),
    };
    let gateway = conn.gateway();
    match gateway.sign_in(&credentials).await {
        Ok(session) => {
            follow_platform(gateway.as_ref()).await;
            Ok(session)
        }
        Err(crate::service::ServiceError::Unauthenticated) => match credentials {
            Credentials::Email(email) => {
                Err(Failure::message("actor-unknown", &[("email", &email)]))
            }
            Credentials::Token(_) | Credentials::Intake => {
                Err(crate::service::ServiceError::Unauthenticated.into())
            }
        },
        Err(e) => Err(e.into()),
    }
}

/// Clients tell time on their platform's clock and count working days by
/// its calendar (the years loaded into it). A server that does not say (an
/// older one) leaves the zone of the client's configuration and the
/// shipped calendar.
pub async fn follow_platform(gateway: &dyn Gateway) {
    let Ok(platform) = gateway.platform().await else {
        return;
    };
    if let Some(zone) = crate::domain::clock::parse_zone(&platform.timezone) {
        crate::domain::clock::set_zone(zone);
    }
    crate::domain::calendar::follow(&platform.calendar);
}

/// Connects as the options say and signs in.
pub async fn signed_in(ctx: &Context) -> Result<(Connection, Session), Failure> {
    let conn = connect(ctx, OpenMode::Existing)?;
    let session = sign_in(ctx, &conn).await?;
    Ok((conn, session))
}
