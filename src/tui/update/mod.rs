//! `update(&mut State, Action) -> Vec<Effect>`: every change of the
//! client's state happens here, without I/O, so it is tested directly.

mod answers;
mod input;
mod live;
mod navigation;
mod queries;
pub(crate) mod related;
mod stats;

use super::acting;
use super::action::{Action, Effect, RequestId, SignInChoice};
use super::call::{Answer, Call};
use super::keymap::Command;
use super::state::{DetailState, Pane, PlatformForm, Screen, Session, State, TABS};
use super::view::layout;
use crate::domain::{Field, Invalid, Problem};
use crate::domain::{OrgId, Role};
use crate::service::{AccountQuery, MessageQuery, ServiceError};
use crate::tui::state::{Layer, LayerKind};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use answers::*;
pub use input::set_filter;
use input::*;
use navigation::*;
pub use queries::*;
use stats::*;

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    // While the window is too small to show anything but that, keys and
    // the mouse do nothing (out of sight), but for quitting.
    let (w, h) = state.size;
    if w < super::view::MIN_WIDTH || h < super::view::MIN_HEIGHT {
        match &action {
            // Nothing can be asked out of sight; the journal keeps a draft.
            Action::Command(Command::Quit | Command::Close) => return quit(state),
            Action::Command(_) | Action::Text(_) | Action::Mouse(_) => return Vec::new(),
            _ => {}
        }
    }
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
        // A typed key goes to the topmost overlay, or to the screen's line.
        // A notice an overlay showed goes with the overlay (one Esc for both).
        Action::Text(key) => {
            let (layers, notice) = (state.layers.len(), state.notice.clone());
            let effects = match state.top() {
                Some(LayerKind::Admin) => super::admin::key(state, key),
                Some(LayerKind::Prompt | LayerKind::Editor) => {
                    state.now = std::time::Instant::now().max(state.now);
                    acting::key(state, key)
                }
                Some(LayerKind::Help) | None => text(state, key),
            };
            if state.layers.len() < layers && state.notice == notice {
                state.notice = None;
            }
            effects
        }
        Action::ImportProgress { req, done, total } => {
            super::admin::import_progress(state, req, done, total);
            Vec::new()
        }
        Action::Tick(now) => acting::tick(state, now),
        Action::Wake(token) => settled(state, token),
        Action::JournalRead { id, text } => acting::journal_read(state, id, text),
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
        Action::Live(l) => live::live(state, l),
        Action::Mouse(m) => mouse(state, m),
        Action::Answer { req, answer } => answered(state, req, answer),
    }
}

