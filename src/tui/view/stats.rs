//! The statistics of an organisation or its subtree: messages by status
//! (a bar chart), overdue, the share answered on time (a gauge), and the
//! categories with most messages.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Gauge, Paragraph};

use super::{pane_block, placeholder};
use crate::tui::state::{State, StatsState};

pub fn render(frame: &mut Frame, state: &State, st: &StatsState, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let mut title = vec![Span::styled(
        format!(" {} · {} ", i.t("pane-statistics"), st.org_name),
        theme.fg("title"),
    )];
    if st.subtree {
        title.push(Span::styled(
            format!("({}) ", i.t("stats-subtree")),
            theme.fg("dim"),
        ));
    }
    let block = pane_block(theme, Line::from(title), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(data) = &st.data else {
        placeholder(
            frame,
            inner,
            st.error.clone().unwrap_or_else(|| i.t("loading")),
            theme.fg("dim"),
        );
        return;
    };
    let [summary, gauge, chart, categories] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(2),
        Constraint::Min(8),
        Constraint::Length(data.by_category.len() as u16 + 2),
    ])
    .areas(inner);
    let summary_line = Line::from(vec![
        Span::styled(
            i.tr("stats-total", &[("n", data.total().into())]),
            theme.fg("title").add_modifier(Modifier::BOLD),
        ),
        Span::raw("   "),
        Span::styled(
            i.tr("stats-overdue", &[("n", data.overdue.into())]),
            theme.fg("overdue"),
        ),
    ]);
    frame.render_widget(Paragraph::new(summary_line), summary);
    match data.on_time_percent() {
        Some(percent) => {
            let label = format!(
                "{} · {percent}%",
                i.tr(
                    "stats-on-time",
                    &[
                        ("on_time", data.answered_on_time.into()),
                        ("answered", data.answered.into())
                    ]
                )
            );
            let g = Gauge::default()
                .gauge_style(theme.fg("message-answered"))
                .percent(percent.min(100) as u16)
                .label(label);
            frame.render_widget(g, Rect { height: 1, ..gauge });
        }
        None => frame.render_widget(
            Paragraph::new(i.t("stats-on-time-none")).style(theme.fg("dim")),
            gauge,
        ),
    }
    let bars: Vec<Bar> = data
        .by_status
        .iter()
        .map(|(s, n)| {
            Bar::default()
                .value(*n)
                .label(Line::from(i.message_status(*s)))
                .style(theme.message_status(*s))
                .value_style(theme.message_status(*s).add_modifier(Modifier::REVERSED))
        })
        .collect();
    let count = bars.len().max(1) as u16;
    let width = (chart.width.saturating_sub(count) / count).clamp(3, 16);
    let bar_chart = BarChart::default()
        .block(
            ratatui::widgets::Block::default()
                .title(Span::styled(i.t("stats-by-status"), theme.fg("dim"))),
        )
        .data(BarGroup::default().bars(&bars))
        .bar_width(width)
        .bar_gap(1);
    frame.render_widget(bar_chart, chart);
    let mut lines = vec![Line::from(Span::styled(
        i.t("stats-by-category"),
        theme.fg("dim"),
    ))];
    let widest = data
        .by_category
        .first()
        .map(|(_, n)| *n)
        .unwrap_or(1)
        .max(1);
    for (name, n) in &data.by_category {
        let room = categories.width.saturating_sub(34) as u64;
        let bar = "█".repeat((n * room / widest) as usize);
        lines.push(Line::from(vec![
            Span::raw(format!("{:<24}", super::fit(name, 24))),
            Span::styled(format!("{n:>7} "), theme.fg("title")),
            Span::styled(bar, theme.fg("accent")),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), categories);
}
