//! The message lifecycle as one explicit transition table (docs/domain.md §4).
//!
//! ```text
//! Moderation ─accept→ New ─assign→ InWork ─submit→ OnApproval ─approve→ Answered
//!      └─reject→ Rejected            ▲                  │
//!                                    └──── return ──────┘
//! New/InWork ─ask redirect→ RedirectRequested ─approve→ New (in the target)
//!                                             └─decline→ back where it was
//! New/InWork ─close→ Closed
//! ```

use serde::{Deserialize, Serialize};

use super::error::{Field, Invalid, Problem};
use super::ids::{AccountId, OrgId};
use super::message::MessageStatus::{self, *};

/// Everything that can be done to a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MessageAction {
    Accept,
    Reject,
    Assign,
    EditDraft,
    SubmitDraft,
    Approve,
    Return,
    AskRedirect,
    ApproveRedirect,
    DeclineRedirect,
    Close,
}

impl MessageAction {
    pub const ALL: [MessageAction; 11] = [
        MessageAction::Accept,
        MessageAction::Reject,
        MessageAction::Assign,
        MessageAction::EditDraft,
        MessageAction::SubmitDraft,
        MessageAction::Approve,
        MessageAction::Return,
        MessageAction::AskRedirect,
        MessageAction::ApproveRedirect,
        MessageAction::DeclineRedirect,
        MessageAction::Close,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MessageAction::Accept => "accept",
            MessageAction::Reject => "reject",
            MessageAction::Assign => "assign",
            MessageAction::EditDraft => "edit-draft",
            MessageAction::SubmitDraft => "submit-draft",
            MessageAction::Approve => "approve",
            MessageAction::Return => "return",
            MessageAction::AskRedirect => "ask-redirect",
            MessageAction::ApproveRedirect => "approve-redirect",
            MessageAction::DeclineRedirect => "decline-redirect",
            MessageAction::Close => "close",
        }
    }
}

/// A request to move a message along, with what each step needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "act", rename_all = "kebab-case")]
pub enum Act {
    Accept,
    Reject {
        reason: String,
    },
    Assign {
        executor: AccountId,
    },
    EditDraft {
        text: String,
    },
    SubmitDraft,
    Approve,
    Return {
        comment: String,
    },
    AskRedirect {
        target: OrgId,
        reason: String,
    },
    ApproveRedirect,
    DeclineRedirect {
        comment: Option<String>,
    },
    Close {
        reason: String,
    },
    /// Closes the message as a duplicate of `of`, linking both ways; the
    /// citizen is told where the answer will be.
    CloseDuplicate {
        of: super::ids::MessageId,
    },
}

/// Longest draft or answer accepted, in characters.
pub const MAX_TEXT: usize = 20_000;
/// Longest reason or comment accepted, in characters.
pub const MAX_COMMENT: usize = 2_000;

impl Act {
    pub fn action(&self) -> MessageAction {
        match self {
            Act::Accept => MessageAction::Accept,
            Act::Reject { .. } => MessageAction::Reject,
            Act::Assign { .. } => MessageAction::Assign,
            Act::EditDraft { .. } => MessageAction::EditDraft,
            Act::SubmitDraft => MessageAction::SubmitDraft,
            Act::Approve => MessageAction::Approve,
            Act::Return { .. } => MessageAction::Return,
            Act::AskRedirect { .. } => MessageAction::AskRedirect,
            Act::ApproveRedirect => MessageAction::ApproveRedirect,
            Act::DeclineRedirect { .. } => MessageAction::DeclineRedirect,
            Act::Close { .. } | Act::CloseDuplicate { .. } => MessageAction::Close,
        }
    }

    /// The comment recorded in the history, if the step has one.
    pub fn comment(&self) -> Option<&str> {
        match self {
            Act::Reject { reason } | Act::Close { reason } | Act::AskRedirect { reason, .. } => {
                Some(reason)
            }
            Act::Return { comment } => Some(comment),
            Act::DeclineRedirect { comment } => comment.as_deref(),
            _ => None,
        }
    }

    /// Checks what the step carries: reasons and comments given where they
    /// are required, texts within their limits. Permissions and the current
    /// status are the service's part.
    pub fn validate(&self) -> Result<(), Invalid> {
        let required = |text: &str, field: Field| {
            if text.trim().is_empty() {
                Err(Invalid::new(field, Problem::Empty))
            } else if text.chars().count() > MAX_COMMENT {
                Err(Invalid::new(field, Problem::TooLong { max: MAX_COMMENT }))
            } else {
                Ok(())
            }
        };
        match self {
            Act::Reject { reason } | Act::Close { reason } | Act::AskRedirect { reason, .. } => {
                required(reason, Field::Reason)
            }
            Act::Return { comment } => required(comment, Field::Comment),
            Act::DeclineRedirect { comment: Some(c) } if c.chars().count() > MAX_COMMENT => Err(
                Invalid::new(Field::Comment, Problem::TooLong { max: MAX_COMMENT }),
            ),
            Act::EditDraft { text } if text.chars().count() > MAX_TEXT => Err(Invalid::new(
                Field::Text,
                Problem::TooLong { max: MAX_TEXT },
            )),
            _ => Ok(()),
        }
    }
}

