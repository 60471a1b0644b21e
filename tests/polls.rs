//! The votes module on every backend: a poll prepared by a curator and
//! published by the leader, voted in by citizens through links sent to
//! their contacts (a re-vote replaces the earlier one), closed, its ballots
//! sealed and its results published; who may do what, role × action ×
//! scope; and bad input refused with nothing written.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[macro_use]
mod common;

use chrono::{Duration, Utc};
use common::{Ctx, Param, assert_err};
use otklik::domain::polls::{
    Answer, Audience, BallotRequest, PollAction, PollDraft, PollStatus, Question, QuestionKind,
    Vote,
};
use otklik::domain::{Field, Invalid, PollId, Problem};
use otklik::service::{Credentials, Entity, Gateway, ServiceError, Session};

const PUBLIC: &str = "https://otklik.example.ru";

fn draft(audience: Audience) -> PollDraft {
    let q = |text: &str, kind, options: &[&str]| Question {
        text: text.into(),
        kind,
        options: options.iter().map(|o| o.to_string()).collect(),
    };
    PollDraft {
        title: "Благоустройство школьного двора".into(),
        description: "Что сделать во дворе школы летом".into(),
        questions: vec![
            q(
                "Что построить первым?",
                QuestionKind::Single,
                &["Спортплощадку", "Сквер", "Парковку"],
            ),
            q(
                "Что ещё нужно?",
                QuestionKind::Multiple { max: 2 },
                &["Скамейки", "Фонари", "Урны"],
            ),
            q("Ваше предложение", QuestionKind::FreeText, &[]),
            q(
                "Насколько это важно?",
                QuestionKind::Scale { min: 1, max: 5 },
                &[],
            ),
        ],
        opens_at: Utc::now() - Duration::minutes(1),
        closes_at: Utc::now() + Duration::days(7),
        audience,
    }
}

fn ballot(first: usize, text: &str, point: i8) -> Vec<Answer> {
    vec![
        Answer::Choice {
            chosen: vec![first],
        },
        Answer::Choice { chosen: vec![0, 1] },
        Answer::Text { text: text.into() },
        Answer::Point { point },
    ]
}

async fn intake(ctx: &Ctx) -> Session {
    ctx.f.service.sign_in(&Credentials::Intake).await.unwrap()
}

async fn with_links(ctx: &mut Ctx) {
    ctx.configure(|s| {
        s.public_url = PUBLIC.into();
        s.intake.per_address_hour = 1_000;
    })
    .await;
}

/// A poll of school A created by the city's curator, submitted, and
/// published by the school's leader.
async fn published(ctx: &Ctx, audience: Audience) -> PollId {
    let (curator, _) = ctx.service_as(&ctx.f.who.city_curator.email).await;
    let (leader, _) = ctx.service_as(&ctx.f.who.a_leader.email).await;
    let poll = curator
        .create_poll(ctx.f.org.school_a, &draft(audience))
        .await
        .unwrap();
    assert_eq!((poll.status, poll.version), (PollStatus::Draft, 1));
    let poll = curator
        .poll_act(poll.id, poll.version, PollAction::Submit)
        .await
        .unwrap();
    assert_eq!(poll.status, PollStatus::OnApproval);
    let poll = leader
        .poll_act(poll.id, poll.version, PollAction::Approve)
        .await
        .unwrap();
    assert_eq!(poll.status, PollStatus::Published);
    poll.id
}

/// Asks for a ballot link for `contact` and reads it from the mail sent.
async fn link_for(ctx: &Ctx, intake: &Session, poll: PollId, contact: &str) -> String {
    let before = ctx.outbox().len();
    intake
        .request_ballot(&BallotRequest {
            poll,
            contact: contact.into(),
            client: "203.0.113.9".into(),
        })
        .await
        .unwrap();
    ctx.f.service.send_due_mail().await.unwrap();
    let mails = ctx.outbox();
    assert_eq!(mails.len(), before + 1, "one mail with the link");
    common::ballot_tokens(&mails[before..], PUBLIC)
        .pop()
        .unwrap_or_else(|| panic!("no ballot link in {}", mails[before]))
}

fn vote(token: &str, answers: Vec<Answer>) -> Vote {
    Vote {
        token: token.into(),
        answers,
        resident: false,
    }
}

fn count(ctx: &Ctx, sql: &str, poll: PollId) -> i64 {
    ctx.f.number(sql, &[Param::Int(poll.0)])
}

