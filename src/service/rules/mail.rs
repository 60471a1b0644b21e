//! Outgoing mail from the queue: rules queue a mail in the transaction
//! that causes it; a worker (on the server and in the terminal client on
//! an embedded store) or the command that caused it sends it afterwards.
//!
//! Sending one mail takes three steps: a write transaction claims it and
//! issues the invitation's link (the only time the link exists in clear,
//! so nothing secret waits in the queue); the mail goes out; a second
//! transaction records how that went, or when to try again. A worker that
//! dies between the first and the last leaves the mail claimed; after
//! [`Settings::mail_claim_secs`] another takes it, issues a new link and
//! sends it under the same key (the same file, the same `Message-ID`).

use std::sync::Arc;
use std::time::Duration;

use super::*;
use crate::domain::mail::{
    MAIL_STATUS_LINES, MailKind, MailState, MailStatus, QueuedMail, retry_delay_secs,
};
use crate::mail::MailError;
use crate::store::records::MailScope;

/// How many of one account's mails its card shows.
const ACCOUNT_MAIL_LINES: u32 = 50;

/// How often a worker looks for mail that fell due without a nudge
/// (retries, other processes' mail).
const WORKER_PERIOD: Duration = Duration::from_secs(20);

/// How many due mails a worker reads at once.
const DUE_BATCH: u32 = 100;

/// What one attempt at a mail came to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Delivery {
    /// Another worker has it, or it was sent or cancelled meanwhile.
    NotDue,
    /// The account no longer wants it (archived, or confirmed since).
    Cancelled,
    Sent,
    Failed {
        detail: String,
        will_retry: bool,
    },
}

/// What the worker did in one pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MailRun {
    pub sent: u32,
    pub failed: u32,
}

/// The worker task; it stops when this is dropped.
#[derive(Debug)]
pub struct MailWorker(tokio::task::JoinHandle<()>);

impl Drop for MailWorker {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl<D: Database> CoreService<D> {
    /// Sends mail `id` now if it is still due, and says how that went.
    pub(super) async fn deliver_now(&self, id: i64) -> MailOutcome {
        let (store, settings) = (Arc::clone(&self.store), Arc::clone(&self.settings));
        let job = tokio::task::spawn_blocking(move || {
            let i18n = I18n::new(settings.lang);
            deliver(store.as_ref(), &settings, &i18n, id)
        });
        match job.await {
            Ok(Ok(Delivery::Sent)) => MailOutcome::Sent,
            Ok(Ok(Delivery::NotDue | Delivery::Cancelled)) => MailOutcome::Queued,
            Ok(Ok(Delivery::Failed { detail, will_retry })) => {
                MailOutcome::Failed { detail, will_retry }
            }
            Ok(Err(e)) => MailOutcome::Failed {
                detail: e.to_string(),
                will_retry: true,
            },
            Err(e) => MailOutcome::Failed {
                detail: e.to_string(),
                will_retry: true,
            },
        }
    }

    /// Sends these mails now, one after another (an import's): (sent, failed).
    pub(super) async fn deliver_all_now(&self, ids: Vec<i64>) -> (u32, u32) {
        let (store, settings) = (Arc::clone(&self.store), Arc::clone(&self.settings));
        let job = tokio::task::spawn_blocking(move || {
            let i18n = I18n::new(settings.lang);
            let mut run = MailRun::default();
            for id in ids {
                tally(&mut run, deliver(store.as_ref(), &settings, &i18n, id));
            }
            run
        });
        let run = job.await.unwrap_or_default();
        (run.sent, run.failed)
    }

