//! Administration at the keyboard: the account and organisation forms
//! (errors at the field as you type), archive / restore / resend with a
//! confirmation, the widget panel (code, copy, save, check) and the
//! readiness panel, the account card. Each is an overlay that takes the
//! keyboard while open.

mod card;
mod confirm;
mod form;
mod import;
mod readiness;
mod widget;

use super::action::{Effect, RequestId};
use super::call::Call;
use super::keymap::Command;
use super::state::{Pane, State};
use crate::domain::onboarding::{FormRow, ImportReport};
use crate::domain::{
    Account, AccountDraft, AccountId, AccountStatus, CategoryId, Field, Invalid, OrgChange,
    OrgDraft, OrgId, OrgKind, Organisation, Readiness, Role, Roles, WidgetCheck, WidgetSettings,
    WidgetVariant,
};
use crate::service::{AccountSaved, ServiceError, ServiceResult};
use crate::tui::keymap::KeyLayer;
use crate::tui::state::{Layer, LayerKind};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use card::*;
pub use confirm::*;
pub use form::*;
pub use import::*;
pub use readiness::*;
pub use widget::*;

/// A call of the administration half of the Service.
#[derive(Debug, Clone, PartialEq)]
pub enum AdminCall {
    /// What an account's card shows besides the account: its mails and categories.
    Card {
        org: OrgId,
        account: AccountId,
    },
    SaveAccount {
        org: OrgId,
        id: Option<AccountId>,
        draft: AccountDraft,
        /// The categories the person handles, when the form showed them.
        categories: Option<Vec<CategoryId>>,
    },
    /// The classifier's top categories, and those `account` handles.
    LoadCategories {
        org: OrgId,
        account: Option<AccountId>,
    },
    Archive {
        id: AccountId,
        archived: bool,
    },
    Resend {
        id: AccountId,
    },
    CreateOrg {
        parent: OrgId,
        draft: OrgDraft,
    },
    UpdateOrg {
        id: OrgId,
        change: OrgChange,
    },
    LoadOrg {
        id: OrgId,
    },
    WidgetCode {
        org: OrgId,
        settings: WidgetSettings,
    },
    CheckWidget {
        org: OrgId,
    },
    Readiness {
        org: OrgId,
    },
    /// Reads a form from a file (reporting progress) and checks it: a dry run.
    ReadAndCheck {
        org: OrgId,
        path: String,
    },
    /// Imports rows already checked.
    Import {
        org: OrgId,
        rows: Vec<FormRow>,
    },
    /// Sets the deadline, then reads the report again.
    SetDeadline {
        org: OrgId,
        deadline: Option<chrono::NaiveDate>,
    },
}

/// What an [`AdminCall`] answers.
#[derive(Debug, Clone)]
pub enum AdminReply {
    Account(AccountSaved),
    Card {
        mails: Vec<crate::domain::mail::QueuedMail>,
        categories: Vec<String>,
    },
    Categories {
        all: Vec<(CategoryId, String)>,
        handled: Vec<CategoryId>,
    },
    Org(Organisation),
    Code(String),
    Check(WidgetCheck),
    Readiness(Readiness),
    /// The rows read from a file and what importing them would do.
    Checked {
        rows: Vec<FormRow>,
        report: ImportReport,
    },
    Imported(ImportReport),
    /// The file could not be read as the form: why, in words.
    FileRefused(String),
}

#[derive(Debug, Clone)]
pub enum Overlay {
    Form(Box<Form>),
    Confirm(Box<Confirm>),
    Widget(Box<WidgetPanel>),
    Readiness(Box<ReadinessPanel>),
    Import(Box<ImportPanel>),
    Card(Box<AccountCard>),
}

impl Overlay {
    fn busy(&self) -> Option<RequestId> {
        match self {
            Overlay::Import(p) => p.req,
            Overlay::Form(f) => f.busy,
            Overlay::Confirm(c) => c.busy,
            Overlay::Widget(w) => w.busy,
            Overlay::Readiness(r) => Some(r.req),
            Overlay::Card(c) => Some(c.req),
        }
    }
}

/// Typing into a one-line field: characters, Backspace, Ctrl-U. True when
/// the key was one of those.
fn edit_line(text: &mut String, key: KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Backspace => {
            text.pop();
        }
        KeyCode::Char('u') if ctrl => text.clear(),
        KeyCode::Char(c) if !ctrl => text.push(c),
        _ => return false,
    }
    true
}

/// Scrolling a panel by a line or by `page`, as the panel's keys say.
/// True when the command was one of those.
fn scroll(scroll: &mut u16, command: Option<Command>, page: u16) -> bool {
    *scroll = match command {
        Some(Command::PanelDown) => scroll.saturating_add(1),
        Some(Command::PanelUp) => scroll.saturating_sub(1),
        Some(Command::PanelPageDown) => scroll.saturating_add(page),
        Some(Command::PanelPageUp) => scroll.saturating_sub(page),
        _ => return false,
    };
    true
}

