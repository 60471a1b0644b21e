//! Moving about: the tree, the lists and their pages, tabs, the mouse,
//! help, and the cursor across reloads.

use super::*;

#[test]
fn start_up_opens_the_tree_at_the_actors_organisation() {
    let (s, effects) = signed_in(Lang::Ru);
    assert_eq!(s.tree.selected_id(), Some(OrgId(3)));
    assert_eq!(s.selected_org, Some(OrgId(3)));
    assert_eq!(
        s.tree.rows.iter().map(|r| r.depth).collect::<Vec<_>>(),
        vec![0, 1, 2, 2]
    );
    // The coordinator starts on the "new" tab.
    assert_eq!(TABS[s.messages.tab], Some(MessageStatus::New));
    let kinds: Vec<_> = effects
        .iter()
        .map(|e| match e {
            Effect::Call {
                call: Call::Accounts { org, .. },
                ..
            } => format!("accounts {org}"),
            Effect::Call {
                call: Call::Messages { query, .. },
                ..
            } => {
                format!("messages {} {:?}", query.org, query.statuses)
            }
            Effect::Call {
                call: Call::Counts { org, .. },
                ..
            } => format!("counts {org}"),
            Effect::Call {
                call: Call::CountViews { queries, .. },
                ..
            } => format!("views {}", queries.len()),
            other => format!("{other:?}"),
        })
        .collect();
    // A coordinator and leader: unassigned, on approval, redirects.
    assert_eq!(
        kinds,
        vec!["accounts 3", "messages 3 [New]", "counts 3", "views 3"]
    );
}

#[test]
fn stale_answers_are_dropped() {
    let (mut s, effects) = signed_in(Lang::Ru);
    let Effect::Call {
        req: old,
        call: Call::Messages { .. },
    } = effects[1].clone()
    else {
        panic!()
    };
    // Switching tab asks again; the first answer arrives late and must not show.
    let again = update(&mut s, Action::Command(Command::NextTab));
    assert!(
        matches!(&again[0], Effect::Call { call: Call::Messages { query, .. }, .. } if query.statuses == vec![MessageStatus::InWork])
    );
    update(
        &mut s,
        Action::Answer {
            req: old,
            answer: Answer::Messages {
                append: false,
                result: Ok(Page {
                    items: vec![row(1, MessageStatus::New, "2026-03-20", "old")],
                    next: None,
                }),
            },
        },
    );
    assert!(s.messages.page.items.is_empty());
    assert!(s.messages.page.loading);
}

#[test]
fn moving_in_the_tree_loads_the_other_organisation() {
    let (mut s, _) = signed_in(Lang::Ru);
    let effects = update(&mut s, Action::Command(Command::Down));
    assert_eq!(s.selected_org, Some(OrgId(4)));
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Call {
            call: Call::Accounts { org: OrgId(4), .. },
            ..
        }
    )));
    // Left on a leaf goes to the parent; left again collapses nothing but moves up.
    update(&mut s, Action::Command(Command::Collapse));
    assert_eq!(s.tree.selected_id(), Some(OrgId(2)));
    update(&mut s, Action::Command(Command::Collapse));
    assert_eq!(s.tree.rows.len(), 2, "the department collapsed");
    let effects = update(&mut s, Action::Command(Command::Expand));
    assert!(effects.is_empty(), "children are cached");
    assert_eq!(s.tree.rows.len(), 4);
}

