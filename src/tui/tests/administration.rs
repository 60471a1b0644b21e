//! The administration overlays: the account form, the import preview, the
//! widget code.

use super::*;

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
fn enter_on_an_account_opens_its_card_with_what_the_columns_leave_out() {
    use crate::domain::mail::{MailKind, MailState, QueuedMail};
    use crate::tui::admin::{AdminCall, AdminReply};
    let mut s = main_screen(Lang::Ru);
    s.size = (80, 24);
    s.focus = Pane::Accounts;
    s.accounts.list.selected = 1;
    let effects = update(&mut s, Action::Command(Command::Open));
    let Some(Effect::Call {
        req,
        call: Call::Admin {
            call: AdminCall::Card { account, .. },
        },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(account, s.accounts.items[1].id);
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 7, 0, 0).unwrap();
    let mail = QueuedMail {
        id: 7,
        kind: MailKind::Invitation,
        to: crate::domain::mail::MailTo::Account(account),
        state: MailState::Waiting,
        attempts: 2,
        at,
        queued_at: at,
        error: Some("127.0.0.1:25: connection refused".into()),
    };
    answer(
        &mut s,
        req,
        Answer::Admin {
            result: Box::new(Ok(AdminReply::Card {
                mails: vec![mail],
                categories: vec!["ЖКХ".into(), "Дороги".into()],
            })),
        },
    );
    let screen = render(&s);
    for shown in [
        "Учётная запись: Иванов Иван Иванович",
        "Исполнитель",
        "ЖКХ, Дороги",
        "приглашение · ждёт отправки · попыток: 2",
        "connection refused",
    ] {
        assert!(screen.contains(shown), "{shown}: {screen}");
    }
    // The panel's keys: Esc closes it.
    press(&mut s, KeyCode::Esc);
    assert!(s.admin().is_none());

    // Refused: said in the card.
    let effects = update(&mut s, Action::Command(Command::Open));
    let req = call_req(&effects, |c| matches!(c, Call::Admin { .. })).unwrap();
    answer(
        &mut s,
        req,
        Answer::Admin {
            result: Box::new(Err(ServiceError::Forbidden)),
        },
    );
    assert!(render(&s).contains("Недостаточно прав"));
}