    /// Sends every mail due now (retries, and those whose worker died).
    pub async fn send_due_mail(&self) -> ServiceResult<MailRun> {
        let (store, settings) = (Arc::clone(&self.store), Arc::clone(&self.settings));
        tokio::task::spawn_blocking(move || {
            let i18n = I18n::new(settings.lang);
            let mut run = MailRun::default();
            loop {
                let now = store::now_secs();
                let stale = now - settings.mail_claim_secs;
                let due = store.read(|r| r.mail_due(now, stale, DUE_BATCH))?;
                // A pass that claimed nothing (the store refused, or another
                // worker had them all) ends the run: the next one tries again.
                let mut claimed = false;
                for id in due {
                    let delivery = deliver(store.as_ref(), &settings, &i18n, id);
                    claimed |= matches!(&delivery, Ok(d) if *d != Delivery::NotDue);
                    tally(&mut run, delivery);
                }
                if !claimed {
                    return Ok(run);
                }
            }
        })
        .await
        .map_err(|e| ServiceError::Internal {
            detail: e.to_string(),
        })?
    }

    /// Starts sending queued mail in the background: what falls due, and
    /// at once what this process queues for later (an import on a server).
    pub fn spawn_mail_worker(&self) -> MailWorker {
        let service = self.clone();
        MailWorker(tokio::spawn(async move {
            loop {
                if let Err(e) = service.send_due_mail().await {
                    tracing::warn!(error = %e, "the mail queue could not be read");
                }
                tokio::select! {
                    _ = service.mail_nudge.notified() => {}
                    _ = tokio::time::sleep(WORKER_PERIOD) => {}
                }
            }
        }))
    }

    /// Tells this process's worker that mail was queued.
    pub(super) fn nudge_mail_worker(&self) {
        self.mail_nudge.notify_one();
    }
}

impl<D: Database> Rules<'_, D> {
    /// Where the mail to `org`'s accounts (or its subtree's) stands.
    pub(crate) async fn account_mail(
        &self,
        actor: &Actor,
        account: AccountId,
    ) -> ServiceResult<Vec<QueuedMail>> {
        let actor = actor.clone();
        self.read(move |conn, _| {
            let found = conn
                .account(account)?
                .ok_or_else(|| not_found(Entity::Account, account.0.to_string()))?;
            let path = org_path(conn, found.org)?;
            if !permissions::may_view_accounts(
                &actor,
                Target {
                    org: found.org,
                    path: &path,
                },
            ) {
                return Err(ServiceError::Forbidden);
            }
            Ok(conn.account_mails(account, ACCOUNT_MAIL_LINES)?)
        })
        .await
    }

    pub(crate) async fn mail_status(
        &self,
        actor: &Actor,
        org: OrgId,
        subtree: bool,
    ) -> ServiceResult<MailStatus> {
        let actor = actor.clone();
        self.read(move |conn, _| {
            let path = org_path(conn, org)?;
            if !permissions::may_view_accounts(&actor, Target { org, path: &path }) {
                return Err(ServiceError::Forbidden);
            }
            if !subtree {
                return Ok(conn.mail_status(MailScope::Org(org), MAIL_STATUS_LINES)?);
            }
            // Below one's own organisation only for those who oversee it.
            let oversees = actor.org_path.contains(&path)
                && (actor.has(Role::Admin) || actor.has(Role::Curator));
            if !oversees {
                return Err(ServiceError::Forbidden);
            }
            let end = path.subtree_end();
            Ok(conn.mail_status(MailScope::Paths(&path.0, &end), MAIL_STATUS_LINES)?)
        })
        .await
    }
}

fn tally(run: &mut MailRun, delivery: ServiceResult<Delivery>) {
    match delivery {
        Ok(Delivery::Sent) => run.sent += 1,
        Ok(Delivery::Failed { .. }) | Err(_) => run.failed += 1,
        Ok(Delivery::NotDue | Delivery::Cancelled) => {}
    }
}

/// One mail as it goes out: whom to, and the link issued for it.
struct Outgoing {
    mail: QueuedMail,
    account: Account,
    org_name: String,
    token: String,
}

