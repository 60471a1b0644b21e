//! Live updates in a real terminal (tmux): one person's work shows on
//! another's screen without `r` — through a server, on one file shared by
//! two clients, and after the server was restarted.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::Fixture;
use common::tmux::Tmux;
use otklik::domain::Act;
use otklik::service::{Credentials, Gateway, RemoteService, Session};

/// The school's row in the tree with its count of new messages.
fn school_row(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains("МБОУ «СОШ № 5»") && l.contains('│'))
        .map(|l| l.split('│').nth(1).unwrap_or(l).trim().to_string())
        .unwrap_or_default()
}

/// The coordinator's screen on the "Новые" tab with the cursor on the
/// second row («Шумные соседи школы», a9; a12 is above it).
fn coordinator_on_a9(t: &Tmux) {
    let screen = t.wait_for(&["Родители просят", "Шумные соседи школы", "Новые 3"]);
    assert!(school_row(&screen).contains(" 3"), "{screen}");
    t.keys(&["Tab", "Tab", "Down"]);
}

/// From the first screen: opens a12, the newest new message, and assigns
/// it to E1 (Иванов) with the picker.
fn assign_a12_to_e1(t: &Tmux) {
    t.wait_for(&["Родители просят", "Новые 3"]);
    t.keys(&["Tab", "Tab", "Enter"]);
    t.wait_for(&["Сообщение № ", "Егоров Семен"]);
    t.keys(&["a"]);
    t.wait_for(&["Назначить исполнителя", "Иванов Иван Иванович"]);
    t.type_text("иванов");
    t.keys(&["Enter"]);
    t.wait_for(&["В работе", "Иванов И. И."]);
}

/// Opens the message under the cursor: it must still be a9.
fn cursor_still_on_a9(t: &Tmux) {
    t.keys(&["Enter"]);
    t.wait_for(&["Сообщение № ", "Федоров Глеб"]);
    t.keys(&["Escape"]);
}

async fn session(url: &str, token: &str) -> Session {
    RemoteService::new(url, token)
        .unwrap()
        .sign_in(&Credentials::Token(token.to_string()))
        .await
        .unwrap()
}

#[test]
fn through_a_server_every_step_shows_on_the_others_screens() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let server = common::ServerProcess::start(f.sqlite().path());
    let tokens = f.tokens(&[
        &f.who.a_coordinator,
        &f.who.a_e1,
        &f.who.a_leader,
        &f.who.b_coordinator,
        &f.who.platform_curator,
    ]);
    let client = |who: &str| {
        Tmux::start(
            &["--server", &server.url],
            &[("OTKLIK_TOKEN", &tokens[who])],
            home.path(),
            120,
            34,
        )
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let observer = client(&f.who.a_coordinator.email);
    coordinator_on_a9(&observer);

    // Another terminal, the same school's coordinator: assigns a12 to E1.
    let acting = client(&f.who.a_coordinator.email);
    assign_a12_to_e1(&acting);
    acting.quit();
    // Without a key: a12 left the tab, the counts of the tab and the tree
    // went down, and the cursor is on a9 still.
    let screen = observer.wait_for(&["Новые 2", "Шумные соседи школы"]);
    assert!(!screen.contains("Родители просят"), "{screen}");
    assert!(school_row(&screen).contains(" 2"), "{screen}");
    cursor_still_on_a9(&observer);

    // E1 sees the message arrive in "my messages" as it is assigned.
    let executor = client(&f.who.a_e1.email);
    executor.wait_for(&["Яма на дороге у школы"]);
    let a9 = f.msg("a9").id;
    rt.block_on(async {
        let coordinator = session(&server.url, &tokens[&f.who.a_coordinator.email]).await;
        coordinator
            .act(
                a9,
                1,
                &Act::Assign {
                    executor: f.who.a_e1.id,
                },
            )
            .await
            .unwrap();
    });
    executor.wait_for(&["Шумные соседи школы"]);

    // The leader approves a10 (E1's answer): it leaves E1's "on approval".
    executor.wait_for(&["На согласовании 1"]);
    let a10 = f.msg("a10").id;
    rt.block_on(async {
        let leader = session(&server.url, &tokens[&f.who.a_leader.email]).await;
        let v = leader.message(a10).await.unwrap().version;
        leader.act(a10, v, &Act::Approve).await.unwrap();
    });
    executor.wait_for(&["На согласовании 0"]);
    executor.quit();

    // A message arriving through the intake is announced in the queue.
    rt.block_on(async {
        let intake = session(&server.url, &tokens[&f.who.platform_curator.email]).await;
        intake.set_moderation(false).await.unwrap();
        intake
            .receive_message(&common::canteen_message(&f, "Холодный чай в столовой"))
            .await
            .unwrap();
    });
    observer.wait_for(&["+1 новое сообщение", "Холодный чай в столовой"]);
    observer.quit();

    // A redirect arrives in the target school's queue.
    let target = client(&f.who.b_coordinator.email);
    target.wait_for(&["Холодные обеды в столовой"]);
    let a3 = f.msg("a3").id;
    rt.block_on(async {
        let e1 = session(&server.url, &tokens[&f.who.a_e1.email]).await;
        let ask = Act::AskRedirect {
            target: f.org.school_b,
            reason: "Это их двор".into(),
        };
        e1.act(a3, 1, &ask).await.unwrap();
        let leader = session(&server.url, &tokens[&f.who.a_leader.email]).await;
        leader.act(a3, 2, &Act::ApproveRedirect).await.unwrap();
    });
    target.wait_for(&["+1 новое сообщение", "Яма на дороге у школы"]);
    target.quit();
}

