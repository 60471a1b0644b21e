//! The votes module's rules (опросы и голосования): a poll's questions and
//! what a ballot may say to each, its lifecycle and who may move it, and
//! the results counted exactly from the ballots. Pure: the store, the
//! service and the pages build on it. `view` holds what the service
//! answers about a poll.

mod ballot;
mod public;
mod view;

pub use ballot::{Answer, QuestionResult, results_from, tally, validate_ballot};
pub use public::{BallotRequest, BallotRequested, BallotView, PublicPoll, Vote, VoteCast};
pub use view::{ANSWERED, Poll, PollResults, PollRow, QuestionTally, TallyDelta, tally_delta};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::{Field, Invalid, Problem};
use super::org::OrgPath;
use super::permissions::Actor;
use super::role::Role;

/// The most questions a poll has, and options a question offers.
pub const MAX_QUESTIONS: usize = 30;
pub const MAX_OPTIONS: usize = 20;
/// The longest title, question or option, and free-text answer.
pub const MAX_LINE: usize = 300;
pub const MAX_ANSWER: usize = 2_000;

/// What a question asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum QuestionKind {
    /// One of the options.
    Single,
    /// Up to `max` of the options.
    Multiple { max: u8 },
    /// Words of the citizen's own.
    FreeText,
    /// A point from `min` to `max` (1–5, 0–10).
    Scale { min: i8, max: i8 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub text: String,
    #[serde(flatten)]
    pub kind: QuestionKind,
    /// The choices (single and multiple choice only).
    #[serde(default)]
    pub options: Vec<String>,
}

/// Where a poll stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PollStatus {
    Draft,
    OnApproval,
    Published,
    Closed,
    ResultsPublished,
}

impl PollStatus {
    pub const ALL: [PollStatus; 5] = [
        PollStatus::Draft,
        PollStatus::OnApproval,
        PollStatus::Published,
        PollStatus::Closed,
        PollStatus::ResultsPublished,
    ];

    /// The stable name on the wire, in the store and in message keys.
    pub fn key(self) -> &'static str {
        match self {
            PollStatus::Draft => "draft",
            PollStatus::OnApproval => "on-approval",
            PollStatus::Published => "published",
            PollStatus::Closed => "closed",
            PollStatus::ResultsPublished => "results-published",
        }
    }

    pub fn from_key(key: &str) -> Option<PollStatus> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The status as of `now`: a published poll closes by itself at its
    /// closing time.
    pub fn as_of(self, closes_at: DateTime<Utc>, now: DateTime<Utc>) -> PollStatus {
        match self {
            PollStatus::Published if now >= closes_at => PollStatus::Closed,
            other => other,
        }
    }
}

/// Who a poll asks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// Anyone who confirms a contact.
    #[default]
    Everyone,
    /// Those who declare they live on the organisation's territory.
    Residents,
}

impl Audience {
    pub fn key(self) -> &'static str {
        match self {
            Audience::Everyone => "everyone",
            Audience::Residents => "residents",
        }
    }
}

/// A step of a poll's lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PollAction {
    /// Change the questions, the period, the audience (a draft only).
    Edit,
    /// Hand the draft to the organisation's leader.
    Submit,
    /// The leader publishes it: it opens at its time.
    Approve,
    /// The leader gives it back to be changed.
    Return,
    /// Closed before its time (it closes by itself at `closes_at`).
    Close,
    /// The results are shown to everyone.
    PublishResults,
}