contract!(
    a_poll_goes_from_a_draft_to_published_results,
    |ctx| async move {
        let mut ctx = ctx;
        with_links(&mut ctx).await;
        let poll = published(&ctx, Audience::Everyone).await;
        let intake = intake(&ctx).await;
        let page = intake.public_poll(poll).await.unwrap();
        assert!(page.open);
        assert_eq!(page.questions.len(), 4);
        assert!(page.results.is_none());

        let anna = link_for(&ctx, &intake, poll, "Anna@Mail.ru").await;
        assert!(anna.starts_with("trk_"));
        // The contact was kept for the mail only; the link only as a hash.
        assert_eq!(
            count(
                &ctx,
                "SELECT count(*) FROM ballot_requests WHERE poll_id = ?1 AND contact IS NOT NULL",
                poll
            ),
            0
        );
        let first = intake.ballot(&anna).await.unwrap();
        assert_eq!(first.answers, None);
        let cast = intake
            .cast_vote(&vote(&anna, ballot(0, "Больше деревьев", 5)))
            .await
            .unwrap();
        assert!(!cast.replaced);
        // A re-vote by another link to the same person replaces the ballot.
        let again = link_for(&ctx, &intake, poll, "anna@mail.ru").await;
        assert_eq!(
            intake.ballot(&again).await.unwrap().answers,
            Some(ballot(0, "Больше деревьев", 5))
        );
        let cast = intake
            .cast_vote(&vote(&again, ballot(2, "Парковку у входа", 4)))
            .await
            .unwrap();
        assert!(cast.replaced);
        let boris = link_for(&ctx, &intake, poll, "boris@example.ru").await;
        intake
            .cast_vote(&vote(&boris, ballot(2, "", 4)))
            .await
            .unwrap();

        let (curator, _) = ctx.service_as(&ctx.f.who.city_curator.email).await;
        let results = curator.poll_results(poll).await.unwrap();
        assert_eq!(results.ballots, 2);
        let counts: Vec<Vec<u64>> = results
            .questions
            .iter()
            .map(|q| q.result.counts.clone())
            .collect();
        assert_eq!(
            counts,
            vec![vec![0, 0, 2], vec![2, 2, 0], vec![], vec![0, 0, 0, 2, 0]]
        );
        assert_eq!(results.questions[2].texts, vec!["Парковку у входа"]);
        assert_eq!(results.questions[2].result.answered, 2);

        // Closing seals the ballots: nothing leads from one to a person.
        let now = curator.poll(poll).await.unwrap();
        let closed = curator
            .poll_act(poll, now.version, PollAction::Close)
            .await
            .unwrap();
        assert_eq!(closed.status, PollStatus::Closed);
        assert!(closed.draft.closes_at <= Utc::now());
        for sql in [
            "SELECT count(*) FROM poll_ballots WHERE poll_id = ?1 AND ref IS NOT NULL",
            "SELECT count(*) FROM ballot_links WHERE poll_id = ?1",
            "SELECT count(*) FROM ballot_requests WHERE poll_id = ?1 AND voter IS NOT NULL",
            "SELECT count(*) FROM polls WHERE id = ?1 AND ballot_key IS NOT NULL",
        ] {
            assert_eq!(count(&ctx, sql, poll), 0, "{sql}");
        }
        assert_eq!(
            count(
                &ctx,
                "SELECT count(*) FROM poll_ballots WHERE poll_id = ?1",
                poll
            ),
            2
        );
        assert_err(
            intake.cast_vote(&vote(&boris, ballot(0, "", 1))).await,
            Invalid::new(Field::Token, Problem::UnknownLink).into(),
        );
        assert_err(
            intake
                .request_ballot(&BallotRequest {
                    poll,
                    contact: "vera@example.ru".into(),
                    client: "203.0.113.9".into(),
                })
                .await,
            Invalid::new(Field::Poll, Problem::PollNotOpen).into(),
        );
        assert!(intake.public_poll(poll).await.unwrap().results.is_none());

        let published = curator
            .poll_act(poll, closed.version, PollAction::PublishResults)
            .await
            .unwrap();
        assert_eq!(published.status, PollStatus::ResultsPublished);
        let page = intake.public_poll(poll).await.unwrap();
        assert!(!page.open);
        assert_eq!(page.results.unwrap().ballots, 2);
        // Once published, the school's own staff see the results too.
        let (coordinator, _) = ctx.service_as(&ctx.f.who.a_coordinator.email).await;
        assert_eq!(coordinator.poll_results(poll).await.unwrap().ballots, 2);
    }
);

