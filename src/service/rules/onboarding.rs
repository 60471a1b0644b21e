//! Importing the onboarding form into a subtree, and exporting it back.
//!
//! An import reads every row, matches organisations (ОГРН, then ИНН, then
//! name, inside the importer's subtree; otherwise they are created under
//! the chosen organisation) and people (by e-mail: several rows of one
//! person add up their roles and categories), and checks everything the
//! administration forms check. A file with any problem writes nothing; a
//! clean file lands in one transaction, and importing it again changes
//! nothing.

use std::collections::HashMap;

use super::{Database, Rules, administered, live_org};
use crate::domain::Actor;
use crate::domain::mail::MailKind;
use crate::domain::onboarding::{
    Column, FormRow, ImportReport, RowOutcome, RowProblem, RowState, fold, guess_kind,
    org_name_key, parse_role, role_label, split_full_name,
};
use crate::domain::values::{Email, Inn, Ogrn, SiteUrl};
use crate::domain::{
    AccountDraft, AccountId, AccountStatus, CategoryId, Invalid, OrgId, OrgPath, Problem, Roles,
};
use crate::service::ServiceResult;
use crate::store::records::{NewAccount, NewOrg};
use crate::store::{Reader, StoreResult, Writer, parse_account_cursor};

/// An organisation of the subtree, as matching needs it.
struct KnownOrg {
    id: OrgId,
    ogrn: Option<String>,
    inn: Option<String>,
    /// Its full and short names as keys ([`org_name_key`]).
    name: String,
    short_name: String,
}

fn subtree_orgs(conn: &dyn Reader, root: &OrgPath) -> StoreResult<Vec<KnownOrg>> {
    Ok(conn
        .subtree_orgs(root)?
        .into_iter()
        .map(|o| KnownOrg {
            id: o.id,
            ogrn: o.ogrn,
            inn: o.inn,
            name: org_name_key(&o.name),
            short_name: org_name_key(&o.short_name),
        })
        .collect())
}

/// Where a row's organisation comes from.
#[derive(Debug, Clone, PartialEq)]
enum OrgRef {
    Existing(OrgId),
    /// The n-th organisation to create.
    New(usize),
}

struct NewOrgPlan {
    name: String,
    ogrn: Option<Ogrn>,
    inn: Option<Inn>,
    site: Option<SiteUrl>,
}

/// A person as the file describes them (first row) with what later rows add.
struct Person {
    first_line: u32,
    org: OrgRef,
    draft: AccountDraft,
    categories: Vec<CategoryId>,
    existing: Option<(AccountId, Roles)>,
}

/// Everything a clean file will write.
struct Plan {
    new_orgs: Vec<NewOrgPlan>,
    people: Vec<Person>,
}

fn problem(line: u32, column: Column, value: &str, problem: Problem) -> RowProblem {
    RowProblem {
        line,
        column,
        value: value.to_string(),
        problem,
    }
}