impl PollAction {
    pub const ALL: [PollAction; 6] = [
        PollAction::Edit,
        PollAction::Submit,
        PollAction::Approve,
        PollAction::Return,
        PollAction::Close,
        PollAction::PublishResults,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PollAction::Edit => "edit",
            PollAction::Submit => "submit",
            PollAction::Approve => "approve",
            PollAction::Return => "return",
            PollAction::Close => "close",
            PollAction::PublishResults => "publish-results",
        }
    }

    pub fn from_key(key: &str) -> Option<PollAction> {
        Self::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// The lifecycle: from a status, a step, to a status. Nothing else is allowed.
pub const TRANSITIONS: [(PollStatus, PollAction, PollStatus); 6] = [
    (PollStatus::Draft, PollAction::Edit, PollStatus::Draft),
    (
        PollStatus::Draft,
        PollAction::Submit,
        PollStatus::OnApproval,
    ),
    (
        PollStatus::OnApproval,
        PollAction::Approve,
        PollStatus::Published,
    ),
    (
        PollStatus::OnApproval,
        PollAction::Return,
        PollStatus::Draft,
    ),
    (PollStatus::Published, PollAction::Close, PollStatus::Closed),
    (
        PollStatus::Closed,
        PollAction::PublishResults,
        PollStatus::ResultsPublished,
    ),
];

pub fn next(from: PollStatus, action: PollAction) -> Option<PollStatus> {
    TRANSITIONS
        .iter()
        .find(|(f, a, _)| *f == from && *a == action)
        .map(|(_, _, to)| *to)
}

/// Who may take `action` on a poll of the organisation at `path`:
/// administrators and curators of it or above prepare, close and publish
/// results; its own leader approves or returns.
pub fn may_act(actor: &Actor, action: PollAction, org: super::ids::OrgId, path: &OrgPath) -> bool {
    let prepares =
        (actor.has(Role::Admin) || actor.has(Role::Curator)) && actor.org_path.contains(path);
    match action {
        PollAction::Edit | PollAction::Submit | PollAction::Close | PollAction::PublishResults => {
            prepares
        }
        PollAction::Approve | PollAction::Return => actor.has(Role::Leader) && actor.org == org,
    }
}

/// Who sees a poll's results before they are published: curators of the
/// subtree above it, and those who prepare it.
pub fn may_see_results(actor: &Actor, path: &OrgPath) -> bool {
    (actor.has(Role::Curator) || actor.has(Role::Admin)) && actor.org_path.contains(path)
}

/// Who sees an organisation's polls in the back office: its staff and
/// those of the organisations above it.
pub fn may_view_polls(actor: &Actor, path: &OrgPath) -> bool {
    !actor.intake && actor.org_path.contains(path)
}

impl Question {
    /// Checks the question alone: its text, its options, its bounds.
    pub fn validate(&self) -> Result<(), Invalid> {
        line(Field::Question, &self.text, MAX_LINE)?;
        let choice = matches!(
            self.kind,
            QuestionKind::Single | QuestionKind::Multiple { .. }
        );
        let (least, most) = if choice { (2, MAX_OPTIONS) } else { (0, 0) };
        if self.options.len() < least || self.options.len() > most {
            return Err(Invalid::new(
                Field::Options,
                Problem::OutOfRange {
                    min: least as u32,
                    max: most as u32,
                },
            ));
        }
        for option in &self.options {
            line(Field::Options, option, MAX_LINE)?;
        }
        match self.kind {
            QuestionKind::Multiple { max } if max < 1 || max as usize > self.options.len() => {
                Err(Invalid::new(
                    Field::Options,
                    Problem::OutOfRange {
                        min: 1,
                        max: self.options.len() as u32,
                    },
                ))
            }
            QuestionKind::Scale { min, max } if max <= min || max - min > 10 => Err(Invalid::new(
                Field::Question,
                Problem::OutOfRange { min: 2, max: 11 },
            )),
            _ => Ok(()),
        }
    }

    /// How many counts its tally keeps: one per option or point.
    pub fn slots(&self) -> usize {
        match self.kind {
            QuestionKind::Scale { min, max } => (max as i32 - min as i32 + 1).max(0) as usize,
            QuestionKind::FreeText => 0,
            _ => self.options.len(),
        }
    }
}

/// A poll's questions and period, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollDraft {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub questions: Vec<Question>,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    #[serde(default)]
    pub audience: Audience,
}

fn line(field: Field, text: &str, max: usize) -> Result<(), Invalid> {
    if text.trim().is_empty() {
        return Err(Invalid::new(field, Problem::Empty));
    }
    if text.chars().count() > max {
        return Err(Invalid::new(field, Problem::TooLong { max }));
    }
    Ok(())
}

impl PollDraft {
    /// Checks every part; the first wrong one is named.
    pub fn validate(&self) -> Result<(), Invalid> {
        line(Field::Title, &self.title, MAX_LINE)?;
        if self.description.chars().count() > MAX_ANSWER {
            return Err(Invalid::new(
                Field::Text,
                Problem::TooLong { max: MAX_ANSWER },
            ));
        }
        if self.questions.is_empty() || self.questions.len() > MAX_QUESTIONS {
            return Err(Invalid::new(
                Field::Question,
                Problem::OutOfRange {
                    min: 1,
                    max: MAX_QUESTIONS as u32,
                },
            ));
        }
        for (i, q) in self.questions.iter().enumerate() {
            q.validate()
                .map_err(|e| Invalid::new(e.field, e.problem.in_question(i)))?;
        }
        if self.closes_at <= self.opens_at {
            return Err(Invalid::new(
                Field::Period,
                Problem::BadPeriod { max_days: 366 },
            ));
        }
        Ok(())
    }

    /// The same draft with its times in whole seconds, as the service
    /// keeps and compares them.
    pub fn in_whole_seconds(mut self) -> PollDraft {
        use chrono::Timelike;
        for t in [&mut self.opens_at, &mut self.closes_at] {
            *t = t.with_nanosecond(0).unwrap_or(*t);
        }
        self
    }

