//! Overlays for a lifecycle step: the reason or comment line, the
//! confirmation, the pickers, and the draft editor.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{pane_block, popup};
use crate::tui::acting::{Editor, Loading, PickKind, Prompt};
use crate::tui::keymap::Command;
use crate::tui::state::State;

pub fn render(frame: &mut Frame, state: &State, prompt: &Prompt, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let (title, lines, height) = match prompt {
        Prompt::Confirm { act } => {
            let lines = vec![
                Line::from(i.t(&format!("confirm-{}", act.action().key()))),
                Line::default(),
                Line::from(Span::styled(state.keymap.confirm_hint(i), theme.fg("dim"))),
            ];
            (i.t("confirm-title"), lines, 6)
        }
        Prompt::Quit { id } => {
            let lines = vec![
                Line::from(i.tr("quit-unsaved", &[("id", id.0.into())])),
                Line::default(),
                Line::from(Span::styled(state.keymap.confirm_hint(i), theme.fg("dim"))),
            ];
            (i.t("confirm-title"), lines, 7)
        }
        Prompt::Text { step, input } => {
            let mut lines = Vec::new();
            if let crate::tui::acting::TextStep::Redirect { target_name, .. } = step {
                lines.push(Line::from(vec![
                    Span::styled(format!("{} ", i.t("msg-redirect-to")), theme.fg("dim")),
                    Span::raw(target_name.clone()),
                ]));
            }
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", i.t(step.label())), theme.fg("accent")),
                Span::raw(input.clone()),
                Span::styled("▏", theme.fg("accent")),
            ]));
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                state.keymap.hint(
                    i,
                    "prompt-keys",
                    &[("done", Command::LineDone), ("cancel", Command::LineCancel)],
                ),
                theme.fg("dim"),
            )));
            let height = lines.len() as u16 + 2;
            (
                i.t(&format!("history-{}", step_action(step))),
                lines,
                height,
            )
        }
        Prompt::Pick {
            kind,
            query,
            items,
            selected,
            loading,
            ..
        } => {
            let visible = crate::tui::acting::visible_items(items, query);
            let mut lines = vec![Line::from(vec![
                Span::styled("/ ", theme.fg("accent")),
                Span::raw(query.clone()),
                Span::styled("▏", theme.fg("accent")),
            ])];
            // A refusal is said even over an older list; waiting and empty only
            // when nothing is shown.
            let why = match loading {
                Loading::Refused(why) => Some(why.clone()),
                _ if !visible.is_empty() => None,
                Loading::Waiting => Some(i.t("loading")),
                Loading::Done if items.is_empty() && *kind == PickKind::Template => {
                    Some(i.t("pick-no-templates"))
                }
                Loading::Done => Some(i.t("empty-list")),
            };
            if let Some(why) = why {
                lines.push(Line::from(Span::styled(why, theme.fg("dim"))));
            }
            let room = area.height.saturating_sub(6) as usize;
            let start = selected.saturating_sub(room.saturating_sub(1));
            for (idx, item) in visible.iter().enumerate().skip(start).take(room) {
                let style = if idx == *selected {
                    theme.selected(true)
                } else {
                    theme.fg("title")
                };
                lines.push(Line::from(vec![
                    Span::styled(format!(" {} ", item.label), style),
                    Span::styled(format!(" {}", item.hint), theme.fg("dim")),
                ]));
            }
            let key = match kind {
                PickKind::Executor | PickKind::ExecutorForMarked => "pick-executor",
                PickKind::RedirectTarget => "pick-redirect-target",
                PickKind::Template => "pick-template",
                PickKind::QueueFilter => "pick-queue-filter",
                PickKind::Command => "pick-command",
            };
            let height = (lines.len() as u16 + 2).max(8);
            (i.t(key), lines, height)
        }
    };
    let rect = popup(area, 72, height);
    let block = pane_block(
        theme,
        Line::from(Span::styled(format!(" {title} "), theme.fg("title"))),
        true,
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

fn step_action(step: &crate::tui::acting::TextStep) -> &'static str {
    use crate::tui::acting::TextStep;
    match step {
        TextStep::Reject => "reject",
        TextStep::Return => "return",
        TextStep::DeclineRedirect => "decline-redirect",
        TextStep::Close => "close",
        TextStep::Redirect { .. } => "ask-redirect",
        TextStep::Note => "note",
        TextStep::Duplicate => "close-duplicate",
        TextStep::Link => "link",
        TextStep::PollFile => "poll-new",
    }
}

pub fn render_editor(frame: &mut Frame, state: &State, editor: &Editor, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let rect = popup(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    let status = if editor.saving.is_some() {
        i.t("draft-saving")
    } else if editor.dirty() {
        i.t("draft-unsaved")
    } else {
        i.t("draft-saved")
    };
    let mut title = vec![Span::styled(
        format!(" {} № {} ", i.t("msg-draft"), editor.id),
        theme.fg("title").add_modifier(Modifier::BOLD),
    )];
    if editor.restored {
        title.push(Span::styled(
            format!("· ↺ {} ", i.t("draft-restored-sign")),
            theme.fg("accent"),
        ));
    }
    title.push(Span::styled(format!("· {status} "), theme.fg("dim")));
    let title = Line::from(title);
    let block = pane_block(theme, title, true).title_bottom(Line::from(Span::styled(
        format!(
            " {} ",
            state.keymap.hint(
                i,
                "editor-keys",
                &[
                    ("done", Command::EditorDone),
                    ("save", Command::EditorSave),
                    ("template", Command::EditorTemplate),
                ],
            )
        ),
        theme.fg("dim"),
    )));
    frame.render_widget(Clear, rect);
    let rect = citizen_text(frame, state, editor, rect);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    frame.render_widget(&editor.textarea, inner);
}

/// The citizen's text beside the editor on a wide screen, else above it
/// (up to a third of the height); what is left is the editor's.
fn citizen_text(frame: &mut Frame, state: &State, editor: &Editor, rect: Rect) -> Rect {
    let Some(m) = state
        .detail
        .as_ref()
        .and_then(|d| d.message.as_ref())
        .filter(|m| m.id == editor.id)
    else {
        return rect;
    };
    let theme = &state.theme;
    let title = Line::from(Span::styled(
        format!(" {} ", state.i18n.t("draft-citizen")),
        theme.fg("dim"),
    ));
    let text = Paragraph::new(m.text.clone())
        .block(pane_block(theme, title, false))
        .wrap(Wrap { trim: false });
    let (citizen, rest) = if rect.width >= 140 {
        let [citizen, rest] =
            Layout::horizontal([Constraint::Percentage(40), Constraint::Fill(1)]).areas(rect);
        (citizen, rest)
    } else {
        let needed = wrapped_lines(&m.text, rect.width.saturating_sub(2)) + 2;
        let [citizen, rest] = Layout::vertical([
            Constraint::Length(needed.min(rect.height / 3)),
            Constraint::Fill(1),
        ])
        .areas(rect);
        (citizen, rest)
    };
    frame.render_widget(text, citizen);
    rest
}

/// About how many rows `text` takes wrapped at `width` (at least its lines).
fn wrapped_lines(text: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows: usize = text
        .lines()
        .map(|l| {
            unicode_width::UnicodeWidthStr::width(l)
                .div_ceil(width)
                .max(1)
        })
        .sum();
    u16::try_from(rows).unwrap_or(u16::MAX)
}