/// Reads, matches and checks every row; nothing is written.
fn plan(
    conn: &dyn Reader,
    importer: AccountId,
    root: OrgId,
    root_path: &OrgPath,
    rows: &[FormRow],
    report: &mut ImportReport,
) -> StoreResult<Plan> {
    let known = subtree_orgs(conn, root_path)?;
    let classifier: HashMap<String, CategoryId> = conn
        .categories()?
        .into_iter()
        .map(|c| (fold(&c.name), c.id))
        .collect();
    let mut plan = Plan {
        new_orgs: Vec::new(),
        people: Vec::new(),
    };
    // Organisations to create, by their key in the file.
    let mut created: HashMap<String, usize> = HashMap::new();
    let mut by_email: HashMap<String, usize> = HashMap::new();
    let mut matched: std::collections::HashSet<OrgId> = Default::default();

    for row in rows.iter().filter(|r| !r.is_blank()) {
        let line = row.line;
        let before = report.problems.len();
        let mut bad = |column: Column, p: Problem| {
            report
                .problems
                .push(problem(line, column, row.get(column), p));
        };
        // The organisation.
        let name = row
            .organisation
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() {
            bad(Column::Organisation, Problem::Empty);
        }
        let ogrn = match row.ogrn.trim() {
            "" => None,
            raw => Ogrn::parse(raw)
                .map_err(|e| bad(Column::Ogrn, e.problem))
                .ok(),
        };
        let inn = match row.inn.trim() {
            "" => None,
            raw => Inn::parse(raw)
                .map_err(|e| bad(Column::Inn, e.problem))
                .ok(),
        };
        let site = match row.site.trim() {
            "" => None,
            raw => SiteUrl::parse(raw)
                .map_err(|e| bad(Column::Site, e.problem))
                .ok(),
        };
        // The person.
        let names = split_full_name(&row.full_name);
        if names.is_none() {
            bad(
                Column::FullName,
                if row.full_name.trim().is_empty() {
                    Problem::Empty
                } else {
                    Problem::NeedSurnameAndName
                },
            );
        }
        let role = parse_role(&row.role);
        if role.is_none() {
            bad(
                Column::Role,
                if row.role.trim().is_empty() {
                    Problem::Empty
                } else {
                    Problem::Unknown {
                        value: row.role.trim().to_string(),
                    }
                },
            );
        }
        let category = match row.category.trim() {
            "" => None,
            raw => match classifier.get(&fold(raw)) {
                Some(id) => Some(*id),
                None => {
                    bad(
                        Column::Category,
                        Problem::Unknown {
                            value: raw.to_string(),
                        },
                    );
                    None
                }
            },
        };
        let (surname, first_name, patronymic) = names.unwrap_or_default();
        let draft = AccountDraft {
            surname,
            first_name,
            patronymic,
            email: row.email.clone(),
            phone: row.phone.clone(),
            position: row.position.clone(),
            roles: role.map(|r| Roles::empty().with(r)).unwrap_or_default(),
        };
        // Field checks of the account form, each at its column.
        for Invalid { field, problem: p } in draft.problems() {
            let column = match field {
                crate::domain::Field::Email => Column::Email,
                crate::domain::Field::Phone => Column::Phone,
                crate::domain::Field::Position => Column::Position,
                crate::domain::Field::Roles => continue,
                _ => Column::FullName,
            };
            if !(column == Column::FullName
                && report.problems[before..]
                    .iter()
                    .any(|q| q.column == Column::FullName))
            {
                report
                    .problems
                    .push(problem(line, column, row.get(column), p));
            }
        }
        if report.problems.len() > before {
            report.rows.push(RowOutcome {
                line,
                state: RowState::Wrong,
            });
            continue;
        }

        // Match the organisation inside the subtree, else plan it.
        let name_key = org_name_key(&name);
        let found = known.iter().find(|k| {
            ogrn.as_ref()
                .is_some_and(|o| k.ogrn.as_deref() == Some(o.as_str()))
                || inn
                    .as_ref()
                    .is_some_and(|i| k.inn.as_deref() == Some(i.as_str()))
                || (ogrn.is_none()
                    && inn.is_none()
                    && (k.name == name_key || k.short_name == name_key))
        });
        let org = match found {
            Some(k) => {
                matched.insert(k.id);
                OrgRef::Existing(k.id)
            }
            None => {
                let key = ogrn
                    .as_ref()
                    .map(|o| format!("ogrn:{o}"))
                    .or_else(|| inn.as_ref().map(|i| format!("inn:{i}")))
                    .unwrap_or_else(|| format!("name:{name_key}"));
                let n = *created.entry(key).or_insert_with(|| {
                    plan.new_orgs.push(NewOrgPlan {
                        name: name.clone(),
                        ogrn: ogrn.clone(),
                        inn: inn.clone(),
                        site: site.clone(),
                    });
                    plan.new_orgs.len() - 1
                });
                OrgRef::New(n)
            }
        };

        // The person: by e-mail, in the file and on the platform.
        let Ok(email) = Email::parse(&row.email) else {
            continue;
        };
        let key = email.key();
        if let Some(&p) = by_email.get(&key) {
            let person = &mut plan.people[p];
            let same = fold(&format!(
                "{} {} {}",
                person.draft.surname, person.draft.first_name, person.draft.patronymic
            )) == fold(&format!(
                "{} {} {}",
                draft.surname, draft.first_name, draft.patronymic
            ));
            if !same || person.org != org {
                report.problems.push(problem(
                    line,
                    Column::Email,
                    &row.email,
                    Problem::DuplicateInFile {
                        line: person.first_line,
                    },
                ));
                report.rows.push(RowOutcome {
                    line,
                    state: RowState::Wrong,
                });
                continue;
            }
            person.draft.roles = Roles::from_bits(person.draft.roles.bits() | draft.roles.bits());
            person.categories.extend(category);
            report.rows.push(RowOutcome {
                line,
                state: RowState::Merged,
            });
            continue;
        }
        let existing = conn.account_by_email(&email)?;
        let existing = match existing {
            Some(a) if OrgRef::Existing(a.org) == org && a.status != AccountStatus::Archived => {
                Some((a.id, a.roles))
            }
            Some(a) => {
                report.problems.push(problem(
                    line,
                    Column::Email,
                    &row.email,
                    Problem::Taken {
                        archived: a.status == AccountStatus::Archived,
                    },
                ));
                report.rows.push(RowOutcome {
                    line,
                    state: RowState::Wrong,
                });
                continue;
            }
            None => None,
        };
        report.rows.push(RowOutcome {
            line,
            state: if existing.is_some() {
                RowState::Merged
            } else {
                RowState::Ready
            },
        });
        by_email.insert(key, plan.people.len());
        plan.people.push(Person {
            first_line: line,
            org,
            draft,
            categories: category.into_iter().collect(),
            existing,
        });
    }
    // Nobody raises their own roles, by a file either.
    for person in &plan.people {
        if let Some((id, roles)) = person.existing
            && id == importer
            && roles.bits() | person.draft.roles.bits() != roles.bits()
        {
            let row = rows.iter().find(|r| r.line == person.first_line);
            report.problems.push(problem(
                person.first_line,
                Column::Role,
                row.map(|r| r.role.as_str()).unwrap_or_default(),
                Problem::OwnRoles,
            ));
            if let Some(outcome) = report.rows.iter_mut().find(|o| o.line == person.first_line) {
                outcome.state = RowState::Wrong;
            }
        }
    }
    report.orgs_created = plan.new_orgs.len() as u32;
    report.orgs_matched = matched.len() as u32;
    report.accounts_created = plan.people.iter().filter(|p| p.existing.is_none()).count() as u32;
    report.accounts_merged = plan.people.iter().filter(|p| p.existing.is_some()).count() as u32;
    let _ = root;
    Ok(plan)
}

