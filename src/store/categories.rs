//! The classifier: categories and their subcategories.

use rusqlite::{Connection, params};

use crate::domain::{Category, CategoryId};

pub fn all(conn: &Connection) -> rusqlite::Result<Vec<Category>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, parent_id, name, deadline_days FROM categories ORDER BY coalesce(parent_id, id), parent_id IS NOT NULL, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Category {
            id: CategoryId(r.get(0)?),
            parent: r.get::<_, Option<i64>>(1)?.map(CategoryId),
            name: r.get(2)?,
            deadline_days: r.get(3)?,
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
