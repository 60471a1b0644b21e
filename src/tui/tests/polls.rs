//! The polls screen at `update()`: opening it on the selected
//! organisation, its answers, the steps its keys ask for, and the votes the
//! feed brings reading the list and the poll again.

use super::*;
use crate::domain::PollId;
use crate::domain::change::Change;
use crate::domain::polls::{
    Audience, Poll, PollAction, PollDraft, PollRow, PollStatus, Question, QuestionKind,
};
use crate::tui::action::Live;
use crate::tui::polls::{PollCall, PollReply};

fn poll(id: i64, status: PollStatus, version: i64) -> Poll {
    let at = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    Poll {
        id: PollId(id),
        org: OrgId(3),
        org_name: "МБОУ «СОШ № 5»".into(),
        status,
        version,
        draft: PollDraft {
            title: format!("Опрос {id}"),
            description: String::new(),
            questions: vec![Question {
                text: "Что построить?".into(),
                kind: QuestionKind::Single,
                options: vec!["Сквер".into(), "Стадион".into()],
            }],
            opens_at: at,
            closes_at: at + chrono::Duration::days(30),
            audience: Audience::Everyone,
        },
        ballots: 0,
        created_at: at,
        updated_at: at,
    }
}

/// The only poll call among `effects`, with its request.
fn poll_call(effects: &[Effect]) -> (u64, PollCall) {
    let calls: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Call {
                req,
                call: Call::Polls { call },
            } => Some((*req, call.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(calls.len(), 1, "{effects:?}");
    calls[0].clone()
}

fn answer(s: &mut State, req: u64, reply: PollReply) -> Vec<Effect> {
    update(
        s,
        Action::Answer {
            req,
            answer: Answer::Polls {
                reply: Box::new(reply),
            },
        },
    )
}

/// The screen open on the school with polls 2 (on approval) and 1 (closed),
/// poll 2 shown.
fn screen() -> State {
    let (mut s, _) = signed_in(Lang::Ru);
    let (req, call) = poll_call(&update(&mut s, Action::Command(Command::Polls)));
    assert_eq!(call, PollCall::List { org: OrgId(3) });
    let rows: Vec<PollRow> = [
        poll(2, PollStatus::OnApproval, 2),
        poll(1, PollStatus::Closed, 5),
    ]
    .iter()
    .map(Poll::row)
    .collect();
    let effects = answer(
        &mut s,
        req,
        PollReply::List(Ok(Page {
            items: rows,
            next: None,
        })),
    );
    let (req, call) = poll_call(&effects);
    assert_eq!(call, PollCall::Open { id: PollId(2) });
    answer(
        &mut s,
        req,
        PollReply::Open {
            poll: Ok(poll(2, PollStatus::OnApproval, 2)),
            results: None,
        },
    );
    s
}

#[test]
fn a_publishes_what_waits_and_the_results_of_what_closed() {
    let mut s = screen();
    let (_, call) = poll_call(&update(&mut s, Action::Command(Command::Approve)));
    assert_eq!(
        call,
        PollCall::Act {
            id: PollId(2),
            version: 2,
            action: PollAction::Approve
        }
    );
    // One step at a time: a second key waits for the first's answer.
    assert!(update(&mut s, Action::Command(Command::CloseMessage)).is_empty());

    let mut s = screen();
    let (req, call) = poll_call(&update(&mut s, Action::Command(Command::Down)));
    assert_eq!(call, PollCall::Open { id: PollId(1) });
    answer(
        &mut s,
        req,
        PollReply::Open {
            poll: Ok(poll(1, PollStatus::Closed, 5)),
            results: None,
        },
    );
    let (_, call) = poll_call(&update(&mut s, Action::Command(Command::Approve)));
    assert_eq!(
        call,
        PollCall::Act {
            id: PollId(1),
            version: 5,
            action: PollAction::PublishResults
        }
    );
}

#[test]
fn a_vote_on_the_organisation_reads_the_list_again_and_others_do_not() {
    let mut s = screen();
    let vote = |org: i64, id: i64| Change::Poll {
        id: PollId(id),
        org: OrgId(org),
        path: OrgPath(format!("/1/2/{org}/")),
        version: 3,
        ballots: 7,
    };
    let live = |s: &mut State, changes| {
        update(
            s,
            Action::Live(Live::Changes {
                changes,
                reload: false,
            }),
        )
    };
    let (_, call) = poll_call(&live(&mut s, vec![vote(3, 2), vote(3, 2)]));
    assert_eq!(call, PollCall::List { org: OrgId(3) });
    let elsewhere = live(&mut s, vec![vote(9, 40)]);
    assert!(
        !elsewhere.iter().any(|e| matches!(
            e,
            Effect::Call {
                call: Call::Polls { .. },
                ..
            }
        )),
        "{elsewhere:?}"
    );
    // Closed with q, the screen asks for nothing more.
    update(&mut s, Action::Command(Command::Close));
    assert!(s.polls.is_none());
    assert!(live(&mut s, vec![vote(3, 2)]).iter().all(|e| !matches!(
        e,
        Effect::Call {
            call: Call::Polls { .. },
            ..
        }
    )));
}

#[test]
fn n_asks_for_a_poll_file_and_creates_the_draft_from_it() {
    let mut s = screen();
    update(&mut s, Action::Command(Command::New));
    assert_eq!(s.top(), Some(LayerKind::Prompt));
    type_in(&mut s, "/tmp/poll.toml");
    let effects = update(
        &mut s,
        Action::Text(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert_eq!(s.top(), None);
    let (req, call) = poll_call(&effects);
    assert_eq!(
        call,
        PollCall::Create {
            org: OrgId(3),
            path: "/tmp/poll.toml".into()
        }
    );
    let effects = answer(
        &mut s,
        req,
        PollReply::Created(Err("Файл /tmp/poll.toml не читается как опрос".into())),
    );
    assert_eq!(
        s.notice.as_deref(),
        Some("Файл /tmp/poll.toml не читается как опрос")
    );
    let (_, call) = poll_call(&effects);
    assert_eq!(call, PollCall::List { org: OrgId(3) });
}
