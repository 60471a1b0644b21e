//! The votes module in a real terminal (tmux): the school's polls and the
//! results of the one shown as bar charts, moving live as citizens vote,
//! and the poll closed from the keyboard.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use chrono::{Duration, Utc};
use common::Fixture;
use common::tmux::Tmux;
use otklik::domain::PollId;
use otklik::domain::polls::{
    Answer, Audience, BallotRequest, PollAction, PollDraft, Question, QuestionKind, Vote,
};
use otklik::service::{Credentials, Gateway, Session};

const PUBLIC: &str = "https://otklik.example.ru";

async fn as_person(f: &Fixture, email: &str) -> Session {
    f.service
        .sign_in(&Credentials::Email(email.to_string()))
        .await
        .unwrap()
}

/// A published poll of school A with one question of three options.
async fn published(f: &Fixture) -> PollId {
    let admin = as_person(f, &f.who.a_admin.email).await;
    let leader = as_person(f, &f.who.a_leader.email).await;
    let draft = PollDraft {
        title: "Куда пойдёт субботник".into(),
        description: String::new(),
        questions: vec![Question {
            text: "Где убираем первым?".into(),
            kind: QuestionKind::Single,
            options: vec!["Сквер".into(), "Стадион".into(), "Набережная".into()],
        }],
        opens_at: Utc::now() - Duration::minutes(1),
        closes_at: Utc::now() + Duration::days(3),
        audience: Audience::Everyone,
    };
    let poll = admin.create_poll(f.org.school_a, &draft).await.unwrap();
    let poll = admin
        .poll_act(poll.id, poll.version, PollAction::Submit)
        .await
        .unwrap();
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
    let poll = rt.block_on(published(&f));
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
    t.wait_for(&["Голосования", "Куда пойдёт субботник", "Проголосовали: 0"]);
    let screen = t.wait_for(&["Где убираем первым?", "Стадион", "0 · 0.0%"]);
    assert!(screen.contains("опубликован"), "{screen}");

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
