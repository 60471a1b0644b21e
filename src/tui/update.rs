//! `update(&mut State, Action) -> Vec<Effect>`: every change of the
//! client's state happens here, without I/O, so it is tested directly.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::acting;
use super::action::{Action, Effect, SignInChoice};
use super::keymap::Command;
use super::state::{DetailState, Pane, PlatformForm, Screen, Session, State, TABS};
use super::view::layout;
use crate::domain::{OrgId, Role};
use crate::service::{AccountQuery, MessageQuery, ServiceError};

/// Rows before the end of a list at which the next page is fetched.
const PREFETCH: usize = 30;

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Resize(w, h) => {
            state.size = (w, h);
            keep_selection_visible(state);
            Vec::new()
        }
        Action::DemoProgress(text) => {
            if let Screen::Building { progress } = &mut state.screen {
                *progress = text;
            }
            Vec::new()
        }
        Action::DemoBuilt(result) => match result {
            Ok(summary) => {
                let choices = summary
                    .sign_in
                    .iter()
                    .map(|h| SignInChoice {
                        role: h.role,
                        email: h.email.clone(),
                        label: format!("{} — {}, {}", h.name, h.org_name, h.email),
                    })
                    .collect();
                state.screen = Screen::SignIn {
                    choices,
                    selected: 0,
                };
                Vec::new()
            }
            Err(e) => {
                state.notice = Some(e);
                state.screen = Screen::FirstRun {
                    path: String::new(),
                    selected: 0,
                };
                Vec::new()
            }
        },
        Action::PlatformCreated(result) => match result {
            Ok(email) => vec![Effect::SignIn { email }],
            Err(e) => {
                if let Screen::PlatformForm(form) = &mut state.screen {
                    form.error = Some(e);
                }
                Vec::new()
            }
        },
        Action::Suggestions(result) => {
            match result {
                Ok(choices) => {
                    state.screen = Screen::SignIn {
                        choices,
                        selected: 0,
                    }
                }
                Err(e) => state.notice = Some(e),
            }
            Vec::new()
        }
        Action::SignedIn(result) => match result {
            Ok(actor) if !actor.trained => {
                state.screen = Screen::Training {
                    name: actor.name,
                    url: String::new(),
                };
                vec![Effect::LoadTrainingUrl]
            }
            Ok(actor) => start_main(state, actor),
            Err(e) => {
                state.notice = Some(e);
                Vec::new()
            }
        },
        Action::Command(c) => command(state, c),
        Action::Text(key) if state.admin.is_some() => super::admin::key(state, key),
        Action::AdminDone { req, result } => super::admin::done(state, req, *result),
        Action::ImportProgress { req, done, total } => {
            super::admin::import_progress(state, req, done, total);
            Vec::new()
        }
        Action::Text(key) if state.prompt.is_some() || state.editor.is_some() => {
            state.now = std::time::Instant::now().max(state.now);
            acting::key(state, key)
        }
        Action::Text(key) => text(state, key),
        Action::Tick(now) => acting::tick(state, now),
        Action::JournalRead { id, text } => acting::journal_read(state, id, text),
        Action::FilterChoicesLoaded { req, result } => {
            acting::filter_choices_loaded(state, req, result);
            Vec::new()
        }
        Action::ViewCounts { req, counts } => {
            if req == state.views_req {
                state.view_counts = counts;
            }
            Vec::new()
        }
        Action::TrainingUrl(found) => {
            if let Screen::Training { url, .. } = &mut state.screen {
                *url = found;
            }
            Vec::new()
        }
        Action::Notice(text) => {
            state.notice = Some(text);
            Vec::new()
        }
        Action::Acted { req, result } => acting::acted(state, req, *result),
        Action::ExecutorsLoaded { req, result } => {
            acting::executors_loaded(state, req, result);
            Vec::new()
        }
        Action::ActedMany { req, result } => acting::acted_many(state, req, result),
        Action::StatisticsLoaded { req, result } => {
            if let Some(st) = state.stats.as_mut().filter(|st| st.req == req) {
                match result {
                    Ok(data) => st.data = Some(data),
                    Err(e) => st.error = Some(state.i18n.error(&e)),
                }
            }
            Vec::new()
        }
        Action::TemplatesLoaded { req, result }
            if state.detail.as_ref().and_then(|d| d.diff_req) == Some(req) =>
        {
            acting::diff_loaded(state, result);
            Vec::new()
        }
        Action::TemplatesLoaded { req, result } => {
            acting::templates_loaded(state, req, result);
            Vec::new()
        }
        Action::PickOrgsLoaded { req, result } => {
            acting::orgs_loaded(state, req, result);
            Vec::new()
        }
        Action::Mouse(m) => mouse(state, m),
        loaded => loaded_result(state, loaded),
    }
}