#[test]
fn filters_search_the_tree_and_reload_lists() {
    let mut s = main_screen(Lang::Ru);
    update(&mut s, Action::Command(Command::Filter));
    assert_eq!(s.input.as_deref(), Some(""));
    let key = |c| Action::Text(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    update(&mut s, key('с'));
    let effects = update(&mut s, key('а'));
    let Some(Effect::Call {
        req,
        call: Call::SearchOrgs { text },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(text, "са");
    let found = vec![node(4, Some(2), "МБДОУ «Детский сад № 12»", 0, 1, 0)];
    let effects = update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::SearchOrgs { result: Ok(found) },
        },
    );
    assert_eq!(s.tree.rows.len(), 1);
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Call {
            call: Call::Accounts { org: OrgId(4), .. },
            ..
        }
    )));
    update(
        &mut s,
        Action::Text(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert!(s.input.is_none() && s.tree.search.is_none() && s.tree.filter.is_empty());
    assert_eq!(s.tree.rows.len(), 4);

    // The queue's search runs once the typing pauses: a burst of keys is
    // one search.
    s.focus = Pane::Messages;
    update(&mut s, Action::Command(Command::Filter));
    let wake = |effects: &[Effect]| match effects {
        [Effect::Wake { token, .. }] => *token,
        other => panic!("{other:?}"),
    };
    let first = wake(&update(&mut s, key('я')));
    let second = wake(&update(&mut s, key('м')));
    assert!(update(&mut s, Action::Wake(first)).is_empty(), "superseded");
    let effects = update(&mut s, Action::Wake(second));
    assert_eq!(queue_query(&effects).text.as_deref(), Some("ям"));
    assert!(update(&mut s, Action::Wake(second)).is_empty(), "once");
    // Enter runs what was typed at once.
    update(
        &mut s,
        Action::Text(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
    );
    let effects = update(
        &mut s,
        Action::Text(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert_eq!(queue_query(&effects).text.as_deref(), Some("я"));
    assert_eq!(s.messages.page.filter, "я");
    let token = wake(&update(&mut s, Action::Command(Command::Back)));
    let effects = update(&mut s, Action::Wake(token));
    assert!(queue_query(&effects).text.is_none());
}

#[test]
fn forbidden_lists_say_so() {
    let (mut s, effects) = signed_in(Lang::Ru);
    let Effect::Call {
        req,
        call: Call::Accounts { .. },
    } = effects[0].clone()
    else {
        panic!()
    };
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Accounts {
                append: false,
                result: Err(ServiceError::Forbidden),
            },
        },
    );
    assert!(s.accounts.forbidden);
    assert!(render(&s).contains("Нет доступа к этому списку"));
}

#[test]
fn mouse_focuses_and_selects() {
    let mut s = main_screen(Lang::Ru);
    let l = view::layout(s.size, s.views.len());
    // The second message row: below the border, the tabs and the header.
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: l.messages.x + 5,
        row: l.messages.y + 4,
        modifiers: KeyModifiers::NONE,
    };
    let effects = update(&mut s, Action::Mouse(click));
    assert_eq!(s.focus, Pane::Messages);
    assert_eq!(s.messages.page.list.selected, 1);
    assert!(
        !effects.iter().any(|e| matches!(
            e,
            Effect::Call {
                call: Call::Message { .. },
                ..
            }
        )),
        "one click only selects: {effects:?}"
    );
    // The second click of a double click opens the row it selected.
    let effects = update(&mut s, Action::Mouse(click));
    let Some(Effect::Call {
        call: Call::Message { id, .. },
        ..
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(Some(id), s.messages.page.items.get(1).map(|m| m.id));
}

#[test]
fn opening_a_message_and_coming_back() {
    let mut s = main_screen(Lang::Ru);
    s.focus = Pane::Messages;
    let effects = update(&mut s, Action::Command(Command::Open));
    let Some(Effect::Call {
        req,
        call: Call::Message { id },
    }) = effects.first().cloned()
    else {
        panic!()
    };
    assert_eq!(id, MessageId(104233));
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Message {
                result: Box::new(Ok(message())),
                citizen: Vec::new(),
            },
        },
    );
    assert!(s.detail.as_ref().unwrap().message.is_some());
    update(&mut s, Action::Command(Command::Back));
    assert!(s.detail.is_none());
}

#[test]
fn help_and_quit() {
    let mut s = main_screen(Lang::Ru);
    update(&mut s, Action::Command(Command::Help));
    assert!(s.help().is_some());
    update(&mut s, Action::Command(Command::Close));
    assert!(s.help().is_none() && !s.quit, "q closes help first");
    assert_eq!(
        update(&mut s, Action::Command(Command::Close)),
        vec![Effect::Quit]
    );
    assert!(s.quit);
    // Q quits from within help too.
    let mut s = main_screen(Lang::Ru);
    update(&mut s, Action::Command(Command::Help));
    assert_eq!(
        update(&mut s, Action::Command(Command::Quit)),
        vec![Effect::Quit]
    );
}

#[test]
fn the_first_run_form_checks_fields() {
    let mut s = state(Lang::Ru);
    s.screen = Screen::FirstRun {
        path: "/tmp/x.db".into(),
        selected: 0,
    };
    update(&mut s, Action::Command(Command::Down));
    update(&mut s, Action::Command(Command::Open));
    assert!(matches!(s.screen, Screen::PlatformForm(_)));
    let typed = |s: &mut State, text: &str| {
        for c in text.chars() {
            update(
                s,
                Action::Text(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
            );
        }
    };
    let key = |code| Action::Text(KeyEvent::new(code, KeyModifiers::NONE));
    typed(&mut s, "Платформа");
    update(&mut s, key(KeyCode::Tab));
    typed(&mut s, "Иванов");
    update(&mut s, key(KeyCode::Tab));
    typed(&mut s, "Иван");
    update(&mut s, key(KeyCode::Tab));
    typed(&mut s, "ivanov");
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    let Screen::PlatformForm(form) = &s.screen else {
        panic!()
    };
    assert_eq!(
        form.error.as_deref(),
        Some("Эл. почта: адрес должен выглядеть как имя@домен.рф")
    );
    typed(&mut s, "@test.ru");
    let effects = update(&mut s, key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::CreatePlatform {
            org_name: "Платформа".into(),
            surname: "Иванов".into(),
            first_name: "Иван".into(),
            email: "ivanov@test.ru".into()
        }]
    );
}

#[test]
fn the_queue_shows_the_current_stage_and_the_whole_deadline() {
    let mut s = main_screen(Lang::Ru);
    let mut stage = row(1, MessageStatus::InWork, "2026-03-20", "этап идёт");
    stage.stage_deadline = NaiveDate::from_ymd_opt(2026, 3, 17);
    let mut late = row(2, MessageStatus::InWork, "2026-03-20", "этап просрочен");
    late.stage_deadline = NaiveDate::from_ymd_opt(2026, 3, 13);
    s.messages.page.items = vec![stage, late];
    let screen = render(&s);
    // Today is Monday 16 March: one working day left in the stage, four in all.
    assert!(screen.contains("1/4 дн."), "{screen}");
    assert!(screen.contains("⚠ этап −1"), "{screen}");
}

#[test]
fn keys_do_nothing_while_the_window_is_too_small() {
    let mut s = main_screen(Lang::Ru);
    s.focus = Pane::Messages;
    update(&mut s, Action::Resize(40, 12));
    let before = s.messages.page.list.selected;
    for c in [Command::Down, Command::Open, Command::Edit, Command::Help] {
        assert!(update(&mut s, Action::Command(c)).is_empty(), "{c:?}");
    }
    assert_eq!(s.messages.page.list.selected, before);
    assert!(s.detail.is_none() && s.layers.is_empty());
    // Quitting still works, and a larger window gives the keys back.
    update(&mut s, Action::Resize(100, 30));
    update(&mut s, Action::Command(Command::Down));
    assert_eq!(s.messages.page.list.selected, before + 1);
    update(&mut s, Action::Resize(40, 12));
    assert_eq!(
        update(&mut s, Action::Command(Command::Quit)),
        vec![Effect::Quit]
    );
}

#[test]
fn help_lists_every_action_of_the_keymap() {
    let mut s = main_screen(Lang::Ru);
    s.size = (120, 100);
    update(&mut s, Action::Command(Command::Help));
    let screen = render(&s);
    for (command, keys) in s.keymap.bindings() {
        let text = s.i18n.t(&format!("action-{}", command.name()));
        // The description as far as the popup's width shows it.
        let shown: String = text.chars().take(30).collect();
        assert!(
            screen.contains(&shown),
            "{command:?}: «{shown}» not in help"
        );
        let first = keys.first().map(|k| k.label()).unwrap_or_default();
        assert!(
            screen.contains(&first),
            "{command:?}: its key {first} not in help"
        );
    }
}

#[test]
fn a_click_on_a_tab_switches_to_it() {
    let mut s = main_screen(Lang::Ru);
    let l = view::layout(s.size, s.views.len());
    let screen = render(&s);
    let row: Vec<char> = screen
        .lines()
        .nth(usize::from(l.messages.y + 1))
        .unwrap()
        .chars()
        .collect();
    // Where «В работе» is drawn on the tab line.
    let label: Vec<char> = "В работе".chars().collect();
    let column = (0..row.len())
        .find(|&c| row[c..].starts_with(&label))
        .expect("the tab is drawn");
    let target = TABS
        .iter()
        .position(|t| *t == Some(MessageStatus::InWork))
        .unwrap();
    assert_ne!(s.messages.tab, target);
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: column as u16 + 1,
        row: l.messages.y + 1,
        modifiers: KeyModifiers::NONE,
    };
    let effects = update(&mut s, Action::Mouse(click));
    assert_eq!(s.messages.tab, target);
    assert!(
        effects.iter().any(|e| matches!(
            e,
            Effect::Call {
                call: Call::Messages { .. },
                ..
            }
        )),
        "{effects:?}"
    );
}

