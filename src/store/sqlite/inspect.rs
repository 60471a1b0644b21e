//! Reading the file as SQL, for tests that check what the embedded store
//! holds (demo data, the schema) rather than what the rules answer.

use rusqlite::types::Value;
use sha2::{Digest, Sha256};

use super::SqliteStore;

/// The one integer `sql` selects.
pub fn count(store: &SqliteStore, sql: &str) -> rusqlite::Result<i64> {
    store.reader().query_row(sql, [], |r| r.get(0))
}

/// The first column of every row `sql` selects, as text.
pub fn strings(store: &SqliteStore, sql: &str) -> rusqlite::Result<Vec<String>> {
    let conn = store.reader();
    let mut stmt = conn.prepare(sql)?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

/// A SHA-256 over every row of `tables`, in key order: equal digests mean
/// equal contents.
pub fn digest(store: &SqliteStore, tables: &[&str]) -> rusqlite::Result<String> {
    let conn = store.reader();
    let mut hash = Sha256::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            for i in 0..columns {
                let v: Value = row.get(i)?;
                hash.update(format!("{v:?}\u{1f}").as_bytes());
            }
            hash.update(b"\n");
        }
    }
    Ok(hex::encode(hash.finalize()))
}
