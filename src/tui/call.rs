//! The terminal's Service calls: what the state asks for ([`Call`], sent as
//! `Effect::Call`), what comes back ([`Answer`], as `Action::Answer`, with
//! the same request id), and [`perform`], the one place that turns one into
//! the other. A call carries what its answer needs to be placed (which
//! parent's children, a page appended or replacing), and the answer echoes it.

use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

use super::action::{Action, RequestId};
use super::admin::{AdminCall, AdminReply};
use crate::domain::{
    Account, AccountId, Act, Category, CategoryId, HistoryPage, Message, MessageId, MessageRow,
    MessageStatus, OrgId, OrgNode, Template,
};
use crate::i18n::I18n;
use crate::service::{
    AccountQuery, ActReport, ExecutorChoice, MessageQuery, Page, RedirectTarget, ServiceError,
    ServiceResult, Session, Statistics, StatusCounts,
};

/// How many organisations an organisation search brings.
const ORG_SEARCH_LIMIT: u32 = 200;

#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    Children {
        parent: Option<OrgId>,
    },
    Ancestors {
        org: OrgId,
    },
    SearchOrgs {
        text: String,
    },
    Accounts {
        org: OrgId,
        query: AccountQuery,
        append: bool,
    },
    Messages {
        query: MessageQuery,
        append: bool,
    },
    Counts {
        org: OrgId,
    },
    Message {
        id: MessageId,
    },
    /// The page of a message's history before step `before`.
    History {
        id: MessageId,
        before: i64,
    },
    Act {
        id: MessageId,
        version: i64,
        act: Act,
    },
    ActMany {
        items: Vec<(MessageId, i64)>,
        act: Act,
    },
    /// A staff note on a message.
    Note {
        id: MessageId,
        text: String,
    },
    /// Links two messages as related, or removes that link.
    Link {
        id: MessageId,
        other: MessageId,
        remove: bool,
    },
    /// The message's whole history with its drafts.
    Timeline {
        id: MessageId,
    },
    /// Executors a message may be given to, best suited first.
    Executors {
        message: MessageId,
    },
    /// Organisations to redirect `message` to, matching `text`.
    RedirectTargets {
        message: MessageId,
        text: String,
    },
    Templates {
        org: OrgId,
        category: Option<CategoryId>,
    },
    /// The figures, and the report of the weeks `from`..`to` (the share
    /// answered on time week by week, and what the export writes).
    Statistics {
        org: OrgId,
        subtree: bool,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    },
    /// What a search finds in each status (its own statuses aside).
    CountByStatus {
        query: MessageQuery,
    },
    /// The categories and accounts the queue filter picker offers.
    FilterChoices {
        org: OrgId,
    },
    /// Counts of the saved views, in their order.
    CountViews {
        queries: Vec<MessageQuery>,
    },
    /// The administration half: forms, import, widget, readiness.
    Admin {
        call: AdminCall,
    },
    /// The votes module.
    Polls {
        call: super::polls::PollCall,
    },
}

/// Reads that replace one another: a call in a lane makes the one still
/// running in the same lane pointless, and it is cancelled (the state would
/// drop its answer anyway). Writes are in no lane: they always run out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lane {
    Queue,
    QueueCounts,
    SearchCounts,
    ViewCounts,
    Accounts,
    OrgSearch,
    OpenMessage,
    Timeline,
    Picker,
    /// The polls screen's list, and the poll shown (each reads anew on
    /// every vote the feed brings).
    PollList,
    PollShown,
}

impl Call {
    pub fn lane(&self) -> Option<Lane> {
        Some(match self {
            Call::Messages { .. } => Lane::Queue,
            Call::Counts { .. } => Lane::QueueCounts,
            Call::CountByStatus { .. } => Lane::SearchCounts,
            Call::CountViews { .. } => Lane::ViewCounts,
            Call::Accounts { .. } => Lane::Accounts,
            Call::SearchOrgs { .. } => Lane::OrgSearch,
            Call::Message { .. } => Lane::OpenMessage,
            Call::Timeline { .. } => Lane::Timeline,
            Call::Executors { .. } | Call::RedirectTargets { .. } => Lane::Picker,
            Call::Polls {
                call: super::polls::PollCall::List { .. },
            } => Lane::PollList,
            Call::Polls {
                call: super::polls::PollCall::Open { .. },
            } => Lane::PollShown,
            _ => return None,
        })
    }
}

