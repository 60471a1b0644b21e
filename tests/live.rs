//! The change feed (`Service::follow`): who hears of what, in order, and
//! what a follower that reconnects gets — on the embedded store, through a
//! real server (server-sent events), and through the server on PostgreSQL.
//!
//! To tell "nothing about it" from "not yet", every case ends with a change
//! everyone may see (an organisation's flag, by a platform curator): a
//! follower's next item after the case's change is then exactly what it was
//! told of that change, or the sentinel itself.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::Ctx;
use otklik::domain::change::{Change, FeedItem};
use otklik::domain::{Act, MessageId, OrgChange};
use otklik::service::{Feed, Session};

/// The next item, or a failure after a while.
async fn next(feed: &mut Feed) -> FeedItem {
    match tokio::time::timeout(Duration::from_secs(10), feed.next()).await {
        Ok(Some(Ok(item))) => item,
        Ok(Some(Err(e))) => panic!("the feed broke: {e}"),
        Ok(None) => panic!("the feed ended"),
        Err(_) => panic!("nothing came within 10 s"),
    }
}

fn change(item: FeedItem) -> Change {
    match item {
        FeedItem::Change { change, .. } => change,
        other => panic!("expected a change, got {other:?}"),
    }
}

/// The sentinel: school B's "ready" flag, set by the city's administrator.
async fn sentinel(ctx: &Ctx) {
    let (admin, _) = ctx.service_as(&ctx.f.who.city_admin.email).await;
    admin
        .update_org(
            ctx.f.org.school_b,
            &OrgChange {
                ready: Some(true),
                ..OrgChange::default()
            },
        )
        .await
        .unwrap();
}

fn is_sentinel(ctx: &Ctx, change: &Change) -> bool {
    matches!(change, Change::Org { id, .. } if *id == ctx.f.org.school_b)
}

async fn follower(ctx: &Ctx, email: &str) -> (Session, Feed) {
    let (session, _) = ctx.service_as(email).await;
    let feed = session.follow(None).await.unwrap();
    (session, feed)
}

/// What `feed` heard of the case's change: `None` when its next item is the sentinel.
async fn heard(ctx: &Ctx, feed: &mut Feed) -> Option<Change> {
    let first = change(next(feed).await);
    if is_sentinel(ctx, &first) {
        return None;
    }
    let then = change(next(feed).await);
    assert!(
        is_sentinel(ctx, &then),
        "one item per change, then {then:?}"
    );
    Some(first)
}

/// Everything `feed` heard before the sentinel.
async fn heard_all(ctx: &Ctx, feed: &mut Feed) -> Vec<Change> {
    let mut all = Vec::new();
    loop {
        let item = change(next(feed).await);
        if is_sentinel(ctx, &item) {
            return all;
        }
        all.push(item);
    }
}

async fn version(session: &Session, id: MessageId) -> i64 {
    session.message(id).await.unwrap().version
}

contract!(
    an_assignment_is_heard_whole_by_who_may_read_it_and_as_counts_by_the_rest,
    |ctx| async move {
        let f = &ctx.f;
        let who = &f.who;
        let mut feeds = Vec::new();
        for email in [
            &who.a_coordinator.email,
            &who.a_e1.email,
            &who.a_e2.email,
            &who.city_curator.email,
            &who.b_coordinator.email,
            &who.a_admin.email,
        ] {
            feeds.push(follower(&ctx, email).await.1);
        }
        let (coordinator, _) = ctx.service_as(&who.a_coordinator.email).await;
        let a6 = f.msg("a6").id;
        let v = version(&coordinator, a6).await;
        coordinator
            .act(
                a6,
                v,
                &Act::Assign {
                    executor: who.a_e1.id,
                },
            )
            .await
            .unwrap();
        sentinel(&ctx).await;

        let whole = |c: &Option<Change>| match c {
            Some(Change::Message {
                id,
                version,
                now,
                was,
            }) => {
                *id == a6
                    && *version == v + 1
                    && now.assignee == Some(who.a_e1.id)
                    && was.as_ref().is_some_and(|w| w.assignee.is_none())
            }
            _ => false,
        };
        let counts = Some(Change::Counts {
            orgs: vec![f.org.school_a],
        });
        let mut heard_by = Vec::new();
        for feed in &mut feeds {
            heard_by.push(heard(&ctx, feed).await);
        }
        assert!(whole(&heard_by[0]), "coordinator: {:?}", heard_by[0]);
        assert!(
            whole(&heard_by[1]),
            "the executor it went to: {:?}",
            heard_by[1]
        );
        assert_eq!(
            heard_by[2], counts,
            "another executor learns the counts only"
        );
        assert!(whole(&heard_by[3]), "the city's curator: {:?}", heard_by[3]);
        assert_eq!(heard_by[4], counts, "another school's coordinator");
        assert_eq!(heard_by[5], counts, "an admin who reads no messages");
    }
);