#[test]
fn help_scrolls_to_its_last_line_and_no_further() {
    let mut s = main_screen(Lang::Ru);
    update(&mut s, Action::Command(Command::Help));
    for _ in 0..200 {
        update(&mut s, Action::Command(Command::Down));
    }
    let end = s.help_mut().map(|scroll| *scroll);
    let screen = render(&s);
    // The last line, the mouse, is in sight, and one more step changes nothing.
    assert!(screen.contains("второй щелчок"), "{screen}");
    update(&mut s, Action::Command(Command::Down));
    assert_eq!(s.help_mut().map(|scroll| *scroll), end);
    assert!(
        end.is_some_and(|e| e > 0),
        "the help is longer than the screen"
    );
    update(&mut s, Action::Command(Command::Up));
    assert!(!render(&s).contains("второй щелчок"));
}

#[test]
fn a_cut_name_in_the_tree_keeps_its_distinguishing_end() {
    let name = "МБОУ «Средняя общеобразовательная школа № 5»";
    let cut = view::fit_middle(name, 20);
    assert_eq!(unicode_width::UnicodeWidthStr::width(cut.as_str()), 20);
    assert!(cut.ends_with("школа № 5»"), "{cut}");
    assert!(cut.starts_with("МБОУ"), "{cut}");
    assert!(cut.contains('…'), "{cut}");
    // What fits stays whole; a very narrow column cuts at the end.
    assert_eq!(view::fit_middle("МБОУ «СОШ № 5»", 20), "МБОУ «СОШ № 5»");
    assert_eq!(view::fit_middle(name, 5), view::fit(name, 5));
}