/// A staff note on a message: not empty, no longer than a comment.
pub fn validate_note(text: &str) -> Result<(), Invalid> {
    if text.trim().is_empty() {
        Err(Invalid::new(Field::Comment, Problem::Empty))
    } else if text.chars().count() > MAX_COMMENT {
        Err(Invalid::new(
            Field::Comment,
            Problem::TooLong { max: MAX_COMMENT },
        ))
    } else {
        Ok(())
    }
}

/// Where an action leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    To(MessageStatus),
    /// Back to the status the message had before the redirect was asked.
    Previous,
}

use MessageAction as A;

/// The whole lifecycle: (from, action, to). Nothing else is allowed.
pub const TRANSITIONS: &[(MessageStatus, MessageAction, Next)] = &[
    (Moderation, A::Accept, Next::To(New)),
    (Moderation, A::Reject, Next::To(Rejected)),
    (New, A::Assign, Next::To(InWork)),
    (InWork, A::Assign, Next::To(InWork)),
    (InWork, A::EditDraft, Next::To(InWork)),
    (InWork, A::SubmitDraft, Next::To(OnApproval)),
    (OnApproval, A::Approve, Next::To(Answered)),
    (OnApproval, A::Return, Next::To(InWork)),
    (New, A::AskRedirect, Next::To(RedirectRequested)),
    (InWork, A::AskRedirect, Next::To(RedirectRequested)),
    (RedirectRequested, A::ApproveRedirect, Next::To(New)),
    (RedirectRequested, A::DeclineRedirect, Next::Previous),
    (New, A::Close, Next::To(Closed)),
    (InWork, A::Close, Next::To(Closed)),
];

/// Where `action` takes a message in status `from`, if it is allowed at all.
pub fn next(from: MessageStatus, action: MessageAction) -> Option<Next> {
    TRANSITIONS
        .iter()
        .find(|(f, a, _)| *f == from && *a == action)
        .map(|(_, _, to)| *to)
}

/// The actions the lifecycle allows from `from`.
pub fn actions_from(from: MessageStatus) -> impl Iterator<Item = MessageAction> {
    TRANSITIONS
        .iter()
        .filter(move |(f, _, _)| *f == from)
        .map(|(_, a, _)| *a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn happy_path() {
        assert_eq!(next(Moderation, A::Accept), Some(Next::To(New)));
        assert_eq!(next(New, A::Assign), Some(Next::To(InWork)));
        assert_eq!(next(InWork, A::SubmitDraft), Some(Next::To(OnApproval)));
        assert_eq!(next(OnApproval, A::Return), Some(Next::To(InWork)));
        assert_eq!(next(OnApproval, A::Approve), Some(Next::To(Answered)));
        assert_eq!(
            next(RedirectRequested, A::DeclineRedirect),
            Some(Next::Previous)
        );
    }

    #[test]
    fn final_states_have_no_way_out() {
        for s in [Answered, Rejected, Closed] {
            assert_eq!(actions_from(s).count(), 0, "{s:?}");
            for a in MessageAction::ALL {
                assert_eq!(next(s, a), None);
            }
        }
    }

    #[test]
    fn no_duplicate_rows() {
        for (i, (f, a, _)) in TRANSITIONS.iter().enumerate() {
            assert!(
                !TRANSITIONS[i + 1..]
                    .iter()
                    .any(|(f2, a2, _)| f2 == f && a2 == a)
            );
        }
    }

    #[test]
    fn acts_check_what_they_carry() {
        assert_eq!(
            Act::Close { reason: " ".into() }.validate(),
            Err(Invalid::new(Field::Reason, Problem::Empty))
        );
        assert_eq!(
            Act::Return {
                comment: String::new()
            }
            .validate()
            .unwrap_err()
            .field,
            Field::Comment
        );
        assert!(Act::DeclineRedirect { comment: None }.validate().is_ok());
        let long = "я".repeat(MAX_TEXT + 1);
        assert_eq!(
            Act::EditDraft { text: long }.validate(),
            Err(Invalid::new(
                Field::Text,
                Problem::TooLong { max: MAX_TEXT }
            ))
        );
        assert!(
            Act::EditDraft {
                text: String::new()
            }
            .validate()
            .is_ok()
        );
        assert_eq!(
            Act::AskRedirect {
                target: OrgId(1),
                reason: "не наше".into()
            }
            .comment(),
            Some("не наше")
        );
        let json = serde_json::to_string(&Act::Assign {
            executor: AccountId(5),
        })
        .unwrap();
        assert_eq!(json, r#"{"act":"assign","executor":5}"#);
    }

    #[test]
    fn forbidden_jumps() {
        assert_eq!(next(New, A::Approve), None);
        assert_eq!(next(Moderation, A::Assign), None);
        assert_eq!(next(OnApproval, A::EditDraft), None);
        assert_eq!(next(OnApproval, A::Close), None);
    }
}