/// Checks `rows` without writing anything (a dry run).
pub(super) fn check(
    conn: &dyn Reader,
    importer: AccountId,
    root: OrgId,
    root_path: &OrgPath,
    rows: &[FormRow],
) -> ServiceResult<ImportReport> {
    let mut report = ImportReport::default();
    plan(conn, importer, root, root_path, rows, &mut report)?;
    Ok(report)
}

/// Checks `rows` and, when clean, writes them; returns the invitations to
/// send once the transaction has committed.
pub(super) fn import(
    tx: &dyn Writer,
    importer: AccountId,
    root: OrgId,
    root_path: &OrgPath,
    rows: &[FormRow],
    now: i64,
) -> ServiceResult<(ImportReport, Vec<i64>)> {
    let mut report = ImportReport::default();
    let plan = plan(tx, importer, root, root_path, rows, &mut report)?;
    if !report.problems.is_empty() {
        return Ok((report, Vec::new()));
    }
    let mut org_ids = Vec::with_capacity(plan.new_orgs.len());
    for o in &plan.new_orgs {
        let id = tx.insert_org(
            &NewOrg {
                parent: Some(root),
                name: o.name.clone(),
                short_name: o.name.clone(),
                kind: guess_kind(&o.name),
                ogrn: o.ogrn.clone(),
                inn: o.inn.clone(),
                site: o.site.clone(),
            },
            now,
        )?;
        super::changes::org_changed(tx, id, now)?;
        org_ids.push(id);
    }
    let mut mails = Vec::new();
    for person in &plan.people {
        let org = match person.org {
            OrgRef::Existing(id) => id,
            OrgRef::New(n) => org_ids[n],
        };
        let id = match person.existing {
            Some((id, roles)) => {
                let all = roles.bits() | person.draft.roles.bits();
                if all != roles.bits() {
                    tx.set_account_roles(id, Roles::from_bits(all))?;
                    super::changes::account_changed(tx, id, now)?;
                }
                id
            }
            None => {
                let valid = person.draft.validate()?;
                let new = NewAccount::from_valid(org, &valid, AccountStatus::New);
                let id = tx.insert_account(&new, now)?;
                mails.push(tx.queue_mail(MailKind::Invitation, id, now)?);
                super::changes::account_changed(tx, id, now)?;
                id
            }
        };
        tx.add_responsibilities(id, &person.categories)?;
    }
    report.written = true;
    Ok((report, mails))
}

