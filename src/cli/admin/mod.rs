//! Administration commands: accounts, invitations, sign-in, training,
//! organisations, the widget and the readiness report.

mod notices;
mod polls;
mod reports;
mod statistics;

use super::output::Table;
use super::{
    AccountFlags, AccountsCommand, Context, Failure, InviteCommand, OrgFlags, OrgsCommand,
    ReportCommand, ReportFormat, TrainingCommand, WidgetCommand, keyring,
};
use crate::app::write_file;
use crate::domain::readiness::{Check, Readiness};
use crate::domain::{
    AccountDraft, CategoryId, Field, Invalid, OrgChange, OrgDraft, OrgId, OrgKind, Problem, Roles,
    WidgetSettings, WidgetVariant,
};
use crate::i18n::I18n;
use crate::service::Gateway;
use crate::service::{AccountSaved, MailOutcome, RemoteService, Service, ServiceError};
use crate::store::OpenMode;
use std::io::{IsTerminal, Write};

pub use notices::notices;
pub use polls::polls;
pub use reports::*;

use crate::cli::output::print_json;

fn say(text: String) -> Result<(), Failure> {
    crate::cli::say(text)
}

/// The form's flags over what the account has (nothing, for a new one).
fn account_draft(base: AccountDraft, f: &AccountFlags) -> Result<AccountDraft, Failure> {
    let pick = |flag: &Option<String>, old: String| flag.clone().unwrap_or(old);
    let roles = match &f.roles {
        Some(list) => Roles::parse_list(list).map_err(|value| {
            ServiceError::from(Invalid::new(Field::Roles, Problem::Unknown { value }))
        })?,
        None => base.roles,
    };
    Ok(AccountDraft {
        surname: pick(&f.surname, base.surname),
        first_name: pick(&f.name, base.first_name),
        patronymic: pick(&f.patronymic, base.patronymic),
        email: pick(&f.email, base.email),
        phone: pick(&f.phone, base.phone),
        position: pick(&f.position, base.position),
        roles,
    })
}

/// Category names or numbers, matched to the classifier (case and spaces
/// do not matter).
async fn resolve_categories(service: &dyn Service, list: &str) -> Result<Vec<CategoryId>, Failure> {
    let all = service.categories().await?;
    let fold = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    list.split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| {
            all.iter()
                .find(|c| c.id.0.to_string() == item || fold(&c.name) == fold(item))
                .map(|c| c.id)
                .ok_or_else(|| {
                    ServiceError::from(Invalid::new(
                        Field::Category,
                        Problem::Unknown {
                            value: item.to_string(),
                        },
                    ))
                    .into()
                })
        })
        .collect()
}

fn report_saved(i: &I18n, saved: &AccountSaved, json: bool) -> Result<(), Failure> {
    if json {
        return print_json(saved);
    }
    let a = &saved.account;
    say(i.tr(
        "cli-account-saved",
        &[
            ("name", a.full_name().as_str().into()),
            ("email", a.email.as_str().into()),
            ("status", i.account_status(a.status).as_str().into()),
        ],
    ))?;
    match &saved.invitation {
        Some(outcome @ MailOutcome::Failed { .. }) => {
            eprintln!("{}", i.mail_outcome(outcome, a.email.as_str(), true));
            Ok(())
        }
        Some(outcome) => say(i.mail_outcome(outcome, a.email.as_str(), true)),
        None => Ok(()),
    }
}

