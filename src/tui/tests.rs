//! Tests of the terminal client at its cheapest seams: `update()` tables
//! and screen snapshots on ratatui's `TestBackend`.

use crate::tui::state::LayerKind;
use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::action::{Action, Effect};
use super::call::{Answer, Call};
use super::keymap::{Command, Keymap};
use super::state::{Pane, Screen, State, TABS};
use super::theme::Theme;
use super::update::update;
use super::view;
use crate::domain::values::{Email, Phone};
use crate::domain::{
    Account, AccountId, AccountStatus, Actor, HistoryEntry, Message, MessageId, MessageKind,
    MessageRow, MessageSource, MessageStatus, OrgCounts, OrgId, OrgKind, OrgNode, OrgPath, Role,
    Roles,
};
use crate::i18n::{I18n, Lang};
use crate::service::{Page, ServiceError, StatusCounts};

mod live;
mod panels;
mod people;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 16).unwrap()
}

fn node(
    id: i64,
    parent: Option<i64>,
    name: &str,
    children: u64,
    new: u64,
    overdue: u64,
) -> OrgNode {
    OrgNode {
        id: OrgId(id),
        parent: parent.map(OrgId),
        short_name: name.into(),
        kind: OrgKind::School,
        child_count: children,
        counts: OrgCounts {
            new,
            in_work: 0,
            overdue,
        },
    }
}

fn coordinator() -> Actor {
    Actor {
        account: AccountId(10),
        name: "Петрова А. С.".into(),
        email: "petrova@school5.ru".into(),
        org: OrgId(3),
        org_path: OrgPath("/1/2/3/".into()),
        org_name: "МБОУ «СОШ № 5»".into(),
        roles: Roles::empty().with(Role::Coordinator).with(Role::Leader),
        trained: true,
    }
}

fn state(lang: Lang) -> State {
    let mut s = State::new(
        Arc::new(I18n::new(lang)),
        Arc::new(Keymap::defaults()),
        Arc::new(Theme::defaults()),
        today(),
        Screen::Main,
    );
    s.tz = chrono::FixedOffset::east_opt(3 * 3600).unwrap();
    s.location = "локальное хранилище /tmp/otklik.db".into();
    s.size = (110, 30);
    s
}

fn account(
    id: i64,
    surname: &str,
    first: &str,
    patronymic: &str,
    roles: &[Role],
    status: AccountStatus,
) -> Account {
    Account {
        id: AccountId(id),
        org: OrgId(3),
        surname: surname.into(),
        first_name: first.into(),
        patronymic: patronymic.into(),
        email: Email::parse(&format!("user{id}@school5.ru")).unwrap(),
        phone: Some(Phone::parse("9123456789").unwrap()),
        position: "учитель".into(),
        roles: roles.iter().copied().collect(),
        status,
        invited_at: None,
        invitations_sent: 1,
        confirmed_at: None,
        trained_at: None,
        mail: None,
    }
}

fn row(id: i64, status: MessageStatus, deadline: &str, text: &str) -> MessageRow {
    MessageRow {
        id: MessageId(id),
        org: OrgId(3),
        received_at: Utc.with_ymd_and_hms(2026, 3, 2, 6, 14, 0).unwrap(),
        category: "ЖКХ › Отопление".into(),
        status,
        deadline: NaiveDate::parse_from_str(deadline, "%Y-%m-%d").unwrap(),
        assignee: None,
        assignee_name: None,
        summary: text.into(),
        version: 1,
        stage_deadline: None,
        org_name: "МБОУ «СОШ № 5»".into(),
    }
}

