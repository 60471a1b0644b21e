//! The votes module's statements, written once for both stores (with `$n`
//! parameters; the embedded store reads them as `?n`), and a poll's row
//! into its record.

use chrono::DateTime;

use super::records::PollRecord;
use crate::domain::polls::{PollDraft, PollStatus};
use crate::domain::{OrgId, PollId};
use crate::store::{StoreError, StoreResult};

/// The columns [`record`] reads, in its order.
pub const COLUMNS: &str =
    "id, org_id, status, version, draft, ballots, ballot_key, created_at, updated_at";

pub fn select_one() -> String {
    format!("SELECT {COLUMNS} FROM polls WHERE id = $1")
}

/// `$1` the organisation, `$2` the id to start before, `$3` how many.
pub fn select_page() -> String {
    format!("SELECT {COLUMNS} FROM polls WHERE org_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3")
}

pub const INSERT: &str = "INSERT INTO polls
    (org_id, status, version, title, draft, opens_at, closes_at, ballots, ballot_key,
     created_by, created_at, updated_at)
    VALUES ($1, $2, 1, $3, $4, $5, $6, 0, $7, $8, $9, $9) RETURNING id";

/// The next state of poll `$1` if it is still at version `$2`.
pub const SAVE: &str = "UPDATE polls SET status = $3, title = $4, draft = $5, opens_at = $6,
    closes_at = $7, version = version + 1, updated_at = $8 WHERE id = $1 AND version = $2";

pub const TALLIES: &str =
    "SELECT question, slot, votes FROM poll_tallies WHERE poll_id = $1 ORDER BY question, slot";

pub const ADD_TALLY: &str = "INSERT INTO poll_tallies (poll_id, question, slot, votes)
    VALUES ($1, $2, $3, $4)
    ON CONFLICT (poll_id, question, slot) DO UPDATE SET votes = poll_tallies.votes + excluded.votes";

pub const BALLOT: &str = "SELECT answers FROM poll_ballots WHERE poll_id = $1 AND ref = $2";

pub const BALLOTS: &str = "SELECT answers FROM poll_ballots WHERE poll_id = $1 LIMIT $2";

pub const INSERT_BALLOT: &str =
    "INSERT INTO poll_ballots (poll_id, ref, answers) VALUES ($1, $2, $3)";

pub const REPLACE_BALLOT: &str =
    "UPDATE poll_ballots SET answers = $3 WHERE poll_id = $1 AND ref = $2";

pub const COUNT_BALLOT: &str = "UPDATE polls SET ballots = ballots + 1 WHERE id = $1";

/// Published polls past their closing time (`$1`: now) whose ballots are
/// not sealed yet, at most `$2`.
pub const TO_SEAL: &str = "SELECT id FROM polls
    WHERE ballot_key IS NOT NULL AND status = 'published' AND closes_at <= $1
    ORDER BY id LIMIT $2";

pub const SET_KEY: &str = "UPDATE polls SET ballot_key = $2 WHERE id = $1";

/// Nothing links a ballot to its voter any more.
pub const FORGET_REFS: &str = "UPDATE poll_ballots SET ref = NULL WHERE poll_id = $1";

/// A poll's row as both stores read it, cell by cell in [`COLUMNS`]' order.
#[allow(clippy::too_many_arguments)]
pub fn record(
    id: i64,
    org: i64,
    status: &str,
    version: i64,
    draft: &str,
    ballots: i64,
    ballot_key: Option<String>,
    created_at: i64,
    updated_at: i64,
) -> StoreResult<PollRecord> {
    let bad = |what: &str| StoreError::Failed {
        detail: format!("polls {id}: {what}"),
    };
    let draft: PollDraft =
        serde_json::from_str(draft).map_err(|e| bad(&format!("the draft does not read: {e}")))?;
    let time = |secs| DateTime::from_timestamp(secs, 0).ok_or_else(|| bad("a time out of range"));
    Ok(PollRecord {
        id: PollId(id),
        org: OrgId(org),
        status: PollStatus::from_key(status).ok_or_else(|| bad("unknown status"))?,
        version,
        draft,
        ballots: ballots.max(0) as u64,
        ballot_key,
        created_at: time(created_at)?,
        updated_at: time(updated_at)?,
    })
}

/// The draft as stored.
pub fn draft_text(draft: &PollDraft) -> StoreResult<String> {
    serde_json::to_string(draft).map_err(|e| StoreError::Failed {
        detail: format!("polls: the draft does not write: {e}"),
    })
}

/// A citizen's request to vote: `$1` the poll, `$2` the contact, `$3` the
/// voter's keyed hash, `$4` now.
pub const INSERT_REQUEST: &str = "INSERT INTO ballot_requests (poll_id, contact, voter, created_at)
    VALUES ($1, $2, $3, $4) RETURNING id";

pub const REQUEST: &str = "SELECT poll_id, contact, voter FROM ballot_requests WHERE id = $1";

pub const QUEUE_LINK: &str =
    "INSERT INTO mail_queue (kind, ballot_request_id, state, attempts, at, created_at)
    VALUES ($1, $2, 'waiting', 0, $3, $3) RETURNING id";

pub const FORGET_CONTACT: &str = "UPDATE ballot_requests SET contact = NULL WHERE id = $1";

/// A ballot link: `$1` its hash, `$2` the request, `$3` the poll, `$4` now,
/// `$5` until when it works.
pub const ISSUE_LINK: &str =
    "INSERT INTO ballot_links (hash, request_id, poll_id, created_at, expires_at)
    VALUES ($1, $2, $3, $4, $5)";

/// The link's request, poll, voter and end (`$1` its hash).
pub const LINK: &str = "SELECT l.request_id, l.poll_id, r.voter, l.expires_at
    FROM ballot_links l JOIN ballot_requests r ON r.id = l.request_id WHERE l.hash = $1";

pub const FORGET_LINKS: &str = "DELETE FROM ballot_links WHERE poll_id = $1";

pub const FORGET_VOTERS: &str =
    "UPDATE ballot_requests SET contact = NULL, voter = NULL WHERE poll_id = $1";
