//! Administration overlays: the forms with their errors at the field, the
//! confirmation, the widget panel and the readiness panel with gauges.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Gauge, Paragraph, Wrap};

use super::{pane_block, popup};
use crate::domain::onboarding::{FormRow, ImportReport, RowState};
use crate::domain::readiness::Check;
use crate::domain::widget::PartState;
use crate::tui::admin::{
    Confirm, Form, FormKind, ImportPanel, ImportStage, Overlay, ReadinessPanel, Value, WidgetInput,
    WidgetPanel,
};
use crate::tui::keymap::Command;
use crate::tui::state::State;

pub fn render(frame: &mut Frame, state: &State, overlay: &Overlay, area: Rect) {
    match overlay {
        Overlay::Form(form) => render_form(frame, state, form, area),
        Overlay::Confirm(c) => render_confirm(frame, state, c, area),
        Overlay::Widget(w) => render_widget(frame, state, w, area),
        Overlay::Readiness(r) => render_readiness(frame, state, r, area),
        Overlay::Import(p) => render_import(frame, state, p, area),
        Overlay::Card(c) => super::card::render(frame, state, c, area),
    }
}

fn framed(frame: &mut Frame, state: &State, title: String, lines: Vec<Line>, area: Rect) {
    let block = pane_block(
        &state.theme,
        Line::from(Span::styled(format!(" {title} "), state.theme.fg("title"))),
        true,
    );
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn render_form(frame: &mut Frame, state: &State, form: &Form, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let title = i.t(match &form.kind {
        FormKind::NewAccount { .. } => "form-new-account",
        FormKind::EditAccount { .. } => "form-edit-account",
        FormKind::NewOrg { .. } => "form-new-org",
        FormKind::EditOrg { .. } => "form-edit-org",
    });
    let mut lines = Vec::new();
    let mut roles_heading = false;
    let mut categories_heading = false;
    for (n, field) in form.fields.iter().enumerate() {
        let focused = n == form.focus;
        let label_style = if focused {
            theme.fg("accent").add_modifier(Modifier::BOLD)
        } else {
            theme.fg("dim")
        };
        let value_style = if focused {
            theme.fg("title").add_modifier(Modifier::BOLD)
        } else {
            theme.fg("title")
        };
        if field.role.is_some() && !roles_heading {
            roles_heading = true;
            lines.push(Line::from(Span::styled(
                i.t("field-roles"),
                theme.fg("dim"),
            )));
        }
        if field.category.is_some() && !categories_heading {
            categories_heading = true;
            lines.push(Line::from(Span::styled(
                i.t("form-categories"),
                theme.fg("dim"),
            )));
        }
        // Categories go two to a line, to keep the form on one screen.
        if field.category.is_some() {
            let mark = if field.value == Value::Flag(true) {
                "[x] "
            } else {
                "[ ] "
            };
            let cell = Span::styled(
                format!("{mark}{}", super::fit(&field.label, 36)),
                label_style,
            );
            let earlier = form.fields[..n]
                .iter()
                .filter(|f| f.category.is_some())
                .count();
            if earlier % 2 == 0 {
                lines.push(Line::from(vec![Span::raw("  "), cell]));
            } else if let Some(last) = lines.last_mut() {
                let used: usize = last.spans.iter().map(|s| s.content.chars().count()).sum();
                last.spans
                    .push(Span::raw(" ".repeat(46usize.saturating_sub(used))));
                last.spans.push(cell);
            }
            continue;
        }
        let line = match &field.value {
            Value::Text(text) => Line::from(vec![
                Span::styled(format!("{:<24}", i.t(&field.label)), label_style),
                Span::styled(text.clone(), value_style),
                Span::styled(if focused { "▏" } else { "" }, theme.fg("accent")),
            ]),
            Value::Flag(on) => Line::from(vec![
                Span::styled(if field.role.is_some() { "  " } else { "" }, label_style),
                Span::styled(if *on { "[x] " } else { "[ ] " }, value_style),
                Span::styled(i.t(&field.label), label_style),
            ]),
            Value::Kind(kind) => Line::from(vec![
                Span::styled(format!("{:<24}", i.t(&field.label)), label_style),
                Span::styled(format!("‹ {} ›", i.org_kind(*kind)), value_style),
            ]),
        };
        lines.push(line);
        if let Some(problem) = form.problem_at(n, i) {
            lines.push(Line::from(Span::styled(
                format!("{:<24}⚠ {problem}", ""),
                theme.fg("error"),
            )));
        }
    }
    lines.push(Line::default());
    if let Some(e) = &form.error {
        lines.push(Line::from(Span::styled(e.clone(), theme.fg("error"))));
    }
    let hint = if form.busy.is_some() {
        i.t("form-saving")
    } else {
        state.keymap.hint(
            i,
            "form-keys",
            &[
                ("next", Command::FormNext),
                ("prev", Command::FormPrev),
                ("save", Command::FormSave),
                ("cancel", Command::FormCancel),
            ],
        )
    };
    lines.push(Line::from(Span::styled(hint, theme.fg("dim"))));
    let height = lines.len() as u16 + 2;
    let width = area.width.saturating_sub(8).min(110);
    framed(frame, state, title, lines, popup(area, width, height + 2));
}

fn render_confirm(frame: &mut Frame, state: &State, c: &Confirm, area: Rect) {
    let i = &state.i18n;
    let lines = vec![
        Line::from(c.question.clone()),
        Line::default(),
        Line::from(Span::styled(
            state.keymap.confirm_hint(i),
            state.theme.fg("dim"),
        )),
    ];
    framed(
        frame,
        state,
        i.t("confirm-title"),
        lines,
        popup(area, 70, 6),
    );
}

fn render_widget(frame: &mut Frame, state: &State, w: &WidgetPanel, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{:<20}", i.t("field-variant")), theme.fg("dim")),
            Span::styled(
                format!(
                    "‹ {} ›",
                    i.t(&format!("widget-variant-{}", w.variant.key()))
                ),
                theme.fg("accent"),
            ),
        ]),
        Line::from(vec![
            Span::styled(format!("{:<20}", i.t("field-banner")), theme.fg("dim")),
            if w.banner.is_empty() && w.typing != Some(WidgetInput::Banner) {
                Span::styled(i.t("widget-banner-default"), theme.fg("dim"))
            } else {
                Span::raw(w.banner.clone())
            },
            Span::styled(
                if w.typing == Some(WidgetInput::Banner) {
                    "▏"
                } else {
                    ""
                },
                theme.fg("accent"),
            ),
        ]),
    ];
    if w.typing == Some(WidgetInput::SavePath) {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<20}", i.t("widget-save-to")), theme.fg("accent")),
            Span::raw(w.save_path.clone()),
            Span::styled("▏", theme.fg("accent")),
        ]));
    }
    lines.push(Line::default());
    if let Some(check) = &w.check {
        lines.push(Line::from(Span::styled(
            i.tr(
                "cli-widget-checked",
                &[("site", check.site.as_str().into())],
            ),
            theme.fg("dim"),
        )));
        for (part, state_) in &check.parts {
            let style = if *state_ == PartState::Found {
                theme.fg("message-answered")
            } else {
                theme.fg("error")
            };
            lines.push(Line::from(Span::styled(
                i.widget_part_line(*part, state_, w.org),
                style,
            )));
        }
        lines.push(Line::default());
    }
    if let Some(m) = &w.message {
        lines.push(Line::from(Span::styled(m.clone(), theme.fg("accent"))));
    }
    match &w.code {
        Some(code) => {
            lines.push(Line::from(Span::styled(
                i.t("widget-code"),
                theme.fg("dim"),
            )));
            lines.extend(
                code.lines()
                    .skip(w.scroll as usize)
                    .map(|l| Line::from(Span::styled(l.to_string(), theme.fg("title")))),
            );
        }
        None => lines.push(Line::from(Span::styled(
            state
                .keymap
                .hint(i, "widget-not-generated", &[("go", Command::PanelGo)]),
            theme.fg("dim"),
        ))),
    }
    let footer = Line::from(Span::styled(
        if w.busy.is_some() {
            i.t("loading")
        } else {
            state.keymap.hint(
                i,
                "widget-keys",
                &[
                    ("prev", Command::WidgetPrevDesign),
                    ("next", Command::WidgetNextDesign),
                    ("banner", Command::WidgetBanner),
                    ("go", Command::PanelGo),
                    ("generate", Command::WidgetGenerate),
                    ("copy", Command::WidgetCopy),
                    ("save", Command::WidgetSave),
                    ("check", Command::WidgetCheck),
                    ("close", Command::PanelClose),
                ],
            )
        },
        theme.fg("dim"),
    ));
    let title = i.tr("widget-title", &[("org", w.org_name.as_str().into())]);
    let inner = super::panel(frame, theme, &title, area, 2);
    // The keys' line wraps: rebound keys may be longer than the defaults.
    let [body, foot] = Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    frame.render_widget(Paragraph::new(footer).wrap(Wrap { trim: true }), foot);
}

