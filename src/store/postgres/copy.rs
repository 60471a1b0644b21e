//! A PostgreSQL database as either side of a copy (`otklik store copy`):
//! rows are read as they stream and written with `COPY`, in batches.

use std::io::Write;

use postgres::fallible_iterator::FallibleIterator;
use postgres::{IsolationLevel, Row, Transaction};

use super::{PgStore, WRITE_LOCK};
use crate::store::copy::{Copied, CopyError, Kind, Source, Table, Target, Value};
use crate::store::keys::stems;
use crate::store::{StoreError, StoreResult};

/// Rows sent in one `COPY`.
const BATCH: usize = 10_000;

fn value(r: &Row, i: usize, kind: Kind) -> StoreResult<Value> {
    let v = match kind {
        Kind::Int => r.try_get::<_, Option<i64>>(i)?.map(Value::Int),
        Kind::Bool => r.try_get::<_, Option<bool>>(i)?.map(Value::Bool),
        Kind::Date => r
            .try_get::<_, Option<chrono::NaiveDate>>(i)?
            .map(Value::Date),
        Kind::Text => r.try_get::<_, Option<String>>(i)?.map(Value::Text),
    };
    Ok(v.unwrap_or(Value::Null))
}

/// `text` as a field of `COPY`'s text format.
pub(super) fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
}

