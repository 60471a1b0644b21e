//! Messages from citizens, their classifier categories and their history.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{AccountId, CategoryId, MessageId, OrgId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MessageStatus {
    Moderation,
    New,
    InWork,
    OnApproval,
    RedirectRequested,
    Answered,
    Rejected,
    Closed,
}

impl MessageStatus {
    pub const ALL: [MessageStatus; 8] = [
        MessageStatus::Moderation,
        MessageStatus::New,
        MessageStatus::InWork,
        MessageStatus::OnApproval,
        MessageStatus::RedirectRequested,
        MessageStatus::Answered,
        MessageStatus::Rejected,
        MessageStatus::Closed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MessageStatus::Moderation => "moderation",
            MessageStatus::New => "new",
            MessageStatus::InWork => "in-work",
            MessageStatus::OnApproval => "on-approval",
            MessageStatus::RedirectRequested => "redirect-requested",
            MessageStatus::Answered => "answered",
            MessageStatus::Rejected => "rejected",
            MessageStatus::Closed => "closed",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        MessageStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Still waiting for the organisation: the deadline clock runs.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            MessageStatus::Answered | MessageStatus::Rejected | MessageStatus::Closed
        )
    }

    /// The store's small integer code; stable across versions.
    pub fn code(self) -> i64 {
        self as i64
    }

    pub fn from_code(code: i64) -> Option<Self> {
        MessageStatus::ALL.get(usize::try_from(code).ok()?).copied()
    }
}

/// Informal message (сообщение) or formal appeal under 59-ФЗ (обращение).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MessageKind {
    Message,
    Appeal,
}

impl MessageKind {
    pub fn key(self) -> &'static str {
        match self {
            MessageKind::Message => "message",
            MessageKind::Appeal => "appeal",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [MessageKind::Message, MessageKind::Appeal]
            .into_iter()
            .find(|k| k.key() == key)
    }
}

/// Where the citizen wrote from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MessageSource {
    Gosuslugi,
    MobileApp,
    Widget,
    Other,
}

impl MessageSource {
    pub const ALL: [MessageSource; 4] = [
        MessageSource::Gosuslugi,
        MessageSource::MobileApp,
        MessageSource::Widget,
        MessageSource::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MessageSource::Gosuslugi => "gosuslugi",
            MessageSource::MobileApp => "mobile-app",
            MessageSource::Widget => "widget",
            MessageSource::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        MessageSource::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// A category's deadline split into stages, in working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stages {
    pub moderation: u32,
    pub execution: u32,
    pub approval: u32,
}

impl Stages {
    /// When the stage a message in `status` is in ends, counted from the
    /// day it was received; `None` once it is no longer open.
    pub fn stage_deadline(&self, status: MessageStatus, received: NaiveDate) -> Option<NaiveDate> {
        let days = match status {
            MessageStatus::Moderation => self.moderation,
            MessageStatus::New | MessageStatus::InWork | MessageStatus::RedirectRequested => {
                self.moderation + self.execution
            }
            MessageStatus::OnApproval => self.moderation + self.execution + self.approval,
            MessageStatus::Answered | MessageStatus::Rejected | MessageStatus::Closed => {
                return None;
            }
        };
        Some(super::calendar::platform().add_working_days(received, days))
    }
}

/// A classifier entry: a category (no parent) or a subcategory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: CategoryId,
    pub parent: Option<CategoryId>,
    pub name: String,
    /// Working days to answer, counted from receipt.
    pub deadline_days: u32,
    /// The deadline split into stages, if the category splits it.
    #[serde(default)]
    pub stages: Option<Stages>,
}

/// One line of a queue: what the list shows, nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRow {
    pub id: MessageId,
    pub org: OrgId,
    pub received_at: DateTime<Utc>,
    pub category: String,
    pub status: MessageStatus,
    pub deadline: NaiveDate,
    pub assignee: Option<AccountId>,
    pub assignee_name: Option<String>,
    /// The first line of the text, shortened.
    pub summary: String,
    /// For steps taken from the list (a stale one is a conflict).
    pub version: i64,
    /// When the current stage ends, if the category splits its deadline.
    #[serde(default)]
    pub stage_deadline: Option<NaiveDate>,
    /// The short name of the organisation it is in, shown when a queue
    /// spans several.
    #[serde(default)]
    pub org_name: String,
}