/// Signed in: show the main screen and open the tree at the person's organisation.
fn start_main(state: &mut State, actor: crate::domain::Actor) -> Vec<Effect> {
    let location = state.location.clone();
    state.messages.tab = State::default_tab(&actor);
    state.views = super::views::View::for_actor(&actor);
    state.view_counts = vec![None; state.views.len()];
    let org = actor.org;
    state.session = Some(Session { actor, location });
    state.screen = Screen::Main;
    state.notice = None;
    let req = state.request();
    state.tree.pending.insert(None, req);
    let ancestors = state.request();
    vec![
        Effect::LoadChildren { req, parent: None },
        Effect::LoadAncestors {
            req: ancestors,
            org,
        },
    ]
}

fn command(state: &mut State, c: Command) -> Vec<Effect> {
    match &mut state.screen {
        Screen::Main => {}
        Screen::FirstRun { selected, .. } => {
            match c {
                Command::Up => *selected = selected.saturating_sub(1),
                Command::Down => *selected = (*selected + 1).min(2),
                Command::Open => {
                    return match *selected {
                        0 => {
                            state.screen = Screen::Building {
                                progress: String::new(),
                            };
                            vec![Effect::BuildDemo]
                        }
                        1 => {
                            state.screen = Screen::PlatformForm(PlatformForm::default());
                            Vec::new()
                        }
                        _ => quit(state),
                    };
                }
                Command::Quit | Command::Back => return quit(state),
                _ => {}
            }
            return Vec::new();
        }
        Screen::SignIn { choices, selected } => {
            match c {
                Command::Up => *selected = selected.saturating_sub(1),
                Command::Down => *selected = (*selected + 1).min(choices.len().saturating_sub(1)),
                Command::Open => {
                    if let Some(choice) = choices.get(*selected) {
                        return vec![Effect::SignIn {
                            email: choice.email.clone(),
                        }];
                    }
                }
                Command::Quit | Command::Back => return quit(state),
                _ => {}
            }
            return Vec::new();
        }
        Screen::Training { .. } => {
            return match c {
                Command::Open => vec![Effect::ConfirmTraining],
                Command::Quit | Command::Back => quit(state),
                _ => Vec::new(),
            };
        }
        Screen::Building { .. } | Screen::PlatformForm(_) => {
            return if c == Command::Quit {
                quit(state)
            } else {
                Vec::new()
            };
        }
    }
    if let Some(scroll) = &mut state.help {
        match c {
            Command::Down => *scroll = scroll.saturating_add(1),
            Command::Up => *scroll = scroll.saturating_sub(1),
            Command::PageDown => *scroll = scroll.saturating_add(10),
            Command::PageUp => *scroll = scroll.saturating_sub(10),
            Command::Help | Command::Back | Command::Quit => state.help = None,
            _ => {}
        }
        return Vec::new();
    }
    state.notice = None;
    if state.stats.is_some() {
        match c {
            Command::Back | Command::Statistics => state.stats = None,
            Command::Quit => return quit(state),
            Command::Help => state.help = Some(0),
            Command::Refresh => return open_statistics(state),
            _ => {}
        }
        return Vec::new();
    }
    if state.detail.is_some()
        && let Some(effects) = acting::command(state, c)
    {
        return effects;
    }
    if let Some(detail) = &mut state.detail {
        let page = layout(state.size, state.views.len())
            .right
            .height
            .saturating_sub(4);
        match c {
            Command::Down => detail.scroll = detail.scroll.saturating_add(1),
            Command::Up => detail.scroll = detail.scroll.saturating_sub(1),
            Command::PageDown => detail.scroll = detail.scroll.saturating_add(page),
            Command::PageUp => detail.scroll = detail.scroll.saturating_sub(page),
            Command::Top => detail.scroll = 0,
            Command::Back | Command::Collapse => state.detail = None,
            Command::TemplateDiff => return acting::toggle_diff(state),
            Command::Help => state.help = Some(0),
            Command::Quit => return quit(state),
            Command::Refresh => {
                let req = state.request();
                if let Some(d) = &mut state.detail {
                    d.req = req;
                    return vec![Effect::LoadMessage { req, id: d.id }];
                }
            }
            _ => {}
        }
        return Vec::new();
    }
    if matches!(
        c,
        Command::New
            | Command::Edit
            | Command::Archive
            | Command::Resend
            | Command::Widget
            | Command::Readiness
            | Command::Import
    ) && let Some(effects) = super::admin::command(state, c)
    {
        return effects;
    }
    match c {
        Command::New
        | Command::Archive
        | Command::Resend
        | Command::Widget
        | Command::Readiness
        | Command::Import => Vec::new(),
        Command::Quit => quit(state),
        Command::Help => {
            state.help = Some(0);
            Vec::new()
        }
        Command::NextPane | Command::PrevPane => {
            let i = Pane::ORDER
                .iter()
                .position(|p| *p == state.focus)
                .unwrap_or(0);
            let step = if c == Command::NextPane {
                1
            } else {
                Pane::ORDER.len() - 1
            };
            state.focus = Pane::ORDER[(i + step) % Pane::ORDER.len()];
            Vec::new()
        }
        Command::Up => move_cursor(state, -1),
        Command::Down => move_cursor(state, 1),
        Command::PageUp => move_cursor(state, -(page_height(state) as isize)),
        Command::PageDown => move_cursor(state, page_height(state) as isize),
        Command::Top => move_cursor(state, isize::MIN / 2),
        Command::Bottom => move_cursor(state, isize::MAX / 2),
        Command::Expand | Command::Collapse if state.focus == Pane::Messages => {
            switch_tab(state, if c == Command::Expand { 1 } else { -1 })
        }
        Command::NextTab => switch_tab(state, 1),
        Command::PrevTab => switch_tab(state, -1),
        Command::Expand => expand(state),
        Command::Collapse => collapse(state),
        Command::Open => match state.focus {
            Pane::Tree => {
                let expanded = state
                    .tree
                    .selected_id()
                    .is_some_and(|id| state.tree.expanded.contains(&id));
                if expanded {
                    collapse(state)
                } else {
                    expand(state)
                }
            }
            Pane::Messages => open_message(state),
            Pane::Accounts => Vec::new(),
        },
        Command::Back => {
            if !focused_filter(state).is_empty() {
                set_filter(state, String::new())
            } else if state.messages.view.is_some() {
                state.messages.view = None;
                reload_messages(state)
            } else {
                Vec::new()
            }
        }
        Command::QueueFilters => acting::open_filters(state),
        Command::TemplateDiff => Vec::new(),
        Command::NextView => {
            let next = match state.messages.view {
                None if !state.views.is_empty() => Some(0),
                Some(v) if v + 1 < state.views.len() => Some(v + 1),
                _ => None,
            };
            state.messages.view = next;
            if next.is_some() {
                state.focus = Pane::Messages;
            }
            reload_messages(state)
        }
        Command::Filter => {
            state.input = Some(focused_filter(state).to_string());
            Vec::new()
        }
        Command::ToggleOverdue => {
            state.messages.overdue_only = !state.messages.overdue_only;
            reload_messages(state)
        }
        Command::Refresh => refresh(state),
        Command::Statistics => open_statistics(state),
        Command::Mark
        | Command::MarkRange
        | Command::MarkAll
        | Command::UnmarkAll
        | Command::Remark => {
            if state.focus == Pane::Messages {
                acting::mark(state, c)
            } else {
                Vec::new()
            }
        }
        // Assigning the marked set happens right in the queue.
        Command::Assign if state.focus == Pane::Messages && !state.messages.marked.is_empty() => {
            acting::assign_marked(state)
        }
        // Other lifecycle keys on the queue open the message: steps are taken where it is seen whole.
        Command::Assign
        | Command::Edit
        | Command::Submit
        | Command::Approve
        | Command::Return
        | Command::Redirect
        | Command::CloseMessage => {
            if state.focus == Pane::Messages {
                open_message(state)
            } else {
                Vec::new()
            }
        }
    }
}

