//! The domain: what the platform is about, with no terminal, HTTP or SQL.
//!
//! - [`ids`]: typed identifiers
//! - [`values`]: validated values (ИНН, ОГРН, phone, e-mail, site)
//! - [`error`]: which field is wrong and why
//! - [`org`], [`account`], [`role`], [`message`]: the things themselves
//! - [`lifecycle`]: the message lifecycle as a transition table
//! - [`permissions`]: who may see and do what
//! - [`template`]: answer templates and their placeholders
//! - [`calendar`]: working days on the Russian production calendar
//! - [`clock`]: the platform's time zone, "today" and local days
//! - [`widget`]: the site widget's code and its placement check
//! - [`change`]: the events committed writes leave, and who may learn of them
//! - [`readiness`]: whether the cabinets of a subtree are set up to work
//! - [`mail`]: outgoing mail as a durable queue, and where each mail stands

pub mod account;
pub mod calendar;
pub mod change;
pub mod citizen;
pub mod clock;
pub mod diff;
pub mod error;
pub mod ids;
pub mod lifecycle;
pub mod links;
pub mod mail;
pub mod message;
pub mod notice;
pub mod onboarding;
pub mod org;
pub mod permissions;
pub mod polls;
pub mod readiness;
pub mod role;
pub mod template;
pub mod timeline;
pub mod values;
pub mod widget;

pub use account::{Account, AccountDraft, AccountStatus, ValidAccount};
pub use error::{Field, Invalid, Problem};
pub use ids::{AccountId, CategoryId, MessageId, OrgId, PollId};
pub use lifecycle::{Act, MessageAction};
pub use message::{
    Category, HISTORY_PAGE, HistoryEntry, HistoryPage, IncomingMessage, Message, MessageKind,
    MessageRow, MessageSource, MessageStatus, Stages,
};
pub use org::{
    OrgChange, OrgCounts, OrgDraft, OrgKind, OrgNode, OrgPath, Organisation, ValidOrg, WidgetState,
};
pub use permissions::Actor;
pub use readiness::Readiness;
pub use role::{Role, Roles};
pub use template::{Template, TemplateDraft};
pub use widget::{WidgetCheck, WidgetSettings, WidgetVariant};
