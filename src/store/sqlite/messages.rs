//! Messages: queue pages (keyset, newest first), counts, one message with
//! its history, and inserts.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, ToSql, params};

use super::plan::{page_in_window, walk_newest};
use super::search::Scope;
use crate::domain::{
    AccountId, HISTORY_PAGE, HistoryPage, Message, MessageId, MessageRow, MessageStatus, OrgId,
};
use crate::store::keys::{in_list, split_page};
use crate::store::records::{Figures, Filter, LifecycleState, NewHistory, NewMessage};
use crate::store::rows::{
    self, HISTORY_COLUMNS, HISTORY_JOINS, LIFECYCLE_COLUMNS, MESSAGE_JOINS, history_entry, message,
    message_columns, message_row, row_columns, status,
};

/// Open statuses' codes, matching the partial index `messages_open_by_deadline`.
const OPEN: &str = "0, 1, 2, 3, 4";

pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(super) type Args = Vec<(&'static str, Box<dyn ToSql>)>;

/// How a subtree's rows are met (see [`super::plan`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Via {
    /// Each organisation's indexes are looked up.
    Indexes,
    /// Rows are met in id order and the subtree is a filter on them.
    Walk,
}

/// The WHERE conditions of a filter (without paging), and their arguments.
pub(super) fn conditions(f: &Filter, via: Via) -> (String, Args) {
    let mut sql = String::new();
    let mut args: Args = Vec::new();
    match &f.subtree {
        Some((from, to)) => {
            if via == Via::Walk {
                // Unary `+`: not through the (org_id, id) index. Met row
                // by row, a subtree holding most of the tree is cheaper
                // told by the few organisations outside it.
                sql += "+m.org_id NOT IN (SELECT id FROM orgs WHERE path < :from
                                          UNION ALL SELECT id FROM orgs WHERE path >= :to)";
            } else {
                sql += "m.org_id IN (SELECT id FROM orgs WHERE path >= :from AND path < :to)";
            }
            args.push((":from", Box::new(from.clone())));
            args.push((":to", Box::new(to.clone())));
        }
        None => {
            sql += "m.org_id = :org";
            args.push((":org", Box::new(f.org)));
        }
    }
    if f.unassigned {
        sql += " AND m.assignee_id IS NULL";
    }
    if let Some(day) = f.due_by {
        sql += &format!(" AND m.status IN ({OPEN}) AND m.deadline <= :due_by");
        args.push((":due_by", Box::new(iso(day))));
    }
    if let Some(source) = f.source {
        sql += " AND m.source = :source";
        args.push((":source", Box::new(source.key())));
    }
    if !f.statuses.is_empty() {
        // The shorter list: "all but moderation" as NOT IN (0) lets the
        // (org_id, id) index give the order without sorting the org's rows.
        let others: Vec<i64> = MessageStatus::ALL
            .iter()
            .filter(|s| !f.statuses.contains(s))
            .map(|s| s.code())
            .collect();
        if others.len() < f.statuses.len() {
            sql += &format!(" AND m.status NOT IN ({})", in_list(others));
        } else {
            sql += &format!(
                " AND m.status IN ({})",
                in_list(f.statuses.iter().map(|s| s.code()))
            );
        }
    }
    if !f.categories.is_empty() {
        sql += &format!(
            " AND m.category_id IN ({})",
            in_list(f.categories.iter().map(|c| c.0))
        );
    }
    if let Some(contact) = &f.citizen_contact {
        sql += " AND m.citizen_contact = :contact";
        args.push((":contact", Box::new(contact.clone())));
    }
    if let Some(a) = f.assignee {
        sql += " AND m.assignee_id = :assignee";
        args.push((":assignee", Box::new(a.0)));
    }
    if let Some(today) = f.overdue_before {
        sql += &format!(" AND m.status IN ({OPEN}) AND m.deadline < :today");
        args.push((":today", Box::new(iso(today))));
    }
    if let Some(text) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let number: i64 = number_in(text).unwrap_or(-1);
        args.push((":number", Box::new(number)));
        match super::search::scoped_query(text, search_scope(f)) {
            Some(query) => {
                sql += " AND (m.id = :number OR m.id IN
                          (SELECT rowid FROM messages_fts WHERE messages_fts MATCH :fts))";
                args.push((":fts", Box::new(query)));
            }
            None => sql += " AND m.id = :number",
        }
    }
    (sql, args)
}

