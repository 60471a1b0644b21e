//! Messages on PostgreSQL: queue pages (keyset, newest first), counts, one
//! message with its history, the lifecycle's writes.

use std::collections::HashMap;

use chrono::NaiveDate;
use postgres::Row;
use postgres::types::ToSql;

use super::{PgTx, count};
use crate::domain::links::LinkKind;
use crate::domain::{
    AccountId, HISTORY_PAGE, HistoryPage, Message, MessageId, MessageRow, MessageStatus, OrgId,
};
use crate::store::keys::{in_list, split_page, stems};
use crate::store::records::{
    Figures, Filter, LifecycleState, NewHistory, NewMessage, PeriodFact, PeriodQuery,
};
use crate::store::rows::{
    self, HISTORY_COLUMNS, HISTORY_JOINS, LIFECYCLE_COLUMNS, MESSAGE_JOINS, history_entry,
    local_day, message, message_columns, message_row, row_columns, status,
};
use crate::store::{MessageReads, MessageWrites, PageOf, StoreResult};

const OPEN: &str = "0, 1, 2, 3, 4";

/// The text search query for what someone typed: every word's stem, as a
/// prefix unless it is one letter (as the embedded store's index).
fn text_query(text: &str) -> Option<String> {
    let words: Vec<String> = stems(text)
        .into_iter()
        .map(|s| {
            let quoted = format!("'{}'", s.replace('\'', "''"));
            // As on the embedded store: short words match whole.
            if s.chars().count() >= crate::store::keys::MIN_PREFIX {
                quoted + ":*"
            } else {
                quoted
            }
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" & "))
}

/// Query arguments, numbered as they are added.
#[derive(Default)]
struct Args(Vec<Box<dyn ToSql + Sync>>);

impl Args {
    fn add(&mut self, value: impl ToSql + Sync + 'static) -> String {
        self.0.push(Box::new(value));
        format!("${}", self.0.len())
    }

    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.0.iter().map(|b| b.as_ref()).collect()
    }
}

fn codes(statuses: impl IntoIterator<Item = MessageStatus>) -> Vec<i64> {
    statuses.into_iter().map(MessageStatus::code).collect()
}

/// The WHERE conditions of a filter (without paging).
fn conditions(f: &Filter, args: &mut Args) -> String {
    let mut sql = match &f.subtree {
        Some((from, to)) => format!(
            "m.org_id IN (SELECT id FROM orgs WHERE path >= {} AND path < {})",
            args.add(from.clone()),
            args.add(to.clone())
        ),
        None => format!("m.org_id = {}", args.add(f.org)),
    };
    if f.unassigned {
        sql += " AND m.assignee_id IS NULL";
    }
    if let Some(day) = f.due_by {
        sql += &format!(
            " AND m.status IN ({OPEN}) AND m.deadline <= {}",
            args.add(day)
        );
    }
    if let Some(source) = f.source {
        sql += &format!(" AND m.source = {}", args.add(source.key()));
    }
    if !f.statuses.is_empty() {
        let others: Vec<MessageStatus> = MessageStatus::ALL
            .iter()
            .copied()
            .filter(|s| !f.statuses.contains(s))
            .collect();
        // Written in (our own numbers): the planner sees the list and can
        // walk the (org, status, id) index in order.
        if others.len() < f.statuses.len() {
            sql += &format!(" AND m.status NOT IN ({})", in_list(codes(others)));
        } else {
            sql += &format!(
                " AND m.status IN ({})",
                in_list(codes(f.statuses.iter().copied()))
            );
        }
    }
    if !f.categories.is_empty() {
        let ids = f.categories.iter().map(|c| c.0);
        sql += &format!(" AND m.category_id IN ({})", in_list(ids));
    }
    if let Some(contact) = &f.citizen_contact {
        sql += &format!(" AND m.citizen_contact = {}", args.add(contact.clone()));
    }
    if let Some(a) = f.assignee {
        sql += &format!(" AND m.assignee_id = {}", args.add(a.0));
    }
    if let Some(today) = f.overdue_before {
        sql += &format!(
            " AND m.status IN ({OPEN}) AND m.deadline < {}",
            args.add(today)
        );
    }
    if let Some(text) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let number: i64 = text.trim_start_matches('#').parse().unwrap_or(-1);
        let number = args.add(number);
        match text_query(text) {
            Some(query) => {
                sql += &format!(
                    " AND (m.id = {number} OR m.stems @@ CAST({}::text AS tsquery))",
                    args.add(query)
                )
            }
            None => sql += &format!(" AND m.id = {number}"),
        }
    }
    sql
}

