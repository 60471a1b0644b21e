//! The votes module in the back office: an organisation's polls, their
//! steps as the lifecycle and the roles allow, and their results.

use chrono::{DateTime, Utc};

use super::*;
use crate::domain::PollId;
use crate::domain::polls::{
    self, Answer, Poll, PollAction, PollDraft, PollResults, PollRow, PollStatus, QuestionKind,
    QuestionTally,
};
use crate::store::records::PollRecord;
use crate::store::secrets;

/// How many ballots the results read for free-text answers.
const TEXTS_READ: u32 = 500;

pub(super) fn time(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// The poll as `actor` may know of it: its organisation's staff and those
/// above; others are told it does not exist.
pub(super) fn visible_poll(
    conn: &dyn Reader,
    actor: &Actor,
    id: PollId,
) -> ServiceResult<(PollRecord, OrgPath)> {
    let poll = conn.poll(id)?.ok_or_else(|| not_found(Entity::Poll, id))?;
    let path = org_path(conn, poll.org)?;
    if !polls::may_view_polls(actor, &path) {
        return Err(not_found(Entity::Poll, id));
    }
    Ok((poll, path))
}

/// The record as the service answers it, its status as of `now`.
fn answer(conn: &dyn Reader, poll: PollRecord, now: i64) -> ServiceResult<Poll> {
    let org_name = conn
        .org(poll.org)?
        .map(|o| o.short_name)
        .unwrap_or_default();
    Ok(Poll {
        id: poll.id,
        org: poll.org,
        org_name,
        status: poll.status.as_of(poll.draft.closes_at, time(now)),
        version: poll.version,
        draft: poll.draft,
        ballots: poll.ballots,
        created_at: poll.created_at,
        updated_at: poll.updated_at,
    })
}

/// The poll in a list, its status as of `now`.
pub(super) fn row_of(poll: &PollRecord, now: i64) -> PollRow {
    PollRow {
        id: poll.id,
        org: poll.org,
        title: poll.draft.title.clone(),
        status: poll.status.as_of(poll.draft.closes_at, time(now)),
        opens_at: poll.draft.opens_at,
        closes_at: poll.draft.closes_at,
        ballots: poll.ballots,
    }
}

/// Counts and texts of every question from what the store keeps.
pub(super) fn results_of(
    conn: &dyn Reader,
    poll: &PollRecord,
    now: i64,
) -> ServiceResult<PollResults> {
    let questions = &poll.draft.questions;
    let mut tallies: Vec<QuestionTally> = questions
        .iter()
        .zip(polls::results_from(questions, conn.poll_tallies(poll.id)?))
        .map(|(q, result)| QuestionTally {
            question: q.clone(),
            result,
            texts: Vec::new(),
        })
        .collect();
    if questions.iter().any(|q| q.kind == QuestionKind::FreeText) {
        for stored in conn.poll_ballots(poll.id, TEXTS_READ)? {
            let Ok(ballot) = serde_json::from_str::<Vec<Answer>>(&stored) else {
                continue;
            };
            for (t, a) in tallies.iter_mut().zip(ballot) {
                if let Answer::Text { text } = a
                    && !text.trim().is_empty()
                {
                    t.texts.push(text);
                }
            }
        }
    }
    Ok(PollResults {
        id: poll.id,
        title: poll.draft.title.clone(),
        status: poll.status.as_of(poll.draft.closes_at, time(now)),
        ballots: poll.ballots,
        questions: tallies,
    })
}

/// How many polls one sweep seals.
const SEAL_BATCH: u32 = 100;

impl<D: Database> CoreService<D> {
    /// Seals the ballots of polls that closed by their time (the key, the
    /// references, the links, the voters erased), as closing by hand does;
    /// answers how many. The mail worker calls it on every round.
    pub async fn seal_closed_polls(&self) -> ServiceResult<usize> {
        let store = std::sync::Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || {
            store.write(|tx| {
                let due = tx.polls_to_seal(store::now_secs(), SEAL_BATCH)?;
                for id in &due {
                    tx.seal_ballots(*id)?;
                }
                Ok::<_, ServiceError>((due.len(), true))
            })
        })
        .await
        .map_err(|e| ServiceError::Internal {
            detail: e.to_string(),
        })?
    }
}

