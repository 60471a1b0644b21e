//! Moving a whole store to another: the embedded file to a PostgreSQL
//! database and back. Rows travel table by table in a neutral form
//! ([`Value`]), parents before children; each side reads and writes its
//! own SQL. The kept counts and the search index are not copied: the
//! target rebuilds them from the messages. The target must be empty, is
//! written in one transaction and checked at the end (counts of every
//! table and a sample of rows, read back and compared).

use chrono::NaiveDate;

use super::{StoreError, StoreResult};

/// One cell as it travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Bool(bool),
    Date(NaiveDate),
    Text(String),
}

/// What a column holds (each may be NULL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Bool,
    Date,
    Text,
}

/// A table as both stores have it: its columns and the order that puts
/// parents before children.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Kind)],
    pub order: &'static str,
    /// The column a sample of rows is taken by (an integer key), if any.
    pub key: Option<&'static str>,
}

impl Table {
    /// Its rows in order, with `filter` (a WHERE clause or nothing).
    pub fn select(&self, filter: &str) -> String {
        format!(
            "SELECT {} FROM {} {filter} ORDER BY {}",
            self.column_list(),
            self.name,
            self.order
        )
    }

    pub fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|(c, _)| *c)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

use Kind::{Bool as B, Date as D, Int as I, Text as T};

