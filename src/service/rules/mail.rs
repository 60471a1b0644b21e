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
use crate::domain::citizen::{Contact, Stage, Tracking};
use crate::domain::mail::{
    MAIL_STATUS_LINES, MailKind, MailState, MailStatus, MailTo, QueuedMail, retry_delay_secs,
};
use crate::domain::notice::Notice;
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
                if let Err(e) = service.seal_closed_polls().await {
                    tracing::warn!(error = %e, "closed polls could not be sealed");
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

/// One mail as it goes out: whom to, and what it carries.
enum Outgoing {
    /// An invitation or a restored account's mail, with the link issued for it.
    Staff {
        account: Box<Account>,
        org_name: String,
        token: String,
    },
    /// A notice to a message's citizen, composed, with its tracking link in
    /// it; `to` is the reason when the message has no contact to send to.
    Citizen {
        message: MessageId,
        to: Result<Contact, String>,
        name: String,
        subject: String,
        body: String,
    },
    /// A ballot link to a citizen who asked to vote.
    Voter {
        request: i64,
        to: Result<Contact, String>,
        subject: String,
        body: String,
    },
}

/// Claims mail `id`, sends it and records the outcome (blocking).
fn deliver<D: Database>(
    store: &D,
    settings: &Settings,
    i18n: &I18n,
    id: i64,
) -> ServiceResult<Delivery> {
    let claimed = store.write(|tx| {
        let now = store::now_secs();
        let Some(mail) = tx.claim_mail(id, now, now - settings.mail_claim_secs)? else {
            return Ok((None, true));
        };
        let outgoing = match mail.to {
            MailTo::Account(account) => staff_mail(tx, settings, &mail, account, now)?,
            MailTo::Citizen(message) => citizen_notice(tx, settings, &mail, message, now)?,
            MailTo::Voter(request) => ballot_link(tx, settings, request, now)?,
        };
        let Some(outgoing) = outgoing else {
            tx.finish_mail(id, mail.attempts, MailState::Cancelled, now, None)?;
            return Ok((Some(None), true));
        };
        Ok::<_, ServiceError>((Some(Some((mail, outgoing))), true))
    })?;
    let (mail, outgoing) = match claimed {
        None => return Ok(Delivery::NotDue),
        Some(None) => return Ok(Delivery::Cancelled),
        Some(Some(claimed)) => claimed,
    };
    let sent = match &outgoing {
        Outgoing::Staff {
            account,
            org_name,
            token,
        } => compose_and_send(settings, i18n, &mail, account, org_name, token),
        Outgoing::Citizen {
            to,
            name,
            subject,
            body,
            ..
        } => send_notice(settings, &mail, to, name, subject, body),
        Outgoing::Voter {
            to, subject, body, ..
        } => send_notice(settings, &mail, to, "", subject, body),
    };
    let now = store::now_secs();
    let (state, at, delivery) = match sent {
        Ok(()) => (MailState::Sent, now, Delivery::Sent),
        Err(e) => {
            // The error may quote the address: only its kind goes to the log.
            match &outgoing {
                Outgoing::Staff { account, .. } => {
                    tracing::warn!(account = %account.id, kind = e.kind(), "mail not sent");
                }
                Outgoing::Citizen { message, .. } => {
                    tracing::warn!(message = %message, kind = e.kind(), "notice not sent");
                }
                Outgoing::Voter { request, .. } => {
                    tracing::warn!(request = %request, kind = e.kind(), "ballot link not sent");
                }
            }
            let retry = match e {
                MailError::Address(_) => None,
                MailError::Send(_) => retry_delay_secs(mail.attempts),
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
    store.write(|tx| {
        tx.finish_mail(id, mail.attempts, state, at, error)?;
        // Those looking at the account's organisation see the mail's state change.
        match &outgoing {
            Outgoing::Staff { account, .. } => changes::account_changed(tx, account.id, now)?,
            // The contact was needed for this mail only.
            Outgoing::Voter { request, .. } if state != MailState::Waiting => {
                tx.forget_ballot_contact(*request)?
            }
            _ => {}
        }
        Ok::<_, ServiceError>(((), true))
    })?;
    Ok(delivery)
}

/// An account's mail, with a fresh invitation link; `None` when the
/// account no longer wants it (archived, or confirmed since).
fn staff_mail(
    tx: &dyn Writer,
    settings: &Settings,
    mail: &QueuedMail,
    id: AccountId,
    now: i64,
) -> ServiceResult<Option<Outgoing>> {
    let account = tx.account(id)?;
    let wanted = account.filter(|a| match mail.kind {
        MailKind::Invitation => a.status == AccountStatus::New,
        MailKind::Restored => a.status != AccountStatus::Archived,
        MailKind::Notice(_) => false,
    });
    let Some(account) = wanted else {
        return Ok(None);
    };
    let ttl = i64::from(settings.invitation_days.max(1)) * 86_400;
    let token = tx.issue_invitation(account.id, now, ttl)?;
    let org_name = tx
        .org(account.org)?
        .map(|o| o.short_name)
        .unwrap_or_default();
    Ok(Some(Outgoing::Staff {
        account: Box::new(account),
        org_name,
        token,
    }))
}

/// A notice to the citizen of `id`, from its template, with a fresh
/// tracking link; `None` when the message is gone.
fn citizen_notice(
    tx: &dyn Writer,
    settings: &Settings,
    mail: &QueuedMail,
    id: MessageId,
    now: i64,
) -> ServiceResult<Option<Outgoing>> {
    let MailKind::Notice(notice) = mail.kind else {
        return Ok(None);
    };
    let Some(message) = tx.message(id)? else {
        return Ok(None);
    };
    let duplicate_of = tx
        .message_links(id, crate::domain::links::MAX_LINKS as u32)?
        .into_iter()
        .find(|(_, kind)| *kind == crate::domain::links::LinkKind::DuplicateOf)
        .map(|(other, _)| other);
    let tracking = Tracking::of(&message, duplicate_of);
    let link = settings.tracking_link(&tx.issue_tracking(id, now)?);
    let reason = match &tracking.stage {
        Stage::Rejected { reason } | Stage::Closed { reason } => reason.clone(),
        _ => String::new(),
    };
    let template = super::citizen::notice_template(tx, notice, settings.lang.code())?;
    let (number, deadline) = (
        id.to_string(),
        message.deadline.format("%d.%m.%Y").to_string(),
    );
    let of = duplicate_of.map(|m| m.to_string()).unwrap_or_default();
    let (subject, body) = template.render(&[
        ("number", &number),
        ("org", &message.org_name),
        ("link", &link),
        ("deadline", &deadline),
        ("reason", &reason),
        ("answer", message.answer.as_deref().unwrap_or("")),
        ("of", &of),
        ("name", &message.citizen_name),
    ]);
    Ok(Some(Outgoing::Citizen {
        message: id,
        to: Contact::parse(&message.citizen_contact).map_err(|e| e.to_string()),
        name: message.citizen_name.clone(),
        subject,
        body,
    }))
}

/// A ballot link for request `id`, issued now and working until the poll
/// closes; `None` when the poll no longer takes votes or the contact is gone.
fn ballot_link(
    tx: &dyn Writer,
    settings: &Settings,
    id: i64,
    now: i64,
) -> ServiceResult<Option<Outgoing>> {
    let Some(request) = tx.ballot_request(id)? else {
        return Ok(None);
    };
    let (Some(contact), Some(_)) = (request.contact, request.voter) else {
        return Ok(None);
    };
    let Some(poll) = tx.poll(request.poll)? else {
        return Ok(None);
    };
    let closes = poll.draft.closes_at.timestamp();
    if poll.status != crate::domain::polls::PollStatus::Published || closes <= now {
        return Ok(None);
    }
    let token = tx.issue_ballot_link(id, poll.id, now, closes)?;
    let link = settings.ballot_link(&token);
    let org = tx.org(poll.org)?.map(|o| o.short_name).unwrap_or_default();
    let closes = crate::domain::clock::local(poll.draft.closes_at)
        .format("%d.%m.%Y %H:%M")
        .to_string();
    let template = super::citizen::notice_template(tx, Notice::BallotLink, settings.lang.code())?;
    let (subject, body) = template.render(&[
        ("poll", &poll.draft.title),
        ("org", &org),
        ("link", &link),
        ("closes", &closes),
    ]);
    Ok(Some(Outgoing::Voter {
        request: id,
        to: Contact::parse(&contact).map_err(|e| e.to_string()),
        subject,
        body,
    }))
}

/// Sends a notice: by mail to an address, as a text to a phone.
fn send_notice(
    settings: &Settings,
    mail: &QueuedMail,
    to: &Result<Contact, String>,
    name: &str,
    subject: &str,
    body: &str,
) -> Result<(), MailError> {
    match to {
        Ok(Contact::Email(email)) => settings
            .mailer
            .send(&mail.key(), name, email, subject, body),
        Ok(Contact::Phone(phone)) => settings
            .sms
            .send(&mail.key(), phone, body)
            .map_err(MailError::Send),
        Err(reason) => Err(MailError::Address(reason.clone())),
    }
}

/// Composes and sends one invitation mail.
fn compose_and_send(
    settings: &Settings,
    i18n: &I18n,
    mail: &QueuedMail,
    account: &Account,
    org_name: &str,
    token: &str,
) -> Result<(), MailError> {
    let link = settings.invitation_link(token);
    let expires = chrono::Utc::now() + chrono::Duration::days(settings.invitation_days.into());
    let (subject_key, body_key) = match mail.kind {
        MailKind::Restored => ("mail-restored-subject", "mail-restored-body"),
        MailKind::Invitation | MailKind::Notice(_) => {
            ("mail-invitation-subject", "mail-invitation-body")
        }
    };
    let subject = i18n.tr(subject_key, &[("org", org_name.into())]);
    let name = account.full_name();
    let body = i18n.tr(
        body_key,
        &[
            ("name", name.as_str().into()),
            ("org", org_name.into()),
            ("link", link.as_str().into()),
            ("token", token.into()),
            ("email", account.email.as_str().into()),
            (
                "expires",
                expires.format("%d.%m.%Y").to_string().as_str().into(),
            ),
            ("training", settings.training_url.as_str().into()),
        ],
    );
    settings
        .mailer
        .send(&mail.key(), &name, &account.email, &subject, &body)
}