/// The subtree's people in the form's columns: one row per role (and per
/// category handled, paired), so that importing the export changes nothing.
pub(super) fn export(conn: &dyn Reader, root: &OrgPath) -> ServiceResult<Vec<FormRow>> {
    let names: HashMap<CategoryId, String> = conn
        .categories()?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut handled: HashMap<AccountId, Vec<CategoryId>> = HashMap::new();
    let mut out = Vec::new();
    for (_, facts) in conn.readiness_facts(root)? {
        let Some(org) = conn.org(facts.org)? else {
            continue;
        };
        for (account, category) in conn.responsibilities(org.id)? {
            handled.entry(account).or_default().push(category);
        }
        let mut after = None;
        loop {
            let (page, next) = conn.accounts_page(org.id, None, after, 500)?;
            for a in page
                .into_iter()
                .filter(|a| a.status != AccountStatus::Archived)
            {
                let roles: Vec<_> = a.roles.iter().collect();
                let cats = handled.get(&a.id).cloned().unwrap_or_default();
                for k in 0..roles.len().max(cats.len()).max(1) {
                    let role = roles.get(k).or(roles.first());
                    out.push(FormRow {
                        line: out.len() as u32 + 1,
                        organisation: org.name.clone(),
                        ogrn: org.ogrn.as_ref().map(|o| o.to_string()).unwrap_or_default(),
                        inn: org.inn.as_ref().map(|i| i.to_string()).unwrap_or_default(),
                        site: org.site.as_ref().map(|s| s.display()).unwrap_or_default(),
                        full_name: a.full_name(),
                        position: a.position.clone(),
                        phone: a
                            .phone
                            .as_ref()
                            .map(|p| p.national().to_string())
                            .unwrap_or_default(),
                        email: a.email.to_string(),
                        role: role.map(|r| role_label(*r).to_string()).unwrap_or_default(),
                        category: cats
                            .get(k)
                            .and_then(|c| names.get(c))
                            .cloned()
                            .unwrap_or_default(),
                    });
                }
            }
            match next.as_deref().and_then(parse_account_cursor) {
                Some(c) => after = Some(c),
                None => break,
            }
        }
    }
    Ok(out)
}

impl<D: Database> Rules<'_, D> {
    pub(crate) async fn import_onboarding(
        &self,
        actor: &Actor,
        org: OrgId,
        rows: &[FormRow],
        dry_run: bool,
    ) -> ServiceResult<ImportReport> {
        let (actor, rows) = (actor.clone(), rows.to_vec());
        if dry_run {
            // Only reading: other writers are not held up while it checks.
            return self
                .read(move |conn, _| {
                    let path = administered(conn, &actor, org)?;
                    live_org(conn, org)?;
                    super::onboarding::check(conn, actor.account, org, &path, &rows)
                })
                .await;
        }
        let (mut report, mails) = self
            .write_or_discard(move |tx, now| {
                let path = administered(tx, &actor, org)?;
                live_org(tx, org)?;
                let (report, mails) =
                    super::onboarding::import(tx, actor.account, org, &path, &rows, now)?;
                // A file with problems: nothing stays.
                let keep = report.written;
                Ok(((report, mails), keep))
            })
            .await?;
        // The invitations are in the store with the accounts: a server's
        // worker sends them after this answer, a command before it exits.
        if self.settings.mail_in_background {
            report.invitations_queued = mails.len() as u32;
            self.nudge_mail_worker();
        } else {
            let (sent, failed) = self.deliver_all_now(mails).await;
            report.invitations_sent = sent;
            report.invitations_failed = failed;
        }
        Ok(report)
    }

    pub(crate) async fn export_onboarding(
        &self,
        actor: &Actor,
        org: OrgId,
    ) -> ServiceResult<Vec<FormRow>> {
        let actor = actor.clone();
        self.read(move |conn, _| {
            let path = administered(conn, &actor, org)?;
            super::onboarding::export(conn, &path)
        })
        .await
    }
}
