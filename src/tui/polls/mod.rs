//! The votes module in the terminal ("Голосования", `O`): the selected
//! organisation's polls with their status and votes, the chosen poll's
//! results as bar charts with counts and shares (moving live while it is
//! open), its lifecycle steps, and the results exported to a workbook or CSV.

mod update;
mod view;

use super::action::RequestId;
use crate::domain::polls::{Poll, PollAction, PollResults, PollRow};
use crate::domain::{OrgId, PollId};
use crate::service::{Page, ServiceResult, Session};

pub use update::{changed, command, done, export, open};
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
}

#[derive(Debug)]
pub enum PollReply {
    List(ServiceResult<Page<PollRow>>),
    Open {
        poll: ServiceResult<Poll>,
        results: Option<PollResults>,
    },
    Acted(ServiceResult<Poll>),
}

pub async fn perform(service: &Session, call: PollCall) -> PollReply {
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
    }
}
