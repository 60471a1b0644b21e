//! The subcommands. Each signs in, calls the Service, prints.

use std::io::IsTerminal;

use super::Interactive;
use super::backend::{self, Connection};
use super::output::Listing;
use super::{
    AccountsCommand, Command, Context, Failure, MessagesCommand, OrgsCommand, Step,
    TemplatesCommand, TokenCommand,
};
use crate::domain::message::due;
use crate::domain::{Account, Act, MessageId, MessageRow, MessageStatus, OrgId, OrgNode, Problem};
use crate::service::{AccountQuery, MessageQuery, ServiceError};
use crate::store::OpenMode;

pub async fn run(
    ctx: &Context,
    command: Option<Command>,
    interactive: Interactive,
) -> Result<(), Failure> {
    match command {
        None => interactive(ctx).await,
        Some(Command::Serve { listen }) => serve(ctx, &listen).await,
        Some(Command::Token(TokenCommand::Issue { email })) => issue_token(ctx, &email),
        Some(Command::Demo {
            orgs,
            messages,
            seed,
        }) => demo(ctx, orgs, messages, seed).await,
        Some(Command::Orgs(OrgsCommand::List { json })) => orgs_list(ctx, json).await,
        Some(Command::Accounts(AccountsCommand::List { org, json })) => {
            accounts_list(ctx, org, json).await
        }
        Some(Command::Accounts(command)) => super::admin::accounts(ctx, command).await,
        Some(Command::Orgs(command)) => super::admin::orgs(ctx, command).await,
        Some(Command::Invite(command)) => super::admin::invite(ctx, command).await,
        Some(Command::Login { url }) => super::admin::login(ctx, &url).await,
        Some(Command::Logout) => super::admin::logout(ctx),
        Some(Command::Training(command)) => super::admin::training(ctx, command).await,
        Some(Command::Widget(command)) => super::admin::widget(ctx, command).await,
        Some(Command::Report(command)) => super::admin::report(ctx, command).await,
        Some(Command::Import {
            file,
            org,
            dry_run,
            json,
        }) => super::onboarding::import(ctx, &file, org, dry_run, json).await,
        Some(Command::Categories(command)) => super::admin::categories(ctx, command).await,
        Some(Command::Template(command)) => super::onboarding::template(ctx, command).await,
        Some(Command::Export(command)) => super::onboarding::export(ctx, command).await,
        Some(Command::Messages(MessagesCommand::List {
            org,
            status,
            overdue,
            filters,
            limit,
            json,
        })) => messages_list(ctx, org, status, overdue, filters, limit, json).await,
        Some(Command::Messages(MessagesCommand::Show { id, json })) => {
            message_show(ctx, id, json).await
        }
        Some(Command::Templates(command)) => templates_command(ctx, command).await,
        Some(Command::Moderation { switch }) => super::admin::moderation(ctx, switch).await,
        Some(Command::Messages(super::MessagesCommand::Receive {
            org,
            text,
            citizen,
            contact,
            category,
            source,
            address,
            json,
        })) => {
            super::admin::receive(
                ctx,
                crate::domain::IncomingMessage {
                    org: OrgId(org),
                    category: category.map(crate::domain::CategoryId),
                    kind: crate::domain::MessageKind::Message,
                    source: crate::domain::MessageSource::from_key(&source).ok_or_else(|| {
                        ServiceError::Invalid(crate::domain::Invalid::new(
                            crate::domain::Field::Text,
                            Problem::Unknown {
                                value: source.clone(),
                            },
                        ))
                    })?,
                    citizen_name: citizen,
                    citizen_contact: contact,
                    text,
                    address,
                },
                json,
            )
            .await
        }
        Some(Command::Messages(step)) => match step.step() {
            Some((id, step, json)) => message_step(ctx, id, step, json).await,
            None => Ok(()),
        },
    }
}

fn local_only(ctx: &Context) -> Result<crate::service::LocalService, Failure> {
    if ctx.server().is_some() {
        return Err(Failure::message("remote-no-token-issue", &[]));
    }
    ctx.open_local(OpenMode::Existing)
}

