//! The mail queue on PostgreSQL: the shared statements as they are.

use std::collections::HashMap;

use super::PgTx;
use crate::domain::AccountId;
use crate::domain::mail::{MailKind, MailState, MailStatus, QueuedMail};
use crate::store::mail as sql;
use crate::store::records::MailScope;
use crate::store::rows::queued_mail;
use crate::store::{MailReads, MailWrites, StoreResult};

impl MailReads for PgTx<'_> {
    fn mail_due(&self, now: i64, stale_before: i64, limit: u32) -> StoreResult<Vec<i64>> {
        let rows = self.rows(sql::DUE, &[&now, &stale_before, &i64::from(limit)])?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    fn latest_mail(&self, accounts: &[AccountId]) -> StoreResult<HashMap<AccountId, QueuedMail>> {
        let mut found = HashMap::new();
        for id in accounts {
            if let Some(row) = self.row(sql::LATEST, &[&id.0])? {
                found.insert(*id, queued_mail(&row, 0)?);
            }
        }
        Ok(found)
    }

    fn account_mails(&self, account: AccountId, limit: u32) -> StoreResult<Vec<QueuedMail>> {
        let rows = self.rows(sql::OF_ACCOUNT, &[&account.0, &i64::from(limit)])?;
        rows.iter().map(|r| queued_mail(r, 0)).collect()
    }

    fn mail_status(&self, scope: MailScope, lines: u32) -> StoreResult<MailStatus> {
        let (counts, unsent) = (sql::status_counts(scope), sql::status_lines(scope));
        let lines = i64::from(lines);
        let (count_rows, line_rows) = match scope {
            MailScope::Org(org) => (
                self.rows(&counts, &[&org.0])?,
                self.rows(&unsent, &[&org.0, &lines])?,
            ),
            MailScope::Paths(from, to) => (
                self.rows(&counts, &[&from, &to])?,
                self.rows(&unsent, &[&from, &to, &lines])?,
            ),
        };
        let mut status = MailStatus::default();
        for r in &count_rows {
            sql::count_into(&mut status, &r.try_get::<_, String>(0)?, r.try_get(1)?);
        }
        status.unsent = line_rows
            .iter()
            .map(sql::line)
            .collect::<StoreResult<_>>()?;
        Ok(status)
    }
}

impl MailWrites for PgTx<'_> {
    fn queue_mail(&self, kind: MailKind, account: AccountId, now: i64) -> StoreResult<i64> {
        self.cancel_mail(account, now)?;
        let row = self.row(sql::QUEUE, &[&kind.key(), &account.0, &now])?;
        match row {
            Some(r) => Ok(r.try_get(0)?),
            None => Err(crate::store::StoreError::Failed {
                detail: "the queued mail has no number".into(),
            }),
        }
    }

    fn claim_mail(&self, id: i64, now: i64, stale_before: i64) -> StoreResult<Option<QueuedMail>> {
        self.row(sql::CLAIM, &[&id, &now, &stale_before])?
            .map(|r| queued_mail(&r, 0))
            .transpose()
    }

    fn finish_mail(
        &self,
        id: i64,
        attempt: u32,
        state: MailState,
        at: i64,
        error: Option<&str>,
    ) -> StoreResult<()> {
        self.exec(
            sql::FINISH,
            &[&id, &state.key(), &at, &error, &i64::from(attempt)],
        )?;
        Ok(())
    }

    fn cancel_mail(&self, account: AccountId, now: i64) -> StoreResult<()> {
        self.exec(sql::CANCEL, &[&account.0, &now])?;
        Ok(())
    }
}
