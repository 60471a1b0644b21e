//! Messages and templates: the list with its filters, one message, each
//! lifecycle step, answer templates.

use super::*;

pub(super) fn parse_statuses(list: &str) -> Result<Vec<MessageStatus>, Failure> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            MessageStatus::from_key(s).ok_or_else(|| {
                Failure::Service(ServiceError::Invalid(crate::domain::Invalid::new(
                    crate::domain::Field::Status,
                    Problem::Unknown {
                        value: s.to_string(),
                    },
                )))
            })
        })
        .collect()
}

pub(super) async fn messages_list(
    ctx: &Context,
    org: Option<i64>,
    status: Option<String>,
    overdue: bool,
    filters: crate::cli::MessageFilters,
    limit: Option<u64>,
    json: bool,
) -> Result<(), Failure> {
    let (_, session) = crate::app::signed_in(ctx).await?;
    let actor = session.actor();
    let service = &session;
    let mut query = MessageQuery::for_org(org.map(OrgId).unwrap_or(actor.org));
    query.statuses = status
        .as_deref()
        .map(parse_statuses)
        .transpose()?
        .unwrap_or_default();
    query.overdue = overdue;
    query.category = filters.category.map(crate::domain::CategoryId);
    query.unassigned = filters.unassigned;
    query.subtree = filters.subtree;
    query.text = filters.search.clone().filter(|t| !t.trim().is_empty());
    if let Some(email) = &filters.assignee {
        query.assignee = Some(service.find_account(email).await?.id);
    }
    if let Some(source) = &filters.source {
        query.source = Some(
            crate::domain::MessageSource::from_key(source).ok_or_else(|| {
                ServiceError::Invalid(crate::domain::Invalid::new(
                    crate::domain::Field::Source,
                    Problem::Unknown {
                        value: source.clone(),
                    },
                ))
            })?,
        );
    }
    let i = &ctx.i18n;
    let today = crate::domain::clock::today();
    let mut out = std::io::stdout().lock();
    // Over a subtree, each row says which organisation it is in.
    let with_org = query.subtree;
    let mut columns = vec![
        "col-id",
        "col-received",
        "col-status",
        "col-deadline",
        "col-category",
        "col-text",
    ];
    if with_org {
        columns.insert(5, "col-org");
    }
    let mut listing = Listing::start(&mut out, json, header(i, &columns))?;
    let mut left = limit.unwrap_or(u64::MAX);
    while left > 0 {
        query.limit = left.min(u64::from(crate::service::types::MAX_PAGE)) as u32;
        let page = service.messages(&query).await?;
        left = left.saturating_sub(page.items.len() as u64);
        listing.items(&mut out, &page.items, |m| {
            message_row(i, m, today, with_org)
        })?;
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    listing.finish(&mut out)?;
    Ok(())
}

pub(super) fn message_row(
    i: &crate::i18n::I18n,
    m: &MessageRow,
    today: chrono::NaiveDate,
    with_org: bool,
) -> Vec<String> {
    let mut row = vec![
        m.id.to_string(),
        local_time(Some(m.received_at)),
        i.message_state(m.status),
        i.due(due(m.status, m.deadline, today), m.deadline),
        m.category.clone(),
    ];
    if with_org {
        row.push(m.org_name.clone());
    }
    row.push(m.summary.clone());
    row
}

pub(super) async fn message_show(ctx: &Context, id: i64, json: bool) -> Result<(), Failure> {
    let (_, session) = crate::app::signed_in(ctx).await?;
    let mut message = session.message(MessageId(id)).await?;
    // The command line shows the whole history: the earlier pages too.
    while message.history_earlier > 0 {
        let before = message.history.first().map(|h| h.id);
        let page = session.message_history(message.id, before).await?;
        if page.entries.is_empty() {
            break;
        }
        message.history.splice(0..0, page.entries);
        message.history_earlier = page.earlier;
    }
    print_message(ctx, &message, json)?;
    if json {
        return Ok(());
    }
    let others = session.citizen_messages(MessageId(id)).await?;
    if !others.is_empty() {
        let numbers: Vec<String> = others.iter().map(|r| format!("№ {}", r.id)).collect();
        crate::cli::say(format!(
            "\n{}",
            ctx.i18n.tr(
                "cli-citizen-others",
                &[
                    ("n", others.len().into()),
                    ("numbers", numbers.join(", ").as_str().into()),
                ],
            )
        ))?;
    }
    Ok(())
}

/// Reads the message (for its version), builds the step, performs it.
pub(super) async fn message_step(
    ctx: &Context,
    id: i64,
    step: Step,
    json: bool,
) -> Result<(), Failure> {
    let (_, session) = crate::app::signed_in(ctx).await?;
    let service = &session;
    let id = MessageId(id);
    let current = service.message(id).await?;
    let act = match step {
        Step::Act(act) => act,
        Step::Draft {
            text: Some(text), ..
        } => Act::EditDraft { text },
        Step::Draft {
            file: Some(path), ..
        } => Act::EditDraft {
            text: read_text(&path)?,
        },
        Step::Draft { .. } => Act::EditDraft {
            text: String::new(),
        },
        Step::AssignTo(email) => Act::Assign {
            executor: find_account(service.as_ref(), current.org, &email).await?,
        },
    };
    let message = service.act(id, current.version, &act).await?;
    if json {
        return print_message(ctx, &message, true);
    }
    crate::cli::say(
        ctx.i18n
            .tr(
                "cli-message-now",
                &[
                    ("id", message.id.0.into()),
                    (
                        "status",
                        ctx.i18n.message_state(message.status).as_str().into(),
                    ),
                ],
            )
            .to_string(),
    )?;
    Ok(())
}

/// A draft from a file, or from standard input for "-".
pub(super) fn read_text(path: &std::path::Path) -> Result<String, Failure> {
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)?;
        buf
    } else {
        std::fs::read(path).map_err(|e| {
            Failure::message(
                "cli-cannot-read",
                &[
                    ("path", &path.display().to_string()),
                    ("detail", &e.to_string()),
                ],
            )
        })?
    };
    String::from_utf8(bytes)
        .map_err(|_| Failure::message("cli-not-utf8", &[("path", &path.display().to_string())]))
}

