//! On an open message: closing and quitting, one Esc for an overlay and its
//! notice, the keys of where one is, a refused step's text, notes, and the
//! earlier history.

use super::*;

#[test]
fn q_closes_the_message_and_quitting_over_an_unsaved_draft_asks() {
    let (mut s, m) = open_in_work();
    // q on an open message closes it; it does not quit.
    assert!(update(&mut s, Action::Command(Command::Close)).is_empty());
    assert!(s.detail.is_none() && !s.quit);

    let (mut s, _) = open_in_work();
    update(&mut s, Action::Command(Command::Edit));
    type_in(&mut s, "Ответ");
    // Ctrl-C while typing: asked, not quit.
    assert!(update(&mut s, Action::Command(Command::Quit)).is_empty());
    assert!(!s.quit);
    let screen = render(&s);
    assert!(
        screen.contains(&format!("Черновик № {} ещё не сохранён", m.id)),
        "{screen}"
    );
    // «н»: back to the draft, as it was.
    press(&mut s, KeyCode::Char('н'));
    assert!(s.prompt().is_none() && !s.quit);
    assert_eq!(s.editor().map(|e| e.text()).as_deref(), Some("Ответ"));
    // Asked again, «y» quits; so does a second Ctrl-C.
    update(&mut s, Action::Command(Command::Quit));
    assert_eq!(press(&mut s, KeyCode::Char('y')), vec![Effect::Quit]);
    let (mut s, _) = open_in_work();
    update(&mut s, Action::Command(Command::Edit));
    type_in(&mut s, "Ответ");
    update(&mut s, Action::Command(Command::Quit));
    assert_eq!(
        update(&mut s, Action::Command(Command::Quit)),
        vec![Effect::Quit]
    );
    // A draft with nothing unsaved: no question.
    let (mut s, _) = open_in_work();
    update(&mut s, Action::Command(Command::Edit));
    assert_eq!(
        update(&mut s, Action::Command(Command::Quit)),
        vec![Effect::Quit]
    );
}

#[test]
fn one_esc_closes_an_overlay_and_the_notice_it_showed() {
    let (mut s, _) = open_in_work();
    update(&mut s, Action::Command(Command::Edit));
    s.notice = Some("Недостаточно прав".into());
    // A key that does not close the overlay leaves the notice.
    type_in(&mut s, "а");
    assert!(s.notice.is_some());
    press(&mut s, KeyCode::Esc);
    assert!(s.editor().is_none(), "Esc closed the editor");
    assert_eq!(s.notice, None, "and its notice with it");

    let mut s = main_screen(Lang::Ru);
    s.focus = Pane::Messages;
    update(&mut s, Action::Command(Command::QueueFilters));
    assert!(s.prompt().is_some(), "the filter picker is open");
    s.notice = Some("Недостаточно прав".into());
    press(&mut s, KeyCode::Down);
    assert!(s.notice.is_some());
    press(&mut s, KeyCode::Esc);
    assert!(s.prompt().is_none());
    assert_eq!(s.notice, None);
}

#[test]
fn the_status_line_and_help_show_the_keys_of_where_one_is() {
    let (mut s, _) = open_in_work();
    let status = |s: &State| render(s).lines().last().unwrap_or("").to_string();
    assert!(status(&s).contains("q закрыть"), "{}", status(&s));
    update(&mut s, Action::Command(Command::Edit));
    let line = status(&s);
    for hint in ["Ctrl-s сохранить", "Ctrl-t шаблон", "Esc готово"] {
        assert!(line.contains(hint), "{hint}: {line}");
    }
    press(&mut s, KeyCode::Esc);
    // The help opened on a message lists that message's steps first.
    update(&mut s, Action::Command(Command::Help));
    let screen = render(&s);
    let here = screen.find("Здесь").expect("a section of this context");
    let everything = screen.find("Все клавиши").expect("then every key");
    let assign = screen
        .find("назначить исполнителя")
        .expect("the assign step");
    assert!(here < assign && assign < everything, "{screen}");
    assert!(status(&s).contains("q закрыть"));

    // A picker: its own keys.
    let mut s = main_screen(Lang::Ru);
    s.focus = Pane::Messages;
    update(&mut s, Action::Command(Command::QueueFilters));
    let line = status(&s);
    assert!(
        line.contains("Enter выбрать") && line.contains("Esc отмена"),
        "{line}"
    );
}

