//! Marked sets in the queue: one, a range, the whole filter (loaded page by
//! page), and one step on all of them.

use super::*;

/// Marking in the queue: one, a range, all loaded, none, or the last set again.
pub fn mark(state: &mut State, c: Command) -> Vec<Effect> {
    let m = &mut state.messages;
    // Any other marking stops a "mark all" under way.
    if c != Command::MarkAll {
        m.marking_all = false;
    }
    let rows = &m.page.items;
    let cursor = m.page.list.selected;
    match c {
        Command::Mark => {
            if let Some(row) = rows.get(cursor) {
                match m.marked.iter().position(|id| *id == row.id) {
                    Some(i) => {
                        m.marked.remove(i);
                    }
                    None => m.marked.push(row.id),
                }
                if cursor + 1 < rows.len() {
                    m.page.list.selected += 1;
                }
            }
        }
        Command::MarkRange => {
            let anchor = m
                .marked
                .last()
                .and_then(|last| rows.iter().position(|r| r.id == *last))
                .unwrap_or(cursor);
            let (from, to) = (anchor.min(cursor), anchor.max(cursor));
            add_marks(
                &mut m.marked,
                &rows[from..=to.min(rows.len().saturating_sub(1))],
            );
        }
        Command::MarkAll => {
            add_marks(&mut m.marked, rows);
            // The rest of the filter too: loaded page by page, then marked.
            if m.page.next.is_some() && m.marked.len() < MAX_MARKED {
                m.marking_all = true;
                return mark_all_continue(state);
            }
        }
        Command::UnmarkAll => {
            m.marked.clear();
            m.marking_all = false;
        }
        Command::Remark => {
            m.marked = m.last_marked.clone();
            m.marking_all = false;
        }
        _ => {}
    }
    Vec::new()
}

/// The most messages marked at once (what one step on many accepts).
pub const MAX_MARKED: usize = crate::service::rules::MAX_MARKED;

/// Marks what is loaded and asks for the next page of the filter, until
/// all of it is marked (or the most one step accepts).
pub fn mark_all_continue(state: &mut State) -> Vec<Effect> {
    let m = &mut state.messages;
    add_marks(&mut m.marked, &m.page.items);
    // Never more than one step accepts.
    m.marked.truncate(MAX_MARKED);
    let next = m.page.next.clone();
    match next {
        Some(after)
            if m.marked.len() < MAX_MARKED && m.page.error.is_none() && !m.page.forbidden =>
        {
            let Some(mut query) = crate::tui::update::current_query(state) else {
                state.messages.marking_all = false;
                return Vec::new();
            };
            query.after = Some(after);
            query.limit = crate::service::types::MAX_PAGE;
            let req = state.request();
            state.messages.page.req = req;
            state.messages.page.loading = true;
            vec![Effect::Call {
                req,
                call: Call::Messages {
                    query,
                    append: true,
                },
            }]
        }
        _ => {
            state.messages.marking_all = false;
            if state.messages.marked.len() >= MAX_MARKED {
                state.notice = Some(
                    state
                        .i18n
                        .tr("marked-limit", &[("n", (MAX_MARKED as u64).into())]),
                );
            }
            Vec::new()
        }
    }
}

/// Marks `rows` that are not marked yet, keeping the order of marking.
pub(super) fn add_marks(marked: &mut Vec<MessageId>, rows: &[crate::domain::MessageRow]) {
    for row in rows {
        if !marked.contains(&row.id) {
            marked.push(row.id);
        }
    }
}

/// The executor picker for the marked set.
pub fn assign_marked(state: &mut State) -> Vec<Effect> {
    // Suggestions follow the first marked message's category.
    let Some(&first) = state.messages.marked.first() else {
        return Vec::new();
    };
    let req = state.request();
    state.open(Layer::Prompt(Prompt::Pick {
        kind: PickKind::ExecutorForMarked,
        query: String::new(),
        items: Vec::new(),
        selected: 0,
        req,
        loading: Loading::Waiting,
    }));
    vec![Effect::Call {
        req,
        call: Call::Executors { message: first },
    }]
}

/// Sends `act` for every marked message that is loaded, each at the version shown.
pub(super) fn send_marked(state: &mut State, act: Act) -> Vec<Effect> {
    // The whole filter first: a step on a set still being marked would miss some.
    if state.messages.marking_all {
        state.notice = Some(state.i18n.t("marking-in-progress"));
        return Vec::new();
    }
    let rows = &state.messages.page.items;
    let items: Vec<(MessageId, i64)> = state
        .messages
        .marked
        .iter()
        .filter_map(|id| rows.iter().find(|r| r.id == *id).map(|r| (r.id, r.version)))
        .collect();
    if items.is_empty() {
        return Vec::new();
    }
    let req = state.request();
    state.acting = Some(req);
    vec![Effect::Call {
        req,
        call: Call::ActMany { items, act },
    }]
}

/// The service's answer to a step on the marked set.
pub fn acted_many(
    state: &mut State,
    req: RequestId,
    result: ServiceResult<crate::service::ActReport>,
) -> Vec<Effect> {
    if state.acting != Some(req) {
        return Vec::new();
    }
    state.acting = None;
    let i = std::sync::Arc::clone(&state.i18n);
    match result {
        Ok(report) => {
            state.notice = Some(match report.refused.first() {
                Some((id, why)) => i.tr(
                    "bulk-done-reason",
                    &[
                        ("done", report.done.len().into()),
                        ("refused", report.refused.len().into()),
                        ("id", id.0.into()),
                        ("reason", i.error(why).as_str().into()),
                    ],
                ),
                None => i.tr(
                    "bulk-done",
                    &[
                        ("done", report.done.len().into()),
                        ("refused", 0usize.into()),
                    ],
                ),
            });
            state.messages.last_marked = std::mem::take(&mut state.messages.marked);
            crate::tui::update::reload_queue(state)
        }
        Err(e) => {
            state.notice = Some(i.error(&e));
            Vec::new()
        }
    }
}