fn send(state: &mut State, call: AdminCall) -> (RequestId, Vec<Effect>) {
    let req = state.request();
    (
        req,
        vec![Effect::Call {
            req,
            call: Call::Admin { call },
        }],
    )
}

/// The administration keys of the main screen; `None` when the key means
/// something else where the cursor is.
pub fn command(state: &mut State, c: Command) -> Option<Vec<Effect>> {
    let effects = match (c, state.focus) {
        (Command::New, Pane::Accounts) => {
            let (org, _, _) = selected_org(state)?;
            open_account_form(state, Form::new_account(org), org, None)
        }
        (Command::New, Pane::Tree) => {
            let id = state.tree.selected_id()?;
            state.open(Layer::Admin(Overlay::Form(Box::new(Form::new_org(id)))));
            Vec::new()
        }
        (Command::Edit, Pane::Accounts) => {
            let account = selected_account(state)?.clone();
            open_account_form(
                state,
                Form::edit_account(&account),
                account.org,
                Some(account.id),
            )
        }
        (Command::Edit, Pane::Tree) => {
            let id = state.tree.selected_id()?;
            let (req, effects) = send(state, AdminCall::LoadOrg { id });
            state.pending_org_form = Some(req);
            effects
        }
        (Command::Archive, Pane::Accounts) => {
            let a = selected_account(state)?;
            let archived = a.status != AccountStatus::Archived;
            let key = if archived {
                "confirm-archive"
            } else {
                "confirm-restore"
            };
            let question = state
                .i18n
                .tr(key, &[("name", a.full_name().as_str().into())]);
            let call = AdminCall::Archive { id: a.id, archived };
            state.open(Layer::Admin(Overlay::Confirm(Box::new(Confirm {
                question,
                call,
                busy: None,
            }))));
            Vec::new()
        }
        (Command::Resend, Pane::Accounts) => {
            let a = selected_account(state)?;
            let question = state.i18n.tr(
                "confirm-resend",
                &[
                    ("name", a.full_name().as_str().into()),
                    ("email", a.email.as_str().into()),
                ],
            );
            let call = AdminCall::Resend { id: a.id };
            state.open(Layer::Admin(Overlay::Confirm(Box::new(Confirm {
                question,
                call,
                busy: None,
            }))));
            Vec::new()
        }
        (Command::Widget, _) => {
            let (org, org_name, kind) = selected_org(state)?;
            let variant = WidgetVariant::for_kind(kind);
            state.open(Layer::Admin(Overlay::Widget(Box::new(WidgetPanel {
                org,
                org_name,
                variant,
                banner: String::new(),
                typing: None,
                save_path: format!("widget-{org}.html"),
                code: None,
                check: None,
                message: None,
                busy: None,
                scroll: 0,
            }))));
            Vec::new()
        }
        (Command::Import, _) => {
            let (org, org_name, _) = selected_org(state)?;
            state.open(Layer::Admin(Overlay::Import(Box::new(ImportPanel {
                org,
                org_name,
                path: String::new(),
                stage: ImportStage::Path,
                error: None,
                req: None,
                scroll: 0,
                only_wrong: false,
            }))));
            Vec::new()
        }
        (Command::Readiness, _) => {
            let (org, org_name, _) = selected_org(state)?;
            let (req, effects) = send(state, AdminCall::Readiness { org });
            state.open(Layer::Admin(Overlay::Readiness(Box::new(ReadinessPanel {
                org,
                org_name,
                deadline_input: None,
                data: None,
                error: None,
                req,
                scroll: 0,
            }))));
            effects
        }
        _ => return None,
    };
    Some(effects)
}

