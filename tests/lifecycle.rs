//! The contract of `Service::act`: the message lifecycle (docs/domain.md §4) as
//! the service enforces it, every case run on the embedded `LocalService`
//! and through a real server via `RemoteService` (see `common`).
//!
//! The service checks, in this order: what the step carries
//! (`Act::validate` → `Invalid`), who acts (`Forbidden`), the version
//! (`Conflict`), the transition table (`WrongStatus`); then what the step
//! needs (an executor to assign, a draft to submit, a target to redirect to).
//!
//! The expectations below are written out from docs/domain.md, not taken from
//! `lifecycle::TRANSITIONS` or `permissions::may_act`, so that a wrong row
//! or rule in `src/` shows up here.

#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use common::{Ctx, Fixture, Person, assert_err, at, date, today};
use otklik::domain::notice::Notice;
use otklik::domain::{
    AccountId, AccountStatus, Act, Field, HistoryEntry, Invalid, Message, MessageAction, MessageId,
    MessageKind, MessageSource, MessageStatus, OrgId, Problem, Role, Roles,
};
use otklik::service::{Entity, MessageQuery, Service, ServiceError, StatusCounts};
use otklik::store::records::{NewAccount, NewHistory, NewMessage};

use MessageStatus::{
    Answered, Closed, InWork, Moderation, New, OnApproval, RedirectRequested, Rejected,
};

// ---------------------------------------------------------------- the people

/// The fixture's roles, as the table goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    PlatformCurator,
    CityCurator,
    ACoordinator,
    /// Executor E1, the assignee of the table's assigned messages.
    E1,
    /// Executor E2, never the assignee in the table.
    E2,
    Leader,
    /// School A's admin, with no other role.
    AdminOnly,
    BCoordinator,
}

const EVERYONE: [Who; 8] = [
    Who::PlatformCurator,
    Who::CityCurator,
    Who::ACoordinator,
    Who::E1,
    Who::E2,
    Who::Leader,
    Who::AdminOnly,
    Who::BCoordinator,
];

impl Who {
    fn person(self, f: &Fixture) -> &Person {
        let w = &f.who;
        match self {
            Who::PlatformCurator => &w.platform_curator,
            Who::CityCurator => &w.city_curator,
            Who::ACoordinator => &w.a_coordinator,
            Who::E1 => &w.a_e1,
            Who::E2 => &w.a_e2,
            Who::Leader => &w.a_leader,
            Who::AdminOnly => &w.a_admin,
            Who::BCoordinator => &w.b_coordinator,
        }
    }

    /// "Surname First", as the history names the actor.
    fn history_name(self) -> &'static str {
        match self {
            Who::PlatformCurator => "Платонова Ольга",
            Who::CityCurator => "Кураева Мария",
            Who::ACoordinator => "Петрова Анна",
            Who::E1 => "Иванов Иван",
            Who::E2 => "Сидорова Елена",
            Who::Leader => "Директорова Галина",
            Who::AdminOnly => "Админов Кирилл",
            Who::BCoordinator => "Борисов Борис",
        }
    }
}

/// Someone signed in on the context's backend.
#[derive(Clone)]
struct As {
    who: Who,
    svc: Arc<dyn Service>,
}

impl As {
    async fn sign_in(ctx: &Ctx, who: Who) -> As {
        let (svc, _) = ctx.service_as(&who.person(&ctx.f).email).await;
        As { who, svc }
    }

    async fn act(&self, id: MessageId, version: i64, act: &Act) -> Result<Message, ServiceError> {
        self.svc.act(id, version, act).await
    }

    async fn message(&self, id: MessageId) -> Result<Message, ServiceError> {
        self.svc.message(id).await
    }

    async fn queue(&self, org: OrgId) -> Vec<MessageId> {
        let page = self
            .svc
            .messages(&MessageQuery::for_org(org))
            .await
            .unwrap();
        assert_eq!(page.next, None, "expected a single page");
        page.items.iter().map(|r| r.id).collect()
    }

    /// What a search for `text` finds in `org`'s queue.
    async fn search(&self, org: OrgId, text: &str) -> Vec<MessageId> {
        let query = MessageQuery {
            text: Some(text.into()),
            ..MessageQuery::for_org(org)
        };
        let page = self.svc.messages(&query).await.unwrap();
        assert_eq!(page.next, None, "expected a single page");
        page.items.iter().map(|r| r.id).collect()
    }

    async fn counts(&self, org: OrgId) -> StatusCounts {
        self.svc.message_counts(org).await.unwrap()
    }
}

// ---------------------------------------------------------------- messages made for a case

const SCHOOL_A: &str = "МБОУ «СОШ № 5»";
const SCHOOL_B: &str = "МБОУ «СОШ № 12»";
const DRAFT: &str = "Уважаемая Анна Петровна! Замена светильников запланирована на апрель.";
const ANSWER: &str = "Ответ гражданину";

/// A message to insert straight into the store, in any state.
#[derive(Debug, Clone)]
struct Seed {
    org: OrgId,
    status: MessageStatus,
    assignee: Option<AccountId>,
    draft: Option<&'static str>,
    answer: Option<&'static str>,
    /// For `RedirectRequested`: where it was asked from, and the target.
    redirect: Option<(MessageStatus, OrgId)>,
    deadline: NaiveDate,
}

impl Seed {
    fn new(f: &Fixture, status: MessageStatus) -> Seed {
        Seed {
            org: f.org.school_a,
            status,
            assignee: None,
            draft: None,
            answer: None,
            redirect: None,
            deadline: date(2026, 3, 27),
        }
    }

    /// The usual state of a school-A message in `status`: assigned to E1
    /// from InWork on, with a draft from InWork on, asked to go to school B
    /// from InWork when RedirectRequested.
    fn typical(f: &Fixture, status: MessageStatus) -> Seed {
        let e1 = Some(f.who.a_e1.id);
        let base = Seed::new(f, status);
        match status {
            Moderation | New | Rejected => base,
            InWork | OnApproval | Closed => Seed {
                assignee: e1,
                draft: Some(DRAFT),
                ..base
            },
            RedirectRequested => Seed {
                assignee: e1,
                draft: Some(DRAFT),
                redirect: Some((InWork, f.org.school_b)),
                ..base
            },
            Answered => Seed {
                assignee: e1,
                draft: Some(DRAFT),
                answer: Some(ANSWER),
                ..base
            },
        }
    }

    /// Inserts the message with one "received" line of history.
    fn insert(&self, f: &Fixture) -> MessageId {
        f.write(|conn| {
            let received = at(2026, 3, 13, 9, 30);
            let id = conn.insert_message(&NewMessage {
                org: self.org,
                category: Some(f.cat.lighting),
                kind: MessageKind::Message,
                source: MessageSource::Gosuslugi,
                citizen_name: "Тестова Анна Петровна".into(),
                citizen_contact: "testova@mail.ru".into(),
                text: "Не горит свет в коридоре".into(),
                address: None,
                received_at: received,
                deadline: self.deadline,
                status: self.status,
                assignee: self.assignee,
                draft: self.draft.map(str::to_string),
                answer: self.answer.map(str::to_string),
            })?;
            conn.add_history(&NewHistory {
                message: id,
                at: received,
                actor: None,
                action: "received",
                from: None,
                to: Some(Moderation),
                comment: None,
                subject: None,
                draft: None,
            })?;
            if let Some((prev, target)) = self.redirect {
                conn.set_redirect_request(id, prev, target)?;
            }
            Ok(id)
        })
    }
}

