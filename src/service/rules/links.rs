//! Links between messages (related ones, a duplicate and its original)
//! and a message's timeline: its whole history with the drafts it left.

use super::queue::{may_see, visible_state};
use super::*;
use crate::domain::links::{LinkKind, MAX_LINKS, MessageLink};
use crate::domain::timeline::{MAX_STEPS, Timeline};

/// The history's names for the link steps.
pub const LINK: &str = "link";
pub const UNLINK: &str = "unlink";
/// On the original: a duplicate of it was closed with a link here.
pub const DUPLICATE: &str = "duplicate";

/// `message` with the links its reader may follow: each linked message
/// the reader may see, in number order.
pub(super) fn with_links(
    conn: &dyn Reader,
    actor: &Actor,
    mut message: Message,
) -> ServiceResult<Message> {
    let mut links = Vec::new();
    for (other, kind) in conn.message_links(message.id, MAX_LINKS as u32)? {
        let Some(m) = conn.message(other)? else {
            continue;
        };
        if may_see(conn, actor, m.org, m.assignee, m.status).is_err() {
            continue;
        }
        links.push(MessageLink {
            kind,
            id: m.id,
            status: m.status,
            org_name: m.org_name,
            received_at: m.received_at,
            summary: crate::domain::message::summary(&m.text, 80),
        });
    }
    message.links = links;
    Ok(message)
}

/// The other message of a link: it exists, is not `id` itself, and the
/// actor may see it.
pub(super) fn link_target(
    tx: &dyn Reader,
    actor: &Actor,
    id: MessageId,
    other: MessageId,
) -> ServiceResult<LifecycleState> {
    if other == id {
        return Err(Invalid::new(Field::Link, Problem::SameMessage).into());
    }
    // One the actor may not see is, to them, not there.
    visible_state(tx, actor, other).map_err(|e| match e {
        ServiceError::Forbidden => not_found(Entity::Message, other),
        e => e,
    })
}

/// One line of a message's history about a link to `other`.
fn link_line(
    tx: &dyn Writer,
    actor: &Actor,
    id: MessageId,
    other: MessageId,
    action: &str,
    now: i64,
) -> ServiceResult<()> {
    tx.add_history(&NewHistory {
        message: id,
        at: now,
        actor: Some(actor.account),
        action,
        from: None,
        to: None,
        comment: None,
        subject: Some(other.0),
        draft: None,
    })?;
    Ok(())
}

/// Closing `id` as a duplicate of `of` (inside the closing step): the
/// original will be answered, the link is kept both ways, the original's
/// history tells of it and the duplicate's citizen is told where to look.
pub(super) fn close_as_duplicate(
    tx: &dyn Writer,
    actor: &Actor,
    id: MessageId,
    of: MessageId,
    now: i64,
) -> ServiceResult<()> {
    let original = link_target(tx, actor, id, of)?;
    if matches!(
        original.status,
        MessageStatus::Rejected | MessageStatus::Closed
    ) {
        return Err(Invalid::new(Field::Link, Problem::NotAnswerable).into());
    }
    tx.link_messages(id, of, LinkKind::DuplicateOf, actor.account, now)?;
    link_line(tx, actor, of, id, DUPLICATE, now)?;
    changes::message_changed(tx, of, Some(&original), now)
}

/// Links `id` and `other` as related, or removes that link (`remove`):
/// both visible to the actor, a line in each history, each followed
/// anew. Linking what is linked already changes nothing.
fn relink(
    tx: &dyn Writer,
    by: &Actor,
    id: MessageId,
    other: MessageId,
    remove: bool,
    now: i64,
) -> ServiceResult<Message> {
    let state = visible_state(tx, by, id)?;
    let target = link_target(tx, by, id, other)?;
    let existing = tx.message_links(id, MAX_LINKS as u32 + 1)?;
    let kind = existing.iter().find(|(o, _)| *o == other).map(|(_, k)| *k);
    let action = match (remove, kind) {
        // Already related, or a duplicate: that link says more.
        (false, Some(_)) => None,
        (false, None) if existing.len() >= MAX_LINKS => {
            return Err(Invalid::new(Field::Link, Problem::TooLong { max: MAX_LINKS }).into());
        }
        (false, None) => {
            tx.link_messages(id, other, LinkKind::Related, by.account, now)?;
            Some(LINK)
        }
        (true, None) => return Err(Invalid::new(Field::Link, Problem::NotLinked).into()),
        (true, Some(LinkKind::Related)) => {
            tx.unlink_messages(id, other)?;
            Some(UNLINK)
        }
        (true, Some(_)) => {
            return Err(Invalid::new(Field::Link, Problem::DuplicateLinkStays).into());
        }
    };
    if let Some(action) = action {
        link_line(tx, by, id, other, action, now)?;
        link_line(tx, by, other, id, action, now)?;
        changes::message_changed(tx, id, Some(&state), now)?;
        changes::message_changed(tx, other, Some(&target), now)?;
    }
    let message = tx
        .message(id)?
        .ok_or_else(|| not_found(Entity::Message, id))?;
    with_links(tx, by, message)
}

impl<D: Database> Rules<'_, D> {
    /// Links two messages as related (both must be visible to the actor);
    /// answers the first with its links.
    pub(crate) async fn link_messages(
        &self,
        actor: &Actor,
        id: MessageId,
        other: MessageId,
    ) -> ServiceResult<Message> {
        let by = actor.clone();
        self.write(move |tx, now| relink(tx, &by, id, other, false, now))
            .await
    }

    /// Removes a related link; a duplicate's link stays with its closure.
    pub(crate) async fn unlink_messages(
        &self,
        actor: &Actor,
        id: MessageId,
        other: MessageId,
    ) -> ServiceResult<Message> {
        let by = actor.clone();
        self.write(move |tx, now| relink(tx, &by, id, other, true, now))
            .await
    }

    /// The newest [`MAX_STEPS`] steps of a message's history, oldest first,
    /// with the drafts they left, read in one snapshot.
    pub(crate) async fn message_timeline(
        &self,
        actor: &Actor,
        id: MessageId,
    ) -> ServiceResult<Timeline> {
        let actor = actor.clone();
        self.read(move |conn, _| {
            visible_state(conn, &actor, id)?;
            let mut history = Vec::new();
            let mut before = None;
            let earlier = loop {
                let want = (MAX_STEPS - history.len() as u32).min(crate::domain::HISTORY_PAGE);
                let page = conn.message_history(id, before, want)?;
                before = page.entries.first().map(|h| h.id);
                let got = page.entries.len();
                history.splice(0..0, page.entries);
                if page.earlier == 0 || got == 0 || history.len() as u32 >= MAX_STEPS {
                    break page.earlier;
                }
            };
            let from = history.first().map_or(0, |h| h.id);
            Ok(Timeline {
                drafts: conn.history_drafts(id, from)?,
                history,
                earlier,
            })
        })
        .await
    }
}
