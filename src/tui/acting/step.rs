//! The lifecycle at the keyboard: which step a key asks for on the open
//! message, and what the service answered.

use super::*;

/// The open message, if it is loaded.
pub(super) fn open_message(state: &State) -> Option<&Message> {
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
            | Command::CloseDuplicate
    );
    if !lifecycle {
        return None;
    }
    let Some(m) = open_message(state).cloned() else {
        return Some(Vec::new());
    };
    // A step that asks for a choice or a text first is offered only to one
    // who may take it now (the service stays the judge): nothing is typed
    // for a refusal.
    if let Some(why) = refusal(state, &m, c) {
        state.notice = Some(why);
        return Some(Vec::new());
    }
    let effects = match c {
        Command::Assign => {
            let req = state.request();
            state.open(Layer::Prompt(Prompt::Pick {
                kind: PickKind::Executor,
                query: String::new(),
                items: Vec::new(),
                selected: 0,
                req,
                loading: Loading::Waiting,
            }));
            vec![Effect::Call {
                req,
                call: Call::Executors { message: m.id },
            }]
        }
        Command::Edit => {
            state.open(Layer::Editor(Box::new(Editor::new(
                m.id,
                m.draft.as_deref().unwrap_or(""),
            ))));
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
                question_template_only(state)
            } else {
                // A template inserted in another session: the organisation's
                // templates say whether the draft is one of them, unchanged.
                let req = state.request();
                if let Some(d) = state.detail.as_mut() {
                    d.lint_req = Some(req);
                }
                vec![Effect::Call {
                    req,
                    call: Call::Templates {
                        org: m.org,
                        category: m.category,
                    },
                }]
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
            state.open(Layer::Prompt(Prompt::Text {
                step,
                input: String::new(),
            }));
            Vec::new()
        }
        Command::Redirect => {
            let req = state.request();
            state.open(Layer::Prompt(Prompt::Pick {
                kind: PickKind::RedirectTarget,
                query: String::new(),
                items: Vec::new(),
                selected: 0,
                req,
                loading: Loading::Waiting,
            }));
            vec![Effect::Call {
                req,
                call: Call::RedirectTargets {
                    message: m.id,
                    text: String::new(),
                },
            }]
        }
        Command::CloseMessage | Command::CloseDuplicate => {
            let step = if c == Command::CloseMessage {
                TextStep::Close
            } else {
                TextStep::Duplicate
            };
            state.open(Layer::Prompt(Prompt::Text {
                step,
                input: String::new(),
            }));
            Vec::new()
        }
        _ => Vec::new(),
    };
    Some(effects)
}

/// Submitting asks twice when the draft is a template as it came.
fn question_template_only(state: &mut State) -> Vec<Effect> {
    state.open(Layer::Prompt(Prompt::Confirm {
        act: Act::SubmitDraft,
    }));
    state.notice = Some(state.i18n.t("lint-template-only"));
    Vec::new()
}

/// The templates asked for before a submit: the question is asked when the
/// draft is one of them unchanged (whatever its placeholders were filled
/// with), else the usual confirmation; without them, the usual one too.
pub fn lint_loaded(
    state: &mut State,
    result: ServiceResult<Vec<crate::domain::Template>>,
) -> Vec<Effect> {
    let Some(d) = state.detail.as_mut() else {
        return Vec::new();
    };
    d.lint_req = None;
    let draft = d
        .message
        .as_ref()
        .and_then(|m| m.draft.clone())
        .unwrap_or_default();
    let unchanged = result.is_ok_and(|templates| {
        templates
            .iter()
            .any(|t| crate::domain::template::is_unchanged(&t.body, &draft))
    });
    if unchanged {
        question_template_only(state)
    } else {
        confirm(state, Act::SubmitDraft)
    }
}

pub(super) fn confirm(state: &mut State, act: Act) -> Vec<Effect> {
    state.open(Layer::Prompt(Prompt::Confirm { act }));
    Vec::new()
}

/// Sends `act` for the open message at the version shown.
pub(super) fn send(state: &mut State, act: Act) -> Vec<Effect> {
    let Some(m) = open_message(state) else {
        return Vec::new();
    };
    let (id, version) = (m.id, m.version);
    let req = state.request();
    state.acting = Some(req);
    vec![Effect::Call {
        req,
        call: Call::Act { id, version, act },
    }]
}

/// A call about the open message that is answered as a step is (a note,
/// a link): the message as it now is.
fn send_about_open(state: &mut State, call: impl FnOnce(MessageId) -> Call) -> Vec<Effect> {
    let Some(id) = open_message(state).map(|m| m.id) else {
        return Vec::new();
    };
    let req = state.request();
    state.acting = Some(req);
    vec![Effect::Call {
        req,
        call: call(id),
    }]
}

/// Adds a staff note to the open message.
pub(super) fn send_note(state: &mut State, text: String) -> Vec<Effect> {
    send_about_open(state, |id| Call::Note { id, text })
}

/// Links the open message with `other`, or removes that link.
pub(super) fn send_link(state: &mut State, other: MessageId, remove: bool) -> Vec<Effect> {
    send_about_open(state, |id| Call::Link { id, other, remove })
}

/// On an open message: the prompt for the text `step` needs first.
fn open_text(state: &mut State, step: TextStep) -> Vec<Effect> {
    if open_message(state).is_some() {
        state.open(Layer::Prompt(Prompt::Text {
            step,
            input: String::new(),
        }));
    }
    Vec::new()
}

