//! The message lifecycle as one explicit transition table (DOMAIN.md §4).
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
    fn forbidden_jumps() {
        assert_eq!(next(New, A::Approve), None);
        assert_eq!(next(Moderation, A::Assign), None);
        assert_eq!(next(OnApproval, A::EditDraft), None);
        assert_eq!(next(OnApproval, A::Close), None);
    }
}
