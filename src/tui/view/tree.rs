//! The organisation tree: expand/collapse, counts of new and overdue.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{fit_middle, is_focused, pane_block, placeholder};
use crate::tui::state::{Pane, State};

pub fn render(frame: &mut Frame, state: &State, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let tree = &state.tree;
    let focused = is_focused(state, Pane::Tree);
    let mut title = vec![Span::styled(
        format!(" {} ", i.t("pane-tree")),
        theme.fg("title"),
    )];
    if !tree.filter.is_empty() {
        title.push(Span::styled(
            format!(
                "[{}] ",
                i.tr("filter-active", &[("text", tree.filter.as_str().into())])
            ),
            theme.fg("accent"),
        ));
    }
    let block = pane_block(theme, Line::from(title), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if tree.rows.is_empty() {
        let text = match &tree.error {
            Some(e) => e.clone(),
            None if tree.search.is_some() => i.t("empty-list"),
            None => i.t("loading"),
        };
        placeholder(frame, inner, text, theme.fg("dim"));
        return;
    }
    let width = inner.width as usize;
    let lines: Vec<Line> = tree
        .rows
        .iter()
        .enumerate()
        .skip(tree.list.offset)
        .take(inner.height as usize)
        .map(|(idx, row)| {
            let n = &row.node;
            let marker = if n.child_count == 0 {
                "  "
            } else if tree.expanded.contains(&n.id) {
                "▾ "
            } else {
                "▸ "
            };
            let mut badges = Vec::new();
            if n.counts.new > 0 {
                badges.push(Span::styled(
                    format!(" {}", n.counts.new),
                    theme.fg("message-new"),
                ));
            }
            if n.counts.overdue > 0 {
                badges.push(Span::styled(
                    format!(" ⚠{}", n.counts.overdue),
                    theme.fg("overdue"),
                ));
            }
            let badge_width: usize = badges.iter().map(|s| s.content.width()).sum();
            let indent = "  ".repeat(row.depth.min(8));
            let name_width = width.saturating_sub(indent.width() + 2 + badge_width + 1);
            let name = fit_middle(&n.short_name, name_width);
            let pad = width.saturating_sub(indent.width() + 2 + name.width() + badge_width);
            let mut spans = vec![
                Span::raw(indent),
                Span::styled(marker, theme.fg("dim")),
                Span::raw(name),
                Span::raw(" ".repeat(pad)),
            ];
            spans.extend(badges);
            let mut line = Line::from(spans);
            if idx == tree.list.selected {
                line = line.style(theme.selected(focused));
            }
            if Some(n.id) == state.session.as_ref().map(|s| s.actor.org) {
                line = line.patch_style(
                    ratatui::style::Style::default().add_modifier(Modifier::UNDERLINED),
                );
            }
            line
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