pub async fn accounts(ctx: &Context, command: AccountsCommand) -> Result<(), Failure> {
    let (_, session) = crate::app::signed_in(ctx).await?;
    let service = &session;
    let i = &ctx.i18n;
    let find = |email: String| {
        let service = service.clone();
        async move { service.find_account(&email).await }
    };
    match command {
        AccountsCommand::List { .. } => Ok(()),
        AccountsCommand::Add { org, fields, json } => {
            let draft = account_draft(AccountDraft::default(), &fields)?;
            let wanted = match &fields.categories {
                Some(list) => Some(resolve_categories(service.as_ref(), list).await?),
                None => None,
            };
            let saved = service.create_account(OrgId(org), &draft).await?;
            if let Some(list) = wanted {
                service
                    .set_responsibilities(saved.account.id, &list)
                    .await?;
            }
            report_saved(i, &saved, json)
        }
        AccountsCommand::Edit {
            account,
            fields,
            json,
        } => {
            let account = find(account).await?;
            let draft = account_draft(AccountDraft::of(&account), &fields)?;
            let wanted = match &fields.categories {
                Some(list) => Some(resolve_categories(service.as_ref(), list).await?),
                None => None,
            };
            let saved = service.update_account(account.id, &draft).await?;
            if let Some(list) = wanted {
                service.set_responsibilities(account.id, &list).await?;
            }
            report_saved(i, &saved, json)
        }
        AccountsCommand::Archive { email, json } => {
            let account = find(email).await?;
            let saved = service.set_archived(account.id, true).await?;
            report_saved(i, &saved, json)
        }
        AccountsCommand::Restore { email, json } => {
            let account = find(email).await?;
            let saved = service.set_archived(account.id, false).await?;
            report_saved(i, &saved, json)
        }
        AccountsCommand::Resend { email, json } => {
            let account = find(email).await?;
            let saved = service.resend_invitation(account.id).await?;
            report_saved(i, &saved, json)
        }
    }
}

fn parse_kind(raw: &str) -> Result<OrgKind, Failure> {
    OrgKind::from_key(raw.trim()).ok_or_else(|| {
        ServiceError::from(Invalid::new(
            Field::Kind,
            Problem::Unknown {
                value: raw.to_string(),
            },
        ))
        .into()
    })
}

fn org_draft(base: OrgDraft, f: &OrgFlags) -> Result<OrgDraft, Failure> {
    let pick = |flag: &Option<String>, old: String| flag.clone().unwrap_or(old);
    Ok(OrgDraft {
        name: pick(&f.name, base.name),
        short_name: pick(&f.short_name, base.short_name),
        kind: match &f.kind {
            Some(k) => Some(parse_kind(k)?),
            None => base.kind,
        },
        ogrn: pick(&f.ogrn, base.ogrn),
        inn: pick(&f.inn, base.inn),
        site: pick(&f.site, base.site),
    })
}

fn report_org(i: &I18n, org: &crate::domain::Organisation, json: bool) -> Result<(), Failure> {
    if json {
        return print_json(org);
    }
    say(i.tr(
        "cli-org-saved",
        &[
            ("id", org.id.0.into()),
            ("name", org.short_name.as_str().into()),
        ],
    ))
}

pub async fn orgs(ctx: &Context, command: OrgsCommand) -> Result<(), Failure> {
    let (_, session) = crate::app::signed_in(ctx).await?;
    let service = &session;
    let i = &ctx.i18n;
    match command {
        OrgsCommand::List { .. } => Ok(()),
        OrgsCommand::Add {
            parent,
            fields,
            json,
        } => {
            let draft = org_draft(OrgDraft::default(), &fields)?;
            let org = service.create_org(OrgId(parent), &draft).await?;
            report_org(i, &org, json)
        }
        OrgsCommand::Edit {
            id,
            fields,
            ready,
            widget_site_approved,
            readiness_deadline,
            json,
        } => {
            let id = OrgId(id);
            let any_detail = fields.name.is_some()
                || fields.short_name.is_some()
                || fields.kind.is_some()
                || fields.inn.is_some()
                || fields.ogrn.is_some()
                || fields.site.is_some();
            let mut org = service.organisation(id).await?;
            let change = OrgChange {
                details: if any_detail {
                    Some(org_draft(OrgDraft::of(&org), &fields)?)
                } else {
                    None
                },
                ready,
                widget_site_approved,
            };
            if change != OrgChange::default() {
                org = service.update_org(id, &change).await?;
            }
            if let Some(raw) = readiness_deadline {
                let deadline = match raw.trim() {
                    "" | "none" | "-" => None,
                    date => Some(chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(
                        |_| ServiceError::from(Invalid::new(Field::Deadline, Problem::NotDate)),
                    )?),
                };
                org = service.set_readiness_deadline(id, deadline).await?;
            }
            report_org(i, &org, json)
        }
    }
}

