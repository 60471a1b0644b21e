//! Accounts, their sign-in tokens, invitation links and responsibilities
//! on PostgreSQL.

use super::PgTx;
use crate::domain::values::Email;
use crate::domain::{
    Account, AccountId, AccountStatus, CategoryId, OrgId, Role, Roles, ValidAccount,
};
use crate::store::keys::role_bit;
use crate::store::keys::{
    account_cursor, account_search_key, account_sort_key, escape_like, fold, split_page,
};
use crate::store::records::{LinkState, NewAccount, SignInCandidate};
use crate::store::rows::{ACCOUNT_COLUMNS, account};
use crate::store::secrets::{generate_invitation, generate_token, hash};
use crate::store::{
    AccountReads, AccountWrites, InvitationReads, InvitationWrites, PageOf, StoreResult,
    TokenReads, TokenWrites,
};

fn select() -> String {
    format!("SELECT {ACCOUNT_COLUMNS} FROM accounts")
}

impl AccountReads for PgTx<'_> {
    fn accounts_page(
        &self,
        org: OrgId,
        text: Option<&str>,
        after: Option<(i64, String)>,
        limit: u32,
    ) -> StoreResult<PageOf<Account>> {
        let (after_id, after_key) = after.unwrap_or((-1, String::new()));
        let pattern = text
            .map(|t| format!("%{}%", escape_like(&fold(t.trim()))))
            .unwrap_or_else(|| "%".into());
        let sql = format!(
            "{} WHERE org_id = $1 AND (sort_key, id) > ($2, $3)
               AND ($4 = '%' OR search_key LIKE $4 ESCAPE '\\')
             ORDER BY sort_key, id LIMIT $5",
            select()
        );
        let rows = self.rows(
            &sql,
            &[
                &org.0,
                &after_key,
                &after_id,
                &pattern,
                &(i64::from(limit) + 1),
            ],
        )?;
        let items = rows.iter().map(account).collect::<StoreResult<Vec<_>>>()?;
        Ok(split_page(items, limit, account_cursor))
    }

    fn account(&self, id: AccountId) -> StoreResult<Option<Account>> {
        let row = self.row(&format!("{} WHERE id = $1", select()), &[&id.0])?;
        row.map(|r| account(&r)).transpose()
    }

    fn account_by_email(&self, email: &Email) -> StoreResult<Option<Account>> {
        let row = self.row(
            &format!("{} WHERE email_key = $1", select()),
            &[&email.key()],
        )?;
        row.map(|r| account(&r)).transpose()
    }

    fn sign_in_candidate(
        &self,
        role: Role,
        preferred: &str,
    ) -> StoreResult<Option<SignInCandidate>> {
        let row = self.row(
            "SELECT a.email, a.surname, a.first_name, a.patronymic, o.short_name
             FROM accounts a JOIN orgs o ON o.id = a.org_id
             WHERE (a.roles & $1) <> 0 AND a.status = 'confirmed'
             ORDER BY a.email_key = lower($2) DESC, length(o.path) DESC, a.id LIMIT 1",
            &[&role_bit(role), &preferred],
        )?;
        row.map(|r| {
            Ok(SignInCandidate {
                email: r.try_get(0)?,
                surname: r.try_get(1)?,
                first_name: r.try_get(2)?,
                patronymic: r.try_get(3)?,
                org_short_name: r.try_get(4)?,
            })
        })
        .transpose()
    }

    fn responsibilities(&self, org: OrgId) -> StoreResult<Vec<(AccountId, CategoryId)>> {
        let rows = self.rows(
            "SELECT r.account_id, r.category_id FROM responsibilities r
             JOIN accounts a ON a.id = r.account_id
             WHERE a.org_id = $1 ORDER BY r.account_id, r.category_id",
            &[&org.0],
        )?;
        rows.iter()
            .map(|r| Ok((AccountId(r.try_get(0)?), CategoryId(r.try_get(1)?))))
            .collect()
    }
}

