//! The one error type every Service call returns, on both backends.

use serde::{Deserialize, Serialize};

use crate::domain::{Invalid, MessageAction, MessageStatus};

/// What was looked for and not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Entity {
    Organisation,
    Account,
    Message,
    Category,
    Template,
    Poll,
    /// An address the server does not serve.
    Route,
}

impl Entity {
    pub fn key(self) -> &'static str {
        match self {
            Entity::Organisation => "organisation",
            Entity::Account => "account",
            Entity::Message => "message",
            Entity::Category => "category",
            Entity::Template => "template",
            Entity::Poll => "poll",
            Entity::Route => "route",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum ServiceError {
    #[error("{} {id} not found", entity.key())]
    NotFound { entity: Entity, id: String },
    #[error("not allowed")]
    Forbidden,
    /// Somebody else changed it first; nothing was overwritten.
    #[error("changed by someone else (now version {current})")]
    Conflict { current: i64 },
    #[error("invalid value: {0}")]
    Invalid(Invalid),
    /// The lifecycle does not allow this step from the message's status.
    #[error("{} is not possible while the message is {}", action.key(), status.key())]
    WrongStatus {
        status: MessageStatus,
        action: MessageAction,
    },
    /// No valid sign-in: unknown, revoked or missing token, archived account.
    #[error("not signed in")]
    Unauthenticated,
    /// The person has not confirmed the training yet; nothing else is allowed.
    #[error("confirm the training first ({url})")]
    TrainingRequired { url: String },
    /// A request the server could not read (not JSON, too large, wrong shape).
    #[error("malformed request: {detail}")]
    Malformed { detail: String },
    /// A request body larger than the server takes (`max` bytes).
    #[error("the request is larger than {max} bytes")]
    TooLarge { max: u64 },
    /// Too many requests from one address or for one contact: try again
    /// after `retry_after_secs`.
    #[error("too many requests: try again in {retry_after_secs} s")]
    TooManyRequests { retry_after_secs: u64 },
    /// The store or the server cannot be reached or used right now.
    #[error("unavailable: {detail}")]
    Unavailable { detail: String },
    /// A fault inside the service; details are in its log.
    #[error("internal error: {detail}")]
    Internal { detail: String },
}

impl From<Invalid> for ServiceError {
    fn from(i: Invalid) -> Self {
        ServiceError::Invalid(i)
    }
}

impl From<crate::store::StoreError> for ServiceError {
    /// A busy store may be tried again; any other failure is logged with
    /// its detail and answered with a reference to that log line only, so
    /// that no driver text reaches a client.
    fn from(e: crate::store::StoreError) -> Self {
        match e {
            crate::store::StoreError::Busy => ServiceError::Unavailable {
                detail: "the store is busy".into(),
            },
            // Nobody waits for the answer: nothing to log or to tell.
            crate::store::StoreError::Cancelled => ServiceError::Unavailable {
                detail: "the read was cancelled".into(),
            },
            other => {
                let reference = hex::encode(rand::random::<[u8; 4]>());
                tracing::error!(reference = %reference, error = %other, "store error");
                ServiceError::Internal {
                    detail: format!("reference {reference}"),
                }
            }
        }
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
