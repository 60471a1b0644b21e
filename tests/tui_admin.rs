//! Administration in a real terminal: an administrator adds an account
//! (bad phone and a taken address refused at the field), the invitation
//! reaches a loopback SMTP server, a resend makes the first link fail,
//! accepting confirms the account, the person confirms the training before
//! anything else, and readiness follows.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::tmux::Tmux;
use common::{Fixture, invitation_token};

/// The marks of the readiness row of `org` on the screen, one per check.
fn readiness_marks(screen: &str, org: &str) -> Vec<String> {
    let line = screen
        .lines()
        .find(|l| l.contains(org) && (l.contains('✓') || l.contains('✗')))
        .unwrap_or_else(|| panic!("no readiness row for {org}:\n{screen}"));
    line.split_whitespace()
        .filter(|w| matches!(*w, "✓" | "✗" | "·"))
        .map(str::to_string)
        .collect()
}

/// The position of the training check among the marks.
const TRAINED: usize = 2;

#[test]
fn an_account_from_the_form_to_its_first_sign_in() {
    let f = Fixture::build();
    let smtp = common::smtp::SmtpServer::start();
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("otklik.toml");
    std::fs::write(
        &config,
        format!(
            "public_url = \"https://otklik.test\"\n[mail]\nfrom = \"Отклик <noreply@otklik.test>\"\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {}\nsmtp_security = \"none\"\n",
            smtp.port
        ),
    )
    .unwrap();
    let store = f.sqlite().path().display().to_string();
    let config_arg = config.display().to_string();
    let admin = Tmux::start(
        &[
            "--config",
            &config_arg,
            "--store",
            &store,
            "--as",
            &f.who.a_admin.email,
        ],
        &[],
        home.path(),
        150,
        40,
    );
    admin.wait_for(&["Учётные записи", "Админов Кирилл Олегович"]);

    // Readiness before: everyone confirmed so far has done the training.
    admin.keys(&["P"]);
    let screen = admin.wait_for(&["Готовность · МБОУ «СОШ № 5»", "Обуч"]);
    // The legend explains the short column heads and the marks.
    assert!(
        screen.contains("Обуч — Обучение") && screen.contains("✗ нет"),
        "{screen}"
    );
    assert_eq!(
        readiness_marks(&screen, "МБОУ «СОШ № 5»")[TRAINED],
        "✓",
        "{screen}"
    );
    admin.keys(&["Escape"]);

    // The form: a bad phone is named as it is typed.
    admin.keys(&["Tab", "n"]);
    admin.wait_for(&["Новая учётная запись", "Фамилия"]);
    admin.type_text("Новикова");
    admin.keys(&["Tab"]);
    admin.type_text("Ольга");
    admin.keys(&["Tab", "Tab"]);
    admin.type_text("PETROVA@school5.ru");
    admin.keys(&["Tab"]);
    admin.type_text("8 12 34");
    admin.wait_for(&["⚠ нужно цифр: 10, введено: 5"]);
    admin.keys(&["Tab"]);
    admin.type_text("Учитель математики");
    admin.keys(&["Tab", "Tab", "Tab", "Space", "Enter"]);
    // Not sent: the phone is still wrong.
    admin.wait_for(&["⚠ нужно цифр: 10, введено: 5"]);
    assert!(smtp_count(&smtp) == 0);
    admin.keys(&["C-u"]);
    admin.type_text("912 345-67-00");
    admin.keys(&["Enter"]);
    // The address is taken: the service says so at the field.
    admin.wait_for(&["⚠ этот адрес уже занят другой учётной записью"]);
    admin.keys(&["C-u"]);
    admin.type_text("novikova@school5.ru");
    admin.keys(&["Enter"]);
    admin.wait_for(&[
        "Приглашение отправлено на novikova@school5.ru",
        "Новикова Ольга",
    ]);

    // The invitation reached the mail server, with its link.
    let mails = smtp.wait_for(1);
    assert_eq!(mails[0].to, vec!["novikova@school5.ru".to_string()]);
    let text = common::mail_text(&mails[0].data);
    assert!(text.contains("https://otklik.test/invite/inv_"), "{text}");
    let first = invitation_token(&mails[0].data);

    // Resend from the list: select the new account, I, confirm.
    admin.keys(&["/"]);
    admin.type_text("Новикова");
    admin.keys(&["Enter"]);
    admin.wait_for(&["фильтр: Новикова"]);
    admin.keys(&["I"]);
    admin.wait_for(&["Отправить приглашение ещё раз"]);
    admin.keys(&["y"]);
    let mails = smtp.wait_for(2);
    let second = invitation_token(&mails[1].data);
    assert_ne!(first, second);
    admin.wait_for(&["×2"]);

    // The first link fails; the second confirms the account.
    let accept = |token: &str| {
        assert_cmd::Command::cargo_bin("otklik")
            .unwrap()
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .args([
                "--store",
                &store,
                "invite",
                "accept",
                token,
                "--email",
                "novikova@school5.ru",
            ])
            .output()
            .unwrap()
    };
    let out = accept(&first);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("использована или заменена"));
    let out = accept(&second);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    admin.keys(&["r"]);
    admin.wait_for(&["Подтверждён", "принято"]);

    // Her card: every field, and both invitations, newest first.
    admin.keys(&["Enter"]);
    let screen = admin.wait_for(&[
        "Учётная запись: Новикова Ольга",
        "Учитель математики",
        "Письма (новые сверху)",
    ]);
    let sent = screen
        .lines()
        .filter(|l| l.contains("приглашение · отправлено · попыток: 1"))
        .count();
    assert_eq!(sent, 2, "{screen}");
    admin.keys(&["Escape"]);

    // Readiness now: a confirmed person without the training.
    admin.keys(&["P"]);
    let screen = admin.wait_for(&["Готовность · МБОУ «СОШ № 5»", "Обуч"]);
    assert_eq!(
        readiness_marks(&screen, "МБОУ «СОШ № 5»")[TRAINED],
        "✗",
        "{screen}"
    );
    admin.keys(&["Escape"]);

    // The person signs in: the training comes before anything else.
    let person_home = tempfile::tempdir().unwrap();
    let person = Tmux::start(
        &["--store", &store, "--as", "novikova@school5.ru"],
        &[],
        person_home.path(),
        120,
        32,
    );
    person.wait_for(&[
        "Обучение",
        "Мною пройдено обучение",
        "https://pos.gosuslugi.ru/docs/",
    ]);
    person.keys(&["Enter"]);
    person.wait_for(&["Организации", "Сообщения", "Новикова О."]);
    person.quit();

    // …and readiness follows.
    admin.keys(&["P"]);
    let screen = admin.wait_for(&["Готовность · МБОУ «СОШ № 5»", "Обуч"]);
    assert_eq!(
        readiness_marks(&screen, "МБОУ «СОШ № 5»")[TRAINED],
        "✓",
        "{screen}"
    );
    admin.keys(&["Escape"]);
    admin.quit();
}

