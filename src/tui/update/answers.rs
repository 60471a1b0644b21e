//! The service's answers to the panes' requests, dropped when a newer request
//! has gone out.

use super::*;
use crate::tui::state::Received;

/// The answer to the call `req`; an answer no longer awaited is dropped
/// (each pane keeps the id of the request it waits for).
pub(super) fn answered(state: &mut State, req: RequestId, answer: Answer) -> Vec<Effect> {
    let i18n = std::sync::Arc::clone(&state.i18n);
    let describe = |e: &ServiceError| i18n.error(e);
    match answer {
        Answer::Children { parent, result } => {
            if state.tree.pending.get(&parent) != Some(&req) {
                return Vec::new();
            }
            state.tree.pending.remove(&parent);
            match result {
                Ok(nodes) => {
                    state.tree.children.insert(parent, nodes);
                    state.tree.error = None;
                }
                Err(e) => state.tree.error = Some(describe(&e)),
            }
            state.tree.rebuild();
            select_pending(state)
        }
        Answer::Ancestors { result } => match result {
            Ok(path) => {
                let Some(last) = path.last() else {
                    return Vec::new();
                };
                state.tree.select_when_loaded = Some(last.id);
                let mut effects = Vec::new();
                for node in &path[..path.len() - 1] {
                    state.tree.expanded.insert(node.id);
                    if !state.tree.children.contains_key(&Some(node.id)) {
                        let req = state.request();
                        state.tree.pending.insert(Some(node.id), req);
                        effects.push(Effect::Call {
                            req,
                            call: Call::Children {
                                parent: Some(node.id),
                            },
                        });
                    }
                }
                state.tree.rebuild();
                effects.extend(select_pending(state));
                effects
            }
            Err(e) => {
                state.tree.error = Some(describe(&e));
                Vec::new()
            }
        },
        Answer::SearchOrgs { result } => {
            if req != state.tree.search_req || state.tree.filter.trim().is_empty() {
                return Vec::new();
            }
            match result {
                Ok(nodes) => {
                    state.tree.search = Some(nodes);
                    state.tree.list = Default::default();
                    state.tree.rebuild();
                    state.tree.list.selected = 0;
                    return select_tree_org(state);
                }
                Err(e) => state.tree.error = Some(describe(&e)),
            }
            Vec::new()
        }
        Answer::Accounts { append, result } => {
            match state.accounts.receive(req, append, result, describe) {
                Received::WantsNextPage => return next_accounts(state),
                Received::Rows => keep_selection_visible(state),
                Received::Stale | Received::Failed => {}
            }
            Vec::new()
        }
        Answer::Messages { append, result } => {
            match state.messages.page.receive(req, append, result, describe) {
                Received::Stale => return Vec::new(),
                Received::WantsNextPage => return next_messages(state),
                Received::Rows => keep_selection_visible(state),
                Received::Failed => {}
            }
            if std::mem::take(&mut state.messages.open_when_loaded) && state.detail.is_none() {
                return open_message(state);
            }
            if state.messages.marking_all {
                return acting::mark_all_continue(state);
            }
            Vec::new()
        }
        Answer::Counts { result } => {
            if req == state.messages.counts_req {
                state.messages.counts = result.ok();
            }
            Vec::new()
        }
        Answer::Timeline { result } => {
            super::related::timeline_loaded(state, req, result);
            Vec::new()
        }
        Answer::Message { result, citizen } => {
            if let Some(d) = state.detail.as_mut().filter(|d| d.req == req) {
                match *result {
                    Ok(m) => {
                        d.message = Some(m);
                        d.citizen = citizen;
                        super::related::keep_pick(d);
                    }
                    Err(e) => {
                        // What is no longer this person's is not shown as it was.
                        if matches!(e, ServiceError::Forbidden | ServiceError::NotFound { .. }) {
                            d.message = None;
                        }
                        d.error = Some(describe(&e));
                    }
                }
            }
            Vec::new()
        }
        Answer::History { id, result } => {
            let open = state.detail.as_mut().and_then(|d| d.message.as_mut());
            match (open.filter(|m| m.id == id), result) {
                (Some(m), Ok(page)) => {
                    // Only what comes before what is shown (a page asked twice adds once).
                    let first = m.history.first().map_or(i64::MAX, |h| h.id);
                    let older: Vec<_> = page.entries.into_iter().filter(|h| h.id < first).collect();
                    m.history.splice(0..0, older);
                    m.history_earlier = page.earlier;
                }
                (Some(_), Err(e)) => state.notice = Some(describe(&e)),
                (None, _) => {}
            }
            Vec::new()
        }
        Answer::Admin { result } => super::super::admin::done(state, req, *result),
        Answer::Polls { reply } => crate::tui::polls::done(state, req, *reply),
        Answer::FilterChoices { result } => {
            acting::filter_choices_loaded(state, req, result);
            Vec::new()
        }
        Answer::CountByStatus { result } => {
            if req == state.messages.found_req {
                state.messages.found = result.ok();
            }
            Vec::new()
        }
        Answer::CountViews { counts } => {
            if req == state.views_req {
                state.view_counts = counts;
            }
            Vec::new()
        }
        Answer::Act { result } => acting::acted(state, req, *result),
        Answer::Executors { result } => {
            acting::executors_loaded(state, req, result);
            Vec::new()
        }
        Answer::ActMany { result } => acting::acted_many(state, req, result),
        Answer::Statistics { result, report } => {
            if let Some(st) = state.stats.as_mut().filter(|st| st.req == req) {
                st.report = report;
                match result {
                    Ok(data) => st.data = Some(data),
                    Err(e) => st.error = Some(describe(&e)),
                }
            }
            Vec::new()
        }
        Answer::Templates { result }
            if state.detail.as_ref().and_then(|d| d.lint_req) == Some(req) =>
        {
            acting::lint_loaded(state, result)
        }
        Answer::Templates { result }
            if state.detail.as_ref().and_then(|d| d.diff_req) == Some(req) =>
        {
            acting::diff_loaded(state, result);
            Vec::new()
        }
        Answer::Templates { result } => {
            acting::templates_loaded(state, req, result);
            Vec::new()
        }
        Answer::RedirectTargets { result } => {
            acting::orgs_loaded(state, req, result);
            Vec::new()
        }
    }
}

/// Selects the organisation waited for, once its row is in the tree.
pub(super) fn select_pending(state: &mut State) -> Vec<Effect> {
    let Some(target) = state.tree.select_when_loaded else {
        return Vec::new();
    };
    let Some(i) = state.tree.rows.iter().position(|r| r.node.id == target) else {
        return Vec::new();
    };
    state.tree.select_when_loaded = None;
    state.tree.list.selected = i;
    let focus = state.focus;
    state.focus = Pane::Tree;
    let h = page_height(state);
    state.tree.list.scroll_into_view(h);
    state.focus = focus;
    select_tree_org(state)
}
