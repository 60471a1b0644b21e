//! The change feed on screen: what a batch of changes refreshes (the
//! queue, its tab counts, the saved views' counts, the tree levels whose
//! figures moved, the accounts, the open message), keeping the cursor on
//! its row by id, announcing arrivals, and warning the person whose draft
//! was overtaken.

use std::collections::HashSet;

use super::*;
use crate::domain::change::{Change, Place};
use crate::tui::action::Live;

pub(super) fn live(state: &mut State, live: Live) -> Vec<Effect> {
    if let Live::Lost { retry_secs } = live {
        state.feed_lost = Some(retry_secs);
        return Vec::new();
    }
    if matches!(live, Live::Connected) {
        state.feed_lost = None;
    }
    if state.session.is_none() || state.screen != Screen::Main {
        return Vec::new();
    }
    match live {
        Live::Lost { .. } => Vec::new(),
        Live::Connected => {
            state.notice = Some(state.i18n.t("live-back"));
            everything(state)
        }
        Live::Changes { reload: true, .. } => everything(state),
        Live::Changes { changes, .. } => changed(state, &changes),
    }
}

/// Reads everything on screen again, the cursor staying on its rows.
fn everything(state: &mut State) -> Vec<Effect> {
    let mut effects = refresh(state);
    effects.extend(reload_detail(state));
    effects
}

fn reload_detail(state: &mut State) -> Vec<Effect> {
    let req = state.request();
    match state.detail.as_mut() {
        Some(d) => {
            d.req = req;
            vec![Effect::Call {
                req,
                call: Call::Message { id: d.id },
            }]
        }
        None => Vec::new(),
    }
}

/// Is a message standing at `place` in the queue `query` lists?
fn in_queue(query: &MessageQuery, place: &Place, with_status: bool) -> bool {
    let org = place.org == query.org || query.subtree && place.path.ids().contains(&query.org);
    org && (!with_status || query.statuses.is_empty() || query.statuses.contains(&place.status))
}

fn changed(state: &mut State, changes: &[Change]) -> Vec<Effect> {
    let query = message_query(state);
    let listed: HashSet<i64> = state.messages.page.items.iter().map(|r| r.id.0).collect();
    let mut queue_moved = false;
    let mut arrived = 0u64;
    let mut figures: HashSet<OrgId> = HashSet::new();
    let mut tree_parents: HashSet<Option<OrgId>> = HashSet::new();
    let mut accounts_moved = false;
    let mut open_moved: Option<(i64, Option<crate::domain::AccountId>)> = None;
    for change in changes {
        figures.extend(change.moved_counts());
        match change {
            Change::Message {
                id,
                version,
                now,
                was,
            } => {
                if let Some(q) = &query {
                    if in_queue(q, now, false)
                        || was.as_ref().is_some_and(|w| in_queue(q, w, false))
                    {
                        queue_moved = true;
                    }
                    let came_in = was.as_ref().is_none_or(|w| !in_queue(q, w, false));
                    if came_in && in_queue(q, now, true) && !listed.contains(&id.0) {
                        arrived += 1;
                    }
                }
                if state.detail.as_ref().is_some_and(|d| d.id == *id) {
                    open_moved = Some((*version, now.assignee));
                }
            }
            Change::Account { org, .. } => accounts_moved |= state.selected_org == Some(*org),
            Change::Org { id, path } => {
                figures.insert(*id);
                // A new organisation appears in its parent's level.
                let ids = path.ids();
                tree_parents.insert(ids.len().checked_sub(2).map(|i| ids[i]));
            }
            Change::Counts { .. }
            | Change::Templates { .. }
            | Change::Poll { .. }
            | Change::Settings => {}
        }
    }
    let mut effects = crate::tui::polls::changed(state, changes);
    effects.extend(refresh_levels(state, &figures, &tree_parents));
    let tabs_moved = query.as_ref().is_some_and(|q| figures.contains(&q.org));
    if queue_moved || tabs_moved {
        effects.extend(refresh_messages(state));
    } else if !figures.is_empty() {
        effects.extend(count_views(state));
    }
    if accounts_moved {
        effects.extend(refresh_accounts(state));
    }
    if arrived > 0 && state.notice.is_none() {
        state.notice = Some(state.i18n.tr("live-arrived", &[("n", arrived.into())]));
    }
    if let Some((version, assignee)) = open_moved {
        effects.extend(open_message_moved(state, version, assignee));
    }
    effects
}

/// Loads again the tree's levels that show an organisation whose figures
/// moved, and those a new organisation appears in.
fn refresh_levels(
    state: &mut State,
    figures: &HashSet<OrgId>,
    parents: &HashSet<Option<OrgId>>,
) -> Vec<Effect> {
    let levels: Vec<Option<OrgId>> = state
        .tree
        .children
        .iter()
        .filter(|(parent, kids)| {
            parents.contains(parent) || kids.iter().any(|k| figures.contains(&k.id))
        })
        .map(|(parent, _)| *parent)
        .collect();
    load_levels(state, levels)
}

/// The open message took a step. Not this person's own (their step is
/// under way, or its answer already shown): read it again, and if they
/// are writing its answer, tell them at once — their text stays.
fn open_message_moved(
    state: &mut State,
    version: i64,
    assignee: Option<crate::domain::AccountId>,
) -> Vec<Effect> {
    let known = state
        .detail
        .as_ref()
        .and_then(|d| d.message.as_ref())
        .map(|m| m.version);
    if state.acting.is_some() || known.is_some_and(|v| v >= version) {
        return Vec::new();
    }
    let mut effects = reload_detail(state);
    let me = state.session.as_ref().map(|s| s.actor.account);
    let Some(editor) = state.editor() else {
        return effects;
    };
    let (id, text) = (editor.id, editor.text());
    let key = if assignee.is_some() && assignee != me {
        "draft-not-yours"
    } else {
        "draft-changed-elsewhere"
    };
    state.notice = Some(state.i18n.tr(key, &[("id", id.0.into())]));
    effects.push(Effect::JournalWrite { id, text });
    effects
}
