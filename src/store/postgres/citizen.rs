//! The citizen side on PostgreSQL: the shared statements as they are.

use super::PgTx;
use crate::domain::MessageId;
use crate::domain::mail::{MailKind, MailState};
use crate::domain::notice::Notice;
use crate::store::citizen as sql;
use crate::store::secrets;
use crate::store::{CitizenReads, CitizenWrites, StoreError, StoreResult};

fn returned(row: Option<postgres::Row>, what: &str) -> StoreResult<i64> {
    match row {
        Some(r) => Ok(r.try_get(0)?),
        None => Err(StoreError::Failed {
            detail: format!("{what}: nothing returned"),
        }),
    }
}

impl CitizenReads for PgTx<'_> {
    fn tracked_message(&self, token: &str) -> StoreResult<Option<MessageId>> {
        let row = self.row(sql::TRACKED, &[&secrets::hash(token)])?;
        row.map(|r| Ok(MessageId(r.try_get(0)?))).transpose()
    }

    fn intake_count(&self, key: &str, since: i64) -> StoreResult<(u32, Option<MessageId>)> {
        match self.row(sql::COUNTED, &[&key, &since])? {
            Some(r) => Ok((
                r.try_get::<_, i64>(0)?.max(0) as u32,
                r.try_get::<_, Option<i64>>(1)?.map(MessageId),
            )),
            None => Ok((0, None)),
        }
    }

    fn citizen_notices(&self, id: MessageId) -> StoreResult<Vec<(Notice, MailState)>> {
        let rows = self.rows(sql::NOTICES, &[&id.0])?;
        rows.iter()
            .map(|r| sql::notice_row(&r.try_get::<_, String>(0)?, &r.try_get::<_, String>(1)?))
            .collect()
    }
}

impl CitizenWrites for PgTx<'_> {
    fn issue_tracking(&self, id: MessageId, now: i64) -> StoreResult<String> {
        let token = secrets::generate_tracking();
        self.exec(sql::ISSUE_TRACKING, &[&secrets::hash(&token), &id.0, &now])?;
        Ok(token)
    }

    fn count_intake(&self, key: &str, since: i64, message: Option<MessageId>) -> StoreResult<u32> {
        let row = self.row(sql::COUNT, &[&key, &since, &message.map(|m| m.0)])?;
        Ok(returned(row, "intake_limits")?.max(0) as u32)
    }

    fn forget_intake(&self, before: i64) -> StoreResult<()> {
        self.exec(sql::FORGET, &[&before])?;
        Ok(())
    }

    fn queue_notice(&self, notice: Notice, id: MessageId, now: i64) -> StoreResult<i64> {
        let row = self.row(
            sql::QUEUE_NOTICE,
            &[&MailKind::Notice(notice).key(), &id.0, &now],
        )?;
        returned(row, "mail_queue")
    }
}
