//! The votes module in the terminal ("Голосования", `O`): the selected
//! organisation's polls with their status and votes, the chosen poll's
//! results as bar charts with counts and shares (moving live while it is
//! open), its lifecycle steps, and the results exported to a workbook or CSV.

mod update;
mod view;

use super::action::RequestId;
use crate::domain::polls::{Poll, PollAction, PollDraft, PollResults, PollRow};
use crate::domain::{OrgId, PollId};
use crate::i18n::I18n;
use crate::service::{Page, ServiceResult, Session};

pub use update::{changed, command, create_from, done, export, open};
pub use view::render;

/// The polls screen.
#[derive(Debug, Clone)]
pub struct PollsState {
    pub org: OrgId,
    pub org_name: String,
    /// `None` while the list loads.
    pub list: Option<Vec<PollRow>>,
    pub cursor: usize,
    /// The poll under the cursor, and its results when the person may see them.
    pub poll: Option<Poll>,
    pub results: Option<PollResults>,
    pub error: Option<String>,
    pub list_req: RequestId,
    pub poll_req: RequestId,
    /// The step under way.
    pub acting: Option<RequestId>,
}

impl PollsState {
    pub fn selected(&self) -> Option<&PollRow> {
        self.list.as_ref().and_then(|l| l.get(self.cursor))
    }
}

/// A call of the votes module.
#[derive(Debug, Clone, PartialEq)]
pub enum PollCall {
    List {
        org: OrgId,
    },
    /// The poll with its results (none when they are not the person's to see).
    Open {
        id: PollId,
    },
    Act {
        id: PollId,
        version: i64,
        action: PollAction,
    },
    /// A new draft of `org` from the poll file at `path`.
    Create {
        org: OrgId,
        path: String,
    },
}

#[derive(Debug)]
pub enum PollReply {
    List(ServiceResult<Page<PollRow>>),
    Open {
        poll: ServiceResult<Poll>,
        results: Option<PollResults>,
    },
    Acted(ServiceResult<Poll>),
    /// The new draft, or why the file gave none (in the person's words).
    Created(Result<Poll, String>),
}

/// The poll file at `path` (as `otklik polls create` reads it), read off
/// the terminal's threads; a refusal in the person's words.
async fn read_file(i18n: &I18n, path: String) -> Result<PollDraft, String> {
    let read = tokio::task::spawn_blocking(move || {
        crate::app::files::read_poll_file(std::path::Path::new(&path))
    })
    .await;
    match read {
        Ok(draft) => draft.map_err(|f| f.localized(i18n)),
        Err(e) => Err(e.to_string()),
    }
}

pub async fn perform(service: &Session, i18n: &I18n, call: PollCall) -> PollReply {
    match call {
        PollCall::List { org } => PollReply::List(service.polls(org, None).await),
        PollCall::Open { id } => {
            let (poll, results) = tokio::join!(service.poll(id), service.poll_results(id));
            PollReply::Open {
                poll,
                results: results.ok(),
            }
        }
        PollCall::Act {
            id,
            version,
            action,
        } => PollReply::Acted(service.poll_act(id, version, action).await),
        PollCall::Create { org, path } => PollReply::Created(match read_file(i18n, path).await {
            Ok(draft) => service
                .create_poll(org, &draft)
                .await
                .map_err(|e| i18n.error(&e)),
            Err(said) => Err(said),
        }),
    }
}
