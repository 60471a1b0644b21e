//! Rows into domain values, written once for every store: each store
//! reads its own cells ([`Cells`]: SQLite keeps dates as text and flags as
//! integers, PostgreSQL as `date` and `boolean`), and both select the
//! columns in the order the lists here give.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::OrgPath;
use crate::domain::mail::{MailKind, MailState, MailTo, QueuedMail};
use crate::domain::message::summary;
use crate::domain::readiness::OrgFacts;
use crate::domain::values::{Email, Inn, Ogrn, Phone, SiteUrl};
use crate::domain::{
    Account, AccountId, AccountStatus, Category, CategoryId, HistoryEntry, Message, MessageId,
    MessageKind, MessageRow, MessageSource, MessageStatus, OrgCounts, OrgId, OrgKind, OrgNode,
    Organisation, Roles, Stages, Template, WidgetState, WidgetVariant,
};
use crate::store::records::LifecycleState;
use crate::store::to_time;

/// One row's cells, by position.
pub trait Cells {
    type Error;
    fn int(&self, i: usize) -> Result<i64, Self::Error>;
    fn int_opt(&self, i: usize) -> Result<Option<i64>, Self::Error>;
    fn text(&self, i: usize) -> Result<String, Self::Error>;
    fn text_opt(&self, i: usize) -> Result<Option<String>, Self::Error>;
    fn flag(&self, i: usize) -> Result<bool, Self::Error>;
    fn flag_opt(&self, i: usize) -> Result<Option<bool>, Self::Error>;
    fn date(&self, i: usize) -> Result<NaiveDate, Self::Error>;
    fn date_opt(&self, i: usize) -> Result<Option<NaiveDate>, Self::Error>;
    /// A cell that holds what its column may not.
    fn invalid(&self, i: usize, detail: String) -> Self::Error;
}

/// "Category › Subcategory" for `c` (the message's category) and `pc` (its parent).
pub const CATEGORY_NAME: &str =
    "CASE WHEN pc.name IS NULL THEN coalesce(c.name, '') ELSE pc.name || ' › ' || c.name END";

/// "Surname F. P." of the assignee `a`.
pub const ASSIGNEE_NAME: &str = "CASE WHEN a.id IS NULL THEN NULL ELSE a.surname || ' ' ||
    substr(a.first_name, 1, 1) || '.' || CASE WHEN a.patronymic = '' THEN ''
    ELSE ' ' || substr(a.patronymic, 1, 1) || '.' END END";

/// The category's stages (its own, else its parent's) as three columns.
pub const STAGES: &str = "coalesce(c.stage_moderation, pc.stage_moderation),
    coalesce(c.stage_execution, pc.stage_execution), coalesce(c.stage_approval, pc.stage_approval)";

/// The joins that name a message's organisation, category and assignee.
pub const MESSAGE_JOINS: &str = "JOIN orgs o ON o.id = m.org_id
    LEFT JOIN categories c ON c.id = m.category_id
    LEFT JOIN categories pc ON pc.id = c.parent_id
    LEFT JOIN accounts a ON a.id = m.assignee_id";

/// A stored status code; an unknown one reads as new.
pub fn status(code: i64) -> MessageStatus {
    MessageStatus::from_code(code).unwrap_or(MessageStatus::New)
}

/// The platform's calendar day of a moment (deadlines are its days).
pub fn local_day(secs: i64) -> NaiveDate {
    crate::domain::clock::day_of(to_time(secs))
}

/// Stages from their three columns: all three, or none.
pub fn stages<R: Cells>(r: &R, first: usize) -> Result<Option<Stages>, R::Error> {
    let day =
        |i: usize| -> Result<Option<u32>, R::Error> { Ok(r.int_opt(i)?.map(|d| d.max(0) as u32)) };
    Ok(match (day(first)?, day(first + 1)?, day(first + 2)?) {
        (Some(moderation), Some(execution), Some(approval)) => Some(Stages {
            moderation,
            execution,
            approval,
        }),
        _ => None,
    })
}

fn stage_deadline<R: Cells>(
    r: &R,
    first: usize,
    status: MessageStatus,
    received_at: i64,
) -> Result<Option<NaiveDate>, R::Error> {
    Ok(stages(r, first)?.and_then(|s| s.stage_deadline(status, local_day(received_at))))
}

fn count(n: i64) -> u64 {
    n.max(0) as u64
}