/// Where a filter's words are looked for in the index: its subtree (named
/// by the root, the last organisation of the range's start), else its
/// organisation.
fn search_scope(f: &Filter) -> Scope {
    let root = f.subtree.as_ref().and_then(|(from, _)| {
        from.trim_end_matches('/')
            .rsplit('/')
            .next()
            .and_then(|id| id.parse().ok())
    });
    match root {
        Some(id) => Scope::Tree(id),
        None => Scope::Org(f.org),
    }
}

/// The message number someone typed («104233», «#104233»), if that is what it is.
pub(super) fn number_in(text: &str) -> Option<i64> {
    text.trim().trim_start_matches('#').parse().ok()
}

/// How many messages a filter finds (paging ignored).
pub fn count(conn: &Connection, f: &Filter) -> rusqlite::Result<u64> {
    let (conditions, args) = conditions(f, Via::Indexes);
    let sql = format!("SELECT count(*) FROM messages m WHERE {conditions}");
    let params: Vec<(&str, &dyn ToSql)> = args.iter().map(|(k, v)| (*k, v.as_ref())).collect();
    conn.prepare_cached(&sql)?
        .query_row(params.as_slice(), |r| r.get::<_, i64>(0))
        .map(|n| n.max(0) as u64)
}

/// What `f` finds, per status.
pub fn count_by_status(
    conn: &Connection,
    f: &Filter,
) -> rusqlite::Result<Vec<(MessageStatus, u64)>> {
    let (conditions, args) = conditions(f, Via::Indexes);
    let sql =
        format!("SELECT m.status, count(*) FROM messages m WHERE {conditions} GROUP BY m.status");
    let params: Vec<(&str, &dyn ToSql)> = args.iter().map(|(k, v)| (*k, v.as_ref())).collect();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params.as_slice(), |r| {
        Ok((status(r.get(0)?), r.get::<_, i64>(1)? as u64))
    })?;
    rows.collect()
}

pub fn page(conn: &Connection, f: &Filter) -> rusqlite::Result<(Vec<MessageRow>, Option<String>)> {
    if let Some(found) = super::search::page_by_words(conn, f)? {
        return Ok(found);
    }
    if walk_newest(conn, f)? {
        return page_by(conn, f, Via::Walk, None);
    }
    if let Some(found) = page_in_window(conn, f, super::plan::WALK_MAX_ROWS)? {
        return Ok(found);
    }
    page_by(conn, f, Via::Indexes, None)
}

/// `via`: see [`conditions`]; `from_id`: only messages from this id up.
pub(super) fn page_by(
    conn: &Connection,
    f: &Filter,
    via: Via,
    from_id: Option<i64>,
) -> rusqlite::Result<(Vec<MessageRow>, Option<String>)> {
    let (conditions, mut args) = conditions(f, via);
    let mut sql = format!(
        "SELECT {} FROM messages m {MESSAGE_JOINS} WHERE {conditions}",
        row_columns()
    );
    if let Some(after) = f.after {
        sql += " AND m.id < :after";
        args.push((":after", Box::new(after)));
    }
    if let Some(from_id) = from_id {
        sql += " AND m.id >= :from_id";
        args.push((":from_id", Box::new(from_id)));
    }
    sql += " ORDER BY m.id DESC LIMIT :limit";
    args.push((":limit", Box::new(i64::from(f.limit) + 1)));
    let params: Vec<(&str, &dyn ToSql)> = args.iter().map(|(k, v)| (*k, v.as_ref())).collect();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params.as_slice(), |r| message_row(r))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(split_page(rows, f.limit, |m| m.id.0.to_string()))
}

