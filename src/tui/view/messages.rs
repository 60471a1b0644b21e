//! The queue: tabs by status with counts, then number, received, category,
//! status, days left or overdue (working days), first line of text.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::{empty_text, fit, is_focused, pane_block, placeholder};
use crate::domain::message::{Due, due};
use crate::domain::{MessageRow, MessageStatus};
use crate::tui::keymap::Command;
use crate::tui::state::{Pane, State, TABS};

/// The organisation column: enough for «МБОУ…СОШ № 5»».
const ORG_WIDTH: u16 = 18;

pub fn render(frame: &mut Frame, state: &State, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let m = &state.messages;
    let p = &m.page;
    let focused = is_focused(state, Pane::Messages);
    let mut title = vec![Span::styled(
        format!(" {} ", i.t("pane-messages")),
        theme.fg("title"),
    )];
    if !m.marked.is_empty() {
        title.push(Span::styled(
            format!(
                "[{}] ",
                i.tr("marked-count", &[("n", m.marked.len().into())])
            ),
            theme.fg("accent"),
        ));
    }
    if m.overdue_only {
        title.push(Span::styled(
            format!("[{}] ", i.t("overdue-badge")),
            theme.fg("overdue"),
        ));
    }
    for name in m.filters.names() {
        title.push(Span::styled(format!("[{name}] "), theme.fg("accent")));
    }
    if !p.filter.is_empty() {
        title.push(Span::styled(
            format!(
                "[{}] ",
                i.tr("filter-active", &[("text", p.filter.as_str().into())])
            ),
            theme.fg("accent"),
        ));
    }
    let block = pane_block(theme, Line::from(title), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [tabs_area, list_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    frame.render_widget(
        Paragraph::new(tabs_line(state, tabs_area.width as usize)),
        tabs_area,
    );
    if p.items.is_empty() {
        placeholder(frame, list_area, empty_queue_text(state), theme.fg("dim"));
        return;
    }
    // A queue over several organisations says where each message is.
    let several_orgs = p
        .items
        .first()
        .is_some_and(|first| p.items.iter().any(|r| r.org != first.org));
    let shown = Columns::fitting(usize::from(list_area.width), several_orgs);
    let mut headers = vec![i.t("col-id")];
    let mut widths = vec![Constraint::Length(8)];
    if shown.received {
        headers.push(i.t("col-received"));
        widths.push(Constraint::Length(11));
    }
    headers.push(i.t("col-deadline"));
    widths.push(Constraint::Length(11));
    if shown.status {
        headers.push(i.t("col-status"));
        widths.push(Constraint::Length(15));
    }
    if shown.category {
        headers.push(i.t("col-category"));
        widths.push(Constraint::Fill(2));
    }
    if shown.assignee {
        headers.push(i.t("col-assignee"));
        widths.push(Constraint::Length(16));
    }
    let show_org = shown.org;
    if show_org {
        headers.push(i.t("col-org"));
        widths.push(Constraint::Length(ORG_WIDTH));
    }
    headers.push(i.t("col-text"));
    widths.push(Constraint::Fill(4));
    let fitted = super::column_widths(&widths, 1, list_area.width);
    let cut = |text: &str, column: usize| fit(text, fitted.get(column).copied().unwrap_or(0));
    let header = Row::new(headers).style(theme.fg("dim"));
    let height = list_area.height.saturating_sub(1) as usize;
    let rows = p
        .items
        .iter()
        .enumerate()
        .skip(p.list.offset)
        .take(height)
        .map(|(idx, row)| {
            let mut cells = vec![if m.marked.contains(&row.id) {
                Cell::from(Span::styled(
                    format!("●{}", row.id),
                    theme.fg("accent").add_modifier(Modifier::BOLD),
                ))
            } else {
                Cell::from(format!(" {}", row.id))
            }];
            if shown.received {
                cells.push(Cell::from(
                    row.received_at
                        .with_timezone(&state.tz)
                        .format("%d.%m %H:%M")
                        .to_string(),
                ));
            }
            cells.push(deadline_cell(state, row));
            if shown.status {
                cells.push(Cell::from(Span::styled(
                    i.message_state(row.status),
                    theme.message_status(row.status),
                )));
            }
            if shown.category {
                cells.push(Cell::from(cut(&row.category, cells.len())));
            }
            if shown.assignee {
                let name = row.assignee_name.as_deref().unwrap_or("—");
                cells.push(Cell::from(cut(name, cells.len())));
            }
            if show_org {
                cells.push(Cell::from(super::fit_middle(
                    &row.org_name,
                    usize::from(ORG_WIDTH),
                )));
            }
            cells.push(Cell::from(cut(&row.summary, cells.len())));
            let r = Row::new(cells);
            if idx == p.list.selected {
                r.style(theme.selected(focused))
            } else {
                r
            }
        });
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        list_area,
    );
}

/// The queue's optional columns that fit; the number, the deadline and the
/// text always show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub status: bool,
    pub assignee: bool,
    pub org: bool,
    pub category: bool,
    pub received: bool,
}

