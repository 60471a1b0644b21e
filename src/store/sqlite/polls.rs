//! The votes module on SQLite: the shared statements with `?n` parameters.

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::domain::mail::MailKind;
use crate::domain::notice::Notice;
use crate::domain::polls::{PollDraft, PollStatus, TallyDelta};
use crate::domain::{AccountId, OrgId, PollId};
use crate::store::polls as sql;
use crate::store::records::{BallotLink, BallotRequestRecord, PollRecord};
use crate::store::{PageOf, PollReads, PollWrites, StoreResult, secrets};

/// A shared statement in SQLite's spelling.
fn local(statement: &str) -> String {
    statement.replace('$', "?")
}

type Cells = (i64, i64, String, i64, String, i64, Option<String>, i64, i64);

fn cells(r: &Row) -> rusqlite::Result<Cells> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
    ))
}

fn record(c: Cells) -> StoreResult<PollRecord> {
    sql::record(c.0, c.1, &c.2, c.3, &c.4, c.5, c.6, c.7, c.8)
}

impl PollReads for Connection {
    fn polls_page(
        &self,
        org: OrgId,
        before: Option<PollId>,
        limit: u32,
    ) -> StoreResult<PageOf<PollRecord>> {
        let mut stmt = self.prepare_cached(&local(&sql::select_page()))?;
        let rows = stmt
            .query_map(
                params![org.0, before.map_or(i64::MAX, |p| p.0), limit as i64 + 1],
                cells,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut items = rows
            .into_iter()
            .map(record)
            .collect::<StoreResult<Vec<_>>>()?;
        let next = (items.len() > limit as usize).then(|| {
            items.truncate(limit as usize);
            items.last().map(|p| p.id.to_string()).unwrap_or_default()
        });
        Ok((items, next))
    }

    fn poll(&self, id: PollId) -> StoreResult<Option<PollRecord>> {
        self.prepare_cached(&local(&sql::select_one()))?
            .query_row([id.0], cells)
            .optional()?
            .map(record)
            .transpose()
    }

    fn poll_tallies(&self, id: PollId) -> StoreResult<Vec<(u32, i64, u64)>> {
        let mut stmt = self.prepare_cached(&local(sql::TALLIES))?;
        let rows = stmt
            .query_map([id.0], |r| {
                Ok((
                    r.get::<_, i64>(0)?.max(0) as u32,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?.max(0) as u64,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn poll_ballot(&self, id: PollId, reference: &str) -> StoreResult<Option<String>> {
        Ok(self
            .prepare_cached(&local(sql::BALLOT))?
            .query_row(params![id.0, reference], |r| r.get(0))
            .optional()?)
    }

    fn poll_ballots(&self, id: PollId, limit: u32) -> StoreResult<Vec<String>> {
        let mut stmt = self.prepare_cached(&local(sql::BALLOTS))?;
        let rows = stmt
            .query_map(params![id.0, limit as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn ballot_request(&self, id: i64) -> StoreResult<Option<BallotRequestRecord>> {
        Ok(self
            .prepare_cached(&local(sql::REQUEST))?
            .query_row([id], |r| {
                Ok(BallotRequestRecord {
                    poll: PollId(r.get(0)?),
                    contact: r.get(1)?,
                    voter: r.get(2)?,
                })
            })
            .optional()?)
    }

    fn polls_to_seal(&self, now: i64, limit: u32) -> StoreResult<Vec<PollId>> {
        let mut stmt = self.prepare_cached(&local(sql::TO_SEAL))?;
        let rows = stmt
            .query_map(params![now, limit as i64], |r| r.get(0).map(PollId))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn ballot_link(&self, token: &str) -> StoreResult<Option<BallotLink>> {
        Ok(self
            .prepare_cached(&local(sql::LINK))?
            .query_row([secrets::hash(token)], |r| {
                Ok(BallotLink {
                    request: r.get(0)?,
                    poll: PollId(r.get(1)?),
                    voter: r.get(2)?,
                    expires_at: r.get(3)?,
                })
            })
            .optional()?)
    }
}

impl PollWrites for Connection {
    fn insert_poll(
        &self,
        org: OrgId,
        draft: &PollDraft,
        status: PollStatus,
        ballot_key: &str,
        by: AccountId,
        now: i64,
    ) -> StoreResult<PollId> {
        let id: i64 = self.prepare_cached(&local(sql::INSERT))?.query_row(
            params![
                org.0,
                status.key(),
                draft.title,
                sql::draft_text(draft)?,
                draft.opens_at.timestamp(),
                draft.closes_at.timestamp(),
                ballot_key,
                by.0,
                now
            ],
            |r| r.get(0),
        )?;
        Ok(PollId(id))
    }

    fn save_poll(
        &self,
        id: PollId,
        version: i64,
        status: PollStatus,
        draft: &PollDraft,
        now: i64,
    ) -> StoreResult<bool> {
        let changed = self.prepare_cached(&local(sql::SAVE))?.execute(params![
            id.0,
            version,
            status.key(),
            draft.title,
            sql::draft_text(draft)?,
            draft.opens_at.timestamp(),
            draft.closes_at.timestamp(),
            now
        ])?;
        Ok(changed == 1)
    }

    fn put_ballot(
        &self,
        id: PollId,
        reference: &str,
        answers: &str,
        replaces: bool,
        delta: &[TallyDelta],
    ) -> StoreResult<()> {
        if replaces {
            self.prepare_cached(&local(sql::REPLACE_BALLOT))?
                .execute(params![id.0, reference, answers])?;
        } else {
            self.prepare_cached(&local(sql::INSERT_BALLOT))?
                .execute(params![id.0, reference, answers])?;
            self.prepare_cached(&local(sql::COUNT_BALLOT))?
                .execute([id.0])?;
        }
        let mut add = self.prepare_cached(&local(sql::ADD_TALLY))?;
        for (question, slot, by) in delta {
            add.execute(params![id.0, *question as i64, slot, by])?;
        }
        Ok(())
    }

    fn seal_ballots(&self, id: PollId) -> StoreResult<()> {
        self.prepare_cached(&local(sql::SET_KEY))?
            .execute(params![id.0, Option::<String>::None])?;
        for statement in [sql::FORGET_REFS, sql::FORGET_LINKS, sql::FORGET_VOTERS] {
            self.prepare_cached(&local(statement))?.execute([id.0])?;
        }
        Ok(())
    }

    fn request_ballot(&self, id: PollId, contact: &str, voter: &str, now: i64) -> StoreResult<i64> {
        let request: i64 = self
            .prepare_cached(&local(sql::INSERT_REQUEST))?
            .query_row(params![id.0, contact, voter, now], |r| r.get(0))?;
        self.prepare_cached(&local(sql::QUEUE_LINK))?.query_row(
            params![MailKind::Notice(Notice::BallotLink).key(), request, now],
            |r| r.get::<_, i64>(0),
        )?;
        Ok(request)
    }

    fn issue_ballot_link(
        &self,
        request: i64,
        id: PollId,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<String> {
        let token = secrets::generate_tracking();
        self.prepare_cached(&local(sql::ISSUE_LINK))?
            .execute(params![
                secrets::hash(&token),
                request,
                id.0,
                now,
                expires_at
            ])?;
        Ok(token)
    }

    fn forget_ballot_contact(&self, request: i64) -> StoreResult<()> {
        self.prepare_cached(&local(sql::FORGET_CONTACT))?
            .execute([request])?;
        Ok(())
    }
}