/// The message as stored, read past the service (for "nothing changed").
fn stored(f: &Fixture, id: MessageId) -> Message {
    f.read(|r| r.message(id)).expect("the message exists")
}

/// The notices queued for the message's citizen, oldest first.
fn notices(f: &Fixture, id: MessageId) -> Vec<Notice> {
    f.read(|r| r.citizen_notices(id))
        .into_iter()
        .map(|(notice, _)| notice)
        .collect()
}

fn invalid(field: Field, problem: Problem) -> ServiceError {
    ServiceError::Invalid(Invalid::new(field, problem))
}

fn wrong(status: MessageStatus, action: MessageAction) -> ServiceError {
    ServiceError::WrongStatus { status, action }
}

fn message_not_found(id: MessageId) -> ServiceError {
    ServiceError::NotFound {
        entity: Entity::Message,
        id: id.to_string(),
    }
}

/// A moment a little before now, to check history times against.
fn just_before() -> DateTime<Utc> {
    DateTime::from_timestamp(Utc::now().timestamp() - 2, 0).unwrap()
}

fn line(
    at: DateTime<Utc>,
    who: Who,
    f: &Fixture,
    action: &str,
    from: MessageStatus,
    to: MessageStatus,
    comment: Option<&str>,
) -> HistoryEntry {
    HistoryEntry {
        id: 0,
        at,
        actor: Some(who.person(f).id),
        actor_name: who.history_name().into(),
        action: action.into(),
        from_status: Some(from),
        to_status: Some(to),
        comment: comment.map(str::to_string),
        subject: None,
    }
}

/// A history line as (action, from, to, comment).
type Step = (
    String,
    Option<MessageStatus>,
    Option<MessageStatus>,
    Option<String>,
);

/// (action, from, to, comment) of every history line.
fn steps(m: &Message) -> Vec<Step> {
    m.history
        .iter()
        .map(|h| {
            (
                h.action.clone(),
                h.from_status,
                h.to_status,
                h.comment.clone(),
            )
        })
        .collect()
}

fn step(action: &str, from: MessageStatus, to: MessageStatus, comment: Option<&str>) -> Step {
    (
        action.into(),
        Some(from),
        Some(to),
        comment.map(str::to_string),
    )
}

// ---------------------------------------------------------------- 1. the whole table

const REJECT_REASON: &str = "Нецензурная брань";
const RETURN_COMMENT: &str = "Уточните сроки замены";
const REDIRECT_REASON: &str = "Коридор относится к зданию школы № 12";
const DECLINE_COMMENT: &str = "Здание наше, разбирайтесь";
const CLOSE_REASON: &str = "Дубликат сообщения № 3";
const EDITED: &str = "Исправленный ответ: замена светильников 2 апреля.";

/// One act of each kind, with everything it needs.
fn act_of(action: MessageAction, f: &Fixture) -> Act {
    match action {
        MessageAction::Accept => Act::Accept,
        MessageAction::Reject => Act::Reject {
            reason: REJECT_REASON.into(),
        },
        MessageAction::Assign => Act::Assign {
            executor: f.who.a_e2.id,
        },
        MessageAction::EditDraft => Act::EditDraft {
            text: EDITED.into(),
        },
        MessageAction::SubmitDraft => Act::SubmitDraft,
        MessageAction::Approve => Act::Approve,
        MessageAction::Return => Act::Return {
            comment: RETURN_COMMENT.into(),
        },
        MessageAction::AskRedirect => Act::AskRedirect {
            target: f.org.school_b,
            reason: REDIRECT_REASON.into(),
        },
        MessageAction::ApproveRedirect => Act::ApproveRedirect,
        MessageAction::DeclineRedirect => Act::DeclineRedirect {
            comment: Some(DECLINE_COMMENT.into()),
        },
        MessageAction::Close => Act::Close {
            reason: CLOSE_REASON.into(),
        },
    }
}

/// The lifecycle of docs/domain.md §4; a declined redirect goes back to where it
/// was asked from, InWork for [`Seed::typical`].
fn lifecycle_to(from: MessageStatus, action: MessageAction) -> Option<MessageStatus> {
    use MessageAction as A;
    Some(match (from, action) {
        (Moderation, A::Accept) => New,
        (Moderation, A::Reject) => Rejected,
        (New | InWork, A::Assign) => InWork,
        (InWork, A::EditDraft) => InWork,
        (InWork, A::SubmitDraft) => OnApproval,
        (OnApproval, A::Approve) => Answered,
        (OnApproval, A::Return) => InWork,
        (New | InWork, A::AskRedirect) => RedirectRequested,
        (RedirectRequested, A::ApproveRedirect) => New,
        (RedirectRequested, A::DeclineRedirect) => InWork,
        (New | InWork, A::Close) => Closed,
        _ => return None,
    })
}