/// The search lexemes of a message as a `tsvector` literal.
pub(super) fn lexemes(text: &str, citizen: &str) -> String {
    let mut words = stems(text);
    words.extend(stems(citizen));
    words
        .iter()
        .map(|w| format!("'{}'", w.replace('\\', "\\\\").replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(" ")
}

struct Side<'t, 'c> {
    tx: &'t mut Transaction<'c>,
    /// What makes the indexes set aside for the load again (a target).
    set_aside: Vec<String>,
    /// `COPY` text of the rows not sent yet, and how many.
    pending: String,
    rows: usize,
}

impl Side<'_, '_> {
    fn read(
        &mut self,
        table: &Table,
        sql: &str,
        arg: Option<i64>,
        each: &mut dyn FnMut(Vec<Value>) -> StoreResult<()>,
    ) -> StoreResult<()> {
        let args: Vec<i64> = arg.into_iter().collect();
        let mut rows = self.tx.query_raw(sql, &args)?;
        while let Some(r) = rows.next()? {
            let row = table
                .columns
                .iter()
                .enumerate()
                .map(|(i, (_, kind))| value(&r, i, *kind))
                .collect::<StoreResult<Vec<_>>>()?;
            each(row)?;
        }
        Ok(())
    }

    fn flush(&mut self, table: &Table) -> StoreResult<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let extra = if table.name == "messages" {
            ", stems"
        } else {
            ""
        };
        let sql = format!(
            "COPY {} ({}{extra}) FROM STDIN",
            table.name,
            table.column_list()
        );
        let mut writer = self.tx.copy_in(&sql)?;
        let failed = |e: std::io::Error| StoreError::Failed {
            detail: format!("COPY {}: {e}", table.name),
        };
        writer.write_all(self.pending.as_bytes()).map_err(failed)?;
        writer.finish()?;
        self.pending.clear();
        self.rows = 0;
        Ok(())
    }
}

impl Source for Side<'_, '_> {
    fn count(&mut self, table: &Table) -> StoreResult<u64> {
        let n: i64 = self
            .tx
            .query_one(&format!("SELECT count(*) FROM {}", table.name), &[])?
            .try_get(0)?;
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
        let sql = table.select(&format!("WHERE {key} % $1 = 0"));
        let mut out = Vec::new();
        self.read(table, &sql, Some(step as i64), &mut |row| {
            out.push(row);
            Ok(())
        })?;
        Ok(out)
    }
}

impl Target for Side<'_, '_> {
    fn write(&mut self, table: &Table, row: Vec<Value>) -> StoreResult<()> {
        let search = (table.name == "messages").then(|| {
            let text = |name: &str| match table.columns.iter().position(|(c, _)| *c == name) {
                Some(i) => match &row[i] {
                    Value::Text(t) => t.as_str(),
                    _ => "",
                },
                None => "",
            };
            lexemes(text("text"), text("citizen_name"))
        });
        for (i, v) in row.iter().enumerate() {
            if i > 0 {
                self.pending.push('\t');
            }
            match v {
                Value::Null => self.pending.push_str("\\N"),
                Value::Int(n) => self.pending.push_str(&n.to_string()),
                Value::Bool(b) => self.pending.push(if *b { 't' } else { 'f' }),
                Value::Date(d) => self.pending.push_str(&d.format("%Y-%m-%d").to_string()),
                Value::Text(t) => escape(t, &mut self.pending),
            }
        }
        if let Some(lexemes) = search {
            self.pending.push('\t');
            escape(&lexemes, &mut self.pending);
        }
        self.pending.push('\n');
        self.rows += 1;
        if self.rows >= BATCH {
            self.flush(table)?;
        }
        Ok(())
    }

    fn end_table(&mut self, table: &Table) -> StoreResult<()> {
        self.flush(table)
    }

    fn rebuild(&mut self) -> StoreResult<()> {
        for statement in &self.set_aside {
            self.tx.batch_execute(statement)?;
        }
        rebuild_kept(self.tx)
    }
}

/// The kept counts from the messages, the counting trigger back on, and
/// the id sequences past the ids written.
pub(super) fn rebuild_kept(tx: &mut Transaction) -> StoreResult<()> {
    tx.batch_execute(
        "DELETE FROM org_status_counts;
         DELETE FROM org_figures;
         INSERT INTO org_status_counts (org_id, status, n)
             SELECT org_id, status, count(*) FROM messages GROUP BY org_id, status;
         INSERT INTO org_figures (org_id, category_id, status, on_time, n)
             SELECT org_id, otklik_top_category(category_id), status, answered_on_time, count(*)
             FROM messages GROUP BY 1, 2, 3, 4;
         ALTER TABLE messages ENABLE TRIGGER messages_keep_counts;
         SELECT setval('orgs_id_seq', coalesce((SELECT max(id) FROM orgs), 0) + 1, false);
         SELECT setval(pg_get_serial_sequence('accounts', 'id'),
             coalesce((SELECT max(id) FROM accounts), 0) + 1, false);
         SELECT setval(pg_get_serial_sequence('categories', 'id'),
             coalesce((SELECT max(id) FROM categories), 0) + 1, false);
         SELECT setval(pg_get_serial_sequence('messages', 'id'),
             coalesce((SELECT max(id) FROM messages), 0) + 1, false);
         SELECT setval(pg_get_serial_sequence('message_history', 'id'),
             coalesce((SELECT max(id) FROM message_history), 0) + 1, false);
         SELECT setval(pg_get_serial_sequence('templates', 'id'),
             coalesce((SELECT max(id) FROM templates), 0) + 1, false);
         SELECT setval(pg_get_serial_sequence('mail_queue', 'id'),
             coalesce((SELECT max(id) FROM mail_queue), 0) + 1, false);
         SELECT setval(pg_get_serial_sequence('polls', 'id'),
             coalesce((SELECT max(id) FROM polls), 0) + 1, false);
         SELECT setval(pg_get_serial_sequence('ballot_requests', 'id'),
             coalesce((SELECT max(id) FROM ballot_requests), 0) + 1, false);",
    )?;
    Ok(())
}

/// Runs `f` on the database at `url`, read as one snapshot.
pub fn with_source(
    url: &str,
    f: &mut dyn FnMut(&mut dyn Source) -> Result<Copied, CopyError>,
) -> Result<Copied, CopyError> {
    let store = PgStore::open(url)?;
    let mut conn = store.pool.get()?;
    let mut tx = conn
        .client()
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(StoreError::from)?;
    let mut side = Side {
        tx: &mut tx,
        set_aside: Vec::new(),
        pending: String::new(),
        rows: 0,
    };
    f(&mut side)
}

/// Runs `f` on the database at `url` (which must hold no data) in one
/// transaction, committed only when `f` succeeds.
pub fn with_target(
    url: &str,
    f: &mut dyn FnMut(&mut dyn Target) -> Result<Copied, CopyError>,
) -> Result<Copied, CopyError> {
    let store = PgStore::open(url)?;
    let mut conn = store.pool.get()?;
    let mut tx = conn.client().transaction().map_err(StoreError::from)?;
    tx.batch_execute(&format!(
        "SELECT pg_advisory_xact_lock({WRITE_LOCK});
         ALTER TABLE messages DISABLE TRIGGER messages_keep_counts;
         SET LOCAL maintenance_work_mem = '256MB';"
    ))
    .map_err(StoreError::from)?;
    let set_aside = super::bulk::set_aside(&mut tx)?;
    let mut side = Side {
        tx: &mut tx,
        set_aside,
        pending: String::new(),
        rows: 0,
    };
    let copied = f(&mut side)?;
    tx.commit().map_err(StoreError::from)?;
    Ok(copied)
}