/// After the store's own select of id, parent_id, short_name, kind, live
/// children, new, in work, overdue.
pub fn node<R: Cells>(r: &R) -> Result<OrgNode, R::Error> {
    Ok(OrgNode {
        id: OrgId(r.int(0)?),
        parent: r.int_opt(1)?.map(OrgId),
        short_name: r.text(2)?,
        kind: OrgKind::from_key(&r.text(3)?).unwrap_or(OrgKind::Other),
        child_count: count(r.int(4)?),
        counts: OrgCounts {
            new: count(r.int(5)?),
            in_work: count(r.int(6)?),
            overdue: count(r.int(7)?),
        },
    })
}

pub const ORG_COLUMNS: &str = "id, parent_id, name, short_name, kind, ogrn, inn, site, ready,
    widget_site_approved, archived_at IS NOT NULL, widget_variant, widget_banner,
    widget_generated_at, widget_checked_at, widget_found, readiness_deadline";

pub fn organisation<R: Cells>(r: &R) -> Result<Organisation, R::Error> {
    Ok(Organisation {
        id: OrgId(r.int(0)?),
        parent: r.int_opt(1)?.map(OrgId),
        name: r.text(2)?,
        short_name: r.text(3)?,
        kind: OrgKind::from_key(&r.text(4)?).unwrap_or(OrgKind::Other),
        ogrn: r.text_opt(5)?.and_then(|s| Ogrn::parse(&s).ok()),
        inn: r.text_opt(6)?.and_then(|s| Inn::parse(&s).ok()),
        site: r.text_opt(7)?.and_then(|s| SiteUrl::parse(&s).ok()),
        ready: r.flag(8)?,
        widget_site_approved: r.flag(9)?,
        archived: r.flag(10)?,
        widget: WidgetState {
            variant: r.text_opt(11)?.and_then(|v| WidgetVariant::parse(&v).ok()),
            banner: r.text_opt(12)?,
            generated_at: r.int_opt(13)?.map(to_time),
            checked_at: r.int_opt(14)?.map(to_time),
            found: r.flag_opt(15)?,
        },
        readiness_deadline: r.date_opt(16)?,
    })
}

pub const ACCOUNT_COLUMNS: &str = "id, org_id, surname, first_name, patronymic, email, phone,
    position, roles, status, invited_at, invitations_sent, confirmed_at, trained_at";

pub fn account<R: Cells>(r: &R) -> Result<Account, R::Error> {
    let email = r.text(5)?;
    Ok(Account {
        id: AccountId(r.int(0)?),
        org: OrgId(r.int(1)?),
        surname: r.text(2)?,
        first_name: r.text(3)?,
        patronymic: r.text(4)?,
        email: Email::parse(&email).map_err(|e| r.invalid(5, e.to_string()))?,
        phone: r.text_opt(6)?.and_then(|p| Phone::parse(&p).ok()),
        position: r.text(7)?,
        roles: Roles::from_bits(r.int(8)? as u8),
        status: AccountStatus::from_key(&r.text(9)?).unwrap_or(AccountStatus::New),
        invited_at: r.int_opt(10)?.map(to_time),
        invitations_sent: r.int(11)?.max(0) as u32,
        confirmed_at: r.int_opt(12)?.map(to_time),
        trained_at: r.int_opt(13)?.map(to_time),
        mail: None,
    })
}

/// A mail of the queue from its columns `id, kind, account_id, state,
/// attempts, at, error, created_at, message_id, ballot_request_id` (from
/// `first` on).
pub fn queued_mail<R: Cells>(r: &R, first: usize) -> Result<QueuedMail, R::Error> {
    let kind = r.text(first + 1)?;
    let state = r.text(first + 3)?;
    Ok(QueuedMail {
        id: r.int(first)?,
        kind: MailKind::from_key(&kind).ok_or_else(|| r.invalid(first + 1, kind))?,
        to: match (
            r.int_opt(first + 2)?,
            r.int_opt(first + 8)?,
            r.int_opt(first + 9)?,
        ) {
            (Some(account), _, _) => MailTo::Account(AccountId(account)),
            (None, Some(message), _) => MailTo::Citizen(MessageId(message)),
            (None, None, Some(request)) => MailTo::Voter(request),
            (None, None, None) => return Err(r.invalid(first + 2, "no recipient".into())),
        },
        state: MailState::from_key(&state).ok_or_else(|| r.invalid(first + 3, state))?,
        attempts: r.int(first + 4)?.max(0) as u32,
        at: to_time(r.int(first + 5)?),
        error: r.text_opt(first + 6)?,
        queued_at: to_time(r.int(first + 7)?),
    })
}