async fn serve(ctx: &Context, listen: &str) -> Result<(), Failure> {
    let mut service = local_only(ctx)?;
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    if let crate::mail::MailTransport::Files(dir) = service.settings().mailer.transport() {
        eprintln!(
            "{}",
            ctx.i18n.tr(
                "cli-serve-mail-files",
                &[("dir", dir.display().to_string().as_str().into())]
            )
        );
    }
    // A server answers an import first and sends its invitations after.
    let mut settings = service.settings().clone();
    settings.mail_in_background = true;
    service = service.with_settings(settings);
    if ctx.config.public_url.is_none() {
        // Links in invitations point at this very server unless told otherwise.
        let mut settings = service.settings().clone();
        settings.public_url = format!("http://{addr}");
        service = service.with_settings(settings);
    }
    eprintln!(
        "{}",
        ctx.i18n.tr(
            "cli-serving",
            &[
                ("addr", addr.to_string().as_str().into()),
                (
                    "path",
                    service.store().path().display().to_string().as_str().into()
                )
            ]
        )
    );
    crate::server::serve(service, listener).await?;
    Ok(())
}

fn issue_token(ctx: &Context, email: &str) -> Result<(), Failure> {
    let service = local_only(ctx)?;
    let token = service.issue_token(email)?;
    println!("{token}");
    Ok(())
}

async fn demo(ctx: &Context, orgs: u32, messages: u32, seed: u64) -> Result<(), Failure> {
    let path = ctx.store_path();
    let service = crate::service::LocalService::open(&path, OpenMode::CreateIfMissing)?;
    let opts = crate::demo::DemoOptions {
        orgs,
        messages,
        seed,
        ..Default::default()
    };
    let interactive = std::io::stderr().is_terminal();
    let ctx_i18n = crate::i18n::I18n::new(ctx.i18n.lang());
    let store = std::sync::Arc::clone(service.store());
    let summary = tokio::task::spawn_blocking(move || {
        crate::demo::build(store.as_ref(), &opts, &mut |p| {
            if interactive {
                eprint!("\r{}\x1b[K", ctx_i18n.demo_progress(&p));
            }
        })
    })
    .await
    .map_err(|e| Failure::Other(e.to_string()))?;
    if interactive {
        eprintln!();
    }
    let summary = match summary {
        Ok(s) => s,
        Err(crate::demo::DemoError::NotEmpty) => {
            return Err(Failure::message(
                "demo-not-empty",
                &[("path", &path.display().to_string())],
            ));
        }
        Err(e) => return Err(Failure::Other(e.to_string())),
    };
    let i = &ctx.i18n;
    println!(
        "{}",
        i.tr(
            "demo-done",
            &[
                ("orgs", summary.orgs.into()),
                ("accounts", summary.accounts.into()),
                ("messages", summary.messages.into())
            ]
        )
    );
    println!("{}", i.t("demo-sign-in"));
    for hint in &summary.sign_in {
        println!(
            "  {}",
            i.tr(
                "demo-hint",
                &[
                    ("role", i.role(hint.role).as_str().into()),
                    ("email", hint.email.as_str().into()),
                    ("name", hint.name.as_str().into()),
                    ("org", hint.org_name.as_str().into()),
                ]
            )
        );
    }
    Ok(())
}

async fn signed_in(ctx: &Context) -> Result<(Connection, crate::domain::Actor), Failure> {
    let conn = backend::connect(ctx, OpenMode::Existing)?;
    let actor = backend::sign_in(ctx, &conn).await?;
    Ok((conn, actor))
}

/// The localised column names.
fn header(i: &crate::i18n::I18n, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| i.t(k)).collect()
}