contract!(
    who_may_do_what_with_a_poll_by_role_and_scope,
    |ctx| async move {
        let f = &ctx.f;
        let school = f.org.school_a;
        let session = |email: String| {
            let ctx = &ctx;
            async move { ctx.service_as(&email).await.0 }
        };
        // Who may create a draft of school A: administrators and curators
        // of it or above; nobody else.
        let creators = [
            (f.who.platform_curator.email.clone(), true),
            (f.who.city_curator.email.clone(), true),
            (f.who.city_admin.email.clone(), true),
            (f.who.edu_admin.email.clone(), true),
            (f.who.a_admin.email.clone(), true),
            (f.who.a_leader.email.clone(), false),
            (f.who.a_coordinator.email.clone(), false),
            (f.who.a_e1.email.clone(), false),
            (f.who.b_coordinator.email.clone(), false),
        ];
        let mut polls = Vec::new();
        for (email, may) in creators {
            let who = session(email.clone()).await;
            match who.create_poll(school, &draft(Audience::Everyone)).await {
                Ok(p) if may => polls.push(p),
                Err(ServiceError::Forbidden) if !may => {}
                other => panic!("{email} creating: {other:?}"),
            }
        }
        assert_eq!(polls.len(), 5);
        let poll = polls.pop().unwrap();

        // Staff of school B see nothing of school A's polls.
        let other = session(f.who.b_coordinator.email.clone()).await;
        assert_err(
            other.poll(poll.id).await,
            ServiceError::NotFound {
                entity: Entity::Poll,
                id: poll.id.to_string(),
            },
        );
        assert_err(other.polls(school, None).await, ServiceError::Forbidden);
        let coordinator = session(f.who.a_coordinator.email.clone()).await;
        assert_eq!(
            coordinator.polls(school, None).await.unwrap().items.len(),
            5
        );

        // Submitting is for those who prepare; approving for the school's
        // own leader only.
        let leader = session(f.who.a_leader.email.clone()).await;
        assert_err(
            leader
                .poll_act(poll.id, poll.version, PollAction::Submit)
                .await,
            ServiceError::Forbidden,
        );
        let admin = session(f.who.a_admin.email.clone()).await;
        let poll = admin
            .poll_act(poll.id, poll.version, PollAction::Submit)
            .await
            .unwrap();
        let curator = session(f.who.city_curator.email.clone()).await;
        for who in [&curator, &admin, &coordinator] {
            assert_err(
                who.poll_act(poll.id, poll.version, PollAction::Approve)
                    .await,
                ServiceError::Forbidden,
            );
        }
        // Results before they are published: curators and those who
        // prepare, not the leader nor the coordinator.
        assert!(curator.poll_results(poll.id).await.is_ok());
        assert!(admin.poll_results(poll.id).await.is_ok());
        assert_err(leader.poll_results(poll.id).await, ServiceError::Forbidden);
        assert_err(
            coordinator.poll_results(poll.id).await,
            ServiceError::Forbidden,
        );
        let returned = leader
            .poll_act(poll.id, poll.version, PollAction::Return)
            .await
            .unwrap();
        assert_eq!(returned.status, PollStatus::Draft);

        // Staff are not the intake: they cast no votes, and the intake
        // principal does nothing of the back office.
        assert_err(curator.public_poll(poll.id).await, ServiceError::Forbidden);
        let intake = intake(&ctx).await;
        assert_err(intake.poll(poll.id).await, ServiceError::Forbidden);
        assert_err(
            intake.create_poll(school, &draft(Audience::Everyone)).await,
            ServiceError::Forbidden,
        );
        // A draft is nobody's business outside.
        assert_err(
            intake.public_poll(poll.id).await,
            ServiceError::NotFound {
                entity: Entity::Poll,
                id: poll.id.to_string(),
            },
        );
    }
);

