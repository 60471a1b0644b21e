//! How a page over a subtree is found: walked newest first when the subtree
//! holds much of the store, else by each organisation's indexes — decided
//! from the kept counts, never by counting the messages themselves.

use rusqlite::{Connection, ToSql};

use super::messages::{Via, page_by};
use crate::domain::{MessageRow, MessageStatus};
use crate::store::keys::in_list;
use crate::store::records::Filter;

/// A subtree page is found by walking all messages newest first when the
/// subtree holds this many of the matching messages at least…
const WALK_MIN: i64 = 5_000;
/// …and the walk is expected to pass over no more rows than this.
pub(super) const WALK_MAX_ROWS: i64 = 20_000;

/// Whether a subtree's page is found faster by walking every message newest
/// first (a subtree holding much of the store: the city's curator) than by
/// each of its organisations' index, which sorts all their messages. Told
/// by the kept counts; only for filters the counts describe (subtree and
/// statuses).
pub(super) fn walk_newest(conn: &Connection, f: &Filter) -> rusqlite::Result<bool> {
    let Some((from, to)) = &f.subtree else {
        return Ok(false);
    };
    let plain = !f.unassigned
        && f.due_by.is_none()
        && f.source.is_none()
        && f.categories.is_empty()
        && f.citizen_contact.is_none()
        && f.assignee.is_none()
        && f.overdue_before.is_none()
        && f.text.as_deref().is_none_or(|t| t.trim().is_empty());
    if !plain {
        return Ok(false);
    }
    let (within, all) = scope_share(conn, f, Some((from, to)))?;
    if within < WALK_MIN {
        return Ok(false);
    }
    Ok((i64::from(f.limit) + 1) * all / within <= WALK_MAX_ROWS)
}

/// From the kept counts, for choosing a plan: about how many messages of
/// the filter's statuses its scope (the subtree, else the organisation)
/// holds, and about how many there are in all, whatever their status (the
/// highest id: messages are never deleted). A subtree holding most
/// organisations is counted as everything less what lies outside it, which
/// costs the few organisations outside instead of the thousands inside.
pub(super) fn scope_share(
    conn: &Connection,
    f: &Filter,
    subtree: Option<(&String, &String)>,
) -> rusqlite::Result<(i64, i64)> {
    let statuses = if f.statuses.is_empty() {
        String::new()
    } else {
        format!(
            " AND +c.status IN ({})",
            in_list(f.statuses.iter().map(|s| s.code()))
        )
    };
    let all: i64 = conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM messages")?
        .query_row([], |r| r.get(0))?;
    let sum = |range: &str, args: &[&dyn ToSql]| -> rusqlite::Result<i64> {
        conn.prepare_cached(&format!(
            "SELECT coalesce(sum(c.n), 0) FROM orgs o JOIN org_status_counts c ON c.org_id = o.id
             WHERE {range}{statuses}"
        ))?
        .query_row(args, |r| r.get(0))
    };
    let within: i64 = match subtree {
        Some((from, to)) => {
            let orgs = |range: &str, args: &[&dyn ToSql]| -> rusqlite::Result<i64> {
                conn.prepare_cached(&format!("SELECT count(*) FROM orgs WHERE {range}"))?
                    .query_row(args, |r| r.get(0))
            };
            let inside = orgs("path >= ?1 AND path < ?2", &[from, to])?;
            if 2 * inside > orgs("1", &[])? {
                let total = store_holds(conn, &f.statuses, all)?;
                let outside = sum("o.path < ?1", &[from])? + sum("o.path >= ?1", &[to])?;
                (total - outside).max(0)
            } else {
                sum("o.path >= ?1 AND o.path < ?2", &[from, to])?
            }
        }
        None => conn
            .prepare_cached(&format!(
                "SELECT coalesce(sum(c.n), 0) FROM org_status_counts c WHERE c.org_id = ?1{statuses}"
            ))?
            .query_row([f.org], |r| r.get(0))?,
    };
    Ok((within, all))
}

/// About how many messages of `statuses` the store holds (`all` of them
/// when none is named): from the kept counts of the shorter list, these
/// statuses or the others.
fn store_holds(conn: &Connection, statuses: &[MessageStatus], all: i64) -> rusqlite::Result<i64> {
    if statuses.is_empty() {
        return Ok(all);
    }
    let others: Vec<i64> = MessageStatus::ALL
        .iter()
        .filter(|s| !statuses.contains(s))
        .map(|s| s.code())
        .collect();
    let (list, subtract) = if others.len() < statuses.len() {
        (others, true)
    } else {
        (statuses.iter().map(|s| s.code()).collect(), false)
    };
    let n: i64 = conn
        .prepare_cached(&format!(
            "SELECT coalesce(sum(n), 0) FROM org_status_counts WHERE status IN ({})",
            in_list(list)
        ))?
        .query_row([], |r| r.get(0))?;
    Ok(if subtract { (all - n).max(0) } else { n })
}

/// A large subtree's page under conditions the kept counts do not describe
/// (overdue, a category, an executor): first tried among the newest
/// `rows` ([`WALK_MAX_ROWS`]) messages below the cursor, walked newest first. When
/// the page fills there, it is the page (every message outside is older);
/// otherwise `None`, and the subtree's indexes answer. A try costs a walk
/// of at most that many rows; the city's overdue page 200 → 0.5 ms.
pub(super) fn page_in_window(
    conn: &Connection,
    f: &Filter,
    rows: i64,
) -> rusqlite::Result<Option<(Vec<MessageRow>, Option<String>)>> {
    let Some((from, to)) = &f.subtree else {
        return Ok(None);
    };
    let (within, _) = scope_share(conn, f, Some((from, to)))?;
    if within < WALK_MIN {
        return Ok(None);
    }
    let top = match f.after {
        Some(after) => after,
        None => conn
            .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM messages")?
            .query_row([], |r| r.get::<_, i64>(0))?,
    };
    let lowest = top - rows;
    let found = page_by(conn, f, Via::Walk, Some(lowest))?;
    let full = found.1.is_some();
    Ok((full || lowest <= 0).then_some(found))
}
