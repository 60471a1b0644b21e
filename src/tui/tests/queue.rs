//! The queue: marking, bulk steps, saved views and filters.

use super::*;

#[test]
fn a_marked_set_is_assigned_in_one_step_and_can_be_marked_again() {
    let mut s = main_screen(Lang::Ru);
    s.focus = Pane::Messages;
    update(&mut s, Action::Command(Command::Mark));
    assert_eq!(s.messages.marked, vec![MessageId(104233)]);
    assert_eq!(s.messages.page.list.selected, 1, "space moves on");
    update(&mut s, Action::Command(Command::Down));
    update(&mut s, Action::Command(Command::MarkRange));
    assert_eq!(
        s.messages.marked,
        vec![MessageId(104233), MessageId(104228), MessageId(104101)]
    );
    update(&mut s, Action::Command(Command::Mark));
    assert_eq!(
        s.messages.marked.len(),
        2,
        "space on a marked row unmarks it"
    );
    let effects = update(&mut s, Action::Command(Command::MarkAll));
    // The rest of the filter is asked for; here it is empty.
    let Some(Effect::Call {
        req,
        call: Call::Messages { .. },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Messages {
                append: true,
                result: Ok(Page {
                    items: Vec::new(),
                    next: None,
                }),
            },
        },
    );
    assert_eq!(s.messages.marked.len(), 3);
    assert!(!s.messages.marking_all);
    assert!(render(&s).contains("отмечено: 3"));

    let effects = update(&mut s, Action::Command(Command::Assign));
    let Some(Effect::Call {
        req,
        call: Call::Executors { message },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    // Suggestions follow the first marked message.
    assert_eq!(Some(&message), s.messages.marked.first());
    let executor = account(
        11,
        "Иванов",
        "Иван",
        "Иванович",
        &[Role::Executor],
        AccountStatus::Confirmed,
    );
    let coordinator = account(
        10,
        "Петрова",
        "Анна",
        "",
        &[Role::Coordinator],
        AccountStatus::Confirmed,
    );
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Executors {
                result: Ok([coordinator, executor]
                    .into_iter()
                    .map(otklik_choice)
                    .collect()),
            },
        },
    );
    let effects = update(
        &mut s,
        Action::Text(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let Some(Effect::Call {
        req,
        call: Call::ActMany { items, act },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(
        act,
        crate::domain::Act::Assign {
            executor: AccountId(11)
        }
    );
    assert_eq!(
        items,
        vec![
            (MessageId(104233), 1),
            (MessageId(104228), 1),
            (MessageId(104101), 1)
        ]
    );
    let report = crate::service::ActReport {
        done: vec![MessageId(104233), MessageId(104228)],
        refused: vec![(MessageId(104101), ServiceError::Conflict { current: 2 })],
    };
    let effects = update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::ActMany { result: Ok(report) },
        },
    );
    assert!(
        effects.iter().any(|e| matches!(
            e,
            Effect::Call {
                call: Call::Messages { .. },
                ..
            }
        )),
        "the queue reloads"
    );
    assert_eq!(
        s.notice.as_deref(),
        Some(
            "Назначено: 2; не удалось: 1 (№ 104101: Кто-то уже изменил это; данные обновлены, повторите действие)"
        )
    );
    assert!(s.messages.marked.is_empty());
    update(&mut s, Action::Command(Command::Remark));
    assert_eq!(s.messages.marked.len(), 3);
}

#[test]
fn saved_views_follow_the_roles_and_replace_the_tabs() {
    let mut s = main_screen(Lang::Ru);
    assert_eq!(
        s.views,
        vec![
            crate::tui::views::View::Unassigned,
            crate::tui::views::View::OnApproval,
            crate::tui::views::View::Redirects
        ]
    );
    assert_eq!(s.view_counts, vec![Some(3), Some(4), Some(1)]);
    let effects = update(&mut s, Action::Command(Command::NextView));
    let Some(Effect::Call {
        call: Call::Messages { query, .. },
        ..
    }) = effects.first()
    else {
        panic!("{effects:?}")
    };
    assert!(query.unassigned && query.statuses == vec![MessageStatus::New]);
    assert_eq!(s.focus, Pane::Messages);
    assert!(render(&s).contains("Вид: Не распределены"));
    update(&mut s, Action::Command(Command::NextView));
    let effects = update(&mut s, Action::Command(Command::NextView));
    let Some(Effect::Call {
        call: Call::Messages { query, .. },
        ..
    }) = effects.first()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(query.statuses, vec![MessageStatus::RedirectRequested]);
    // Esc leaves the view for the tabs as they were.
    let effects = update(&mut s, Action::Command(Command::Back));
    let Some(Effect::Call {
        call: Call::Messages { query, .. },
        ..
    }) = effects.first()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(query.statuses, vec![MessageStatus::New]);
    assert!(!query.unassigned);
    assert!(s.messages.view.is_none());
}

#[test]
fn the_queue_is_filtered_by_category_executor_and_source() {
    let mut s = main_screen(Lang::Ru);
    s.focus = Pane::Messages;
    let effects = update(&mut s, Action::Command(Command::QueueFilters));
    let Some(Effect::Call {
        req,
        call: Call::FilterChoices { org },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(org, OrgId(3));
    let category = crate::domain::Category {
        id: crate::domain::CategoryId(7),
        parent: None,
        name: "ЖКХ".into(),
        deadline_days: 10,
        stages: None,
    };
    let executor = account(
        11,
        "Иванов",
        "Иван",
        "Иванович",
        &[Role::Executor],
        AccountStatus::Confirmed,
    );
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::FilterChoices {
                result: Ok((vec![category], vec![executor])),
            },
        },
    );
    type_in(&mut s, "жкх");
    let effects = press(&mut s, KeyCode::Enter);
    let Some(Effect::Call {
        call: Call::Messages { query, .. },
        ..
    }) = effects.first()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(query.category, Some(crate::domain::CategoryId(7)));
    assert!(render(&s).contains("[ЖКХ]"));
    // A second filter adds to the first.
    let effects = update(&mut s, Action::Command(Command::QueueFilters));
    let Some(Effect::Call {
        req,
        call: Call::FilterChoices { .. },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::FilterChoices {
                result: Ok((Vec::new(), Vec::new())),
            },
        },
    );
    type_in(&mut s, "госуслуги");
    let effects = press(&mut s, KeyCode::Enter);
    let Some(Effect::Call {
        call: Call::Messages { query, .. },
        ..
    }) = effects.first()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(query.category, Some(crate::domain::CategoryId(7)));
    assert_eq!(query.source, Some(crate::domain::MessageSource::Gosuslugi));
    // Clearing: the first item.
    let effects = update(&mut s, Action::Command(Command::QueueFilters));
    let Some(Effect::Call {
        req,
        call: Call::FilterChoices { .. },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::FilterChoices {
                result: Ok((Vec::new(), Vec::new())),
            },
        },
    );
    let effects = press(&mut s, KeyCode::Enter);
    let Some(Effect::Call {
        call: Call::Messages { query, .. },
        ..
    }) = effects.first()
    else {
        panic!("{effects:?}")
    };
    assert_eq!((query.category, query.source), (None, None));
}

#[test]
fn mark_all_marks_the_whole_filter_not_only_what_is_loaded() {
    let mut s = main_screen(Lang::Ru);
    s.focus = Pane::Messages;
    let effects = update(&mut s, Action::Command(Command::MarkAll));
    assert_eq!(s.messages.marked.len(), 3);
    let Some(Effect::Call {
        req,
        call: Call::Messages { query, append },
    }) = effects.first().cloned()
    else {
        panic!("the rest of the filter is asked for: {effects:?}")
    };
    assert!(append);
    assert_eq!(query.after.as_deref(), Some("104101"));
    let more: Vec<_> = (0..2)
        .map(|n| {
            let mut r = s.messages.page.items[0].clone();
            r.id = MessageId(100 - n);
            r
        })
        .collect();
    let effects = update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Messages {
                append: true,
                result: Ok(Page {
                    items: more,
                    next: None,
                }),
            },
        },
    );
    assert!(effects.is_empty(), "the last page: done");
    assert_eq!(s.messages.marked.len(), 5);
    assert!(!s.messages.marking_all);
}

