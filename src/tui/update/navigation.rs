//! Moving about: the cursor in each pane, the tree opened and closed, tabs,
//! the message opened, the mouse.

use super::*;

/// Is `ancestor` above `org` among the loaded rows of the tree?
pub(super) fn is_ancestor(state: &State, ancestor: OrgId, org: OrgId) -> bool {
    let mut current = Some(org);
    while let Some(id) = current {
        if id == ancestor {
            return true;
        }
        current = state
            .tree
            .rows
            .iter()
            .find(|r| r.node.id == id)
            .and_then(|r| r.node.parent);
    }
    false
}

/// Rows a list pane shows, for paging and scrolling.
pub(super) fn page_height(state: &State) -> usize {
    let l = layout(state.size, state.views.len());
    match state.focus {
        Pane::Tree => l.tree.height.saturating_sub(2),
        Pane::Accounts => l.accounts.height.saturating_sub(3),
        Pane::Messages => l.messages.height.saturating_sub(4),
    }
    .max(1) as usize
}

pub(super) fn keep_selection_visible(state: &mut State) {
    let focus = state.focus;
    for pane in Pane::ORDER {
        state.focus = pane;
        let h = page_height(state);
        match pane {
            Pane::Tree => state.tree.list.scroll_into_view(h),
            Pane::Accounts => state.accounts.list.scroll_into_view(h),
            Pane::Messages => state.messages.page.list.scroll_into_view(h),
        }
    }
    state.focus = focus;
}

pub(super) fn move_cursor(state: &mut State, delta: isize) -> Vec<Effect> {
    let height = page_height(state);
    match state.focus {
        Pane::Tree => {
            let len = state.tree.rows.len();
            state.tree.list.move_by(delta, len, height);
            select_tree_org(state)
        }
        Pane::Accounts => {
            let len = state.accounts.items.len();
            state.accounts.keep = None;
            state.accounts.list.move_by(delta, len, height);
            more_accounts(state)
        }
        Pane::Messages => {
            let len = state.messages.page.items.len();
            state.messages.page.keep = None;
            state.messages.page.list.move_by(delta, len, height);
            more_messages(state)
        }
    }
}

/// After the tree cursor moved: load the newly selected organisation's panes.
pub(super) fn select_tree_org(state: &mut State) -> Vec<Effect> {
    match state.tree.selected_id() {
        Some(id) if Some(id) != state.selected_org => select_org(state, id),
        _ => Vec::new(),
    }
}

pub(super) fn select_org(state: &mut State, org: OrgId) -> Vec<Effect> {
    state.selected_org = Some(org);
    state.detail = None;
    let mut effects = reload_accounts(state);
    effects.extend(reload_messages(state));
    effects
}

pub(super) fn switch_tab(state: &mut State, delta: isize) -> Vec<Effect> {
    // From a saved view, the tab keys go back to the tabs as they were.
    if state.messages.view.take().is_some() {
        return reload_messages(state);
    }
    let n = TABS.len() as isize;
    state.messages.tab = ((state.messages.tab as isize + delta).rem_euclid(n)) as usize;
    state.messages.widened_from = None;
    reload_messages(state)
}

/// The tab "all" for a search or filter, keeping them; pressed again, the
/// tab it came from.
pub(super) fn widen_search(state: &mut State) -> Vec<Effect> {
    let all = TABS.len() - 1;
    let m = &mut state.messages;
    if let Some(from) = m.widened_from.take().filter(|_| m.tab == all) {
        m.tab = from;
    } else if searching(state) && state.messages.tab != all {
        state.messages.widened_from = Some(state.messages.tab);
        state.messages.tab = all;
    } else {
        let keys = &state.keymap;
        state.notice = Some(state.i18n.tr(
            "widen-nothing",
            &[
                ("search", keys.first_key(Command::Filter).as_str().into()),
                (
                    "filters",
                    keys.first_key(Command::QueueFilters).as_str().into(),
                ),
            ],
        ));
        return Vec::new();
    }
    state.focus = Pane::Messages;
    reload_messages(state)
}

