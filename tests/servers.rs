//! Several `otklik serve` processes on one PostgreSQL database: each sees
//! the others' work, races between them have one winner, and a process
//! killed in the middle of writes loses none it acknowledged.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::pg::TestDatabase;
use common::{Fixture, ServerProcess};
use otklik::domain::{Act, MessageStatus, TemplateDraft};
use otklik::service::{Credentials, Gateway, RemoteService, ServiceError, Session};

/// The fixture in a fresh database and two server processes over it.
fn two_servers() -> Option<(Fixture, ServerProcess, ServerProcess)> {
    let db = TestDatabase::create()?;
    let url = db.url.clone();
    let f = Fixture::build_in(Some(db));
    let a = ServerProcess::start_with(&["--database", &url]);
    let b = ServerProcess::start_with(&["--database", &url]);
    Some((f, a, b))
}

async fn session(server: &ServerProcess, token: &str) -> Session {
    RemoteService::new(&server.url, token)
        .unwrap()
        .sign_in(&Credentials::Token(token.to_string()))
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_race_between_two_processes_has_one_winner() {
    let Some((f, a, b)) = two_servers() else {
        return;
    };
    let token = f.service.issue_token(&f.who.a_coordinator.email).unwrap();
    let (on_a, on_b) = (session(&a, &token).await, session(&b, &token).await);
    // Every new message of school A, assigned at once through both processes
    // to different executors at the same version.
    let new: Vec<_> = f
        .msgs
        .iter()
        .filter(|m| m.org == f.org.school_a && m.status == MessageStatus::New)
        .map(|m| m.id)
        .collect();
    assert!(new.len() >= 2, "the fixture has new messages in school A");
    let to_e1 = Act::Assign {
        executor: f.who.a_e1.id,
    };
    let to_e2 = Act::Assign {
        executor: f.who.a_e2.id,
    };
    for &id in &new {
        let (first, second) = tokio::join!(on_a.act(id, 1, &to_e1), on_b.act(id, 1, &to_e2));
        let winner = match (&first, &second) {
            (Ok(m), Err(ServiceError::Conflict { current: 2 })) => m.assignee,
            (Err(ServiceError::Conflict { current: 2 }), Ok(m)) => m.assignee,
            other => panic!("message {id}: not exactly one winner: {other:?}"),
        };
        // Both processes see the winner's change, written once.
        for side in [&on_a, &on_b] {
            let m = side.message(id).await.unwrap();
            assert_eq!((m.assignee, m.version), (winner, 2), "message {id}");
            let assigns = m.history.iter().filter(|h| h.action == "assign").count();
            assert_eq!(assigns, 1, "message {id}: history never doubles");
        }
    }
    // The kept counts agree with the messages, seen from either process.
    let counts_a = on_a.message_counts(f.org.school_a).await.unwrap();
    let counts_b = on_b.message_counts(f.org.school_a).await.unwrap();
    assert_eq!(counts_a, counts_b);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_process_killed_during_writes_loses_nothing_it_acknowledged() {
    let Some((f, mut a, b)) = two_servers() else {
        return;
    };
    let token = f.service.issue_token(&f.who.a_admin.email).unwrap();
    let on_a = session(&a, &token).await;
    let on_b = session(&b, &token).await;
    let org = f.org.school_a;
    let writer = tokio::spawn(async move {
        let mut acknowledged = Vec::new();
        for n in 0..10_000 {
            let draft = TemplateDraft {
                org,
                category: None,
                title: format!("Шаблон {n}"),
                body: format!("Текст шаблона {n}"),
            };
            match on_a.create_template(&draft).await {
                Ok(t) => acknowledged.push(t.id),
                Err(_) => break, // the process is gone
            }
        }
        acknowledged
    });
    // Let some writes land, then kill the process in the middle of one.
    while f.number("SELECT count(*) FROM templates", &[]) < 20 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    a.stop();
    let acknowledged = writer.await.unwrap();
    assert!(acknowledged.len() >= 20, "{} writes", acknowledged.len());
    // The other process keeps serving, and has every acknowledged write.
    let kept: Vec<i64> = on_b
        .templates(org, None)
        .await
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    for id in &acknowledged {
        assert!(kept.contains(id), "acknowledged template {id} was lost");
    }
}

/// `otklik --database URL orgs list`: its exit status and what it said.
fn run_on(url: &str) -> (bool, String) {
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("otklik"))
        .args(["--database", url, "orgs", "list"])
        .env_remove("OTKLIK_DATABASE_URL")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.success(), said)
}

/// `url` with another database name, user:password or port.
fn with(url: &str, change: impl FnOnce(&mut url::Url)) -> String {
    let mut u = url::Url::parse(url).unwrap();
    change(&mut u);
    u.to_string()
}