impl Columns {
    /// Narrowest the text gets to keep status, organisation and executor.
    const TEXT_MIN: usize = 12;
    /// Narrowest the text gets to make room for category and received.
    const TEXT_COMFORTABLE: usize = 30;

    /// What fits in `width`, in order of use — status, organisation (of a
    /// queue over several: where a message is comes before who has it),
    /// executor while the text keeps its minimum; category and received
    /// only while it stays comfortable to read.
    pub fn fitting(width: usize, several_orgs: bool) -> Columns {
        // Number and deadline, each with the space after it.
        let mut used = 9 + 12;
        let mut take = |wanted: bool, w: usize, text: usize| {
            let fits = wanted && used + w + 1 + text <= width;
            if fits {
                used += w + 1;
            }
            fits
        };
        let status = take(true, 15, Self::TEXT_MIN);
        let org = take(several_orgs, usize::from(ORG_WIDTH), Self::TEXT_MIN);
        let assignee = take(true, 16, Self::TEXT_MIN);
        Columns {
            status,
            assignee,
            org,
            category: take(true, 12, Self::TEXT_COMFORTABLE),
            received: take(true, 11, Self::TEXT_COMFORTABLE),
        }
    }
}

/// "Новые 12 · В работе 30 · …", scrolled so the current tab is visible.
/// Each tab's label: its name and count.
/// Under a search: "Новые 3 из 5", what it finds of all there are.
fn tab_labels(state: &State) -> Vec<String> {
    let i = &state.i18n;
    let counts = state.messages.counts.as_ref();
    let found = state.messages.found.as_deref();
    TABS.iter()
        .map(|tab| {
            let (name, n) = match tab {
                Some(s) => (i.message_status(*s), counts.map(|c| c.get(*s))),
                None => (i.t("message-status-all"), counts.map(|c| c.total())),
            };
            match (found.map(|f| found_in(f, *tab)), n) {
                (Some(found), Some(all)) => i.tr(
                    "tab-found",
                    &[
                        ("name", name.as_str().into()),
                        ("found", found.into()),
                        ("all", all.into()),
                    ],
                ),
                (_, Some(n)) => format!("{name} {n}"),
                (_, None) => name,
            }
        })
        .collect()
}

/// What a search finds in `tab` ("all" when `None`).
fn found_in(found: &[(MessageStatus, u64)], tab: Option<MessageStatus>) -> u64 {
    found
        .iter()
        .filter(|(s, _)| tab.is_none_or(|t| t == *s))
        .map(|(_, n)| n)
        .sum()
}

/// An empty list under a search that finds messages in other tabs says so.
fn empty_queue_text(state: &State) -> String {
    let m = &state.messages;
    let (page, found) = (&m.page, m.found.as_deref());
    if let Some(found) = found.filter(|_| !page.loading && page.error.is_none() && !page.forbidden)
    {
        let elsewhere = found_in(found, None);
        if elsewhere > 0 && TABS[m.tab].is_some() {
            return state.i18n.tr(
                "search-elsewhere",
                &[
                    ("found", elsewhere.into()),
                    (
                        "key",
                        state.keymap.first_key(Command::WidenSearch).as_str().into(),
                    ),
                ],
            );
        }
    }
    empty_text(state, page)
}