fn status_counts(rows: Vec<Row>) -> StoreResult<Vec<(MessageStatus, u64)>> {
    rows.iter()
        .map(|r| Ok((status(r.try_get(0)?), count(r.try_get(1)?))))
        .collect()
}

impl MessageReads for PgTx<'_> {
    fn count_messages(&self, filter: &Filter) -> StoreResult<u64> {
        let mut args = Args::default();
        let sql = format!(
            "SELECT count(*) FROM messages m WHERE {}",
            conditions(filter, &mut args)
        );
        Ok(count(self.value(&sql, &args.refs())?))
    }

    fn count_messages_by_status(&self, filter: &Filter) -> StoreResult<Vec<(MessageStatus, u64)>> {
        let mut args = Args::default();
        let sql = format!(
            "SELECT m.status, count(*) FROM messages m WHERE {} GROUP BY m.status",
            conditions(filter, &mut args)
        );
        status_counts(self.rows(&sql, &args.refs())?)
    }

    fn messages_page(&self, f: &Filter) -> StoreResult<PageOf<MessageRow>> {
        let mut args = Args::default();
        let mut sql = format!(
            "SELECT {} FROM messages m {MESSAGE_JOINS} WHERE {}",
            row_columns(),
            conditions(f, &mut args)
        );
        if let Some(after) = f.after {
            sql += &format!(" AND m.id < {}", args.add(after));
        }
        sql += &format!(
            " ORDER BY m.id DESC LIMIT {}",
            args.add(i64::from(f.limit) + 1)
        );
        let rows = self.rows(&sql, &args.refs())?;
        let items = rows
            .iter()
            .map(message_row)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(split_page(items, f.limit, |m| m.id.0.to_string()))
    }

    fn status_counts(&self, org: OrgId) -> StoreResult<Vec<(MessageStatus, u64)>> {
        status_counts(self.rows(
            "SELECT status, n FROM org_status_counts WHERE org_id = $1 AND n > 0",
            &[&org.0],
        )?)
    }

    fn status_counts_for_assignee(
        &self,
        org: OrgId,
        assignee: AccountId,
    ) -> StoreResult<Vec<(MessageStatus, u64)>> {
        status_counts(self.rows(
            "SELECT status, count(*) FROM messages WHERE assignee_id = $1 AND org_id = $2
             GROUP BY status",
            &[&assignee.0, &org.0],
        )?)
    }

    fn overdue_count(
        &self,
        org: OrgId,
        assignee: Option<AccountId>,
        today: NaiveDate,
        with_moderation: bool,
    ) -> StoreResult<u64> {
        let n: i64 = self.value(
            &format!(
                "SELECT count(*) FROM messages WHERE org_id = $1 AND status IN ({OPEN})
                   AND deadline < $2 AND ($3::bigint IS NULL OR assignee_id = $3::bigint)
                   AND ($4 OR status <> 0)"
            ),
            &[&org.0, &today, &assignee.map(|a| a.0), &with_moderation],
        )?;
        Ok(count(n))
    }

    fn open_load(&self, org: OrgId) -> StoreResult<HashMap<AccountId, u64>> {
        let open = codes([
            MessageStatus::InWork,
            MessageStatus::OnApproval,
            MessageStatus::RedirectRequested,
        ]);
        let rows = self.rows(
            "SELECT assignee_id, count(*) FROM messages
             WHERE org_id = $1 AND status = ANY($2) AND assignee_id IS NOT NULL
             GROUP BY assignee_id",
            &[&org.0, &open],
        )?;
        rows.iter()
            .map(|r| Ok((AccountId(r.try_get(0)?), count(r.try_get(1)?))))
            .collect()
    }

    fn message(&self, id: MessageId) -> StoreResult<Option<Message>> {
        let sql = format!(
            "SELECT {} FROM messages m {MESSAGE_JOINS}
             LEFT JOIN orgs ro ON ro.id = m.redirect_org_id WHERE m.id = $1",
            message_columns()
        );
        let Some(row) = self.row(&sql, &[&id.0])? else {
            return Ok(None);
        };
        let mut msg = message(&row)?;
        let page = self.message_history(id, None, HISTORY_PAGE)?;
        msg.history = page.entries;
        msg.history_earlier = page.earlier;
        Ok(Some(msg))
    }

    fn message_history(
        &self,
        id: MessageId,
        before: Option<i64>,
        limit: u32,
    ) -> StoreResult<HistoryPage> {
        let rows = self.rows(
            &format!(
                "SELECT {HISTORY_COLUMNS}
                 FROM message_history h {HISTORY_JOINS}
                 WHERE h.message_id = $1 AND h.id < $2 ORDER BY h.id DESC LIMIT $3"
            ),
            &[&id.0, &before.unwrap_or(i64::MAX), &i64::from(limit)],
        )?;
        let mut entries = rows
            .iter()
            .map(history_entry)
            .collect::<StoreResult<Vec<_>>>()?;
        entries.reverse();
        let earlier = match entries.first() {
            Some(first) if entries.len() as u64 == u64::from(limit) => count(self.value(
                "SELECT count(*) FROM message_history WHERE message_id = $1 AND id < $2",
                &[&id.0, &first.id],
            )?),
            _ => 0,
        };
        Ok(HistoryPage { entries, earlier })
    }

    fn lifecycle_state(&self, id: MessageId) -> StoreResult<Option<LifecycleState>> {
        let row = self.row(
            &format!("SELECT {LIFECYCLE_COLUMNS} FROM messages WHERE id = $1"),
            &[&id.0],
        )?;
        row.map(|r| rows::lifecycle_state(&r)).transpose()
    }

    fn message_links(&self, id: MessageId, limit: u32) -> StoreResult<Vec<(MessageId, LinkKind)>> {
        self.links(id, limit)
    }

    fn history_drafts(&self, id: MessageId, from: i64) -> StoreResult<Vec<(i64, String)>> {
        self.drafts(id, from)
    }

    fn period_facts(&self, q: &PeriodQuery) -> StoreResult<Vec<PeriodFact>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE o.path >= greatest($1, $6) AND o.path < $2
               AND (o.path > $6 OR m.id > $7)
               AND m.received_at >= $3 AND m.received_at < $4 AND ($5 OR m.status <> 0)
             ORDER BY o.path, m.id LIMIT $8",
            rows::PERIOD_COLUMNS,
            rows::PERIOD_FROM
        );
        let limit = i64::from(q.limit);
        self.rows(
            &sql,
            &[
                &q.paths.0,
                &q.paths.1,
                &q.received.0,
                &q.received.1,
                &q.with_moderation,
                &q.after.0,
                &q.after.1,
                &limit,
            ],
        )?
        .iter()
        .map(rows::period_fact)
        .collect()
    }

    fn figures(
        &self,
        paths: (&str, &str),
        today: NaiveDate,
        with_moderation: bool,
    ) -> StoreResult<Figures> {
        let mut f = Figures::default();
        let rows = self.rows(
            "SELECT g.status, sum(g.n)::bigint,
                    coalesce(sum(g.n) FILTER (WHERE g.on_time), 0)::bigint
             FROM orgs o JOIN org_figures g ON g.org_id = o.id
             WHERE o.path >= $1 AND o.path < $2 AND ($3 OR g.status <> 0)
             GROUP BY g.status HAVING sum(g.n) > 0 ORDER BY g.status",
            &[&paths.0, &paths.1, &with_moderation],
        )?;
        for r in &rows {
            let (s, n, on_time) = (
                status(r.try_get(0)?),
                count(r.try_get(1)?),
                count(r.try_get(2)?),
            );
            f.by_status.push((s, n));
            if s == MessageStatus::Answered {
                f.answered = n;
                f.answered_on_time = on_time;
            }
        }
        let rows = self.rows(
            "SELECT coalesce(c.name, '—'), sum(g.n)::bigint
             FROM orgs o JOIN org_figures g ON g.org_id = o.id
             LEFT JOIN categories c ON c.id = g.category_id
             WHERE o.path >= $1 AND o.path < $2 AND ($3 OR g.status <> 0)
             GROUP BY g.category_id, c.name HAVING sum(g.n) > 0 ORDER BY 2 DESC, 1 LIMIT 8",
            &[&paths.0, &paths.1, &with_moderation],
        )?;
        f.by_category = rows
            .iter()
            .map(|r| Ok((r.try_get(0)?, count(r.try_get(1)?))))
            .collect::<StoreResult<_>>()?;
        f.overdue = count(self.value(
            &format!(
                "SELECT count(*) FROM orgs o JOIN messages m ON m.org_id = o.id
                 WHERE o.path >= $1 AND o.path < $2 AND m.status IN ({OPEN}) AND m.deadline < $3
                   AND ($4 OR m.status <> 0)"
            ),
            &[&paths.0, &paths.1, &today, &with_moderation],
        )?);
        Ok(f)
    }
}

