//! A poll on the citizen's side, by the intake principal: the public page,
//! a ballot link sent to the citizen's contact, and the vote it casts.
//!
//! One vote per voter and poll: the voter is the contact's keyed hash (the
//! store's form key, per poll), kept on the request only. The ballot holds
//! the answers and, while the poll is open, a reference derived from the
//! voter with the poll's own ballot key, so that a re-vote finds and
//! replaces it; closing erases that key, the references, the links and the
//! voters, and from then on nothing leads from a ballot to a person.

use super::citizen::{DAY, HOUR, counter, period_start, too_many};
use super::polls::{results_of, row_of, time};
use super::*;
use crate::domain::PollId;
use crate::domain::citizen::Contact;
use crate::domain::polls::{
    self, Answer, Audience, BallotRequest, BallotRequested, BallotView, PollRow, PollStatus,
    PublicPoll, Vote, VoteCast,
};
use crate::store::records::{BallotLink, PollRecord};
use crate::store::secrets;

/// How many of an organisation's latest polls its public list reads.
const PUBLIC_LIST: u32 = 50;

fn intake_only(actor: &Actor) -> ServiceResult<()> {
    if actor.intake {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// A published poll (or one past it); a draft is no one's business.
fn public_record(conn: &dyn Reader, id: PollId) -> ServiceResult<PollRecord> {
    conn.poll(id)?
        .filter(|p| !matches!(p.status, PollStatus::Draft | PollStatus::OnApproval))
        .ok_or_else(|| not_found(Entity::Poll, id))
}

fn public_view(conn: &dyn Reader, poll: &PollRecord, now: i64) -> ServiceResult<PublicPoll> {
    let status = poll.status.as_of(poll.draft.closes_at, time(now));
    let results = match status {
        PollStatus::ResultsPublished => Some(results_of(conn, poll, now)?),
        _ => None,
    };
    Ok(PublicPoll {
        id: poll.id,
        org: poll.org,
        org_name: conn
            .org(poll.org)?
            .map(|o| o.short_name)
            .unwrap_or_default(),
        title: poll.draft.title.clone(),
        description: poll.draft.description.clone(),
        questions: poll.draft.questions.clone(),
        opens_at: poll.draft.opens_at,
        closes_at: poll.draft.closes_at,
        audience: poll.draft.audience,
        status,
        open: takes_votes(poll, now),
        results,
    })
}

fn takes_votes(poll: &PollRecord, now: i64) -> bool {
    poll.status == PollStatus::Published
        && poll.draft.open_at(time(now))
        && poll.ballot_key.is_some()
}

fn not_open() -> ServiceError {
    Invalid::new(Field::Poll, Problem::PollNotOpen).into()
}

/// The voter behind a request: the same for every spelling of the contact.
fn voter(form_key: &str, poll: PollId, contact: &Contact) -> String {
    counter(form_key, "v", &format!("{poll}\u{1f}{}", contact.key()))
}

/// Where a voter's ballot is kept while the poll is open.
fn ballot_ref(ballot_key: &str, voter: &str) -> String {
    secrets::hash(&format!("{ballot_key}\u{1f}{voter}"))
}

/// The link a token opens, while it works: its poll, and the voter.
fn open_link(conn: &dyn Reader, token: &str, now: i64) -> ServiceResult<(BallotLink, String)> {
    let unknown = || Invalid::new(Field::Token, Problem::UnknownLink);
    let link = conn.ballot_link(token.trim())?.ok_or_else(unknown)?;
    // A link works until its poll closes.
    if link.expires_at <= now {
        return Err(not_open());
    }
    // A sealed poll's links are gone; a voter erased means the same.
    let voter = link.voter.clone().ok_or_else(not_open)?;
    Ok((link, voter))
}

fn kept_answers(
    conn: &dyn Reader,
    poll: &PollRecord,
    voter: &str,
) -> ServiceResult<Option<Vec<Answer>>> {
    let Some(key) = &poll.ballot_key else {
        return Ok(None);
    };
    Ok(conn
        .poll_ballot(poll.id, &ballot_ref(key, voter))?
        .and_then(|stored| serde_json::from_str(&stored).ok()))
}

impl<D: Database> Rules<'_, D> {
    pub(crate) async fn public_poll(
        &self,
        actor: &Actor,
        poll: PollId,
    ) -> ServiceResult<PublicPoll> {
        intake_only(actor)?;
        self.read(move |conn, _| {
            let record = public_record(conn, poll)?;
            public_view(conn, &record, store::now_secs())
        })
        .await
    }

    pub(crate) async fn public_polls(
        &self,
        actor: &Actor,
        org: OrgId,
    ) -> ServiceResult<Vec<PollRow>> {
        intake_only(actor)?;
        self.read(move |conn, _| {
            let found = conn.org(org)?.filter(|o| !o.archived);
            if found.is_none() {
                return Err(not_found(Entity::Organisation, org));
            }
            let now = store::now_secs();
            let (records, _) = conn.polls_page(org, None, PUBLIC_LIST)?;
            Ok(records
                .iter()
                .filter(|p| !matches!(p.status, PollStatus::Draft | PollStatus::OnApproval))
                .map(|p| row_of(p, now))
                .collect())
        })
        .await
    }

    pub(crate) async fn request_ballot(
        &self,
        actor: &Actor,
        request: &BallotRequest,
    ) -> ServiceResult<BallotRequested> {
        intake_only(actor)?;
        let contact = Contact::parse(&request.contact)?;
        let key = self.form_key().await?;
        let settings = self.settings.intake.clone();
        let poll = request.poll;
        let voter = voter(&key, poll, &contact);
        let checks = [
            (
                counter(&key, "ba", &request.client),
                HOUR,
                settings.per_address_hour,
            ),
            (counter(&key, "bc", &voter), DAY, settings.per_contact_day),
        ];
        let stored = contact.stored();
        let requested = self
            .write(move |tx, now| {
                let record = public_record(tx, poll)?;
                if !takes_votes(&record, now) {
                    return Err(not_open());
                }
                for (key, period, limit) in &checks {
                    // A refused request rolls back with its count.
                    if tx.count_intake(key, period_start(now, *period), None)? > *limit {
                        return Err(too_many(now, *period));
                    }
                }
                tx.request_ballot(poll, &stored, &voter, now)?;
                Ok(BallotRequested {
                    poll,
                    sent_to: contact.masked(),
                })
            })
            .await?;
        self.nudge_mail_worker();
        Ok(requested)
    }

    pub(crate) async fn ballot(&self, actor: &Actor, token: &str) -> ServiceResult<BallotView> {
        intake_only(actor)?;
        let token = token.to_string();
        self.read(move |conn, _| {
            let now = store::now_secs();
            let (link, voter) = open_link(conn, &token, now)?;
            let record = public_record(conn, link.poll)?;
            Ok(BallotView {
                answers: kept_answers(conn, &record, &voter)?,
                poll: public_view(conn, &record, now)?,
            })
        })
        .await
    }

    pub(crate) async fn cast_vote(&self, actor: &Actor, vote: &Vote) -> ServiceResult<VoteCast> {
        intake_only(actor)?;
        let vote = vote.clone();
        self.write(move |tx, now| {
            let (link, voter) = open_link(tx, &vote.token, now)?;
            let record = public_record(tx, link.poll)?;
            let (true, Some(key)) = (takes_votes(&record, now), record.ballot_key.clone()) else {
                return Err(not_open());
            };
            polls::validate_ballot(&record.draft.questions, &vote.answers)?;
            if record.draft.audience == Audience::Residents && !vote.resident {
                return Err(Invalid::new(Field::Audience, Problem::Required).into());
            }
            let reference = ballot_ref(&key, &voter);
            let old = kept_answers(tx, &record, &voter)?;
            let delta = polls::tally_delta(&record.draft.questions, old.as_deref(), &vote.answers);
            let answers =
                serde_json::to_string(&vote.answers).map_err(|e| ServiceError::Internal {
                    detail: e.to_string(),
                })?;
            tx.put_ballot(record.id, &reference, &answers, old.is_some(), &delta)?;
            let record = tx
                .poll(record.id)?
                .ok_or_else(|| not_found(Entity::Poll, link.poll))?;
            changes::poll_changed(tx, &record, now)?;
            Ok(VoteCast {
                poll: record.id,
                replaced: old.is_some(),
            })
        })
        .await
    }
}
