//! The onboarding form: importing it through the Service on both backends
//! (all or nothing, repeatable, people merged by e-mail, organisations
//! matched in the subtree), and through the command line with workbooks
//! made by another program (openpyxl), bad files, and the round trip
//! template → fill → import → export.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[macro_use]
mod common;

use std::path::Path;
use std::process::Output;

use common::{Fixture, Kind};
use otklik::domain::onboarding::{Column, FormRow, RowState};
use otklik::domain::values::{Inn, Ogrn};
use otklik::domain::{Problem, Role};
use otklik::service::ServiceError;
use serde_json::Value;

fn ogrn(last: u8) -> String {
    Ogrn::for_organisation([1, 0, 2, 3, 9, 0, 1, 2, 3, 4, 5, last]).to_string()
}

fn inn(last: u8) -> String {
    Inn::for_organisation([3, 9, 1, 2, 0, 1, 2, 3, last]).to_string()
}

/// A clean form: two new schools (one person on two rows), and one person
/// for school A, which the subtree already has (matched by its ОГРН).
fn clean_rows(f: &Fixture) -> Vec<FormRow> {
    let school_a_ogrn = Ogrn::for_organisation([1, 0, 2, 7, 4, 0, 0, 5, 1, 2, 3, 4]).to_string();
    let _ = f;
    let row = |line: u32,
               org: &str,
               o: String,
               i: String,
               fio: &str,
               email: &str,
               role: &str,
               cat: &str| FormRow {
        line,
        organisation: org.into(),
        ogrn: o,
        inn: i,
        site: String::new(),
        full_name: fio.into(),
        position: "Учитель".into(),
        phone: "9123456789".into(),
        email: email.into(),
        role: role.into(),
        category: cat.into(),
    };
    vec![
        row(
            2,
            "МБОУ «СОШ № 21»",
            ogrn(1),
            inn(1),
            "Серова Анна Ильинична",
            "serova@school21.ru",
            "Координатор",
            "Образование",
        ),
        row(
            3,
            "МБОУ «СОШ № 21»",
            ogrn(1),
            inn(1),
            "Серова Анна Ильинична",
            "serova@school21.ru",
            "Исполнитель",
            "Питание в школах",
        ),
        row(
            4,
            "МБОУ «СОШ № 22»",
            ogrn(2),
            inn(2),
            "Белов Игорь",
            "belov@school22.ru",
            "Руководитель",
            "",
        ),
        row(
            5,
            "МБОУ «СОШ № 5»",
            school_a_ogrn,
            String::new(),
            "Новикова Ольга Петровна",
            "novikova@school5.ru",
            "Исполнитель",
            "дороги",
        ),
    ]
}