/// Every table that holds data, in an order that satisfies the foreign keys.
pub const TABLES: &[Table] = &[
    Table {
        name: "meta",
        columns: &[("key", T), ("value", T)],
        order: "key",
        key: None,
    },
    Table {
        name: "orgs",
        columns: &[
            ("id", I),
            ("parent_id", I),
            ("path", T),
            ("name", T),
            ("short_name", T),
            ("name_key", T),
            ("sort_key", T),
            ("kind", T),
            ("ogrn", T),
            ("inn", T),
            ("site", T),
            ("ready", B),
            ("widget_site_approved", B),
            ("widget_variant", T),
            ("widget_banner", T),
            ("widget_generated_at", I),
            ("widget_checked_at", I),
            ("widget_found", B),
            ("readiness_deadline", D),
            ("created_at", I),
            ("archived_at", I),
        ],
        // A parent's path is a prefix of its children's: shorter first.
        order: "length(path), id",
        key: Some("id"),
    },
    Table {
        name: "accounts",
        columns: &[
            ("id", I),
            ("org_id", I),
            ("surname", T),
            ("first_name", T),
            ("patronymic", T),
            ("sort_key", T),
            ("search_key", T),
            ("email", T),
            ("email_key", T),
            ("phone", T),
            ("position", T),
            ("roles", I),
            ("status", T),
            ("invited_at", I),
            ("invitations_sent", I),
            ("confirmed_at", I),
            ("trained_at", I),
            ("created_at", I),
        ],
        order: "id",
        key: Some("id"),
    },
    Table {
        name: "tokens",
        columns: &[
            ("hash", T),
            ("account_id", I),
            ("created_at", I),
            ("revoked_at", I),
        ],
        order: "hash",
        key: None,
    },
    Table {
        name: "invitations",
        columns: &[
            ("hash", T),
            ("account_id", I),
            ("created_at", I),
            ("expires_at", I),
            ("used_at", I),
            ("revoked_at", I),
        ],
        order: "hash",
        key: None,
    },
    Table {
        name: "categories",
        columns: &[
            ("id", I),
            ("parent_id", I),
            ("name", T),
            ("deadline_days", I),
            ("stage_moderation", I),
            ("stage_execution", I),
            ("stage_approval", I),
        ],
        order: "parent_id IS NOT NULL, id",
        key: Some("id"),
    },
    Table {
        name: "responsibilities",
        columns: &[("account_id", I), ("category_id", I)],
        order: "account_id, category_id",
        key: None,
    },
    Table {
        name: "messages",
        columns: &[
            ("id", I),
            ("org_id", I),
            ("category_id", I),
            ("kind", T),
            ("source", T),
            ("citizen_name", T),
            ("citizen_contact", T),
            ("text", T),
            ("address", T),
            ("received_at", I),
            ("deadline", D),
            ("status", I),
            ("assignee_id", I),
            ("draft", T),
            ("answer", T),
            ("version", I),
            ("prev_status", I),
            ("redirect_org_id", I),
            ("answered_at", I),
            ("answered_on_time", B),
            ("updated_at", I),
        ],
        order: "id",
        key: Some("id"),
    },
    Table {
        name: "message_history",
        columns: &[
            ("id", I),
            ("message_id", I),
            ("at", I),
            ("actor_id", I),
            ("action", T),
            ("from_status", I),
            ("to_status", I),
            ("comment", T),
            ("subject_id", I),
            ("draft", T),
        ],
        order: "id",
        key: Some("id"),
    },
    Table {
        name: "message_links",
        columns: &[
            ("message_id", I),
            ("other_id", I),
            ("kind", I),
            ("created_at", I),
            ("created_by", I),
        ],
        order: "message_id, other_id",
        key: None,
    },
    Table {
        name: "templates",
        columns: &[
            ("id", I),
            ("org_id", I),
            ("category_id", I),
            ("title", T),
            ("body", T),
            ("updated_at", I),
        ],
        order: "id",
        key: Some("id"),
    },
    Table {
        name: "polls",
        columns: &[
            ("id", I),
            ("org_id", I),
            ("status", T),
            ("version", I),
            ("title", T),
            ("draft", T),
            ("opens_at", I),
            ("closes_at", I),
            ("ballots", I),
            ("ballot_key", T),
            ("created_by", I),
            ("created_at", I),
            ("updated_at", I),
        ],
        order: "id",
        key: Some("id"),
    },
    Table {
        name: "poll_tallies",
        columns: &[("poll_id", I), ("question", I), ("slot", I), ("votes", I)],
        order: "poll_id, question, slot",
        key: None,
    },
    Table {
        name: "poll_ballots",
        columns: &[("poll_id", I), ("ref", T), ("answers", T)],
        order: "poll_id, answers, ref",
        key: None,
    },
    Table {
        name: "ballot_requests",
        columns: &[
            ("id", I),
            ("poll_id", I),
            ("contact", T),
            ("voter", T),
            ("created_at", I),
        ],
        order: "id",
        key: Some("id"),
    },
    Table {
        name: "ballot_links",
        columns: &[
            ("hash", T),
            ("request_id", I),
            ("poll_id", I),
            ("created_at", I),
            ("expires_at", I),
        ],
        order: "hash",
        key: None,
    },
    Table {
        name: "mail_queue",
        columns: &[
            ("id", I),
            ("kind", T),
            ("account_id", I),
            ("state", T),
            ("attempts", I),
            ("at", I),
            ("error", T),
            ("created_at", I),
            ("message_id", I),
            ("ballot_request_id", I),
        ],
        order: "id",
        key: Some("id"),
    },
    Table {
        name: "tracking_links",
        columns: &[("hash", T), ("message_id", I), ("created_at", I)],
        order: "hash",
        key: None,
    },
    Table {
        name: "intake_limits",
        columns: &[("key", T), ("since", I), ("hits", I), ("message_id", I)],
        order: "key",
        key: None,
    },
];

/// How many rows of each table the final check reads back on both sides.
pub const SAMPLE: u64 = 1000;

/// One side of a copy: it can say how many rows a table has, and hand
/// over its rows in the table's order.
pub trait Source {
    fn count(&mut self, table: &Table) -> StoreResult<u64>;
    /// Every row, in order, one at a time.
    fn rows(
        &mut self,
        table: &Table,
        each: &mut dyn FnMut(Vec<Value>) -> StoreResult<()>,
    ) -> StoreResult<()>;
    /// The rows whose key is a multiple of `step`, in order (the check's sample).
    fn sample(&mut self, table: &Table, step: u64) -> StoreResult<Vec<Vec<Value>>>;
}