impl MessageWrites for PgTx<'_> {
    fn insert_message(&self, m: &NewMessage) -> StoreResult<MessageId> {
        if let Some(id) = self.gather_message(m)? {
            return Ok(id);
        }
        let mut words = stems(&m.text);
        words.extend(stems(&m.citizen_name));
        let id = self.value(
            "INSERT INTO messages (org_id, category_id, kind, source, citizen_name,
                citizen_contact, text, address, received_at, deadline, status, assignee_id,
                draft, answer, updated_at, stems)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $9,
                array_to_tsvector($15::text[]))
             RETURNING id",
            &[
                &m.org.0,
                &m.category.map(|c| c.0),
                &m.kind.key(),
                &m.source.key(),
                &m.citizen_name,
                &m.citizen_contact,
                &m.text,
                &m.address,
                &m.received_at,
                &m.deadline,
                &m.status.code(),
                &m.assignee.map(|a| a.0),
                &m.draft,
                &m.answer,
                &words,
            ],
        )?;
        Ok(MessageId(id))
    }

    fn add_history(&self, h: &NewHistory) -> StoreResult<()> {
        if self.gather_history(h)? {
            return Ok(());
        }
        self.exec(
            "INSERT INTO message_history (message_id, at, actor_id, action, from_status,
                to_status, comment, subject_id, draft)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &h.message.0,
                &h.at,
                &h.actor.map(|a| a.0),
                &h.action,
                &h.from.map(|s| s.code()),
                &h.to.map(|s| s.code()),
                &h.comment,
                &h.subject,
                &h.draft,
            ],
        )?;
        Ok(())
    }

    fn link_messages(
        &self,
        id: MessageId,
        other: MessageId,
        kind: LinkKind,
        by: AccountId,
        now: i64,
    ) -> StoreResult<()> {
        self.link(id, other, kind, by, now)
    }

    fn unlink_messages(&self, id: MessageId, other: MessageId) -> StoreResult<bool> {
        self.unlink(id, other)
    }

    fn save_lifecycle_state(
        &self,
        id: MessageId,
        version: i64,
        next: &LifecycleState,
        now: i64,
    ) -> StoreResult<bool> {
        // Answered now: when, and whether by the deadline (a local day).
        let changed = self.exec(
            "UPDATE messages SET org_id = $1, status = $2, assignee_id = $3, draft = $4,
                answer = $5, prev_status = $6, redirect_org_id = $7, version = version + 1,
                updated_at = $8,
                answered_on_time = CASE WHEN $2::bigint = 5 AND answered_at IS NULL
                    THEN $11::date <= deadline ELSE answered_on_time END,
                answered_at = CASE WHEN $2::bigint = 5 THEN coalesce(answered_at, $8) ELSE answered_at END
             WHERE id = $9 AND version = $10",
            &[
                &next.org.0,
                &next.status.code(),
                &next.assignee.map(|a| a.0),
                &next.draft,
                &next.answer,
                &next.prev_status.map(|s| s.code()),
                &next.redirect_org.map(|o| o.0),
                &now,
                &id.0,
                &version,
                &local_day(now),
            ],
        )?;
        Ok(changed == 1)
    }

    fn fill_answer_times(&self) -> StoreResult<()> {
        // The day of the answer on the platform's clock (PostgreSQL knows its zones).
        let zone = crate::domain::clock::zone().name();
        self.exec(
            "UPDATE messages m SET answered_at = h.at
             FROM (SELECT message_id, max(at) AS at FROM message_history
                   WHERE action = 'approve' GROUP BY message_id) h
             WHERE h.message_id = m.id AND m.status = 5 AND m.answered_at IS NULL",
            &[],
        )?;
        self.exec(
            "UPDATE messages SET answered_on_time = true
             WHERE status = 5 AND (to_timestamp(answered_at) AT TIME ZONE $1)::date <= deadline",
            &[&zone],
        )?;
        Ok(())
    }

    fn set_redirect_request(
        &self,
        id: MessageId,
        from: MessageStatus,
        target: OrgId,
    ) -> StoreResult<()> {
        if self.gather_redirect(id, from, target) {
            return Ok(());
        }
        self.exec(
            "UPDATE messages SET prev_status = $1, redirect_org_id = $2 WHERE id = $3",
            &[&from.code(), &target.0, &id.0],
        )?;
        Ok(())
    }
}
