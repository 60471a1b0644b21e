//! Full-text search by word stems. Texts are reduced to their Russian
//! Snowball stems (case-folded, ё as е) both when a message is indexed
//! (the SQL function `otklik_stems`, registered on every connection) and
//! when a query is made, so different forms of a word meet.

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

use crate::store::keys::stems;

/// The insert trigger of `messages_fts`, exactly as the schema has it
/// (dropped and recreated around bulk loads).
pub const INDEX_TRIGGER: &str = "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, stems) VALUES (NEW.id, otklik_stems(NEW.text, NEW.citizen_name));
END";

/// The FTS5 query for what someone typed: every word's stem, as a prefix
/// (so a word still being typed matches). `None` when there are no words.
pub fn query(text: &str) -> Option<String> {
    let words: Vec<String> = stems(text)
        .into_iter()
        // A one-letter prefix would match half the index: such words must match whole.
        .map(|s| {
            if s.chars().count() > 1 {
                format!("\"{s}\"*")
            } else {
                format!("\"{s}\"")
            }
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Registers `otklik_stems(text, ...)` on a connection.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "otklik_stems",
        -1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let mut all = Vec::new();
            for i in 0..ctx.len() {
                if let Some(text) = ctx.get::<Option<String>>(i)? {
                    all.extend(stems(&text));
                }
            }
            Ok(all.join(" "))
        },
    )
}

/// Stops indexing row by row (for a bulk load inside one transaction).
pub fn suspend_indexing(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("DROP TRIGGER IF EXISTS messages_fts_insert")
}

/// Indexes every message in one pass and indexes row by row again.
pub fn rebuild_index(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(&format!(
        "DELETE FROM messages_fts;
         INSERT INTO messages_fts (rowid, stems) SELECT id, otklik_stems(text, citizen_name) FROM messages;
         DROP TRIGGER IF EXISTS messages_fts_insert;
         {INDEX_TRIGGER};"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_forms_meet() {
        assert_eq!(stems("дорога"), stems("дороги"));
        assert_eq!(stems("дорогу"), stems("Дорогой"));
        assert_eq!(stems("Ёлки"), stems("елка"));
        assert_eq!(stems("ямы"), stems("Яма"));
        assert_eq!(stems("Отопления нет, 100%!"), vec!["отоплен", "нет", "100"]);
        assert_eq!(
            query("яма на дороге").as_deref(),
            Some(r#""ям"* "на"* "дорог"*"#)
        );
        assert_eq!(query(" \"*- "), None);
        assert_eq!(query("в школе").as_deref(), Some(r#""в" "школ"*"#));
    }

    #[test]
    fn the_schema_has_this_trigger() {
        let migration = include_str!("migrations/0001_init.sql");
        assert!(
            migration.contains(INDEX_TRIGGER),
            "search::INDEX_TRIGGER differs from the migration"
        );
    }
}
