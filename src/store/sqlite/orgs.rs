//! Organisations: the tree, its counts, and the details of one cabinet.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::values::SiteUrl;
use crate::domain::{OrgId, OrgNode, OrgPath, Organisation, ValidOrg, WidgetVariant};
use crate::store::keys::{escape_like, fold, in_list, org_name_key, org_sort_key};
use crate::store::records::NewOrg;

/// A node with its counts; `?1` is today's date (for overdue). Messages in
/// moderation count as overdue only for those who may see them.
fn node_select(with_moderation: bool) -> String {
    // The open statuses exactly as the partial index `messages_open_by_deadline`
    // names them (so that it is used, from the index alone), then the few in
    // moderation taken away (by the status index) for those who may not see
    // them: a status condition beside the first would read every row.
    let moderation = if with_moderation {
        ""
    } else {
        " - (SELECT count(*) FROM messages m
             WHERE m.org_id = o.id AND m.status = 0 AND m.deadline < ?1)"
    };
    format!(
        "SELECT o.id, o.parent_id, o.short_name, o.kind,
  (SELECT count(*) FROM orgs c WHERE c.parent_id = o.id AND c.archived_at IS NULL),
  coalesce((SELECT n FROM org_status_counts s WHERE s.org_id = o.id AND s.status = 1), 0),
  coalesce((SELECT n FROM org_status_counts s WHERE s.org_id = o.id AND s.status = 2), 0),
  (SELECT count(*) FROM messages m
    WHERE m.org_id = o.id AND m.status IN (0, 1, 2, 3, 4) AND m.deadline < ?1){moderation}
FROM orgs o"
    )
}

use crate::store::rows::{ORG_COLUMNS, node, organisation};

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn children(
    conn: &Connection,
    parent: Option<OrgId>,
    today: NaiveDate,
    with_moderation: bool,
) -> rusqlite::Result<Vec<OrgNode>> {
    let sql = format!(
        "{} WHERE o.parent_id IS ?2 AND o.archived_at IS NULL ORDER BY o.sort_key, o.id",
        node_select(with_moderation)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![iso(today), parent.map(|p| p.0)], |r| node(r))?;
    rows.collect()
}

pub fn node_by_id(
    conn: &Connection,
    id: OrgId,
    today: NaiveDate,
    with_moderation: bool,
) -> rusqlite::Result<Option<OrgNode>> {
    let sql = format!("{} WHERE o.id = ?2", node_select(with_moderation));
    conn.prepare_cached(&sql)?
        .query_row(params![iso(today), id.0], |r| node(r))
        .optional()
}

/// Organisations whose name contains `text` (case-insensitive), or whose number is `text`.
pub fn search(
    conn: &Connection,
    text: &str,
    limit: u32,
    today: NaiveDate,
    with_moderation: bool,
) -> rusqlite::Result<Vec<OrgNode>> {
    let number: i64 = text.trim().trim_start_matches('#').parse().unwrap_or(-1);
    let pattern = format!("%{}%", escape_like(&fold(text.trim())));
    let sql = format!(
        "{} WHERE o.archived_at IS NULL AND (o.id = ?2 OR o.name_key LIKE ?3 ESCAPE '\\')
         ORDER BY o.id != ?2, o.sort_key LIMIT ?4",
        node_select(with_moderation)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![iso(today), number, pattern, limit], |r| node(r))?;
    rows.collect()
}

/// Messages of `category` (a top-level one) each organisation has had.
/// Messages in moderation count only for those who may see them.
pub fn handled(
    conn: &Connection,
    category: crate::domain::CategoryId,
    with_moderation: bool,
) -> rusqlite::Result<std::collections::HashMap<OrgId, u64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT org_id, sum(n) FROM org_figures
         WHERE category_id = ?1 AND (?2 OR status != 0) GROUP BY org_id",
    )?;
    let rows = stmt.query_map(params![category.0, with_moderation], |r| {
        Ok((OrgId(r.get(0)?), r.get::<_, i64>(1)?.max(0) as u64))
    })?;
    rows.collect()
}

pub fn path(conn: &Connection, id: OrgId) -> rusqlite::Result<Option<OrgPath>> {
    conn.prepare_cached("SELECT path FROM orgs WHERE id = ?1")?
        .query_row([id.0], |r| Ok(OrgPath(r.get(0)?)))
        .optional()
}

pub fn get(conn: &Connection, id: OrgId) -> rusqlite::Result<Option<Organisation>> {
    conn.prepare_cached(&format!("SELECT {ORG_COLUMNS} FROM orgs WHERE id = ?1"))?
        .query_row([id.0], |r| organisation(r))
        .optional()
}

