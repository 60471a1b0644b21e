//! The account and organisation forms: each field checked by the domain as it
//! is typed, the service's refusals put at their field, roles and categories
//! as checkboxes.

use super::*;

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

pub(super) fn selected_account(state: &State) -> Option<&Account> {
    state.accounts.items.get(state.accounts.list.selected)
}

pub(super) fn selected_org(state: &State) -> Option<(OrgId, String, OrgKind)> {
    state
        .tree
        .rows
        .iter()
        .find(|r| Some(r.node.id) == state.selected_org)
        .or_else(|| state.tree.selected())
        .map(|r| (r.node.id, r.node.short_name.clone(), r.node.kind))
}

/// Opens an account form and asks for its category checkboxes.
pub(super) fn open_account_form(
    state: &mut State,
    mut form: Form,
    org: OrgId,
    account: Option<AccountId>,
) -> Vec<Effect> {
    let (req, effects) = send(state, AdminCall::LoadCategories { org, account });
    form.categories_req = Some(req);
    state.open(Layer::Admin(Overlay::Form(Box::new(form))));
    effects
}

pub(super) fn form_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let command = state.keymap.command_in(KeyLayer::Form, &key);
    let Some(Overlay::Form(form)) = state.admin_mut() else {
        return Vec::new();
    };
    let n = form.fields.len();
    let leave = |form: &mut Form| form.touched[form.focus] = true;
    match command {
        Some(Command::FormCancel) => {
            state.close(LayerKind::Admin);
            return Vec::new();
        }
        Some(Command::FormNext) => {
            leave(form);
            form.focus = (form.focus + 1) % n;
        }
        Some(Command::FormPrev) => {
            leave(form);
            form.focus = (form.focus + n - 1) % n;
        }
        Some(Command::FormSave) if form.busy.is_none() => {
            form.touched.iter_mut().for_each(|t| *t = true);
            if form.problems().is_empty() {
                let call = form.call();
                let (req, effects) = send(state, call);
                if let Some(Overlay::Form(f)) = state.admin_mut() {
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

/// The service's answer to a form: saved (the form closes), or refused (at
/// the field it names, when it names one).
pub(super) fn form_answered(state: &mut State, result: ServiceResult<AdminReply>) -> Vec<Effect> {
    let i = std::sync::Arc::clone(&state.i18n);
    let Some(Overlay::Form(form)) = state.admin_mut() else {
        return Vec::new();
    };
    match result {
        Err(ServiceError::Invalid(invalid)) => {
            form.busy = None;
            if let Some(n) = form.fields.iter().position(|f| f.field == invalid.field) {
                form.focus = n;
                form.refused = Some((invalid.field, i.problem(&invalid.problem)));
            } else {
                form.error = Some(i.invalid(&invalid));
            }
            Vec::new()
        }
        Err(e) => {
            form.busy = None;
            form.error = Some(i.error(&e));
            Vec::new()
        }
        Ok(reply) => saved(state, reply),
    }
}

/// A form or a confirmation went through: it closes and the pane shows it.
pub(super) fn saved(state: &mut State, reply: AdminReply) -> Vec<Effect> {
    state.close(LayerKind::Admin);
    state.notice = Some(saved_notice(&state.i18n, &reply));
    match reply {
        AdminReply::Org(_) => crate::tui::update::refresh_tree(state),
        _ => crate::tui::update::refresh_accounts(state),
    }
}
