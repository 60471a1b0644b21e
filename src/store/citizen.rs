//! The citizen side's statements, written once for both stores (with `$n`
//! parameters; the embedded store reads them as `?n`): tracking links,
//! the public form's counts, and the notices queued for a message.

use crate::domain::mail::{MailKind, MailState};
use crate::domain::notice::Notice;
use crate::store::{StoreError, StoreResult};

/// A tracking link: `$1` its hash, `$2` the message, `$3` now.
pub const ISSUE_TRACKING: &str =
    "INSERT INTO tracking_links (hash, message_id, created_at) VALUES ($1, $2, $3)";

pub const TRACKED: &str = "SELECT message_id FROM tracking_links WHERE hash = $1";

/// Counts one post under key `$1` in the period starting at `$2`: a new
/// period starts again from one; `$3`, when given, is the message the key
/// stands for.
pub const COUNT: &str = "INSERT INTO intake_limits (key, since, hits, message_id)
    VALUES ($1, $2, 1, $3)
    ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN intake_limits.since = excluded.since
                    THEN intake_limits.hits + 1 ELSE 1 END,
        message_id = CASE WHEN intake_limits.since = excluded.since
                    THEN coalesce(excluded.message_id, intake_limits.message_id)
                    ELSE excluded.message_id END,
        since = excluded.since
    RETURNING hits";

pub const COUNTED: &str =
    "SELECT hits, message_id FROM intake_limits WHERE key = $1 AND since = $2";

pub const FORGET: &str = "DELETE FROM intake_limits WHERE since < $1";

/// A notice to message `$2`'s citizen, kind `$1`, due at `$3`.
pub const QUEUE_NOTICE: &str =
    "INSERT INTO mail_queue (kind, message_id, state, attempts, at, created_at)
    VALUES ($1, $2, 'waiting', 0, $3, $3) RETURNING id";

pub const NOTICES: &str = "SELECT kind, state FROM mail_queue WHERE message_id = $1 ORDER BY id";

/// A notice's kind and state as stored.
pub fn notice_row(kind: &str, state: &str) -> StoreResult<(Notice, MailState)> {
    let bad = |what: &str| StoreError::Failed {
        detail: format!("mail_queue: unknown {what}"),
    };
    let notice = match MailKind::from_key(kind) {
        Some(MailKind::Notice(n)) => n,
        _ => return Err(bad("notice kind")),
    };
    Ok((
        notice,
        MailState::from_key(state).ok_or_else(|| bad("state"))?,
    ))
}
