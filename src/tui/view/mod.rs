//! Rendering: a pure read of the state, one file per pane. Only the
//! visible rows of a list are turned into widgets.
//!
//! - [`layout`]: where each pane is, shared with mouse handling
//! - `tree`, `accounts`, `messages`, `detail`: the panes
//! - `help`, `setup`, `status`: overlay, first-run screens, status line

mod accounts;
mod admin;
mod card;
mod detail;
pub mod help;
pub mod messages;
pub use messages::tab_at;
mod prompt;
mod related;
mod setup;
mod stats;
mod status;
mod tree;

use crate::tui::state::Layer;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

use super::state::{Pane, Screen, State};
use crate::tui::theme::Theme;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Where everything goes on a screen of `size`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub tree: Rect,
    /// Under the tree: the saved views with their counts (empty if none).
    pub views: Rect,
    /// The right side: accounts over messages, or the open message.
    pub right: Rect,
    pub accounts: Rect,
    pub messages: Rect,
    pub status: Rect,
    /// Where an open message or the statistics go, with the editor and
    /// prompts over them: the right side, or all of it on a narrow screen.
    pub open: Rect,
}

/// Below this width an open message takes the whole screen.
pub const OPEN_FULL_WIDTH_BELOW: u16 = 100;

pub fn layout((w, h): (u16, u16), views: usize) -> Areas {
    let full = Rect::new(0, 0, w, h);
    let [main, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(full);
    let tree_width = (w * 3 / 10).clamp(28, 44);
    let [left, right] =
        Layout::horizontal([Constraint::Length(tree_width), Constraint::Min(1)]).areas(main);
    let views_height = if views == 0 { 0 } else { views as u16 + 2 };
    let [tree, views] =
        Layout::vertical([Constraint::Min(8), Constraint::Length(views_height)]).areas(left);
    let [accounts, messages] =
        Layout::vertical([Constraint::Percentage(38), Constraint::Percentage(62)]).areas(right);
    Areas {
        tree,
        views,
        right,
        accounts,
        messages,
        status,
        open: if w < OPEN_FULL_WIDTH_BELOW {
            main
        } else {
            right
        },
    }
}

pub fn render(frame: &mut Frame, state: &State) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = state.i18n.tr(
            "too-small",
            &[
                ("w", u64::from(area.width).into()),
                ("h", u64::from(area.height).into()),
            ],
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    if state.screen != Screen::Main {
        setup::render(frame, state, area);
        return;
    }
    let areas = layout((area.width, area.height), state.views.len());
    let something_open = state.stats.is_some() || state.detail.is_some() || state.polls.is_some();
    if !something_open || areas.open == areas.right {
        tree::render(frame, state, areas.tree);
        if areas.views.height > 0 {
            render_views(frame, state, areas.views);
        }
    }
    match (&state.stats, &state.detail) {
        _ if state.polls.is_some() => {
            if let Some(st) = &state.polls {
                crate::tui::polls::render(frame, state, st, areas.open);
            }
        }
        (Some(st), _) => stats::render(frame, state, st, areas.open),
        (None, Some(d)) => detail::render(frame, state, d, areas.open),
        (None, None) => {
            accounts::render(frame, state, areas.accounts);
            messages::render(frame, state, areas.messages);
        }
    }
    // The overlays bottom to top; the status line over all but help on top.
    let draw = |frame: &mut Frame, layer: &Layer| match layer {
        Layer::Editor(editor) => prompt::render_editor(frame, state, editor, areas.open),
        Layer::Prompt(p) => prompt::render(frame, state, p, areas.open),
        Layer::Admin(overlay) => admin::render(frame, state, overlay, area),
        Layer::Help(scroll) => help::render(frame, state, *scroll, area),
    };
    let help_on_top = matches!(state.layers.last(), Some(Layer::Help(_)));
    let below = state.layers.len() - usize::from(help_on_top);
    for layer in &state.layers[..below] {
        draw(frame, layer);
    }
    status::render(frame, state, areas.status);
    if let Some(top) = state.layers.last().filter(|_| help_on_top) {
        draw(frame, top);
    }
}

/// The saved views with their counts; the one shown is marked.
fn render_views(frame: &mut Frame, state: &State, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let block = pane_block(
        theme,
        Line::from(Span::styled(
            format!(" {} · v ", i.t("pane-views")),
            theme.fg("title"),
        )),
        false,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let lines: Vec<Line> = state
        .views
        .iter()
        .enumerate()
        .map(|(n, v)| {
            let count = state
                .view_counts
                .get(n)
                .copied()
                .flatten()
                .map(|c| c.to_string())
                .unwrap_or_default();
            let name = fit(&i.t(v.label()), width.saturating_sub(count.len() + 3));
            let pad = width.saturating_sub(
                unicode_width::UnicodeWidthStr::width(name.as_str()) + count.len() + 2,
            );
            let active = state.messages.view == Some(n);
            let style = if active {
                theme
                    .fg("accent")
                    .add_modifier(Modifier::BOLD | Modifier::REVERSED)
            } else {
                theme.fg("title")
            };
            Line::from(vec![
                Span::styled(if active { "▸ " } else { "  " }, style),
                Span::styled(name, style),
                Span::raw(" ".repeat(pad)),
                Span::styled(count, theme.fg("accent")),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A box of `width` × `height` in the middle of `area`.
pub fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// A panel over most of `area`, titled: its inside.
pub fn panel(frame: &mut Frame, theme: &Theme, title: &str, area: Rect, margin: u16) -> Rect {
    let area = popup(
        area,
        area.width.saturating_sub(margin * 2),
        area.height.saturating_sub(margin),
    );
    let block = pane_block(
        theme,
        Line::from(Span::styled(format!(" {title} "), theme.fg("title"))),
        true,
    );
    let inner = block.inner(area);
    frame.render_widget(ratatui::widgets::Clear, area);
    frame.render_widget(block, area);
    inner
}

/// A pane's frame: rounded border, highlighted when focused.
pub fn pane_block<'a>(theme: &Theme, title: Line<'a>, focused: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border(focused))
        .title(title)
}

pub fn is_focused(state: &State, pane: Pane) -> bool {
    state.focus == pane && state.help().is_none() && state.input.is_none()
        || state.focus == pane && state.input.is_some()
}

/// A one-line placeholder inside a pane: loading, empty, no access, an error.
pub fn placeholder(frame: &mut Frame, area: Rect, text: String, style: Style) {
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(text, style))).wrap(Wrap { trim: true }),
        area,
    );
}

/// What an empty list pane says: no access, its error, loading, or empty.
pub fn empty_text<T>(state: &State, list: &crate::tui::state::Paged<T>) -> String {
    let i = &state.i18n;
    if list.forbidden {
        i.t("no-access")
    } else if let Some(e) = &list.error {
        e.clone()
    } else if list.loading {
        i.t("loading")
    } else {
        i.t("empty-list")
    }
}

/// Cuts `text` to `width` columns in its middle, keeping its start and,
/// longer, its end: similar names differ at the end («МБОУ «СОШ № 5»»).
pub fn fit_middle(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let widths: Vec<(char, usize)> = text.chars().map(|c| (c, c.width().unwrap_or(0))).collect();
    if widths.iter().map(|(_, w)| w).sum::<usize>() <= width || width < 8 {
        return fit(text, width);
    }
    let room = width - 1;
    let head_room = room / 3;
    let mut head = String::new();
    let mut used = 0;
    for (c, w) in &widths {
        if used + w > head_room {
            break;
        }
        head.push(*c);
        used += w;
    }
    let mut tail = Vec::new();
    let mut tail_used = 0;
    for (c, w) in widths.iter().rev() {
        if used + tail_used + w > room {
            break;
        }
        tail.push(*c);
        tail_used += w;
    }
    let tail: String = tail.into_iter().rev().collect();
    format!("{}…{}", head.trim_end(), tail.trim_start())
}

/// Cuts `text` to `width` columns, with an ellipsis when cut.
/// The width each column of a table gets in `width`, as the table lays them
/// out (flex start, `spacing` between), so that a cell is cut with "…"
/// rather than clipped.
pub fn column_widths(widths: &[Constraint], spacing: u16, width: u16) -> Vec<usize> {
    Layout::horizontal(widths.to_vec())
        .flex(ratatui::layout::Flex::Start)
        .spacing(spacing)
        .split(Rect::new(0, 0, width, 1))
        .iter()
        .map(|r| usize::from(r.width))
        .collect()
}

pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut used = 0;
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return text.to_string();
    }
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}
