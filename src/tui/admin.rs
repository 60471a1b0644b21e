//! Administration at the keyboard: the account and organisation forms
//! (errors at the field as you type), archive / restore / resend with a
//! confirmation, the widget panel (code, copy, save, check) and the
//! readiness panel. Each is an overlay that takes the keyboard while open.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Effect, RequestId};
use super::keymap::Command;
use super::state::{Pane, State};
use crate::domain::onboarding::{FormRow, ImportReport};
use crate::domain::{
    Account, AccountDraft, AccountId, AccountStatus, CategoryId, Field, Invalid, OrgChange,
    OrgDraft, OrgId, OrgKind, Organisation, Readiness, Role, Roles, WidgetCheck, WidgetSettings,
    WidgetVariant,
};
use crate::service::{AccountSaved, MailOutcome, ServiceError, ServiceResult};

/// A call of the administration half of the Service.
#[derive(Debug, Clone, PartialEq)]
pub enum AdminCall {
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

/// A field of a form and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Flag(bool),
    Kind(OrgKind),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    pub field: Field,
    /// The message key of its label (or the label itself for categories).
    pub label: String,
    /// For category checkboxes: the category.
    pub category: Option<CategoryId>,
    pub value: Value,
    /// For role checkboxes: the role.
    pub role: Option<Role>,
}

impl FormField {
    fn text(field: Field, value: &str) -> Self {
        FormField {
            field,
            label: format!("field-{}", field.key()),
            value: Value::Text(value.to_string()),
            role: None,
            category: None,
        }
    }

    fn flag(field: Field, label: &str, on: bool) -> Self {
        FormField {
            field,
            label: label.to_string(),
            value: Value::Flag(on),
            role: None,
            category: None,
        }
    }

