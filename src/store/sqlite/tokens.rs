//! Bearer tokens. Only their SHA-256 hash is stored; the token itself is
//! shown once, when issued.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::AccountId;
use crate::store::secrets::{generate_token as generate, hash};

/// Issues a new token for `account` and returns it (the only time it exists in clear).
pub fn issue(conn: &Connection, account: AccountId, now: i64) -> rusqlite::Result<String> {
    let token = generate();
    conn.execute(
        "INSERT INTO tokens (hash, account_id, created_at) VALUES (?1, ?2, ?3)",
        params![hash(&token), account.0, now],
    )?;
    Ok(token)
}

/// The account a live token belongs to.
pub fn account_of(conn: &Connection, token: &str) -> rusqlite::Result<Option<AccountId>> {
    conn.prepare_cached("SELECT account_id FROM tokens WHERE hash = ?1 AND revoked_at IS NULL")?
        .query_row([hash(token)], |r| Ok(AccountId(r.get(0)?)))
        .optional()
}