/// A whole message with its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: MessageId,
    pub org: OrgId,
    pub org_name: String,
    pub category: Option<CategoryId>,
    /// "Category › Subcategory".
    pub category_name: String,
    pub kind: MessageKind,
    pub source: MessageSource,
    pub citizen_name: String,
    pub citizen_contact: String,
    pub text: String,
    pub address: Option<String>,
    pub received_at: DateTime<Utc>,
    pub deadline: NaiveDate,
    /// When the current stage ends, if the category splits its deadline.
    #[serde(default)]
    pub stage_deadline: Option<NaiveDate>,
    pub status: MessageStatus,
    pub assignee: Option<AccountId>,
    pub assignee_name: Option<String>,
    pub draft: Option<String>,
    pub answer: Option<String>,
    /// Where a requested redirect would move the message.
    pub redirect_to: Option<OrgId>,
    pub redirect_to_name: Option<String>,
    pub version: i64,
    /// The newest [`HISTORY_PAGE`] steps, oldest first; the earlier ones
    /// come a page at a time (`message_history`).
    pub history: Vec<HistoryEntry>,
    /// How many earlier steps `history` leaves out.
    #[serde(default)]
    pub history_earlier: u64,
    /// The messages linked to this one that the reader may see.
    #[serde(default)]
    pub links: Vec<super::links::MessageLink>,
}

/// How many steps of a message's history come with it, and in each page after.
pub const HISTORY_PAGE: u32 = 50;

/// A page of a message's earlier history, oldest first, and how many
/// steps are earlier still.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub entries: Vec<HistoryEntry>,
    pub earlier: u64,
}

/// One recorded action: who, when, what changed and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Its place in the store's order of steps (to page from).
    #[serde(default)]
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: Option<AccountId>,
    pub actor_name: String,
    pub action: String,
    pub from_status: Option<MessageStatus>,
    pub to_status: Option<MessageStatus>,
    pub comment: Option<String>,
    /// Whom or where the step was about: the executor given the message,
    /// the organisation of a redirect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

/// The history as people read it: a run of draft edits by one person in a
/// row is one line (the last of them) with how many there were.
pub fn folded_history(history: &[HistoryEntry]) -> Vec<(&HistoryEntry, usize)> {
    let mut out: Vec<(&HistoryEntry, usize)> = Vec::new();
    for h in history {
        if let Some((last, n)) = out.last_mut()
            && h.action == "edit-draft"
            && last.action == h.action
            && last.actor == h.actor
        {
            *last = h;
            *n += 1;
            continue;
        }
        out.push((h, 1));
    }
    out
}

/// Where a message stands against its deadline, in working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// No longer open: the deadline no longer runs.
    Closed,
    /// Working days left (0: due today).
    Left(i64),
    /// Working days past the deadline (at least 1).
    Overdue(i64),
}

pub fn due(status: MessageStatus, deadline: NaiveDate, today: NaiveDate) -> Due {
    if !status.is_open() {
        return Due::Closed;
    }
    let left = super::calendar::platform().working_days_until(today, deadline);
    if deadline < today {
        Due::Overdue((-left).max(1))
    } else {
        Due::Left(left)
    }
}

