//! `otklik mail`: where the outgoing mail stands, and sending what is due.

use super::commands::local_time;
use super::output::Table;
use super::{Context, Failure, say};
use crate::domain::OrgId;
use crate::domain::mail::MailState;
use crate::service::LocalService;

/// Counts by state, then every mail not sent with its reason.
pub async fn status(
    ctx: &Context,
    org: Option<OrgId>,
    subtree: bool,
    json: bool,
) -> Result<(), Failure> {
    let (_, session) = crate::app::signed_in(ctx).await?;
    let org = org.unwrap_or(session.actor().org);
    let status = session.mail_status(org, subtree).await?;
    if json {
        return say(
            serde_json::to_string_pretty(&status).map_err(|e| Failure::Other(e.to_string()))?
        );
    }
    let i = &ctx.i18n;
    say(i.tr(
        "mail-status-counts",
        &[
            ("waiting", status.waiting.into()),
            ("sending", status.sending.into()),
            ("sent", status.sent.into()),
            ("failed", status.failed.into()),
        ],
    ))?;
    if status.unsent.is_empty() {
        return Ok(());
    }
    let header: Vec<String> = [
        "col-fio",
        "col-email",
        "col-mail",
        "col-attempts",
        "col-mail-when",
        "col-reason",
    ]
    .iter()
    .map(|k| i.t(k))
    .collect();
    let rows: Vec<Vec<String>> = status
        .unsent
        .iter()
        .map(|line| {
            let m = &line.mail;
            let when = match m.state {
                MailState::Waiting => i.tr(
                    "mail-next-attempt",
                    &[("at", local_time(Some(m.at)).as_str().into())],
                ),
                _ => local_time(Some(m.at)),
            };
            vec![
                line.name.clone(),
                line.email.clone(),
                i.mail_state(m.state),
                m.attempts.to_string(),
                when,
                m.error.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut out = std::io::stdout().lock();
    Table::new(header.len()).print(&mut out, &header, &rows)?;
    Ok(())
}

/// Sends what is due now, on the store itself.
pub async fn send(service: LocalService, ctx: &Context) -> Result<(), Failure> {
    let run = service.send_due_mail().await?;
    say(ctx.i18n.tr(
        "mail-sent-now",
        &[("sent", run.sent.into()), ("failed", run.failed.into())],
    ))
}