/// The first tab shown: early enough that the current one fits in `width`.
fn first_tab(labels: &[String], current: usize, width: usize) -> usize {
    let used = |from: usize| -> usize {
        labels[from..=current]
            .iter()
            .map(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) + 3)
            .sum()
    };
    let mut start = 0;
    while start < current && used(start) > width {
        start += 1;
    }
    start
}

/// The tab drawn at `column` of a tab line `width` wide, if any (for the mouse).
pub fn tab_at(state: &State, width: usize, column: usize) -> Option<usize> {
    if state.messages.view.is_some() {
        return None;
    }
    let labels = tab_labels(state);
    let start = first_tab(&labels, state.messages.tab, width);
    let mut x = if start > 0 { 2 } else { 0 };
    for (idx, label) in labels.iter().enumerate().skip(start) {
        if idx > start {
            x += 3;
        }
        let w = unicode_width::UnicodeWidthStr::width(label.as_str()) + 2;
        if (x..x + w).contains(&column) {
            return Some(idx);
        }
        x += w;
    }
    None
}

fn tabs_line(state: &State, width: usize) -> Line<'static> {
    let theme = &state.theme;
    let i = &state.i18n;
    // A saved view instead of the tabs: its name, and how to leave it.
    if let Some(view) = state.messages.view.and_then(|v| state.views.get(v)) {
        return Line::from(Span::styled(
            i.tr(
                "view-active",
                &[("name", i.t(view.label()).as_str().into())],
            ),
            theme.fg("accent").add_modifier(Modifier::BOLD),
        ));
    }
    let counts = state.messages.counts.as_ref();
    let labels = tab_labels(state);
    let current = state.messages.tab;
    let start = first_tab(&labels, current, width);
    let mut spans = Vec::new();
    if start > 0 {
        spans.push(Span::styled("‹ ", theme.fg("dim")));
    }
    for (idx, label) in labels.iter().enumerate().skip(start) {
        if idx > start {
            spans.push(Span::styled(" · ", theme.fg("dim")));
        }
        let style = if idx == current {
            theme
                .fg("accent")
                .add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            theme.fg("dim")
        };
        spans.push(Span::styled(format!(" {label} "), style));
    }
    if let Some(c) = counts.filter(|c| c.overdue > 0) {
        spans.push(Span::styled(
            format!("  ⚠ {}", c.overdue),
            theme.fg("overdue"),
        ));
    }
    Line::from(spans)
}

fn deadline_cell(state: &State, row: &MessageRow) -> Cell<'static> {
    let theme = &state.theme;
    let i = &state.i18n;
    match due(row.status, row.deadline, state.today) {
        Due::Closed => Cell::from(Span::styled(
            row.deadline.format("%d.%m").to_string(),
            theme.fg("dim"),
        )),
        Due::Overdue(n) => Cell::from(Span::styled(
            format!("⚠ {}", i.due(Due::Overdue(n), row.deadline)),
            theme.fg("overdue").add_modifier(Modifier::BOLD),
        )),
        d @ Due::Left(n) => {
            // With stages: the current stage's days, then the whole deadline's.
            match row
                .stage_deadline
                .map(|sd| (sd, due(row.status, sd, state.today)))
            {
                Some((_, Due::Overdue(s))) => Cell::from(Span::styled(
                    i.tr("stage-overdue", &[("n", s.into())]),
                    theme.fg("due-soon").add_modifier(Modifier::BOLD),
                )),
                Some((_, Due::Left(s))) => {
                    let style = if s <= 1 {
                        theme.fg("due-soon")
                    } else {
                        theme.fg("dim")
                    };
                    Cell::from(Span::styled(
                        i.tr("stage-left", &[("stage", s.into()), ("total", n.into())]),
                        style,
                    ))
                }
                _ => {
                    let style = if n <= 2 {
                        theme.fg("due-soon")
                    } else {
                        theme.fg("dim")
                    };
                    Cell::from(Span::styled(i.due(d, row.deadline), style))
                }
            }
        }
    }
}