/// `L` on an open message: the other message's number, typed first.
pub fn open_link(state: &mut State) -> Vec<Effect> {
    open_text(state, TextStep::Link)
}

/// `N` on an open message: a note, typed first.
pub fn open_note(state: &mut State) -> Vec<Effect> {
    open_text(state, TextStep::Note)
}

/// The service's answer to a step.
pub fn acted(state: &mut State, req: RequestId, result: ServiceResult<Message>) -> Vec<Effect> {
    if state.acting != Some(req) {
        return Vec::new();
    }
    state.acting = None;
    let typed = state.typed_step.take().filter(|(r, ..)| *r == req);
    // The editor may be closed by now; the save is still a save.
    let was_save = state.draft_save.take() == Some(req);
    if let Some(editor) = state.editor_mut().filter(|e| e.saving == Some(req)) {
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
            let noted = m
                .history
                .last()
                .is_some_and(|h| h.action == "note" && typed_note(&typed));
            let linked = matches!(typed, Some((_, TextStep::Link, _)));
            state.notice = Some(if was_save {
                state.i18n.t("draft-saved")
            } else if linked {
                state.i18n.tr("linked", &[("id", m.id.0.into())])
            } else if noted {
                state.i18n.tr("note-added", &[("id", m.id.0.into())])
            } else {
                done
            });
            if let Some(d) = state.detail.as_mut() {
                d.message = Some(m);
            }
            if was_save {
                // Acknowledged: the journal is needed no more, unless more was typed since.
                match (state.editor(), id) {
                    (Some(editor), _) if editor.dirty() => Vec::new(),
                    (_, Some(id)) => vec![Effect::JournalRemove { id }],
                    _ => Vec::new(),
                }
            } else {
                crate::tui::update::reload_queue(state)
            }
        }
        Err(e) => {
            state.notice = Some(state.i18n.error(&e));
            // What was typed for the step comes back, to send again or copy.
            if let Some((_, step, input)) = typed {
                state.open(Layer::Prompt(Prompt::Text { step, input }));
            }
            let gone = matches!(e, ServiceError::Forbidden) && was_save;
            if gone && let Some(d) = state.detail.as_ref() {
                // Given to somebody else while this person typed: the text stays
                // in the editor and the journal, to be copied.
                state.notice = Some(state.i18n.tr("draft-not-yours", &[("id", d.id.0.into())]));
            }
            if matches!(e, ServiceError::Conflict { .. }) || gone {
                // Show what is there now; the user decides again.
                let req = state.request();
                if let Some(d) = state.detail.as_mut() {
                    d.req = req;
                    let mut effects = vec![Effect::Call {
                        req,
                        call: Call::Message { id: d.id },
                    }];
                    if gone {
                        effects.extend(crate::tui::update::reload_queue(state));
                    }
                    return effects;
                }
            }
            Vec::new()
        }
    }
}

/// Whether what was typed for the answered request was a note.
fn typed_note(typed: &Option<(RequestId, TextStep, String)>) -> bool {
    matches!(typed, Some((_, TextStep::Note, _)))
}

/// The lifecycle step a key asks for on a message in `status`.
fn step_action(c: Command, status: MessageStatus) -> Option<crate::domain::MessageAction> {
    use crate::domain::MessageAction as A;
    Some(match (c, status) {
        (Command::Assign, _) => A::Assign,
        (Command::Edit, _) => A::EditDraft,
        (Command::Submit, _) => A::SubmitDraft,
        (Command::Approve, MessageStatus::RedirectRequested) => A::ApproveRedirect,
        (Command::Approve, MessageStatus::Moderation) => A::Accept,
        (Command::Approve, _) => A::Approve,
        (Command::Redirect, _) => A::AskRedirect,
        (Command::CloseMessage | Command::CloseDuplicate, _) => A::Close,
        (Command::Return, MessageStatus::RedirectRequested) => A::DeclineRedirect,
        (Command::Return, MessageStatus::Moderation) => A::Reject,
        (Command::Return, _) => A::Return,
        _ => return None,
    })
}

/// The step keys the person may use on the open message now, for the
/// status line (the service stays the judge).
pub fn available_steps(state: &State) -> Vec<Command> {
    let (Some(m), Some(session)) = (open_message(state), state.session.as_ref()) else {
        return Vec::new();
    };
    Command::ALL
        .into_iter()
        .filter(|c| {
            step_action(*c, m.status).is_some_and(|action| {
                crate::domain::lifecycle::next(m.status, action).is_some()
                    && crate::domain::permissions::may_act_in(
                        &session.actor,
                        action,
                        m.org,
                        m.assignee,
                    )
            })
        })
        .collect()
}

/// Why the person may not take the step `c` asks for on `m` now, for the
/// steps that open a picker or a prompt before anything reaches the service.
fn refusal(state: &State, m: &Message, c: Command) -> Option<String> {
    if !matches!(
        c,
        Command::Assign
            | Command::Redirect
            | Command::CloseMessage
            | Command::CloseDuplicate
            | Command::Return
    ) {
        return None;
    }
    let action = step_action(c, m.status)?;
    let actor = &state.session.as_ref()?.actor;
    if crate::domain::lifecycle::next(m.status, action).is_none() {
        return Some(state.i18n.error(&ServiceError::WrongStatus {
            status: m.status,
            action,
        }));
    }
    if !crate::domain::permissions::may_act_in(actor, action, m.org, m.assignee) {
        return Some(state.i18n.error(&ServiceError::Forbidden));
    }
    None
}
