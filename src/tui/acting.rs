//! Moving a message along its lifecycle from the message view: the keys,
//! the prompts they open (a reason, a confirmation, a picker), the draft
//! editor with its autosave, and what comes back from the service.
//! Part of `update`: pure, no I/O.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::action::{Effect, RequestId};
use super::keymap::Command;
use super::state::State;
use crate::domain::{AccountId, Act, Message, MessageId, MessageStatus, OrgId, Role};
use crate::service::{ServiceError, ServiceResult};

/// Idle time after the last key before the draft is saved.
pub const AUTOSAVE_AFTER: Duration = Duration::from_secs(1);

/// A step that needs a text typed first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextStep {
    Reject,
    Return,
    DeclineRedirect,
    Close,
    Redirect { target: OrgId, target_name: String },
}

impl TextStep {
    fn act(&self, text: String) -> Act {
        match self {
            TextStep::Reject => Act::Reject { reason: text },
            TextStep::Return => Act::Return { comment: text },
            TextStep::DeclineRedirect => Act::DeclineRedirect {
                comment: Some(text).filter(|t| !t.trim().is_empty()),
            },
            TextStep::Close => Act::Close { reason: text },
            TextStep::Redirect { target, .. } => Act::AskRedirect {
                target: *target,
                reason: text,
            },
        }
    }

    /// The prompt's label key.
    pub fn label(&self) -> &'static str {
        match self {
            TextStep::Reject | TextStep::Close | TextStep::Redirect { .. } => "prompt-reason",
            TextStep::Return | TextStep::DeclineRedirect => "prompt-comment",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickKind {
    Executor,
    /// An executor for every marked message of the queue.
    ExecutorForMarked,
    RedirectTarget,
    Template,
    /// A filter of the queue: a category, an executor or a source.
    QueueFilter,
}

/// What a queue filter item sets; encoded in [`PickItem::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueFilter {
    Clear,
    Category(crate::domain::CategoryId),
    Assignee(AccountId),
    Source(crate::domain::MessageSource),
}

const FILTER_KIND: i64 = 1_000_000_000_000;

impl QueueFilter {
    pub fn id(self) -> i64 {
        match self {
            QueueFilter::Clear => 0,
            QueueFilter::Category(c) => FILTER_KIND + c.0,
            QueueFilter::Assignee(a) => 2 * FILTER_KIND + a.0,
            QueueFilter::Source(s) => {
                3 * FILTER_KIND
                    + crate::domain::MessageSource::ALL
                        .iter()
                        .position(|x| *x == s)
                        .unwrap_or(0) as i64
            }
        }
    }

