//! What the service answers about polls, and how a ballot moves the kept
//! tallies.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Answer, PollDraft, PollStatus, Question, QuestionKind, QuestionResult};
use crate::domain::ids::{OrgId, PollId};

/// A poll with everything written in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Poll {
    pub id: PollId,
    pub org: OrgId,
    pub org_name: String,
    /// As of the answer: a published poll past its closing time is closed.
    pub status: PollStatus,
    /// Bumped by every step; a step names the version it was taken on.
    pub version: i64,
    pub draft: PollDraft,
    /// Ballots cast (a re-vote replaces one, it does not add).
    pub ballots: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Poll {
    pub fn row(&self) -> PollRow {
        PollRow {
            id: self.id,
            org: self.org,
            title: self.draft.title.clone(),
            status: self.status,
            opens_at: self.draft.opens_at,
            closes_at: self.draft.closes_at,
            ballots: self.ballots,
        }
    }
}

/// A poll in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollRow {
    pub id: PollId,
    pub org: OrgId,
    pub title: String,
    pub status: PollStatus,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub ballots: u64,
}

/// One question's results: the kept counts and, for a free-text question,
/// some of the answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionTally {
    pub question: Question,
    pub result: QuestionResult,
    /// Free-text answers (the first ones cast, up to a bound).
    #[serde(default)]
    pub texts: Vec<String>,
}

/// A poll's results as they stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollResults {
    pub id: PollId,
    pub title: String,
    pub status: PollStatus,
    pub ballots: u64,
    pub questions: Vec<QuestionTally>,
}

impl PollResults {
    /// The labels of a question's counts: its options, or its points.
    pub fn labels(question: &Question) -> Vec<String> {
        match question.kind {
            QuestionKind::Scale { min, max } => (min..=max).map(|p| p.to_string()).collect(),
            _ => question.options.clone(),
        }
    }
}

/// A change of one kept count: question, slot (an option's or a point's
/// place; [`ANSWERED`] for the ballots that answered), by how much.
pub type TallyDelta = (u32, i64, i64);

/// The slot counting the ballots that answered a question.
pub const ANSWERED: i64 = -1;

/// How replacing the ballot `old` (none: a first vote) by `new` moves the
/// kept counts: every count once, nothing for what stayed the same.
pub fn tally_delta(
    questions: &[Question],
    old: Option<&[Answer]>,
    new: &[Answer],
) -> Vec<TallyDelta> {
    let mut moved: Vec<TallyDelta> = Vec::new();
    let mut add = |q: usize, slot: i64, by: i64| match moved
        .iter_mut()
        .find(|(mq, ms, _)| *mq == q as u32 && *ms == slot)
    {
        Some(entry) => entry.2 += by,
        None => moved.push((q as u32, slot, by)),
    };
    let mut count = |ballot: &[Answer], by: i64| {
        for (i, (q, a)) in questions.iter().zip(ballot).enumerate() {
            let slots: Vec<i64> = match (a, &q.kind) {
                (Answer::Skipped, _) => continue,
                (Answer::Choice { chosen }, _) => chosen.iter().map(|&c| c as i64).collect(),
                (Answer::Point { point }, QuestionKind::Scale { min, .. }) => {
                    vec![(*point as i64) - (*min as i64)]
                }
                _ => Vec::new(),
            };
            add(i, ANSWERED, by);
            for slot in slots {
                add(i, slot, by);
            }
        }
    };
    if let Some(old) = old {
        count(old, -1);
    }
    count(new, 1);
    moved.retain(|(_, _, by)| *by != 0);
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_re_vote_moves_only_what_changed() {
        let q = |kind, n: usize| Question {
            text: "?".into(),
            kind,
            options: (0..n).map(|i| i.to_string()).collect(),
        };
        let questions = vec![
            q(QuestionKind::Single, 3),
            q(QuestionKind::Scale { min: 1, max: 5 }, 0),
            q(QuestionKind::FreeText, 0),
        ];
        let first = vec![
            Answer::Choice { chosen: vec![0] },
            Answer::Point { point: 2 },
            Answer::Text {
                text: "да".into()
            },
        ];
        let mut delta = tally_delta(&questions, None, &first);
        delta.sort();
        assert_eq!(
            delta,
            vec![(0, -1, 1), (0, 0, 1), (1, -1, 1), (1, 1, 1), (2, -1, 1)]
        );
        let again = vec![
            Answer::Choice { chosen: vec![2] },
            Answer::Point { point: 2 },
            Answer::Skipped,
        ];
        let mut delta = tally_delta(&questions, Some(&first), &again);
        delta.sort();
        assert_eq!(delta, vec![(0, 0, -1), (0, 2, 1), (2, -1, -1)]);
    }
}
