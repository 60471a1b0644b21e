//! The HTTP API shared by the server and `RemoteService`: paths, query
//! parameters and the status code of every `ServiceError`, so the two
//! sides cannot drift. Bodies are the Service's own types as JSON.

use reqwest::StatusCode;
use serde::{Deserialize, Serialize};

use crate::domain::{AccountId, CategoryId, MessageStatus, OrgId};
use crate::service::{AccountQuery, MessageQuery, ServiceError};

pub const PREFIX: &str = "/api/v1";
pub const HEALTH: &str = "/healthz";

pub mod paths {
    //! Route templates (axum syntax); `RemoteService` fills them in.
    pub const ME: &str = "/api/v1/me";
    pub const ORGS: &str = "/api/v1/orgs";
    pub const ORG_SEARCH: &str = "/api/v1/orgs/search";
    pub const ORG: &str = "/api/v1/orgs/{id}";
    pub const ORG_ANCESTORS: &str = "/api/v1/orgs/{id}/ancestors";
    pub const ORG_ACCOUNTS: &str = "/api/v1/orgs/{id}/accounts";
    pub const ORG_MESSAGE_COUNTS: &str = "/api/v1/orgs/{id}/message-counts";
    pub const MESSAGES: &str = "/api/v1/messages";
    /// GET: the number of messages a query finds (same parameters as [`MESSAGES`]).
    pub const MESSAGES_COUNT: &str = "/api/v1/messages/count";
    pub const MESSAGE: &str = "/api/v1/messages/{id}";
    pub const CATEGORIES: &str = "/api/v1/categories";
    /// GET `?subtree=`: figures of the organisation's messages.
    pub const ORG_STATISTICS: &str = "/api/v1/orgs/{id}/statistics";
    /// GET `?category=`: templates for the organisation's messages.
    pub const ORG_TEMPLATES: &str = "/api/v1/orgs/{id}/templates";
    /// POST: a new template, body [`crate::domain::TemplateDraft`].
    pub const TEMPLATES: &str = "/api/v1/templates";
    /// PUT: new contents; DELETE.
    pub const TEMPLATE: &str = "/api/v1/templates/{id}";
    /// POST: the same step on many messages, body [`super::ActManyRequest`].
    pub const MESSAGES_ACT: &str = "/api/v1/messages/act";
    /// POST: one lifecycle step, body [`super::ActRequest`].
    pub const MESSAGE_ACT: &str = "/api/v1/messages/{id}/act";

    /// GET `?email=`: one account by its address.
    pub const ACCOUNT_BY_EMAIL: &str = "/api/v1/accounts/by-email";
    /// PUT: new details, body [`crate::domain::AccountDraft`].
    pub const ACCOUNT: &str = "/api/v1/accounts/{id}";
    /// POST: archive / restore / send the invitation again.
    pub const ACCOUNT_ARCHIVE: &str = "/api/v1/accounts/{id}/archive";
    pub const ACCOUNT_RESTORE: &str = "/api/v1/accounts/{id}/restore";
    pub const ACCOUNT_RESEND: &str = "/api/v1/accounts/{id}/resend";
    /// PUT: the categories the account handles, body `[id, …]`.
    pub const ACCOUNT_RESPONSIBILITIES: &str = "/api/v1/accounts/{id}/responsibilities";
    /// POST, no sign-in: body [`super::AcceptRequest`].
    pub const INVITATION_ACCEPT: &str = "/api/v1/invitations/accept";
    /// GET, no sign-in: where the training materials are.
    /// POST: "Мною пройдено обучение".
    pub const TRAINING: &str = "/api/v1/me/training";
    /// POST: a child cabinet, body [`crate::domain::OrgDraft`].
    pub const ORG_CHILDREN: &str = "/api/v1/orgs/{id}/children";
    /// POST: generate the widget code, body [`crate::domain::WidgetSettings`].
    pub const ORG_WIDGET: &str = "/api/v1/orgs/{id}/widget";
    /// POST: check the widget on the registered main page.
    pub const ORG_WIDGET_CHECK: &str = "/api/v1/orgs/{id}/widget/check";
    pub const ORG_READINESS: &str = "/api/v1/orgs/{id}/readiness";
    /// PUT: body [`super::DeadlineRequest`].
    pub const ORG_DEADLINE: &str = "/api/v1/orgs/{id}/readiness-deadline";
    pub const ORG_RESPONSIBILITIES: &str = "/api/v1/orgs/{id}/responsibilities";
    /// POST: body [`super::ImportRequest`]; GET: the subtree in the form's rows.
    pub const ORG_ONBOARDING: &str = "/api/v1/orgs/{id}/onboarding";
    /// GET: whether moderation is on; PUT: body `true` or `false`.
    pub const MODERATION: &str = "/api/v1/moderation";
    /// POST: a citizen's message from the intake, body [`crate::domain::IncomingMessage`].
    pub const INTAKE: &str = "/api/v1/intake";
    /// PUT: body [`super::CategoryDeadline`].
    pub const CATEGORY: &str = "/api/v1/categories/{id}";
    /// GET `?q=`: organisations to redirect a message to, best first.
    pub const MESSAGE_REDIRECT_TARGETS: &str = "/api/v1/messages/{id}/redirect-targets";
    /// GET: executors a message may be given to, best first.
    pub const MESSAGE_EXECUTORS: &str = "/api/v1/messages/{id}/executors";
    /// The page a person opens from the invitation mail (HTML).
    pub const INVITE_PAGE: &str = "/invite/{token}";

