//! The draft editor: typing with autosave after a second idle and the local
//! journal, templates inserted, the draft against its template.

use super::*;

/// Idle time after the last key before the draft is saved.
pub const AUTOSAVE_AFTER: Duration = Duration::from_secs(1);

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
    /// The text came back from the journal (a session that ended unsaved).
    pub restored: bool,
}

/// A text area holding `text`, soft-wrapped at its width.
fn text_area(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = text.lines().map(String::from).collect();
    let mut textarea = TextArea::new(if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    });
    textarea.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
    textarea
}

impl Editor {
    pub fn new(id: MessageId, draft: &str) -> Self {
        let mut textarea = text_area(draft);
        textarea.move_cursor(ratatui_textarea::CursorMove::Bottom);
        textarea.move_cursor(ratatui_textarea::CursorMove::End);
        Editor {
            id,
            textarea,
            saved: draft.to_string(),
            journaled: draft.to_string(),
            edited_at: None,
            saving: None,
            restored: false,
        }
    }

    pub fn text(&self) -> String {
        self.textarea.lines().join("\n")
    }

    pub fn dirty(&self) -> bool {
        self.text() != self.saved
    }
}

pub(super) fn editor_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    match state.keymap.command_in(KeyLayer::Editor, &key) {
        Some(Command::EditorDone) => {
            let effects = save_draft(state);
            state.close(LayerKind::Editor);
            effects
        }
        Some(Command::EditorSave) => save_draft(state),
        Some(Command::EditorTemplate) => {
            let Some(m) = open_message(state) else {
                return Vec::new();
            };
            let (org, category) = (m.org, m.category);
            let req = state.request();
            state.open(Layer::Prompt(Prompt::Pick {
                kind: PickKind::Template,
                query: String::new(),
                items: Vec::new(),
                selected: 0,
                req,
                loading: Loading::Waiting,
            }));
            vec![Effect::Call {
                req,
                call: Call::Templates { org, category },
            }]
        }
        _ => {
            let now = state.now;
            if let Some(editor) = state.editor_mut()
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
    let Some(editor) = state.editor() else {
        return Vec::new();
    };
    if !editor.dirty() || editor.saving.is_some() {
        return Vec::new();
    }
    let text = editor.text();
    let effects = send(state, Act::EditDraft { text });
    if let Some(Effect::Call {
        req,
        call: Call::Act { .. },
    }) = effects.first()
    {
        state.draft_save = Some(*req);
        if let Some(editor) = state.editor_mut() {
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
    if let Some(editor) = state.editor_mut() {
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
        .editor()
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
    let Some(editor) = state.editor_mut().filter(|e| e.id == id) else {
        return Vec::new();
    };
    if text == editor.saved {
        return vec![Effect::JournalRemove { id }];
    }
    editor.textarea = text_area(&text);
    editor.restored = true;
    editor.journaled = text;
    editor.edited_at = Some(now);
    state.notice = Some(state.i18n.t("draft-restored"));
    Vec::new()
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
    vec![Effect::Call {
        req,
        call: Call::Templates {
            org: m.org,
            category: m.category,
        },
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
        received: m.received_at.with_timezone(&state.tz).date_naive(),
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
                d.diff = Some(crate::tui::state::TemplateDiff { title, changes });
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
        received: m.received_at.with_timezone(&state.tz).date_naive(),
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