fn render_readiness(frame: &mut Frame, state: &State, r: &ReadinessPanel, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let title = i.tr("readiness-title", &[("org", r.org_name.as_str().into())]);
    let inner = super::panel(frame, theme, &title, area, 1);
    let Some(data) = &r.data else {
        super::placeholder(
            frame,
            inner,
            r.error.clone().unwrap_or_else(|| i.t("loading")),
            theme.fg("dim"),
        );
        return;
    };
    let groups: Vec<_> = data
        .departments
        .iter()
        .chain(std::iter::once(&data.total))
        .collect();
    // Organisations: ✓ ✗ per check, under short heads the legend explains.
    let short: Vec<String> = Check::ALL
        .iter()
        .map(|c| i.t(&format!("check-short-{}", c.key())))
        .collect();
    let mut meanings: Vec<String> = Check::ALL
        .iter()
        .zip(&short)
        .map(|(c, head)| format!("{head} — {}", i.t(&format!("check-{}", c.key()))))
        .collect();
    meanings.push(i.t("readiness-marks"));
    let legend_text = meanings.join(" · ");
    let legend_height = unicode_width::UnicodeWidthStr::width(legend_text.as_str())
        .div_ceil((usize::from(inner.width) * 9 / 10).max(1))
        .clamp(1, 4) as u16;
    let [head, gauges, table, legend, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(groups.len().min(8) as u16),
        Constraint::Min(1),
        Constraint::Length(legend_height),
        Constraint::Length(1),
    ])
    .areas(inner);
    let deadline = match (data.deadline, data.days_left) {
        (Some(d), Some(days)) => i.tr(
            "readiness-deadline",
            &[
                ("date", d.format("%d.%m.%Y").to_string().as_str().into()),
                ("days", days.into()),
            ],
        ),
        _ => i.t("readiness-no-deadline"),
    };
    let overdue = data.days_left.is_some_and(|d| d < 0);
    let head_line = match (&r.deadline_input, &r.error) {
        (Some(input), _) => Line::from(vec![
            Span::styled(
                format!("{}: ", i.t("readiness-set-deadline")),
                theme.fg("accent"),
            ),
            Span::raw(input.clone()),
            Span::styled("▏", theme.fg("accent")),
        ]),
        (None, Some(e)) => Line::from(Span::styled(e.clone(), theme.fg("error"))),
        (None, None) => Line::from(Span::styled(
            deadline,
            if overdue {
                theme.fg("overdue")
            } else {
                theme.fg("accent")
            },
        )),
    };
    frame.render_widget(Paragraph::new(head_line), head);
    // One gauge per department: the share of its organisations fully ready.
    for (n, totals) in groups.iter().take(gauges.height as usize).enumerate() {
        let row = Rect {
            y: gauges.y + n as u16,
            height: 1,
            ..gauges
        };
        let [label, gauge] =
            Layout::horizontal([Constraint::Length(36), Constraint::Min(10)]).areas(row);
        frame.render_widget(
            Paragraph::new(super::fit(&totals.short_name, 35)).style(theme.fg("title")),
            label,
        );
        let percent = totals.complete.percent();
        frame.render_widget(
            Gauge::default()
                .gauge_style(theme.fg("message-answered"))
                .percent(percent.min(100) as u16)
                .label(format!(
                    "{} / {} · {percent}%",
                    totals.complete.done, totals.complete.of
                )),
            gauge,
        );
    }
    let mut lines = vec![Line::from(Span::styled(
        format!("{:<40}{}", i.t("col-org"), short.join(" ")),
        theme.fg("dim"),
    ))];
    for row in data.rows.iter().skip(r.scroll as usize) {
        let name = format!(
            "{}{}",
            "  ".repeat(row.depth as usize),
            row.facts.short_name
        );
        let mut spans = vec![Span::styled(
            format!("{:<40}", super::fit(&name, 39)),
            if row.facts.complete() {
                theme.fg("message-answered")
            } else {
                theme.fg("title")
            },
        )];
        for (c, head) in Check::ALL.iter().zip(&short) {
            let (mark, style) = match row.facts.check(*c) {
                Some(true) => ("✓", theme.fg("message-answered")),
                Some(false) => ("✗", theme.fg("error")),
                None => ("·", theme.fg("dim")),
            };
            let width = unicode_width::UnicodeWidthStr::width(head.as_str());
            spans.push(Span::styled(format!("{mark:<width$} "), style));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), table);
    frame.render_widget(
        Paragraph::new(Span::styled(legend_text, theme.fg("dim"))).wrap(Wrap { trim: true }),
        legend,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            state.keymap.hint(
                i,
                "readiness-keys",
                &[
                    ("up", Command::PanelUp),
                    ("down", Command::PanelDown),
                    ("deadline", Command::ReadinessDeadline),
                    ("again", Command::PanelAgain),
                    ("close", Command::PanelClose),
                ],
            ),
            theme.fg("dim"),
        )),
        foot,
    );
}

