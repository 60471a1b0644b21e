//! The mail queue's statements, written once for both stores (with `$n`
//! parameters; the embedded store reads them as `?n`), and the status
//! made of their rows.

use crate::domain::account::full_name;
use crate::domain::mail::{MailLine, MailState, MailStatus, QueuedMail};
use crate::store::records::MailScope;
use crate::store::rows::{Cells, queued_mail};

/// Due mails: waiting ones whose time has come (`$1`: now), and those
/// taken for sending before `$2`.
pub const DUE: &str = "SELECT id FROM mail_queue
    WHERE state IN ('waiting', 'sending') AND at <= $1 AND (state = 'waiting' OR at <= $2)
    ORDER BY at, id LIMIT $3";

pub const LATEST: &str =
    "SELECT id, kind, account_id, state, attempts, at, error, created_at, message_id,
    ballot_request_id FROM mail_queue
    WHERE id = (SELECT max(id) FROM mail_queue WHERE account_id = $1)";

/// The mails of account `$1`, newest first, at most `$2`.
pub const OF_ACCOUNT: &str =
    "SELECT id, kind, account_id, state, attempts, at, error, created_at, message_id,
    ballot_request_id FROM mail_queue
    WHERE account_id = $1 ORDER BY id DESC LIMIT $2";

/// Cancels the mails of account `$1` not sent yet at `$2`: waiting ones,
/// and one being sent (its worker's finish then finds it cancelled).
pub const CANCEL: &str = "UPDATE mail_queue SET state = 'cancelled', at = $2
    WHERE account_id = $1 AND state IN ('waiting', 'sending')";

pub const QUEUE: &str = "INSERT INTO mail_queue (kind, account_id, state, attempts, at, created_at)
    VALUES ($1, $2, 'waiting', 0, $3, $3) RETURNING id";

/// Takes mail `$1` at `$2` if it is due ([`DUE`]'s condition, `$3` the stale time).
pub const CLAIM: &str = "UPDATE mail_queue SET state = 'sending', attempts = attempts + 1, at = $2
    WHERE id = $1 AND state IN ('waiting', 'sending') AND at <= $2
      AND (state = 'waiting' OR at <= $3)
    RETURNING id, kind, account_id, state, attempts, at, error, created_at, message_id,
        ballot_request_id";

/// Records attempt `$5` of mail `$1`, unless the mail was cancelled or
/// taken over by another worker (a later attempt) meanwhile.
pub const FINISH: &str = "UPDATE mail_queue SET state = $2, at = $3, error = $4
    WHERE id = $1 AND state = 'sending' AND attempts = $5";

/// The latest mail of each account in the scope (`$1`, or `$1`..`$2`).
fn latest_in(scope: MailScope) -> &'static str {
    match scope {
        MailScope::Org(_) => {
            "FROM mail_queue m JOIN accounts a ON a.id = m.account_id
             WHERE a.org_id = $1
               AND m.id = (SELECT max(id) FROM mail_queue l WHERE l.account_id = m.account_id)"
        }
        MailScope::Paths(..) => {
            "FROM mail_queue m JOIN accounts a ON a.id = m.account_id
             JOIN orgs o ON o.id = a.org_id
             WHERE o.path >= $1 AND o.path < $2
               AND m.id = (SELECT max(id) FROM mail_queue l WHERE l.account_id = m.account_id)"
        }
    }
}

/// Counts of the latest mails per state: rows of (state, count).
pub fn status_counts(scope: MailScope) -> String {
    format!(
        "SELECT m.state, count(*) {} AND m.state != 'cancelled' GROUP BY m.state",
        latest_in(scope)
    )
}

/// The latest unsent, newest first: a mail's columns, then the account's
/// surname, first name, patronymic and address. The limit is the last parameter.
pub fn status_lines(scope: MailScope) -> String {
    let limit = match scope {
        MailScope::Org(_) => "$2",
        MailScope::Paths(..) => "$3",
    };
    format!(
        "SELECT m.id, m.kind, m.account_id, m.state, m.attempts, m.at, m.error, m.created_at,
                m.message_id, m.ballot_request_id, a.surname, a.first_name, a.patronymic, a.email
         {} AND m.state IN ('waiting', 'sending', 'failed') ORDER BY m.id DESC LIMIT {limit}",
        latest_in(scope)
    )
}

/// Adds one (state, count) row to the status.
pub fn count_into(status: &mut MailStatus, state: &str, count: i64) {
    let n = count.max(0) as u64;
    match MailState::from_key(state) {
        Some(MailState::Waiting) => status.waiting += n,
        Some(MailState::Sending) => status.sending += n,
        Some(MailState::Sent) => status.sent += n,
        Some(MailState::Failed) => status.failed += n,
        Some(MailState::Cancelled) | None => {}
    }
}

/// One row of [`status_lines`].
pub fn line<R: Cells>(r: &R) -> Result<MailLine, R::Error> {
    let mail: QueuedMail = queued_mail(r, 0)?;
    Ok(MailLine {
        mail,
        name: full_name(&r.text(10)?, &r.text(11)?, &r.text(12)?),
        email: r.text(13)?,
    })
}
