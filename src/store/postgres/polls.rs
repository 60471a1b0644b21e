//! The votes module on PostgreSQL: the shared statements as they are.

use postgres::Row;

use super::PgTx;
use crate::domain::mail::MailKind;
use crate::domain::notice::Notice;
use crate::domain::polls::{PollDraft, PollStatus, TallyDelta};
use crate::domain::{AccountId, OrgId, PollId};
use crate::store::polls as sql;
use crate::store::records::{BallotLink, BallotRequestRecord, PollRecord};
use crate::store::{PageOf, PollReads, PollWrites, StoreError, StoreResult, secrets};

fn record(r: &Row) -> StoreResult<PollRecord> {
    sql::record(
        r.try_get(0)?,
        r.try_get(1)?,
        r.try_get::<_, &str>(2)?,
        r.try_get(3)?,
        r.try_get::<_, &str>(4)?,
        r.try_get(5)?,
        r.try_get(6)?,
        r.try_get(7)?,
        r.try_get(8)?,
    )
}

impl PollReads for PgTx<'_> {
    fn polls_page(
        &self,
        org: OrgId,
        before: Option<PollId>,
        limit: u32,
    ) -> StoreResult<PageOf<PollRecord>> {
        let rows = self.rows(
            &sql::select_page(),
            &[
                &org.0,
                &before.map_or(i64::MAX, |p| p.0),
                &(limit as i64 + 1),
            ],
        )?;
        let mut items = rows.iter().map(record).collect::<StoreResult<Vec<_>>>()?;
        let next = (items.len() > limit as usize).then(|| {
            items.truncate(limit as usize);
            items.last().map(|p| p.id.to_string()).unwrap_or_default()
        });
        Ok((items, next))
    }

    fn poll(&self, id: PollId) -> StoreResult<Option<PollRecord>> {
        self.row(&sql::select_one(), &[&id.0])?
            .as_ref()
            .map(record)
            .transpose()
    }

    fn poll_tallies(&self, id: PollId) -> StoreResult<Vec<(u32, i64, u64)>> {
        self.rows(sql::TALLIES, &[&id.0])?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get::<_, i64>(0)?.max(0) as u32,
                    r.try_get::<_, i64>(1)?,
                    r.try_get::<_, i64>(2)?.max(0) as u64,
                ))
            })
            .collect()
    }

    fn poll_ballot(&self, id: PollId, reference: &str) -> StoreResult<Option<String>> {
        self.row(sql::BALLOT, &[&id.0, &reference])?
            .map(|r| Ok(r.try_get(0)?))
            .transpose()
    }

    fn poll_ballots(&self, id: PollId, limit: u32) -> StoreResult<Vec<String>> {
        self.rows(sql::BALLOTS, &[&id.0, &(limit as i64)])?
            .iter()
            .map(|r| Ok(r.try_get(0)?))
            .collect()
    }

    fn ballot_request(&self, id: i64) -> StoreResult<Option<BallotRequestRecord>> {
        self.row(sql::REQUEST, &[&id])?
            .map(|r| {
                Ok(BallotRequestRecord {
                    poll: PollId(r.try_get(0)?),
                    contact: r.try_get(1)?,
                    voter: r.try_get(2)?,
                })
            })
            .transpose()
    }

    fn polls_to_seal(&self, now: i64, limit: u32) -> StoreResult<Vec<PollId>> {
        self.rows(sql::TO_SEAL, &[&now, &(limit as i64)])?
            .iter()
            .map(|r| Ok(PollId(r.try_get(0)?)))
            .collect()
    }

    fn ballot_link(&self, token: &str) -> StoreResult<Option<BallotLink>> {
        self.row(sql::LINK, &[&secrets::hash(token)])?
            .map(|r| {
                Ok(BallotLink {
                    request: r.try_get(0)?,
                    poll: PollId(r.try_get(1)?),
                    voter: r.try_get(2)?,
                    expires_at: r.try_get(3)?,
                })
            })
            .transpose()
    }
}

impl PollWrites for PgTx<'_> {
    fn insert_poll(
        &self,
        org: OrgId,
        draft: &PollDraft,
        status: PollStatus,
        ballot_key: &str,
        by: AccountId,
        now: i64,
    ) -> StoreResult<PollId> {
        let row = self.row(
            sql::INSERT,
            &[
                &org.0,
                &status.key(),
                &draft.title,
                &sql::draft_text(draft)?,
                &draft.opens_at.timestamp(),
                &draft.closes_at.timestamp(),
                &ballot_key,
                &by.0,
                &now,
            ],
        )?;
        returned(row, "polls").map(PollId)
    }

    fn save_poll(
        &self,
        id: PollId,
        version: i64,
        status: PollStatus,
        draft: &PollDraft,
        now: i64,
    ) -> StoreResult<bool> {
        let changed = self.exec(
            sql::SAVE,
            &[
                &id.0,
                &version,
                &status.key(),
                &draft.title,
                &sql::draft_text(draft)?,
                &draft.opens_at.timestamp(),
                &draft.closes_at.timestamp(),
                &now,
            ],
        )?;
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
            self.exec(sql::REPLACE_BALLOT, &[&id.0, &reference, &answers])?;
        } else {
            self.exec(sql::INSERT_BALLOT, &[&id.0, &reference, &answers])?;
            self.exec(sql::COUNT_BALLOT, &[&id.0])?;
        }
        for (question, slot, by) in delta {
            self.exec(sql::ADD_TALLY, &[&id.0, &(*question as i64), slot, by])?;
        }
        Ok(())
    }

    fn seal_ballots(&self, id: PollId) -> StoreResult<()> {
        self.exec(sql::SET_KEY, &[&id.0, &Option::<String>::None])?;
        for statement in [sql::FORGET_REFS, sql::FORGET_LINKS, sql::FORGET_VOTERS] {
            self.exec(statement, &[&id.0])?;
        }
        Ok(())
    }

    fn request_ballot(&self, id: PollId, contact: &str, voter: &str, now: i64) -> StoreResult<i64> {
        let request = returned(
            self.row(sql::INSERT_REQUEST, &[&id.0, &contact, &voter, &now])?,
            "ballot_requests",
        )?;
        returned(
            self.row(
                sql::QUEUE_LINK,
                &[&MailKind::Notice(Notice::BallotLink).key(), &request, &now],
            )?,
            "mail_queue",
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
        self.exec(
            sql::ISSUE_LINK,
            &[&secrets::hash(&token), &request, &id.0, &now, &expires_at],
        )?;
        Ok(token)
    }

    fn forget_ballot_contact(&self, request: i64) -> StoreResult<()> {
        self.exec(sql::FORGET_CONTACT, &[&request])?;
        Ok(())
    }
}

fn returned(row: Option<Row>, what: &str) -> StoreResult<i64> {
    match row {
        Some(r) => Ok(r.try_get(0)?),
        None => Err(StoreError::Failed {
            detail: format!("{what}: nothing returned"),
        }),
    }
}
