//! The one way a message changes: a lifecycle step, on one message or on a
//! marked set.

use super::*;
use crate::domain::notice::Notice;

/// One lifecycle step inside a write transaction: permission, version,
/// transition table, what the step needs, then the change and its history.
/// The history's name for a staff note.
pub const NOTE: &str = "note";

pub(super) fn apply_act(
    tx: &dyn Writer,
    actor: &Actor,
    id: MessageId,
    version: i64,
    act: &Act,
    now: i64,
) -> ServiceResult<()> {
    act.validate()?;
    let state = tx
        .lifecycle_state(id)?
        .ok_or_else(|| not_found(Entity::Message, id))?;
    let path = org_path(tx, state.org)?;
    let target = Target {
        org: state.org,
        path: &path,
    };
    let action = act.action();
    // A message the actor may not see (in moderation) is not theirs to act on either.
    if !permissions::may_act(actor, action, target, state.assignee)
        || !status_visible(actor, state.status)
    {
        // Allowed at the version they saw, and someone changed it first
        // (given it to another executor, say): they lost a race.
        if state.version != version && changes::allowed_at(tx, actor, action, id, version)? {
            return Err(ServiceError::Conflict {
                current: state.version,
            });
        }
        return Err(ServiceError::Forbidden);
    }
    if state.version != version {
        return Err(ServiceError::Conflict {
            current: state.version,
        });
    }
    let to = match crate::domain::lifecycle::next(state.status, action) {
        Some(Next::To(status)) => status,
        Some(Next::Previous) => state.prev_status.unwrap_or(MessageStatus::New),
        None => {
            return Err(ServiceError::WrongStatus {
                status: state.status,
                action,
            });
        }
    };
    let mut next = LifecycleState {
        status: to,
        ..state.clone()
    };
    match act {
        Act::Assign { executor } => {
            let ok = tx.account(*executor)?.is_some_and(|a| {
                a.org == state.org
                    && a.roles.has(Role::Executor)
                    && a.status == AccountStatus::Confirmed
            });
            if !ok {
                return Err(Invalid::new(Field::Assignee, Problem::NotAnExecutor).into());
            }
            next.assignee = Some(*executor);
        }
        Act::EditDraft { text } => next.draft = Some(text.clone()).filter(|t| !t.trim().is_empty()),
        Act::SubmitDraft => {
            if state.draft.as_deref().is_none_or(|d| d.trim().is_empty()) {
                return Err(Invalid::new(Field::Text, Problem::Empty).into());
            }
        }
        Act::Approve => {
            next.answer = Some(state.draft.clone().unwrap_or_default());
        }
        Act::AskRedirect { target, .. } => {
            if *target == state.org {
                return Err(Invalid::new(Field::Target, Problem::SameOrganisation).into());
            }
            if tx.org(*target)?.is_none_or(|o| o.archived) {
                return Err(not_found(Entity::Organisation, target));
            }
            next.prev_status = Some(state.status);
            next.redirect_org = Some(*target);
        }
        Act::ApproveRedirect => {
            next.org = state
                .redirect_org
                .ok_or_else(|| not_found(Entity::Organisation, "—"))?;
            if tx.org(next.org)?.is_none_or(|o| o.archived) {
                return Err(not_found(Entity::Organisation, next.org));
            }
            next.assignee = None;
            next.draft = None;
            next.prev_status = None;
            next.redirect_org = None;
        }
        Act::DeclineRedirect { .. } => {
            next.prev_status = None;
            next.redirect_org = None;
        }
        Act::CloseDuplicate { of } => {
            super::links::close_as_duplicate(tx, actor, id, *of, now)?;
        }
        Act::Accept | Act::Reject { .. } | Act::Return { .. } | Act::Close { .. } => {}
    }
    if !tx.save_lifecycle_state(id, version, &next, now)? {
        let current = tx
            .lifecycle_state(id)?
            .map(|s| s.version)
            .unwrap_or(version);
        return Err(ServiceError::Conflict { current });
    }
    let subject = match act {
        Act::Assign { executor } => Some(executor.0),
        Act::AskRedirect { target, .. } => Some(target.0),
        Act::ApproveRedirect | Act::DeclineRedirect { .. } => state.redirect_org.map(|o| o.0),
        Act::CloseDuplicate { of } => Some(of.0),
        _ => None,
    };
    tx.add_history(&NewHistory {
        message: id,
        at: now,
        actor: Some(actor.account),
        action: action.key(),
        from: Some(state.status),
        to: Some(to),
        comment: act.comment(),
        subject,
        draft: match act {
            Act::EditDraft { text } => Some(text),
            _ => None,
        },
    })?;
    // The citizen is told of every stage they would want to know of.
    let notice = match act {
        Act::Accept => Some(Notice::Accepted),
        Act::Reject { .. } => Some(Notice::Rejected),
        Act::Approve => Some(Notice::Answered),
        Act::ApproveRedirect => Some(Notice::Redirected),
        Act::CloseDuplicate { .. } => Some(Notice::Duplicate),
        _ => None,
    };
    if let Some(notice) = notice {
        tx.queue_notice(notice, id, now)?;
    }
    changes::message_changed(tx, id, Some(&state), now)
}

