//! Accounts: pages of an organisation's staff, lookups, inserts.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::values::Email;
use crate::domain::{Account, AccountId, AccountStatus, OrgId, ValidAccount};
use crate::store::keys::{
    account_cursor, account_search_key, account_sort_key, escape_like, fold, split_page,
};
use crate::store::records::NewAccount;

use crate::store::rows::{ACCOUNT_COLUMNS, account};

fn select() -> String {
    format!("SELECT {ACCOUNT_COLUMNS} FROM accounts")
}

/// A page of `org`'s accounts by name, after the position `after` (from
/// [`crate::store::parse_account_cursor`]); `text` filters by name, e-mail or position.
pub fn page(
    conn: &Connection,
    org: OrgId,
    text: Option<&str>,
    after: Option<(i64, String)>,
    limit: u32,
) -> rusqlite::Result<(Vec<Account>, Option<String>)> {
    let (after_id, after_key) = after.unwrap_or((-1, String::new()));
    let pattern = text
        .map(|t| format!("%{}%", escape_like(&fold(t.trim()))))
        .unwrap_or_else(|| "%".into());
    let sql = format!(
        "{} WHERE org_id = ?1 AND (sort_key, id) > (?2, ?3)
           AND (?4 = '%' OR search_key LIKE ?4 ESCAPE '\\')
         ORDER BY sort_key, id LIMIT ?5",
        select()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = stmt
        .query_map(
            params![org.0, after_key, after_id, pattern, limit + 1],
            |r| account(r),
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(split_page(items, limit, account_cursor))
}

pub fn by_id(conn: &Connection, id: AccountId) -> rusqlite::Result<Option<Account>> {
    conn.prepare_cached(&format!("{} WHERE id = ?1", select()))?
        .query_row([id.0], |r| account(r))
        .optional()
}

pub fn by_email(conn: &Connection, email: &Email) -> rusqlite::Result<Option<Account>> {
    conn.prepare_cached(&format!("{} WHERE email_key = ?1", select()))?
        .query_row([email.key()], |r| account(r))
        .optional()
}

/// Replaces the account's details (the form's fields).
pub fn update(conn: &Connection, id: AccountId, a: &ValidAccount) -> rusqlite::Result<()> {
    let key_source = NewAccount::from_valid(OrgId(0), a, AccountStatus::New);
    conn.prepare_cached(
        "UPDATE accounts SET surname = ?2, first_name = ?3, patronymic = ?4, sort_key = ?5,
            email = ?6, email_key = ?7, phone = ?8, position = ?9, roles = ?10, search_key = ?11
         WHERE id = ?1",
    )?
    .execute(params![
        id.0,
        a.surname,
        a.first_name,
        a.patronymic,
        account_sort_key(&a.surname, &a.first_name, &a.patronymic),
        a.email.as_str(),
        a.email.key(),
        a.phone.as_str(),
        a.position,
        a.roles.bits(),
        account_search_key(&key_source),
    ])?;
    Ok(())
}

pub fn set_status(
    conn: &Connection,
    id: AccountId,
    status: AccountStatus,
    now: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE accounts SET status = ?2,
            confirmed_at = CASE WHEN ?2 = 'confirmed' THEN coalesce(confirmed_at, ?3)
                                WHEN ?2 = 'new' THEN NULL ELSE confirmed_at END
         WHERE id = ?1",
    )?
    .execute(params![id.0, status.key(), now])?;
    Ok(())
}

/// Forgets that the account proved its address (the address changed).
pub fn forget_confirmation(conn: &Connection, id: AccountId) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE accounts SET confirmed_at = NULL WHERE id = ?1",
        [id.0],
    )?;
    Ok(())
}

pub fn set_trained(conn: &Connection, id: AccountId, now: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE accounts SET trained_at = coalesce(trained_at, ?2) WHERE id = ?1",
        params![id.0, now],
    )?;
    Ok(())
}

/// Revokes every sign-in token of the account (archived, address changed).
pub fn revoke_tokens(conn: &Connection, id: AccountId, now: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE tokens SET revoked_at = ?2 WHERE account_id = ?1 AND revoked_at IS NULL",
        params![id.0, now],
    )?;
    Ok(())
}

/// Inserts an account, counting the first invitation as sent now.
pub fn insert(conn: &Connection, a: &NewAccount, now: i64) -> rusqlite::Result<AccountId> {
    let confirmed_at = (a.status == AccountStatus::Confirmed).then_some(now);
    conn.prepare_cached(
        "INSERT INTO accounts (org_id, surname, first_name, patronymic, sort_key, email, email_key,
            phone, position, roles, status, invited_at, invitations_sent, confirmed_at, created_at,
            search_key, trained_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13, ?12, ?14, ?15)",
    )?
    .execute(params![
        a.org.0,
        a.surname,
        a.first_name,
        a.patronymic,
        account_sort_key(&a.surname, &a.first_name, &a.patronymic),
        a.email.as_str(),
        a.email.key(),
        a.phone.as_ref().map(|p| p.as_str()),
        a.position,
        a.roles.bits(),
        a.status.key(),
        now,
        confirmed_at,
        account_search_key(a),
        a.trained.then_some(now),
    ])?;
    Ok(AccountId(conn.last_insert_rowid()))
}
