//! The mail queue on SQLite: the shared statements with `?n` parameters.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::AccountId;
use crate::domain::mail::{MailKind, MailState, MailStatus, QueuedMail};
use crate::store::mail as sql;
use crate::store::records::MailScope;
use crate::store::rows::queued_mail;
use crate::store::{MailReads, MailWrites, StoreResult};

/// A shared statement in SQLite's spelling.
fn local(statement: &str) -> String {
    statement.replace('$', "?")
}

impl MailReads for Connection {
    fn mail_due(&self, now: i64, stale_before: i64, limit: u32) -> StoreResult<Vec<i64>> {
        let mut stmt = self.prepare_cached(&local(sql::DUE))?;
        let ids = stmt
            .query_map(params![now, stale_before, limit], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(ids)
    }

    fn latest_mail(&self, accounts: &[AccountId]) -> StoreResult<HashMap<AccountId, QueuedMail>> {
        let mut stmt = self.prepare_cached(&local(sql::LATEST))?;
        let mut found = HashMap::new();
        for id in accounts {
            if let Some(mail) = stmt.query_row([id.0], |r| queued_mail(r, 0)).optional()? {
                found.insert(*id, mail);
            }
        }
        Ok(found)
    }

    fn account_mails(&self, account: AccountId, limit: u32) -> StoreResult<Vec<QueuedMail>> {
        let mut stmt = self.prepare_cached(&local(sql::OF_ACCOUNT))?;
        let mails = stmt
            .query_map(params![account.0, limit], |r| queued_mail(r, 0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(mails)
    }

    fn mail_status(&self, scope: MailScope, lines: u32) -> StoreResult<MailStatus> {
        let mut status = MailStatus::default();
        let (counts, unsent) = (
            local(&sql::status_counts(scope)),
            local(&sql::status_lines(scope)),
        );
        let mut counts = self.prepare_cached(&counts)?;
        let mut unsent = self.prepare_cached(&unsent)?;
        let (count_rows, lines) = match scope {
            MailScope::Org(org) => (
                counts
                    .query_map([org.0], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<Vec<(String, i64)>>>()?,
                unsent
                    .query_map(params![org.0, lines], |r| sql::line(r))?
                    .collect::<rusqlite::Result<Vec<_>>>()?,
            ),
            MailScope::Paths(from, to) => (
                counts
                    .query_map([from, to], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<Vec<(String, i64)>>>()?,
                unsent
                    .query_map(params![from, to, lines], |r| sql::line(r))?
                    .collect::<rusqlite::Result<Vec<_>>>()?,
            ),
        };
        for (state, n) in count_rows {
            sql::count_into(&mut status, &state, n);
        }
        status.unsent = lines;
        Ok(status)
    }
}

impl MailWrites for Connection {
    fn queue_mail(&self, kind: MailKind, account: AccountId, now: i64) -> StoreResult<i64> {
        self.cancel_mail(account, now)?;
        let id = self
            .prepare_cached(&local(sql::QUEUE))?
            .query_row(params![kind.key(), account.0, now], |r| r.get(0))?;
        Ok(id)
    }

    fn claim_mail(&self, id: i64, now: i64, stale_before: i64) -> StoreResult<Option<QueuedMail>> {
        Ok(self
            .prepare_cached(&local(sql::CLAIM))?
            .query_row(params![id, now, stale_before], |r| queued_mail(r, 0))
            .optional()?)
    }

    fn finish_mail(
        &self,
        id: i64,
        attempt: u32,
        state: MailState,
        at: i64,
        error: Option<&str>,
    ) -> StoreResult<()> {
        self.prepare_cached(&local(sql::FINISH))?.execute(params![
            id,
            state.key(),
            at,
            error,
            attempt
        ])?;
        Ok(())
    }

    fn cancel_mail(&self, account: AccountId, now: i64) -> StoreResult<()> {
        self.prepare_cached(&local(sql::CANCEL))?
            .execute(params![account.0, now])?;
        Ok(())
    }
}
