//! The grammar of `messages` (lists, each lifecycle step, the intake) and
//! `templates`.

use super::*;

/// Filters of `messages list` beyond status and overdue.
#[derive(Debug, Args, Clone, Default)]
pub struct MessageFilters {
    /// A category's number (its subcategories included).
    #[arg(long)]
    pub category: Option<i64>,
    /// The executor's e-mail.
    #[arg(long, conflicts_with = "unassigned")]
    pub assignee: Option<String>,
    /// Only messages nobody is assigned to.
    #[arg(long)]
    pub unassigned: bool,
    /// gosuslugi, mobile-app, widget, other
    #[arg(long)]
    pub source: Option<String>,
    /// The whole subtree of the organisation (curators).
    #[arg(long)]
    pub subtree: bool,
    /// Words of the text or the citizen's name, in any form («дорога» finds
    /// «дороги»; from three letters also the start of a word), or a number.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Templates for an organisation's messages (default: your own): its own and those above it.
    List {
        #[arg(long)]
        org: Option<i64>,
        /// Those of this category first.
        #[arg(long)]
        category: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// A new template (administrators). Placeholders: {имя} {номер} {организация} {дата}.
    Add {
        #[arg(long)]
        title: String,
        #[arg(long, conflicts_with = "file", required_unless_present = "file")]
        text: Option<String>,
        #[arg(long)]
        file: Option<PathBuf>,
        /// For one category (default: any).
        #[arg(long)]
        category: Option<i64>,
        /// The organisation that keeps it (default: your own).
        #[arg(long)]
        org: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Change a template (administrators); what is not given stays.
    Edit {
        id: i64,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, conflicts_with = "file")]
        text: Option<String>,
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long, conflicts_with = "general")]
        category: Option<i64>,
        /// For any category.
        #[arg(long)]
        general: bool,
        /// The organisation that keeps it (default: your own).
        #[arg(long)]
        org: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Delete a template (administrators).
    Delete {
        id: i64,
        #[arg(long)]
        org: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum MessagesCommand {
    /// Messages of an organisation (default: your own), newest first.
    List {
        #[arg(long)]
        org: Option<i64>,
        /// Statuses, comma-separated: new,in-work,on-approval,…
        #[arg(long)]
        status: Option<String>,
        /// Only overdue ones.
        #[arg(long)]
        overdue: bool,
        #[command(flatten)]
        filters: MessageFilters,
        /// At most this many.
        #[arg(long)]
        limit: Option<u64>,
        #[arg(long)]
        json: bool,
    },
    /// One message with its history.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Accept a message in moderation (platform curators).
    Accept {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Reject a message in moderation, with the reason.
    Reject {
        id: i64,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Give a message to an executor of its organisation (coordinators).
    Assign {
        id: i64,
        /// The executor's e-mail.
        #[arg(long)]
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// A note for staff, in the history with its author (never shown to the citizen).
    Note {
        id: i64,
        #[arg(long)]
        text: String,
        #[arg(long)]
        json: bool,
    },
    /// Write the draft reply (the assigned executor).
    Draft {
        id: i64,
        #[arg(long, conflicts_with = "file", required_unless_present = "file")]
        text: Option<String>,
        /// Read the draft from a UTF-8 file ("-" for standard input).
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Send the draft for approval (the assigned executor).
    Submit {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Approve the reply: it becomes the answer and is delivered (leaders).
    Approve {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Return the reply for rework, with a comment (leaders).
    Return {
        id: i64,
        #[arg(long)]
        comment: String,
        #[arg(long)]
        json: bool,
    },
    /// Ask to move the message to another organisation.
    Redirect {
        id: i64,
        #[arg(long = "to-org")]
        to_org: i64,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Approve or decline a requested redirect (leaders).
    DecideRedirect {
        id: i64,
        #[arg(long, conflicts_with = "decline", required_unless_present = "decline")]
        approve: bool,
        #[arg(long)]
        decline: bool,
        #[arg(long)]
        comment: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Close without an answer, with the reason, or as a duplicate of
    /// another message (its citizen is told where the answer will be).
    Close {
        id: i64,
        #[arg(
            long,
            conflicts_with = "duplicate_of",
            required_unless_present = "duplicate_of"
        )]
        reason: Option<String>,
        /// The message that will be answered instead.
        #[arg(long = "duplicate-of")]
        duplicate_of: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Link two messages as related (both ways), or remove that link.
    Link {
        id: i64,
        other: i64,
        #[arg(long)]
        remove: bool,
        #[arg(long)]
        json: bool,
    },
    /// The message as it stood after each step of its history: status,
    /// executor, the draft and what changed in it.
    Timeline {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// A citizen's message arriving through the intake (platform curators):
    /// into moderation, or straight to the organisation when it is off.
    Receive {
        #[arg(long)]
        org: i64,
        #[arg(long)]
        text: String,
        #[arg(long)]
        citizen: String,
        /// E-mail or phone for the answer.
        #[arg(long)]
        contact: String,
        #[arg(long)]
        category: Option<i64>,
        /// gosuslugi, mobile-app, widget, other
        #[arg(long, default_value = "widget")]
        source: String,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

impl MessagesCommand {
    /// The lifecycle step a command asks for (the executor still to be found
    /// for `assign`), with its message and `--json`.
    pub fn step(&self) -> Option<(i64, Step, bool)> {
        use crate::domain::Act;
        let (id, step, json) = match self {
            MessagesCommand::List { .. }
            | MessagesCommand::Show { .. }
            | MessagesCommand::Note { .. }
            | MessagesCommand::Link { .. }
            | MessagesCommand::Timeline { .. }
            | MessagesCommand::Receive { .. } => return None,
            MessagesCommand::Accept { id, json } => (id, Step::Act(Act::Accept), json),
            MessagesCommand::Reject { id, reason, json } => (
                id,
                Step::Act(Act::Reject {
                    reason: reason.clone(),
                }),
                json,
            ),
            MessagesCommand::Assign { id, to, json } => (id, Step::AssignTo(to.clone()), json),
            MessagesCommand::Draft {
                id,
                text,
                file,
                json,
            } => (
                id,
                Step::Draft {
                    text: text.clone(),
                    file: file.clone(),
                },
                json,
            ),
            MessagesCommand::Submit { id, json } => (id, Step::Act(Act::SubmitDraft), json),
            MessagesCommand::Approve { id, json } => (id, Step::Act(Act::Approve), json),
            MessagesCommand::Return { id, comment, json } => (
                id,
                Step::Act(Act::Return {
                    comment: comment.clone(),
                }),
                json,
            ),
            MessagesCommand::Redirect {
                id,
                to_org,
                reason,
                json,
            } => (
                id,
                Step::Act(Act::AskRedirect {
                    target: crate::domain::OrgId(*to_org),
                    reason: reason.clone(),
                }),
                json,
            ),
            MessagesCommand::DecideRedirect {
                id,
                approve,
                comment,
                json,
                ..
            } => {
                let act = if *approve {
                    Act::ApproveRedirect
                } else {
                    Act::DeclineRedirect {
                        comment: comment.clone(),
                    }
                };
                (id, Step::Act(act), json)
            }
            MessagesCommand::Close {
                id,
                reason,
                duplicate_of,
                json,
            } => {
                let act = match duplicate_of {
                    Some(of) => Act::CloseDuplicate {
                        of: crate::domain::MessageId(*of),
                    },
                    None => Act::Close {
                        reason: reason.clone().unwrap_or_default(),
                    },
                };
                (id, Step::Act(act), json)
            }
        };
        Some((*id, step, *json))
    }
}

/// What a lifecycle command needs to become an `Act`.
#[derive(Debug, Clone)]
pub enum Step {
    Act(crate::domain::Act),
    /// Assign to the executor with this e-mail.
    AssignTo(String),
    Draft {
        text: Option<String>,
        file: Option<PathBuf>,
    },
}
