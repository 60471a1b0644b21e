//! On an open message: its links and the citizen's other messages, chosen
//! and opened (Esc back), linking and closing as a duplicate by number,
//! and the timeline through its history.

use super::*;
use crate::domain::links::{LinkKind, MessageLink};
use crate::domain::timeline::Timeline;

fn linked(id: i64, kind: LinkKind, summary: &str) -> MessageLink {
    MessageLink {
        kind,
        id: MessageId(id),
        status: MessageStatus::InWork,
        org_name: "МБОУ «СОШ № 5»".into(),
        received_at: Utc.with_ymd_and_hms(2026, 2, 20, 9, 0, 0).unwrap(),
        summary: summary.into(),
    }
}

/// The message open with one link, and the citizen's two other messages
/// (one of them the linked one).
fn open_with_lists() -> State {
    let mut m = message();
    m.status = MessageStatus::InWork;
    m.links = vec![linked(77, LinkKind::Related, "Холодно в подъезде")];
    let mut s = open(m);
    let req = s.detail.as_ref().unwrap().req;
    let refresh = update(&mut s, Action::Command(Command::Refresh));
    let Some(Effect::Call { req: again, .. }) = refresh.first().cloned() else {
        panic!("{refresh:?}")
    };
    assert_ne!(req, again);
    let mut m = message();
    m.status = MessageStatus::InWork;
    m.links = vec![linked(77, LinkKind::Related, "Холодно в подъезде")];
    answer(
        &mut s,
        again,
        Answer::Message {
            result: Box::new(Ok(m)),
            citizen: vec![
                row(
                    77,
                    MessageStatus::InWork,
                    "2026-03-10",
                    "Холодно в подъезде",
                ),
                row(
                    12,
                    MessageStatus::Answered,
                    "2025-11-01",
                    "Нет света во дворе",
                ),
            ],
        },
    );
    s
}

#[test]
fn links_and_the_citizens_messages_are_listed_and_opened_and_esc_comes_back() {
    let mut s = open_with_lists();
    let screen = render(&s);
    assert!(screen.contains("Связи"), "{screen}");
    assert!(screen.contains("связано № 77"), "{screen}");
    assert!(
        screen.contains("Другие сообщения заявителя (2)"),
        "{screen}"
    );
    // The linked one is listed once: the citizen's list adds № 12 only.
    assert_eq!(screen.matches("№ 77").count(), 1, "{screen}");
    assert!(screen.contains("№ 12"), "{screen}");
    // Nothing chosen: Enter opens nothing.
    assert!(update(&mut s, Action::Command(Command::Open)).is_empty());
    // ] twice: the second one, № 12; [ goes round to the last.
    update(&mut s, Action::Command(Command::NextTab));
    update(&mut s, Action::Command(Command::NextTab));
    assert_eq!(s.detail.as_ref().unwrap().pick, Some(1));
    assert!(render(&s).contains("▶ № 12"), "{}", render(&s));
    update(&mut s, Action::Command(Command::NextTab));
    assert_eq!(s.detail.as_ref().unwrap().pick, Some(0));
    update(&mut s, Action::Command(Command::PrevTab));
    assert_eq!(s.detail.as_ref().unwrap().pick, Some(1));
    let effects = update(&mut s, Action::Command(Command::Open));
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::Call {
                call: Call::Message { id: MessageId(12) },
                ..
            }]
        ),
        "{effects:?}"
    );
    assert_eq!(s.detail.as_ref().unwrap().trail, vec![MessageId(104233)]);
    // Esc: back to the message it was opened from; Esc again closes it.
    let effects = update(&mut s, Action::Command(Command::Back));
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::Call {
                call: Call::Message {
                    id: MessageId(104233)
                },
                ..
            }]
        ),
        "{effects:?}"
    );
    assert!(s.detail.as_ref().unwrap().trail.is_empty());
    update(&mut s, Action::Command(Command::Back));
    assert!(s.detail.is_none());
}

