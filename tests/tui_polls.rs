//! The votes module in a real terminal (tmux): a poll made from a file
//! and submitted from the keyboard, published by the leader elsewhere, its
//! results as bar charts moving live as citizens vote, and closed.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use chrono::{Duration, Utc};
use common::Fixture;
use common::tmux::Tmux;
use otklik::domain::PollId;
use otklik::domain::polls::{Answer, BallotRequest, PollAction, Vote};
use otklik::service::{Credentials, Gateway, Session};

const PUBLIC: &str = "https://otklik.example.ru";

async fn as_person(f: &Fixture, email: &str) -> Session {
    f.service
        .sign_in(&Credentials::Email(email.to_string()))
        .await
        .unwrap()
}

/// A poll file of one question of three options, open from now.
fn poll_file(dir: &std::path::Path) -> String {
    let path = dir.join("subbotnik.toml");
    let at = |d: Duration| (Utc::now() + d).to_rfc3339();
    std::fs::write(
        &path,
        format!(
            "title = \"Куда пойдёт субботник\"\nopens_at = \"{}\"\ncloses_at = \"{}\"\n\
             [[questions]]\ntext = \"Где убираем первым?\"\nkind = \"single\"\n\
             options = [\"Сквер\", \"Стадион\", \"Набережная\"]\n",
            at(-Duration::minutes(1)),
            at(Duration::days(3)),
        ),
    )
    .unwrap();
    path.display().to_string()
}

/// The school's leader publishes the poll submitted for approval.
async fn leader_publishes(f: &Fixture) -> PollId {
    let leader = as_person(f, &f.who.a_leader.email).await;
    let page = leader.polls(f.org.school_a, None).await.unwrap();
    let poll = leader.poll(page.items[0].id).await.unwrap();
    leader
        .poll_act(poll.id, poll.version, PollAction::Approve)
        .await
        .unwrap();
    poll.id
}

/// A citizen asks for a link, follows it and chooses `option`.
async fn citizen_votes(f: &Fixture, poll: PollId, contact: &str, option: usize) {
    let intake = f.service.sign_in(&Credentials::Intake).await.unwrap();
    intake
        .request_ballot(&BallotRequest {
            poll,
            contact: contact.into(),
            client: "203.0.113.5".into(),
        })
        .await
        .unwrap();
    f.service.send_due_mail().await.unwrap();
    let token = common::ballot_tokens(&f.outbox(), PUBLIC).pop().unwrap();
    intake
        .cast_vote(&Vote {
            token,
            answers: vec![Answer::Choice {
                chosen: vec![option],
            }],
            resident: false,
        })
        .await
        .unwrap();
}

#[test]
fn the_results_move_on_screen_as_citizens_vote() {
    let mut f = Fixture::build();
    let mut settings = f.service.settings().clone();
    settings.public_url = PUBLIC.into();
    f.service = f.service.clone().with_settings(settings);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let home = tempfile::tempdir().unwrap();
    let server = common::ServerProcess::start(f.sqlite().path());
    let token = f.service.issue_token(&f.who.a_admin.email).unwrap();
    let t = Tmux::start(
        &["--server", &server.url],
        &[("OTKLIK_TOKEN", &token)],
        home.path(),
        120,
        34,
    );
    t.wait_for(&["МБОУ «СОШ № 5»"]);
    t.keys(&["O"]);
    t.wait_for(&["Голосования", "пока нет опросов"]);
    // The school's administrator writes the poll from a file and submits it.
    t.keys(&["n"]);
    t.wait_for(&["Новый опрос из файла"]);
    t.type_text(&poll_file(home.path()));
    t.keys(&["Enter"]);
    t.wait_for(&["создан", "Куда пойдёт субботник", "черновик"]);
    t.keys(&["S"]);
    t.wait_for(&["на согласовании"]);
    // The leader publishes it elsewhere: it shows here by itself.
    let poll = rt.block_on(leader_publishes(&f));
    t.wait_for(&["Проголосовали: 0", "опубликован"]);
    let screen = t.wait_for(&["Где убираем первым?", "Стадион", "0 · 0.0%"]);
    assert!(screen.contains("Куда пойдёт субботник"), "{screen}");

    // Votes cast elsewhere show here without a key pressed.
    rt.block_on(async {
        citizen_votes(&f, poll, "anna@example.ru", 1).await;
        citizen_votes(&f, poll, "boris@example.ru", 1).await;
        citizen_votes(&f, poll, "vera@example.ru", 2).await;
    });
    let screen = t.wait_for(&["Проголосовали: 3", "2 · 66.6%", "1 · 33.3%"]);
    assert!(screen.contains("ответили: 3"), "{screen}");

    // The school's administrator closes it from the keyboard.
    t.keys(&["C"]);
    t.wait_for(&["завершён"]);
    t.keys(&["q"]);
    t.quit();
}
