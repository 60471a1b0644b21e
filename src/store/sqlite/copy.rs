//! The embedded store as either side of a copy (`otklik store copy`).

use std::path::Path;

use rusqlite::types::{Value as Cell, ValueRef};
use rusqlite::{Connection, params_from_iter};

use super::{OpenMode, SqliteStore, search};
use crate::store::copy::{Copied, CopyError, Kind, Source, Table, Target, Value};
use crate::store::{StoreError, StoreResult};

fn value(cell: ValueRef, kind: Kind) -> StoreResult<Value> {
    let bad = || StoreError::Failed {
        detail: format!("a {kind:?} column holds {:?}", cell.data_type()),
    };
    Ok(match (cell, kind) {
        (ValueRef::Null, _) => Value::Null,
        (ValueRef::Integer(i), Kind::Int) => Value::Int(i),
        (ValueRef::Integer(i), Kind::Bool) => Value::Bool(i != 0),
        (ValueRef::Text(t), Kind::Text) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        (ValueRef::Text(t), Kind::Date) => {
            let text = String::from_utf8_lossy(t);
            Value::Date(chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| bad())?)
        }
        _ => return Err(bad()),
    })
}

fn cell(v: Value) -> Cell {
    match v {
        Value::Null => Cell::Null,
        Value::Int(i) => Cell::Integer(i),
        Value::Bool(b) => Cell::Integer(i64::from(b)),
        Value::Date(d) => Cell::Text(d.format("%Y-%m-%d").to_string()),
        Value::Text(t) => Cell::Text(t),
    }
}

/// One side of a copy on a connection inside a transaction.
struct Side<'c>(&'c Connection);

impl Side<'_> {
    fn read(
        &self,
        table: &Table,
        sql: &str,
        arg: Option<i64>,
        each: &mut dyn FnMut(Vec<Value>) -> StoreResult<()>,
    ) -> StoreResult<()> {
        let mut stmt = self.0.prepare(sql)?;
        let mut rows = match arg {
            Some(a) => stmt.query([a])?,
            None => stmt.query([])?,
        };
        while let Some(r) = rows.next()? {
            let row = table
                .columns
                .iter()
                .enumerate()
                .map(|(i, (_, kind))| value(r.get_ref(i)?, *kind))
                .collect::<StoreResult<Vec<_>>>()?;
            each(row)?;
        }
        Ok(())
    }
}

impl Source for Side<'_> {
    fn count(&mut self, table: &Table) -> StoreResult<u64> {
        let n: i64 =
            self.0
                .query_row(&format!("SELECT count(*) FROM {}", table.name), [], |r| {
                    r.get(0)
                })?;
        Ok(n.max(0) as u64)
    }

    fn rows(
        &mut self,
        table: &Table,
        each: &mut dyn FnMut(Vec<Value>) -> StoreResult<()>,
    ) -> StoreResult<()> {
        let sql = table.select("");
        self.read(table, &sql, None, each)
    }

    fn sample(&mut self, table: &Table, step: u64) -> StoreResult<Vec<Vec<Value>>> {
        let Some(key) = table.key else {
            return Ok(Vec::new());
        };
        let sql = table.select(&format!("WHERE {key} % ?1 = 0"));
        let mut out = Vec::new();
        self.read(table, &sql, Some(step as i64), &mut |row| {
            out.push(row);
            Ok(())
        })?;
        Ok(out)
    }
}

impl Target for Side<'_> {
    fn write(&mut self, table: &Table, row: Vec<Value>) -> StoreResult<()> {
        let marks: Vec<String> = (1..=table.columns.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            table.name,
            table.column_list(),
            marks.join(", ")
        );
        self.0
            .prepare_cached(&sql)?
            .execute(params_from_iter(row.into_iter().map(cell)))?;
        Ok(())
    }

    fn end_table(&mut self, _table: &Table) -> StoreResult<()> {
        Ok(())
    }

    fn rebuild(&mut self) -> StoreResult<()> {
        // The counts were kept by the triggers row by row; the search
        // index is filled in one pass.
        Ok(search::rebuild_index(self.0)?)
    }
}

/// Runs `f` on the store at `path`, read as one snapshot.
pub fn with_source(
    path: &Path,
    f: &mut dyn FnMut(&mut dyn Source) -> Result<Copied, CopyError>,
) -> Result<Copied, CopyError> {
    let store = SqliteStore::open(path, OpenMode::Existing)?;
    let conn = store.reader();
    let snapshot = conn.unchecked_transaction().map_err(StoreError::from)?;
    let copied = f(&mut Side(&snapshot))?;
    snapshot.finish().map_err(StoreError::from)?;
    Ok(copied)
}

/// Runs `f` on a new store that becomes the file `path` only when `f`
/// succeeds: it is written beside it under another name and renamed.
pub fn with_target(
    path: &Path,
    f: &mut dyn FnMut(&mut dyn Target) -> Result<Copied, CopyError>,
) -> Result<Copied, CopyError> {
    let io = |e: std::io::Error| StoreError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    if path.exists() {
        return Err(CopyError::TargetExists(path.display().to_string()));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file = tempfile::Builder::new()
        .prefix(".otklik-copy-")
        .suffix(".db")
        .tempfile_in(dir)
        .map_err(io)?;
    let copied = {
        let store = SqliteStore::open(file.path(), OpenMode::Existing)?;
        let mut conn = store.writer();
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        search::suspend_indexing(&tx).map_err(StoreError::from)?;
        let copied = f(&mut Side(&tx))?;
        tx.commit().map_err(StoreError::from)?;
        copied
    };
    file.persist_noclobber(path).map_err(|e| io(e.error))?;
    Ok(copied)
}