#[test]
fn a_database_that_is_not_usable_is_refused_with_a_clear_message() {
    let Some(foreign) = TestDatabase::create() else {
        return;
    };
    // Somebody else's tables: refused, and left as they were.
    foreign.sql("CREATE TABLE customers (id int); INSERT INTO customers VALUES (1)");
    let (ok, said) = run_on(&foreign.url);
    assert!(!ok);
    assert!(said.contains("не принадлежат otklik"), "{said}");
    assert_eq!(foreign.number("SELECT count(*) FROM customers"), 1);
    assert_eq!(
        foreign.number("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"),
        1,
        "nothing was added"
    );
    // A schema newer than this build: refused, and left as it was.
    let newer = TestDatabase::create().unwrap();
    common::pg::off_runtime(|| {
        otklik::store::AnyStore::open(&newer.url, otklik::store::OpenMode::Existing)
    })
    .unwrap();
    newer.sql("UPDATE otklik_schema SET version = 99");
    let (ok, said) = run_on(&newer.url);
    assert!(!ok);
    assert!(said.contains("более новой версией otklik"), "{said}");
    assert_eq!(newer.number("SELECT version FROM otklik_schema"), 99);
    // No such database; a wrong password; nobody listening.
    let missing = with(&foreign.url, |u| u.set_path("/otklik_no_such_database"));
    let (ok, said) = run_on(&missing);
    assert!(!ok);
    assert!(
        said.contains("Базы данных") && said.contains("нет"),
        "{said}"
    );
    let wrong = with(&foreign.url, |u| {
        u.set_password(Some("wrong-password")).unwrap()
    });
    let (ok, said) = run_on(&wrong);
    assert!(!ok);
    assert!(said.contains("не приняла вход"), "{said}");
    assert!(
        !said.contains("wrong-password"),
        "the password is not shown: {said}"
    );
    let nobody = with(&foreign.url, |u| u.set_port(Some(1)).unwrap());
    let (ok, said) = run_on(&nobody);
    assert!(!ok);
    assert!(said.contains("Не удаётся подключиться"), "{said}");
}

#[test]
fn a_database_of_an_earlier_schema_is_brought_up_to_date() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    drop(
        common::pg::off_runtime(|| {
            otklik::store::AnyStore::open(&db.url, otklik::store::OpenMode::Existing)
        })
        .unwrap(),
    );
    // As an earlier build left it: schema 1, without the index of version 2,
    // the change sequence of version 3, the mail queue of version 4, the
    // history's subjects of version 5 and the open messages' index by
    // deadline without their status (version 6), with no links between
    // messages nor drafts in the history (version 7), with the outbox the
    // citizen side replaced and none of its tables (version 8), without
    // the votes module (version 9).
    db.sql(
        "DROP INDEX orgs_live_by_parent; DROP TABLE changes; DROP TABLE mail_queue;
         DROP TABLE message_links; DROP TABLE tracking_links; DROP TABLE intake_limits;
         DROP TABLE ballot_links; DROP TABLE ballot_requests; DROP TABLE poll_ballots;
         DROP TABLE poll_tallies; DROP TABLE polls;
         CREATE TABLE outbox (id bigint PRIMARY KEY, message_id bigint NOT NULL,
             contact text NOT NULL, answer text NOT NULL, created_at bigint NOT NULL,
             delivered_at bigint);
         ALTER TABLE message_history DROP COLUMN subject_id;
         ALTER TABLE message_history DROP COLUMN draft;
         DROP INDEX messages_open_by_deadline;
         CREATE INDEX messages_open_by_deadline ON messages(org_id, deadline)
             WHERE status IN (0, 1, 2, 3, 4);
         UPDATE otklik_schema SET version = 1",
    );
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("otklik"))
        .args(["--database", &db.url, "store", "migrate"])
        .env_remove("OTKLIK_DATABASE_URL")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("версия 9"), "{said}");
    assert!(!said.contains("otklik@"), "no password in: {said}");
    assert_eq!(db.number("SELECT version FROM otklik_schema"), 9);
    assert_eq!(
        db.number("SELECT count(*) FROM pg_tables WHERE tablename IN ('tracking_links', 'intake_limits', 'outbox')"),
        2
    );
    assert!(
        db.text("SELECT indexdef FROM pg_indexes WHERE indexname = 'messages_open_by_deadline'")
            .contains("(org_id, deadline, status)"),
    );
    assert_eq!(db.number("SELECT count(*) FROM changes"), 0);
    assert_eq!(db.number("SELECT count(*) FROM mail_queue"), 0);
    assert_eq!(db.number("SELECT count(*) FROM message_links"), 0);
    assert_eq!(db.number("SELECT count(*) FROM poll_ballots"), 0);
    assert_eq!(
        db.number("SELECT count(*) FROM message_history WHERE draft IS NOT NULL"),
        0
    );
    assert_eq!(
        db.number("SELECT count(*) FROM pg_indexes WHERE indexname = 'orgs_live_by_parent'"),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_change_made_through_one_process_reaches_followers_of_the_other() {
    let Some((f, a, b)) = two_servers() else {
        return;
    };
    let token = f.service.issue_token(&f.who.a_coordinator.email).unwrap();
    let (on_a, on_b) = (session(&a, &token).await, session(&b, &token).await);
    let mut feed = on_a.follow(None).await.unwrap();
    let a6 = f.msgs.iter().find(|m| m.label == "a6").unwrap().id;
    let done = on_b
        .act(
            a6,
            1,
            &Act::Assign {
                executor: f.who.a_e1.id,
            },
        )
        .await
        .unwrap();
    let item = tokio::time::timeout(std::time::Duration::from_secs(5), feed.next())
        .await
        .expect("heard within 5 s")
        .expect("the feed goes on")
        .unwrap();
    match item {
        otklik::domain::change::FeedItem::Change {
            change: otklik::domain::change::Change::Message { id, version, .. },
            ..
        } => assert_eq!((id, version), (a6, done.version)),
        other => panic!("heard {other:?}"),
    }
}
