//! The open message: the draft editor, its journal, templates, pickers and
//! the steps one may take.

use super::*;

#[test]
fn drafts_go_to_the_journal_within_a_tick_and_to_the_service_after_a_second() {
    let (mut s, mut m) = open_in_work();
    let effects = update(&mut s, Action::Command(Command::Edit));
    assert_eq!(effects, vec![Effect::JournalRead { id: m.id }]);
    let start = s.now;
    for c in "Ответ".chars() {
        update(
            &mut s,
            Action::Text(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
    let typed_at = s.now;
    let effects = update(
        &mut s,
        Action::Tick(typed_at + std::time::Duration::from_millis(250)),
    );
    assert_eq!(
        effects,
        vec![Effect::JournalWrite {
            id: m.id,
            text: "Ответ".into()
        }]
    );
    // Nothing new typed: no second write; not a second yet: no save.
    assert!(
        update(
            &mut s,
            Action::Tick(typed_at + std::time::Duration::from_millis(500))
        )
        .is_empty()
    );
    let effects = update(
        &mut s,
        Action::Tick(typed_at + std::time::Duration::from_millis(1100)),
    );
    let Some(Effect::Call {
        req,
        call: Call::Act { act, version, .. },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (act, version),
        (
            crate::domain::Act::EditDraft {
                text: "Ответ".into()
            },
            1
        )
    );
    assert!(start <= typed_at);
    // Acknowledged: the journal copy goes.
    m.draft = Some("Ответ".into());
    m.version = 2;
    let effects = update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Act {
                result: Box::new(Ok(m.clone())),
            },
        },
    );
    assert_eq!(effects, vec![Effect::JournalRemove { id: m.id }]);
    assert_eq!(s.notice.as_deref(), Some("черновик сохранён"));
}

#[test]
fn a_journal_copy_is_offered_back_when_it_holds_more() {
    let mut s = main_screen(Lang::Ru);
    s.focus = Pane::Messages;
    let effects = update(&mut s, Action::Command(Command::Open));
    let Some(Effect::Call {
        req,
        call: Call::Message { .. },
    }) = effects.first().cloned()
    else {
        panic!()
    };
    let mut m = message();
    m.status = MessageStatus::InWork;
    m.draft = Some("Начало".into());
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Message {
                result: Box::new(Ok(m.clone())),
                citizen: Vec::new(),
            },
        },
    );
    update(&mut s, Action::Command(Command::Edit));
    // The same text as the service's: the copy is stale and goes.
    assert_eq!(
        update(
            &mut s,
            Action::JournalRead {
                id: m.id,
                text: Some("Начало".into())
            }
        ),
        vec![Effect::JournalRemove { id: m.id }]
    );
    update(
        &mut s,
        Action::JournalRead {
            id: m.id,
            text: Some("Начало и продолжение".into()),
        },
    );
    let editor = s.editor().unwrap();
    assert_eq!(editor.text(), "Начало и продолжение");
    assert!(editor.dirty() && editor.edited_at.is_some());
}