contract!(
    an_approval_reaches_the_executor_and_a_redirect_the_target,
    |ctx| async move {
        let f = &ctx.f;
        let who = &f.who;
        let (_, mut executor) = follower(&ctx, &who.a_e1.email).await;
        let (_, mut other_school) = follower(&ctx, &who.b_coordinator.email).await;
        let (leader, _) = ctx.service_as(&who.a_leader.email).await;
        // a10: on approval, written by E1.
        let a10 = f.msg("a10").id;
        let v = version(&leader, a10).await;
        leader.act(a10, v, &Act::Approve).await.unwrap();
        // a3: E1 asks to redirect it to school B; the leader agrees.
        let (e1, _) = ctx.service_as(&who.a_e1.email).await;
        let a8 = f.msg("a3").id;
        let redirect = Act::AskRedirect {
            target: f.org.school_b,
            reason: "Это их двор".into(),
        };
        e1.act(a8, version(&e1, a8).await, &redirect).await.unwrap();
        leader
            .act(a8, version(&leader, a8).await, &Act::ApproveRedirect)
            .await
            .unwrap();
        sentinel(&ctx).await;

        match change(next(&mut executor).await) {
            Change::Message { id, now, .. } => {
                assert_eq!(id, a10);
                assert_eq!(now.status, otklik::domain::MessageStatus::Answered);
            }
            other => panic!("the executor heard {other:?}"),
        }
        match change(next(&mut executor).await) {
            Change::Message { id, now, .. } => {
                assert_eq!(id, a8, "their own request");
                assert_eq!(now.status, otklik::domain::MessageStatus::RedirectRequested);
            }
            other => panic!("the executor heard {other:?}"),
        }
        match change(next(&mut executor).await) {
            Change::Message { id, now, was, .. } => {
                assert_eq!(id, a8, "taken from them by the redirect");
                assert_eq!(now.assignee, None);
                assert_eq!(was.unwrap().assignee, Some(who.a_e1.id));
            }
            other => panic!("the executor heard {other:?}"),
        }
        assert!(is_sentinel(&ctx, &change(next(&mut executor).await)));

        assert_eq!(
            change(next(&mut other_school).await),
            Change::Counts {
                orgs: vec![f.org.school_a]
            },
            "the approval, as counts"
        );
        assert_eq!(
            change(next(&mut other_school).await),
            Change::Counts {
                orgs: vec![f.org.school_a]
            },
            "the request, as counts"
        );
        match change(next(&mut other_school).await) {
            Change::Message { id, now, .. } => {
                assert_eq!(id, a8);
                assert_eq!(now.org, f.org.school_b, "arrived in their queue");
            }
            other => panic!("the target heard {other:?}"),
        }
        assert!(is_sentinel(&ctx, &change(next(&mut other_school).await)));
    }
);

