//! The polls screen: the organisation's polls (status, period, votes) over
//! the chosen poll's results, a horizontal bar chart per question with the
//! votes and the share of those who answered it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph, Wrap};

use super::PollsState;
use crate::domain::polls::{PollResults, PollStatus, QuestionKind, QuestionTally};
use crate::tui::state::State;
use crate::tui::theme::Theme;
use crate::tui::view::{fit, pane_block, placeholder};

/// At most this many polls are listed above the results.
const LIST_ROWS: u16 = 8;

fn status_style(theme: &Theme, status: PollStatus) -> ratatui::style::Style {
    theme.fg(match status {
        PollStatus::Draft => "dim",
        PollStatus::OnApproval => "message-on-approval",
        PollStatus::Published => "message-in-work",
        PollStatus::Closed => "message-closed",
        PollStatus::ResultsPublished => "message-answered",
    })
}

pub fn render(frame: &mut Frame, state: &State, st: &PollsState, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let title = Line::from(Span::styled(
        format!(" {} · {} ", i.t("pane-polls"), st.org_name),
        theme.fg("title"),
    ));
    let block = pane_block(theme, title, true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(list) = &st.list else {
        let text = st.error.clone().unwrap_or_else(|| i.t("loading"));
        placeholder(frame, inner, text, theme.fg("dim"));
        return;
    };
    if list.is_empty() {
        placeholder(frame, inner, i.t("polls-none"), theme.fg("dim"));
        return;
    }
    let rows = (list.len() as u16).min(LIST_ROWS);
    let [top, _, below] = Layout::vertical([
        Constraint::Length(rows),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .areas(inner);
    // The cursor's row stays in sight.
    let first = st.cursor.saturating_sub(rows as usize - 1);
    let lines: Vec<Line> = list
        .iter()
        .enumerate()
        .skip(first)
        .take(rows as usize)
        .map(|(n, p)| {
            let style = if n == st.cursor {
                theme.selected(true)
            } else {
                ratatui::style::Style::default()
            };
            let when = crate::domain::clock::local(p.closes_at).format("%d.%m.%Y");
            let width = top.width.saturating_sub(44) as usize;
            Line::from(vec![
                Span::styled(format!("{:>5} ", p.id), theme.fg("dim")),
                Span::raw(format!("{:<width$} ", fit(&p.title, width))),
                Span::styled(
                    format!("{:<18}", i.poll_status(p.status)),
                    status_style(theme, p.status),
                ),
                Span::styled(format!(" {} {when} ", i.t("polls-until")), theme.fg("dim")),
                Span::styled(format!("{:>7}", p.ballots), theme.fg("title")),
            ])
            .style(style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), top);
    render_poll(frame, state, st, below);
}

fn render_poll(frame: &mut Frame, state: &State, st: &PollsState, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let Some(poll) = &st.poll else {
        placeholder(frame, area, i.t("loading"), theme.fg("dim"));
        return;
    };
    let period = |t| {
        crate::domain::clock::local(t)
            .format("%d.%m.%Y %H:%M")
            .to_string()
    };
    let head = vec![
        Line::from(Span::styled(
            poll.draft.title.clone(),
            theme.fg("title").add_modifier(Modifier::BOLD),
        )),
        Line::from(vec![
            Span::styled(i.poll_status(poll.status), status_style(theme, poll.status)),
            Span::styled(
                format!(
                    " · {} – {} · ",
                    period(poll.draft.opens_at),
                    period(poll.draft.closes_at)
                ),
                theme.fg("dim"),
            ),
            Span::styled(
                i.tr("poll-ballots-line", &[("count", poll.ballots.into())]),
                theme.fg("title"),
            ),
        ]),
    ];
    let [head_area, charts] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(head), head_area);
    let Some(results) = &st.results else {
        let text = i.t("polls-results-hidden");
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.fg("dim"))).wrap(Wrap { trim: true }),
            charts,
        );
        return;
    };
    render_results(frame, state, results, charts);
}

/// One block per question, as many as fit, each as tall as its options.
fn render_results(frame: &mut Frame, state: &State, results: &PollResults, area: Rect) {
    let mut y = area.y;
    for (n, q) in results.questions.iter().enumerate() {
        let height = match q.question.kind {
            QuestionKind::FreeText => (q.texts.len().min(3) as u16).max(1) + 1,
            _ => q.result.counts.len() as u16 + 1,
        };
        if y + height > area.bottom() {
            break;
        }
        let rect = Rect { y, height, ..area };
        render_question(frame, state, n, q, rect);
        y += height + 1;
    }
}

fn render_question(frame: &mut Frame, state: &State, n: usize, q: &QuestionTally, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let title = Span::styled(
        format!(
            "{}. {} · {}",
            n + 1,
            q.question.text,
            i.tr("polls-answered", &[("n", q.result.answered.into())])
        ),
        theme.fg("accent"),
    );
    let block = Block::default().title(title);
    if q.question.kind == QuestionKind::FreeText {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let lines: Vec<Line> = q
            .texts
            .iter()
            .take(inner.height as usize)
            .map(|t| {
                Line::from(format!(
                    "— {}",
                    fit(t, inner.width.saturating_sub(2) as usize)
                ))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines).style(theme.fg("dim")), inner);
        return;
    }
    let labels = PollResults::labels(&q.question);
    let label_width = (area.width / 3).clamp(8, 30) as usize;
    let bars: Vec<Bar> = labels
        .iter()
        .enumerate()
        .map(|(slot, label)| {
            let votes = q.result.counts.get(slot).copied().unwrap_or(0);
            let share = q.result.share_permille(slot);
            Bar::default()
                .value(votes)
                .label(Line::from(fit(label, label_width)))
                .text_value(format!("{votes} · {}.{}%", share / 10, share % 10))
                .style(theme.fg("accent"))
                .value_style(theme.fg("title").add_modifier(Modifier::BOLD))
        })
        .collect();
    let chart = BarChart::default()
        .block(block)
        .direction(Direction::Horizontal)
        .data(BarGroup::default().bars(&bars))
        .bar_width(1)
        .bar_gap(0);
    frame.render_widget(chart, area);
}