/// The account with this e-mail among `org`'s staff.
pub(super) async fn find_account(
    service: &dyn crate::service::Service,
    org: OrgId,
    email: &str,
) -> Result<crate::domain::AccountId, Failure> {
    let wanted =
        crate::domain::values::Email::parse(email).map_err(|e| Failure::Service(e.into()))?;
    let query = AccountQuery {
        text: Some(wanted.to_string()),
        after: None,
        limit: 50,
    };
    let page = service.accounts(org, &query).await?;
    page.items
        .into_iter()
        .find(|a| a.email.key() == wanted.key())
        .map(|a| a.id)
        .ok_or_else(|| {
            Failure::Service(
                crate::domain::Invalid::new(crate::domain::Field::Assignee, Problem::NotAnExecutor)
                    .into(),
            )
        })
}

pub(super) fn print_message(
    ctx: &Context,
    m: &crate::domain::Message,
    json: bool,
) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(m).map_err(|e| Failure::Other(e.to_string()))?
        )?;
        return Ok(());
    }
    let i = &ctx.i18n;
    let today = crate::domain::clock::today();
    let line = |out: &mut std::io::StdoutLock, key: &str, value: &str| {
        writeln!(out, "{:<16}{value}", i.t(key))
    };
    writeln!(out, "{} № {} · {}", i.t("pane-message"), m.id, m.org_name)?;
    line(&mut out, "msg-status", &i.message_state(m.status))?;
    line(
        &mut out,
        "msg-deadline",
        &format!(
            "{} ({})",
            m.deadline.format("%d.%m.%Y"),
            i.due(due(m.status, m.deadline, today), m.deadline)
        ),
    )?;
    line(&mut out, "col-category", &m.category_name)?;
    line(&mut out, "msg-received", &local_time(Some(m.received_at)))?;
    line(&mut out, "msg-citizen", &m.citizen_name)?;
    line(&mut out, "msg-contact", &m.citizen_contact)?;
    if let Some(a) = &m.address {
        line(&mut out, "msg-address", a)?;
    }
    line(
        &mut out,
        "msg-assignee",
        m.assignee_name.as_deref().unwrap_or(&i.t("unassigned")),
    )?;
    if let Some(target) = &m.redirect_to_name {
        line(&mut out, "msg-redirect-to", target)?;
    }
    writeln!(out, "\n{}", m.text)?;
    for (key, text) in [("msg-draft", &m.draft), ("msg-answer", &m.answer)] {
        if let Some(text) = text {
            writeln!(out, "\n{}:\n{text}", i.t(key))?;
        }
    }
    if !m.links.is_empty() {
        writeln!(out, "\n{}:", i.t("msg-links"))?;
        for l in &m.links {
            writeln!(
                out,
                "  {}  № {} · {} · {} · {}",
                i.t(&format!("link-kind-{}", l.kind.key())),
                l.id,
                i.message_state(l.status),
                l.org_name,
                l.summary
            )?;
        }
    }
    writeln!(out, "\n{}:", i.t("msg-history"))?;
    for (h, times) in crate::domain::message::folded_history(&m.history) {
        let times = if times > 1 {
            format!(" ×{times}")
        } else {
            String::new()
        };
        let comment = h
            .comment
            .as_deref()
            .map(|c| format!(" «{c}»"))
            .unwrap_or_default();
        let who = if h.actor_name.is_empty() {
            String::new()
        } else {
            format!(" — {}", h.actor_name)
        };
        writeln!(
            out,
            "  {}  {}{times}{who}{comment}",
            local_time(Some(h.at)),
            i.history_action(h)
        )?;
    }
    Ok(())
}

