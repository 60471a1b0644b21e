//! One message: full text, citizen, category, deadline, draft or answer,
//! and the history of who did what.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{pane_block, placeholder};
use crate::domain::MessageKind;
use crate::domain::message::{Due, due};
use crate::tui::keymap::Command;
use crate::tui::state::{DetailState, State};

pub fn render(frame: &mut Frame, state: &State, d: &DetailState, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let title = Line::from(vec![Span::styled(
        format!(" {} № {} ", i.t("pane-message"), d.id),
        theme.fg("title"),
    )]);
    let block = pane_block(theme, title, true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(m) = &d.message else {
        let text = d.error.clone().unwrap_or_else(|| i.t("loading"));
        placeholder(frame, inner, text, theme.fg("dim"));
        return;
    };
    if let Some(t) = &d.timeline {
        super::related::render_timeline(frame, state, m, t, inner);
        return;
    }
    let label = |key: &str| Span::styled(format!("{:<14}", i.t(key)), theme.fg("dim"));
    let mut lines = vec![
        Line::from(vec![
            label("msg-status"),
            Span::styled(
                i.message_state(m.status),
                theme.message_status(m.status).add_modifier(Modifier::BOLD),
            ),
        ]),
        Line::from(vec![label("msg-deadline"), deadline_span(state, m)]),
        Line::from(vec![
            label("col-category"),
            Span::raw(m.category_name.clone()),
        ]),
        Line::from(vec![
            label("msg-kind"),
            Span::raw(i.t(match m.kind {
                MessageKind::Message => "msg-kind-message",
                MessageKind::Appeal => "msg-kind-appeal",
            })),
        ]),
        Line::from(vec![
            label("msg-source"),
            Span::raw(i.t(&format!("source-{}", m.source.key()))),
        ]),
        Line::from(vec![
            label("msg-received"),
            Span::raw(
                m.received_at
                    .with_timezone(&state.tz)
                    .format("%d.%m.%Y %H:%M")
                    .to_string(),
            ),
        ]),
        Line::from(vec![
            label("msg-citizen"),
            Span::raw(m.citizen_name.clone()),
        ]),
        Line::from(vec![
            label("msg-contact"),
            Span::raw(m.citizen_contact.clone()),
        ]),
    ];
    if let Some(addr) = &m.address {
        lines.push(Line::from(vec![
            label("msg-address"),
            Span::raw(addr.clone()),
        ]));
    }
    lines.push(Line::from(vec![
        label("msg-org"),
        Span::raw(m.org_name.clone()),
    ]));
    lines.push(Line::from(vec![
        label("msg-assignee"),
        Span::raw(m.assignee_name.clone().unwrap_or_else(|| i.t("unassigned"))),
    ]));
    if let Some(stage) = m.stage_deadline.filter(|_| m.status.is_open()) {
        let d = crate::domain::message::due(m.status, stage, state.today);
        lines.insert(
            2,
            Line::from(vec![
                label("msg-stage-deadline"),
                Span::raw(format!(
                    "{}  ({})",
                    stage.format("%d.%m.%Y"),
                    i.due(d, stage)
                )),
            ]),
        );
    }
    if let Some(target) = &m.redirect_to_name {
        lines.push(Line::from(vec![
            label("msg-redirect-to"),
            Span::styled(target.clone(), theme.message_status(m.status)),
        ]));
    }
    lines.extend(super::related::link_lines(state, d, m));
    lines.push(Line::default());
    lines.extend(m.text.lines().map(|l| Line::from(l.to_string())));
    for (key, text) in [("msg-draft", &m.draft), ("msg-answer", &m.answer)] {
        if let Some(text) = text {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                i.t(key),
                theme.fg("accent").add_modifier(Modifier::BOLD),
            )));
            lines.extend(text.lines().map(|l| Line::from(l.to_string())));
        }
    }
    if let Some(diff) = &d.diff {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            i.tr("diff-title", &[("title", diff.title.as_str().into())]),
            theme.fg("accent").add_modifier(Modifier::BOLD),
        )));
        lines.extend(diff_lines(theme, &diff.changes));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        i.t("msg-history"),
        theme.fg("accent").add_modifier(Modifier::BOLD),
    )));
    if m.history_earlier > 0 {
        lines.push(Line::from(Span::styled(
            i.tr(
                "msg-history-earlier",
                &[
                    ("n", m.history_earlier.into()),
                    (
                        "key",
                        state
                            .keymap
                            .first_key(Command::EarlierHistory)
                            .as_str()
                            .into(),
                    ),
                ],
            ),
            theme.fg("dim"),
        )));
    }
    for (h, times) in crate::domain::message::folded_history(&m.history) {
        let mut spans = vec![
            Span::styled(
                h.at.with_timezone(&state.tz)
                    .format("%d.%m.%Y %H:%M  ")
                    .to_string(),
                theme.fg("dim"),
            ),
            Span::raw(i.history_action(h)),
        ];
        if times > 1 {
            spans.push(Span::raw(format!(" ×{times}")));
        }
        if !h.actor_name.is_empty() {
            spans.push(Span::styled(
                format!(" — {}", h.actor_name),
                theme.fg("dim"),
            ));
        }
        lines.push(Line::from(spans));
        if let Some(c) = &h.comment {
            lines.push(Line::from(Span::styled(
                format!("    «{c}»"),
                theme.fg("dim"),
            )));
        }
    }
    lines.extend(super::related::citizen_lines(state, d, m));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((d.scroll, 0)),
        inner,
    );
}

fn deadline_span(state: &State, m: &crate::domain::Message) -> Span<'static> {
    let date = m.deadline.format("%d.%m.%Y").to_string();
    let i = &state.i18n;
    match due(m.status, m.deadline, state.today) {
        Due::Closed => Span::raw(date),
        d @ Due::Overdue(_) => Span::styled(
            format!("{date}  ⚠ {}", i.due(d, m.deadline)),
            state.theme.fg("overdue").add_modifier(Modifier::BOLD),
        ),
        d @ Due::Left(_) => Span::raw(format!("{date}  ({})", i.due(d, m.deadline))),
    }
}

/// A word diff as screen lines: additions underlined, removals struck
/// out; line breaks inside the changes start new lines.
pub fn diff_lines(
    theme: &crate::tui::theme::Theme,
    changes: &[crate::domain::diff::Change],
) -> Vec<Line<'static>> {
    use crate::domain::diff::Change;
    let mut lines = Vec::new();
    let mut current: Vec<Span> = Vec::new();
    for change in changes {
        let (text, style) = match change {
            Change::Same(t) => (t, theme.fg("title")),
            Change::Added(t) => (
                t,
                theme
                    .fg("message-answered")
                    .add_modifier(Modifier::UNDERLINED),
            ),
            Change::Removed(t) => (t, theme.fg("error").add_modifier(Modifier::CROSSED_OUT)),
        };
        let mut parts = text.split('\n').peekable();
        while let Some(part) = parts.next() {
            if !part.is_empty() {
                current.push(Span::styled(part.to_string(), style));
            }
            if parts.peek().is_some() {
                lines.push(Line::from(std::mem::take(&mut current)));
            }
        }
    }
    lines.push(Line::from(current));
    lines
}
