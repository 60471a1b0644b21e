//! A citizen's answers: what a ballot may say to each question, and the
//! results counted from the ballots, each once.

use serde::{Deserialize, Serialize};

use super::{ANSWERED, MAX_ANSWER, Question, QuestionKind, tally_delta};
use crate::domain::error::{Field, Invalid, Problem};

/// A citizen's answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "kebab-case")]
pub enum Answer {
    /// The options chosen, by their place.
    Choice {
        chosen: Vec<usize>,
    },
    Text {
        text: String,
    },
    Point {
        point: i8,
    },
    /// The citizen left it.
    Skipped,
}

impl Answer {
    /// The kind of answer, as named on the wire.
    pub fn kind(&self) -> &'static str {
        match self {
            Answer::Choice { .. } => "choice",
            Answer::Text { .. } => "text",
            Answer::Point { .. } => "point",
            Answer::Skipped => "skipped",
        }
    }
}

/// Checks a ballot against the questions: one answer each, of the
/// question's kind, within its bounds.
pub fn validate_ballot(questions: &[Question], ballot: &[Answer]) -> Result<(), Invalid> {
    if ballot.len() != questions.len() {
        return Err(Invalid::new(
            Field::Ballot,
            Problem::OutOfRange {
                min: questions.len() as u32,
                max: questions.len() as u32,
            },
        ));
    }
    if ballot.iter().all(|a| *a == Answer::Skipped) {
        return Err(Invalid::new(Field::Ballot, Problem::Empty));
    }
    for (i, (q, a)) in questions.iter().zip(ballot).enumerate() {
        let bad = |problem: Problem| Err(Invalid::new(Field::Ballot, problem.in_question(i)));
        match (&q.kind, a) {
            (_, Answer::Skipped) => {}
            (QuestionKind::Single | QuestionKind::Multiple { .. }, Answer::Choice { chosen }) => {
                let most = match q.kind {
                    QuestionKind::Multiple { max } => max as usize,
                    _ => 1,
                };
                let mut seen = chosen.clone();
                seen.sort_unstable();
                seen.dedup();
                if chosen.is_empty()
                    || seen.len() != chosen.len()
                    || chosen.len() > most
                    || chosen.iter().any(|&c| c >= q.options.len())
                {
                    return bad(Problem::OutOfRange {
                        min: 1,
                        max: most as u32,
                    });
                }
            }
            (QuestionKind::FreeText, Answer::Text { text }) => {
                if text.chars().count() > MAX_ANSWER {
                    return bad(Problem::TooLong { max: MAX_ANSWER });
                }
            }
            (QuestionKind::Scale { min, max }, Answer::Point { point }) => {
                if point < min || point > max {
                    return bad(Problem::OutOfRange {
                        min: (*min).max(0) as u32,
                        max: (*max).max(0) as u32,
                    });
                }
            }
            (_, other) => {
                return bad(Problem::Unknown {
                    value: other.kind().into(),
                });
            }
        }
    }
    Ok(())
}

/// What one question's answers came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionResult {
    /// Votes per option (choice), or per point from the scale's minimum.
    pub counts: Vec<u64>,
    /// Ballots that answered it.
    pub answered: u64,
}

impl QuestionResult {
    /// `counts[i]` as a share of the ballots that answered, in per mille.
    pub fn share_permille(&self, i: usize) -> u64 {
        match self.answered {
            0 => 0,
            n => self.counts.get(i).copied().unwrap_or(0) * 1000 / n,
        }
    }
}

/// What the kept counts `(question, slot, votes)` come to per question;
/// [`ANSWERED`]'s slot counts the ballots that answered.
pub fn results_from(
    questions: &[Question],
    kept: impl IntoIterator<Item = (u32, i64, u64)>,
) -> Vec<QuestionResult> {
    let mut results: Vec<QuestionResult> = questions
        .iter()
        .map(|q| QuestionResult {
            counts: vec![0; q.slots()],
            answered: 0,
        })
        .collect();
    for (question, slot, votes) in kept {
        let Some(r) = results.get_mut(question as usize) else {
            continue;
        };
        if slot == ANSWERED {
            r.answered += votes;
        } else if let Some(n) = usize::try_from(slot).ok().and_then(|s| r.counts.get_mut(s)) {
            *n += votes;
        }
    }
    results
}

/// Counts the ballots, each once, as the kept counts do (texts are read
/// elsewhere: they are words, not counts).
pub fn tally<'a>(
    questions: &[Question],
    ballots: impl IntoIterator<Item = &'a [Answer]>,
) -> (u64, Vec<QuestionResult>) {
    let mut total = 0;
    let counted = ballots
        .into_iter()
        .inspect(|_| total += 1)
        .flat_map(|ballot| tally_delta(questions, None, ballot))
        .map(|(question, slot, by)| (question, slot, by.max(0) as u64));
    let results = results_from(questions, counted);
    (total, results)
}

#[cfg(test)]
mod tests {
    use super::super::tests::questions;
    use super::*;

    #[test]
    fn ballots_answer_each_question_within_its_bounds() {
        let qs = questions();
        let good = vec![
            Answer::Choice { chosen: vec![2] },
            Answer::Choice { chosen: vec![0, 1] },
            Answer::Text {
                text: "Больше деревьев".into(),
            },
            Answer::Point { point: 5 },
        ];
        assert!(validate_ballot(&qs, &good).is_ok());
        let wrong = |i: usize, a: Answer| {
            let mut b = good.clone();
            b[i] = a;
            validate_ballot(&qs, &b).is_err()
        };
        assert!(
            wrong(0, Answer::Choice { chosen: vec![0, 1] }),
            "one of a single choice"
        );
        assert!(
            wrong(
                1,
                Answer::Choice {
                    chosen: vec![0, 1, 2]
                }
            ),
            "more than the maximum"
        );
        assert!(
            wrong(1, Answer::Choice { chosen: vec![1, 1] }),
            "the same option twice"
        );
        assert!(
            wrong(0, Answer::Choice { chosen: vec![3] }),
            "no such option"
        );
        assert!(wrong(3, Answer::Point { point: 6 }));
        assert!(
            wrong(2, Answer::Point { point: 1 }),
            "another kind of answer"
        );
        assert!(!wrong(2, Answer::Skipped));
        assert!(
            validate_ballot(&qs, &good[..3]).is_err(),
            "one answer per question"
        );
    }

    #[test]
    fn results_count_every_ballot_once() {
        let qs = questions();
        let ballots: Vec<Vec<Answer>> = (0..1000)
            .map(|i| {
                vec![
                    Answer::Choice {
                        chosen: vec![i % 3],
                    },
                    if i % 4 == 0 {
                        Answer::Skipped
                    } else {
                        Answer::Choice { chosen: vec![0, 2] }
                    },
                    Answer::Skipped,
                    Answer::Point {
                        point: (i % 5) as i8 + 1,
                    },
                ]
            })
            .collect();
        let (total, results) = tally(&qs, ballots.iter().map(Vec::as_slice));
        assert_eq!(total, 1000);
        assert_eq!(results[0].counts, vec![334, 333, 333]);
        assert_eq!(results[0].counts.iter().sum::<u64>(), 1000);
        assert_eq!(
            (results[1].answered, results[1].counts.clone()),
            (750, vec![750, 0, 750])
        );
        assert_eq!(results[2].answered, 0);
        assert_eq!(results[3].counts, vec![200; 5]);
        assert_eq!(results[0].share_permille(0), 334);
        assert_eq!(results[2].share_permille(0), 0);
    }
}
