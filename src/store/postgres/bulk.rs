//! Loading in bulk (demo data at region size): messages and history lines
//! are gathered as `COPY` text and sent in batches instead of one `INSERT`
//! each; anything else the transaction runs sends them first, so that every
//! statement sees every write before it.

use std::cell::{Cell, RefCell};
use std::io::Write;

use super::PgTx;
use super::copy::{escape, lexemes};
use crate::store::records::{NewHistory, NewMessage};
use crate::store::{StoreError, StoreResult};

/// Rows gathered before they are sent.
const BATCH: usize = 20_000;

const MESSAGE_COLUMNS: &str = "id, org_id, category_id, kind, source, citizen_name, \
    citizen_contact, text, address, received_at, deadline, status, assignee_id, draft, answer, \
    updated_at, stems";
const HISTORY_COLUMNS: &str =
    "message_id, at, actor_id, action, from_status, to_status, comment, subject_id";

/// The tables loaded by `COPY`, whose secondary indexes are made again at
/// the end (once, instead of row by row).
const LOADED: &str = "'messages', 'message_history'";

pub struct Buffers {
    next_message: Cell<i64>,
    /// What makes the indexes and foreign keys dropped for the load again.
    indexes: Vec<String>,
    messages: RefCell<(String, usize)>,
    history: RefCell<(String, usize)>,
    /// Redirect requests of gathered messages: id, status before, target.
    redirects: RefCell<(Vec<i64>, Vec<i64>, Vec<i64>)>,
}

impl Buffers {
    /// Starts a load in `tx`: messages are numbered from the next free
    /// number, and the loaded tables' secondary indexes are dropped.
    pub fn begin(tx: &mut postgres::Transaction) -> StoreResult<Self> {
        let next: i64 = tx
            .query_one("SELECT coalesce(max(id), 0) + 1 FROM messages", &[])?
            .try_get(0)?;
        // No counting row by row; memory for making the indexes at the end
        // (this transaction only).
        tx.batch_execute(
            "ALTER TABLE messages DISABLE TRIGGER messages_keep_counts;
             SET LOCAL maintenance_work_mem = '256MB';",
        )?;
        let indexes = set_aside(tx)?;
        Ok(Buffers {
            next_message: Cell::new(next),
            indexes,
            messages: RefCell::default(),
            history: RefCell::default(),
            redirects: RefCell::default(),
        })
    }

    fn pending(&self) -> bool {
        self.messages.borrow().1 > 0
            || self.history.borrow().1 > 0
            || !self.redirects.borrow().0.is_empty()
    }
}

