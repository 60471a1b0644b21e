//! What administration calls answer (docs/domain.md §2, §3, §5, §7):
//! a saved account with its invitation mail, an accepted invitation, and
//! the choices the assignment and redirect pickers offer.

use serde::{Deserialize, Serialize};

use crate::domain::{Account, OrgNode};

/// Whether an invitation mail went out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mail", rename_all = "kebab-case")]
pub enum MailOutcome {
    Sent,
    /// The account is saved; the mail was not sent. It is tried again
    /// later when `will_retry`; otherwise only a resend helps.
    Failed {
        detail: String,
        #[serde(default)]
        will_retry: bool,
    },
    /// Left in the queue: another worker is sending it.
    Queued,
}

/// An account as saved, with the invitation mail it caused (if any).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSaved {
    pub account: Account,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<MailOutcome>,
}

/// An accepted invitation: the confirmed account and its sign-in token
/// (shown once; only its hash is kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationAccepted {
    pub account: Account,
    pub token: String,
}

/// What every client of a platform follows, whatever its own settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Platform {
    /// The platform's time zone (IANA name): "today", overdue, times shown.
    pub timezone: String,
    /// The production calendar's years its administrators loaded, laid
    /// over the shipped ones (none from a server that does not say).
    #[serde(default)]
    pub calendar: Vec<crate::domain::calendar::CalendarYear>,
}

/// An executor as the assignment picker offers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutorChoice {
    pub account: Account,
    /// Handles the message's category.
    pub responsible: bool,
    /// Open messages assigned to them now.
    pub load: u64,
}

/// An organisation a message may be redirected to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedirectTarget {
    pub node: OrgNode,
    /// Messages of the message's category it has had: those who handle
    /// the category come first.
    pub handled: u64,
}