fn render_import(frame: &mut Frame, state: &State, p: &ImportPanel, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let title = i.tr("import-title", &[("org", p.org_name.as_str().into())]);
    let inner = super::panel(frame, theme, &title, area, 1);
    let [body, foot] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let (lines, keys) = match &p.stage {
        ImportStage::Path => {
            let mut lines = vec![
                Line::from(Span::styled(i.t("import-path-hint"), theme.fg("dim"))),
                Line::default(),
                Line::from(vec![
                    Span::styled(format!("{} ", i.t("import-path")), theme.fg("accent")),
                    Span::raw(p.path.clone()),
                    Span::styled("▏", theme.fg("accent")),
                ]),
            ];
            if let Some(e) = &p.error {
                lines.push(Line::default());
                lines.push(Line::from(Span::styled(e.clone(), theme.fg("error"))));
            }
            (lines, "import-keys-path")
        }
        ImportStage::Reading { done, total } => {
            let [label, gauge, _] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Min(0),
            ])
            .areas(body);
            frame.render_widget(
                Paragraph::new(Span::styled(i.t("import-reading"), theme.fg("accent"))),
                label,
            );
            let percent = (done * 100).checked_div(*total).unwrap_or(0).min(100) as u16;
            frame.render_widget(
                Gauge::default()
                    .gauge_style(theme.fg("accent"))
                    .percent(percent)
                    .label(format!("{done} / {total}")),
                gauge,
            );
            (Vec::new(), "import-keys-reading")
        }
        ImportStage::Preview { rows, report } => (
            preview_lines(state, rows, report, p.scroll, p.only_wrong),
            if report.problems.is_empty() {
                "import-keys-clean"
            } else {
                "import-keys-wrong"
            },
        ),
        ImportStage::Done(report) => (
            vec![Line::from(Span::styled(
                i.import_summary(report, false),
                theme.fg("message-answered"),
            ))],
            "import-keys-done",
        ),
    };
    if !lines.is_empty() {
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    }
    let keys = if p.req.is_some() && !matches!(p.stage, ImportStage::Reading { .. }) {
        i.t("loading")
    } else {
        state.keymap.hint(
            i,
            keys,
            &[
                ("done", Command::LineDone),
                ("cancel", Command::LineCancel),
                ("go", Command::PanelGo),
                ("up", Command::PanelUp),
                ("down", Command::PanelDown),
                ("again", Command::PanelAgain),
                ("wrong", Command::ImportOnlyWrong),
                ("close", Command::PanelClose),
            ],
        )
    };
    frame.render_widget(Paragraph::new(Span::styled(keys, theme.fg("dim"))), foot);
}

