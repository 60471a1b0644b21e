//! The polls screen's state changes: opening it on the selected
//! organisation, moving between polls, their steps, the answers, the live
//! changes that move its charts, and the export.

use super::{PollCall, PollReply, PollsState};
use crate::domain::change::Change;
use crate::domain::polls::{PollAction, PollStatus};
use crate::tui::action::{Effect, RequestId};
use crate::tui::call::Call;
use crate::tui::keymap::Command;
use crate::tui::state::{Layer, State};

fn call(req: RequestId, call: PollCall) -> Effect {
    Effect::Call {
        req,
        call: Call::Polls { call },
    }
}

/// `O`: the polls of the organisation selected in the tree.
pub fn open(state: &mut State) -> Vec<Effect> {
    let Some(row) = state.tree.selected().cloned() else {
        return Vec::new();
    };
    let req = state.request();
    state.detail = None;
    state.stats = None;
    state.polls = Some(PollsState {
        org: row.node.id,
        org_name: row.node.short_name.clone(),
        list: None,
        cursor: 0,
        poll: None,
        results: None,
        error: None,
        list_req: req,
        poll_req: 0,
        acting: None,
    });
    vec![call(req, PollCall::List { org: row.node.id })]
}

fn reload_list(state: &mut State) -> Vec<Effect> {
    let req = state.request();
    let Some(st) = state.polls.as_mut() else {
        return Vec::new();
    };
    st.list_req = req;
    vec![call(req, PollCall::List { org: st.org })]
}

/// Loads the poll under the cursor with its results.
fn open_selected(state: &mut State) -> Vec<Effect> {
    let req = state.request();
    let Some(st) = state.polls.as_mut() else {
        return Vec::new();
    };
    let Some(id) = st.selected().map(|p| p.id) else {
        st.poll = None;
        st.results = None;
        return Vec::new();
    };
    st.poll_req = req;
    vec![call(req, PollCall::Open { id })]
}

/// A key on the polls screen.
pub fn command(state: &mut State, c: Command) -> Vec<Effect> {
    let Some(st) = state.polls.as_mut() else {
        return Vec::new();
    };
    let last = st.list.as_ref().map_or(0, |l| l.len().saturating_sub(1));
    let moved_to = match c {
        Command::Down => Some((st.cursor + 1).min(last)),
        Command::Up => Some(st.cursor.saturating_sub(1)),
        Command::Top => Some(0),
        Command::Bottom => Some(last),
        _ => None,
    };
    if let Some(to) = moved_to {
        if to == st.cursor {
            return Vec::new();
        }
        st.cursor = to;
        st.results = None;
        st.poll = None;
        return open_selected(state);
    }
    let status = st.poll.as_ref().map(|p| p.status);
    match c {
        Command::Back | Command::Close | Command::Polls => state.polls = None,
        Command::Help => state.open(Layer::Help(0)),
        Command::Refresh => return reload_list(state),
        Command::Export => return export(state),
        Command::New => {
            state.open(Layer::Prompt(crate::tui::acting::Prompt::Text {
                step: crate::tui::acting::TextStep::PollFile,
                input: String::new(),
            }));
        }
        Command::Submit => return step(state, PollAction::Submit),
        Command::Return => return step(state, PollAction::Return),
        Command::CloseMessage => return step(state, PollAction::Close),
        // `A` publishes: the poll when it waits for approval, the results
        // once it is closed.
        Command::Approve => {
            let action = match status {
                Some(PollStatus::Closed) => PollAction::PublishResults,
                _ => PollAction::Approve,
            };
            return step(state, action);
        }
        _ => {}
    }
    Vec::new()
}

/// The path typed after `n`: a new draft of the organisation shown, from
/// that poll file (TOML or JSON, as `otklik polls create` reads).
pub fn create_from(state: &mut State, path: String) -> Vec<Effect> {
    let req = state.request();
    let Some(st) = state.polls.as_mut() else {
        return Vec::new();
    };
    if path.is_empty() || st.acting.is_some() {
        return Vec::new();
    }
    st.acting = Some(req);
    vec![call(req, PollCall::Create { org: st.org, path })]
}