pub async fn categories(ctx: &Context, command: super::CategoriesCommand) -> Result<(), Failure> {
    use super::CategoriesCommand;
    use crate::domain::Stages;
    let (_, session) = crate::app::signed_in(ctx).await?;
    let service = &session;
    let i = &ctx.i18n;
    let stages_text = |s: &Option<Stages>| {
        s.map(|s| format!("{}/{}/{}", s.moderation, s.execution, s.approval))
            .unwrap_or_default()
    };
    match command {
        CategoriesCommand::List { json } => {
            let all = service.categories().await?;
            if json {
                return print_json(&all);
            }
            let header: Vec<String> = ["col-id", "col-category", "field-days", "field-stages"]
                .iter()
                .map(|k| i.t(k))
                .collect();
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|c| {
                    vec![
                        c.id.0.to_string(),
                        if c.parent.is_some() {
                            format!("  {}", c.name)
                        } else {
                            c.name.clone()
                        },
                        c.deadline_days.to_string(),
                        stages_text(&c.stages),
                    ]
                })
                .collect();
            Table::new(4).print(&mut std::io::stdout().lock(), &header, &rows)?;
            Ok(())
        }
        CategoriesCommand::Set {
            category,
            days,
            stages,
            no_stages: _,
            json,
        } => {
            let id = resolve_categories(service.as_ref(), &category)
                .await?
                .first()
                .copied()
                .ok_or_else(|| ServiceError::from(Invalid::new(Field::Category, Problem::Empty)))?;
            let stages = match stages {
                Some(text) => {
                    let parts: Vec<u32> = text
                        .split('/')
                        .map(|p| p.trim().parse())
                        .collect::<Result<_, _>>()
                        .map_err(|_| {
                            ServiceError::from(Invalid::new(
                                Field::Stages,
                                Problem::Unknown {
                                    value: text.clone(),
                                },
                            ))
                        })?;
                    match parts.as_slice() {
                        [m, e, a] => Some(Stages {
                            moderation: *m,
                            execution: *e,
                            approval: *a,
                        }),
                        _ => {
                            return Err(ServiceError::from(Invalid::new(
                                Field::Stages,
                                Problem::Unknown { value: text },
                            ))
                            .into());
                        }
                    }
                }
                None => None,
            };
            let saved = service.set_category_deadline(id, days, stages).await?;
            if json {
                return print_json(&saved);
            }
            let stages = match saved.stages {
                Some(_) => format!(" ({})", stages_text(&saved.stages)),
                None => String::new(),
            };
            say(i.tr(
                "cli-category-saved",
                &[
                    ("name", saved.name.as_str().into()),
                    ("days", saved.deadline_days.into()),
                    ("stages", stages.as_str().into()),
                ],
            ))
        }
    }
}

pub async fn moderation(ctx: &Context, switch: Option<super::OnOff>) -> Result<(), Failure> {
    let (_, session) = crate::app::signed_in(ctx).await?;
    let service = &session;
    let on = match switch {
        Some(s) => service.set_moderation(s == super::OnOff::On).await?,
        None => service.moderation().await?,
    };
    say(ctx.i18n.t(if on {
        "moderation-on"
    } else {
        "moderation-off"
    }))
}

