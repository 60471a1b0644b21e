//! What the server and `RemoteService` share besides the table of
//! operations (`service::surface`): the flat form of a message query, the
//! status code of every `ServiceError`, and a few limits and paths.

use reqwest::StatusCode;
use serde::{Deserialize, Serialize};

use crate::domain::{AccountId, CategoryId, MessageStatus, OrgId};
use crate::service::{MessageQuery, ServiceError};

pub const PREFIX: &str = "/api/v1";
pub const HEALTH: &str = "/healthz";
/// The change feed (server-sent events).
pub const EVENTS: &str = "/api/v1/events";
/// The header a reconnecting follower names the last event it saw with.
pub const LAST_EVENT_ID: &str = "last-event-id";

pub mod paths {
    //! Paths the table of operations does not declare.
    /// The page a person opens from the invitation mail (HTML).
    pub const INVITE_PAGE: &str = "/invite/{token}";
}

/// [`MessageQuery`] flattened into a query string (statuses comma-separated):
/// the form it travels in.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct MessageParams {
    pub org: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<i64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unassigned: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overdue: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_by: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub subtree: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    #[serde(default)]
    pub limit: u32,
}

impl From<&MessageQuery> for MessageParams {
    fn from(q: &MessageQuery) -> Self {
        let status = (!q.statuses.is_empty()).then(|| {
            q.statuses
                .iter()
                .map(|s| s.key())
                .collect::<Vec<_>>()
                .join(",")
        });
        MessageParams {
            org: q.org.0,
            status,
            category: q.category.map(|c| c.0),
            assignee: q.assignee.map(|a| a.0),
            unassigned: q.unassigned,
            overdue: q.overdue,
            due_by: q.due_by,
            source: q.source.map(|s| s.key().to_string()),
            subtree: q.subtree,
            text: q.text.clone(),
            after: q.after.clone(),
            limit: q.limit,
        }
    }
}

impl From<MessageQuery> for MessageParams {
    fn from(q: MessageQuery) -> Self {
        MessageParams::from(&q)
    }
}

impl TryFrom<MessageParams> for MessageQuery {
    type Error = ServiceError;
    fn try_from(p: MessageParams) -> Result<Self, ServiceError> {
        let statuses = match p.status.as_deref() {
            None | Some("") => Vec::new(),
            Some(list) => list
                .split(',')
                .map(|s| {
                    MessageStatus::from_key(s.trim()).ok_or_else(|| {
                        ServiceError::Invalid(crate::domain::Invalid::new(
                            crate::domain::Field::Status,
                            crate::domain::Problem::Unknown {
                                value: s.to_string(),
                            },
                        ))
                    })
                })
                .collect::<Result<_, _>>()?,
        };
        Ok(MessageQuery {
            org: OrgId(p.org),
            statuses,
            category: p.category.map(CategoryId),
            assignee: p.assignee.map(AccountId),
            unassigned: p.unassigned,
            overdue: p.overdue,
            due_by: p.due_by,
            source: match p.source.as_deref() {
                None | Some("") => None,
                Some(s) => Some(crate::domain::MessageSource::from_key(s).ok_or_else(|| {
                    ServiceError::Invalid(crate::domain::Invalid::new(
                        crate::domain::Field::Source,
                        crate::domain::Problem::Unknown {
                            value: s.to_string(),
                        },
                    ))
                })?),
            },
            subtree: p.subtree,
            text: p.text,
            after: p.after,
            limit: p.limit,
        })
    }
}

/// The largest import body the server reads (a 10,000-row form is ~3 MB).
pub const MAX_IMPORT_BODY: usize = 64 * 1024 * 1024;

/// The HTTP status a `ServiceError` travels with.
pub fn status_of(e: &ServiceError) -> StatusCode {
    match e {
        ServiceError::NotFound { .. } => StatusCode::NOT_FOUND,
        ServiceError::Forbidden | ServiceError::TrainingRequired { .. } => StatusCode::FORBIDDEN,
        ServiceError::Conflict { .. } | ServiceError::WrongStatus { .. } => StatusCode::CONFLICT,
        ServiceError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        ServiceError::Malformed { .. } => StatusCode::BAD_REQUEST,
        ServiceError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        ServiceError::Unauthenticated => StatusCode::UNAUTHORIZED,
        ServiceError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
        ServiceError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
        ServiceError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_params_round_trip() {
        let mut q = MessageQuery::for_org(OrgId(7));
        q.statuses = vec![MessageStatus::New, MessageStatus::InWork];
        q.overdue = true;
        q.text = Some("яма".into());
        q.after = Some("100".into());
        let params = MessageParams::from(&q);
        assert_eq!(params.status.as_deref(), Some("new,in-work"));
        let encoded = serde_urlencoded::to_string(&params).unwrap();
        let decoded: MessageParams = serde_urlencoded::from_str(&encoded).unwrap();
        assert_eq!(MessageQuery::try_from(decoded).unwrap(), q);
        let bad = MessageParams {
            org: 1,
            status: Some("lost".into()),
            ..Default::default()
        };
        assert!(matches!(
            MessageQuery::try_from(bad),
            Err(ServiceError::Invalid(_))
        ));
    }
}
