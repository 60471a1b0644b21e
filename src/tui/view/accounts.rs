//! The selected organisation's accounts: name, roles, status in its colour,
//! e-mail, where the invitation stands (accepted, sent, waiting, retried,
//! not sent and why), phone, position.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};

use unicode_width::UnicodeWidthStr;

use super::{empty_text, is_focused, pane_block, placeholder};
use crate::domain::mail::MailState;
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
    // Narrow panes drop the position, then the phone, then the invitation.
    let columns = match inner.width {
        w if w >= 130 => 7,
        w if w >= 104 => 6,
        w if w >= 84 => 5,
        _ => 4,
    };
    let keys = [
        "col-fio",
        "col-roles",
        "col-status",
        "col-email",
        "col-invitation",
        "col-phone",
        "col-position",
    ];
    let headers: Vec<String> = keys[..columns].iter().map(|k| i.t(k)).collect();
    let height = inner.height.saturating_sub(1) as usize;
    let visible: Vec<(usize, Vec<String>)> = a
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
            let when = |t: chrono::DateTime<chrono::Utc>| {
                t.with_timezone(&state.tz).format("%d.%m %H:%M").to_string()
            };
            let sent = |at| {
                i.tr(
                    "invitation-sent",
                    &[
                        ("at", when(at).as_str().into()),
                        ("n", acc.invitations_sent.into()),
                    ],
                )
            };
            let invitation = match (acc.confirmed_at, &acc.mail, acc.invited_at) {
                (Some(at), ..) => i.tr("invitation-accepted", &[("at", when(at).as_str().into())]),
                (None, Some(mail), _) => match mail.state {
                    MailState::Sent => sent(mail.at),
                    MailState::Waiting if mail.attempts > 0 => {
                        i.tr("invitation-retry", &[("at", when(mail.at).as_str().into())])
                    }
                    MailState::Failed => i.tr(
                        "invitation-failed",
                        &[("detail", mail.error.as_deref().unwrap_or("").into())],
                    ),
                    state => i.mail_state(state),
                },
                (None, None, Some(at)) => sent(at),
                (None, None, None) => String::new(),
            };
            let mut cells = vec![
                acc.full_name(),
                roles,
                i.account_status(acc.status),
                acc.email.to_string(),
                invitation,
                acc.phone.as_ref().map(|p| p.display()).unwrap_or_default(),
                acc.position.clone(),
            ];
            cells.truncate(columns);
            (idx, cells)
        })
        .collect();
    // Columns as wide as what they show (within limits); the last takes the rest.
    const CAPS: [usize; 7] = [34, 14, 12, 36, 40, 16, 40];
    let mut widths: Vec<Constraint> = (0..columns)
        .map(|c| {
            let widest = visible
                .iter()
                .map(|(_, cells)| cells[c].width())
                .chain([headers[c].width()])
                .max();
            Constraint::Length(widest.unwrap_or(0).min(CAPS[c]) as u16)
        })
        .collect();
    if let Some(last) = widths.last_mut() {
        *last = Constraint::Fill(1);
    }
    let fitted = super::column_widths(&widths, 2, inner.width);
    let rows = visible.into_iter().map(|(idx, cells)| {
        let status = a.items[idx].status;
        let cells: Vec<Cell> = cells
            .into_iter()
            .enumerate()
            .map(|(c, text)| {
                let text = super::fit(&text, fitted.get(c).copied().unwrap_or(0));
                if c == 2 {
                    Cell::from(Span::styled(text, theme.account_status(status)))
                } else {
                    Cell::from(text)
                }
            })
            .collect();
        let row = Row::new(cells);
        if idx == a.list.selected {
            row.style(theme.selected(focused))
        } else {
            row
        }
    });
    let header = Row::new(headers).style(theme.fg("dim"));
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(2),
        inner,
    );
}
