//! The statistics of an organisation or its subtree: messages by status
//! (a bar chart), overdue, the share answered on time (a gauge) and week
//! by week over the last weeks (a sparkline), and the categories with most
//! messages.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Gauge, Paragraph, Sparkline};

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
    let [summary, gauge, weeks, chart, categories] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(2),
        Constraint::Length(if st.report.is_some() { 4 } else { 0 }),
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
    render_weeks(frame, state, st, weeks);
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

/// The share answered on time in each of the last weeks: a sparkline
/// (a gap for a week with nothing answered) under the shares in figures.
fn render_weeks(frame: &mut Frame, state: &State, st: &StatsState, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let Some(report) = &st.report else {
        return;
    };
    let mut shares: Vec<Option<u64>> = Vec::new();
    let mut week = report.from;
    while week <= report.to {
        let share = report
            .weeks
            .iter()
            .find(|w| w.week == week)
            .and_then(|w| w.on_time_percent())
            .map(|p| p.round() as u64);
        shares.push(share);
        week = week + chrono::Days::new(7);
    }
    let label = if shares.iter().all(Option::is_none) {
        i.t("stats-weeks-none")
    } else {
        let figures: Vec<String> = shares
            .iter()
            .map(|s| s.map_or_else(|| "—".to_string(), |p| format!("{p}%")))
            .collect();
        i.tr(
            "stats-weeks",
            &[
                ("weeks", shares.len().into()),
                ("shares", figures.join(" ").as_str().into()),
            ],
        )
    };
    let [text, line] = Layout::vertical([Constraint::Length(1), Constraint::Length(2)]).areas(area);
    frame.render_widget(Paragraph::new(label).style(theme.fg("dim")), text);
    // Each week as wide as the figures above it, at most.
    let width = (line.width / shares.len().max(1) as u16).clamp(1, 5);
    let bars: Vec<Option<u64>> = shares
        .iter()
        .flat_map(|s| std::iter::repeat_n(*s, usize::from(width)))
        .collect();
    let spark = Sparkline::default()
        .data(bars)
        .max(100)
        .style(theme.fg("message-answered"));
    frame.render_widget(spark, line);
}