/// The statistics of the selected organisation: of its subtree for a
/// curator above it, of itself otherwise.
fn open_statistics(state: &mut State) -> Vec<Effect> {
    let Some(row) = state.tree.selected().cloned() else {
        return Vec::new();
    };
    let subtree = state.session.as_ref().is_some_and(|s| {
        s.actor.has(Role::Curator)
            && row.node.child_count > 0
            && is_ancestor(state, s.actor.org, row.node.id)
    });
    let req = state.request();
    state.detail = None;
    state.stats = Some(super::state::StatsState {
        org: row.node.id,
        org_name: row.node.short_name.clone(),
        subtree,
        data: None,
        error: None,
        req,
    });
    vec![Effect::LoadStatistics {
        req,
        org: row.node.id,
        subtree,
    }]
}

/// Is `ancestor` above `org` among the loaded rows of the tree?
fn is_ancestor(state: &State, ancestor: OrgId, org: OrgId) -> bool {
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

fn quit(state: &mut State) -> Vec<Effect> {
    state.quit = true;
    vec![Effect::Quit]
}

/// Rows a list pane shows, for paging and scrolling.
fn page_height(state: &State) -> usize {
    let l = layout(state.size, state.views.len());
    match state.focus {
        Pane::Tree => l.tree.height.saturating_sub(2),
        Pane::Accounts => l.accounts.height.saturating_sub(3),
        Pane::Messages => l.messages.height.saturating_sub(4),
    }
    .max(1) as usize
}

fn keep_selection_visible(state: &mut State) {
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

fn move_cursor(state: &mut State, delta: isize) -> Vec<Effect> {
    let height = page_height(state);
    match state.focus {
        Pane::Tree => {
            let len = state.tree.rows.len();
            state.tree.list.move_by(delta, len, height);
            select_tree_org(state)
        }
        Pane::Accounts => {
            let len = state.accounts.items.len();
            state.accounts.list.move_by(delta, len, height);
            more_accounts(state)
        }
        Pane::Messages => {
            let len = state.messages.page.items.len();
            state.messages.page.list.move_by(delta, len, height);
            more_messages(state)
        }
    }
}

/// After the tree cursor moved: load the newly selected organisation's panes.
fn select_tree_org(state: &mut State) -> Vec<Effect> {
    match state.tree.selected_id() {
        Some(id) if Some(id) != state.selected_org => select_org(state, id),
        _ => Vec::new(),
    }
}

fn select_org(state: &mut State, org: OrgId) -> Vec<Effect> {
    state.selected_org = Some(org);
    state.detail = None;
    let mut effects = reload_accounts(state);
    effects.extend(reload_messages(state));
    effects
}

fn account_query(state: &State) -> AccountQuery {
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

fn message_query(state: &State) -> Option<MessageQuery> {
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

fn with_filters(mut q: MessageQuery, f: &super::state::QueueFilters) -> MessageQuery {
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
fn count_views(state: &mut State) -> Vec<Effect> {
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
    vec![Effect::CountViews { req, queries }]
}

pub fn reload_accounts(state: &mut State) -> Vec<Effect> {
    let Some(org) = state.selected_org else {
        return Vec::new();
    };
    let req = state.request();
    state.accounts.reset(req);
    vec![Effect::LoadAccounts {
        req,
        org,
        query: account_query(state),
        append: false,
    }]
}

/// Reloads the queue and its counts (after a message changed).
pub fn reload_queue(state: &mut State) -> Vec<Effect> {
    reload_messages(state)
}

fn reload_messages(state: &mut State) -> Vec<Effect> {
    let Some(query) = message_query(state) else {
        return Vec::new();
    };
    let req = state.request();
    state.messages.page.reset(req);
    state.messages.marking_all = false;
    let counts_req = state.request();
    state.messages.counts_req = counts_req;
    let mut effects = vec![
        Effect::LoadMessages {
            req,
            query: query.clone(),
            append: false,
        },
        Effect::LoadCounts {
            req: counts_req,
            org: query.org,
        },
    ];
    effects.extend(count_views(state));
    effects
}

fn more_accounts(state: &mut State) -> Vec<Effect> {
    let a = &state.accounts;
    let (Some(org), Some(next)) = (state.selected_org, a.next.clone()) else {
        return Vec::new();
    };
    if a.loading || a.list.selected + PREFETCH < a.items.len() {
        return Vec::new();
    }
    let req = state.request();
    let mut query = account_query(state);
    query.after = Some(next);
    state.accounts.req = req;
    state.accounts.loading = true;
    vec![Effect::LoadAccounts {
        req,
        org,
        query,
        append: true,
    }]
}

fn more_messages(state: &mut State) -> Vec<Effect> {
    let p = &state.messages.page;
    let Some(next) = p.next.clone() else {
        return Vec::new();
    };
    if p.loading || p.list.selected + PREFETCH < p.items.len() {
        return Vec::new();
    }
    let Some(mut query) = message_query(state) else {
        return Vec::new();
    };
    query.after = Some(next);
    let req = state.request();
    state.messages.page.req = req;
    state.messages.page.loading = true;
    vec![Effect::LoadMessages {
        req,
        query,
        append: true,
    }]
}

fn switch_tab(state: &mut State, delta: isize) -> Vec<Effect> {
    // From a saved view, the tab keys go back to the tabs as they were.
    if state.messages.view.take().is_some() {
        return reload_messages(state);
    }
    let n = TABS.len() as isize;
    state.messages.tab = ((state.messages.tab as isize + delta).rem_euclid(n)) as usize;
    reload_messages(state)
}

fn expand(state: &mut State) -> Vec<Effect> {
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
        return vec![Effect::LoadChildren {
            req,
            parent: Some(row.node.id),
        }];
    }
    state.tree.rebuild();
    Vec::new()
}

fn collapse(state: &mut State) -> Vec<Effect> {
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

fn open_message(state: &mut State) -> Vec<Effect> {
    let Some(row) = state
        .messages
        .page
        .items
        .get(state.messages.page.list.selected)
    else {
        return Vec::new();
    };
    let id = row.id;
    let req = state.request();
    state.detail = Some(DetailState {
        id,
        message: None,
        error: None,
        scroll: 0,
        req,
        diff: None,
        diff_req: None,
    });
    vec![Effect::LoadMessage { req, id }]
}

/// Loads again every part of the tree that is loaded.
pub fn refresh_tree(state: &mut State) -> Vec<Effect> {
    let parents: Vec<Option<OrgId>> = state.tree.children.keys().copied().collect();
    let mut effects = Vec::new();
    for parent in parents {
        let req = state.request();
        state.tree.pending.insert(parent, req);
        effects.push(Effect::LoadChildren { req, parent });
    }
    effects
}

fn refresh(state: &mut State) -> Vec<Effect> {
    let mut effects = refresh_tree(state);
    effects.extend(reload_accounts(state));
    effects.extend(reload_messages(state));
    effects
}

fn focused_filter(state: &State) -> &str {
    match state.focus {
        Pane::Tree => &state.tree.filter,
        Pane::Accounts => &state.accounts.filter,
        Pane::Messages => &state.messages.page.filter,
    }
}

/// Applies a new filter text to the focused pane and reloads what it shows.
fn set_filter(state: &mut State, text: String) -> Vec<Effect> {
    match state.focus {
        Pane::Tree => {
            state.tree.filter = text.clone();
            if text.trim().is_empty() {
                state.tree.search = None;
                state.tree.rebuild();
                Vec::new()
            } else {
                let req = state.request();
                state.tree.search_req = req;
                vec![Effect::SearchOrgs { req, text }]
            }
        }
        Pane::Accounts => {
            state.accounts.filter = text;
            reload_accounts(state)
        }
        Pane::Messages => {
            state.messages.page.filter = text;
            reload_messages(state)
        }
    }
}

fn text(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if let Screen::PlatformForm(form) = &mut state.screen {
        if key.code == KeyCode::Esc {
            state.screen = Screen::FirstRun {
                path: state.first_run_path.clone(),
                selected: 1,
            };
            return Vec::new();
        }
        return platform_form_key(form, key, &state.i18n);
    }
    let Some(input) = &mut state.input else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Enter => {
            state.input = None;
            Vec::new()
        }
        KeyCode::Esc => {
            state.input = None;
            set_filter(state, String::new())
        }
        KeyCode::Backspace => {
            input.pop();
            let t = input.clone();
            set_filter(state, t)
        }
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
            input.clear();
            set_filter(state, String::new())
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            input.push(c);
            let t = input.clone();
            set_filter(state, t)
        }
        _ => Vec::new(),
    }
}

fn platform_form_key(
    form: &mut PlatformForm,
    key: KeyEvent,
    i18n: &crate::i18n::I18n,
) -> Vec<Effect> {
    match key.code {
        KeyCode::Tab | KeyCode::Down => form.focus = (form.focus + 1) % form.fields.len(),
        KeyCode::BackTab | KeyCode::Up => {
            form.focus = (form.focus + form.fields.len() - 1) % form.fields.len()
        }
        KeyCode::Backspace => {
            form.fields[form.focus].pop();
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            form.fields[form.focus].push(c)
        }
        KeyCode::Enter => {
            let [org_name, surname, first_name, email] =
                form.fields.clone().map(|f| f.trim().to_string());
            let empty = [&org_name, &surname, &first_name]
                .iter()
                .position(|f| f.is_empty());
            if let Some(i) = empty {
                form.focus = i;
                let field = [Field::Name, Field::Surname, Field::FirstName][i];
                form.error = Some(i18n.invalid(&Invalid::new(field, Problem::Empty)));
                return Vec::new();
            }
            if let Err(e) = crate::domain::values::Email::parse(&email) {
                form.focus = 3;
                form.error = Some(i18n.invalid(&e));
                return Vec::new();
            }
            form.error = None;
            return vec![Effect::CreatePlatform {
                org_name,
                surname,
                first_name,
                email,
            }];
        }
        _ => {}
    }
    Vec::new()
}

use crate::domain::{Field, Invalid, Problem};

fn contains(r: Rect, x: u16, y: u16) -> bool {
    r.contains(Position { x, y })
}

fn mouse(state: &mut State, m: MouseEvent) -> Vec<Effect> {
    if state.screen != Screen::Main || state.help.is_some() {
        return Vec::new();
    }
    let l = layout(state.size, state.views.len());
    let (x, y) = (m.column, m.row);
    let pane = if contains(l.tree, x, y) {
        Pane::Tree
    } else if state.detail.is_some() && contains(l.right, x, y) {
        return match m.kind {
            MouseEventKind::ScrollDown => command(state, Command::Down),
            MouseEventKind::ScrollUp => command(state, Command::Up),
            _ => Vec::new(),
        };
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
            move_cursor(state, target as isize - current as isize)
        }
        _ => Vec::new(),
    }
}

/// Results of effects; a result whose request id is no longer awaited is dropped.
fn loaded_result(state: &mut State, action: Action) -> Vec<Effect> {
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
                }
                Err(ServiceError::Forbidden) => a.forbidden = true,
                Err(e) => a.error = Some(describe(&e)),
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
                }
                Err(ServiceError::Forbidden) => p.forbidden = true,
                Err(e) => p.error = Some(describe(&e)),
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
                    Err(e) => d.error = Some(describe(&e)),
                }
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Selects the organisation waited for, once its row is in the tree.
fn select_pending(state: &mut State) -> Vec<Effect> {
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

/// A role's hint for the status line.
pub fn roles_label(state: &State) -> String {
    let Some(s) = &state.session else {
        return String::new();
    };
    Role::ALL
        .into_iter()
        .filter(|r| s.actor.has(*r))
        .map(|r| state.i18n.role(r))
        .collect::<Vec<_>>()
        .join(", ")
}
