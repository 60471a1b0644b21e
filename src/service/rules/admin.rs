//! The administration rules over the store port: accounts and invitations,
//! training, organisations, the widget, readiness, responsibilities.

use std::path::Path;

use super::{CoreService, Rules, actor_for, not_found, org_path};
use crate::domain::onboarding::{FormRow, ImportReport};
use crate::domain::permissions::{self, Target};
use crate::domain::readiness::Readiness;
use crate::domain::values::Email;
use crate::domain::widget::{self, PartState, WidgetPart};
use crate::domain::{
    Account, AccountDraft, AccountId, AccountStatus, Actor, Category, CategoryId, Field,
    IncomingMessage, Invalid, Message, MessageAction, MessageId, OrgChange, OrgDraft, OrgId,
    OrgPath, Organisation, Problem, Role, Stages, WidgetCheck, WidgetSettings,
};
use crate::i18n::{I18n, Lang};
use crate::mail::Mailer;
use crate::service::{
    AccountSaved, Entity, ExecutorChoice, InvitationAccepted, MailOutcome, RedirectTarget,
    ServiceError, ServiceResult,
};
use crate::store::records::{LinkState, NewAccount, NewHistory, NewMessage, NewOrg};
use crate::store::{Database, Reader, parse_account_cursor};
use chrono::NaiveDate;

/// What the administration side needs to know about its surroundings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The server's address as people reach it: links are `<public_url>/invite/<token>`.
    pub public_url: String,
    /// How long an invitation link works.
    pub invitation_days: u32,
    /// The training materials people confirm they have studied.
    pub training_url: String,
    pub mailer: Mailer,
    /// The language of the mail sent.
    pub lang: Lang,
    /// A proxy for reading organisations' sites (the widget check).
    pub site_proxy: Option<String>,
    /// Send an import's invitations after answering (a server), instead of
    /// before (the command line, which exits when done).
    pub mail_in_background: bool,
}

/// Where the platform keeps whether moderation is on.
const MODERATION_KEY: &str = "moderation";

/// Working days to answer a message of no category (docs/domain.md §4: 10 by default).
const DEFAULT_DEADLINE_DAYS: u32 = 10;
/// Working days to answer a formal appeal.
const APPEAL_DAYS: u32 = 30;

/// Moderation is on unless switched off.
fn moderation_on(conn: &dyn Reader) -> ServiceResult<bool> {
    Ok(conn.meta(MODERATION_KEY)?.as_deref() != Some("off"))
}

/// The longest deadline a category may have, in working days.
pub const MAX_DEADLINE_DAYS: u32 = 90;

pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";
pub const DEFAULT_TRAINING_URL: &str = "https://pos.gosuslugi.ru/docs/";
pub const DEFAULT_INVITATION_DAYS: u32 = 7;
/// The most of a main page the widget check reads.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

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
        }
    }

    fn invitation_link(&self, token: &str) -> String {
        format!("{}/invite/{token}", self.public_url.trim_end_matches('/'))
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

/// An invitation to send once the transaction has committed.
pub(super) struct Invitation {
    /// The account was restored (the mail says so), not created.
    pub(super) restored: bool,
    pub(super) account: Account,
    pub(super) org_name: String,
    pub(super) token: String,
}

/// The account as it now is, with the invitation to mail for `token`.
fn with_invitation(
    tx: &dyn Reader,
    id: AccountId,
    token: Option<String>,
    restored: bool,
) -> ServiceResult<(Account, Option<Invitation>)> {
    let account = account(tx, id)?;
    let org_name = live_org(tx, account.org)?.short_name;
    Ok((
        account.clone(),
        token.map(|token| Invitation {
            restored,
            account,
            org_name,
            token,
        }),
    ))
}

impl<D: Database> CoreService<D> {
    fn ttl_secs(&self) -> i64 {
        i64::from(self.settings.invitation_days.max(1)) * 86_400
    }

    /// Sends the mail of an invitation issued in a committed transaction.
    async fn send_invitation(&self, invitation: Invitation) -> AccountSaved {
        let settings = std::sync::Arc::clone(&self.settings);
        let account = invitation.account.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            let i18n = I18n::new(settings.lang);
            mail_invitation(&settings, &i18n, &invitation)
        })
        .await;
        let invitation = match outcome {
            Ok(Ok(())) => MailOutcome::Sent,
            Ok(Err(e)) => {
                // The error may quote the address: only its kind goes to the log.
                tracing::warn!(account = %account.id, kind = e.kind(), "invitation mail not sent");
                MailOutcome::Failed {
                    detail: e.to_string(),
                }
            }
            Err(e) => MailOutcome::Failed {
                detail: e.to_string(),
            },
        };
        AccountSaved {
            account,
            invitation: Some(invitation),
        }
    }

    /// Sends many invitations (an import): now, or after answering when the
    /// settings say so. Returns (sent, failed), or (0, 0) when in the background.
    async fn send_invitations(&self, list: Vec<Invitation>) -> (u32, u32) {
        let settings = std::sync::Arc::clone(&self.settings);
        let background = settings.mail_in_background;
        let job = tokio::task::spawn_blocking(move || {
            let i18n = I18n::new(settings.lang);
            let (mut sent, mut failed) = (0, 0);
            for invitation in &list {
                match mail_invitation(&settings, &i18n, invitation) {
                    Ok(()) => sent += 1,
                    Err(e) => {
                        failed += 1;
                        tracing::warn!(
                            account = %invitation.account.id,
                            kind = e.kind(),
                            "invitation mail not sent"
                        );
                    }
                }
            }
            (sent, failed)
        });
        if background {
            (0, 0)
        } else {
            job.await.unwrap_or((0, 0))
        }
    }
}

/// Composes and sends one invitation mail.
fn mail_invitation(
    settings: &Settings,
    i18n: &I18n,
    invitation: &Invitation,
) -> Result<(), crate::mail::MailError> {
    let link = settings.invitation_link(&invitation.token);
    let expires = chrono::Utc::now() + chrono::Duration::days(settings.invitation_days.into());
    let (subject_key, body_key) = if invitation.restored {
        ("mail-restored-subject", "mail-restored-body")
    } else {
        ("mail-invitation-subject", "mail-invitation-body")
    };
    let subject = i18n.tr(subject_key, &[("org", invitation.org_name.as_str().into())]);
    let name = invitation.account.full_name();
    let body = i18n.tr(
        body_key,
        &[
            ("name", name.as_str().into()),
            ("org", invitation.org_name.as_str().into()),
            ("link", link.as_str().into()),
            ("token", invitation.token.as_str().into()),
            ("email", invitation.account.email.as_str().into()),
            (
                "expires",
                expires.format("%d.%m.%Y").to_string().as_str().into(),
            ),
            ("training", settings.training_url.as_str().into()),
        ],
    );
    settings
        .mailer
        .send(&name, &invitation.account.email, &subject, &body)
}

impl<D: Database> CoreService<D> {
    async fn saved(&self, (account, invitation): (Account, Option<Invitation>)) -> AccountSaved {
        match invitation {
            Some(i) => self.send_invitation(i).await,
            None => AccountSaved {
                account,
                invitation: None,
            },
        }
    }

    /// Reads a main page, at most [`MAX_PAGE_BYTES`] of it.
    async fn fetch_page(&self, url: &str) -> ServiceResult<String> {
        let unavailable = |detail: String| ServiceError::Unavailable {
            detail: format!("{url}: {detail}"),
        };
        let proxy = self.settings.site_proxy.as_deref();
        super::site_fetch::allowed(url, proxy.is_some()).map_err(unavailable)?;
        let client = super::site_fetch::client(proxy).map_err(unavailable)?;
        let mut response = client.get(url).send().await.map_err(|e| {
            unavailable(if e.is_timeout() {
                "timed out".into()
            } else if e.is_connect() {
                "cannot connect".into()
            } else {
                e.without_url().to_string()
            })
        })?;
        if !response.status().is_success() {
            return Err(unavailable(format!("HTTP {}", response.status())));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| unavailable(e.without_url().to_string()))?
        {
            let room = MAX_PAGE_BYTES.saturating_sub(body.len());
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if body.len() >= MAX_PAGE_BYTES {
                break;
            }
        }
        Ok(String::from_utf8_lossy(&body).into_owned())
    }
}