    pub fn from_id(id: i64) -> Option<Self> {
        let value = id % FILTER_KIND;
        Some(match id / FILTER_KIND {
            0 => QueueFilter::Clear,
            1 => QueueFilter::Category(crate::domain::CategoryId(value)),
            2 => QueueFilter::Assignee(AccountId(value)),
            3 => QueueFilter::Source(*crate::domain::MessageSource::ALL.get(value as usize)?),
            _ => return None,
        })
    }
}

/// Opens the queue's filter picker; its choices come from the service.
pub fn open_filters(state: &mut State) -> Vec<Effect> {
    // The queue's own organisation (a saved view is on the person's).
    let Some(org) = super::update::current_query(state).map(|q| q.org) else {
        return Vec::new();
    };
    let req = state.request();
    state.prompt = Some(Prompt::Pick {
        kind: PickKind::QueueFilter,
        query: String::new(),
        items: Vec::new(),
        selected: 0,
        req,
    });
    vec![Effect::LoadFilterChoices { req, org }]
}

/// The choices of the filter picker: clear, then categories, executors and sources.
pub fn filter_choices_loaded(
    state: &mut State,
    req: RequestId,
    result: ServiceResult<(Vec<crate::domain::Category>, Vec<crate::domain::Account>)>,
) {
    let i = Arc::clone(&state.i18n);
    let items = result.map(|(categories, accounts)| {
        let mut items = vec![PickItem {
            id: QueueFilter::Clear.id(),
            label: i.t("filter-clear"),
            hint: String::new(),
            text: String::new(),
        }];
        items.extend(categories.iter().map(|c| PickItem {
            id: QueueFilter::Category(c.id).id(),
            label: c.name.clone(),
            hint: i.t("filter-by-category"),
            text: String::new(),
        }));
        items.extend(
            accounts
                .iter()
                .filter(|a| a.roles.has(Role::Executor))
                .map(|a| PickItem {
                    id: QueueFilter::Assignee(a.id).id(),
                    label: a.full_name(),
                    hint: i.t("filter-by-assignee"),
                    text: String::new(),
                }),
        );
        items.extend(crate::domain::MessageSource::ALL.iter().map(|s| PickItem {
            id: QueueFilter::Source(*s).id(),
            label: i.t(&format!("source-{}", s.key())),
            hint: i.t("filter-by-source"),
            text: String::new(),
        }));
        items
    });
    fill_picker(state, req, items);
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickItem {
    pub id: i64,
    pub label: String,
    pub hint: String,
    /// A template's filled-in text (empty for other pickers).
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Prompt {
    Text {
        step: TextStep,
        input: String,
    },
    Confirm {
        act: Act,
    },
    Pick {
        kind: PickKind,
        query: String,
        items: Vec<PickItem>,
        selected: usize,
        req: RequestId,
    },
}

impl Prompt {
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
}

/// The draft being typed, saved as you type (debounced) and on leaving.
pub struct Editor {
    pub id: MessageId,
    pub textarea: TextArea<'static>,
    /// What the service last acknowledged.
    pub saved: String,
    /// What the local journal holds.
    pub journaled: String,
    pub edited_at: Option<Instant>,
    pub saving: Option<RequestId>,
}

impl Editor {
    pub fn new(id: MessageId, draft: &str) -> Self {
        let lines: Vec<String> = draft.lines().map(String::from).collect();
        let mut textarea = TextArea::new(if lines.is_empty() {
            vec![String::new()]
        } else {
            lines
        });
        textarea.move_cursor(ratatui_textarea::CursorMove::Bottom);
        textarea.move_cursor(ratatui_textarea::CursorMove::End);
        Editor {
            id,
            textarea,
            saved: draft.to_string(),
            journaled: draft.to_string(),
            edited_at: None,
            saving: None,
        }
    }

    pub fn text(&self) -> String {
        self.textarea.lines().join("\n")
    }

    pub fn dirty(&self) -> bool {
        self.text() != self.saved
    }
}

/// The open message, if it is loaded.
fn open_message(state: &State) -> Option<&Message> {
    state.detail.as_ref().and_then(|d| d.message.as_ref())
}

/// A lifecycle key on the open message. `None` when `c` is not one.
pub fn command(state: &mut State, c: Command) -> Option<Vec<Effect>> {
    let lifecycle = matches!(
        c,
        Command::Assign
            | Command::Edit
            | Command::Submit
            | Command::Approve
            | Command::Return
            | Command::Redirect
            | Command::CloseMessage
    );
    if !lifecycle {
        return None;
    }
    let Some(m) = open_message(state).cloned() else {
        return Some(Vec::new());
    };
    let effects = match c {
        Command::Assign => {
            let req = state.request();
            state.prompt = Some(Prompt::Pick {
                kind: PickKind::Executor,
                query: String::new(),
                items: Vec::new(),
                selected: 0,
                req,
            });
            vec![Effect::LoadExecutors { req, message: m.id }]
        }
        Command::Edit => {
            state.editor = Some(Editor::new(m.id, m.draft.as_deref().unwrap_or("")));
            vec![Effect::JournalRead { id: m.id }]
        }
        Command::Submit => {
            // The lint: an answer that is only a template, unchanged, deserves a second look.
            let template_only = state.inserted_template.as_ref().is_some_and(|(id, text)| {
                *id == m.id && m.draft.as_deref().map(str::trim) == Some(text.trim())
            });
            let empty = m.draft.as_deref().is_none_or(|d| d.trim().is_empty());
            if empty {
                state.notice = Some(state.i18n.t("lint-empty"));
                Vec::new()
            } else if template_only {
                state.prompt = Some(Prompt::Confirm {
                    act: Act::SubmitDraft,
                });
                state.notice = Some(state.i18n.t("lint-template-only"));
                Vec::new()
            } else {
                confirm(state, Act::SubmitDraft)
            }
        }
        Command::Approve => match m.status {
            MessageStatus::RedirectRequested => confirm(state, Act::ApproveRedirect),
            MessageStatus::Moderation => confirm(state, Act::Accept),
            _ => confirm(state, Act::Approve),
        },
        Command::Return => {
            let step = match m.status {
                MessageStatus::RedirectRequested => TextStep::DeclineRedirect,
                MessageStatus::Moderation => TextStep::Reject,
                _ => TextStep::Return,
            };
            state.prompt = Some(Prompt::Text {
                step,
                input: String::new(),
            });
            Vec::new()
        }
        Command::Redirect => {
            let req = state.request();
            state.prompt = Some(Prompt::Pick {
                kind: PickKind::RedirectTarget,
                query: String::new(),
                items: Vec::new(),
                selected: 0,
                req,
            });
            vec![Effect::PickOrgs {
                req,
                message: m.id,
                text: String::new(),
            }]
        }
        Command::CloseMessage => {
            state.prompt = Some(Prompt::Text {
                step: TextStep::Close,
                input: String::new(),
            });
            Vec::new()
        }
        _ => Vec::new(),
    };
    Some(effects)
}

fn confirm(state: &mut State, act: Act) -> Vec<Effect> {
    state.prompt = Some(Prompt::Confirm { act });
    Vec::new()
}

/// Sends `act` for the open message at the version shown.
fn send(state: &mut State, act: Act) -> Vec<Effect> {
    let Some(m) = open_message(state) else {
        return Vec::new();
    };
    let (id, version) = (m.id, m.version);
    let req = state.request();
    state.acting = Some(req);
    vec![Effect::Act {
        req,
        id,
        version,
        act,
    }]
}

/// A key while a prompt or the editor has the keyboard.
pub fn key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if state.editor.is_some() && state.prompt.is_none() {
        return editor_key(state, key);
    }
    let Some(prompt) = state.prompt.as_mut() else {
        return Vec::new();
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match prompt {
        Prompt::Confirm { act } => match key.code {
            KeyCode::Enter | KeyCode::Char('y') | KeyCode::Char('д') => {
                let act = act.clone();
                state.prompt = None;
                send(state, act)
            }
            KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('н') => {
                state.prompt = None;
                Vec::new()
            }
            _ => Vec::new(),
        },
        Prompt::Text { step, input } => match key.code {
            KeyCode::Esc => {
                state.prompt = None;
                Vec::new()
            }
            KeyCode::Enter => {
                let act = step.act(input.clone());
                // The service checks too; this only saves a round trip and keeps the text.
                if let Err(e) = act.validate() {
                    state.notice = Some(state.i18n.invalid(&e));
                    return Vec::new();
                }
                state.prompt = None;
                send(state, act)
            }
            KeyCode::Backspace => {
                input.pop();
                Vec::new()
            }
            KeyCode::Char(c) if !ctrl => {
                input.push(c);
                Vec::new()
            }
            _ => Vec::new(),
        },
        Prompt::Pick {
            kind,
            query,
            items,
            selected,
            req,
        } => {
            let visible = Prompt::visible_items(items, query);
            match key.code {
                KeyCode::Esc => {
                    state.prompt = None;
                    Vec::new()
                }
                KeyCode::Up => {
                    *selected = selected.saturating_sub(1);
                    Vec::new()
                }
                KeyCode::Down => {
                    *selected = (*selected + 1).min(visible.len().saturating_sub(1));
                    Vec::new()
                }
                KeyCode::Enter => {
                    let Some(item) = visible.get(*selected).cloned() else {
                        return Vec::new();
                    };
                    let kind = *kind;
                    state.prompt = None;
                    match kind {
                        PickKind::Template => {
                            let now = state.now;
                            if let Some(editor) = state.editor.as_mut() {
                                editor.textarea.insert_str(&item.text);
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
                                Some(QueueFilter::Source(s)) => {
                                    f.source = Some((s, item.label.clone()))
                                }
                                None => {}
                            }
                            super::update::reload_queue(state)
                        }
                        PickKind::RedirectTarget => {
                            let step = TextStep::Redirect {
                                target: OrgId(item.id),
                                target_name: item.label,
                            };
                            state.prompt = Some(Prompt::Text {
                                step,
                                input: String::new(),
                            });
                            Vec::new()
                        }
                    }
                }
                KeyCode::Backspace | KeyCode::Char(_) => {
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
                        if let Some(Prompt::Pick { req, .. }) = state.prompt.as_mut() {
                            *req = new_req;
                        }
                        let Some(message) = open_message(state).map(|m| m.id) else {
                            return Vec::new();
                        };
                        return vec![Effect::PickOrgs {
                            req: new_req,
                            message,
                            text,
                        }];
                    }
                    let _ = req;
                    Vec::new()
                }
                _ => Vec::new(),
            }
        }
    }
}

fn editor_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => {
            let effects = save_draft(state);
            state.editor = None;
            effects
        }
        KeyCode::Char('s') if ctrl => save_draft(state),
        KeyCode::Char('t') if ctrl => {
            let Some(m) = open_message(state) else {
                return Vec::new();
            };
            let (org, category) = (m.org, m.category);
            let req = state.request();
            state.prompt = Some(Prompt::Pick {
                kind: PickKind::Template,
                query: String::new(),
                items: Vec::new(),
                selected: 0,
                req,
            });
            vec![Effect::LoadTemplates { req, org, category }]
        }
        _ => {
            let now = state.now;
            if let Some(editor) = state.editor.as_mut()
                && editor.textarea.input(key)
            {
                editor.edited_at = Some(now);
            }
            Vec::new()
        }
    }
}