#[test]
fn x_closes_as_a_duplicate_and_l_links_by_number() {
    let mut s = open_with_lists();
    update(&mut s, Action::Command(Command::CloseDuplicate));
    assert!(render(&s).contains("Повторное к сообщению №"));
    // Not a number: said, the prompt stays, nothing sent.
    type_in(&mut s, "сорок");
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    assert!(
        s.notice.as_deref().unwrap_or("").contains("номер"),
        "{:?}",
        s.notice
    );
    assert!(s.prompt().is_some());
    for _ in 0.."сорок".chars().count() {
        press(&mut s, KeyCode::Backspace);
    }
    type_in(&mut s, "№ 77");
    let effects = press(&mut s, KeyCode::Enter);
    let Some(Effect::Call {
        call: Call::Act { id, act, .. },
        ..
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(id, MessageId(104233));
    assert_eq!(
        act,
        crate::domain::Act::CloseDuplicate { of: MessageId(77) }
    );

    let mut s = open_with_lists();
    update(&mut s, Action::Command(Command::LinkMessage));
    type_in(&mut s, "-77");
    let effects = press(&mut s, KeyCode::Enter);
    let Some(Effect::Call {
        req,
        call: Call::Link { id, other, remove },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (id, other, remove),
        (MessageId(104233), MessageId(77), true)
    );
    let mut m = message();
    m.status = MessageStatus::InWork;
    answer(
        &mut s,
        req,
        Answer::Act {
            result: Box::new(Ok(m)),
        },
    );
    assert_eq!(s.notice.as_deref(), Some("№ 104233: связи обновлены"));
    assert!(!render(&s).contains("связано № 77"));
}

fn step(id: i64, action: &str, to: MessageStatus, subject: Option<&str>) -> HistoryEntry {
    HistoryEntry {
        id,
        at: Utc
            .with_ymd_and_hms(2026, 3, 2 + id as u32, 7, 0, 0)
            .unwrap(),
        actor: None,
        actor_name: "Петрова Анна".into(),
        action: action.into(),
        from_status: None,
        to_status: Some(to),
        comment: None,
        subject: subject.map(str::to_string),
    }
}

#[test]
fn comma_and_dot_step_through_the_history_with_the_draft_and_its_changes() {
    let mut s = open_with_lists();
    // . before , does nothing.
    assert!(update(&mut s, Action::Command(Command::TimelineForward)).is_empty());
    let effects = update(&mut s, Action::Command(Command::TimelineBack));
    let Some(Effect::Call {
        req,
        call: Call::Timeline { id },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(id, MessageId(104233));
    let timeline = Timeline {
        history: vec![
            step(1, "received", MessageStatus::New, None),
            step(2, "assign", MessageStatus::InWork, Some("Орлова В. И.")),
            step(3, "edit-draft", MessageStatus::InWork, None),
            step(4, "edit-draft", MessageStatus::InWork, None),
        ],
        drafts: vec![
            (3, "Отопление включат завтра.".into()),
            (4, "Отопление включили сегодня.".into()),
        ],
        earlier: 0,
    };
    answer(
        &mut s,
        req,
        Answer::Timeline {
            result: Ok(timeline),
        },
    );
    // The latest step first: the draft as it became, marked against before.
    let screen = render(&s);
    assert!(screen.contains("История: шаг 4 из 4"), "{screen}");
    assert!(screen.contains("Орлова В. И."), "{screen}");
    assert!(screen.contains("включили"), "{screen}");
    assert!(
        screen.contains("включат"),
        "removed words are shown struck out: {screen}"
    );
    // Back two steps: the assignment, no draft yet.
    update(&mut s, Action::Command(Command::TimelineBack));
    update(&mut s, Action::Command(Command::TimelineBack));
    let screen = render(&s);
    assert!(screen.contains("История: шаг 2 из 4"), "{screen}");
    assert!(
        screen.contains("назначен исполнитель Орлова В. И."),
        "{screen}"
    );
    assert!(!screen.contains("Отопление"), "{screen}");
    // Back past the first stays at the first.
    for _ in 0..3 {
        update(&mut s, Action::Command(Command::TimelineBack));
    }
    assert!(render(&s).contains("История: шаг 1 из 4"));
    // Forward past the latest: the message as it is now.
    for _ in 0..4 {
        update(&mut s, Action::Command(Command::TimelineForward));
    }
    assert!(s.detail.as_ref().unwrap().timeline.is_none());
    assert!(render(&s).contains("Связи"));
    // Esc leaves the timeline before it closes the message.
    let effects = update(&mut s, Action::Command(Command::TimelineBack));
    let Some(Effect::Call { req, .. }) = effects.first().cloned() else {
        panic!("{effects:?}")
    };
    answer(
        &mut s,
        req,
        Answer::Timeline {
            result: Ok(Timeline {
                history: vec![step(1, "received", MessageStatus::New, None)],
                ..Timeline::default()
            }),
        },
    );
    update(&mut s, Action::Command(Command::Back));
    assert!(s.detail.as_ref().is_some_and(|d| d.timeline.is_none()));
}
