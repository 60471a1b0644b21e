//! The pickers: an executor, an organisation to redirect to, a template,
//! a queue filter — a list filled by the service's answer, narrowed by
//! typing, ranked fuzzily; their keys.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickKind {
    Executor,
    /// An executor for every marked message of the queue.
    ExecutorForMarked,
    RedirectTarget,
    Template,
    /// A filter of the queue: a category, an executor or a source.
    QueueFilter,
    /// The command palette (`:`).
    Command,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickItem {
    pub id: i64,
    pub label: String,
    pub hint: String,
    /// A template's filled-in text (empty for other pickers).
    pub text: String,
}

/// Where a picker's list stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loading {
    /// Asked for, not here yet.
    Waiting,
    /// Here (perhaps empty).
    Done,
    /// The service refused, saying why.
    Refused(String),
}

/// The items of a picker that match its query, any case: names that
/// start with it first, then names with a word starting with it, then
/// names containing it, then fuzzy matches (a subsequence) of the name,
/// then of the hint; the given order within each.
pub fn visible_items(items: &[PickItem], query: &str) -> Vec<PickItem> {
    let q: String = query
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let subsequence = |hay: &str| {
        let mut wanted = q.chars().peekable();
        for c in hay.chars() {
            if wanted.peek() == Some(&c) {
                wanted.next();
            }
        }
        wanted.peek().is_none()
    };
    let rank = |item: &PickItem| -> Option<u8> {
        let label = item.label.trim_start_matches("★ ").to_lowercase();
        let compact: String = label.chars().filter(|c| !c.is_whitespace()).collect();
        let number = item
            .hint
            .strip_prefix("№ ")
            .map(|rest| rest.split(' ').next().unwrap_or_default());
        if (!q.is_empty() && number == Some(q.as_str())) || compact.starts_with(&q) {
            Some(0)
        } else if label
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with(&q))
        {
            Some(1)
        } else if compact.contains(&q) {
            Some(2)
        } else if subsequence(&label) {
            Some(3)
        } else if subsequence(&item.hint.to_lowercase()) {
            Some(4)
        } else {
            None
        }
    };
    let mut ranked: Vec<(u8, usize, &PickItem)> = items
        .iter()
        .enumerate()
        .filter_map(|(n, item)| rank(item).map(|r| (r, n, item)))
        .collect();
    ranked.sort_by_key(|(r, n, _)| (*r, *n));
    ranked
        .into_iter()
        .map(|(_, _, item)| item.clone())
        .collect()
}