/// Saves the draft if it changed and no save is under way.
pub fn save_draft(state: &mut State) -> Vec<Effect> {
    let Some(editor) = state.editor.as_ref() else {
        return Vec::new();
    };
    if !editor.dirty() || editor.saving.is_some() {
        return Vec::new();
    }
    let text = editor.text();
    let effects = send(state, Act::EditDraft { text });
    if let Some(Effect::Act { req, .. }) = effects.first() {
        state.draft_save = Some(*req);
        if let Some(editor) = state.editor.as_mut() {
            editor.saving = Some(*req);
            editor.edited_at = None;
        }
    }
    effects
}

/// Time passes: the journal gets what was typed since the last tick, and a
/// draft idle for [`AUTOSAVE_AFTER`] is saved.
pub fn tick(state: &mut State, now: Instant) -> Vec<Effect> {
    state.now = now;
    let mut effects = Vec::new();
    if let Some(editor) = state.editor.as_mut() {
        let text = editor.text();
        if text != editor.journaled {
            editor.journaled = text.clone();
            effects.push(Effect::JournalWrite {
                id: editor.id,
                text,
            });
        }
    }
    let due = state
        .editor
        .as_ref()
        .and_then(|e| e.edited_at)
        .is_some_and(|at| now.duration_since(at) >= AUTOSAVE_AFTER);
    if due {
        effects.extend(save_draft(state));
    }
    effects
}