pub(super) fn expand(state: &mut State) -> Vec<Effect> {
    if state.focus != Pane::Tree {
        return Vec::new();
    }
    let Some(row) = state.tree.selected().cloned() else {
        return Vec::new();
    };
    if row.node.child_count == 0 || state.tree.search.is_some() {
        return Vec::new();
    }
    if state.tree.expanded.insert(row.node.id)
        && !state.tree.children.contains_key(&Some(row.node.id))
    {
        let req = state.request();
        state.tree.pending.insert(Some(row.node.id), req);
        return vec![Effect::Call {
            req,
            call: Call::Children {
                parent: Some(row.node.id),
            },
        }];
    }
    state.tree.rebuild();
    Vec::new()
}

pub(super) fn collapse(state: &mut State) -> Vec<Effect> {
    if state.focus != Pane::Tree {
        return Vec::new();
    }
    let Some(row) = state.tree.selected().cloned() else {
        return Vec::new();
    };
    if state.tree.expanded.remove(&row.node.id) {
        state.tree.rebuild();
        return Vec::new();
    }
    // Already collapsed: go to the parent.
    let parent_row = row
        .node
        .parent
        .and_then(|p| state.tree.rows.iter().position(|r| r.node.id == p));
    if let Some(i) = parent_row {
        state.tree.list.selected = i;
        let h = page_height(state);
        state.tree.list.scroll_into_view(h);
        return select_tree_org(state);
    }
    Vec::new()
}

pub(super) fn open_message(state: &mut State) -> Vec<Effect> {
    let page = &state.messages.page;
    let Some(row) = page.items.get(page.list.selected) else {
        // Typed ahead (a search, then Enter at once): the first row opens
        // when the list comes.
        state.messages.open_when_loaded = page.loading;
        return Vec::new();
    };
    let id = row.id;
    let req = state.request();
    state.detail = Some(DetailState::new(id, req));
    vec![Effect::Call {
        req,
        call: Call::Message { id },
    }]
}

pub(super) fn contains(r: Rect, x: u16, y: u16) -> bool {
    r.contains(Position { x, y })
}

pub(super) fn mouse(state: &mut State, m: MouseEvent) -> Vec<Effect> {
    // Under an overlay the panes do not take clicks.
    if state.screen != Screen::Main || !state.layers.is_empty() {
        return Vec::new();
    }
    let l = layout(state.size, state.views.len());
    let (x, y) = (m.column, m.row);
    let open = state.detail.is_some() || state.stats.is_some() || state.polls.is_some();
    if open && contains(l.open, x, y) {
        return match m.kind {
            MouseEventKind::ScrollDown => command(state, Command::Down),
            MouseEventKind::ScrollUp => command(state, Command::Up),
            _ => Vec::new(),
        };
    }
    let pane = if contains(l.tree, x, y) {
        Pane::Tree
    } else if contains(l.accounts, x, y) {
        Pane::Accounts
    } else if contains(l.messages, x, y) {
        Pane::Messages
    } else {
        return Vec::new();
    };
    state.focus = pane;
    match m.kind {
        MouseEventKind::ScrollDown => move_cursor(state, 3),
        MouseEventKind::ScrollUp => move_cursor(state, -3),
        // A click on a tab of the queue switches to it.
        MouseEventKind::Down(MouseButton::Left)
            if pane == Pane::Messages && y == l.messages.y + 1 && x > l.messages.x =>
        {
            let width = l.messages.width.saturating_sub(2) as usize;
            let column = usize::from(x - l.messages.x - 1);
            match crate::tui::view::tab_at(state, width, column) {
                Some(tab) if tab != state.messages.tab => {
                    state.messages.tab = tab;
                    reload_messages(state)
                }
                _ => Vec::new(),
            }
        }
        MouseEventKind::Down(MouseButton::Left) => {
            // First list row: below the border, plus the header (and the tabs for messages).
            let (area, header, offset) = match pane {
                Pane::Tree => (l.tree, 1, state.tree.list.offset),
                Pane::Accounts => (l.accounts, 2, state.accounts.list.offset),
                Pane::Messages => (l.messages, 3, state.messages.page.list.offset),
            };
            let first = area.y + header;
            if y < first {
                return Vec::new();
            }
            let target = offset + usize::from(y - first);
            let current = match pane {
                Pane::Tree => state.tree.list.selected,
                Pane::Accounts => state.accounts.list.selected,
                Pane::Messages => state.messages.page.list.selected,
            };
            // A second click on the selected message opens it, so a double
            // click opens a row (as lazygit does, with no timer to tune).
            if pane == Pane::Messages && target == current {
                return command(state, Command::Open);
            }
            move_cursor(state, target as isize - current as isize)
        }
        _ => Vec::new(),
    }
}
