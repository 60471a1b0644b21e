//! The citizen side on SQLite: the shared statements with `?n` parameters.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::MessageId;
use crate::domain::mail::{MailKind, MailState};
use crate::domain::notice::Notice;
use crate::store::citizen as sql;
use crate::store::secrets;
use crate::store::{CitizenReads, CitizenWrites, StoreResult};

/// A shared statement in SQLite's spelling.
fn local(statement: &str) -> String {
    statement.replace('$', "?")
}

impl CitizenReads for Connection {
    fn tracked_message(&self, token: &str) -> StoreResult<Option<MessageId>> {
        Ok(self
            .prepare_cached(&local(sql::TRACKED))?
            .query_row([secrets::hash(token)], |r| r.get(0).map(MessageId))
            .optional()?)
    }

    fn intake_count(&self, key: &str, since: i64) -> StoreResult<(u32, Option<MessageId>)> {
        let found = self
            .prepare_cached(&local(sql::COUNTED))?
            .query_row(params![key, since], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<i64>>(1)?.map(MessageId),
                ))
            })
            .optional()?;
        Ok(found.map_or((0, None), |(hits, m)| (hits.max(0) as u32, m)))
    }

    fn citizen_notices(&self, id: MessageId) -> StoreResult<Vec<(Notice, MailState)>> {
        let mut stmt = self.prepare_cached(&local(sql::NOTICES))?;
        let rows = stmt
            .query_map([id.0], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(k, s)| sql::notice_row(&k, &s))
            .collect()
    }
}

impl CitizenWrites for Connection {
    fn issue_tracking(&self, id: MessageId, now: i64) -> StoreResult<String> {
        let token = secrets::generate_tracking();
        self.prepare_cached(&local(sql::ISSUE_TRACKING))?
            .execute(params![secrets::hash(&token), id.0, now])?;
        Ok(token)
    }

    fn count_intake(&self, key: &str, since: i64, message: Option<MessageId>) -> StoreResult<u32> {
        let hits: i64 = self
            .prepare_cached(&local(sql::COUNT))?
            .query_row(params![key, since, message.map(|m| m.0)], |r| r.get(0))?;
        Ok(hits.max(0) as u32)
    }

    fn forget_intake(&self, before: i64) -> StoreResult<()> {
        self.prepare_cached(&local(sql::FORGET))?
            .execute([before])?;
        Ok(())
    }

    fn queue_notice(&self, notice: Notice, id: MessageId, now: i64) -> StoreResult<i64> {
        Ok(self
            .prepare_cached(&local(sql::QUEUE_NOTICE))?
            .query_row(params![MailKind::Notice(notice).key(), id.0, now], |r| {
                r.get(0)
            })?)
    }
}