#[derive(Debug)]
pub enum Answer {
    Children {
        parent: Option<OrgId>,
        result: ServiceResult<Vec<OrgNode>>,
    },
    Ancestors {
        result: ServiceResult<Vec<OrgNode>>,
    },
    SearchOrgs {
        result: ServiceResult<Vec<OrgNode>>,
    },
    Accounts {
        append: bool,
        result: ServiceResult<Page<Account>>,
    },
    Messages {
        append: bool,
        result: ServiceResult<Page<MessageRow>>,
    },
    Counts {
        result: ServiceResult<StatusCounts>,
    },
    Message {
        result: Box<ServiceResult<Message>>,
        /// The citizen's other messages (none when they could not be read).
        citizen: Vec<MessageRow>,
    },
    Timeline {
        result: ServiceResult<crate::domain::timeline::Timeline>,
    },
    History {
        id: MessageId,
        result: ServiceResult<HistoryPage>,
    },
    Act {
        result: Box<ServiceResult<Message>>,
    },
    ActMany {
        result: ServiceResult<ActReport>,
    },
    Executors {
        result: ServiceResult<Vec<ExecutorChoice>>,
    },
    RedirectTargets {
        result: ServiceResult<Vec<RedirectTarget>>,
    },
    Templates {
        result: ServiceResult<Vec<Template>>,
    },
    Statistics {
        result: ServiceResult<Statistics>,
        /// `None` when the report could not be read (the figures still show).
        report: Option<Box<crate::service::StatisticsReport>>,
    },
    CountByStatus {
        result: ServiceResult<Vec<(MessageStatus, u64)>>,
    },
    FilterChoices {
        result: ServiceResult<(Vec<Category>, Vec<Account>)>,
    },
    /// `None` for a view whose count failed.
    CountViews {
        counts: Vec<Option<u64>>,
    },
    Polls {
        reply: Box<super::polls::PollReply>,
    },
    Admin {
        result: Box<ServiceResult<AdminReply>>,
    },
}