    fn text_value(&self) -> &str {
        match &self.value {
            Value::Text(t) => t,
            _ => "",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum FormKind {
    NewAccount { org: OrgId },
    EditAccount { org: OrgId, id: AccountId },
    NewOrg { parent: OrgId },
    EditOrg { org: Box<Organisation> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// Fields typed into or left: their problems are shown.
    pub touched: Vec<bool>,
    /// What the service said about a field after saving.
    pub refused: Option<(Field, String)>,
    /// A refusal that is about no field.
    pub error: Option<String>,
    pub busy: Option<RequestId>,
    /// The category checkboxes are on their way.
    pub categories_req: Option<RequestId>,
}

impl Form {
    fn new(kind: FormKind, fields: Vec<FormField>) -> Self {
        let n = fields.len();
        Form {
            kind,
            fields,
            focus: 0,
            touched: vec![false; n],
            refused: None,
            error: None,
            busy: None,
            categories_req: None,
        }
    }

    /// Adds a checkbox per category, ticked for those handled.
    pub fn add_categories(&mut self, all: Vec<(CategoryId, String)>, handled: &[CategoryId]) {
        for (id, name) in all {
            self.fields.push(FormField {
                field: Field::Category,
                label: name,
                value: Value::Flag(handled.contains(&id)),
                role: None,
                category: Some(id),
            });
            self.touched.push(false);
        }
    }

    /// The ticked categories, if the form has them.
    fn categories(&self) -> Option<Vec<CategoryId>> {
        let boxes: Vec<&FormField> = self
            .fields
            .iter()
            .filter(|f| f.category.is_some())
            .collect();
        (!boxes.is_empty()).then(|| {
            boxes
                .iter()
                .filter(|f| f.value == Value::Flag(true))
                .filter_map(|f| f.category)
                .collect()
        })
    }

    pub fn new_account(org: OrgId) -> Self {
        Self::account_form(FormKind::NewAccount { org }, &AccountDraft::default())
    }

    pub fn edit_account(account: &Account) -> Self {
        Self::account_form(
            FormKind::EditAccount {
                org: account.org,
                id: account.id,
            },
            &AccountDraft::of(account),
        )
    }

    fn account_form(kind: FormKind, d: &AccountDraft) -> Self {
        let mut fields = vec![
            FormField::text(Field::Surname, &d.surname),
            FormField::text(Field::FirstName, &d.first_name),
            FormField::text(Field::Patronymic, &d.patronymic),
            FormField::text(Field::Email, &d.email),
            FormField::text(Field::Phone, &d.phone),
            FormField::text(Field::Position, &d.position),
        ];
        fields.extend(Role::ALL.into_iter().map(|role| FormField {
            field: Field::Roles,
            label: format!("role-{}", role.key()),
            value: Value::Flag(d.roles.has(role)),
            role: Some(role),
            category: None,
        }));
        Form::new(kind, fields)
    }

    pub fn new_org(parent: OrgId) -> Self {
        Self::org_form(FormKind::NewOrg { parent }, &OrgDraft::default(), None)
    }

    /// The form of an existing organisation; the widget-site flag only for
    /// those who may set it.
    pub fn edit_org(org: Organisation, platform_curator: bool) -> Self {
        let draft = OrgDraft::of(&org);
        let flags = Some((
            org.ready,
            platform_curator.then_some(org.widget_site_approved),
        ));
        Self::org_form(FormKind::EditOrg { org: Box::new(org) }, &draft, flags)
    }

    fn org_form(kind: FormKind, d: &OrgDraft, flags: Option<(bool, Option<bool>)>) -> Self {
        let mut fields = vec![
            FormField::text(Field::Name, &d.name),
            FormField::text(Field::ShortName, &d.short_name),
            FormField {
                field: Field::Kind,
                label: "field-kind".into(),
                value: Value::Kind(d.kind.unwrap_or(OrgKind::School)),
                role: None,
                category: None,
            },
            FormField::text(Field::Ogrn, &d.ogrn),
            FormField::text(Field::Inn, &d.inn),
            FormField::text(Field::Site, &d.site),
        ];
        if let Some((ready, approved)) = flags {
            fields.push(FormField::flag(Field::Organisation, "org-ready", ready));
            if let Some(approved) = approved {
                fields.push(FormField::flag(
                    Field::Site,
                    "org-widget-site-approved",
                    approved,
                ));
            }
        }
        Form::new(kind, fields)
    }

    pub fn is_account(&self) -> bool {
        matches!(
            self.kind,
            FormKind::NewAccount { .. } | FormKind::EditAccount { .. }
        )
    }

    fn text_of(&self, field: Field) -> String {
        self.fields
            .iter()
            .find(|f| f.field == field && matches!(f.value, Value::Text(_)))
            .map(|f| f.text_value().to_string())
            .unwrap_or_default()
    }

    fn flag_of(&self, label: &str) -> Option<bool> {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .and_then(|f| match f.value {
                Value::Flag(on) => Some(on),
                _ => None,
            })
    }

    pub fn account_draft(&self) -> AccountDraft {
        AccountDraft {
            surname: self.text_of(Field::Surname),
            first_name: self.text_of(Field::FirstName),
            patronymic: self.text_of(Field::Patronymic),
            email: self.text_of(Field::Email),
            phone: self.text_of(Field::Phone),
            position: self.text_of(Field::Position),
            roles: self
                .fields
                .iter()
                .filter(|f| f.value == Value::Flag(true))
                .filter_map(|f| f.role)
                .collect::<Roles>(),
        }
    }

    pub fn org_draft(&self) -> OrgDraft {
        OrgDraft {
            name: self.text_of(Field::Name),
            short_name: self.text_of(Field::ShortName),
            kind: self.fields.iter().find_map(|f| match f.value {
                Value::Kind(k) => Some(k),
                _ => None,
            }),
            ogrn: self.text_of(Field::Ogrn),
            inn: self.text_of(Field::Inn),
            site: self.text_of(Field::Site),
        }
    }

    /// Every problem the domain finds in what is typed.
    pub fn problems(&self) -> Vec<Invalid> {
        if self.is_account() {
            self.account_draft().problems()
        } else {
            self.org_draft().problems()
        }
    }

    /// Where a field's message is shown: under the last role checkbox for
    /// the roles, under the text line otherwise.
    fn shown_at(&self, field: Field) -> Option<usize> {
        if field == Field::Roles {
            self.fields.iter().rposition(|f| f.role.is_some())
        } else {
            self.fields
                .iter()
                .position(|f| f.field == field && matches!(f.value, Value::Text(_)))
        }
    }

    /// The problem to show under field `index`: what the service refused,
    /// or what the domain finds once the field was touched.
    pub fn problem_at(&self, index: usize, i18n: &crate::i18n::I18n) -> Option<String> {
        let field = self.fields[index].field;
        if self.shown_at(field) != Some(index) {
            return None;
        }
        if let Some((f, text)) = &self.refused
            && *f == field
        {
            return Some(text.clone());
        }
        let touched = self
            .fields
            .iter()
            .zip(&self.touched)
            .any(|(f, t)| f.field == field && *t);
        if !touched {
            return None;
        }
        self.problems()
            .into_iter()
            .find(|p| p.field == field)
            .map(|p| i18n.problem(&p.problem))
    }

    fn call(&self) -> AdminCall {
        match &self.kind {
            FormKind::NewAccount { org } => AdminCall::SaveAccount {
                org: *org,
                id: None,
                draft: self.account_draft(),
                categories: self.categories(),
            },
            FormKind::EditAccount { org, id } => AdminCall::SaveAccount {
                org: *org,
                id: Some(*id),
                draft: self.account_draft(),
                categories: self.categories(),
            },
            FormKind::NewOrg { parent } => AdminCall::CreateOrg {
                parent: *parent,
                draft: self.org_draft(),
            },
            FormKind::EditOrg { org } => {
                let draft = self.org_draft();
                let ready = self.flag_of("org-ready");
                let approved = self.flag_of("org-widget-site-approved");
                AdminCall::UpdateOrg {
                    id: org.id,
                    change: OrgChange {
                        details: (draft != OrgDraft::of(org)).then_some(draft),
                        ready: ready.filter(|r| *r != org.ready),
                        widget_site_approved: approved.filter(|a| *a != org.widget_site_approved),
                    },
                }
            }
        }
    }
}

/// A step that cannot be undone by a keystroke: asked first.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub call: AdminCall,
    pub busy: Option<RequestId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WidgetPanel {
    pub org: OrgId,
    pub org_name: String,
    pub variant: WidgetVariant,
    pub banner: String,
    /// Typing into: the banner, or the file to save to.
    pub typing: Option<WidgetInput>,
    pub save_path: String,
    pub code: Option<String>,
    pub check: Option<WidgetCheck>,
    pub message: Option<String>,
    pub busy: Option<RequestId>,
    pub scroll: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WidgetInput {
    Banner,
    SavePath,
}

#[derive(Debug, Clone)]
pub struct ReadinessPanel {
    pub org: OrgId,
    pub org_name: String,
    /// The deadline being typed (curators), `ГГГГ-ММ-ДД` or empty to clear.
    pub deadline_input: Option<String>,
    pub data: Option<Readiness>,
    pub error: Option<String>,
    pub req: RequestId,
    pub scroll: u16,
}

/// Importing the onboarding form: the file's path, then reading (a gauge),
/// then the preview of every row, then the outcome.
#[derive(Debug, Clone)]
pub struct ImportPanel {
    pub org: OrgId,
    pub org_name: String,
    pub path: String,
    pub stage: ImportStage,
    pub error: Option<String>,
    pub req: Option<RequestId>,
    pub scroll: u16,
    /// The preview shows only the wrong rows.
    pub only_wrong: bool,
}

#[derive(Debug, Clone)]
pub enum ImportStage {
    Path,
    Reading {
        done: usize,
        total: usize,
    },
    Preview {
        rows: Vec<FormRow>,
        report: ImportReport,
    },
    Done(ImportReport),
}

#[derive(Debug, Clone)]
pub enum Overlay {
    Form(Box<Form>),
    Confirm(Box<Confirm>),
    Widget(Box<WidgetPanel>),
    Readiness(Box<ReadinessPanel>),
    Import(Box<ImportPanel>),
}

impl Overlay {
    fn busy(&self) -> Option<RequestId> {
        match self {
            Overlay::Import(p) => p.req,
            Overlay::Form(f) => f.busy,
            Overlay::Confirm(c) => c.busy,
            Overlay::Widget(w) => w.busy,
            Overlay::Readiness(r) => Some(r.req),
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

/// Scrolling a panel by a line (↑↓ j k) or by `page` (PgUp PgDn). True
/// when the key was one of those.
fn scroll_key(scroll: &mut u16, code: KeyCode, page: u16) -> bool {
    *scroll = match code {
        KeyCode::Down | KeyCode::Char('j') => scroll.saturating_add(1),
        KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
        KeyCode::PageDown => scroll.saturating_add(page),
        KeyCode::PageUp => scroll.saturating_sub(page),
        _ => return false,
    };
    true
}

fn send(state: &mut State, call: AdminCall) -> (RequestId, Vec<Effect>) {
    let req = state.request();
    (req, vec![Effect::Admin { req, call }])
}

fn selected_account(state: &State) -> Option<&Account> {
    state.accounts.items.get(state.accounts.list.selected)
}

fn selected_org(state: &State) -> Option<(OrgId, String, OrgKind)> {
    state
        .tree
        .rows
        .iter()
        .find(|r| Some(r.node.id) == state.selected_org)
        .or_else(|| state.tree.selected())
        .map(|r| (r.node.id, r.node.short_name.clone(), r.node.kind))
}

/// Opens an account form and asks for its category checkboxes.
fn open_account_form(
    state: &mut State,
    mut form: Form,
    org: OrgId,
    account: Option<AccountId>,
) -> Vec<Effect> {
    let (req, effects) = send(state, AdminCall::LoadCategories { org, account });
    form.categories_req = Some(req);
    state.admin = Some(Overlay::Form(Box::new(form)));
    effects
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
            state.admin = Some(Overlay::Form(Box::new(Form::new_org(id))));
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
            state.admin = Some(Overlay::Confirm(Box::new(Confirm {
                question,
                call,
                busy: None,
            })));
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
            state.admin = Some(Overlay::Confirm(Box::new(Confirm {
                question,
                call,
                busy: None,
            })));
            Vec::new()
        }
        (Command::Widget, _) => {
            let (org, org_name, kind) = selected_org(state)?;
            let variant = WidgetVariant::for_kind(kind);
            state.admin = Some(Overlay::Widget(Box::new(WidgetPanel {
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
            })));
            Vec::new()
        }
        (Command::Import, _) => {
            let (org, org_name, _) = selected_org(state)?;
            state.admin = Some(Overlay::Import(Box::new(ImportPanel {
                org,
                org_name,
                path: String::new(),
                stage: ImportStage::Path,
                error: None,
                req: None,
                scroll: 0,
                only_wrong: false,
            })));
            Vec::new()
        }
        (Command::Readiness, _) => {
            let (org, org_name, _) = selected_org(state)?;
            let (req, effects) = send(state, AdminCall::Readiness { org });
            state.admin = Some(Overlay::Readiness(Box::new(ReadinessPanel {
                org,
                org_name,
                deadline_input: None,
                data: None,
                error: None,
                req,
                scroll: 0,
            })));
            effects
        }
        _ => return None,
    };
    Some(effects)
}

/// A key while an overlay is open.
pub fn key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(overlay) = state.admin.as_mut() else {
        return Vec::new();
    };
    match overlay {
        Overlay::Form(_) => form_key(state, key),
        Overlay::Confirm(confirm) => match key.code {
            KeyCode::Enter | KeyCode::Char('y') | KeyCode::Char('д') if confirm.busy.is_none() => {
                let call = confirm.call.clone();
                let (req, effects) = send(state, call);
                if let Some(Overlay::Confirm(c)) = state.admin.as_mut() {
                    c.busy = Some(req);
                }
                effects
            }
            KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('н') => {
                state.admin = None;
                Vec::new()
            }
            _ => Vec::new(),
        },
        Overlay::Widget(_) => widget_key(state, key),
        Overlay::Import(_) => import_key(state, key),
        Overlay::Readiness(panel) if panel.deadline_input.is_some() => {
            let Some(input) = panel.deadline_input.as_mut() else {
                return Vec::new();
            };
            if edit_line(input, key) {
                return Vec::new();
            }
            match key.code {
                KeyCode::Esc => panel.deadline_input = None,
                KeyCode::Enter => {
                    let text = input.trim().to_string();
                    let deadline = if text.is_empty() {
                        None
                    } else {
                        match chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                            .or_else(|_| chrono::NaiveDate::parse_from_str(&text, "%d.%m.%Y"))
                        {
                            Ok(d) => Some(d),
                            Err(_) => {
                                panel.error = Some(state.i18n.invalid(&Invalid::new(
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
                    if let Some(Overlay::Readiness(p)) = state.admin.as_mut() {
                        p.req = req;
                        p.error = None;
                    }
                    return effects;
                }
                _ => {}
            }
            Vec::new()
        }
        Overlay::Readiness(panel) => match key.code {
            KeyCode::Char('d') => {
                let current = panel
                    .data
                    .as_ref()
                    .and_then(|d| d.deadline)
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default();
                panel.deadline_input = Some(current);
                Vec::new()
            }
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('P') => {
                state.admin = None;
                Vec::new()
            }
            code if scroll_key(&mut panel.scroll, code, 10) => Vec::new(),
            KeyCode::Char('r') => {
                let org = panel.org;
                let (req, effects) = send(state, AdminCall::Readiness { org });
                if let Some(Overlay::Readiness(p)) = state.admin.as_mut() {
                    p.req = req;
                    p.error = None;
                }
                effects
            }
            _ => Vec::new(),
        },
    }
}

fn form_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Form(form)) = state.admin.as_mut() else {
        return Vec::new();
    };
    let n = form.fields.len();
    let leave = |form: &mut Form| form.touched[form.focus] = true;
    match key.code {
        KeyCode::Esc => {
            state.admin = None;
            return Vec::new();
        }
        KeyCode::Tab | KeyCode::Down => {
            leave(form);
            form.focus = (form.focus + 1) % n;
        }
        KeyCode::BackTab | KeyCode::Up => {
            leave(form);
            form.focus = (form.focus + n - 1) % n;
        }
        KeyCode::Enter if form.busy.is_none() => {
            form.touched.iter_mut().for_each(|t| *t = true);
            if form.problems().is_empty() {
                let call = form.call();
                let (req, effects) = send(state, call);
                if let Some(Overlay::Form(f)) = state.admin.as_mut() {
                    f.busy = Some(req);
                    f.error = None;
                }
                return effects;
            }
            // Go to the first field with a problem.
            let first = form.problems().first().map(|p| p.field);
            if let Some(i) = form.fields.iter().position(|f| Some(f.field) == first) {
                form.focus = i;
            }
        }
        _ => {
            let field = &mut form.fields[form.focus];
            match (&mut field.value, key.code) {
                (Value::Flag(on), KeyCode::Char(' ')) => *on = !*on,
                (Value::Kind(kind), KeyCode::Char(' ') | KeyCode::Right | KeyCode::Left) => {
                    let all = OrgKind::ALL;
                    let i = all.iter().position(|k| k == kind).unwrap_or(0);
                    let step = if key.code == KeyCode::Left {
                        all.len() - 1
                    } else {
                        1
                    };
                    *kind = all[(i + step) % all.len()];
                }
                (Value::Text(text), _) => {
                    if !edit_line(text, key) {
                        return Vec::new();
                    }
                }
                _ => return Vec::new(),
            }
            form.touched[form.focus] = true;
            // What the service refused stays until that field changes.
            if form
                .refused
                .as_ref()
                .is_some_and(|(f, _)| *f == form.fields[form.focus].field)
            {
                form.refused = None;
            }
        }
    }
    Vec::new()
}

fn widget_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Widget(panel)) = state.admin.as_mut() else {
        return Vec::new();
    };
    if let Some(input) = panel.typing {
        let text = match input {
            WidgetInput::Banner => &mut panel.banner,
            WidgetInput::SavePath => &mut panel.save_path,
        };
        match key.code {
            KeyCode::Esc => panel.typing = None,
            KeyCode::Enter => {
                panel.typing = None;
                if input == WidgetInput::SavePath
                    && let Some(code) = panel.code.clone()
                {
                    return vec![Effect::SaveFile {
                        path: panel.save_path.clone(),
                        text: code,
                    }];
                }
            }
            _ => {
                edit_line(text, key);
            }
        }
        return Vec::new();
    }
    let org = panel.org;
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') => {
            state.admin = None;
            Vec::new()
        }
        KeyCode::Left | KeyCode::Right | KeyCode::Char('h') | KeyCode::Char('l') => {
            let all = WidgetVariant::ALL;
            let i = all.iter().position(|v| *v == panel.variant).unwrap_or(0);
            let back = matches!(key.code, KeyCode::Left | KeyCode::Char('h'));
            panel.variant = all[(i + if back { all.len() - 1 } else { 1 }) % all.len()];
            panel.code = None;
            Vec::new()
        }
        KeyCode::Char('b') => {
            panel.typing = Some(WidgetInput::Banner);
            panel.code = None;
            Vec::new()
        }
        code if scroll_key(&mut panel.scroll, code, 10) => Vec::new(),
        KeyCode::Enter | KeyCode::Char('g') => {
            let settings = WidgetSettings {
                variant: panel.variant,
                banner: panel.banner.clone(),
            };
            let (req, effects) = send(state, AdminCall::WidgetCode { org, settings });
            set_widget_busy(state, req);
            effects
        }
        KeyCode::Char('y') => match panel.code.clone() {
            Some(code) => {
                panel.message = Some(state.i18n.t("widget-copied"));
                vec![Effect::CopyToClipboard(code)]
            }
            None => {
                panel.message = Some(state.i18n.t("widget-generate-first"));
                Vec::new()
            }
        },
        KeyCode::Char('s') => {
            if panel.code.is_some() {
                panel.typing = Some(WidgetInput::SavePath);
            } else {
                panel.message = Some(state.i18n.t("widget-generate-first"));
            }
            Vec::new()
        }
        KeyCode::Char('c') => {
            let (req, effects) = send(state, AdminCall::CheckWidget { org });
            set_widget_busy(state, req);
            effects
        }
        _ => Vec::new(),
    }
}

fn import_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Import(panel)) = state.admin.as_mut() else {
        return Vec::new();
    };
    if key.code == KeyCode::Esc {
        state.admin = None;
        return Vec::new();
    }
    let org = panel.org;
    match &panel.stage {
        ImportStage::Path => match key.code {
            KeyCode::Enter if !panel.path.trim().is_empty() => {
                let path = expand_home(panel.path.trim());
                let (req, effects) = send(state, AdminCall::ReadAndCheck { org, path });
                if let Some(Overlay::Import(p)) = state.admin.as_mut() {
                    p.req = Some(req);
                    p.error = None;
                    p.stage = ImportStage::Reading { done: 0, total: 0 };
                }
                effects
            }
            _ => {
                edit_line(&mut panel.path, key);
                Vec::new()
            }
        },
        ImportStage::Reading { .. } => Vec::new(),
        ImportStage::Preview { rows, report } => match key.code {
            code if scroll_key(&mut panel.scroll, code, 20) => Vec::new(),
            KeyCode::Char('w') => {
                panel.only_wrong = !panel.only_wrong;
                panel.scroll = 0;
                Vec::new()
            }
            // Back to the path, to fix the file and read it again.
            KeyCode::Char('r') => {
                panel.stage = ImportStage::Path;
                Vec::new()
            }
            KeyCode::Enter if report.problems.is_empty() && panel.req.is_none() => {
                let rows = rows.clone();
                let (req, effects) = send(state, AdminCall::Import { org, rows });
                if let Some(Overlay::Import(p)) = state.admin.as_mut() {
                    p.req = Some(req);
                }
                effects
            }
            _ => Vec::new(),
        },
        ImportStage::Done(_) => {
            if matches!(key.code, KeyCode::Enter | KeyCode::Char('q')) {
                state.admin = None;
            }
            Vec::new()
        }
    }
}

/// `~/x.xlsx` → the home directory's file.
fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest).display().to_string(),
        _ => path.to_string(),
    }
}