/// The first line of `text`, at most `max` characters, with an ellipsis when cut.
pub fn summary(text: &str, max: usize) -> String {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if line.chars().count() <= max {
        line.to_string()
    } else {
        let mut s: String = line.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draft_edits_in_a_row_by_one_person_are_one_line() {
        let at = |m: i64| DateTime::from_timestamp(1_700_000_000 + m * 60, 0).unwrap_or_default();
        let entry = |m: i64, actor: i64, action: &str| HistoryEntry {
            id: m,
            at: at(m),
            actor: Some(AccountId(actor)),
            actor_name: format!("№ {actor}"),
            action: action.into(),
            from_status: None,
            to_status: None,
            comment: None,
            subject: None,
        };
        let history = vec![
            entry(0, 1, "assign"),
            entry(1, 2, "edit-draft"),
            entry(2, 2, "edit-draft"),
            entry(3, 2, "edit-draft"),
            entry(4, 3, "edit-draft"),
            entry(5, 2, "submit-draft"),
            entry(6, 2, "edit-draft"),
        ];
        let folded: Vec<(i64, &str, usize)> = folded_history(&history)
            .iter()
            .map(|(h, n)| {
                (
                    (h.at.timestamp() - 1_700_000_000) / 60,
                    h.action.as_str(),
                    *n,
                )
            })
            .collect();
        assert_eq!(
            folded,
            vec![
                (0, "assign", 1),
                (3, "edit-draft", 3),
                (4, "edit-draft", 1),
                (5, "submit-draft", 1),
                (6, "edit-draft", 1),
            ]
        );
    }

    #[test]
    fn status_codes_round_trip() {
        for s in MessageStatus::ALL {
            assert_eq!(MessageStatus::from_code(s.code()), Some(s));
            assert_eq!(MessageStatus::from_key(s.key()), Some(s));
        }
        assert_eq!(MessageStatus::from_code(99), None);
        assert!(MessageStatus::InWork.is_open() && !MessageStatus::Answered.is_open());
    }

    #[test]
    fn due_counts_working_days() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Friday 2026-03-13 → Tuesday 2026-03-17: Mon and Tue are working days.
        assert_eq!(
            due(MessageStatus::New, d("2026-03-17"), d("2026-03-13")),
            Due::Left(2)
        );
        assert_eq!(
            due(MessageStatus::New, d("2026-03-13"), d("2026-03-13")),
            Due::Left(0)
        );
        assert_eq!(
            due(MessageStatus::InWork, d("2026-03-12"), d("2026-03-16")),
            Due::Overdue(2)
        );
        // Deadline on Sunday, today Monday: one working day late at most.
        assert_eq!(
            due(MessageStatus::InWork, d("2026-03-15"), d("2026-03-16")),
            Due::Overdue(1)
        );
        assert_eq!(
            due(MessageStatus::Answered, d("2026-03-12"), d("2026-03-16")),
            Due::Closed
        );
    }

    #[test]
    fn stages_split_the_deadline() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let stages = Stages {
            moderation: 1,
            execution: 8,
            approval: 1,
        };
        // Received Monday 2026-03-02: moderation ends Tuesday; execution nine working days in
        // (Monday 9 March is the moved day off of 8 March).
        assert_eq!(
            stages.stage_deadline(MessageStatus::Moderation, d("2026-03-02")),
            Some(d("2026-03-03"))
        );
        assert_eq!(
            stages.stage_deadline(MessageStatus::InWork, d("2026-03-02")),
            Some(d("2026-03-16"))
        );
        assert_eq!(
            stages.stage_deadline(MessageStatus::OnApproval, d("2026-03-02")),
            Some(d("2026-03-17"))
        );
        assert_eq!(
            stages.stage_deadline(MessageStatus::Answered, d("2026-03-02")),
            None
        );
    }

    #[test]
    fn summaries() {
        assert_eq!(summary("\n  Яма на дороге\nдетали", 40), "Яма на дороге");
        assert_eq!(summary("абвгдеёжз", 5), "абвг…");
    }
}

/// A citizen's message as the intake hands it over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingMessage {
    pub org: OrgId,
    #[serde(default)]
    pub category: Option<CategoryId>,
    pub kind: MessageKind,
    pub source: MessageSource,
    pub citizen_name: String,
    pub citizen_contact: String,
    pub text: String,
    #[serde(default)]
    pub address: Option<String>,
}

impl IncomingMessage {
    pub fn validate(&self) -> Result<(), super::error::Invalid> {
        use super::error::{Field, Invalid, Problem};
        let max = super::lifecycle::MAX_TEXT;
        for (field, value, limit) in [
            (Field::Name, &self.citizen_name, 300),
            (Field::Contact, &self.citizen_contact, 300),
            (Field::Text, &self.text, max),
        ] {
            if value.trim().is_empty() {
                return Err(Invalid::new(field, Problem::Empty));
            }
            if value.chars().count() > limit {
                return Err(Invalid::new(field, Problem::TooLong { max: limit }));
            }
        }
        Ok(())
    }
}
