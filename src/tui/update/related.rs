//! On an open message: its linked messages and the citizen's other ones
//! (chosen with `]` `[`, opened with Enter, Esc back), and its timeline
//! (`,` `.` through the history).

use super::*;
use crate::domain::MessageId;
use crate::domain::timeline::{Timeline, replay};
use crate::tui::state::TimelineView;

/// How many of the citizen's other messages the message pane lists (the
/// newest; the heading counts them all).
pub const CITIZEN_SHOWN: usize = 5;

/// The citizen's other messages the pane lists: the newest not linked already.
pub fn citizen_shown(d: &DetailState) -> impl Iterator<Item = &crate::domain::MessageRow> {
    let linked: Vec<MessageId> = d
        .message
        .as_ref()
        .map(|m| m.links.iter().map(|l| l.id).collect())
        .unwrap_or_default();
    d.citizen
        .iter()
        .filter(move |r| !linked.contains(&r.id))
        .take(CITIZEN_SHOWN)
}

/// The messages an open message lists, in the order shown: its links,
/// then the citizen's other messages.
pub fn listed(d: &DetailState) -> Vec<MessageId> {
    let mut ids: Vec<MessageId> = d
        .message
        .as_ref()
        .map(|m| m.links.iter().map(|l| l.id).collect())
        .unwrap_or_default();
    ids.extend(citizen_shown(d).map(|r| r.id));
    ids
}

/// After the lists change, a choice past their end is let go.
pub fn keep_pick(d: &mut DetailState) {
    let n = listed(d).len();
    if d.pick.is_some_and(|p| p >= n) {
        d.pick = n.checked_sub(1);
    }
}

/// `]` or `[`: the next or the previous listed message.
pub fn pick(state: &mut State, step: isize) -> Vec<Effect> {
    let Some(d) = state.detail.as_mut() else {
        return Vec::new();
    };
    let n = listed(d).len();
    if n == 0 {
        return Vec::new();
    }
    d.pick = Some(match (d.pick, step > 0) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(p), true) => (p + 1) % n,
        (Some(p), false) => (p + n - 1) % n,
    });
    Vec::new()
}

/// Enter with a listed message chosen: opens it; Esc comes back here.
pub fn open_picked(state: &mut State) -> Vec<Effect> {
    let Some(d) = state.detail.as_ref() else {
        return Vec::new();
    };
    let Some(id) = d.pick.and_then(|p| listed(d).get(p).copied()) else {
        return Vec::new();
    };
    let mut trail = d.trail.clone();
    trail.push(d.id);
    open(state, id, trail)
}

/// Opens message `id` in the message pane, `trail` the way back.
fn open(state: &mut State, id: MessageId, trail: Vec<MessageId>) -> Vec<Effect> {
    let req = state.request();
    let mut d = DetailState::new(id, req);
    d.trail = trail;
    state.detail = Some(d);
    vec![Effect::Call {
        req,
        call: Call::Message { id },
    }]
}

/// Esc on an open message: out of the timeline, back to the message it was
/// opened from, or closed. `None` when there is nothing to step back from
/// here (the message is closed by the caller).
pub fn back(state: &mut State) -> Option<Vec<Effect>> {
    let d = state.detail.as_mut()?;
    if d.timeline.take().is_some() {
        return Some(Vec::new());
    }
    let previous = d.trail.pop()?;
    let trail = std::mem::take(&mut d.trail);
    Some(open(state, previous, trail))
}

/// `,` or `.`: a step back or forward through the history; the first `,`
/// loads it and shows the latest step, `.` past the latest leaves it.
pub fn timeline_step(state: &mut State, step: isize) -> Vec<Effect> {
    let req = state.request();
    let Some(d) = state.detail.as_mut() else {
        return Vec::new();
    };
    if d.message.is_none() {
        return Vec::new();
    }
    let Some(t) = d.timeline.as_mut() else {
        if step > 0 {
            return Vec::new();
        }
        d.timeline = Some(TimelineView {
            req,
            moments: None,
            earlier: 0,
            at: usize::MAX,
        });
        return vec![Effect::Call {
            req,
            call: Call::Timeline { id: d.id },
        }];
    };
    let Some(moments) = &t.moments else {
        return Vec::new();
    };
    if step < 0 {
        t.at = t.at.saturating_sub(1);
    } else if t.at + 1 < moments.len() {
        t.at += 1;
    } else {
        d.timeline = None;
    }
    Vec::new()
}

pub fn timeline_loaded(
    state: &mut State,
    req: RequestId,
    result: crate::service::ServiceResult<Timeline>,
) {
    let Some(d) = state.detail.as_mut() else {
        return;
    };
    let Some(t) = d.timeline.as_mut().filter(|t| t.req == req) else {
        return;
    };
    match result {
        Ok(timeline) if !timeline.history.is_empty() => {
            let moments = replay(&timeline);
            t.at = moments.len() - 1;
            t.earlier = timeline.earlier;
            t.moments = Some(moments);
        }
        Ok(_) => d.timeline = None,
        Err(e) => {
            d.timeline = None;
            state.notice = Some(state.i18n.error(&e));
        }
    }
}
