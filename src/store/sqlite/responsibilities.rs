//! Which employees handle which categories: the first suggestions when a
//! coordinator picks an executor.

use rusqlite::{Connection, params};

use crate::domain::{AccountId, CategoryId, OrgId};

/// The categories each account of `org` handles.
pub fn of_org(conn: &Connection, org: OrgId) -> rusqlite::Result<Vec<(AccountId, CategoryId)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.account_id, r.category_id FROM responsibilities r
         JOIN accounts a ON a.id = r.account_id
         WHERE a.org_id = ?1 ORDER BY r.account_id, r.category_id",
    )?;
    let rows = stmt.query_map([org.0], |r| {
        Ok((AccountId(r.get(0)?), CategoryId(r.get(1)?)))
    })?;
    rows.collect()
}

/// Adds categories to those `account` handles.
pub fn add(
    conn: &Connection,
    account: AccountId,
    categories: &[CategoryId],
) -> rusqlite::Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO responsibilities (account_id, category_id) VALUES (?1, ?2)",
    )?;
    for c in categories {
        insert.execute(params![account.0, c.0])?;
    }
    Ok(())
}

/// Replaces the categories `account` handles.
pub fn set(
    conn: &Connection,
    account: AccountId,
    categories: &[CategoryId],
) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM responsibilities WHERE account_id = ?1",
        [account.0],
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO responsibilities (account_id, category_id) VALUES (?1, ?2)",
    )?;
    for c in categories {
        insert.execute(params![account.0, c.0])?;
    }
    Ok(())
}