contract!(
    a_message_in_moderation_is_heard_by_platform_curators_alone,
    |ctx| async move {
        let f = &ctx.f;
        let (platform, mut platform_feed) = follower(&ctx, &f.who.platform_curator.email).await;
        let (_, mut city) = follower(&ctx, &f.who.city_curator.email).await;
        let (_, mut coordinator) = follower(&ctx, &f.who.a_coordinator.email).await;
        let received = platform
            .receive_message(&common::canteen_message(f, "Холодный чай"))
            .await
            .unwrap();
        sentinel(&ctx).await;
        match heard(&ctx, &mut platform_feed).await {
            Some(Change::Message { id, was: None, .. }) => assert_eq!(id, received.id),
            other => panic!("the platform curator heard {other:?}"),
        }
        assert_eq!(heard(&ctx, &mut city).await, None);
        assert_eq!(heard(&ctx, &mut coordinator).await, None);
        // Accepted out of moderation, it is everyone's news.
        let v = received.version;
        platform.act(received.id, v, &Act::Accept).await.unwrap();
        sentinel(&ctx).await;
        assert!(matches!(
            heard(&ctx, &mut coordinator).await,
            Some(Change::Message { id, .. }) if id == received.id
        ));
    }
);

contract!(
    accounts_are_heard_by_their_organisation_and_those_above,
    |ctx| async move {
        let f = &ctx.f;
        let (admin, _) = ctx.service_as(&f.who.a_admin.email).await;
        let (_, mut staff) = follower(&ctx, &f.who.a_e2.email).await;
        let (_, mut city_admin) = follower(&ctx, &f.who.city_admin.email).await;
        let (_, mut other_school) = follower(&ctx, &f.who.b_coordinator.email).await;
        let saved = admin
            .create_account(
                f.org.school_a,
                &otklik::domain::AccountDraft {
                    surname: "Новикова".into(),
                    first_name: "Дарья".into(),
                    patronymic: "Петровна".into(),
                    email: "novikova@school5.ru".into(),
                    phone: "+7 (912) 345-67-00".into(),
                    position: "Учитель математики".into(),
                    roles: otklik::domain::Roles::empty().with(otklik::domain::Role::Executor),
                },
            )
            .await
            .unwrap();
        sentinel(&ctx).await;
        let expected = Change::Account {
            id: saved.account.id,
            org: f.org.school_a,
            path: admin.actor().org_path,
        };
        // Twice: the account was created, then its invitation went out.
        let twice = vec![expected.clone(), expected];
        assert_eq!(heard_all(&ctx, &mut staff).await, twice);
        assert_eq!(heard_all(&ctx, &mut city_admin).await, twice);
        assert_eq!(heard(&ctx, &mut other_school).await, None);
    }
);

contract!(
    a_follower_that_comes_back_gets_what_it_missed_in_order,
    |ctx| async move {
        let f = &ctx.f;
        let (coordinator, mut feed) = follower(&ctx, &f.who.a_coordinator.email).await;
        let a6 = f.msg("a6").id;
        let v = version(&coordinator, a6).await;
        coordinator
            .act(
                a6,
                v,
                &Act::Assign {
                    executor: f.who.a_e1.id,
                },
            )
            .await
            .unwrap();
        let seen = next(&mut feed).await.id();
        drop(feed);
        // While away: two more steps.
        let a9 = f.msg("a9").id;
        let v9 = version(&coordinator, a9).await;
        coordinator
            .act(
                a9,
                v9,
                &Act::Assign {
                    executor: f.who.a_e2.id,
                },
            )
            .await
            .unwrap();
        coordinator
            .act(
                a6,
                v + 1,
                &Act::Assign {
                    executor: f.who.a_e2.id,
                },
            )
            .await
            .unwrap();
        let mut back = coordinator.follow(Some(seen)).await.unwrap();
        let first = next(&mut back).await;
        let second = next(&mut back).await;
        assert!(first.id() > seen && second.id() > first.id());
        assert!(matches!(change(first), Change::Message { id, .. } if id == a9));
        assert!(matches!(
            change(second),
            Change::Message { id, version, .. } if id == a6 && version == v + 2
        ));
    }
);