/// Signed in: show the main screen and open the tree at the person's organisation.
fn start_main(state: &mut State, actor: crate::domain::Actor) -> Vec<Effect> {
    let location = state.location.clone();
    state.messages.tab = State::default_tab(&actor);
    state.views = super::views::View::for_actor(&actor);
    state.view_counts = vec![None; state.views.len()];
    let org = actor.org;
    // The platform's administrators are told when the production calendar
    // the deadlines are counted by runs out.
    let calendar = crate::domain::calendar::platform();
    state.notice = calendar
        .runs_out(state.today)
        .filter(|_| actor.is_platform_admin())
        .map(|last| {
            state
                .i18n
                .tr("tui-calendar-runs-out", &[("year", i64::from(last).into())])
        });
    state.session = Some(Session { actor, location });
    state.screen = Screen::Main;
    let req = state.request();
    state.tree.pending.insert(None, req);
    let ancestors = state.request();
    vec![
        Effect::Call {
            req,
            call: Call::Children { parent: None },
        },
        Effect::Call {
            req: ancestors,
            call: Call::Ancestors { org },
        },
        Effect::Follow,
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
                Command::Quit | Command::Close | Command::Back => return quit(state),
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
                Command::Quit | Command::Close | Command::Back => return quit(state),
                _ => {}
            }
            return Vec::new();
        }
        Screen::Training { .. } => {
            return match c {
                Command::Open => vec![Effect::ConfirmTraining],
                Command::Quit | Command::Close | Command::Back => quit(state),
                _ => Vec::new(),
            };
        }
        Screen::Building { .. } | Screen::PlatformForm(_) => {
            return if matches!(c, Command::Quit | Command::Close) {
                quit(state)
            } else {
                Vec::new()
            };
        }
    }
    if c == Command::Quit {
        return ask_quit(state);
    }
    if c == Command::Palette {
        return super::palette::open(state);
    }
    if state.help_mut().is_some() {
        let help_end = crate::tui::view::help::max_scroll(state);
        help_command(state, c, help_end);
        return Vec::new();
    }
    state.notice = None;
    if state.polls.is_some() {
        return crate::tui::polls::command(state, c);
    }
    if state.stats.is_some() {
        match c {
            Command::Back | Command::Close | Command::Statistics => state.stats = None,
            Command::Help => state.open(Layer::Help(0)),
            Command::Refresh => return open_statistics(state),
            Command::Export => return export_statistics(state),
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
            .open
            .height
            .saturating_sub(4);
        match c {
            Command::Down => detail.scroll = detail.scroll.saturating_add(1),
            Command::Up => detail.scroll = detail.scroll.saturating_sub(1),
            Command::PageDown => detail.scroll = detail.scroll.saturating_add(page),
            Command::PageUp => detail.scroll = detail.scroll.saturating_sub(page),
            Command::Top => detail.scroll = 0,
            Command::Back => {
                return related::back(state).unwrap_or_else(|| {
                    state.detail = None;
                    Vec::new()
                });
            }
            Command::Close | Command::Collapse => state.detail = None,
            Command::TemplateDiff => return acting::toggle_diff(state),
            Command::EarlierHistory => return earlier_history(state),
            Command::Note => return acting::open_note(state),
            Command::LinkMessage => return acting::open_link(state),
            Command::NextTab => return related::pick(state, 1),
            Command::PrevTab => return related::pick(state, -1),
            Command::Open => return related::open_picked(state),
            Command::TimelineBack => return related::timeline_step(state, -1),
            Command::TimelineForward => return related::timeline_step(state, 1),
            Command::Help => state.open(Layer::Help(0)),
            Command::Refresh => {
                let req = state.request();
                if let Some(d) = &mut state.detail {
                    d.req = req;
                    return vec![Effect::Call {
                        req,
                        call: Call::Message { id: d.id },
                    }];
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
        Command::Quit | Command::Close => quit(state),
        Command::Help => {
            state.open(Layer::Help(0));
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
            Pane::Accounts => super::admin::open_card(state),
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
        Command::TemplateDiff
        | Command::EarlierHistory
        | Command::Note
        | Command::LinkMessage
        | Command::CloseDuplicate
        | Command::TimelineBack
        | Command::TimelineForward
        | Command::Export
        | Command::Palette => Vec::new(),
        // Only an overlay asks for these.
        Command::ConfirmYes
        | Command::ConfirmNo
        | Command::LineDone
        | Command::LineCancel
        | Command::PickerUp
        | Command::PickerDown
        | Command::PickerChoose
        | Command::PickerCancel
        | Command::FormNext
        | Command::FormPrev
        | Command::FormSave
        | Command::FormCancel
        | Command::EditorDone
        | Command::EditorSave
        | Command::EditorTemplate
        | Command::PanelClose
        | Command::PanelUp
        | Command::PanelDown
        | Command::PanelPageUp
        | Command::PanelPageDown
        | Command::PanelGo
        | Command::PanelAgain
        | Command::WidgetPrevDesign
        | Command::WidgetNextDesign
        | Command::WidgetBanner
        | Command::WidgetGenerate
        | Command::WidgetCopy
        | Command::WidgetSave
        | Command::WidgetCheck
        | Command::ImportOnlyWrong
        | Command::ReadinessDeadline => Vec::new(),
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
        Command::WidenSearch => widen_search(state),
        Command::Refresh => refresh(state),
        Command::Statistics => open_statistics(state),
        Command::Polls => crate::tui::polls::open(state),
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

/// A page more of the open message's earlier history.
fn earlier_history(state: &mut State) -> Vec<Effect> {
    let Some(m) = state.detail.as_ref().and_then(|d| d.message.as_ref()) else {
        return Vec::new();
    };
    let (Some(first), true) = (m.history.first(), m.history_earlier > 0) else {
        return Vec::new();
    };
    let (id, before) = (m.id, first.id);
    let req = state.request();
    vec![Effect::Call {
        req,
        call: Call::History { id, before },
    }]
}

/// Quits, first asking when a draft is not saved to the service yet (a
/// second quit while asked does not ask again).
fn ask_quit(state: &mut State) -> Vec<Effect> {
    let asked = matches!(state.prompt(), Some(acting::Prompt::Quit { .. }));
    match state.editor().filter(|e| e.dirty() && !asked) {
        Some(editor) => {
            let id = editor.id;
            state.open(Layer::Prompt(acting::Prompt::Quit { id }));
            Vec::new()
        }
        None => quit(state),
    }
}

pub(crate) fn quit(state: &mut State) -> Vec<Effect> {
    state.quit = true;
    vec![Effect::Quit]
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

/// A key in the help: scroll it, no further than its last line, or close it.
fn help_command(state: &mut State, c: Command, end: u16) {
    if matches!(c, Command::Help | Command::Back | Command::Close) {
        state.close(LayerKind::Help);
        return;
    }
    let Some(scroll) = state.help_mut() else {
        return;
    };
    *scroll = match c {
        Command::Down => scroll.saturating_add(1),
        Command::Up => scroll.saturating_sub(1),
        Command::PageDown => scroll.saturating_add(10),
        Command::PageUp => scroll.saturating_sub(10),
        Command::Bottom => end,
        Command::Top => 0,
        _ => *scroll,
    }
    .min(end);
}