contract!(
    a_clean_form_lands_whole_and_again_changes_nothing,
    |ctx| async move {
        let f = &ctx.f;
        let (svc, _) = ctx.service_as(&f.who.edu_admin.email).await;
        let rows = clean_rows(f);
        let dry = svc.import_onboarding(f.org.edu, &rows, true).await.unwrap();
        assert!(dry.problems.is_empty(), "{:?}", dry.problems);
        assert!(!dry.written);
        assert_eq!(
            dry.rows.iter().map(|r| r.state).collect::<Vec<_>>(),
            vec![
                RowState::Ready,
                RowState::Merged,
                RowState::Ready,
                RowState::Ready
            ]
        );
        assert_eq!((dry.orgs_created, dry.orgs_matched), (2, 1));
        assert_eq!(dry.accounts_created, 3);
        // The dry run wrote nothing.
        let children = svc.org_children(Some(f.org.edu)).await.unwrap();
        assert!(children.iter().all(|c| c.short_name != "МБОУ «СОШ № 21»"));

        let done = svc
            .import_onboarding(f.org.edu, &rows, false)
            .await
            .unwrap();
        assert!(done.written);
        assert_eq!(done.invitations_sent, 3);
        assert_eq!(ctx.outbox().len(), 3);
        let serova = svc.find_account("serova@school21.ru").await.unwrap();
        assert!(serova.roles.has(Role::Coordinator) && serova.roles.has(Role::Executor));
        let handled = svc.responsibilities(serova.org).await.unwrap();
        assert_eq!(
            handled.iter().map(|(_, c)| *c).collect::<Vec<_>>(),
            vec![f.cat.education, f.cat.food]
        );
        let novikova = svc.find_account("novikova@school5.ru").await.unwrap();
        assert_eq!(
            novikova.org, f.org.school_a,
            "matched by ОГРН in the subtree"
        );
        let school21 = svc.organisation(serova.org).await.unwrap();
        assert_eq!(school21.parent, Some(f.org.edu));
        assert_eq!(school21.ogrn.unwrap().to_string(), ogrn(1));

        // Again: everybody is there; nothing new, no more mail.
        let again = svc
            .import_onboarding(f.org.edu, &rows, false)
            .await
            .unwrap();
        assert!(again.problems.is_empty());
        assert_eq!((again.orgs_created, again.accounts_created), (0, 0));
        assert_eq!(again.accounts_merged, 3);
        assert_eq!(ctx.outbox().len(), 3);
        // Exporting the subtree gives the people back in the same columns.
        let exported = svc.export_onboarding(f.org.edu).await.unwrap();
        let serova_rows: Vec<&FormRow> = exported
            .iter()
            .filter(|r| r.email == "serova@school21.ru")
            .collect();
        assert_eq!(serova_rows.len(), 2);
        assert_eq!(serova_rows[0].role, "Координатор");
        assert_eq!(serova_rows[1].category, "Питание в школах");
    }
);

contract!(a_form_with_any_problem_writes_nothing, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.edu_admin.email).await;
    let mut rows = clean_rows(f);
    rows[0].inn = "3912012340".into(); // a bad check digit
    rows[2].role = "Директор".into();
    rows[3].email = f.who.b_coordinator.email.clone(); // school B's coordinator
    rows.push(FormRow {
        line: 7,
        email: "serova@school21.ru".into(),
        full_name: "Другая Мария".into(),
        ..rows[1].clone()
    });
    rows.push(FormRow {
        line: 6,
        ..Default::default()
    }); // blank: ignored
    let report = svc
        .import_onboarding(f.org.edu, &rows, false)
        .await
        .unwrap();
    assert!(!report.written);
    let found: Vec<(u32, Column)> = report.problems.iter().map(|p| (p.line, p.column)).collect();
    assert_eq!(
        found,
        vec![
            (2, Column::Inn),
            (4, Column::Role),
            (5, Column::Email),
            (7, Column::Email)
        ]
    );
    assert_eq!(report.problems[0].value, "3912012340");
    assert_eq!(report.problems[0].problem, Problem::BadChecksum);
    // Row 2 is wrong itself: the person is first known from row 3.
    assert_eq!(
        report.problems[3].problem,
        Problem::DuplicateInFile { line: 3 }
    );
    assert_eq!(
        report.problems[2].problem,
        Problem::Taken { archived: false }
    );
    assert!(
        report.rows.iter().all(|r| r.line != 6),
        "blank rows are skipped"
    );
    // Nothing at all was written: the valid rows neither.
    assert!(matches!(
        svc.find_account("belov@school22.ru").await,
        Err(ServiceError::NotFound { .. })
    ));
    assert!(ctx.outbox().is_empty());
    // Only administrators of the subtree import.
    let (school, _) = ctx.service_as(&f.who.a_admin.email).await;
    assert!(matches!(
        school
            .import_onboarding(f.org.edu, &clean_rows(f), true)
            .await,
        Err(ServiceError::Forbidden)
    ));
});

