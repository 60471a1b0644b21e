//! The change feed on screen: `update()` tables of what a batch of changes
//! refreshes, where the cursor stays, what is announced.

use super::*;
use crate::domain::change::{Change, Place};
use crate::tui::action::Live;

fn place(org: i64, path: &str, status: MessageStatus, assignee: Option<i64>) -> Place {
    Place {
        org: OrgId(org),
        path: OrgPath(path.into()),
        status,
        assignee: assignee.map(AccountId),
    }
}

fn changes(s: &mut State, changes: Vec<Change>) -> Vec<Effect> {
    update(
        s,
        Action::Live(Live::Changes {
            changes,
            reload: false,
        }),
    )
}

fn loads_messages(effects: &[Effect]) -> bool {
    effects.iter().any(|e| {
        matches!(
            e,
            Effect::Call {
                call: Call::Messages { append: false, .. },
                ..
            }
        )
    })
}

fn tree_loads(effects: &[Effect]) -> Vec<Option<OrgId>> {
    let mut parents: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Call {
                call: Call::Children { parent, .. },
                ..
            } => Some(*parent),
            _ => None,
        })
        .collect();
    parents.sort();
    parents
}

#[test]
fn signing_in_starts_following() {
    let mut s = state(Lang::Ru);
    let effects = update(&mut s, Action::SignedIn(Ok(coordinator())));
    assert!(effects.contains(&Effect::Follow), "{effects:?}");
}

#[test]
fn a_step_in_the_queue_reloads_it_with_the_cursor_and_marks_kept() {
    let mut s = main_screen(Lang::Ru);
    s.focus = Pane::Messages;
    update(&mut s, Action::Command(Command::Down));
    assert_eq!(s.messages.page.items[1].id, MessageId(104228));
    s.messages.marked = vec![MessageId(104101)];
    // Someone else assigned 104233, the first row: it leaves the New tab.
    let effects = changes(
        &mut s,
        vec![Change::Message {
            id: MessageId(104233),
            version: 2,
            now: place(3, "/1/2/3/", MessageStatus::InWork, Some(11)),
            was: Some(place(3, "/1/2/3/", MessageStatus::New, None)),
        }],
    );
    assert!(loads_messages(&effects), "{effects:?}");
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Call {
            call: Call::Counts { .. },
            ..
        }
    )));
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Call {
            call: Call::CountViews { .. },
            ..
        }
    )));
    assert_eq!(
        tree_loads(&effects),
        vec![Some(OrgId(2))],
        "the school's level"
    );
    // The queue comes back without it: the cursor is still on 104228.
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
                    items: vec![
                        row(104228, MessageStatus::New, "2026-03-19", "Яма"),
                        row(104101, MessageStatus::New, "2026-03-16", "Секция"),
                    ],
                    next: None,
                }),
            },
        },
    );
    let at = s.messages.page.list.selected;
    assert_eq!(s.messages.page.items[at].id, MessageId(104228));
    assert_eq!(s.messages.marked, vec![MessageId(104101)]);
    assert_eq!(s.notice, None, "nothing arrived");
}

#[test]
fn arrivals_in_the_current_queue_are_announced() {
    let mut s = main_screen(Lang::Ru);
    let received = |id: i64| Change::Message {
        id: MessageId(id),
        version: 1,
        now: place(3, "/1/2/3/", MessageStatus::New, None),
        was: None,
    };
    let effects = changes(&mut s, vec![received(200001), received(200002)]);
    assert!(loads_messages(&effects));
    assert_eq!(s.notice.as_deref(), Some("+2 новых сообщения"));
    // Redirected here from another school: it arrived too.
    s.notice = None;
    changes(
        &mut s,
        vec![Change::Message {
            id: MessageId(200003),
            version: 4,
            now: place(3, "/1/2/3/", MessageStatus::New, None),
            was: Some(place(4, "/1/2/4/", MessageStatus::RedirectRequested, None)),
        }],
    );
    assert_eq!(s.notice.as_deref(), Some("+1 новое сообщение"));
}