/// Replaces an organisation's details. A new site clears the approval
/// and the last placement check: both were about the old address.
pub fn update_details(conn: &Connection, id: OrgId, org: &ValidOrg) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE orgs SET name = ?2, short_name = ?3, name_key = ?4, sort_key = ?5, kind = ?6,
            ogrn = ?7, inn = ?8,
            widget_site_approved = CASE WHEN site IS ?9 THEN widget_site_approved ELSE 0 END,
            widget_found = CASE WHEN site IS ?9 THEN widget_found ELSE NULL END,
            widget_checked_at = CASE WHEN site IS ?9 THEN widget_checked_at ELSE NULL END,
            site = ?9
         WHERE id = ?1",
    )?
    .execute(params![
        id.0,
        org.name,
        org.short_name,
        org_name_key(&org.short_name, &org.name),
        org_sort_key(&org.short_name),
        org.kind.key(),
        org.ogrn.as_ref().map(|o| o.as_str()),
        org.inn.as_ref().map(|i| i.as_str()),
        org.site.as_ref().map(|s| s.as_str()),
    ])?;
    Ok(())
}

pub fn set_ready(conn: &Connection, id: OrgId, ready: bool) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE orgs SET ready = ?2 WHERE id = ?1",
        params![id.0, ready],
    )?;
    Ok(())
}

pub fn set_widget_site_approved(conn: &Connection, id: OrgId, yes: bool) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE orgs SET widget_site_approved = ?2 WHERE id = ?1",
        params![id.0, yes],
    )?;
    Ok(())
}

/// Records the widget as generated with these settings.
pub fn set_widget(
    conn: &Connection,
    id: OrgId,
    variant: WidgetVariant,
    banner: &str,
    now: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE orgs SET widget_variant = ?2, widget_banner = ?3, widget_generated_at = ?4
         WHERE id = ?1",
        params![id.0, variant.key(), banner, now],
    )?;
    Ok(())
}

/// Records the outcome of a placement check of `site` — unless the site
/// changed while the page was being read.
pub fn set_widget_found(
    conn: &Connection,
    id: OrgId,
    site: &SiteUrl,
    found: bool,
    now: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE orgs SET widget_found = ?2, widget_checked_at = ?3 WHERE id = ?1 AND site = ?4",
        params![id.0, found, now, site.as_str()],
    )?;
    Ok(())
}

pub fn set_readiness_deadline(
    conn: &Connection,
    id: OrgId,
    deadline: Option<NaiveDate>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE orgs SET readiness_deadline = ?2 WHERE id = ?1",
        params![id.0, deadline.map(iso)],
    )?;
    Ok(())
}

/// The deadline that holds for `path`: its own, or the nearest ancestor's.
pub fn readiness_deadline(
    conn: &Connection,
    path: &OrgPath,
) -> rusqlite::Result<Option<NaiveDate>> {
    let ids: Vec<i64> = path.ids().iter().map(|i| i.0).collect();
    let sql = format!(
        "SELECT readiness_deadline FROM orgs WHERE id IN ({}) AND readiness_deadline IS NOT NULL
         ORDER BY length(path) DESC LIMIT 1",
        in_list(ids)
    );
    conn.query_row(&sql, [], |r| r.get::<_, String>(0))
        .optional()
        .map(|d| d.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
}

/// Inserts an organisation under its parent and returns its number.
/// Run inside the writer's transaction.
pub fn insert(conn: &Connection, org: &NewOrg, now: i64) -> rusqlite::Result<OrgId> {
    let id: i64 = conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM orgs", [], |r| {
        r.get(0)
    })?;
    let id = OrgId(id);
    let path = match org.parent {
        Some(parent) => path(conn, parent)?
            .ok_or(rusqlite::Error::QueryReturnedNoRows)?
            .child(id),
        None => OrgPath::root(id),
    };
    conn.prepare_cached(
        "INSERT INTO orgs (id, parent_id, path, name, short_name, name_key, sort_key, kind, ogrn, inn, site,
            created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?12, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        id.0,
        org.parent.map(|p| p.0),
        path.0,
        org.name,
        org.short_name,
        org_name_key(&org.short_name, &org.name),
        org.kind.key(),
        org.ogrn.as_ref().map(|o| o.as_str()),
        org.inn.as_ref().map(|i| i.as_str()),
        org.site.as_ref().map(|s| s.as_str()),
        now,
        org_sort_key(&org.short_name),
    ])?;
    Ok(id)
}
