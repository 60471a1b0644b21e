//! `otklik import`, `otklik template onboarding`, `otklik export accounts`.

use std::io::{IsTerminal, Write};
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use super::output::Table;
use super::{Context, ExportCommand, Failure, TemplateCommand};
use crate::app::write_file;
use crate::domain::OrgId;
use crate::domain::onboarding::ImportReport;
use crate::i18n::I18n;
use crate::sheets;

/// Reads a form with a progress bar on a terminal.
pub fn read_with_progress(
    i: &I18n,
    path: &Path,
) -> Result<Vec<crate::domain::onboarding::FormRow>, Failure> {
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(i.t("import-reading"));
        Some(bar)
    } else {
        None
    };
    let rows = sheets::read_form(path, &mut |done, total| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(rows?)
}

/// The report as JSON: every problem as row, column, value, reason.
pub fn report_json(i: &I18n, report: &ImportReport) -> serde_json::Value {
    json!({
        "written": report.written,
        "rows": report.rows.iter().map(|r| json!({"row": r.line, "state": r.state})).collect::<Vec<_>>(),
        "problems": report.problems.iter().map(|p| json!({
            "row": p.line,
            "column": i.t(&format!("column-{}", p.column.key())),
            "value": p.value,
            "reason": i.problem(&p.problem),
        })).collect::<Vec<_>>(),
        "orgs_created": report.orgs_created,
        "orgs_matched": report.orgs_matched,
        "accounts_created": report.accounts_created,
        "accounts_merged": report.accounts_merged,
        "invitations_sent": report.invitations_sent,
        "invitations_failed": report.invitations_failed,
        "invitations_queued": report.invitations_queued,
    })
}

pub async fn import(
    ctx: &Context,
    file: &Path,
    org: i64,
    dry_run: bool,
    json: bool,
) -> Result<(), Failure> {
    let i = &ctx.i18n;
    let rows = read_with_progress(i, file)?;
    let (_, session) = crate::app::signed_in(ctx).await?;
    let spinner = (!json && std::io::stderr().is_terminal()).then(|| {
        let s = ProgressBar::new_spinner();
        s.set_message(i.t("import-checking"));
        s.enable_steady_tick(std::time::Duration::from_millis(100));
        s
    });
    let report = session.import_onboarding(OrgId(org), &rows, dry_run).await;
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    let report = report?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&report_json(i, &report))
                .map_err(|e| Failure::Other(e.to_string()))?
        )?;
    } else {
        if !report.problems.is_empty() {
            let header: Vec<String> = ["col-row", "col-column", "col-value", "col-reason"]
                .iter()
                .map(|k| i.t(k))
                .collect();
            let rows: Vec<Vec<String>> = report
                .problems
                .iter()
                .map(|p| {
                    vec![
                        p.line.to_string(),
                        i.t(&format!("column-{}", p.column.key())),
                        p.value.clone(),
                        i.problem(&p.problem),
                    ]
                })
                .collect();
            Table::new(4).print(&mut out, &header, &rows)?;
            writeln!(out)?;
        }
        writeln!(out, "{}", i.import_summary(&report, dry_run))?;
    }
    if report.problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::message("import-refused", &[]))
    }
}

/// The classifier's names for the drop-down sheet.
async fn categories(session: &crate::service::Session) -> Result<Vec<String>, Failure> {
    Ok(classifier_names(&session.categories().await?))
}

/// The classifier's names: top categories first, each followed by its subcategories.
fn classifier_names(all: &[crate::domain::Category]) -> Vec<String> {
    let mut names = Vec::new();
    for top in all.iter().filter(|c| c.parent.is_none()) {
        names.push(top.name.clone());
        names.extend(
            all.iter()
                .filter(|c| c.parent == Some(top.id))
                .map(|c| c.name.clone()),
        );
    }
    names
}

pub async fn template(ctx: &Context, command: TemplateCommand) -> Result<(), Failure> {
    let TemplateCommand::Onboarding { out } = command;
    // The empty form needs nobody signed in on the embedded store: the
    // classifier is read from the file (none yet: the form has no list).
    let names = if ctx.server().is_none() && ctx.as_email().is_none() {
        match ctx.open_local(crate::store::OpenMode::Existing) {
            Ok(local) => classifier_names(&local.classifier()?),
            Err(Failure::Store(crate::store::StoreError::Missing(_))) => Vec::new(),
            Err(e) => return Err(e),
        }
    } else {
        let (_, session) = crate::app::signed_in(ctx).await?;
        categories(&session).await?
    };
    let bytes = sheets::form_xlsx(&[], &names).map_err(|e| Failure::Other(e.to_string()))?;
    write_file(&out, &bytes)?;
    writeln!(
        std::io::stdout().lock(),
        "{}",
        ctx.i18n.tr(
            "template-written",
            &[("path", out.display().to_string().as_str().into())]
        )
    )?;
    Ok(())
}

pub async fn export(ctx: &Context, command: ExportCommand) -> Result<(), Failure> {
    let ExportCommand::Accounts { org, out } = command;
    let (_, session) = crate::app::signed_in(ctx).await?;
    let rows = session.export_onboarding(OrgId(org)).await?;
    let csv = out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let bytes = if csv {
        sheets::form_csv(&rows)
    } else {
        sheets::form_xlsx(&rows, &categories(&session).await?)
            .map_err(|e| Failure::Other(e.to_string()))?
    };
    write_file(&out, &bytes)?;
    writeln!(
        std::io::stdout().lock(),
        "{}",
        ctx.i18n.tr(
            "export-written",
            &[
                ("path", out.display().to_string().as_str().into()),
                ("n", (rows.len() as u64).into())
            ]
        )
    )?;
    Ok(())
}