pub async fn receive(
    ctx: &Context,
    incoming: crate::domain::IncomingMessage,
    json: bool,
) -> Result<(), Failure> {
    let (_, session) = crate::app::signed_in(ctx).await?;
    let message = session.receive_message(&incoming).await?;
    if json {
        return print_json(&message);
    }
    say(ctx.i18n.tr(
        "cli-message-received",
        &[
            ("id", message.id.0.into()),
            (
                "status",
                ctx.i18n.message_state(message.status).as_str().into(),
            ),
        ],
    ))
}

pub async fn invite(ctx: &Context, command: InviteCommand) -> Result<(), Failure> {
    let InviteCommand::Accept { token, email, json } = command;
    let i = &ctx.i18n;
    // Nobody is signed in yet: only the store or the server is needed.
    let service: std::sync::Arc<dyn Gateway> = match ctx.server() {
        Some(url) => std::sync::Arc::new(RemoteService::new(&url, "")?),
        None => std::sync::Arc::new(ctx.open_local(OpenMode::Existing)?),
    };
    let accepted = service.accept_invitation(&token, &email).await?;
    if json {
        return print_json(&accepted);
    }
    say(i.tr(
        "cli-invitation-accepted",
        &[("name", accepted.account.full_name().as_str().into())],
    ))?;
    say(i.tr(
        "cli-invitation-token",
        &[("token", accepted.token.as_str().into())],
    ))?;
    say(i.tr(
        "cli-training-next",
        &[("url", service.training_url().await?.as_str().into())],
    ))
}

pub async fn training(ctx: &Context, command: TrainingCommand) -> Result<(), Failure> {
    let TrainingCommand::Confirm { json } = command;
    let (_, session) = crate::app::signed_in(ctx).await?;
    let actor = session.confirm_training().await?;
    if json {
        return print_json(&actor);
    }
    say(ctx.i18n.tr(
        "cli-training-confirmed",
        &[("name", actor.name.as_str().into())],
    ))
}

/// Reads the token the invitation page showed: without echo on a terminal,
/// a line otherwise (scripts pipe it in).
fn read_token(ctx: &Context, url: &str) -> Result<String, Failure> {
    if let Some(token) = &ctx.options.token {
        return Ok(token.clone());
    }
    let prompt = ctx.i18n.tr("login-token-prompt", &[("url", url.into())]);
    let token = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt)?
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        line
    };
    let token = token.trim().to_string();
    if token.is_empty() {
        return Err(Failure::message("need-token", &[]));
    }
    Ok(token)
}

pub async fn login(ctx: &Context, url: &str) -> Result<(), Failure> {
    let i = &ctx.i18n;
    let url = url.trim().trim_end_matches('/').to_string();
    let token = read_token(ctx, &url)?;
    let remote = RemoteService::new(&url, &token)?;
    remote.health().await?;
    let actor = remote
        .sign_in(&crate::service::Credentials::Token(token.clone()))
        .await?
        .actor();
    keyring::remember_server(&url)?;
    say(i.tr(
        "login-done",
        &[
            ("name", actor.name.as_str().into()),
            ("org", actor.org_name.as_str().into()),
            ("url", url.as_str().into()),
        ],
    ))?;
    match keyring::store_token(&url, &token) {
        Ok(store) => say(i.tr("login-stored", &[("store", store.into())])),
        Err(reasons) => {
            eprintln!(
                "{}",
                i.tr(
                    "login-no-keyring",
                    &[("reasons", reasons.join("; ").as_str().into())]
                )
            );
            Ok(())
        }
    }
}

pub fn logout(ctx: &Context) -> Result<(), Failure> {
    let i = &ctx.i18n;
    let Some(url) = ctx.server() else {
        return say(i.t("logout-nothing"));
    };
    let removed = keyring::remove_token(&url);
    keyring::forget_server()?;
    say(i.tr(
        if removed {
            "logout-done"
        } else {
            "logout-no-token"
        },
        &[("url", url.as_str().into())],
    ))
}