/// docs/domain.md §3–4 on a school-A message: who may take the step at all.
fn role_permits(who: Who, action: MessageAction, assigned_to_e1: bool) -> bool {
    use MessageAction as A;
    match action {
        A::Accept | A::Reject => who == Who::PlatformCurator,
        A::Assign => who == Who::ACoordinator,
        A::EditDraft | A::SubmitDraft => who == Who::E1 && assigned_to_e1,
        A::AskRedirect => who == Who::ACoordinator || who == Who::E1 && assigned_to_e1,
        A::Approve | A::Return | A::ApproveRedirect | A::DeclineRedirect | A::Close => {
            who == Who::Leader
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Moves(MessageStatus),
    Forbidden,
    WrongStatus,
}

fn outcome(status: MessageStatus, action: MessageAction, who: Who, assigned: bool) -> Outcome {
    if !role_permits(who, action, assigned) {
        Outcome::Forbidden
    } else {
        match lifecycle_to(status, action) {
            Some(to) => Outcome::Moves(to),
            None => Outcome::WrongStatus,
        }
    }
}

/// School staff never see a message in moderation (only platform curators
/// do), so they may not act on one either: as for `message`, `Forbidden`.
fn hidden_from(status: MessageStatus, who: Who) -> bool {
    status == Moderation && who != Who::PlatformCurator
}

/// What the message must look like after an allowed `action` by `who`.
fn expected_after(
    f: &Fixture,
    before: &Message,
    action: MessageAction,
    who: Who,
    to: MessageStatus,
    at: DateTime<Utc>,
) -> Message {
    let mut m = before.clone();
    m.status = to;
    m.version = before.version + 1;
    let act = act_of(action, f);
    match action {
        MessageAction::Assign => {
            m.assignee = Some(f.who.a_e2.id);
            m.assignee_name = Some("Сидорова Е. П.".into());
        }
        MessageAction::EditDraft => m.draft = Some(EDITED.into()),
        MessageAction::Approve => m.answer = before.draft.clone(),
        MessageAction::AskRedirect => {
            m.redirect_to = Some(f.org.school_b);
            m.redirect_to_name = Some(SCHOOL_B.into());
        }
        MessageAction::ApproveRedirect => {
            m.org = f.org.school_b;
            m.org_name = SCHOOL_B.into();
            m.assignee = None;
            m.assignee_name = None;
            m.draft = None;
            m.redirect_to = None;
            m.redirect_to_name = None;
        }
        MessageAction::DeclineRedirect => {
            m.redirect_to = None;
            m.redirect_to_name = None;
        }
        _ => {}
    }
    let mut step = line(at, who, f, action.key(), before.status, to, act.comment());
    // Whom the message went to, where the redirect points.
    step.subject = match action {
        MessageAction::Assign => Some("Сидорова Е. П.".into()),
        MessageAction::AskRedirect => Some(SCHOOL_B.into()),
        MessageAction::ApproveRedirect | MessageAction::DeclineRedirect => {
            before.redirect_to_name.clone()
        }
        _ => None,
    };
    m.history.push(step);
    m
}

/// Runs every (status, act, role) cell that `pick` selects on fresh
/// messages; returns the failures and the number of cells run.
async fn run_table(
    ctx: &Ctx,
    pick: impl Fn(MessageStatus, MessageAction, Who, bool) -> bool,
    expect: impl Fn(MessageStatus, MessageAction, Who, bool) -> Outcome,
) -> (Vec<String>, usize) {
    let f = &ctx.f;
    let mut people = Vec::new();
    for who in EVERYONE {
        people.push(As::sign_in(ctx, who).await);
    }
    let platform = people[0].clone();
    assert_eq!(platform.who, Who::PlatformCurator);
    let since = just_before();
    let mut failures = Vec::new();
    let mut cells = 0;
    for status in MessageStatus::ALL {
        let seed = Seed::typical(f, status);
        let assigned = seed.assignee == Some(f.who.a_e1.id);
        for action in MessageAction::ALL {
            for person in &people {
                if !pick(status, action, person.who, assigned) {
                    continue;
                }
                cells += 1;
                let cell = format!("{status:?} × {action:?} by {:?}", person.who);
                let id = seed.insert(f);
                let before = stored(f, id);
                let result = person.act(id, before.version, &act_of(action, f)).await;
                match (expect(status, action, person.who, assigned), result) {
                    (Outcome::Moves(to), Ok(got)) => {
                        let at = got.history.last().map(|h| h.at).unwrap_or(since);
                        if at < since || at > Utc::now() + chrono::Duration::seconds(2) {
                            failures.push(format!("{cell}: history time {at}"));
                        }
                        let mut want = expected_after(f, &before, action, person.who, to, at);
                        // The new step's id is the store's own, after the others'.
                        if let (Some(new), Some(w)) = (got.history.last(), want.history.last_mut())
                            && before.history.last().is_none_or(|b| new.id > b.id)
                        {
                            w.id = new.id;
                        }
                        if got != want {
                            failures.push(format!("{cell}: got {got:#?}\nwanted {want:#?}"));
                        }
                        match platform.message(id).await {
                            Ok(seen) if seen == got => {}
                            other => failures.push(format!("{cell}: then read {other:?}")),
                        }
                        // The citizen is told of the stages they care about.
                        let want_notices = match action {
                            MessageAction::Accept => vec![Notice::Accepted],
                            MessageAction::Reject => vec![Notice::Rejected],
                            MessageAction::Approve => vec![Notice::Answered],
                            MessageAction::ApproveRedirect => vec![Notice::Redirected],
                            _ => vec![],
                        };
                        if notices(f, id) != want_notices {
                            failures.push(format!("{cell}: notices {:?}", notices(f, id)));
                        }
                    }
                    (Outcome::Moves(to), Err(e)) => {
                        failures.push(format!("{cell}: expected → {to:?}, got {e:?}"));
                    }
                    (refused, result) => {
                        let want = match refused {
                            Outcome::Forbidden => ServiceError::Forbidden,
                            _ => wrong(status, action),
                        };
                        match result {
                            Err(e) if e == want => {}
                            other => {
                                failures.push(format!("{cell}: expected {want:?}, got {other:?}"))
                            }
                        }
                        if stored(f, id) != before || !notices(f, id).is_empty() {
                            failures.push(format!("{cell}: refused, yet the message changed"));
                        }
                    }
                }
            }
        }
    }
    (failures, cells)
}

contract!(
    every_act_from_every_status_by_every_role,
    |ctx| async move {
        // The cells where school staff would pass the role rules on a
        // message they cannot see are the next case's.
        let (failures, cells) = run_table(
            &ctx,
            |status, action, who, assigned| {
                !(hidden_from(status, who) && role_permits(who, action, assigned))
            },
            outcome,
        )
        .await;
        assert_eq!(cells, 8 * 11 * 8 - 7, "cells run");
        assert!(
            failures.is_empty(),
            "{} of {cells} cells wrong:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
);

contract!(
    school_staff_may_not_act_on_a_message_in_moderation,
    |ctx| async move {
        let (failures, cells) = run_table(
            &ctx,
            |status, action, who, assigned| {
                hidden_from(status, who) && role_permits(who, action, assigned)
            },
            |status, action, who, assigned| {
                if hidden_from(status, who) {
                    Outcome::Forbidden
                } else {
                    outcome(status, action, who, assigned)
                }
            },
        )
        .await;
        // The coordinator's Assign and AskRedirect, the leader's five.
        assert_eq!(cells, 7, "cells run");
        assert!(
            failures.is_empty(),
            "{} of {cells} cells wrong:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
);

contract!(
    an_unassigned_executor_may_not_work_on_a_message,
    |ctx| async move {
        // E1 and E2 both executors of school A; the message is E2's.
        let f = &ctx.f;
        let e1 = As::sign_in(&ctx, Who::E1).await;
        let e2 = As::sign_in(&ctx, Who::E2).await;
        let id = Seed {
            assignee: Some(f.who.a_e2.id),
            ..Seed::typical(f, InWork)
        }
        .insert(f);
        let before = stored(f, id);
        for action in [
            MessageAction::EditDraft,
            MessageAction::SubmitDraft,
            MessageAction::AskRedirect,
        ] {
            assert_err(
                e1.act(id, before.version, &act_of(action, f)).await,
                ServiceError::Forbidden,
            );
        }
        assert_eq!(stored(f, id), before);
        let m = e2
            .act(id, before.version, &act_of(MessageAction::SubmitDraft, f))
            .await
            .unwrap();
        assert_eq!((m.status, m.version), (OnApproval, before.version + 1));
    }
);

// ---------------------------------------------------------------- 2. from New to Answered

contract!(
    walkthrough_assign_draft_return_fix_approve,
    |ctx| async move {
        let f = &ctx.f;
        let coordinator = As::sign_in(&ctx, Who::ACoordinator).await;
        let e1 = As::sign_in(&ctx, Who::E1).await;
        let leader = As::sign_in(&ctx, Who::Leader).await;
        let since = just_before();
        let a12 = f.msg("a12");
        let id = a12.id;
        let start = coordinator.message(id).await.unwrap();
        assert_eq!(
            (start.status, start.version, start.history.len()),
            (New, 1, 0)
        );

        const FIRST: &str = "Уважаемый Семен! Меню проверяется.";
        const FIXED: &str = "Уважаемый Семен! Меню проверено полностью, акт прилагается.";
        const RETURNED: &str = "Нет ссылки на акт проверки";

        let m = coordinator
            .act(
                id,
                1,
                &Act::Assign {
                    executor: f.who.a_e1.id,
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (m.status, m.assignee, m.version),
            (InWork, Some(f.who.a_e1.id), 2)
        );
        // Now E1 sees it in their queue.
        assert!(e1.queue(f.org.school_a).await.contains(&id));

        let m = e1
            .act(id, 2, &Act::EditDraft { text: FIRST.into() })
            .await
            .unwrap();
        assert_eq!(
            (m.status, m.draft.as_deref(), m.version),
            (InWork, Some(FIRST), 3)
        );
        let m = e1.act(id, 3, &Act::SubmitDraft).await.unwrap();
        assert_eq!((m.status, m.version), (OnApproval, 4));
        // On approval the draft is frozen for its author.
        assert_err(
            e1.act(id, 4, &Act::EditDraft { text: FIXED.into() }).await,
            wrong(OnApproval, MessageAction::EditDraft),
        );

        let m = leader
            .act(
                id,
                4,
                &Act::Return {
                    comment: RETURNED.into(),
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (
                m.status,
                m.assignee,
                m.draft.as_deref(),
                m.answer.as_deref(),
                m.version
            ),
            (InWork, Some(f.who.a_e1.id), Some(FIRST), None, 5)
        );
        assert!(notices(f, id).is_empty(), "a returned draft is not sent");

        let m = e1
            .act(id, 5, &Act::EditDraft { text: FIXED.into() })
            .await
            .unwrap();
        assert_eq!((m.draft.as_deref(), m.version), (Some(FIXED), 6));
        e1.act(id, 6, &Act::SubmitDraft).await.unwrap();
        let m = leader.act(id, 7, &Act::Approve).await.unwrap();
        assert_eq!(
            (m.status, m.answer.as_deref(), m.draft.as_deref(), m.version),
            (Answered, Some(FIXED), Some(FIXED), 8)
        );
        assert_eq!(notices(f, id), vec![Notice::Answered]);

        // The history, in order, with who and why.
        let e = |who: Who, action: &str, from, to, comment: Option<&str>| {
            (
                Some(who.person(f).id),
                who.history_name().to_string(),
                step(action, from, to, comment),
            )
        };
        let seen = coordinator.message(id).await.unwrap();
        assert_eq!(seen, m);
        let got: Vec<_> = seen
            .history
            .iter()
            .map(|h| {
                assert!(h.at >= since, "history time {}", h.at);
                (
                    h.actor,
                    h.actor_name.clone(),
                    (
                        h.action.clone(),
                        h.from_status,
                        h.to_status,
                        h.comment.clone(),
                    ),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                e(Who::ACoordinator, "assign", New, InWork, None),
                e(Who::E1, "edit-draft", InWork, InWork, None),
                e(Who::E1, "submit-draft", InWork, OnApproval, None),
                e(Who::Leader, "return", OnApproval, InWork, Some(RETURNED)),
                e(Who::E1, "edit-draft", InWork, InWork, None),
                e(Who::E1, "submit-draft", InWork, OnApproval, None),
                e(Who::Leader, "approve", OnApproval, Answered, None),
            ]
        );
        assert!(seen.history.windows(2).all(|w| w[0].at <= w[1].at));

        // Answered is final: nobody moves it, E1 cannot touch the answer.
        let mut everyone = Vec::new();
        for who in EVERYONE {
            everyone.push(As::sign_in(&ctx, who).await);
        }
        for person in &everyone {
            for action in MessageAction::ALL {
                let result = person.act(id, 8, &act_of(action, f)).await;
                assert!(
                    matches!(
                        result,
                        Err(ServiceError::WrongStatus {
                            status: Answered,
                            ..
                        } | ServiceError::Forbidden)
                    ),
                    "{action:?} by {:?}: {result:?}",
                    person.who
                );
            }
        }
        assert_err(
            e1.act(
                id,
                8,
                &Act::EditDraft {
                    text: "Другой ответ".into(),
                },
            )
            .await,
            wrong(Answered, MessageAction::EditDraft),
        );
        assert_err(
            leader.act(id, 8, &Act::Approve).await,
            wrong(Answered, MessageAction::Approve),
        );
        assert_eq!(stored(f, id), seen, "the answered message did not change");
        assert_eq!(notices(f, id), vec![Notice::Answered], "told exactly once");
        // E1 still sees the answered message as theirs.
        assert_eq!(e1.message(id).await.unwrap().answer.as_deref(), Some(FIXED));
    }
);

// ---------------------------------------------------------------- 3. redirects

contract!(redirect_declined_then_approved, |ctx| async move {
    let f = &ctx.f;
    let e1 = As::sign_in(&ctx, Who::E1).await;
    let leader = As::sign_in(&ctx, Who::Leader).await;
    let a_coord = As::sign_in(&ctx, Who::ACoordinator).await;
    let b_coord = As::sign_in(&ctx, Who::BCoordinator).await;
    let (a, b) = (f.org.school_a, f.org.school_b);
    let a7 = f.msg("a7");
    let id = a7.id;
    assert_eq!((a7.status, a7.assignee), (InWork, Some(f.who.a_e1.id)));
    let a_counts = a_coord.counts(a).await;
    let b_counts = b_coord.counts(b).await;
    let b_queue = b_coord.queue(b).await;
    let a12 = f.msg("a12").id;
    assert_eq!(a_coord.search(a, "меню").await, vec![a12, id]);
    assert_eq!(b_coord.search(b, "меню").await, vec![]);

    const WHY: &str = "Питание в школе № 12 организует другой поставщик";
    const DECLINED: &str = "Меню наше, отвечаем сами";
    let m = e1
        .act(
            id,
            1,
            &Act::AskRedirect {
                target: b,
                reason: WHY.into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (
            m.status,
            m.org,
            m.assignee,
            m.redirect_to,
            m.redirect_to_name.as_deref(),
            m.version
        ),
        (
            RedirectRequested,
            a,
            Some(f.who.a_e1.id),
            Some(b),
            Some(SCHOOL_B),
            2
        )
    );
    // Only asked: still school A's, not yet school B's.
    assert_err(b_coord.message(id).await, ServiceError::Forbidden);
    assert!(!b_coord.queue(b).await.contains(&id));
    assert!(a_coord.queue(a).await.contains(&id));
    // Nobody works on it while the leader decides.
    assert_err(
        e1.act(
            id,
            2,
            &Act::EditDraft {
                text: "черновик".into(),
            },
        )
        .await,
        wrong(RedirectRequested, MessageAction::EditDraft),
    );
    assert_err(
        e1.act(id, 2, &Act::ApproveRedirect).await,
        ServiceError::Forbidden,
    );

    let m = leader
        .act(
            id,
            2,
            &Act::DeclineRedirect {
                comment: Some(DECLINED.into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (
            m.status,
            m.org,
            m.org_name.as_str(),
            m.assignee,
            m.redirect_to,
            m.version
        ),
        (InWork, a, SCHOOL_A, Some(f.who.a_e1.id), None, 3)
    );
    assert_eq!(e1.message(id).await.unwrap(), m, "E1 keeps it");

    e1.act(
        id,
        3,
        &Act::AskRedirect {
            target: b,
            reason: WHY.into(),
        },
    )
    .await
    .unwrap();
    let m = leader.act(id, 4, &Act::ApproveRedirect).await.unwrap();
    assert_eq!(
        (
            m.status,
            m.org,
            m.org_name.as_str(),
            m.assignee,
            m.draft.as_deref(),
            m.redirect_to
        ),
        (New, b, SCHOOL_B, None, None, None)
    );
    assert_eq!(
        (m.deadline, m.version),
        (a7.deadline, 5),
        "the clock does not restart"
    );
    assert_eq!(
        steps(&m),
        vec![
            step("ask-redirect", InWork, RedirectRequested, Some(WHY)),
            step(
                "decline-redirect",
                RedirectRequested,
                InWork,
                Some(DECLINED)
            ),
            step("ask-redirect", InWork, RedirectRequested, Some(WHY)),
            step("approve-redirect", RedirectRequested, New, None),
        ]
    );
    let actors: Vec<_> = m.history.iter().map(|h| h.actor).collect();
    let (e1_id, leader_id) = (Some(f.who.a_e1.id), Some(f.who.a_leader.id));
    assert_eq!(actors, vec![e1_id, leader_id, e1_id, leader_id]);

    // School B has it now, with its history.
    assert_eq!(b_coord.message(id).await.unwrap(), m);
    let mut want_b_queue = b_queue.clone();
    want_b_queue.push(id);
    want_b_queue.sort_by(|x, y| y.cmp(x));
    assert_eq!(b_coord.queue(b).await, want_b_queue);
    let b_after = b_coord.counts(b).await;
    assert_eq!(b_after.get(New), b_counts.get(New) + 1);
    assert_eq!(b_after.total(), b_counts.total() + 1);
    // School A does not.
    assert_err(a_coord.message(id).await, ServiceError::Forbidden);
    assert_err(e1.message(id).await, ServiceError::Forbidden);
    assert_err(leader.message(id).await, ServiceError::Forbidden);
    assert!(!a_coord.queue(a).await.contains(&id));
    assert!(!e1.queue(a).await.contains(&id));
    // A search finds it where it is now, and only there.
    assert_eq!(b_coord.search(b, "меню").await, vec![id]);
    assert_eq!(a_coord.search(a, "меню").await, vec![a12]);
    let a_after = a_coord.counts(a).await;
    assert_eq!(a_after.get(InWork), a_counts.get(InWork) - 1);
    assert_eq!(a_after.total(), a_counts.total() - 1);
    // …nor may act on it any more; school B's staff may.
    assert_err(
        leader
            .act(
                id,
                5,
                &Act::Close {
                    reason: "дубль".into(),
                },
            )
            .await,
        ServiceError::Forbidden,
    );
    assert_err(
        e1.act(
            id,
            5,
            &Act::AskRedirect {
                target: a,
                reason: "верните".into(),
            },
        )
        .await,
        ServiceError::Forbidden,
    );
    let back = b_coord
        .act(
            id,
            5,
            &Act::AskRedirect {
                target: a,
                reason: "Это не наше".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (back.status, back.org, back.redirect_to),
        (RedirectRequested, b, Some(a))
    );
});

contract!(a_declined_redirect_goes_back_to_new, |ctx| async move {
    let f = &ctx.f;
    let coordinator = As::sign_in(&ctx, Who::ACoordinator).await;
    let leader = As::sign_in(&ctx, Who::Leader).await;
    let id = f.msg("a9").id;
    let m = coordinator
        .act(
            id,
            1,
            &Act::AskRedirect {
                target: f.org.culture,
                reason: "Шум — это культура?".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (m.status, m.redirect_to),
        (RedirectRequested, Some(f.org.culture))
    );
    let m = leader
        .act(id, 2, &Act::DeclineRedirect { comment: None })
        .await
        .unwrap();
    assert_eq!(
        (m.status, m.assignee, m.redirect_to, m.version),
        (New, None, None, 3)
    );
    assert_eq!(
        steps(&m),
        vec![
            step(
                "ask-redirect",
                New,
                RedirectRequested,
                Some("Шум — это культура?")
            ),
            step("decline-redirect", RedirectRequested, New, None),
        ]
    );
});

// ---------------------------------------------------------------- 4. what a step needs

contract!(
    steps_without_reason_or_comment_are_invalid,
    |ctx| async move {
        let f = &ctx.f;
        let platform = As::sign_in(&ctx, Who::PlatformCurator).await;
        let leader = As::sign_in(&ctx, Who::Leader).await;
        let e1 = As::sign_in(&ctx, Who::E1).await;
        let e2 = As::sign_in(&ctx, Who::E2).await;
        let moderated = Seed::new(f, Moderation).insert(f);
        let (a6, a3, a10) = (f.msg("a6").id, f.msg("a3").id, f.msg("a10").id);
        let b = f.org.school_b;
        let long = "я".repeat(2_001);
        let cases: Vec<(&As, MessageId, Act, ServiceError)> = vec![
            (
                &platform,
                moderated,
                Act::Reject {
                    reason: String::new(),
                },
                invalid(Field::Reason, Problem::Empty),
            ),
            (
                &platform,
                moderated,
                Act::Reject {
                    reason: " \n\t".into(),
                },
                invalid(Field::Reason, Problem::Empty),
            ),
            (
                &leader,
                a6,
                Act::Close {
                    reason: String::new(),
                },
                invalid(Field::Reason, Problem::Empty),
            ),
            (
                &leader,
                a6,
                Act::Close {
                    reason: "  ".into(),
                },
                invalid(Field::Reason, Problem::Empty),
            ),
            (
                &e1,
                a3,
                Act::AskRedirect {
                    target: b,
                    reason: String::new(),
                },
                invalid(Field::Reason, Problem::Empty),
            ),
            (
                &leader,
                a10,
                Act::Return {
                    comment: String::new(),
                },
                invalid(Field::Comment, Problem::Empty),
            ),
            (
                &leader,
                a10,
                Act::Return {
                    comment: " ".into(),
                },
                invalid(Field::Comment, Problem::Empty),
            ),
            (
                &leader,
                a10,
                Act::Return {
                    comment: long.clone(),
                },
                invalid(Field::Comment, Problem::TooLong { max: 2_000 }),
            ),
            (
                &leader,
                a6,
                Act::Close {
                    reason: long.clone(),
                },
                invalid(Field::Reason, Problem::TooLong { max: 2_000 }),
            ),
            (
                &leader,
                f.msg("a8").id,
                Act::DeclineRedirect {
                    comment: Some(long),
                },
                invalid(Field::Comment, Problem::TooLong { max: 2_000 }),
            ),
            (
                &e1,
                a3,
                Act::EditDraft {
                    text: "я".repeat(20_001),
                },
                invalid(Field::Text, Problem::TooLong { max: 20_000 }),
            ),
            // What the step carries is checked first: even for someone who may
            // not act, and even when the message does not exist.
            (
                &e2,
                a6,
                Act::Close {
                    reason: String::new(),
                },
                invalid(Field::Reason, Problem::Empty),
            ),
            (
                &leader,
                MessageId(9_999),
                Act::Return {
                    comment: String::new(),
                },
                invalid(Field::Comment, Problem::Empty),
            ),
        ];
        for (i, (person, id, act, expected)) in cases.into_iter().enumerate() {
            let before = (id != MessageId(9_999)).then(|| stored(f, id));
            let version = before.as_ref().map_or(1, |m| m.version);
            assert_eq!(
                person.act(id, version, &act).await.err(),
                Some(expected),
                "case {i}: {act:?} by {:?}",
                person.who
            );
            if let Some(before) = before {
                assert_eq!(stored(f, id), before, "case {i}: nothing written");
            }
        }
        // With a reason these pass.
        let m = platform
            .act(
                moderated,
                1,
                &Act::Reject {
                    reason: REJECT_REASON.into(),
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (m.status, m.history.last().unwrap().comment.as_deref()),
            (Rejected, Some(REJECT_REASON))
        );
    }
);

contract!(redirect_targets, |ctx| async move {
    let f = &ctx.f;
    let e1 = As::sign_in(&ctx, Who::E1).await;
    let a3 = f.msg("a3").id;
    let before = stored(f, a3);
    let ask = |target| Act::AskRedirect {
        target,
        reason: "не наше".into(),
    };
    assert_err(
        e1.act(a3, 1, &ask(f.org.school_a)).await,
        invalid(Field::Target, Problem::SameOrganisation),
    );
    assert_err(
        e1.act(a3, 1, &ask(OrgId(999))).await,
        ServiceError::NotFound {
            entity: Entity::Organisation,
            id: "999".into(),
        },
    );
    assert_eq!(stored(f, a3), before);
    // A department is a fine target too.
    let m = e1.act(a3, 1, &ask(f.org.edu)).await.unwrap();
    assert_eq!(
        (m.status, m.redirect_to),
        (RedirectRequested, Some(f.org.edu))
    );
});

contract!(
    only_a_confirmed_executor_of_the_org_is_assigned,
    |ctx| async move {
        let f = &ctx.f;
        let coordinator = As::sign_in(&ctx, Who::ACoordinator).await;
        // An executor of school B, confirmed.
        let b_executor = {
            f.write(|conn| {
                conn.insert_account(
                    &NewAccount {
                        org: f.org.school_b,
                        surname: "Борисова".into(),
                        first_name: "Дарья".into(),
                        patronymic: String::new(),
                        email: otklik::domain::values::Email::parse("borisova@school12.ru")
                            .unwrap(),
                        phone: None,
                        position: "Учитель".into(),
                        roles: Roles::empty().with(Role::Executor),
                        status: AccountStatus::Confirmed,
                        trained: true,
                    },
                    at(2026, 1, 12, 9, 0),
                )
            })
        };
        let a6 = f.msg("a6").id; // New
        let a3 = f.msg("a3").id; // InWork, E1
        for id in [a6, a3] {
            let before = stored(f, id);
            for (who, why) in [
                (f.who.a_leader.id, "a leader, not an executor"),
                (f.who.a_coordinator.id, "the coordinator"),
                (f.who.a_admin.id, "an admin"),
                (b_executor, "an executor of school B"),
                (f.who.a_archived.id, "an archived executor"),
                (f.who.a_new.id, "an executor who has not confirmed"),
                (AccountId(9_999), "nobody"),
            ] {
                assert_err(
                    coordinator
                        .act(id, before.version, &Act::Assign { executor: who })
                        .await,
                    invalid(Field::Assignee, Problem::NotAnExecutor),
                );
                assert_eq!(stored(f, id), before, "{why}: nothing written");
            }
        }
        let m = coordinator
            .act(
                a3,
                1,
                &Act::Assign {
                    executor: f.who.a_e2.id,
                },
            )
            .await
            .unwrap();
        assert_eq!(
            (m.status, m.assignee, m.version),
            (InWork, Some(f.who.a_e2.id), 2)
        );
        assert_eq!(
            steps(&m).last(),
            Some(&step("assign", InWork, InWork, None))
        );
    }
);

contract!(an_empty_draft_is_not_submitted, |ctx| async move {
    let f = &ctx.f;
    let e1 = As::sign_in(&ctx, Who::E1).await;
    let a3 = f.msg("a3").id; // InWork, E1, no draft
    let before = stored(f, a3);
    assert_eq!(before.draft, None);
    assert_err(
        e1.act(a3, 1, &Act::SubmitDraft).await,
        invalid(Field::Text, Problem::Empty),
    );
    assert_eq!(stored(f, a3), before);
    // A draft of blanks is no draft.
    let m = e1
        .act(
            a3,
            1,
            &Act::EditDraft {
                text: " \n ".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!((m.draft, m.version), (None, 2));
    assert_err(
        e1.act(a3, 2, &Act::SubmitDraft).await,
        invalid(Field::Text, Problem::Empty),
    );
    assert_eq!(stored(f, a3).version, 2);
    e1.act(
        a3,
        2,
        &Act::EditDraft {
            text: "Яму засыпали".into(),
        },
    )
    .await
    .unwrap();
    let m = e1.act(a3, 3, &Act::SubmitDraft).await.unwrap();
    assert_eq!(
        (m.status, m.draft.as_deref()),
        (OnApproval, Some("Яму засыпали"))
    );
});

contract!(a_missing_message_is_not_found, |ctx| async move {
    let missing = MessageId(9_999);
    for who in [Who::Leader, Who::PlatformCurator, Who::E1] {
        let person = As::sign_in(&ctx, who).await;
        for action in MessageAction::ALL {
            assert_err(
                person.act(missing, 1, &act_of(action, &ctx.f)).await,
                message_not_found(missing),
            );
        }
    }
});

// ---------------------------------------------------------------- 5. versions

contract!(
    checks_come_in_order_invalid_forbidden_conflict_status,
    |ctx| async move {
        let f = &ctx.f;
        let leader = As::sign_in(&ctx, Who::Leader).await;
        let e2 = As::sign_in(&ctx, Who::E2).await;
        let a10 = f.msg("a10").id; // OnApproval, version 1
        let before = stored(f, a10);
        // Stale and not permitted: Forbidden, the version is not told.
        assert_err(e2.act(a10, 7, &Act::Approve).await, ServiceError::Forbidden);
        // Stale, permitted, wrong status: Conflict first.
        assert_err(
            leader
                .act(
                    a10,
                    7,
                    &Act::Close {
                        reason: "дубль".into(),
                    },
                )
                .await,
            ServiceError::Conflict { current: 1 },
        );
        // Current version, wrong status.
        assert_err(
            leader
                .act(
                    a10,
                    1,
                    &Act::Close {
                        reason: "дубль".into(),
                    },
                )
                .await,
            wrong(OnApproval, MessageAction::Close),
        );
        // Stale and invalid: Invalid.
        assert_err(
            leader
                .act(
                    a10,
                    7,
                    &Act::Close {
                        reason: String::new(),
                    },
                )
                .await,
            invalid(Field::Reason, Problem::Empty),
        );
        assert_eq!(stored(f, a10), before);
    }
);

contract!(
    a_stale_version_is_a_conflict_and_changes_nothing,
    |ctx| async move {
        let f = &ctx.f;
        let e1 = As::sign_in(&ctx, Who::E1).await;
        let a3 = f.msg("a3").id;
        e1.act(
            a3,
            1,
            &Act::EditDraft {
                text: "первый".into(),
            },
        )
        .await
        .unwrap();
        e1.act(
            a3,
            2,
            &Act::EditDraft {
                text: "второй".into(),
            },
        )
        .await
        .unwrap();
        let before = stored(f, a3);
        assert_eq!(before.version, 3);
        for stale in [1, 2, 4, 0, -1] {
            assert_err(
                e1.act(
                    a3,
                    stale,
                    &Act::EditDraft {
                        text: "чужой".into(),
                    },
                )
                .await,
                ServiceError::Conflict { current: 3 },
            );
            assert_err(
                e1.act(a3, stale, &Act::SubmitDraft).await,
                ServiceError::Conflict { current: 3 },
            );
        }
        assert_eq!(stored(f, a3), before);
        assert_eq!(before.draft.as_deref(), Some("второй"));
    }
);

/// Runs `acts` on one message at `version` all at once; returns each result.
async fn race(
    id: MessageId,
    version: i64,
    acts: Vec<(As, Act)>,
) -> Vec<Result<Message, ServiceError>> {
    let barrier = Arc::new(tokio::sync::Barrier::new(acts.len()));
    let tasks: Vec<_> = acts
        .into_iter()
        .map(|(person, act)| {
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                barrier.wait().await;
                person.act(id, version, &act).await
            })
        })
        .collect();
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    results
}

/// Exactly one winner, every other a Conflict at the winner's version.
#[track_caller]
fn one_winner(results: &[Result<Message, ServiceError>], version: i64) -> usize {
    let winners: Vec<usize> = (0..results.len()).filter(|&i| results[i].is_ok()).collect();
    assert_eq!(winners.len(), 1, "{results:#?}");
    for (i, r) in results.iter().enumerate() {
        if i != winners[0] {
            assert_eq!(
                r.as_ref().err(),
                Some(&ServiceError::Conflict {
                    current: version + 1
                }),
                "loser {i}"
            );
        }
    }
    winners[0]
}

contract!(the_same_actor_twice_one_edit_wins, |ctx| async move {
    let f = &ctx.f;
    let e1 = As::sign_in(&ctx, Who::E1).await;
    let a3 = f.msg("a3").id;
    let before = stored(f, a3);
    let texts: Vec<String> = (0..6).map(|i| format!("Вариант ответа {i}")).collect();
    let results = race(
        a3,
        1,
        texts
            .iter()
            .map(|t| (e1.clone(), Act::EditDraft { text: t.clone() }))
            .collect(),
    )
    .await;
    let w = one_winner(&results, 1);
    let now = stored(f, a3);
    assert_eq!(now.version, 2);
    assert_eq!(
        now.draft.as_deref(),
        Some(texts[w].as_str()),
        "the winner's draft"
    );
    // One line added to the two the fixture has.
    let mut want = steps(&before);
    want.push(step("edit-draft", InWork, InWork, None));
    assert_eq!(steps(&now), want);
    assert_eq!(results[w].as_ref().unwrap(), &now);
});

contract!(
    leader_closes_while_coordinator_reassigns,
    |ctx| async move {
        let f = &ctx.f;
        let leader = As::sign_in(&ctx, Who::Leader).await;
        let coordinator = As::sign_in(&ctx, Who::ACoordinator).await;
        for round in 0..4 {
            let id = Seed::typical(f, InWork).insert(f);
            let results = race(
                id,
                1,
                vec![
                    (
                        leader.clone(),
                        Act::Close {
                            reason: CLOSE_REASON.into(),
                        },
                    ),
                    (
                        coordinator.clone(),
                        Act::Assign {
                            executor: f.who.a_e2.id,
                        },
                    ),
                ],
            )
            .await;
            let w = one_winner(&results, 1);
            let now = stored(f, id);
            assert_eq!(now.version, 2, "round {round}");
            assert_eq!(now.history.len(), 2, "round {round}: one line added");
            if w == 0 {
                assert_eq!(
                    (now.status, now.assignee),
                    (Closed, Some(f.who.a_e1.id)),
                    "round {round}"
                );
                assert_eq!(
                    steps(&now)[1],
                    step("close", InWork, Closed, Some(CLOSE_REASON))
                );
            } else {
                assert_eq!(
                    (now.status, now.assignee),
                    (InWork, Some(f.who.a_e2.id)),
                    "round {round}"
                );
                assert_eq!(steps(&now)[1], step("assign", InWork, InWork, None));
            }
        }
    }
);

contract!(
    approve_and_return_at_once_send_at_most_once,
    |ctx| async move {
        let f = &ctx.f;
        let leader = As::sign_in(&ctx, Who::Leader).await;
        let leader2 = As::sign_in(&ctx, Who::Leader).await;
        for round in 0..4 {
            let id = Seed::typical(f, OnApproval).insert(f);
            let results = race(
                id,
                1,
                vec![
                    (leader.clone(), Act::Approve),
                    (
                        leader2.clone(),
                        Act::Return {
                            comment: RETURN_COMMENT.into(),
                        },
                    ),
                    (leader.clone(), Act::Approve),
                ],
            )
            .await;
            let w = one_winner(&results, 1);
            let now = stored(f, id);
            assert_eq!((now.version, now.history.len()), (2, 2), "round {round}");
            if w == 1 {
                assert_eq!(
                    (now.status, now.answer.clone()),
                    (InWork, None),
                    "round {round}"
                );
                assert!(notices(f, id).is_empty(), "round {round}");
            } else {
                assert_eq!(
                    (now.status, now.answer.as_deref()),
                    (Answered, Some(DRAFT)),
                    "round {round}"
                );
                assert_eq!(notices(f, id), vec![Notice::Answered], "round {round}");
            }
        }
    }
);

// ---------------------------------------------------------------- 6. moderation

contract!(
    moderation_is_the_platform_curators_business,
    |ctx| async move {
        let f = &ctx.f;
        let a = f.org.school_a;
        let platform = As::sign_in(&ctx, Who::PlatformCurator).await;
        let city = As::sign_in(&ctx, Who::CityCurator).await;
        let staff = [
            As::sign_in(&ctx, Who::ACoordinator).await,
            As::sign_in(&ctx, Who::Leader).await,
        ];
        let mut queues = Vec::new();
        let mut counts = Vec::new();
        for s in staff.iter().chain([&city]) {
            queues.push(s.queue(a).await);
            counts.push(s.counts(a).await);
        }
        let platform_counts = platform.counts(a).await;

        // Two arrive for moderation (not overdue: that is the next case).
        let accepted = Seed::new(f, Moderation).insert(f);
        let rejected = Seed::new(f, Moderation).insert(f);

        for (i, s) in staff.iter().chain([&city]).enumerate() {
            assert_eq!(s.queue(a).await, queues[i], "{:?}: queue", s.who);
            assert_eq!(s.counts(a).await, counts[i], "{:?}: counts", s.who);
            let only_moderation = MessageQuery {
                statuses: vec![Moderation],
                ..MessageQuery::for_org(a)
            };
            let page = s.svc.messages(&only_moderation).await.unwrap();
            assert!(page.items.is_empty(), "{:?}: {:?}", s.who, page.items);
            for id in [accepted, rejected] {
                assert_err(s.message(id).await, ServiceError::Forbidden);
            }
        }
        let q = platform.queue(a).await;
        assert!(q.contains(&accepted) && q.contains(&rejected));
        let pc = platform.counts(a).await;
        assert_eq!(pc.get(Moderation), platform_counts.get(Moderation) + 2);
        assert_eq!(platform.message(accepted).await.unwrap().status, Moderation);

        // A city curator may not moderate.
        assert_err(
            city.act(accepted, 1, &Act::Accept).await,
            ServiceError::Forbidden,
        );
        assert_err(
            city.act(
                rejected,
                1,
                &Act::Reject {
                    reason: REJECT_REASON.into(),
                },
            )
            .await,
            ServiceError::Forbidden,
        );
        assert_eq!(stored(f, accepted).version, 1);

        // The platform curator accepts one: school A sees it, as New.
        let m = platform.act(accepted, 1, &Act::Accept).await.unwrap();
        assert_eq!((m.status, m.version), (New, 2));
        assert_eq!(
            steps(&m).last(),
            Some(&step("accept", Moderation, New, None))
        );
        assert_eq!(
            m.history.last().unwrap().actor,
            Some(f.who.platform_curator.id)
        );
        let coordinator = &staff[0];
        assert_eq!(coordinator.message(accepted).await.unwrap(), m);
        assert!(coordinator.queue(a).await.contains(&accepted));
        let c = coordinator.counts(a).await;
        assert_eq!(c.get(New), counts[0].get(New) + 1);
        assert_eq!(c.total(), counts[0].total() + 1);
        // …and rejects the other with a reason: final, visible to the staff.
        let m = platform
            .act(
                rejected,
                1,
                &Act::Reject {
                    reason: REJECT_REASON.into(),
                },
            )
            .await
            .unwrap();
        assert_eq!(m.status, Rejected);
        assert_eq!(
            steps(&m).last(),
            Some(&step("reject", Moderation, Rejected, Some(REJECT_REASON)))
        );
        assert_err(
            platform.act(rejected, 2, &Act::Accept).await,
            wrong(Rejected, MessageAction::Accept),
        );
        assert_eq!(
            coordinator.counts(a).await.get(Rejected),
            counts[0].get(Rejected) + 1
        );
        // Accepted is past moderation: the curator cannot accept or reject it again.
        assert_err(
            platform.act(accepted, 2, &Act::Accept).await,
            wrong(New, MessageAction::Accept),
        );
        assert_err(
            platform
                .act(
                    accepted,
                    2,
                    &Act::Reject {
                        reason: "поздно".into(),
                    },
                )
                .await,
            wrong(New, MessageAction::Reject),
        );
    }
);

contract!(
    overdue_counts_exclude_moderation_for_school_staff,
    |ctx| async move {
        let f = &ctx.f;
        let a = f.org.school_a;
        let coordinator = As::sign_in(&ctx, Who::ACoordinator).await;
        let platform = As::sign_in(&ctx, Who::PlatformCurator).await;
        let before = coordinator.counts(a).await;
        let platform_before = platform.counts(a).await;
        // Overdue on TODAY, still in moderation.
        let id = Seed {
            deadline: date(2026, 3, 12),
            ..Seed::new(f, Moderation)
        }
        .insert(f);
        assert!(stored(f, id).deadline < today());
        assert_eq!(
            platform.counts(a).await.overdue,
            platform_before.overdue + 1
        );
        let overdue_only = MessageQuery {
            overdue: true,
            ..MessageQuery::for_org(a)
        };
        let page = coordinator.svc.messages(&overdue_only).await.unwrap();
        assert!(!page.items.iter().any(|r| r.id == id));
        assert_eq!(
            page.items.len() as u64,
            before.overdue,
            "the tab agrees with its count"
        );
        assert_eq!(coordinator.counts(a).await, before);
    }
);

contract!(
    moderation_can_be_switched_off_and_messages_then_arrive_as_new,
    |ctx| async move {
        let f = &ctx.f;
        let (svc, _) = ctx.service_as(&f.who.platform_curator.email).await;
        let incoming = common::canteen_message(f, "Дети жалуются на холодный чай");
        assert!(svc.moderation().await.unwrap());
        let first = svc.receive_message(&incoming).await.unwrap();
        assert_eq!(first.status, MessageStatus::Moderation);
        assert_eq!(first.history.len(), 1);
        assert!(!svc.set_moderation(false).await.unwrap());
        let second = svc.receive_message(&incoming).await.unwrap();
        assert_eq!(second.status, MessageStatus::New);
        // The coordinator sees it at once; a five-day category, counted in working days.
        let (c_svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
        let seen = c_svc.message(second.id).await.unwrap();
        assert_eq!(
            seen.deadline,
            otklik::domain::calendar::WorkCalendar::russian().add_working_days(common::today(), 5)
        );
        // A formal appeal has thirty working days whatever its category.
        let appeal = svc
            .receive_message(&otklik::domain::IncomingMessage {
                kind: otklik::domain::MessageKind::Appeal,
                ..incoming.clone()
            })
            .await
            .unwrap();
        assert_eq!(
            appeal.deadline,
            otklik::domain::calendar::WorkCalendar::russian().add_working_days(common::today(), 30)
        );
        // Only platform curators switch it or take messages in.
        assert_err(c_svc.set_moderation(true).await, ServiceError::Forbidden);
        assert_err(
            c_svc.receive_message(&incoming).await,
            ServiceError::Forbidden,
        );
        let (city, _) = ctx.service_as(&f.who.city_curator.email).await;
        assert_err(city.set_moderation(true).await, ServiceError::Forbidden);
        let empty = otklik::domain::IncomingMessage {
            text: "  ".into(),
            ..incoming
        };
        assert_err(
            svc.receive_message(&empty).await,
            ServiceError::Invalid(Invalid::new(Field::Text, Problem::Empty)),
        );
    }
);

contract!(
    a_race_lost_to_a_reassignment_is_a_conflict_not_a_refusal,
    |ctx| async move {
        let f = &ctx.f;
        let e1 = As::sign_in(&ctx, Who::E1).await;
        let coordinator = As::sign_in(&ctx, Who::ACoordinator).await;
        // a3: in work with E1, version 1. The coordinator gives it to E2…
        let a3 = f.msg("a3").id;
        coordinator
            .act(
                a3,
                1,
                &Act::Assign {
                    executor: f.who.a_e2.id,
                },
            )
            .await
            .unwrap();
        // …while E1 saves the draft they wrote at version 1: it changed first.
        let save = Act::EditDraft {
            text: "Мой ответ".into(),
        };
        assert_err(
            e1.act(a3, 1, &save).await,
            ServiceError::Conflict { current: 2 },
        );
        // At the version now it is plainly not theirs.
        assert_err(e1.act(a3, 2, &save).await, ServiceError::Forbidden);
        // Someone who could never act on it is refused, stale or not, and
        // learns no version.
        let other = As::sign_in(&ctx, Who::BCoordinator).await;
        let assign = Act::Assign {
            executor: f.who.a_e1.id,
        };
        assert_err(other.act(a3, 1, &assign).await, ServiceError::Forbidden);
        assert_eq!(stored(f, a3).draft, None, "nothing was written");
    }
);