#[test]
fn elsewhere_only_the_figures_shown_are_read_again() {
    let mut s = main_screen(Lang::Ru);
    // The kindergarten beside the school: its row in the tree, no queue.
    let effects = changes(
        &mut s,
        vec![Change::Counts {
            orgs: vec![OrgId(4)],
        }],
    );
    assert!(!loads_messages(&effects), "{effects:?}");
    assert_eq!(tree_loads(&effects), vec![Some(OrgId(2))]);
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Call {
            call: Call::CountViews { .. },
            ..
        }
    )));
    // An organisation not on screen: nothing at all but the views' counts.
    let effects = changes(
        &mut s,
        vec![Change::Counts {
            orgs: vec![OrgId(99)],
        }],
    );
    assert!(tree_loads(&effects).is_empty() && !loads_messages(&effects));
    // A new organisation under the department: the department's level.
    let effects = changes(
        &mut s,
        vec![Change::Org {
            id: OrgId(50),
            path: OrgPath("/1/2/50/".into()),
        }],
    );
    assert_eq!(tree_loads(&effects), vec![Some(OrgId(2))]);
}

#[test]
fn accounts_of_the_selected_organisation_are_read_again() {
    let mut s = main_screen(Lang::Ru);
    let effects = changes(
        &mut s,
        vec![Change::Account {
            id: AccountId(40),
            org: OrgId(3),
            path: OrgPath("/1/2/3/".into()),
        }],
    );
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Call {
            call: Call::Accounts { append: false, .. },
            ..
        }
    )));
    let elsewhere = changes(
        &mut s,
        vec![Change::Account {
            id: AccountId(41),
            org: OrgId(4),
            path: OrgPath("/1/2/4/".into()),
        }],
    );
    assert!(elsewhere.is_empty(), "{elsewhere:?}");
}

#[test]
fn a_draft_overtaken_by_someone_else_is_told_at_once_and_kept() {
    let (mut s, m) = open_in_work();
    update(&mut s, Action::Command(Command::Edit));
    for c in "Ответ".chars() {
        update(
            &mut s,
            Action::Text(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
    // The coordinator gives it to executor 77.
    let effects = changes(
        &mut s,
        vec![Change::Message {
            id: m.id,
            version: m.version + 1,
            now: place(3, "/1/2/3/", MessageStatus::InWork, Some(77)),
            was: Some(place(3, "/1/2/3/", MessageStatus::InWork, Some(10))),
        }],
    );
    assert!(effects.contains(&Effect::JournalWrite {
        id: m.id,
        text: "Ответ".into()
    }));
    assert!(
        effects.iter().any(
            |e| matches!(e, Effect::Call { call: Call::Message { id, .. }, .. } if *id == m.id)
        )
    );
    let notice = s.notice.clone().unwrap_or_default();
    assert!(notice.contains("передано другому исполнителю"), "{notice}");
    assert_eq!(
        s.editor().map(|e| e.text()),
        Some("Ответ".into()),
        "the text stays"
    );
}

#[test]
fn ones_own_step_is_not_taken_for_someone_elses() {
    let (mut s, m) = open_in_work();
    // The step is under way: the feed may tell of it before its answer.
    s.acting = Some(999);
    let effects = changes(
        &mut s,
        vec![Change::Message {
            id: m.id,
            version: m.version + 1,
            now: place(3, "/1/2/3/", MessageStatus::OnApproval, Some(10)),
            was: Some(place(3, "/1/2/3/", MessageStatus::InWork, Some(10))),
        }],
    );
    assert!(
        !effects.iter().any(|e| matches!(
            e,
            Effect::Call {
                call: Call::Message { .. },
                ..
            }
        )),
        "{effects:?}"
    );
    assert_eq!(s.notice, None);
}

#[test]
fn a_broken_feed_is_shown_and_its_return_refreshes_everything() {
    let mut s = main_screen(Lang::Ru);
    update(&mut s, Action::Live(Live::Lost { retry_secs: 4 }));
    let screen = render(&s);
    assert!(
        screen.contains("нет связи для обновлений — повтор через 4 с"),
        "{screen}"
    );
    let effects = update(&mut s, Action::Live(Live::Connected));
    assert!(loads_messages(&effects));
    assert!(!tree_loads(&effects).is_empty());
    assert_eq!(s.feed_lost, None);
    let screen = render(&s);
    assert!(!screen.contains("нет связи"), "{screen}");
    // Too much passed: the same.
    let effects = update(
        &mut s,
        Action::Live(Live::Changes {
            changes: Vec::new(),
            reload: true,
        }),
    );
    assert!(loads_messages(&effects));
}