impl<D: Database> Rules<'_, D> {
    /// A staff note: a line of the history with its author, for whoever may
    /// read the message (never for the citizen); the message stays as it is.
    pub(crate) async fn add_note(
        &self,
        actor: &Actor,
        id: MessageId,
        text: &str,
    ) -> ServiceResult<Message> {
        crate::domain::lifecycle::validate_note(text)?;
        let (by, text) = (actor.clone(), text.trim().to_string());
        self.write(move |tx, now| {
            let state = super::queue::visible_state(tx, &by, id)?;
            tx.add_history(&NewHistory {
                message: id,
                at: now,
                actor: Some(by.account),
                action: NOTE,
                from: None,
                to: None,
                comment: Some(&text),
                subject: None,
                draft: None,
            })?;
            changes::message_changed(tx, id, Some(&state), now)?;
            let message = tx
                .message(id)?
                .ok_or_else(|| not_found(Entity::Message, id))?;
            super::links::with_links(tx, &by, message)
        })
        .await
    }

    pub(crate) async fn act_many(
        &self,
        actor: &Actor,
        items: &[(MessageId, i64)],
        act: &Act,
    ) -> ServiceResult<ActReport> {
        let (by, items, act) = (actor.clone(), items.to_vec(), act.clone());
        act.validate()?;
        // One write transaction holds the store: keep it short.
        if items.len() > MAX_MARKED {
            return Err(Invalid::new(Field::Limit, Problem::TooLong { max: MAX_MARKED }).into());
        }
        self.write(move |tx, now| {
            let mut report = ActReport::default();
            for (id, version) in items {
                // Each message on its own: a refusal undoes only its own writes.
                tx.begin_step()?;
                match apply_act(tx, &by, id, version, &act, now) {
                    Ok(()) => {
                        tx.keep_step()?;
                        report.done.push(id);
                    }
                    Err(e @ (ServiceError::Internal { .. } | ServiceError::Unavailable { .. })) => {
                        return Err(e);
                    }
                    Err(e) => {
                        tx.undo_step()?;
                        report.refused.push((id, e));
                    }
                }
            }
            Ok(report)
        })
        .await
        .inspect(|_| self.nudge_mail_worker())
    }

    pub(crate) async fn act(
        &self,
        actor: &Actor,
        id: MessageId,
        version: i64,
        act: &Act,
    ) -> ServiceResult<Message> {
        let (by, act) = (actor.clone(), act.clone());
        // The message as this step left it, read in the same transaction.
        let message = self
            .write(move |tx, now| {
                apply_act(tx, &by, id, version, &act, now)?;
                let message = tx
                    .message(id)?
                    .ok_or_else(|| not_found(Entity::Message, id))?;
                super::links::with_links(tx, &by, message)
            })
            .await?;
        self.nudge_mail_worker();
        Ok(message)
    }
}
