//! Administration from the command line, in the exact forms scripts use,
//! on the embedded store and through a real server process.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use common::{Fixture, invitation_token};
use serde_json::Value;

fn otklik(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("otklik").expect("the otklik binary");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"));
    cmd
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The `.eml` files in `dir`, read.
fn mails(dir: &Path) -> Vec<String> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// How a command reaches the data: the store and `--as`, or the server and a token.
struct Target {
    home: PathBuf,
    base: Vec<String>,
    tokens: std::collections::HashMap<String, String>,
    server: bool,
    outbox: PathBuf,
}

impl Target {
    /// The fixture's embedded store, acting `--as` someone.
    fn embedded(f: &Fixture, home: &Path) -> Target {
        let store = f.sqlite().path().to_path_buf();
        Target {
            home: home.to_path_buf(),
            base: vec!["--store".into(), store.display().to_string()],
            tokens: Default::default(),
            server: false,
            outbox: store.parent().unwrap().join("outbox"),
        }
    }

    fn run(&self, who: Option<&str>, args: &[&str]) -> Output {
        let mut cmd = otklik(&self.home);
        cmd.args(&self.base);
        if let Some(who) = who {
            if self.server {
                cmd.args(["--token", &self.tokens[who]]);
            } else {
                cmd.args(["--as", who]);
            }
        }
        cmd.args(args).output().unwrap()
    }

    fn ok(&self, who: Option<&str>, args: &[&str]) -> String {
        let out = self.run(who, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    }

    fn refused(&self, who: Option<&str>, args: &[&str]) -> String {
        let out = self.run(who, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stdout(&out));
        stderr(&out)
    }
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn administration(t: &Target, f: &Fixture) {
    let admin = Some(f.who.a_admin.email.as_str());
    let org = f.org.school_a.0.to_string();
    let add = |email: &str, phone: &str| {
        vec![
            "accounts".to_string(),
            "add".into(),
            "--org".into(),
            org.clone(),
            "--surname".into(),
            "Новикова".into(),
            "--name".into(),
            "Ольга".into(),
            "--email".into(),
            email.into(),
            "--phone".into(),
            phone.into(),
            "--position".into(),
            "Учитель".into(),
            "--roles".into(),
            "executor,coordinator".into(),
        ]
    };
    // A bad phone, then an address that is taken: each named, nothing written.
    let e = t.refused(admin, &strs(&add("novikova@school5.ru", "8 12 34")));
    assert!(e.contains("Телефон"), "{e}");
    let e = t.refused(admin, &strs(&add("Petrova@School5.ru", "+7 912 000-11-22")));
    assert!(e.contains("Эл. почта") && e.contains("занят"), "{e}");
    let e = t.refused(
        admin,
        &strs(&add(&f.who.a_archived.email, "+7 912 000-11-22")),
    );
    assert!(e.contains("восстановите"), "{e}");
    assert!(mails(&t.outbox).is_empty());
    let mut args = add("novikova@school5.ru", "9120001122");
    args.push("--json".into());
    let saved: Value = serde_json::from_str(&t.ok(admin, &strs(&args))).unwrap();
    assert_eq!(saved["account"]["status"], "new");
    assert_eq!(saved["invitation"]["mail"], "sent");
    assert_eq!(saved["account"]["phone"], "+79120001122");
    let first = invitation_token(&mails(&t.outbox)[0]);

    // Resend: the first link stops working.
    t.ok(admin, &["accounts", "resend", "novikova@school5.ru"]);
    let second = mails(&t.outbox)
        .iter()
        .map(|m| invitation_token(m))
        .find(|tok| *tok != first)
        .unwrap();
    let e = t.refused(
        None,
        &["invite", "accept", &first, "--email", "novikova@school5.ru"],
    );
    assert!(e.contains("использована"), "{e}");
    let e = t.refused(
        None,
        &["invite", "accept", &second, "--email", "other@school5.ru"],
    );
    assert!(e.contains("другой адрес"), "{e}");
    let accepted: Value = serde_json::from_str(&t.ok(
        None,
        &[
            "invite",
            "accept",
            &second,
            "--email",
            "NOVIKOVA@school5.ru",
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(accepted["account"]["status"], "confirmed");
    assert!(accepted["token"].as_str().unwrap().starts_with("otk_"));

    // Edit: only what is given changes; categories by name.
    let edited: Value = serde_json::from_str(&t.ok(
        admin,
        &[
            "accounts",
            "edit",
            "novikova@school5.ru",
            "--position",
            "Завуч",
            "--categories",
            "Образование",
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(edited["account"]["position"], "Завуч");
    assert_eq!(edited["account"]["surname"], "Новикова");
    let e = t.refused(
        admin,
        &[
            "accounts",
            "edit",
            "novikova@school5.ru",
            "--categories",
            "Котики",
        ],
    );
    assert!(e.contains("Котики"), "{e}");
    let archived: Value = serde_json::from_str(&t.ok(
        admin,
        &["accounts", "archive", "novikova@school5.ru", "--json"],
    ))
    .unwrap();
    assert_eq!(archived["account"]["status"], "archived");
    t.ok(admin, &["accounts", "restore", "novikova@school5.ru"]);
    // An executor may not add accounts.
    let e = t.refused(
        Some(&f.who.a_e1.email),
        &strs(&add("x@school5.ru", "9120001123")),
    );
    assert!(e.contains("Недостаточно прав"), "{e}");

    // Organisations.
    let edu = f.org.edu.0.to_string();
    let edu_admin = Some(f.who.edu_admin.email.as_str());
    let e = t.refused(
        edu_admin,
        &[
            "orgs",
            "add",
            "--parent",
            &edu,
            "--name",
            "МБОУ «СОШ № 9»",
            "--inn",
            "7453012345",
        ],
    );
    assert!(e.contains("ИНН"), "{e}");
    let org: Value = serde_json::from_str(&t.ok(
        edu_admin,
        &[
            "orgs",
            "add",
            "--parent",
            &edu,
            "--name",
            "Муниципальное бюджетное общеобразовательное учреждение «СОШ № 9»",
            "--short-name",
            "МБОУ «СОШ № 9»",
            "--kind",
            "school",
            "--site",
            "https://школа9.рф/",
            "--json",
        ],
    ))
    .unwrap();
    let new_id = org["id"].as_i64().unwrap().to_string();
    let ready: Value =
        serde_json::from_str(&t.ok(edu_admin, &["orgs", "edit", &new_id, "--ready", "--json"]))
            .unwrap();
    assert_eq!(ready["ready"], true);
    let e = t.refused(
        edu_admin,
        &["orgs", "edit", &new_id, "--widget-site-approved"],
    );
    assert!(e.contains("Недостаточно прав"), "{e}");

    // Widget code into a file; its number is the organisation's.
    let code_file = t.home.join("widget.html");
    t.ok(
        admin,
        &[
            "widget",
            "code",
            &org_id(f),
            "--variant",
            "schools",
            "--out",
            &code_file.display().to_string(),
        ],
    );
    let code = std::fs::read_to_string(&code_file).unwrap();
    assert!(
        code.trim_end()
            .ends_with(&format!(", {})</script>", f.org.school_a))
    );

    // A name that a spreadsheet would run as a formula is kept as typed…
    let formula = r#"=HYPERLINK("http://evil.example/","Открыть")"#;
    t.ok(
        edu_admin,
        &[
            "orgs", "add", "--parent", &edu, "--name", formula, "--kind", "school",
        ],
    );
    // Readiness in every format.
    let curator = Some(f.who.city_curator.email.as_str());
    let table = t.ok(curator, &["report", "readiness"]);
    assert!(
        table.contains("МБОУ «СОШ № 9»") && table.contains("Итого"),
        "{table}"
    );
    assert!(table.contains(formula), "{table}");
    let csv = t.ok(curator, &["report", "readiness", "--format", "csv"]);
    assert!(
        csv.starts_with("\u{feff}Организация;Админ подтверждён"),
        "{csv}"
    );
    // …and comes out of a CSV file defused: text, not a live formula.
    let cells: Vec<&str> = csv.lines().flat_map(|l| l.split(';')).collect();
    assert!(cells.iter().any(|c| c.contains("'=HYPERLINK")), "{csv}");
    assert!(
        !cells
            .iter()
            .any(|c| c.trim_start_matches('"').starts_with(['=', '+', '-', '@'])),
        "{csv}"
    );
    let json: Value =
        serde_json::from_str(&t.ok(curator, &["report", "readiness", "--format", "json"])).unwrap();
    assert_eq!(json["root"], f.org.city.0);
    let xlsx = t.home.join("readiness.xlsx");
    let e = t.refused(curator, &["report", "readiness", "--format", "xlsx"]);
    assert!(e.contains("--out"), "{e}");
    t.ok(
        curator,
        &[
            "report",
            "readiness",
            "--format",
            "xlsx",
            "--out",
            &xlsx.display().to_string(),
        ],
    );
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");
    let e = t.refused(Some(&f.who.a_coordinator.email), &["report", "readiness"]);
    assert!(e.contains("Недостаточно прав"), "{e}");
}

fn org_id(f: &Fixture) -> String {
    f.org.school_a.0.to_string()
}

#[test]
fn administration_on_the_embedded_store() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let t = Target::embedded(&f, home.path());
    administration(&t, &f);
}

#[test]
fn administration_through_the_server() {
    let f = Fixture::build();
    let server = common::ServerProcess::start(f.sqlite().path());
    let home = tempfile::tempdir().unwrap();
    let tokens = f.tokens(&[
        &f.who.a_admin,
        &f.who.a_e1,
        &f.who.edu_admin,
        &f.who.city_curator,
        &f.who.a_coordinator,
    ]);
    let t = Target {
        home: home.path().to_path_buf(),
        base: vec!["--server".into(), server.url.clone()],
        tokens,
        server: true,
        outbox: f.sqlite().path().parent().unwrap().join("outbox"),
    };
    administration(&t, &f);
}

#[test]
fn widget_check_names_the_missing_part() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let sites = common::site::Sites::start();
    let config = home.path().join("otklik.toml");
    std::fs::write(&config, format!("site_proxy = \"{}\"\n", sites.proxy())).unwrap();
    let store = f.sqlite().path().display().to_string();
    let admin = f.who.a_admin.email.as_str();
    let org = f.org.school_a.0.to_string();
    let run = |args: &[&str]| {
        otklik(home.path())
            .args([
                "--config",
                &config.display().to_string(),
                "--store",
                &store,
                "--as",
                admin,
            ])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["orgs", "edit", &org, "--site", "http://school5.test"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let code = stdout(&run(&["widget", "code", &org]));
    sites.set("school5.test", &format!("<html><body>{code}</body></html>"));
    let out = run(&["widget", "check", &org]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(stdout(&out).matches('✓').count(), 3, "{}", stdout(&out));

    let other = code.replace(
        &format!(", {})", f.org.school_a),
        &format!(", {})", f.org.school_b),
    );
    sites.set("school5.test", &other);
    let out = run(&["widget", "check", &org]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("стоит номер {}", f.org.school_b))
            && text.contains("МБОУ «СОШ № 12»"),
        "{text}"
    );
    sites.set(
        "school5.test",
        &code.replace("js-show-iframe-wrapper", "wrapper"),
    );
    let out = run(&["widget", "check", &org, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let check: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(check["parts"][1][0], "container");
    assert_eq!(check["parts"][1][1]["state"], "missing");
}

#[test]
fn login_keeps_the_token_or_says_why_it_cannot() {
    let f = Fixture::build();
    let server = common::ServerProcess::start(f.sqlite().path());
    let home = tempfile::tempdir().unwrap();
    let token = f.service.issue_token(&f.who.a_coordinator.email).unwrap();
    let out = otklik(home.path())
        .args(["login", &server.url])
        .write_stdin(format!("{token}\n"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Вход выполнен: Петрова А. С."),
        "{}",
        stdout(&out)
    );
    let stored = stdout(&out).contains("Токен сохранён");
    // Later runs need no --server: the server is remembered.
    let later = otklik(home.path())
        .args(["accounts", "list"])
        .output()
        .unwrap();
    if stored {
        assert!(later.status.success(), "{}", stderr(&later));
    } else {
        // No keyring here: said at login, and the token is asked for again.
        assert!(
            stderr(&out).contains("Хранилище ключей недоступно"),
            "{}",
            stderr(&out)
        );
        assert_eq!(later.status.code(), Some(1));
        assert!(
            stderr(&later).contains("otklik login"),
            "{}",
            stderr(&later)
        );
    }
    // OTKLIK_TOKEN always works, over the keyring.
    let with_env = otklik(home.path())
        .env("OTKLIK_TOKEN", &token)
        .args(["accounts", "list", "--json"])
        .output()
        .unwrap();
    assert!(with_env.status.success(), "{}", stderr(&with_env));
    // A wrong token is refused at login and nothing is remembered.
    let other_home = tempfile::tempdir().unwrap();
    let bad = otklik(other_home.path())
        .args(["login", &server.url])
        .write_stdin("otk_wrong\n")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(!other_home.path().join("state/otklik/server").exists());

    let out = otklik(home.path()).args(["logout"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!home.path().join("state/otklik/server").exists());
    // Signed out: back to the embedded store (none here).
    let after = otklik(home.path())
        .args(["accounts", "list"])
        .output()
        .unwrap();
    assert_eq!(after.status.code(), Some(1));
    assert!(stderr(&after).contains("Хранилище"), "{}", stderr(&after));
}

/// With a desktop keyring (gnome-keyring over a private D-Bus session, as
/// `.ci/run` installs them), the token is kept there and found again.
#[test]
fn login_keeps_the_token_in_the_secret_service() {
    let f = Fixture::build();
    let server = common::ServerProcess::start(f.sqlite().path());
    let home = tempfile::tempdir().unwrap();
    let token = f.service.issue_token(&f.who.a_coordinator.email).unwrap();
    let script = r#"
        echo unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || exit 90
        echo "$TOKEN" | "$OTKLIK" login "$URL" || exit 91
        echo ---
        "$OTKLIK" accounts list --json || exit 92
        echo ---
        "$OTKLIK" logout || exit 93
        echo ---
        "$OTKLIK" accounts list --json 2>&1
        exit 0
    "#;
    let out = std::process::Command::new("dbus-run-session")
        .args(["--", "sh", "-c", script])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_RUNTIME_DIR", home.path())
        .env("OTKLIK", assert_cmd::cargo::cargo_bin("otklik"))
        .env("URL", &server.url)
        .env("TOKEN", &token)
        .output()
        .expect("dbus-run-session and gnome-keyring are installed (see .ci/run)");
    let text = stdout(&out);
    assert!(out.status.success(), "{text}\n{}", stderr(&out));
    let parts: Vec<&str> = text.split("---\n").collect();
    assert!(
        parts[0].contains("Токен сохранён в хранилище ключей (Secret Service)"),
        "{text}\n{}",
        stderr(&out)
    );
    let listed: Vec<Value> = serde_json::from_str(parts[1]).unwrap();
    assert!(
        listed
            .iter()
            .any(|a| a["email"] == f.who.a_coordinator.email.as_str())
    );
    assert!(parts[2].contains("токен для"), "{text}");
    // Signed out: the server is forgotten and no token is found.
    assert!(parts[3].contains("Хранилище"), "{text}");
}

#[test]
fn a_period_statistics_report_in_every_format() {
    let f = Fixture::build();
    f.answer_a1_and_a11();
    let home = tempfile::tempdir().unwrap();
    let t = Target::embedded(&f, home.path());
    let curator = Some(f.who.city_curator.email.as_str());
    let edu = f.org.edu.0.to_string();
    let args = |format: &str| {
        [
            "report",
            "statistics",
            "--org",
            edu.as_str(),
            "--subtree",
            "--from",
            "2026-02-01",
            "--to",
            "2026-03-13",
            "--format",
            format,
        ]
        .map(String::from)
        .to_vec()
    };
    let table = t.ok(curator, &strs(&args("table")));
    assert!(
        table.contains("Сообщения, поступившие с 01.02.2026 по 13.03.2026"),
        "{table}"
    );
    // The total line, counted by hand: 13 received, 2 answered, 1 on time,
    // 50 %, median 20 working days; overdue now (the binary's real today,
    // past every fixture deadline): the 10 still open.
    let total = table.lines().find(|l| l.starts_with("Итого")).unwrap();
    let cells: Vec<&str> = total.split_whitespace().collect();
    assert_eq!(cells[1..], ["13", "2", "1", "50", "10", "20"], "{table}");

    let csv = t.ok(curator, &strs(&args("csv")));
    assert!(
        csv.starts_with("\u{feff}Организация;Категория;Поступило;Отвечено;В срок"),
        "{csv}"
    );
    assert!(csv.contains("Итого;;13;2;1;50;10;20"), "{csv}");

    let json: Value = serde_json::from_str(&t.ok(curator, &strs(&args("json")))).unwrap();
    assert_eq!(json["total"]["received"], 13);
    assert_eq!(json["total"]["median_days"], 20.0);

    let xlsx = t.home.join("statistics.xlsx");
    let mut with_out = args("xlsx");
    with_out.extend(["--out".into(), xlsx.display().to_string()]);
    t.ok(curator, &strs(&with_out));
    // Read back by another program: the same figures, and the weekly chart.
    let script = r#"
import sys, zipfile, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
sheet = book["Статистика"]
rows = [[c.value for c in r] for r in sheet.iter_rows()]
assert rows[0][:3] == ["Организация", "Категория", "Поступило"], rows[0]
total = [r for r in rows if r[0] == "Итого"][0]
assert total[2:] == [13, 2, 1, 50, 10, 20], total
weeks = [[c.value for c in r] for r in book["По неделям"].iter_rows(min_row=2)]
assert weeks == [["09.02.2026", 1, 1, 100], ["27.04.2026", 1, 0, 0]], weeks
names = zipfile.ZipFile(sys.argv[1]).namelist()
assert any(n.startswith("xl/charts/chart") for n in names), names
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script, &xlsx.display().to_string()])
        .output()
        .expect("python3 with openpyxl (see .ci/run)");
    assert!(out.status.success(), "{}", stderr(&out));

    // A coordinator may not ask for the department's subtree.
    let e = t.refused(Some(&f.who.a_coordinator.email), &strs(&args("table")));
    assert!(e.contains("Недостаточно прав"), "{e}");
    // A period backwards is refused naming it.
    let mut backwards = args("table");
    backwards[6] = "2026-03-20".into();
    let e = t.refused(curator, &strs(&backwards));
    assert!(e.contains("Период"), "{e}");
}