/// The other side: an empty store taking rows in one transaction.
pub trait Target: Source {
    fn write(&mut self, table: &Table, row: Vec<Value>) -> StoreResult<()>;
    /// After the last row of a table.
    fn end_table(&mut self, table: &Table) -> StoreResult<()>;
    /// Rebuilds what the store keeps from the rows (counts, search index).
    fn rebuild(&mut self) -> StoreResult<()>;
}

/// What was copied: rows per table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Copied {
    pub tables: Vec<(&'static str, u64)>,
}

impl Copied {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

/// Why a copy stopped (nothing of it is kept then).
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file to copy into must not exist yet.
    #[error("{0} exists already")]
    TargetExists(String),
    /// The target holds data already.
    #[error("the target is not empty: its table {0} has rows")]
    NotEmpty(&'static str),
    /// Read back, the target differs from the source.
    #[error("the copy of {table} does not agree with the original: {what}")]
    Mismatch { table: &'static str, what: String },
}

/// Progress: rows done, rows in all.
pub type Progress<'p> = &'p mut (dyn FnMut(u64, u64) + Send);

/// Copies every table of `from` into `to` and checks the result: counts
/// of every table, and a sample of rows, equal on both sides. The caller
/// commits `to` only when this answers `Ok`.
pub fn copy(
    from: &mut dyn Source,
    to: &mut dyn Target,
    progress: Progress,
) -> Result<Copied, CopyError> {
    let mut total = 0;
    let mut counts = Vec::new();
    for table in TABLES {
        let n = from.count(table)?;
        if to.count(table)? > 0 {
            return Err(CopyError::NotEmpty(table.name));
        }
        counts.push(n);
        total += n;
    }
    let mut done = 0;
    progress(done, total);
    for table in TABLES {
        from.rows(table, &mut |row| {
            to.write(table, row)?;
            done += 1;
            if done % 1000 == 0 {
                progress(done, total);
            }
            Ok(())
        })?;
        to.end_table(table)?;
    }
    to.rebuild()?;
    progress(done, total);
    let mut copied = Copied::default();
    for (table, &expected) in TABLES.iter().zip(&counts) {
        let found = to.count(table)?;
        if found != expected {
            return Err(mismatch(table, format!("{expected} rows, {found} copied")));
        }
        if table.key.is_some() {
            let step = (expected / SAMPLE).max(1);
            if from.sample(table, step)? != to.sample(table, step)? {
                return Err(mismatch(table, "sampled rows differ".into()));
            }
        }
        copied.tables.push((table.name, expected));
    }
    Ok(copied)
}

fn mismatch(table: &Table, what: String) -> CopyError {
    CopyError::Mismatch {
        table: table.name,
        what,
    }
}

/// Copies the store at `from` into a new store at `to` (each a file's
/// path or a `postgres://` URL): all of it or, on any error, nothing.
pub fn copy_store(from: &str, to: &str, progress: Progress) -> Result<Copied, CopyError> {
    super::postgres::off_runtime(move || {
        with_source(from, &mut |source| {
            with_target(to, &mut |target| copy(source, target, &mut *progress))
        })
    })
}

type WithSource<'a> = &'a mut dyn FnMut(&mut dyn Source) -> Result<Copied, CopyError>;
type WithTarget<'a> = &'a mut dyn FnMut(&mut dyn Target) -> Result<Copied, CopyError>;

fn with_source(location: &str, f: WithSource) -> Result<Copied, CopyError> {
    if super::postgres::is_url(location) {
        super::postgres::copy::with_source(location, f)
    } else {
        super::sqlite::copy::with_source(std::path::Path::new(location), f)
    }
}

fn with_target(location: &str, f: WithTarget) -> Result<Copied, CopyError> {
    if super::postgres::is_url(location) {
        super::postgres::copy::with_target(location, f)
    } else {
        super::sqlite::copy::with_target(std::path::Path::new(location), f)
    }
}