/// The journal's copy of a draft, read when its editor opened: offered back
/// if it holds more than the service has.
pub fn journal_read(state: &mut State, id: MessageId, text: Option<String>) -> Vec<Effect> {
    let Some(text) = text else { return Vec::new() };
    let now = state.now;
    let Some(editor) = state.editor.as_mut().filter(|e| e.id == id) else {
        return Vec::new();
    };
    if text == editor.saved {
        return vec![Effect::JournalRemove { id }];
    }
    let lines: Vec<String> = text.lines().map(String::from).collect();
    editor.textarea = TextArea::new(if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    });
    editor.journaled = text;
    editor.edited_at = Some(now);
    state.notice = Some(state.i18n.t("draft-restored"));
    Vec::new()
}

/// The service's answer to a step.
pub fn acted(state: &mut State, req: RequestId, result: ServiceResult<Message>) -> Vec<Effect> {
    if state.acting != Some(req) {
        return Vec::new();
    }
    state.acting = None;
    // The editor may be closed by now; the save is still a save.
    let was_save = state.draft_save.take() == Some(req);
    if let Some(editor) = state.editor.as_mut().filter(|e| e.saving == Some(req)) {
        editor.saving = None;
        if let Ok(m) = &result {
            editor.saved = m.draft.clone().unwrap_or_default();
        }
    }
    let id = result.as_ref().ok().map(|m| m.id);
    match result {
        Ok(m) => {
            let done = state.i18n.tr(
                "acted",
                &[
                    ("id", m.id.0.into()),
                    ("status", state.i18n.message_state(m.status).as_str().into()),
                ],
            );
            state.notice = Some(if was_save {
                state.i18n.t("draft-saved")
            } else {
                done
            });
            if let Some(d) = state.detail.as_mut() {
                d.message = Some(m);
            }
            if was_save {
                // Acknowledged: the journal is needed no more, unless more was typed since.
                match (&state.editor, id) {
                    (Some(editor), _) if editor.dirty() => Vec::new(),
                    (_, Some(id)) => vec![Effect::JournalRemove { id }],
                    _ => Vec::new(),
                }
            } else {
                super::update::reload_queue(state)
            }
        }
        Err(e) => {
            state.notice = Some(state.i18n.error(&e));
            if matches!(e, ServiceError::Conflict { .. }) {
                // Show what is there now; the user decides again.
                let req = state.request();
                if let Some(d) = state.detail.as_mut() {
                    d.req = req;
                    return vec![Effect::LoadMessage { req, id: d.id }];
                }
            }
            Vec::new()
        }
    }
}