/// A queue row's columns (with [`MESSAGE_JOINS`]).
pub fn row_columns() -> String {
    format!(
        "m.id, m.org_id, m.received_at, {CATEGORY_NAME}, m.status, m.deadline,
         m.assignee_id, {ASSIGNEE_NAME}, substr(m.text, 1, 400), m.version, o.short_name, {STAGES}"
    )
}

/// The columns [`period_fact`] reads, over `orgs o JOIN messages m` with
/// the category `c` and its parent `pc`.
pub const PERIOD_COLUMNS: &str = "m.id, m.org_id, o.short_name, coalesce(pc.name, c.name, ''),
    m.status, m.received_at, m.deadline, m.answered_at, m.answered_on_time, o.path";

/// The tables behind [`PERIOD_COLUMNS`], and the conditions but the bounds' values.
pub const PERIOD_FROM: &str = "orgs o JOIN messages m ON m.org_id = o.id
    LEFT JOIN categories c ON c.id = m.category_id LEFT JOIN categories pc ON pc.id = c.parent_id";

pub fn period_fact<R: Cells>(r: &R) -> Result<crate::store::records::PeriodFact, R::Error> {
    Ok(crate::store::records::PeriodFact {
        id: r.int(0)?,
        org: OrgId(r.int(1)?),
        org_name: r.text(2)?,
        category: r.text(3)?,
        status: status(r.int(4)?),
        received_at: r.int(5)?,
        deadline: r.date(6)?,
        answered_at: r.int_opt(7)?,
        answered_on_time: r.flag(8)?,
        path: r.text(9)?,
    })
}

pub fn message_row<R: Cells>(r: &R) -> Result<MessageRow, R::Error> {
    let received_at = r.int(2)?;
    let state = status(r.int(4)?);
    Ok(MessageRow {
        id: MessageId(r.int(0)?),
        org: OrgId(r.int(1)?),
        received_at: to_time(received_at),
        category: r.text(3)?,
        status: state,
        stage_deadline: stage_deadline(r, 11, state, received_at)?,
        deadline: r.date(5)?,
        assignee: r.int_opt(6)?.map(AccountId),
        assignee_name: r.text_opt(7)?,
        summary: summary(&r.text(8)?, 160),
        version: r.int(9)?,
        org_name: r.text(10)?,
    })
}

/// One message's columns (with [`MESSAGE_JOINS`] and `ro`, the
/// organisation a redirect is asked to).
pub fn message_columns() -> String {
    format!(
        "m.id, m.org_id, o.short_name, m.category_id, {CATEGORY_NAME}, m.kind, m.source,
         m.citizen_name, m.citizen_contact, m.text, m.address, m.received_at, m.deadline,
         m.status, m.assignee_id, {ASSIGNEE_NAME}, m.draft, m.answer, m.version,
         m.redirect_org_id, ro.short_name, {STAGES}"
    )
}

/// One message, its history still empty.
pub fn message<R: Cells>(r: &R) -> Result<Message, R::Error> {
    let received_at = r.int(11)?;
    let state = status(r.int(13)?);
    Ok(Message {
        id: MessageId(r.int(0)?),
        org: OrgId(r.int(1)?),
        org_name: r.text(2)?,
        category: r.int_opt(3)?.map(CategoryId),
        category_name: r.text(4)?,
        kind: MessageKind::from_key(&r.text(5)?).unwrap_or(MessageKind::Message),
        source: MessageSource::from_key(&r.text(6)?).unwrap_or(MessageSource::Other),
        citizen_name: r.text(7)?,
        citizen_contact: r.text(8)?,
        text: r.text(9)?,
        address: r.text_opt(10)?,
        received_at: to_time(received_at),
        deadline: r.date(12)?,
        stage_deadline: stage_deadline(r, 21, state, received_at)?,
        status: state,
        assignee: r.int_opt(14)?.map(AccountId),
        assignee_name: r.text_opt(15)?,
        draft: r.text_opt(16)?,
        answer: r.text_opt(17)?,
        version: r.int(18)?,
        redirect_to: r.int_opt(19)?.map(OrgId),
        redirect_to_name: r.text_opt(20)?,
        history: Vec::new(),
        history_earlier: 0,
        links: Vec::new(),
    })
}