#[test]
fn a_queue_over_several_organisations_says_where_each_message_is() {
    let mut s = main_screen(Lang::Ru);
    assert!(s.messages.page.items.len() > 1);
    // One organisation: no column for it.
    assert!(!render(&s).contains("Организация"));
    let other = &mut s.messages.page.items[1];
    other.org = OrgId(4);
    other.org_name = "Гимназия № 2".into();
    let screen = render(&s);
    assert!(screen.contains("Организация"), "{screen}");
    assert!(screen.contains("Гимназия № 2 "), "{screen}");
    assert!(screen.contains("МБОУ «СОШ № 5»"), "{screen}");
}

#[test]
fn a_narrow_queue_keeps_status_and_executor_and_a_message_takes_the_whole_screen() {
    use crate::tui::view::messages::Columns;
    // The queue's list at 100 columns is 68 wide: status and executor stay,
    // the text is cut first.
    let at_100 = Columns::fitting(68, false);
    assert!(at_100.status && at_100.assignee, "{at_100:?}");
    assert!(!at_100.received && !at_100.category);
    // Over several organisations, where a message is comes first.
    let several = Columns::fitting(68, true);
    assert!(
        several.status && several.org && !several.assignee,
        "{several:?}"
    );
    let wide = Columns::fitting(140, true);
    assert!(wide.status && wide.org && wide.assignee && wide.category && wide.received);

    let mut s = main_screen(Lang::Ru);
    s.size = (100, 30);
    let screen = render(&s);
    assert!(
        screen.contains("Статус") && screen.contains("Исполнитель"),
        "{screen}"
    );
    // A text cut to its column ends with "…".
    s.size = (80, 24);
    let screen = render(&s);
    assert!(
        screen
            .lines()
            .any(|l| l.contains("Когда откро") && l.ends_with("…│")),
        "{screen}"
    );
    // At 80 columns an open message has the whole width.
    let (mut s, _) = open_in_work();
    s.size = (80, 24);
    let screen = render(&s);
    let first = screen.lines().next().unwrap_or("");
    assert!(first.starts_with("╭ Сообщение № 104233"), "{screen}");
    assert!(!screen.contains("Организации"), "{screen}");
    // Wider, the tree stays beside it.
    s.size = (120, 30);
    assert!(render(&s).contains("Организации"));
}

#[test]
fn enter_typed_ahead_of_a_search_opens_its_first_message_when_it_comes() {
    let mut s = main_screen(Lang::Ru);
    s.focus = Pane::Messages;
    update(&mut s, Action::Command(Command::Filter));
    type_in(&mut s, "яма");
    let effects = press(&mut s, KeyCode::Enter);
    let req = call_req(&effects, |c| matches!(c, Call::Messages { .. })).unwrap();
    // The second Enter comes before the list: nothing to open yet.
    assert!(update(&mut s, Action::Command(Command::Open)).is_empty());
    let found = row(
        104228,
        MessageStatus::New,
        "2026-03-19",
        "Яма на ул. Ленина у дома 5",
    );
    let effects = answer(
        &mut s,
        req,
        Answer::Messages {
            append: false,
            result: Ok(Page {
                items: vec![found],
                next: None,
            }),
        },
    );
    assert!(
        call_req(
            &effects,
            |c| matches!(c, Call::Message { id } if *id == MessageId(104228))
        )
        .is_some(),
        "{effects:?}"
    );
    assert_eq!(s.detail.as_ref().map(|d| d.id), Some(MessageId(104228)));
}