fn otklik(home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("otklik").unwrap();
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"));
    cmd
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs a Python script with openpyxl (another program making the workbook).
fn python(script: &str, args: &[&str]) {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 with openpyxl (see .ci/run)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A workbook as people fill it in another program: a title line above the
/// header, an extra column, numbers stored as numbers, blank rows, and the
/// problems of `bad` (when true).
const MAKE_WORKBOOK: &str = r#"
import sys, openpyxl
path, bad = sys.argv[1], sys.argv[2] == "bad"
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Лист1"
ws.append(["Форма «Сбор данных об организациях и сотрудниках»"])
ws.append(["№ п/п", "Наименование подведомственной организации", "ОГРН", "ИНН",
           "Адрес сайта организации", "ФИО ответственного", "Должность ответственного",
           "Моб.телефон (без 8, в 10-значном формате)", "Е-mail (уникальный для каждого сотрудника)",
           "Роль в ПОС* (выбрать из выпадающего списка)", "Примечание",
           "Название категории в ПОС (выбрать из закладки \"Классификатор\")"])
good_inn = 391201231  # 0391201231 stored as a number: the zero is lost
rows = [
  [1, "МБОУ «СОШ № 31»", 1023901234565, good_inn, "https://school31.ru", "Орлова Нина Сергеевна", "Учитель", 9123456701, "orlova@school31.ru", "Координатор", "", "Образование"],
  [2, "МБОУ «СОШ № 31»", 1023901234565, good_inn, "https://school31.ru", "Орлова Нина Сергеевна", "Учитель", "+7 912 345-67-01", "orlova@school31.ru", "Исполнитель", "вторая роль", ""],
  [None] * 12,
  [3, "МБОУ «СОШ № 31»", 1023901234565, good_inn, "https://school31.ru", "Клим Ян", "Завуч", "8 912 345 67 02", "klim@school31.ru", "Руководитель", "", ""],
]
if bad:
  rows[0][3] = 3912012340            # bad check digit
  rows[3][9] = "Директор"            # not a role
  rows.append([4, "МБОУ «СОШ № 31»", 1023901234565, good_inn, "", "Другой Человек", "Учитель", 9123456703, "orlova@school31.ru", "Исполнитель", "", ""])
for r in rows:
  ws.append(r)
ws.append([None] * 12)
wb.save(path)
"#;

#[test]
fn a_workbook_from_another_program_is_checked_then_lands() {
    let f = Fixture::build();
    let store = f.sqlite().path().display().to_string();
    workbook_is_checked_then_lands(&f, &["--store", &store]);
}

#[test]
fn a_workbook_lands_in_a_postgres_database_too() {
    let Some(db) = common::pg::TestDatabase::create() else {
        return;
    };
    let url = db.url.clone();
    let f = Fixture::build_in(Some(db));
    workbook_is_checked_then_lands(&f, &["--database", &url]);
}

/// The import of a workbook made by another program, through the command
/// line on the store `location` names (`--store PATH`, `--database URL`).
fn workbook_is_checked_then_lands(f: &Fixture, location: &[&str]) {
    let home = tempfile::tempdir().unwrap();
    let admin = f.who.edu_admin.email.clone();
    let edu = f.org.edu.0.to_string();
    let bad = home.path().join("bad.xlsx");
    python(MAKE_WORKBOOK, &[bad.to_str().unwrap(), "bad"]);
    let run = |args: &[&str]| {
        otklik(home.path())
            .current_dir(home.path())
            .args(location)
            .args(["--as", &admin])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[
        "import",
        bad.to_str().unwrap(),
        "--org",
        &edu,
        "--dry-run",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems: Vec<(i64, String)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["row"].as_i64().unwrap(),
                p["column"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Rows as the spreadsheet numbers them: title 1, header 2, data from 3.
    assert_eq!(
        problems,
        vec![
            (3, "ИНН".to_string()),
            (6, "Роль".to_string()),
            (7, "E-mail".to_string())
        ],
        "{report}"
    );
    assert_eq!(report["problems"][0]["value"], "3912012340");
    assert!(
        report["problems"][1]["reason"]
            .as_str()
            .unwrap()
            .contains("Директор")
    );
    // Without --dry-run: refused all the same, nothing written.
    let out = run(&["import", bad.to_str().unwrap(), "--org", &edu]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("Строка") && stdout(&out).contains("Ничего не записано"));
    assert!(
        stderr(&out).contains("ничего не записано"),
        "{}",
        stderr(&out)
    );
    let accounts = f.number("SELECT count(*) FROM accounts", &[]);

    let good = home.path().join("good.xlsx");
    python(MAKE_WORKBOOK, &[good.to_str().unwrap(), "good"]);
    let out = run(&["import", good.to_str().unwrap(), "--org", &edu, "--json"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["written"], true);
    assert_eq!(report["accounts_created"], 2);
    let after = f.number("SELECT count(*) FROM accounts", &[]);
    assert_eq!(after, accounts + 2);
    // The ИНН got its zero back, the phones their one form.
    let inn_kept = f.text(
        "SELECT o.inn FROM accounts a JOIN orgs o ON o.id = a.org_id WHERE a.email = 'klim@school31.ru'",
        &[],
    );
    let phone = f.text(
        "SELECT phone FROM accounts WHERE email = 'klim@school31.ru'",
        &[],
    );
    assert_eq!(
        (inn_kept.as_str(), phone.as_str()),
        ("0391201231", "+79123456702")
    );
    // Again: nothing changes.
    let out = run(&["import", good.to_str().unwrap(), "--org", &edu, "--json"]);
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            report["accounts_created"].as_i64(),
            report["orgs_created"].as_i64()
        ),
        (Some(0), Some(0))
    );
}

#[test]
fn files_that_are_not_the_form_are_refused_plainly() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let store = f.sqlite().path().display().to_string();
    let edu = f.org.edu.0.to_string();
    let dir = home.path();
    let cases: Vec<(std::path::PathBuf, &str)> = vec![
        {
            let p = dir.join("notes.txt.pdf");
            std::fs::write(&p, b"%PDF-1.4 not a table").unwrap();
            (p, "это не таблица")
        },
        {
            let p = dir.join("photo.xlsx");
            std::fs::write(&p, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
            (p, "не читается как таблица")
        },
        {
            let p = dir.join("empty.csv");
            std::fs::write(&p, b"").unwrap();
            (p, "файл пуст")
        },
        {
            let p = dir.join("other.csv");
            std::fs::write(&p, "Дата;Сумма\n01.01.2026;100\n").unwrap();
            (p, "не найдена строка заголовков")
        },
        {
            let p = dir.join("huge.csv");
            std::fs::File::create(&p)
                .unwrap()
                .set_len(100 * 1024 * 1024)
                .unwrap();
            (p, "100 МБ")
        },
    ];
    for (path, says) in cases {
        let out = otklik(home.path())
            .args(["--store", &store, "--as", &f.who.edu_admin.email])
            .args(["import", path.to_str().unwrap(), "--org", &edu])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", path.display());
        let e = stderr(&out);
        assert!(e.contains(says), "{}: {e}", path.display());
        assert!(!e.contains("panicked"), "{e}");
    }
}

/// Fills our empty form with openpyxl, as a department would.
const FILL_TEMPLATE: &str = r#"
import sys, openpyxl
template, out, school_ogrn = sys.argv[1], sys.argv[2], sys.argv[3]
wb = openpyxl.load_workbook(template)
ws = wb["Форма"]
assert ws.cell(1, 3).value == "ОГРН"
assert "Классификатор" in wb.sheetnames
rows = [
  [1, "МБОУ «СОШ № 41»", "1023901234565", "0391201231", "https://school41.ru/", "Гусева Ирина Павловна", "Учитель", "9123456711", "guseva@school41.ru", "Координатор", "Образование"],
  [2, "МБОУ «СОШ № 41»", "1023901234565", "0391201231", "https://school41.ru/", "Гусева Ирина Павловна", "Учитель", "9123456711", "guseva@school41.ru", "Исполнитель", "Питание в школах"],
  [3, "МБОУ «СОШ № 41»", "1023901234565", "0391201231", "https://school41.ru/", "Жуков Олег Ильич", "Директор", "9123456712", "zhukov@school41.ru", "Руководитель", ""],
]
for n, r in enumerate(rows):
  for c, v in enumerate(r):
    ws.cell(n + 2, c + 1).value = v
wb.save(out)
"#;

#[test]
fn template_fill_import_export_gives_the_same_rows() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let store = f.sqlite().path().display().to_string();
    let admin = f.who.edu_admin.email.clone();
    let run = |args: &[&str]| {
        let out = otklik(home.path())
            .args(["--store", &store, "--as", &admin])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        out
    };
    let template = home.path().join("form.xlsx");
    run(&[
        "template",
        "onboarding",
        "--out",
        template.to_str().unwrap(),
    ]);
    let filled = home.path().join("filled.xlsx");
    python(
        FILL_TEMPLATE,
        &[template.to_str().unwrap(), filled.to_str().unwrap(), ""],
    );
    let edu = f.org.edu.0.to_string();
    run(&["import", filled.to_str().unwrap(), "--org", &edu]);
    // Export the new school's subtree and read both files the same way.
    let school: i64 = f
        .sqlite()
        .reader()
        .query_row(
            "SELECT id FROM orgs WHERE name = 'МБОУ «СОШ № 41»'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    for ext in ["xlsx", "csv"] {
        let exported = home.path().join(format!("export.{ext}"));
        run(&[
            "export",
            "accounts",
            "--org",
            &school.to_string(),
            "--out",
            exported.to_str().unwrap(),
        ]);
        let read = |p: &Path| {
            let mut rows = otklik::sheets::read_form(p, &mut |_, _| {}).unwrap();
            for r in &mut rows {
                r.line = 0;
            }
            rows
        };
        assert_eq!(read(&exported), read(&filled), "{ext}");
    }
    let _ = Kind::Local;
}

contract!(
    a_row_naming_an_organisation_by_its_short_name_means_it,
    |ctx| async move {
        let f = &ctx.f;
        // The school's administrator imports into the school itself; the row
        // names it by its short name, with other quotes, and no ОГРН or ИНН.
        let (svc, _) = ctx.service_as(&f.who.a_admin.email).await;
        let rows = vec![FormRow {
            line: 2,
            organisation: "мбоу \"СОШ  № 5\"".into(),
            full_name: "Кротова Нина Павловна".into(),
            position: "Учитель".into(),
            phone: "9123456780".into(),
            email: "krotova@school5.ru".into(),
            role: "Исполнитель".into(),
            ..FormRow::default()
        }];
        let report = svc
            .import_onboarding(f.org.school_a, &rows, true)
            .await
            .unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!((report.orgs_created, report.orgs_matched), (0, 1));
    }
);

contract!(
    an_import_does_not_raise_the_importers_own_roles,
    |ctx| async move {
        let f = &ctx.f;
        let (svc, _) = ctx.service_as(&f.who.edu_admin.email).await;
        // The administrator of the department puts themselves in the form as a curator.
        let row = FormRow {
            line: 2,
            organisation: "Управление образования".into(),
            ogrn: String::new(),
            inn: String::new(),
            site: String::new(),
            full_name: "Отделов Семен Аркадьевич".into(),
            position: "Ведущий специалист".into(),
            phone: "9123456789".into(),
            email: f.who.edu_admin.email.clone(),
            role: "Куратор".into(),
            category: String::new(),
        };
        for dry_run in [true, false] {
            let report = svc
                .import_onboarding(f.org.edu, std::slice::from_ref(&row), dry_run)
                .await
                .unwrap();
            assert!(!report.written);
            assert_eq!(
                report
                    .problems
                    .iter()
                    .map(|p| (p.line, p.column, p.problem.clone()))
                    .collect::<Vec<_>>(),
                vec![(2, Column::Role, Problem::OwnRoles)],
                "{report:?}"
            );
        }
        let me = svc.find_account(&f.who.edu_admin.email).await.unwrap();
        assert!(!me.roles.has(Role::Curator));
    }
);