    /// A draft as a poll file has it: TOML, or JSON; the parser's words
    /// when it is neither.
    pub fn parse(text: &str, json: bool) -> Result<PollDraft, String> {
        if json {
            serde_json::from_str(text).map_err(|e| e.to_string())
        } else {
            toml::from_str(text).map_err(|e| e.message().to_string())
        }
    }

    /// Open for votes at `now`.
    pub fn open_at(&self, now: DateTime<Utc>) -> bool {
        self.opens_at <= now && now < self.closes_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{AccountId, OrgId};
    use crate::domain::role::Roles;

    /// Four questions, one of each kind (the ballots' tests use them too).
    pub(super) fn questions() -> Vec<Question> {
        let q = |kind, options: &[&str]| Question {
            text: "Вопрос".into(),
            kind,
            options: options.iter().map(|o| o.to_string()).collect(),
        };
        vec![
            q(QuestionKind::Single, &["Парк", "Сквер", "Стадион"]),
            q(
                QuestionKind::Multiple { max: 2 },
                &["Скамейки", "Фонари", "Урны"],
            ),
            q(QuestionKind::FreeText, &[]),
            q(QuestionKind::Scale { min: 1, max: 5 }, &[]),
        ]
    }

    fn draft() -> PollDraft {
        PollDraft {
            title: "Благоустройство".into(),
            description: String::new(),
            questions: questions(),
            opens_at: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            closes_at: DateTime::from_timestamp(1_800_600_000, 0).unwrap(),
            audience: Audience::Everyone,
        }
    }

    fn actor(org: i64, path: &str, roles: &[Role]) -> Actor {
        Actor {
            account: AccountId(1),
            name: String::new(),
            email: String::new(),
            org: OrgId(org),
            org_path: OrgPath(path.into()),
            org_name: String::new(),
            roles: roles.iter().copied().collect::<Roles>(),
            trained: true,
            intake: false,
        }
    }

    #[test]
    fn a_poll_goes_from_draft_to_published_results_and_nowhere_else() {
        use PollAction as A;
        use PollStatus as S;
        let mut at = S::Draft;
        for step in [
            A::Edit,
            A::Submit,
            A::Return,
            A::Submit,
            A::Approve,
            A::Close,
        ] {
            at = next(at, step).unwrap_or_else(|| panic!("{step:?} from {at:?}"));
        }
        assert_eq!(next(at, A::PublishResults), Some(S::ResultsPublished));
        assert_eq!(
            next(S::Published, A::Edit),
            None,
            "a published poll stays as it is"
        );
        assert_eq!(next(S::Draft, A::Approve), None);
        assert_eq!(next(S::Closed, A::Close), None);
    }

    #[test]
    fn admins_and_curators_above_prepare_and_the_leader_approves() {
        let school = (OrgId(7), OrgPath("/1/5/7/".into()));
        let check = |a: &Actor, action| may_act(a, action, school.0, &school.1);
        let city_curator = actor(5, "/1/5/", &[Role::Curator]);
        let school_admin = actor(7, "/1/5/7/", &[Role::Admin]);
        let leader = actor(7, "/1/5/7/", &[Role::Leader]);
        let other_leader = actor(8, "/1/5/8/", &[Role::Leader]);
        let elsewhere = actor(9, "/1/9/", &[Role::Curator]);
        assert!(check(&city_curator, PollAction::Submit));
        assert!(check(&school_admin, PollAction::Edit));
        assert!(!check(&city_curator, PollAction::Approve));
        assert!(check(&leader, PollAction::Approve));
        assert!(!check(&leader, PollAction::Edit));
        assert!(!check(&other_leader, PollAction::Approve));
        assert!(!check(&elsewhere, PollAction::Close));
        assert!(may_see_results(&city_curator, &school.1));
        assert!(!may_see_results(&leader, &school.1));
        assert!(!may_see_results(&elsewhere, &school.1));
    }

    #[test]
    fn drafts_are_checked_question_by_question() {
        assert!(draft().validate().is_ok());
        let field = |change: fn(&mut PollDraft)| {
            let mut d = draft();
            change(&mut d);
            d.validate().unwrap_err().field
        };
        assert_eq!(field(|d| d.title = " ".into()), Field::Title);
        assert_eq!(field(|d| d.questions.clear()), Field::Question);
        assert_eq!(
            field(|d| d.questions[0].options.truncate(1)),
            Field::Options
        );
        assert_eq!(
            field(|d| d.questions[1].kind = QuestionKind::Multiple { max: 4 }),
            Field::Options
        );
        assert_eq!(
            field(|d| d.questions[3].kind = QuestionKind::Scale { min: 3, max: 3 }),
            Field::Question
        );
        assert_eq!(field(|d| d.closes_at = d.opens_at), Field::Period);
        let d = draft();
        assert!(d.open_at(d.opens_at) && !d.open_at(d.closes_at));
    }
}
