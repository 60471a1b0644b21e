//! What applies here: the commands of the current context — the topmost
//! overlay, else the open message, statistics or the focused pane — each
//! with its short hint. The status line shows them; the help lists them
//! first.

use super::admin::Overlay;
use super::keymap::Command;
use super::state::{Layer, Pane, State};

/// The commands of the context under the help (the help itself aside),
/// with the key of each one's short hint in the status line.
pub fn here(state: &State) -> Vec<(Command, &'static str)> {
    let top = state
        .layers
        .iter()
        .rev()
        .find(|l| !matches!(l, Layer::Help(_)));
    match top {
        Some(Layer::Editor(_)) => vec![
            (Command::EditorSave, "hint-save"),
            (Command::EditorTemplate, "hint-template"),
            (Command::EditorDone, "hint-done"),
            (Command::Quit, "hint-quit"),
        ],
        Some(Layer::Prompt(prompt)) => prompt_commands(prompt),
        Some(Layer::Admin(overlay)) => overlay_commands(overlay),
        Some(Layer::Help(_)) | None => screen_commands(state),
    }
}

fn prompt_commands(prompt: &super::acting::Prompt) -> Vec<(Command, &'static str)> {
    use super::acting::Prompt;
    match prompt {
        Prompt::Confirm { .. } | Prompt::Quit { .. } => confirm(),
        Prompt::Text { .. } => vec![
            (Command::LineDone, "hint-done"),
            (Command::LineCancel, "hint-cancel"),
        ],
        Prompt::Pick { .. } => vec![
            (Command::PickerChoose, "hint-choose"),
            (Command::PickerCancel, "hint-cancel"),
        ],
    }
}

fn overlay_commands(overlay: &Overlay) -> Vec<(Command, &'static str)> {
    match overlay {
        Overlay::Form(_) => vec![
            (Command::FormNext, "hint-next-field"),
            (Command::FormSave, "hint-save"),
            (Command::FormCancel, "hint-cancel"),
        ],
        Overlay::Confirm(_) => confirm(),
        Overlay::Widget(_) => vec![
            (Command::WidgetGenerate, "hint-generate"),
            (Command::WidgetCopy, "hint-copy"),
            (Command::WidgetSave, "hint-to-file"),
            (Command::WidgetCheck, "hint-check"),
            (Command::PanelClose, "hint-close"),
        ],
        Overlay::Readiness(_) => vec![
            (Command::ReadinessDeadline, "hint-deadline"),
            (Command::PanelAgain, "hint-refresh"),
            (Command::PanelClose, "hint-close"),
        ],
        Overlay::Card(_) => vec![(Command::PanelClose, "hint-close")],
        Overlay::Import(_) => vec![
            (Command::PanelGo, "hint-import"),
            (Command::ImportOnlyWrong, "hint-only-wrong"),
            (Command::PanelClose, "hint-close"),
        ],
    }
}

fn confirm() -> Vec<(Command, &'static str)> {
    vec![
        (Command::ConfirmYes, "hint-yes"),
        (Command::ConfirmNo, "hint-no"),
    ]
}

/// No overlay: the open message, statistics, or the focused pane.
fn screen_commands(state: &State) -> Vec<(Command, &'static str)> {
    if state.detail.is_some() {
        let mut here: Vec<_> = super::acting::available_steps(state)
            .into_iter()
            .map(|c| (c, ""))
            .collect();
        let earlier = state
            .detail
            .as_ref()
            .and_then(|d| d.message.as_ref())
            .is_some_and(|m| m.history_earlier > 0);
        here.push((Command::Note, "hint-note"));
        here.push((Command::LinkMessage, "hint-link"));
        here.push((Command::TimelineBack, "hint-timeline"));
        if earlier {
            here.push((Command::EarlierHistory, "hint-earlier"));
        }
        here.push((Command::Close, "hint-close"));
        return here;
    }
    if state.polls.is_some() {
        return vec![
            (Command::New, "hint-poll-new"),
            (Command::Approve, "hint-poll-publish"),
            (Command::Submit, "hint-poll-submit"),
            (Command::CloseMessage, "hint-poll-close"),
            (Command::Export, "hint-export"),
            (Command::Close, "hint-close"),
        ];
    }
    if state.stats.is_some() {
        return vec![
            (Command::Export, "hint-export"),
            (Command::Refresh, "hint-refresh"),
            (Command::Close, "hint-close"),
        ];
    }
    let mut here = vec![(Command::Filter, "hint-filter")];
    if state.focus == Pane::Messages {
        here.insert(0, (Command::Open, "hint-open"));
        here.push((Command::QueueFilters, "hint-queue-filters"));
        if super::update::searching(state) {
            here.push((Command::WidenSearch, "hint-widen"));
        }
    }
    here.push((Command::Close, "hint-quit"));
    here
}