/// Progress of reading a file for the import panel.
pub fn import_progress(state: &mut State, req: RequestId, done: usize, total: usize) {
    if let Some(Overlay::Import(p)) = state.admin.as_mut()
        && p.req == Some(req)
        && matches!(p.stage, ImportStage::Reading { .. })
    {
        p.stage = ImportStage::Reading { done, total };
    }
}

fn set_widget_busy(state: &mut State, req: RequestId) {
    if let Some(Overlay::Widget(p)) = state.admin.as_mut() {
        p.busy = Some(req);
        p.message = None;
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
                state.admin = Some(Overlay::Form(Box::new(Form::edit_org(org, curator))));
            }
            Ok(_) => {}
            Err(e) => state.notice = Some(state.i18n.error(&e)),
        }
        return Vec::new();
    }
    if let Some(Overlay::Form(form)) = state.admin.as_mut()
        && form.categories_req == Some(req)
    {
        form.categories_req = None;
        if let Ok(AdminReply::Categories { all, handled }) = result {
            form.add_categories(all, &handled);
        }
        return Vec::new();
    }
    if state.admin.as_ref().and_then(Overlay::busy) != Some(req) {
        return Vec::new();
    }
    let i = std::sync::Arc::clone(&state.i18n);
    let Some(overlay) = state.admin.as_mut() else {
        return Vec::new();
    };
    match (overlay, result) {
        (Overlay::Import(p), result) => {
            p.req = None;
            match result {
                Ok(AdminReply::Checked { rows, report }) => {
                    p.scroll = 0;
                    // A file with problems opens on them.
                    p.only_wrong = !report.problems.is_empty();
                    p.stage = ImportStage::Preview { rows, report };
                }
                Ok(AdminReply::Imported(report)) => {
                    p.stage = ImportStage::Done(report);
                    return super::update::refresh_tree(state);
                }
                Ok(AdminReply::FileRefused(why)) => {
                    p.stage = ImportStage::Path;
                    p.error = Some(why);
                }
                Ok(_) => {}
                Err(e) => {
                    // Back to the path: the file can be fixed and read again.
                    if matches!(p.stage, ImportStage::Reading { .. }) {
                        p.stage = ImportStage::Path;
                    }
                    p.error = Some(i.error(&e));
                }
            }
            Vec::new()
        }
        (Overlay::Readiness(p), result) => {
            match result {
                Ok(AdminReply::Readiness(r)) => p.data = Some(r),
                Ok(_) => {}
                Err(e) => p.error = Some(i.error(&e)),
            }
            Vec::new()
        }
        (Overlay::Widget(p), result) => {
            p.busy = None;
            match result {
                Ok(AdminReply::Code(code)) => {
                    p.code = Some(code);
                    p.check = None;
                    p.scroll = 0;
                }
                Ok(AdminReply::Check(check)) => {
                    p.message = Some(i.t(if check.passed() {
                        "widget-check-passed"
                    } else {
                        "widget-check-failed"
                    }));
                    p.check = Some(check);
                }
                Ok(_) => {}
                Err(e) => p.message = Some(i.error(&e)),
            }
            Vec::new()
        }
        (Overlay::Form(form), Err(ServiceError::Invalid(invalid))) => {
            form.busy = None;
            if let Some(n) = form.fields.iter().position(|f| f.field == invalid.field) {
                form.focus = n;
                form.refused = Some((invalid.field, i.problem(&invalid.problem)));
            } else {
                form.error = Some(i.invalid(&invalid));
            }
            Vec::new()
        }
        (Overlay::Form(form), Err(e)) => {
            form.busy = None;
            form.error = Some(i.error(&e));
            Vec::new()
        }
        (Overlay::Confirm(_), Err(e)) => {
            state.admin = None;
            state.notice = Some(i.error(&e));
            Vec::new()
        }
        (Overlay::Form(_) | Overlay::Confirm(_), Ok(reply)) => {
            state.admin = None;
            state.notice = Some(saved_notice(&i, &reply));
            match reply {
                AdminReply::Org(_) => super::update::refresh_tree(state),
                _ => super::update::reload_accounts(state),
            }
        }
    }
}

fn saved_notice(i: &crate::i18n::I18n, reply: &AdminReply) -> String {
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
                Some(MailOutcome::Sent) => format!(
                    "{base}. {}",
                    i.tr("cli-invitation-sent", &[("email", a.email.as_str().into())])
                ),
                Some(MailOutcome::Failed { detail }) => format!(
                    "{base}. {}",
                    i.tr(
                        "tui-invitation-failed",
                        &[("detail", detail.as_str().into())]
                    )
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