/// Performs `call` as the session's person and sends its answer, then any
/// warning that must not hide it.
pub async fn perform(
    service: Session,
    req: RequestId,
    call: Call,
    tx: UnboundedSender<Action>,
    i18n: Arc<I18n>,
) {
    let mut warning = None;
    let answer = match call {
        Call::Children { parent } => Answer::Children {
            parent,
            result: service.org_children(parent).await,
        },
        Call::Ancestors { org } => Answer::Ancestors {
            result: service.org_ancestors(org).await,
        },
        Call::SearchOrgs { text } => Answer::SearchOrgs {
            result: service.search_orgs(&text, ORG_SEARCH_LIMIT).await,
        },
        Call::Accounts { org, query, append } => Answer::Accounts {
            append,
            result: service.accounts(org, &query).await,
        },
        Call::Messages { query, append } => Answer::Messages {
            append,
            result: service.messages(&query).await,
        },
        Call::Counts { org } => Answer::Counts {
            result: service.message_counts(org).await,
        },
        Call::Message { id } => {
            let result = service.message(id).await;
            let citizen = match &result {
                Ok(_) => service.citizen_messages(id).await.unwrap_or_default(),
                Err(_) => Vec::new(),
            };
            Answer::Message {
                result: Box::new(result),
                citizen,
            }
        }
        Call::Timeline { id } => Answer::Timeline {
            result: service.message_timeline(id).await,
        },
        Call::History { id, before } => Answer::History {
            id,
            result: service.message_history(id, Some(before)).await,
        },
        Call::Act { id, version, act } => Answer::Act {
            result: Box::new(service.act(id, version, &act).await),
        },
        // A note is answered as a step: the message as it now is.
        Call::Note { id, text } => Answer::Act {
            result: Box::new(service.add_note(id, &text).await),
        },
        // A link is answered as a step: the message with its links.
        Call::Link { id, other, remove } => Answer::Act {
            result: Box::new(if remove {
                service.unlink_messages(id, other).await
            } else {
                service.link_messages(id, other).await
            }),
        },
        Call::ActMany { items, act } => Answer::ActMany {
            result: service.act_many(&items, &act).await,
        },
        Call::Executors { message } => Answer::Executors {
            result: service.executor_choices(message).await,
        },
        Call::RedirectTargets { message, text } => Answer::RedirectTargets {
            result: service.redirect_targets(message, &text).await,
        },
        Call::Templates { org, category } => Answer::Templates {
            result: service.templates(org, category).await,
        },
        Call::Statistics {
            org,
            subtree,
            from,
            to,
        } => {
            let (result, report) = tokio::join!(
                service.statistics(org, subtree),
                service.statistics_report(org, from, to, subtree)
            );
            Answer::Statistics {
                result,
                report: report.ok().map(Box::new),
            }
        }
        Call::CountByStatus { query } => Answer::CountByStatus {
            result: service.count_by_status(&query).await,
        },
        Call::FilterChoices { org } => Answer::FilterChoices {
            result: filter_choices(&service, org).await,
        },
        Call::CountViews { queries } => {
            let mut counts = Vec::with_capacity(queries.len());
            for q in &queries {
                counts.push(service.count_messages(q).await.ok());
            }
            Answer::CountViews { counts }
        }
        Call::Polls { call } => Answer::Polls {
            reply: Box::new(super::polls::perform(&service, &i18n, call).await),
        },
        Call::Admin { call } => {
            let (result, said) = admin(&service, req, call, &tx, &i18n).await;
            warning = said;
            Answer::Admin {
                result: Box::new(result),
            }
        }
    };
    let _ = tx.send(Action::Answer { req, answer });
    if let Some(w) = warning {
        let _ = tx.send(Action::Notice(w));
    }
}

