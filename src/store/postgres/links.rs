//! Links between messages and the drafts the history keeps, on PostgreSQL.

use super::PgTx;
use crate::domain::links::LinkKind;
use crate::domain::{AccountId, MessageId};
use crate::store::StoreResult;

impl PgTx<'_> {
    pub(super) fn links(
        &self,
        id: MessageId,
        limit: u32,
    ) -> StoreResult<Vec<(MessageId, LinkKind)>> {
        let rows = self.rows(
            "SELECT other_id, kind FROM message_links WHERE message_id = $1
             ORDER BY other_id LIMIT $2",
            &[&id.0, &i64::from(limit)],
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            if let Some(kind) = LinkKind::from_code(r.try_get(1)?) {
                out.push((MessageId(r.try_get(0)?), kind));
            }
        }
        Ok(out)
    }

    pub(super) fn link(
        &self,
        id: MessageId,
        other: MessageId,
        kind: LinkKind,
        by: AccountId,
        now: i64,
    ) -> StoreResult<()> {
        let sql = "INSERT INTO message_links (message_id, other_id, kind, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (message_id, other_id) DO UPDATE
                 SET kind = excluded.kind, created_at = excluded.created_at,
                     created_by = excluded.created_by";
        self.exec(sql, &[&id.0, &other.0, &kind.code(), &now, &by.0])?;
        self.exec(sql, &[&other.0, &id.0, &kind.reverse().code(), &now, &by.0])?;
        Ok(())
    }

    pub(super) fn unlink(&self, id: MessageId, other: MessageId) -> StoreResult<bool> {
        let removed = self.exec(
            "DELETE FROM message_links WHERE (message_id = $1 AND other_id = $2)
                OR (message_id = $2 AND other_id = $1)",
            &[&id.0, &other.0],
        )?;
        Ok(removed > 0)
    }

    pub(super) fn drafts(&self, id: MessageId, from: i64) -> StoreResult<Vec<(i64, String)>> {
        let rows = self.rows(
            "SELECT id, draft FROM message_history
             WHERE message_id = $1 AND id >= $2 AND draft IS NOT NULL ORDER BY id",
            &[&id.0, &from],
        )?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }
}
