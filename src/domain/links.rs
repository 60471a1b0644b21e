//! Links between messages: a duplicate closed with a pointer to the message
//! that will be answered, and messages staff mark as related. A link is
//! seen from both of its messages.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::MessageId;
use super::message::MessageStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// About the same matter; either side may be answered.
    Related,
    /// This message was closed as a duplicate of the other one.
    DuplicateOf,
    /// The other message was closed as a duplicate of this one.
    Duplicate,
}

impl LinkKind {
    pub const ALL: [LinkKind; 3] = [
        LinkKind::Related,
        LinkKind::DuplicateOf,
        LinkKind::Duplicate,
    ];

    /// The store's small integer code; stable across versions.
    pub fn code(self) -> i64 {
        match self {
            LinkKind::Related => 0,
            LinkKind::DuplicateOf => 1,
            LinkKind::Duplicate => 2,
        }
    }

    pub fn from_code(code: i64) -> Option<Self> {
        LinkKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn key(self) -> &'static str {
        match self {
            LinkKind::Related => "related",
            LinkKind::DuplicateOf => "duplicate-of",
            LinkKind::Duplicate => "duplicate",
        }
    }

    /// The same link as the other message sees it.
    pub fn reverse(self) -> Self {
        match self {
            LinkKind::Related => LinkKind::Related,
            LinkKind::DuplicateOf => LinkKind::Duplicate,
            LinkKind::Duplicate => LinkKind::DuplicateOf,
        }
    }
}

/// A linked message as a message view lists it, to be opened from there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageLink {
    pub kind: LinkKind,
    pub id: MessageId,
    pub status: MessageStatus,
    pub org_name: String,
    pub received_at: DateTime<Utc>,
    /// The first line of its text, shortened.
    pub summary: String,
}

/// The most links one message keeps.
pub const MAX_LINKS: usize = 50;

/// How many of the citizen's other messages a message lists (the newest).
pub const CITIZEN_MESSAGES: u32 = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_sides_agree() {
        for kind in LinkKind::ALL {
            assert_eq!(LinkKind::from_code(kind.code()), Some(kind));
            assert_eq!(kind.reverse().reverse(), kind);
        }
        assert_eq!(LinkKind::DuplicateOf.reverse(), LinkKind::Duplicate);
        assert_eq!(LinkKind::from_code(3), None);
    }
}