contract!(
    a_follower_from_another_sequence_is_told_to_reload,
    |ctx| async move {
        let (session, _) = ctx.service_as(&ctx.f.who.a_coordinator.email).await;
        let mut feed = session.follow(Some(1_000_000)).await.unwrap();
        assert!(matches!(next(&mut feed).await, FeedItem::Reload { .. }));
    }
);

/// Two clients on one file, each with the store open (as two terminals on
/// one machine): the one follows, the other writes.
#[tokio::test(flavor = "multi_thread")]
async fn a_second_client_on_the_same_file_is_heard() {
    let f = common::Fixture::build();
    let path = f.sqlite().path().to_path_buf();
    let other = otklik::service::LocalService::open(&path, otklik::store::OpenMode::Existing)
        .unwrap()
        .with_today(common::today());
    let sign_in = |service: &otklik::service::LocalService, email: &str| {
        let (service, email) = (service.clone(), email.to_string());
        async move {
            use otklik::service::Gateway;
            service
                .sign_in(&otklik::service::Credentials::Email(email))
                .await
                .unwrap()
        }
    };
    let follower = sign_in(&f.service, &f.who.a_coordinator.email).await;
    let mut feed = follower.follow(None).await.unwrap();
    let writer = sign_in(&other, &f.who.a_coordinator.email).await;
    let a6 = f.msg("a6").id;
    writer
        .act(
            a6,
            1,
            &Act::Assign {
                executor: f.who.a_e1.id,
            },
        )
        .await
        .unwrap();
    assert!(matches!(
        change(next(&mut feed).await),
        Change::Message { id, version: 2, .. } if id == a6
    ));
}

contract!(
    a_follower_whose_roles_change_is_judged_by_them_at_once,
    |ctx| async move {
        let f = &ctx.f;
        let (_, mut feed) = follower(&ctx, &f.who.a_coordinator.email).await;
        // The school's administrator leaves the coordinator an executor only.
        let (admin, _) = ctx.service_as(&f.who.a_admin.email).await;
        let page = admin
            .accounts(f.org.school_a, &otklik::service::AccountQuery::default())
            .await
            .unwrap();
        let account = page
            .items
            .iter()
            .find(|a| a.id == f.who.a_coordinator.id)
            .unwrap();
        let mut draft = otklik::domain::AccountDraft::of(account);
        draft.roles = otklik::domain::Roles::empty().with(otklik::domain::Role::Executor);
        admin.update_account(account.id, &draft).await.unwrap();
        assert!(matches!(
            change(next(&mut feed).await),
            Change::Account { id, .. } if id == f.who.a_coordinator.id
        ));
        // Somebody else's message stepped: no longer theirs to read whole.
        let (leader, _) = ctx.service_as(&f.who.a_leader.email).await;
        let a10 = f.msg("a10").id;
        leader
            .act(a10, version(&leader, a10).await, &Act::Approve)
            .await
            .unwrap();
        assert_eq!(
            change(next(&mut feed).await),
            Change::Counts {
                orgs: vec![f.org.school_a]
            }
        );
    }
);

/// A server keeps a few streams per person, not all its connections.
#[tokio::test]
async fn one_person_holds_a_few_streams_at_most() {
    let ctx = Ctx::new(common::Kind::Remote).await;
    let (session, _) = ctx.service_as(&ctx.f.who.a_coordinator.email).await;
    let mut open = Vec::new();
    for _ in 0..otklik::server::STREAMS_PER_PERSON {
        open.push(session.follow(None).await.unwrap());
    }
    assert!(matches!(
        session.follow(None).await,
        Err(otklik::service::ServiceError::Unavailable { .. })
    ));
    // One closed: a place again.
    drop(open.pop());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(session.follow(None).await.is_ok());
}