pub(super) async fn templates_command(
    ctx: &Context,
    command: TemplatesCommand,
) -> Result<(), Failure> {
    use crate::domain::{CategoryId, Template, TemplateDraft};
    let (_, session) = crate::app::signed_in(ctx).await?;
    let actor = session.actor();
    let service = &session;
    let i = &ctx.i18n;
    let mut out = std::io::stdout().lock();
    let show = |out: &mut std::io::StdoutLock, t: &Template, json: bool| -> Result<(), Failure> {
        use std::io::Write;
        if json {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(t).map_err(|e| Failure::Other(e.to_string()))?
            )?;
        } else {
            writeln!(
                out,
                "{}",
                i.tr(
                    "cli-template-saved",
                    &[("id", t.id.into()), ("title", t.title.as_str().into())]
                )
            )?;
        }
        Ok(())
    };
    // The template as the organisation sees it, for editing and deleting.
    let find = |org: OrgId, id: i64| {
        let service = service.clone();
        async move {
            service
                .templates(org, None)
                .await?
                .into_iter()
                .find(|t| t.id == id)
                .ok_or(Failure::Service(ServiceError::NotFound {
                    entity: crate::service::Entity::Template,
                    id: id.to_string(),
                }))
        }
    };
    match command {
        TemplatesCommand::List {
            org,
            category,
            json,
        } => {
            let org = org.map(OrgId).unwrap_or(actor.org);
            let items = service.templates(org, category.map(CategoryId)).await?;
            let columns = ["col-id", "col-title", "col-category", "col-org", "col-text"];
            let mut listing = Listing::start(&mut out, json, header(i, &columns))?;
            listing.items(&mut out, &items, |t| {
                vec![
                    t.id.to_string(),
                    t.title.clone(),
                    t.category
                        .map(|c| c.to_string())
                        .unwrap_or_else(|| "—".into()),
                    t.org.to_string(),
                    crate::domain::message::summary(&t.body, 60),
                ]
            })?;
            listing.finish(&mut out)?;
        }
        TemplatesCommand::Add {
            title,
            text,
            file,
            category,
            org,
            json,
        } => {
            let body = match (text, file) {
                (Some(text), _) => text,
                (None, Some(path)) => read_text(&path)?,
                (None, None) => String::new(),
            };
            let draft = TemplateDraft {
                org: org.map(OrgId).unwrap_or(actor.org),
                category: category.map(CategoryId),
                title,
                body,
            };
            let saved = service.save_template(None, &draft).await?;
            show(&mut out, &saved, json)?;
        }
        TemplatesCommand::Edit {
            id,
            title,
            text,
            file,
            category,
            general,
            org,
            json,
        } => {
            let old = find(org.map(OrgId).unwrap_or(actor.org), id).await?;
            let body = match (text, file) {
                (Some(text), _) => text,
                (None, Some(path)) => read_text(&path)?,
                (None, None) => old.body.clone(),
            };
            let category = if general {
                None
            } else {
                category.map(CategoryId).or(old.category)
            };
            let draft = TemplateDraft {
                org: old.org,
                category,
                title: title.unwrap_or(old.title),
                body,
            };
            let saved = service.save_template(Some(id), &draft).await?;
            show(&mut out, &saved, json)?;
        }
        TemplatesCommand::Delete { id, org } => {
            let old = find(org.map(OrgId).unwrap_or(actor.org), id).await?;
            service.delete_template(old.id).await?;
            use std::io::Write;
            writeln!(
                out,
                "{}",
                i.tr("cli-template-deleted", &[("id", id.into())])
            )?;
        }
    }
    Ok(())
}