impl AccountWrites for PgTx<'_> {
    fn insert_account(&self, a: &NewAccount, now: i64) -> StoreResult<AccountId> {
        let confirmed_at = (a.status == AccountStatus::Confirmed).then_some(now);
        let id = self.value(
            "INSERT INTO accounts (org_id, surname, first_name, patronymic, sort_key, email,
                email_key, phone, position, roles, status, invited_at, invitations_sent,
                confirmed_at, created_at, search_key, trained_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $12, $14, $15)
             RETURNING id",
            &[
                &a.org.0,
                &a.surname,
                &a.first_name,
                &a.patronymic,
                &account_sort_key(&a.surname, &a.first_name, &a.patronymic),
                &a.email.as_str(),
                &a.email.key(),
                &a.phone.as_ref().map(|p| p.as_str()),
                &a.position,
                &i64::from(a.roles.bits()),
                &a.status.key(),
                &now,
                &confirmed_at,
                &account_search_key(a),
                &a.trained.then_some(now),
            ],
        )?;
        Ok(AccountId(id))
    }

    fn update_account(&self, id: AccountId, a: &ValidAccount) -> StoreResult<()> {
        let key_source = NewAccount::from_valid(OrgId(0), a, AccountStatus::New);
        self.exec(
            "UPDATE accounts SET surname = $2, first_name = $3, patronymic = $4, sort_key = $5,
                email = $6, email_key = $7, phone = $8, position = $9, roles = $10,
                search_key = $11
             WHERE id = $1",
            &[
                &id.0,
                &a.surname,
                &a.first_name,
                &a.patronymic,
                &account_sort_key(&a.surname, &a.first_name, &a.patronymic),
                &a.email.as_str(),
                &a.email.key(),
                &a.phone.as_str(),
                &a.position,
                &i64::from(a.roles.bits()),
                &account_search_key(&key_source),
            ],
        )?;
        Ok(())
    }

    fn set_account_roles(&self, id: AccountId, roles: Roles) -> StoreResult<()> {
        self.exec(
            "UPDATE accounts SET roles = $2 WHERE id = $1",
            &[&id.0, &i64::from(roles.bits())],
        )?;
        Ok(())
    }

    fn set_account_status(
        &self,
        id: AccountId,
        status: AccountStatus,
        now: i64,
    ) -> StoreResult<()> {
        self.exec(
            "UPDATE accounts SET status = $2::text,
                confirmed_at = CASE WHEN $2::text = 'confirmed' THEN coalesce(confirmed_at, $3)
                                    WHEN $2::text = 'new' THEN NULL ELSE confirmed_at END
             WHERE id = $1",
            &[&id.0, &status.key(), &now],
        )?;
        Ok(())
    }

    fn forget_confirmation(&self, id: AccountId) -> StoreResult<()> {
        self.exec(
            "UPDATE accounts SET confirmed_at = NULL WHERE id = $1",
            &[&id.0],
        )?;
        Ok(())
    }

    fn set_trained(&self, id: AccountId, now: i64) -> StoreResult<()> {
        self.exec(
            "UPDATE accounts SET trained_at = coalesce(trained_at, $2) WHERE id = $1",
            &[&id.0, &now],
        )?;
        Ok(())
    }

    fn set_trained_at(&self, id: AccountId, at: i64) -> StoreResult<()> {
        self.exec(
            "UPDATE accounts SET trained_at = $2 WHERE id = $1",
            &[&id.0, &at],
        )?;
        Ok(())
    }

    fn revoke_tokens(&self, id: AccountId, now: i64) -> StoreResult<()> {
        self.exec(
            "UPDATE tokens SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL",
            &[&id.0, &now],
        )?;
        Ok(())
    }

    fn add_responsibilities(
        &self,
        account: AccountId,
        categories: &[CategoryId],
    ) -> StoreResult<()> {
        let ids: Vec<i64> = categories.iter().map(|c| c.0).collect();
        self.exec(
            "INSERT INTO responsibilities (account_id, category_id)
             SELECT $1, c FROM unnest($2::bigint[]) AS c ON CONFLICT DO NOTHING",
            &[&account.0, &ids],
        )?;
        Ok(())
    }

    fn set_responsibilities(
        &self,
        account: AccountId,
        categories: &[CategoryId],
    ) -> StoreResult<()> {
        self.exec(
            "DELETE FROM responsibilities WHERE account_id = $1",
            &[&account.0],
        )?;
        self.add_responsibilities(account, categories)
    }
}

impl TokenReads for PgTx<'_> {
    fn token_account(&self, token: &str) -> StoreResult<Option<AccountId>> {
        let row = self.row(
            "SELECT account_id FROM tokens WHERE hash = $1 AND revoked_at IS NULL",
            &[&hash(token)],
        )?;
        row.map(|r| Ok(AccountId(r.try_get(0)?))).transpose()
    }
}

impl TokenWrites for PgTx<'_> {
    fn issue_token(&self, account: AccountId, now: i64) -> StoreResult<String> {
        let token = generate_token();
        self.exec(
            "INSERT INTO tokens (hash, account_id, created_at) VALUES ($1, $2, $3)",
            &[&hash(&token), &account.0, &now],
        )?;
        Ok(token)
    }
}

impl InvitationReads for PgTx<'_> {
    fn find_invitation(
        &self,
        token: &str,
        now: i64,
    ) -> StoreResult<Option<(AccountId, LinkState)>> {
        let row = self.row(
            "SELECT account_id, used_at, revoked_at, expires_at FROM invitations WHERE hash = $1",
            &[&hash(token)],
        )?;
        let Some(r) = row else { return Ok(None) };
        let state = match (
            r.try_get::<_, Option<i64>>(1)?,
            r.try_get::<_, Option<i64>>(2)?,
            r.try_get::<_, i64>(3)?,
        ) {
            (Some(_), _, _) => LinkState::Used,
            (None, Some(_), _) => LinkState::Revoked,
            (None, None, expires) if expires <= now => LinkState::Expired,
            _ => LinkState::Open,
        };
        Ok(Some((AccountId(r.try_get(0)?), state)))
    }
}

impl InvitationWrites for PgTx<'_> {
    fn issue_invitation(&self, account: AccountId, now: i64, ttl_secs: i64) -> StoreResult<String> {
        self.revoke_invitations(account, now)?;
        let token = generate_invitation();
        self.exec(
            "INSERT INTO invitations (hash, account_id, created_at, expires_at)
             VALUES ($1, $2, $3, $4)",
            &[&hash(&token), &account.0, &now, &(now + ttl_secs)],
        )?;
        Ok(token)
    }

    fn note_invitation_resent(&self, account: AccountId, now: i64) -> StoreResult<()> {
        self.exec(
            "UPDATE accounts SET invited_at = $2, invitations_sent = invitations_sent + 1
             WHERE id = $1",
            &[&account.0, &now],
        )?;
        Ok(())
    }

    fn revoke_invitations(&self, account: AccountId, now: i64) -> StoreResult<()> {
        self.exec(
            "UPDATE invitations SET revoked_at = $2
             WHERE account_id = $1 AND used_at IS NULL AND revoked_at IS NULL",
            &[&account.0, &now],
        )?;
        Ok(())
    }

    fn use_up_invitation(&self, token: &str, now: i64) -> StoreResult<bool> {
        let changed = self.exec(
            "UPDATE invitations SET used_at = $2
             WHERE hash = $1 AND used_at IS NULL AND revoked_at IS NULL",
            &[&hash(token), &now],
        )?;
        Ok(changed == 1)
    }
}
