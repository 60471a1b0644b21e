//! The service's answers to the panes' requests, dropped when a newer request
//! has gone out.

use super::*;

/// Results of effects; a result whose request id is no longer awaited is dropped.
pub(super) fn loaded_result(state: &mut State, action: Action) -> Vec<Effect> {
    let i18n = std::sync::Arc::clone(&state.i18n);
    let describe = |e: &ServiceError| i18n.error(e);
    match action {
        Action::ChildrenLoaded {
            req,
            parent,
            result,
        } => {
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
        Action::AncestorsLoaded { result, .. } => match result {
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
                        effects.push(Effect::LoadChildren {
                            req,
                            parent: Some(node.id),
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
        Action::OrgSearchLoaded { req, result } => {
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
        Action::AccountsLoaded {
            req,
            append,
            result,
        } => {
            let a = &mut state.accounts;
            if req != a.req {
                return Vec::new();
            }
            a.loading = false;
            match result {
                Ok(page) => {
                    if !append {
                        a.items.clear();
                    }
                    a.items.extend(page.items);
                    a.next = page.next;
                    if a.restore_cursor() {
                        return next_accounts(state);
                    }
                    keep_selection_visible(state);
                }
                Err(ServiceError::Forbidden) => {
                    a.forbidden = true;
                    a.keep = None;
                }
                Err(e) => {
                    a.error = Some(describe(&e));
                    a.keep = None;
                }
            }
            Vec::new()
        }
        Action::MessagesLoaded {
            req,
            append,
            result,
        } => {
            let p = &mut state.messages.page;
            if req != p.req {
                return Vec::new();
            }
            p.loading = false;
            match result {
                Ok(page) => {
                    if !append {
                        p.items.clear();
                    }
                    p.items.extend(page.items);
                    p.next = page.next;
                    if p.restore_cursor() {
                        return next_messages(state);
                    }
                    keep_selection_visible(state);
                }
                Err(ServiceError::Forbidden) => {
                    p.forbidden = true;
                    p.keep = None;
                }
                Err(e) => {
                    p.error = Some(describe(&e));
                    p.keep = None;
                }
            }
            if state.messages.marking_all {
                return acting::mark_all_continue(state);
            }
            Vec::new()
        }
        Action::CountsLoaded { req, result } => {
            if req == state.messages.counts_req {
                state.messages.counts = result.ok();
            }
            Vec::new()
        }
        Action::MessageLoaded { req, result } => {
            if let Some(d) = state.detail.as_mut().filter(|d| d.req == req) {
                match *result {
                    Ok(m) => d.message = Some(m),
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
        _ => Vec::new(),
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