fn step(state: &mut State, action: PollAction) -> Vec<Effect> {
    let req = state.request();
    let Some(st) = state.polls.as_mut() else {
        return Vec::new();
    };
    let Some(poll) = st.poll.as_ref() else {
        return Vec::new();
    };
    if st.acting.is_some() {
        return Vec::new();
    }
    st.acting = Some(req);
    vec![call(
        req,
        PollCall::Act {
            id: poll.id,
            version: poll.version,
            action,
        },
    )]
}

/// An answer to one of the screen's calls.
pub fn done(state: &mut State, req: RequestId, reply: PollReply) -> Vec<Effect> {
    let i18n = std::sync::Arc::clone(&state.i18n);
    let Some(st) = state.polls.as_mut() else {
        return Vec::new();
    };
    match reply {
        PollReply::List(result) if req == st.list_req => {
            let was = st.selected().map(|p| p.id);
            match result {
                Ok(page) => {
                    st.cursor = was
                        .and_then(|id| page.items.iter().position(|p| p.id == id))
                        .unwrap_or(0);
                    st.list = Some(page.items);
                    st.error = None;
                }
                Err(e) => st.error = Some(i18n.error(&e)),
            }
            open_selected(state)
        }
        PollReply::Open { poll, results } if req == st.poll_req => {
            match poll {
                Ok(p) => {
                    st.poll = Some(p);
                    st.results = results;
                }
                Err(e) => st.error = Some(i18n.error(&e)),
            }
            Vec::new()
        }
        PollReply::Created(result) if Some(req) == st.acting => {
            st.acting = None;
            state.notice = Some(match result {
                Ok(p) => i18n.tr(
                    "cli-poll-created",
                    &[("id", p.id.to_string().as_str().into())],
                ),
                Err(said) => said,
            });
            reload_list(state)
        }
        PollReply::Acted(result) if Some(req) == st.acting => {
            st.acting = None;
            state.notice = Some(match result {
                Ok(p) => i18n.tr(
                    "cli-poll-step",
                    &[
                        ("id", p.id.to_string().as_str().into()),
                        ("status", i18n.poll_status(p.status).as_str().into()),
                    ],
                ),
                Err(e) => i18n.error(&e),
            });
            reload_list(state)
        }
        _ => Vec::new(),
    }
}

/// `E`: the results of the poll shown, as a workbook in the working folder
/// (the same as `otklik polls results --format xlsx`).
pub fn export(state: &mut State) -> Vec<Effect> {
    let Some(results) = state.polls.as_ref().and_then(|st| st.results.as_ref()) else {
        state.notice = Some(state.i18n.t("polls-export-nothing"));
        return Vec::new();
    };
    match crate::sheets::polls::xlsx(&state.i18n, results) {
        Ok(bytes) => vec![Effect::SaveFile {
            path: format!("poll-{}.xlsx", results.id),
            bytes,
            saved: "polls-saved",
        }],
        Err(e) => {
            state.notice = Some(state.i18n.tr(
                "stats-export-failed",
                &[("detail", e.to_string().as_str().into())],
            ));
            Vec::new()
        }
    }
}

/// Changes from the feed: a poll of the organisation shown took a step or
/// a vote; the list, and the poll if it is the one shown, are read again.
pub fn changed(state: &mut State, changes: &[Change]) -> Vec<Effect> {
    let Some(st) = state.polls.as_ref() else {
        return Vec::new();
    };
    let shown = st.poll.as_ref().map(|p| p.id);
    let mut list = false;
    for change in changes {
        if let Change::Poll { id, org, .. } = change {
            list |= *org == st.org;
            list |= shown == Some(*id);
        }
    }
    if list { reload_list(state) } else { Vec::new() }
}
