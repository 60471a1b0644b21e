//! The queue: what an actor may list of an organisation's messages, pages and
//! counts of it, one message, the classifier and the figures.

use super::*;

/// The subcategories of `category`, with itself.
pub(super) fn category_and_children(all: &[Category], category: CategoryId) -> Vec<CategoryId> {
    std::iter::once(category)
        .chain(
            all.iter()
                .filter(|c| c.parent == Some(category))
                .map(|c| c.id),
        )
        .collect()
}

/// The store's filter for what `actor` asks of a queue: what they may see
/// of it (executors: their own messages; moderation: platform curators;
/// a subtree: curators above it). `None` when nothing can match.
pub(super) fn message_filter(
    conn: &dyn Reader,
    actor: &Actor,
    query: &MessageQuery,
    today: NaiveDate,
) -> ServiceResult<Option<records::Filter>> {
    let path = org_path(conn, query.org)?;
    let target = Target {
        org: query.org,
        path: &path,
    };
    let subtree = if query.subtree {
        if !permissions::may_view_readiness(actor, target) || !actor.has(Role::Curator) {
            return Err(ServiceError::Forbidden);
        }
        Some((path.0.clone(), path.subtree_end()))
    } else {
        None
    };
    let assignee = match permissions::message_visibility(actor, target) {
        _ if subtree.is_some() => query.assignee,
        MessageVisibility::All => query.assignee,
        MessageVisibility::AssignedTo(me) if query.assignee.is_none_or(|a| a == me) => Some(me),
        _ => return Err(ServiceError::Forbidden),
    };
    let after = match query.after.as_deref() {
        Some(c) => Some(c.parse::<i64>().map_err(|_| bad_cursor(c))?),
        None => None,
    };
    let categories = match query.category {
        Some(c) => category_and_children(&conn.categories()?, c),
        None => Vec::new(),
    };
    let statuses = visible_statuses(actor, &query.statuses);
    if statuses.is_empty() && !query.statuses.is_empty() {
        return Ok(None);
    }
    Ok(Some(records::Filter {
        org: query.org.0,
        subtree,
        unassigned: query.unassigned,
        due_by: query.due_by,
        source: query.source,
        statuses,
        categories,
        assignee,
        overdue_before: query.overdue.then_some(today),
        text: query.text.clone(),
        citizen_contact: None,
        after,
        limit: clamp_limit(query.limit),
    }))
}