/// Signs in and answers the start-up loads: the tree is open at the actor's school.
fn signed_in(lang: Lang) -> (State, Vec<Effect>) {
    let mut s = state(lang);
    let effects = update(&mut s, Action::SignedIn(Ok(coordinator())));
    assert_eq!(effects.len(), 3);
    assert_eq!(effects[2], Effect::Follow);
    let (
        Effect::Call {
            req: roots,
            call: Call::Children { parent: None },
        },
        Effect::Call {
            req: anc,
            call: Call::Ancestors { org },
        },
    ) = (effects[0].clone(), effects[1].clone())
    else {
        panic!("{effects:?}")
    };
    assert_eq!(org, OrgId(3));
    let tree = vec![
        node(1, None, "Платформа", 1, 0, 0),
        node(2, Some(1), "Управление образования", 2, 0, 0),
        node(3, Some(2), "МБОУ «СОШ № 5»", 0, 12, 1),
    ];
    let mut effects = update(
        &mut s,
        Action::Answer {
            req: roots,
            answer: Answer::Children {
                parent: None,
                result: Ok(vec![tree[0].clone()]),
            },
        },
    );
    assert!(effects.is_empty());
    effects = update(
        &mut s,
        Action::Answer {
            req: anc,
            answer: Answer::Ancestors {
                result: Ok(tree.clone()),
            },
        },
    );
    let loads: Vec<(u64, Option<OrgId>)> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Call {
                req,
                call: Call::Children { parent },
            } => Some((*req, *parent)),
            _ => None,
        })
        .collect();
    assert_eq!(
        loads.iter().map(|l| l.1).collect::<Vec<_>>(),
        vec![Some(OrgId(1)), Some(OrgId(2))]
    );
    update(
        &mut s,
        Action::Answer {
            req: loads[0].0,
            answer: Answer::Children {
                parent: Some(OrgId(1)),
                result: Ok(vec![tree[1].clone()]),
            },
        },
    );
    let school_b = node(4, Some(2), "МБДОУ «Детский сад № 12»", 0, 1, 0);
    let effects = update(
        &mut s,
        Action::Answer {
            req: loads[1].0,
            answer: Answer::Children {
                parent: Some(OrgId(2)),
                result: Ok(vec![tree[2].clone(), school_b]),
            },
        },
    );
    (s, effects)
}

