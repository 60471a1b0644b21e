//! Requests and answers of the Service that are more than one value.
//! They travel as JSON too, so they are the wire types of the API.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{AccountId, CategoryId, MessageId, MessageStatus, OrgId};

/// How a caller proves who they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Credentials {
    /// Trusted local sign-in on the embedded store (whoever can open the file owns it).
    Email(String),
    /// A bearer token issued by `otklik token issue`.
    Token(String),
    /// The public side of a server in its own process (the citizens'
    /// form): never accepted from a client over the wire.
    Intake,
}

/// One page of a list and the cursor for the next one (keyset paging).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `after` to get the next page; `None` on the last page.
    pub next: Option<String>,
}

pub const DEFAULT_PAGE: u32 = 100;
pub const MAX_PAGE: u32 = 500;

/// Which messages of an organisation to list, newest first. It travels in
/// the flat form of [`crate::api::MessageParams`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    try_from = "crate::api::MessageParams",
    into = "crate::api::MessageParams"
)]
pub struct MessageQuery {
    pub org: OrgId,
    /// Empty means every status.
    pub statuses: Vec<MessageStatus>,
    /// A category includes its subcategories.
    pub category: Option<CategoryId>,
    pub assignee: Option<AccountId>,
    /// Only messages nobody is assigned to.
    pub unassigned: bool,
    pub overdue: bool,
    /// Only open messages due on this day or before.
    pub due_by: Option<chrono::NaiveDate>,
    pub source: Option<crate::domain::MessageSource>,
    /// The organisation's whole subtree (curators above it).
    pub subtree: bool,
    /// Substring of the text or citizen's name, or a message number.
    pub text: Option<String>,
    pub after: Option<String>,
    pub limit: u32,
}

impl MessageQuery {
    /// Every message of `org` the caller may see, first page.
    pub fn for_org(org: OrgId) -> Self {
        MessageQuery {
            org,
            statuses: Vec::new(),
            category: None,
            assignee: None,
            unassigned: false,
            overdue: false,
            due_by: None,
            source: None,
            subtree: false,
            text: None,
            after: None,
            limit: 0,
        }
    }
}

/// Which accounts of an organisation to list, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountQuery {
    /// Substring of the name, e-mail or position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    #[serde(default)]
    pub limit: u32,
}

/// Counts for the queue's tabs, as far as the caller may see.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    pub by_status: Vec<(MessageStatus, u64)>,
    pub overdue: u64,
}

impl StatusCounts {
    pub fn get(&self, status: MessageStatus) -> u64 {
        self.by_status
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }

    pub fn total(&self) -> u64 {
        self.by_status.iter().map(|(_, n)| n).sum()
    }
}

/// A message's position for the cursor of [`MessageQuery::after`].
pub fn message_cursor(id: MessageId) -> String {
    id.0.to_string()
}

/// What a step on many messages did: the ones done, and why the others were not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActReport {
    pub done: Vec<MessageId>,
    pub refused: Vec<(MessageId, super::ServiceError)>,
}

/// Figures of an organisation (or its subtree) for the statistics view.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statistics {
    pub subtree: bool,
    pub by_status: Vec<(MessageStatus, u64)>,
    pub overdue: u64,
    pub answered: u64,
    /// Answered no later than the deadline: the figure regions publish.
    pub answered_on_time: u64,
    /// Top-level categories, most messages first.
    pub by_category: Vec<(String, u64)>,
}

/// Figures of the messages received in a period, as regions publish them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PeriodFigures {
    pub received: u64,
    /// Answered (the answer approved) by now.
    pub answered: u64,
    /// Answered no later than the deadline.
    pub answered_on_time: u64,
    /// Still open and past the deadline today.
    pub overdue_now: u64,
    /// Median working days from the day received to the day answered.
    pub median_days: Option<f64>,
}

impl PeriodFigures {
    /// The share answered on time, in per cent (none answered: `None`).
    pub fn on_time_percent(&self) -> Option<f64> {
        percent(self.answered_on_time, self.answered)
    }
}

/// `part` of `whole` in per cent to a tenth (`None` of nothing).
fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

/// One organisation's messages of one top-level category ("" for none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportRow {
    pub org: OrgId,
    pub org_name: String,
    pub category: String,
    pub figures: PeriodFigures,
}

/// Answers approved in one week (from its Monday) and how many on time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekShare {
    pub week: NaiveDate,
    pub answered: u64,
    pub on_time: u64,
}

impl WeekShare {
    /// The week's share answered on time, in per cent (none answered: `None`).
    pub fn on_time_percent(&self) -> Option<f64> {
        percent(self.on_time, self.answered)
    }
}

/// The statistics of an organisation (or its subtree) over a period of
/// received days: by organisation and category, per organisation, in all,
/// and week by week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatisticsReport {
    pub org: OrgId,
    pub subtree: bool,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// By organisation (by name) and category (by name).
    pub rows: Vec<ReportRow>,
    /// Each organisation's rows together (category "").
    pub orgs: Vec<ReportRow>,
    pub total: PeriodFigures,
    /// The period's answers week by week, oldest first.
    pub weeks: Vec<WeekShare>,
}

impl Statistics {
    pub fn total(&self) -> u64 {
        self.by_status.iter().map(|(_, n)| n).sum()
    }

    /// The share answered on time, in per cent (none answered: `None`).
    pub fn on_time_percent(&self) -> Option<u64> {
        (self.answered > 0)
            .then(|| (self.answered_on_time * 100 + self.answered / 2) / self.answered)
    }
}