contract!(
    bad_input_to_a_poll_names_the_problem_and_writes_nothing,
    |ctx| async move {
        let mut ctx = ctx;
        with_links(&mut ctx).await;
        let (curator, _) = ctx.service_as(&ctx.f.who.city_curator.email).await;
        let school = ctx.f.org.school_a;
        let mut wrong = draft(Audience::Everyone);
        wrong.questions[1].options.truncate(1);
        assert_err(
            curator.create_poll(school, &wrong).await,
            Invalid::new(
                Field::Options,
                Problem::OutOfRange { min: 2, max: 20 }.in_question(1),
            )
            .into(),
        );
        assert_eq!(ctx.f.number("SELECT count(*) FROM polls", &[]), 0);

        let poll = curator
            .create_poll(school, &draft(Audience::Residents))
            .await
            .unwrap();
        // A stale version changes nothing; a step the status does not allow neither.
        assert_err(
            curator
                .update_poll(poll.id, poll.version + 1, &draft(Audience::Everyone))
                .await,
            ServiceError::Conflict { current: 1 },
        );
        assert_err(
            curator
                .poll_act(poll.id, poll.version, PollAction::PublishResults)
                .await,
            Invalid::new(
                Field::Poll,
                Problem::PollStep {
                    status: PollStatus::Draft,
                },
            )
            .into(),
        );
        assert_eq!(curator.poll(poll.id).await.unwrap().version, 1);
        let mut over = draft(Audience::Residents);
        over.opens_at = Utc::now() - Duration::days(3);
        over.closes_at = Utc::now() - Duration::days(1);
        let poll = curator.update_poll(poll.id, 1, &over).await.unwrap();
        assert_err(
            curator
                .poll_act(poll.id, poll.version, PollAction::Submit)
                .await,
            Invalid::new(Field::Period, Problem::PeriodOver).into(),
        );
        let poll = curator
            .update_poll(poll.id, poll.version, &draft(Audience::Residents))
            .await
            .unwrap();
        let poll = curator
            .poll_act(poll.id, poll.version, PollAction::Submit)
            .await
            .unwrap();
        let (leader, _) = ctx.service_as(&ctx.f.who.a_leader.email).await;
        leader
            .poll_act(poll.id, poll.version, PollAction::Approve)
            .await
            .unwrap();

        let intake = intake(&ctx).await;
        assert_err(
            intake
                .request_ballot(&BallotRequest {
                    poll: poll.id,
                    contact: "не почта".into(),
                    client: String::new(),
                })
                .await,
            Invalid::new(Field::Contact, Problem::NotDigits).into(),
        );
        let token = link_for(&ctx, &intake, poll.id, "vera@example.ru").await;
        let mut answers = ballot(0, "", 3);
        answers[0] = Answer::Choice { chosen: vec![0, 1] };
        assert_err(
            intake.cast_vote(&vote(&token, answers)).await,
            Invalid::new(
                Field::Ballot,
                Problem::OutOfRange { min: 1, max: 1 }.in_question(0),
            )
            .into(),
        );
        // Residents' polls ask the citizen to say they live there.
        assert_err(
            intake.cast_vote(&vote(&token, ballot(0, "", 3))).await,
            Invalid::new(Field::Audience, Problem::Required).into(),
        );
        assert_err(
            intake
                .cast_vote(&vote("trk_unknown", ballot(0, "", 3)))
                .await,
            Invalid::new(Field::Token, Problem::UnknownLink).into(),
        );
        assert_eq!(
            count(
                &ctx,
                "SELECT count(*) FROM poll_ballots WHERE poll_id = ?1",
                poll.id
            ),
            0
        );
        assert_eq!(curator.poll(poll.id).await.unwrap().ballots, 0);
        let mut resident = vote(&token, ballot(0, "", 3));
        resident.resident = true;
        intake.cast_vote(&resident).await.unwrap();
        assert_eq!(curator.poll(poll.id).await.unwrap().ballots, 1);
    }
);