/// A key while an overlay is open.
pub fn key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let confirms = state.keymap.confirms(&key);
    let line = state.keymap.command_in(KeyLayer::Line, &key);
    let command = state.keymap.command_in(KeyLayer::Panel, &key);
    let i18n = std::sync::Arc::clone(&state.i18n);
    let Some(overlay) = state.admin_mut() else {
        return Vec::new();
    };
    match overlay {
        Overlay::Form(_) => form_key(state, key),
        Overlay::Confirm(confirm) => match confirms {
            Some(true) if confirm.busy.is_none() => {
                let call = confirm.call.clone();
                let (req, effects) = send(state, call);
                if let Some(Overlay::Confirm(c)) = state.admin_mut() {
                    c.busy = Some(req);
                }
                effects
            }
            Some(false) => {
                state.close(LayerKind::Admin);
                Vec::new()
            }
            _ => Vec::new(),
        },
        Overlay::Widget(_) => widget_key(state, key),
        Overlay::Card(_) => card_key(state, command),
        Overlay::Import(_) => import_key(state, key),
        Overlay::Readiness(panel) if panel.deadline_input.is_some() => {
            let Some(input) = panel.deadline_input.as_mut() else {
                return Vec::new();
            };
            if edit_line(input, key) {
                return Vec::new();
            }
            match line {
                Some(Command::LineCancel) => panel.deadline_input = None,
                Some(Command::LineDone) => {
                    let text = input.trim().to_string();
                    let deadline = if text.is_empty() {
                        None
                    } else {
                        match chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                            .or_else(|_| chrono::NaiveDate::parse_from_str(&text, "%d.%m.%Y"))
                        {
                            Ok(d) => Some(d),
                            Err(_) => {
                                panel.error = Some(i18n.invalid(&Invalid::new(
                                    Field::Deadline,
                                    crate::domain::Problem::NotDate,
                                )));
                                return Vec::new();
                            }
                        }
                    };
                    panel.deadline_input = None;
                    let org = panel.org;
                    let (req, effects) = send(state, AdminCall::SetDeadline { org, deadline });
                    if let Some(Overlay::Readiness(p)) = state.admin_mut() {
                        p.req = req;
                        p.error = None;
                    }
                    return effects;
                }
                _ => {}
            }
            Vec::new()
        }
        Overlay::Readiness(panel) => match command {
            Some(Command::ReadinessDeadline) => {
                let current = panel
                    .data
                    .as_ref()
                    .and_then(|d| d.deadline)
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default();
                panel.deadline_input = Some(current);
                Vec::new()
            }
            Some(Command::PanelClose) => {
                state.close(LayerKind::Admin);
                Vec::new()
            }
            _ if scroll(&mut panel.scroll, command, 10) => Vec::new(),
            Some(Command::PanelAgain) => {
                let org = panel.org;
                let (req, effects) = send(state, AdminCall::Readiness { org });
                if let Some(Overlay::Readiness(p)) = state.admin_mut() {
                    p.req = req;
                    p.error = None;
                }
                effects
            }
            _ => Vec::new(),
        },
    }
}

/// The answer to an administration call.
pub fn done(state: &mut State, req: RequestId, result: ServiceResult<AdminReply>) -> Vec<Effect> {
    // The organisation form opens once the details are here.
    if state.pending_org_form == Some(req) {
        state.pending_org_form = None;
        match result {
            Ok(AdminReply::Org(org)) => {
                let curator = state
                    .session
                    .as_ref()
                    .is_some_and(|s| s.actor.is_platform_curator());
                state.open(Layer::Admin(Overlay::Form(Box::new(Form::edit_org(
                    org, curator,
                )))));
            }
            Ok(_) => {}
            Err(e) => state.notice = Some(state.i18n.error(&e)),
        }
        return Vec::new();
    }
    if let Some(Overlay::Form(form)) = state.admin_mut()
        && form.categories_req == Some(req)
    {
        form.categories_req = None;
        if let Ok(AdminReply::Categories { all, handled }) = result {
            form.add_categories(all, &handled);
        }
        return Vec::new();
    }
    if state.admin().and_then(Overlay::busy) != Some(req) {
        return Vec::new();
    }
    // The overlay that asked handles its answer.
    match state.admin() {
        Some(Overlay::Import(_)) => import_answered(state, result),
        Some(Overlay::Readiness(_)) => readiness_answered(state, result),
        Some(Overlay::Widget(_)) => widget_answered(state, result),
        Some(Overlay::Form(_)) => form_answered(state, result),
        Some(Overlay::Confirm(_)) => confirm_answered(state, result),
        Some(Overlay::Card(_)) => card_answered(state, result),
        None => Vec::new(),
    }
}

pub(super) fn saved_notice(i: &crate::i18n::I18n, reply: &AdminReply) -> String {
    match reply {
        AdminReply::Account(saved) => {
            let a = &saved.account;
            let base = i.tr(
                "cli-account-saved",
                &[
                    ("name", a.full_name().as_str().into()),
                    ("email", a.email.as_str().into()),
                    ("status", i.account_status(a.status).as_str().into()),
                ],
            );
            match &saved.invitation {
                Some(outcome) => format!(
                    "{base}. {}",
                    i.mail_outcome(outcome, a.email.as_str(), false)
                ),
                None => base,
            }
        }
        AdminReply::Org(org) => i.tr(
            "cli-org-saved",
            &[
                ("id", org.id.0.into()),
                ("name", org.short_name.as_str().into()),
            ],
        ),
        _ => String::new(),
    }
}
