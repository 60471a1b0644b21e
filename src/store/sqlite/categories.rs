//! The classifier: categories and their subcategories.

use rusqlite::{Connection, params};

use crate::domain::{Category, CategoryId, Stages};

/// Stages from their three columns: all three, or none.
pub fn stages(
    moderation: Option<u32>,
    execution: Option<u32>,
    approval: Option<u32>,
) -> Option<Stages> {
    Some(Stages {
        moderation: moderation?,
        execution: execution?,
        approval: approval?,
    })
}

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
    let mut stmt = conn.prepare_cached(
        "SELECT id, parent_id, name, deadline_days, stage_moderation, stage_execution, stage_approval
         FROM categories ORDER BY coalesce(parent_id, id), parent_id IS NOT NULL, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Category {
            id: CategoryId(r.get(0)?),
            parent: r.get::<_, Option<i64>>(1)?.map(CategoryId),
            name: r.get(2)?,
            deadline_days: r.get(3)?,
            stages: stages(r.get(4)?, r.get(5)?, r.get(6)?),
        })
    })?;
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
