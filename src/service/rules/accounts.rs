//! Accounts and their invitations, training, and who handles which
//! categories. Mail goes after the commit.

use super::*;

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
            let (items, next) =
                conn.accounts_page(org, query.text.as_deref(), after, clamp_limit(query.limit))?;
            Ok(Page { items, next })
        })
        .await
    }
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
pub(super) fn with_invitation(
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
    pub(super) fn ttl_secs(&self) -> i64 {
        i64::from(self.settings.invitation_days.max(1)) * 86_400
    }

    /// Sends the mail of an invitation issued in a committed transaction.
    pub(super) async fn send_invitation(&self, invitation: Invitation) -> AccountSaved {
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
    pub(super) async fn send_invitations(&self, list: Vec<Invitation>) -> (u32, u32) {
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
pub(super) fn mail_invitation(
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
    pub(super) async fn saved(
        &self,
        (account, invitation): (Account, Option<Invitation>),
    ) -> AccountSaved {
        match invitation {
            Some(i) => self.send_invitation(i).await,
            None => AccountSaved {
                account,
                invitation: None,
            },
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
                changes::account_changed(tx, id, now)?;
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
                    tx.forget_confirmation(id)?;
                }
                let token = if moved && before.status != AccountStatus::Archived {
                    tx.set_account_status(id, AccountStatus::New, now)?;
                    tx.note_invitation_resent(id, now)?;
                    Some(tx.issue_invitation(id, now, ttl)?)
                } else {
                    None
                };
                changes::account_changed(tx, id, now)?;
                with_invitation(tx, id, token, false)
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
                changes::account_changed(tx, id, now)?;
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
                changes::account_changed(tx, id, now)?;
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