/// Drops the secondary indexes and foreign keys of the tables loaded in
/// bulk, and answers the statements that make them again.
pub(super) fn set_aside(tx: &mut postgres::Transaction) -> StoreResult<Vec<String>> {
    let rows = tx.query(
        &format!(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i
             JOIN pg_class c ON c.relname = i.indexname
             JOIN pg_index x ON x.indexrelid = c.oid
             WHERE i.schemaname = current_schema() AND i.tablename IN ({LOADED})
               AND NOT x.indisprimary AND NOT x.indisunique"
        ),
        &[],
    )?;
    let mut indexes = Vec::new();
    for r in &rows {
        let name: String = r.try_get(0)?;
        tx.batch_execute(&format!("DROP INDEX {name}"))?;
        indexes.push(r.try_get(1)?);
    }
    // Their foreign keys too: checked once at the end, not row by row.
    let rows = tx.query(
        &format!(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
             FROM pg_constraint c
             WHERE c.contype = 'f' AND c.conrelid::regclass::text IN ({LOADED})"
        ),
        &[],
    )?;
    for r in &rows {
        let (table, name, def): (String, String, String) =
            (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
        tx.batch_execute(&format!("ALTER TABLE {table} DROP CONSTRAINT {name}"))?;
        indexes.push(format!("ALTER TABLE {table} ADD CONSTRAINT {name} {def}"));
    }
    Ok(indexes)
}

fn field(out: &mut String, value: Option<&str>) {
    match value {
        Some(v) => escape(v, out),
        None => out.push_str("\\N"),
    }
    out.push('\t');
}

fn number(out: &mut String, value: Option<i64>) {
    match value {
        Some(n) => out.push_str(&n.to_string()),
        None => out.push_str("\\N"),
    }
    out.push('\t');
}

/// Ends a row: its last tab becomes the line's end.
fn end_row(out: &mut String) {
    out.pop();
    out.push('\n');
}

impl PgTx<'_> {
    /// Ends a load: what is gathered is sent, the indexes made again, the
    /// counts made from the messages.
    pub(super) fn end_bulk(&self) -> StoreResult<()> {
        let Some(bulk) = &self.bulk else {
            return Ok(());
        };
        self.flush_bulk()?;
        let mut tx = self.tx.borrow_mut();
        for index in &bulk.indexes {
            tx.batch_execute(index)?;
        }
        super::copy::rebuild_kept(&mut tx)
    }

    /// Sends what is gathered, messages before the history that names them.
    pub(super) fn flush_bulk(&self) -> StoreResult<()> {
        let Some(bulk) = &self.bulk else {
            return Ok(());
        };
        if !bulk.pending() {
            return Ok(());
        }
        for (table, columns, buffer) in [
            ("messages", MESSAGE_COLUMNS, &bulk.messages),
            ("message_history", HISTORY_COLUMNS, &bulk.history),
        ] {
            let mut buffer = buffer.borrow_mut();
            if buffer.1 == 0 {
                continue;
            }
            let mut tx = self.tx.borrow_mut();
            let mut writer = tx.copy_in(&format!("COPY {table} ({columns}) FROM STDIN"))?;
            writer
                .write_all(buffer.0.as_bytes())
                .map_err(|e| StoreError::Failed {
                    detail: format!("COPY {table}: {e}"),
                })?;
            writer.finish()?;
            buffer.0.clear();
            buffer.1 = 0;
        }
        let mut redirects = bulk.redirects.borrow_mut();
        if !redirects.0.is_empty() {
            let (ids, from, target) = &*redirects;
            self.tx.borrow_mut().execute(
                "UPDATE messages m SET prev_status = r.prev, redirect_org_id = r.target
                 FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS r(id, prev, target)
                 WHERE m.id = r.id",
                &[ids, from, target],
            )?;
            *redirects = Default::default();
        }
        Ok(())
    }

    /// Gathers a redirect request when loading in bulk; false otherwise.
    pub(super) fn gather_redirect(
        &self,
        id: crate::domain::MessageId,
        from: crate::domain::MessageStatus,
        target: crate::domain::OrgId,
    ) -> bool {
        let Some(bulk) = &self.bulk else {
            return false;
        };
        let mut r = bulk.redirects.borrow_mut();
        r.0.push(id.0);
        r.1.push(from.code());
        r.2.push(target.0);
        true
    }

    /// Gathers a message when loading in bulk; `None` otherwise.
    pub(super) fn gather_message(
        &self,
        m: &NewMessage,
    ) -> StoreResult<Option<crate::domain::MessageId>> {
        let Some(bulk) = &self.bulk else {
            return Ok(None);
        };
        let id = bulk.next_message.get();
        bulk.next_message.set(id + 1);
        let full = {
            let mut buffer = bulk.messages.borrow_mut();
            let out = &mut buffer.0;
            number(out, Some(id));
            number(out, Some(m.org.0));
            number(out, m.category.map(|c| c.0));
            field(out, Some(m.kind.key()));
            field(out, Some(m.source.key()));
            field(out, Some(&m.citizen_name));
            field(out, Some(&m.citizen_contact));
            field(out, Some(&m.text));
            field(out, m.address.as_deref());
            number(out, Some(m.received_at));
            field(out, Some(&m.deadline.format("%Y-%m-%d").to_string()));
            number(out, Some(m.status.code()));
            number(out, m.assignee.map(|a| a.0));
            field(out, m.draft.as_deref());
            field(out, m.answer.as_deref());
            number(out, Some(m.received_at));
            field(out, Some(&lexemes(&m.text, &m.citizen_name)));
            end_row(out);
            buffer.1 += 1;
            buffer.1 >= BATCH
        };
        if full {
            self.flush_bulk()?;
        }
        Ok(Some(crate::domain::MessageId(id)))
    }

    /// Gathers a history line when loading in bulk; false otherwise.
    pub(super) fn gather_history(&self, h: &NewHistory) -> StoreResult<bool> {
        let Some(bulk) = &self.bulk else {
            return Ok(false);
        };
        // Loaded histories (the demo's) carry no draft versions.
        debug_assert!(h.draft.is_none(), "a loaded history step with a draft");
        let full = {
            let mut buffer = bulk.history.borrow_mut();
            let out = &mut buffer.0;
            number(out, Some(h.message.0));
            number(out, Some(h.at));
            number(out, h.actor.map(|a| a.0));
            field(out, Some(h.action));
            number(out, h.from.map(|s| s.code()));
            number(out, h.to.map(|s| s.code()));
            field(out, h.comment);
            number(out, h.subject);
            end_row(out);
            buffer.1 += 1;
            buffer.1 >= BATCH
        };
        if full {
            self.flush_bulk()?;
        }
        Ok(true)
    }
}
