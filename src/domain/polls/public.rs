//! A poll as citizens meet it: its page, the request for a ballot link
//! sent to their e-mail or phone, and the vote cast by that link.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Answer, Audience, PollResults, PollStatus, Question};
use crate::domain::ids::{OrgId, PollId};

/// What the poll's public page shows: nothing of its preparation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicPoll {
    pub id: PollId,
    pub org: OrgId,
    pub org_name: String,
    pub title: String,
    pub description: String,
    pub questions: Vec<Question>,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub audience: Audience,
    pub status: PollStatus,
    /// It takes votes now.
    pub open: bool,
    /// The results, once published.
    #[serde(default)]
    pub results: Option<PollResults>,
}

/// A citizen asking for a link to vote by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotRequest {
    pub poll: PollId,
    /// An e-mail or a phone; the link goes there.
    pub contact: String,
    /// The network address the request came from (counted, never kept).
    #[serde(default)]
    pub client: String,
}

/// Where the link went, most of the contact hidden.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotRequested {
    pub poll: PollId,
    pub sent_to: String,
}

/// The ballot page: the poll and, on a re-vote, the answers kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotView {
    pub poll: PublicPoll,
    #[serde(default)]
    pub answers: Option<Vec<Answer>>,
}

/// A vote: the link's token and the answers, one per question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub token: String,
    pub answers: Vec<Answer>,
    /// The citizen declares they live on the territory (residents' polls).
    #[serde(default)]
    pub resident: bool,
}

/// A vote taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteCast {
    pub poll: PollId,
    /// It replaced the citizen's earlier vote.
    pub replaced: bool,
}
