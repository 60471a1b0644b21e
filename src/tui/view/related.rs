//! On an open message: the lists of linked messages and of the citizen's
//! other ones, and the message as it stood at one step of its history.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::domain::Message;
use crate::domain::message::{Due, due};
use crate::tui::keymap::Command;
use crate::tui::state::{DetailState, State, TimelineView};

fn heading(state: &State, text: String) -> Line<'static> {
    Line::from(Span::styled(
        text,
        state.theme.fg("accent").add_modifier(Modifier::BOLD),
    ))
}

/// One listed message, highlighted when chosen.
fn row(state: &State, picked: bool, kind: String, id: i64, rest: String) -> Line<'static> {
    let style = if picked {
        state.theme.selected(true)
    } else {
        state.theme.fg("title")
    };
    Line::from(vec![
        Span::styled(if picked { "▶ " } else { "  " }.to_string(), style),
        Span::styled(format!("{kind}№ {id}"), style.add_modifier(Modifier::BOLD)),
        Span::styled(format!(" · {rest}"), style),
    ])
}

fn hint(state: &State) -> Line<'static> {
    let key = |c| state.keymap.first_key(c);
    Line::from(Span::styled(
        format!(
            "  {}",
            state.i18n.tr(
                "msg-links-hint",
                &[
                    ("next", key(Command::NextTab).as_str().into()),
                    ("prev", key(Command::PrevTab).as_str().into()),
                ],
            )
        ),
        state.theme.fg("dim"),
    ))
}

/// The "Связи" section under the details; nothing without links.
pub fn link_lines(state: &State, d: &DetailState, m: &Message) -> Vec<Line<'static>> {
    let i = &state.i18n;
    if m.links.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Line::default(), heading(state, i.t("msg-links"))];
    for (n, l) in m.links.iter().enumerate() {
        out.push(row(
            state,
            d.pick == Some(n),
            format!("{} ", i.t(&format!("link-kind-{}", l.kind.key()))),
            l.id.0,
            format!(
                "{} · {} · {}",
                i.message_state(l.status),
                l.org_name,
                l.summary
            ),
        ));
    }
    out.push(hint(state));
    out
}

/// The "Другие сообщения заявителя" section after the history: the newest
/// few not linked already, the count of all; nothing when there are none.
pub fn citizen_lines(state: &State, d: &DetailState, m: &Message) -> Vec<Line<'static>> {
    let i = &state.i18n;
    if d.citizen.is_empty() {
        return Vec::new();
    }
    // The list is the newest few: "20+" when it may go on.
    let count = match d.citizen.len() {
        n if n >= crate::domain::links::CITIZEN_MESSAGES as usize => format!("{n}+"),
        n => n.to_string(),
    };
    let mut out = vec![
        Line::default(),
        heading(
            state,
            i.tr("msg-citizen-others", &[("n", count.as_str().into())]),
        ),
    ];
    let first = m.links.len();
    let shown: Vec<_> = crate::tui::update::related::citizen_shown(d).collect();
    for (n, r) in shown.iter().enumerate() {
        out.push(row(
            state,
            d.pick == Some(first + n),
            String::new(),
            r.id.0,
            format!(
                "{} · {} · {}",
                i.message_state(r.status),
                r.received_at.with_timezone(&state.tz).format("%d.%m.%Y"),
                r.summary
            ),
        ));
    }
    // Listed neither here nor among the links.
    let unlinked = d
        .citizen
        .iter()
        .filter(|r| !m.links.iter().any(|l| l.id == r.id))
        .count();
    let more = unlinked - shown.len();
    if more > 0 {
        out.push(Line::from(Span::styled(
            format!("  {}", i.tr("msg-citizen-more", &[("n", more.into())])),
            state.theme.fg("dim"),
        )));
    }
    if !shown.is_empty() {
        out.push(hint(state));
    }
    out
}

/// The message as it stood after the chosen step of its history.
pub fn render_timeline(
    frame: &mut Frame,
    state: &State,
    m: &Message,
    t: &TimelineView,
    area: Rect,
) {
    let theme = &state.theme;
    let i = &state.i18n;
    let Some(moments) = &t.moments else {
        super::placeholder(frame, area, i.t("loading"), theme.fg("dim"));
        return;
    };
    let Some(now) = moments.get(t.at) else {
        return;
    };
    let label = |key: &str| Span::styled(format!("{:<14}", i.t(key)), theme.fg("dim"));
    let key = |c| state.keymap.first_key(c);
    let mut lines = vec![
        Line::from(Span::styled(
            i.tr(
                "timeline-title",
                &[
                    ("n", (t.earlier + t.at as u64 + 1).into()),
                    ("total", (t.earlier + moments.len() as u64).into()),
                ],
            ),
            theme.fg("accent").add_modifier(Modifier::BOLD),
        )),
        Line::from(Span::styled(
            i.tr(
                "timeline-hint",
                &[
                    ("back", key(Command::TimelineBack).as_str().into()),
                    ("forward", key(Command::TimelineForward).as_str().into()),
                ],
            ),
            theme.fg("dim"),
        )),
        Line::default(),
    ];
    let step = &now.step;
    let mut what = vec![
        Span::styled(
            step.at
                .with_timezone(&state.tz)
                .format("%d.%m.%Y %H:%M  ")
                .to_string(),
            theme.fg("dim"),
        ),
        Span::styled(
            i.history_action(step),
            theme.fg("title").add_modifier(Modifier::BOLD),
        ),
    ];
    if !step.actor_name.is_empty() {
        what.push(Span::styled(
            format!(" — {}", step.actor_name),
            theme.fg("dim"),
        ));
    }
    lines.push(Line::from(what));
    if let Some(status) = now.status {
        lines.push(Line::from(vec![
            label("msg-status"),
            Span::styled(i.message_state(status), theme.message_status(status)),
        ]));
    }
    lines.push(Line::from(vec![
        label("msg-assignee"),
        Span::raw(now.executor.clone().unwrap_or_else(|| i.t("unassigned"))),
    ]));
    // The deadline as it stood: past it already at this step, while open.
    let day = crate::domain::clock::day_of(step.at);
    let mut deadline = vec![
        label("msg-deadline"),
        Span::raw(m.deadline.format("%d.%m.%Y").to_string()),
    ];
    let open = now.status.is_some_and(|s| s.is_open());
    if open && let Due::Overdue(_) = due(now.status.unwrap_or(m.status), m.deadline, day) {
        deadline.push(Span::styled(
            format!("  ⚠ {}", i.t("timeline-deadline-passed")),
            theme.fg("overdue"),
        ));
    }
    lines.push(Line::from(deadline));
    if let Some(c) = &step.comment {
        lines.push(Line::from(vec![
            label("msg-comment"),
            Span::raw(format!("«{c}»")),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        i.t("msg-draft"),
        theme.fg("accent").add_modifier(Modifier::BOLD),
    )));
    match (&now.previous_draft, &now.draft) {
        // This step changed the draft: what it became, marked against before.
        (Some(before), after) => lines.extend(super::detail::diff_lines(
            theme,
            &crate::domain::diff::words(
                before.as_deref().unwrap_or(""),
                after.as_deref().unwrap_or(""),
            ),
        )),
        (None, Some(text)) => lines.extend(text.lines().map(|l| Line::from(l.to_string()))),
        (None, None) => lines.push(Line::from(Span::styled("—", theme.fg("dim")))),
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
