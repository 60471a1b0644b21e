//! The widget's code and placement check, and the readiness report as a
//! table, CSV, JSON or a workbook.

use super::*;

pub async fn widget(ctx: &Context, command: WidgetCommand) -> Result<(), Failure> {
    let (_, session) = crate::app::signed_in(ctx).await?;
    let service = &session;
    let i = &ctx.i18n;
    match command {
        WidgetCommand::Code {
            org,
            variant,
            banner,
            polls,
            out,
        } => {
            let org = OrgId(org);
            let variant = match variant {
                Some(v) => WidgetVariant::parse(&v).map_err(ServiceError::from)?,
                None => WidgetVariant::for_kind(service.organisation(org).await?.kind),
            };
            let settings = WidgetSettings {
                kind: if polls {
                    crate::domain::widget::WidgetKind::Polls
                } else {
                    crate::domain::widget::WidgetKind::Messages
                },
                variant,
                banner: banner.unwrap_or_default(),
            };
            let code = service.widget_code(org, &settings).await?;
            match out {
                Some(path) => {
                    write_file(&path, code.as_bytes())?;
                    say(i.tr(
                        "cli-widget-saved",
                        &[("path", path.display().to_string().as_str().into())],
                    ))
                }
                None => say(code),
            }
        }
        WidgetCommand::Check { org, json } => {
            let check = service.check_widget(OrgId(org)).await?;
            if json {
                print_json(&check)?;
            } else {
                say(i.tr(
                    "cli-widget-checked",
                    &[("site", check.site.as_str().into())],
                ))?;
                for (part, state) in &check.parts {
                    say(i.widget_part_line(*part, state, OrgId(org)))?;
                }
            }
            if check.passed() {
                Ok(())
            } else {
                Err(Failure::message("cli-widget-not-found", &[]))
            }
        }
    }
}

/// The report's header: organisation, then one column per check.
pub(super) fn readiness_header(i: &I18n) -> Vec<String> {
    std::iter::once(i.t("col-org"))
        .chain(
            Check::ALL
                .iter()
                .map(|c| i.t(&format!("check-{}", c.key()))),
        )
        .collect()
}

pub(super) fn mark(value: Option<bool>) -> String {
    match value {
        Some(true) => "✓".into(),
        Some(false) => "✗".into(),
        None => "—".into(),
    }
}

/// Rows of the report as text cells: organisations indented by depth, then
/// the totals per department and in all.
pub fn readiness_rows(i: &I18n, r: &Readiness) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|row| {
            std::iter::once(format!(
                "{}{}",
                "  ".repeat(row.depth as usize),
                row.facts.short_name
            ))
            .chain(Check::ALL.iter().map(|c| mark(row.facts.check(*c))))
            .collect()
        })
        .collect();
    for totals in r.departments.iter().chain(std::iter::once(&r.total)) {
        rows.push(
            std::iter::once(i.tr(
                "readiness-totals",
                &[
                    ("name", totals.short_name.as_str().into()),
                    ("done", totals.complete.done.into()),
                    ("of", totals.complete.of.into()),
                    ("percent", totals.complete.percent().into()),
                ],
            ))
            .chain(
                Check::ALL
                    .iter()
                    .map(|c| format!("{}%", totals.tally(*c).percent())),
            )
            .collect(),
        );
    }
    rows
}

/// The report as CSV, written as every CSV file is (`sheets::csv_file`).
pub fn readiness_csv(i: &I18n, r: &Readiness) -> Vec<u8> {
    let rows = std::iter::once(readiness_header(i))
        .chain(readiness_rows(i, r))
        .map(|row| {
            row.iter()
                .map(|c| c.trim_start().to_string())
                .collect::<Vec<_>>()
        });
    crate::sheets::csv_file(rows)
}

pub fn readiness_xlsx(i: &I18n, r: &Readiness) -> Result<Vec<u8>, Failure> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| Failure::Other(e.to_string());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(i.t("readiness-sheet")).map_err(err)?;
    let bold = Format::new().set_bold();
    for (c, title) in readiness_header(i).iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, title, &bold)
            .map_err(err)?;
    }
    for (n, row) in readiness_rows(i, r).iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet
                .write_string((n + 1) as u32, c as u16, cell)
                .map_err(err)?;
        }
    }
    sheet.set_column_width(0, 48).map_err(err)?;
    sheet.set_freeze_panes(1, 1).map_err(err)?;
    book.save_to_buffer().map_err(err)
}

pub async fn report(ctx: &Context, command: ReportCommand) -> Result<(), Failure> {
    let (_, session) = crate::app::signed_in(ctx).await?;
    let actor = session.actor();
    let i = &ctx.i18n;
    let (format, out) = match &command {
        ReportCommand::Readiness { format, out, .. }
        | ReportCommand::Statistics { format, out, .. } => (*format, out.clone()),
    };
    if format == ReportFormat::Xlsx && out.is_none() {
        return Err(Failure::message("cli-xlsx-needs-out", &[]));
    }
    let bytes = match command {
        ReportCommand::Readiness { org, .. } => {
            let report = session
                .readiness(org.map(OrgId).unwrap_or(actor.org))
                .await?;
            match format {
                ReportFormat::Json => pretty_json(&report)?,
                ReportFormat::Csv => readiness_csv(i, &report),
                ReportFormat::Xlsx => readiness_xlsx(i, &report)?,
                ReportFormat::Table => readiness_table(i, &report)?,
            }
        }
        ReportCommand::Statistics {
            org,
            subtree,
            from,
            to,
            ..
        } => {
            let report = session
                .statistics_report(org.map(OrgId).unwrap_or(actor.org), from, to, subtree)
                .await?;
            match format {
                ReportFormat::Json => pretty_json(&report)?,
                ReportFormat::Csv => crate::sheets::report::csv(i, &report),
                ReportFormat::Xlsx => crate::sheets::report::xlsx(i, &report)
                    .map_err(|e| Failure::Other(e.to_string()))?,
                ReportFormat::Table => super::statistics::table(i, &report)?,
            }
        }
    };
    match out {
        Some(path) => write_file(&path, &bytes),
        None => {
            std::io::stdout().lock().write_all(&bytes)?;
            Ok(())
        }
    }
}

fn pretty_json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, Failure> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| Failure::Other(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn readiness_table(i: &I18n, report: &Readiness) -> Result<Vec<u8>, Failure> {
    let mut buf = Vec::new();
    if let (Some(deadline), Some(days)) = (report.deadline, report.days_left) {
        writeln!(
            buf,
            "{}",
            i.tr(
                "readiness-deadline",
                &[
                    (
                        "date",
                        deadline.format("%d.%m.%Y").to_string().as_str().into()
                    ),
                    ("days", days.into())
                ]
            )
        )?;
    }
    let header = readiness_header(i);
    Table::new(header.len()).print(&mut buf, &header, &readiness_rows(i, report))?;
    Ok(buf)
}
