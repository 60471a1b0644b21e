//! What the panes ask the service for: the accounts and queue pages of the
//! selection with its filters, more as the cursor nears the end, the counts
//! of the saved views.

use super::*;

/// Rows before the end of a list at which the next page is fetched.
pub(super) const PREFETCH: usize = 30;

pub(super) fn account_query(state: &State) -> AccountQuery {
    let text = Some(state.accounts.filter.clone()).filter(|t| !t.is_empty());
    AccountQuery {
        text,
        after: None,
        limit: 0,
    }
}

/// The queue's query as it stands (view or tab, filters, text).
pub fn current_query(state: &State) -> Option<MessageQuery> {
    message_query(state)
}

pub(super) fn message_query(state: &State) -> Option<MessageQuery> {
    let text = Some(state.messages.page.filter.clone()).filter(|t| !t.is_empty());
    // A saved view is about the person's own organisation.
    if let (Some(view), Some(session)) = (
        state.messages.view.and_then(|v| state.views.get(v)),
        &state.session,
    ) {
        let mut q = view.query(&session.actor, state.today);
        q.overdue |= state.messages.overdue_only;
        q.text = text;
        return Some(with_filters(q, &state.messages.filters));
    }
    let org = state.selected_org?;
    let mut q = MessageQuery::for_org(org);
    q.statuses = TABS[state.messages.tab].into_iter().collect();
    q.overdue = state.messages.overdue_only;
    q.text = text;
    Some(with_filters(q, &state.messages.filters))
}

pub(super) fn with_filters(
    mut q: MessageQuery,
    f: &crate::tui::state::QueueFilters,
) -> MessageQuery {
    if let Some((c, _)) = &f.category {
        q.category = Some(*c);
    }
    if let Some((a, _)) = &f.assignee {
        q.assignee = Some(*a);
    }
    if let Some((s, _)) = &f.source {
        q.source = Some(*s);
    }
    q
}

/// Asks for the counts of the saved views.
pub(super) fn count_views(state: &mut State) -> Vec<Effect> {
    let Some(session) = &state.session else {
        return Vec::new();
    };
    let queries: Vec<MessageQuery> = state
        .views
        .iter()
        .map(|v| v.query(&session.actor, state.today))
        .collect();
    if queries.is_empty() {
        return Vec::new();
    }
    let req = state.request();
    state.views_req = req;
    vec![Effect::Call {
        req,
        call: Call::CountViews { queries },
    }]
}

/// The accounts of the selection, from their top (a new list: another
/// organisation or filter).
pub fn reload_accounts(state: &mut State) -> Vec<Effect> {
    let effects = refresh_accounts(state);
    state.accounts.keep = None;
    effects
}

/// The same accounts again (after a change): the cursor stays on its row.
pub fn refresh_accounts(state: &mut State) -> Vec<Effect> {
    let Some(org) = state.selected_org else {
        return Vec::new();
    };
    let req = state.request();
    state.accounts.reload(req);
    vec![Effect::Call {
        req,
        call: Call::Accounts {
            org,
            query: account_query(state),
            append: false,
        },
    }]
}

/// Reloads the queue and its counts (after a message changed).
pub fn reload_queue(state: &mut State) -> Vec<Effect> {
    refresh_messages(state)
}

/// The queue from its top (a new list: another tab, view or filter).
pub(super) fn reload_messages(state: &mut State) -> Vec<Effect> {
    let effects = refresh_messages(state);
    state.messages.page.keep = None;
    effects
}

/// The same queue again (after a change): the cursor stays on its row.
pub(super) fn refresh_messages(state: &mut State) -> Vec<Effect> {
    let Some(query) = message_query(state) else {
        return Vec::new();
    };
    let req = state.request();
    state.messages.page.reload(req);
    state.messages.marking_all = false;
    // Something else was asked since an `open` typed ahead.
    state.messages.open_when_loaded = false;
    let counts_req = state.request();
    state.messages.counts_req = counts_req;
    let mut effects = vec![
        Effect::Call {
            req,
            call: Call::Messages {
                query: query.clone(),
                append: false,
            },
        },
        Effect::Call {
            req: counts_req,
            call: Call::Counts { org: query.org },
        },
    ];
    effects.extend(count_found(state));
    effects.extend(count_views(state));
    effects
}

/// Whether the tabs' list is narrowed beyond its status: by text, overdue
/// or a filter (a saved view has no tabs).
pub fn searching(state: &State) -> bool {
    state.messages.view.is_none()
        && (!state.messages.page.filter.is_empty()
            || state.messages.overdue_only
            || !state.messages.filters.is_empty())
}

/// Under a search, asks what it finds in each tab (once its text is typed:
/// counting every status is dearer than a page); without one, forgets it.
pub(super) fn count_found(state: &mut State) -> Vec<Effect> {
    if !searching(state) {
        state.messages.widened_from = None;
    }
    let query = message_query(state).filter(|_| searching(state));
    let (Some(query), None) = (query, &state.input) else {
        state.messages.found = None;
        return Vec::new();
    };
    let req = state.request();
    state.messages.found_req = req;
    vec![Effect::Call {
        req,
        call: Call::CountByStatus { query },
    }]
}

pub(super) fn more_accounts(state: &mut State) -> Vec<Effect> {
    let a = &state.accounts;
    if a.loading || a.list.selected + PREFETCH < a.items.len() {
        return Vec::new();
    }
    next_accounts(state)
}

/// The next page of accounts, if there is one.
pub(super) fn next_accounts(state: &mut State) -> Vec<Effect> {
    let (Some(org), Some(next)) = (state.selected_org, state.accounts.next.clone()) else {
        return Vec::new();
    };
    let req = state.request();
    let mut query = account_query(state);
    query.after = Some(next);
    state.accounts.req = req;
    state.accounts.loading = true;
    vec![Effect::Call {
        req,
        call: Call::Accounts {
            org,
            query,
            append: true,
        },
    }]
}

pub(super) fn more_messages(state: &mut State) -> Vec<Effect> {
    let p = &state.messages.page;
    if p.loading || p.list.selected + PREFETCH < p.items.len() {
        return Vec::new();
    }
    next_messages(state)
}

/// The next page of the queue, if there is one.
pub(super) fn next_messages(state: &mut State) -> Vec<Effect> {
    let Some(next) = state.messages.page.next.clone() else {
        return Vec::new();
    };
    let Some(mut query) = message_query(state) else {
        return Vec::new();
    };
    query.after = Some(next);
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

/// Loads again every part of the tree that is loaded.
pub fn refresh_tree(state: &mut State) -> Vec<Effect> {
    let parents: Vec<Option<OrgId>> = state.tree.children.keys().copied().collect();
    load_levels(state, parents)
}

/// Loads these levels of the tree (children of each parent) again.
pub(super) fn load_levels(state: &mut State, parents: Vec<Option<OrgId>>) -> Vec<Effect> {
    let mut effects = Vec::new();
    for parent in parents {
        let req = state.request();
        state.tree.pending.insert(parent, req);
        effects.push(Effect::Call {
            req,
            call: Call::Children { parent },
        });
    }
    effects
}

pub(super) fn refresh(state: &mut State) -> Vec<Effect> {
    let mut effects = refresh_tree(state);
    effects.extend(refresh_accounts(state));
    effects.extend(refresh_messages(state));
    effects
}
