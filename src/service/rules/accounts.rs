//! Accounts and their invitations, training, and who handles which
//! categories. Invitations are queued in the account's transaction and
//! sent after the commit ([`super::mail`]).

use super::*;
use crate::domain::mail::MailKind;

impl<D: Database> Rules<'_, D> {
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
            let (mut items, next) =
                conn.accounts_page(org, query.text.as_deref(), after, clamp_limit(query.limit))?;
            let ids: Vec<AccountId> = items.iter().map(|a| a.id).collect();
            let mut mail = conn.latest_mail(&ids)?;
            for a in &mut items {
                a.mail = mail.remove(&a.id);
            }
            Ok(Page { items, next })
        })
        .await
    }
}

/// The account as it now is, with the mail queued for it (if any).
pub(super) fn with_mail(
    tx: &dyn Reader,
    id: AccountId,
    mail: Option<i64>,
) -> ServiceResult<(Account, Option<i64>)> {
    Ok((account(tx, id)?, mail))
}

impl<D: Database> CoreService<D> {
    /// The saved account, with its mail sent now if it can be (else the
    /// queue keeps it and a worker tries again).
    pub(super) async fn saved(&self, (account, mail): (Account, Option<i64>)) -> AccountSaved {
        let Some(id) = mail else {
            return AccountSaved {
                account,
                invitation: None,
            };
        };
        let invitation = self.deliver_now(id).await;
        // What the account looks like after the link was issued.
        let account = self
            .read(move |conn, _| {
                let mut now = self::account(conn, account.id)?;
                now.mail = conn.latest_mail(&[now.id])?.remove(&now.id);
                Ok(now)
            })
            .await
            .unwrap_or(account);
        AccountSaved {
            account,
            invitation: Some(invitation),
        }
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
            // One answer for "no such address" and "not yours to see": the
            // lookup must not tell a stranger who has an account.
            if !permissions::may_view_accounts(&actor, target) {
                return Err(not_found(Entity::Account, &email));
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
        let (actor, draft) = (actor.clone(), draft.clone());
        let written = self
            .write(move |tx, now| {
                administered(tx, &actor, org)?;
                let org = live_org(tx, org)?;
                let valid = draft.validate()?;
                address_free(tx, &valid.email, None)?;
                let new = NewAccount::from_valid(org.id, &valid, AccountStatus::New);
                let id = tx.insert_account(&new, now)?;
                let mail = tx.queue_mail(MailKind::Invitation, id, now)?;
                changes::account_changed(tx, id, now)?;
                with_mail(tx, id, Some(mail))
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
        let (actor, draft) = (actor.clone(), draft.clone());
        let written = self
            .write(move |tx, now| {
                let before = administered_account(tx, &actor, id)?;
                let valid = draft.validate()?;
                // Nobody raises (or drops) their own roles.
                if id == actor.account && valid.roles != before.roles {
                    return Err(Invalid::new(Field::Roles, Problem::OwnRoles).into());
                }
                address_free(tx, &valid.email, Some(id))?;
                tx.update_account(id, &valid)?;
                // The invitation binds the account to a mailbox: a new
                // address must be proved again (an archived account, once
                // restored).
                let moved = valid.email.key() != before.email.key();
                if moved {
                    tx.revoke_tokens(id, now)?;
                    tx.revoke_invitations(id, now)?;
                    tx.cancel_mail(id, now)?;
                    tx.forget_confirmation(id)?;
                }
                let mail = if moved && before.status != AccountStatus::Archived {
                    tx.set_account_status(id, AccountStatus::New, now)?;
                    tx.note_invitation_resent(id, now)?;
                    Some(tx.queue_mail(MailKind::Invitation, id, now)?)
                } else {
                    None
                };
                changes::account_changed(tx, id, now)?;
                with_mail(tx, id, mail)
            })
            .await?;
        Ok(self.saved(written).await)
    }

    pub(crate) async fn archive_account(
        &self,
        actor: &Actor,
        id: AccountId,
    ) -> ServiceResult<AccountSaved> {
        self.set_archived(actor, id, true).await
    }

    pub(crate) async fn restore_account(
        &self,
        actor: &Actor,
        id: AccountId,
    ) -> ServiceResult<AccountSaved> {
        self.set_archived(actor, id, false).await
    }

    /// Archives or restores an account.
    async fn set_archived(
        &self,
        actor: &Actor,
        id: AccountId,
        archived: bool,
    ) -> ServiceResult<AccountSaved> {
        let actor = actor.clone();
        let written = self
            .write(move |tx, now| {
                let before = administered_account(tx, &actor, id)?;
                let mut mail = None;
                if archived {
                    // Nobody locks themselves out.
                    if id == actor.account {
                        return Err(ServiceError::Forbidden);
                    }
                    tx.set_account_status(id, AccountStatus::Archived, now)?;
                    tx.revoke_tokens(id, now)?;
                    tx.revoke_invitations(id, now)?;
                    tx.cancel_mail(id, now)?;
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
                    mail = Some(tx.queue_mail(MailKind::Restored, id, now)?);
                }
                changes::account_changed(tx, id, now)?;
                with_mail(tx, id, mail)
            })
            .await?;
        Ok(self.saved(written).await)
    }

    pub(crate) async fn resend_invitation(
        &self,
        actor: &Actor,
        id: AccountId,
    ) -> ServiceResult<AccountSaved> {
        let actor = actor.clone();
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
                let mail = tx.queue_mail(MailKind::Invitation, id, now)?;
                changes::account_changed(tx, id, now)?;
                with_mail(tx, id, Some(mail))
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
            changes::account_changed(tx, id, now)?;
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
            changes::account_changed(tx, id, now)?;
            actor_for(tx, account(tx, id)?)
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
        self.write(move |tx, now| {
            administered_account(tx, &actor, account)?;
            let known = tx.categories()?;
            if let Some(missing) = list.iter().find(|c| !known.iter().any(|k| k.id == **c)) {
                return Err(not_found(Entity::Category, missing));
            }
            tx.set_responsibilities(account, &list)?;
            changes::account_changed(tx, account, now)
        })
        .await
    }
}