/// In the editor: `Ctrl-T`, one template offered, `Enter` puts it in.
/// Answers the organisation whose templates were asked for.
fn insert_template(s: &mut State, title: &str, body: &str) -> OrgId {
    let ctrl_t = Action::Text(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL));
    let effects = update(s, ctrl_t);
    let Some(Effect::Call {
        req,
        call: Call::Templates { org, .. },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    let template = crate::domain::Template {
        id: 1,
        org: OrgId(3),
        category: None,
        title: title.into(),
        body: body.into(),
    };
    update(
        s,
        Action::Answer {
            req,
            answer: Answer::Templates {
                result: Ok(vec![template]),
            },
        },
    );
    update(
        s,
        Action::Text(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    org
}

#[test]
fn templates_are_filled_in_and_an_unchanged_one_is_questioned() {
    let (mut s, mut m) = open_in_work();
    update(&mut s, Action::Command(Command::Edit));
    let org = insert_template(
        &mut s,
        "Отопление",
        "Уважаемый(ая) {имя}! По сообщению № {номер} ({организация}) ответ дан {дата}.",
    );
    assert_eq!(org, OrgId(3));
    let text = s.editor().unwrap().text();
    assert_eq!(
        text,
        "Уважаемый(ая) Смирнова Ольга Викторовна! По сообщению № 104233 (МБОУ «СОШ № 5») ответ дан 16.03.2026."
    );
    // Saved unchanged, then submitted: the lint asks first.
    m.draft = Some(text);
    m.version = 2;
    s.detail.as_mut().unwrap().message = Some(m);
    s.close(LayerKind::Editor);
    assert!(update(&mut s, Action::Command(Command::Submit)).is_empty());
    assert!(matches!(
        s.prompt(),
        Some(crate::tui::acting::Prompt::Confirm { .. })
    ));
    assert_eq!(
        s.notice.as_deref(),
        Some("Внимание: ответ — шаблон без изменений. Отправить всё равно?")
    );
}

#[test]
fn a_leader_sees_the_draft_against_its_template() {
    let mut s = main_screen(Lang::Ru);
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
    m.status = MessageStatus::OnApproval;
    m.draft = Some("Уважаемая Смирнова Ольга Викторовна! Отопление дадут завтра к 18:00.".into());
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
    let effects = update(&mut s, Action::Command(Command::TemplateDiff));
    let Some(Effect::Call {
        req,
        call: Call::Templates { .. },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    let template = |id, title: &str, body: &str| crate::domain::Template {
        id,
        org: OrgId(3),
        category: None,
        title: title.into(),
        body: body.into(),
    };
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Templates {
                result: Ok(vec![
                    template(1, "Благодарность", "Спасибо за отзыв о работе школы!"),
                    template(
                        2,
                        "Отопление",
                        "Уважаемая {имя}! Отопление дадут в течение суток.",
                    ),
                ]),
            },
        },
    );
    let diff = s
        .detail
        .as_ref()
        .and_then(|d| d.diff.clone())
        .expect("a diff");
    assert_eq!(diff.title, "Отопление");
    use crate::domain::diff::Change;
    assert!(
        diff.changes
            .contains(&Change::Removed("в течение суток.".into()))
    );
    assert!(
        diff.changes
            .contains(&Change::Added("завтра к 18:00.".into()))
    );
    assert!(render(&s).contains("Отличия от шаблона «Отопление»"));
    // t again hides it.
    update(&mut s, Action::Command(Command::TemplateDiff));
    assert!(s.detail.as_ref().is_some_and(|d| d.diff.is_none()));
}

#[test]
fn a_picker_says_when_its_list_is_empty_or_refused() {
    let (mut s, _) = open_in_work();
    update(&mut s, Action::Command(Command::Edit));
    let ctrl_t = || Action::Text(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL));
    let effects = update(&mut s, ctrl_t());
    let Some(Effect::Call {
        req,
        call: Call::Templates { .. },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert!(render(&s).contains("Загрузка…"));
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Templates {
                result: Ok(Vec::new()),
            },
        },
    );
    let screen = render(&s);
    assert!(!screen.contains("Загрузка…"), "{screen}");
    assert!(screen.contains("Шаблонов ответа"), "{screen}");
    // Refused: the picker says why instead of waiting for ever.
    update(
        &mut s,
        Action::Text(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    let effects = update(&mut s, ctrl_t());
    let Some(Effect::Call {
        req,
        call: Call::Templates { .. },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Templates {
                result: Err(ServiceError::Forbidden),
            },
        },
    );
    let screen = render(&s);
    assert!(!screen.contains("Загрузка…"), "{screen}");
    assert!(screen.contains("Недостаточно прав"), "{screen}");
}

#[test]
fn a_template_goes_in_on_a_line_of_its_own() {
    let (mut s, _) = open_in_work();
    update(&mut s, Action::Command(Command::Edit));
    for c in "Оценки в дневнике.".chars() {
        update(
            &mut s,
            Action::Text(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
    insert_template(
        &mut s,
        "Ответ",
        "Уважаемый(ая) {имя}! Ответ от {дата} на обращение от {дата_обращения}.",
    );
    let text = s.editor().unwrap().text();
    let received = s
        .detail
        .as_ref()
        .and_then(|d| d.message.as_ref())
        .map(|m| {
            m.received_at
                .with_timezone(&s.tz)
                .format("%d.%m.%Y")
                .to_string()
        })
        .unwrap();
    assert_eq!(
        text,
        format!(
            "Оценки в дневнике.\nУважаемый(ая) Смирнова Ольга Викторовна! Ответ от 16.03.2026 на обращение от {received}."
        )
    );
}

#[test]
fn a_step_one_may_not_take_asks_for_nothing() {
    let (mut s, _) = open_in_work();
    // A leader alone may not ask for a redirect: no picker, no reason typed in vain.
    if let Some(session) = s.session.as_mut() {
        session.actor.roles = Roles::empty().with(Role::Leader);
    }
    assert!(update(&mut s, Action::Command(Command::Redirect)).is_empty());
    assert!(s.layers.is_empty());
    assert_eq!(
        s.notice.as_deref(),
        Some("Недостаточно прав для этого действия")
    );
    // Returning a reply that is not on approval: said at once, too.
    assert!(update(&mut s, Action::Command(Command::Return)).is_empty());
    assert!(s.layers.is_empty());
    assert!(
        s.notice
            .as_deref()
            .is_some_and(|n| n.starts_with("Сейчас это сделать нельзя")),
        "{:?}",
        s.notice
    );
    // A coordinator may: the picker opens.
    if let Some(session) = s.session.as_mut() {
        session.actor.roles = Roles::empty().with(Role::Coordinator);
    }
    let effects = update(&mut s, Action::Command(Command::Redirect));
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::Call {
                call: Call::RedirectTargets { .. },
                ..
            }]
        ),
        "{effects:?}"
    );
    assert_eq!(s.top(), Some(LayerKind::Prompt));
}

#[test]
fn a_message_given_to_another_while_typing_keeps_the_text_and_says_so() {
    let (mut s, m) = open_in_work();
    update(&mut s, Action::Command(Command::Edit));
    for c in "Мой ответ".chars() {
        update(
            &mut s,
            Action::Text(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
    let typed_at = s.now;
    update(
        &mut s,
        Action::Tick(typed_at + std::time::Duration::from_millis(250)),
    );
    let effects = update(
        &mut s,
        Action::Tick(typed_at + std::time::Duration::from_millis(1100)),
    );
    let Some(Effect::Call {
        req,
        call: Call::Act { .. },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    // The coordinator gave the message to somebody else meanwhile.
    let effects = update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Act {
                result: Box::new(Err(ServiceError::Forbidden)),
            },
        },
    );
    assert!(
        s.notice
            .as_deref()
            .is_some_and(|n| n.contains("передано другому исполнителю")),
        "{:?}",
        s.notice
    );
    assert_eq!(s.editor().map(|e| e.text()).as_deref(), Some("Мой ответ"));
    let load = effects.iter().find_map(|e| match e {
        Effect::Call {
            req,
            call: Call::Message { id },
        } => Some((*req, *id)),
        _ => None,
    });
    let Some((load_req, id)) = load else {
        panic!("{effects:?}")
    };
    assert_eq!(id, m.id);
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Call {
            call: Call::Messages { .. },
            ..
        }
    )));
    // It is not theirs to see any more: the old state is not shown as it was.
    update(
        &mut s,
        Action::Answer {
            req: load_req,
            answer: Answer::Message {
                result: Box::new(Err(ServiceError::Forbidden)),
                citizen: Vec::new(),
            },
        },
    );
    assert!(
        s.detail
            .as_ref()
            .is_some_and(|d| d.message.is_none() && d.error.is_some())
    );
}

#[test]
fn the_editor_wraps_keeps_the_citizens_text_in_sight_and_marks_a_restored_draft() {
    let (mut s, m) = open_in_work();
    s.size = (100, 30);
    update(&mut s, Action::Command(Command::Edit));
    let long = "Сообщаем, что бригада управляющей компании устранила неисправность \
                в тепловом узле дома, отопление восстановлено в полном объёме";
    type_in(&mut s, long);
    let screen = render(&s);
    // The citizen's text stays above the draft.
    let citizen = screen
        .find("В подъезде нет отопления")
        .expect("the citizen's text");
    let draft = screen.find("Сообщаем").expect("the draft");
    assert!(citizen < draft, "{screen}");
    // A line longer than the editor wraps: its end is on screen too.
    assert!(screen.contains("полном объёме"), "{screen}");
    assert!(!screen.contains("из журнала"));

    // A draft the journal gives back is marked so in the editor's title.
    let (mut s, _) = open_in_work();
    update(&mut s, Action::Command(Command::Edit));
    update(
        &mut s,
        Action::JournalRead {
            id: m.id,
            text: Some("Текст из прошлого сеанса".into()),
        },
    );
    let screen = render(&s);
    assert!(screen.contains("↺ из журнала"), "{screen}");
    assert!(screen.contains("Текст из прошлого сеанса"), "{screen}");
}

#[test]
fn a_template_inserted_in_another_session_is_questioned_too() {
    use crate::domain::Template;
    let body = "Уважаемый(ая) {имя}! По сообщению № {номер} ответ дан {дата}.";
    let template = Template {
        id: 1,
        org: OrgId(3),
        category: None,
        title: "Общий ответ".into(),
        body: body.into(),
    };
    let submit = |draft: &str| {
        let (mut s, mut m) = open_in_work();
        // Filled in a week ago, in a session that has ended.
        m.draft = Some(draft.into());
        s.detail.as_mut().unwrap().message = Some(m);
        let effects = update(&mut s, Action::Command(Command::Submit));
        let req = call_req(&effects, |c| matches!(c, Call::Templates { .. }))
            .expect("the templates are asked for");
        assert!(s.prompt().is_none(), "nothing asked before they come");
        answer(
            &mut s,
            req,
            Answer::Templates {
                result: Ok(vec![template.clone()]),
            },
        );
        s
    };
    let s = submit(
        "Уважаемый(ая) Смирнова Ольга Викторовна! По сообщению № 104233 ответ дан 09.03.2026.",
    );
    assert!(matches!(
        s.prompt(),
        Some(crate::tui::acting::Prompt::Confirm { .. })
    ));
    assert_eq!(
        s.notice.as_deref(),
        Some("Внимание: ответ — шаблон без изменений. Отправить всё равно?")
    );
    // Edited: the usual question only.
    let s = submit(
        "Уважаемый(ая) Смирнова Ольга Викторовна! По сообщению № 104233 ответ дан 09.03.2026. Трубы заменены.",
    );
    assert!(matches!(
        s.prompt(),
        Some(crate::tui::acting::Prompt::Confirm { .. })
    ));
    assert_eq!(s.notice, None);
}