async fn orgs_list(ctx: &Context, json: bool) -> Result<(), Failure> {
    let (conn, actor) = signed_in(ctx).await?;
    let service = conn.service();
    let i = &ctx.i18n;
    let mut out = std::io::stdout().lock();
    let columns = [
        "col-id",
        "col-name",
        "col-kind",
        "col-new",
        "col-in-work",
        "col-overdue",
    ];
    let mut listing = Listing::start(&mut out, json, header(i, &columns))?;
    // Depth-first, a level at a time: never the whole table at once.
    let mut stack: Vec<(OrgNode, usize)> = service
        .org_children(&actor, None)
        .await?
        .into_iter()
        .rev()
        .map(|n| (n, 0))
        .collect();
    while let Some((node, depth)) = stack.pop() {
        if node.child_count > 0 {
            let children = service.org_children(&actor, Some(node.id)).await?;
            stack.extend(children.into_iter().rev().map(|n| (n, depth + 1)));
        }
        listing.items(&mut out, std::slice::from_ref(&node), |n| {
            vec![
                n.id.to_string(),
                format!("{}{}", "  ".repeat(depth), n.short_name),
                i.org_kind(n.kind),
                n.counts.new.to_string(),
                n.counts.in_work.to_string(),
                n.counts.overdue.to_string(),
            ]
        })?;
    }
    listing.finish(&mut out)?;
    Ok(())
}

async fn accounts_list(ctx: &Context, org: Option<i64>, json: bool) -> Result<(), Failure> {
    let (conn, actor) = signed_in(ctx).await?;
    let service = conn.service();
    let org = org.map(OrgId).unwrap_or(actor.org);
    let i = &ctx.i18n;
    let mut out = std::io::stdout().lock();
    let columns = [
        "col-fio",
        "col-roles",
        "col-status",
        "col-email",
        "col-phone",
        "col-position",
        "col-invited",
        "col-sent",
        "col-confirmed",
    ];
    let mut listing = Listing::start(&mut out, json, header(i, &columns))?;
    let mut query = AccountQuery::default();
    loop {
        let page = service.accounts(&actor, org, &query).await?;
        listing.items(&mut out, &page.items, |a| account_row(i, a))?;
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    listing.finish(&mut out)?;
    Ok(())
}

fn account_row(i: &crate::i18n::I18n, a: &Account) -> Vec<String> {
    vec![
        a.full_name(),
        a.roles
            .iter()
            .map(|r| i.role_short(r))
            .collect::<Vec<_>>()
            .join(", "),
        i.account_status(a.status),
        a.email.to_string(),
        a.phone.as_ref().map(|p| p.display()).unwrap_or_default(),
        a.position.clone(),
        local_time(a.invited_at),
        a.invitations_sent.to_string(),
        local_time(a.confirmed_at),
    ]
}

/// "23.11.2026 10:15" in the local zone, or "—".
fn local_time(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| {
        t.with_timezone(&chrono::Local)
            .format("%d.%m.%Y %H:%M")
            .to_string()
    })
    .unwrap_or_else(|| "—".into())
}

fn parse_statuses(list: &str) -> Result<Vec<MessageStatus>, Failure> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            MessageStatus::from_key(s).ok_or_else(|| {
                Failure::Service(ServiceError::Invalid(crate::domain::Invalid::new(
                    crate::domain::Field::Text,
                    Problem::Unknown {
                        value: s.to_string(),
                    },
                )))
            })
        })
        .collect()
}

