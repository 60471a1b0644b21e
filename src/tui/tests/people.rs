//! What the panes say of people: where each account's invitation mail
//! stands, and in a message's history whom it was given to.

use super::*;
use crate::domain::mail::{MailKind, MailState, QueuedMail};

fn mail(state: MailState, attempts: u32, error: Option<&str>) -> QueuedMail {
    let at = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap();
    QueuedMail {
        id: 1,
        kind: MailKind::Invitation,
        to: crate::domain::mail::MailTo::Account(AccountId(1)),
        state,
        attempts,
        at,
        queued_at: at,
        error: error.map(str::to_string),
    }
}

#[test]
fn the_accounts_pane_says_whether_the_invitation_went_and_why_not() {
    let mut s = main_screen(Lang::Ru);
    s.size = (220, 40);
    s.focus = Pane::Accounts;
    assert_eq!(s.accounts.items.len(), 3);
    for a in &mut s.accounts.items {
        a.confirmed_at = None;
    }
    s.accounts.items[0].mail = Some(mail(
        MailState::Waiting,
        1,
        Some("127.0.0.1:25: соединение отвергнуто"),
    ));
    s.accounts.items[1].mail = Some(mail(MailState::Failed, 1, Some("адрес не принимает почту")));
    s.accounts.items[2].mail = Some(mail(MailState::Sent, 1, None));
    let screen = render(&s);
    let line = |i: usize| {
        let name = s.accounts.items[i].full_name();
        screen
            .lines()
            .find(|l| l.contains(&name))
            .unwrap_or_else(|| panic!("{name} in\n{screen}"))
            .to_string()
    };
    assert!(line(0).contains("не ушло, повтор"), "{}", line(0));
    assert!(
        line(1).contains("не отправлено: адрес не принимает почту"),
        "{}",
        line(1)
    );
    assert!(line(2).contains("отпр. "), "{}", line(2));
    // Queued and not tried yet.
    s.accounts.items[2].mail = Some(mail(MailState::Waiting, 0, None));
    let screen = render(&s);
    let name = s.accounts.items[2].full_name();
    let waiting = screen.lines().find(|l| l.contains(&name)).unwrap();
    assert!(waiting.contains("ждёт отправки"), "{waiting}");
}

#[test]
fn the_history_says_whom_a_message_was_given_to_and_who_gave_it() {
    let mut s = main_screen(Lang::Ru);
    s.size = (160, 50);
    s.focus = Pane::Messages;
    let effects = update(&mut s, Action::Command(Command::Open));
    let Some(Effect::Call {
        req,
        call: Call::Message { .. },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    let mut m = message();
    m.history.push(crate::domain::HistoryEntry {
        id: 2,
        at: m.received_at + chrono::Duration::hours(2),
        actor: Some(AccountId(7)),
        actor_name: "Федотова Ольга".into(),
        action: "assign".into(),
        from_status: Some(MessageStatus::New),
        to_status: Some(MessageStatus::InWork),
        comment: None,
        subject: Some("Демидова Е. А.".into()),
    });
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Message {
                result: Box::new(Ok(m)),
                citizen: Vec::new(),
            },
        },
    );
    let screen = render(&s);
    assert!(
        screen.contains("назначен исполнитель Демидова Е. А. — Федотова Ольга"),
        "{screen}"
    );
}