/// Messages per status in `org` (all of them, from the kept counts).
pub fn counts(conn: &Connection, org: OrgId) -> rusqlite::Result<Vec<(MessageStatus, u64)>> {
    let mut stmt =
        conn.prepare_cached("SELECT status, n FROM org_status_counts WHERE org_id = ?1 AND n > 0")?;
    let rows = stmt.query_map([org.0], |r| {
        Ok((status(r.get(0)?), r.get::<_, i64>(1)? as u64))
    })?;
    rows.collect()
}

/// Open messages (in work, on approval, redirect asked) per assignee of
/// `org`: the load the executor picker shows.
pub fn open_load(
    conn: &Connection,
    org: OrgId,
) -> rusqlite::Result<std::collections::HashMap<AccountId, u64>> {
    let open = in_list(
        [
            MessageStatus::InWork,
            MessageStatus::OnApproval,
            MessageStatus::RedirectRequested,
        ]
        .map(MessageStatus::code),
    );
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT assignee_id, count(*) FROM messages
         WHERE org_id = ?1 AND status IN ({open}) AND assignee_id IS NOT NULL
         GROUP BY assignee_id"
    ))?;
    let rows = stmt.query_map([org.0], |r| {
        Ok((AccountId(r.get(0)?), r.get::<_, i64>(1)? as u64))
    })?;
    rows.collect()
}

/// Messages per status in `org` assigned to `assignee`.
pub fn counts_for_assignee(
    conn: &Connection,
    org: OrgId,
    assignee: AccountId,
) -> rusqlite::Result<Vec<(MessageStatus, u64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT status, count(*) FROM messages WHERE assignee_id = ?1 AND org_id = ?2 GROUP BY status",
    )?;
    let rows = stmt.query_map([assignee.0, org.0], |r| {
        Ok((status(r.get(0)?), r.get::<_, i64>(1)? as u64))
    })?;
    rows.collect()
}

/// Open messages of `org` past their deadline (of `assignee`, if given);
/// those in moderation only when `with_moderation`.
pub fn overdue_count(
    conn: &Connection,
    org: OrgId,
    assignee: Option<AccountId>,
    today: NaiveDate,
    with_moderation: bool,
) -> rusqlite::Result<u64> {
    let n: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM messages WHERE org_id = ?1 AND status IN ({OPEN})
               AND deadline < ?2 AND (?3 IS NULL OR assignee_id = ?3) AND (?4 OR status != 0)"
        ))?
        .query_row(
            params![org.0, iso(today), assignee.map(|a| a.0), with_moderation],
            |r| r.get(0),
        )?;
    Ok(n as u64)
}

/// The org and assignee of a message: what the permission rules look at.
pub fn owner(
    conn: &Connection,
    id: MessageId,
) -> rusqlite::Result<Option<(OrgId, Option<AccountId>)>> {
    conn.prepare_cached("SELECT org_id, assignee_id FROM messages WHERE id = ?1")?
        .query_row([id.0], |r| {
            Ok((OrgId(r.get(0)?), r.get::<_, Option<i64>>(1)?.map(AccountId)))
        })
        .optional()
}

pub fn get(conn: &Connection, id: MessageId) -> rusqlite::Result<Option<Message>> {
    let sql = format!(
        "SELECT {} FROM messages m {MESSAGE_JOINS} LEFT JOIN orgs ro ON ro.id = m.redirect_org_id
         WHERE m.id = ?1",
        message_columns()
    );
    let Some(mut msg) = conn
        .prepare_cached(&sql)?
        .query_row([id.0], |r| message(r))
        .optional()?
    else {
        return Ok(None);
    };
    let page = history_page(conn, id, None, HISTORY_PAGE)?;
    msg.history = page.entries;
    msg.history_earlier = page.earlier;
    Ok(Some(msg))
}

