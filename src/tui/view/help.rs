//! The help overlay, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::pane_block;
use crate::tui::keymap::Command;
use crate::tui::state::State;

/// The help's lines: the keys of the context it was opened from, then
/// every binding of the keymap, then the mouse.
fn lines(state: &State) -> Vec<Line<'static>> {
    let theme = &state.theme;
    let i = &state.i18n;
    let line = |keys: String, what: String| {
        Line::from(vec![
            Span::styled(format!("{keys:>18}  "), theme.fg("accent")),
            Span::raw(what),
        ])
    };
    let heading = |text: String| Line::from(Span::styled(text, theme.fg("title")));
    let described = |command: Command| {
        line(
            state.keymap.keys_of(command),
            i.t(&format!("action-{}", command.name())),
        )
    };
    let mut lines = Vec::new();
    let here = crate::tui::context::here(state);
    if !here.is_empty() {
        lines.push(heading(i.t("help-here")));
        lines.extend(here.iter().map(|(command, _)| described(*command)));
        lines.push(Line::default());
        lines.push(heading(i.t("help-everything")));
    }
    lines.extend(
        state
            .keymap
            .bindings()
            .iter()
            .map(|(command, _)| described(*command)),
    );
    lines.push(line(i.t("help-mouse-keys"), i.t("help-mouse")));
    lines
}

/// Where the help sits on a screen of `area`, for `count` lines.
fn popup(area: Rect, count: usize) -> Rect {
    let height = (count as u16)
        .saturating_add(2)
        .min(area.height.saturating_sub(2));
    let [popup] = Layout::horizontal([Constraint::Length(area.width.saturating_sub(2))])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(popup);
    popup
}

/// How far the help scrolls: until its last line is at the bottom.
pub fn max_scroll(state: &State) -> u16 {
    let count = lines(state).len();
    let area = Rect::new(0, 0, state.size.0, state.size.1);
    let visible = popup(area, count).height.saturating_sub(2);
    (count as u16).saturating_sub(visible)
}

pub fn render(frame: &mut Frame, state: &State, scroll: u16, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let lines = lines(state);
    let popup = popup(area, lines.len());
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