contract!(concurrent_votes_are_counted_exactly, |ctx| async move {
    let mut ctx = ctx;
    with_links(&mut ctx).await;
    ctx.configure(|s| s.intake.per_address_hour = 10_000).await;
    let poll = published(&ctx, Audience::Everyone).await;
    let intake = intake(&ctx).await;
    const VOTERS: usize = 40;
    for n in 0..VOTERS {
        intake
            .request_ballot(&BallotRequest {
                poll,
                contact: format!("voter{n}@example.ru"),
                client: format!("198.51.100.{n}"),
            })
            .await
            .unwrap();
    }
    ctx.f.service.send_due_mail().await.unwrap();
    let tokens = common::ballot_tokens(&ctx.outbox(), PUBLIC);
    assert_eq!(tokens.len(), VOTERS);
    // Every voter votes twice at once, the second replacing the first.
    let mut casts = tokio::task::JoinSet::new();
    for (n, token) in tokens.iter().enumerate() {
        for round in 0..2 {
            let (intake, token) = (intake.clone(), token.clone());
            casts.spawn(async move {
                let answers = ballot((n + round) % 3, "", 1 + (n % 5) as i8);
                loop {
                    match intake.cast_vote(&vote(&token, answers.clone())).await {
                        Err(ServiceError::Unavailable { .. }) => continue,
                        other => return other.unwrap(),
                    }
                }
            });
        }
    }
    let mut replaced = 0;
    while let Some(cast) = casts.join_next().await {
        replaced += usize::from(cast.unwrap().replaced);
    }
    assert_eq!(
        replaced, VOTERS,
        "one of each voter's two replaced the other"
    );
    let (curator, _) = ctx.service_as(&ctx.f.who.city_curator.email).await;
    let results = curator.poll_results(poll).await.unwrap();
    assert_eq!(results.ballots, VOTERS as u64);
    for q in [0, 1, 3] {
        assert_eq!(results.questions[q].result.answered, VOTERS as u64);
    }
    assert_eq!(
        results.questions[0].result.counts.iter().sum::<u64>(),
        VOTERS as u64
    );
    // The kept counts agree with the ballots as stored.
    let stored: Vec<Vec<Answer>> = ctx
        .f
        .read(move |r| r.poll_ballots(poll, 1_000))
        .iter()
        .map(|s| serde_json::from_str(s).unwrap())
        .collect();
    let draft = curator.poll(poll).await.unwrap().draft;
    let (total, counted) =
        otklik::domain::polls::tally(&draft.questions, stored.iter().map(Vec::as_slice));
    assert_eq!(total, VOTERS as u64);
    for (kept, recount) in results.questions.iter().zip(counted) {
        assert_eq!(kept.result, recount);
    }
});

contract!(
    a_poll_that_closes_by_its_time_is_sealed_by_the_sweep,
    |ctx| async move {
        let mut ctx = ctx;
        with_links(&mut ctx).await;
        let (curator, _) = ctx.service_as(&ctx.f.who.city_curator.email).await;
        let (leader, _) = ctx.service_as(&ctx.f.who.a_leader.email).await;
        let mut soon = draft(Audience::Everyone);
        soon.closes_at = Utc::now() + Duration::seconds(3);
        let poll = curator
            .create_poll(ctx.f.org.school_a, &soon)
            .await
            .unwrap();
        let poll = curator
            .poll_act(poll.id, poll.version, PollAction::Submit)
            .await
            .unwrap();
        let poll = leader
            .poll_act(poll.id, poll.version, PollAction::Approve)
            .await
            .unwrap();
        let intake = intake(&ctx).await;
        let token = link_for(&ctx, &intake, poll.id, "gleb@example.ru").await;
        intake
            .cast_vote(&vote(&token, ballot(1, "", 2)))
            .await
            .unwrap();
        assert_eq!(ctx.f.service.seal_closed_polls().await.unwrap(), 0);
        tokio::time::sleep(std::time::Duration::from_millis(3_500)).await;
        // Past its time it reads closed and takes nothing, sealed or not.
        assert_eq!(
            curator.poll(poll.id).await.unwrap().status,
            PollStatus::Closed
        );
        assert_err(
            intake.cast_vote(&vote(&token, ballot(0, "", 2))).await,
            Invalid::new(Field::Poll, Problem::PollNotOpen).into(),
        );
        assert_eq!(ctx.f.service.seal_closed_polls().await.unwrap(), 1);
        for sql in [
            "SELECT count(*) FROM poll_ballots WHERE poll_id = ?1 AND ref IS NOT NULL",
            "SELECT count(*) FROM ballot_links WHERE poll_id = ?1",
            "SELECT count(*) FROM ballot_requests WHERE poll_id = ?1 AND voter IS NOT NULL",
            "SELECT count(*) FROM polls WHERE id = ?1 AND ballot_key IS NOT NULL",
        ] {
            assert_eq!(count(&ctx, sql, poll.id), 0, "{sql}");
        }
        assert_eq!(ctx.f.service.seal_closed_polls().await.unwrap(), 0);
        let now = curator.poll(poll.id).await.unwrap();
        let published = curator
            .poll_act(poll.id, now.version, PollAction::PublishResults)
            .await
            .unwrap();
        assert_eq!(published.status, PollStatus::ResultsPublished);
        assert_eq!(curator.poll_results(poll.id).await.unwrap().ballots, 1);
    }
);