fn smtp_count(smtp: &common::smtp::SmtpServer) -> usize {
    smtp.received_count()
}

/// The staff form through the import screen: a file with an error is shown
/// row by row and writes nothing; the fixed file lands.
#[test]
fn the_import_screen_previews_then_imports() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let store = f.sqlite().path().display().to_string();
    let header = "ФИО ответственного;Должность ответственного;Моб.телефон;E-mail;Роль в ПОС;Наименование организации;ОГРН\n";
    let ogrn = otklik::domain::values::Ogrn::for_organisation([1, 0, 2, 3, 9, 0, 1, 2, 3, 4, 5, 7]);
    let write = |name: &str, role: &str| {
        let path = home.path().join(name);
        std::fs::write(
            &path,
            format!(
                "{header}Лебедева Анна;Учитель;9123456781;lebedeva@school51.ru;Координатор;МБОУ «СОШ № 51»;{ogrn}\n\
                 Крылов Иван;Завуч;9123456782;krylov@school51.ru;{role};МБОУ «СОШ № 51»;{ogrn}\n"
            ),
        )
        .unwrap();
        path.display().to_string()
    };
    let bad = write("bad.csv", "Завхоз");
    let good = write("good.csv", "Руководитель");
    let t = Tmux::start(
        &["--store", &store, "--as", &f.who.edu_admin.email],
        &[],
        home.path(),
        140,
        36,
    );
    t.wait_for(&["Управление образования"]);
    t.keys(&["U"]);
    t.wait_for(&[
        "Загрузка формы сотрудников · Управление образования",
        "Файл:",
    ]);
    t.type_text(&bad);
    t.keys(&["Enter"]);
    let screen = t.wait_for(&[
        "с ошибками: 1",
        "ошибка",
        "Роль: неизвестное значение «Завхоз»",
    ]);
    assert!(screen.contains("krylov@school51.ru"), "{screen}");
    // All rows, not only the wrong one.
    t.keys(&["w"]);
    t.wait_for(&["новая", "lebedeva@school51.ru"]);
    // Nothing was written.
    let count = || -> i64 {
        f.sqlite()
            .reader()
            .query_row(
                "SELECT count(*) FROM accounts WHERE email LIKE '%school51.ru'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(count(), 0);
    // Another file: the fixed one.
    t.keys(&["r", "C-u"]);
    t.type_text(&good);
    t.keys(&["Enter"]);
    t.wait_for(&["Проверено строк: 2", "организаций создать: 1"]);
    t.keys(&["Enter"]);
    t.wait_for(&["Импортировано строк: 2", "приглашений отправлено 2"]);
    assert_eq!(count(), 2);
    t.keys(&["Enter", "l"]);
    t.wait_for(&["МБОУ «СОШ № 51»"]);
    t.quit();
}
