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

mod administration;
mod cursor;
mod editing;
mod live;
mod message;
mod navigation;
mod palette;
mod panels;
mod people;
mod polls;
mod queue;
mod related;
mod screens;

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
        intake: false,
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
    s.tz = chrono_tz::Europe::Moscow;
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

/// The request id of the first call in `effects` that `is` picks.
fn call_req(effects: &[Effect], is: impl Fn(&Call) -> bool) -> Option<u64> {
    effects.iter().find_map(|e| match e {
        Effect::Call { req, call } if is(call) => Some(*req),
        _ => None,
    })
}

/// The query of the first queue page asked for in `effects`.
fn queue_query(effects: &[Effect]) -> crate::service::MessageQuery {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Call {
                call: Call::Messages { query, .. },
                ..
            } => Some(query.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no queue page asked for: {effects:?}"))
}

/// Answers request `req`.
fn answer(s: &mut State, req: u64, answer: Answer) -> Vec<Effect> {
    update(s, Action::Answer { req, answer })
}

/// An empty page of the queue.
fn no_messages() -> Answer {
    Answer::Messages {
        append: false,
        result: Ok(Page {
            items: Vec::new(),
            next: None,
        }),
    }
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
            answer: Answer::Message {
                result,
                citizen: Vec::new(),
            },
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
        history_earlier: 0,
        links: Vec::new(),
        history: vec![HistoryEntry {
            id: 1,
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
                citizen: Vec::new(),
            },
        },
    );
    s
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
