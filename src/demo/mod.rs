//! A deterministic, realistic demo dataset: the feedback platform of the
//! town of Svetlogorsk (Kaliningrad oblast) with its administration, five
//! departments and their institutions, their staff, the classifier and a
//! few months of citizens' messages in every stage of processing.
//!
//! - [`build`] fills an empty store in one transaction and says whom to
//!   sign in as
//! - `tree`: organisations, names, ОГРН/ИНН, sites
//! - `staff`, `people`: accounts, Russian names, e-mails, phones
//! - `texts`: the classifier, message templates and answers
//! - `inbox`: messages, their statuses and history
//! - `rng`: the seeded generator (same seed and day ⇒ same store)

mod inbox;
mod people;
mod rng;
mod staff;
mod texts;
mod tree;

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveTime};

use self::inbox::{Inbox, OrgInfo, SubInfo};
use self::people::{position_for, push_mobile_digits};
use self::rng::Rng;
use self::staff::Member;
use self::texts::CLASSIFIER;
use self::tree::{ADMINISTRATION, Dept, SHOWCASE, TOP};
use crate::domain::values::{Email, Phone, SiteUrl};
use crate::domain::{AccountId, AccountStatus, OrgId, Role, Roles};
use crate::store::records::{NewAccount, NewOrg};
use crate::store::{Database, Writer};

/// What to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// Organisations in all, the root, the administration and its five
    /// departments included (fewer than seven is raised to seven).
    pub orgs: u32,
    pub messages: u32,
    pub seed: u64,
    /// The day the data is built around: messages arrive over the 90 days
    /// before it, and "now" is 10:00 that day.
    pub today: NaiveDate,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            orgs: 66,
            messages: 3000,
            seed: 1,
            today: crate::domain::clock::today(),
        }
    }
}

/// What was built, and whom to sign in as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub orgs: u64,
    pub accounts: u64,
    pub messages: u64,
    pub sign_in: Vec<SignInHint>,
}

/// A confirmed account to try a role with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInHint {
    pub role: Role,
    pub email: String,
    /// "Иванова Анна Сергеевна".
    pub name: String,
    /// The organisation's short name.
    pub org_name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the store is not empty")]
    NotEmpty,
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// Generated data the domain refuses: a bug in the generator.
    #[error("generated data is invalid: {0:?}")]
    Invalid(crate::domain::Invalid),
}

/// Reported while building: organisations and accounts once written,
/// messages every 10,000 and at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Orgs(u64),
    Accounts(u64),
    Messages { done: u64, total: u64 },
}

/// Local time of the town: Kaliningrad, UTC+2 all year.
const LOCAL_OFFSET: i64 = 2 * 3600;

/// Unix seconds of `secs` after local midnight of `date`.
fn local_ts(date: NaiveDate, secs: i64) -> i64 {
    date.and_time(NaiveTime::MIN).and_utc().timestamp() + secs - LOCAL_OFFSET
}

