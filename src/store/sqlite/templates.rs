//! Answer templates.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::{CategoryId, OrgPath, Template, TemplateDraft};
use crate::store::rows::{TEMPLATE_COLUMNS, template};

/// Templates kept by the organisations on `path` (the org and its
/// ancestors): the ones of a category first, nearest organisation first.
pub fn for_path(
    conn: &Connection,
    path: &OrgPath,
    category: Option<CategoryId>,
) -> rusqlite::Result<Vec<Template>> {
    let ids: Vec<String> = path.ids().iter().map(|id| id.0.to_string()).collect();
    let sql = format!(
        "SELECT t.id, t.org_id, t.category_id, t.title, t.body FROM templates t JOIN orgs o ON o.id = t.org_id
         WHERE t.org_id IN ({}) ORDER BY (?1 IS NOT NULL AND t.category_id IS ?1) DESC, length(o.path) DESC, t.title, t.id",
        ids.join(", ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([category.map(|c| c.0)], |r| template(r))?;
    rows.collect()
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Template>> {
    conn.prepare_cached(&format!(
        "SELECT {TEMPLATE_COLUMNS} FROM templates WHERE id = ?1"
    ))?
    .query_row([id], |r| template(r))
    .optional()
}

pub fn insert(conn: &Connection, t: &TemplateDraft, now: i64) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO templates (org_id, category_id, title, body, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![t.org.0, t.category.map(|c| c.0), t.title.trim(), t.body, now])?;
    Ok(conn.last_insert_rowid())
}

pub fn update(conn: &Connection, id: i64, t: &TemplateDraft, now: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE templates SET org_id = ?1, category_id = ?2, title = ?3, body = ?4, updated_at = ?5 WHERE id = ?6",
    )?
    .execute(params![t.org.0, t.category.map(|c| c.0), t.title.trim(), t.body, now, id])?;
    Ok(())
}

pub fn delete(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM templates WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}