/// Every row with how it lands; under a wrong row, each problem.
fn preview_lines<'a>(
    state: &State,
    rows: &[FormRow],
    report: &ImportReport,
    scroll: u16,
    only_wrong: bool,
) -> Vec<Line<'a>> {
    let theme = &state.theme;
    let i = &state.i18n;
    let mut lines = vec![
        Line::from(Span::styled(
            i.import_summary(report, true),
            if report.problems.is_empty() {
                theme.fg("accent")
            } else {
                theme.fg("error")
            },
        )),
        Line::default(),
    ];
    // Looked up once per frame, not once per row.
    let by_line: std::collections::HashMap<u32, &FormRow> =
        rows.iter().map(|r| (r.line, r)).collect();
    let mut problems: std::collections::HashMap<u32, Vec<&crate::domain::onboarding::RowProblem>> =
        std::collections::HashMap::new();
    for p in &report.problems {
        problems.entry(p.line).or_default().push(p);
    }
    let mut body = Vec::new();
    for outcome in report
        .rows
        .iter()
        .filter(|o| !only_wrong || o.state == RowState::Wrong)
    {
        let Some(row) = by_line.get(&outcome.line) else {
            continue;
        };
        let (word, style) = match outcome.state {
            RowState::Ready => (i.t("import-row-ready"), theme.fg("message-answered")),
            RowState::Merged => (i.t("import-row-merged"), theme.fg("accent")),
            RowState::Wrong => (i.t("import-row-wrong"), theme.fg("error")),
        };
        body.push(Line::from(vec![
            Span::styled(format!("{:>5}  ", outcome.line), theme.fg("dim")),
            Span::styled(format!("{:<12}", word), style),
            Span::raw(format!(
                "{}  ·  {}  ·  {}  ·  {}",
                super::fit(&row.organisation, 30),
                super::fit(&row.full_name, 30),
                row.email,
                row.role
            )),
        ]));
        for problem in problems.get(&outcome.line).into_iter().flatten() {
            // An unknown value names itself already.
            let value = match problem.problem {
                crate::domain::Problem::Unknown { .. } => String::new(),
                _ if problem.value.is_empty() => String::new(),
                _ => format!(" («{}»)", problem.value),
            };
            body.push(Line::from(Span::styled(
                format!(
                    "{:>19}{}: {}{value}",
                    "",
                    i.t(&format!("column-{}", problem.column.key())),
                    i.problem(&problem.problem),
                ),
                theme.fg("error"),
            )));
        }
    }
    lines.extend(body.into_iter().skip(scroll as usize));
    lines
}
