//! Outgoing mail as a durable queue: each mail is written in the
//! transaction that causes it and sent afterwards by a worker, with
//! retries; administrators see where each one stands.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{AccountId, MessageId};
use super::notice::Notice;

/// What a queued mail says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MailKind {
    /// The first invitation, or a new one (a resend, a new address).
    Invitation,
    /// The account was restored from the archive.
    Restored,
    /// A notice to a message's citizen (by mail, or by SMS to a phone).
    Notice(Notice),
}

/// Whom a queued mail is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MailTo {
    /// A staff account (invitations).
    Account(AccountId),
    /// The citizen who sent the message (its notices).
    Citizen(MessageId),
    /// A citizen who asked to vote in a poll (their ballot link), by the
    /// number of their request.
    Voter(i64),
}

/// Where a queued mail stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MailState {
    /// Not sent yet: due now, or after a failed attempt at `next_at`.
    Waiting,
    /// Taken by a worker; if that worker died, taken again after a while.
    Sending,
    Sent,
    /// Given up: the address cannot take mail, or every attempt failed.
    Failed,
    /// Not needed any more: a newer mail replaced it, or the account was archived.
    Cancelled,
}

impl MailState {
    pub const ALL: [MailState; 5] = [
        MailState::Waiting,
        MailState::Sending,
        MailState::Sent,
        MailState::Failed,
        MailState::Cancelled,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MailState::Waiting => "waiting",
            MailState::Sending => "sending",
            MailState::Sent => "sent",
            MailState::Failed => "failed",
            MailState::Cancelled => "cancelled",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        MailState::ALL.into_iter().find(|s| s.key() == key)
    }
}

impl MailKind {
    /// `invitation`, `restored`, `notice-<stage>`.
    pub fn key(self) -> String {
        match self {
            MailKind::Invitation => "invitation".into(),
            MailKind::Restored => "restored".into(),
            MailKind::Notice(n) => format!("notice-{}", n.key()),
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "invitation" => Some(MailKind::Invitation),
            "restored" => Some(MailKind::Restored),
            other => {
                let stage = other.strip_prefix("notice-")?;
                Notice::ALL
                    .into_iter()
                    .find(|n| n.key() == stage)
                    .map(MailKind::Notice)
            }
        }
    }
}

/// One mail of the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedMail {
    pub id: i64,
    pub kind: MailKind,
    pub to: MailTo,
    pub state: MailState,
    /// Attempts made so far.
    pub attempts: u32,
    /// When it is due (waiting) or was last touched (the other states).
    pub at: DateTime<Utc>,
    /// When it was queued.
    pub queued_at: DateTime<Utc>,
    /// Why the last attempt failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl QueuedMail {
    /// The same for every attempt at this mail, distinct from every other's:
    /// a file's name or a `Message-ID`, so that a mail sent again after a
    /// crash replaces itself instead of arriving twice where it can.
    pub fn key(&self) -> String {
        format!("otklik-{}-{}", self.queued_at.timestamp(), self.id)
    }
}

/// Attempts before a mail is given up.
pub const MAIL_ATTEMPTS: u32 = 6;

/// How long to wait after the `attempts`-th failed attempt before the next
/// one: a minute, five, half an hour, two hours, twelve.
pub fn retry_delay_secs(attempts: u32) -> Option<i64> {
    const DELAYS: [i64; 5] = [60, 300, 1800, 7200, 43_200];
    if attempts >= MAIL_ATTEMPTS {
        return None;
    }
    Some(DELAYS[(attempts.max(1) as usize - 1).min(DELAYS.len() - 1)])
}

/// The mail of an organisation (or of its subtree) as its administrators see it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailStatus {
    pub waiting: u64,
    pub sending: u64,
    pub sent: u64,
    pub failed: u64,
    /// Those not sent (waiting, sending, failed), the latest first, at most
    /// [`MAIL_STATUS_LINES`].
    pub unsent: Vec<MailLine>,
}

/// How many unsent mails [`MailStatus`] lists.
pub const MAIL_STATUS_LINES: u32 = 200;

/// One unsent mail with whom it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailLine {
    pub mail: QueuedMail,
    pub name: String,
    pub email: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_then_stop() {
        let delays: Vec<_> = (1..=MAIL_ATTEMPTS).map(retry_delay_secs).collect();
        assert_eq!(
            delays,
            vec![
                Some(60),
                Some(300),
                Some(1800),
                Some(7200),
                Some(43_200),
                None
            ]
        );
    }

    #[test]
    fn keys_read_back() {
        for s in MailState::ALL {
            assert_eq!(MailState::from_key(s.key()), Some(s));
        }
        let notices = crate::domain::notice::Notice::ALL.map(MailKind::Notice);
        for k in [MailKind::Invitation, MailKind::Restored]
            .iter()
            .chain(&notices)
        {
            assert_eq!(MailKind::from_key(&k.key()), Some(*k));
        }
        assert_eq!(MailKind::from_key("notice-weather"), None);
        assert_eq!(MailState::from_key("lost"), None);
    }
}