async fn messages_list(
    ctx: &Context,
    org: Option<i64>,
    status: Option<String>,
    overdue: bool,
    filters: super::MessageFilters,
    limit: Option<u64>,
    json: bool,
) -> Result<(), Failure> {
    let (conn, actor) = signed_in(ctx).await?;
    let service = conn.service();
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
    if let Some(email) = &filters.assignee {
        query.assignee = Some(service.find_account(&actor, email).await?.id);
    }
    if let Some(source) = &filters.source {
        query.source = Some(
            crate::domain::MessageSource::from_key(source).ok_or_else(|| {
                ServiceError::Invalid(crate::domain::Invalid::new(
                    crate::domain::Field::Text,
                    Problem::Unknown {
                        value: source.clone(),
                    },
                ))
            })?,
        );
    }
    let i = &ctx.i18n;
    let today = chrono::Local::now().date_naive();
    let mut out = std::io::stdout().lock();
    let columns = [
        "col-id",
        "col-received",
        "col-status",
        "col-deadline",
        "col-category",
        "col-text",
    ];
    let mut listing = Listing::start(&mut out, json, header(i, &columns))?;
    let mut left = limit.unwrap_or(u64::MAX);
    while left > 0 {
        query.limit = left.min(u64::from(crate::service::types::MAX_PAGE)) as u32;
        let page = service.messages(&actor, &query).await?;
        left = left.saturating_sub(page.items.len() as u64);
        listing.items(&mut out, &page.items, |m| message_row(i, m, today))?;
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    listing.finish(&mut out)?;
    Ok(())
}

fn message_row(i: &crate::i18n::I18n, m: &MessageRow, today: chrono::NaiveDate) -> Vec<String> {
    vec![
        m.id.to_string(),
        m.received_at
            .with_timezone(&chrono::Local)
            .format("%d.%m.%Y %H:%M")
            .to_string(),
        i.message_state(m.status),
        i.due(due(m.status, m.deadline, today), m.deadline),
        m.category.clone(),
        m.summary.clone(),
    ]
}

async fn message_show(ctx: &Context, id: i64, json: bool) -> Result<(), Failure> {
    let (conn, actor) = signed_in(ctx).await?;
    let message = conn.service().message(&actor, MessageId(id)).await?;
    print_message(ctx, &message, json)
}

/// Reads the message (for its version), builds the step, performs it.
async fn message_step(ctx: &Context, id: i64, step: Step, json: bool) -> Result<(), Failure> {
    let (conn, actor) = signed_in(ctx).await?;
    let service = conn.service();
    let id = MessageId(id);
    let current = service.message(&actor, id).await?;
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
            executor: find_account(&*service, &actor, current.org, &email).await?,
        },
    };
    let message = service.act(&actor, id, current.version, &act).await?;
    if json {
        return print_message(ctx, &message, true);
    }
    println!(
        "{}",
        ctx.i18n.tr(
            "cli-message-now",
            &[
                ("id", message.id.0.into()),
                (
                    "status",
                    ctx.i18n.message_state(message.status).as_str().into()
                )
            ]
        )
    );
    Ok(())
}

/// A draft from a file, or from standard input for "-".
fn read_text(path: &std::path::Path) -> Result<String, Failure> {
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
async fn find_account(
    service: &dyn crate::service::Service,
    actor: &crate::domain::Actor,
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
    let page = service.accounts(actor, org, &query).await?;
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

fn print_message(ctx: &Context, m: &crate::domain::Message, json: bool) -> Result<(), Failure> {
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
    let today = chrono::Local::now().date_naive();
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
    line(
        &mut out,
        "msg-received",
        &m.received_at
            .with_timezone(&chrono::Local)
            .format("%d.%m.%Y %H:%M")
            .to_string(),
    )?;
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
    writeln!(out, "\n{}:", i.t("msg-history"))?;
    for h in &m.history {
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
            "  {}  {}{who}{comment}",
            h.at.with_timezone(&chrono::Local).format("%d.%m.%Y %H:%M"),
            i.t(&format!("history-{}", h.action))
        )?;
    }
    Ok(())
}

async fn templates_command(ctx: &Context, command: TemplatesCommand) -> Result<(), Failure> {
    use crate::domain::{CategoryId, Template, TemplateDraft};
    let (conn, actor) = signed_in(ctx).await?;
    let service = conn.service();
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
        let actor = actor.clone();
        async move {
            service
                .templates(&actor, org, None)
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
            let items = service
                .templates(&actor, org, category.map(CategoryId))
                .await?;
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
            let saved = service.save_template(&actor, None, &draft).await?;
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
            let saved = service.save_template(&actor, Some(id), &draft).await?;
            show(&mut out, &saved, json)?;
        }
        TemplatesCommand::Delete { id, org } => {
            let old = find(org.map(OrgId).unwrap_or(actor.org), id).await?;
            service.delete_template(&actor, old.id).await?;
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
