//! Screens before the main one, on a local store: the first run (demo data
//! or an empty platform), the empty-platform form, and choosing who you are.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::pane_block;
use crate::tui::state::{Screen, State};

pub fn render(frame: &mut Frame, state: &State, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let [popup] = Layout::horizontal([Constraint::Length(84.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(18.min(area.height))])
        .flex(Flex::Center)
        .areas(popup);
    let choice = |idx: usize, selected: usize, text: String| {
        let marker = if idx == selected { "▶ " } else { "  " };
        let style = if idx == selected {
            theme.selected(true)
        } else {
            theme.fg("title")
        };
        Line::from(Span::styled(format!("{marker}{text}"), style))
    };
    let (title, mut lines) = match &state.screen {
        Screen::FirstRun { path, selected } => (
            i.t("first-run-title"),
            vec![
                Line::from(i.tr("first-run-text", &[("path", path.as_str().into())])),
                Line::default(),
                choice(0, *selected, i.t("first-run-demo")),
                choice(1, *selected, i.t("first-run-empty")),
                choice(2, *selected, i.t("first-run-quit")),
            ],
        ),
        Screen::Building { progress } => (
            i.t("first-run-title"),
            vec![
                Line::from(i.t("first-run-building")),
                Line::default(),
                Line::from(progress.clone()),
            ],
        ),
        Screen::PlatformForm(form) => {
            let labels = [
                "empty-platform-org",
                "empty-platform-surname",
                "empty-platform-first-name",
                "empty-platform-email",
            ];
            let mut lines: Vec<Line> = labels
                .iter()
                .zip(&form.fields)
                .enumerate()
                .map(|(idx, (label, value))| {
                    let focused = idx == form.focus;
                    let cursor = if focused { "▏" } else { "" };
                    Line::from(vec![
                        Span::styled(format!("{:<28}", i.t(label)), theme.fg("dim")),
                        Span::styled(
                            format!("{value}{cursor}"),
                            if focused {
                                theme.fg("accent").add_modifier(Modifier::BOLD)
                            } else {
                                theme.fg("title")
                            },
                        ),
                    ])
                })
                .collect();
            lines.push(Line::default());
            if let Some(e) = &form.error {
                lines.push(Line::from(Span::styled(e.clone(), theme.fg("error"))));
            }
            lines.push(Line::from(Span::styled(
                i.t("empty-platform-hint"),
                theme.fg("dim"),
            )));
            (i.t("empty-platform-title"), lines)
        }
        Screen::SignIn { choices, selected } => {
            let mut lines: Vec<Line> = choices
                .iter()
                .enumerate()
                .map(|(idx, c)| {
                    choice(
                        idx,
                        *selected,
                        format!("{:<14} {}", i.role(c.role), c.label),
                    )
                })
                .collect();
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                i.t("sign-in-hint"),
                theme.fg("dim"),
            )));
            (i.t("sign-in-title"), lines)
        }
        Screen::Training { name, url } => {
            let lines = vec![
                Line::from(Span::styled(
                    i.tr("training-intro", &[("name", name.as_str().into())]),
                    theme.fg("title"),
                )),
                Line::default(),
                Line::from(Span::styled(url.clone(), theme.fg("accent"))),
                Line::default(),
                Line::from(Span::styled(
                    i.t("training-confirm"),
                    theme.fg("accent").add_modifier(Modifier::BOLD),
                )),
                Line::from(Span::styled(i.t("training-hint"), theme.fg("dim"))),
            ];
            (i.t("training-title"), lines)
        }
        Screen::Main => return,
    };
    if let Some(notice) = &state.notice {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(notice.clone(), theme.fg("error"))));
    }
    let block = pane_block(
        theme,
        Line::from(Span::styled(format!(" {title} "), theme.fg("title"))),
        true,
    );
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}