fn answer_org_loads(s: &mut State, effects: Vec<Effect>) {
    for e in effects {
        match e {
            Effect::Call {
                req,
                call: Call::Accounts { .. },
            } => {
                let items = vec![
                    account(
                        10,
                        "Петрова",
                        "Анна",
                        "Сергеевна",
                        &[Role::Coordinator, Role::Leader],
                        AccountStatus::Confirmed,
                    ),
                    account(
                        11,
                        "Иванов",
                        "Иван",
                        "Иванович",
                        &[Role::Executor],
                        AccountStatus::New,
                    ),
                    account(
                        12,
                        "Сидоров",
                        "Пётр",
                        "",
                        &[Role::Admin],
                        AccountStatus::Archived,
                    ),
                ];
                update(
                    s,
                    Action::Answer {
                        req,
                        answer: Answer::Accounts {
                            append: false,
                            result: Ok(Page { items, next: None }),
                        },
                    },
                );
            }
            Effect::Call {
                req,
                call: Call::Messages { .. },
            } => {
                let items = vec![
                    row(
                        104233,
                        MessageStatus::New,
                        "2026-03-12",
                        "В подъезде нет отопления третий день",
                    ),
                    row(
                        104228,
                        MessageStatus::New,
                        "2026-03-19",
                        "Яма на ул. Ленина у дома 5",
                    ),
                    row(
                        104101,
                        MessageStatus::New,
                        "2026-03-16",
                        "Когда откроется запись в секцию?",
                    ),
                ];
                update(
                    s,
                    Action::Answer {
                        req,
                        answer: Answer::Messages {
                            append: false,
                            result: Ok(Page {
                                items,
                                next: Some("104101".into()),
                            }),
                        },
                    },
                );
            }
            Effect::Call {
                req,
                call: Call::Counts { .. },
            } => {
                let counts = StatusCounts {
                    by_status: vec![
                        (MessageStatus::New, 12),
                        (MessageStatus::InWork, 30),
                        (MessageStatus::OnApproval, 4),
                    ],
                    overdue: 1,
                };
                update(
                    s,
                    Action::Answer {
                        req,
                        answer: Answer::Counts { result: Ok(counts) },
                    },
                );
            }
            Effect::Call {
                req,
                call: Call::CountViews { queries },
            } => {
                // 3 unassigned, 4 on approval, 1 redirect…
                let counts = (0..queries.len()).map(|n| Some([3, 4, 1][n % 3])).collect();
                update(
                    s,
                    Action::Answer {
                        req,
                        answer: Answer::CountViews { counts },
                    },
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

fn main_screen(lang: Lang) -> State {
    let (mut s, effects) = signed_in(lang);
    answer_org_loads(&mut s, effects);
    s
}

fn render(s: &State) -> String {
    let mut terminal = Terminal::new(TestBackend::new(s.size.0, s.size.1)).unwrap();
    terminal.draw(|f| view::render(f, s)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for x in 0..buffer.area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

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
fn paging_fetches_the_next_page_near_the_end() {
    let mut s = main_screen(Lang::Ru);
    update(&mut s, Action::Command(Command::NextPane));
    update(&mut s, Action::Command(Command::NextPane));
    assert_eq!(s.focus, Pane::Messages);
    let effects = update(&mut s, Action::Command(Command::Down));
    let Some(Effect::Call {
        req,
        call: Call::Messages {
            query,
            append: true,
        },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(query.after.as_deref(), Some("104101"));
    // While it loads, moving does not ask again.
    assert!(update(&mut s, Action::Command(Command::Down)).is_empty());
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Messages {
                append: true,
                result: Ok(Page {
                    items: vec![row(100, MessageStatus::New, "2026-03-30", "ещё")],
                    next: None,
                }),
            },
        },
    );
    assert_eq!(s.messages.page.items.len(), 4);
    assert!(s.messages.page.next.is_none());
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

    s.focus = Pane::Messages;
    update(&mut s, Action::Command(Command::Filter));
    let effects = update(&mut s, key('я'));
    assert!(
        matches!(&effects[0], Effect::Call { call: Call::Messages { query, .. }, .. } if query.text.as_deref() == Some("я"))
    );
    update(
        &mut s,
        Action::Text(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert_eq!(s.messages.page.filter, "я");
    let effects = update(&mut s, Action::Command(Command::Back));
    assert!(
        matches!(&effects[0], Effect::Call { call: Call::Messages { query, .. }, .. } if query.text.is_none())
    );
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
    update(&mut s, Action::Command(Command::Quit));
    assert!(s.help().is_none() && !s.quit, "q closes help first");
    assert_eq!(
        update(&mut s, Action::Command(Command::Quit)),
        vec![Effect::Quit]
    );
    assert!(s.quit);
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

/// The main screen with the first message open, in work.
fn open_in_work() -> (State, Message) {
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
    m.status = MessageStatus::InWork;
    let result = Box::new(Ok(m.clone()));
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Message { result },
        },
    );
    (s, m)
}

fn message() -> Message {
    Message {
        id: MessageId(104233),
        org: OrgId(3),
        org_name: "МБОУ «СОШ № 5»".into(),
        category: None,
        category_name: "ЖКХ › Отопление".into(),
        kind: MessageKind::Message,
        source: MessageSource::Gosuslugi,
        citizen_name: "Смирнова Ольга Викторовна".into(),
        citizen_contact: "+7 912 000-11-22".into(),
        text: "В подъезде нет отопления третий день.\nПросим принять меры.".into(),
        address: Some("ул. Ленина, 5, кв. 12".into()),
        received_at: Utc.with_ymd_and_hms(2026, 3, 2, 6, 14, 0).unwrap(),
        deadline: NaiveDate::from_ymd_opt(2026, 3, 12).unwrap(),
        stage_deadline: None,
        status: MessageStatus::New,
        assignee: None,
        assignee_name: None,
        draft: None,
        answer: None,
        redirect_to: None,
        redirect_to_name: None,
        version: 1,
        history: vec![HistoryEntry {
            at: Utc.with_ymd_and_hms(2026, 3, 2, 6, 14, 0).unwrap(),
            actor: None,
            actor_name: String::new(),
            action: "received".into(),
            from_status: None,
            to_status: Some(MessageStatus::New),
            comment: None,
            subject: None,
        }],
    }
}

#[test]
fn snapshot_main_screen_ru() {
    insta::assert_snapshot!(render(&main_screen(Lang::Ru)));
}

#[test]
fn snapshot_main_screen_en() {
    insta::assert_snapshot!(render(&main_screen(Lang::En)));
}

#[test]
fn snapshot_main_screen_80x24() {
    let mut s = main_screen(Lang::Ru);
    update(&mut s, Action::Resize(80, 24));
    insta::assert_snapshot!(render(&s));
}

#[test]
fn snapshot_message_detail() {
    insta::assert_snapshot!(render(&open(message())));
}

/// Opens `m` on the main screen, as the coordinator-leader.
fn open(m: Message) -> State {
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
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Message {
                result: Box::new(Ok(m)),
            },
        },
    );
    s
}

#[test]
fn status_line_offers_only_the_steps_the_person_may_take() {
    let s = open(message());
    assert_eq!(
        crate::tui::acting::available_steps(&s),
        vec![Command::Assign, Command::Redirect, Command::CloseMessage]
    );
    // A message in someone else's work: neither editing nor submitting is offered.
    let mut draft = message();
    draft.status = MessageStatus::InWork;
    draft.assignee = Some(AccountId(99));
    let steps = crate::tui::acting::available_steps(&open(draft));
    assert!(!steps.contains(&Command::Edit), "{steps:?}");
    assert!(!steps.contains(&Command::Submit), "{steps:?}");
    // Without a message open, nothing is offered.
    assert!(crate::tui::acting::available_steps(&main_screen(Lang::Ru)).is_empty());
}

#[test]
fn snapshot_help() {
    let mut s = main_screen(Lang::En);
    update(&mut s, Action::Command(Command::Help));
    insta::assert_snapshot!(render(&s));
}

#[test]
fn snapshot_too_small() {
    let mut s = main_screen(Lang::Ru);
    update(&mut s, Action::Resize(60, 20));
    insta::assert_snapshot!(render(&s));
}

#[test]
fn snapshot_first_run() {
    let mut s = state(Lang::Ru);
    s.screen = Screen::FirstRun {
        path: "/home/user/.local/share/otklik/otklik.db".into(),
        selected: 0,
    };
    insta::assert_snapshot!(render(&s));
}

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
        Some(super::acting::Prompt::Confirm { .. })
    ));
    assert_eq!(
        s.notice.as_deref(),
        Some("Внимание: ответ — шаблон без изменений. Отправить всё равно?")
    );
}

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
fn snapshot_statistics() {
    let mut s = main_screen(Lang::Ru);
    let effects = update(&mut s, Action::Command(Command::Statistics));
    let Some(Effect::Call {
        req,
        call: Call::Statistics { org, subtree },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (org, subtree),
        (OrgId(3), false),
        "a coordinator sees their own organisation's figures"
    );
    let data = crate::service::Statistics {
        subtree: false,
        by_status: vec![
            (MessageStatus::New, 12),
            (MessageStatus::InWork, 30),
            (MessageStatus::OnApproval, 4),
            (MessageStatus::Answered, 180),
            (MessageStatus::Closed, 6),
        ],
        overdue: 9,
        answered: 180,
        answered_on_time: 171,
        by_category: vec![
            ("ЖКХ".into(), 90),
            ("Дороги".into(), 60),
            ("Образование".into(), 42),
        ],
    };
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Statistics { result: Ok(data) },
        },
    );
    let screen = render(&s);
    assert!(
        screen.contains("Отвечено в срок: 171 из 180 · 95%"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
    update(&mut s, Action::Command(Command::Back));
    assert!(s.stats.is_none());
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

fn otklik_choice(account: crate::domain::Account) -> crate::service::ExecutorChoice {
    crate::service::ExecutorChoice {
        account,
        responsible: false,
        load: 0,
    }
}

fn press(s: &mut State, code: KeyCode) -> Vec<Effect> {
    update(s, Action::Text(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn type_in(s: &mut State, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

#[test]
fn the_account_form_names_problems_at_the_field_and_keeps_what_was_typed() {
    use crate::tui::admin::{AdminCall, AdminReply, Overlay};
    let mut s = main_screen(Lang::Ru);
    s.focus = Pane::Accounts;
    let effects = update(&mut s, Action::Command(Command::New));
    let Some(Effect::Call {
        req: categories_req,
        call:
            Call::Admin {
                call: AdminCall::LoadCategories { org, account: None },
            },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(org, OrgId(3));
    update(
        &mut s,
        Action::Answer {
            req: categories_req,
            answer: Answer::Admin {
                result: Box::new(Ok(AdminReply::Categories {
                    all: vec![(crate::domain::CategoryId(1), "Образование".into())],
                    handled: Vec::new(),
                })),
            },
        },
    );
    type_in(&mut s, "Новикова");
    press(&mut s, KeyCode::Tab);
    // Nothing said about a field before it is typed into or left.
    assert!(!render(&s).contains("не заполнено"));
    press(&mut s, KeyCode::Tab);
    let screen = render(&s);
    assert!(screen.contains("⚠ не заполнено"), "{screen}");
    press(&mut s, KeyCode::Tab);
    type_in(&mut s, "petrova@school5.ru");
    press(&mut s, KeyCode::Tab);
    type_in(&mut s, "12");
    assert!(render(&s).contains("⚠ нужно цифр: 10, введено: 2"));
    // Enter with problems sends nothing and goes to the first of them.
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    let Some(Overlay::Form(form)) = s.admin() else {
        panic!("the form is open")
    };
    assert_eq!(
        form.fields[form.focus].field,
        crate::domain::Field::FirstName
    );
    type_in(&mut s, "Ольга");
    for _ in 0..3 {
        press(&mut s, KeyCode::Tab);
    }
    press(&mut s, KeyCode::Backspace);
    press(&mut s, KeyCode::Backspace);
    type_in(&mut s, "9123456700");
    press(&mut s, KeyCode::Tab);
    type_in(&mut s, "Учитель");
    press(&mut s, KeyCode::Tab);
    press(&mut s, KeyCode::Tab);
    press(&mut s, KeyCode::Tab);
    press(&mut s, KeyCode::Char(' ')); // executor
    for _ in 0..3 {
        press(&mut s, KeyCode::Tab);
    }
    press(&mut s, KeyCode::Char(' ')); // the one category
    let effects = press(&mut s, KeyCode::Enter);
    let Some(Effect::Call {
        req,
        call:
            Call::Admin {
                call:
                    AdminCall::SaveAccount {
                        draft, categories, ..
                    },
            },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(draft.first_name, "Ольга");
    assert!(draft.roles.has(Role::Executor));
    assert_eq!(categories, Some(vec![crate::domain::CategoryId(1)]));
    // The service refuses the address: said at that field, the rest kept.
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Admin {
                result: Box::new(Err(crate::service::ServiceError::Invalid(
                    crate::domain::Invalid::new(
                        crate::domain::Field::Email,
                        crate::domain::Problem::Taken { archived: true },
                    ),
                ))),
            },
        },
    );
    let screen = render(&s);
    assert!(screen.contains("восстановите её"), "{screen}");
    assert!(screen.contains("Новикова") && screen.contains("Ольга"));
}

#[test]
fn the_import_preview_imports_only_a_clean_file() {
    use crate::domain::onboarding::{
        Column, FormRow, ImportReport, RowOutcome, RowProblem, RowState,
    };
    use crate::tui::admin::{AdminCall, AdminReply};
    let mut s = main_screen(Lang::Ru);
    update(&mut s, Action::Command(Command::Import));
    type_in(&mut s, "staff.xlsx");
    let effects = press(&mut s, KeyCode::Enter);
    let Some(Effect::Call {
        req,
        call: Call::Admin {
            call: AdminCall::ReadAndCheck { path, .. },
        },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(path, "staff.xlsx");
    update(
        &mut s,
        Action::ImportProgress {
            req,
            done: 500,
            total: 1000,
        },
    );
    assert!(render(&s).contains("500 / 1000"), "a gauge while reading");
    let rows = vec![FormRow {
        line: 2,
        organisation: "Школа".into(),
        email: "a@b.ru".into(),
        role: "Завхоз".into(),
        ..Default::default()
    }];
    let wrong = ImportReport {
        rows: vec![RowOutcome {
            line: 2,
            state: RowState::Wrong,
        }],
        problems: vec![RowProblem {
            line: 2,
            column: Column::Role,
            value: "Завхоз".into(),
            problem: crate::domain::Problem::Unknown {
                value: "Завхоз".into(),
            },
        }],
        ..Default::default()
    };
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Admin {
                result: Box::new(Ok(AdminReply::Checked {
                    rows: rows.clone(),
                    report: wrong,
                })),
            },
        },
    );
    let screen = render(&s);
    assert!(
        screen.contains("ошибка") && screen.contains("«Завхоз»"),
        "{screen}"
    );
    assert!(
        press(&mut s, KeyCode::Enter).is_empty(),
        "nothing is imported while a row is wrong"
    );
    // Read again, clean this time: Enter imports exactly the rows shown.
    press(&mut s, KeyCode::Char('r'));
    let effects = press(&mut s, KeyCode::Enter);
    let Some(Effect::Call {
        req,
        call: Call::Admin { .. },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    let clean = ImportReport {
        rows: vec![RowOutcome {
            line: 2,
            state: RowState::Ready,
        }],
        ..Default::default()
    };
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Admin {
                result: Box::new(Ok(AdminReply::Checked {
                    rows: rows.clone(),
                    report: clean,
                })),
            },
        },
    );
    let effects = press(&mut s, KeyCode::Enter);
    assert!(
        matches!(effects.first(), Some(Effect::Call { call: Call::Admin { call: AdminCall::Import { rows: sent, .. }, .. }, .. }) if *sent == rows),
        "{effects:?}"
    );
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

#[test]
fn after_a_reload_the_cursor_stays_on_its_row() {
    let mut s = main_screen(Lang::Ru);
    // The third account, then the lists are loaded again (as after a resend).
    s.accounts.list.selected = 2;
    let chosen = s.accounts.items[2].id;
    s.messages.page.list.selected = 1;
    let message = s.messages.page.items[1].id;
    // This time the rows come back in another order: the chosen ones move
    // to a place that is neither the top nor where they were.
    let mut accounts = s.accounts.items.clone();
    accounts.rotate_left(1);
    let mut messages = s.messages.page.items.clone();
    messages.rotate_right(1);
    let effects = update(&mut s, Action::Command(Command::Refresh));
    for e in effects {
        match e {
            Effect::Call {
                req,
                call: Call::Accounts { .. },
            } => {
                update(
                    &mut s,
                    Action::Answer {
                        req,
                        answer: Answer::Accounts {
                            append: false,
                            result: Ok(Page {
                                items: accounts.clone(),
                                next: None,
                            }),
                        },
                    },
                );
            }
            Effect::Call {
                req,
                call: Call::Messages { .. },
            } => {
                update(
                    &mut s,
                    Action::Answer {
                        req,
                        answer: Answer::Messages {
                            append: false,
                            result: Ok(Page {
                                items: messages.clone(),
                                next: None,
                            }),
                        },
                    },
                );
            }
            _ => {}
        }
    }
    assert_eq!(s.accounts.list.selected, 1);
    assert_eq!(s.accounts.items[s.accounts.list.selected].id, chosen);
    assert_eq!(s.messages.page.list.selected, 2);
    assert_eq!(
        s.messages.page.items[s.messages.page.list.selected].id,
        message
    );
    // A row that is gone leaves the cursor where it was.
    s.accounts.list.selected = 1;
    let effects = update(&mut s, Action::Command(Command::Refresh));
    let req = effects
        .iter()
        .find_map(|e| match e {
            Effect::Call {
                req,
                call: Call::Accounts { .. },
            } => Some(*req),
            _ => None,
        })
        .unwrap();
    let fewer: Vec<_> = accounts
        .iter()
        .filter(|a| a.id != accounts[1].id)
        .cloned()
        .collect();
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Accounts {
                append: false,
                result: Ok(Page {
                    items: fewer,
                    next: None,
                }),
            },
        },
    );
    assert_eq!(s.accounts.list.selected, 1);
}

#[test]
fn a_row_further_down_is_found_on_the_pages_after() {
    let mut s = main_screen(Lang::Ru);
    s.accounts.list.selected = 2;
    let chosen = s.accounts.items[2].id;
    let all = s.accounts.items.clone();
    let effects = update(&mut s, Action::Command(Command::Refresh));
    let req = effects
        .iter()
        .find_map(|e| match e {
            Effect::Call {
                req,
                call: Call::Accounts { .. },
            } => Some(*req),
            _ => None,
        })
        .unwrap();
    // The first page holds two rows: the third is asked for next.
    let more = update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Accounts {
                append: false,
                result: Ok(Page {
                    items: all[..2].to_vec(),
                    next: Some("cursor".into()),
                }),
            },
        },
    );
    let [
        Effect::Call {
            req,
            call:
                Call::Accounts {
                    query,
                    append: true,
                    ..
                },
        },
    ] = more.as_slice()
    else {
        panic!("{more:?}")
    };
    assert_eq!(query.after.as_deref(), Some("cursor"));
    update(
        &mut s,
        Action::Answer {
            req: *req,
            answer: Answer::Accounts {
                append: true,
                result: Ok(Page {
                    items: all[2..].to_vec(),
                    next: None,
                }),
            },
        },
    );
    assert_eq!(s.accounts.items[s.accounts.list.selected].id, chosen);
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
fn another_list_starts_at_its_top() {
    let mut s = main_screen(Lang::Ru);
    s.focus = Pane::Messages;
    s.messages.page.list.selected = 1;
    let rows = s.messages.page.items.clone();
    // Another tab is another list, even when the same rows come back.
    let effects = update(&mut s, Action::Command(Command::NextTab));
    let req = effects
        .iter()
        .find_map(|e| match e {
            Effect::Call {
                req,
                call: Call::Messages { .. },
            } => Some(*req),
            _ => None,
        })
        .unwrap();
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Messages {
                append: false,
                result: Ok(Page {
                    items: rows,
                    next: None,
                }),
            },
        },
    );
    assert_eq!(s.messages.page.list.selected, 0);
}

#[test]
fn help_lists_every_action_of_the_keymap() {
    let mut s = main_screen(Lang::Ru);
    s.size = (120, 90);
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
fn copying_the_widget_code_says_what_was_copied_and_how_else_to_get_it() {
    use crate::tui::admin::{AdminCall, AdminReply};
    let mut s = main_screen(Lang::Ru);
    s.focus = Pane::Tree;
    update(&mut s, Action::Command(Command::Widget));
    // Nothing to copy before the code is made.
    assert!(press(&mut s, KeyCode::Char('y')).is_empty());
    let effects = press(&mut s, KeyCode::Enter);
    let Some(Effect::Call {
        req,
        call: Call::Admin {
            call: AdminCall::WidgetCode { .. },
        },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    let code = "<div id=\"pos-widget\"></div>\n<script src=\"w.js\"></script>\n<!-- pos -->";
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Admin {
                result: Box::new(Ok(AdminReply::Code(code.into()))),
            },
        },
    );
    let effects = press(&mut s, KeyCode::Char('y'));
    assert_eq!(effects, vec![Effect::CopyToClipboard(code.into())]);
    let screen = render(&s);
    let flat: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("3 строки"), "{screen}");
    assert!(flat.contains("МБОУ «СОШ № 5»"), "{screen}");
    assert!(flat.contains("сохраните код в файл"), "{screen}");
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