impl<D: Database> Rules<'_, D> {
    pub(crate) async fn polls(
        &self,
        actor: &Actor,
        org: OrgId,
        before: Option<PollId>,
    ) -> ServiceResult<Page<PollRow>> {
        let actor = actor.clone();
        self.read(move |conn, _| {
            let path = org_path(conn, org)?;
            if !polls::may_view_polls(&actor, &path) {
                return Err(ServiceError::Forbidden);
            }
            let now = store::now_secs();
            let (records, next) = conn.polls_page(org, before, DEFAULT_PAGE)?;
            let items = records.iter().map(|p| row_of(p, now)).collect();
            Ok(Page { items, next })
        })
        .await
    }

    pub(crate) async fn poll(&self, actor: &Actor, id: PollId) -> ServiceResult<Poll> {
        let actor = actor.clone();
        self.read(move |conn, _| {
            let (poll, _) = visible_poll(conn, &actor, id)?;
            answer(conn, poll, store::now_secs())
        })
        .await
    }

    pub(crate) async fn create_poll(
        &self,
        actor: &Actor,
        org: OrgId,
        draft: &PollDraft,
    ) -> ServiceResult<Poll> {
        let (actor, draft) = (actor.clone(), draft.clone().in_whole_seconds());
        self.write(move |tx, now| {
            let path = org_path(tx, org)?;
            if !polls::may_act(&actor, PollAction::Edit, org, &path) {
                return Err(ServiceError::Forbidden);
            }
            draft.validate()?;
            let key = secrets::generate_tracking();
            let id = tx.insert_poll(org, &draft, PollStatus::Draft, &key, actor.account, now)?;
            let poll = tx.poll(id)?.ok_or_else(|| not_found(Entity::Poll, id))?;
            changes::poll_changed(tx, &poll, now)?;
            answer(tx, poll, now)
        })
        .await
    }

    pub(crate) async fn update_poll(
        &self,
        actor: &Actor,
        id: PollId,
        version: i64,
        draft: &PollDraft,
    ) -> ServiceResult<Poll> {
        let draft = draft.clone().in_whole_seconds();
        self.step_poll(actor, id, version, PollAction::Edit, Some(draft))
            .await
    }

    pub(crate) async fn poll_act(
        &self,
        actor: &Actor,
        id: PollId,
        version: i64,
        action: PollAction,
    ) -> ServiceResult<Poll> {
        if action == PollAction::Edit {
            // Editing carries the new draft: `update_poll`.
            return Err(Invalid::new(
                Field::Kind,
                Problem::Unknown {
                    value: action.key().into(),
                },
            )
            .into());
        }
        self.step_poll(actor, id, version, action, None).await
    }

    /// One step of a poll's lifecycle, checked in the order messages are:
    /// what it carries, the permission, the version, the lifecycle.
    async fn step_poll(
        &self,
        actor: &Actor,
        id: PollId,
        version: i64,
        action: PollAction,
        edited: Option<PollDraft>,
    ) -> ServiceResult<Poll> {
        let actor = actor.clone();
        self.write(move |tx, now| {
            if let Some(draft) = &edited {
                draft.validate()?;
            }
            let (poll, path) = visible_poll(tx, &actor, id)?;
            if !polls::may_act(&actor, action, poll.org, &path) {
                return Err(ServiceError::Forbidden);
            }
            if poll.version != version {
                return Err(ServiceError::Conflict {
                    current: poll.version,
                });
            }
            let status = poll.status.as_of(poll.draft.closes_at, time(now));
            let next = polls::next(status, action)
                .ok_or(Invalid::new(Field::Poll, Problem::PollStep { status }))?;
            let mut draft = edited.unwrap_or_else(|| poll.draft.clone());
            match action {
                PollAction::Submit | PollAction::Approve if draft.closes_at <= time(now) => {
                    return Err(Invalid::new(Field::Period, Problem::PeriodOver).into());
                }
                // Closed early: its period ends now.
                PollAction::Close => draft.closes_at = draft.closes_at.min(time(now)),
                _ => {}
            }
            if !tx.save_poll(id, version, next, &draft, now)? {
                return Err(ServiceError::Conflict {
                    current: poll.version,
                });
            }
            if matches!(next, PollStatus::Closed | PollStatus::ResultsPublished) {
                tx.seal_ballots(id)?;
            }
            let poll = tx.poll(id)?.ok_or_else(|| not_found(Entity::Poll, id))?;
            changes::poll_changed(tx, &poll, now)?;
            answer(tx, poll, now)
        })
        .await
    }

    pub(crate) async fn poll_results(
        &self,
        actor: &Actor,
        id: PollId,
    ) -> ServiceResult<PollResults> {
        let actor = actor.clone();
        self.read(move |conn, _| {
            let (poll, path) = visible_poll(conn, &actor, id)?;
            if !(polls::may_see_results(&actor, &path)
                || poll.status == PollStatus::ResultsPublished)
            {
                return Err(ServiceError::Forbidden);
            }
            results_of(conn, &poll, store::now_secs())
        })
        .await
    }
}
