//! The subcommands. Each signs in, calls the Service, prints.

mod calendar;
mod messages;
mod store;
mod timeline;

use super::Interactive;
use super::output::Listing;
use super::{
    AccountsCommand, CalendarCommand, Command, Context, Failure, MailCommand, MessagesCommand,
    OrgsCommand, Step, StoreCommand, TemplatesCommand, TokenCommand,
};
use crate::domain::message::due;
use crate::domain::{Account, Act, MessageId, MessageRow, MessageStatus, OrgId, OrgNode, Problem};
use crate::service::{AccountQuery, MessageQuery, ServiceError};
use crate::store::{Database, OpenMode};
use std::io::IsTerminal;

use messages::*;
use timeline::message_timeline;

pub async fn run(
    ctx: &Context,
    command: Option<Command>,
    interactive: Interactive,
) -> Result<(), Failure> {
    match command {
        None => interactive(ctx).await,
        Some(Command::Serve { listen, .. }) => {
            let listen = listen
                .or_else(|| ctx.config.listen.clone())
                .unwrap_or_else(|| "127.0.0.1:8080".into());
            serve(ctx, &listen).await
        }
        Some(Command::Token(TokenCommand::Issue { email })) => issue_token(ctx, &email),
        // Made whole in memory first: the generators cannot be told of a
        // reader that stopped reading (`| head`).
        Some(Command::Completions { shell }) => {
            let mut text = Vec::new();
            clap_complete::generate(shell, &mut crate::cli::command(), "otklik", &mut text);
            write_out(&text)
        }
        Some(Command::Man) => {
            let mut text = Vec::new();
            clap_mangen::Man::new(crate::cli::command()).render(&mut text)?;
            write_out(&text)
        }
        Some(Command::Store(StoreCommand::Copy { from, to })) => store::copy(ctx, &from, &to).await,
        Some(Command::Store(StoreCommand::Migrate)) => store::migrate(ctx).await,
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
        Some(Command::Calendar(CalendarCommand::Show { year, json })) => {
            calendar::show(ctx, year, json).await
        }
        Some(Command::Calendar(CalendarCommand::Load {
            file,
            dry_run,
            json,
        })) => calendar::load(ctx, &file, dry_run, json).await,
        Some(Command::Mail(MailCommand::Status { org, subtree, json })) => {
            super::mail::status(ctx, org.map(OrgId), subtree, json).await
        }
        Some(Command::Mail(MailCommand::Send)) => super::mail::send(local_only(ctx)?, ctx).await,
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
        Some(Command::Messages(MessagesCommand::Note { id, text, json })) => {
            let (_, session) = crate::app::signed_in(ctx).await?;
            let message = session.add_note(MessageId(id), &text).await?;
            print_message(ctx, &message, json)
        }
        Some(Command::Messages(MessagesCommand::Link {
            id,
            other,
            remove,
            json,
        })) => {
            let (_, session) = crate::app::signed_in(ctx).await?;
            let (id, other) = (MessageId(id), MessageId(other));
            let message = if remove {
                session.unlink_messages(id, other).await?
            } else {
                session.link_messages(id, other).await?
            };
            print_message(ctx, &message, json)
        }
        Some(Command::Messages(MessagesCommand::Timeline { id, json })) => {
            message_timeline(ctx, id, json).await
        }
        Some(Command::Templates(command)) => templates_command(ctx, command).await,
        Some(Command::Moderation { switch }) => super::admin::moderation(ctx, switch).await,
        Some(Command::Notices(command)) => super::admin::notices(ctx, command).await,
        Some(Command::Polls(command)) => super::admin::polls(ctx, command).await,
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

pub(super) fn local_only(ctx: &Context) -> Result<crate::service::LocalService, Failure> {
    if ctx.server().is_some() {
        return Err(Failure::message("remote-no-token-issue", &[]));
    }
    ctx.open_local(OpenMode::Existing)
}

async fn serve(ctx: &Context, listen: &str) -> Result<(), Failure> {
    let mut service = local_only(ctx)?;
    // Loads made through any process over the same store reach this one.
    let _calendar = service.follow_calendar().await;
    let calendar = crate::domain::calendar::platform();
    if let Some(last) = calendar.runs_out(crate::domain::clock::today()) {
        tracing::warn!(
            last_published_year = last,
            "the published production calendar runs out: the years after it know only the Labour Code's holidays"
        );
    }
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
                ("path", service.store().location().as_str().into())
            ]
        )
    );
    tracing::info!(%addr, "listening");
    // Invitations queued here or by any process over the same store.
    let _mail = service.spawn_mail_worker();
    crate::server::serve(service, listener).await?;
    Ok(())
}

fn issue_token(ctx: &Context, email: &str) -> Result<(), Failure> {
    let service = local_only(ctx)?;
    let token = service.issue_token(email)?;
    crate::cli::say(&token)?;
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
    crate::cli::say(
        i.tr(
            "demo-done",
            &[
                ("orgs", summary.orgs.into()),
                ("accounts", summary.accounts.into()),
                ("messages", summary.messages.into()),
            ],
        )
        .to_string(),
    )?;
    crate::cli::say(i.t("demo-sign-in").to_string())?;
    for hint in &summary.sign_in {
        crate::cli::say(format!(
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
        ))?;
    }
    Ok(())
}

/// The localised column names.
fn header(i: &crate::i18n::I18n, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| i.t(k)).collect()
}

async fn orgs_list(ctx: &Context, json: bool) -> Result<(), Failure> {
    let (_, session) = crate::app::signed_in(ctx).await?;
    let service = &session;
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
        .org_children(None)
        .await?
        .into_iter()
        .rev()
        .map(|n| (n, 0))
        .collect();
    while let Some((node, depth)) = stack.pop() {
        if node.child_count > 0 {
            let children = service.org_children(Some(node.id)).await?;
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
    let (_, session) = crate::app::signed_in(ctx).await?;
    let actor = session.actor();
    let service = &session;
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
        "col-mail",
    ];
    let mut listing = Listing::start(&mut out, json, header(i, &columns))?;
    let mut query = AccountQuery::default();
    loop {
        let page = service.accounts(org, &query).await?;
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
        a.mail
            .as_ref()
            .map(|m| i.mail_state(m.state))
            .unwrap_or_else(|| "—".into()),
    ]
}

/// "23.11.2026 10:15" on the platform's clock, or "—".
pub(super) fn local_time(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| {
        crate::domain::clock::local(t)
            .format("%d.%m.%Y %H:%M")
            .to_string()
    })
    .unwrap_or_else(|| "—".into())
}

/// `bytes` on standard output.
fn write_out(bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}