impl<D: Database> Rules<'_, D> {
    pub(crate) async fn messages(
        &self,
        actor: &Actor,
        query: &MessageQuery,
    ) -> ServiceResult<Page<MessageRow>> {
        let (actor, query) = (actor.clone(), query.clone());
        self.read(move |conn, today| {
            let Some(filter) = message_filter(conn, &actor, &query, today)? else {
                return Ok(Page {
                    items: Vec::new(),
                    next: None,
                });
            };
            let (items, next) = conn.messages_page(&filter)?;
            Ok(Page { items, next })
        })
        .await
    }

    pub(crate) async fn count_messages(
        &self,
        actor: &Actor,
        query: &MessageQuery,
    ) -> ServiceResult<u64> {
        let (actor, query) = (actor.clone(), query.clone());
        self.read(move |conn, today| {
            Ok(match message_filter(conn, &actor, &query, today)? {
                Some(filter) => conn.count_messages(&filter)?,
                None => 0,
            })
        })
        .await
    }

    pub(crate) async fn count_by_status(
        &self,
        actor: &Actor,
        query: &MessageQuery,
    ) -> ServiceResult<Vec<(MessageStatus, u64)>> {
        let actor = actor.clone();
        let query = MessageQuery {
            statuses: Vec::new(),
            ..query.clone()
        };
        self.read(move |conn, today| {
            Ok(match message_filter(conn, &actor, &query, today)? {
                Some(filter) => conn.count_messages_by_status(&filter)?,
                None => Vec::new(),
            })
        })
        .await
    }

    /// Counts per status (and overdue) in `org`, from the kept counts.
    pub(crate) async fn message_counts(
        &self,
        actor: &Actor,
        org: OrgId,
    ) -> ServiceResult<StatusCounts> {
        let actor = actor.clone();
        self.read(move |conn, today| {
            let path = org_path(conn, org)?;
            let (by_status, overdue) =
                match permissions::message_visibility(&actor, Target { org, path: &path }) {
                    MessageVisibility::All => (
                        conn.status_counts(org)?,
                        conn.overdue_count(org, None, today, actor.is_platform_curator())?,
                    ),
                    MessageVisibility::AssignedTo(me) => (
                        conn.status_counts_for_assignee(org, me)?,
                        conn.overdue_count(org, Some(me), today, actor.is_platform_curator())?,
                    ),
                    MessageVisibility::None => return Err(ServiceError::Forbidden),
                };
            let by_status = by_status
                .into_iter()
                .filter(|(s, _)| status_visible(&actor, *s))
                .collect();
            Ok(StatusCounts { by_status, overdue })
        })
        .await
    }

    pub(crate) async fn citizen_messages(
        &self,
        actor: &Actor,
        id: MessageId,
    ) -> ServiceResult<Vec<MessageRow>> {
        let actor = actor.clone();
        self.read(move |conn, today| {
            let message = visible_message(conn, &actor, id)?;
            // What the actor may list of the message's organisation, from this citizen.
            let query = MessageQuery {
                limit: crate::domain::links::CITIZEN_MESSAGES,
                ..MessageQuery::for_org(message.org)
            };
            let Some(mut filter) = message_filter(conn, &actor, &query, today)? else {
                return Ok(Vec::new());
            };
            filter.citizen_contact = Some(message.citizen_contact);
            filter.limit += 1;
            let (mut rows, _) = conn.messages_page(&filter)?;
            rows.retain(|r| r.id != id);
            rows.truncate(crate::domain::links::CITIZEN_MESSAGES as usize);
            Ok(rows)
        })
        .await
    }

    pub(crate) async fn message(&self, actor: &Actor, id: MessageId) -> ServiceResult<Message> {
        let actor = actor.clone();
        // One snapshot: the message, its history and the check agree.
        self.read(move |conn, _| visible_message(conn, &actor, id))
            .await
    }

    pub(crate) async fn message_history(
        &self,
        actor: &Actor,
        id: MessageId,
        before: Option<i64>,
    ) -> ServiceResult<crate::domain::HistoryPage> {
        let actor = actor.clone();
        self.read(move |conn, _| {
            visible_state(conn, &actor, id)?;
            Ok(conn.message_history(id, before, crate::domain::HISTORY_PAGE)?)
        })
        .await
    }

    pub(crate) async fn categories(&self, _actor: &Actor) -> ServiceResult<Vec<Category>> {
        self.read(|conn, _| Ok(conn.categories()?)).await
    }

    pub(crate) async fn statistics(
        &self,
        actor: &Actor,
        org: OrgId,
        subtree: bool,
    ) -> ServiceResult<Statistics> {
        let actor = actor.clone();
        self.read(move |conn, today| {
            let (path, end) = statistics_paths(conn, &actor, org, subtree)?;
            let f = conn.figures((&path, &end), today, actor.is_platform_curator())?;
            Ok(Statistics {
                subtree,
                by_status: f.by_status,
                overdue: f.overdue,
                answered: f.answered,
                answered_on_time: f.answered_on_time,
                by_category: f.by_category,
            })
        })
        .await
    }
}

/// The paths `[from, to)` of `org` (or its subtree) if `actor` may see
/// their statistics: the whole subtree is for curators above; one
/// organisation for whoever sees all of its queue.
pub(super) fn statistics_paths(
    conn: &dyn Reader,
    actor: &Actor,
    org: OrgId,
    subtree: bool,
) -> ServiceResult<(String, String)> {
    let path = org_path(conn, org)?;
    let target = Target { org, path: &path };
    let allowed = if subtree {
        actor.has(Role::Curator) && actor.org_path.contains(&path)
    } else {
        permissions::message_visibility(actor, target) == MessageVisibility::All
    };
    if !allowed {
        return Err(ServiceError::Forbidden);
    }
    let end = if subtree {
        path.subtree_end()
    } else {
        format!("{}\u{1}", path.0)
    };
    Ok((path.0, end))
}

/// The message with its history and links, if the actor may see it.
fn visible_message(conn: &dyn Reader, actor: &Actor, id: MessageId) -> ServiceResult<Message> {
    let message = conn
        .message(id)?
        .ok_or_else(|| not_found(Entity::Message, id))?;
    may_see(conn, actor, message.org, message.assignee, message.status)?;
    super::links::with_links(conn, actor, message)
}

/// The lifecycle state of message `id`, if the actor may see it.
pub(super) fn visible_state(
    conn: &dyn Reader,
    actor: &Actor,
    id: MessageId,
) -> ServiceResult<LifecycleState> {
    let state = conn
        .lifecycle_state(id)?
        .ok_or_else(|| not_found(Entity::Message, id))?;
    may_see(conn, actor, state.org, state.assignee, state.status)?;
    Ok(state)
}

/// Whether the actor may see a message of `org` given to `assignee`, in `status`.
pub(super) fn may_see(
    conn: &dyn Reader,
    actor: &Actor,
    org: OrgId,
    assignee: Option<AccountId>,
    status: MessageStatus,
) -> ServiceResult<()> {
    let path = org_path(conn, org)?;
    let target = Target { org, path: &path };
    if !permissions::may_view_message(actor, target, assignee) || !status_visible(actor, status) {
        return Err(ServiceError::Forbidden);
    }
    Ok(())
}