    /// A template with `{id}` replaced.
    pub fn with_id(template: &str, id: impl std::fmt::Display) -> String {
        template.replace("{id}", &id.to_string())
    }
}

/// `?subtree=` of [`paths::ORG_STATISTICS`].
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StatisticsParams {
    #[serde(default)]
    pub subtree: bool,
}

/// `?category=` of [`paths::ORG_TEMPLATES`].
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct TemplateParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<CategoryId>,
}

/// `?parent=` of [`paths::ORGS`].
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct ChildrenParams {
    pub parent: Option<OrgId>,
}

/// `?q=&limit=` of [`paths::ORG_SEARCH`].
#[derive(Debug, Serialize, Deserialize)]
pub struct SearchParams {
    pub q: String,
    #[serde(default)]
    pub limit: u32,
}

/// [`MessageQuery`] flattened into a query string (statuses comma-separated).
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
                            crate::domain::Field::Text,
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
                        crate::domain::Field::Text,
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

/// The body of [`paths::MESSAGE_ACT`]: the step and the version it applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActRequest {
    pub version: i64,
    pub act: crate::domain::Act,
}

/// The body of [`paths::MESSAGES_ACT`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActManyRequest {
    pub items: Vec<(crate::domain::MessageId, i64)>,
    pub act: crate::domain::Act,
}

/// `?email=` of [`paths::ACCOUNT_BY_EMAIL`].
#[derive(Debug, Serialize, Deserialize)]
pub struct EmailParams {
    pub email: String,
}

/// The body of [`paths::INVITATION_ACCEPT`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AcceptRequest {
    pub token: String,
    pub email: String,
}

/// The body of a POST to [`paths::ORG_ONBOARDING`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportRequest {
    pub rows: Vec<crate::domain::onboarding::FormRow>,
    #[serde(default)]
    pub dry_run: bool,
}

/// The largest import body the server reads (a 10,000-row form is ~3 MB).
pub const MAX_IMPORT_BODY: usize = 64 * 1024 * 1024;

/// The body of a PUT to [`paths::CATEGORY`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CategoryDeadline {
    pub days: u32,
    #[serde(default)]
    pub stages: Option<crate::domain::Stages>,
}

/// The body of [`paths::ORG_DEADLINE`]; `null` clears it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeadlineRequest {
    pub deadline: Option<chrono::NaiveDate>,
}

/// `?text=&after=&limit=` of [`paths::ORG_ACCOUNTS`]: the query itself.
pub type AccountParams = AccountQuery;

/// The HTTP status a `ServiceError` travels with.
pub fn status_of(e: &ServiceError) -> StatusCode {
    match e {
        ServiceError::NotFound { .. } => StatusCode::NOT_FOUND,
        ServiceError::Forbidden | ServiceError::TrainingRequired { .. } => StatusCode::FORBIDDEN,
        ServiceError::Conflict { .. } | ServiceError::WrongStatus { .. } => StatusCode::CONFLICT,
        ServiceError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        ServiceError::Malformed { .. } => StatusCode::BAD_REQUEST,
        ServiceError::Unauthenticated => StatusCode::UNAUTHORIZED,
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
