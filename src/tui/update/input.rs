//! Text typed into the filter line and the first-run form.

use super::*;

pub(super) fn focused_filter(state: &State) -> &str {
    match state.focus {
        Pane::Tree => &state.tree.filter,
        Pane::Accounts => &state.accounts.filter,
        Pane::Messages => &state.messages.page.filter,
    }
}

/// Applies a new filter text to the focused pane and reloads what it shows.
pub fn set_filter(state: &mut State, text: String) -> Vec<Effect> {
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
                vec![Effect::Call {
                    req,
                    call: Call::SearchOrgs { text },
                }]
            }
        }
        Pane::Accounts => {
            state.accounts.filter = text;
            reload_accounts(state)
        }
        Pane::Messages => {
            state.messages.page.filter = text;
            // Typed on: the queue is asked for once the typing pauses, so a
            // burst of keys costs one search, not one per key.
            let token = state.request();
            state.messages.search_settles = Some(token);
            vec![Effect::Wake {
                token,
                after: SEARCH_SETTLES_AFTER,
            }]
        }
    }
}

/// How long typing in the queue's search pauses before it is run.
pub(super) const SEARCH_SETTLES_AFTER: std::time::Duration = std::time::Duration::from_millis(150);

/// The typing paused: the search it waited for runs (a later key has
/// asked for a later wake-up instead).
pub(super) fn settled(state: &mut State, token: u64) -> Vec<Effect> {
    if state.messages.search_settles != Some(token) {
        return Vec::new();
    }
    state.messages.search_settles = None;
    reload_messages(state)
}

/// The search typed so far runs now (Enter, Esc), if it has not yet.
fn settle_now(state: &mut State) -> Vec<Effect> {
    match state.messages.search_settles {
        Some(token) => settled(state, token),
        None => Vec::new(),
    }
}

pub(super) fn text(state: &mut State, key: KeyEvent) -> Vec<Effect> {
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
            match state.focus {
                Pane::Messages => {
                    let mut effects = settle_now(state);
                    if effects.is_empty() {
                        effects = count_found(state);
                    }
                    effects
                }
                Pane::Tree | Pane::Accounts => Vec::new(),
            }
        }
        KeyCode::Esc => {
            state.input = None;
            let mut effects = set_filter(state, String::new());
            effects.extend(settle_now(state));
            effects.retain(|e| !matches!(e, Effect::Wake { .. }));
            effects
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

pub(super) fn platform_form_key(
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
