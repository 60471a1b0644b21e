//! `otklik polls`: an organisation's polls, their steps, their results as
//! a table, CSV, JSON or a workbook.

use super::{Context, Failure, OrgId, ReportFormat, Service, say, write_file};
use crate::cli::PollsCommand;
use crate::cli::output::{Table, print_json};
use crate::domain::PollId;
use crate::domain::polls::{Poll, PollAction, QuestionKind};
use crate::i18n::I18n;
use std::io::Write;
use std::path::Path;

pub async fn polls(ctx: &Context, command: PollsCommand) -> Result<(), Failure> {
    let (_, session) = crate::app::signed_in(ctx).await?;
    let i = &ctx.i18n;
    let step = |id: i64, action: PollAction, json: bool| {
        let session = session.clone();
        async move {
            let poll = session.poll(PollId(id)).await?;
            let poll = session.poll_act(poll.id, poll.version, action).await?;
            print_step(i, &poll, json)
        }
    };
    match command {
        PollsCommand::List { org, json } => {
            let org = org.map(OrgId).unwrap_or(session.actor().org);
            let page = session.polls(org, None).await?;
            if json {
                return print_json(&page.items);
            }
            let header = [
                "col-number",
                "poll-col-title",
                "poll-col-status",
                "poll-col-period",
                "poll-col-ballots",
            ]
            .map(|k| i.t(k));
            let rows: Vec<Vec<String>> = page
                .items
                .iter()
                .map(|p| {
                    vec![
                        p.id.to_string(),
                        p.title.clone(),
                        i.poll_status(p.status),
                        period(p.opens_at, p.closes_at),
                        p.ballots.to_string(),
                    ]
                })
                .collect();
            Table::new(5).print(&mut std::io::stdout().lock(), &header, &rows)?;
            Ok(())
        }
        PollsCommand::Show { id, json } => {
            let poll = session.poll(PollId(id)).await?;
            if json {
                return print_json(&poll);
            }
            say(describe(i, &poll))
        }
        PollsCommand::Create { file, org, json } => {
            let draft = crate::app::files::read_poll_file(&file)?;
            let org = org.map(OrgId).unwrap_or(session.actor().org);
            let poll = session.create_poll(org, &draft).await?;
            if json {
                return print_json(&poll);
            }
            say(i.tr(
                "cli-poll-created",
                &[("id", poll.id.to_string().as_str().into())],
            ))
        }
        PollsCommand::Edit { id, file, json } => {
            let draft = crate::app::files::read_poll_file(&file)?;
            let poll = session.poll(PollId(id)).await?;
            let poll = session.update_poll(poll.id, poll.version, &draft).await?;
            if json {
                return print_json(&poll);
            }
            say(i.tr(
                "cli-poll-saved",
                &[("id", poll.id.to_string().as_str().into())],
            ))
        }
        PollsCommand::Submit { id, json } => step(id, PollAction::Submit, json).await,
        PollsCommand::Publish { id, json } => step(id, PollAction::Approve, json).await,
        PollsCommand::Return { id, json } => step(id, PollAction::Return, json).await,
        PollsCommand::Close { id, json } => step(id, PollAction::Close, json).await,
        PollsCommand::PublishResults { id, json } => {
            step(id, PollAction::PublishResults, json).await
        }
        PollsCommand::Results { id, format, out } => {
            results(ctx, session.as_ref(), PollId(id), format, out.as_deref()).await
        }
    }
}

fn print_step(i: &I18n, poll: &Poll, json: bool) -> Result<(), Failure> {
    if json {
        return print_json(poll);
    }
    say(i.tr(
        "cli-poll-step",
        &[
            ("id", poll.id.to_string().as_str().into()),
            ("status", i.poll_status(poll.status).as_str().into()),
        ],
    ))
}

fn period(from: chrono::DateTime<chrono::Utc>, to: chrono::DateTime<chrono::Utc>) -> String {
    let at = |t| {
        crate::domain::clock::local(t)
            .format("%d.%m.%Y %H:%M")
            .to_string()
    };
    format!("{} – {}", at(from), at(to))
}

/// A poll in words: title, status, period, audience, questions.
pub fn describe(i: &I18n, poll: &Poll) -> String {
    let d = &poll.draft;
    let mut out = format!(
        "№ {} · {}\n{} · {} · {}: {}\n",
        poll.id,
        d.title,
        i.poll_status(poll.status),
        period(d.opens_at, d.closes_at),
        i.t("field-audience"),
        i.t(&format!("poll-audience-{}", d.audience.key())),
    );
    if !d.description.is_empty() {
        out.push_str(&format!("\n{}\n", d.description));
    }
    for (n, q) in d.questions.iter().enumerate() {
        out.push_str(&format!(
            "\n{}. {} ({})\n",
            n + 1,
            q.text,
            kind_words(i, &q.kind)
        ));
        for (k, option) in q.options.iter().enumerate() {
            out.push_str(&format!("   {}) {option}\n", k + 1));
        }
    }
    out
}

pub fn kind_words(i: &I18n, kind: &QuestionKind) -> String {
    match kind {
        QuestionKind::Single => i.t("poll-kind-single"),
        QuestionKind::Multiple { max } => {
            i.tr("poll-kind-multiple", &[("max", u32::from(*max).into())])
        }
        QuestionKind::FreeText => i.t("poll-kind-free-text"),
        QuestionKind::Scale { min, max } => i.tr(
            "poll-kind-scale",
            &[("min", (*min as i64).into()), ("max", (*max as i64).into())],
        ),
    }
}

async fn results(
    ctx: &Context,
    session: &dyn Service,
    id: PollId,
    format: ReportFormat,
    out: Option<&Path>,
) -> Result<(), Failure> {
    let i = &ctx.i18n;
    if format == ReportFormat::Xlsx && out.is_none() {
        return Err(Failure::message("cli-xlsx-needs-out", &[]));
    }
    let results = session.poll_results(id).await?;
    let bytes = match format {
        ReportFormat::Json => {
            let mut bytes =
                serde_json::to_vec_pretty(&results).map_err(|e| Failure::Other(e.to_string()))?;
            bytes.push(b'\n');
            bytes
        }
        ReportFormat::Csv => crate::sheets::polls::csv(i, &results),
        ReportFormat::Xlsx => {
            crate::sheets::polls::xlsx(i, &results).map_err(|e| Failure::Other(e.to_string()))?
        }
        ReportFormat::Table => {
            let mut buf = Vec::new();
            writeln!(
                buf,
                "{}\n{}",
                results.title,
                i.tr("poll-ballots-line", &[("count", results.ballots.into())])
            )?;
            let header = crate::sheets::polls::header(i);
            Table::new(header.len()).print(
                &mut buf,
                &header,
                &crate::sheets::polls::table_rows(&results),
            )?;
            buf
        }
    };
    match out {
        Some(path) => write_file(path, &bytes),
        None => {
            std::io::stdout().lock().write_all(&bytes)?;
            Ok(())
        }
    }
}