impl<D: Database> Rules<'_, D> {
    pub(crate) async fn find_account(&self, actor: &Actor, email: &str) -> ServiceResult<Account> {
        let (actor, email) = (actor.clone(), Email::parse(email)?);
        self.read(move |conn, _| {
            let account = conn
                .account_by_email(&email)?
                .ok_or_else(|| not_found(Entity::Account, &email))?;
            let path = org_path(conn, account.org)?;
            let target = Target {
                org: account.org,
                path: &path,
            };
            if !permissions::may_view_accounts(&actor, target) {
                return Err(ServiceError::Forbidden);
            }
            Ok(account)
        })
        .await
    }

    pub(crate) async fn create_account(
        &self,
        actor: &Actor,
        org: OrgId,
        draft: &AccountDraft,
    ) -> ServiceResult<AccountSaved> {
        let (actor, draft, ttl) = (actor.clone(), draft.clone(), self.ttl_secs());
        let written = self
            .write(move |tx, now| {
                administered(tx, &actor, org)?;
                let org = live_org(tx, org)?;
                let valid = draft.validate()?;
                address_free(tx, &valid.email, None)?;
                let new = NewAccount::from_valid(org.id, &valid, AccountStatus::New);
                let id = tx.insert_account(&new, now)?;
                let token = tx.issue_invitation(id, now, ttl)?;
                let account = account(tx, id)?;
                Ok((
                    account.clone(),
                    Some(Invitation {
                        restored: false,
                        account,
                        org_name: org.short_name,
                        token,
                    }),
                ))
            })
            .await?;
        Ok(self.saved(written).await)
    }

    pub(crate) async fn update_account(
        &self,
        actor: &Actor,
        id: AccountId,
        draft: &AccountDraft,
    ) -> ServiceResult<AccountSaved> {
        let (actor, draft, ttl) = (actor.clone(), draft.clone(), self.ttl_secs());
        let written = self
            .write(move |tx, now| {
                let before = administered_account(tx, &actor, id)?;
                let valid = draft.validate()?;
                address_free(tx, &valid.email, Some(id))?;
                tx.update_account(id, &valid)?;
                // The invitation binds the account to a mailbox: a new
                // address must be proved again (an archived account, once
                // restored).
                let moved = valid.email.key() != before.email.key();
                if moved {
                    tx.revoke_tokens(id, now)?;
                    tx.revoke_invitations(id, now)?;
                    tx.forget_confirmation(id)?;
                }
                let token = if moved && before.status != AccountStatus::Archived {
                    tx.set_account_status(id, AccountStatus::New, now)?;
                    tx.note_invitation_resent(id, now)?;
                    Some(tx.issue_invitation(id, now, ttl)?)
                } else {
                    None
                };
                with_invitation(tx, id, token, false)
            })
            .await?;
        Ok(self.saved(written).await)
    }

    pub(crate) async fn set_archived(
        &self,
        actor: &Actor,
        id: AccountId,
        archived: bool,
    ) -> ServiceResult<AccountSaved> {
        let (actor, ttl) = (actor.clone(), self.ttl_secs());
        let written = self
            .write(move |tx, now| {
                let before = administered_account(tx, &actor, id)?;
                let mut token = None;
                if archived {
                    // Nobody locks themselves out.
                    if id == actor.account {
                        return Err(ServiceError::Forbidden);
                    }
                    tx.set_account_status(id, AccountStatus::Archived, now)?;
                    tx.revoke_tokens(id, now)?;
                    tx.revoke_invitations(id, now)?;
                } else if before.status == AccountStatus::Archived {
                    // Back as it was; either way a new link comes, because
                    // archiving revoked the sign-in tokens: accepting it
                    // confirms a new account or gives a confirmed one a token.
                    let status = if before.confirmed_at.is_some() {
                        AccountStatus::Confirmed
                    } else {
                        AccountStatus::New
                    };
                    tx.set_account_status(id, status, now)?;
                    tx.note_invitation_resent(id, now)?;
                    token = Some(tx.issue_invitation(id, now, ttl)?);
                }
                with_invitation(tx, id, token, true)
            })
            .await?;
        Ok(self.saved(written).await)
    }

    pub(crate) async fn resend_invitation(
        &self,
        actor: &Actor,
        id: AccountId,
    ) -> ServiceResult<AccountSaved> {
        let (actor, ttl) = (actor.clone(), self.ttl_secs());
        let written = self
            .write(move |tx, now| {
                let before = administered_account(tx, &actor, id)?;
                match before.status {
                    AccountStatus::New => {}
                    AccountStatus::Confirmed => {
                        return Err(Invalid::new(Field::Email, Problem::AlreadyConfirmed).into());
                    }
                    AccountStatus::Archived => {
                        return Err(Invalid::new(Field::Email, Problem::Archived).into());
                    }
                }
                tx.note_invitation_resent(id, now)?;
                let token = tx.issue_invitation(id, now, ttl)?;
                with_invitation(tx, id, Some(token), false)
            })
            .await?;
        Ok(self.saved(written).await)
    }

    pub(crate) async fn accept_invitation(
        &self,
        token: &str,
        email: &str,
    ) -> ServiceResult<InvitationAccepted> {
        let (token, email) = (token.trim().to_string(), email.to_string());
        self.write(move |tx, now| {
            let link = |problem| Invalid::new(Field::Invitation, problem);
            let (id, state) = tx
                .find_invitation(&token, now)?
                .ok_or(link(Problem::UnknownLink))?;
            match state {
                LinkState::Open => {}
                LinkState::Used | LinkState::Revoked => {
                    return Err(link(Problem::AlreadyUsed).into());
                }
                LinkState::Expired => return Err(link(Problem::Expired).into()),
            }
            let email = Email::parse(&email)?;
            let account = account(tx, id)?;
            if account.email.key() != email.key() {
                return Err(Invalid::new(Field::Email, Problem::NotInvitedAddress).into());
            }
            // A confirmed account accepts a link too (after a restore): it
            // gets a new sign-in token. An archived one does not.
            if account.status == AccountStatus::Archived {
                return Err(link(Problem::AlreadyUsed).into());
            }
            if !tx.use_up_invitation(&token, now)? {
                return Err(link(Problem::AlreadyUsed).into());
            }
            tx.set_account_status(id, AccountStatus::Confirmed, now)?;
            let token = tx.issue_token(id, now)?;
            Ok(InvitationAccepted {
                account: self::account(tx, id)?,
                token,
            })
        })
        .await
    }

    pub(crate) async fn training_url(&self) -> ServiceResult<String> {
        Ok(self.settings.training_url.clone())
    }

    pub(crate) async fn confirm_training(&self, actor: &Actor) -> ServiceResult<Actor> {
        let id = actor.account;
        self.write(move |tx, now| {
            tx.set_trained(id, now)?;
            actor_for(tx, account(tx, id)?)
        })
        .await
    }

    pub(crate) async fn create_org(
        &self,
        actor: &Actor,
        parent: OrgId,
        draft: &OrgDraft,
    ) -> ServiceResult<Organisation> {
        let (actor, draft) = (actor.clone(), draft.clone());
        self.write(move |tx, now| {
            administered(tx, &actor, parent).map_err(|e| match e {
                ServiceError::NotFound { .. } => Invalid::new(
                    Field::Parent,
                    Problem::Unknown {
                        value: parent.to_string(),
                    },
                )
                .into(),
                e => e,
            })?;
            live_org(tx, parent)?;
            let valid = draft.validate()?;
            let id = tx.insert_org(
                &NewOrg {
                    parent: Some(parent),
                    name: valid.name,
                    short_name: valid.short_name,
                    kind: valid.kind,
                    ogrn: valid.ogrn,
                    inn: valid.inn,
                    site: valid.site,
                },
                now,
            )?;
            live_org(tx, id)
        })
        .await
    }

    pub(crate) async fn update_org(
        &self,
        actor: &Actor,
        id: OrgId,
        change: &OrgChange,
    ) -> ServiceResult<Organisation> {
        let (actor, change) = (actor.clone(), change.clone());
        self.write(move |tx, _| {
            let path = org_path(tx, id)?;
            let target = Target {
                org: id,
                path: &path,
            };
            let administers = permissions::may_administer(&actor, target);
            if (change.details.is_some() || change.ready.is_some()) && !administers
                || change.widget_site_approved.is_some()
                    && !permissions::may_approve_widget_site(&actor)
            {
                return Err(ServiceError::Forbidden);
            }
            live_org(tx, id)?;
            if let Some(details) = &change.details {
                tx.update_org_details(id, &details.validate()?)?;
            }
            if let Some(ready) = change.ready {
                tx.set_org_ready(id, ready)?;
            }
            if let Some(approved) = change.widget_site_approved {
                if approved && live_org(tx, id)?.site.is_none() {
                    return Err(Invalid::new(Field::Site, Problem::Empty).into());
                }
                tx.set_widget_site_approved(id, approved)?;
            }
            live_org(tx, id)
        })
        .await
    }

    pub(crate) async fn widget_code(
        &self,
        actor: &Actor,
        org: OrgId,
        settings: &WidgetSettings,
    ) -> ServiceResult<String> {
        let (actor, settings) = (actor.clone(), settings.clone());
        self.write(move |tx, now| {
            administered(tx, &actor, org)?;
            live_org(tx, org)?;
            let code = settings.code(org)?;
            tx.set_widget(org, settings.variant, &settings.banner_text()?, now)?;
            Ok(code)
        })
        .await
    }

    pub(crate) async fn check_widget(
        &self,
        actor: &Actor,
        org: OrgId,
    ) -> ServiceResult<WidgetCheck> {
        let reader = actor.clone();
        let site = self
            .read(move |conn, _| {
                let path = org_path(conn, org)?;
                let target = Target { org, path: &path };
                if !permissions::may_view_readiness(&reader, target)
                    && !permissions::may_approve_widget_site(&reader)
                {
                    return Err(ServiceError::Forbidden);
                }
                live_org(conn, org)?
                    .site
                    .ok_or_else(|| Invalid::new(Field::Site, Problem::Empty).into())
            })
            .await?;
        let page = self.fetch_page(site.as_str()).await?;
        let mut check = widget::inspect(&page, org, &site.display());
        let passed = check.passed();
        let parts = check.parts.clone();
        check.parts = self
            .write(move |tx, now| {
                tx.set_widget_found(org, &site, passed, now)?;
                // Name the organisation whose number the page carries.
                parts
                    .into_iter()
                    .map(|(part, state)| match state {
                        PartState::OtherOrganisation { number, .. } if part == WidgetPart::Call => {
                            let name = tx.org(OrgId(number))?.map(|o| o.short_name);
                            Ok((part, PartState::OtherOrganisation { number, name }))
                        }
                        other => Ok((part, other)),
                    })
                    .collect()
            })
            .await?;
        Ok(check)
    }

    pub(crate) async fn readiness(&self, actor: &Actor, org: OrgId) -> ServiceResult<Readiness> {
        let actor = actor.clone();
        self.read(move |conn, today| {
            let path = org_path(conn, org)?;
            if !permissions::may_view_readiness(&actor, Target { org, path: &path }) {
                return Err(ServiceError::Forbidden);
            }
            let facts = conn.readiness_facts(&path)?;
            let deadline = conn.readiness_deadline(&path)?;
            Ok(Readiness::build(facts, deadline, today))
        })
        .await
    }

    pub(crate) async fn set_readiness_deadline(
        &self,
        actor: &Actor,
        org: OrgId,
        deadline: Option<NaiveDate>,
    ) -> ServiceResult<Organisation> {
        let actor = actor.clone();
        self.write(move |tx, _| {
            let path = org_path(tx, org)?;
            if !permissions::may_set_deadline(&actor, Target { org, path: &path }) {
                return Err(ServiceError::Forbidden);
            }
            tx.set_readiness_deadline(org, deadline)?;
            live_org(tx, org)
        })
        .await
    }

    pub(crate) async fn responsibilities(
        &self,
        actor: &Actor,
        org: OrgId,
    ) -> ServiceResult<Vec<(AccountId, CategoryId)>> {
        let actor = actor.clone();
        self.read(move |conn, _| {
            let path = org_path(conn, org)?;
            if !permissions::may_view_accounts(&actor, Target { org, path: &path }) {
                return Err(ServiceError::Forbidden);
            }
            Ok(conn.responsibilities(org)?)
        })
        .await
    }

    pub(crate) async fn set_responsibilities(
        &self,
        actor: &Actor,
        account: AccountId,
        list: &[CategoryId],
    ) -> ServiceResult<()> {
        let (actor, list) = (actor.clone(), list.to_vec());
        self.write(move |tx, _| {
            administered_account(tx, &actor, account)?;
            let known = tx.categories()?;
            if let Some(missing) = list.iter().find(|c| !known.iter().any(|k| k.id == **c)) {
                return Err(not_found(Entity::Category, missing));
            }
            Ok(tx.set_responsibilities(account, &list)?)
        })
        .await
    }

    pub(crate) async fn import_onboarding(
        &self,
        actor: &Actor,
        org: OrgId,
        rows: &[FormRow],
        dry_run: bool,
    ) -> ServiceResult<ImportReport> {
        let (actor, rows, ttl) = (actor.clone(), rows.to_vec(), self.ttl_secs());
        if dry_run {
            // Only reading: other writers are not held up while it checks.
            return self
                .read(move |conn, _| {
                    let path = administered(conn, &actor, org)?;
                    live_org(conn, org)?;
                    super::onboarding::check(conn, org, &path, &rows)
                })
                .await;
        }
        let (mut report, invitations) = self
            .write_or_discard(move |tx, now| {
                let path = administered(tx, &actor, org)?;
                live_org(tx, org)?;
                let (report, invitations) =
                    super::onboarding::import(tx, org, &path, &rows, now, ttl)?;
                // A file with problems: nothing stays.
                let keep = report.written;
                Ok(((report, invitations), keep))
            })
            .await?;
        let (sent, failed) = self.send_invitations(invitations).await;
        report.invitations_sent = sent;
        report.invitations_failed = failed;
        Ok(report)
    }

    pub(crate) async fn export_onboarding(
        &self,
        actor: &Actor,
        org: OrgId,
    ) -> ServiceResult<Vec<FormRow>> {
        let actor = actor.clone();
        self.read(move |conn, _| {
            let path = administered(conn, &actor, org)?;
            super::onboarding::export(conn, &path)
        })
        .await
    }

    pub(crate) async fn moderation(&self, actor: &Actor) -> ServiceResult<bool> {
        if !actor.is_platform_curator() {
            return Err(ServiceError::Forbidden);
        }
        self.read(|conn, _| moderation_on(conn)).await
    }

    pub(crate) async fn set_moderation(&self, actor: &Actor, on: bool) -> ServiceResult<bool> {
        if !actor.is_platform_curator() {
            return Err(ServiceError::Forbidden);
        }
        self.write(move |tx, _| {
            tx.set_meta(MODERATION_KEY, if on { "on" } else { "off" })?;
            Ok(on)
        })
        .await
    }

    pub(crate) async fn receive_message(
        &self,
        actor: &Actor,
        incoming: &IncomingMessage,
    ) -> ServiceResult<Message> {
        if !actor.is_platform_curator() {
            return Err(ServiceError::Forbidden);
        }
        incoming.validate()?;
        let incoming = incoming.clone();
        let received = self.today();
        self.write(move |tx, now| {
            live_org(tx, incoming.org)?;
            let days = match (incoming.kind, incoming.category) {
                // Formal appeals (59-ФЗ) have their own term.
                (crate::domain::MessageKind::Appeal, _) => APPEAL_DAYS,
                (_, Some(c)) => {
                    tx.categories()?
                        .iter()
                        .find(|k| k.id == c)
                        .ok_or_else(|| not_found(Entity::Category, c))?
                        .deadline_days
                }
                (_, None) => DEFAULT_DEADLINE_DAYS,
            };
            let deadline =
                crate::domain::calendar::WorkCalendar::russian().add_working_days(received, days);
            let status = if moderation_on(tx)? {
                crate::domain::MessageStatus::Moderation
            } else {
                crate::domain::MessageStatus::New
            };
            let id = tx.insert_message(&NewMessage {
                org: incoming.org,
                category: incoming.category,
                kind: incoming.kind,
                source: incoming.source,
                citizen_name: incoming.citizen_name.trim().to_string(),
                citizen_contact: incoming.citizen_contact.trim().to_string(),
                text: incoming.text.clone(),
                address: incoming.address.clone().filter(|a| !a.trim().is_empty()),
                received_at: now,
                deadline,
                status,
                assignee: None,
                draft: None,
                answer: None,
            })?;
            tx.add_history(&NewHistory {
                message: id,
                at: now,
                actor: None,
                action: "received",
                from: None,
                to: Some(status),
                comment: None,
            })?;
            tx.message(id)?
                .ok_or_else(|| not_found(Entity::Message, id))
        })
        .await
    }

    pub(crate) async fn set_category_deadline(
        &self,
        actor: &Actor,
        category: CategoryId,
        days: u32,
        stages: Option<Stages>,
    ) -> ServiceResult<Category> {
        // The classifier is the platform's: its administrators set it.
        if !(actor.has(Role::Admin) && actor.org_path.is_root()) {
            return Err(ServiceError::Forbidden);
        }
        if !(1..=MAX_DEADLINE_DAYS).contains(&days) {
            return Err(Invalid::new(
                Field::Days,
                Problem::OutOfRange {
                    min: 1,
                    max: MAX_DEADLINE_DAYS,
                },
            )
            .into());
        }
        if let Some(s) = stages
            && s.moderation + s.execution + s.approval != days
        {
            return Err(Invalid::new(Field::Stages, Problem::StagesSum { days }).into());
        }
        self.write(move |tx, _| {
            if !tx.categories()?.iter().any(|c| c.id == category) {
                return Err(not_found(Entity::Category, category));
            }
            tx.set_category_deadline(category, days)?;
            tx.set_category_stages(category, stages)?;
            tx.categories()?
                .into_iter()
                .find(|c| c.id == category)
                .ok_or_else(|| not_found(Entity::Category, category))
        })
        .await
    }

    pub(crate) async fn redirect_targets(
        &self,
        actor: &Actor,
        message: MessageId,
        text: &str,
    ) -> ServiceResult<Vec<RedirectTarget>> {
        let (actor, text) = (actor.clone(), text.trim().to_string());
        self.read(move |conn, today| {
            let state = conn
                .lifecycle_state(message)?
                .ok_or_else(|| not_found(Entity::Message, message))?;
            let path = org_path(conn, state.org)?;
            let target = Target {
                org: state.org,
                path: &path,
            };
            let may =
                permissions::may_act(&actor, MessageAction::AskRedirect, target, state.assignee)
                    || permissions::may_act(
                        &actor,
                        MessageAction::ApproveRedirect,
                        target,
                        state.assignee,
                    );
            if !may || !super::status_visible(&actor, state.status) {
                return Err(ServiceError::Forbidden);
            }
            // Figures are kept per top-level category.
            let all = conn.categories()?;
            let top = conn.message(message)?.and_then(|m| m.category).map(|c| {
                all.iter()
                    .find(|k| k.id == c)
                    .and_then(|k| k.parent)
                    .unwrap_or(c)
            });
            let handled = match top {
                Some(c) => conn.orgs_handling(c, actor.is_platform_curator())?,
                None => Default::default(),
            };
            let moderation = actor.is_platform_curator();
            let nodes = if text.is_empty() {
                // The organisations that handle the category most.
                let mut best: Vec<(OrgId, u64)> = handled
                    .iter()
                    .filter(|(o, _)| **o != state.org)
                    .map(|(o, n)| (*o, *n))
                    .collect();
                best.sort_by_key(|(o, n)| (std::cmp::Reverse(*n), o.0));
                let mut nodes = Vec::new();
                for (org, _) in best.into_iter().take(50) {
                    if let Some(node) = conn.org_node(org, today, moderation)? {
                        nodes.push(node);
                    }
                }
                nodes
            } else {
                conn.search_orgs(&text, 200, today, moderation)?
            };
            let mut targets: Vec<RedirectTarget> = nodes
                .into_iter()
                .filter(|n| n.id != state.org)
                .map(|node| RedirectTarget {
                    handled: handled.get(&node.id).copied().unwrap_or(0),
                    node,
                })
                .collect();
            // The organisation whose number was typed, then those who handle
            // the category; the search's order within.
            let number: Option<i64> = text.trim_start_matches(['#', '№', ' ']).parse().ok();
            targets.sort_by_key(|t| (Some(t.node.id.0) != number, t.handled == 0));
            targets.truncate(50);
            Ok(targets)
        })
        .await
    }

    pub(crate) async fn executor_choices(
        &self,
        actor: &Actor,
        message: MessageId,
    ) -> ServiceResult<Vec<ExecutorChoice>> {
        let actor = actor.clone();
        self.read(move |conn, _| {
            let state = conn
                .lifecycle_state(message)?
                .ok_or_else(|| not_found(Entity::Message, message))?;
            let path = org_path(conn, state.org)?;
            let target = Target {
                org: state.org,
                path: &path,
            };
            if !permissions::may_act(&actor, MessageAction::Assign, target, state.assignee) {
                return Err(ServiceError::Forbidden);
            }
            let category = conn.message(message)?.and_then(|m| m.category);
            // A message of a subcategory is handled by those of its parent too.
            let all = conn.categories()?;
            let wanted: Vec<CategoryId> = category
                .into_iter()
                .flat_map(|c| {
                    let parent = all.iter().find(|k| k.id == c).and_then(|k| k.parent);
                    std::iter::once(c).chain(parent)
                })
                .collect();
            let handles = conn.responsibilities(state.org)?;
            let loads = conn.open_load(state.org)?;
            let mut choices = Vec::new();
            let mut after = None;
            loop {
                let (page, next) = conn.accounts_page(state.org, None, after, 500)?;
                for account in page {
                    if account.status != AccountStatus::Confirmed
                        || !account.roles.has(Role::Executor)
                    {
                        continue;
                    }
                    let responsible = handles
                        .iter()
                        .any(|(a, c)| *a == account.id && wanted.contains(c));
                    let load = loads.get(&account.id).copied().unwrap_or(0);
                    choices.push(ExecutorChoice {
                        account,
                        responsible,
                        load,
                    });
                }
                match next.as_deref().and_then(parse_account_cursor) {
                    Some(c) => after = Some(c),
                    None => break,
                }
            }
            choices.sort_by_key(|c| (!c.responsible, c.load));
            Ok(choices)
        })
        .await
    }
}