#[test]
fn two_clients_on_one_file_see_each_others_work() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let store = f.sqlite().path().display().to_string();
    let client =
        |who: &str| Tmux::start(&["--store", &store, "--as", who], &[], home.path(), 120, 34);
    let observer = client(&f.who.a_coordinator.email);
    coordinator_on_a9(&observer);
    let acting = client(&f.who.a_coordinator.email);
    assign_a12_to_e1(&acting);
    let screen = observer.wait_for(&["Новые 2", "Шумные соседи школы"]);
    assert!(!screen.contains("Родители просят"), "{screen}");
    assert!(school_row(&screen).contains(" 2"), "{screen}");
    cursor_still_on_a9(&observer);
    // And the other way round: the observer's step reaches the first.
    observer.keys(&["Enter"]);
    observer.wait_for(&["Федоров Глеб"]);
    observer.keys(&["a"]);
    observer.wait_for(&["Назначить исполнителя"]);
    observer.type_text("иванов");
    observer.keys(&["Enter"]);
    acting.keys(&["Escape"]);
    acting.wait_for(&["Новые 1"]);
    acting.quit();
    observer.quit();
}

#[test]
fn a_client_whose_server_restarted_recovers_by_itself() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let mut server = common::ServerProcess::start(f.sqlite().path());
    let token = f.service.issue_token(&f.who.a_coordinator.email).unwrap();
    let observer = Tmux::start(
        &["--server", &server.url],
        &[("OTKLIK_TOKEN", &token)],
        home.path(),
        120,
        34,
    );
    coordinator_on_a9(&observer);
    // Asked to stop, the server ends the open change streams and exits.
    assert!(server.terminate().is_some_and(|s| s.success()));
    observer.wait_for(&["нет связи для обновлений"]);
    // The server comes back on the same address; meanwhile a12 was assigned
    // on the store itself.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let coordinator = f
            .service
            .sign_in(&Credentials::Email(f.who.a_coordinator.email.clone()))
            .await
            .unwrap();
        coordinator
            .act(
                f.msg("a12").id,
                1,
                &Act::Assign {
                    executor: f.who.a_e1.id,
                },
            )
            .await
            .unwrap();
    });
    server.restart(&["--store", &f.sqlite().path().display().to_string()]);
    let screen = observer.wait_for(&["Новые 2", "Шумные соседи школы"]);
    assert!(!screen.contains("нет связи"), "{screen}");
    assert!(!screen.contains("Родители просят"), "{screen}");
    cursor_still_on_a9(&observer);
    observer.quit();
}

#[test]
fn on_two_server_processes_over_postgresql_a_step_through_one_shows_through_the_other() {
    let Some(db) = common::pg::TestDatabase::create() else {
        return;
    };
    let url = db.url.clone();
    let f = Fixture::build_in(Some(db));
    let home = tempfile::tempdir().unwrap();
    let (a, b) = (
        common::ServerProcess::start_with(&["--database", &url]),
        common::ServerProcess::start_with(&["--database", &url]),
    );
    let token = f.service.issue_token(&f.who.a_coordinator.email).unwrap();
    let observer = Tmux::start(
        &["--server", &a.url],
        &[("OTKLIK_TOKEN", &token)],
        home.path(),
        120,
        34,
    );
    coordinator_on_a9(&observer);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let through_b = session(&b.url, &token).await;
        through_b
            .act(
                f.msg("a12").id,
                1,
                &Act::Assign {
                    executor: f.who.a_e1.id,
                },
            )
            .await
            .unwrap();
    });
    let screen = observer.wait_for(&["Новые 2", "Шумные соседи школы"]);
    assert!(!screen.contains("Родители просят"), "{screen}");
    assert!(school_row(&screen).contains(" 2"), "{screen}");
    cursor_still_on_a9(&observer);
    observer.quit();
}