/// The request id and call of the first effect that is a `CountByStatus`.
fn found_call(effects: &[Effect]) -> Option<(u64, crate::service::MessageQuery)> {
    effects.iter().find_map(|e| match e {
        Effect::Call {
            req,
            call: Call::CountByStatus { query },
        } => Some((*req, query.clone())),
        _ => None,
    })
}

#[test]
fn under_a_search_the_tabs_say_what_it_finds_and_w_widens_it() {
    let mut s = main_screen(Lang::Ru);
    s.size = (160, 30);
    s.focus = Pane::Messages;
    // No search: the tabs count everything, and nothing is asked for.
    assert!(render(&s).contains("Новые 12"));
    assert!(update(&mut s, Action::Command(Command::WidenSearch)).is_empty());
    assert!(
        s.notice
            .as_deref()
            .unwrap_or("")
            .contains("Расширять нечего")
    );
    // A search, once typed, asks what it finds in every tab.
    update(&mut s, Action::Command(Command::Filter));
    let effects = press(&mut s, KeyCode::Char('я'));
    assert!(found_call(&effects).is_none(), "not while typing");
    let effects = press(&mut s, KeyCode::Enter);
    let (req, query) = found_call(&effects).expect("asked for the counts");
    assert_eq!(query.text.as_deref(), Some("я"));
    let found = vec![(MessageStatus::InWork, 2), (MessageStatus::Closed, 5)];
    answer(&mut s, req, Answer::CountByStatus { result: Ok(found) });
    let messages = call_req(&effects, |c| matches!(c, Call::Messages { .. })).unwrap();
    answer(&mut s, messages, no_messages());
    let screen = render(&s);
    assert!(screen.contains("Новые 0 из 12"), "{screen}");
    assert!(screen.contains("В работе 2 из 30"), "{screen}");
    assert!(
        screen.contains("в других вкладках: 7 — w: искать во всех"),
        "{screen}"
    );
    // `w`: the same search over every tab; `w` again: back to «Новые».
    let effects = update(&mut s, Action::Command(Command::WidenSearch));
    let query = queue_query(&effects);
    assert!(query.statuses.is_empty());
    assert_eq!(query.text.as_deref(), Some("я"));
    assert_eq!(TABS[s.messages.tab], None);
    let effects = update(&mut s, Action::Command(Command::WidenSearch));
    let query = queue_query(&effects);
    assert_eq!(query.statuses, vec![MessageStatus::New]);
    assert_eq!(query.text.as_deref(), Some("я"));
    // The search cleared: the tabs count everything again.
    update(&mut s, Action::Command(Command::Filter));
    let effects = press(&mut s, KeyCode::Esc);
    assert!(found_call(&effects).is_none());
    assert!(s.messages.found.is_none());
    assert!(render(&s).contains("Новые 12"));
}