#[test]
fn a_refused_step_gives_back_the_reason_that_was_typed() {
    let (mut s, _) = open_in_work();
    update(&mut s, Action::Command(Command::CloseMessage));
    type_in(&mut s, "Вопрос решён по телефону");
    let effects = press(&mut s, KeyCode::Enter);
    let req = call_req(&effects, |c| matches!(c, Call::Act { .. })).expect("the step is sent");
    assert!(s.prompt().is_none());
    // Somebody changed the message meanwhile: refused, the reason comes back.
    answer(
        &mut s,
        req,
        Answer::Act {
            result: Box::new(Err(ServiceError::Conflict { current: 2 })),
        },
    );
    assert!(
        matches!(s.prompt(), Some(crate::tui::acting::Prompt::Text { input, .. })
            if input == "Вопрос решён по телефону"),
        "{:?}",
        s.prompt()
    );
    assert!(s.notice.is_some());
    // Sent again, and taken: nothing comes back.
    let effects = press(&mut s, KeyCode::Enter);
    let Some(Effect::Call {
        req,
        call: Call::Act { act, .. },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(
        act,
        crate::domain::Act::Close {
            reason: "Вопрос решён по телефону".into()
        }
    );
    let mut closed = message();
    closed.status = MessageStatus::Closed;
    answer(
        &mut s,
        req,
        Answer::Act {
            result: Box::new(Ok(closed)),
        },
    );
    assert!(s.prompt().is_none());
}

#[test]
fn n_adds_a_note_for_staff_to_the_open_message() {
    let (mut s, mut m) = open_in_work();
    update(&mut s, Action::Command(Command::Note));
    assert!(render(&s).contains("Заметка (видна сотрудникам, не гражданину)"));
    // Nothing typed: said, nothing sent.
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    assert!(s.notice.is_some());
    type_in(&mut s, "Звонила, обещали перезвонить");
    let effects = press(&mut s, KeyCode::Enter);
    let Some(Effect::Call {
        req,
        call: Call::Note { id, text },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!((id, text.as_str()), (m.id, "Звонила, обещали перезвонить"));
    m.history.push(crate::domain::HistoryEntry {
        id: 9,
        action: "note".into(),
        comment: Some(text),
        from_status: None,
        to_status: None,
        actor_name: "Петрова Анна".into(),
        ..m.history[0].clone()
    });
    answer(
        &mut s,
        req,
        Answer::Act {
            result: Box::new(Ok(m.clone())),
        },
    );
    assert_eq!(s.notice.as_deref(), Some("Заметка добавлена к № 104233"));
    let screen = render(&s);
    assert!(screen.contains("заметка для сотрудников"), "{screen}");
    assert!(screen.contains("Звонила, обещали перезвонить"), "{screen}");
}

#[test]
fn earlier_history_comes_a_page_at_a_time_with_h() {
    use crate::domain::{HistoryEntry, HistoryPage};
    let (mut s, mut m) = open_in_work();
    let first = m.history[0].clone();
    let step = |id: i64, action: &str| HistoryEntry {
        id,
        action: action.into(),
        ..first.clone()
    };
    m.history = vec![step(70, "assign")];
    m.history_earlier = 69;
    s.detail.as_mut().unwrap().message = Some(m.clone());
    let screen = render(&s);
    assert!(
        screen.contains("ранее ещё 69 шагов — H: показать"),
        "{screen}"
    );
    assert!(
        screen
            .lines()
            .last()
            .unwrap_or("")
            .contains("H ранняя история")
    );
    let effects = update(&mut s, Action::Command(Command::EarlierHistory));
    let Some(Effect::Call {
        req,
        call: Call::History { id, before },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!((id, before), (m.id, 70));
    let page = HistoryPage {
        entries: vec![step(1, "received"), step(2, "accept")],
        earlier: 0,
    };
    answer(
        &mut s,
        req,
        Answer::History {
            id,
            result: Ok(page.clone()),
        },
    );
    // The same page again (a key pressed twice) adds nothing.
    answer(
        &mut s,
        req,
        Answer::History {
            id,
            result: Ok(page),
        },
    );
    let shown = s.detail.as_ref().unwrap().message.as_ref().unwrap();
    let ids: Vec<i64> = shown.history.iter().map(|h| h.id).collect();
    assert_eq!(ids, vec![1, 2, 70]);
    assert_eq!(shown.history_earlier, 0);
    assert!(!render(&s).contains("ранее ещё"));
    assert!(update(&mut s, Action::Command(Command::EarlierHistory)).is_empty());
}
