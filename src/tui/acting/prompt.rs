//! The prompts on an open message: a reason or comment to type, a
//! confirmation, or a picker ([`super::picker`]); their keys.

use super::*;

/// A step that needs a text typed first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextStep {
    Reject,
    Return,
    DeclineRedirect,
    Close,
    Redirect {
        target: OrgId,
        target_name: String,
    },
    /// A staff note: not a step of the lifecycle.
    Note,
    /// Close as a duplicate of the message whose number is typed.
    Duplicate,
    /// Link with the message whose number is typed (`-N` removes the link).
    Link,
    /// A new poll of the organisation on the polls screen, from the file
    /// whose path is typed.
    PollFile,
}

/// A message number as typed: `Some((number, removing))` for `N` or `-N`.
pub fn typed_number(text: &str) -> Option<(MessageId, bool)> {
    let text = text.trim().trim_start_matches('№').trim();
    let (removing, digits) = match text.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.trim()),
        None => (false, text),
    };
    let n: i64 = digits.parse().ok().filter(|n| *n > 0)?;
    Some((MessageId(n), removing))
}

impl TextStep {
    /// The lifecycle step the text is for (`None` for a note).
    fn act(&self, text: String) -> Option<Act> {
        Some(match self {
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
            TextStep::Duplicate => match typed_number(&text) {
                Some((of, false)) => Act::CloseDuplicate { of },
                _ => return None,
            },
            TextStep::Note | TextStep::Link | TextStep::PollFile => return None,
        })
    }

    /// The prompt's label key.
    pub fn label(&self) -> &'static str {
        match self {
            TextStep::Reject | TextStep::Close | TextStep::Redirect { .. } => "prompt-reason",
            TextStep::Return | TextStep::DeclineRedirect => "prompt-comment",
            TextStep::Note => "prompt-note",
            TextStep::Duplicate => "prompt-duplicate",
            TextStep::Link => "prompt-link",
            TextStep::PollFile => "prompt-poll-file",
        }
    }
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
    /// Quit although the draft of message `id` is not saved to the service.
    Quit {
        id: MessageId,
    },
    Pick {
        kind: PickKind,
        query: String,
        items: Vec<PickItem>,
        selected: usize,
        req: RequestId,
        loading: Loading,
    },
}

/// A key while a prompt or the editor has the keyboard.
pub fn key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if state.top() == Some(LayerKind::Editor) {
        return editor_key(state, key);
    }
    let confirms = state.keymap.confirms(&key);
    let line = state.keymap.command_in(KeyLayer::Line, &key);
    let picker = state.keymap.command_in(KeyLayer::Picker, &key);
    let Some(prompt) = state.prompt_mut() else {
        return Vec::new();
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match prompt {
        Prompt::Confirm { act } => match confirms {
            Some(true) => {
                let act = act.clone();
                state.close(LayerKind::Prompt);
                send(state, act)
            }
            Some(false) => {
                state.close(LayerKind::Prompt);
                Vec::new()
            }
            _ => Vec::new(),
        },
        Prompt::Quit { .. } => match confirms {
            Some(true) => crate::tui::update::quit(state),
            Some(false) => {
                state.close(LayerKind::Prompt);
                Vec::new()
            }
            None => Vec::new(),
        },
        Prompt::Text { step, input } => match (line, key.code) {
            (Some(Command::LineCancel), _) => {
                state.close(LayerKind::Prompt);
                Vec::new()
            }
            (Some(Command::LineDone), _) if *step == TextStep::Note => {
                let text = input.clone();
                if let Err(e) = crate::domain::lifecycle::validate_note(&text) {
                    state.notice = Some(state.i18n.invalid(&e));
                    return Vec::new();
                }
                state.close(LayerKind::Prompt);
                let effects = send_note(state, text.clone());
                state.typed_step = state.acting.map(|req| (req, TextStep::Note, text));
                effects
            }
            (Some(Command::LineDone), _) if *step == TextStep::PollFile => {
                let path = input.trim().to_string();
                state.close(LayerKind::Prompt);
                crate::tui::polls::create_from(state, path)
            }
            (Some(Command::LineDone), _) if *step == TextStep::Link => {
                let Some((other, remove)) = typed_number(input) else {
                    state.notice = Some(state.i18n.t("prompt-not-a-number"));
                    return Vec::new();
                };
                let text = input.clone();
                state.close(LayerKind::Prompt);
                let effects = send_link(state, other, remove);
                state.typed_step = state.acting.map(|req| (req, TextStep::Link, text));
                effects
            }
            (Some(Command::LineDone), _) => {
                let Some(act) = step.act(input.clone()) else {
                    if *step == TextStep::Duplicate {
                        state.notice = Some(state.i18n.t("prompt-not-a-number"));
                    }
                    return Vec::new();
                };
                // The service checks too; this only saves a round trip and keeps the text.
                if let Err(e) = act.validate() {
                    state.notice = Some(state.i18n.invalid(&e));
                    return Vec::new();
                }
                let typed = (step.clone(), input.clone());
                state.close(LayerKind::Prompt);
                let effects = send(state, act);
                state.typed_step = state.acting.map(|req| (req, typed.0, typed.1));
                effects
            }
            (_, KeyCode::Backspace) => {
                input.pop();
                Vec::new()
            }
            (_, KeyCode::Char(c)) if !ctrl => {
                input.push(c);
                Vec::new()
            }
            _ => Vec::new(),
        },
        Prompt::Pick { .. } => picker_key(state, key, picker),
    }
}
