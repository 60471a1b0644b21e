//! Invitation links. Only the SHA-256 of a link's token is kept; a resend
//! revokes the earlier links of the account, accepting uses one up.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::AccountId;
use crate::store::records::LinkState;
use crate::store::secrets::{generate_invitation as generate, hash};

/// Revokes the account's open links and records a new one.
pub fn issue(
    conn: &Connection,
    account: AccountId,
    now: i64,
    ttl_secs: i64,
) -> rusqlite::Result<String> {
    revoke_all(conn, account, now)?;
    let token = generate();
    conn.execute(
        "INSERT INTO invitations (hash, account_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![hash(&token), account.0, now, now + ttl_secs],
    )?;
    Ok(token)
}

/// Counts one more invitation sent (a resend; creating counts the first).
pub fn note_resent(conn: &Connection, account: AccountId, now: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE accounts SET invited_at = ?2, invitations_sent = invitations_sent + 1 WHERE id = ?1",
        params![account.0, now],
    )?;
    Ok(())
}

pub fn revoke_all(conn: &Connection, account: AccountId, now: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE invitations SET revoked_at = ?2
         WHERE account_id = ?1 AND used_at IS NULL AND revoked_at IS NULL",
        params![account.0, now],
    )?;
    Ok(())
}

/// The account a link was sent for, and whether it can still be accepted.
pub fn find(
    conn: &Connection,
    token: &str,
    now: i64,
) -> rusqlite::Result<Option<(AccountId, LinkState)>> {
    conn.prepare_cached(
        "SELECT account_id, used_at, revoked_at, expires_at FROM invitations WHERE hash = ?1",
    )?
    .query_row([hash(token)], |r| {
        let state = match (
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, i64>(3)?,
        ) {
            (Some(_), _, _) => LinkState::Used,
            (None, Some(_), _) => LinkState::Revoked,
            (None, None, expires) if expires <= now => LinkState::Expired,
            _ => LinkState::Open,
        };
        Ok((AccountId(r.get(0)?), state))
    })
    .optional()
}

/// Uses the link up; false when someone else did first.
pub fn use_up(conn: &Connection, token: &str, now: i64) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        "UPDATE invitations SET used_at = ?2
         WHERE hash = ?1 AND used_at IS NULL AND revoked_at IS NULL",
        params![hash(token), now],
    )?;
    Ok(changed == 1)
}
