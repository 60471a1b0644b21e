//! Links between messages and the drafts the history keeps.

use rusqlite::{Connection, params};

use crate::domain::links::LinkKind;
use crate::domain::{AccountId, MessageId};

pub fn links(
    conn: &Connection,
    id: MessageId,
    limit: u32,
) -> rusqlite::Result<Vec<(MessageId, LinkKind)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT other_id, kind FROM message_links WHERE message_id = ?1
         ORDER BY other_id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![id.0, limit], |r| {
        Ok((MessageId(r.get(0)?), r.get::<_, i64>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (other, code) = row?;
        if let Some(kind) = LinkKind::from_code(code) {
            out.push((other, kind));
        }
    }
    Ok(out)
}

pub fn link(
    conn: &Connection,
    id: MessageId,
    other: MessageId,
    kind: LinkKind,
    by: AccountId,
    now: i64,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO message_links (message_id, other_id, kind, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (message_id, other_id) DO UPDATE
             SET kind = excluded.kind, created_at = excluded.created_at,
                 created_by = excluded.created_by",
    )?;
    stmt.execute(params![id.0, other.0, kind.code(), now, by.0])?;
    stmt.execute(params![other.0, id.0, kind.reverse().code(), now, by.0])?;
    Ok(())
}

pub fn unlink(conn: &Connection, id: MessageId, other: MessageId) -> rusqlite::Result<bool> {
    let removed = conn
        .prepare_cached(
            "DELETE FROM message_links WHERE (message_id = ?1 AND other_id = ?2)
                OR (message_id = ?2 AND other_id = ?1)",
        )?
        .execute(params![id.0, other.0])?;
    Ok(removed > 0)
}

pub fn drafts(conn: &Connection, id: MessageId, from: i64) -> rusqlite::Result<Vec<(i64, String)>> {
    conn.prepare_cached(
        "SELECT id, draft FROM message_history
         WHERE message_id = ?1 AND id >= ?2 AND draft IS NOT NULL ORDER BY id",
    )?
    .query_map(params![id.0, from], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}