/// A key while a picker is open (`picker`: what it means in the picker's layer).
pub(super) fn picker_key(state: &mut State, key: KeyEvent, picker: Option<Command>) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let Some(Prompt::Pick {
        kind,
        query,
        items,
        selected,
        req,
        ..
    }) = state.prompt_mut()
    else {
        return Vec::new();
    };
    let visible = visible_items(items, query);
    match (picker, key.code) {
        (Some(Command::PickerCancel), _) => {
            state.close(LayerKind::Prompt);
            Vec::new()
        }
        // The palette's line, empty: earlier commands come back.
        (Some(Command::PickerUp), _) if *kind == PickKind::Command && *selected == 0 => {
            crate::tui::palette::recall(state);
            Vec::new()
        }
        (Some(Command::PickerUp), _) => {
            *selected = selected.saturating_sub(1);
            Vec::new()
        }
        (Some(Command::PickerDown), _) => {
            *selected = (*selected + 1).min(visible.len().saturating_sub(1));
            Vec::new()
        }
        (Some(Command::PickerChoose), _) if *kind == PickKind::Command => {
            let (query, item) = (query.clone(), visible.get(*selected).cloned());
            crate::tui::palette::choose(state, &query, item)
        }
        (Some(Command::PickerChoose), _) => {
            let Some(item) = visible.get(*selected).cloned() else {
                return Vec::new();
            };
            let kind = *kind;
            state.close(LayerKind::Prompt);
            match kind {
                PickKind::Template => {
                    let now = state.now;
                    if let Some(editor) = state.editor_mut() {
                        // On a line of its own, where the cursor is.
                        let cursor = editor.textarea.cursor();
                        let (row, col) = (cursor.0, cursor.1);
                        let line = editor.textarea.lines().get(row).cloned();
                        let line = line.unwrap_or_default();
                        let before = line.chars().take(col).collect::<String>();
                        let after = line.chars().skip(col).collect::<String>();
                        if !before.trim().is_empty() {
                            editor.textarea.insert_newline();
                        }
                        editor.textarea.insert_str(&item.text);
                        if !after.trim().is_empty() {
                            editor.textarea.insert_newline();
                        }
                        editor.edited_at = Some(now);
                        state.inserted_template = Some((editor.id, editor.text()));
                    }
                    Vec::new()
                }
                PickKind::ExecutorForMarked => send_marked(
                    state,
                    Act::Assign {
                        executor: AccountId(item.id),
                    },
                ),
                PickKind::Executor => send(
                    state,
                    Act::Assign {
                        executor: AccountId(item.id),
                    },
                ),
                PickKind::QueueFilter => {
                    let f = &mut state.messages.filters;
                    match QueueFilter::from_id(item.id) {
                        Some(QueueFilter::Clear) => *f = Default::default(),
                        Some(QueueFilter::Category(c)) => {
                            f.category = Some((c, item.label.clone()))
                        }
                        Some(QueueFilter::Assignee(a)) => {
                            f.assignee = Some((a, item.label.clone()))
                        }
                        Some(QueueFilter::Source(s)) => f.source = Some((s, item.label.clone())),
                        None => {}
                    }
                    crate::tui::update::reload_queue(state)
                }
                PickKind::Command => Vec::new(),
                PickKind::RedirectTarget => {
                    let step = TextStep::Redirect {
                        target: OrgId(item.id),
                        target_name: item.label,
                    };
                    state.open(Layer::Prompt(Prompt::Text {
                        step,
                        input: String::new(),
                    }));
                    Vec::new()
                }
            }
        }
        (_, KeyCode::Backspace | KeyCode::Char(_)) => {
            match key.code {
                KeyCode::Backspace => {
                    query.pop();
                }
                KeyCode::Char(c) if !ctrl => query.push(c),
                _ => return Vec::new(),
            }
            *selected = 0;
            // Organisations are searched by the service; executors are filtered here.
            if *kind == PickKind::RedirectTarget {
                let text = query.clone();
                let new_req = state.request();
                if let Some(Prompt::Pick { req, loading, .. }) = state.prompt_mut() {
                    *req = new_req;
                    *loading = Loading::Waiting;
                }
                let Some(message) = open_message(state).map(|m| m.id) else {
                    return Vec::new();
                };
                return vec![Effect::Call {
                    req: new_req,
                    call: Call::RedirectTargets { message, text },
                }];
            }
            let _ = req;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Fills the open picker with what a load for it brought (if it still waits
/// for that load), or tells what went wrong.
pub(super) fn fill_picker(state: &mut State, req: RequestId, result: ServiceResult<Vec<PickItem>>) {
    let i18n = std::sync::Arc::clone(&state.i18n);
    let Some(Prompt::Pick {
        items,
        req: want,
        selected,
        loading,
        ..
    }) = state.prompt_mut()
    else {
        return;
    };
    if *want != req {
        return;
    }
    match result {
        Ok(found) => {
            *items = found;
            *selected = 0;
            *loading = Loading::Done;
        }
        Err(e) => *loading = Loading::Refused(i18n.error(&e)),
    }
}

/// Executors of the organisation for the picker: confirmed ones only.
pub fn executors_loaded(
    state: &mut State,
    req: RequestId,
    result: ServiceResult<Vec<crate::service::ExecutorChoice>>,
) {
    let i = Arc::clone(&state.i18n);
    // Already in order: those handling the category, then the least loaded.
    let items = result.map(|choices| {
        choices
            .into_iter()
            .filter(|c| {
                c.account.roles.has(Role::Executor)
                    && c.account.status == crate::domain::AccountStatus::Confirmed
            })
            .map(|c| PickItem {
                id: c.account.id.0,
                label: format!(
                    "{}{}",
                    if c.responsible { "★ " } else { "" },
                    c.account.full_name()
                ),
                hint: format!(
                    "{} · {}",
                    c.account.position,
                    i.tr("picker-load", &[("n", c.load.into())])
                ),
                text: String::new(),
            })
            .collect()
    });
    fill_picker(state, req, items);
}

/// Organisations found for the redirect picker (not the message's own).
pub fn orgs_loaded(
    state: &mut State,
    req: RequestId,
    result: ServiceResult<Vec<crate::service::RedirectTarget>>,
) {
    let here = open_message(state).map(|m| m.org);
    let i = Arc::clone(&state.i18n);
    // Already in order: those handling the message's category first.
    let items = result.map(|targets| {
        targets
            .into_iter()
            .filter(|t| Some(t.node.id) != here)
            .map(|t| PickItem {
                id: t.node.id.0,
                label: format!(
                    "{}{}",
                    if t.handled > 0 { "★ " } else { "" },
                    t.node.short_name
                ),
                hint: if t.handled > 0 {
                    format!(
                        "№ {} · {}",
                        t.node.id,
                        i.tr("picker-handled", &[("n", t.handled.into())])
                    )
                } else {
                    format!("№ {}", t.node.id)
                },
                text: String::new(),
            })
            .collect()
    });
    fill_picker(state, req, items);
}