/// Up to `limit` steps of a message's history before step `before` (the
/// newest when `None`), oldest first, and how many are earlier still.
pub fn history_page(
    conn: &Connection,
    id: MessageId,
    before: Option<i64>,
    limit: u32,
) -> rusqlite::Result<HistoryPage> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {HISTORY_COLUMNS}
         FROM message_history h {HISTORY_JOINS}
         WHERE h.message_id = ?1 AND h.id < ?2 ORDER BY h.id DESC LIMIT ?3"
    ))?;
    let mut entries = stmt
        .query_map(params![id.0, before.unwrap_or(i64::MAX), limit], |r| {
            history_entry(r)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    entries.reverse();
    let earlier = match entries.first() {
        Some(first) if entries.len() as u64 == u64::from(limit) => {
            conn.prepare_cached(
                "SELECT count(*) FROM message_history WHERE message_id = ?1 AND id < ?2",
            )?
            .query_row(params![id.0, first.id], |r| r.get::<_, i64>(0))? as u64
        }
        _ => 0,
    };
    Ok(HistoryPage { entries, earlier })
}

pub fn insert(conn: &Connection, m: &NewMessage) -> rusqlite::Result<MessageId> {
    conn.prepare_cached(
        "INSERT INTO messages (org_id, category_id, kind, source, citizen_name, citizen_contact,
            text, address, received_at, deadline, status, assignee_id, draft, answer, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?9)",
    )?
    .execute(params![
        m.org.0,
        m.category.map(|c| c.0),
        m.kind.key(),
        m.source.key(),
        m.citizen_name,
        m.citizen_contact,
        m.text,
        m.address,
        m.received_at,
        iso(m.deadline),
        m.status.code(),
        m.assignee.map(|a| a.0),
        m.draft,
        m.answer,
    ])?;
    Ok(MessageId(conn.last_insert_rowid()))
}

pub fn add_history(conn: &Connection, h: &NewHistory) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO message_history (message_id, at, actor_id, action, from_status, to_status,
            comment, subject_id, draft)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        h.message.0,
        h.at,
        h.actor.map(|a| a.0),
        h.action,
        h.from.map(|s| s.code()),
        h.to.map(|s| s.code()),
        h.comment,
        h.subject,
        h.draft,
    ])?;
    Ok(())
}

pub fn lifecycle_state(
    conn: &Connection,
    id: MessageId,
) -> rusqlite::Result<Option<LifecycleState>> {
    conn.prepare_cached(&format!(
        "SELECT {LIFECYCLE_COLUMNS} FROM messages WHERE id = ?1"
    ))?
    .query_row([id.0], |r| rows::lifecycle_state(r))
    .optional()
}

/// Writes `next` over the message if it is still at `version`; false when
/// somebody changed it in between (nothing is written then).
pub fn save_lifecycle_state(
    conn: &Connection,
    id: MessageId,
    version: i64,
    next: &LifecycleState,
    now: i64,
) -> rusqlite::Result<bool> {
    let changed = conn
        .prepare_cached(
            "UPDATE messages SET org_id = ?1, status = ?2, assignee_id = ?3, draft = ?4, answer = ?5,
                prev_status = ?6, redirect_org_id = ?7, version = version + 1, updated_at = ?8,
                answered_at = CASE WHEN ?2 = 5 THEN coalesce(answered_at, ?8) ELSE answered_at END,
                answered_on_time = CASE WHEN ?2 = 5
                    THEN otklik_day(coalesce(answered_at, ?8)) <= deadline
                    ELSE answered_on_time END
             WHERE id = ?9 AND version = ?10",
        )?
        .execute(params![
            next.org.0,
            next.status.code(),
            next.assignee.map(|a| a.0),
            next.draft,
            next.answer,
            next.prev_status.map(|s| s.code()),
            next.redirect_org.map(|o| o.0),
            now,
            id.0,
            version,
        ])?;
    Ok(changed == 1)
}

