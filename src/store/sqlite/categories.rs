//! The classifier: categories and their subcategories.

use rusqlite::{Connection, params};

use crate::domain::{Category, CategoryId, Stages};
use crate::store::rows::{CATEGORY_COLUMNS, category};

pub fn set_deadline(conn: &Connection, id: CategoryId, days: u32) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE categories SET deadline_days = ?1 WHERE id = ?2",
        params![days, id.0],
    )?;
    Ok(())
}

/// Splits a category's deadline into stages (`None`: no split).
pub fn set_stages(
    conn: &Connection,
    id: CategoryId,
    stages: Option<Stages>,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE categories SET stage_moderation = ?1, stage_execution = ?2, stage_approval = ?3 WHERE id = ?4",
    )?
    .execute(params![
        stages.map(|s| s.moderation),
        stages.map(|s| s.execution),
        stages.map(|s| s.approval),
        id.0
    ])?;
    Ok(())
}

pub fn all(conn: &Connection) -> rusqlite::Result<Vec<Category>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CATEGORY_COLUMNS} FROM categories
         ORDER BY coalesce(parent_id, id), parent_id IS NOT NULL, name"
    ))?;
    let rows = stmt.query_map([], |r| category(r))?;
    rows.collect()
}

pub fn insert(
    conn: &Connection,
    parent: Option<CategoryId>,
    name: &str,
    deadline_days: u32,
) -> rusqlite::Result<CategoryId> {
    conn.prepare_cached(
        "INSERT INTO categories (parent_id, name, deadline_days) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![parent.map(|p| p.0), name, deadline_days])?;
    Ok(CategoryId(conn.last_insert_rowid()))
}
