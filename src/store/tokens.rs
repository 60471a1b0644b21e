//! Bearer tokens. Only their SHA-256 hash is stored; the token itself is
//! shown once, when issued.

use rand::RngCore;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::domain::AccountId;

/// A fresh random token: 256 bits, hex, with a recognisable prefix.
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("otk_{}", hex::encode(bytes))
}

pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (generate(), generate());
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 + 64);
        assert_eq!(hash(&a), hash(&format!(" {a}\n")));
        assert_ne!(hash(&a), hash(&b));
        assert!(!hash(&a).contains(&a[4..]));
    }
}
