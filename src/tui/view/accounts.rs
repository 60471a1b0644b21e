//! The selected organisation's accounts: name, roles, status in its colour,
//! e-mail, phone, position.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};

use super::{empty_text, is_focused, pane_block, placeholder};
use crate::tui::state::{Pane, State};

pub fn render(frame: &mut Frame, state: &State, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let a = &state.accounts;
    let focused = is_focused(state, Pane::Accounts);
    let org = state
        .tree
        .rows
        .iter()
        .find(|r| Some(r.node.id) == state.selected_org)
        .map(|r| r.node.short_name.clone());
    let mut title = vec![Span::styled(
        format!(" {} ", i.t("pane-accounts")),
        theme.fg("title"),
    )];
    if let Some(org) = org {
        title.push(Span::styled(format!("· {org} "), theme.fg("dim")));
    }
    if !a.items.is_empty() {
        let count = i.tr("accounts-count", &[("n", a.items.len().into())]);
        let more = if a.next.is_some() { "+" } else { "" };
        title.push(Span::styled(format!("· {count}{more} "), theme.fg("dim")));
    }
    if !a.filter.is_empty() {
        title.push(Span::styled(
            format!(
                "[{}] ",
                i.tr("filter-active", &[("text", a.filter.as_str().into())])
            ),
            theme.fg("accent"),
        ));
    }
    let block = pane_block(theme, Line::from(title), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if a.items.is_empty() {
        placeholder(frame, inner, empty_text(state, a), theme.fg("dim"));
        return;
    }
    // Narrow panes drop the position, then the phone.
    let columns = match inner.width {
        w if w >= 110 => 6,
        w if w >= 84 => 5,
        _ => 4,
    };
    let keys = [
        "col-fio",
        "col-roles",
        "col-status",
        "col-email",
        "col-phone",
        "col-position",
    ];
    let header = Row::new(keys[..columns].iter().map(|k| i.t(k))).style(theme.fg("dim"));
    let height = inner.height.saturating_sub(1) as usize;
    let rows = a
        .items
        .iter()
        .enumerate()
        .skip(a.list.offset)
        .take(height)
        .map(|(idx, acc)| {
            let roles = acc
                .roles
                .iter()
                .map(|r| i.role_short(r))
                .collect::<Vec<_>>()
                .join(", ");
            let mut cells = vec![
                Cell::from(acc.full_name()),
                Cell::from(roles),
                Cell::from(Span::styled(
                    i.account_status(acc.status),
                    theme.account_status(acc.status),
                )),
                Cell::from(acc.email.to_string()),
                Cell::from(acc.phone.as_ref().map(|p| p.display()).unwrap_or_default()),
                Cell::from(acc.position.clone()),
            ];
            cells.truncate(columns);
            let row = Row::new(cells);
            if idx == a.list.selected {
                row.style(theme.selected(focused))
            } else {
                row
            }
        });
    let widths = [
        Constraint::Fill(3),
        Constraint::Length(11),
        Constraint::Length(12),
        Constraint::Fill(3),
        Constraint::Length(16),
        Constraint::Fill(2),
    ];
    frame.render_widget(
        Table::new(rows, &widths[..columns])
            .header(header)
            .column_spacing(1),
        inner,
    );
}
