//! Full-text indexes over `messages` that triggers keep row by row are
//! filled once at the end instead: an FTS5 index flushes at every statement
//! inside a transaction, which would make a million inserts several times
//! slower. Found by looking at the schema, so any such index is handled;
//! dropped triggers are recreated from their own SQL in the same transaction.

use rusqlite::Connection;

pub struct Suspended {
    /// FTS5 tables whose content is `messages`.
    indexes: Vec<String>,
    /// SQL of the insert triggers that fed them.
    triggers: Vec<String>,
}

/// Lower case, without blanks and quotes: `content = 'messages'` → `content=messages`.
fn squeeze(sql: &str) -> String {
    sql.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '"' | '`' | '[' | ']'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

pub fn suspend(conn: &Connection) -> rusqlite::Result<Suspended> {
    let schema: Vec<(String, String, String)> = conn
        .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let indexes: Vec<String> = schema
        .iter()
        .filter(|(kind, _, sql)| {
            let s = squeeze(sql);
            kind == "table" && s.contains("usingfts5(") && s.contains("content=messages")
        })
        .map(|(_, name, _)| name.clone())
        .collect();
    let mut triggers = Vec::new();
    for (kind, name, sql) in &schema {
        let s = squeeze(sql);
        let feeds = indexes
            .iter()
            .any(|fts| s.contains(&format!("insertinto{}", fts.to_lowercase())));
        if kind == "trigger" && s.contains("afterinsertonmessages") && feeds {
            conn.execute_batch(&format!("DROP TRIGGER {}", quoted(name)))?;
            triggers.push(sql.clone());
        }
    }
    Ok(Suspended { indexes, triggers })
}

/// Rebuilds the indexes from `messages` and puts the triggers back.
pub fn resume(conn: &Connection, s: Suspended) -> rusqlite::Result<()> {
    if s.triggers.is_empty() {
        return Ok(());
    }
    for fts in &s.indexes {
        let q = quoted(fts);
        conn.execute_batch(&format!("INSERT INTO {q} ({q}) VALUES ('rebuild')"))?;
    }
    for sql in &s.triggers {
        conn.execute_batch(sql)?;
    }
    Ok(())
}
