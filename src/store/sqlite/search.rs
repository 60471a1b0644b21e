//! Full-text search by word stems. Texts are reduced to their Russian
//! Snowball stems (case-folded, ё as е) both when a message is indexed
//! (the SQL function `otklik_stems`, registered on every connection) and
//! when a query is made, so different forms of a word meet.

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, ToSql};

use super::messages::{conditions, number_in};
use super::plan::scope_share;
use crate::domain::MessageRow;
use crate::store::keys::split_page;
use crate::store::records::Filter;
use crate::store::rows::{MESSAGE_JOINS, message_row, row_columns};

use crate::store::keys::{MIN_PREFIX, stems};

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
        // A short prefix would match much of the index («от»: 416,052 of a
        // million messages, «от» alone 39,667): such words match whole.
        .map(|s| {
            if s.chars().count() >= MIN_PREFIX {
                format!("\"{s}\"*")
            } else {
                format!("\"{s}\"")
            }
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// A search's page is read from the index newest first, stopping at the
/// page's end, when its scope holds at least this share of all messages
/// (one in …): most of what the index finds is then in scope. Otherwise
/// every match is collected and the scope's own index sorts them.
const ORDERED_SHARE: i64 = 8;

/// The page of a words search over a scope that holds much of the store
/// (a city's curator): the index's matches newest first, each joined to
/// its message and tried against the other conditions, until the page is
/// full. «на» over the city on a million messages: 59 ms collecting every
/// match, 0.6 ms this way. `None` when the other way is the better one.
pub fn page_by_words(
    conn: &Connection,
    f: &Filter,
) -> rusqlite::Result<Option<(Vec<MessageRow>, Option<String>)>> {
    let Some(text) = f.text.as_deref().filter(|t| number_in(t).is_none()) else {
        return Ok(None);
    };
    let Some(words) = query(text) else {
        return Ok(None);
    };
    let (within, all) = scope_share(conn, f, f.subtree.as_ref().map(|(a, b)| (a, b)))?;
    if within * ORDERED_SHARE < all {
        return Ok(None);
    }
    let rest = Filter {
        text: None,
        ..f.clone()
    };
    let (conditions, mut args) = conditions(&rest, true);
    let mut sql = format!(
        "SELECT {} FROM messages_fts w CROSS JOIN messages m ON m.id = w.rowid {MESSAGE_JOINS}
         WHERE messages_fts MATCH :words AND {conditions}",
        row_columns()
    );
    args.push((":words", Box::new(words)));
    if let Some(after) = f.after {
        sql += " AND w.rowid < :after";
        args.push((":after", Box::new(after)));
    }
    sql += " ORDER BY w.rowid DESC LIMIT :limit";
    args.push((":limit", Box::new(i64::from(f.limit) + 1)));
    let params: Vec<(&str, &dyn ToSql)> = args.iter().map(|(k, v)| (*k, v.as_ref())).collect();
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params.as_slice(), |r| message_row(r))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(split_page(rows, f.limit, |m| m.id.0.to_string())))
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
            Some(r#""ям" "на" "дорог"*"#)
        );
        assert_eq!(query(" \"*- "), None);
        assert_eq!(query("в школе").as_deref(), Some(r#""в" "школ"*"#));
        assert_eq!(query("от до").as_deref(), Some(r#""от" "до""#));
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