/// Claims mail `id`, sends it and records the outcome (blocking).
fn deliver<D: Database>(
    store: &D,
    settings: &Settings,
    i18n: &I18n,
    id: i64,
) -> ServiceResult<Delivery> {
    let ttl = i64::from(settings.invitation_days.max(1)) * 86_400;
    let claimed = store.write(|tx| {
        let now = store::now_secs();
        let Some(mail) = tx.claim_mail(id, now, now - settings.mail_claim_secs)? else {
            return Ok((None, true));
        };
        let account = tx.account(mail.account)?;
        let wanted = account.filter(|a| match mail.kind {
            MailKind::Invitation => a.status == AccountStatus::New,
            MailKind::Restored => a.status != AccountStatus::Archived,
        });
        let Some(account) = wanted else {
            tx.finish_mail(id, mail.attempts, MailState::Cancelled, now, None)?;
            return Ok((Some(None), true));
        };
        let token = tx.issue_invitation(account.id, now, ttl)?;
        let org_name = tx
            .org(account.org)?
            .map(|o| o.short_name)
            .unwrap_or_default();
        Ok::<_, ServiceError>((
            Some(Some(Outgoing {
                mail,
                account,
                org_name,
                token,
            })),
            true,
        ))
    })?;
    let outgoing = match claimed {
        None => return Ok(Delivery::NotDue),
        Some(None) => return Ok(Delivery::Cancelled),
        Some(Some(outgoing)) => outgoing,
    };
    let sent = compose_and_send(settings, i18n, &outgoing);
    let now = store::now_secs();
    let (state, at, delivery) = match sent {
        Ok(()) => (MailState::Sent, now, Delivery::Sent),
        Err(e) => {
            // The error may quote the address: only its kind goes to the log.
            tracing::warn!(account = %outgoing.account.id, kind = e.kind(), "mail not sent");
            let retry = match e {
                MailError::Address(_) => None,
                MailError::Send(_) => retry_delay_secs(outgoing.mail.attempts),
            };
            let failed = Delivery::Failed {
                detail: e.to_string(),
                will_retry: retry.is_some(),
            };
            match retry {
                Some(delay) => (MailState::Waiting, now + delay, failed),
                None => (MailState::Failed, now, failed),
            }
        }
    };
    let error = match &delivery {
        Delivery::Failed { detail, .. } => Some(detail.as_str()),
        _ => None,
    };
    let (account, attempt) = (outgoing.account.id, outgoing.mail.attempts);
    store.write(|tx| {
        tx.finish_mail(id, attempt, state, at, error)?;
        // Those looking at the account's organisation see the mail's state change.
        changes::account_changed(tx, account, now)?;
        Ok::<_, ServiceError>(((), true))
    })?;
    Ok(delivery)
}

/// Composes and sends one invitation mail.
fn compose_and_send(settings: &Settings, i18n: &I18n, out: &Outgoing) -> Result<(), MailError> {
    let link = settings.invitation_link(&out.token);
    let expires = chrono::Utc::now() + chrono::Duration::days(settings.invitation_days.into());
    let (subject_key, body_key) = match out.mail.kind {
        MailKind::Restored => ("mail-restored-subject", "mail-restored-body"),
        MailKind::Invitation => ("mail-invitation-subject", "mail-invitation-body"),
    };
    let subject = i18n.tr(subject_key, &[("org", out.org_name.as_str().into())]);
    let name = out.account.full_name();
    let body = i18n.tr(
        body_key,
        &[
            ("name", name.as_str().into()),
            ("org", out.org_name.as_str().into()),
            ("link", link.as_str().into()),
            ("token", out.token.as_str().into()),
            ("email", out.account.email.as_str().into()),
            (
                "expires",
                expires.format("%d.%m.%Y").to_string().as_str().into(),
            ),
            ("training", settings.training_url.as_str().into()),
        ],
    );
    settings
        .mailer
        .send(&out.mail.key(), &name, &out.account.email, &subject, &body)
}