/// Fills the open picker with what a load for it brought (if it still waits
/// for that load), or tells what went wrong.
fn fill_picker(state: &mut State, req: RequestId, result: ServiceResult<Vec<PickItem>>) {
    let Some(Prompt::Pick {
        items,
        req: want,
        selected,
        ..
    }) = state.prompt.as_mut()
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
        }
        Err(e) => state.notice = Some(state.i18n.error(&e)),
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

/// The draft against the template that gave most of it (`t` on a message).
pub fn toggle_diff(state: &mut State) -> Vec<Effect> {
    let Some(m) = open_message(state).cloned() else {
        return Vec::new();
    };
    if state.detail.as_ref().is_some_and(|d| d.diff.is_some()) {
        if let Some(d) = state.detail.as_mut() {
            d.diff = None;
        }
        return Vec::new();
    }
    if m.draft.as_deref().or(m.answer.as_deref()).is_none() {
        state.notice = Some(state.i18n.t("diff-no-draft"));
        return Vec::new();
    }
    let req = state.request();
    if let Some(d) = state.detail.as_mut() {
        d.diff_req = Some(req);
    }
    vec![Effect::LoadTemplates {
        req,
        org: m.org,
        category: m.category,
    }]
}

/// Which template the draft (or answer) came from, and what changed.
pub fn diff_loaded(state: &mut State, result: ServiceResult<Vec<crate::domain::Template>>) {
    let Some(m) = open_message(state).cloned() else {
        return;
    };
    if let Some(d) = state.detail.as_mut() {
        d.diff_req = None;
    }
    let templates = match result {
        Ok(t) => t,
        Err(e) => {
            state.notice = Some(state.i18n.error(&e));
            return;
        }
    };
    let text = m.draft.clone().or(m.answer.clone()).unwrap_or_default();
    let filling = crate::domain::template::Filling {
        citizen_name: &m.citizen_name,
        number: m.id.0,
        organisation: &m.org_name,
        date: state.today,
    };
    let best = templates
        .iter()
        .map(|t| {
            let filled = crate::domain::template::fill(&t.body, &filling);
            let changes = crate::domain::diff::words(&filled, &text);
            (
                crate::domain::diff::kept_share(&changes),
                t.title.clone(),
                changes,
            )
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        // A draft that kept less than a fifth of any template was written anew.
        Some((share, title, changes)) if share >= 0.2 => {
            if let Some(d) = state.detail.as_mut() {
                d.diff = Some(super::state::TemplateDiff { title, changes });
            }
        }
        _ => state.notice = Some(state.i18n.t("diff-no-template")),
    }
}

/// Templates for the picker, filled in for the open message.
pub fn templates_loaded(
    state: &mut State,
    req: RequestId,
    result: ServiceResult<Vec<crate::domain::Template>>,
) {
    let Some(m) = open_message(state).cloned() else {
        return;
    };
    let filling = crate::domain::template::Filling {
        citizen_name: &m.citizen_name,
        number: m.id.0,
        organisation: &m.org_name,
        date: state.today,
    };
    let items = result.map(|templates| {
        templates
            .into_iter()
            .map(|t| {
                let text = crate::domain::template::fill(&t.body, &filling);
                PickItem {
                    id: t.id,
                    label: t.title,
                    hint: crate::domain::message::summary(&text, 50),
                    text,
                }
            })
            .collect()
    });
    fill_picker(state, req, items);
}

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
            let Some(mut query) = super::update::current_query(state) else {
                state.messages.marking_all = false;
                return Vec::new();
            };
            query.after = Some(after);
            query.limit = crate::service::types::MAX_PAGE;
            let req = state.request();
            state.messages.page.req = req;
            state.messages.page.loading = true;
            vec![Effect::LoadMessages {
                req,
                query,
                append: true,
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
fn add_marks(marked: &mut Vec<MessageId>, rows: &[crate::domain::MessageRow]) {
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
    state.prompt = Some(Prompt::Pick {
        kind: PickKind::ExecutorForMarked,
        query: String::new(),
        items: Vec::new(),
        selected: 0,
        req,
    });
    vec![Effect::LoadExecutors {
        req,
        message: first,
    }]
}

/// Sends `act` for every marked message that is loaded, each at the version shown.
fn send_marked(state: &mut State, act: Act) -> Vec<Effect> {
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
    vec![Effect::ActMany { req, items, act }]
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
            super::update::reload_queue(state)
        }
        Err(e) => {
            state.notice = Some(i.error(&e));
            Vec::new()
        }
    }
}