/// A history line's columns (`h`, its actor `a`, with [`HISTORY_JOINS`]).
pub const HISTORY_COLUMNS: &str =
    "h.at, h.actor_id, coalesce(a.surname || ' ' || a.first_name, ''),
    h.action, h.from_status, h.to_status, h.comment,
    coalesce(s.surname || ' ' || substr(s.first_name, 1, 1) || '.' ||
        CASE WHEN s.patronymic = '' THEN '' ELSE ' ' || substr(s.patronymic, 1, 1) || '.' END,
        so.short_name,
        CASE WHEN h.action IN ('close', 'duplicate', 'link', 'unlink')
            THEN CAST(h.subject_id AS TEXT) END), h.id";

/// The joins that name a history line's actor and subject: an executor
/// for an assignment, an organisation for a redirect (a message, by its
/// number, for a duplicate or a link).
pub const HISTORY_JOINS: &str = "LEFT JOIN accounts a ON a.id = h.actor_id
    LEFT JOIN accounts s ON s.id = h.subject_id AND h.action = 'assign'
    LEFT JOIN orgs so ON so.id = h.subject_id
        AND h.action IN ('ask-redirect', 'approve-redirect', 'decline-redirect')";

pub fn history_entry<R: Cells>(r: &R) -> Result<HistoryEntry, R::Error> {
    Ok(HistoryEntry {
        at: to_time(r.int(0)?),
        actor: r.int_opt(1)?.map(AccountId),
        actor_name: r.text(2)?,
        action: r.text(3)?,
        from_status: r.int_opt(4)?.map(status),
        to_status: r.int_opt(5)?.map(status),
        comment: r.text_opt(6)?,
        subject: r.text_opt(7)?,
        id: r.int(8)?,
    })
}

pub const LIFECYCLE_COLUMNS: &str = "org_id, status, assignee_id, draft, answer, version,
    prev_status, redirect_org_id, citizen_contact";

pub fn lifecycle_state<R: Cells>(r: &R) -> Result<LifecycleState, R::Error> {
    Ok(LifecycleState {
        org: OrgId(r.int(0)?),
        status: status(r.int(1)?),
        assignee: r.int_opt(2)?.map(AccountId),
        draft: r.text_opt(3)?,
        answer: r.text_opt(4)?,
        version: r.int(5)?,
        prev_status: r.int_opt(6)?.map(status),
        redirect_org: r.int_opt(7)?.map(OrgId),
        citizen_contact: r.text(8)?,
    })
}

pub const CATEGORY_COLUMNS: &str =
    "id, parent_id, name, deadline_days, stage_moderation, stage_execution, stage_approval";

pub fn category<R: Cells>(r: &R) -> Result<Category, R::Error> {
    Ok(Category {
        id: CategoryId(r.int(0)?),
        parent: r.int_opt(1)?.map(CategoryId),
        name: r.text(2)?,
        deadline_days: r.int(3)?.max(0) as u32,
        stages: stages(r, 4)?,
    })
}

pub const TEMPLATE_COLUMNS: &str = "id, org_id, category_id, title, body";

pub fn template<R: Cells>(r: &R) -> Result<Template, R::Error> {
    Ok(Template {
        id: r.int(0)?,
        org: OrgId(r.int(1)?),
        category: r.int_opt(2)?.map(CategoryId),
        title: r.text(3)?,
        body: r.text(4)?,
    })
}

/// The facts depth-first from `root`, each with its depth below it;
/// `children` lists each parent's children with their sort keys.
pub fn in_tree_order(
    root: &OrgPath,
    mut orgs: HashMap<i64, OrgFacts>,
    mut children: HashMap<Option<i64>, Vec<(String, i64)>>,
) -> Vec<(u32, OrgFacts)> {
    for list in children.values_mut() {
        list.sort();
    }
    // Without recursion: trees may be deep.
    let mut out = Vec::with_capacity(orgs.len());
    let mut stack: Vec<(u32, i64)> = root.ids().last().map(|r| (0, r.0)).into_iter().collect();
    while let Some((depth, id)) = stack.pop() {
        if let Some(f) = orgs.remove(&id) {
            out.push((depth, f));
        }
        if let Some(kids) = children.get(&Some(id)) {
            stack.extend(kids.iter().rev().map(|(_, k)| (depth + 1, *k)));
        }
    }
    out
}
