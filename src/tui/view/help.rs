//! The help overlay, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::pane_block;
use crate::tui::state::State;

pub fn render(frame: &mut Frame, state: &State, scroll: u16, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let lines: Vec<Line> = state
        .keymap
        .bindings()
        .iter()
        .map(|(command, keys)| {
            let keys = keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(", ");
            Line::from(vec![
                Span::styled(format!("{keys:>18}  "), theme.fg("accent")),
                Span::raw(i.t(&format!("action-{}", command.name()))),
            ])
        })
        .collect();
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let [popup] = Layout::horizontal([Constraint::Length(76.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(popup);
    let title = Line::from(Span::styled(
        format!(" {} ", i.t("pane-help")),
        theme.fg("title"),
    ));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(pane_block(theme, title, true))
            .scroll((scroll, 0)),
        popup,
    );
}
