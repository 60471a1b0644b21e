//! Where the cursor is: pages fetched near the end, the same row after a
//! reload (on the pages after, if need be), the top of another list.

use super::*;

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