/// The local date of Unix seconds `ts`.
fn local_date(ts: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(ts + LOCAL_OFFSET, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

/// Fills an empty store with the demo dataset, all in one transaction: on
/// any error nothing is left behind. Refuses a store that holds anything.
pub fn build<D: Database>(
    store: &D,
    opts: &DemoOptions,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<DemoSummary, DemoError> {
    if store.read(|r| r.org_count())? > 0 {
        return Err(DemoError::NotEmpty);
    }
    store.bulk_write(|w| fill(w, opts, progress))
}

/// An account as written, for the hints and the training marks.
struct Written {
    id: AccountId,
    org: usize,
    roles: Roles,
    status: AccountStatus,
    trained: bool,
    name: String,
    email: String,
    created: i64,
}

fn invalid(e: crate::domain::Invalid) -> DemoError {
    DemoError::Invalid(e)
}

fn fill(
    tx: &dyn Writer,
    opts: &DemoOptions,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<DemoSummary, DemoError> {
    if tx.org_count()? > 0 {
        return Err(DemoError::NotEmpty);
    }
    let seed = Rng::new(opts.seed);
    let today = opts.today;
    let days_ago = |d: u64| {
        today
            .checked_sub_days(chrono::Days::new(d))
            .unwrap_or(today)
    };

    // Organisations.
    let mut rng = seed.fork(1);
    let plan = tree::plan(opts.orgs, &mut rng);
    let mut ids: Vec<OrgId> = Vec::with_capacity(plan.len());
    let mut created: Vec<i64> = Vec::with_capacity(plan.len());
    for (i, org) in plan.iter().enumerate() {
        let back = match i {
            0 => 420,
            _ if i < TOP => u64::from(rng.range(380, 400)),
            _ => u64::from(rng.range(150, 360)),
        };
        let at = local_ts(days_ago(back), i64::from(rng.range(9 * 3600, 17 * 3600)));
        let site = match &org.host {
            Some(host) => Some(SiteUrl::parse(&format!("https://{host}/")).map_err(invalid)?),
            None => None,
        };
        let id = tx.insert_org(
            &NewOrg {
                parent: org.parent.map(|p| ids[p]),
                name: org.name.clone(),
                short_name: org.short_name.clone(),
                kind: org.kind,
                ogrn: org.ogrn.clone(),
                inn: org.inn.clone(),
                site: site.clone(),
            },
            at,
        )?;
        let showcase = org.short_name == SHOWCASE;
        let ready = i < TOP || showcase || rng.chance(0.85);
        let approved = i > 0 && (showcase || rng.chance(0.7));
        if ready {
            tx.set_org_ready(id, true)?;
        }
        if approved {
            tx.set_widget_site_approved(id, true)?;
        }
        // Most organisations with a site have made their widget, and most
        // of those have it in place (without drawing on the generator, so
        // the rest of the data stays as it was).
        if let Some(site) = site.as_ref().filter(|_| showcase || i % 10 < 8) {
            let found = showcase || i % 7 < 5;
            let variant = crate::domain::WidgetVariant::for_kind(org.kind);
            let generated = at + 20 * 86_400;
            tx.set_widget(id, variant, variant.default_banner(), generated)?;
            tx.set_widget_found(id, site, found, generated + 86_400)?;
        }
        ids.push(id);
        created.push(at);
    }
    progress(Progress::Orgs(plan.len() as u64));

    // Accounts.
    let mut rng = seed.fork(2);
    let mut emails: HashSet<String> = HashSet::new();
    let mut phones: HashSet<String> = HashSet::new();
    let mut written: Vec<Written> = Vec::new();
    for (i, org) in plan.iter().enumerate() {
        for Member {
            person,
            position,
            roles,
            status,
        } in staff::members(org, &mut rng)
        {
            let base = person.mailbox();
            let mut address = format!("{base}@{}", org.mail_domain);
            let mut n = 2;
            while emails.contains(&address) {
                address = format!("{base}{n}@{}", org.mail_domain);
                n += 1;
            }
            let email = Email::parse(&address).map_err(invalid)?;
            emails.insert(email.key());
            let phone = if rng.chance(0.95) {
                loop {
                    let mut digits = String::from("+7");
                    push_mobile_digits(&mut rng, &mut digits);
                    if phones.insert(digits.clone()) {
                        break Some(Phone::parse(&digits).map_err(invalid)?);
                    }
                }
            } else {
                None
            };
            let at = created[i] + i64::from(rng.range(86_400, 30 * 86_400));
            let surname = person.surname();
            // Most confirmed people have done the training; a few have not,
            // so the readiness report has something to chase.
            let trained = status == AccountStatus::Confirmed
                && (i < TOP || org.short_name == SHOWCASE || written.len() % 9 != 4);
            let id = tx.insert_account(
                &NewAccount {
                    org: ids[i],
                    surname: surname.clone(),
                    first_name: person.first_name().into(),
                    patronymic: person.patronymic().into(),
                    email: email.clone(),
                    phone,
                    position: position_for(position, person.gender),
                    roles,
                    status,
                    trained,
                },
                at,
            )?;
            let mut name = String::new();
            person.push_full_name(&mut name);
            written.push(Written {
                id,
                org: i,
                roles,
                status,
                trained,
                name,
                email: email.as_str().to_string(),
                created: at,
            });
        }
    }
    let sign_in = hints(&plan, &written);
    for a in &written {
        let hinted = sign_in.iter().any(|h| h.email == a.email);
        if a.status != AccountStatus::New && (hinted || rng.chance(0.9)) {
            let at = a.created + i64::from(rng.range(3600, 5 * 86_400));
            tx.set_trained_at(a.id, at)?;
        }
    }
    progress(Progress::Accounts(written.len() as u64));

    // The classifier.
    let mut subs = Vec::new();
    for (c, cat) in CLASSIFIER.iter().enumerate() {
        let parent = tx.insert_category(None, cat.name, 10)?;
        // Housing and utilities split their deadline into stages, as some regions do.
        if cat.name == "ЖКХ" {
            let stages = crate::domain::Stages {
                moderation: 1,
                execution: 8,
                approval: 1,
            };
            tx.set_category_stages(parent, Some(stages))?;
        }
        for (s, sub) in cat.subs.iter().enumerate() {
            let id = tx.insert_category(Some(parent), sub.name, sub.deadline_days)?;
            subs.push(SubInfo { id, cat: c, sub: s });
        }
    }
    let competent: Vec<usize> = CLASSIFIER
        .iter()
        .map(|cat| match cat.name {
            "Образование" => Dept::Education.plan_index(),
            "Социальная защита" => Dept::Social.plan_index(),
            "Культура" => Dept::Culture.plan_index(),
            "Спорт" => Dept::Sport.plan_index(),
            "ЖКХ" | "Дороги" | "Благоустройство" | "Транспорт" => {
                Dept::Transport.plan_index()
            }
            _ => ADMINISTRATION,
        })
        .collect();

    // Messages.
    let confirmed_with = |org: usize, role: Role| -> Vec<AccountId> {
        written
            .iter()
            .filter(|a| a.org == org && a.status == AccountStatus::Confirmed && a.roles.has(role))
            .map(|a| a.id)
            .collect()
    };
    let infos: Vec<OrgInfo> = plan
        .iter()
        .enumerate()
        .map(|(i, org)| OrgInfo {
            id: ids[i],
            short_name: org.short_name.clone(),
            number: org.number,
            profile: org.profile,
            weight: org.weight,
            coordinators: confirmed_with(i, Role::Coordinator),
            executors: confirmed_with(i, Role::Executor),
            leaders: confirmed_with(i, Role::Leader),
        })
        .collect();
    let moderators = confirmed_with(0, Role::Curator);
    let inbox = Inbox {
        orgs: &infos,
        subs: &subs,
        moderators: &moderators,
        competent: &competent,
        today,
        total: opts.messages,
    };
    let messages = inbox.write(tx, &mut seed.fork(4), progress)?;
    tx.fill_answer_times()?;
    Ok(DemoSummary {
        orgs: plan.len() as u64,
        accounts: written.len() as u64,
        messages,
        sign_in,
    })
}

/// One confirmed account per role: admin, coordinator, executor and leader
/// of the showcase school (one cabinet for a whole walkthrough), a curator
/// of the administration and a platform curator. Among several, the one
/// with the fewest other roles is taken, so each hint shows its role alone.
fn hints(plan: &[tree::OrgPlan], written: &[Written]) -> Vec<SignInHint> {
    let showcase = plan
        .iter()
        .position(|o| o.short_name == SHOWCASE)
        .or_else(|| (plan.len() > TOP).then_some(TOP))
        .unwrap_or(ADMINISTRATION);
    let best = |role: Role, org: Option<usize>| {
        written
            .iter()
            .filter(|a| {
                a.trained
                    && a.roles.has(role)
                    && org.is_none_or(|o| a.org == o)
                    && (org.is_some() || a.org != 0)
            })
            .min_by_key(|a| (a.roles.iter().count(), a.id.0))
    };
    let hint = |role: Role, a: &Written| SignInHint {
        role,
        email: a.email.clone(),
        name: a.name.clone(),
        org_name: plan[a.org].short_name.clone(),
    };
    let mut out = Vec::new();
    for role in [Role::Admin, Role::Coordinator, Role::Executor, Role::Leader] {
        if let Some(a) = best(role, Some(showcase)).or_else(|| best(role, None)) {
            out.push(hint(role, a));
        }
    }
    if let Some(a) = best(Role::Curator, Some(ADMINISTRATION)).or_else(|| best(Role::Curator, None))
    {
        out.push(hint(Role::Curator, a));
    }
    if let Some(a) = best(Role::Curator, Some(0)) {
        out.push(hint(Role::Curator, a));
    }
    out
}

#[cfg(test)]
mod tests;
