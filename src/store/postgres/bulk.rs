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
const HISTORY_COLUMNS: &str = "message_id, at, actor_id, action, from_status, to_status, comment";

pub struct Buffers {
    next_message: Cell<i64>,
    messages: RefCell<(String, usize)>,
    history: RefCell<(String, usize)>,
}

impl Buffers {
    /// Buffers for a transaction whose next message number is `next_message`.
    pub fn new(next_message: i64) -> Self {
        Buffers {
            next_message: Cell::new(next_message),
            messages: RefCell::default(),
            history: RefCell::default(),
        }
    }

    fn pending(&self) -> bool {
        self.messages.borrow().1 > 0 || self.history.borrow().1 > 0
    }
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
        Ok(())
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
