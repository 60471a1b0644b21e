//! Intake and moderation: citizens' messages arriving, whether they are
//! moderated first, and the categories' deadlines.

use super::*;
use crate::domain::notice::Notice;

/// Where the platform keeps whether moderation is on.
pub(super) const MODERATION_KEY: &str = "moderation";

/// Working days to answer a message of no category (docs/domain.md §4: 10 by default).
pub(super) const DEFAULT_DEADLINE_DAYS: u32 = 10;

/// Working days to answer a formal appeal.
pub(super) const APPEAL_DAYS: u32 = 30;

/// Moderation is on unless switched off.
pub(super) fn moderation_on(conn: &dyn Reader) -> ServiceResult<bool> {
    Ok(conn.meta(MODERATION_KEY)?.as_deref() != Some("off"))
}

/// The longest deadline a category may have, in working days.
pub const MAX_DEADLINE_DAYS: u32 = 90;

/// Writes a citizen's message as it arrives (in moderation, or New when
/// moderation is off), its first history line and the citizen's notice of
/// registration. Answers its number, status and deadline.
pub(super) fn insert_incoming(
    tx: &dyn Writer,
    incoming: &IncomingMessage,
    received: NaiveDate,
    now: i64,
) -> ServiceResult<(MessageId, MessageStatus, NaiveDate)> {
    live_org(tx, incoming.org)?;
    let days = match (incoming.kind, incoming.category) {
        // Formal appeals (59-ФЗ) have their own term.
        (crate::domain::MessageKind::Appeal, _) => APPEAL_DAYS,
        (_, Some(c)) => {
            tx.categories()?
                .iter()
                .find(|k| k.id == c)
                .ok_or_else(|| not_found(Entity::Category, c))?
                .deadline_days
        }
        (_, None) => DEFAULT_DEADLINE_DAYS,
    };
    let deadline = super::calendar::platform_calendar(tx)?.add_working_days(received, days);
    let status = if moderation_on(tx)? {
        MessageStatus::Moderation
    } else {
        MessageStatus::New
    };
    let id = tx.insert_message(&NewMessage {
        org: incoming.org,
        category: incoming.category,
        kind: incoming.kind,
        source: incoming.source,
        citizen_name: incoming.citizen_name.trim().to_string(),
        citizen_contact: incoming.citizen_contact.trim().to_string(),
        text: incoming.text.clone(),
        address: incoming.address.clone().filter(|a| !a.trim().is_empty()),
        received_at: now,
        deadline,
        status,
        assignee: None,
        draft: None,
        answer: None,
    })?;
    tx.add_history(&NewHistory {
        message: id,
        at: now,
        actor: None,
        action: "received",
        from: None,
        to: Some(status),
        comment: None,
        subject: None,
        draft: None,
    })?;
    tx.queue_notice(Notice::Registered, id, now)?;
    changes::message_changed(tx, id, None, now)?;
    Ok((id, status, deadline))
}

impl<D: Database> Rules<'_, D> {
    pub(crate) async fn moderation(&self, actor: &Actor) -> ServiceResult<bool> {
        if !actor.is_platform_curator() {
            return Err(ServiceError::Forbidden);
        }
        self.read(|conn, _| moderation_on(conn)).await
    }

    pub(crate) async fn set_moderation(&self, actor: &Actor, on: bool) -> ServiceResult<bool> {
        if !actor.is_platform_curator() {
            return Err(ServiceError::Forbidden);
        }
        self.write(move |tx, now| {
            tx.set_meta(MODERATION_KEY, if on { "on" } else { "off" })?;
            changes::record(tx, &Change::Settings, now)?;
            Ok(on)
        })
        .await
    }

    pub(crate) async fn receive_message(
        &self,
        actor: &Actor,
        incoming: &IncomingMessage,
    ) -> ServiceResult<Message> {
        if !actor.is_platform_curator() {
            return Err(ServiceError::Forbidden);
        }
        incoming.validate()?;
        let incoming = incoming.clone();
        let received = self.today();
        let message = self
            .write(move |tx, now| {
                let (id, ..) = insert_incoming(tx, &incoming, received, now)?;
                tx.message(id)?
                    .ok_or_else(|| not_found(Entity::Message, id))
            })
            .await?;
        self.nudge_mail_worker();
        Ok(message)
    }

    pub(crate) async fn set_category_deadline(
        &self,
        actor: &Actor,
        category: CategoryId,
        days: u32,
        stages: Option<Stages>,
    ) -> ServiceResult<Category> {
        // The classifier is the platform's: its administrators set it.
        if !(actor.has(Role::Admin) && actor.org_path.is_root()) {
            return Err(ServiceError::Forbidden);
        }
        if !(1..=MAX_DEADLINE_DAYS).contains(&days) {
            return Err(Invalid::new(
                Field::Days,
                Problem::OutOfRange {
                    min: 1,
                    max: MAX_DEADLINE_DAYS,
                },
            )
            .into());
        }
        if let Some(s) = stages
            && s.moderation + s.execution + s.approval != days
        {
            return Err(Invalid::new(Field::Stages, Problem::StagesSum { days }).into());
        }
        self.write(move |tx, now| {
            if !tx.categories()?.iter().any(|c| c.id == category) {
                return Err(not_found(Entity::Category, category));
            }
            tx.set_category_deadline(category, days)?;
            tx.set_category_stages(category, stages)?;
            changes::record(tx, &Change::Settings, now)?;
            tx.categories()?
                .into_iter()
                .find(|c| c.id == category)
                .ok_or_else(|| not_found(Entity::Category, category))
        })
        .await
    }
}