/// The categories, and the staff of `org` when this person may see them.
async fn filter_choices(
    service: &Session,
    org: OrgId,
) -> ServiceResult<(Vec<Category>, Vec<Account>)> {
    let categories = service.categories().await?;
    let mut accounts = Vec::new();
    let mut query = AccountQuery {
        limit: crate::service::types::MAX_PAGE,
        ..Default::default()
    };
    // Executors may not see the staff list: then no names.
    while let Ok(page) = service.accounts(org, &query).await {
        accounts.extend(page.items);
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    Ok((categories, accounts))
}

/// An account's mails and the names of the categories it handles.
async fn card(service: &Session, org: OrgId, account: AccountId) -> ServiceResult<AdminReply> {
    let mails = service.account_mail(account).await?;
    let handled = handled_by(service, org, account).await?;
    let categories = service
        .categories()
        .await?
        .into_iter()
        .filter(|c| handled.contains(&c.id))
        .map(|c| c.name)
        .collect();
    Ok(AdminReply::Card { mails, categories })
}

/// The categories `account` of `org` handles.
async fn handled_by(
    service: &Session,
    org: OrgId,
    account: AccountId,
) -> ServiceResult<Vec<CategoryId>> {
    Ok(service
        .responsibilities(org)
        .await?
        .into_iter()
        .filter(|(who, _)| *who == account)
        .map(|(_, c)| c)
        .collect())
}

/// An administration call, and a warning to say after its answer.
async fn admin(
    service: &Session,
    req: RequestId,
    call: AdminCall,
    tx: &UnboundedSender<Action>,
    i18n: &I18n,
) -> (ServiceResult<AdminReply>, Option<String>) {
    let result = match call {
        AdminCall::Card { org, account } => card(service, org, account).await,
        AdminCall::ReadAndCheck { org, path } => {
            let progress = tx.clone();
            let read = tokio::task::spawn_blocking(move || {
                crate::sheets::read_form(std::path::Path::new(&path), &mut |done, total| {
                    let _ = progress.send(Action::ImportProgress { req, done, total });
                })
            })
            .await;
            match read {
                Ok(Ok(rows)) => service
                    .import_onboarding(org, &rows, true)
                    .await
                    .map(|report| AdminReply::Checked { rows, report }),
                Ok(Err(e)) => Ok(AdminReply::FileRefused(i18n.sheet_error(&e))),
                Err(e) => Err(ServiceError::Internal {
                    detail: e.to_string(),
                }),
            }
        }
        AdminCall::Import { org, rows } => service
            .import_onboarding(org, &rows, false)
            .await
            .map(AdminReply::Imported),
        AdminCall::SaveAccount {
            org,
            id,
            draft,
            categories,
        } => {
            let saved = match id {
                Some(id) => service.update_account(id, &draft).await,
                None => service.create_account(org, &draft).await,
            };
            // The account is saved (and invited) whatever happens to its
            // categories: that is said apart.
            let warning = match (&saved, categories) {
                (Ok(saved), Some(list)) => service
                    .set_responsibilities(saved.account.id, &list)
                    .await
                    .err()
                    .map(|e| i18n.error(&e)),
                _ => None,
            };
            return (saved.map(AdminReply::Account), warning);
        }
        AdminCall::LoadCategories { org, account } => {
            let all = service.categories().await;
            let handled = match account {
                Some(id) => handled_by(service, org, id).await,
                None => Ok(Vec::new()),
            };
            all.and_then(|all| {
                Ok(AdminReply::Categories {
                    all: all
                        .into_iter()
                        .filter(|c| c.parent.is_none())
                        .map(|c| (c.id, c.name))
                        .collect(),
                    handled: handled?,
                })
            })
        }
        AdminCall::Archive { id, archived } => service
            .set_archived(id, archived)
            .await
            .map(AdminReply::Account),
        AdminCall::Resend { id } => service.resend_invitation(id).await.map(AdminReply::Account),
        AdminCall::CreateOrg { parent, draft } => service
            .create_org(parent, &draft)
            .await
            .map(AdminReply::Org),
        AdminCall::UpdateOrg { id, change } => {
            service.update_org(id, &change).await.map(AdminReply::Org)
        }
        AdminCall::LoadOrg { id } => service.organisation(id).await.map(AdminReply::Org),
        AdminCall::WidgetCode { org, settings } => service
            .widget_code(org, &settings)
            .await
            .map(AdminReply::Code),
        AdminCall::CheckWidget { org } => service.check_widget(org).await.map(AdminReply::Check),
        AdminCall::Readiness { org } => service.readiness(org).await.map(AdminReply::Readiness),
        AdminCall::SetDeadline { org, deadline } => {
            match service.set_readiness_deadline(org, deadline).await {
                Ok(_) => service.readiness(org).await.map(AdminReply::Readiness),
                Err(e) => Err(e),
            }
        }
    };
    (result, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A write is never cancelled by the next call, whatever it is; reads
    /// that replace one another share a lane.
    #[test]
    fn only_reads_that_replace_one_another_share_a_lane() {
        let id = MessageId(7);
        let writes = [
            Call::Act {
                id,
                version: 1,
                act: Act::SubmitDraft,
            },
            Call::ActMany {
                items: vec![(id, 1)],
                act: Act::Accept,
            },
            Call::Note {
                id,
                text: "позвонить".into(),
            },
            Call::Admin {
                call: AdminCall::Resend { id: AccountId(3) },
            },
        ];
        for call in &writes {
            assert_eq!(call.lane(), None, "{call:?}");
        }
        let query = MessageQuery::for_org(OrgId(1));
        let first = Call::Messages {
            query: query.clone(),
            append: false,
        };
        let next_page = Call::Messages {
            query,
            append: true,
        };
        assert_eq!(first.lane(), Some(Lane::Queue));
        assert_eq!(first.lane(), next_page.lane());
        assert_ne!(
            Call::Counts { org: OrgId(1) }.lane(),
            first.lane(),
            "the tab counts are not the page"
        );
        assert_eq!(
            Call::Executors { message: id }.lane(),
            Call::RedirectTargets {
                message: id,
                text: "школа".into()
            }
            .lane()
        );
    }
}