/// Sets `answered_at` of answered messages from the time their answer was
/// approved in the history (for data written in bulk).
pub fn answered_at_from_history(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "UPDATE messages SET answered_at = (SELECT max(h.at) FROM message_history h
            WHERE h.message_id = messages.id AND h.action = 'approve')
         WHERE status = 5 AND answered_at IS NULL;
         UPDATE messages SET answered_on_time = 1
         WHERE status = 5 AND otklik_day(answered_at) <= deadline;",
    )
}

/// A page of the messages a statistics report counts, in id order.
pub fn period_facts(
    conn: &Connection,
    q: &crate::store::records::PeriodQuery,
) -> rusqlite::Result<Vec<crate::store::records::PeriodFact>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE o.path >= max(?1, ?6) AND o.path < ?2
           AND (o.path > ?6 OR m.id > ?7)
           AND m.received_at >= ?3 AND m.received_at < ?4 AND (?5 OR m.status != 0)
         ORDER BY o.path, m.id LIMIT ?8",
        rows::PERIOD_COLUMNS,
        rows::PERIOD_FROM
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    stmt.query_map(
        params![
            q.paths.0,
            q.paths.1,
            q.received.0,
            q.received.1,
            q.with_moderation,
            q.after.0,
            q.after.1,
            q.limit
        ],
        |r| rows::period_fact(r),
    )?
    .collect()
}

pub fn figures(
    conn: &Connection,
    paths: (&str, &str),
    today: NaiveDate,
    with_moderation: bool,
) -> rusqlite::Result<Figures> {
    let mut f = Figures::default();
    // Counts from the kept figures: a few rows per organisation.
    let mut stmt = conn.prepare_cached(
        "SELECT g.status, sum(g.n), sum(g.n * g.on_time)
         FROM orgs o JOIN org_figures g ON g.org_id = o.id
         WHERE o.path >= ?1 AND o.path < ?2 AND (?3 OR g.status != 0)
         GROUP BY g.status HAVING sum(g.n) > 0 ORDER BY g.status",
    )?;
    let rows = stmt.query_map(params![paths.0, paths.1, with_moderation], |r| {
        Ok((
            status(r.get(0)?),
            r.get::<_, i64>(1)? as u64,
            r.get::<_, i64>(2)? as u64,
        ))
    })?;
    for row in rows {
        let (s, n, on_time) = row?;
        f.by_status.push((s, n));
        if s == MessageStatus::Answered {
            f.answered = n;
            f.answered_on_time = on_time;
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(c.name, '—'), sum(g.n)
         FROM orgs o JOIN org_figures g ON g.org_id = o.id
         LEFT JOIN categories c ON c.id = g.category_id
         WHERE o.path >= ?1 AND o.path < ?2 AND (?3 OR g.status != 0)
         GROUP BY g.category_id HAVING sum(g.n) > 0 ORDER BY 2 DESC, 1 LIMIT 8",
    )?;
    f.by_category = stmt
        .query_map(params![paths.0, paths.1, with_moderation], |r| {
            Ok((r.get(0)?, r.get::<_, i64>(1)? as u64))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Overdue ones through the partial index of open messages.
    f.overdue = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM orgs o JOIN messages m ON m.org_id = o.id
             WHERE o.path >= ?1 AND o.path < ?2 AND m.status IN ({OPEN}) AND m.deadline < ?3
               AND (?4 OR m.status != 0)"
        ))?
        .query_row(
            params![paths.0, paths.1, iso(today), with_moderation],
            |r| r.get::<_, i64>(0),
        )? as u64;
    Ok(f)
}

#[cfg(test)]
#[path = "messages_tests.rs"]
mod tests;
